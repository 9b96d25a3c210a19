"""Reading a process's memory from /proc, for the benchmarks and the memory tests."""

from __future__ import annotations

from pathlib import Path


def rss_kib(pid: int) -> int:
    """The resident memory of process `pid` in KiB (VmRSS), or 0 if it is gone or has none."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kib(pid: int) -> int:
    """The proportional memory of process `pid` in KiB (Pss: each page shared with other
    processes counted by its share, so the processes of a forked batch add up to what they
    really take), or 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
