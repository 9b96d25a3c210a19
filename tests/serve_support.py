"""Shared by the screen's tests: a guarded application on a copy of a dossier, and a client."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from starlette.testclient import TestClient

from toelating.rulebook.load import Rulebook
from toelating.web.app import create_app
from toelating.web.workspace import Workspace

TOKEN = "test-token"
HOST = "127.0.0.1:8123"
ORIGIN = f"http://{HOST}"
AS_OF = dt.date(2027, 5, 15)


def copied(example: Path, target: Path) -> Path:
    shutil.copytree(example, target)
    return target


def client(folder: Path, rulebook: Rulebook, signed_in: bool = True) -> TestClient:
    """A client of the screen on folder; signed in: it has opened the printed address."""
    app = create_app(Workspace(folder, AS_OF, rulebook), TOKEN, (HOST, f"localhost:{HOST[-4:]}"))
    test_client = TestClient(app, base_url=ORIGIN, follow_redirects=False)
    if signed_in:
        assert test_client.get(f"/?token={TOKEN}").status_code in (200, 303)
    return test_client


def form_of(page: str) -> list[tuple[str, str]]:
    """What a browser sends for the page's dossier form untouched (a small form serializer)."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.inside = False
            self.pairs: list[tuple[str, str]] = []
            self.select: str | None = None
            self.options: list[tuple[str, bool]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = {k: v or "" for k, v in attrs}
            if tag == "form" and "dossier-form" in found.get("class", ""):
                self.inside = True
            if not self.inside or ("name" not in found and tag != "option"):
                return
            if tag == "input":
                kind = found.get("type", "text")
                if kind in ("radio", "checkbox") and "checked" not in found:
                    return
                self.pairs.append((found["name"], found.get("value", "")))
            elif tag == "select":
                self.select, self.options = found["name"], []
            elif tag == "option" and self.select is not None:
                self.options.append((found.get("value", ""), "selected" in found))

        def handle_endtag(self, tag: str) -> None:
            if tag == "form":
                self.inside = False
            if tag == "select" and self.select is not None:
                chosen = [v for v, on in self.options if on] or [self.options[0][0]]
                self.pairs.append((self.select, chosen[0]))
                self.select = None

    reader = Reader()
    reader.feed(page)
    return reader.pairs


def changed(pairs: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The pairs with some fields set anew (keys: pointers with / as __)."""
    wanted = {key.replace("__", "/"): value for key, value in values.items()}
    return [(name, wanted.get(name, value)) for name, value in pairs]
