"""The shipped JSON Schemas match the models they are generated from."""

from __future__ import annotations

import pytest

from toelating.schema import GENERATED, generate, shipped


@pytest.mark.parametrize("name", GENERATED)
def test_shipped_schema_is_current(name: str) -> None:
    assert shipped(name) == generate(name), "run: python -m toelating.schema"
