"""The closed vocabularies shared by rules, results and reports."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    BLOCKING = "blocking"
    MAJOR = "major"
    MINOR = "minor"
    ADVISORY = "advisory"

    @property
    def rank(self) -> int:
        """Higher is more serious."""
        return {"advisory": 0, "minor": 1, "major": 2, "blocking": 3}[self.value]


class Sureness(StrEnum):
    CONFIRMED = "confirmed"
    SECONDARY = "secondary"
    UNCONFIRMED = "unconfirmed"


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    MISSING_DATA = "missing_data"
    ERROR = "error"


class Verdict(StrEnum):
    COMPLIANT = "compliant"
    INCOMPLETE = "incomplete"
    NON_COMPLIANT = "non_compliant"
