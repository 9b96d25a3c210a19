"""Whole reports speak one language: every example dossier checked in Dutch and in English,
on two dates (before and after the 2027 parameter changes), as text, Markdown and the
messages of the JSON report, with no word of the other language (tests/test_language.py's
word lists). What the dossier itself says (names, addresses) is the user's and is left out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF, EXAMPLES, Cli, make_rulebook_folder, rule_text
from test_language import INFORMAL, foreign_words

from toelating.cel.environment import EvaluationFailure, TooCostly
from toelating.engine import _failure_reason
from toelating.text import Language

DOSSIERS = sorted(p.name for p in EXAMPLES.iterdir() if (p / "dossier.yaml").exists())
DAYS = ("2026-12-06", "2027-05-15")
# The JSON report's fields that hold words for people (the rest are codes, ids and dates).
_SAID = frozenset({"message", "remediation", "title", "item", "reason", "description"})
# A rule's CEL and the dossier's own values are not the program's language.
_CODE_LINE = re.compile(r"\s*(check|each|applies_when):")
# Dutch terms a rule's English text names in brackets after its translation.
_DUTCH_TERMS_NAMED = ("plan van aanpak",)


def _dossier_words(name: str) -> set[str]:
    """Every word the dossier's own text holds (names, addresses, descriptions)."""
    text = (EXAMPLES / name / "dossier.yaml").read_text("utf-8")
    return {word.lower() for word in re.findall(r"[^\W\d_]+", text)}


def _json_words(data: Any) -> list[str]:
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _SAID and isinstance(value, str):
                found.append(value)
            else:
                found += _json_words(value)
    elif isinstance(data, list):
        for value in data:
            found += _json_words(value)
    return found


def _reports(cli: Cli, name: str, day: str, language: Language, folder: Path) -> list[str]:
    """The words for people of one check's text, Markdown and JSON reports (one run)."""
    kinds = {"text": "txt", "markdown": "md", "json": "json"}
    outputs = [f"--output={kind}={folder / f'r.{ending}'}" for kind, ending in kinds.items()]
    # Before 2027 a month's look-ahead reaches the rules and parameters of 1 January 2027.
    ahead = ["--horizon", "1m"] if day < "2027" else []
    arguments = ["check", str(EXAMPLES / name), "--as-of", day, *ahead, *outputs]
    result = cli([*arguments, "--lang", language.value])
    assert result.exit_code in (0, 1), result.stderr
    said = []
    for kind, ending in kinds.items():
        text = (folder / f"r.{ending}").read_text("utf-8")
        if kind == "json":
            said.append("\n".join(_json_words(json.loads(text))))
        else:
            said.append("\n".join(_language_lines(text, language)))
    return said


def _language_lines(text: str, language: Language) -> list[str]:
    """The lines in the program's language: not a rule's CEL, nor in English a citation of
    Dutch law (its title and article stay as the law writes them)."""
    lines = [line for line in text.splitlines() if not _CODE_LINE.match(line)]
    if language is Language.EN:
        lines = [line for line in lines if "Legal basis" not in line]
    return lines


def _foreign(said: str, language: Language, own: set[str]) -> set[str]:
    """Words of the other language, leaving out the dossier's own words, ids and dates (a
    report id's hex digits are no words) and Dutch terms an English text names in brackets."""
    plain = re.sub(r"\S*\d\S*", " ", said)
    for term in _DUTCH_TERMS_NAMED:  # a wrapped line may break the term
        plain = re.sub(r"\(" + r"\s+".join(term.split()) + r"\)", " ", plain)
    # Line by line: an apostrophe in one line must not pair with a quote in the next.
    found = {word for line in plain.splitlines() for word in foreign_words(line, language)}
    return found - own


@pytest.mark.parametrize("name", DOSSIERS)
def test_every_example_report_speaks_one_language(cli: Cli, tmp_path: Path, name: str) -> None:
    own = _dossier_words(name)
    for day in DAYS:
        for language in Language:
            said = _reports(cli, name, day, language, tmp_path)
            for kind, text in zip(("text", "markdown", "json"), said, strict=True):
                assert not _foreign(text, language, own), (day, kind, language.value)
                if language is Language.NL:
                    assert not INFORMAL.search(text), (day, kind)


@pytest.mark.parametrize(
    "failure",
    [
        TooCostly("too costly"),
        EvaluationFailure("division by zero"),
        EvaluationFailure("type mismatch: an operator or function got values of the wrong type"),
        EvaluationFailure("undefined variable 'nergens'"),
    ],
)
def test_why_a_rule_could_not_run_is_said_in_both_languages(failure: EvaluationFailure) -> None:
    dutch, english = _failure_reason(failure)
    assert not foreign_words(dutch, Language.NL), dutch
    assert not foreign_words(english, Language.EN), english
    assert dutch != english


def test_a_rule_that_could_not_run_says_so_in_dutch(cli: Cli, tmp_path: Path) -> None:
    zero = "size(dossier.workers) - size(dossier.workers)"
    rules = make_rulebook_folder(tmp_path, {"TST-01": rule_text("TST-01", f"1 / ({zero}) == 1")})
    arguments = ["check", str(EXAMPLES / "flexwerk-noord"), *AS_OF, "--rules", str(rules)]
    dutch = cli([*arguments, "--lang", "nl"]).stdout
    assert "De regel kon niet worden geëvalueerd (deling door nul)" in dutch, dutch
    assert not foreign_words(dutch, Language.NL) - _dossier_words("flexwerk-noord")
    english = cli([*arguments, "--lang", "en"]).stdout
    assert "The rule could not be evaluated (division by zero)" in english, english
