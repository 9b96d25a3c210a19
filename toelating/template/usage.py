"""Which rules read which field, found in the rules' CEL texts so the template cannot drift.

A light reading, not a CEL type checker: every chain of selections (`worker.housing.location`)
is resolved from its root to a field pattern (`/workers/*/housing/location`). Roots are
`dossier`, the rule's `each.as` names, the id maps (`workers_by_id[...]`), items by position
(`dossier.workers[...]`) and the variables of comprehensions (`dossier.vog.exists(v, ...)`
binds `v` to `/vog/*`). The last field of a
chain counts as read; names the engine derives from fields (`application_date`) count as
reading those fields.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from toelating.cel.view import ITEM_MAPS
from toelating.rulebook.compile import rule_texts, shared_steps
from toelating.rulebook.load import Rulebook
from toelating.rulebook.model import Rule
from toelating.template.fields import FieldSpec, Kind, walk

_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# A root name not itself selected from something, then `.name`s that are not method calls.
_CHAIN = re.compile(rf"(?<![\w.\]])({_NAME})((?:\s*\.\s*{_NAME}\b(?!\s*\())*)")
_MACRO = re.compile(
    rf"(?<![\w.\]])({_NAME}(?:\s*\.\s*{_NAME})*)\s*\.\s*(?:all|exists|exists_one|map|filter)\s*\(\s*({_NAME})\s*,"
)
_CHAINED_MACRO = re.compile(rf"\)\s*\.\s*(?:all|exists|exists_one|map|filter)\s*\(\s*({_NAME})\s*,")

_LOOKUP = re.compile(rf"\b({'|'.join(ITEM_MAPS)})\s*\[([^\[\]]*)\]")
# `dossier.workers[...]`: an item of a list by position (brackets nest one level deep).
_ITEM = re.compile(rf"(?<![\w.\]])({_NAME}(?:\s*\.\s*{_NAME})*)\s*\[(?:[^\[\]]|\[[^\[\]]*\])*\]")
# Names the engine derives from fields: reading them reads those fields.
_CONTEXT_FIELDS = {
    "application_date": ("/application_date",),
    "evidence_status": ("/evidence/*/file", "/evidence/*/sha256"),
    "worker_position": ("/workers/*/id",),
    "worker_positions_by_location": ("/workers/*/housing/location",),
}


def rules_by_field(rulebook: Rulebook, fields: Iterable[FieldSpec]) -> dict[str, tuple[str, ...]]:
    """Field pattern -> ids of the rules that read it, sorted; fields no rule reads are absent."""
    known = {spec.pattern: spec for spec in walk(tuple(fields))}
    found: dict[str, set[str]] = defaultdict(set)
    for compiled in rulebook.rules:
        for pattern in fields_read(compiled.rule, known, rulebook.manifest.define):
            found[pattern].add(compiled.id)
    return {pattern: tuple(sorted(ids)) for pattern, ids in found.items()}


def fields_read(
    rule: Rule, known: dict[str, FieldSpec], shared: Mapping[str, str] | None = None
) -> set[str]:
    """The field patterns one rule reads, through the rulebook's shared steps too."""
    texts = [_STRING.sub('""', text) for text in _texts(rule, shared or {})]
    bindings = _each_bindings(rule, known)
    lookups = [_items_by_position(_LOOKUP.sub(_looked_up, text), bindings, known) for text in texts]
    read: set[str] = set()
    if rule.each:
        read.add(rule.each.path.removesuffix("/*"))
    steps = {
        name: _items_by_position(_LOOKUP.sub(_looked_up, _STRING.sub('""', text)), bindings, known)
        for name, text in {**dict(shared_steps(rule, shared or {})), **rule.define}.items()
    }
    for _ in range(3):  # comprehension variables may be bound from other comprehension variables
        for text in texts + lookups:
            _bind_comprehensions(text, bindings, known)
        for name, text in steps.items():
            _bind_step(name, text, bindings, known)
    for text in lookups:
        read.update(_chains(text, bindings, known))
    return read


def _texts(rule: Rule, shared: Mapping[str, str]) -> Iterator[str]:
    yield from rule_texts(rule).values()
    yield from (step for _, step in shared_steps(rule, shared))


def _each_bindings(rule: Rule, known: dict[str, FieldSpec]) -> dict[str, set[str]]:
    bindings: dict[str, set[str]] = {"dossier": {""}, **{k: {v} for k, v in ITEM_MAPS.items()}}
    if rule.each:
        segments = rule.each.path.split("/")
        stars = [i for i, segment in enumerate(segments) if segment == "*"]
        for name, index in zip(rule.each.as_, stars, strict=True):
            bindings.setdefault(name, set()).add("/".join(segments[: index + 1]))
    return bindings


def _bind_comprehensions(
    text: str, bindings: dict[str, set[str]], known: dict[str, FieldSpec]
) -> None:
    for match in _MACRO.finditer(text):
        for pattern in _resolve(match.group(1), bindings, known):
            if pattern in known and known[pattern].kind is Kind.LIST:
                bindings.setdefault(match.group(2), set()).add(f"{pattern}/*")
    # `xs.filter(p, ...).map(p, ...)`: the second macro ranges over the same items.
    for match in _CHAINED_MACRO.finditer(text):
        bindings.setdefault(match.group(1), set())


def _looked_up(match: re.Match[str]) -> str:
    """`workers_by_id[placement.worker]` as the map's name (bound to its items) with the key
    before it, so the key's fields count as read too: ` (placement.worker) workers_by_id`."""
    return f" ({match.group(2)}) {match.group(1)}"


def _bind_step(
    name: str, text: str, bindings: dict[str, set[str]], known: dict[str, FieldSpec]
) -> None:
    """A named step (`define:`) stands for every item, mapping or list its text names:
    `worker: dossier.workers[...]` makes `worker.languages` read /workers/*/languages."""
    for match in _CHAIN.finditer(text):
        root, rest = match.group(1), match.group(2)
        if not rest and root in bindings and root != name:
            bindings.setdefault(name, set()).update(bindings[root])
        for pattern in _resolve(root + rest, bindings, known) if rest else ():
            if known[pattern].kind in (Kind.MAPPING, Kind.LIST):
                bindings.setdefault(name, set()).add(pattern)


def _items_by_position(
    text: str, bindings: dict[str, set[str]], known: dict[str, FieldSpec]
) -> str:
    """`dossier.workers[...]` becomes a name bound to /workers/*, so `.languages` after it
    is read as /workers/*/languages."""

    def item(match: re.Match[str]) -> str:
        lists = {
            pattern
            for pattern in _resolve(match.group(1), bindings, known)
            if known[pattern].kind is Kind.LIST
        }
        if not lists:
            return match.group(0)
        name = f"__item{len(bindings)}"
        bindings[name] = {f"{pattern}/*" for pattern in lists}
        return f" {name}"

    return _ITEM.sub(item, text)


def _chains(text: str, bindings: dict[str, set[str]], known: dict[str, FieldSpec]) -> Iterator[str]:
    for match in _CHAIN.finditer(text):
        root, rest = match.group(1), match.group(2)
        yield from _CONTEXT_FIELDS.get(root, ())
        if rest:
            yield from _resolve(root + rest, bindings, known)


def _resolve(chain: str, bindings: dict[str, set[str]], known: dict[str, FieldSpec]) -> set[str]:
    """The deepest known field each binding of the chain's root leads to."""
    root, *names = [part.strip() for part in chain.split(".")]
    if not names:  # a bound name on its own: a step or a comprehension variable
        return {pattern for pattern in bindings.get(root, set()) if pattern in known}
    resolved: set[str] = set()
    for start in bindings.get(root, set()):
        pattern, last = start, None
        for name in names:
            candidate = f"{pattern}/{name}"
            if candidate not in known:
                break
            last = candidate
            pattern = known[candidate].pattern  # lists are selected whole; items come via macros
        if last:
            resolved.add(last)
    return resolved
