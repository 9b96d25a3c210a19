"""The screen in a real browser: Playwright drives Debian's chromium (apt-get install chromium
chromium-l10n; no browser download) against the screen served on 127.0.0.1.

Screenshots of each screen (1280x800) go to TOELATING_SCREENSHOTS when it names a folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import CHROMIUM, FLAGS
from conftest import EXAMPLES
from serve_support import AS_OF

from toelating.dossier.load import load_dossier
from toelating.rulebook.load import Rulebook

SHOTS = os.environ.get("TOELATING_SCREENSHOTS")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Chromium shows a date input in the language of its interface: Dutch, dd-mm-jjjj.
    environment: dict[str, str | float | bool] = {
        **os.environ,
        "LANGUAGE": "nl",
        "LANG": "nl_NL.UTF-8",
    }
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=FLAGS, env=environment
        )
        yield launched
        launched.close()


@contextlib.contextmanager
def served(folder: Path, rulebook: Rulebook) -> Iterator[str]:
    """The screen on folder, served on 127.0.0.1 in a thread; yields the printed address."""
    import uvicorn

    from toelating.web import HOST
    from toelating.web.app import create_app
    from toelating.web.security import new_token
    from toelating.web.workspace import Workspace

    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    token = new_token()
    app = create_app(Workspace(folder, AS_OF, rulebook), token, (f"{HOST}:{port}",))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://{HOST}:{port}/?token={token}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="nl-NL", accept_downloads=True
    )
    opened = context.new_page()
    opened.set_default_timeout(15000)
    yield opened
    context.close()


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def save(page: Page) -> None:
    page.get_by_role("button", name="Opslaan en controleren").click()
    expect(page.locator(".notice")).to_be_visible()


def section(page: Page, name: str) -> None:
    page.locator("nav.sections").get_by_role("link", name=name, exact=True).click()
    expect(page.locator("main h1")).to_have_text(name)


def test_a_dossier_from_nothing_to_compliant(
    page: Page, rulebook: Rulebook, tmp_path: Path
) -> None:
    with served(tmp_path, rulebook) as address:
        page.goto(address)
        shot(page, "start")
        page.get_by_label("Statutaire naam van het uitzendbureau").fill("Kas & Co Uitzend B.V.")
        page.get_by_role("button", name="Nieuw dossier maken").click()
        expect(page.locator("main h1")).to_have_text("Uitlener en NAU")
        page.locator('input[name="/agency/kvk_number"]').fill("12345678")
        page.locator('input[name="/agency/seat_country"]').fill("NL")
        page.locator('[id="/agency/registered_as_lender"]').get_by_text("ja").click()
        page.locator('select[name="/agency/lending_scope"]').select_option("intra_group")
        page.locator('select[name="/agency/nau/status"]').select_option("none")
        save(page)
        shot(page, "agency")
        for name in ("Boetes", "Inleners en plaatsingen", "Werknemers"):
            section(page, name)
            page.locator("fieldset.list").first.get_by_role(
                "button", name="Er zijn er geen"
            ).click()
            save(page)
        section(page, "Bestuurders")
        directors = page.locator('[id="/directors"]')
        directors.get_by_role("button", name="+ Toevoegen", exact=True).last.click()
        item = directors.locator("fieldset.item").last
        item.locator('input[name$="/name"]').fill("Jan Smit")
        item.locator('input[name$="/since"]').fill("2020-01-01")
        item.locator('input[name$="/resident_country"]').fill("NL")
        save(page)
        section(page, "Huisvesting")
        page.locator('[id="/housing/provided"]').get_by_text("nee").click()
        save(page)
        section(page, "Belastingdienst")
        page.locator('input[name="/tax/payment_behaviour_statement/issued_on"]').fill("2027-04-01")
        page.locator('[id="/tax/payment_behaviour_statement/arrears"]').get_by_text("nee").click()
        save(page)
        expect(page.locator("p.verdict")).to_have_text("VOLDOET")
        shot(page, "compliant")
    dossier = load_dossier(tmp_path).dossier
    assert dossier.agency.name == "Kas & Co Uitzend B.V."
    assert (tmp_path / "dossier.yaml").read_text("utf-8").startswith("# yaml-language-server")


def test_a_failing_example_fixed_until_it_passes(
    page: Page, rulebook: Rulebook, tmp_path: Path
) -> None:
    folder = shutil.copytree(EXAMPLES / "vog-outdated", tmp_path / "d")
    with served(folder, rulebook) as address:
        page.goto(address)
        expect(page.locator("p.verdict")).to_have_text("VOLDOET NIET")
        todo = page.locator("ol.todo li").first
        expect(todo).to_contain_text("VOG-02")
        todo.get_by_role("link", name="VOG-02").click()  # the to-do links to the field
        expect(page.locator("main h1")).to_have_text("VOG")
        expect(page.locator('[id="/vog/0"] .finding')).to_contain_text("VOG-02")
        shot(page, "failing")
        date = page.locator('input[name="/vog/0/issued_on"]')
        date.fill("2027-05-01")
        save(page)
        expect(page.locator("p.verdict")).to_have_text("VOLDOET")
        expect(page.locator('[id="/vog/0"] .finding')).to_have_count(0)
        shot(page, "fixed")
    text = (folder / "dossier.yaml").read_text("utf-8")
    assert "issued_on: 2027-05-01       # 4 months before the application date" in text


def test_evidence_is_uploaded_hashed_and_linked(
    page: Page, rulebook: Rulebook, tmp_path: Path
) -> None:
    folder = shutil.copytree(EXAMPLES / "vog-outdated", tmp_path / "d")
    (folder / "evidence").mkdir()
    (folder / "evidence" / "old-scan.pdf").write_bytes(PDF)
    upload = tmp_path / "VOG rechtspersoon (mei).pdf"
    upload.write_bytes(PDF + b"% vog\n")
    with served(folder, rulebook) as address:
        page.goto(address)
        section(page, "Bewijsstukken")
        expect(page.locator("ul.unlisted")).to_contain_text("evidence/old-scan.pdf")
        page.get_by_label("Bestand (PDF, PNG of JPEG, hooguit 20 MB)").set_input_files(upload)
        page.locator("#upload-target").select_option("/vog/0/evidence")
        page.get_by_role("button", name="Uploaden").click()
        expect(page.locator(".notice")).to_contain_text("evidence/vog-rechtspersoon-mei.pdf")
        shot(page, "evidence")
    dossier = load_dossier(folder).dossier
    (entry,) = dossier.evidence or []
    assert entry.file == "evidence/vog-rechtspersoon-mei.pdf"
    assert entry.sha256 == hashlib.sha256(upload.read_bytes()).hexdigest()
    assert (dossier.vog or [])[0].evidence == entry.id


def test_a_csv_with_bad_rows_is_previewed_and_not_imported_until_fixed(
    page: Page, rulebook: Rulebook, tmp_path: Path
) -> None:
    folder = shutil.copytree(EXAMPLES / "flexwerk-noord", tmp_path / "d")
    before = (folder / "dossier.yaml").read_bytes()
    bad = tmp_path / "werknemers.csv"
    bad.write_text(
        "personeelsnummer;naam;geboortedatum;afdeling\n"
        "W-900;Jan Test;01-01-1990;kas\n"
        "W-901;Piet Geheim;31-02-1990;kas\n",
        "utf-8",
    )
    with served(folder, rulebook) as address:
        page.goto(address)
        page.get_by_role("link", name="CSV inlezen").click()
        page.get_by_label("CSV-bestand").set_input_files(bad)
        page.get_by_role("button", name="Voorbeeld").click()
        preview = page.locator("section.preview")
        expect(preview).to_contain_text('A "personeelsnummer" → Id (id)')
        expect(preview).to_contain_text('D "afdeling"')  # left out
        expect(preview).to_contain_text("regel 3:")
        expect(preview).not_to_contain_text("31-02-1990")  # never a cell's value
        expect(preview.get_by_role("button")).to_have_count(0)  # nothing to confirm
        shot(page, "import")
        assert (folder / "dossier.yaml").read_bytes() == before
        good = tmp_path / "goed.csv"
        good.write_text("personeelsnummer;naam;geboortedatum\nW-900;Jan Test;01-01-1990\n", "utf-8")
        page.get_by_label("CSV-bestand").set_input_files(good)
        page.get_by_role("button", name="Voorbeeld").click()
        page.get_by_role("button", name="Inlezen (rijen: 1)").click()
        expect(page.locator(".notice.good")).to_contain_text("1 toegevoegd")
    workers = {w.id: w for w in load_dossier(folder).dossier.workers or []}
    assert workers["W-900"].name == "Jan Test"


def test_the_language_switches_to_english_and_back(
    page: Page, rulebook: Rulebook, tmp_path: Path
) -> None:
    folder = shutil.copytree(EXAMPLES / "vog-outdated", tmp_path / "d")
    with served(folder, rulebook) as address:
        page.goto(address)
        expect(page.locator("p.verdict")).to_have_text("VOLDOET NIET")
        page.get_by_role("link", name="English").click()
        expect(page.locator("p.verdict")).to_have_text("NON-COMPLIANT")
        expect(page.locator("main h1")).to_have_text("General")
        section(page, "VOG")
        page.locator('input[name="/vog/0/subject"]').fill("")
        page.locator('select[name="/vog/0/kind"]').select_option("")
        page.locator('input[name="/vog/0/issued_on"]').fill("")
        page.get_by_role("button", name="Save and check").click()
        expect(page.locator(".notice")).to_be_visible()
        shot(page, "english")
        page.get_by_role("link", name="Nederlands").click()
        expect(page.locator("main h1")).to_have_text("VOG")


def test_the_pdf_report_is_downloaded(page: Page, rulebook: Rulebook, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLES / "vog-outdated", tmp_path / "d")
    with served(folder, rulebook) as address:
        page.goto(address)
        with page.expect_download() as download_info:
            page.get_by_role("link", name="PDF").click()
        download = download_info.value
        saved = tmp_path / "rapport.pdf"
        download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert download.suggested_filename.endswith(".pdf")
