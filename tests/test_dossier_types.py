"""The dossier model takes what its exported JSON Schema takes and nothing more; amounts are
read exactly, in YAML as in JSON."""

from __future__ import annotations

import decimal
import json
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import write
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from toelating.dossier.load import load_dossier
from toelating.dossier.model import Dossier
from toelating.errors import InputError
from toelating.schema import SCHEMA_FOLDER
from toelating.source import parse_json, parse_yaml

FieldPath = tuple[str | int, ...]  # where a field stands in a dossier: keys, and 0 for list items


@cache
def schema() -> dict[str, Any]:
    """The shipped schema with its numbers exact (multipleOf 0.01 as Decimal, not a float)."""
    text = (SCHEMA_FOLDER / "dossier.schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return result


def resolved(node: dict[str, Any]) -> dict[str, Any]:
    """A property's schema without its null alternative and with its $ref followed."""
    options = [option for option in node.get("anyOf", [node]) if option.get("type") != "null"]
    only = options[0]  # a value of two types (number or text) is compared as the first
    if "$ref" in only:
        return dict(schema()["$defs"][only["$ref"].rsplit("/", 1)[1]])
    return dict(only)


def leaves(
    node: dict[str, Any], path: FieldPath = ()
) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    """Every field that holds a value (not an object), with its schema."""
    node = resolved(node)
    if node.get("type") == "object" and "properties" in node:
        for name, child in node["properties"].items():
            yield from leaves(child, (*path, name))
    elif node.get("type") == "array" and resolved(node["items"]).get("type") == "object":
        yield from leaves(node["items"], (*path, 0))
    elif node.get("additionalProperties") is not True:  # extensions: free-form, anything goes
        yield path, node


def fields_by_kind() -> dict[str, tuple[dict[str, Any], list[FieldPath]]]:
    """The kinds of field (a schema less its title), each with the fields of that kind."""
    kinds: dict[str, tuple[dict[str, Any], list[FieldPath]]] = {}
    for path, node in leaves(schema()):
        kind = {key: value for key, value in node.items() if key != "title"}
        name = json.dumps(kind, sort_keys=True, default=str)
        kinds.setdefault(name, (kind, []))[1].append(path)
    return kinds


KINDS = fields_by_kind()


PATTERN_SAMPLES = {"^[A-Z]{2}$": "NL", "^[a-z]{2}$": "nl", "^[0-9a-fA-F]{64}$": "0" * 64}


def sample(node: dict[str, Any]) -> Any:
    """A valid value of a schema, as small as it gets (for the required fields around one)."""
    node = resolved(node)
    if "enum" in node:
        return node["enum"][-1]
    kind = node.get("type")
    if kind == "object":
        return {name: sample(node["properties"][name]) for name in node.get("required", [])}
    if kind == "array":
        return []
    if kind == "string" and node.get("format") == "date":
        return "2027-01-15"
    if kind == "string":
        return PATTERN_SAMPLES.get(node.get("pattern", ""), "x" * node.get("minLength", 1))
    samples: dict[str, Any] = {"integer": 0, "number": 0, "boolean": True}
    return samples[str(kind)]


def placed(path: FieldPath, value: Any) -> dict[str, Any]:
    """The smallest version-2 dossier with value at path (and what the schema requires)."""
    data: dict[str, Any] = sample(schema())
    data["dossier_version"] = 2
    _place(data, schema(), path, value)
    return data


def _place(holder: Any, node: dict[str, Any], path: FieldPath, value: Any) -> None:
    step, rest = path[0], path[1:]
    child = resolved(node)["items"] if step == 0 else resolved(node)["properties"][step]
    if step == 0:
        holder.append(sample(child) if rest else value)
    elif not rest or step not in holder:
        holder[step] = value if not rest else [] if rest[0] == 0 else sample(child)
    if rest:
        _place(holder[-1] if step == 0 else holder[step], child, rest, value)


# --- values: near each kind's limits, and of every other JSON type -------------------------

DECIMALS = st.builds(
    lambda digits, places: Decimal(digits).scaleb(-places),
    st.integers(-(10**14), 10**14),
    st.integers(0, 7),
)
WORDS = st.sampled_from(
    [
        "yes", "no", "true", "false", "on", "8", "8.0", "118.50", "-0", "1e3", "NaN",
        "2027-01-15", "2027-1-5", "20270115", "2027-01-15T00:00:00", "2027-01-15 00:00",
        "2027-W03-5", "2027-02-30", "0000-01-01", "1700000000", "NL", "nl", "NL\n", "nl ",
        "Nl", "0" * 64, "0" * 64 + "\n", "g" * 64, "", " ", "x",
    ]
)  # fmt: skip
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    DECIMALS,
    WORDS,
    st.text(max_size=8),
    st.lists(st.one_of(WORDS, st.integers(0, 3)), max_size=2),
    st.dictionaries(st.sampled_from(["a", "id"]), st.integers(0, 3), max_size=1),
)


def near(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of the kind's own type, at and around its limits."""
    kind = node.get("type")
    if "enum" in node:
        values = list(node["enum"])
        return st.sampled_from(values + [str(v).upper() for v in values] + [f" {values[0]}"])
    if kind in ("integer", "number"):
        low, high = node.get("minimum", 0), node.get("maximum", 10**12)
        edges = st.sampled_from([low, high]).flatmap(
            lambda edge: st.builds(lambda step: edge + step, st.integers(-2, 2))
        )
        step = node.get("multipleOf", Decimal(1))
        fine = st.builds(
            lambda n, k: Decimal(n) * step / k,
            st.integers(-10, 10**6),
            st.sampled_from([1, 10, 100]),
        )
        return st.one_of(edges, fine, DECIMALS, edges.map(Decimal))
    if kind == "string":
        low, high = node.get("minLength", 0), node.get("maxLength", 3000)
        return st.builds(
            lambda n, letter: letter * n,
            st.integers(max(0, low - 1), high + 1),
            st.sampled_from(["x", "A", "a", "0", "é", "\n"]),
        )
    if kind == "array":
        return st.lists(st.one_of(near(resolved(node["items"])), HOSTILE), max_size=3)
    return st.booleans()


def model_accepts(data: dict[str, Any]) -> bool:
    try:
        Dossier.model_validate(data)
    except ValidationError:
        return False
    return True


def schema_accepts(data: dict[str, Any]) -> bool:
    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    with decimal.localcontext(decimal.Context(prec=200)):  # multipleOf of 10**14 by 0.0001
        return bool(validator.is_valid(data))


@pytest.mark.parametrize(
    "kind", sorted(KINDS), ids=lambda kind: "|".join(map(str, KINDS[kind][1][0]))
)
@given(data=st.data())
def test_the_model_and_its_json_schema_agree_on_every_value(kind: str, data: st.DataObject) -> None:
    """Each kind of field (dates, amounts, counts, flags, codes, enums, texts, ...) gets values
    near its limits and of every other JSON type, in a field of that kind drawn from the
    schema; the model and the schema must both take it or both refuse it.

    Not compared, as the schema cannot say them (load.py checks them after the model):
    references between items (worker, location and evidence ids that exist, ids unique),
    and fields of format 2 in a dossier that says it is version 1 (the schema is version 2's).
    Nor what the reader refuses before any model sees it: NUL characters, lone surrogates,
    whole numbers beyond 64 bits, numbers of more than 40 digits, NaN and Infinity,
    duplicate keys. Both sides get numbers as the reader gives them: a whole number as int,
    one written with a decimal point or exponent as Decimal (1.0 stays 1.0; JSON Schema
    would call it an integer, the model refuses it for a count, and jsonschema agrees on
    a Decimal). Formats are asserted (format "date" is only a note unless a validator is
    asked to check it).
    """
    node, paths = KINDS[kind]
    path = data.draw(st.sampled_from(paths), label="field")
    value = data.draw(st.one_of(near(node), HOSTILE), label="value")
    dossier = placed(path, value)
    assert schema_accepts(placed(path, sample(node))), "the sample itself must be valid"
    assert model_accepts(dossier) is schema_accepts(dossier), (path, value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("agency", "starter"), "yes"),
        (("agency", "starter"), 1),
        (("housing", "locations", 0, "beds"), "8"),
        (("housing", "locations", 0, "beds"), Decimal("8.0")),
        (("housing", "locations", 0, "beds"), True),
        (("housing", "locations", 0, "usable_floor_area_m2"), False),
        (("housing", "locations", 0, "usable_floor_area_m2"), "80"),
        (("deposit", "payments", 0, "amount_eur"), "100000.00"),
        (("deposit", "payments", 0, "amount_eur"), Decimal("99999.999999999999")),
        (("vog", 0, "issued_on"), 1700000000),
        (("vog", 0, "issued_on"), "1700000000"),
        (("vog", 0, "issued_on"), "2027-01-15T00:00:00"),
        (("dossier_version",), True),
        (("dossier_version",), Decimal("2.0")),
        (("agency", "seat_country"), "NL\n"),
        (("workers", 0, "languages"), ["nl\n"]),
        (("evidence", 0, "sha256"), "0" * 64 + "\n"),
    ],
)
def test_the_examples_of_the_issue_are_refused_by_both(field: FieldPath, value: Any) -> None:
    dossier = placed(field, value)
    assert not schema_accepts(dossier) and not model_accepts(dossier)


def test_every_field_kind_is_compared() -> None:
    """The walk finds the fields (a change to the schema's shape must not empty the test)."""
    fields = [path for _, paths in KINDS.values() for path in paths]
    assert len(fields) > 100 and ("deposit", "payments", 0, "amount_eur") in fields
    assert len(KINDS) > 20


# --- YAML reads numbers exactly, as JSON does --------------------------------------------

NUMBER_TEXTS = st.builds(
    lambda whole, fraction, exponent: f"{whole}.{fraction}{exponent}",
    st.integers(-(10**15), 10**15),
    st.text("0123456789", min_size=1, max_size=18),
    st.sampled_from(["", "e3", "E-2", "e+0"]),
)


@given(text=NUMBER_TEXTS)
def test_yaml_and_json_read_a_number_as_the_same_exact_decimal(text: str) -> None:
    from_yaml = parse_yaml(f"amount: {text}\n", "d.yaml").data["amount"]
    from_json = parse_json(f'{{"amount": {text}}}', "d.json").data["amount"]
    assert type(from_yaml) is Decimal and from_yaml == from_json == Decimal(text)
    assert str(from_yaml) == str(from_json)


@pytest.mark.parametrize("amount", ["99999.999999999999", "1.005", "0.001", "118.5000001"])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_an_amount_with_too_many_decimals_is_refused_never_rounded(
    tmp_path: Path, amount: str, suffix: str
) -> None:
    yaml = "dossier_version: 2\nagency: {name: X}\ndeposit:\n  payments:\n"
    yaml += f"    - amount_eur: {amount}\n"
    text = (
        yaml
        if suffix == ".yaml"
        else (
            '{"dossier_version": 2, "agency": {"name": "X"},\n'
            f' "deposit": {{"payments": [{{"amount_eur": {amount}}}]}}}}'
        )
    )
    with pytest.raises(InputError) as raised:
        load_dossier(write(tmp_path / f"d{suffix}", text))
    (problem,) = raised.value.problems
    assert problem.path == "/deposit/payments/0/amount_eur"
    assert "expected at most 2 decimal places" in problem.message
    assert amount not in problem.message
    if suffix == ".yaml":
        assert problem.line == 5


@pytest.mark.parametrize(
    ("written", "expected"),
    [(".inf", "is not a number"), ("-.inf", "is not a number"), (".nan", "is not a number")],
)
def test_yaml_infinity_and_nan_are_refused_where_they_are(written: str, expected: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_yaml(f"dossier_version: 2\nagency: {{name: X, rate: {written}}}\n", "d.yaml")
    (problem,) = raised.value.problems
    assert problem.line == 2 and expected in problem.message
    assert "invalid YAML" not in problem.message  # valid YAML, a value that is no number


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    beds: '8'\n", "expected a whole number (e.g. 8), not text"),
        ("    beds: 8.0\n", "expected a whole number (e.g. 8), not a number with a decimal"),
        ("    beds: true\n", "expected a whole number (e.g. 8), not true or false"),
        ("    registered: yes\n", "expected true or false, not text"),
        ("    registered: 1\n", "expected true or false, not a whole number"),
        ("    usable_floor_area_m2: '80'\n", "expected a number (e.g. 118.50), not text"),
        ("    last_inspection_on: 1700000000\n", "expected a date as YYYY-MM-DD"),
        ("    last_inspection_on: 2027-01-15T10:00:00\n", "another form (a time"),
        ("    last_inspection_on: 2027-02-30\n", "this date does not exist"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_at_its_line_in_plain_words(
    tmp_path: Path, line: str, expected: str
) -> None:
    text = "dossier_version: 2\nagency: {name: X}\nhousing:\n  locations:\n  - id: L\n" + line
    with pytest.raises(InputError) as raised:
        load_dossier(write(tmp_path / "d.yaml", text))
    (problem,) = raised.value.problems
    assert problem.line == 6 and problem.path.startswith("/housing/locations/0/")
    assert expected in problem.message
    value = line.split(":", 1)[1].strip().strip("'")
    assert len(value) < 5 or value not in problem.message  # messages never echo a value
