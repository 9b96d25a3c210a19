"""What a person most likely meant, for the common mistakes in a hand-written dossier.

A YAML or validation error names what the parser or pydantic expected, in their words
("found character that cannot start any token", "input should be a valid decimal"). An
office worker needs to hear what is wrong in their file and how to fix it: a tab, a date
written 15-05-2027, an amount written 115,00, `ja` for true, `Polen` for PL, a misspelt key,
a value that YAML cut at a `#` or a `: `, a KvK number that lost its leading zero. Each hint
is a catalogue message (`hints` domain); values from the dossier are never echoed, only
field names and fixed examples.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel

from toelating.errors import Problem, Text

if typing.TYPE_CHECKING:
    from toelating.source import Document

# ruamel's words for a syntax error (after "invalid YAML: "), as source.py passes them on.
_NO_TOKEN = "found character that cannot start any token"
_MAPPING_VALUES = "mapping values are not allowed"
_NO_KEY = "did not find expected key"
_UNCLOSED_FLOW = re.compile(r"did not find expected ',' or '[\]}]'")
_DUPLICATE_KEY = re.compile(r'duplicate key "([^"]*)"')

_DAY_FIRST = re.compile(r"[0-3]?[0-9][-/.][01]?[0-9][-/.][0-9]{4}")
_DECIMAL_COMMA = re.compile(r"(€|EUR)?\s*-?[0-9]{1,3}(\.?[0-9]{3})*(,[0-9]+)?\s*(€|EUR)?", re.I)
_YES_NO = frozenset({"ja", "nee", "j", "n", "yes", "no", "y", "waar", "onwaar", "wel", "niet"})
_COUNTRY_PATTERN, _LANGUAGE_PATTERN = "^[A-Z]{2}$", "^[a-z]{2}$"
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")


def syntax_text(message: str, text: str, line: int | None, column: int | None) -> Text | None:
    """A YAML syntax error (ruamel's message) said as what to do, reading the line itself."""
    raw = _line(text, line)
    if _NO_TOKEN in message:
        character = raw[column - 1 : column] if column else ""
        return Text.of("hints.tab" if character == "\t" else "hints.reserved_character")
    if _MAPPING_VALUES in message:
        return Text.of(
            "hints.indentation" if _deeper_than_before(text, line) else "hints.colon_in_value"
        )
    if duplicate := _DUPLICATE_KEY.search(message):
        return Text.of("hints.duplicate_key", key=duplicate.group(1))
    if _NO_KEY in message:
        return Text.of("hints.unclosed_quote" if _odd_quotes(text, line) else "hints.indentation")
    if _UNCLOSED_FLOW.search(message):
        return Text.of("hints.unclosed_bracket")
    if "tag" in message:
        return Text.of("hints.tag")
    if "expected comment or line break" in message:
        return Text.of("hints.after_quote")
    return None


def _line(text: str, line: int | None) -> str:
    lines = text.splitlines()
    return lines[line - 1] if line and 0 < line <= len(lines) else ""


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" "))


def _deeper_than_before(text: str, line: int | None) -> bool:
    """The line starts deeper than the line above it that holds a value (`key: value`):
    YAML then reads it as more of that value, and its own `key:` cannot stand there."""
    lines = text.splitlines()
    if not line or line > len(lines):
        return False
    here = lines[line - 1]
    for above in reversed(lines[: line - 1]):
        if above.strip() and not above.lstrip().startswith("#"):
            holds_value = bool(re.search(r":\s+[^\s#]", above))
            return holds_value and _indent(here) > _indent(above)
    return False


def _odd_quotes(text: str, line: int | None) -> bool:
    """A quote opened and not closed on this line or one of the two above it."""
    lines = text.splitlines()
    if not line:
        return False
    nearby = lines[max(0, line - 3) : line]
    return any(raw.count('"') % 2 == 1 or _odd_single_quotes(raw) for raw in nearby)


def _odd_single_quotes(raw: str) -> bool:
    value = raw.partition(": ")[2].strip()
    return value.startswith("'") and (len(value) == 1 or value.count("'") % 2 == 1)


def syntax_problem(
    file: str, message: str, text: str, line: int | None, column: int | None
) -> Problem:
    """The problem for a YAML syntax error: a hint where the mistake is a common one, else
    general advice (in English, YAML's own words, which name the mistake exactly)."""
    said = syntax_text(message, text, line, column) or Text.of("hints.syntax")
    return Problem.of(file, "", said, line, column)


# --- validation errors ---------------------------------------------------------------------


def validation_text(item: Mapping[str, Any], data: Any, text: str | None, model: type) -> Text:
    """A pydantic error item on data (validated as model) as a message a person acts on."""
    loc = tuple(item["loc"])
    field = str(loc[-1]) if loc else ""
    value = _value_at(data, loc)
    kind = str(item["type"])
    context = item.get("ctx") or {}
    if loc == ("dossier_version",):
        return Text.of("hints.dossier_version")
    if kind == "extra_forbidden":
        return _unknown_key(field, _fields_at(model, loc[:-1]))
    if kind == "missing":
        return Text.of("hints.missing", field=field)
    if kind == "string_type":
        return Text.of("hints.leading_zero" if _lost_zero(text, value) else "hints.text_expected")
    if kind == "string_pattern_mismatch":
        return _pattern_text(str(context.get("pattern", "")), value)
    if kind in ("string_too_long", "string_too_short") and _two_letter_code(context):
        return _code_text(field, value)
    if kind in ("enum", "literal_error"):
        choices = ", ".join(re.findall(r"'([^']*)'", str(context.get("expected", ""))))
        return Text.of("hints.choose", choices=choices)
    if kind == "value_error":
        return _value_error_text(str(context.get("error", "")), value)
    return _limit_text(kind, context) or Text.of("hints.invalid").with_english(str(item["msg"]))


def _value_error_text(error: str, value: Any) -> Text:
    """The dossier model's own checks (dates, amounts, true/false, whole numbers)."""
    shown = value.strip() if isinstance(value, str) else None
    if error.startswith("expected a date"):
        if shown is not None and _DAY_FIRST.fullmatch(shown):
            return Text.of("hints.date_day_first")
        if "does not exist" in error:
            return Text.of("hints.date_does_not_exist")
        return Text.of("hints.date")
    if error.startswith("expected a number"):
        if shown is not None and _DECIMAL_COMMA.fullmatch(shown) and ("," in shown or "€" in shown):
            return Text.of("hints.decimal_comma")
        return Text.of("hints.number")
    if error.startswith("expected at most"):
        places = re.search(r"at most ([0-9]+)", error)
        return Text.of("hints.decimal_places", places=places.group(1) if places else "?")
    if error.startswith("expected true or false"):
        yes_no = shown is not None and shown.lower() in _YES_NO
        return Text.of("hints.yes_no" if yes_no else "hints.true_false")
    if error.startswith("expected a whole number"):
        return Text.of("hints.whole_number")
    return Text.of("hints.invalid").with_english(error)


def _limit_text(kind: str, context: Mapping[str, Any]) -> Text | None:
    if kind in ("greater_than_equal", "greater_than"):
        return Text.of("hints.at_least", limit=context.get("ge", context.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return Text.of("hints.at_most", limit=context.get("le", context.get("lt")))
    if kind == "string_too_short":
        return Text.of("hints.empty")
    if kind == "string_too_long":
        return Text.of("hints.too_long", limit=context.get("max_length"))
    if kind in ("list_type", "model_type", "dict_type", "model_attributes_type"):
        return Text.of(f"hints.{'list' if kind == 'list_type' else 'mapping'}_expected")
    return None


def _unknown_key(key: str, fields: list[str]) -> Text:
    close = difflib.get_close_matches(key.lower(), fields, n=1, cutoff=0.6)
    if close:
        return Text.of("hints.did_you_mean", key=key, suggestion=close[0])
    return Text.of("hints.unknown_key", key=key)


def _pattern_text(pattern: str, value: Any) -> Text:
    if pattern == _COUNTRY_PATTERN:
        code = _code_for(value, countries=True)
        return Text.of("hints.country_name", code=code) if code else Text.of("hints.country_code")
    if pattern == _LANGUAGE_PATTERN:
        code = _code_for(value, countries=False)
        return Text.of("hints.language_name", code=code) if code else Text.of("hints.language_code")
    if "64" in pattern:
        return Text.of("hints.sha256")
    return Text.of("hints.pattern")


def _two_letter_code(context: Mapping[str, Any]) -> bool:
    """Only country and language codes are exactly 2 characters long."""
    return context.get("max_length") == 2 or context.get("min_length") == 2


def _code_text(field: str, value: Any) -> Text:
    """A country or language written as a name (Polen, Pools) or of the wrong length."""
    if code := _code_for(value, countries=True):
        return Text.of("hints.country_name", code=code)
    if code := _code_for(value, countries=False):
        return Text.of("hints.language_name", code=code)
    return Text.of("hints.country_code" if "countr" in field else "hints.language_code")


def _code_for(value: Any, countries: bool) -> str | None:
    """The ISO code a country or language name stands for (Dutch or English, any case)."""
    if not isinstance(value, str):
        return None
    name = value.strip().casefold()
    codes = _country_codes() if countries else _language_codes()
    return codes.get(name)


@cache
def _country_codes() -> dict[str, str]:
    from babel import Locale

    codes = {}
    for locale in ("en", "nl"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                codes[name.casefold()] = code
                codes[code.casefold()] = code  # "pl" written in lower case
    return codes


@cache
def _language_codes() -> dict[str, str]:
    from babel import Locale

    codes = {}
    for locale in ("en", "nl"):
        for code, name in Locale.parse(locale).languages.items():
            if len(code) == 2 and code.isalpha():
                codes[name.casefold()] = code
                codes[code.casefold()] = code.lower()  # "PL" written in upper case
    return codes


def _lost_zero(text: str | None, value: Any) -> bool:
    """A number that had a leading zero in the file (KvK 01234567 read as 1234567)."""
    if text is None or isinstance(value, bool) or not isinstance(value, int):
        return False
    digits = str(abs(value))
    return any(
        _LEADING_ZERO.fullmatch(word) and word.lstrip("+-").lstrip("0") == digits
        for word in re.findall(r"[-+]?[0-9]+", text)
    )


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for step in loc:
        in_list = isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        if not (in_list or (isinstance(data, dict) and step in data)):
            return None
        data = data[step]
    return data


def _fields_at(model: type, loc: tuple[Any, ...]) -> list[str]:
    """The field names of the model that validates the mapping at loc."""
    current: Any = model
    for step in loc:
        current = _inner(current, step)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner(annotation: Any, step: Any) -> Any:
    """The type one step further in: a field of a model, or the items of a list."""
    for candidate in _unwrapped(annotation):
        if isinstance(step, int) and typing.get_origin(candidate) is list:
            return typing.get_args(candidate)[0]
        if (
            isinstance(step, str)
            and isinstance(candidate, type)
            and issubclass(candidate, BaseModel)
            and step in candidate.model_fields
        ):
            return candidate.model_fields[step].annotation
    return None


def _unwrapped(annotation: Any) -> Iterator[Any]:
    """The types an annotation allows: through Optional, unions and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _unwrapped(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            yield from _unwrapped(argument)
    else:
        yield annotation


# --- values YAML cut at a comment marker ----------------------------------------------------

_HASH_AFTER_SPACE = re.compile(r"[ \t]#[^\s#!]")  # "# comment" has a space; "#2" does not
_HASH_WORD = re.compile(r"#[^\s#!]")  # searched first: a literal first character is fast


def cut_values(document: Document) -> list[Problem]:
    """Values that YAML ended at ` #`, where the rest of the line reads as more of the value
    (`name: Bouw & Co #2 B.V.`, `kvk_number: #01234567`). A comment says `# ` with a space.
    Positions (a second parse) are worked out only when a line looks like that."""
    text, file = document.text, document.file
    if not text or "#" not in text:
        return []
    suspicious = _suspicious_lines(text)
    if not suspicious:
        return []
    positions = document.positions
    lines = text.splitlines()
    deepest: dict[int, tuple[str, int]] = {}  # per line, the value that stands on it
    for pointer, (line, column) in positions.items():
        if line in suspicious and len(pointer) >= len(deepest.get(line, ("", 0))[0]):
            deepest[line] = (pointer, column)
    return [
        Problem.of(file, pointer, Text.of("hints.cut_at_hash"), line, column)
        for line, (pointer, column) in sorted(deepest.items())
        if _cut_here(lines[line - 1], column, pointer)
    ]


def _cut_here(raw: str, column: int, pointer: str) -> bool:
    rest = _value_part(raw[column - 1 :], pointer.rsplit("/", 1)[-1])
    if rest.startswith(('"', "'", "[", "{", "|", ">")):
        return False  # quoted or a block: YAML read what the user wrote
    return bool(_HASH_AFTER_SPACE.search(" " + rest))


def _value_part(rest: str, token: str) -> str:
    """The value on a line that starts at its key (`name: value`) or list dash."""
    key = token.replace("~1", "/").replace("~0", "~")
    for written in (key, f'"{key}"', f"'{key}'"):
        if rest.startswith(written + ":"):
            return rest[len(written) + 1 :].lstrip()
    return rest.removeprefix("-").lstrip()


def _suspicious_lines(text: str) -> set[int]:
    """Numbers of the lines where a value may go on after ` #` (not whole-line comments)."""
    numbers = set()
    counted, line = 0, 1  # line numbers counted on from the last candidate, not from the start
    for match in _HASH_WORD.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] not in " \t":
            continue
        line += text.count("\n", counted, start)
        counted = start
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip():  # something stands before the # on its line
            numbers.add(line)
    return numbers
