"""The text of an export as Excel and payroll systems save it: UTF-8 (with or without a byte
order mark), UTF-16 ("Unicode text", with its byte order mark) or Windows-1252 ("CSV
(gescheiden door lijstscheidingsteken)" on a Dutch Windows).

Which one is told by the byte order mark, or else by whether the bytes are valid UTF-8: text
in Windows-1252 with any letter beyond ASCII (é, ë, ß) is almost never valid UTF-8 by chance,
while UTF-8 read as Windows-1252 would turn every é into Ã©. The encoding is said to the
user whenever it is not plain UTF-8, so a wrong guess never goes unnoticed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import NoReturn

from toelating.errors import InputError
from toelating.i18n import message
from toelating.text import Language

UTF8 = "UTF-8"
# Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252 either.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# A spreadsheet or archive given instead of its CSV export: named, so the user knows to save as CSV.
_BINARY_FORMATS = (
    (b"PK\x03\x04", "Excel (.xlsx) / ZIP"),
    (b"\xd0\xcf\x11\xe0", "Excel 97-2003 (.xls)"),
    (b"%PDF", "PDF"),
)


@dataclass(frozen=True)
class DecodedText:
    """The text of a file and the encoding it was read in (the name users know it by)."""

    text: str
    encoding: str

    @property
    def noteworthy(self) -> bool:
        """Whether to tell the user: anything but UTF-8 (with or without a byte order mark,
        as Excel's "CSV UTF-8" writes it)."""
        return self.encoding != UTF8


def decode_export(raw: bytes, label: str, language: Language) -> DecodedText:
    """The text of an export in UTF-8, UTF-16 or Windows-1252; InputError (in language) when
    it is none of them, naming the line of the first byte that fits none."""
    _refuse_binary(raw, label, language)
    if raw.startswith(codecs.BOM_UTF8):
        return DecodedText(_decode(raw[3:], "utf-8", label, language), UTF8)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(_decode(raw, "utf-16", label, language), "UTF-16")
    if b"\x00" in raw:  # no text export holds NUL: UTF-16 without its mark, or not text
        _unreadable(raw, raw.index(b"\x00"), label, language)
    try:
        return DecodedText(raw.decode("utf-8"), UTF8)
    except UnicodeDecodeError:
        pass
    if _CP1252_UNDEFINED.intersection(raw):
        position = next(i for i, byte in enumerate(raw) if byte in _CP1252_UNDEFINED)
        _unreadable(raw, position, label, language)
    return DecodedText(raw.decode("cp1252"), "Windows-1252")


def _unreadable(raw: bytes, position: int, label: str, language: Language) -> NoReturn:
    line = raw[:position].count(b"\n") + 1
    text = message("import.encoding_unreadable", language)
    raise InputError.single(label, text, line=line)


def _decode(raw: bytes, encoding: str, label: str, language: Language) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw[: error.start].decode(encoding, "replace").count("\n") + 1
        name = "UTF-8" if encoding == "utf-8" else "UTF-16"
        text = message("import.encoding_broken", language, encoding=name)
        raise InputError.single(label, text, line=line) from None


def _refuse_binary(raw: bytes, label: str, language: Language) -> None:
    for magic, name in _BINARY_FORMATS:
        if raw.startswith(magic):
            raise InputError.single(label, message("import.not_csv", language, format=name))
