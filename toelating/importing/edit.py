"""A dossier opened for editing: comments, key order, quotes, BOM and line endings kept.

YAML through ruamel's round trip; JSON (which has no comments) as exact data written back
with the file's indentation, its decimals exactly as they were (100000.00 stays 100000.00).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from toelating.dossier.model import CURRENT_DOSSIER_VERSION
from toelating.errors import InputError
from toelating.importing.rendered import Rendered
from toelating.source import round_trip_yaml


@dataclass
class EditableYaml:
    """ruamel's round-trip data of one file, and how to write it back the same way."""

    yaml: Any
    data: Any  # payslips are placeholders of rendered
    crlf: bool
    bom: bool
    rendered: Rendered

    @classmethod
    def of(cls, raw: bytes, label: str, grouped: bool = False) -> EditableYaml:
        """Open bytes already validated as a dossier (so safe: no tags, no aliases); grouped,
        each worker's payslips may be one placeholder (see Rendered.collapse)."""
        from ruamel.yaml.error import YAMLError

        text = raw.decode("utf-8-sig")
        rendered = Rendered.for_text(text)
        collapsed = rendered.collapse(text, grouped)  # the payslips stay text: see rendered.py
        try:
            yaml, data = round_trip_yaml(collapsed)
        except (YAMLError, ValueError) as error:
            # The round-trip loader builds dates, so 2027-02-30 under extensions fails here.
            raise InputError.single(label, f"cannot be edited: {error}") from None
        yaml.Representer = _representer(_null_spelling(collapsed, data))
        return cls(yaml, data, "\r\n" in text, raw.startswith(codecs.BOM_UTF8), rendered)

    def dump(self) -> str:
        return self.rendered.expand(self.dump_placeholders())

    def dump_placeholders(self) -> str:
        """The text ruamel writes, each payslip kept as text still a placeholder."""
        stream = io.StringIO()
        self.yaml.dump(self.data, stream)
        return stream.getvalue()

    def encode(self, text: str) -> bytes:
        """The text as the original file was written: its line endings, its BOM."""
        return _encode(text, self.crlf, self.bom)


def to_current_version(data: Any) -> bool:
    """Mark a version-1 dossier's data as the current version; True when it was version 1.

    Tools that edit a dossier write the current version (dossier.md), and all of version 1
    is valid version 2. Only the value changes: the key keeps its place and its comment.
    """
    if data.get("dossier_version") != 1:  # the dossier was validated: a whole number
        return False
    data["dossier_version"] = CURRENT_DOSSIER_VERSION
    return True


@dataclass
class EditableJson:
    """The exact data of a JSON file (decimals as Decimal), and how it was laid out."""

    data: Any
    indent: str | None  # None: all on one line
    ascii_only: bool  # the file escapes every non-ASCII character (\u00eb)
    final_newline: bool
    crlf: bool
    bom: bool

    @classmethod
    def of(cls, raw: bytes, label: str) -> EditableJson:
        """Open bytes already validated as a dossier."""
        from toelating.source import decode_text, parse_json

        text = decode_text(raw, label)
        data = parse_json(text, label).data
        indent = _JSON_INDENT.search(text)
        return cls(
            data=data,
            indent=indent.group(1) if indent else "" if "\n" in text.strip() else None,
            ascii_only=text.isascii(),
            final_newline=text.endswith("\n"),
            crlf="\r\n" in text,
            bom=raw.startswith(codecs.BOM_UTF8),
        )

    def dump(self) -> str:
        text = _json_text(self.data, self.indent, self.ascii_only, "")
        return text + ("\n" if self.final_newline else "")

    def encode(self, text: str) -> bytes:
        """The text as the original file was written: its line endings, its BOM."""
        return _encode(text, self.crlf, self.bom)


def _encode(text: str, crlf: bool, bom: bool) -> bytes:
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


_JSON_INDENT = re.compile(r"^([ \t]+)\S", re.MULTILINE)  # the indentation of one level
_PLAIN_EXPONENT = 100  # beyond, a decimal keeps its exponent: "f" would write every zero


def _json_text(value: Any, indent: str | None, ascii_only: bool, outer: str) -> str:
    """value as JSON; Decimal written exactly (format "f": the value, never a float's)."""
    if isinstance(value, dict | list) and value:
        inner = outer + indent if indent is not None else ""
        if isinstance(value, dict):
            items = [
                f"{json.dumps(key, ensure_ascii=ascii_only)}: "
                + _json_text(child, indent, ascii_only, inner)
                for key, child in value.items()
            ]
            opening, closing = "{", "}"
        else:
            items = [_json_text(child, indent, ascii_only, inner) for child in value]
            opening, closing = "[", "]"
        if indent is None:
            return opening + ", ".join(items) + closing
        return f"{opening}\n{inner}" + f",\n{inner}".join(items) + f"\n{outer}{closing}"
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and abs(exponent) <= _PLAIN_EXPONENT:
            return format(value, "f")
        return str(value)  # 1E+999999: exact, and short
    return json.dumps(value, ensure_ascii=ascii_only)  # text, whole numbers, booleans, null, {}, []


_EXPLICIT_NULL = re.compile(r"(?::|^\s*-)\s+(?:null|Null|NULL|~)\s*(?:#.*)?$", re.MULTILINE)


def _null_spelling(text: str, data: Any) -> str:
    """How this file writes an unknown value: `null`, or nothing (ruamel keeps no record).

    The spelling most of its null values have, so an import rewrites as few lines as it can;
    `toelating init` writes nothing, which keeps its commented examples usable.
    """
    explicit = len(_EXPLICIT_NULL.findall(text))
    return "null" if explicit * 2 > _count_nulls(data) else ""


def _count_nulls(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_count_nulls(child) for child in value.values())
    if isinstance(value, list):
        return sum(_count_nulls(child) for child in value)
    return int(value is None)


@cache
def _representer(null: str) -> type:
    """ruamel's round-trip representer with exact decimals (118.50 stays 118.50) and nulls
    spelled as the file spells them."""
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        def ignore_aliases(self, data: Any) -> bool:
            # A value met twice (the importer reads a date or amount once for all rows that
            # say it) is written twice, never as an anchor and alias: dossiers refuse those.
            if isinstance(data, dt.date | Decimal):
                return True
            return bool(super().ignore_aliases(data))

    def represent_decimal(representer: Any, value: Decimal) -> Any:
        text = format(value, "f")
        tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
        return representer.represent_scalar(tag, text)

    def represent_none(representer: Any, value: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", null)

    # On a subclass, so ruamel's own representer (used elsewhere) is left alone.
    Representer.add_representer(Decimal, represent_decimal)
    Representer.add_representer(type(None), represent_none)
    return Representer
