"""Read YAML or JSON input safely into plain data, with the line of every value.

Safe means: no object construction from tags, no duplicate keys, no anchors or
aliases (they are how "billion laughs" documents blow up), bounded size and depth.
"""

from __future__ import annotations

import codecs
import datetime as dt
import decimal
import json
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import jiter

from toelating.errors import InputError, Problem, Text, ToelatingError

MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_NUMBER_DIGITS = 40  # no field of the formats needs more; Python refuses ints over 4300
MAX_VALUES = (
    2_000_000  # about 4 times a dossier of 10,000 workers; each value costs time and memory
)
MAX_FLOW_BRACKETS = 1000  # more, and the nesting is measured before the C composer (recursive) runs
# Plain YAML 1.2 core tags; anything else (python/object, custom !tags) is refused.
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

Position = tuple[int, int]  # 1-based line and column


@dataclass
class Document:
    """Plain data read from one file, and where each value stands in it.

    Positions of YAML values are worked out on first use (a second, slower parse that
    keeps line numbers), so reading files stays fast when nothing needs a line number.
    """

    file: str
    data: Any
    text: str | None = None  # YAML source, for positions on demand
    _positions: dict[str, Position] | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[str, Position]:
        if self._positions is None:
            self._positions = yaml_positions(self.text, self.file) if self.text else {}
        return self._positions

    def position_of(self, pointer: str) -> Position | None:
        """Position of the value at pointer, or of its nearest ancestor that has one."""
        return nearest_position(self.positions, pointer)

    def problem(self, pointer: str, message: str | Text) -> Problem:
        """A problem at pointer in this file, with its line and column where known; a
        catalogue Text is said in the command's language."""
        position = self.position_of(pointer)
        line, column = position if position else (None, None)
        if isinstance(message, Text):
            return Problem.of(self.file, pointer, message, line, column)
        return Problem(self.file, pointer, message, line, column)


def nearest_position(positions: dict[str, Position], pointer: str) -> Position | None:
    while True:
        if pointer in positions:
            return positions[pointer]
        if not pointer:
            return None
        pointer = pointer.rsplit("/", 1)[0]


def pointer_join(pointer: str, key: str | int) -> str:
    """Extend a JSON pointer (RFC 6901) with one reference token."""
    token = str(key).replace("~", "~0").replace("/", "~1")
    return f"{pointer}/{token}"


Item = tuple[str, Any, tuple[int, ...]]  # pointer, value, the index at each *


def items_at(data: Any, segments: list[str]) -> tuple[list[Item], list[str]]:
    """What a path with `*` steps names in plain data (`workers/*/payslips/*`): each item with
    its pointer, value and indices, and the pointers of the fields absent on the way."""
    absent: list[str] = []
    frontier: list[Item] = [("", data, ())]
    for segment in segments:
        following: list[Item] = []
        for pointer, value, indices in frontier:
            if segment == "*":
                if isinstance(value, list):
                    following.extend(
                        (pointer_join(pointer, i), child, (*indices, i))
                        for i, child in enumerate(value)
                    )
            elif isinstance(value, dict) and segment in value:
                following.append((pointer_join(pointer, segment), value[segment], indices))
            else:
                absent.append(pointer_join(pointer, segment))
        frontier = following
    return frontier, absent


def pointer_of(tokens: Iterable[str | int]) -> str:
    """The JSON pointer of a path of keys and indices ("" for the root)."""
    pointer = ""
    for token in tokens:
        pointer = pointer_join(pointer, token)
    return pointer


def read_bytes(path: Path, label: str) -> bytes:
    """Read a regular file with a size limit, turning OS errors into input errors.

    A pipe, device or socket (a link to /dev/zero, a FIFO that never ends) is refused
    before it is opened; a file that grows while it is read stops at the limit.
    """
    # lang: the messages come from the catalogues (toelating/locale/*/files.yaml)
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError.say(label, "files.is_folder")
        if not stat.S_ISREG(status.st_mode):
            raise InputError.say(label, "files.not_regular")
        if status.st_size > MAX_INPUT_BYTES:
            raise _too_big(label, status.st_size)
        with path.open("rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise _too_big(label, len(data))
        return data
    except FileNotFoundError:
        raise InputError.say(label, "files.not_found") from None
    except IsADirectoryError:
        raise InputError.say(label, "files.is_folder") from None
    except PermissionError:
        raise InputError.say(label, "files.no_permission") from None
    except OSError as error:
        raise InputError.say(label, "files.unreadable", reason=error.strerror) from None


def _too_big(label: str, size: int) -> ToelatingError:
    mebibytes = MAX_INPUT_BYTES // 2**20
    return InputError.say(
        label, "files.too_big", size=str(size), limit=str(MAX_INPUT_BYTES), mebibytes=mebibytes
    )


def decode_text(raw: bytes, label: str) -> str:
    """Decode UTF-8 (with or without a BOM), naming the line of a bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        position = error.start  # lang: toelating/locale/*/files.yaml
        not_utf8 = Text.of("files.not_utf8", position=position)
        raise InputError.single(label, not_utf8, line=line) from None


def load_document(path: Path, label: str | None = None) -> Document:
    """Load a .yaml/.yml/.json file into a Document; any problem is an InputError."""
    label = label or str(path)
    raw = read_bytes(path, label)
    if path.suffix.lower() == ".json":
        return parse_json(raw, label)
    return parse_yaml(decode_text(raw, label), label)


def parse_json(text: str | bytes, label: str) -> Document:
    """Parse JSON exactly, in one pass of a native parser (jiter): decimals stay Decimal;
    NaN, Infinity, duplicate keys and lone surrogate escapes are refused where they stand."""
    if isinstance(text, str):
        raw = text.encode("utf-8", "surrogatepass")
    else:  # a file's bytes: UTF-8 with or without a byte order mark, as decode_text reads
        raw = text.removeprefix(codecs.BOM_UTF8)
    if not raw.strip():
        raise InputError.single(label, "file is empty")
    if len(raw) + 1 > MAX_VALUES:  # the count below is at most that: a smaller file is within
        _check_values(raw.count(b",") + raw.count(b"[") + raw.count(b"{") + 1, label)
    try:
        data = jiter.from_json(
            raw, allow_inf_nan=False, catch_duplicate_keys=True, float_mode="decimal"
        )
    except ValueError as error:
        raise _json_refusal(raw, label, str(error), isinstance(text, bytes)) from None
    document = Document(file=label, data=data)
    if not _readable_json(data, label) or b"\\u0000" in raw:  # JSON writes a NUL only as \u0000
        _refuse_unreadable_values(document)
    return document


def _readable_json(data: Any, label: str) -> bool:
    """Whether parsed JSON data is within what the rules read: no container deeper than
    MAX_DEPTH (raised here, as a place would be meaningless), no whole number beyond 64 bits,
    no decimal of more than MAX_NUMBER_DIGITS digits. One walk, level by level."""
    level: list[Any] = [[data]]  # the root, as the one item of a list above it
    readable = True
    depth = -1
    while level:
        if _too_deep(depth):
            raise InputError([Problem.of(label, "", Text.of("json.too_deep", limit=MAX_DEPTH))])
        deeper: list[Any] = []
        for value in level:
            for child in value.values() if type(value) is dict else value:
                kind = type(child)
                if kind is dict or kind is list:
                    deeper.append(child)
                elif kind is int:
                    readable = readable and child in _INT64
                elif kind is Decimal:
                    try:
                        _WITHIN_DIGITS.plus(child)
                    except decimal.Rounded:
                        readable = False
        level = deeper
        depth += 1
    return readable


# Rounding to MAX_NUMBER_DIGITS digits (at any exponent) is signalled only for longer numbers.
_WITHIN_DIGITS = decimal.Context(
    prec=MAX_NUMBER_DIGITS, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[decimal.Rounded]
)

# jiter's messages end in " at line L column C" (C counts bytes); the message before it is
# what is wrong, in English words of its own, given after "invalid JSON: ".
_JITER_PLACE = re.compile(r"^(.*) at line (\d+) column (\d+)$", re.DOTALL)
_JITER_DUPLICATE = re.compile(r'^Detected duplicate key "(.*)"$', re.DOTALL)


def _json_refusal(raw: bytes, label: str, message: str, from_file: bool) -> ToelatingError:
    """jiter's refusal in the user's words, at its line and (character) column."""
    found = _JITER_PLACE.match(message)
    if found is None:
        return InputError([Problem.of(label, "", Text.of("json.syntax").with_english(message))])
    what, line, byte_column = found[1], int(found[2]), int(found[3])
    lines = raw.split(b"\n")
    text_line = lines[line - 1] if 1 <= line <= len(lines) else b""
    column = len(text_line[: max(byte_column - 1, 0)].decode("utf-8", "replace")) + 1
    if what == "invalid unicode code point" and from_file:
        decode_text(raw, label)  # raises with the byte's offset and line, as for YAML
    if "surrogate" in what or what == "unexpected end of hex escape":
        _locate_lone_surrogates(raw.decode("utf-8", "surrogatepass"), label)
    if what == "recursion limit exceeded":
        return InputError([Problem.of(label, "", Text.of("json.too_deep", limit=MAX_DEPTH))])
    said = _json_text(what, text_line, byte_column - 1)
    return InputError([Problem.of(label, "", said, line, column)])


def _json_text(what: str, line: bytes, index: int) -> Text:
    """What jiter refused (its words: what), where it stopped on the line, as a message."""
    duplicate = _JITER_DUPLICATE.match(what)
    if duplicate:
        return Text.of("json.duplicate_key", key=repr(duplicate[1]))
    if what == "number out of range":
        digits = str(_digits_around(line, index))  # as written: 5000, not 5,000
        return Text.of("json.digits", digits=digits, limit=MAX_NUMBER_DIGITS)
    if "InvalidOperation" in what:  # Decimal refused the number (an exponent out of range)
        return Text.of("json.inexact")
    if constant := _constant_at(line, index):
        return Text.of("json.not_a_number", constant=constant)
    return Text.of("json.syntax").with_english(f"invalid JSON: {what}")


def _constant_at(line: bytes, index: int) -> str | None:
    """NaN or Infinity where jiter stopped (for -Infinity, it stops after the minus)."""
    for name in ("NaN", "Infinity"):
        if line.startswith(name.encode(), index):
            return name
    return None


def _digits_around(line: bytes, index: int) -> int:
    """The digits of the number around index, which jiter found too long to read."""
    start = end = min(max(index, 0), len(line))
    while start > 0 and line[start - 1 : start] in _NUMBER_BYTES:
        start -= 1
    while end < len(line) and line[end : end + 1] in _NUMBER_BYTES:
        end += 1
    return sum(c in b"0123456789" for c in line[start:end].lower().split(b"e")[0])


_NUMBER_BYTES = frozenset(bytes([c]) for c in b"0123456789.eE+-")


def _locate_lone_surrogates(text: str, label: str) -> None:
    """Refuse lone surrogate escapes at their places: the standard library reads them into
    text (jiter refuses them, saying only where in the file), and the walk names the field."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return  # something else is wrong as well: jiter's words and place stand
    _refuse_unreadable_values(Document(file=label, data=data))


# What CEL cannot read as it is written: text with a lone \uD800-\uDFFF surrogate escape
# (not Unicode) or a NUL character (CEL's strings end at it), and whole numbers beyond
# 64 bits. The readers find them while they walk the data anyway; this walk, only then,
# says where each one is.
_INT64 = range(-(2**63), 2**63)


def _refuse_unreadable_values(document: Document) -> None:
    """Refuse, at their places, text (keys included) with a lone surrogate or a NUL
    character, whole numbers beyond 64 bits and decimals of too many digits."""
    problems: list[tuple[str, str]] = []
    pending: list[tuple[str, Any]] = [("", document.data)]
    while pending:
        pointer, value = pending.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                fault = _text_fault(key) if isinstance(key, str) else None
                if fault:
                    problems.append((pointer, f"a key {fault}"))
                pending.append((pointer if fault else pointer_join(pointer, key), child))
        elif isinstance(value, list):
            pending.extend((pointer_join(pointer, i), child) for i, child in enumerate(value))
        elif isinstance(value, str):
            fault = _text_fault(value)
            if fault:
                problems.append((pointer, f"the text {fault}"))
        elif type(value) is int and value not in _INT64:
            problems.append((pointer, _BEYOND_64_BITS))
        elif type(value) is Decimal and len(value.as_tuple().digits) > MAX_NUMBER_DIGITS:
            problems.append((pointer, f"a number has more than {MAX_NUMBER_DIGITS} digits"))
    if problems:
        raise InputError([document.problem(*problem) for problem in sorted(problems)])


_BEYOND_64_BITS = (
    "a whole number beyond 64 bits (-9223372036854775808 .. 9223372036854775807), "
    "which the rules cannot read; write it as text if it is an identifier"
)


def _text_fault(text: str) -> str | None:
    if "\x00" in text:
        return "holds a NUL character (\\0), which no dossier text needs; remove it"
    if not _is_unicode(text):
        return (
            "holds a lone \\u surrogate escape (half of a UTF-16 pair), which is not a "
            "character; write the character itself or a complete pair"
        )
    return None


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _too_deep(depth: int) -> bool:
    """Whether a container at this depth (the root at 0) is one level too many."""
    return depth >= MAX_DEPTH


def parse_yaml(text: str, label: str) -> Document:
    """Parse YAML safely: the C-accelerated safe loader builds plain data only."""
    if not text.strip() or all(
        line.strip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        raise InputError.single(label, "file is empty")
    brackets = text.count("[") + text.count("{")
    if 2 * len(text) + 1 > MAX_VALUES:  # the bound below is at most that
        _check_values(_yaml_values_at_most(text, brackets), label)
    pure = brackets > MAX_FLOW_BRACKETS and _deeper_than(text, MAX_DEPTH)
    raw = _load(_loader("safe", pure=pure), text, label)
    safe = _SafeData(label)
    try:
        data = safe.plain(raw, 0)
    except InputError:
        try:
            yaml_positions(text, label)  # the same refusal again, now with its place and line
        except InputError:
            raise
        except Exception:  # the refusal without a place is still right
            pass
        raise
    document = Document(file=label, data=data, text=text)
    if not safe.readable:
        _refuse_unreadable_values(document)
    return document


class _SafeData:
    """The safe loader's output as plain data, checked: no aliases (an object met twice),
    no binary or set values, no nesting deeper than MAX_DEPTH. Refusals carry no place;
    the caller reads the text again with positions (_YamlConverter) to tell where. Values
    the rules cannot read (NUL, lone surrogates, whole numbers beyond 64 bits) only clear
    `readable`: the caller then names each at its place."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.seen: set[int] = set()
        self.readable = True

    def plain(self, value: Any, depth: int) -> Any:
        kind = type(value)
        if kind is str:
            if "\x00" in value or not (value.isascii() or _is_unicode(value)):
                self.readable = False
            return value
        if kind is int:
            if value not in _INT64:
                self.readable = False
            return value
        if kind is bool or value is None:
            return value
        if kind is dict or kind is list:
            if _too_deep(depth):
                self.fail(f"nesting is deeper than {MAX_DEPTH} levels")
            if id(value) in self.seen:
                self.fail("YAML aliases (*name) are not allowed in this file")
            self.seen.add(id(value))
            if kind is dict:
                return {
                    self.plain(str(key), depth): self.plain(child, depth + 1)
                    for key, child in value.items()
                }
            return [self.plain(child, depth + 1) for child in value]
        if kind is Decimal:
            return value
        if isinstance(value, dt.date):
            return _plain_scalar(value)
        self.fail(
            f"values of type {kind.__name__} (a YAML tag such as !!binary or !!set) are not allowed"
        )

    def fail(self, message: str) -> NoReturn:
        raise InputError.single(self.label, message)


def _deeper_than(text: str, limit: int) -> bool:
    """Whether the text nests collections deeper than limit, or cannot be parsed (then the
    Python parser says where). The C parser keeps its own stack; only the C composer
    recurses, so its events tell safely how deep composing would go: a dossier of 60,000
    flow-style payslips ({...}) is then composed in C, not parsed in Python, ten times slower."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = 0
    try:
        for event in _loader("safe").parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > limit:
                    return True
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return True
    return False


def safe_compose(text: str) -> Any:
    """The node tree of text already read safely (its size and depth checked), from the C
    parser: each node with the marks of where it stands. Raises ruamel's YAMLError."""
    return _loader("safe").compose(text)


def yaml_positions(text: str, label: str) -> dict[str, Position]:
    """Line and column of every value, from ruamel's round-trip loader."""
    raw = _load(_loader("rt"), text, label)
    converter = _YamlConverter(label)
    converter.convert(raw, "", 0, None)
    return converter.positions


def _check_values(at_most: int, label: str) -> None:
    """Refuse, before parsing, text that may hold more values than MAX_VALUES."""
    if at_most > MAX_VALUES:
        raise InputError.single(
            label, f"the file may hold up to {at_most} values; the limit is {MAX_VALUES}"
        )


def _yaml_values_at_most(text: str, brackets: int) -> int:
    """An upper bound of the nodes a YAML text makes: each needs a mark of its own (a
    colon for a key and its value, a '-' for a list item, a comma or a bracket)."""
    dashes = text.count("- ") + text.count("-\n") + text.count("-\r")
    return 2 * text.count(":") + text.count(",") + dashes + brackets + 1


def _loader(typ: str, pure: bool = False) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ=typ, pure=pure)
    yaml.Constructor = _constructor_class(typ)
    if typ == "safe":
        yaml.Resolver = _yaml_12_resolver()
    return yaml


@cache
def _yaml_12_resolver() -> type:
    """ruamel's resolver asks the scanner for the document's YAML version for every scalar,
    and with the C parser that question raises (and is answered with 1.2) each time: a third
    of the time of loading a big file. The files this tool reads are YAML 1.2.

    And a plain scalar's tag depends on its text alone, so each text is resolved once: a
    dossier says `true`, `40` and its dates thousands of times, and each resolution (regular
    expressions, a new tag object that works out its own name) was half of the rest."""
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    class Yaml12Resolver(VersionedResolver):
        @property
        def processing_version(self) -> tuple[int, int]:
            return (1, 2)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not ScalarNode or not implicit[0] or self.yaml_path_resolvers:
                return super().resolve(kind, value, implicit)
            known: dict[str, Any] = self.__dict__.setdefault("_plain_tags", {})
            tag = known.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(known) < _RESOLVED_TEXTS:
                    known[value] = tag
            return tag

    return Yaml12Resolver


_RESOLVED_TEXTS = 100_000  # distinct scalar texts whose tags one load remembers


def _load(yaml: Any, text: str, label: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = _without_values((error.problem or error.context or "invalid YAML").strip())
        if not isinstance(error, _refusal_class()):  # a value refused is valid YAML
            message = f"invalid YAML: {message}"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        if not isinstance(error, _refusal_class()):  # lang: said as what to do, in words
            from toelating.hints import syntax_problem  # a person acts on (toelating.hints)

            raise InputError([syntax_problem(label, message, text, line, column)]) from None
        raise InputError([Problem(label, "", message, line, column)]) from None
    except YAMLError as error:
        raise InputError.single(label, f"invalid YAML: {error}") from None
    except RecursionError:
        raise InputError.single(label, "nesting is too deep") from None


def _without_values(message: str) -> str:
    """ruamel quotes both values of a duplicate key; messages never echo dossier values."""
    if message.startswith("found duplicate key"):
        key = message.split('"')[1] if message.count('"') >= 2 else "?"
        return f'duplicate key "{key}": each key may appear once per mapping'
    return message


@cache
def _constructor_class(typ: str) -> type:
    """A constructor that leaves timestamps as text: the models parse dates, so an
    impossible date (2027-02-30) is a located validation error, not a loader crash."""
    from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor

    base = RoundTripConstructor if typ == "rt" else SafeConstructor

    class TextTimestampConstructor(base):  # type: ignore[misc,valid-type]
        pass

    TextTimestampConstructor.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node)
    )
    TextTimestampConstructor.add_constructor(
        "tag:yaml.org,2002:int", _bounded_number(base.construct_yaml_int)
    )
    # The data comes from the safe loader: its decimals are exact. The round-trip loader only
    # tells where values stand, so its floats may stay floats.
    construct_float = _exact_decimal if typ == "safe" else base.construct_yaml_float
    TextTimestampConstructor.add_constructor(
        "tag:yaml.org,2002:float", _bounded_number(construct_float)
    )
    return TextTimestampConstructor


@cache
def _refusal_class() -> type:
    """A value refused while constructing (too long, not finite): valid YAML, a bad value."""
    from ruamel.yaml.constructor import ConstructorError

    class ValueRefused(ConstructorError):
        pass

    return ValueRefused


def _refuse(message: str, node: Any) -> NoReturn:
    raise _refusal_class()(None, None, message, node.start_mark)


def _exact_decimal(constructor: Any, node: Any) -> Decimal:
    """A YAML float read from its text as JSON's are, never through a binary float (which
    would turn 99999.999999999999 into 100000.0, past a threshold the text stays below)."""
    text = str(constructor.construct_scalar(node)).replace("_", "")
    if text.lstrip("+-").lower() in (".inf", ".nan"):
        _refuse(f"{text} is not a number; use a finite decimal number", node)
    try:
        return Decimal(text)
    except ArithmeticError:  # decimal.InvalidOperation; YAML calls more forms float
        _refuse("this number cannot be read exactly; write it as 1234.56", node)


def _bounded_number(construct: Any) -> Any:
    """A number constructor that refuses absurdly long numbers (Python would raise on ints
    of more than 4300 digits; no field of the formats needs more than a few)."""

    def bounded(self: Any, node: Any) -> Any:
        if len(node.value) > MAX_NUMBER_DIGITS:
            digits = sum(c.isdigit() for c in str(node.value).lower().split("e")[0])
            if digits > MAX_NUMBER_DIGITS:
                _refuse(f"a number has {digits} digits; the limit is {MAX_NUMBER_DIGITS}", node)
        return construct(self, node)

    return bounded


class _YamlConverter:
    """Turn ruamel's round-trip objects into plain data, refusing unsafe constructs."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.positions: dict[str, Position] = {}
        self._seen: set[int] = set()

    def convert(self, value: Any, pointer: str, depth: int, position: Position | None) -> Any:
        from ruamel.yaml.comments import TaggedScalar

        if isinstance(value, TaggedScalar):
            self._fail(pointer, f"YAML tag {value.tag.value} is not allowed", position)
        if isinstance(value, dict | list):
            if _too_deep(depth):
                self._fail(pointer, f"nesting is deeper than {MAX_DEPTH} levels", position)
            self._check_container(value, pointer, position)
            if isinstance(value, dict):
                return self._convert_map(value, pointer, depth)
            return self._convert_seq(value, pointer, depth)
        if isinstance(value, bytes):
            self._fail(pointer, "binary values (!!binary) are not allowed", position)
        if value is not None and not isinstance(value, str | int | float | dt.date):
            self._fail(
                pointer,
                f"values of type {type(value).__name__} (a YAML tag such as !!set) are not allowed",
                position,
            )
        return _plain_scalar(value)

    def _check_container(self, value: Any, pointer: str, position: Position | None) -> None:
        tag = getattr(getattr(value, "tag", None), "value", None)
        if tag and tag not in _ALLOWED_TAGS:
            self._fail(pointer, f"YAML tag {tag} is not allowed", position)
        if id(value) in self._seen:
            self._fail(pointer, "YAML aliases (*name) are not allowed in this file", position)
        self._seen.add(id(value))

    def _convert_map(self, value: Any, pointer: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, child in value.items():
            child_pointer = pointer_join(pointer, str(key))
            position = None
            if value.lc.key(key) is not None:
                line, column = value.lc.key(key)
                position = (line + 1, column + 1)
                self.positions[child_pointer] = position
            result[str(key)] = self.convert(child, child_pointer, depth + 1, position)
        return result

    def _convert_seq(self, value: Any, pointer: str, depth: int) -> list[Any]:
        result: list[Any] = []
        for index, child in enumerate(value):
            child_pointer = pointer_join(pointer, index)
            line, column = value.lc.item(index)
            position = (line + 1, column + 1)
            self.positions[child_pointer] = position
            result.append(self.convert(child, child_pointer, depth + 1, position))
        return result

    def _fail(self, pointer: str, message: str, position: Position | None) -> None:
        line, column = position if position else (None, None)
        raise InputError([Problem(self.label, pointer, message, line, column)])


def _plain_scalar(value: Any) -> Any:
    """ruamel wraps scalars in subclasses; give back the plain Python value."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        # repr() is the shortest text that reads back as this float: the decimal the file had.
        return Decimal(repr(float(value)))
    if isinstance(value, dt.datetime):
        return dt.datetime(*value.timetuple()[:6], tzinfo=value.tzinfo)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str):
        return str(value)
    return value


def round_trip_yaml(text: str) -> tuple[Any, Any]:
    """A ruamel YAML object set up to write this text back in its own layout, and its data.

    For edits that must keep the user's comments, key order, quotes and indentation
    (filling in evidence hashes, importing workers). Returns (yaml, document).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    # ruamel guesses the indentation from the text and then loads it, which the round trip
    # below does again: a stub loader halves the time of opening a big dossier.
    _, sequence_indent, sequence_offset = load_yaml_guess_indent(text, yaml=_NoLoad())
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the user's long lines
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence_indent, offset=sequence_offset)
    return yaml, yaml.load(text)


class _NoLoad:
    @staticmethod
    def load(text: str) -> None:
        return None


def _mapping_indent(text: str) -> int:
    """The indentation of the first nested mapping key (2 when there is none)."""
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if indent and stripped and stripped[0] not in "-#" and ":" in stripped:
            return indent
    return 2
