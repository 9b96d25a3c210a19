"""Speed and memory of toelating against the targets of issues 6 and 13; PASS or MISS each.

    .venv/bin/python benchmarks/run.py                 # every target, a batch of 1,000 dossiers
    .venv/bin/python benchmarks/run.py --quick         # fewer repeats, a batch of 200
    .venv/bin/python benchmarks/run.py --memory 2000   # also memory over a batch of 2,000
    .venv/bin/python benchmarks/run.py --full          # ... over the batch of 10,000

Dossiers come from benchmarks/synthetic.py: 50 workers, 10 hirers, 5 locations and 200
payslips (70 KB of JSON), and a small one of 3 workers. Times are CPU seconds of the process
where the target is about work done (robust on a shared machine: other processes slow the
wall clock, not the CPU time a check needs), wall seconds where it is about waiting (start-up,
a batch). Every number is the median of repeated runs with its spread. Both engines are
measured: the fast path (rules compiled to Python, cel-cpp for what it does not translate) and
the reference (everything on cel-cpp). The same 16 checks in Rego (shared/bench/policy.rego)
run under regorus in a separate process when it is installed (benchmarks/rego.py).
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from batches import CONSOLE_SCRIPT, run_batch  # noqa: E402 (found through the path set above)
from stages import cpu_median, stage_times  # noqa: E402
from synthetic import synthetic_dossier  # noqa: E402

if TYPE_CHECKING:
    from toelating.dossier.model import Dossier
    from toelating.rulebook.load import Rulebook

CHECK_DATE = dt.date(2027, 5, 15)
ENGINES = ("fast", "reference")
REGO_POLICY = ROOT.parent / "shared" / "bench" / "policy.rego"
SIZES = {"3 workers": {"workers": 3, "hirers": 1, "locations": 1, "payslips": 6}, "50 workers": {}}


@dataclass(frozen=True)
class Measured:
    """A target, what was measured, and whether it is met."""

    name: str
    values: list[float]  # in the unit below, one per run
    unit: str
    target: float | None = None  # None: shown for information
    higher_is_better: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        met = self.median >= self.target if self.higher_is_better else self.median <= self.target
        return "PASS" if met else "MISS"

    def line(self) -> str:
        spread = f"[{min(self.values):.4g}-{max(self.values):.4g}]" if len(self.values) > 1 else ""
        measured = f"{self.median:.4g} {self.unit} {spread} n={len(self.values)}"
        target = ""
        if self.target is not None:
            target = f"{'>=' if self.higher_is_better else '<='} {self.target:g} {self.unit}"
        return f"{self.name:<60} {measured:<38} {target:<20} {self.verdict}".rstrip()


def timed_runs(run: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def cpu_runs(run: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeat):
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
    return times


def console(*args: str, check: bool = False) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(CONSOLE_SCRIPT), *args], capture_output=True, check=check)


# --- in this process: the engine and the stages of one dossier ----------------------------


def write_sized(folder: Path) -> dict[str, Path]:
    """The 3-worker and the 50-worker synthetic dossier as JSON files."""
    paths = {}
    for label, size in SIZES.items():
        path = folder / f"synthetic-{label.split()[0]}.json"
        path.write_text(json.dumps(synthetic_dossier(1, **size)), encoding="utf-8")
        paths[label] = path
    return paths


@cache
def rulebook() -> Rulebook:
    from toelating.rulebook.load import load_default_rulebook

    return load_default_rulebook()


def loaded(path: Path) -> Dossier:
    from toelating.dossier.load import load_dossier

    return load_dossier(path).dossier


def engine_times(paths: dict[str, Path], repeat: int) -> list[Measured]:
    """The full rulebook on the loaded 50-worker dossier, per engine (target 2 ms)."""
    from toelating.cel.fast_scope import Engine
    from toelating.engine import check

    dossier = loaded(paths["50 workers"])
    found = []
    for engine in ENGINES:
        result = check(dossier, rulebook(), CHECK_DATE, engine=Engine(engine))
        assert result.counts["error"] == 0 and result.counts["fail"] == 0, result.counts
        run = partial(check, dossier, rulebook(), CHECK_DATE, engine=Engine(engine))
        name = f"rule evaluation, full rulebook, loaded 50-worker dossier, {engine}"
        found.append(Measured(name, [t * 1000 for t in cpu_runs(run, repeat, 3)], "ms CPU", 2))
    return found


def stage_table(paths: dict[str, Path], repeat: int) -> tuple[list[Measured], str]:
    """Each stage's CPU time and share, per dossier size and engine; dossiers per CPU-second
    of the in-process pipeline (no process start, no file writes) for information."""
    lines, measured = [], []
    for label, path in paths.items():
        for engine in ENGINES:
            times = stage_times(path, rulebook(), CHECK_DATE, engine, repeat)
            lines.append(times.line())
            name = f"one {label} dossier, load to JSON report, {engine}: rate"
            measured.append(Measured(name, [times.per_cpu_second], "/CPU-s"))
    return measured, "\n".join(lines)


def profile_table(paths: dict[str, Path], limit: int = 12) -> str:
    from toelating.profiling import profile_rules, render_profile

    dossier = loaded(paths["50 workers"])
    return render_profile(profile_rules(dossier, rulebook(), CHECK_DATE, repeat=9), limit=limit)


# --- subprocesses: start-up, a PDF, batches, memory ---------------------------------------


def start_up(repeat: int) -> list[Measured]:
    found = []
    for flag in ("--version", "--help"):
        times = timed_runs(partial(console, flag, check=True), repeat, warmup=2)
        found.append(Measured(f"start-up: toelating {flag}", [t * 1000 for t in times], "ms", 150))
    return found


def first_rule(repeat: int, folder: Path) -> list[Measured]:
    """Seconds from launching `toelating check` of the shipped example to its first rule
    (benchmarks/first_rule.py): once with an empty rulebook cache, then with it filled."""
    cache_folder = folder / "rulebook-cache"
    shutil.rmtree(cache_folder, ignore_errors=True)
    runs = [_first_rule_run(folder, cache_folder) for _ in range(repeat + 1)]
    cold, warm = runs[0], runs[1:]
    name = "check of the example: launch to first rule"
    return [
        Measured(f"{name}, empty rulebook cache", [cold["first_rule_wall"]], "s"),
        Measured(f"{name}, rulebook cached", [r["first_rule_wall"] for r in warm], "s", 0.4),
        Measured(
            f"{name}, rulebook cached, CPU", [r["first_rule_cpu"] for r in warm], "s CPU", 0.4
        ),
    ]


def _first_rule_run(folder: Path, cache_folder: Path) -> dict[str, float]:
    marks = folder / "first-rule.json"
    example = ROOT / "examples" / "flexwerk-noord"
    environment = {**os.environ, "TOELATING_CACHE": str(cache_folder), "BENCH_OUT": str(marks)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's Python keeps compiled modules
    environment["BENCH_LAUNCHED"] = repr(time.time())
    command = [sys.executable, str(HERE / "first_rule.py"), "check", str(example)]
    subprocess.run(
        [*command, "--as-of", CHECK_DATE.isoformat()], env=environment, capture_output=True
    )
    found: dict[str, float] = json.loads(marks.read_text("utf-8"))
    assert "first_rule_wall" in found, found
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


def throughput(folder: Path, count: int, repeat: int) -> list[Measured]:
    """Batches of JSON dossiers end to end: dossiers per CPU-second of all processes (target
    200), and per core-second of wall time for information."""
    found = []
    for engine in ENGINES:
        for jobs in (1, 2):
            runs = [
                run_batch(folder, count, jobs, engine, CHECK_DATE.isoformat())
                for _ in range(repeat)
            ]
            what = f"batch of {count} JSON dossiers, --jobs {jobs}, {engine}"
            found.append(
                Measured(
                    f"{what}: per CPU-second",
                    [run.per_cpu_second for run in runs],
                    "/CPU-s",
                    200,
                    higher_is_better=True,
                )
            )
            found.append(
                Measured(f"{what}: per core, wall", [r.per_core_second for r in runs], "/s")
            )
    return found


def memory(folder: Path, count: int) -> list[Measured]:
    """A batch of `count` dossiers with --jobs 2: peak resident memory and its growth."""
    run = run_batch(folder, count, 2, "fast", CHECK_DATE.isoformat())
    what = f"batch of {count:,}, --jobs 2"
    return [
        Measured(f"{what}: peak memory, all processes", [run.peak_total_mib], "MiB", 300),
        Measured(f"{what}: peak memory, largest process", [run.peak_process_mib], "MiB", 300),
        Measured(f"{what}: growth, last quarter over second", [run.growth_mib], "MiB", 20),
        Measured(f"{what}: per CPU-second", [run.per_cpu_second], "/CPU-s", 200, True),
    ]


# --- the peer: the same checks in Rego under regorus -------------------------------------


def rego_comparison(paths: dict[str, Path], repeat: int) -> tuple[list[Measured], str]:
    """regorus (in its own process) against toelating on the same dossiers and checks."""
    if not REGO_POLICY.is_file():
        return [], f"Rego comparison skipped: {REGO_POLICY} not found"
    policy = REGO_POLICY.read_text("utf-8")
    ids = sorted(set(re.findall(r'deny contains "([A-Z]+-[0-9]+)"', policy)))
    job = {
        "policy": str(REGO_POLICY),
        "data": {"wml": _minimum_wages()},
        "dossiers": [str(path) for path in paths.values()],
        "repeat": repeat,
    }
    done = subprocess.run(
        [sys.executable, str(HERE / "rego.py")], input=json.dumps(job).encode(), capture_output=True
    )
    if done.returncode != 0:
        reason = done.stderr.decode().strip().splitlines()[-1:] or ["?"]
        return [], f"Rego comparison skipped (regorus: {reason[0]})"
    theirs = json.loads(done.stdout)
    subset = replace(rulebook(), rules=tuple(r for r in rulebook().rules if r.id in ids))
    measured, lines = [], [f"The same {len(ids)} checks: {', '.join(ids)}"]
    for label, path in paths.items():
        regorus_ms = theirs[str(path)]["cpu_ms"]
        for engine in ENGINES:
            ours_ms = 1000 * _rules_cpu(path, subset, engine, repeat)
            ratio = regorus_ms / ours_ms
            name = f"{label}: {len(ids)} checks, {engine}, regorus time / ours"
            measured.append(Measured(name, [ratio], "x", 1, higher_is_better=True))
            lines.append(
                f"{label:<10} {engine:<9} toelating {ours_ms:7.3f} ms CPU, regorus "
                f"{regorus_ms:7.3f} ms CPU: toelating {_faster(ratio)}"
            )
    return measured, "\n".join(lines)


def _faster(ratio: float) -> str:
    return f"{ratio:.2f}x faster" if ratio >= 1 else f"{1 / ratio:.2f}x slower"


def _rules_cpu(path: Path, subset: Rulebook, engine: str, repeat: int) -> float:
    """CPU seconds of the checks on the loaded dossier (regorus: input set and evaluated)."""
    from toelating.cel.fast_scope import Engine
    from toelating.engine import check

    dossier = loaded(path)
    seconds, _ = cpu_median(
        partial(check, dossier, subset, CHECK_DATE, engine=Engine(engine)), repeat
    )
    return seconds


def _minimum_wages() -> list[dict[str, Any]]:
    """The minimum hourly wage table as the policy reads it (data.wml)."""
    parameter = rulebook().parameters.parameters["minimum_hourly_wage_eur"]
    return [
        {"from": value.from_.isoformat(), "value": float(value.value)} for value in parameter.values
    ]


# --- the import of issue 12 ----------------------------------------------------------------

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


def measure_all(folder: Path, options: argparse.Namespace) -> None:
    repeat, quick = options.repeat, options.quick
    print(f"toelating benchmarks, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"load average {os.getloadavg()[0]:.1f} at the start; {folder}\n")
    paths = write_sized(folder)
    measured = engine_times(paths, repeat * 4)
    rates, stages = stage_table(paths, repeat * 2)
    measured += rates + start_up(repeat) + first_rule(max(3, repeat // 2), folder)
    measured.append(pdf_check(max(3, repeat // 3), folder))
    measured += throughput(folder, options.count, 1 if quick else 3)
    if options.memory:
        measured += memory(folder, options.memory)
    rego, comparison = rego_comparison(paths, repeat * 4)
    measured += rego
    if not quick:
        measured += import_payslips(folder, 3)
    print(f"{'target':<60} {'measured (median [min-max] n)':<38} {'target':<20} result")
    for item in measured:
        print(item.line())
    print("\nOne dossier, stage by stage (median CPU time; share of the whole):\n")
    print(stages)
    print(f"\nThe peer, regorus (Rego, separate process; CPU time per dossier):\n\n{comparison}")
    print("\nPer-rule evaluation time on the 50-worker dossier, slowest first:\n")
    print(profile_table(paths))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats and a batch of 200")
    parser.add_argument("--full", action="store_true", help="also memory over 10,000 dossiers")
    parser.add_argument(
        "--memory", type=int, default=0, metavar="N", help="memory over a batch of N dossiers"
    )
    parser.add_argument(
        "--folder", type=Path, help="where to keep generated dossiers (default: a temporary folder)"
    )
    options = parser.parse_args()
    options.repeat = 5 if options.quick else 25
    options.count = 200 if options.quick else 1000
    options.memory = options.memory or (10_000 if options.full else 0)
    folder = options.folder or Path(tempfile.mkdtemp(prefix="toelating-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        measure_all(folder, options)
    finally:  # whatever happened, a temporary folder goes
        if not options.folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
