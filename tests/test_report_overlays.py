"""A run whose rules were changed with --rules says so in every report: the verdict line is
marked as not the official rulebook's, and each rule replaced, added or disabled, each
severity and parameter changed is listed with the overlay's reason, in text, Markdown, PDF,
JSON (with its schema), JUnit and SARIF. A folder that replaces the shipped rulebook is said
too; the shipped rulebook itself, or no --rules, is never marked."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import run_cli, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_samples import DAY, SAMPLE, sample_report, sample_rulebook

from toelating.dossier.load import load_dossier
from toelating.engine import check
from toelating.report import DossierInfo, Report
from toelating.reporters import RenderOptions, format_names, reporter
from toelating.reporters.markdown import escape
from toelating.rulebook.load import Rulebook, apply_overlay, default_rules_folder, load_rules
from toelating.rulebook.model import ParameterType
from toelating.schema import shipped
from toelating.text import Language

MARK_EN = "not the official rulebook"


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample-rules")
    sample_rulebook(folder)
    return folder


@pytest.fixture(scope="module")
def base(sample_folder: Path) -> Rulebook:
    from toelating.rulebook.load import load_rulebook

    return load_rulebook(sample_folder)


@dataclass(frozen=True)
class Expected:
    """What the reports must say about one change: its kind, name, and words to find."""

    kind: str
    name: str
    words: tuple[str, ...]  # e.g. the reason, or the new severity's name
    reason: str | None = None


def overrides(folder: Path, entries: list[dict[str, Any]]) -> None:
    # JSON is YAML; ASCII with \\u escapes, so that YAML reads line separators as characters
    write(folder / "overrides.yaml", json.dumps({"overrides": entries}))


def integer_parameter(rulebook: Rulebook) -> tuple[str, dict[str, Any]]:
    """A parameter of whole numbers of the rulebook (its name and file form), to change."""
    for name, parameter in rulebook.parameters.parameters.items():
        if parameter.type is ParameterType.INTEGER:
            return name, parameter.model_dump(mode="json", by_alias=True, exclude_none=True)
    raise AssertionError("the rulebook has no integer parameter")


def parameters_file(folder: Path, rulebook: Rulebook, parameters: dict[str, Any]) -> None:
    version = rulebook.parameters.parameters_version
    text = json.dumps({"parameters_version": version, "parameters": parameters})
    write(folder / "parameters.yaml", text)


def severity_change(folder: Path, base: Rulebook) -> list[Expected]:
    reason = "Stricter for this certification scheme"
    overrides(folder, [{"rule": "TST-03", "severity": "blocking", "reason": reason}])
    return [Expected("severity_changed", "TST-03", (reason, "minor → blocking"), reason)]


def disabled_rule(folder: Path, base: Rulebook) -> list[Expected]:
    reason = "Checked by hand at the site visit"
    overrides(folder, [{"rule": "TST-01", "disable": True, "reason": reason}])
    return [Expected("rule_disabled", "TST-01", (reason, "disabled"), reason)]


def replaced_rule(folder: Path, base: Rulebook) -> list[Expected]:
    text = (base.folder / "TST-07.yaml").read_text("utf-8").replace("version: 1", "version: 5")
    write(folder / "TST-07.yaml", text)
    return [Expected("rule_replaced", "TST-07", ("v1 → v5",))]


def added_rule(folder: Path, base: Rulebook) -> list[Expected]:
    text = (base.folder / "TST-07.yaml").read_text("utf-8").replace("TST-07", "TST-09")
    write(folder / "TST-09.yaml", text)
    return [Expected("rule_added", "TST-09", ("added",))]


def replaced_parameter(folder: Path, base: Rulebook) -> list[Expected]:
    name, parameter = integer_parameter(base)
    values = parameter["values"]
    old, new = values[-1]["value"], values[-1]["value"] + 1
    parameter["values"] = [*values[:-1], {**values[-1], "value": new}]
    parameters_file(folder, base, {name: parameter})
    return [Expected("parameter_replaced", name, (f"{values[-1]['from']}: {old}", f": {new}"))]


def added_parameter(folder: Path, base: Rulebook) -> list[Expected]:
    _, parameter = integer_parameter(base)
    parameters_file(folder, base, {"certifier_extra_days": parameter})
    return [Expected("parameter_added", "certifier_extra_days", ("added",))]


def everything(folder: Path, base: Rulebook) -> list[Expected]:
    made: list[Expected] = []
    for variant in (replaced_rule, added_rule, replaced_parameter):
        made += variant(folder, base)
    overrides(
        folder,
        [
            {"rule": "TST-09", "severity": "advisory", "reason": "New and still advisory"},
            {"rule": "TST-02", "disable": True, "reason": "Not part of this scheme"},
        ],
    )
    made += [
        Expected(
            "severity_changed", "TST-09", ("New and still advisory",), "New and still advisory"
        ),
        Expected(
            "rule_disabled", "TST-02", ("Not part of this scheme",), "Not part of this scheme"
        ),
    ]
    return made


VARIANTS = [
    severity_change,
    disabled_rule,
    replaced_rule,
    added_rule,
    replaced_parameter,
    added_parameter,
    everything,
]


def report_with(rulebook: Rulebook) -> Report:
    loaded = load_dossier(SAMPLE)
    result = check(loaded.dossier, rulebook, DAY)
    return Report.build(DossierInfo.of(loaded, Path("dossier.yaml")), result, rulebook)


def render(report: Report, name: str, language: Language = Language.EN) -> bytes:
    return reporter(name).render([report], RenderOptions(language))


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def says_everything(report: Report, expected: list[Expected]) -> None:
    """Every format marks the verdict and lists each change with its words and reason."""
    text = render(report, "text").decode("utf-8")
    assert text.split("\n")[0].endswith(" · " + MARK_EN.upper())
    markdown = render(report, "markdown").decode("utf-8")
    assert markdown.split("\n")[0].endswith(f" · ⚠️ {MARK_EN}")
    pages = pdf_text(render(report, "pdf"))
    assert "Not the official rulebook" in pages[0]  # the cover, beside the verdict
    shown = {
        "text": flat(text),
        "markdown": flat(markdown),
        "pdf": " ".join(pages),
        "junit": junit_changes(report),
    }
    for change in expected:
        for fmt, body in shown.items():
            words = [change.name, *change.words]
            if fmt == "markdown":
                words = [escape(word) for word in words]
            for word in words:
                assert word in body, (fmt, word)
    json_says(report, expected)


def junit_changes(report: Report) -> str:
    root = ET.fromstring(render(report, "junit"))
    properties = [(p.get("name"), p.get("value") or "") for p in root.iter("property")]
    assert ("official_rulebook", "false") in properties
    return " ".join(value for name, value in properties if name and name.startswith("rulebook_"))


def json_says(report: Report, expected: list[Expected]) -> None:
    document = json.loads(render(report, "json"))
    jsonschema.Draft202012Validator(shipped("report")).validate(document)
    assert document["official_rulebook"] is False
    changes = [c for o in document["rulebook_changes"]["overlays"] for c in o["changes"]]
    for change in expected:
        found = [c for c in changes if (c["kind"], c["name"]) == (change.kind, change.name)]
        assert len(found) == 1, change
        assert found[0].get("reason") == change.reason
    run = json.loads(render(report, "sarif"))["runs"][0]
    assert run["properties"]["official_rulebook"] is False
    assert run["properties"]["rulebook_changes"] == document["rulebook_changes"]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.__name__)
def test_an_overlay_is_said_in_every_format(variant: Any, base: Rulebook, tmp_path: Path) -> None:
    expected = variant(tmp_path, base)
    report = report_with(apply_overlay(base, tmp_path))
    says_everything(report, expected)


def test_a_folder_replacing_the_shipped_rulebook_is_said(
    sample_folder: Path, tmp_path: Path
) -> None:
    overlay = tmp_path / "strict"
    expected = severity_change(overlay, load_rules([sample_folder]))
    report = report_with(load_rules([sample_folder, overlay]))
    says_everything(report, expected)
    origin = json.loads(render(report, "json"))["rulebook_changes"]
    assert origin["replaced_by"] == str(sample_folder)
    assert [o["folder"] for o in origin["overlays"]] == [str(overlay)]
    text = render(report, "text").decode("utf-8")
    assert f"replaced by the folder {sample_folder}" in text


def test_two_overlays_are_said_in_the_order_applied(base: Rulebook, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    made = severity_change(first, base) + disabled_rule(second, base)
    report = report_with(apply_overlay(apply_overlay(base, first), second))
    says_everything(report, made)
    overlays = json.loads(render(report, "json"))["rulebook_changes"]["overlays"]
    assert [o["folder"] for o in overlays] == [str(first), str(second)]


def test_an_overlay_that_changes_nothing_still_marks_the_verdict(
    base: Rulebook, tmp_path: Path
) -> None:
    report = report_with(apply_overlay(base, tmp_path))
    assert render(report, "text").decode("utf-8").split("\n")[0].endswith(MARK_EN.upper())
    assert "changes nothing" in render(report, "text").decode("utf-8")


@pytest.mark.parametrize("language", list(Language))
def test_the_dutch_and_english_reports_both_say_it(
    language: Language, base: Rulebook, tmp_path: Path
) -> None:
    severity_change(tmp_path, base)
    report = report_with(apply_overlay(base, tmp_path))
    first = render(report, "text", language).decode("utf-8").split("\n")[0]
    mark = "NIET HET OFFICIËLE REGELBOEK" if language is Language.NL else MARK_EN.upper()
    assert first.endswith(mark)
    words = "ernst licht → blokkerend" if language is Language.NL else "severity minor → blocking"
    assert words in render(report, "text", language).decode("utf-8")


@pytest.mark.parametrize("name", format_names())
def test_the_official_rulebook_is_never_marked(name: str, base: Rulebook) -> None:
    report = sample_report(base)
    data = render(report, name)
    if name == "pdf":
        assert "official rulebook" not in " ".join(pdf_text(data))
        return
    text = data.decode("utf-8")
    assert "official rulebook" not in text
    if name == "json":
        document = json.loads(text)
        assert document["official_rulebook"] is True and "rulebook_changes" not in document
    if name == "sarif":
        assert json.loads(text)["runs"][0]["properties"]["official_rulebook"] is True
    if name == "junit":
        assert 'name="official_rulebook" value="true"' in text


def test_the_shipped_folder_given_as_rules_is_the_official_rulebook() -> None:
    assert load_rules([default_rules_folder()]).origin.official


def test_the_command_line_marks_a_check_with_rules(sample_folder: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    severity_change(overlay, load_rules([sample_folder]))
    common = ["check", str(SAMPLE), "--as-of", DAY.isoformat()]
    rules = ["--rules", str(sample_folder), "--rules", str(overlay)]
    text = run_cli([*common, *rules, "--format", "text", "--lang", "en"])
    assert text.stdout.split("\n")[0].endswith(MARK_EN.upper()), text.stderr
    document = json.loads(run_cli([*common, *rules, "--format", "json"]).stdout)
    assert document["official_rulebook"] is False
    assert document["rulebook_changes"]["replaced_by"] == str(sample_folder)


# --- any overlay, generated ------------------------------------------------------------

RULE_IDS = [f"TST-0{n}" for n in range(1, 9)]
# Reasons from the whole Basic Multilingual Plane but NUL (refused where it is) and surrogates.
REASONS = st.text(
    st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=30,
)


@st.composite
def overlay_entries(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Overrides of distinct sample rules: a new severity or disabled, each with a reason."""
    chosen = draw(st.lists(st.sampled_from(RULE_IDS), min_size=1, max_size=5, unique=True))
    entries = []
    for rule_id in chosen:
        reason = draw(REASONS).strip() or "x"
        if draw(st.booleans()):
            entries.append({"rule": rule_id, "disable": True, "reason": reason})
        else:
            severity = draw(st.sampled_from(["blocking", "major", "minor", "advisory"]))
            entries.append({"rule": rule_id, "severity": severity, "reason": reason})
    return entries


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=overlay_entries())
def test_every_override_is_said_with_its_reason(
    entries: list[dict[str, Any]], base: Rulebook, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from toelating.reporters.escaping import visible

    folder = tmp_path_factory.mktemp("overlay")
    overrides(folder, entries)
    report = report_with(apply_overlay(base, folder))
    document = json.loads(render(report, "json"))
    listed = document["rulebook_changes"]["overlays"][0]["changes"]
    assert [(c["name"], c["reason"]) for c in listed] == [(e["rule"], e["reason"]) for e in entries]
    text = render(report, "text").decode("utf-8")
    junit = junit_changes(report)
    for entry in entries:
        shown = visible(entry["reason"])  # the text formats show it escaped
        assert shown in text and shown in junit
    shutil.rmtree(folder)
