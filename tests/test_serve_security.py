"""The screen's guard: the session token on every request, Host and Origin checked, uploads
never written outside the dossier's evidence/ folder, and no dossier data in the server log."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from serve_support import HOST, ORIGIN, TOKEN, client, copied
from starlette.testclient import TestClient

from toelating.rulebook.load import Rulebook

PDF = b"%PDF-1.4\n% a test\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copied(EXAMPLES / "vog-outdated", tmp_path / "dossier")


@pytest.mark.parametrize("url", ["/", "/d/0/general", "/d/0/report.json", "/static/style.css"])
def test_no_token_no_page(folder: Path, rulebook: Rulebook, url: str) -> None:
    anonymous = client(folder, rulebook, signed_in=False)
    answer = anonymous.get(url)
    assert answer.status_code == 403
    assert "Flexwerk" not in answer.text


def test_a_wrong_token_or_cookie_is_refused(folder: Path, rulebook: Rulebook) -> None:
    anonymous = client(folder, rulebook, signed_in=False)
    assert anonymous.get("/?token=guess").status_code == 403
    anonymous.cookies.set("toelating_session", "guess")
    assert anonymous.get("/d/0/general").status_code == 403


def test_the_printed_address_signs_in_with_a_strict_cookie(
    folder: Path, rulebook: Rulebook
) -> None:
    anonymous = client(folder, rulebook, signed_in=False)
    answer = anonymous.get(f"/?token={TOKEN}")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert anonymous.get("/d/0/general").status_code == 200  # the cookie carries the token


@pytest.mark.parametrize("host", ["evil.example:8123", "127.0.0.1:9999", "127.0.0.1", ""])
def test_another_host_is_refused_even_with_the_token(
    folder: Path, rulebook: Rulebook, host: str
) -> None:
    signed_in = client(folder, rulebook)
    answer = signed_in.get(f"/d/0/general?token={TOKEN}", headers={"host": host})
    assert answer.status_code == 403  # DNS rebinding: a page of evil.example at our address


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"origin": "http://evil.example"},
        {"origin": "null"},
        {"referer": "http://evil.example/x"},
    ],
)
def test_a_post_from_elsewhere_is_refused(
    folder: Path, rulebook: Rulebook, headers: dict[str, str]
) -> None:
    signed_in = client(folder, rulebook)
    before = (folder / "dossier.yaml").read_bytes()
    data = {"list:/vog": "1", "item:/vog/0": "0", "/vog/0/issued_on": "2027-05-01"}
    answer = signed_in.post("/d/0/vog", data=data, headers=headers)
    assert answer.status_code == 403
    assert (folder / "dossier.yaml").read_bytes() == before


def test_a_post_from_the_screen_is_taken(folder: Path, rulebook: Rulebook) -> None:
    signed_in = client(folder, rulebook)
    data = {
        "list:/vog": "1",
        "item:/vog/0": "0",
        "/vog/0/issued_on": "2027-05-01",
        "version:": hashlib.sha256((folder / "dossier.yaml").read_bytes()).hexdigest(),
    }
    answer = signed_in.post("/d/0/vog", data=data, headers={"referer": f"{ORIGIN}/d/0/vog"})
    assert answer.status_code == 200
    assert "issued_on: 2027-05-01" in (folder / "dossier.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    "name",
    ["../../escape.pdf", "..\\..\\escape.pdf", "/etc/escape.pdf", "evidence/../../escape.pdf"],
)
def test_an_upload_never_leaves_the_evidence_folder(
    folder: Path, rulebook: Rulebook, name: str
) -> None:
    signed_in = client(folder, rulebook)
    answer = _upload(signed_in, name, PDF)
    assert answer.status_code == 200
    inside = sorted(p.name for p in (folder / "evidence").iterdir())
    assert inside == ["escape.pdf"]
    assert not (folder.parent / "escape.pdf").exists()
    assert "file: evidence/escape.pdf" in (folder / "dossier.yaml").read_text("utf-8")


def test_an_upload_through_a_linked_evidence_folder_is_refused(
    folder: Path, rulebook: Rulebook, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / "evidence").symlink_to(elsewhere)
    answer = _upload(client(folder, rulebook), "vog.pdf", PDF)
    assert answer.status_code == 200
    assert list(elsewhere.iterdir()) == []
    assert "evidence/" not in (folder / "dossier.yaml").read_text("utf-8").split("evidence:")[-1]


@pytest.mark.parametrize(
    ("name", "data"),
    [("vog.exe", b"MZ..."), ("vog.pdf", b"MZ not a pdf"), ("vog.html", b"<script>")],
)
def test_an_upload_of_another_kind_is_refused(
    folder: Path, rulebook: Rulebook, name: str, data: bytes
) -> None:
    before = (folder / "dossier.yaml").read_bytes()
    answer = _upload(client(folder, rulebook), name, data)
    assert answer.status_code == 200
    assert 'role="alert"' in answer.text
    assert not (folder / "evidence").exists() or not any((folder / "evidence").iterdir())
    assert (folder / "dossier.yaml").read_bytes() == before


def test_an_upload_too_large_is_refused(
    folder: Path, rulebook: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toelating.web import uploads

    monkeypatch.setattr(uploads, "MAX_BYTES", 1000)
    answer = _upload(client(folder, rulebook), "vog.pdf", PDF + b"x" * 70000)
    assert answer.status_code in (200, 413)
    assert not (folder / "evidence").exists() or not any((folder / "evidence").iterdir())


def test_the_server_log_holds_no_dossier_data(
    folder: Path, rulebook: Rulebook, caplog: pytest.LogCaptureFixture
) -> None:
    signed_in = client(folder, rulebook)
    with caplog.at_level("DEBUG"):
        signed_in.get("/d/0/agency")
        data = {"/agency/name": "Geheim Uitzendbureau B.V."}
        signed_in.post("/d/0/agency", data=data, headers={"origin": ORIGIN})
    logged = caplog.text
    assert "Geheim" not in logged and "Flexwerk" not in logged and TOKEN not in logged


def _upload(test_client: TestClient, name: str, data: bytes) -> Any:
    files = {"file": (name, data, "application/pdf")}
    return test_client.post(
        "/d/0/upload", files=files, data={"target": "/vog/0/evidence"}, headers={"origin": ORIGIN}
    )


def test_the_host_list_is_the_loopback_only() -> None:
    from toelating.web import HOST as BOUND

    assert BOUND == "127.0.0.1"
    assert HOST.startswith("127.0.0.1:")


def test_every_answer_forbids_frames_foreign_scripts_and_caching(
    folder: Path, rulebook: Rulebook
) -> None:
    answer = client(folder, rulebook).get("/d/0/general")
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"


def test_an_unlisted_evidence_file_is_linked_with_its_hash(
    folder: Path, rulebook: Rulebook
) -> None:
    import hashlib

    (folder / "evidence").mkdir()
    (folder / "evidence" / "vog-scan.pdf").write_bytes(PDF)
    signed_in = client(folder, rulebook)
    assert "evidence/vog-scan.pdf" in signed_in.get("/d/0/evidence").text
    data = {"file": "evidence/vog-scan.pdf", "target": "/vog/0/evidence"}
    signed_in.post("/d/0/link", data=data, headers={"origin": ORIGIN})
    text = (folder / "dossier.yaml").read_text("utf-8")
    assert f"sha256: {hashlib.sha256(PDF).hexdigest()}" in text
    assert "evidence: vog-scan" in text


@pytest.mark.parametrize("name", ["../dossier.yaml", "evidence/../dossier.yaml", "/etc/passwd"])
def test_only_an_unlisted_file_of_evidence_can_be_linked(
    folder: Path, rulebook: Rulebook, name: str
) -> None:
    before = (folder / "dossier.yaml").read_bytes()
    signed_in = client(folder, rulebook)
    answer = signed_in.post("/d/0/link", data={"file": name}, headers={"origin": ORIGIN})
    assert 'role="alert"' in answer.text
    assert (folder / "dossier.yaml").read_bytes() == before
