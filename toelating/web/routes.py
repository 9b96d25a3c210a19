"""The screen's pages and actions; each handler reads the request, calls the core, renders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from toelating.errors import ToelatingError
from toelating.i18n import message
from toelating.text import Language
from toelating.web import form, live, saving, uploads
from toelating.web.app import LANGUAGE_COOKIE, Screen, language_of, page
from toelating.web.workspace import readable

REPORT_FORMATS = {
    "pdf": ("pdf", "application/pdf"),
    "md": ("markdown", "text/markdown; charset=utf-8"),
    "json": ("json", "application/json"),
}
CSV_MAX_BYTES = 20 * 1024 * 1024
VERSION = "version:"  # the form field holding the SHA-256 of the file the form was made from


def routes(screen: Screen) -> list[Route]:
    pages = Pages(screen)
    return [
        Route("/", pages.home),
        Route("/new", pages.create, methods=["POST"]),
        Route("/lang/{code}", pages.language),
        Route("/d/{number:int}/item", pages.new_item),
        Route("/d/{number:int}/report.{ending}", pages.report),
        Route("/d/{number:int}/horizon", pages.horizon),
        Route("/d/{number:int}/upload", pages.upload, methods=["POST"]),
        Route("/d/{number:int}/link", pages.link, methods=["POST"]),
        Route("/d/{number:int}/import", pages.import_page),
        Route("/d/{number:int}/import", pages.import_preview, methods=["POST"]),
        Route("/d/{number:int}/import/confirm", pages.import_confirm, methods=["POST"]),
        Route("/d/{number:int}/{section}", pages.section),
        Route("/d/{number:int}/{section}", pages.save, methods=["POST"]),
    ]


def _see(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


class Pages:
    def __init__(self, screen: Screen) -> None:
        self.screen = screen

    # --- the dossiers -------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        found = self.screen.workspace.dossiers()
        if self.screen.workspace.single and found:
            return _see("/d/0/general")
        rows = [(number, path, self._verdict(path, request)) for number, path in enumerate(found)]
        return page(
            self.screen, request, "home.html", dossiers=rows, single=self.screen.workspace.single
        )

    def _verdict(self, path: Path, request: Request) -> str:
        problem = readable(path)
        if problem:
            return message("serve.unreadable_short", language_of(request))
        report = self.screen.report(path)
        return live.shown(report, language_of(request)).verdict_text

    async def create(self, request: Request) -> Response:
        language = language_of(request)
        sent = await request.form()
        name = str(sent.get("name", "")).strip()[:500]
        try:
            number = self.screen.workspace.create(name, language)
        except ToelatingError as error:
            problems = [problem.render() for problem in error.problems]
            return page(
                self.screen, request, "home.html", dossiers=[], single=True, problems=problems
            )
        path = self.screen.workspace.dossier(number)
        if name and path is not None:
            opened = saving.open_for_edit(path)
            saving.apply_values(
                opened,
                form.section_fields("agency"),
                saving.values_setting(opened.plain, "/agency/name", name),
            )
            try:
                saving.save(opened, language)
            except saving.Refused as refused:  # the template is written; the name is not
                request.scope["path_params"] = {"number": number}
                notice = message("serve.not_saved", language)
                return self._section_page(request, "agency", errors=refused.errors, notice=notice)
        return _see(f"/d/{number}/agency")

    async def language(self, request: Request) -> Response:
        code = request.path_params["code"]
        back = request.query_params.get("next", "/")
        if not back.startswith("/") or back.startswith("//"):
            back = "/"
        response = _see(back)
        if code in ("nl", "en"):
            response.set_cookie(LANGUAGE_COOKIE, code, httponly=True, samesite="strict")
        return response

    # --- one dossier's forms ------------------------------------------------------------

    def _dossier(self, request: Request) -> Path | None:
        return self.screen.workspace.dossier(request.path_params["number"])

    async def section(self, request: Request) -> Response:
        return self._section_page(request, request.path_params["section"])

    def _section_page(
        self,
        request: Request,
        section: str,
        nodes: list[form.Node] | None = None,
        errors: dict[str, str] | None = None,
        notice: str = "",
        status: int = 200,
        **extra: Any,
    ) -> Response:
        path = self._dossier(request)
        names = [name for name, _ in form.sections()]
        if path is None or section not in names:
            return HTMLResponse("404 Not Found\n", status_code=404)
        problem = readable(path)
        if problem:
            return page(self.screen, request, "unreadable.html", problem=problem, status=200)
        language = language_of(request)
        plain, version = saving.read_plain(path)
        report = self.screen.report(path)
        fields = form.section_fields(section)
        if section == "evidence":
            listed = [
                str(e.get("file", "")) for e in plain.get("evidence") or [] if isinstance(e, dict)
            ]
            extra.setdefault("unlisted", uploads.unlisted(path.parent, listed))
            extra.setdefault("targets", self._targets(path, plain, language))
        return page(
            self.screen,
            request,
            "dossier.html",
            status=status,
            number=request.path_params["number"],
            dossier_name=str((plain.get("agency") or {}).get("name", "")),
            file=path.name,
            sections=names,
            section=section,
            nodes=nodes if nodes is not None else form.build(fields, plain, language),
            errors=errors or {},
            notice=notice,
            check=live.shown(report, language),
            check_date=self.screen.workspace.check_date(),
            **{"version": version, **extra},
        )

    async def save(self, request: Request) -> Response:
        section = request.path_params["section"]
        path = self._dossier(request)
        if path is None or section not in dict(form.sections()):
            return HTMLResponse("404 Not Found\n", status_code=404)
        language = language_of(request)
        sent = await request.form()
        submitted = form.Submitted({k: [str(v) for v in sent.getlist(k)] for k in sent}, language)
        fields = form.section_fields(section)
        values = submitted.read(fields)
        errors = dict(submitted.errors)
        version = str(sent.get(VERSION, ""))
        if not errors:
            try:
                opened = saving.open_for_edit(path)
                if opened.version != version:
                    text = message("serve.changed_on_disk", language)
                    return self._section_page(request, section, errors={"": text}, notice=text)
                saving.apply_values(opened, fields, values)
                saving.save(opened, language)
            except saving.Refused as refused:
                errors = refused.errors
            except ToelatingError as error:
                errors = {"": "; ".join(p.message for p in error.problems)}
        if errors:
            shown = submitted.shown_again(fields)
            notice = message("serve.not_saved", language)
            return self._section_page(request, section, shown, errors, notice, version=version)
        return self._section_page(request, section, notice=message("serve.saved", language))

    async def new_item(self, request: Request) -> Response:
        pointer = request.query_params.get("list", "")
        try:
            spec = form.spec_at(form.pattern_of(pointer))
        except KeyError:
            return HTMLResponse("404 Not Found\n", status_code=404)
        number = next(self.screen.numbers)
        node = form.new_item(spec, f"{pointer}/{number}", language_of(request))
        return page(self.screen, request, "item.html", node=node, check=None, errors={})

    # --- evidence -------------------------------------------------------------------------

    async def upload(self, request: Request) -> Response:
        path = self._dossier(request)
        if path is None:
            return HTMLResponse("404 Not Found\n", status_code=404)
        language = language_of(request)
        if int(request.headers.get("content-length") or 0) > uploads.MAX_BYTES + 65536:
            return self._evidence_refused(request, "upload_size", megabytes=uploads.MAX_BYTES >> 20)
        async with request.form(
            max_files=1, max_fields=10, max_part_size=uploads.MAX_BYTES
        ) as sent:
            sent_file = sent.get("file")
            target = str(sent.get("target", ""))
            if not isinstance(sent_file, UploadFile) or not sent_file.filename:
                return self._evidence_refused(request, "upload_none")
            data = await sent_file.read(uploads.MAX_BYTES + 1)
            original = sent_file.filename
        try:
            stored = uploads.store(path.parent, original, data)
        except uploads.UploadRefused as refused:
            return self._evidence_refused(request, refused.key, **refused.values)
        return self._record(request, path, stored, target, language, remove_on_refusal=True)

    async def link(self, request: Request) -> Response:
        path = self._dossier(request)
        if path is None:
            return HTMLResponse("404 Not Found\n", status_code=404)
        sent = await request.form()
        opened = saving.open_for_edit(path)
        listed = [
            str(e.get("file", ""))
            for e in opened.plain.get("evidence") or []
            if isinstance(e, dict)
        ]
        try:
            stored = uploads.linkable_file(path.parent, str(sent.get("file", "")), listed)
        except uploads.UploadRefused as refused:
            return self._evidence_refused(request, refused.key, **refused.values)
        return self._record(
            request, path, stored, str(sent.get("target", "")), language_of(request)
        )

    def _record(
        self,
        request: Request,
        path: Path,
        stored: uploads.Stored,
        target: str,
        language: Language,
        remove_on_refusal: bool = False,
    ) -> Response:
        """List the file under evidence (id, file, sha256) and set its id on the target field."""
        opened = saving.open_for_edit(path)
        taken = {
            str(e.get("id")) for e in opened.plain.get("evidence") or [] if isinstance(e, dict)
        }
        evidence_id = uploads.new_id(stored.relative, taken)
        entry = {"id": evidence_id, "file": stored.relative, "sha256": stored.sha256}
        fields = {spec.name: spec for spec in form.section_fields("evidence")}
        saving.apply_values(
            opened, tuple(fields.values()), saving.values_appending(opened.plain, "evidence", entry)
        )
        if target in uploads.targets(opened.plain):
            top = target.strip("/").split("/")[0]
            saving.apply_values(
                opened,
                (form.top_field(top),),
                saving.values_setting(opened.plain, target, evidence_id),
            )
        try:
            saving.save(opened, language)
        except saving.Refused as refused:
            if remove_on_refusal:
                stored.path.unlink(missing_ok=True)
            return self._section_page(
                request,
                "evidence",
                errors=refused.errors,
                notice=message("serve.not_saved", language),
            )
        notice = message("serve.uploaded", language, file=stored.relative, id=evidence_id)
        return self._section_page(request, "evidence", notice=notice)

    def _targets(
        self, path: Path, plain: dict[str, Any], language: Language
    ) -> list[tuple[str, str]]:
        """The evidence fields to link a file to, each with the item it belongs to in words."""
        from toelating.dossier.items import item_name
        from toelating.dossier.load import load_dossier

        dossier = load_dossier(path).dossier
        found = []
        for pointer in uploads.targets(plain):
            section = message(f"serve.section_{form.section_of(pointer)}", language)
            name = item_name(dossier, pointer)
            words = (name.nl if language is Language.NL else name.en) if name else ""
            found.append((pointer, f"{section}: {words}" if words else section))
        return found

    def _evidence_refused(self, request: Request, key: str, **values: Any) -> Response:
        text = message(f"serve.{key}", language_of(request), **values)
        return self._section_page(request, "evidence", errors={"upload": text}, notice=text)

    # --- import -----------------------------------------------------------------------------

    async def import_page(self, request: Request) -> Response:
        return self._import_page(request)

    def _import_page(self, request: Request, **context: Any) -> Response:
        path = self._dossier(request)
        if path is None:
            return HTMLResponse("404 Not Found\n", status_code=404)
        return self._section_page(request, "workers", template_extra="import", **context)

    async def import_preview(self, request: Request) -> Response:
        from toelating.web import importing

        async with request.form(max_files=1, max_fields=10, max_part_size=CSV_MAX_BYTES) as sent:
            sent_file = sent.get("file")
            kind = str(sent.get("kind", "workers"))
            if not isinstance(sent_file, UploadFile) or not sent_file.filename:
                return self._import_page(
                    request, import_error=message("serve.upload_none", language_of(request))
                )
            data = await sent_file.read(CSV_MAX_BYTES + 1)
        if len(data) > CSV_MAX_BYTES:
            return self._import_page(
                request,
                import_error=message(
                    "serve.upload_size", language_of(request), megabytes=CSV_MAX_BYTES >> 20
                ),
            )
        preview = importing.preview(kind, data, language_of(request))
        key = os.urandom(16).hex()
        self.screen.uploads_pending.clear()  # one preview at a time
        self.screen.uploads_pending[key] = data
        return self._import_page(request, preview=preview, preview_key=key, kind=kind)

    async def import_confirm(self, request: Request) -> Response:
        from toelating.importing import ImportOptions, import_csv

        path = self._dossier(request)
        if path is None:
            return HTMLResponse("404 Not Found\n", status_code=404)
        sent = await request.form()
        data = self.screen.uploads_pending.pop(str(sent.get("key", "")), None)
        kind = str(sent.get("kind", "workers"))
        language = language_of(request)
        if data is None or kind not in ("workers", "payslips"):
            return self._import_page(
                request, import_error=message("serve.import_expired", language)
            )
        handle, name = tempfile.mkstemp(suffix=".csv")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            summary = import_csv(kind, Path(name), path, options=ImportOptions(language))  # type: ignore[arg-type]
        except ToelatingError as error:
            problems = [_without_file(p.render(), name) for p in error.problems]
            return self._import_page(
                request,
                import_error=message("serve.import_refused", language),
                import_problems=problems,
            )
        finally:
            Path(name).unlink(missing_ok=True)
        return self._import_page(
            request, import_done=summary.message(language).replace(name, "CSV")
        )

    # --- reports ----------------------------------------------------------------------------

    async def report(self, request: Request) -> Response:
        from toelating.reporters import RenderOptions, reporter

        path = self._dossier(request)
        ending = request.path_params["ending"]
        if path is None or ending not in REPORT_FORMATS or readable(path):
            return HTMLResponse("404 Not Found\n", status_code=404)
        name, media = REPORT_FORMATS[ending]
        language = language_of(request)
        report = self.screen.report(path)
        data = reporter(name).render([report], RenderOptions(language, False))
        filename = f"toelating-{path.parent.name or 'dossier'}.{ending}"
        headers = {"content-disposition": f'attachment; filename="{_ascii(filename)}"'}
        return Response(data, media_type=media, headers=headers)

    async def horizon(self, request: Request) -> Response:
        path = self._dossier(request)
        if path is None or readable(path):
            return HTMLResponse("404 Not Found\n", status_code=404)
        report = self.screen.report(path, horizon=True)
        upcoming = live.upcoming(report, language_of(request))
        return self._section_page(
            request,
            "general",
            template_extra="horizon",
            upcoming=upcoming,
            horizon_end=report.horizon_end,
        )


def _without_file(text: str, name: str) -> str:
    """A problem of the uploaded CSV without the temporary file's name."""
    return text.replace(name, "CSV")


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name)
