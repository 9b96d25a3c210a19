"""Loading dossiers: every problem at once, each with file, line and field path."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, MINIMAL_DOSSIER, write

from toelating.dossier import load_dossier
from toelating.dossier.model import Dossier
from toelating.errors import InputError


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_dossier(path)
    return [problem.render() for problem in caught.value.problems]


def test_shipped_example_loads_from_folder_and_file() -> None:
    by_folder = load_dossier(EXAMPLES / "flexwerk-noord")
    by_file = load_dossier(EXAMPLES / "flexwerk-noord" / "dossier.yaml")
    assert by_folder.dossier == by_file.dossier
    assert by_folder.dossier.agency.name == "Flexwerk Noord B.V."
    assert len(by_folder.sha256) == 64


def test_minimal_dossier_loads(tmp_path: Path) -> None:
    loaded = load_dossier(write(tmp_path / "d.yaml", MINIMAL_DOSSIER))
    assert loaded.dossier.vog is None


def test_all_validation_problems_are_reported_with_line_and_path(tmp_path: Path) -> None:
    text = MINIMAL_DOSSIER + (
        "  kvk_numbr: '1'\n"  # unknown field (typo)
        "vog:\n"
        "  - kind: xp\n"  # bad enum
        "    issued_on: 2027-02-30\n"  # not a date
        "deposit:\n"
        "  payments:\n"
        "    - amount_eur: -5\n"  # negative money
    )
    problems = problems_of(write(tmp_path / "d.yaml", text))
    assert len(problems) == 4
    joined = "\n".join(problems)
    assert "d.yaml:4:3: /agency/kvk_numbr unknown field" in joined
    assert "d.yaml:6:5: /vog/0/kind" in joined
    assert "d.yaml:7:5: /vog/0/issued_on" in joined
    assert "/deposit/payments/0/amount_eur" in joined


def test_numbers_are_not_dates_and_money_has_cents_at_most(tmp_path: Path) -> None:
    text = (
        MINIMAL_DOSSIER
        + "vog:\n  - issued_on: 20270101\ndeposit:\n  payments:\n    - amount_eur: 1.005\n"
    )
    joined = "\n".join(problems_of(write(tmp_path / "d.yaml", text)))
    assert "expected a date as YYYY-MM-DD" in joined
    assert "/deposit/payments/0/amount_eur" in joined


def test_messages_do_not_echo_values(tmp_path: Path) -> None:
    text = MINIMAL_DOSSIER + "directors:\n  - name: Łukasz Wójcik\n    since: Łukasz-secret\n"
    joined = "\n".join(problems_of(write(tmp_path / "d.yaml", text)))
    assert "secret" not in joined


def test_dangling_references_and_duplicate_ids(tmp_path: Path) -> None:
    text = MINIMAL_DOSSIER + (
        "workers:\n  - id: W-1\n  - id: W-1\n    housing: {location: NOWHERE}\n"
        "hirers:\n  - name: H\n    placements:\n      - worker: W-9\n"
        "vog:\n  - evidence: missing-id\n"
    )
    joined = "\n".join(problems_of(write(tmp_path / "d.yaml", text)))
    assert "/workers/1/id duplicate worker id" in joined
    assert "/workers/1/housing/location refers to a location id" in joined
    assert "/hirers/0/placements/0/worker refers to a worker id" in joined
    assert "/vog/0/evidence refers to an evidence id" in joined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- 1\n- 2\n", "the file is a list"),
        ("dossier_version: 3\nagency: {name: X}\n", "unsupported dossier_version"),
        ("agency: {name: X}\n", "/dossier_version required field is missing"),
    ],
)
def test_whole_file_problems(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in "\n".join(problems_of(write(tmp_path / "d.yaml", text)))


def test_json_dossier_loads_like_yaml(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.json",
        '{"dossier_version": 1, "agency": {"name": "Test B.V."}, '
        '"deposit": {"payments": [{"amount_eur": 100000.00}]}}',
    )
    assert load_dossier(path).dossier.deposit.payments[0].amount_eur == 100000  # type: ignore[union-attr,index]


def test_folder_without_or_with_two_dossier_files(tmp_path: Path) -> None:
    assert "holds no dossier file" in problems_of(tmp_path)[0]
    write(tmp_path / "dossier.yaml", MINIMAL_DOSSIER)
    write(tmp_path / "dossier.json", "{}")
    assert "more than one dossier file" in problems_of(tmp_path)[0]


def test_schema_export_refuses_unknown_fields() -> None:
    schema = Dossier.model_json_schema()
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        (
            "agency: {name: X, registered_as_lender_since: 2015-01-01}\n",
            "/agency/registered_as_lender_since",
        ),
        ("agency: {name: X}\nsuppliers: [{name: Y}]\n", "/suppliers"),
        ("agency: {name: X}\nworkers: [{id: W, nationality: PL}]\n", "/workers/0/nationality"),
        (
            "agency: {name: X}\nhousing: {locations: [{id: L, scheme: toegelaten_instelling}]}\n",
            "/housing/locations/0/scheme",
        ),
        (  # the SNA classes beyond major and minor came with format 2
            "agency: {name: X}\ninspection: {nonconformities: [{id: N, severity: remark}]}\n",
            "/inspection/nonconformities/0/severity",
        ),
    ],
)
def test_a_version_1_dossier_with_a_version_2_field_is_refused(
    tmp_path: Path, fields: str, pointer: str
) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("dossier_version: 1\n" + fields, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_dossier(path)
    (problem,) = raised.value.problems
    assert problem.path == pointer
    assert "new in dossier format 2" in problem.message
    path.write_text("dossier_version: 2\n" + fields, encoding="utf-8")
    assert load_dossier(path).dossier.dossier_version == 2
