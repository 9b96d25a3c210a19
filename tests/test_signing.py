"""Signed PDF reports and `toelating verify`, with a throwaway CA and a local timestamp service.

A signed report verifies after a round trip; one changed byte of the dossier, of an evidence
file or of the PDF does not; nor does a signer outside the trusted roots. Wrong passphrases,
missing options and a timestamp server that does not answer are refused with exit 2, and
nothing is written.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli
from signing_pki import PASSPHRASE, Pki, make_pki, timestamp_service

from toelating.signing import PASSPHRASE_VARIABLE

AS_OF = "2027-05-15"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"), signer_name="Łukasz Wójcik")


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    """flexwerk-noord with two evidence files beside it."""
    folder = tmp_path / "dossier"
    shutil.copytree(EXAMPLES / "flexwerk-noord", folder)
    (folder / "evidence").mkdir()
    (folder / "evidence" / "vog.pdf").write_bytes(b"%PDF-1.7 VOG scan")
    (folder / "evidence" / "rie.pdf").write_bytes(b"%PDF-1.7 RI&E")
    with (folder / "dossier.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "evidence:\n"
            "  - {id: EV-VOG, file: evidence/vog.pdf}\n"
            "  - {id: EV-RIE, file: evidence/rie.pdf}\n"
        )
    return folder


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_VARIABLE, PASSPHRASE)


def signed(cli: Cli, dossier: Path, pki: Pki, *extra: str) -> Path:
    pdf = dossier.parent / "rapport.pdf"
    args = ["check", str(dossier), "--as-of", AS_OF, "--output", str(pdf), "--sign"]
    result = cli([*args, str(pki.signer_p12), "--inspector", "Łukasz Wójcik", *extra])
    assert result.exit_code in (0, 1, 3), result.stderr
    assert pdf.is_file()
    return pdf


def verify(cli: Cli, pdf: Path, *args: str) -> tuple[int, str]:
    result = cli(["verify", str(pdf), *args])
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.usefixtures("passphrase")
def test_a_signed_report_with_a_timestamp_verifies_after_a_round_trip(
    cli: Cli, dossier: Path, pki: Pki
) -> None:
    with timestamp_service(pki) as url:
        pdf = signed(cli, dossier, pki, "--timestamp-url", url)
    code, said = verify(cli, pdf, str(dossier), "--trust", str(pki.root_pem))
    assert code == 0, said
    assert "Łukasz Wójcik" in said
    assert "timestamp" in said and "Test-TSA toelating (Keurmerk Toetsing B.V.): valid" in said
    assert "dossier.yaml: SHA-256 matches" in said
    assert "EV-VOG (evidence/vog.pdf): SHA-256 matches" in said
    assert "EV-RIE (evidence/rie.pdf): SHA-256 matches" in said
    assert "✗" not in said


@pytest.mark.usefixtures("passphrase")
def test_verify_speaks_dutch(cli: Cli, dossier: Path, pki: Pki) -> None:
    pdf = signed(cli, dossier, pki)
    code, said = verify(cli, pdf, str(dossier), "--trust", str(pki.root_pem), "--lang", "nl")
    assert code == 0, said
    assert "Handtekening" in said and "Uitkomst: alles klopt." in said
    assert "geen tijdstempel" in said


@pytest.mark.usefixtures("passphrase")
@pytest.mark.parametrize("changed", ["dossier.yaml", "evidence/vog.pdf"])
def test_one_changed_byte_of_the_dossier_or_its_evidence_does_not_verify(
    cli: Cli, dossier: Path, pki: Pki, changed: str
) -> None:
    pdf = signed(cli, dossier, pki)
    target = dossier / changed
    data = bytearray(target.read_bytes())
    data[-2] ^= 0x01  # one bit of one byte
    target.write_bytes(bytes(data))
    code, said = verify(cli, pdf, str(dossier), "--trust", str(pki.root_pem))
    assert code == 1, said
    assert "SHA-256 differs" in said
    assert "NOT everything matches" in said


@pytest.mark.usefixtures("passphrase")
def test_a_missing_evidence_file_does_not_verify(cli: Cli, dossier: Path, pki: Pki) -> None:
    pdf = signed(cli, dossier, pki)
    (dossier / "evidence" / "rie.pdf").unlink()
    code, said = verify(cli, pdf, str(dossier), "--trust", str(pki.root_pem))
    assert code == 1 and "EV-RIE (evidence/rie.pdf): missing or unreadable (missing)" in said


@pytest.mark.usefixtures("passphrase")
def test_one_changed_byte_of_the_pdf_does_not_verify(cli: Cli, dossier: Path, pki: Pki) -> None:
    pdf = signed(cli, dossier, pki)
    data = pdf.read_bytes()
    at = data.index(b'"check_date": "2027-05-15"') + len(b'"check_date": "2027-05-1')
    pdf.write_bytes(data[:at] + b"6" + data[at + 1 :])  # the report now claims another day
    code, said = verify(cli, pdf, str(dossier), "--trust", str(pki.root_pem))
    assert code == 1, said
    assert "NOT intact" in said


@pytest.mark.usefixtures("passphrase")
def test_bytes_added_after_signing_do_not_verify(cli: Cli, dossier: Path, pki: Pki) -> None:
    pdf = signed(cli, dossier, pki)
    with pdf.open("ab") as file:
        file.write(b"\n% a later revision\n")
    code, said = verify(cli, pdf, str(dossier), "--trust", str(pki.root_pem))
    assert code == 1 and "added to the file after it was signed" in said, said


@pytest.mark.usefixtures("passphrase")
def test_a_signer_outside_the_trusted_roots_does_not_verify(
    cli: Cli, dossier: Path, pki: Pki
) -> None:
    pdf = signed(cli, dossier, pki)
    code, said = verify(cli, pdf, str(dossier), "--trust", str(pki.other_root_pem))
    assert code == 1 and "does NOT lead to a root given with --trust" in said
    code, said = verify(cli, pdf, str(dossier))  # no --trust: the signer is named, not vouched for
    assert code == 1 and "not verified against a trusted root" in said
    assert "Traceback" not in said


@pytest.mark.usefixtures("passphrase")
def test_the_signature_sits_in_the_signature_block_and_names_the_report(
    cli: Cli, dossier: Path, pki: Pki
) -> None:
    from pypdf import PdfReader

    pdf = signed(cli, dossier, pki, "--organisation", "Keurmerk Toetsing B.V.")
    reader = PdfReader(pdf)
    (field,) = [f for f in (reader.get_fields() or {}).values() if f.get("/FT") == "/Sig"]
    value = field["/V"]
    identity = reader.attachments["identity.json"][0].decode("utf-8")
    assert value["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert value["/Location"] == "Keurmerk Toetsing B.V."
    report_id = identity.split('"report_id": "')[1].split('"')[0]
    assert report_id in value["/Reason"]
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    assert any(w.get("/FT") == "/Sig" and "/AP" in w for w in widgets)  # visible, last page


def test_an_unsigned_report_does_not_verify_but_says_why(cli: Cli, dossier: Path) -> None:
    pdf = dossier.parent / "unsigned.pdf"
    cli(["check", str(dossier), "--as-of", AS_OF, "--output", str(pdf)])
    code, said = verify(cli, pdf, str(dossier))
    assert code == 1 and "the report is not digitally signed" in said
    assert "dossier.yaml: SHA-256 matches" in said


def test_verify_refuses_what_is_not_a_pdf_report(cli: Cli, dossier: Path) -> None:
    code, said = verify(cli, dossier / "dossier.yaml", str(dossier))
    assert code == 2 and "is not a PDF" in said
    code, said = verify(cli, dossier / "nothing.pdf")
    assert code == 2 and "file not found" in said  # read as every input is (source.read_bytes)


def test_a_wrong_passphrase_is_refused_before_anything_is_written(
    cli: Cli, dossier: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSPHRASE_VARIABLE, "wrong")
    pdf = dossier.parent / "rapport.pdf"
    args = ["check", str(dossier), "--output", str(pdf), "--sign", str(pki.signer_p12)]
    result = cli(args)
    assert result.exit_code == 2
    assert "signer.p12" in result.stderr and "passphrase is wrong" in result.stderr
    assert not pdf.exists()


def test_without_a_passphrase_and_no_terminal_signing_is_refused(
    cli: Cli, dossier: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PASSPHRASE_VARIABLE, raising=False)
    pdf = dossier.parent / "rapport.pdf"
    result = cli(["check", str(dossier), "--output", str(pdf), "--sign", str(pki.signer_p12)])
    assert result.exit_code == 2 and PASSPHRASE_VARIABLE in result.stderr
    assert not pdf.exists()


@pytest.mark.usefixtures("passphrase")
@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--output", "rapport.json"], "signs a PDF report"),
        (["--output", "rapport.pdf", "--output-dir", "out"], "signs one dossier's report"),
    ],
)
def test_signing_needs_one_dossier_and_a_pdf(
    cli: Cli, dossier: Path, pki: Pki, extra: list[str], said: str
) -> None:
    extra = [str(dossier.parent / e) if "." in e or e == "out" else e for e in extra]
    result = cli(["check", str(dossier), "--sign", str(pki.signer_p12), *extra])
    assert result.exit_code == 2 and said in result.stderr


def test_a_timestamp_url_goes_with_sign(cli: Cli, dossier: Path) -> None:
    result = cli(["check", str(dossier), "--timestamp-url", "http://127.0.0.1:9/"])
    assert result.exit_code == 2 and "goes with --sign" in result.stderr


@pytest.mark.usefixtures("passphrase")
def test_a_timestamp_server_that_does_not_answer_writes_nothing(
    cli: Cli, dossier: Path, pki: Pki
) -> None:
    pdf = dossier.parent / "rapport.pdf"
    json_report = dossier.parent / "rapport.json"
    args = ["check", str(dossier), "--output", str(json_report), "--output", str(pdf)]
    url = "http://127.0.0.1:9/tsa"  # the discard port: nothing answers there
    result = cli([*args, "--sign", str(pki.signer_p12), "--timestamp-url", url])
    assert result.exit_code == 2 and url in result.stderr, result.stderr
    assert not pdf.exists() and not json_report.exists()


def test_without_the_sign_extra_signing_and_verify_say_how_to_install_it(
    cli: Cli, dossier: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyhanko.sign", None)  # import fails as if not installed
    pdf = dossier.parent / "rapport.pdf"
    result = cli(["check", str(dossier), "--output", str(pdf), "--sign", str(pki.signer_p12)])
    assert result.exit_code == 2 and "pip install 'toelating[sign]'" in result.stderr
    result = cli(["verify", str(pdf), "--lang", "nl"])
    assert result.exit_code == 2 and "installeer het met" in result.stderr


def test_verify_never_opens_evidence_outside_the_dossier_folder(
    dossier: Path, tmp_path: Path
) -> None:
    """A crafted identity.json (in an unsigned PDF) may name any path: it is opened as the
    check opens evidence, so a path out of the folder is refused, never read."""
    from toelating.text import Language
    from toelating.verify import Verification, _dossier_lines

    secret = tmp_path / "secret.txt"
    secret.write_text("not yours", "utf-8")
    identity = {
        "dossier_file": "dossier.yaml",
        "dossier_sha256": "0" * 64,
        "evidence": [{"id": "X", "file": "../secret.txt", "sha256": "1" * 64}],
    }
    lines = _dossier_lines(identity, dossier, Verification(Language.EN))
    assert [line.ok for line in lines] == [False, False]
    assert "X (../secret.txt): missing or unreadable (outside)" in lines[1].text
