"""Speed and memory of toelating against the targets of issue 6; prints each with PASS or MISS.

    .venv/bin/python benchmarks/run.py            # every target, a batch of 1,000 dossiers
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats, a batch of 200
    .venv/bin/python benchmarks/run.py --full     # also the batch of 10,000 and its peak memory

Dossiers come from benchmarks/synthetic.py (50 workers, 10 hirers, 5 locations, 200
payslips each). Start-up, the PDF check, the batches and the import run the installed
console script in subprocesses, as a user would; the engine is timed in this process on a
dossier that is already loaded and validated. Every number is the median of repeated runs
with its spread. The import of 60,000 payslips (issue 12: it was quadratic) is timed into a
dossier of 1,000 workers without payslips, and again into the dossier that then holds them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from measure import rss_kib  # noqa: E402 (found through the path set above)
from synthetic import synthetic_dossier  # noqa: E402

if TYPE_CHECKING:
    from toelating.dossier.model import Dossier
    from toelating.rulebook.load import Rulebook

CHECK_DATE = dt.date(2027, 5, 15)
CONSOLE_SCRIPT = Path(sys.executable).with_name("toelating")


@dataclass(frozen=True)
class Measured:
    """A target, what was measured, and whether it is met."""

    name: str
    values: list[float]  # in the unit below, one per run
    unit: str
    target: float
    higher_is_better: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def met(self) -> bool:
        return self.median >= self.target if self.higher_is_better else self.median <= self.target

    def line(self) -> str:
        spread = f"[{min(self.values):.4g}-{max(self.values):.4g}]" if len(self.values) > 1 else ""
        measured = f"{self.median:.4g} {self.unit} {spread} n={len(self.values)}"
        target = f"{'>=' if self.higher_is_better else '<='} {self.target:g} {self.unit}"
        return f"{self.name:<56} {measured:<38} {target:<20} {'PASS' if self.met else 'MISS'}"


def timed_runs(run: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def console(*args: str, check: bool = False) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(CONSOLE_SCRIPT), *args], capture_output=True, check=check)


# --- the targets ------------------------------------------------------------------------


@cache
def loaded() -> tuple[Rulebook, Dossier]:
    """The shipped rulebook and synthetic dossier 1, loaded and validated once for the
    measurements made in this process."""
    from toelating.dossier.load import validate_dossier
    from toelating.rulebook.load import load_default_rulebook
    from toelating.source import parse_json

    rulebook = load_default_rulebook()
    dossier = validate_dossier(parse_json(json.dumps(synthetic_dossier(1)), "synthetic.json"))
    return rulebook, dossier


def engine(repeat: int) -> list[Measured]:
    """The full rulebook on one loaded dossier, and where its time goes."""
    from toelating.engine import check

    rulebook, dossier = loaded()
    result = check(dossier, rulebook, CHECK_DATE)
    assert result.counts["error"] == 0 and result.counts["fail"] == 0, result.counts
    times = timed_runs(lambda: check(dossier, rulebook, CHECK_DATE), repeat, warmup=3)
    return [
        Measured(
            "rule evaluation, full rulebook, one loaded dossier", [t * 1000 for t in times], "ms", 2
        )
    ]


def profile_table(limit: int = 12) -> str:
    from toelating.profiling import profile_rules, render_profile

    rulebook, dossier = loaded()
    return render_profile(profile_rules(dossier, rulebook, CHECK_DATE, repeat=9), limit=limit)


def start_up(repeat: int) -> list[Measured]:
    found = []
    for flag in ("--version", "--help"):
        times = timed_runs(partial(console, flag, check=True), repeat, warmup=2)
        found.append(Measured(f"start-up: toelating {flag}", [t * 1000 for t in times], "ms", 150))
    return found


def pdf_check(repeat: int, folder: Path) -> Measured:
    output = folder / "report.pdf"
    example = ROOT / "examples" / "flexwerk-noord"

    def run() -> None:
        done = console(
            "check", str(example), "--as-of", CHECK_DATE.isoformat(), "--output", str(output)
        )
        assert done.returncode in (0, 1), done.stderr.decode()
        assert output.read_bytes().startswith(b"%PDF")

    return Measured(
        "toelating check of the example with a PDF report", timed_runs(run, repeat), "s", 1.5
    )


def write_dossiers(folder: Path, count: int) -> Path:
    """`count` synthetic JSON dossiers in folder/dossiers (made once, kept for reruns)."""
    dossiers = folder / "dossiers"
    dossiers.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        path = dossiers / f"d{index:05d}.json"
        if not path.exists():
            path.write_text(json.dumps(synthetic_dossier(index)), encoding="utf-8")
    return dossiers


class PeakMemory:
    """The largest total resident memory of a process and its descendants, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0  # all processes together
        self.largest_kib = 0  # the largest single process
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            sizes = [rss_kib(pid) for pid in _tree(self.pid)]
            self.peak_kib = max(self.peak_kib, sum(sizes))
            self.largest_kib = max(self.largest_kib, *sizes)
            time.sleep(0.02)

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        return self.peak_kib / 1024, self.largest_kib / 1024


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                queue.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def batch(folder: Path, count: int, jobs: int) -> tuple[float, float, float]:
    """Seconds to check `count` dossiers with --output-dir, peak total and per-process MiB."""
    dossiers = write_dossiers(folder, count)
    output = folder / f"reports-{count}-{jobs}"
    shutil.rmtree(output, ignore_errors=True)
    listing = folder / f"list-{count}.txt"  # paths on standard input: `check -`
    listing.write_text(
        "".join(f"{dossiers / f'd{i:05d}.json'}\n" for i in range(count)), encoding="utf-8"
    )
    command = [
        str(CONSOLE_SCRIPT),
        "check",
        "-",
        "--as-of",
        CHECK_DATE.isoformat(),
        "--output-dir",
        str(output),
        "--jobs",
        str(jobs),
    ]
    started = time.perf_counter()
    with listing.open("rb") as stdin:
        process = subprocess.Popen(
            command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        memory = PeakMemory(process.pid)
        _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    peak_total, peak_process = memory.stop()
    assert process.returncode == 0, stderr.decode()[-2000:]
    written = len(list(output.glob("*.json")))
    assert written == count + 1, f"{written} reports for {count} dossiers"  # and summary.json
    return elapsed, peak_total, peak_process


def throughput(folder: Path, count: int, repeat: int) -> list[Measured]:
    found = []
    for jobs in (1, 2):
        rates = []
        for _ in range(repeat):
            elapsed, _, _ = batch(folder, count, jobs)
            rates.append(count / elapsed / jobs)
        found.append(
            Measured(
                f"batch of {count} JSON dossiers, --jobs {jobs}: per core",
                rates,
                "dossiers/s",
                200,
                higher_is_better=True,
            )
        )
    return found


def big_batch(folder: Path) -> list[Measured]:
    elapsed, peak_total, peak_process = batch(folder, 10_000, 2)
    return [
        Measured(
            "batch of 10,000, --jobs 2: wall time (200/s per core)", [elapsed], "s", 10_000 / 400
        ),
        Measured("batch of 10,000, --jobs 2: peak memory, all processes", [peak_total], "MiB", 300),
        Measured(
            "batch of 10,000, --jobs 2: peak memory, largest process", [peak_process], "MiB", 300
        ),
    ]


IMPORT_ROWS, IMPORT_WORKERS = 60_000, 1_000


def import_files(folder: Path) -> tuple[Path, Path]:
    """A YAML dossier of IMPORT_WORKERS workers without payslips, and a CSV export of
    IMPORT_ROWS weekly payslips spread over them (made once, kept for reruns)."""
    dossier, export = folder / "import-dossier.yaml", folder / "import-payslips.csv"
    if not dossier.exists():
        workers = "".join(f"  - id: W-{w:05d}\n    name: Naam {w}\n" for w in range(IMPORT_WORKERS))
        dossier.write_text(
            f"dossier_version: 2\nagency:\n  name: Bench B.V.\nworkers:\n{workers}", "utf-8"
        )
    if not export.exists():
        rows = ["personeelsnummer;periode van;periode tot;uren;inhouding huisvesting;op loonstrook"]
        for row in range(IMPORT_ROWS):
            start = dt.date(2026, 1, 5) + dt.timedelta(weeks=row // IMPORT_WORKERS)
            end = start + dt.timedelta(days=6)
            worker = f"W-{row % IMPORT_WORKERS:05d}"
            rows.append(f"{worker};{start:%d-%m-%Y};{end:%d-%m-%Y};40;118,50;ja")
        export.write_text("\n".join(rows) + "\n", "utf-8")
    return dossier, export


def import_payslips(folder: Path, repeat: int) -> list[Measured]:
    """`toelating import payslips` of 60,000 rows: added, then replacing them all."""
    dossier, export = import_files(folder)
    target = folder / "import-target.yaml"
    added: list[float] = []
    replaced: list[float] = []
    for _ in range(repeat):
        shutil.copy(dossier, target)
        for times in (added, replaced):
            started = time.perf_counter()
            console("import", "payslips", str(export), "--dossier", str(target), check=True)
            times.append(time.perf_counter() - started)
    what = f"import payslips, {IMPORT_ROWS:,} rows, {IMPORT_WORKERS:,} workers"
    return [
        Measured(f"{what}: added", added, "s", 30),
        Measured(f"{what}: replaced", replaced, "s", 60),
    ]


def measure_all(folder: Path, repeat: int, count: int, *, quick: bool, full: bool) -> None:
    print(
        f"toelating benchmarks, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {folder}\n"
    )
    measured = [*engine(repeat * 4), *start_up(repeat), pdf_check(max(3, repeat // 3), folder)]
    measured += throughput(folder, count, 1 if quick else 3)
    measured += import_payslips(folder, 1 if quick else 3)
    if full:
        measured += big_batch(folder)
    print(f"{'target':<56} {'measured (median [min-max] n)':<38} {'target':<20} result")
    for item in measured:
        print(item.line())
    try:
        table = profile_table()
    except ImportError:  # a version of toelating without toelating.profiling
        return
    print(
        "\nPer-rule evaluation time on one synthetic dossier (toelating.profiling), "
        "slowest first:\n"
    )
    print(table)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats and a batch of 200")
    parser.add_argument(
        "--full", action="store_true", help="also the batch of 10,000 and its memory"
    )
    parser.add_argument(
        "--folder", type=Path, help="where to keep generated dossiers (default: a temporary folder)"
    )
    options = parser.parse_args()
    repeat = 5 if options.quick else 25
    count = 200 if options.quick else 1000
    folder = options.folder or Path(tempfile.mkdtemp(prefix="toelating-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        measure_all(folder, repeat, count, quick=options.quick, full=options.full)
    finally:  # whatever happened, a temporary folder goes
        if not options.folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
