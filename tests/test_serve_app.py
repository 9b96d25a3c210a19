"""`toelating serve` as a command, and the screen's other pages: the list of dossiers, the
reports, the horizon, a new dossier, a dossier that cannot be read."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import EXAMPLES
from serve_support import ORIGIN, client, copied

from toelating.rulebook.load import Rulebook


def test_the_command_serves_on_the_loopback_with_a_token(tmp_path: Path) -> None:
    folder = copied(EXAMPLES / "vog-outdated", tmp_path / "d")
    command = [sys.executable, "-m", "toelating", "serve", str(folder), "--no-browser"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{40,})", address)
        assert match, address
        base = f"http://127.0.0.1:{match.group(1)}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            _get(f"{base}/d/0/general")
        assert refused.value.code == 403
        refused.value.close()
        assert "Flexwerk" in _get(f"{base}/d/0/general?token={match.group(2)}")
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert "Flexwerk" not in errors and match.group(2) not in errors  # nothing in the log


def _get(url: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:
                return str(answer.read().decode("utf-8"))
        except urllib.error.URLError as error:
            if isinstance(error, urllib.error.HTTPError) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_the_command_refuses_a_folder_that_is_not_there(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "toelating", "serve", str(tmp_path / "no"), "--no-browser"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "is not a folder" in done.stderr and "Traceback" not in done.stderr


def test_help_does_not_load_the_web_stack() -> None:
    probe = (
        "import sys\n"
        "from toelating.cli import main\n"
        "try:\n    main(['serve', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('starlette', 'jinja2', 'uvicorn', 'multipart')\n"
        "sys.stderr.write(','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr == ""
    assert "--no-browser" in done.stdout


def test_a_folder_of_dossiers_is_listed_with_their_verdicts(
    tmp_path: Path, rulebook: Rulebook
) -> None:
    copied(EXAMPLES / "vog-outdated", tmp_path / "a-vog")
    copied(EXAMPLES / "flexwerk-noord", tmp_path / "b-flexwerk")
    page = client(tmp_path, rulebook).get("/").text
    assert page.index("a-vog") < page.index("VOLDOET NIET") < page.index("b-flexwerk")
    assert ">VOLDOET<" in page


def test_a_new_dossier_is_the_template_of_init_with_the_name_given(
    tmp_path: Path, rulebook: Rulebook
) -> None:
    signed_in = client(tmp_path, rulebook)
    assert "Nieuw dossier maken" in signed_in.get("/").text
    answer = signed_in.post("/new", data={"name": "Kas #1 B.V."}, headers={"origin": ORIGIN})
    assert answer.status_code == 303
    text = (tmp_path / "dossier.yaml").read_text("utf-8")
    assert 'name: "Kas #1 B.V."' in text and "# Dossier voor de toelating" in text
    assert (tmp_path / "evidence" / "README.txt").exists()


@pytest.mark.parametrize(("ending", "start"), [("pdf", b"%PDF-"), ("md", b""), ("json", b"{")])
def test_the_reports_are_downloaded(
    tmp_path: Path, rulebook: Rulebook, ending: str, start: bytes
) -> None:
    signed_in = client(copied(EXAMPLES / "vog-outdated", tmp_path / "d"), rulebook)
    answer = signed_in.get(f"/d/0/report.{ending}")
    assert answer.status_code == 200
    assert answer.content.startswith(start)
    assert "attachment" in answer.headers["content-disposition"]
    if ending == "json":
        assert json.loads(answer.content)["verdict"] == "non_compliant"
    if ending == "md":  # in the screen's language, Dutch by default
        assert "VOLDOET NIET" in answer.content.decode("utf-8")


def test_the_horizon_lists_what_fails_in_the_next_6_months(
    tmp_path: Path, rulebook: Rulebook
) -> None:
    page = client(copied(EXAMPLES / "flexwerk-noord", tmp_path / "d"), rulebook).get("/d/0/horizon")
    assert page.status_code == 200
    assert "Komende 6 maanden" in page.text and "15 november 2027" in page.text


def test_a_dossier_that_cannot_be_read_is_shown_with_its_problems(
    tmp_path: Path, rulebook: Rulebook
) -> None:
    (tmp_path / "dossier.yaml").write_text("dossier_version: 2\nagency:\n  nam: X\n", "utf-8")
    page = client(tmp_path, rulebook).get("/d/0/agency").text
    assert "kan niet worden gelezen" in page and "/agency/nam" in page
    assert (tmp_path / "dossier.yaml").read_text("utf-8").endswith("nam: X\n")


def test_an_unknown_section_or_dossier_is_not_found(tmp_path: Path, rulebook: Rulebook) -> None:
    signed_in = client(copied(EXAMPLES / "vog-outdated", tmp_path / "d"), rulebook)
    assert signed_in.get("/d/0/extensions").status_code == 404
    assert signed_in.get("/d/7/agency").status_code == 404
