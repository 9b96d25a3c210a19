"""Read a dossier file or folder, validate it, and report every problem at once."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from toelating.dossier.limits import limit_problems
from toelating.dossier.model import V2_FIELDS, V2_VALUES, Dossier
from toelating.errors import InputError, Problem, Text
from toelating.source import Document, decode_text, items_at, parse_json, parse_yaml, read_bytes
from toelating.validation import plain_message, problems_of

DOSSIER_FILE_NAMES = ("dossier.yaml", "dossier.yml", "dossier.json")
DOSSIER_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class LoadedDossier:
    """A valid dossier with where it came from."""

    dossier: Dossier
    document: Document
    path: Path  # the dossier file
    sha256: str  # of the file's bytes, as read
    raw: bytes = field(repr=False, compare=False)  # the bytes read, for editing them in place

    @property
    def folder(self) -> Path:
        return self.path.parent


def locate_dossier_file(path: Path) -> Path:
    """A dossier is a file, or a folder holding exactly one dossier.yaml/.yml/.json."""
    if path.is_dir():
        found = [path / name for name in DOSSIER_FILE_NAMES if (path / name).is_file()]
        if not found:
            names = ", ".join(DOSSIER_FILE_NAMES)  # lang: toelating/locale/*/paths.yaml
            raise InputError.say(str(path), "paths.no_dossier_file", names=names)
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise InputError.say(str(path), "paths.several_dossier_files", names=names)
        return found[0]
    if path.suffix.lower() not in DOSSIER_SUFFIXES and path.exists():
        raise InputError.say(str(path), "paths.not_a_dossier_file")
    return path


def load_dossier(path: Path) -> LoadedDossier:
    """Load and validate a dossier; raise InputError listing every problem found."""
    file = locate_dossier_file(path)
    label = str(file)
    raw = read_bytes(file, label)
    document = (
        parse_json(raw, label)  # the bytes as they are: the parser reads UTF-8 itself
        if file.suffix.lower() == ".json"
        else parse_yaml(decode_text(raw, label), label)
    )
    dossier = validate_dossier(document)
    return LoadedDossier(dossier, document, file, hashlib.sha256(raw).hexdigest(), raw)


def validate_dossier(document: Document) -> Dossier:
    """Validate plain data against the model, then the references between its items."""
    if not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else "not a mapping"
        raise InputError.single(
            document.file,
            f"the file is {kind}; a dossier is a mapping with dossier_version, agency, ...",
        )
    try:
        dossier = Dossier.model_validate(document.data)
    except ValidationError as error:
        raise InputError(problems_of(error, document, _readable_message, Dossier)) from None
    found = reference_problems(dossier) + version_problems(document.data)
    problems = [document.problem(pointer, message) for pointer, message in found]
    problems += _cut_values(document)
    problems += limit_problems(document)
    if problems:
        raise InputError(problems)
    return dossier


def _cut_values(document: Document) -> list[Problem]:
    """lang: values YAML ended at a ` #` that reads as part of them (toelating.hints)."""
    from toelating.hints import cut_values

    return cut_values(document)


def _readable_message(item: Any) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return (
            "unknown field: not part of the dossier format (free-form data goes under extensions)"
        )
    if kind == "missing":
        return "required field is missing"
    if kind == "string_type":
        return 'expected text; put the value in quotes (e.g. kvk_number: "01234567")'
    if item["loc"] == ("dossier_version",):
        return (
            "unsupported dossier_version: this tool reads versions 1 and 2,"
            " written as a whole number (dossier_version: 2)"
        )
    return plain_message(item)


def version_problems(data: dict[str, Any]) -> list[tuple[str, Text]]:
    """Fields and values of format version 2 in a dossier that says it is version 1."""
    if data.get("dossier_version") != 1:
        return []
    problems = [
        (pointer, Text.of("dossier.v2_field"))
        for pattern in V2_FIELDS
        for pointer, found, _ in items_at(data, pattern.strip("/").split("/"))[0]
        if found is not None
    ]
    problems += [
        (pointer, Text.of("dossier.v2_value", value=repr(found)))
        for pattern, values in V2_VALUES.items()
        for pointer, found, _ in items_at(data, pattern.strip("/").split("/"))[0]
        if found in values
    ]
    return sorted(problems, key=lambda problem: problem[0])


def reference_problems(dossier: Dossier) -> list[tuple[str, Text]]:
    """Duplicate ids and references that point at nothing, as (pointer, message) pairs."""
    problems: list[tuple[str, Text]] = []
    worker_ids = _unique_ids("/workers", [w.id for w in dossier.workers or []], "worker", problems)
    location_ids = _unique_ids(
        "/housing/locations",
        [loc.id for loc in (dossier.housing.locations if dossier.housing else None) or []],
        "location",
        problems,
    )
    evidence_ids = _unique_ids(
        "/evidence", [e.id for e in dossier.evidence or []], "evidence", problems
    )
    for pointer, target in _worker_references(dossier):
        if target not in worker_ids:
            problems.append((pointer, Text.of("dossier.unknown_worker")))
    for index, worker in enumerate(dossier.workers or []):
        if worker.housing and worker.housing.location not in location_ids:
            problems.append(
                (f"/workers/{index}/housing/location", Text.of("dossier.unknown_location"))
            )
    for pointer, target in _evidence_references(dossier):
        if target not in evidence_ids:
            problems.append((pointer, Text.of("dossier.unknown_evidence")))
    return problems


def _unique_ids(base: str, ids: list[str], what: str, problems: list[tuple[str, Text]]) -> set[str]:
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            problems.append((f"{base}/{index}/id", Text.of(f"dossier.duplicate_{what}_id")))
        seen.add(item_id)
    return seen


def _worker_references(dossier: Dossier) -> Iterator[tuple[str, str]]:
    for h, hirer in enumerate(dossier.hirers or []):
        for p, placement in enumerate(hirer.placements or []):
            yield f"/hirers/{h}/placements/{p}/worker", placement.worker
    for a, accident in enumerate(dossier.accidents or []):
        yield f"/accidents/{a}/worker", accident.worker


def _evidence_references(dossier: Dossier) -> Iterator[tuple[str, str]]:
    for index, vog in enumerate(dossier.vog or []):
        if vog.evidence:
            yield f"/vog/{index}/evidence", vog.evidence
    payments = (dossier.deposit.payments if dossier.deposit else None) or []
    for index, payment in enumerate(payments):
        if payment.evidence:
            yield f"/deposit/payments/{index}/evidence", payment.evidence
    statement = dossier.tax.payment_behaviour_statement if dossier.tax else None
    if statement and statement.evidence:
        yield "/tax/payment_behaviour_statement/evidence", statement.evidence
    if dossier.inspection and dossier.inspection.evidence:
        yield "/inspection/evidence", dossier.inspection.evidence
