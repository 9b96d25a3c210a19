"""The peer of the benchmark: the same checks written in Rego, evaluated by regorus.

Run by benchmarks/run.py in a process of its own, never beside toelating: regorus and
cel-expr-python loaded in one process abort it (`munmap_chunk(): invalid pointer`). So this
module imports no toelating code. It reads a job as JSON on standard input:

    {"policy": "<path of policy.rego>", "data": {"wml": [...]}, "dossiers": ["<path>", ...],
     "repeat": 25}

and prints, as JSON, per dossier the median CPU milliseconds of one evaluation (the dossier's
JSON text given as input, then `data.toelating.deny` evaluated) and the rule ids denied.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

QUERY = "data.toelating.deny"


def evaluate(engine: Any, text: str) -> list[str]:
    engine.set_input_json(text)
    return sorted(engine.eval_rule(QUERY))


def measure(job: dict[str, Any]) -> dict[str, Any]:
    import regorus

    engine = regorus.Engine()
    policy = Path(job["policy"])
    engine.add_policy(policy.name, policy.read_text("utf-8"))
    engine.add_data(job["data"])
    found: dict[str, Any] = {}
    for name in job["dossiers"]:
        text = Path(name).read_text("utf-8")
        denied = evaluate(engine, text)  # warm-up, and the answer
        times = []
        for _ in range(job["repeat"]):
            started = time.process_time()
            evaluate(engine, text)
            times.append(time.process_time() - started)
        found[name] = {"cpu_ms": 1000 * statistics.median(times), "deny": denied}
    return found


def main() -> None:
    json.dump(measure(json.load(sys.stdin)), sys.stdout)


if __name__ == "__main__":
    main()
