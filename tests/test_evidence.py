"""Evidence files: existence, SHA-256, paths that leave the folder, and `evidence hash`."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, write

Cli = Callable[..., CliResult]
HEAD = "dossier_version: 1\nagency:\n  name: Test B.V.\n  kvk_number: '12345678'\n"


def evid_01(cli: Cli, folder: Path) -> dict[str, object]:
    result = cli(["check", str(folder), "--as-of", "2027-05-15", "--format", "json"])
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    return next(r for r in report["results"] if r["rule_id"] == "EVID-01")


def test_present_missing_and_changed_files(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "a.pdf", "scan a")
    good = hashlib.sha256(b"scan a").hexdigest()
    write(
        tmp_path / "dossier.yaml",
        HEAD
        + (
            "evidence:\n"
            f"  - {{id: a, file: evidence/a.pdf, sha256: '{good}'}}\n"
            "  - {id: b, file: evidence/b.pdf}\n"
            f"  - {{id: c, file: evidence/a.pdf, sha256: '{'0' * 64}'}}\n"
            "  - {id: d, file: evidence}\n"
        ),
    )
    result = evid_01(cli, tmp_path)
    assert result["outcome"] == "fail"
    messages = {f["path"]: f["message"] for f in result["findings"]}  # type: ignore[union-attr]
    assert set(messages) == {"/evidence/1", "/evidence/2", "/evidence/3"}
    assert "does not exist" in messages["/evidence/1"]
    assert "does not match" in messages["/evidence/2"]
    assert "folder, not a file" in messages["/evidence/3"]


@pytest.mark.parametrize(
    "escape", ["../secret.txt", "/etc/passwd", "evidence/../../secret.txt", "C:\\\\secret.txt"]
)
def test_paths_that_leave_the_folder_are_refused_unread(
    cli: Cli, tmp_path: Path, escape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "dossier"
    write(tmp_path / "secret.txt", "secret")
    write(
        folder / "dossier.yaml",
        HEAD + f"evidence:\n  - {{id: x, file: '{escape}', sha256: '{'0' * 64}'}}\n",
    )
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    result = evid_01(cli, folder)
    assert result["outcome"] == "fail"
    assert "leaves the dossier folder" in result["findings"][0]["message"]  # type: ignore[index]
    assert not any("secret" in path for path in opened)


def test_symlink_pointing_out_is_refused(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    write(tmp_path / "secret.txt", "secret")
    (folder / "evidence").mkdir(parents=True)
    os.symlink(tmp_path / "secret.txt", folder / "evidence" / "link.pdf")
    write(folder / "dossier.yaml", HEAD + "evidence:\n  - {id: x, file: evidence/link.pdf}\n")
    assert "leaves the dossier folder" in evid_01(cli, folder)["findings"][0]["message"]  # type: ignore[index]


def test_evidence_hash_fills_in_and_keeps_comments_and_order(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "vog scan")
    original = HEAD + (
        "# the documents\n"
        "evidence:\n"
        "  - id: vog          # VOG-RP from Justis\n"
        "    file: evidence/vog.pdf\n"
        "  - {id: flow, file: evidence/vog.pdf}\n"
        "extensions: {zeta: 1, alpha: 2}\n"
    )
    dossier = write(tmp_path / "dossier.yaml", original)
    assert (
        cli(["evidence", "hash", str(tmp_path), "--check"]).exit_code == 1
    )  # unhashed: nothing written
    assert dossier.read_text("utf-8") == original
    result = cli(["evidence", "hash", str(tmp_path)])
    assert result.exit_code == 0, result.stdout
    digest = hashlib.sha256(b"vog scan").hexdigest()
    updated = dossier.read_text("utf-8")
    assert updated == original.replace(
        "    file: evidence/vog.pdf\n", f"    file: evidence/vog.pdf\n    sha256: {digest}\n"
    ).replace(
        "{id: flow, file: evidence/vog.pdf}",
        f"{{id: flow, file: evidence/vog.pdf, sha256: {digest}}}",
    )
    assert cli(["evidence", "hash", str(tmp_path), "--check"]).exit_code == 0


def test_evidence_hash_leaves_a_mismatch_unless_told(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "new scan")
    dossier = write(
        tmp_path / "dossier.yaml",
        HEAD + f"evidence:\n  - {{id: vog, file: evidence/vog.pdf, sha256: '{'a' * 64}'}}\n",
    )
    before = dossier.read_bytes()
    result = cli(["evidence", "hash", str(tmp_path)])
    assert result.exit_code == 1 and "mismatch" in result.stdout
    assert dossier.read_bytes() == before
    assert cli(["evidence", "hash", str(tmp_path), "--update"]).exit_code == 0
    assert hashlib.sha256(b"new scan").hexdigest() in dossier.read_text("utf-8")
