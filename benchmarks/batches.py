"""Batches of synthetic JSON dossiers through the installed console script, as a user runs them:
wall time, CPU time of all processes (dossiers per CPU-second), and resident memory over time.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from measure import pss_kib, rss_kib
from synthetic import synthetic_dossier

CONSOLE_SCRIPT = Path(sys.executable).with_name("toelating")


def write_dossiers(folder: Path, count: int) -> Path:
    """`count` synthetic JSON dossiers of 50 workers in folder/dossiers (kept for reruns)."""
    dossiers = folder / "dossiers"
    dossiers.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        path = dossiers / f"d{index:05d}.json"
        if not path.exists():
            path.write_text(json.dumps(synthetic_dossier(index)), encoding="utf-8")
    return dossiers


class MemoryTrace:
    """The resident memory of a process and its descendants, sampled from /proc over time."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[tuple[int, int]] = []  # KiB: (all, by Pss; the largest, by RSS)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.pid)
            # All together by Pss (forked workers share the parent's pages: their RSS
            # would count those pages once per process); the largest process by RSS.
            self.samples.append((sum(map(pss_kib, pids)), max(map(rss_kib, pids))))
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


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


@dataclass(frozen=True)
class BatchRun:
    count: int
    jobs: int
    wall: float  # seconds
    cpu: float  # CPU seconds of every process of the batch
    samples: list[tuple[int, int]]

    @property
    def per_cpu_second(self) -> float:
        return self.count / self.cpu

    @property
    def per_core_second(self) -> float:
        return self.count / self.wall / self.jobs

    @property
    def peak_total_mib(self) -> float:
        return max(total for total, _ in self.samples) / 1024

    @property
    def peak_process_mib(self) -> float:
        return max(largest for _, largest in self.samples) / 1024

    @property
    def growth_mib(self) -> float:
        """How much more the processes held in the last quarter of the run than in the
        second (after warm-up): a leak grows with the dossiers checked, a flat batch not."""
        quarter = max(1, len(self.samples) // 4)
        second = self.samples[quarter : 2 * quarter] or self.samples
        last = self.samples[-quarter:]
        return (max(t for t, _ in last) - max(t for t, _ in second)) / 1024


def run_batch(folder: Path, count: int, jobs: int, engine: str, check_date: str) -> BatchRun:
    """`toelating check - --output-dir` of `count` dossiers with `jobs` processes."""
    dossiers = write_dossiers(folder, count)
    output = folder / f"reports-{count}-{jobs}-{engine}"
    shutil.rmtree(output, ignore_errors=True)
    listing = folder / f"list-{count}.txt"  # paths on standard input: `check -`
    listing.write_text(
        "".join(f"{dossiers / f'd{i:05d}.json'}\n" for i in range(count)), encoding="utf-8"
    )
    command = [str(CONSOLE_SCRIPT), "check", "-", "--as-of", check_date, "--engine", engine]
    command += ["--output-dir", str(output), "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with listing.open("rb") as stdin:
        process = subprocess.Popen(
            command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        memory = MemoryTrace(process.pid)
        _, stderr = process.communicate()
    wall = time.perf_counter() - started
    memory.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert process.returncode == 0, stderr.decode()[-2000:]
    written = len(list(output.glob("*.json")))
    assert written == count + 1, f"{written} reports for {count} dossiers"  # and summary.json
    shutil.rmtree(output, ignore_errors=True)
    return BatchRun(count, jobs, wall, cpu, memory.samples or [(0, 0)])
