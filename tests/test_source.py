"""Reading YAML and JSON safely: every refusal names the file and, where it can, the line."""

from __future__ import annotations

import contextlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toelating.errors import InputError
from toelating.source import MAX_DEPTH, load_document, parse_json, parse_yaml


def refusal(text: str, parse=parse_yaml) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as caught:
        parse(text, "d.yaml")
    return str(caught.value)


def test_yaml_keeps_lines_and_decimals() -> None:
    document = parse_yaml("a: 1.10\nb:\n  - c: 2027-01-01\n", "d.yaml")
    assert document.data == {
        "a": Decimal("1.1"),
        "b": [{"c": "2027-01-01"}],
    }  # dates are parsed by the models
    assert document.positions["/b/0/c"] == (3, 5)
    assert document.position_of("/b/0/c/deeper") == (3, 5)


def test_yaml_syntax_error_names_line_and_column() -> None:
    assert refusal("a: [1\nb: 2\n").startswith("d.yaml:2:")


def test_duplicate_keys_are_refused() -> None:
    message = refusal("amount_eur: 1\namount_eur: 2\n")
    assert "duplicate key" in message and "d.yaml:2" in message


def test_object_construction_tags_are_refused() -> None:
    for text in (
        "a: !!python/object/apply:os.system [ls]\n",
        "a: !custom 3\n",
        "a: !!binary aGk=\n",
    ):
        message = refusal(text)
        assert message.startswith("d.yaml:1:") and (
            "not allowed" in message or "constructor for the tag" in message
        )


def test_billion_laughs_is_refused_without_expanding() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        bomb += (
            f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
        )
    assert "aliases" in refusal(bomb)


def test_deep_nesting_is_refused() -> None:
    assert "nesting" in refusal("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert "nesting" in refusal("[" * 100_000, parse_json)


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_files_are_refused(text: str) -> None:
    assert "empty" in refusal(text)


def test_json_refuses_nan_duplicates_and_reports_position() -> None:
    assert "not a number" in refusal('{"a": NaN}', parse_json)
    assert "duplicate key 'a'" in refusal('{"a": 1, "a": 2}', parse_json)
    assert refusal('{"a": 1,\n "b": }', parse_json).startswith("d.yaml:2:")
    assert parse_json('{"a": 0.1}', "d.json").data == {"a": Decimal("0.1")}


def test_files_bom_crlf_and_bad_bytes(tmp_path: Path) -> None:
    good = tmp_path / "bom.yaml"
    good.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert load_document(good).data == {"a": 1, "b": 2}
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: \xff\xfe\n")
    with pytest.raises(InputError, match=r"bad\.yaml:2: byte 8 is not valid UTF-8"):
        load_document(bad)
    with pytest.raises(InputError, match="file not found"):
        load_document(tmp_path / "absent.yaml")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_or_refused_cleanly(text: str) -> None:
    for parse in (parse_yaml, parse_json):
        with contextlib.suppress(InputError):
            parse(text, "fuzz")


@pytest.mark.parametrize("levels", [MAX_DEPTH, MAX_DEPTH + 1])
def test_yaml_and_json_allow_the_same_nesting(levels: int) -> None:
    """MAX_DEPTH nested containers are read, one more is refused, in both formats."""
    json_text = "[" * levels + "1" + "]" * levels
    yaml_text = "a: " + "[" * (levels - 1) + "1" + "]" * (levels - 1) + "\n"
    for parse, text in ((parse_json, json_text), (parse_yaml, yaml_text)):
        if levels <= MAX_DEPTH:
            parse(text, "deep")
        else:
            with pytest.raises(InputError, match=f"deeper than {MAX_DEPTH} levels"):
                parse(text, "deep")


# --- JSON: the native parser against the standard library's strict reading ---------------


def _strict_reference(text: str) -> Any:
    """What a JSON file means, read slowly and plainly by the standard library: decimals
    exact, NaN/Infinity and duplicate keys refused, and only data the rules can read
    (nesting, 64-bit whole numbers, 40 digits, no NUL, no lone surrogate). Raises ValueError."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({key for key, _ in pairs}) != len(pairs):
            raise ValueError("duplicate key")
        return dict(pairs)

    def refuse(name: str) -> None:
        raise ValueError(name)

    try:
        data = json.loads(
            text, parse_float=Decimal, parse_constant=refuse, object_pairs_hook=no_duplicates
        )
    except (RecursionError, ArithmeticError) as error:  # too deep; an exponent out of range
        raise ValueError("refused") from error
    _check_readable(data, 0)
    return data


def _check_readable(value: Any, depth: int) -> None:
    if isinstance(value, dict | list):
        if depth >= MAX_DEPTH:
            raise ValueError("deep")
        for key in value if isinstance(value, dict) else ():
            _check_readable(key, depth)
        for child in value.values() if isinstance(value, dict) else value:
            _check_readable(child, depth + 1)
    elif isinstance(value, str):
        if "\x00" in value or not all(not 0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise ValueError("unreadable text")
    elif type(value) is int and not -(2**63) <= value < 2**63:
        raise ValueError("beyond 64 bits")
    elif isinstance(value, Decimal) and len(value.as_tuple().digits) > 40:
        raise ValueError("digits")


def _dump(value: Any, ascii_only: bool) -> str:
    """JSON text of value, decimals written as they are (json.dumps cannot write Decimal)."""
    if isinstance(value, dict):
        items = (f"{_dump(k, ascii_only)}: {_dump(v, ascii_only)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v, ascii_only) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=ascii_only)


HOSTILE_TEXT = st.text(alphabet=st.sampled_from(["a", "ł", "\x00", "\ud800", "\udc00", '"', "\\"]))
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.decimals(allow_nan=False, allow_infinity=False, places=None)
    | st.text(max_size=8)
    | HOSTILE_TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=4) | HOSTILE_TEXT, children, max_size=4)
    ),
    max_leaves=30,
)


def _same_reading(text: str) -> None:
    try:
        expected = _strict_reference(text)
    except ValueError:
        with pytest.raises(InputError):
            parse_json(text, "f.json")
        return
    got = parse_json(text, "f.json").data
    assert got == expected
    assert repr(got) == repr(expected)  # 1.10 stays 1.10, ints stay ints


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.booleans())
def test_json_reads_as_the_strict_standard_library_does(value: Any, ascii_only: bool) -> None:
    _same_reading(_dump(value, ascii_only))


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.data())
def test_mutated_json_is_read_or_refused_as_the_standard_library_does(
    value: Any, data: st.DataObject
) -> None:
    """A byte changed, added or removed anywhere: the same verdict, never a traceback."""
    text = _dump(value, ascii_only=True)
    where = data.draw(st.integers(0, len(text)))
    inserts = ["", "NaN", "-Infinity", "[", "}", ",", '"', "\\u0000", "9" * 25]
    insert = data.draw(st.sampled_from(inserts))
    cut = data.draw(st.integers(0, 2))
    _same_reading(text[:where] + insert + text[where + cut :])


def test_json_duplicate_keys_and_constants_are_named_at_their_line_and_column() -> None:
    assert refusal('{"a": 1,\n "a": 2}', parse_json).startswith("d.yaml:2:")
    assert refusal('{"ł": 1,\n "b": -Infinity}', parse_json).startswith("d.yaml:2:8: Infinity")
    assert refusal('{"łł": tru}', parse_json).startswith("d.yaml:1:11: invalid JSON")
    assert "a number has 5000 digits" in refusal("[" + "9" * 5000 + "]", parse_json)
    assert "/x/0 the text holds a lone" in refusal('{"x": ["\\udc00"]}', parse_json)


def test_json_bytes_are_read_as_utf_8_with_or_without_a_bom() -> None:
    assert parse_json(b'\xef\xbb\xbf{"a": "\xc5\x82"}', "d.json").data == {"a": "ł"}
    with pytest.raises(InputError, match=r"d\.json:2: byte 8 is not valid UTF-8"):
        parse_json(b'{"a":\n "\xff"}', "d.json")
