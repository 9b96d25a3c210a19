"""Evidence file names as real offices write them: Windows `\\` separators, a Mac's decomposed
(NFD) accents; files put in the evidence folder but not listed are named, with how to add them."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from conftest import Cli, write
from hypothesis import given
from hypothesis import strategies as st

from toelating.dossier.load import load_dossier
from toelating.evidence import (
    EvidenceStatus,
    escapes_folder,
    evidence_digest,
    opened_folder,
    unlisted_files,
)
from toelating.text import Language

HEAD = "dossier_version: 2\nagency:\n  name: Test B.V.\n  kvk_number: '12345678'\n"
NFC = unicodedata.normalize("NFC", "Überweisung Łódź é.pdf")
NFD = unicodedata.normalize("NFD", NFC)


def digest_of(folder: Path, relative: str) -> str | EvidenceStatus:
    with opened_folder(folder) as root:
        return evidence_digest(root, relative)


@pytest.mark.parametrize(("on_disk", "in_dossier"), [(NFD, NFC), (NFC, NFD)])
def test_a_name_composed_one_way_finds_the_file_composed_the_other(
    tmp_path: Path, on_disk: str, in_dossier: str
) -> None:
    assert on_disk != in_dossier
    write(tmp_path / "evidence" / on_disk, "scan")
    assert digest_of(tmp_path, f"evidence/{in_dossier}") == hashlib.sha256(b"scan").hexdigest()


@pytest.mark.parametrize(
    "written", ["evidence\\vog.pdf", "evidence\\\\vog.pdf", ".\\evidence\\vog.pdf"]
)
def test_windows_separators_find_the_file(tmp_path: Path, written: str) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "vog")
    assert digest_of(tmp_path, written) == hashlib.sha256(b"vog").hexdigest()


@pytest.mark.parametrize(
    "escape",
    [
        "..\\secret.txt",
        "evidence\\..\\..\\secret.txt",
        "C:\\Users\\kantoor\\secret.txt",
        "C:secret.txt",
        "\\\\server\\share\\secret.txt",
        "\\secret.txt",
    ],
)
def test_windows_paths_out_of_the_folder_stay_refused(tmp_path: Path, escape: str) -> None:
    write(tmp_path.parent / "secret.txt", "secret")
    assert escapes_folder(escape)
    assert digest_of(tmp_path, escape) is EvidenceStatus.OUTSIDE


@given(st.lists(st.text(alphabet="abcÜéł _-", min_size=1, max_size=6), min_size=1, max_size=4))
def test_either_separator_names_the_same_path(parts: list[str]) -> None:
    from toelating.evidence import _names

    assert _names("\\".join(parts)) == _names("/".join(parts))


def test_files_in_the_evidence_folder_that_the_dossier_does_not_name(tmp_path: Path) -> None:
    for name in ("vog.pdf", NFD, "sub/loonstrook 2027-01.pdf", "extra.pdf"):
        write(tmp_path / "evidence" / name, "x")
    for noise in ("README.txt", ".DS_Store", "Thumbs.db", "~$concept.docx"):
        write(tmp_path / "evidence" / noise, "x")
    write(
        tmp_path / "dossier.yaml",
        HEAD
        + "evidence:\n"
        + "  - {id: vog, file: 'evidence\\vog.pdf'}\n"
        + f"  - {{id: bank, file: 'evidence/{NFC}'}}\n",
    )
    entries = load_dossier(tmp_path).dossier.evidence or []
    assert unlisted_files(tmp_path, entries) == [
        "evidence/extra.pdf",
        "evidence/sub/loonstrook 2027-01.pdf",
    ]


def test_evidence_hash_lists_unnamed_files_and_shows_how_to_add_them(
    cli: Cli, tmp_path: Path
) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "vog")
    write(tmp_path / "evidence" / "Verklaring betalingsgedrag.pdf", "vbg")
    write(tmp_path / "dossier.yaml", HEAD + "evidence:\n  - {id: vog, file: evidence/vog.pdf}\n")
    result = cli(["evidence", "hash", str(tmp_path), "--lang", "nl"])
    assert result.exit_code == 0, result.stderr  # an unnamed file is advice, not a problem
    out = result.stdout
    assert "In de map evidence staat een bestand dat het dossier niet noemt:" in out
    assert "  evidence/Verklaring betalingsgedrag.pdf" in out
    assert "  - id: verklaring-betalingsgedrag" in out
    assert '    file: "evidence/Verklaring betalingsgedrag.pdf"' in out
    assert f"toelating evidence hash {tmp_path}" in out
    english = cli(["evidence", "hash", str(tmp_path), "--lang", "en", "--check"])
    assert "The evidence folder holds a file the dossier does not name:" in english.stdout


def test_a_check_finds_evidence_named_the_windows_and_the_mac_way(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "vog")
    write(tmp_path / "evidence" / NFD, "bank")
    write(
        tmp_path / "dossier.yaml",
        HEAD
        + "evidence:\n"
        + "  - {id: vog, file: 'evidence\\vog.pdf'}\n"
        + f"  - {{id: bank, file: 'evidence/{NFC}'}}\n",
    )
    result = cli(["check", str(tmp_path), "--as-of", "2027-05-15", "--format", "json"])
    assert '"rule_id": "EVID-01"' in result.stdout
    import json

    evid = next(r for r in json.loads(result.stdout)["results"] if r["rule_id"] == "EVID-01")
    assert evid["outcome"] == "pass", evid


def test_unlisted_advice_speaks_the_language() -> None:
    from toelating.evidence import unlisted_advice

    dutch = unlisted_advice(["evidence/a.pdf", "evidence/b.pdf"], Path("d"), Language.NL)
    assert dutch.startswith("In de map evidence staan 2 bestanden")
    english = unlisted_advice(["evidence/a.pdf"], Path("d"), Language.EN)
    assert english.startswith("The evidence folder holds a file")


def test_no_report_replaces_evidence_named_with_backslashes(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "vog")
    write(tmp_path / "dossier.yaml", HEAD + "evidence:\n  - {id: vog, file: 'evidence\\vog.pdf'}\n")
    target = tmp_path / "evidence" / "vog.pdf"
    result = cli(["check", str(tmp_path), "--as-of", "2027-05-15", "--output", str(target)])
    assert result.exit_code == 2
    assert target.read_text("utf-8") == "vog"
