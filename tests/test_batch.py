"""Batch runs: many dossiers, a summary, reports per dossier, stable order, the worst exit code."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF, EXAMPLES, Cli, write


def make_batch(folder: Path, count: int, broken: set[int]) -> list[Path]:
    """Copies of the example with their own KvK number; every 7th fails VOG-02; some broken."""
    template = (EXAMPLES / "flexwerk-noord" / "dossier.yaml").read_text("utf-8")
    paths = []
    for index in range(count):
        kvk = f"{10000000 + index}"
        text = template.replace('"12345678"', f'"{kvk}"').replace(
            "Flexwerk Noord B.V.", f"Agency {index:03d} B.V."
        )
        if index % 7 == 3:
            text = text.replace("issued_on: 2027-03-01", "issued_on: 2027-01-01")
        if index in broken:
            text = text.replace("dossier_version: 2", "dossier_version: 2\nagency: [")
        paths.append(write(folder / f"agency-{index:03d}" / "dossier.yaml", text))
    return paths


def test_batch_of_200_with_broken_dossiers(cli: Cli, tmp_path: Path) -> None:
    broken = {17, 101, 188}
    make_batch(tmp_path / "in", 200, broken)
    out = tmp_path / "out"
    result = cli(
        ["check", str(tmp_path / "in" / "*"), *AS_OF, "--output-dir", str(out), "--jobs", "2"]
    )
    assert result.exit_code == 2  # refused input is the worst outcome
    lines = result.stdout.splitlines()
    assert lines[0].split()[:5] == ["#", "dossier", "agency", "KvK", "verdict"]
    assert lines[-1] == "200 dossiers: 170 compliant, 27 non_compliant, 3 refused"
    assert result.stderr.count("refused:") == 3
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    rows = summary["dossiers"]
    assert [row["agency"] for row in rows if row["verdict"] != "refused"][:3] == [
        "Agency 000 B.V.",
        "Agency 001 B.V.",
        "Agency 002 B.V.",
    ]
    assert [i for i, row in enumerate(rows) if row["verdict"] == "refused"] == sorted(broken)
    assert rows[3]["verdict"] == "non_compliant" and rows[3]["fail"] == 1
    assert len(list(out.glob("agency-*.json"))) == 197
    with (out / "summary.csv").open(encoding="utf-8") as stream:
        assert len(list(csv.DictReader(stream))) == 200
    report = json.loads((out / "agency-003.json").read_text("utf-8"))
    assert report["verdict"] == "non_compliant"


def test_order_is_the_same_with_one_or_two_jobs(cli: Cli, tmp_path: Path) -> None:
    make_batch(tmp_path / "in", 12, set())
    one = cli(["check", str(tmp_path / "in" / "*"), *AS_OF, "--jobs", "1"])
    two = cli(["check", str(tmp_path / "in" / "*"), *AS_OF, "--jobs", "2"])
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1


def test_paths_from_stdin_and_combined_json(cli: Cli, tmp_path: Path) -> None:
    paths = [str(EXAMPLES / "flexwerk-noord"), str(EXAMPLES / "vog-outdated")]
    combined = tmp_path / "all.json"
    result = cli(["check", "-", *AS_OF, "--output", str(combined)], stdin="\n".join(paths) + "\n")
    assert result.exit_code == 1
    document = json.loads(combined.read_text("utf-8"))
    assert [r["verdict"] for r in document["reports"]] == ["compliant", "non_compliant"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_missing_dossier_in_a_batch_is_refused_not_fatal(cli: Cli, jobs: str) -> None:
    result = cli(
        ["check", str(EXAMPLES / "flexwerk-noord"), "no/such/dossier.yaml", *AS_OF, "--jobs", jobs]
    )
    assert result.exit_code == 2
    assert "compliant" in result.stdout and "refused" in result.stdout
    assert "no/such/dossier.yaml: file not found" in result.stderr


def test_fresh_worker_processes_take_over_in_a_long_batch_on_cel_cpp_alone(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On cel-cpp alone, past RECYCLE_AFTER dossiers per process, fresh processes run the
    rest (the binding leaks per helper call); the default engine does not leak and keeps
    its workers. Rows and reports are the same and in order."""
    from toelating import batch

    pools: list[tuple[int, int]] = []  # (workers, dossiers) of each pool created

    class CountingPool(batch.ProcessPoolExecutor):
        def __init__(self, max_workers: int, *args: Any, **kwargs: Any) -> None:
            super().__init__(max_workers, *args, **kwargs)
            pools.append((max_workers, 0))

        def map(self, fn: Any, *iterables: Any, **kwargs: Any) -> Any:
            tasks = list(iterables[0])
            pools[-1] = (pools[-1][0], len(tasks))
            return super().map(fn, tasks, *iterables[1:], **kwargs)

    monkeypatch.setattr(batch, "ProcessPoolExecutor", CountingPool)
    paths = make_batch(tmp_path / "in", 9, broken={4})
    # 9 dossiers <= RECYCLE_AFTER (100) with one job: checked in this process, no pool.
    in_process = cli(["check", *map(str, paths), *AS_OF, "--jobs", "1"])
    assert in_process.exit_code == 2 and pools == []
    assert (
        in_process.stdout.splitlines()[-1] == "9 dossiers: 7 compliant, 1 non_compliant, 1 refused"
    )
    monkeypatch.setattr(batch, "RECYCLE_AFTER", 2)
    # A pool takes RECYCLE_AFTER * workers dossiers: slices of 2 with one job, of 4 with two.
    expected = {"1": [(1, 2), (1, 2), (1, 2), (1, 2), (1, 1)], "2": [(2, 4), (2, 4), (2, 1)]}
    for jobs in ("1", "2"):
        pools.clear()
        recycled = cli(["check", *map(str, paths), *AS_OF, "--jobs", jobs, "--engine", "reference"])
        assert (recycled.exit_code, recycled.stdout) == (in_process.exit_code, in_process.stdout)
        assert pools == expected[jobs]
    pools.clear()
    kept = cli(["check", *map(str, paths), *AS_OF, "--jobs", "2"])
    assert (kept.exit_code, kept.stdout) == (in_process.exit_code, in_process.stdout)
    assert pools == [(2, 9)]
