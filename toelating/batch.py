"""Checking many dossiers: inputs, parallel runs in stable order, per-dossier reports, a summary.

Each worker process has the rulebook once, checks dossiers, writes their reports to the
output folder and returns only a small summary row per dossier; after RECYCLE_AFTER
dossiers a fresh process takes over, so memory stays flat however many dossiers there are.
One refused dossier is a row of its own; the others still run.
"""

from __future__ import annotations

import csv
import glob
import io
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

from toelating.checking import CheckOptions, check_one, exit_code_for, write_outputs
from toelating.errors import ExitCode, ToelatingError
from toelating.output import write_atomically
from toelating.report import REPORT_VERSION, Report
from toelating.reporters import RenderOptions, reporter
from toelating.rulebook.load import Rulebook, load_rules
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


def expand_inputs(arguments: list[str], read_stdin: Callable[[], str]) -> list[Path]:
    """Files, folders and glob patterns, in the order given; `-` reads paths from standard input."""
    paths: list[Path] = []
    for argument in arguments:
        if argument == "-":
            paths.extend(Path(line.strip()) for line in read_stdin().splitlines() if line.strip())
        elif glob.has_magic(argument):
            paths.extend(Path(match) for match in sorted(glob.glob(argument, recursive=True)))
        else:
            paths.append(Path(argument))
    return paths


def report_names(paths: list[Path], extension: str) -> list[str]:
    """A distinct, readable report file name per dossier: its folder or file name."""
    names: list[str] = []
    taken: set[str] = set()
    for path in paths:
        stem = (
            path.name
            if path.suffix == ""
            else (path.parent.name if path.stem == "dossier" else path.stem)
        )
        stem = stem or "dossier"
        name, counter = f"{stem}{extension}", 2
        while name in taken:
            name, counter = f"{stem}-{counter}{extension}", counter + 1
        taken.add(name)
        names.append(name)
    return names


@dataclass(frozen=True)
class _Task:
    index: int
    path: Path
    report_path: Path | None


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
    try:
        report = check_one(task.path, rulebook, options)
    except ToelatingError as error:
        return BatchRow(
            task.index, str(task.path), problems=tuple(p.render() for p in error.problems)
        ), None
    if task.report_path is not None:
        chosen = reporter(options.report_format)
        render = RenderOptions(options.language or chosen.default_language)
        write_atomically(task.report_path, chosen.render([report], render))
    row = BatchRow(
        index=task.index,
        path=str(task.path),
        agency=report.dossier.agency,
        kvk_number=report.dossier.kvk_number,
        verdict=report.verdict.value,
        counts=dict(report.result.counts),
        exit_code=exit_code_for([report]),
        report_file=task.report_path.name if task.report_path else None,
    )
    return row, report if keep_report else None


# Dossiers a worker process checks before a fresh one takes over. The CEL binding
# (cel-expr-python 0.1.3) leaks about 100 bytes per helper call, some 300 KB per dossier of
# 50 workers; fresh processes keep a batch of any length within a steady memory bound.
RECYCLE_AFTER = 100


def run_batch(
    options: CheckOptions,
    rulebook: Rulebook,
    progress: Callable[[int], None] = lambda done: None,
) -> Iterator[tuple[BatchRow, Report | None]]:
    """Rows (and reports, when combined outputs need them) in input order, whatever the
    parallelism."""
    tasks = _tasks(options)
    if len(tasks) <= 1 or (options.jobs <= 1 and len(tasks) <= RECYCLE_AFTER):
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
    step = RECYCLE_AFTER * workers
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
    return [_Task(i, p, options.output_dir / names[i]) for i, p in enumerate(paths)]


def worst_exit_code(rows: list[BatchRow]) -> ExitCode:
    codes = [row.exit_code for row in rows] or [ExitCode.COMPLIANT]
    return max(codes, key=lambda code: _EXIT_RANK[code])


# The counts a summary shows per dossier, in column order (keys of CheckResult.counts).
COUNT_KEYS = ("pass", "fail", "not_applicable", "missing_data", "error", "waived")
SUMMARY_COLUMNS = ("dossier", "agency", "kvk_number", "verdict", *COUNT_KEYS, "report")


def summary_records(rows: list[BatchRow]) -> list[dict[str, object]]:
    return [
        {
            "dossier": row.path,
            "agency": row.agency,
            "kvk_number": row.kvk_number,
            "verdict": row.verdict,
            **{key: row.counts.get(key) for key in COUNT_KEYS},
            "report": row.report_file,
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
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def summary_csv(rows: list[BatchRow]) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for record in summary_records(rows):
        writer.writerow(
            ["" if record[column] is None else record[column] for column in SUMMARY_COLUMNS]
        )
    return stream.getvalue().encode("utf-8")


def summary_table(rows: list[BatchRow]) -> str:
    """A plain table for the terminal: one line per dossier, then the verdict totals."""
    header = (
        "#",
        "dossier",
        "agency",
        "KvK",
        "verdict",
        "pass",
        "fail",
        "n/a",
        "missing",
        "error",
        "waived",
    )
    lines: list[tuple[str, ...]] = [header]
    for row in rows:
        counts = [str(row.counts.get(key, "")) for key in COUNT_KEYS]
        lines.append(
            (
                str(row.index + 1),
                row.path,
                row.agency or "",
                row.kvk_number or "",
                row.verdict,
                *counts,
            )
        )
    widths = [min(40, max(len(line[i]) for line in lines)) for i in range(len(header))]
    text = "\n".join(
        "  ".join(_fit(cell, widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines
    )
    totals = ", ".join(f"{n} {verdict}" for verdict, n in sorted(_verdict_counts(rows).items()))
    return f"{text}\n\n{len(rows)} dossiers: {totals}\n"


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
    output_dir, combined reports in --output files; the worst outcome decides the exit code."""
    rows: list[BatchRow] = []
    reports: list[Report] = []
    if options.output_dir is not None:
        options.output_dir.mkdir(parents=True, exist_ok=True)
    for row, report in run_batch(options, rulebook, progress):
        rows.append(row)
        if report is not None:
            reports.append(report)
        for problem in row.problems:
            warn(f"refused: {problem}")
    stdout.write(summary_table(rows).encode("utf-8"))
    stdout.flush()
    if options.output_dir is not None:
        write_atomically(options.output_dir / "summary.json", summary_json(rows))
        write_atomically(options.output_dir / "summary.csv", summary_csv(rows))
    if options.outputs and reports:
        write_outputs(reports, replace(options, colour=False), stdout)
    for waiver in unmatched_agencies(options.waivers, {row.kvk_number for row in rows}):
        warn(f"waiver for {waiver.rule} of KvK {waiver.kvk_number} matches no checked dossier")
    return worst_exit_code(rows)
