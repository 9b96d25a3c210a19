"""Reports that cannot be spoofed by the dossier: control, bidirectional and invisible
characters in any value (names, ids, addresses, evidence files, messages) reach no output
format as themselves, JUnit stays XML and SARIF and JSON stay JSON, and the verdict line is
the report's own.

The oracle is Python's Unicode database, not the reporters' own table."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, Cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from report_samples import DAY, SAMPLE, sample_report, sample_rulebook

from toelating.dossier.load import load_dossier
from toelating.engine import check
from toelating.findings import CheckResult
from toelating.horizon import ChangeAhead, Upcoming
from toelating.report import DossierInfo, Report
from toelating.reporters import RenderOptions, format_names, reporter
from toelating.reporters.labels import verdict_label
from toelating.rulebook.load import Rulebook
from toelating.source import load_document
from toelating.text import Language
from toelating.vocabulary import Severity

_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}
STYLE = re.compile(r"\x1b\[[0-9;]*m")  # the text reporter's own colours


def unsafe_by_unicode(character: str) -> bool:
    """A control, format (bidi, zero-width, tag), separator or surrogate code point, or a
    noncharacter (which XML 1.0 forbids)."""
    code = ord(character)
    return (
        unicodedata.category(character) in _UNSAFE_CATEGORIES
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
        or 0x13439 <= code <= 0x1343F  # format controls of Unicode 15, newer than Python 3.11's
    )


def raw_unsafe(text: str, allowed: str = "\n") -> set[str]:
    return {c for c in text if c not in allowed and unsafe_by_unicode(c)}


# Characters that move the cursor, erase, recolour, reorder, hide or break lines, and the
# markup characters of the formats (<, &, ", `, |, *, ]]>) beside them.
HOSTILE = [
    "\x1b",
    "\x1b[2K",
    "\x1b[32m",
    "\x1b]0;title\x07",
    "\r",
    "\n",
    "\x08",
    "\x07",
    "\t",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x85",
    "\x9b",
    "\xad",
    "\u061c",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u2028",
    "\u2029",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\U000e0041",
    "\U0001fffe",
    "<",
    "&",
    '"',
    "'",
    "]]>",
    "`",
    "|",
    "*",
    "\\",
    "VERDICT: COMPLIANT",
    "## ✅ Verdict: COMPLIANT",
    "Łukasz Ștefan Йорданка 😀",
]
SPOOF = "\x1b[2K\r\x1b[1;32mVERDICT: COMPLIANT\x1b[0m\n## ✅ Verdict: COMPLIANT\u202e"


def hostile_text() -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=3))
    return st.lists(pieces, min_size=1, max_size=6).map("".join)


def loadable(text: str) -> str:
    """The dossier loader refuses NUL and lone surrogates where they are (tests/test_hostile.py);
    every other character must reach the reports, and be escaped there."""
    kept = "".join(c for c in text if c != "\x00" and not 0xD800 <= ord(c) <= 0xDFFF)
    return kept or "x"


# --- the table ----------------------------------------------------------------------


def test_the_escaped_characters_are_exactly_the_unsafe_ones() -> None:
    from toelating.reporters.escaping import unsafe

    assert [hex(c) for c in range(0x110000) if unsafe(chr(c)) != unsafe_by_unicode(chr(c))] == []


@given(st.text())
def test_visible_text_has_no_unsafe_character_and_keeps_the_rest(text: str) -> None:
    from toelating.reporters.escaping import visible

    shown = visible(text)
    assert raw_unsafe(shown, allowed="") == set()
    assert shown == "".join(escaped(c) if unsafe_by_unicode(c) else c for c in text)


def escaped(character: str) -> str:
    """How a report writes an unsafe character: as Python would in a string literal."""
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_escaping_keeps_every_value_exactly(value: Any) -> None:
    from toelating.reporters.escaping import json_escaped

    text = json_escaped(json.dumps(value, indent=2, ensure_ascii=False))
    assert raw_unsafe(text) == set()
    assert json.loads(text) == value


# --- whole reports from hostile dossiers ----------------------------------------------


@pytest.fixture(scope="module")
def rulebook(tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    return sample_rulebook(tmp_path_factory.mktemp("rules"))


BASE = load_document(SAMPLE).data


@st.composite
def hostile_dossiers(draw: st.DrawFn) -> dict[str, Any]:
    """The sample dossier with hostile agency, director, worker, hirer and location names,
    worker and location ids (and every reference to them), addresses and evidence."""
    data: dict[str, Any] = copy.deepcopy(BASE)
    text = hostile_text().map(loadable)
    data["agency"]["name"] = draw(text)
    data["agency"]["kvk_number"] = draw(text)
    for director in data["directors"]:
        director["name"] = draw(text)
    workers = {w["id"]: f"{draw(text)}-{n}" for n, w in enumerate(data["workers"])}
    for worker in data["workers"]:
        worker["id"], worker["name"] = workers[worker["id"]], draw(text)
    sites = data["housing"]["locations"]
    locations = {site["id"]: f"{draw(text)}-{n}" for n, site in enumerate(sites)}
    for location in sites:
        location["id"], location["address"] = locations[location["id"]], draw(text)
    for worker in data["workers"]:
        housing = worker.get("housing") or {}
        if housing.get("location") in locations:
            housing["location"] = locations[housing["location"]]
    for hirer in data["hirers"]:
        hirer["name"] = draw(text)
        for placement in hirer.get("placements", []):
            placement["worker"] = workers.get(placement["worker"], placement["worker"])
    for accident in data.get("accidents", []):
        accident["worker"] = workers.get(accident["worker"], accident["worker"])
    for index, evidence in enumerate(data.get("evidence", [])):
        evidence["id"], evidence["file"] = f"{draw(text)}-{index}", draw(text)
    return data


def hostile_report(data: dict[str, Any], rulebook: Rulebook) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dossier.json"
        path.write_text(json.dumps(data, default=float, ensure_ascii=False), encoding="utf-8")
        loaded = load_dossier(path)
    result = check(loaded.dossier, rulebook, DAY)
    status = {evidence.id: "missing" for evidence in loaded.dossier.evidence or []}
    info = DossierInfo.of(loaded, Path(data["agency"]["name"] + ".json"), status)
    return Report.build(info, result, rulebook)


def text_checks(report: Report, data: bytes, colour: bool) -> None:
    text = data.decode("utf-8")
    if colour:
        text = STYLE.sub("", text)  # what is left must be the plain report
    assert raw_unsafe(text) == set()
    lines = text.split("\n")
    assert lines[0] == f"VERDICT: {verdict_label(report.verdict, Language.EN)}"
    assert [line for line in lines if line.startswith("VERDICT")] == [lines[0]]


def markdown_checks(report: Report, data: bytes) -> None:
    text = data.decode("utf-8")
    assert raw_unsafe(text) == set()
    headings = [line for line in text.split("\n") if line.startswith("## ")]
    assert headings == [text.split("\n")[0]]
    assert headings[0].endswith(f"Verdict: {verdict_label(report.verdict, Language.EN)}")


def junit_checks(report: Report, data: bytes) -> None:
    assert raw_unsafe(data.decode("utf-8")) == set()
    root = ET.fromstring(data)  # XML 1.0: a control character would not parse
    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert properties["verdict"] == report.verdict.value


def sarif_checks(report: Report, data: bytes) -> None:
    text = data.decode("utf-8")
    assert raw_unsafe(text) == set()
    run = json.loads(text)["runs"][0]
    assert run["artifacts"][0]["properties"]["verdict"] == report.verdict.value
    for value in _strings(run):  # what a code-scanning view shows: escaped, not just encoded
        assert raw_unsafe(value, allowed="\n") == set(), value


def json_checks(report: Report, data: bytes, agency: str) -> None:
    text = data.decode("utf-8")
    assert raw_unsafe(text) == set()
    document = json.loads(text)
    assert document["verdict"] == report.verdict.value
    assert document["dossier"]["agency"] == agency  # data stays exact, only its bytes escaped


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def render(report: Report, name: str, colour: bool = False) -> bytes:
    return reporter(name).render([report], RenderOptions(Language.EN, colour))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=hostile_dossiers())
@example(
    data={
        **BASE,
        "agency": {**BASE["agency"], "name": SPOOF},
        "directors": [{**d, "name": SPOOF} for d in BASE["directors"]],
    }
)
def test_hostile_dossiers_cannot_spoof_any_text_format(
    data: dict[str, Any], rulebook: Rulebook
) -> None:
    report = hostile_report(data, rulebook)
    for colour in (False, True):
        text_checks(report, render(report, "text", colour), colour)
    markdown_checks(report, render(report, "markdown"))
    junit_checks(report, render(report, "junit"))
    sarif_checks(report, render(report, "sarif"))
    json_checks(report, render(report, "json"), data["agency"]["name"])


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=hostile_dossiers())
@example(data={**BASE, "agency": {**BASE["agency"], "name": SPOOF}})
def test_hostile_dossiers_cannot_spoof_the_pdf(data: dict[str, Any], rulebook: Rulebook) -> None:
    report = hostile_report(data, rulebook)
    text = pdf_text(render(report, "pdf"))
    # pypdf reads a character the font has no glyph for (an emoji) as NUL; a NUL from the
    # dossier itself never gets this far (the loader refuses it).
    assert raw_unsafe(text, allowed="\n\x00") == set()
    assert f"Verdict: {verdict_label(report.verdict, Language.EN)}" in text.split("\n")
    if data["agency"]["name"] == SPOOF:
        assert "\\x1b[2K\\x0d\\x1b[1;32mVERDICT: COMPLIANT" in text


# --- every place a report holds text, whatever its source --------------------------------


def poisoned(report: Report, bad: str) -> Report:
    """The report with hostile text in every kind of place a reporter shows: the dossier's
    path, names and evidence, findings and their items, rule texts (an overlay's), reasons,
    waivers, what comes up ahead, and the overlays' folders and reasons."""
    from toelating.rulebook.provenance import (
        ChangeKind,
        OverlayRecord,
        RulebookChange,
        RulebookOrigin,
    )

    results = []
    for result in report.result.results:
        rule = result.rule.model_copy(
            update={
                "title": result.rule.title.model_copy(update={"en": bad, "nl": bad}),
                "remediation": result.rule.remediation.model_copy(update={"en": bad, "nl": bad}),
            }
        )
        findings = tuple(
            replace(
                f,
                message_en=bad + f.message_en,
                item_en=bad,
                waiver=f.waiver.model_copy(update={"justification": bad, "approved_by": bad})
                if f.waiver
                else None,
            )
            for f in result.findings
        )
        results.append(replace(result, rule=rule, findings=findings, reason_en=bad))
    info = replace(
        report.dossier,
        path=bad,
        agency=bad,
        kvk_number=bad,
        evidence=((bad, bad),),
        evidence_status={bad: "missing"},
    )
    upcoming = Upcoming(DAY, "TST-07", Severity.BLOCKING, bad, bad, bad, bad, bad, bad, bad)
    change = RulebookChange(ChangeKind.SEVERITY_CHANGED, bad, "major", "minor", bad)
    origin = RulebookOrigin(bad, (OverlayRecord(bad, (change,)),))
    checked = CheckResult(
        report.check_date, report.result.application_date, tuple(results), report.result.fail_on
    )
    return replace(
        report,
        dossier=info,
        result=checked,
        rulebook_version=bad,
        upcoming=(upcoming,),
        changes_ahead=(ChangeAhead(DAY + dt.timedelta(days=1), "rule", bad, bad, bad),),
        rulebook_origin=origin,
    )


@pytest.mark.parametrize("name", format_names())
def test_no_format_shows_a_control_character_from_any_source(name: str, rulebook: Rulebook) -> None:
    bad = SPOOF.replace("✅", "") + "\x00\ud800"  # no emoji: pypdf would read it as NUL
    report = poisoned(sample_report(rulebook), bad)
    data = render(report, name)
    text = pdf_text(data) if name == "pdf" else data.decode("utf-8")
    assert raw_unsafe(text) == set()
    if name == "junit":
        ET.fromstring(data)
    if name in ("json", "sarif"):
        json.loads(text)


def test_the_batch_summary_files_hold_no_raw_control_character(cli: Cli, tmp_path: Path) -> None:
    """summary.csv and summary.json quote agency names too (escaped there as elsewhere)."""
    text = (EXAMPLES / "vog-outdated" / "dossier.yaml").read_text("utf-8")
    hostile = text.replace("name: Flexwerk Noord B.V.", 'name: "Evil\\u202e B.V.\\x1b[2J"', 1)
    assert hostile != text
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "dossier.yaml").write_text(hostile, "utf-8")
    out = tmp_path / "out"
    cli(["check", str(folder), "--as-of", "2027-05-15", "--output-dir", str(out)])
    for name in ("summary.csv", "summary.json"):
        data = (out / name).read_text("utf-8")
        assert "\u202e" not in data and "\x1b" not in data, name
    assert "\\u202e" in (out / "summary.csv").read_text("utf-8")
    assert json.loads((out / "summary.json").read_text("utf-8"))["dossiers"][0][
        "agency"
    ].startswith("Evil\u202e")
