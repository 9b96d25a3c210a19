"""The JSON Schemas the package ships: generated from the models, or the report contract."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

SCHEMA_FOLDER = Path(__file__).parent / "schemas"
GENERATED = ("dossier", "rule", "rulebook", "parameters", "overrides", "waivers")


def _models() -> dict[str, type[BaseModel]]:
    from toelating.dossier.model import Dossier
    from toelating.rulebook.model import OverridesFile, ParameterFile, Rule, RulebookManifest
    from toelating.waivers import WaiverFile

    return {
        "dossier": Dossier,
        "rule": Rule,
        "rulebook": RulebookManifest,
        "parameters": ParameterFile,
        "overrides": OverridesFile,
        "waivers": WaiverFile,
    }


def generate(name: str) -> dict[str, Any]:
    """The schema as the models define it now."""
    schema = _models()[name].model_json_schema(by_alias=True)
    if name == "dossier":
        describe_fields(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def describe_fields(schema: dict[str, Any]) -> None:
    """Each dossier field's help text (Dutch, then English) as its `description`, so an
    editor shows what `toelating init`'s template and `toelating serve` show."""
    from toelating.template.descriptions import DESCRIPTIONS  # the one home of those texts

    for pattern, text in DESCRIPTIONS.items():
        found = _property_at(schema, pattern.strip("/").split("/"))
        if found is not None:
            found["description"] = f"{text.nl}\n\n{text.en}"


def _property_at(schema: dict[str, Any], segments: list[str]) -> dict[str, Any] | None:
    """The schema of the property a pattern (`workers/*/name`) names, inside $defs."""
    node: dict[str, Any] | None = schema
    for segment in segments:
        node = _resolved(schema, node)
        if node is None:
            return None
        node = node.get("items") if segment == "*" else node.get("properties", {}).get(segment)
    return node


def _resolved(schema: dict[str, Any], node: dict[str, Any] | None) -> dict[str, Any] | None:
    """A property's own schema: its $ref followed, its `anyOf: [X, null]` taken as X."""
    while node is not None:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            node = options[0] if len(options) == 1 else None
        else:
            return node
    return None


def shipped(name: str) -> dict[str, Any]:
    """The schema file inside the package."""
    text = (
        resources.files("toelating").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    )
    result: dict[str, Any] = json.loads(text)
    return result


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_generated() -> None:
    """Regenerate the schema files from the models (run after changing a model)."""
    for name in GENERATED:
        (SCHEMA_FOLDER / f"{name}.schema.json").write_text(render(generate(name)), "utf-8")


if __name__ == "__main__":
    write_generated()
    sys.stdout.write(f"wrote {', '.join(GENERATED)} schemas to {SCHEMA_FOLDER}\n")
