"""Merge payroll and planning exports (CSV) into a dossier: `toelating import workers|payslips`.

All or nothing: every bad row is reported with its line, and when anything is wrong the
dossier is not written at all. The merged dossier is validated before it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from toelating.dossier.load import locate_dossier_file, validate_dossier
from toelating.dossier.model import Dossier
from toelating.errors import InputError, Problem, UsageError
from toelating.importing.columns import ImportKind
from toelating.importing.edit import EditableYaml, to_current_version
from toelating.importing.merge import MergeResult, merge
from toelating.importing.table import ImportRow, parse_rows
from toelating.output import refuse_to_replace, write_edited
from toelating.source import decode_text, parse_yaml, read_bytes
from toelating.text import Language

__all__ = ["ImportKind", "ImportSummary", "import_csv"]

YAML_SUFFIXES = (".yaml", ".yml")
_VERB = "import into"  # "import into the file it points to"


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, for the command line to report."""

    kind: ImportKind
    rows: int
    workers_added: int
    workers_updated: int
    workers_unchanged: int
    payslips_added: int
    payslips_replaced: int
    written_to: Path
    upgraded: bool = False  # the dossier was version 1 and is written as version 2

    def message(self, language: Language) -> str:
        """One line for the user: what changed, and where it was written."""
        counts = {
            ImportKind.WORKERS: (self.workers_added, self.workers_updated, self.workers_unchanged),
            ImportKind.PAYSLIPS: (self.payslips_added, self.payslips_replaced),
        }[self.kind]
        line = _MESSAGES[self.kind][language].format(*counts, self.written_to)
        return line + (_UPGRADED[language] if self.upgraded else "")


_MESSAGES = {
    ImportKind.WORKERS: {
        Language.NL: "Werknemers: {} toegevoegd, {} bijgewerkt, {} ongewijzigd; geschreven naar {}",
        Language.EN: "Workers: {} added, {} updated, {} unchanged; written to {}",
    },
    ImportKind.PAYSLIPS: {
        Language.NL: "Loonstroken: {} toegevoegd, {} vervangen; geschreven naar {}",
        Language.EN: "Payslips: {} added, {} replaced; written to {}",
    },
}
_UPGRADED = {
    Language.NL: " (omgezet naar dossierformaat versie 2)",
    Language.EN: " (upgraded to dossier format version 2)",
}


def import_csv(
    kind: Literal["workers", "payslips"] | ImportKind,
    csv_path: Path,
    dossier_path: Path,
    output: Path | None = None,
) -> ImportSummary:
    """Merge the CSV into the dossier (a YAML file or its folder) and write it.

    Writes in place, or to output (a new .yaml/.yml file), as dossier format version 2.
    Raises InputError (exit 2) with every problem of the CSV and the dossier, writing
    nothing; UsageError for a JSON dossier, an output file that exists, or a dossier
    changed on disk during the import.
    """
    kind = ImportKind(kind)
    dossier_file = locate_dossier_file(dossier_path)
    target = _target(dossier_file, output)
    refuse_to_replace(target, _VERB)  # before the work; write_edited checks again
    rows, problems = _read_csv(kind, csv_path)
    raw = read_bytes(dossier_file, str(dossier_file))
    dossier = _valid_dossier(raw, str(dossier_file), problems)
    editable = EditableYaml.of(raw, str(dossier_file))
    result = merge(kind, editable, rows, str(csv_path), dossier)
    if problems or result.problems:
        raise InputError(problems + result.problems)
    upgraded = to_current_version(editable.data)
    text = editable.dump()
    _validate_merged(text, str(target), result, str(csv_path))
    write_edited(target, editable.encode(text), dossier_file, raw, "the import", _VERB)
    return _summary(kind, rows, result, target, upgraded)


def _target(dossier_file: Path, output: Path | None) -> Path:
    if dossier_file.suffix.lower() not in YAML_SUFFIXES:
        raise UsageError.single(
            str(dossier_file), "import edits YAML dossiers (.yaml, .yml); this one is not YAML"
        )
    if output is None:
        return dossier_file
    if output.suffix.lower() not in YAML_SUFFIXES:
        raise UsageError.single(str(output), "--output must be a .yaml or .yml file")
    if output.exists() and not (output.is_file() and output.samefile(dossier_file)):
        raise UsageError.single(str(output), "already exists; --output writes a new file")
    return output


def _read_csv(kind: ImportKind, csv_path: Path) -> tuple[list[ImportRow], list[Problem]]:
    label = str(csv_path)
    return parse_rows(kind, decode_text(read_bytes(csv_path, label), label), label)


def _valid_dossier(raw: bytes, label: str, problems: list[Problem]) -> Dossier:
    """The dossier as it is now; its problems are reported together with the CSV's."""
    try:
        return validate_dossier(parse_yaml(decode_text(raw, label), label))
    except InputError as error:
        raise InputError(problems + error.problems) from None


def _validate_merged(text: str, label: str, result: MergeResult, csv_label: str) -> None:
    """The merged dossier must be valid; a problem is reported at the CSV line it came from."""
    try:
        validate_dossier(parse_yaml(text, label))
    except InputError as error:
        problems = [_at_origin(p, result.origins, csv_label) for p in error.problems]
        raise InputError(problems) from None


def _at_origin(problem: Problem, origins: dict[str, int], csv_label: str) -> Problem:
    """The problem at the CSV line of the nearest imported item that holds it: a look-up per
    level of the pointer, not a scan of every origin (many problems would make that quadratic)."""
    pointer = problem.path
    while pointer and pointer not in origins:
        pointer = pointer.rsplit("/", 1)[0]
    if not pointer:
        return Problem(problem.file, problem.path, f"after the import: {problem.message}")
    message = f"in the merged dossier at {problem.path}: {problem.message}"
    return Problem(csv_label, "", message, origins[pointer])


def _summary(
    kind: ImportKind, rows: list[ImportRow], result: MergeResult, target: Path, upgraded: bool
) -> ImportSummary:
    return ImportSummary(
        kind=kind,
        rows=len(rows),
        workers_added=result.workers_added,
        workers_updated=result.workers_updated,
        workers_unchanged=result.workers_unchanged,
        payslips_added=result.payslips_added,
        payslips_replaced=result.payslips_replaced,
        written_to=target,
        upgraded=upgraded,
    )
