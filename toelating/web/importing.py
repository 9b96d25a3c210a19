"""The preview of a CSV import: the columns recognised, the ones left out, the rows that
cannot be read (row and column, never a cell's value) and how many can. The import itself
is `toelating.importing.import_csv`, run when the person confirms."""

from __future__ import annotations

from dataclasses import dataclass, field

from toelating.errors import InputError, Problem
from toelating.i18n import catalogue
from toelating.importing.columns import ImportKind
from toelating.importing.encoding import decode_export
from toelating.importing.table import parse_rows
from toelating.text import Language

LABEL = "CSV"


@dataclass(frozen=True)
class Preview:
    kind: str
    recognised: list[str] = field(default_factory=list)  # "A "Naam" → name"
    ignored: list[str] = field(default_factory=list)
    good_rows: int = 0
    problems: list[str] = field(default_factory=list)  # "N: what is wrong (column C)"

    @property
    def importable(self) -> bool:
        return self.good_rows > 0 and not self.problems


def preview(kind: str, data: bytes, language: Language) -> Preview:
    """What importing these bytes would do, without writing anything."""
    chosen = ImportKind(kind if kind in ("workers", "payslips") else "workers")
    try:
        text = decode_export(data, LABEL, language).text
        parsed = parse_rows(chosen, text, LABEL, language)
    except InputError as error:
        return Preview(chosen.value, problems=[_where(p) for p in error.problems])
    layout = parsed.layout
    recognised = [
        f"{', '.join(layout.column_name(i) for i in source.indices)} → "
        + _field_words(source.column.field, language)
        for source in layout.sources
    ]
    return Preview(
        chosen.value,
        recognised,
        [layout.column_name(index) for index in layout.ignored],
        len(parsed.rows),
        [_where(problem) for problem in parsed.problems],
    )


def _field_words(field: tuple[str, ...], language: Language) -> str:
    """`Naam (name)`: the field by the forms' labels, then its key in the dossier."""
    labels = catalogue(language, "fields")
    words = ", ".join(labels.get(part, part) for part in field)
    return f"{words} ({'.'.join(field)})"


def _where(problem: Problem) -> str:
    """The problem after its line (the import's message names the column, never the value)."""
    return f"{problem.line}: {problem.message}" if problem.line is not None else problem.message
