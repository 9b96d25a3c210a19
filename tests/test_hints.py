"""Common mistakes in a hand-written dossier get messages a person can act on, in their
language, at file:line:column, with exit code 2, and never the parser's or pydantic's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Cli, write
from hypothesis import given
from hypothesis import strategies as st

from toelating.dossier.load import load_dossier
from toelating.errors import InputError

HEAD = "dossier_version: 2\nagency:\n"
# What the libraries say, which must never reach the user in either language.
LIBRARY_WORDS = (
    "cannot start any token",
    "mapping values are not allowed",
    "did not find expected",
    "should match pattern",
    "Input should",
    "input should",
    "String should",
    "valid decimal",
    "Extra inputs",
    "Traceback",
)

MISTAKES = [
    # (name, the file, where, words in Dutch, words in English)
    (
        "tab",
        HEAD + "\tname: X\n",
        ":3:1:",
        "vervang de tab door spaties",
        "replace the tab by spaces",
    ),
    (
        "colon in a value",
        HEAD + "  name: Bouw: de firma\n",
        ":3:",
        "tussen aanhalingstekens",
        "in quotes",
    ),
    (
        "day-month-year date",
        HEAD + "  name: X\n  founded_on: 15-05-2020\n",
        ":4:3: /agency/founded_on",
        "jaar-maand-dag",
        "year-month-day",
    ),
    (
        "decimal comma in quotes",
        HEAD + "  name: X\ndeposit:\n  payments:\n    - amount_eur: '115,00'\n",
        ":6:7: /deposit/payments/0/amount_eur",
        "punt als decimaalteken",
        "point as the decimal separator",
    ),
    (
        "decimal comma bare",
        HEAD + "  name: X\ndeposit:\n  payments:\n    - amount_eur: 115,00\n",
        ":6:7: /deposit/payments/0/amount_eur",
        "punt als decimaalteken",
        "point as the decimal separator",
    ),
    (
        "ja",
        HEAD + "  name: X\n  starter: ja\n",
        ":4:3: /agency/starter",
        "true voor ja",
        "expected true or false",
    ),
    (
        "country name",
        HEAD + "  name: X\n  seat_country: Polen\n",
        ":4:3: /agency/seat_country",
        "in plaats van de naam: PL",
        "instead of the name: PL",
    ),
    (
        "country name in English",
        HEAD + "  name: X\n  seat_country: Romania\n",
        "/agency/seat_country",
        "in plaats van de naam: RO",
        "instead of the name: RO",
    ),
    (
        "misspelt key",
        HEAD + "  name: X\n  kvk_numbr: '1'\n",
        ":4:3: /agency/kvk_numbr",
        "bedoelt u kvk_number?",
        "did you mean kvk_number?",
    ),
    (
        "misspelt key deeper",
        HEAD + "  name: X\nvog:\n  - kind: rp\n    isued_on: 2027-01-01\n",
        "/vog/0/isued_on",
        "bedoelt u issued_on?",
        "did you mean issued_on?",
    ),
    (
        "value cut at a hash",
        HEAD + "  name: Bouw & Co #2 B.V.\n",
        ":3:3: /agency/name",
        "als commentaar",
        "as a comment",
    ),
    (
        "leading zero",
        HEAD + "  name: X\n  kvk_number: 01234567\n",
        ":4:3: /agency/kvk_number",
        "begint met een 0",
        "starts with a 0",
    ),
    (
        "unclosed quote",
        HEAD + '  name: "Bouw\n  kvk_number: "123"\n',
        ":4:",
        "aanhalingsteken wordt niet gesloten",
        "quote is not closed",
    ),
    (
        "duplicate key",
        HEAD + "  name: X\n  name: Y\n",
        ":4:3:",
        'het veld "name" staat hier twee keer',
        'duplicate key "name"',
    ),
    (
        "language name",
        HEAD + "  name: X\nworkers:\n  - id: W1\n    languages: [Pools]\n",
        "/workers/0/languages/0",
        "in plaats van de naam: pl",
        "instead of the name: pl",
    ),
]


@pytest.mark.parametrize(
    ("text", "where", "dutch", "english"),
    [m[1:] for m in MISTAKES],
    ids=[m[0] for m in MISTAKES],
)
def test_a_common_mistake_is_said_as_what_to_do(
    cli: Cli, tmp_path: Path, text: str, where: str, dutch: str, english: str
) -> None:
    path = write(tmp_path / "dossier.yaml", text)
    for language, words, prefix in (("nl", dutch, "fout: "), ("en", english, "error: ")):
        result = cli(["check", str(path), "--lang", language, "--as-of", "2027-05-15"])
        assert result.exit_code == 2, result.stdout
        assert result.stderr.startswith(prefix + str(path)), result.stderr
        assert where in result.stderr and words.lower() in result.stderr.lower(), result.stderr
        assert not any(library in result.stderr for library in LIBRARY_WORDS), result.stderr


def test_the_language_comes_from_the_environment_too(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "dossier.yaml", HEAD + "  name: X\n  starter: ja\n")
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert "fout: " in cli(["check", str(path)]).stderr
    monkeypatch.setenv("TOELATING_LANG", "en")
    assert "error: " in cli(["check", str(path)]).stderr
    monkeypatch.setenv("TOELATING_LANG", "fr")
    refused = cli(["check", str(path)])
    assert refused.exit_code == 2 and "TOELATING_LANG=fr" in refused.stderr


def test_a_comment_after_a_value_is_no_cut_value(tmp_path: Path) -> None:
    text = HEAD + "  name: Bouw B.V.  # statutaire naam\n  kvk_number: '01234567' #KvK\n"
    assert load_dossier(write(tmp_path / "dossier.yaml", text)).dossier.agency.name == "Bouw B.V."


def test_a_hash_inside_quotes_is_kept(tmp_path: Path) -> None:
    text = HEAD + '  name: "Bouw & Co #2 B.V."\n'
    loaded = load_dossier(write(tmp_path / "dossier.yaml", text))
    assert loaded.dossier.agency.name == "Bouw & Co #2 B.V."


def test_the_template_with_its_comments_loads(cli: Cli, tmp_path: Path) -> None:
    for language in ("nl", "en"):
        folder = tmp_path / language
        assert cli(["init", str(folder), "--lang", language]).exit_code == 0
        result = cli(["check", str(folder), "--lang", language, "--as-of", "2027-05-15"])
        assert result.exit_code in (0, 1), result.stderr  # a verdict, not a refusal


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30))
def test_any_unquoted_value_is_read_or_refused_in_words(value: str) -> None:
    """Whatever a person types after `name: `, the tool reads it or refuses it with its own
    words (in both languages), never a library's, and never the value itself."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dossier.yaml"
        path.write_text(HEAD + f"  name: {value}\n  seat_country: NL\n", "utf-8")
        try:
            load_dossier(path)
        except InputError as error:
            for problem in error.problems:
                for language in ("nl", "en"):
                    said = problem.render(language)
                    assert not any(library in said for library in LIBRARY_WORDS[:-1]), said
