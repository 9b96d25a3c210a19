"""Reporters: every registered format renders; text and JSON match golden files; JSON has a schema.

Regenerate the golden files after an intended change with:
    TOELATING_UPDATE_GOLDEN=1 pytest tests/test_reporters.py
"""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from conftest import EXAMPLES
from report_samples import compare_golden

from toelating.checking import CheckOptions, check_one
from toelating.report import Report
from toelating.reporters import REGISTRY, RenderOptions, reporter
from toelating.rulebook.load import Rulebook
from toelating.schema import shipped
from toelating.text import Language

CASES = ["flexwerk-noord", "vog-outdated"]


def build(name: str, rulebook: Rulebook) -> Report:
    options = CheckOptions(dossiers=(), as_of=dt.date(2027, 5, 15), outputs=())
    report = check_one(EXAMPLES / name, rulebook, options)
    # Golden files must not depend on where the checkout lives, nor change with every edit
    # of a rule that these dossiers do not meet (the rulebook digest has tests of its own).
    from dataclasses import replace

    shown = replace(report.dossier, path=f"examples/{name}/dossier.yaml")
    return replace(report, dossier=shown, rulebook_sha256="0" * 64).identified()


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("format_name", ["text", "json"])
def test_golden(rulebook: Rulebook, name: str, language: str, format_name: str) -> None:
    data = reporter(format_name).render([build(name, rulebook)], RenderOptions(Language(language)))
    compare_golden(f"{name}.{language}.{format_name}", data)


@pytest.mark.parametrize("format_name", sorted(REGISTRY))
def test_every_registered_format_renders(rulebook: Rulebook, format_name: str) -> None:
    data = reporter(format_name).render(
        [build("vog-outdated", rulebook)], RenderOptions(Language.NL)
    )
    assert len(data) > 100


def test_json_report_is_valid_against_its_schema(rulebook: Rulebook) -> None:
    single = json.loads(reporter("json").render([build("vog-outdated", rulebook)], RenderOptions()))
    jsonschema.validate(single, shipped("report"))
    reports = [build(name, rulebook) for name in CASES]
    batch = json.loads(reporter("json").render(reports, RenderOptions()))
    jsonschema.validate(batch, shipped("report"))
    verdicts = {"compliant": 1, "incomplete": 0, "undetermined": 0, "non_compliant": 1}
    assert batch["summary"]["verdicts"] == verdicts


def test_text_colour_only_when_asked(rulebook: Rulebook) -> None:
    report = build("vog-outdated", rulebook)
    assert b"\x1b[" not in reporter("text").render([report], RenderOptions())
    assert b"\x1b[" in reporter("text").render([report], RenderOptions(colour=True))
