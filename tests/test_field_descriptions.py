"""Each field's help text has one home (toelating/template/descriptions.py), read by the
template of `toelating init`, the JSON Schema (so editors show it) and `toelating serve`."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES
from markupsafe import escape
from serve_support import client, copied

from toelating.rulebook.load import Rulebook
from toelating.schema import _property_at, shipped
from toelating.template.descriptions import DESCRIPTIONS
from toelating.text import Language


def test_every_help_text_is_the_description_in_the_shipped_schema() -> None:
    schema = shipped("dossier")
    for pattern, text in DESCRIPTIONS.items():
        found = _property_at(schema, pattern.strip("/").split("/"))
        assert found is not None, pattern
        assert found["description"] == f"{text.nl}\n\n{text.en}", pattern


def test_the_screen_shows_the_same_help_text(rulebook: Rulebook, tmp_path: Path) -> None:
    signed_in = client(copied(EXAMPLES / "vog-outdated", tmp_path / "d"), rulebook)
    page = signed_in.get("/d/0/agency").text
    for pattern in ("/agency/name", "/agency/kvk_number", "/agency/nau/status"):
        assert escape(DESCRIPTIONS[pattern].get(Language.NL)) in page, pattern
    signed_in.get("/lang/en?next=/")
    assert (
        escape(DESCRIPTIONS["/agency/name"].get(Language.EN)) in signed_in.get("/d/0/agency").text
    )
