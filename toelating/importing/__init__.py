"""Merge payroll and planning exports (CSV) into a dossier: `toelating import workers|payslips`.

All or nothing: every bad row is reported with its line, and when anything is wrong the
dossier is not written at all. The merged dossier is validated before it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from toelating.dossier.load import locate_dossier_file, validate_dossier
from toelating.dossier.model import Dossier
from toelating.errors import InputError, Problem, UsageError, printable
from toelating.i18n import message
from toelating.importing.columns import ImportKind
from toelating.importing.edit import EditableYaml, to_current_version
from toelating.importing.encoding import decode_export
from toelating.importing.mapping import Mapping, load_mapping, load_preset, preset_names
from toelating.importing.merge import MergeResult, merge
from toelating.importing.table import ParsedFile, parse_rows
from toelating.output import refuse_to_replace, write_edited
from toelating.source import Document, decode_text, parse_yaml, read_bytes
from toelating.text import Language

__all__ = ["ImportKind", "ImportOptions", "ImportSummary", "import_csv", "preset_names"]

YAML_SUFFIXES = (".yaml", ".yml")
_ACTION = "import"  # the catalogue's writing.verb_import, writing.during_import
_SHOWN_IDS = 5  # location ids named in the note about locations to fill in


@dataclass(frozen=True)
class Note:
    """Something the user should know about an import that went well: a catalogue message."""

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, language: Language) -> str:
        return message(f"import.{self.key}", language, **self.values)


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
    notes: tuple[Note, ...] = ()  # the encoding, columns left out, locations to fill in

    def message(self, language: Language) -> str:
        """What changed and where it was written, then each note on a line of its own."""
        if self.kind is ImportKind.WORKERS:
            line = message(
                "import.summary_workers",
                language,
                added=self.workers_added,
                updated=self.workers_updated,
                unchanged=self.workers_unchanged,
                path=str(self.written_to),
            )
        else:
            line = message(
                "import.summary_payslips",
                language,
                added=self.payslips_added,
                replaced=self.payslips_replaced,
                path=str(self.written_to),
            )
        if self.upgraded:
            line += message("import.upgraded", language)
        return "\n".join([line, *(note.text(language) for note in self.notes)])


@dataclass(frozen=True)
class ImportOptions:
    """How to read the export: the language of messages, and a preset or mapping file."""

    language: Language = Language.EN
    preset: str | None = None
    mapping: Path | None = None

    def load_mapping(self) -> Mapping | None:
        if self.preset and self.mapping:
            text = message("import.preset_and_mapping", self.language)
            raise UsageError.single("--mapping", text)
        if self.preset:
            return load_preset(self.preset, self.language)
        return load_mapping(self.mapping, self.language) if self.mapping else None


def import_csv(
    kind: Literal["workers", "payslips"] | ImportKind,
    csv_path: Path,
    dossier_path: Path,
    output: Path | None = None,
    options: ImportOptions = ImportOptions(),
) -> ImportSummary:
    """Merge the CSV into the dossier (a YAML file or its folder) and write it.

    Writes in place, or to output (a new .yaml/.yml file), as dossier format version 2.
    Raises InputError (exit 2) with every problem of the CSV and the dossier, writing
    nothing; UsageError for a JSON dossier, an output file that exists, or a dossier
    changed on disk during the import.
    """
    kind = ImportKind(kind)
    dossier_file = locate_dossier_file(dossier_path)
    target = _target(dossier_file, output, options.language)
    refuse_to_replace(target, _ACTION)  # before the work; write_edited checks again
    mapping = options.load_mapping()
    parsed, encoding = _read_csv(kind, csv_path, options.language, mapping)
    problems = parsed.problems
    raw = read_bytes(dossier_file, str(dossier_file))
    document, dossier = _valid_dossier(raw, str(dossier_file), problems)
    editable = EditableYaml.of(raw, str(dossier_file), grouped=True)
    result = merge(kind, editable, parsed.rows, (str(csv_path), options.language), dossier)
    if problems or result.problems:
        raise InputError(problems + result.problems)
    upgraded = to_current_version(editable.data)
    dumped = editable.dump_placeholders()
    text = editable.rendered.expand(dumped)
    merged = _merged_document((dumped, text), str(target), editable, document.data)
    _validate_merged(merged, result, (str(csv_path), options.language))
    write_edited(target, editable.encode(text), dossier_file, raw, _ACTION)
    notes = _notes(parsed, encoding, result, target)
    return _summary(kind, parsed, result, target, upgraded, notes)


def _target(dossier_file: Path, output: Path | None, language: Language) -> Path:
    if dossier_file.suffix.lower() not in YAML_SUFFIXES:
        raise UsageError.single(str(dossier_file), message("import.not_yaml", language))
    if output is None:
        return dossier_file
    if output.suffix.lower() not in YAML_SUFFIXES:
        raise UsageError.single(str(output), message("import.output_not_yaml", language))
    if output.exists() and not (output.is_file() and output.samefile(dossier_file)):
        raise UsageError.single(str(output), message("import.output_exists", language))
    return output


def _read_csv(
    kind: ImportKind, csv_path: Path, language: Language, mapping: Mapping | None
) -> tuple[ParsedFile, str | None]:
    """The rows of the file, and the encoding it was read in when that is worth saying."""
    label = str(csv_path)
    decoded = decode_export(read_bytes(csv_path, label), label, language)
    parsed = parse_rows(kind, decoded.text, label, language, mapping)
    return parsed, decoded.encoding if decoded.noteworthy else None


def _notes(
    parsed: ParsedFile, encoding: str | None, result: MergeResult, target: Path
) -> tuple[Note, ...]:
    """What the user should know: each said once, with what to do next where there is any."""
    notes = []
    if encoding:
        notes.append(Note("read_as", {"encoding": encoding}))
    layout, sensitive = parsed.layout, parsed.sensitive
    left_out = [layout.column_name(i) for i in layout.ignored if i not in sensitive]
    if left_out:
        columns = ", ".join(left_out)
        notes.append(Note("ignored_columns", {"columns": columns}))
    if sensitive:
        columns = ", ".join(f"{layout.column_name(i)} ({what})" for i, what in sensitive.items())
        notes.append(Note("sensitive_not_copied", {"columns": columns}))
    if result.locations_added:
        ids = sorted(set(result.locations_added))
        shown = ", ".join(printable(i) for i in ids[:_SHOWN_IDS])
        shown += ", …" if len(ids) > _SHOWN_IDS else ""
        notes.append(Note("locations_added", {"ids": shown, "path": str(target)}))
    return tuple(notes)


def _valid_dossier(raw: bytes, label: str, problems: list[Problem]) -> tuple[Document, Dossier]:
    """The dossier as it is now; its problems are reported together with the CSV's."""
    try:
        document = parse_yaml(decode_text(raw, label), label)
        return document, validate_dossier(document)
    except InputError as error:
        raise InputError(problems + error.problems) from None


def _merged_document(
    texts: tuple[str, str], label: str, editable: EditableYaml, before: object
) -> Document:
    """The merged dossier as read from its text. The text ruamel wrote is read, and each
    placeholder in it replaced by the payslip it stands for: a kept payslip by its value as
    the dossier was read (its text is the same), a new one by the row's values. Reading all
    of the expanded text again took longer than the rest of an import of 60,000 payslips;
    the expansion itself is a substitution tested against ruamel's own output."""
    dumped, text = texts
    if not editable.rendered.attach_plain(before):
        return parse_yaml(text, label)  # the kept payslips did not line up: read it all
    data = editable.rendered.resolve(parse_yaml(dumped, label).data)
    return Document(file=label, data=data, text=text)


def _validate_merged(document: Document, result: MergeResult, where: tuple[str, Language]) -> None:
    """The merged dossier must be valid; a problem is reported at the CSV line it came from."""
    try:
        validate_dossier(document)
    except InputError as error:
        problems = [_at_origin(p, result.origins, where) for p in error.problems]
        raise InputError(problems) from None


def _at_origin(problem: Problem, origins: dict[str, int], where: tuple[str, Language]) -> Problem:
    """The problem at the CSV line of the nearest imported item that holds it: a look-up per
    level of the pointer, not a scan of every origin (many problems would make that quadratic)."""
    csv_label, language = where
    pointer = problem.path
    while pointer and pointer not in origins:
        pointer = pointer.rsplit("/", 1)[0]
    if not pointer:
        text = message("import.after_import", language, problem=problem.message)
        return Problem(problem.file, problem.path, text)
    text = message("import.merged_at", language, path=problem.path, problem=problem.message)
    return Problem(csv_label, "", text, origins[pointer])


def _summary(
    kind: ImportKind,
    parsed: ParsedFile,
    result: MergeResult,
    target: Path,
    upgraded: bool,
    notes: tuple[Note, ...],
) -> ImportSummary:
    return ImportSummary(
        kind=kind,
        rows=len(parsed.rows),
        workers_added=result.workers_added,
        workers_updated=result.workers_updated,
        workers_unchanged=result.workers_unchanged,
        payslips_added=result.payslips_added,
        payslips_replaced=result.payslips_replaced,
        written_to=target,
        upgraded=upgraded,
        notes=notes,
    )
