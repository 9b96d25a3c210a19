"""SARIF and the horizon do work in proportion to the dossier and what they report, never to
days x findings or findings x dossiers: the work is counted here, never timed."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write
from report_samples import DAY, SAMPLE, sample_rulebook

import toelating.engine
import toelating.horizon
import toelating.reporters.sarif
import toelating.source
from toelating.dossier.load import load_dossier
from toelating.dossier.model import Dossier
from toelating.engine import check
from toelating.horizon import look_ahead
from toelating.report import DossierInfo, Report
from toelating.reporters import RenderOptions, reporter
from toelating.rulebook.load import Rulebook, load_rulebook
from toelating.source import Document, load_document
from toelating.vocabulary import Severity

UNTIL = dt.date(2028, 5, 15)

# A rule whose findings appear over time, one per worker: 18 months after the employment
# started (the sample's workers started between 2026-02 and 2027-01).
LATER = """\
id: TST-10
version: 1
theme: rental
severity: major
title:
  nl: Elke werknemer is korter dan 18 maanden in dienst
  en: Every worker has been employed for less than 18 months
message:
  nl: "Werknemer {worker_id} is sinds {start} in dienst."
  en: "Worker {worker_id} has been employed since {start}."
remediation: {nl: Herstel dit in het dossier., en: Put this right in the dossier.}
legal_basis:
  - {source: Testwet, article: art. 1 lid 2, sureness: confirmed}
each: {path: /workers/*, as: [worker]}
check: check_date < add_months(worker.employment.start, 18)
facts: {worker_id: worker.id, start: worker.employment.start}
examples:
  - {name: passes, as_of: 2027-05-15, expect: pass}
  - {name: fails, as_of: 2028-12-01, expect: fail}
"""


@pytest.fixture(scope="module")
def rulebook(tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    folder = tmp_path_factory.mktemp("rules")
    sample_rulebook(folder)
    write(folder / "TST-10.yaml", LATER)
    return load_rulebook(folder)


def dossier_with(copies: int, folder: Path) -> Dossier:
    """The sample dossier with its workers `copies` times over (the copies with new ids and
    the same dates; placements and accidents name the first)."""
    data: dict[str, Any] = copy.deepcopy(load_document(SAMPLE).data)
    workers = data["workers"]
    data["workers"] = [
        {**copy.deepcopy(worker), "id": f"{worker['id']}-{n}" if n else worker["id"]}
        for n in range(copies)
        for worker in workers
    ]
    path = folder / f"dossier-{copies}.json"
    path.write_text(json.dumps(data, default=float), encoding="utf-8")
    return load_dossier(path).dossier


class Counter:
    """Wraps a function and counts its calls."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.function(*args, **kwargs)


@pytest.fixture
def naming(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter]:
    """Counts every naming of a finding's item, by the engine and by the horizon."""
    counter = Counter(toelating.engine.item_name)
    monkeypatch.setattr(toelating.engine, "item_name", counter)
    if hasattr(toelating.horizon, "item_name"):
        monkeypatch.setattr(toelating.horizon, "item_name", counter)
    yield counter


def test_the_horizon_names_only_the_failures_it_reports(
    rulebook: Rulebook, tmp_path: Path, naming: Counter
) -> None:
    """Every day has the same failures as the one before and a few new: naming each of them
    every day would be days x findings; only the new ones become upcoming items."""
    dossier = dossier_with(1, tmp_path)
    first = check(dossier, rulebook, DAY, Severity.ADVISORY)
    naming.calls = 0
    found = look_ahead(dossier, rulebook, DAY, UNTIL, first=first)
    assert len(found) >= 8  # the rule's eight workers, besides those failing on the check date
    assert naming.calls == len(found)


def test_upcoming_items_are_named_as_the_check_names_them(
    rulebook: Rulebook, tmp_path: Path
) -> None:
    dossier = dossier_with(1, tmp_path)
    for upcoming in look_ahead(dossier, rulebook, DAY, UNTIL):
        result = next(
            r
            for r in check(dossier, rulebook, upcoming.date).results
            if r.rule_id == upcoming.rule_id
        )
        finding = next(f for f in result.findings if f.path == upcoming.path)
        assert (upcoming.item_nl, upcoming.item_en) == (finding.item_nl, finding.item_en)
        assert (upcoming.message_nl, upcoming.message_en) == (
            finding.message_nl,
            finding.message_en,
        )


def test_the_horizon_works_in_proportion_to_the_dossier(
    rulebook: Rulebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, naming: Counter
) -> None:
    """One, two and four times the workers: the upcoming items, the namings and the CEL
    evaluations grow by the same amount for each added set of workers."""
    from toelating.cel.environment import Scope

    evaluations = Counter(Scope.evaluate)
    monkeypatch.setattr(Scope, "evaluate", lambda scope, e: evaluations(scope, e))
    counts = []
    for copies in (1, 2, 4):
        dossier = dossier_with(copies, tmp_path)
        first = check(dossier, rulebook, DAY, Severity.ADVISORY)
        evaluations.calls = naming.calls = 0
        found = look_ahead(dossier, rulebook, DAY, UNTIL, first=first)
        counts.append((len(found), evaluations.calls, naming.calls))
    (found1, work1, named1), (found2, work2, named2), (found4, work4, named4) = counts
    assert found2 > found1  # each copy of the workers adds its own upcoming items
    assert found4 - found2 == 2 * (found2 - found1)  # (a rule coming into force adds one)
    assert (named1, named2, named4) == (found1, found2, found4)
    per_copy = work2 - work1  # what one more set of workers costs
    assert work4 - work2 <= 2 * per_copy + per_copy // 10  # linear (a margin for the batch passes)


def test_sarif_turns_each_dossier_path_into_a_uri_once(
    rulebook: Rulebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per finding it adds a location, not another parse of the dossier's path or file."""
    uris = Counter(toelating.reporters.sarif.artifact_uri)
    monkeypatch.setattr(toelating.reporters.sarif, "artifact_uri", uris)
    parses = Counter(toelating.source.yaml_positions)
    monkeypatch.setattr(toelating.source, "yaml_positions", parses)
    loaded = load_dossier(SAMPLE)
    reports = [
        Report.build(DossierInfo.of(loaded), check(loaded.dossier, rulebook, DAY), rulebook)
        for _ in range(3)
    ]
    findings = sum(len(r.findings) for report in reports for r in report.results)
    data = json.loads(reporter("sarif").render(reports, RenderOptions()))
    assert findings > 3 * 10 and data["runs"][0]["results"]
    assert uris.calls <= 2 * len(reports)  # the artifact, and the locations' base
    assert parses.calls == len(reports)  # line numbers: one parse per dossier file
    assert all(isinstance(r.dossier.source, Document) for r in reports)
