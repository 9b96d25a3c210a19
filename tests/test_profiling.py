"""Per-rule evaluation times for `check --profile`: every rule once, slowest first."""

from __future__ import annotations

import datetime as dt

from conftest import EXAMPLES

from toelating.dossier import load_dossier
from toelating.profiling import (
    CONVERSION,
    PREPARATION,
    RuleTiming,
    profile_rules,
    render_profile,
)
from toelating.rulebook.load import Rulebook
from toelating.vocabulary import Outcome


def test_every_rule_is_timed_once_slowest_first(rulebook: Rulebook) -> None:
    dossier = load_dossier(EXAMPLES / "flexwerk-noord").dossier
    timings = profile_rules(dossier, rulebook, dt.date(2027, 5, 15), repeat=2)
    assert sorted(t.rule_id for t in timings) == sorted(
        [PREPARATION, CONVERSION, *(r.id for r in rulebook.rules)]
    )
    assert [t.seconds for t in timings] == sorted((t.seconds for t in timings), reverse=True)
    assert all(t.outcome is not None for t in timings if t.rule_id not in (PREPARATION, CONVERSION))


def test_the_table_shows_milliseconds_shares_and_a_total() -> None:
    timings = [
        RuleTiming("WML-01", 0.003, Outcome.PASS),
        RuleTiming(PREPARATION, 0.002),
        RuleTiming("VOG-01", 0.001, Outcome.FAIL),
    ]
    table = render_profile(timings).splitlines()
    assert table[0].split() == ["rule", "ms", "share", "outcome"]
    assert table[1].split() == ["WML-01", "3.000", "50.0%", "pass"]
    assert table[2].split() == [PREPARATION, "2.000", "33.3%"]
    assert table[-1].split() == ["total", "6.000", "100.0%"]
    assert len(render_profile(timings, limit=1).splitlines()) == 3
