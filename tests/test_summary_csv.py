"""summary.csv opens as columns in the user's spreadsheet: Dutch Excel wants `;` and a byte
order mark (else one column and mangled accents), English a plain comma-separated file; a
refused dossier says why in the reason column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import EXAMPLES, Cli, write


def batch(cli: Cli, tmp_path: Path, language: str) -> bytes:
    broken = write(tmp_path / "kapot.yaml", "agency: [\n")
    out = tmp_path / f"uit-{language}"
    listing = "\n".join([str(EXAMPLES / "vog-outdated"), str(broken)])
    result = cli(
        ["check", "-", "--as-of", "2027-05-15", "--output-dir", str(out), "--lang", language],
        stdin=listing,
    )
    assert result.exit_code == 2, result.stderr
    return (out / "summary.csv").read_bytes()


def test_dutch_summary_has_semicolons_a_bom_and_dutch_words(cli: Cli, tmp_path: Path) -> None:
    data = batch(cli, tmp_path, "nl")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header, good, refused = rows
    assert header[:4] == ["dossier", "uitlener", "kvk_nummer", "oordeel"]
    assert header[-1] == "reden"
    assert len(good) == len(header) == len(refused)
    assert good[1] == "Flexwerk Noord B.V." and good[3] == "voldoet niet"
    assert refused[3] == "geweigerd" and refused[-1]  # why it was refused
    assert good[-1] == ""


def test_english_summary_is_plain_comma_separated(cli: Cli, tmp_path: Path) -> None:
    data = batch(cli, tmp_path, "en")
    assert not data.startswith(b"\xef\xbb\xbf")
    header, good, refused = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert header[:4] == ["dossier", "agency", "kvk_number", "verdict"]
    assert header[-1] == "reason"
    assert good[3] == "non_compliant" and refused[3] == "refused" and refused[-1]
