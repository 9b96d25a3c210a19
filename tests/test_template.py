"""The `toelating init` template: complete, explained in both languages, valid, not overwriting."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from toelating.cel.view import _fields_by_pattern
from toelating.dossier.load import load_dossier, validate_dossier
from toelating.engine import check
from toelating.errors import ExitCode, UsageError
from toelating.rulebook.load import Rulebook
from toelating.schema import shipped
from toelating.source import parse_yaml
from toelating.template import template_text, write_template
from toelating.template.descriptions import DESCRIPTIONS, KIND_HINTS
from toelating.template.fields import Kind, dossier_fields, walk
from toelating.template.render import EXAMPLE_NOTE
from toelating.template.usage import fields_read, rules_by_field
from toelating.text import Language
from toelating.vocabulary import Outcome, Verdict

LANGUAGES = list(Language)
CHECK_DATE = dt.date(2027, 5, 15)


def model_patterns() -> set[str]:
    """Every field of the model, walked independently of the template's own walker."""
    return {f"{base}/{name}" for base, names in _fields_by_pattern().items() for name in names}


def data_patterns(value: Any, pointer: str = "") -> set[str]:
    """The field patterns a plain document has keys for (indices as *)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            found.add(f"{pointer}/{key}")
            found |= data_patterns(child, f"{pointer}/{key}")
    elif isinstance(value, list):
        for child in value:
            found |= data_patterns(child, f"{pointer}/*")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_template_loads_and_checks_as_incomplete(
    tmp_path: Path, language: Language, rulebook: Rulebook
) -> None:
    write_template(tmp_path, language)
    loaded = load_dossier(tmp_path)
    result = check(loaded.dossier, rulebook, CHECK_DATE)
    assert result.verdict is Verdict.INCOMPLETE
    assert result.counts[Outcome.FAIL.value] == 0
    assert result.counts[Outcome.ERROR.value] == 0
    assert result.counts[Outcome.MISSING_DATA.value] > 0


def test_every_field_of_the_model_has_a_description_in_both_languages() -> None:
    patterns = {spec.pattern for spec in walk(dossier_fields())}
    assert patterns == model_patterns()
    assert set(DESCRIPTIONS) == patterns, "describe new fields; remove descriptions of old ones"
    for pattern, described in DESCRIPTIONS.items():
        assert described.nl.strip() and described.en.strip(), pattern
        assert described.nl != described.en or pattern == "/deposit/payee", pattern
    assert set(KIND_HINTS) == set(Kind)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_is_in_the_template_with_its_description(
    language: Language, rulebook: Rulebook
) -> None:
    text = template_text(language, rulebook)
    live = parse_yaml(template_text(language, rulebook, live_examples=True), "live")
    assert data_patterns(live.data) == model_patterns()
    flat = " ".join(line.strip().lstrip("# ").strip() for line in text.splitlines())
    for described in DESCRIPTIONS.values():
        assert " ".join(described.get(language).split()) in flat


@pytest.mark.parametrize("language", LANGUAGES)
def test_uncommenting_the_examples_gives_a_valid_dossier(
    language: Language, rulebook: Rulebook
) -> None:
    commented = template_text(language, rulebook).splitlines()
    live = template_text(language, rulebook, live_examples=True).splitlines()
    note = EXAMPLE_NOTE.get(language)
    commented = [line for line in commented if not line.strip().startswith(f"# {note[:20]}")]
    assert len(commented) == len(live)
    for was, now in zip(commented, live, strict=True):
        if was != now:  # what an editor's toggle-comment does: drop the first '# '
            indent = len(was) - len(was.lstrip(" "))
            assert was[indent:].startswith("# ") and was[:indent] + was[indent + 2 :] == now
    validate_dossier(parse_yaml("\n".join(live), "live"))


def test_the_first_line_points_editors_at_the_schema_beside_it(tmp_path: Path) -> None:
    written = write_template(tmp_path / "new", Language.EN)
    folder = tmp_path / "new"
    expected = ["dossier.yaml", "dossier.schema.json", "evidence/README.txt"]
    assert written == [folder / name for name in expected]
    first = (folder / "dossier.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./dossier.schema.json"
    assert json.loads((folder / "dossier.schema.json").read_text("utf-8")) == shipped("dossier")


@pytest.mark.parametrize(
    ("language", "word"), [(Language.NL, "Bewijsstukken"), (Language.EN, "Evidence")]
)
def test_texts_are_in_the_chosen_language(tmp_path: Path, language: Language, word: str) -> None:
    write_template(tmp_path, language)
    assert (tmp_path / "evidence" / "README.txt").read_text("utf-8").startswith(word)
    text = (tmp_path / "dossier.yaml").read_text("utf-8")
    assert DESCRIPTIONS["/workers/*/birth_date"].get(language) in text


EXISTING = [
    "dossier.yaml",
    "dossier.schema.json",
    "evidence/README.txt",
    "dossier.json",
    "evidence",
]


@pytest.mark.parametrize("existing", EXISTING)
def test_nothing_is_written_when_a_file_exists(tmp_path: Path, existing: str) -> None:
    (tmp_path / existing).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / existing).write_text("mine\n", "utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(UsageError) as raised:
        write_template(tmp_path, Language.NL)
    assert raised.value.exit_code is ExitCode.INPUT_REFUSED
    assert [p.file for p in raised.value.problems] == [str(tmp_path / existing)]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert (tmp_path / existing).read_text("utf-8") == "mine\n"


def test_an_existing_evidence_folder_is_kept(tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "vog.pdf").write_bytes(b"%PDF")
    write_template(tmp_path, Language.EN)
    assert (tmp_path / "evidence" / "vog.pdf").read_bytes() == b"%PDF"


def test_a_file_given_as_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", "utf-8")
    with pytest.raises(UsageError):
        write_template(tmp_path / "file", Language.EN)


def test_the_rules_per_field_come_from_the_rule_files(rulebook: Rulebook) -> None:
    usage = rules_by_field(rulebook, dossier_fields())
    assert "WML-01" in usage["/workers/*/birth_date"]
    assert "VOG-01" in usage["/agency/kvk_number"]
    assert "RIE-04" in usage["/workers/*/languages"]  # through workers_by_id[...]
    assert "DEP-01" in usage["/deposit/payments/*/paid_on"]  # through filter(p, p.paid_on ...)
    assert "VOG-02" in usage["/application_date"]  # the application_date the engine derives
    assert "/agency/founded_on" not in usage


def test_every_field_name_a_rule_selects_is_attributed(rulebook: Rulebook) -> None:
    """Every dossier field name a rule's checked tree selects is placed in the dossier: the
    reading must not silently lose a construct a new rule uses."""
    known = {spec.pattern for spec in walk(dossier_fields())}
    names = {pattern.rsplit("/", 1)[1] for pattern in known}
    for compiled in rulebook.rules:
        found = {token for pattern in fields_read(compiled) for token in pattern.split("/")}
        assert compiled.reading.fields & names <= found, compiled.id


def test_files_get_the_usual_permissions_and_a_failed_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    umask = os.umask(0o022)
    try:
        write_template(tmp_path / "a", Language.EN)
    finally:
        os.umask(umask)
    assert (tmp_path / "a" / "dossier.yaml").stat().st_mode & 0o777 == 0o644
    original = Path.open

    def refuse_readme(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "README.txt":
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse_readme)
    with pytest.raises(UsageError, match="cannot write"):
        write_template(tmp_path / "b", Language.EN)
    assert sorted(p.name for p in (tmp_path / "b").rglob("*") if p.is_file()) == []
