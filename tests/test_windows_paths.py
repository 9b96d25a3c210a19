"""Paths as Windows has them, simulated on any system: report names a Windows share takes,
dossiers and evidence named with `\\` and drive letters (see also test_evidence_names)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Cli, write
from hypothesis import given
from hypothesis import strategies as st

from toelating.report_folder import report_names

WINDOWS_DEVICES = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)),
}


def valid_on_windows(name: str) -> bool:
    stem = name.rsplit(".", 1)[0]
    return (
        not re.search(r'[<>:"/\\|?*\x00-\x1f]', name)
        and not name.endswith((".", " "))
        and not stem.endswith((".", " "))
        and stem.split(".")[0].casefold() not in WINDOWS_DEVICES
    )


@pytest.mark.parametrize(
    ("dossier", "expected"),
    [
        ("Klant: Flex B.V./dossier.yaml", "Klant_ Flex B.V.json"),
        ("con/dossier.yaml", "con_.json"),
        ("LPT1.yaml", "LPT1_.json"),
        ('offerte "nieuw"?.yaml', "offerte _nieuw__.json"),
        ("Flex B.V. /dossier.yaml", "Flex B.V.json"),
    ],
)
def test_report_names_are_valid_on_windows(tmp_path: Path, dossier: str, expected: str) -> None:
    (name,) = report_names([tmp_path / dossier], ".json")
    assert name == expected and valid_on_windows(name)


@given(
    st.lists(
        st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s and "\x00" not in s),
        min_size=1,
        max_size=5,
    )
)
def test_any_dossier_name_gives_distinct_report_names_windows_takes(stems: list[str]) -> None:
    names = report_names([Path("/batch") / f"{stem}.yaml" for stem in stems], ".json")
    assert all(valid_on_windows(name) for name in names), names
    assert len({name.casefold() for name in names}) == len(names)  # Windows ignores case


def test_a_dossier_naming_evidence_with_a_drive_letter_is_refused_there_not_read(
    cli: Cli, tmp_path: Path
) -> None:
    write(
        tmp_path / "dossier.yaml",
        "dossier_version: 2\nagency:\n  name: Test B.V.\n"
        "evidence:\n  - {id: vog, file: 'C:\\Users\\kantoor\\vog.pdf'}\n",
    )
    result = cli(
        ["check", str(tmp_path), "--as-of", "2027-05-15", "--format", "json", "--lang", "en"]
    )
    assert result.exit_code in (0, 1), result.stderr
    assert "the path leaves the dossier folder and was not opened" in result.stdout
