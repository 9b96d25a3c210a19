"""The screen's web application: Starlette routes, Jinja2 pages, htmx (vendored) for the parts
that change without a new page. Every route sits behind security.Guard."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from toelating.i18n import catalogue, message
from toelating.report import Report
from toelating.template.descriptions import DESCRIPTIONS
from toelating.template.fields import FieldSpec, dossier_fields
from toelating.text import Language
from toelating.web import live
from toelating.web.security import Guard
from toelating.web.workspace import Workspace

LANGUAGE_COOKIE = "toelating_lang"
_KEPT_REPORTS = 16


@dataclass
class Screen:
    """What every request needs: the dossiers, the rulebook, the words."""

    workspace: Workspace
    templates: Jinja2Templates
    numbers: Any = field(default_factory=lambda: itertools.count(100000))
    uploads_pending: dict[str, bytes] = field(default_factory=dict)

    reports: dict[tuple[object, ...], Report] = field(default_factory=dict)

    def report(self, path: Path, horizon: bool = False) -> Report:
        """The check of the dossier as it is on disk now; the same file (and evidence folder)
        on the same day is checked once, so moving between sections costs no new check."""
        key = (path, _state(path), self.workspace.check_date(), horizon)
        if key not in self.reports:
            if len(self.reports) >= _KEPT_REPORTS:
                self.reports.pop(next(iter(self.reports)))
            day = self.workspace.check_date()
            self.reports[key] = live.run(path, self.workspace.rulebook, day, horizon)
        return self.reports[key]

    @cached_property
    def rules_by_field(self) -> dict[str, tuple[str, ...]]:
        from toelating.template.usage import rules_by_field

        return rules_by_field(self.workspace.rulebook, dossier_fields())


def _state(path: Path) -> tuple[object, ...]:
    """What a check of the dossier depends on besides the day: the file's bytes, and the
    names, sizes and times of the files in its evidence folder."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    evidence = path.parent / "evidence"
    files: list[tuple[str, int, int]] = []
    if evidence.is_dir():
        for entry in sorted(evidence.rglob("*")):
            if entry.is_file():
                status = entry.stat()
                files.append((str(entry), status.st_size, status.st_mtime_ns))
    return (digest, tuple(files))


def language_of(request: Request) -> Language:
    chosen = request.cookies.get(LANGUAGE_COOKIE, "nl")
    return Language.EN if chosen == "en" else Language.NL


def page(
    screen: Screen, request: Request, name: str, status: int = 200, **context: Any
) -> Response:
    language = language_of(request)

    def words(key: str, **values: Any) -> str:
        return message(f"serve.{key}", language, **values)

    def help_text(pattern: str) -> str:
        described = DESCRIPTIONS.get(pattern)
        return described.get(language) if described else ""

    known = catalogue(language, "serve")
    fields = catalogue(language, "fields")

    def label(spec: FieldSpec) -> str:
        return fields.get(spec.name, spec.name.replace("_", " "))

    def choice_label(pattern: str, choice: str) -> str:
        """The choice in words, with the value the file holds (and the schema names)."""
        words = known.get(f"choice_{choice}")
        return f"{words} ({choice})" if words and words != choice else choice

    return screen.templates.TemplateResponse(
        request,
        name,
        {
            "t": words,
            "lang": language.value,
            "help": help_text,
            "label": label,
            "choice_label": choice_label,
            "rules_of": lambda pattern: screen.rules_by_field.get(pattern, ()),
            "path": request.url.path,
            **context,
        },
        status_code=status,
    )


def create_app(workspace: Workspace, token: str, hosts: tuple[str, ...]) -> Guard:
    """The application, guarded: token, Host and Origin checked on every request."""
    from toelating.web import routes

    folder = resources.files("toelating") / "web"
    import jinja2

    loader = jinja2.FileSystemLoader(str(folder / "templates"))
    templates = Jinja2Templates(env=jinja2.Environment(loader=loader, autoescape=True))
    screen = Screen(workspace, templates)
    app = Starlette(
        routes=[
            *routes.routes(screen),
            Mount("/static", StaticFiles(directory=str(folder / "static")), name="static"),
        ]
    )
    return Guard(app, token, hosts)
