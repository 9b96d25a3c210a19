"""Reports for the output-format tests: a small fixed rulebook that gives every outcome.

The rulebook has its own manifest and the dossier is a fixed copy (tests/data/report-sample),
so golden files do not change when the shipped rules, themes or examples do. Findings of
TST-01 and TST-02 carry every director's and worker's name, for the PDF's character test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

from conftest import GOLDEN, ROOT, make_rulebook_folder

from toelating.dossier.load import load_dossier
from toelating.engine import check
from toelating.horizon import ChangeAhead, Upcoming
from toelating.report import DossierInfo, Issue, Issuer, Report
from toelating.rulebook.load import Rulebook, load_rulebook
from toelating.vocabulary import Severity
from toelating.waivers import Waiver, WaiverFile, apply_waivers

DAY = dt.date(2027, 5, 15)
SAMPLE = ROOT / "tests" / "data" / "report-sample" / "dossier.yaml"
SHOWN_PATH = "tests/data/report-sample/dossier.yaml"
NAMES = [
    "Łukasz Wójcik",
    "Ioana Bălănescu-Țăranu",
    "Pieter de Vries",  # directors
    "Ana Popescu",
    "Małgorzata Wiśniewska",
    "Grzegorz Żółkiewski",
    "Ștefan Țurcanu",
    "Георги Димитров",
    "Йорданка Петрова",
    "Tomáš Dvořák",
    "Erzsébet Kőszegi-Szűcs",
]

MANIFEST = """\
rulebook_version: "2099.01"
example_base: example-base.yaml
themes:
  - {id: scope, title: {nl: Toepassingsbereik, en: Scope}}
  - {id: registration, title: {nl: Registratie, en: Registration}}
  - {id: vog, title: {nl: Verklaring Omtrent het Gedrag (VOG), en: Certificate of conduct (VOG)}}
  - {id: deposit, title: {nl: Waarborgsom, en: Deposit}}
  - {id: fines, title: {nl: Boetes en belastingen, en: Fines and taxes}}
  - {id: inspection, title: {nl: Inspectie, en: Inspection}}
  - {id: housing, title: {nl: Huisvesting, en: Housing}}
  - {id: rental, title: {nl: Huurovereenkomsten, en: Rental agreements}}
"""

_TAIL = """\
remediation: {nl: Herstel dit in het dossier., en: Put this right in the dossier.}
legal_basis:
  - {source: Testwet, article: art. 1 lid 2, reference: "Stb. 2099, 1", sureness: confirmed}
  - {source: Testbesluit, article: art. 3, sureness: secondary}
examples:
  - {name: passes, as_of: 2027-05-15, expect: pass}
  - {name: fails, as_of: 2027-05-15, expect: fail, patch: {agency: {name: FAIL}}}
"""

RULES = {
    # fail, one finding per director, with the director's name
    "TST-01": """\
id: TST-01
version: 1
theme: vog
severity: blocking
title: {nl: Elke bestuurder is gecontroleerd, en: Every director has been checked}
message:
  nl: "Bestuurder {name} (sinds {since}) is niet gecontroleerd."
  en: "Director {name} (since {since}) has not been checked."
each: {path: /directors/*, as: [director]}
check: "false"
facts: {name: director.name, since: director.since}
""",
    # fail, one finding per worker, with the worker's name
    "TST-02": """\
id: TST-02
version: 2
theme: rental
severity: major
title: {nl: Elke werknemer heeft een getekende verklaring, en: Every worker has a signed statement}
message:
  nl: "Werknemer {worker_id} ({name}) heeft geen getekende verklaring."
  en: "Worker {worker_id} ({name}) has no signed statement."
each: {path: /workers/*, as: [worker]}
check: "false"
facts: {worker_id: worker.id, name: worker.name}
""",
    # fail below the --fail-on threshold: does not count toward the verdict
    "TST-03": """\
id: TST-03
version: 1
theme: housing
severity: minor
title: {nl: De uitlener heeft hoogstens twee locaties, en: The agency has at most two locations}
message:
  nl: "{agency} heeft {count} locaties."
  en: "{agency} has {count} locations."
check: dossier.housing.locations.size() <= 2
facts: {agency: dossier.agency.name, count: dossier.housing.locations.size()}
finding_path: /housing/locations
""",
    # missing data: W-006 is not housed
    "TST-04": """\
id: TST-04
version: 1
theme: deposit
severity: major
title: {nl: Elke werknemer heeft een woonlocatie, en: Every worker has a housing location}
message: {nl: "Geen locatie.", en: "No location."}
each: {path: /workers/*, as: [worker]}
check: worker.housing.location != ""
""",
    # not applicable: the precondition does not hold
    "TST-05": """\
id: TST-05
version: 1
theme: fines
severity: advisory
title: {nl: Alleen voor starters, en: Only for starters}
message: {nl: "Faalt.", en: "Fails."}
applies_when: dossier.agency.starter
check: "false"
""",
    # error: the check cannot be evaluated
    "TST-06": """\
id: TST-06
version: 1
theme: inspection
severity: major
title: {nl: Een regel met een fout, en: A rule with a fault}
message: {nl: "Faalt.", en: "Fails."}
check: dossier.agency.name.size() / 0 > 0
""",
    # pass
    "TST-07": """\
id: TST-07
version: 1
theme: registration
severity: blocking
title: {nl: De uitlener heeft een naam, en: The agency has a name}
message: {nl: "Geen naam.", en: "No name."}
check: dossier.agency.name != ""
""",
    # not in force yet: not applicable with a reason
    "TST-08": """\
id: TST-08
version: 1
theme: scope
severity: advisory
title: {nl: Een regel die in 2028 ingaat, en: A rule that starts in 2028}
message: {nl: "Faalt.", en: "Fails."}
effective_from: 2028-01-01
check: "false"
""",
}


def sample_rulebook(folder: Path) -> Rulebook:
    make_rulebook_folder(folder, {rule_id: text + _TAIL for rule_id, text in RULES.items()})
    (folder / "rulebook.yaml").write_text(MANIFEST, encoding="utf-8")
    return load_rulebook(folder)


WAIVERS = """\
waivers:
  - {rule: TST-03, kvk_number: "12345678", justification: Third location closes in June.,
     approved_by: J. de Certificeerder, expires_on: 2027-12-31}
  - {rule: TST-02, kvk_number: "12345678", path: /workers/0, justification: Statement is on file.,
     approved_by: J. de Certificeerder, expires_on: 2027-06-30}
  - {rule: TST-07, kvk_number: "12345678", justification: Nothing to waive here.,
     approved_by: J. de Certificeerder, expires_on: 2027-12-31}
"""
EVIDENCE_STATUS = {"EV-VOG-2027": "ok", "EV-INSPECTIE": "missing"}
EVIDENCE_SHA256 = {"EV-VOG-2027": hashlib.sha256(b"VOG").hexdigest(), "EV-INSPECTIE": None}
ISSUE = Issue(Issuer("Ingrid de Jong", "Keurmerk Toetsing B.V."))


def sample_report(
    rulebook: Rulebook,
    dossier: Path = SAMPLE,
    shown: str = SHOWN_PATH,
    fail_on: Severity = Severity.MAJOR,
) -> Report:
    """The sample dossier's report with waivers, evidence status and a horizon, as the CLI makes it.

    Its path and tool version are fixed, so output does not depend on the checkout or release.
    """
    loaded = load_dossier(dossier)
    result = check(loaded.dossier, rulebook, DAY, fail_on)
    result, notices = apply_waivers(result, loaded.dossier.agency.kvk_number, _waivers())
    info = DossierInfo.of(
        loaded, Path(shown), evidence_status=EVIDENCE_STATUS, evidence_sha256=EVIDENCE_SHA256
    )
    report = Report.build(info, result, rulebook, ISSUE)
    upcoming = Upcoming(
        dt.date(2027, 6, 16),
        "TST-07",
        Severity.BLOCKING,
        "Titel",
        "Title",
        "/agency/name",
        "Gaat falen.",
        "Starts failing.",
    )
    change = ChangeAhead(dt.date(2027, 7, 1), "rule", "TST-09", "Nieuwe regel.", "New rule.")
    return replace(
        report,
        tool_version="0.0.0",
        waiver_notices=notices,
        horizon_end=dt.date(2027, 11, 15),
        upcoming=(upcoming,),
        changes_ahead=(change,),
    ).identified()


def _waivers() -> tuple[Waiver, ...]:
    from ruamel.yaml import YAML

    return tuple(WaiverFile.model_validate(YAML(typ="safe").load(WAIVERS)).waivers)


def json_copy(source: Path, folder: Path) -> Path:
    """The same dossier as JSON, which has no line numbers."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(source.read_text("utf-8"))
    target = folder / "dossier.json"
    target.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
    return target


def compare_golden(name: str, data: bytes) -> None:
    """data equals tests/golden/NAME; TOELATING_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("TOELATING_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {name}; set TOELATING_UPDATE_GOLDEN=1"
    assert data.decode("utf-8") == path.read_text("utf-8")
