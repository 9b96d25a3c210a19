"""The JSON report's encoder (orjson) writes what `json.dumps(indent=2, ensure_ascii=False)`
writes, byte for byte, for every document, including those orjson refuses."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from toelating.reporters.json_report import indented_json

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)  # beyond 64 bits: orjson refuses
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()  # any code point, lone surrogates and controls included
)
_KEYS = st.text() | st.integers()  # an integer key: orjson refuses, json writes it as text


def _documents() -> st.SearchStrategy[Any]:
    return st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
        max_leaves=20,
    )


@given(_documents())
def test_indented_json_is_the_standard_librarys_text(document: Any) -> None:
    assert indented_json(document) == json.dumps(document, indent=2, ensure_ascii=False)


def test_what_orjson_refuses_is_written_too() -> None:
    document = {"name": "\ud800", "big": 2**64, 7: ["é", {}, []]}
    assert indented_json(document) == json.dumps(document, indent=2, ensure_ascii=False)
