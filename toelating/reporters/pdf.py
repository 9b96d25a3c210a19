"""The PDF report a certifier can file and sign; deterministic bytes for the same input and options.

Fonts: DejaVu Sans, shipped in toelating/fonts (see its README), so that every name renders.
reportlab is imported here and in the pdf_* helpers only, never on the CLI's start-up path.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from toelating.i18n import format_date
from toelating.report import Report
from toelating.reporters.base import RenderOptions
from toelating.reporters.escaping import displayable
from toelating.reporters.labels import label
from toelating.reporters.pdf_identity import draw_draft_mark
from toelating.reporters.pdf_sections import Heading, ReportSections
from toelating.reporters.pdf_style import (
    CONTENT_WIDTH,
    FONT,
    LINE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    NAVY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    fit,
    register_fonts,
)
from toelating.text import Language


class PdfReporter:
    name = "pdf"
    extension = ".pdf"
    default_language = Language.NL

    def render(self, reports: list[Report], options: RenderOptions) -> bytes:
        register_fonts()
        reports = displayable(reports)
        language = Language(options.language)
        buffer = io.BytesIO()
        document = _Document(buffer, reports, language)
        story: list[Flowable] = []
        for index, report in enumerate(reports):
            if index:
                story.append(PageBreak())  # every dossier's report starts with its own cover
            story += [_CurrentReport(index), *ReportSections(report, language).story()]
        document.build(
            story, canvasmaker=_numbered_canvas(language, max(r.check_date for r in reports))
        )
        return buffer.getvalue()


class _CurrentReport(Flowable):  # type: ignore[misc]
    """An invisible marker: the pages from here on belong to reports[index] (header and footer)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        # Each report starts on its cover page, which gets no running header.
        self.canv._toelating_report = self.index
        self.canv._toelating_cover_page = self.canv.getPageNumber()


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, reports: list[Report], language: Language) -> None:
        first = reports[0]
        title = f"{label('report_title', language)} · {first.dossier.agency}"
        super().__init__(
            buffer,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            invariant=1,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=f"toelating {first.tool_version}",
            creator=f"toelating {first.tool_version}",
            subject=f"{label('report_subtitle', language)} · {first.check_date}",
            keywords=["Wtta", "toelatingsstelsel", first.rulebook_version],
            lang=language.value,
            displayDocTitle=1,
            initialFontName=FONT,  # else every page declares Helvetica, which lacks ł, ș, Cyrillic
        )
        self.reports = reports
        self.language = language
        self.outline_keys = 0
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            CONTENT_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._decorate)])

    def afterFlowable(self, flowable: Flowable) -> None:
        """Section headings become bookmarks, under one entry per dossier when there are several."""
        nested = len(self.reports) > 1
        if isinstance(flowable, _CurrentReport) and nested:
            report = self.reports[flowable.index]
            self._bookmark(f"{report.dossier.agency} · {report.dossier.path}", 0)
        elif isinstance(flowable, Heading):
            self._bookmark(flowable.outline_title, flowable.outline_level + nested)

    def _bookmark(self, title: str, level: int) -> None:
        self.outline_keys += 1
        key = f"section-{self.outline_keys}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level)

    def _decorate(self, canvas: Canvas, document: Any) -> None:
        """Header (not on a cover) and footer, drawn when a page ends and so its report is known."""
        report = self.reports[getattr(canvas, "_toelating_report", 0)]
        lang = self.language
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.5)
        if canvas.getPageNumber() == getattr(canvas, "_toelating_cover_page", 0):
            canvas.setFillColor(NAVY)
            canvas.rect(0, PAGE_HEIGHT - 10 * mm, PAGE_WIDTH, 10 * mm, stroke=0, fill=1)
            canvas.setFillColor(MUTED)
        else:
            top = PAGE_HEIGHT - MARGIN_TOP + 10
            date = f"{label('check_date', lang)} {format_date(report.check_date, lang)}"
            room = CONTENT_WIDTH - stringWidth(date, FONT, 7.5) - 24
            title = fit(f"{label('report_title', lang)} · {report.dossier.agency}", room, FONT, 7.5)
            canvas.drawString(MARGIN_X, top, title)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, date)
            canvas.line(MARGIN_X, top - 4, PAGE_WIDTH - MARGIN_X, top - 4)
        bottom = MARGIN_BOTTOM - 14
        canvas.line(MARGIN_X, bottom + 9, PAGE_WIDTH - MARGIN_X, bottom + 9)
        footer = (
            f"toelating {report.tool_version} · {label('rulebook', lang)} {report.rulebook_version}"
            f" · SHA-256 {report.dossier.sha256[:16]}…"
        )
        canvas.drawString(MARGIN_X, bottom, footer)
        canvas.restoreState()
        draw_draft_mark(canvas, report, lang)


def _numbered_canvas(language: Language, creation_date: dt.date) -> type[Canvas]:
    """A canvas that writes 'Page n of N' on every page once N is known; a fixed creation date."""
    page_of = label("page_of", language)
    stamp = f"D:{creation_date:%Y%m%d}000000+00'00'"

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.setDateFormatter(lambda *_: stamp)  # the check date, not the clock
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                text = page_of.format(page=number, pages=total)
                self.drawRightString(PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM - 14, text)
                super().showPage()
            super().save()

    return NumberedCanvas
