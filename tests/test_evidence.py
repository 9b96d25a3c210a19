"""Evidence files: existence, SHA-256, paths that leave the folder, and `evidence hash`."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Cli, write

from toelating.dossier.load import load_dossier
from toelating.evidence import EvidenceStatus, Folder

HEAD = "dossier_version: 1\nagency:\n  name: Test B.V.\n  kvk_number: '12345678'\n"


def as_version_2(text: str) -> str:
    """A dossier's text as `evidence hash` writes it back: version 1 becomes version 2."""
    for old in ("dossier_version: 1", '"dossier_version": 1'):
        if old in text:
            return text.replace(old, old[:-1] + "2", 1)
    raise AssertionError(f"no version 1 in {text!r}")


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
    real_open, real_path_open = os.open, Path.open

    def spy(name: object, *args: object, **kwargs: object) -> object:
        opened.append(str(name))
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    def path_spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(str(self))
        return real_path_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", spy)  # evidence is opened with os.open, from its folder
    monkeypatch.setattr(Path, "open", path_spy)
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
    assert updated == as_version_2(original).replace(
        "    file: evidence/vog.pdf\n", f"    file: evidence/vog.pdf\n    sha256: {digest}\n"
    ).replace(
        "{id: flow, file: evidence/vog.pdf}",
        f"{{id: flow, file: evidence/vog.pdf, sha256: {digest}}}",
    )
    assert cli(["evidence", "hash", str(tmp_path), "--check"]).exit_code == 0


def test_evidence_hash_writes_version_2_and_says_so(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "vog scan")
    digest = hashlib.sha256(b"vog scan").hexdigest()
    verified = HEAD + f"evidence:\n  - {{id: vog, file: evidence/vog.pdf, sha256: {digest}}}\n"
    dossier = write(tmp_path / "dossier.yaml", verified)
    result = cli(["evidence", "hash", str(tmp_path)])  # nothing to write: nothing upgraded
    assert result.stdout.splitlines()[-1] == "1 evidence files, 0 with problems"
    assert dossier.read_text("utf-8") == verified
    unhashed = HEAD + "evidence:\n  - id: vog    # the VOG\n    file: evidence/vog.pdf\n"
    write(dossier, unhashed)
    checked = cli(["evidence", "hash", str(tmp_path), "--check"])
    assert checked.exit_code == 1 and "upgraded" not in checked.stdout
    assert dossier.read_text("utf-8") == unhashed  # only read: still version 1
    result = cli(["evidence", "hash", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "1 evidence files, 0 with problems; dossier upgraded to format version 2"
    )
    assert dossier.read_text("utf-8") == as_version_2(unhashed) + f"    sha256: {digest}\n"
    assert load_dossier(dossier).dossier.dossier_version == 2


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


def test_evidence_hash_keeps_bom_and_crlf(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "vog scan")
    digest = hashlib.sha256(b"vog scan").hexdigest()
    text = HEAD + "evidence:\n  - id: vog\n    file: evidence/vog.pdf\n"
    dossier = tmp_path / "dossier.yaml"
    dossier.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    assert cli(["evidence", "hash", str(tmp_path)]).exit_code == 0
    expected = as_version_2(text) + f"    sha256: {digest}\n"
    assert dossier.read_bytes() == codecs.BOM_UTF8 + expected.replace("\n", "\r\n").encode()


def test_evidence_hash_keeps_the_null_spelling(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "deposit.pdf", "receipt")
    original = HEAD + (
        "deposit:\n"
        "  payments:\n"
        "    - amount_eur: 118.50\n"
        "      paid_on: null\n"
        "      evidence: receipt\n"
        "evidence:\n"
        "  - id: receipt\n"
        "    file: evidence/deposit.pdf\n"
    )
    dossier = write(tmp_path / "dossier.yaml", original)
    assert cli(["evidence", "hash", str(tmp_path)]).exit_code == 0
    digest = hashlib.sha256(b"receipt").hexdigest()
    assert dossier.read_text("utf-8") == as_version_2(original) + f"    sha256: {digest}\n"


def test_evidence_hash_keeps_a_comment_above_its_own_item(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "a.pdf", "scan a")
    write(tmp_path / "evidence" / "b.pdf", "scan b")
    original = HEAD + (
        "evidence:\n"
        "  - id: a\n"
        "    file: evidence/a.pdf\n"
        "  # the second document, from the hirer\n"
        "  - id: b\n"
        "    file: evidence/b.pdf\n"
    )
    dossier = write(tmp_path / "dossier.yaml", original)
    assert cli(["evidence", "hash", str(tmp_path)]).exit_code == 0
    a, b = (hashlib.sha256(data).hexdigest() for data in (b"scan a", b"scan b"))
    assert dossier.read_text("utf-8") == as_version_2(HEAD) + (
        "evidence:\n"
        "  - id: a\n"
        "    file: evidence/a.pdf\n"
        f"    sha256: {a}\n"
        "  # the second document, from the hirer\n"
        "  - id: b\n"
        "    file: evidence/b.pdf\n"
        f"    sha256: {b}\n"
    )


def test_evidence_hash_update_keeps_the_quotes(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "new scan")
    original = (
        HEAD + f"evidence:\n  - id: vog\n    file: evidence/vog.pdf\n    sha256: '{'a' * 64}'\n"
    )
    dossier = write(tmp_path / "dossier.yaml", original)
    assert cli(["evidence", "hash", str(tmp_path), "--update"]).exit_code == 0
    digest = hashlib.sha256(b"new scan").hexdigest()
    assert dossier.read_text("utf-8") == as_version_2(original).replace("a" * 64, digest)


def test_evidence_hash_keeps_a_private_dossier_private(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "vog scan")
    dossier = write(
        tmp_path / "dossier.yaml", HEAD + "evidence:\n  - {id: vog, file: evidence/vog.pdf}\n"
    )
    dossier.chmod(0o600)
    assert cli(["evidence", "hash", str(tmp_path)]).exit_code == 0
    assert hashlib.sha256(b"vog scan").hexdigest() in dossier.read_text("utf-8")
    assert stat.S_IMODE(dossier.stat().st_mode) == 0o600


def test_evidence_hash_keeps_json_decimals_exactly(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "evidence" / "deposit.pdf", "receipt")
    original = (
        "{\n"
        '  "dossier_version": 1,\n'
        '  "agency": {\n'
        '    "name": "Uitzendbureau Zoë B.V.",\n'
        '    "kvk_number": "12345678"\n'
        "  },\n"
        '  "deposit": {\n'
        '    "payments": [\n'
        '      {"amount_eur": 100000.00, "paid_on": null, "evidence": "receipt"}\n'
        "    ]\n"
        "  },\n"
        '  "evidence": [\n'
        '    {"file": "evidence/deposit.pdf", "id": "receipt"}\n'
        "  ],\n"
        '  "extensions": {"rate": 0.1234567890123456789012345, "empty": [], "none": {}}\n'
        "}\n"
    )
    dossier = write(tmp_path / "dossier.json", original)
    result = cli(["evidence", "hash", str(dossier)])
    assert result.exit_code == 0, result.stdout + result.stderr
    digest = hashlib.sha256(b"receipt").hexdigest()
    written = json.loads(dossier.read_text("utf-8"), parse_float=Decimal)
    assert written["deposit"]["payments"][0]["amount_eur"] == Decimal("100000.00")
    assert str(written["deposit"]["payments"][0]["amount_eur"]) == "100000.00"
    assert str(written["extensions"]["rate"]) == "0.1234567890123456789012345"
    assert list(written["evidence"][0].items()) == [
        ("file", "evidence/deposit.pdf"),
        ("sha256", digest),
        ("id", "receipt"),
    ]
    text = dossier.read_text("utf-8")
    assert "100000.00," in text and '"name": "Uitzendbureau Zoë B.V."' in text
    assert text.startswith('{\n  "dossier_version": 2,\n  "agency": {\n    "name"')
    assert text.endswith("\n}\n")
    assert cli(["evidence", "hash", str(dossier), "--check"]).exit_code == 0


def test_evidence_hash_keeps_a_json_dossiers_bom_crlf_and_one_line(
    cli: Cli, tmp_path: Path
) -> None:
    write(tmp_path / "evidence" / "vog.pdf", "vog scan")
    digest = hashlib.sha256(b"vog scan").hexdigest()
    text = (
        '{"dossier_version": 1, "agency": {"name": "Test B.V.", "kvk_number": "12345678"}, '
        '"evidence": [{"id": "vog", "file": "evidence/vog.pdf"}], "extensions": {"x": 2.50}}\r\n'
    )
    dossier = tmp_path / "dossier.json"
    dossier.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert cli(["evidence", "hash", str(dossier)]).exit_code == 0
    expected = as_version_2(text).replace(
        '"evidence/vog.pdf"', f'"evidence/vog.pdf", "sha256": "{digest}"'
    )
    assert dossier.read_bytes() == codecs.BOM_UTF8 + expected.encode("utf-8")


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make path unreadable: chmod 000, and for root (who reads it anyway) a failing open
    of its name (evidence is opened by name from a descriptor of its folder)."""
    path.chmod(0)
    if os.geteuid() != 0:
        return
    real_open = os.open

    def refuse(name: str, flags: int, *args: object, **kwargs: object) -> int:
        if name == path.name:
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)


@pytest.mark.parametrize("hashed", [False, True])
def test_an_unreadable_evidence_file_is_a_problem_not_a_crash(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hashed: bool
) -> None:
    scan = write(tmp_path / "evidence" / "vog.pdf", "vog scan")
    write(tmp_path / "evidence" / "ok.pdf", "ok scan")
    sha = f", sha256: '{hashlib.sha256(b'vog scan').hexdigest()}'" if hashed else ""
    original = HEAD + (
        f"evidence:\n  - {{id: vog, file: evidence/vog.pdf{sha}}}\n"
        "  - {id: ok, file: evidence/ok.pdf}\n"
    )
    dossier = write(tmp_path / "dossier.yaml", original)
    _unreadable(scan, monkeypatch)
    try:
        for args in (["--check"], [], ["--update"]):
            result = cli(["evidence", "hash", str(tmp_path), *args])
            assert result.exit_code == 1, result.stdout + result.stderr
            assert "unreadable vog evidence/vog.pdf" in " ".join(result.stdout.split())
            assert "2 evidence files, " in result.stdout
        assert "unreadable" not in dossier.read_text("utf-8")
        assert hashlib.sha256(b"ok scan").hexdigest() in dossier.read_text("utf-8")
        assert "vog scan" not in dossier.read_text("utf-8")
        if hashed:
            finding = evid_01(cli, tmp_path)["findings"][0]  # type: ignore[index]
            assert "cannot be read" in finding["message"]
    finally:
        scan.chmod(0o644)


def test_a_link_loop_is_unreadable_not_a_crash(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    os.symlink("b.pdf", tmp_path / "evidence" / "a.pdf")
    os.symlink("a.pdf", tmp_path / "evidence" / "b.pdf")
    write(
        tmp_path / "dossier.yaml",
        HEAD + f"evidence:\n  - {{id: a, file: evidence/a.pdf, sha256: '{'0' * 64}'}}\n",
    )
    result = cli(["evidence", "hash", str(tmp_path)])
    assert result.exit_code == 1, result.stderr
    assert "unreadable a evidence/a.pdf" in " ".join(result.stdout.split())
    assert "cannot be read" in evid_01(cli, tmp_path)["findings"][0]["message"]  # type: ignore[index]


def test_evidence_hash_writes_nothing_over_a_dossier_changed_meanwhile(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toelating.evidence

    write(tmp_path / "evidence" / "vog.pdf", "vog scan")
    dossier = write(
        tmp_path / "dossier.yaml", HEAD + "evidence:\n  - {id: v, file: evidence/vog.pdf}\n"
    )
    edited = dossier.read_text("utf-8") + "# edited by hand meanwhile\n"
    real_digest = toelating.evidence.evidence_digest

    def digest_while_edited(root: Folder | None, relative: str) -> str | EvidenceStatus:
        dossier.write_text(edited, "utf-8")
        return real_digest(root, relative)

    monkeypatch.setattr(toelating.evidence, "evidence_digest", digest_while_edited)
    result = cli(["evidence", "hash", str(tmp_path)])
    assert result.exit_code == 2
    assert "changed on disk during evidence hash; run again" in result.stderr
    assert dossier.read_text("utf-8") == edited
