"""Findings name their item in words: the pointer's items, outermost first."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES
from hypothesis import given
from hypothesis import strategies as st

from toelating.dossier import load_dossier
from toelating.dossier.items import item_name

DOSSIER = load_dossier(EXAMPLES / "flexwerk-noord").dossier


@pytest.mark.parametrize(
    ("pointer", "dutch", "english"),
    [
        ("/workers/0", "werknemer W-001 (Ana Popescu)", "worker W-001 (Ana Popescu)"),
        (
            "/workers/0/payslips/1/hours_paid",
            "werknemer W-001 (Ana Popescu), loonperiode 9\u201315 november 2026",
            "worker W-001 (Ana Popescu), pay period 9\u2009\u2013\u200915 November 2026",
        ),
        (
            "/hirers/1/placements/2/start",
            "inlener Distributiecentrum Venlo B.V., plaatsing van W-008 vanaf 11 januari 2027",
            "hirer Distributiecentrum Venlo B.V., placement of W-008 from 11 January 2027",
        ),
        (
            "/housing/locations/0/bedrooms/1",
            "locatie LOC-1 (Dorpsstraat 1, 2671 AA Naaldwijk), slaapkamer 2",
            "location LOC-1 (Dorpsstraat 1, 2671 AA Naaldwijk), bedroom 2",
        ),
        ("/vog/0", "VOG-RP van 10 februari 2025", "VOG-RP of 10 February 2025"),
        (
            "/fines/0/status",
            "boete AI-2025-0012 (arbeidsinspectie)",
            "fine AI-2025-0012 (arbeidsinspectie)",
        ),
    ],
)
def test_items_are_named_in_both_languages(pointer: str, dutch: str, english: str) -> None:
    name = item_name(DOSSIER, pointer)
    assert name is not None
    assert (name.nl, name.en) == (dutch, english)


@pytest.mark.parametrize("pointer", ["", "/", "/agency/nau/status", "/deposit", "/workers/999"])
def test_a_pointer_to_no_item_has_no_name(pointer: str) -> None:
    assert item_name(DOSSIER, pointer) is None


@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "workers",
                    "hirers",
                    "placements",
                    "payslips",
                    "housing",
                    "locations",
                    "bedrooms",
                    "vog",
                    "evidence",
                    "agency",
                    "x",
                ]
            ),
            st.integers(-2, 12).map(str),
        ),
        max_size=6,
    )
)
def test_any_pointer_gets_a_name_or_none_and_never_fails(tokens: list[str]) -> None:
    name = item_name(DOSSIER, "/" + "/".join(tokens))
    assert name is None or (name.nl and name.en)
