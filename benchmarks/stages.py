"""Where the CPU time of checking one JSON dossier goes, stage by stage, in this process.

The stages are what `toelating check --output-dir` does for each dossier of a batch, in
order: read and parse the file, validate it against the models, prepare the rules' scope
(the fast path's bindings, or cel-cpp's view and binding), evaluate every rule, build the
report and render it as JSON. Each is timed in CPU seconds of this process (robust on a
shared machine), as the median of repeated runs, on the same file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toelating.rulebook.load import Rulebook

STAGES = ("load", "validate", "prepare", "rules", "report")


@dataclass(frozen=True)
class StageTimes:
    """Median CPU seconds per stage of one dossier, and the dossiers per CPU-second."""

    label: str
    seconds: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    @property
    def per_cpu_second(self) -> float:
        return 1 / self.total

    def line(self) -> str:
        shares = "  ".join(
            f"{stage} {1000 * seconds:6.2f} ms {100 * seconds / self.total:4.1f}%"
            for stage, seconds in ((stage, self.seconds[stage]) for stage in STAGES)
        )
        return (
            f"{self.label:<28} {self.total * 1000:6.2f} ms = {self.per_cpu_second:6.0f}/CPU-s"
            f"   {shares}"
        )


def cpu_median(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median CPU seconds of run() over repeat runs (after one warm-up), and its last value."""
    value = run()
    times = []
    for _ in range(repeat):
        started = time.process_time()
        value = run()
        times.append(time.process_time() - started)
    return statistics.median(times), value


def stage_times(
    path: Path, rulebook: Rulebook, check_date: dt.date, engine: str, repeat: int
) -> StageTimes:
    """Each stage of checking the JSON dossier at path, as a batch does it."""
    from toelating.cel.fast_scope import Engine
    from toelating.dossier.load import LoadedDossier, validate_dossier
    from toelating.engine import prepare
    from toelating.findings import CheckResult
    from toelating.report import DossierInfo, Report
    from toelating.reporters import RenderOptions, reporter
    from toelating.source import parse_json, read_bytes

    chosen = Engine(engine)
    json_reporter = reporter("json")
    raw = read_bytes(path, str(path))
    seconds: dict[str, float] = {}
    seconds["load"], document = cpu_median(lambda: parse_json(read_bytes(path, "d"), "d"), repeat)
    seconds["validate"], dossier = cpu_median(lambda: validate_dossier(document), repeat)

    def prepared() -> Any:
        evaluation = prepare(dossier, rulebook, check_date, None, chosen)
        evaluation.scope.convert(rulebook.variables)  # cel-cpp's binding of the view, if used
        return evaluation

    seconds["prepare"], _ = cpu_median(prepared, repeat)

    def rules() -> CheckResult:
        evaluation = prepare(dossier, rulebook, check_date, None, chosen)
        results = tuple(evaluation.rule(compiled) for compiled in rulebook.rules)
        return CheckResult(check_date, evaluation.application_date, results)

    with_prepare, result = cpu_median(rules, repeat)
    seconds["rules"] = max(0.0, with_prepare - seconds["prepare"])
    loaded = LoadedDossier(dossier, document, path, hashlib.sha256(raw).hexdigest(), raw)

    def report() -> bytes:
        built = Report.build(DossierInfo.of(loaded), result, rulebook).identified()
        return json_reporter.render([built], RenderOptions())

    seconds["report"], _ = cpu_median(report, repeat)
    return StageTimes(f"{path.stem}, engine {engine}", seconds)
