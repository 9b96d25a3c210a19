"""The batch dashboard in a real browser (Debian's chromium driven by Playwright): it loads
with the network off, asks for nothing outside itself, and sorts by any column."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import CHROMIUM, FLAGS
from conftest import EXAMPLES, Cli, run_cli
from playwright.sync_api import Browser, Page, sync_playwright

DOSSIERS = ["flexwerk-noord", "vog-outdated", "housing-akf-overcrowded"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    args = ["check", *(str(EXAMPLES / name) for name in DOSSIERS), "--as-of", "2027-05-15"]
    result = run_cli([*args, "--horizon", "1y", "--lang", "nl", "--output-dir", str(out)])
    assert result.exit_code in (1, 3), result.stderr
    return out / "index.html"


def _open(browser: Browser, page_file: Path, asked: list[str]) -> Page:
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.on("request", lambda request: asked.append(request.url))
    page.goto(page_file.as_uri())
    return page


def _column(page: Page, index: int) -> list[str]:
    cells = page.locator(f"table#dossiers tbody tr td:nth-child({index})")
    return [text.strip() for text in cells.all_inner_texts()]


def test_the_dashboard_loads_offline_and_asks_for_nothing_else(
    browser: Browser, dashboard: Path
) -> None:
    asked: list[str] = []
    page = _open(browser, dashboard, asked)
    assert page.locator("table#dossiers tbody tr").count() == len(DOSSIERS)
    assert asked == [dashboard.as_uri()]
    page.screenshot(path=str(dashboard.with_name("dashboard.png")), full_page=True)


def test_the_dashboard_sorts_by_a_column_both_ways(browser: Browser, dashboard: Path) -> None:
    page = _open(browser, dashboard, [])
    agencies = _column(page, 3)
    page.locator("table#dossiers th:nth-child(3) button").click()
    assert _column(page, 3) == sorted(agencies, key=str.casefold)
    page.locator("table#dossiers th:nth-child(3) button").click()
    assert _column(page, 3) == sorted(agencies, key=str.casefold, reverse=True)
    page.locator("table#dossiers th:nth-child(6) button").click()  # failures: numbers
    failures = [int(n) for n in _column(page, 6)]
    assert failures == sorted(failures)


def test_the_dashboard_links_to_each_dossiers_files(browser: Browser, dashboard: Path) -> None:
    page = _open(browser, dashboard, [])
    links = page.locator("table#dossiers a").evaluate_all("links => links.map(a => a.href)")
    for link in links:
        assert Path(link.removeprefix("file://")).exists(), link


def test_the_dashboard_prints(browser: Browser, dashboard: Path, cli: Cli) -> None:
    page = _open(browser, dashboard, [])
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")
