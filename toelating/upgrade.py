"""`toelating upgrade`: rewrite a version-1 dossier as version 2, changing only the version.

All of version 1 is valid version 2, so the only edit is the value of `dossier_version`,
made in the file's own text: comments, key order, quotes, spacing, BOM and line endings
stay byte for byte, which a round trip through a YAML or JSON writer cannot promise.
The file is replaced atomically with its own mode, and never when that would turn a
symbolic link into a copy or overrule a read-only file.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from toelating.dossier.load import locate_dossier_file, validate_dossier
from toelating.dossier.model import CURRENT_DOSSIER_VERSION
from toelating.errors import InputError, Text
from toelating.i18n import message
from toelating.output import write_edited
from toelating.source import Document, decode_text, parse_json, parse_yaml, read_bytes
from toelating.text import Language

VERSION_KEY = "dossier_version"
Span = tuple[int, int]  # start and end of a value in the text, as str indexes


class UpgradeAction(StrEnum):
    UPGRADED = "upgraded"  # version 1, now written as the current version
    ALREADY_CURRENT = "already_current"  # nothing written


@dataclass(frozen=True)
class UpgradeResult:
    """What `upgrade` did to which file, for the command line to report."""

    file: Path
    action: UpgradeAction

    def message(self, language: Language) -> str:
        """One line for the user."""
        key = f"upgrade.{self.action.value}"
        return message(key, language, file=self.file, version=CURRENT_DOSSIER_VERSION)


def upgrade_dossier(path: Path) -> UpgradeResult:
    """Rewrite the dossier (a file, or a folder holding one) as the current version in place.

    Raises InputError (exit 2) for a file that cannot be read, is not a valid dossier, has
    an unknown version, is a symbolic link or is read-only; UsageError when it cannot be
    written or changed on disk meanwhile. A valid current-version dossier is left untouched.
    """
    file = locate_dossier_file(path)
    label = str(file)
    raw = read_bytes(file, label)
    text = decode_text(raw, label)
    document = _parse(text, file)
    if not _is_version_1(document.data):
        validate_dossier(document)  # refuses an unknown version and an invalid dossier
        return UpgradeResult(file, UpgradeAction.ALREADY_CURRENT)
    upgraded = _with_current_version(document, text, file)
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    write_edited(file, bom + upgraded.encode("utf-8"), file, raw, "upgrade")
    return UpgradeResult(file, UpgradeAction.UPGRADED)


def _parse(text: str, file: Path) -> Document:
    if file.suffix.lower() == ".json":
        return parse_json(text, str(file))
    return parse_yaml(text, str(file))


def _is_version_1(data: Any) -> bool:
    # == 1 as the model reads it (1, 1.0 and true all mean version 1), as load.py does
    return isinstance(data, dict) and data.get(VERSION_KEY) == 1


def _with_current_version(document: Document, text: str, file: Path) -> str:
    """The text with the version's value replaced, read again to make sure it holds the same
    dossier in the current version. The dossier's own problems are reported at their lines,
    which the edit does not move."""
    upgraded = _replace_version(text, file)
    reread = _reread(upgraded, file) if upgraded is not None else None
    expected = {**document.data, VERSION_KEY: CURRENT_DOSSIER_VERSION}
    if upgraded is None or reread is None or reread.data != expected:
        # Only a version written in an unusual way (an anchor, a tag) gets here; never guess.
        version = CURRENT_DOSSIER_VERSION
        by_hand = Text.of("upgrade.upgrade_by_hand", key=VERSION_KEY, version=version)
        raise InputError.single(str(file), by_hand, path=f"/{VERSION_KEY}")
    validate_dossier(reread)
    return upgraded


def _replace_version(text: str, file: Path) -> str | None:
    span = _json_value_span(text) if file.suffix.lower() == ".json" else _yaml_value_span(text)
    if span is None:
        return None
    start, end = span
    return text[:start] + str(CURRENT_DOSSIER_VERSION) + text[end:]


def _reread(text: str, file: Path) -> Document | None:
    try:
        return _parse(text, file)
    except InputError:
        return None


def _yaml_value_span(text: str) -> Span | None:
    """Where the top-level version's value stands, from the YAML parser's own marks."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode

    # libyaml's marks count characters, as str indexes do; the text was already read
    # safely (depth and size checked), so the C parser may compose it.
    root = YAML(typ="safe").compose(text)
    pairs = root.value if isinstance(root, MappingNode) else []
    for key, value in pairs:
        if key.value == VERSION_KEY:
            return value.start_mark.index, value.end_mark.index
    return None


_JSON_SPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, and only that


def _json_value_span(text: str) -> Span | None:
    """Where the top-level version's value stands, read with the standard library's own
    JSON scanner, one top-level member at a time (numbers kept as text: only skipped)."""
    decoder = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)
    index = _after_space(text, 0)
    if not text.startswith("{", index):
        return None
    index = _after_space(text, index + 1)
    while text.startswith('"', index):
        key, index = decoder.raw_decode(text, index)
        start = _after_space(text, _after_space(text, index) + 1)  # past the colon
        _, end = decoder.raw_decode(text, start)
        if key == VERSION_KEY:
            return start, end
        index = _after_space(text, _after_space(text, end) + 1)  # past the comma
    return None


def _after_space(text: str, index: int) -> int:
    match = _JSON_SPACE.match(text, index)
    return match.end() if match else index
