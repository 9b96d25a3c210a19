"""A dossier that contradicts itself is never believed on its kindest reading: whatever the
contradiction and its dates, a blocking DATA rule fails and the verdict is non_compliant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import RULES
from hypothesis import given
from hypothesis import strategies as st

from toelating.dossier.load import validate_dossier
from toelating.engine import check
from toelating.rulebook.examples import merge_patch
from toelating.rulebook.load import Rulebook
from toelating.source import Document, load_document
from toelating.vocabulary import Outcome, Verdict

CHECK_DATE = dt.date(2027, 5, 15)
BASE = load_document(RULES / "example-base.yaml").data
days = st.integers(1, 400).map(lambda n: dt.timedelta(days=n))


def _later(delta: dt.timedelta) -> str:
    return (CHECK_DATE + delta).isoformat()


def _reversed(start: dt.date, delta: dt.timedelta) -> tuple[str, str]:
    return start.isoformat(), (start - delta).isoformat()


@st.composite
def contradictions(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """(the DATA rule that must fail, a merge patch on the example base)."""
    delta = draw(days)
    start = dt.date(2026, 2, 1)
    begin, end = _reversed(start, delta)
    future = _later(delta)
    return draw(
        st.sampled_from(
            [
                ("DATA-01", {"housing": {"provided": False}}),
                (
                    "DATA-02",
                    {"housing": {"locations": [{"id": "LOC-1", "occupants": 0, "beds": 8}]}},
                ),
                (
                    "DATA-03",
                    {
                        "hirers": [
                            {
                                "name": "H B.V.",
                                "placements": [{"worker": "W-001", "start": begin, "end": end}],
                            }
                        ]
                    },
                ),
                (
                    "DATA-04",
                    {
                        "workers": [
                            {
                                "id": "W-001",
                                "languages": ["ro"],
                                "employment": {"start": begin, "end": end},
                            }
                        ]
                    },
                ),
                (
                    "DATA-05",
                    {
                        "workers": [
                            {
                                "id": "W-001",
                                "languages": ["ro"],
                                "payslips": [{"period_start": begin, "period_end": end}],
                            }
                        ]
                    },
                ),
                ("DATA-06", {"vog": [{"kind": "rp", "subject": "12345678", "issued_on": future}]}),
                ("DATA-06", {"agency": {"nau": {"status": "admitted", "since": future}}}),
                (
                    "DATA-06",
                    {
                        "deposit": {
                            "payee": "NAU",
                            "payments": [{"amount_eur": 100000, "paid_on": future}],
                        }
                    },
                ),
                (
                    "DATA-06",
                    {
                        "tax": {
                            "payment_behaviour_statement": {"issued_on": future, "arrears": False}
                        }
                    },
                ),
                ("DATA-06", {"inspection": {"date": future}}),
                (
                    "DATA-07",
                    {
                        "housing": {"locations": []},
                        "workers": [{"id": "W-001", "languages": ["ro"]}],
                    },
                ),
                (
                    "DATA-08",
                    {"housing": {"locations": [{"id": "LOC-1", "scheme": "akf", "bedrooms": []}]}},
                ),
                ("DATA-09", {"directors": []}),
            ]
        )
    )


@given(contradictions())
def test_a_contradiction_is_a_blocking_failure(
    rulebook: Rulebook, case: tuple[str, dict[str, Any]]
) -> None:
    rule_id, patch = case
    dossier = validate_dossier(Document(file="contradiction", data=merge_patch(BASE, patch)))
    result = check(dossier, rulebook, CHECK_DATE)
    outcome = {r.rule_id: r.outcome for r in result.results}[rule_id]
    assert outcome is Outcome.FAIL, (rule_id, patch)
    assert result.verdict is Verdict.NON_COMPLIANT
