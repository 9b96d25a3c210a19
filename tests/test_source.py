"""Reading YAML and JSON safely: every refusal names the file and, where it can, the line."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path

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
