"""The PDF report's look: embedded fonts, colours, paragraph and table styles, page geometry."""

from __future__ import annotations

import re
from importlib.resources import as_file, files
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from toelating.vocabulary import Outcome, Severity, Verdict

# The standard PDF fonts cannot show ł, ș, ő or Cyrillic; DejaVu Sans ships in toelating/fonts.
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
NAVY = colors.HexColor("#1B3A5C")
LINE = colors.HexColor("#D5DBE3")
HEADER_FILL = colors.HexColor("#EEF2F6")
ZEBRA = colors.HexColor("#F7F9FB")
WHITE = colors.white

VERDICT_COLOURS = {  # (text and border, background)
    Verdict.COMPLIANT: (colors.HexColor("#1E7B34"), colors.HexColor("#E6F4EA")),
    Verdict.INCOMPLETE: (colors.HexColor("#8A5A00"), colors.HexColor("#FFF4D6")),
    Verdict.UNDETERMINED: (colors.HexColor("#5B3A8C"), colors.HexColor("#F0E9FA")),
    Verdict.NON_COMPLIANT: (colors.HexColor("#B42318"), colors.HexColor("#FDECEA")),
}
SEVERITY_COLOURS = {
    Severity.BLOCKING: colors.HexColor("#B42318"),
    Severity.MAJOR: colors.HexColor("#C4320A"),
    Severity.MINOR: colors.HexColor("#8A5A00"),
    Severity.ADVISORY: colors.HexColor("#3B6EA8"),
}
OUTCOME_COLOURS = {
    Outcome.PASS: colors.HexColor("#1E7B34"),
    Outcome.FAIL: colors.HexColor("#B42318"),
    Outcome.MISSING_DATA: colors.HexColor("#8A5A00"),
    Outcome.ERROR: colors.HexColor("#6F2DA8"),
    Outcome.NOT_APPLICABLE: MUTED,
}


def register_fonts() -> None:
    """Register DejaVu Sans once per process; reportlab keeps fonts in a global registry."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    package = files("toelating") / "fonts"
    for name, file_name in _FONT_FILES.items():
        with as_file(package / file_name) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    # Italic is not shipped: <i> falls back to the upright faces rather than failing.
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def _style(
    name: str, size: float, leading: float, bold: bool = False, **extra: object
) -> ParagraphStyle:
    settings: dict[str, object] = {"fontName": FONT_BOLD if bold else FONT, "textColor": INK}
    settings.update(extra)
    return ParagraphStyle(name, fontSize=size, leading=leading, **settings)


STYLES = {
    "body": _style("body", 9.5, 13.5, spaceAfter=4),
    "small": _style("small", 8, 11, textColor=MUTED),
    "cell": _style("cell", 8.5, 11),
    "cell_bold": _style("cell_bold", 8.5, 11, bold=True),
    "cell_muted": _style("cell_muted", 8, 10.5, textColor=MUTED),
    "cell_right": _style("cell_right", 8.5, 11, alignment=TA_RIGHT),
    "cell_bold_right": _style("cell_bold_right", 8.5, 11, bold=True, alignment=TA_RIGHT),
    # No keepWithNext: it would move a heading and its whole long table to the next page;
    # a CondPageBreak before each heading keeps headings off the bottom of a page instead.
    "h1": _style("h1", 15, 19, bold=True, textColor=NAVY, spaceBefore=18, spaceAfter=8),
    "h2": _style("h2", 11.5, 15, bold=True, textColor=NAVY, spaceBefore=12, spaceAfter=6),
    "kicker": _style("kicker", 8, 10, bold=True, textColor=MUTED),
    "cover_title": _style("cover_title", 24, 29, bold=True, textColor=NAVY, spaceAfter=4),
    "cover_subtitle": _style("cover_subtitle", 11, 15, textColor=MUTED),
    "cover_agency": _style("cover_agency", 18, 23, bold=True),
    "verdict": _style("verdict", 17, 21, bold=True),
    "verdict_text": _style("verdict_text", 9.5, 13),
}


def para(
    text: str, style: str = "body", colour: colors.Color | None = None, bold: bool = False
) -> Paragraph:
    """A paragraph of plain text (escaped: dossier text never becomes markup)."""
    markup = escape(text)
    if bold:
        markup = f"<b>{markup}</b>"
    if colour is not None:
        markup = f'<font color="{hex_colour(colour)}">{markup}</font>'
    return Paragraph(markup, STYLES[style])


def hex_colour(colour: colors.Color) -> str:
    """'#1E7B34', as paragraph markup wants it."""
    return "#" + str(colour.hexval())[2:].upper()


def path_para(path: str, width: float, style: str = "cell_muted") -> Paragraph:
    """A pointer or file path that wraps at its slashes rather than inside a name."""
    font = STYLES[style]
    lines = [""]
    for part in re.findall(r"/*[^/]+|/+$", path) or [path]:
        candidate = lines[-1] + part
        if lines[-1] and stringWidth(candidate, font.fontName, font.fontSize) > width:
            lines.append(part)
        else:
            lines[-1] = candidate
    return Paragraph("<br/>".join(escape(line) for line in lines), font)


def fit(text: str, width: float, font: str, size: float) -> str:
    """Text shortened with an ellipsis to fit a width, for one-line running headers."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def digest_para(digest: str, style: str = "cell_muted") -> Paragraph:
    """A SHA-256 in two lines of 32 hexadecimal digits, so that it fits a narrow column
    whole (a person compares it in halves; a program reads it from the JSON report)."""
    half = len(digest) // 2
    return Paragraph(f"{escape(digest[:half])}<br/>{escape(digest[half:])}", STYLES[style])
