"""Merge imported rows into the round-trip data of a dossier, in place, keeping its layout.

Workers are matched by id: a known worker gets the fields the row gives and keeps the rest;
an unknown one is appended. A payslip goes to the worker its row names and replaces the
payslip with the same period start, or is appended. New keys go where the model puts them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from toelating.dossier.model import Dossier, Housing, Location, Payslip, Worker
from toelating.errors import Problem
from toelating.i18n import message
from toelating.importing.columns import ImportKind, column
from toelating.importing.comments import append_item, insert_key
from toelating.importing.edit import EditableYaml
from toelating.importing.rendered import Rendered
from toelating.importing.table import ImportRow
from toelating.text import Language

FieldPath = tuple[str, ...]  # a field inside a worker or payslip: ("employment", "start")
# Messages name a row's column and never echo its cell (an id may be a citizen service number).
_WORKER = column(ImportKind.PAYSLIPS, ("worker",))


@dataclass
class MergeResult:
    """What the merge did, where each imported item landed, and the rows it could not place."""

    workers_added: int = 0
    workers_updated: int = 0
    workers_unchanged: int = 0
    payslips_added: int = 0
    payslips_replaced: int = 0
    locations_added: list[str] = field(default_factory=list)  # ids, for housing to fill in later
    origins: dict[str, int] = field(default_factory=dict)  # dossier pointer -> CSV line
    problems: list[Problem] = field(default_factory=list)


def merge(
    kind: ImportKind,
    editable: EditableYaml,
    rows: list[ImportRow],
    where: tuple[str, Language],
    dossier: Dossier,
) -> MergeResult:
    """Merge the rows into the editable data of the dossier (which dossier is, validated);
    where is the file's label and the language of messages."""
    result = MergeResult()
    if kind is ImportKind.WORKERS:
        _merge_workers(editable.data, rows, result, _location_ids(dossier))
    else:
        _merge_payslips(editable, rows, result, where, _Periods(dossier))
    group_payslips(editable.data, editable.rendered)
    return result


def _location_ids(dossier: Dossier) -> set[str]:
    locations = (dossier.housing.locations if dossier.housing else None) or []
    return {location.id for location in locations}


def _merge_workers(
    data: Any, rows: list[ImportRow], result: MergeResult, location_ids: set[str]
) -> None:
    index = _worker_index(data.get("workers"))
    for row in rows:
        location = row.values.get(("housing", "location"))
        if location is not None and location not in location_ids:
            # Housing comes later in the README's order: the location is added with its id
            # alone, and `toelating check` reports what it still lacks (missing, never a pass).
            _add_location(data, location)
            location_ids.add(location)
            result.locations_added.append(location)
        worker_id = row.values[("id",)]
        if worker_id in index:
            changed = _update(data["workers"][index[worker_id]], row.values, Worker)
            result.workers_updated += changed
            result.workers_unchanged += not changed
        else:
            index[worker_id] = _add_item(data, "workers", _new_mapping(row.values, Worker), Dossier)
            result.workers_added += 1
        result.origins[f"/workers/{index[worker_id]}"] = row.line


def _add_location(data: Any, location_id: str) -> None:
    """A location with only its id at the end of housing.locations (housing made if absent)."""
    from ruamel.yaml.comments import CommentedMap

    housing = data.get("housing")
    if not isinstance(housing, dict):
        housing = CommentedMap()
        _put(data, "housing", housing, list(Dossier.model_fields))
    _add_item(housing, "locations", _new_mapping({("id",): location_id}, Location), Housing)


def _merge_payslips(
    editable: EditableYaml,
    rows: list[ImportRow],
    result: MergeResult,
    where: tuple[str, Language],
    periods: _Periods,
) -> None:
    label, language = where
    workers, rendered = editable.data.get("workers"), editable.rendered
    index = _worker_index(workers)
    flows: dict[int, bool] = {}  # by worker: whether its payslips are written in flow style
    added: dict[int, list[Any]] = {}  # by worker: its new payslips, placed after the loop
    for row in rows:
        worker_id = row.values[("worker",)]
        if worker_id not in index:
            text = message("import.worker_unknown", language, field=_WORKER.label)
            result.problems.append(Problem(label, "", text, row.line))
            continue
        number = index[worker_id]
        owner = workers[number]
        rendered.ungroup(owner.get("payslips"))  # one placeholder per payslip, to replace one
        payslips = owner.get("payslips") or []
        # in the style of the worker's first payslip as it was; in a flow collection, flow
        if number not in flows:
            first = rendered.is_flow(payslips[0]) if payslips else None
            nodes = (workers, owner, payslips, *payslips[:1])
            flows[number] = bool(first) or any(_is_flow(node) for node in nodes)
        item = _payslip(row, flows[number], rendered)
        start = row.values[("period_start",)]
        position = periods.of(number).get(start)
        if position is None:
            new = added.setdefault(number, [])
            position = len(payslips) + len(new)
            new.append(item)
            periods.of(number)[start] = position
            result.payslips_added += 1
        elif position >= len(payslips):  # the same period twice in the file (refused)
            added[number][position - len(payslips)] = item
        else:
            payslips[position] = item
            result.payslips_replaced += 1
        result.origins[f"/workers/{number}/payslips/{position}"] = row.line
    for number, items in added.items():
        _append_payslips(workers, workers[number], items, rendered)


def _append_payslips(workers: Any, owner: Any, items: list[Any], rendered: Rendered) -> None:
    """The new payslips at the end of the worker's list: as one group with those it has
    when they can be (see rendered.py), else one by one."""
    payslips = owner.get("payslips")
    existing = list(payslips) if isinstance(payslips, list) else []
    if _groupable(workers, owner, payslips):
        group = rendered.group(existing + items)
        if group is not None:
            if existing:
                _replace_items(payslips, group)
            else:
                _add_item(owner, "payslips", group, Worker)
            return
    for item in items:
        _add_item(owner, "payslips", item, Worker)


def group_payslips(data: Any, rendered: Rendered) -> None:
    """Each worker's block list of payslips held as text as one group (see rendered.py):
    ruamel then writes a thousand items, not sixty thousand."""
    workers = data.get("workers") if isinstance(data, dict) else None
    for owner in workers if isinstance(workers, list) else []:
        payslips = owner.get("payslips") if isinstance(owner, dict) else None
        if (
            isinstance(payslips, list)
            and len(payslips) > 1
            and _groupable(workers, owner, payslips)
        ):
            group = rendered.group(list(payslips))
            if group is not None:
                _replace_items(payslips, group)


def _replace_items(payslips: Any, group: str) -> None:
    """The list's items replaced by one group (a list without comments: _groupable)."""
    payslips.clear()  # ruamel's clear() would move comments along; there are none
    payslips.append(group)


def _groupable(workers: Any, owner: Any, payslips: Any) -> bool:
    """A block list (or none yet) in block collections, with no comment between its items:
    what ruamel keeps between items would be lost in a group."""
    if any(_is_flow(node) for node in (workers, owner, payslips)):
        return False
    if payslips is None or (isinstance(payslips, list) and not payslips):
        return True
    attributes = getattr(payslips, "ca", None)
    return bool(attributes is not None and not attributes.items and not attributes.end)


def _payslip(row: ImportRow, flow: bool, rendered: Rendered) -> Any:
    """The row's payslip, in the style of the worker's other payslips (flow or block): a
    placeholder written out after the dump, or a mapping when a value needs ruamel."""
    values = {path: value for path, value in row.values.items() if path != ("worker",)}
    fields = {name: values[(name,)] for name in Payslip.model_fields if (name,) in values}
    if len(fields) == len(values):
        placeholder = rendered.placeholder(fields, flow)
        if placeholder is not None:
            return placeholder
    item = _new_mapping(values, Payslip)
    if flow:
        item.fa.set_flow_style()  # match the worker's other payslips
    return item


def _worker_index(workers: Any) -> dict[str, int]:
    return {str(w.get("id")): i for i, w in enumerate(workers or []) if isinstance(w, dict)}


class _Periods:
    """Where each worker's payslip of a period start stands, read once per worker from the
    validated dossier (whose workers and payslips stand in the order of the file's): a row
    is then placed by a look-up. (Scanning the worker's payslips for every row made an
    import of 60,000 rows quadratic: hours instead of seconds.)"""

    def __init__(self, dossier: Dossier) -> None:
        self.workers = dossier.workers or []
        self._by_worker: dict[int, dict[dt.date, int]] = {}

    def of(self, worker: int) -> dict[dt.date, int]:
        """Period start -> position in the worker's payslips (the first, as a scan finds)."""
        if worker not in self._by_worker:
            found: dict[dt.date, int] = {}
            for position, payslip in enumerate(self.workers[worker].payslips or []):
                if payslip.period_start is not None:
                    found.setdefault(payslip.period_start, position)
            self._by_worker[worker] = found
        return self._by_worker[worker]


def _update(mapping: Any, values: dict[FieldPath, Any], model: type[BaseModel]) -> bool:
    """Set each value at its path; True when anything changed."""
    changed = False
    for path, value in values.items():
        changed |= _set(mapping, path, value, model)
    return changed


def _set(mapping: Any, path: FieldPath, value: Any, model: type[BaseModel]) -> bool:
    from ruamel.yaml.comments import CommentedMap

    key, order = path[0], list(model.model_fields)
    if len(path) == 1:
        if key in mapping and _same(mapping[key], value):
            return False  # leave the file's own spelling of an equal value (118.00) alone
        _put(mapping, key, _yaml_value(value), order)
        return True
    child = mapping.get(key)
    if not isinstance(child, dict):
        child = CommentedMap()
        _put(mapping, key, child, order)
    return _set(child, path[1:], value, _nested_model(model, key))


def _new_mapping(values: dict[FieldPath, Any], model: type[BaseModel]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    _update(mapping, values, model)
    return mapping


def _add_item(mapping: Any, key: str, item: Any, model: type[BaseModel]) -> int:
    """Append item to the list at key (made when absent, null or empty); its position."""
    from ruamel.yaml.comments import CommentedSeq

    found = mapping.get(key)
    if isinstance(found, list) and found:
        append_item(found, item)
        return len(found) - 1
    created = CommentedSeq([item])
    created.fa.set_block_style()  # `payslips: []` would otherwise grow as one long flow line
    _put(mapping, key, created, list(model.model_fields))
    return 0


def _put(mapping: Any, key: str, value: Any, order: list[str]) -> None:
    """Replace in place, or insert after the last key the model puts before this one."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key)
    before = [i for i, k in enumerate(mapping) if k in order and order.index(k) < rank]
    insert_key(mapping, before[-1] + 1 if before else 0, key, value)


def _nested_model(model: type[BaseModel], key: str) -> type[BaseModel]:
    annotation = model.model_fields[key].annotation
    if get_origin(annotation) in (Union, UnionType):
        (annotation,) = [arg for arg in get_args(annotation) if arg is not NoneType]
    assert isinstance(annotation, type) and issubclass(annotation, BaseModel), key
    return annotation


def _yaml_value(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    if isinstance(value, list):
        sequence = CommentedSeq(value)
        sequence.fa.set_flow_style()  # languages: [ro, en], as the format's examples write it
        return sequence
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, Decimal) and isinstance(old, int | float) and not isinstance(old, bool):
        return Decimal(repr(float(old)) if isinstance(old, float) else old) == new
    if isinstance(new, dt.date):
        return _as_date(old) == new
    if isinstance(new, list):
        return isinstance(old, list) and list(old) == new
    if isinstance(new, bool):  # ruamel may hand back its own bool type
        return isinstance(old, int) and bool(old) is new
    # ruamel keeps quoted text as str subclasses: compare the text, keep the quotes
    return isinstance(old, str) and str(old) == new


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _is_flow(value: Any) -> bool:
    return bool(getattr(value, "fa", None) and value.fa.flow_style())
