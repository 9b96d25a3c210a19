"""How long after its launch a `toelating check` begins to evaluate rules.

    BENCH_LAUNCHED=<time.time() at launch> BENCH_OUT=<file> python first_rule.py check ...

runs the command line in this process as the console script would, with the engine's
`check` wrapped so that its first call notes the seconds since launch (wall clock, and the
CPU time of this process: interpreter start-up, imports, loading the rulebook and the
dossier). Written to BENCH_OUT as JSON with the totals at exit.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

LAUNCHED = float(os.environ["BENCH_LAUNCHED"])
marks: dict[str, float] = {}


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def main() -> None:
    import toelating.checking as checking  # what `check` imports anyway, so no extra cost
    from toelating.cli import main as cli_main

    engine_check = vars(checking)["check"]

    def first_check(*args: Any, **kwargs: Any) -> Any:
        if not marks:
            marks.update(first_rule_wall=time.time() - LAUNCHED, first_rule_cpu=cpu_seconds())
        return engine_check(*args, **kwargs)

    vars(checking)["check"] = first_check  # run_check looks it up in the module
    sys.argv = ["toelating", *sys.argv[1:]]
    try:
        cli_main()
    except SystemExit as done:
        marks["exit_code"] = done.code if isinstance(done.code, int) else 0
    marks.update(total_wall=time.time() - LAUNCHED, total_cpu=cpu_seconds())
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as stream:
        json.dump(marks, stream)


if __name__ == "__main__":
    main()
