"""Saving a form: only what changed is written, comments, order and fields the form does not
show are kept, and nothing is written that the command line would refuse."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from serve_support import ORIGIN, client, copied, form_of
from starlette.testclient import TestClient

from toelating.dossier.load import load_dossier, locate_dossier_file
from toelating.rulebook.load import Rulebook
from toelating.web.form import sections

SECTIONS = [name for name, _ in sections()]
# The biggest (payslips as text), a JSON one, housing with bedrooms, scope and the deposit.
LAYOUTS = [
    "flexwerk-noord",
    "fines-open-arbeidsinspectie-fine",
    "housing-akf-overcrowded",
    "scope-intra-group-lender",
    "deposit-starter-second-half-unpaid",
]


def _save(test_client: TestClient, section: str, pairs: list[tuple[str, str]]) -> str:
    answer = test_client.post(f"/d/0/{section}", content=_encoded(pairs), headers=_form_headers())
    assert answer.status_code == 200
    return answer.text


def _encoded(pairs: list[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(pairs).encode("ascii")


def _form_headers() -> dict[str, str]:
    return {"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}


def _page_form(test_client: TestClient, section: str) -> list[tuple[str, str]]:
    answer = test_client.get(f"/d/0/{section}")
    assert answer.status_code == 200
    return form_of(answer.text)


def _set(pairs: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    assert any(n == name for n, _ in pairs), name
    return [(n, value if n == name else v) for n, v in pairs]


@pytest.mark.parametrize("example", LAYOUTS)
def test_saving_every_form_untouched_leaves_the_file_as_it_was(
    example: str, rulebook: Rulebook, tmp_path: Path
) -> None:
    folder = copied(EXAMPLES / example, tmp_path / example)
    file = locate_dossier_file(folder)
    before = file.read_bytes()
    signed_in = client(folder, rulebook)
    for section in SECTIONS:
        page = _save(signed_in, section, _page_form(signed_in, section))
        assert 'role="alert"' not in page, section
    assert file.read_bytes() == before


@pytest.fixture
def vog_outdated(tmp_path: Path) -> Path:
    return copied(EXAMPLES / "vog-outdated", tmp_path / "dossier")


def test_a_changed_date_keeps_the_comment_beside_it(vog_outdated: Path, rulebook: Rulebook) -> None:
    signed_in = client(vog_outdated, rulebook)
    pairs = _set(_page_form(signed_in, "vog"), "/vog/0/issued_on", "2027-05-01")
    page = _save(signed_in, "vog", pairs)
    text = (vog_outdated / "dossier.yaml").read_text("utf-8")
    assert "issued_on: 2027-05-01       # 4 months before the application date" in text
    assert text.startswith("# yaml-language-server")
    assert "VOLDOET<" in page  # the live check beside the form: the dossier now passes


def test_a_date_typed_the_dutch_way_is_stored_iso(vog_outdated: Path, rulebook: Rulebook) -> None:
    signed_in = client(vog_outdated, rulebook)
    _save(signed_in, "vog", _set(_page_form(signed_in, "vog"), "/vog/0/issued_on", "1-5-2027"))
    assert load_dossier(vog_outdated).dossier.vog[0].issued_on.isoformat() == "2027-05-01"  # type: ignore[index, union-attr]


@pytest.mark.parametrize(
    ("typed", "message"),
    [("31-02-2027", "Geen geldige datum"), ("volgende week", "Geen geldige datum")],
)
def test_a_bad_date_is_refused_at_its_field_in_dutch(
    vog_outdated: Path, rulebook: Rulebook, typed: str, message: str
) -> None:
    before = (vog_outdated / "dossier.yaml").read_bytes()
    signed_in = client(vog_outdated, rulebook)
    page = _save(signed_in, "vog", _set(_page_form(signed_in, "vog"), "/vog/0/issued_on", typed))
    assert message in page and "Niet opgeslagen" in page
    assert f'value="{typed}"' in page  # what was typed is shown again, to correct
    assert (vog_outdated / "dossier.yaml").read_bytes() == before


def test_the_english_form_refuses_in_english(vog_outdated: Path, rulebook: Rulebook) -> None:
    signed_in = client(vog_outdated, rulebook)
    signed_in.get("/lang/en?next=/d/0/vog")
    page = _save(signed_in, "vog", _set(_page_form(signed_in, "vog"), "/vog/0/issued_on", "x"))
    assert "Not a valid date" in page and "Not saved" in page


def test_amounts_take_the_decimal_comma(vog_outdated: Path, rulebook: Rulebook) -> None:
    signed_in = client(vog_outdated, rulebook)
    pairs = _set(_page_form(signed_in, "deposit"), "/deposit/payments/0/amount_eur", "60.000,50")
    _save(signed_in, "deposit", pairs)
    text = (vog_outdated / "dossier.yaml").read_text("utf-8")
    assert "- amount_eur: 60000.50" in text


def test_an_amount_with_a_decimal_point_is_refused_in_dutch(
    vog_outdated: Path, rulebook: Rulebook
) -> None:
    before = (vog_outdated / "dossier.yaml").read_bytes()
    signed_in = client(vog_outdated, rulebook)
    pairs = _set(_page_form(signed_in, "deposit"), "/deposit/payments/0/amount_eur", "115.00")
    page = _save(signed_in, "deposit", pairs)
    assert "komma als decimaalteken" in page
    assert (vog_outdated / "dossier.yaml").read_bytes() == before


def test_a_name_with_a_hash_is_kept_whole(vog_outdated: Path, rulebook: Rulebook) -> None:
    signed_in = client(vog_outdated, rulebook)
    pairs = _set(_page_form(signed_in, "agency"), "/agency/name", "Uitzendbureau #1 B.V.")
    _save(signed_in, "agency", pairs)
    assert load_dossier(vog_outdated).dossier.agency.name == "Uitzendbureau #1 B.V."


def test_a_required_field_emptied_is_refused(vog_outdated: Path, rulebook: Rulebook) -> None:
    before = (vog_outdated / "dossier.yaml").read_bytes()
    signed_in = client(vog_outdated, rulebook)
    page = _save(signed_in, "agency", _set(_page_form(signed_in, "agency"), "/agency/name", ""))
    assert "Niet opgeslagen" in page
    refused = page.split('class="field refused"')[1].split('class="field')[0]
    assert 'for="/agency/name"' in refused and "Dit veld is verplicht." in refused
    assert (vog_outdated / "dossier.yaml").read_bytes() == before


def test_a_reference_to_nothing_is_refused(vog_outdated: Path, rulebook: Rulebook) -> None:
    before = (vog_outdated / "dossier.yaml").read_bytes()
    signed_in = client(vog_outdated, rulebook)
    page = _save(signed_in, "vog", _set(_page_form(signed_in, "vog"), "/vog/0/evidence", "nope"))
    assert "Ongeldig" in page
    assert (vog_outdated / "dossier.yaml").read_bytes() == before


def test_fields_the_form_does_not_show_are_kept(tmp_path: Path, rulebook: Rulebook) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "dossier.yaml").write_text(
        "# my notes\n"
        "dossier_version: 2\n"
        "agency:\n"
        "  name: Test B.V.   # as on the KvK extract\n"
        "  # the KvK number follows\n"
        "  kvk_number: '12345678'\n"
        "extensions:\n"
        "  payroll_system: {vendor: Loket, id: 17}\n"
        "  notes: [one, two]\n",
        "utf-8",
    )
    signed_in = client(folder, rulebook)
    _save(signed_in, "agency", _set(_page_form(signed_in, "agency"), "/agency/seat_country", "NL"))
    assert (folder / "dossier.yaml").read_text("utf-8") == (
        "# my notes\n"
        "dossier_version: 2\n"
        "agency:\n"
        "  name: Test B.V.   # as on the KvK extract\n"
        "  # the KvK number follows\n"
        "  kvk_number: '12345678'\n"
        "  seat_country: NL\n"
        "extensions:\n"
        "  payroll_system: {vendor: Loket, id: 17}\n"
        "  notes: [one, two]\n"
    )


def test_a_version_1_dossier_is_saved_as_version_2(tmp_path: Path, rulebook: Rulebook) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "dossier.yaml").write_text("dossier_version: 1  # old\nagency:\n  name: A\n", "utf-8")
    signed_in = client(folder, rulebook)
    _save(signed_in, "agency", _set(_page_form(signed_in, "agency"), "/agency/seat_country", "NL"))
    text = (folder / "dossier.yaml").read_text("utf-8")
    assert text.startswith("dossier_version: 2  # old\n")


def test_items_are_added_and_removed_keeping_the_others(tmp_path: Path, rulebook: Rulebook) -> None:
    folder = copied(EXAMPLES / "vog-outdated", tmp_path / "d")
    signed_in = client(folder, rulebook)
    pairs = _page_form(signed_in, "directors")
    kept = [(n, v) for n, v in pairs if not n.startswith(("item:/directors/2", "/directors/2/"))]
    added = [
        ("item:/directors/100001", "new"),
        ("/directors/100001/name", "Anna Jansen"),
        ("/directors/100001/since", "2027-01-01"),
    ]
    _save(signed_in, "directors", kept + added)
    names = [d.name for d in load_dossier(folder).dossier.directors or []]
    assert names == ["Łukasz Wójcik", "Ioana Bălănescu-Țăranu", "Anna Jansen"]
    text = (folder / "dossier.yaml").read_text("utf-8")
    assert "Pieter de Vries" not in text and text.startswith("# yaml-language-server")


def test_an_empty_list_is_none_not_unknown(tmp_path: Path, rulebook: Rulebook) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "dossier.yaml").write_text("dossier_version: 2\nagency:\n  name: A\n", "utf-8")
    signed_in = client(folder, rulebook)
    version, *fields = _page_form(signed_in, "fines")
    assert fields == [("list:/fines", "")]
    _save(signed_in, "fines", [version, ("list:/fines", "1")])
    assert load_dossier(folder).dossier.fines == []


def test_a_changed_payslip_is_rewritten_and_the_others_kept_as_text(
    tmp_path: Path, rulebook: Rulebook
) -> None:
    folder = copied(EXAMPLES / "flexwerk-noord", tmp_path / "d")
    before = (folder / "dossier.yaml").read_text("utf-8")
    signed_in = client(folder, rulebook)
    pairs = _set(_page_form(signed_in, "workers"), "/workers/0/payslips/1/hours_paid", "39,5")
    _save(signed_in, "workers", pairs)
    after = (folder / "dossier.yaml").read_text("utf-8")
    old = "{period_start: 2026-11-09, period_end: 2026-11-15, hours_paid: 38.5,"
    new = "{period_start: 2026-11-09, period_end: 2026-11-15, hours_paid: 39.5,"
    assert after == before.replace(old, new, 1)


def test_a_json_dossier_is_saved_as_json(tmp_path: Path, rulebook: Rulebook) -> None:
    folder = copied(EXAMPLES / "fines-open-arbeidsinspectie-fine", tmp_path / "d")
    signed_in = client(folder, rulebook)
    _save(
        signed_in,
        "agency",
        _set(_page_form(signed_in, "agency"), "/agency/founded_on", "2015-03-02"),
    )
    assert load_dossier(folder).dossier.agency.founded_on.isoformat() == "2015-03-02"  # type: ignore[union-attr]
    assert '"founded_on": "2015-03-02"' in (folder / "dossier.json").read_text("utf-8")


_TYPED = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["", "0", "1,5", "1.5", "-3", "12-13-2027", "2027-02-29", "29-02-2028", "ja", "NL", "nl"]
    ),
)
_AGENCY_FIELDS = [
    "/agency/name",
    "/agency/kvk_number",
    "/agency/seat_country",
    "/agency/founded_on",
    "/agency/legal_form",
    "/agency/starter",
    "/agency/nau/since",
]


@settings(max_examples=25)
@given(field=st.sampled_from(_AGENCY_FIELDS), typed=_TYPED)
def test_whatever_is_typed_the_file_stays_one_the_cli_accepts(
    field: str, typed: str, rulebook: Rulebook, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder, signed_in = _shared_dossier(rulebook, tmp_path_factory)
    file = folder / "dossier.yaml"
    before = (EXAMPLES / "vog-outdated" / "dossier.yaml").read_bytes()
    file.write_bytes(before)  # each example starts from the example as shipped
    page = _save(signed_in, "agency", _set(_page_form(signed_in, "agency"), field, typed))
    if "Niet opgeslagen" in page:
        assert file.read_bytes() == before
    else:
        load_dossier(folder)  # raises when the CLI would refuse the file


_SHARED: dict[str, tuple[Path, TestClient]] = {}


def _shared_dossier(rulebook: Rulebook, factory: pytest.TempPathFactory) -> tuple[Path, TestClient]:
    """One copy of the example and one client for all of a property test's examples."""
    if "vog-outdated" not in _SHARED:
        folder = copied(EXAMPLES / "vog-outdated", factory.mktemp("typed") / "d")
        _SHARED["vog-outdated"] = (folder, client(folder, rulebook))
    return _SHARED["vog-outdated"]


def test_a_page_opened_before_a_change_by_hand_does_not_undo_it(
    vog_outdated: Path, rulebook: Rulebook
) -> None:
    signed_in = client(vog_outdated, rulebook)
    pairs = _set(_page_form(signed_in, "agency"), "/agency/founded_on", "2015-03-02")
    file = vog_outdated / "dossier.yaml"
    by_hand = file.read_text("utf-8").replace('kvk_number: "12345678"', 'kvk_number: "87654321"')
    file.write_text(by_hand, "utf-8")
    page = _save(signed_in, "agency", pairs)  # the page still shows 12345678
    assert "het bestand is gewijzigd sinds u deze pagina opende" in page
    assert file.read_text("utf-8") == by_hand
    assert 'value="87654321"' in page  # the form shows the file as it is now
