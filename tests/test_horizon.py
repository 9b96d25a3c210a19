"""What fails next: each kind of upcoming failure is caught on the day it starts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import EXAMPLES, replaced, write

from toelating.dossier import load_dossier
from toelating.horizon import changes_ahead, horizon_end, look_ahead
from toelating.rulebook.load import Rulebook

D = dt.date


def upcoming(
    rulebook: Rulebook, path: Path, start: dt.date, end: dt.date
) -> dict[tuple[str, str], dt.date]:
    found = look_ahead(load_dossier(path).dossier, rulebook, start, end)
    assert [u.date for u in found] == sorted(u.date for u in found)
    return {(u.rule_id, u.path): u.date for u in found}


# flexwerk-noord's NAU status: it applied on 2027-05-12, inside the transitional window.
APPLIED_IN_THE_WINDOW = (
    "    status: applied               # registered for the transitional scheme on 2026-11-10\n"
    "    since: 2027-05-12             # the application, filed inside the window\n"
)


def patched(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the flexwerk-noord dossier with `old` (which must be there) replaced."""
    example = (EXAMPLES / "flexwerk-noord" / "dossier.yaml").read_text("utf-8")
    return replaced(write(tmp_path / "dossier.yaml", example), old, new)


def test_housing_inspection_passing_12_months_and_rule_coming_into_force(
    rulebook: Rulebook,
) -> None:
    found = upcoming(rulebook, EXAMPLES / "flexwerk-noord", D(2027, 5, 15), D(2028, 1, 31))
    assert found[("HOU-02", "/housing/locations/1")] == D(2027, 10, 23)  # inspected 2026-10-22
    assert ("NAU-02", "/agency/nau/status") not in found  # it applied inside the window


def test_a_registration_without_application_fails_when_enforcement_starts(
    rulebook: Rulebook, tmp_path: Path
) -> None:
    path = patched(
        tmp_path,
        APPLIED_IN_THE_WINDOW,
        "    status: registered_transitional\n    since: 2026-11-10\n",
    )
    found = upcoming(rulebook, path, D(2027, 5, 15), D(2028, 1, 31))
    assert found[("NAU-02", "/agency/nau/status")] == D(2028, 1, 1)


def test_vog_passing_3_months_when_the_application_date_is_the_check_date(
    rulebook: Rulebook, tmp_path: Path
) -> None:
    path = patched(tmp_path, "application_date: 2027-05-12\n", "")
    found = upcoming(rulebook, path, D(2027, 5, 15), D(2027, 8, 31))
    assert found[("VOG-02", "/vog/1")] == D(
        2027, 6, 2
    )  # issued 2027-03-01: 3 months end 2027-06-01


def test_full_deposit_falling_due_at_the_end_of_a_provisional_admission(
    rulebook: Rulebook, tmp_path: Path
) -> None:
    path = patched(tmp_path, "  starter: false\n", "  starter: true\n")
    path = replaced(path, "    - amount_eur: 40000.00\n      paid_on: 2027-05-02\n", "")
    path = replaced(
        path,
        APPLIED_IN_THE_WINDOW,
        "    status: provisional\n    since: 2027-06-01\n",
    )
    found = upcoming(rulebook, path, D(2027, 6, 1), D(2027, 12, 31))
    # EUR 60,000 covers the provisional admission; the full EUR 100,000 is due by its last
    # day, 2027-12-01 (6 months, art. 12i lid 2), so the failure starts the day after.
    assert found[("DEP-02", "/deposit")] == D(2027, 12, 2)


def test_parameter_changes_ahead(rulebook: Rulebook) -> None:
    changes = changes_ahead(rulebook, D(2025, 11, 1), D(2026, 8, 1))
    names = {(c.date, c.name) for c in changes}
    assert (D(2026, 1, 1), "akf_min_floor_area_per_person_m2") in names
    assert (D(2026, 7, 1), "minimum_hourly_wage_eur") in names


def test_akf_norm_rising_is_caught(rulebook: Rulebook, tmp_path: Path) -> None:
    path = patched(
        tmp_path, "      usable_floor_area_m2: 200\n", "      usable_floor_area_m2: 140\n"
    )
    found = upcoming(rulebook, path, D(2025, 12, 1), D(2026, 1, 31))
    assert found[("HOU-03", "/housing/locations/1")] == D(2026, 1, 1)  # 14 m2 each: 13 ok, 15 not


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("90d", D(2027, 8, 13)),
        ("2w", D(2027, 5, 29)),
        ("3m", D(2027, 8, 15)),
        ("1y", D(2028, 5, 15)),
        ("2027-12-31", D(2027, 12, 31)),
        # Dutch and written-out units, as people type them
        ("6mnd", D(2027, 11, 15)),
        ("6 maanden", D(2027, 11, 15)),
        ("1 jaar", D(2028, 5, 15)),
        ("2 weken", D(2027, 5, 29)),
        ("90 dagen", D(2027, 8, 13)),
        ("3 Months", D(2027, 8, 15)),
    ],
)
def test_horizon_spans(spec: str, expected: dt.date) -> None:
    assert horizon_end(D(2027, 5, 15), spec) == expected


@pytest.mark.parametrize("spec", ["0d", "5y", "2027-01-01", "soon", "6x", "6mndx", ""])
def test_bad_horizons(spec: str) -> None:
    with pytest.raises(ValueError) as raised:
        horizon_end(D(2027, 5, 15), spec)
    assert "isoformat" not in str(raised.value)  # a message for people, not Python's


def test_checking_only_date_dependent_rules_daily_finds_what_checking_everything_finds(
    rulebook: Rulebook,
) -> None:
    """The shortcut (rules that do not read the check date only on force changes) against
    the full rulebook checked on every day, for examples whose findings come and go."""
    from toelating.engine import check
    from toelating.vocabulary import Outcome, Severity

    start, until = dt.date(2027, 3, 1), dt.date(2028, 1, 15)
    appeared = 0
    for name in ("flexwerk-noord", "deposit-starter-second-half-unpaid", "vog-outdated"):
        dossier = load_dossier(EXAMPLES / name).dossier
        seen: dict[tuple[str, str], dt.date] = {}
        day = start
        while day <= until:
            for result in check(dossier, rulebook, day, Severity.ADVISORY).results:
                for finding in result.findings:
                    if finding.kind is Outcome.FAIL:
                        seen.setdefault((result.rule_id, finding.path), day)
            day += dt.timedelta(days=1)
        expected = sorted((d, k) for k, d in seen.items() if d > start)
        found = look_ahead(dossier, rulebook, start, until)
        assert sorted((u.date, (u.rule_id, u.path)) for u in found) == expected, name
        appeared += len(expected)
    assert appeared  # the span has findings that appear


def test_the_reference_engine_looks_ahead_as_the_fast_path(rulebook: Rulebook) -> None:
    """`--engine reference` reaches the horizon too, and finds what the fast path finds."""
    from toelating.cel.fast_scope import Engine

    dossier = load_dossier(EXAMPLES / "vog-outdated").dossier
    start, until = dt.date(2027, 3, 1), dt.date(2027, 9, 1)
    fast = look_ahead(dossier, rulebook, start, until)
    reference = look_ahead(dossier, rulebook, start, until, engine=Engine.REFERENCE)
    assert fast and reference == fast


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_one_preparation_on_many_days_is_a_fresh_check_on_each(
    rulebook: Rulebook, engine: str
) -> None:
    """What a Preparation shares across days (the view, id maps, param_on's remembered
    values) never carries one day's answer into another: days out of order, across the
    parameters' yearly and half-yearly changes, give each day's own check."""
    from toelating.cel.fast_scope import Engine
    from toelating.engine import Preparation, check
    from toelating.findings import CheckResult

    days = [D(2027, 7, 1), D(2026, 12, 31), D(2027, 1, 1), D(2027, 6, 30), D(2028, 1, 2)]
    for name in ("flexwerk-noord", "deposit-starter-second-half-unpaid"):
        dossier = load_dossier(EXAMPLES / name).dossier
        prepared = Preparation(dossier, rulebook, None, Engine(engine))
        for day in days:
            evaluation = prepared.on(day)
            results = tuple(evaluation.rule(compiled) for compiled in rulebook.rules)
            shared = CheckResult(day, evaluation.application_date, results)
            assert shared == check(dossier, rulebook, day, engine=Engine(engine)), (name, day)
