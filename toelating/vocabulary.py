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
    """How sure we are of a fact (shared/spec/domain.md), surest first."""

    CONFIRMED = "confirmed"  # an official text or page says it
    PRIMARY_VIA_TRANSCRIPTION = "primary_via_transcription"  # the law's text, as transcribed
    SECONDARY = "secondary"  # trade or law-firm publications
    UNCONFIRMED = "unconfirmed"  # no source (or inferred): a rule on it is at most major


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    MISSING_DATA = "missing_data"
    ERROR = "error"


class Verdict(StrEnum):
    COMPLIANT = "compliant"
    INCOMPLETE = "incomplete"
    UNDETERMINED = "undetermined"  # a counted rule could not be evaluated: do not trust a pass
    NON_COMPLIANT = "non_compliant"
