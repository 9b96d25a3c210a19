"""Checking many dossiers: inputs, parallel runs in stable order, per-dossier reports, a summary.

Each worker process has the rulebook once, checks dossiers, writes their reports to the
output folder and returns only a small summary row per dossier; memory stays flat however
many dossiers there are (on cel-cpp alone a fresh process takes over after RECYCLE_AFTER).
One refused dossier is a row of its own; the others still run.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from toelating.checking import (
    CheckOptions,
    check_guarded,
    exit_code_for,
    write_calendar,
    write_outputs,
)
from toelating.errors import ExitCode, ToelatingError, printable
from toelating.reminders import (
    DossierDeadlines,
    calendar_bytes,
    expiring,
    expiring_csv,
    expiring_table,
)
from toelating.report import REPORT_VERSION, Report
from toelating.report_folder import SUMMARY_NAMES, claimed, report_names
from toelating.reporters import RenderOptions, reporter
from toelating.reporters.escaping import json_escaped
from toelating.rulebook.load import Rulebook, load_rules
from toelating.targets import Protected, display, refuse_unsafe_all, write_report
from toelating.text import Language
from toelating.vocabulary import Verdict
from toelating.waivers import unmatched_agencies

# Worst first when combining exit codes: refused input, rule errors, findings, compliant.
_EXIT_RANK = {
    ExitCode.COMPLIANT: 0,
    ExitCode.FINDINGS: 1,
    ExitCode.RULE_ERROR: 2,
    ExitCode.INPUT_REFUSED: 3,
}


@dataclass(frozen=True)
class BatchRow:
    """What the summary shows of one dossier."""

    index: int
    path: str
    agency: str | None = None
    kvk_number: str | None = None
    verdict: str = "refused"
    counts: dict[str, int] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # why it was refused
    exit_code: ExitCode = ExitCode.INPUT_REFUSED
    report_file: str | None = None
    calendar_file: str | None = None  # with --horizon and --output-dir
    deadlines: DossierDeadlines | None = None  # with --horizon: what starts failing when
    # What the combined --output reports must not replace: this dossier's evidence.
    guard: Protected | None = field(default=None, compare=False, repr=False)

    @property
    def reason(self) -> str:
        """Why the dossier was refused or its report not written, in one line ("" if not)."""
        if not self.problems:
            return ""
        more = len(self.problems) - 1
        return self.problems[0] + (f" (and {more} more)" if more else "")


@dataclass(frozen=True)
class _Task:
    index: int
    path: Path
    report_path: Path | None
    calendar_path: Path | None = None


_WORKER_RULEBOOK: Rulebook | None = None
_WORKER_OPTIONS: CheckOptions | None = None


def _init_worker(options: CheckOptions) -> None:
    """Each worker process receives the options once, not per task. A forked worker has the
    parent's rulebook already; a spawned one (no fork on the platform) loads it."""
    global _WORKER_RULEBOOK, _WORKER_OPTIONS
    if _WORKER_RULEBOOK is None:
        _WORKER_RULEBOOK = load_rules(list(options.rules_folders))
    _WORKER_OPTIONS = options


def _run_task(task: _Task) -> tuple[BatchRow, Report | None]:
    assert _WORKER_RULEBOOK is not None and _WORKER_OPTIONS is not None
    options = _WORKER_OPTIONS
    return check_to_row(task, _WORKER_RULEBOOK, options, keep_report=bool(options.outputs))


def check_to_row(
    task: _Task, rulebook: Rulebook, options: CheckOptions, keep_report: bool
) -> tuple[BatchRow, Report | None]:
    """One dossier checked and its report written; a refused dossier or a report that
    cannot be written is a row saying why, and the batch goes on."""
    from toelating.i18n import message

    language = options.language or Language.EN
    try:
        report, guard = check_guarded(task.path, rulebook, options)
    except ToelatingError as error:
        problems = tuple(p.render(language) for p in error.problems)
        return BatchRow(task.index, display(task.path), problems=problems), None
    row = BatchRow(
        index=task.index,
        path=display(task.path),
        agency=report.dossier.agency,
        kvk_number=report.dossier.kvk_number,
        verdict=report.verdict.value,
        counts=dict(report.result.counts),
        exit_code=exit_code_for([report]),
        report_file=task.report_path.name if task.report_path else None,
        deadlines=DossierDeadlines.of(report) if options.horizon_end else None,
        guard=guard if keep_report else None,
    )
    if task.report_path is not None:
        try:
            _write_report_of(report, task.report_path, options, guard)
            row = _with_calendar(row, task.calendar_path, options, guard)
        except ToelatingError as error:
            not_written = message("batch.report_not_written", language)
            problems = tuple(f"{not_written}: {p.render(language)}" for p in error.problems)
            row = replace(
                row, problems=problems, exit_code=ExitCode.INPUT_REFUSED, report_file=None
            )
    return row, report if keep_report else None


def _with_calendar(
    row: BatchRow, path: Path | None, options: CheckOptions, guard: Protected
) -> BatchRow:
    """The dossier's own calendar of deadlines next to its report, when there are dates."""
    if path is None or row.deadlines is None:
        return row
    write_report(path, calendar_bytes([row.deadlines], options.calendar_language), guard)
    return replace(row, calendar_file=path.name)


def _write_report_of(report: Report, path: Path, options: CheckOptions, guard: Protected) -> None:
    chosen = reporter(options.report_format)
    render = RenderOptions(options.language or chosen.default_language)
    write_report(path, chosen.render([report], render), guard)


# Dossiers a worker process checks on cel-cpp alone (--engine reference) before a fresh one
# takes over: the binding (cel-expr-python 0.1.3) leaks 50-130 bytes per call of a Python
# helper, some 290 KB per dossier of 50 workers. The default engine calls no helper through
# the binding and stays flat (tests/test_engine.py): its workers check the whole batch.
RECYCLE_AFTER = 100


def run_batch(
    options: CheckOptions,
    rulebook: Rulebook,
    tasks: list[_Task],
    progress: Callable[[int], None] = lambda done: None,
) -> Iterator[tuple[BatchRow, Report | None]]:
    """Rows (and reports, when combined outputs need them) in input order, whatever the
    parallelism."""
    recycle_after = RECYCLE_AFTER if options.engine == "reference" else len(tasks)
    if len(tasks) <= 1 or (options.jobs <= 1 and len(tasks) <= recycle_after):
        for done, task in enumerate(tasks, 1):
            yield check_to_row(task, rulebook, options, keep_report=bool(options.outputs))
            progress(done)
        return
    workers = max(1, min(options.jobs, len(tasks)))
    shared = replace(
        options, dossiers=()
    )  # the tasks carry the paths; a copy of all per task was quadratic
    global _WORKER_RULEBOOK
    _WORKER_RULEBOOK = rulebook  # inherited by forked workers: no reload per process
    done = 0
    step = recycle_after * workers
    for start in range(0, len(tasks), step):
        part = tasks[start : start + step]
        with ProcessPoolExecutor(
            workers, mp_context=_fork_context(), initializer=_init_worker, initargs=(shared,)
        ) as pool:
            chunk = max(1, min(64, len(part) // (workers * 8)))
            for outcome in pool.map(_run_task, part, chunksize=chunk):
                done += 1
                yield outcome
                progress(done)


def _fork_context() -> multiprocessing.context.BaseContext | None:
    """Fork on Linux (a worker starts in milliseconds with the rulebook loaded); elsewhere
    the platform's default, spawn (macOS's system libraries make fork unsafe there)."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return None


def _tasks(options: CheckOptions) -> list[_Task]:
    paths = list(options.dossiers)
    if options.output_dir is None:
        return [_Task(i, p, None) for i, p in enumerate(paths)]
    extension = reporter(options.report_format).extension
    names = report_names(paths, extension)
    calendars = report_names(paths, ".ics") if options.horizon_end else [None] * len(paths)
    return [
        _Task(i, p, options.output_dir / names[i], _in(options.output_dir, calendars[i]))
        for i, p in enumerate(paths)
    ]


def _in(folder: Path, name: str | None) -> Path | None:
    return None if name is None else folder / name


def worst_exit_code(rows: list[BatchRow]) -> ExitCode:
    codes = [row.exit_code for row in rows] or [ExitCode.COMPLIANT]
    return max(codes, key=lambda code: _EXIT_RANK[code])


# The counts a summary shows per dossier, in column order (keys of CheckResult.counts).
COUNT_KEYS = ("pass", "fail", "not_applicable", "missing_data", "error", "waived")
SUMMARY_COLUMNS = (
    "dossier",
    "agency",
    "kvk_number",
    "verdict",
    *COUNT_KEYS,
    "report",
    "calendar",
    "reason",
)


def summary_records(rows: list[BatchRow]) -> list[dict[str, object]]:
    return [
        {
            "dossier": row.path,
            "agency": row.agency,
            "kvk_number": row.kvk_number,
            "verdict": row.verdict,
            **{key: row.counts.get(key) for key in COUNT_KEYS},
            "report": row.report_file,
            "calendar": row.calendar_file,
            "reason": row.reason or None,
            "problems": list(row.problems),
        }
        for row in rows
    ]


def summary_json(rows: list[BatchRow]) -> bytes:
    document = {
        "report_version": REPORT_VERSION,
        "summary": {
            "dossiers": len(rows),
            "verdicts": _verdict_counts(rows),
            "exit_code": int(worst_exit_code(rows)),
        },
        "dossiers": summary_records(rows),
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return json_escaped(text).encode("utf-8")  # names from dossiers: no raw control character


def summary_csv(rows: list[BatchRow], language: Language) -> bytes:
    """summary.csv for the language's spreadsheet: in Dutch with `;` and a byte order mark,
    Dutch column names and verdicts, so Dutch Excel opens it as columns; in English the
    comma-separated machine names. The reason column says why a dossier was refused."""
    from toelating.i18n import message
    from toelating.spreadsheet import csv_bytes

    header = [message(f"report.csv_{column}", language) for column in SUMMARY_COLUMNS]
    records = [
        {
            **record,
            "verdict": _verdict_word(row.verdict, language),
            "reason": _reason(row, language),
        }
        for row, record in zip(rows, summary_records(rows), strict=True)
    ]
    return csv_bytes(header, ([r[c] for c in SUMMARY_COLUMNS] for r in records), language)


def _verdict_word(verdict: str, language: Language) -> str:
    """A Dutch verdict in words (`voldoet niet`, `geweigerd`); English keeps the JSON value."""
    if language is not Language.NL:
        return verdict
    from toelating.i18n import message
    from toelating.reporters.labels import verdict_label

    if verdict in {v.value for v in Verdict}:
        return verdict_label(Verdict(verdict), language).lower()
    return message("report.csv_refused", language)


def _reason(row: BatchRow, language: Language) -> str | None:
    """The first problem, and how many more there are, in the language."""
    if not row.problems:
        return None
    from toelating.i18n import message

    more = len(row.problems) - 1
    suffix = " " + message("report.csv_more", language, count=more) if more else ""
    return row.problems[0] + suffix


def summary_table(rows: list[BatchRow], language: Language = Language.EN) -> str:
    """A plain table for the terminal: one line per dossier, then the verdict totals."""
    from toelating.i18n import message

    columns = ("dossier", "agency", "kvk", "verdict", *COUNT_KEYS, "reason")
    header = ("#", *(message(f"batch.column_{column}", language) for column in columns))
    lines: list[tuple[str, ...]] = [header]
    for row in rows:
        counts = [str(row.counts.get(key, "")) for key in COUNT_KEYS]
        lines.append(
            (
                str(row.index + 1),
                row.path,
                printable(row.agency or ""),
                printable(row.kvk_number or ""),
                _verdict_word(row.verdict, language),
                *counts,
                row.reason,
            )
        )
    widths = [min(40, max(len(line[i]) for line in lines)) for i in range(len(header))]
    widths[-1] = max(len(line[-1]) for line in lines)  # the reason in full: it says what to do
    text = "\n".join(
        "  ".join(_fit(cell, widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines
    )
    counted = sorted(_verdict_counts(rows).items())
    totals = ", ".join(f"{n} {_verdict_word(verdict, language)}" for verdict, n in counted)
    return f"{text}\n\n{message('batch.totals', language, count=len(rows), totals=totals)}\n"


def _verdict_counts(rows: list[BatchRow]) -> dict[str, int]:
    """How many dossiers got each verdict, in the order they first appear."""
    return dict(Counter(row.verdict for row in rows))


def _fit(cell: str, width: int) -> str:
    return (cell if len(cell) <= width else cell[: width - 1] + "…").ljust(width)


def default_jobs() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


def run_many(
    options: CheckOptions,
    rulebook: Rulebook,
    stdout: BinaryIO,
    warn: Callable[[str], None],
    progress: Callable[[int], None] = lambda done: None,
) -> ExitCode:
    """Batch mode: a summary table on stdout, reports per dossier and summary files in
    output_dir, combined reports in --output files; the worst outcome decides the exit code.
    Every place a report goes is checked before the first dossier is."""
    from toelating.i18n import message

    tasks = _tasks(options)
    guard = options.protected()
    rows: list[BatchRow] = []
    reports: list[Report] = []
    with _claimed(options, tasks, guard):
        refuse_unsafe_all(_planned(options, tasks), guard)
        for row, report in run_batch(options, rulebook, tasks, progress):
            rows.append(row)
            if report is not None:
                reports.append(report)
                guard = guard.merged(row.guard or Protected())
            kind = "batch.refused" if row.verdict == "refused" else "batch.error"
            for problem in row.problems:
                warn(f"{message(kind, options.language or Language.EN)}: {problem}")
        failure = _write_summaries(rows, reports, options, stdout, guard)
    table = summary_table(rows, options.language or Language.EN)
    stdout.write(table.encode("utf-8"))  # last: a reader may close it early
    if options.horizon_end is not None:
        table = expiring_table(expiring(_deadlines_of(rows)), options.calendar_language)
        stdout.write(f"\n{table}".encode())
    stdout.flush()
    if failure is not None:
        raise failure
    for waiver in unmatched_agencies(options.waivers, {row.kvk_number for row in rows}):
        warn(f"waiver for {waiver.rule} of KvK {waiver.kvk_number} matches no checked dossier")
    return worst_exit_code(rows)


def _claimed(
    options: CheckOptions, tasks: list[_Task], guard: Protected
) -> contextlib.AbstractContextManager[None]:
    if options.output_dir is None:
        return contextlib.nullcontext()
    names = [path.name for task in tasks for path in _written_by(task)]
    return claimed(options.output_dir, [*names, *SUMMARY_NAMES], options.overwrite, guard)


def _planned(options: CheckOptions, tasks: list[_Task]) -> list[Path]:
    """Every file this run writes: the reports per dossier, the summary, --output files."""
    planned = [path for task in tasks for path in _written_by(task)]
    if options.output_dir is not None:
        planned.extend(options.output_dir / name for name in SUMMARY_NAMES)
    planned += [spec.path for spec in options.outputs if spec.path is not None]
    return planned + ([options.calendar] if options.calendar is not None else [])


def _deadlines_of(rows: list[BatchRow]) -> list[DossierDeadlines]:
    return [row.deadlines for row in rows if row.deadlines is not None]


def _write_overview(rows: list[BatchRow], options: CheckOptions, guard: Protected) -> None:
    """The dashboard (index.html) and, with a horizon, the expiring table as CSV."""
    from toelating.dashboard import dashboard_html

    assert options.output_dir is not None
    language = options.calendar_language
    soon = expiring(_deadlines_of(rows)) if options.horizon_end is not None else None
    write_report(options.output_dir / "index.html", dashboard_html(rows, soon, language), guard)
    if soon is not None:
        write_report(options.output_dir / "expiring.csv", expiring_csv(soon, language), guard)


def _written_by(task: _Task) -> list[Path]:
    return [path for path in (task.report_path, task.calendar_path) if path is not None]


def _write_summaries(
    rows: list[BatchRow],
    reports: list[Report],
    options: CheckOptions,
    stdout: BinaryIO,
    guard: Protected,
) -> ToelatingError | None:
    """The summary files and the combined reports; what stopped them, if anything did."""
    try:
        if options.output_dir is not None:
            write_report(options.output_dir / "summary.json", summary_json(rows), guard)
            language = options.language or Language.NL  # a spreadsheet has no default
            write_report(options.output_dir / "summary.csv", summary_csv(rows, language), guard)
            _write_overview(rows, options, guard)
        write_calendar(_deadlines_of(rows), options, guard)
        if options.outputs and reports:
            write_outputs(reports, replace(options, colour=False), stdout, guard)
    except ToelatingError as error:
        return error
    return None
