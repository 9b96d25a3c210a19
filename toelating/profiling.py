"""Where the time of a check goes: per-rule evaluation times, and a table slowest first.

For `toelating check --profile`: preparing the dossier (its view for CEL) and the
binding's conversion of it into CEL data are timed as lines of their own; each rule is
then evaluated `repeat` times on converted data. Every time is the median of its runs,
so one slow run (a page fault, another process) does not show.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Mapping
from dataclasses import dataclass

from toelating.dossier.model import Dossier
from toelating.engine import prepare
from toelating.rulebook.load import Rulebook
from toelating.vocabulary import Outcome

PREPARATION = "(prepare)"  # the line for the dossier's view, id maps and cost check
CONVERSION = "(convert)"  # the line for the binding's conversion into CEL data


@dataclass(frozen=True)
class RuleTiming:
    """One rule's median evaluation time and its outcome."""

    rule_id: str
    seconds: float
    outcome: Outcome | None = None  # None for the preparation line


def profile_rules(
    dossier: Dossier,
    rulebook: Rulebook,
    check_date: dt.date,
    evidence_status: Mapping[str, str] | None = None,
    repeat: int = 5,
) -> list[RuleTiming]:
    """Median time per rule over `repeat` runs (and of preparing the dossier), slowest first."""
    repeat = max(1, repeat)
    preparation: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        evaluation = prepare(dossier, rulebook, check_date, evidence_status)
        preparation.append(time.perf_counter() - started)
    conversion: list[float] = []
    for _ in range(repeat):
        evaluation = prepare(dossier, rulebook, check_date, evidence_status)
        started = time.perf_counter()
        evaluation.scope.convert(rulebook.variables)  # what the rules read, as a check does
        conversion.append(time.perf_counter() - started)
    timings = [
        RuleTiming(PREPARATION, statistics.median(preparation)),
        RuleTiming(CONVERSION, statistics.median(conversion)),
    ]
    for compiled in rulebook.rules:
        runs: list[float] = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = evaluation.rule(compiled)
            runs.append(time.perf_counter() - started)
        timings.append(RuleTiming(compiled.id, statistics.median(runs), result.outcome))
    return sorted(timings, key=lambda timing: (-timing.seconds, timing.rule_id))


def render_profile(timings: list[RuleTiming], limit: int | None = None) -> str:
    """A plain table: rule, milliseconds, share of the total, outcome; slowest first."""
    total = sum(timing.seconds for timing in timings) or 1.0
    shown = timings if limit is None else timings[:limit]
    width = max([len("rule"), *(len(timing.rule_id) for timing in shown)])
    lines = [f"{'rule'.ljust(width)}  {'ms':>8}  {'share':>6}  outcome"]
    for timing in shown:
        outcome = timing.outcome.value if timing.outcome else ""
        share = 100 * timing.seconds / total
        lines.append(
            f"{timing.rule_id.ljust(width)}  {timing.seconds * 1000:8.3f}  "
            f"{share:5.1f}%  {outcome}".rstrip()
        )
    lines.append(f"{'total'.ljust(width)}  {total * 1000:8.3f}  {100.0:5.1f}%")
    return "\n".join(lines) + "\n"
