"""Which rules read which field, from the rules' compiled programs, so the template cannot drift.

The places a rule reads come from the binding's checked tree of each of its programs
(toelating.cel.analysis): a chain of selections is followed from the dossier, the rule's
items, the id maps, items by position, comprehension variables and named steps to a
field pattern (`/workers/*/housing/location`); names the engine derives from fields
(`application_date`) count as reading those fields.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from toelating.rulebook.compile import CompiledRule
from toelating.rulebook.load import Rulebook
from toelating.template.fields import FieldSpec, walk


def rules_by_field(rulebook: Rulebook, fields: Iterable[FieldSpec]) -> dict[str, tuple[str, ...]]:
    """Field pattern -> ids of the rules that read it, sorted; fields no rule reads are absent."""
    known = {spec.pattern for spec in walk(tuple(fields))}
    found: dict[str, set[str]] = defaultdict(set)
    for compiled in rulebook.rules:
        for pattern in fields_read(compiled) & known:
            found[pattern].add(compiled.id)
    return {pattern: tuple(sorted(ids)) for pattern, ids in found.items()}


def fields_read(compiled: CompiledRule) -> frozenset[str]:
    """The places one rule reads (the rulebook's shared steps are part of its programs)."""
    return compiled.reading.places
