"""The real browser of the browser tests: Debian's chromium (apt-get install chromium
chromium-l10n), driven by Playwright without a browser download. Never skipped: CI installs it
(.ci/run), so must a developer. TOELATING_CHROMIUM names another chromium binary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("TOELATING_CHROMIUM", "/usr/bin/chromium"))
# Headless, and nothing that reaches for the network: this machine's network is closed, and a
# test must show that a page needs none.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.fail(
        f"the browser tests need Debian's chromium at {CHROMIUM}:"
        " apt-get install chromium chromium-l10n",
        pytrace=False,
    )
