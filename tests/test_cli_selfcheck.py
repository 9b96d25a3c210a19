"""The self-check commands through the CLI: init and import (the to-do list: test_report_text)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, Cli, write


def test_init_then_check_is_incomplete_and_init_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mijn-dossier"
    created = cli(["init", str(folder)])
    assert created.exit_code == 0, created.stderr
    assert (
        (folder / "dossier.yaml")
        .read_text("utf-8")
        .startswith("# yaml-language-server: $schema=./dossier.schema.json")
    )
    checked = cli(["check", str(folder), "--format", "json"])
    assert checked.exit_code == 1 and json.loads(checked.stdout)["verdict"] == "incomplete"
    before = (folder / "dossier.yaml").read_bytes()
    again = cli(["init", str(folder), "--lang", "en"])
    assert again.exit_code == 2 and "never overwrites" in again.stderr
    assert (folder / "dossier.yaml").read_bytes() == before


def test_import_workers_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    dossier = write(
        tmp_path / "dossier.yaml", (EXAMPLES / "flexwerk-noord" / "dossier.yaml").read_text("utf-8")
    )
    csv_file = write(
        tmp_path / "workers.csv",
        "personeelsnummer;naam;geboortedatum;talen\nW-100;Zofia Kamińska;03-04-1999;pl\n",
    )
    result = cli(["import", "workers", str(csv_file), "--dossier", str(dossier)])
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stdout
    assert "Zofia Kamińska" in dossier.read_text("utf-8")
    bad = write(tmp_path / "bad.csv", "personeelsnummer;geboortedatum\nW-101;31-02-1999\n")
    before = dossier.read_bytes()
    refused = cli(["import", "workers", str(bad), "--dossier", str(dossier)])
    assert refused.exit_code == 2 and f"{bad}:2" in refused.stderr
    assert dossier.read_bytes() == before
