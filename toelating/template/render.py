"""The template dossier as YAML text: every field explained above it, unknown values left empty."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from toelating.template.descriptions import DESCRIPTIONS, KIND_HINTS, Described
from toelating.template.fields import FieldSpec, Kind
from toelating.text import Language

SCHEMA_FILE = "dossier.schema.json"
WIDTH = 96
INDENT = 2

# Lists whose items would state a fact when left empty (a fine, an accident), need a real
# name or id (directors, hirers, workers: a placeholder W-001 would outlive an import), or
# whose file would be missing (evidence) get a commented-out example item. The others
# (vog, deposit payments, housing locations and bedrooms) get one live item, left empty.
COMMENTED_LISTS = frozenset(
    {
        "/directors",
        "/fines",
        "/inspection/nonconformities",
        "/hirers",
        "/suppliers",
        "/accidents",
        "/workers",
        "/evidence",
    }
)

# Values that are not unknown: the format version, the purpose of a template, ids the
# agency picks itself (and the references to them), and the required fields of examples.
VALUES: dict[str, Any] = {
    "/dossier_version": 2,
    "/purpose": "self_check",
    "/workers/*/id": "W-001",
    "/housing/locations/*/id": "LOC-1",
    "/workers/*/housing/location": "LOC-1",
    "/directors/*/name": "J. Jansen",
    "/hirers/*/name": "Inlener B.V.",
    "/hirers/*/placements/*/worker": "W-001",
    "/suppliers/*/name": "Uitlener B.V.",
    "/accidents/*/worker": "W-001",
    "/inspection/nonconformities/*/id": "NC-1",
    "/evidence/*/id": "vog-rp",
    "/evidence/*/file": "evidence/vog-rp.pdf",
    "/extensions": {},
}
# The agency's name is required, so it cannot be null: a placeholder that shows in reports.
AGENCY_NAME = Described("VUL IN: statutaire naam", "FILL IN: registered name")

HEADER = Described(
    nl="""\
Dossier voor de toelating van uitleners (Wtta), dossierformaat 2, gemaakt met `toelating init`.

Zo vult u het in:
- Vul achter de dubbele punt in wat u weet. Laat leeg wat u (nog) niet weet: de controle
  meldt dat als ontbrekend gegeven, nooit als "voldoet".
- Boven elk veld staat wat het betekent, waar u het vindt, wat voor waarde het neemt en welke
  regels het gebruiken (uitleg per regel: `toelating rules show REGEL-ID --lang nl`).
- Bedragen en getallen met een punt als decimaalteken (118.50), datums als 2027-05-12,
  KvK-nummers tussen aanhalingstekens ("01234567").
- Voorbeelden in commentaar (regels die met "# " beginnen onder een lijst): selecteer ze en
  haal één "# " weg (in VS Code: Ctrl+/) om ze te gebruiken.
- Bewijsstukken horen in de map evidence/ (zie evidence/README.txt).
- Controleer met: toelating check <deze map> --lang nl""",
    en="""\
Dossier for the admission of lenders (Wtta), dossier format 2, made by `toelating init`.

How to fill it in:
- Fill in what you know after the colon. Leave empty what you do not know (yet): the check
  reports it as missing data, never as "passes".
- Above every field: what it means, where to find it, what kind of value it takes and which
  rules use it (each rule explained: `toelating rules show RULE-ID`).
- Amounts and numbers with a dot as decimal mark (118.50), dates as 2027-05-12, KvK numbers
  in quotes ("01234567").
- Commented examples (lines starting with "# " under a list): select them and remove one
  "# " (in VS Code: Ctrl+/) to use them.
- Evidence files go in the evidence/ folder (see evidence/README.txt).
- Check with: toelating check <this folder>""",
)
EXAMPLE_NOTE = Described(
    "Voorbeeld: selecteer de regels hieronder en haal één '# ' weg (VS Code: Ctrl+/).",
    "Example: select the lines below and remove one '# ' (VS Code: Ctrl+/).",
)
RULES = Described("regels", "rules")
NO_RULES = Described("geen regel leest dit veld", "no rule reads this field")
REQUIRED = Described("verplicht", "required")
# Text that every YAML reader (1.1 or 1.2) takes as text when written without quotes.
_PLAIN = re.compile(r"(?!(?i:y|n|yes|no|on|off|true|false|null)$)[A-Za-z][A-Za-z0-9 ._/-]*")


@dataclass(frozen=True)
class Renderer:
    """Renders fields in one language; live_examples uncomments the examples (for tests)."""

    language: Language
    usage: dict[str, tuple[str, ...]]
    live_examples: bool = False

    def document(self, fields: tuple[FieldSpec, ...]) -> str:
        lines = [f"# yaml-language-server: $schema=./{SCHEMA_FILE}"]
        lines += [f"# {line}".rstrip() for line in HEADER.get(self.language).splitlines()]
        for spec in fields:
            lines.append("")
            lines.extend(self.field(spec, 0))
        return "\n".join(lines) + "\n"

    def field(self, spec: FieldSpec, indent: int, first_of_item: bool = False) -> Iterator[str]:
        """Comment lines, then the key; the first field of a list item carries the `- `."""
        yield from self.comment(spec, indent)
        key = " " * (indent - INDENT) + "- " if first_of_item else " " * indent
        if spec.kind is Kind.MAPPING:
            yield f"{key}{spec.name}:"
            yield from self.children(spec, indent + INDENT)
        elif spec.kind is Kind.LIST:
            yield f"{key}{spec.name}:"
            yield from self.list_item(spec, indent + INDENT)
        else:
            yield f"{key}{spec.name}:{_scalar(self.value(spec))}"

    def children(self, spec: FieldSpec, indent: int, item: bool = False) -> Iterator[str]:
        for index, child in enumerate(spec.children):
            yield from self.field(child, indent, first_of_item=item and index == 0)

    def list_item(self, spec: FieldSpec, indent: int) -> Iterator[str]:
        lines = list(self.children(spec, indent + INDENT, item=True))
        if spec.pattern not in COMMENTED_LISTS or self.live_examples:
            yield from lines
            return
        yield from _comment_lines(EXAMPLE_NOTE.get(self.language), indent)
        # One '# ' after the indentation: an editor's toggle-comment restores the item exactly.
        yield from (f"{' ' * indent}# {line[indent:]}" for line in lines)

    def comment(self, spec: FieldSpec, indent: int) -> Iterator[str]:
        yield from _comment_lines(DESCRIPTIONS[spec.pattern].get(self.language), indent)
        yield from _comment_lines(self.facts(spec), indent)

    def facts(self, spec: FieldSpec) -> str:
        """Kind of value, whether required, and the rules that read the field."""
        container = spec.kind in (Kind.MAPPING, Kind.LIST)
        parts = []
        if not container:
            hint = KIND_HINTS[spec.kind].get(self.language)
            parts.append(f"{hint}: {', '.join(spec.choices)}" if spec.choices else hint)
        if spec.required:
            parts.append(REQUIRED.get(self.language))
        rules = self.usage.get(spec.pattern)
        if rules:
            parts.append(f"{RULES.get(self.language)}: {', '.join(rules)}")
        elif not container:  # a group's fields say which rules read them
            parts.append(NO_RULES.get(self.language))
        return "; ".join(parts) + "." if parts else ""

    def value(self, spec: FieldSpec) -> Any:
        if spec.pattern == "/agency/name":
            return AGENCY_NAME.get(self.language)
        return VALUES.get(spec.pattern)


def _comment_lines(text: str, indent: int) -> Iterator[str]:
    prefix = " " * indent + "# "
    for line in textwrap.wrap(text, WIDTH - len(prefix), break_on_hyphens=False):
        yield prefix + line


def _scalar(value: Any) -> str:
    """' value' after the colon, or nothing: an empty value is YAML's null (unknown).

    Empty rather than `null`, because that is how an import writes unknown values back, so
    the file keeps one spelling. Text a reader could take for something else is quoted.
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        return " {}"
    if isinstance(value, str) and not _PLAIN.fullmatch(value):
        return " " + json.dumps(value, ensure_ascii=False)
    return f" {value}"
