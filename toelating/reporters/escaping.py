"""Text from a dossier shown as what it is: control, bidirectional and invisible characters
escaped visibly, so that no value can move the cursor, recolour, reorder or hide a report's
own words (a name that paints "VERDICT: COMPLIANT" over the real verdict).

Every reporter that shows text (terminal, Markdown, PDF, JUnit, SARIF) renders
`displayable(reports)`; the JSON report keeps every value exact and only writes these
characters as JSON escapes (`json_escaped`), so its bytes hold none of them either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass, replace
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel

from toelating.report import Report
from toelating.source import Document

# Unicode categories Cc (controls), Cf (format: bidi, zero-width, tags), Zl and Zp (line and
# paragraph separators), Cs (surrogates), and the noncharacters, which XML 1.0 forbids.
# tests/test_report_escaping.py checks this table against Python's own Unicode database.
_UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, 0x001F),  # C0: ESC starts terminal sequences, CR and BS overwrite, LF breaks lines
    (0x007F, 0x009F),  # DEL and C1 (U+009B starts terminal sequences as ESC [ does)
    (0x00AD, 0x00AD),  # soft hyphen
    (0x0600, 0x0605),  # Arabic number signs and marks that span other characters
    (0x061C, 0x061C),  # Arabic letter mark (bidi)
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner; left-to-right and right-to-left mark
    (0x2028, 0x202E),  # line and paragraph separators; bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x206F),  # bidi isolates, deprecated format characters
    (0xD800, 0xDFFF),  # surrogates: not characters, and not encodable
    (0xFDD0, 0xFDEF),  # noncharacters
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0xFFF9, 0xFFFB),  # interlinear annotation
    (0xFFFE, 0xFFFF),  # noncharacters
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),  # Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0001, 0xE0001),  # language tag
    (0xE0020, 0xE007F),  # tag characters: invisible text
    *((plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF) for plane in range(1, 17)),
)


def _character_class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    return re.compile(
        "[" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges) + "]"
    )


_UNSAFE = _character_class(_UNSAFE_RANGES)
# json.dumps already escapes C0 inside strings; outside them, its newlines are the layout.
_UNSAFE_IN_JSON = _character_class(_UNSAFE_RANGES[1:])

# Values the walk leaves as they are: no text in them, or (a dossier's source text) only
# read for line numbers, never shown.
_PLAIN = (Enum, bool, int, float, Decimal, dt.date, type(None), Document)


def unsafe(character: str) -> bool:
    """Whether a reporter must not show this character as itself."""
    return _UNSAFE.fullmatch(character) is not None


def visible(text: str) -> str:
    """The text with every unsafe character written as its escape: `\\x1b`, `\\u202e`,
    `\\U000e0041`. Everything else, accented and non-Latin letters included, stays."""
    if text.isprintable():  # C speed: no control, format or separator character but a space
        return text
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def json_escaped(document: str) -> str:
    """A document from json.dumps with every unsafe character written as a JSON escape: the
    same values for a parser, none of the characters in the bytes. json.dumps escapes C0
    itself, and outside strings writes ASCII only, so each character replaced is in a string."""
    lines = document.split("\n")  # layout only: json.dumps escapes line breaks in strings
    if all(line.isprintable() for line in lines):  # as in `visible`, before the slow class
        return document
    return "\n".join(
        line if line.isprintable() else _UNSAFE_IN_JSON.sub(_json_escape, line) for line in lines
    )


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def displayable(reports: Sequence[Report]) -> list[Report]:
    """The reports with every piece of text in them, wherever it came from (dossier, rule
    files, overlays, waivers, file names), passed through `visible`. Parts without an unsafe
    character are the same objects, so a clean report costs one look at each string."""
    memo: dict[int, Any] = {}
    shown: list[Report] = [_shown(report, memo) for report in reports]
    return shown


def _shown(value: Any, memo: dict[int, Any]) -> Any:
    if isinstance(value, str) and not isinstance(value, Enum):
        return visible(value)
    if isinstance(value, _PLAIN):
        return value
    key = id(value)
    if key not in memo:  # a rule or theme is shared by many results: walked once
        memo[key] = _shown_parts(value, memo)
    return memo[key]


def _shown_parts(value: Any, memo: dict[int, Any]) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        changes = _changed({name: getattr(value, name) for name in _init_fields(type(value))}, memo)
        return replace(value, **changes) if changes else value
    if isinstance(value, BaseModel):
        changes = _changed({name: getattr(value, name) for name in type(value).model_fields}, memo)
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, tuple | list):
        items = [_shown(item, memo) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return tuple(items) if isinstance(value, tuple) else items
    if isinstance(value, Mapping):
        pairs = [(k, v, _shown(k, memo), _shown(v, memo)) for k, v in value.items()]
        if all(new_k is k and new_v is v for k, v, new_k, new_v in pairs):
            return value
        return {new_k: new_v for _, _, new_k, new_v in pairs}
    return value  # no text a report shows (a path object, a callable)


def _changed(parts: dict[str, Any], memo: dict[int, Any]) -> dict[str, Any]:
    """The parts whose shown form differs, by their field names."""
    changed = {}
    for name, old in parts.items():
        new = _shown(old, memo)
        if new is not old:
            changed[name] = new
    return changed


@cache
def _init_fields(cls: type) -> tuple[str, ...]:
    """A data class's fields that its constructor takes (the others are derived)."""
    return tuple(f.name for f in fields(cls) if f.init)
