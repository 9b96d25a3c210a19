"""The PDF report's identity and signature block, the place a digital signature goes, the
report's identity embedded as `identity.json`, and the draft mark on every page.

The signature place is an empty signature field (AcroForm /FT /Sig) named SIGNATURE_FIELD:
`toelating check --sign` fills it (toelating.signing), and a certifier can as well sign it
in any PDF reader. The identity is the JSON report's `identity` object, embedded as a file
so that `toelating verify` reads back exactly what the report states.
"""

from __future__ import annotations

import json
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from toelating.i18n import format_date, message
from toelating.report import Report
from toelating.reporters.identity import identity_rows
from toelating.reporters.json_report import identity_document
from toelating.reporters.labels import label
from toelating.reporters.pdf_style import CONTENT_WIDTH, FONT, FONT_BOLD, LINE, MUTED, para
from toelating.reporters.pdf_tables import key_value_table
from toelating.text import Language

SIGNATURE_FIELD = "toelating-signature"
IDENTITY_FILE = "identity.json"
IDENTITY_VERSION = 1
LABEL_WIDTH = 125
SIGNATURE_HEIGHT = 64
_SIGNER_FIELDS = ("certifier_name", "organisation", "place", "date")
_DRAFT_RED = (0.75, 0.1, 0.1)


def signature_block(report: Report, language: Language, heading: Flowable) -> list[Flowable]:
    """The numbered heading, the report's identity, and lines to sign on with the signature
    place last; kept on one page."""
    identity = [(row.label, row.value) for row in identity_rows(report, language)]
    block = [
        heading,
        para(label("signature_intro", language)),
        Spacer(1, 6),
        key_value_table(identity, label_width=LABEL_WIDTH),
        Spacer(1, 10),
        _signer_table(report, language),
        EmbeddedIdentity(report),
    ]
    return [CondPageBreak(420), KeepTogether(block)]


def _signer_table(report: Report, language: Language) -> Table:
    given = {"certifier_name": report.inspector or "", "organisation": report.organisation or ""}
    rows: list[list[Any]] = [
        [para(label(key, language), "cell_muted"), para(given.get(key, ""), "cell")]
        for key in _SIGNER_FIELDS
    ]
    place = SignaturePlace(CONTENT_WIDTH - LABEL_WIDTH, SIGNATURE_HEIGHT)
    rows.append([para(label("signature", language), "cell_muted"), place])
    heights = [26.0] * len(_SIGNER_FIELDS) + [SIGNATURE_HEIGHT + 10.0]
    table = Table(rows, colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], rowHeights=heights)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LINEBELOW", (0, 0), (0, -1), 0.5, LINE),
                ("LINEBELOW", (1, 0), (1, -2), 0.8, MUTED),
            ]
        )
    )
    return table


class SignaturePlace(Flowable):  # type: ignore[misc]
    """A dashed box holding an empty signature field of the same size and place."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        canvas.setDash(3, 2)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()
        left, bottom = canvas.absolutePosition(0, 0)
        right, top = canvas.absolutePosition(self.width, self.height)
        _add_signature_field(canvas, (left, bottom, right, top))


def _add_signature_field(canvas: Any, rect: tuple[float, float, float, float]) -> None:
    """An unsigned signature field on the current page (ISO 32000 12.7.4.5): a widget whose
    /FT is /Sig, listed in the document's AcroForm."""
    form = canvas.acroForm
    count = len(form.fields)  # a PDF of several reports has one field per report
    name = SIGNATURE_FIELD if count == 0 else f"{SIGNATURE_FIELD}-{count + 1}"
    widget = PDFDictionary(
        {
            "Type": PDFName("Annot"),
            "Subtype": PDFName("Widget"),
            "FT": PDFName("Sig"),
            "T": PDFString(name),
            "Rect": PDFArray([round(value, 2) for value in rect]),
            "F": 4,  # print
        }
    )
    canvas._addAnnotation(widget)
    form.fields.append(form.getRef(widget))


class EmbeddedIdentity(Flowable):  # type: ignore[misc]
    """Takes no room; attaches the report's identity to the PDF as identity.json (all the
    reports of the PDF, in order, when it holds several)."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.identity = identity_document(report)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        identities: list[dict[str, Any]] = getattr(canvas, "_toelating_identities", [])
        if not identities:
            canvas._toelating_identities = identities
            _attach(canvas, identities)
        if self.identity not in identities:  # KeepTogether may draw a block's copy twice
            identities.append(self.identity)


class _IdentityStream(PDFStream):  # type: ignore[misc]
    """An embedded file whose bytes are made when the PDF is written, once every report's
    identity is known."""

    def __init__(self, identities: list[dict[str, Any]]) -> None:
        dictionary = PDFDictionary(
            {"Type": PDFName("EmbeddedFile"), "Subtype": PDFName("application#2Fjson")}
        )
        super().__init__(dictionary, b"", filters=[])  # plain JSON, readable as it is
        self.identities = identities

    def format(self, document: Any) -> bytes:
        content = {"identity_version": IDENTITY_VERSION, "reports": self.identities}
        self.content = json.dumps(content, indent=2, ensure_ascii=False).encode("utf-8")
        formatted: bytes = super().format(document)
        return formatted


def _attach(canvas: Any, identities: list[dict[str, Any]]) -> None:
    document = canvas._doc
    stream = document.Reference(_IdentityStream(identities))
    filespec = document.Reference(
        PDFDictionary(
            {
                "Type": PDFName("Filespec"),
                "F": PDFString(IDENTITY_FILE),
                "UF": PDFString(IDENTITY_FILE),
                "Desc": PDFString("toelating report identity (toelating verify)"),
                "AFRelationship": PDFName("Data"),
                "EF": PDFDictionary({"F": stream, "UF": stream}),
            }
        )
    )
    tree = PDFDictionary({"Names": PDFArray([PDFString(IDENTITY_FILE), filespec])})
    document.Catalog.Names = PDFDictionary({"EmbeddedFiles": tree})


def draw_draft_mark(canvas: Any, report: Report, language: Language) -> None:
    """On a draft's every page: CONCEPT/DRAFT across the page and, above the footer, the
    day the agency's response is due. Nothing on a final report's pages."""
    deadline = report.response_deadline
    if deadline is None:
        return
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColorRGB(*_DRAFT_RED, alpha=0.12)
    canvas.setFont(FONT_BOLD, 110)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -40, message("identity.draft_mark", language))
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColorRGB(*_DRAFT_RED)
    canvas.setFont(FONT_BOLD, 8)
    due = message("identity.draft_deadline", language, deadline=format_date(deadline, language))
    canvas.drawCentredString(width / 2, height - 14 * mm, due)  # between band and header
    canvas.restoreState()
