"""Refusals to write a report or an edited input, said in the command's language."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF, EXAMPLES, Cli
from test_language import dutch_only

from toelating.targets import os_reason

V1_DOSSIER = "dossier_version: 1\nagency:\n  name: Test B.V.\n"


def _example(tmp_path: Path) -> Path:
    folder = tmp_path / "voorbeeld"
    shutil.copytree(EXAMPLES / "flexwerk-noord", folder)
    return folder


# (case, words in Dutch, words in English)
REPORT_REFUSALS = [
    ("missing folder", "bestaat niet", "does not exist"),
    ("below a file", "is een bestand, geen map", "is a file, not a folder"),
    ("onto the dossier", "een rapport vervangt nooit invoer", "a report never replaces an input"),
    ("a folder", "is een map; geef een bestandsnaam", "is a folder; give a file name"),
    ("a link", "is een symbolische koppeling", "is a symbolic link"),
    ("twice", "wordt twee keer genoemd", "is named twice"),
]


def _report_arguments(case: str, tmp_path: Path, example: Path) -> list[str]:
    if case == "missing folder":
        return ["--output", str(tmp_path / "nergens" / "r.json")]
    if case == "below a file":
        return ["--output", str(example / "dossier.yaml" / "r.json")]
    if case == "onto the dossier":
        return ["--output", f"json={example / 'dossier.yaml'}"]
    if case == "a folder":
        return ["--output", f"json={tmp_path}"]
    if case == "a link":
        (tmp_path / "link.json").symlink_to(tmp_path / "elders.json")
        return ["--output", str(tmp_path / "link.json")]
    return ["--output", str(tmp_path / "r.json"), "--output", str(tmp_path / "r.json")]


@pytest.mark.parametrize(("case", "dutch", "english"), REPORT_REFUSALS)
def test_a_report_place_is_refused_in_the_language(
    cli: Cli, tmp_path: Path, case: str, dutch: str, english: str
) -> None:
    example = _example(tmp_path)
    arguments = ["check", str(example), *AS_OF, *_report_arguments(case, tmp_path, example)]
    said_nl = cli([*arguments, "--lang", "nl"])
    assert said_nl.exit_code == 2 and said_nl.stderr.startswith("fout: "), said_nl.stderr
    assert dutch in said_nl.stderr and not dutch_only(said_nl.stderr), said_nl.stderr
    said_en = cli([*arguments, "--lang", "en"])
    assert said_en.exit_code == 2 and english in said_en.stderr, said_en.stderr


def _upgrade_target(case: str, tmp_path: Path) -> Path:
    dossier = tmp_path / "oud" / "dossier.yaml"
    dossier.parent.mkdir()
    dossier.write_text(V1_DOSSIER, encoding="utf-8")
    if case == "read-only":
        dossier.chmod(0o444)
    elif case == "hard links":
        os.link(dossier, tmp_path / "tweede.yaml")
    elif case == "link":
        link = tmp_path / "koppeling.yaml"
        link.symlink_to(dossier)
        return link
    return dossier


_ROOT = pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")


@pytest.mark.parametrize(
    ("case", "dutch", "english"),
    [
        pytest.param(
            "read-only",
            "is alleen-lezen; maak het schrijfbaar (chmod u+w) voor het bijwerken",
            "is read-only; make it writable (chmod u+w) to upgrade it",
            marks=_ROOT,
        ),
        ("hard links", "heeft 2 namen (harde koppelingen)", "has 2 names (hard links)"),
        (
            "link",
            "gebruik voor het bijwerken het bestand waar de koppeling naar wijst",
            "upgrade the file it points to",
        ),
    ],
)
def test_an_edit_is_refused_in_the_language(
    cli: Cli, tmp_path: Path, case: str, dutch: str, english: str
) -> None:
    target = _upgrade_target(case, tmp_path)
    said_nl = cli(["upgrade", str(target), "--lang", "nl"])
    assert said_nl.exit_code == 2 and dutch in said_nl.stderr, said_nl.stderr
    assert not dutch_only(said_nl.stderr), said_nl.stderr
    said_en = cli(["upgrade", str(target), "--lang", "en"])
    assert said_en.exit_code == 2 and english in said_en.stderr, said_en.stderr


@pytest.mark.parametrize(
    ("number", "dutch", "english"),
    [
        (errno.ENAMETOOLONG, "te lang voor het bestandssysteem", "too long for the file system"),
        (errno.ENOSPC, "de schijf is vol", "no space left on the device"),
        (errno.EACCES, "geen toestemming of alleen-lezen", "(read-only or no permission)"),
        (errno.EIO, "kan niet schrijven: ", "cannot write: "),
    ],
)
def test_a_system_error_is_said_in_the_language(number: int, dutch: str, english: str) -> None:
    reason = os_reason(OSError(number, os.strerror(number)))
    assert dutch in reason.render("nl") and english in reason.render("en")
