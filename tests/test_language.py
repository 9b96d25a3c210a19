"""Dutch output is Dutch and English output is English: every catalogue message rendered in
both languages, and every command run with --lang nl on good and on bad input.

The check is a word-list heuristic: common function words of the other language must not
appear. What may appear in both is on a small allow-list: legal terms and names that stay
Dutch (VOG, NAU, KvK, Wtta, inlener...), the program's name, and what a person types
(field names, options, file names, examples in quotes or backticks), which is removed first.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF, EXAMPLES, Cli, write

from toelating.i18n import catalogue, domains, message
from toelating.text import Language, placeholders

# Words only English uses (not Dutch words too, as "is", "in", "of", "met" and "was" are).
_ENGLISH_WORDS = (
    "the and not with this that which when must should write missing found expected "
    "invalid file folder value field rule rules report check date text there these those "
    "from into your you does has have been are or at to for by an on yes it its than "
    "what where how cannot could would please"
)
ENGLISH = frozenset(_ENGLISH_WORDS.split())
# Words only Dutch uses ("en" is left out: it is also the code of English).
_DUTCH_WORDS = (
    "de het een niet van dit deze wordt worden geen voor bestand regel regels waarde "
    "veld schrijf controleer zijn naar bij ook uit aan nog maar als dan datum tekst "
    "ontbreekt moet staat hier je jij jouw uw"
)
DUTCH = frozenset(_DUTCH_WORDS.split())
# Dutch terms that stay Dutch in English text (the law's and the registers' own names).
_DUTCH_TERMS = (
    "inlener uitlener inlenen doorlenen toelating toegelaten instelling nederlandse "
    "arbeidsinspectie waadi wtta nau kvk vog justis"
)
DUTCH_TERMS_IN_ENGLISH = frozenset(_DUTCH_TERMS.split())
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)

# What a person types or a program names is not language: code, quoted examples, options,
# field names and paths, file names, placeholders.
_NOT_LANGUAGE = re.compile(
    r"`[^`]*`"  # code
    r"|\btoelating (check|init|import|evidence|diff|upgrade|rules|schema)( [a-z]+)?\b"
    r'|"[^"]*"'  # a quoted example
    r"|'[^']*'"
    r"|--?[a-z][a-z-]*"  # an option
    r"|\S*[/_.\\]\S*"  # field names, paths, file names, numbers with a point
    r"|\{[a-z_]+(:[a-z.0-9]+)?\}"  # a placeholder
)
_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(_NOT_LANGUAGE.sub(" ", text))}


def foreign_words(text: str, language: Language) -> set[str]:
    found = words(text)
    if language is Language.NL:
        return found & ENGLISH
    return (found & DUTCH) - DUTCH_TERMS_IN_ENGLISH


def sample_values(template: str) -> dict[str, object]:
    """A value for every placeholder: a number where the name asks for one, else a word
    that belongs to neither language's list."""
    numbers = ("count", "problems", "days", "places", "limit", "page", "pages", "version")
    return {
        name: 3 if any(part in name for part in numbers) else "X-7"
        for name in placeholders(template)
    }


MESSAGES = [
    (domain, key) for domain in domains(Language.NL) for key in catalogue(Language.NL, domain)
]


@pytest.mark.parametrize(("domain", "key"), MESSAGES, ids=[f"{d}.{k}" for d, k in MESSAGES])
def test_every_message_speaks_only_its_own_language(domain: str, key: str) -> None:
    for language in Language:
        template = catalogue(language, domain)[key]
        said = message(f"{domain}.{key}", language, **sample_values(template))
        assert not foreign_words(said, language), (language.value, said)
        if language is Language.NL:
            assert not INFORMAL.search(said), said  # "u", never "je"


def test_the_heuristic_catches_both_directions() -> None:
    assert foreign_words("het bestand is not found", Language.NL) == {"not", "found"}
    assert foreign_words("the file is niet gevonden", Language.EN) == {"niet"}
    assert not foreign_words("zet `kvk_number: 01234567` tussen aanhalingstekens", Language.NL)


# --- every command, with --lang nl, on good and on bad input -------------------------------

V1_DOSSIER = "dossier_version: 1\nagency:\n  name: Test B.V.\n"
WORKERS_CSV = Path(__file__).parent / "data" / "import" / "workers-nl.csv"


def dutch_only(text: str) -> set[str]:
    """English words in Dutch output, leaving out lines that quote the rules' maintainers'
    CEL (a language of its own) and the rule files' own words."""
    kept = [
        line for line in text.splitlines() if not re.match(r"\s*(check|each|applies_when):", line)
    ]
    return foreign_words("\n".join(kept), Language.NL)


@pytest.fixture
def reports(cli: Cli, tmp_path: Path) -> tuple[Path, Path]:
    good, bad = tmp_path / "goed.json", tmp_path / "fout.json"
    for name, path in (("flexwerk-noord", good), ("vog-outdated", bad)):
        cli(["check", str(EXAMPLES / name), *AS_OF, "--output", str(path), "--lang", "nl"])
    return good, bad


def commands(tmp_path: Path, reports: tuple[Path, Path]) -> list[tuple[str, list[str], int]]:
    """(name, arguments, expected exit code) for every command, good and bad input."""
    good, bad = reports
    example = tmp_path / "voorbeeld"
    shutil.copytree(EXAMPLES / "flexwerk-noord", example)
    pdf = write(tmp_path / "rapport.pdf", "%PDF-1.4\n")
    v1 = write(tmp_path / "oud" / "dossier.yaml", V1_DOSSIER)
    csv = tmp_path / "werknemers.csv"
    shutil.copy(WORKERS_CSV, csv)
    target = write(tmp_path / "import" / "dossier.yaml", V1_DOSSIER.replace("1", "2", 1))
    tabbed = write(tmp_path / "tab" / "dossier.yaml", "dossier_version: 2\nagency:\n\tname: X\n")
    return [
        ("check good", ["check", str(example), *AS_OF], 0),
        ("check bad", ["check", str(tabbed)], 2),
        ("check bad date", ["check", str(example), "--as-of", "2027-13-45"], 2),
        ("batch", ["check", str(example), str(EXAMPLES / "vog-outdated"), *AS_OF], 1),
        ("init good", ["init", str(tmp_path / "nieuw")], 0),
        ("import good", ["import", "workers", str(csv), "--dossier", str(target)], 0),
        (
            "import bad",
            ["import", "workers", str(tmp_path / "geen.csv"), "--dossier", str(target)],
            2,
        ),
        ("evidence good", ["evidence", "hash", str(example), "--check"], 0),
        ("evidence bad", ["evidence", "hash", str(tmp_path / "nergens")], 2),
        ("diff good", ["diff", str(good), str(bad)], 1),
        ("diff bad", ["diff", str(pdf), str(good)], 2),
        ("upgrade good", ["upgrade", str(v1.parent)], 0),
        ("upgrade bad", ["upgrade", str(tmp_path / "nergens")], 2),
        ("rules list", ["rules", "list", *AS_OF], 0),
        ("rules show", ["rules", "show", "VOG-02", *AS_OF], 0),
        ("rules show bad", ["rules", "show", "XYZ-99"], 2),
        ("rules doc", ["rules", "doc"], 0),
        ("rules validate", ["rules", "validate"], 0),
        ("unknown option", ["check", str(example), "--nergens"], 2),
        ("bad choice", ["check", str(example), "--fail-on", "soms"], 2),
    ]


def test_every_command_speaks_dutch_with_lang_nl(
    cli: Cli, tmp_path: Path, reports: tuple[Path, Path]
) -> None:
    for name, args, expected in commands(tmp_path, reports):
        result = cli([*args, "--lang", "nl"])
        assert result.exit_code == expected, (name, result.stdout, result.stderr)
        said = result.stdout + result.stderr
        assert said.strip(), name
        assert not dutch_only(said), (name, dutch_only(said), said[:2000])
        assert not INFORMAL.search(_NOT_LANGUAGE.sub(" ", said)), name
        if expected == 2:
            assert result.stderr.startswith("fout: "), (name, result.stderr)


def test_the_dutch_dossier_template_is_chosen_by_the_locale(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert cli(["init", str(tmp_path / "nl")]).stdout.splitlines()[-1].startswith("Vul ")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert cli(["init", str(tmp_path / "en")]).stdout.splitlines()[-1].startswith("Fill in ")


def test_diff_in_dutch(cli: Cli, reports: tuple[Path, Path]) -> None:
    good, bad = reports
    said = cli(["diff", str(good), str(bad), "--lang", "nl"]).stdout
    assert said.startswith("Controle van 15 mei 2027 → controle van 15 mei 2027: oordeel VOLDOET")
    assert "VOG-02  voldaan → niet voldaan" in said
    data = json.loads(cli(["diff", str(good), str(bad), "--format", "json", "--lang", "nl"]).stdout)
    assert data["changes"][0]["kind"] == "broke"  # machine output keeps its codes


def test_a_pdf_and_a_folder_are_named_as_such_by_diff(cli: Cli, tmp_path: Path) -> None:
    pdf = write(tmp_path / "rapport.pdf", "%PDF-1.7\n")
    said = cli(["diff", str(pdf), str(pdf), "--lang", "nl"]).stderr
    assert "dit is een PDF-rapport" in said and "UTF-8" not in said
    said = cli(["diff", str(tmp_path), str(tmp_path), "--lang", "nl"]).stderr
    assert "dit is een map" in said and "socket" not in said
