"""`toelating upgrade`: version 1 becomes version 2, every other byte stays; refusals leave the
file alone."""

from __future__ import annotations

import codecs
import json
import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import MINIMAL_DOSSIER, Cli, write

from toelating.dossier.load import load_dossier
from toelating.errors import InputError

# Comments everywhere, the version neither first nor plainly spaced, a dossier_version of
# its own under extensions before the real one, flow mappings with odd spacing, two list
# indentations and an end-of-document marker: a YAML writer would change most of these.
ODD_YAML = """\
%YAML 1.2
---
# yaml-language-server: $schema=dossier.schema.json
agency:   {name:  'Zoë B.V.' ,  kvk_number: "12345678"}   # flow, odd spacing
extensions:
    dossier_version: 1       # not the dossier's: free-form data
    zeta:    1
    alpha: [ 1,2 ]
# the format
dossier_version:    1     # written by hand in 2026
deposit:
  payments:
  - amount_eur: 100000.00
    paid_on: ~
workers:
-   id: W-1   # first
    languages: [ro]

# the second worker
- id: W-2
...
"""

ODD_JSON = (
    '{"extensions": {"dossier_version": 1, "rate": 0.1234567890123456789012345},\n'
    '\t"agency":{"name":"Uitzendbureau Zo\\u00eb B.V.","kvk_number":"12345678"},\n'
    '  "dossier_version" :  1 ,\n'
    '  "deposit": {"payments": [{"amount_eur": 100000.00, "paid_on": null}]}}'
)


def upgraded(text: str, old: str, new: str) -> str:
    """The text with old, which must be there once, replaced by new."""
    assert text.count(old) == 1
    return text.replace(old, new)


@pytest.mark.parametrize(("bom", "crlf"), [(False, False), (True, True)])
def test_yaml_changes_only_the_version(cli: Cli, tmp_path: Path, bom: bool, crlf: bool) -> None:
    def encoded(text: str) -> bytes:
        text = text.replace("\n", "\r\n") if crlf else text
        return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")

    dossier = tmp_path / "dossier.yaml"
    dossier.write_bytes(encoded(ODD_YAML))
    result = cli(["upgrade", str(dossier)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{dossier}: upgraded from dossier format version 1 to version 2\n"
    expected = upgraded(ODD_YAML, "dossier_version:    1  ", "dossier_version:    2  ")
    assert dossier.read_bytes() == encoded(expected)
    assert load_dossier(dossier).dossier.dossier_version == 2


def test_json_changes_only_the_version_keeping_decimals_and_order(cli: Cli, tmp_path: Path) -> None:
    dossier = write(tmp_path / "dossier.json", ODD_JSON)
    result = cli(["upgrade", str(dossier)])
    assert result.exit_code == 0, result.stderr
    assert dossier.read_text("utf-8") == upgraded(
        ODD_JSON, '"dossier_version" :  1 ,', '"dossier_version" :  2 ,'
    )
    data = json.loads(dossier.read_text("utf-8"), parse_float=Decimal)
    assert list(data) == ["extensions", "agency", "dossier_version", "deposit"]
    assert str(data["deposit"]["payments"][0]["amount_eur"]) == "100000.00"
    assert str(data["extensions"]["rate"]) == "0.1234567890123456789012345"
    assert data["extensions"]["dossier_version"] == 1  # free-form data is not the format's
    assert load_dossier(dossier).dossier.dossier_version == 2


@pytest.mark.parametrize("spelling", ["1.0", "+1", "1 # one"])
def test_other_spellings_of_version_1_become_2(cli: Cli, tmp_path: Path, spelling: str) -> None:
    text = f"dossier_version: {spelling}\nagency: {{name: X}}\n"
    dossier = write(tmp_path / "dossier.yaml", text)
    assert cli(["upgrade", str(dossier)]).exit_code == 0
    expected = "dossier_version: 2" + (" # one" if "#" in spelling else "")
    assert dossier.read_text("utf-8") == f"{expected}\nagency: {{name: X}}\n"


def test_a_folder_is_upgraded_and_the_message_speaks_dutch(cli: Cli, tmp_path: Path) -> None:
    dossier = write(tmp_path / "mijn-dossier" / "dossier.yaml", MINIMAL_DOSSIER)
    result = cli(["upgrade", str(dossier.parent), "--lang", "nl"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{dossier}: omgezet van dossierformaat versie 1 naar versie 2\n"
    assert dossier.read_text("utf-8") == MINIMAL_DOSSIER.replace("version: 1", "version: 2")


def test_a_version_2_dossier_is_left_untouched(cli: Cli, tmp_path: Path) -> None:
    text = MINIMAL_DOSSIER.replace("version: 1", "version: 2") + "# keep: me\n"
    dossier = write(tmp_path / "dossier.yaml", text)
    os.utime(dossier, (1_000_000_000, 1_000_000_000))  # a write now would show in the mtime
    result = cli(["upgrade", str(dossier)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{dossier}: already dossier format version 2; nothing changed\n"
    assert dossier.read_text("utf-8") == text
    assert dossier.stat().st_mtime == 1_000_000_000


def test_a_version_1_dossier_with_fields_of_version_2_is_upgraded(cli: Cli, tmp_path: Path) -> None:
    """load.py tells such a file to run `toelating upgrade`: so that must work."""
    text = MINIMAL_DOSSIER + "  registered_as_lender_since: 2015-04-01\n"
    dossier = write(tmp_path / "dossier.yaml", text)
    with pytest.raises(InputError, match="toelating upgrade"):
        load_dossier(dossier)
    assert cli(["upgrade", str(dossier)]).exit_code == 0
    assert dossier.read_text("utf-8") == text.replace("version: 1", "version: 2")


REFUSED = [
    ("dossier.yaml", "dossier_version: 1\nagency: [\n", "invalid YAML"),
    ("dossier.yaml", "dossier_version: 1\nagency:\n  name: X\n  kvk: 1\n", "/agency/kvk unknown"),
    ("dossier.yaml", "dossier_version: 3\nagency: {name: X}\n", "unsupported dossier_version"),
    ("dossier.yaml", "agency: {name: X}\n", "/dossier_version required field is missing"),
    ("dossier.yaml", "- dossier_version: 1\n", "the file is a list"),
    ("dossier.yaml", "", "file is empty"),
    ("dossier.json", '{"dossier_version": 1, "agency": {"name": "X"},}', "invalid JSON"),
    ("dossier.json", '{"dossier_version": "1", "agency": {"name": "X"}}', "unsupported"),
    ("dossier.txt", MINIMAL_DOSSIER, "expected a .yaml, .yml or .json file"),
]


@pytest.mark.parametrize(("name", "text", "message"), REFUSED)
def test_what_is_not_a_valid_dossier_is_refused_and_left_alone(
    cli: Cli, tmp_path: Path, name: str, text: str, message: str
) -> None:
    dossier = write(tmp_path / name, text)
    result = cli(["upgrade", str(dossier)])
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith(f"error: {dossier}") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stdout == "" and dossier.read_text("utf-8") == text


def test_a_missing_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli(["upgrade", str(tmp_path / "dossier.yaml")])
    assert result.exit_code == 2 and result.stderr.endswith("file not found\n")


def test_a_symbolic_link_stays_a_link_and_its_target_unchanged(cli: Cli, tmp_path: Path) -> None:
    target = write(tmp_path / "real" / "dossier.yaml", MINIMAL_DOSSIER)
    link = tmp_path / "linked" / "dossier.yaml"
    link.parent.mkdir()
    link.symlink_to(target)
    for argument in (link, link.parent):
        result = cli(["upgrade", str(argument)])
        assert result.exit_code == 2, result.stdout
        assert result.stderr == (
            f"error: {link}: is a symbolic link (to {target}); upgrade the file it points to,"
            " so the link stays a link\n"
        )
        assert link.is_symlink() and target.read_text("utf-8") == MINIMAL_DOSSIER
    assert cli(["upgrade", str(target)]).exit_code == 0
    assert link.is_symlink() and load_dossier(link).dossier.dossier_version == 2


def test_a_read_only_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    dossier = write(tmp_path / "dossier.yaml", MINIMAL_DOSSIER)
    dossier.chmod(0o444)
    try:
        result = cli(["upgrade", str(dossier)])
        assert result.exit_code == 2, result.stdout
        assert "is read-only" in result.stderr and len(result.stderr.splitlines()) == 1
        assert dossier.read_text("utf-8") == MINIMAL_DOSSIER
        assert stat.S_IMODE(dossier.stat().st_mode) == 0o444
    finally:
        dossier.chmod(0o644)


def test_the_file_keeps_its_mode(cli: Cli, tmp_path: Path) -> None:
    dossier = write(tmp_path / "dossier.yaml", MINIMAL_DOSSIER)
    dossier.chmod(0o640)
    assert cli(["upgrade", str(dossier)]).exit_code == 0
    assert stat.S_IMODE(dossier.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["dossier.yaml"]  # no temporary file left


def test_a_dossier_edited_meanwhile_is_not_overwritten(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toelating.output

    dossier = write(tmp_path / "dossier.yaml", MINIMAL_DOSSIER)
    edited = MINIMAL_DOSSIER + "# edited by hand meanwhile\n"
    real_check = toelating.output.refuse_to_replace

    def check_while_edited(file: Path, verb: str) -> None:
        dossier.write_text(edited, "utf-8")
        real_check(file, verb)

    monkeypatch.setattr(toelating.output, "refuse_to_replace", check_while_edited)
    result = cli(["upgrade", str(dossier)])
    assert result.exit_code == 2
    assert "changed on disk during the upgrade; run again" in result.stderr
    assert dossier.read_text("utf-8") == edited
