"""The PDF report's tables: a coloured box, label-value pairs, grids with a header, rule cards."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Table, TableStyle

from toelating.reporters.pdf_style import CONTENT_WIDTH, FONT, HEADER_FILL, LINE, MUTED, ZEBRA, para

Cell = object  # a Paragraph, a string or another flowable

# Plain-string cells (the empty ones beside a span) are drawn in the table's font, which is
# Helvetica unless set: it would show up in the PDF's font list and lacks ł, ș and Cyrillic.
_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)


def box(content: list[Flowable], border: Color, fill: Color) -> Table:
    """A full-width panel with a coloured bar on the left, e.g. for the verdict."""
    table = Table([[content]], colWidths=[CONTENT_WIDTH])
    table.setStyle(
        TableStyle(
            [
                _FONT,
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LINEBEFORE", (0, 0), (0, -1), 4, border),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 11),
            ]
        )
    )
    return table


def key_value_table(
    pairs: Sequence[tuple[str, str]], label_width: float, signature: bool = False
) -> Table:
    """Labels in grey on the left, values on the right, a thin line under each row.

    With signature=True the values are empty lines to write on, the last one taller.
    """
    rows = [[para(key, "cell_muted"), para(value, "cell")] for key, value in pairs]
    heights = None
    if signature:
        heights = [26.0] * (len(rows) - 1) + [60.0]
    table = Table(rows, colWidths=[label_width, CONTENT_WIDTH - label_width], rowHeights=heights)
    commands: list[tuple[object, ...]] = [
        _FONT,
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM" if signature else "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
    ]
    if signature:
        commands.append(("LINEBELOW", (1, 0), (1, -1), 0.8, MUTED))
    table.setStyle(TableStyle(commands))
    return table


def grid_table(
    rows: list[list[Cell]],
    widths: Sequence[float],
    section_rows: Sequence[int] = (),
) -> Table:
    """A table with a shaded header row repeated on every page, zebra rows and section rows."""
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    commands: list[tuple[object, ...]] = [
        _FONT,
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    sections = set(section_rows)
    for row in range(1, len(rows)):
        if row in sections:
            commands += [
                ("SPAN", (0, row), (-1, row)),
                ("BACKGROUND", (0, row), (-1, row), HEADER_FILL),
            ]
            # A section row never ends a page: it goes over together with its first member.
            commands.append(("NOSPLIT", (0, row), (-1, min(row + 1, len(rows) - 1))))
        elif not sections and row % 2 == 0:
            commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    table.setStyle(TableStyle(commands))
    return table


def card_table(
    head: Cell, rows: list[tuple[Cell, Cell]], colour: Color, label_width: float
) -> Table:
    """One rule's block: a shaded header line, label-content rows, a severity bar on the left."""
    data: list[list[Cell]] = [[head, ""], *[[left, right] for left, right in rows]]
    table = Table(data, colWidths=[label_width, CONTENT_WIDTH - label_width], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                _FONT,
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBEFORE", (0, 0), (0, -1), 3, colour),
                ("BOX", (0, 0), (-1, -1), 0.4, LINE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def key_rows(rows: list[list[Cell]], widths: Sequence[float]) -> Table:
    """Rows of label-value pairs side by side, a thin line under each row (no header)."""
    table = Table(rows, colWidths=list(widths))
    table.setStyle(
        TableStyle(
            [
                _FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
            ]
        )
    )
    return table
