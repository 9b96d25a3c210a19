"""The `check` job without the command line: load, evaluate, render, write, decide the exit code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from toelating.dossier.load import load_dossier
from toelating.engine import check
from toelating.errors import ExitCode
from toelating.output import OutputSpec, write_atomically
from toelating.report import DossierInfo, Report
from toelating.reporters import RenderOptions, reporter
from toelating.rulebook.load import Rulebook
from toelating.text import Language
from toelating.vocabulary import Severity, Verdict


@dataclass(frozen=True)
class CheckOptions:
    dossiers: tuple[Path, ...]
    as_of: dt.date
    outputs: tuple[OutputSpec, ...]
    language: Language | None = None  # None: each format's own default
    fail_on: Severity = Severity.MAJOR
    colour: bool = False


def run_check(options: CheckOptions, rulebook: Rulebook, stdout: BinaryIO) -> ExitCode:
    """Check every dossier and write every requested output; InputError stops the run (exit 2)."""
    reports = [check_one(path, rulebook, options) for path in options.dossiers]
    for spec in options.outputs:
        chosen = reporter(spec.format)
        language = options.language or chosen.default_language
        render_options = RenderOptions(language, options.colour and spec.path is None)
        data = chosen.render(reports, render_options)
        if spec.path is None:
            stdout.write(data)
            stdout.flush()
        else:
            write_atomically(spec.path, data)
    return exit_code_for(reports)


def check_one(path: Path, rulebook: Rulebook, options: CheckOptions) -> Report:
    loaded = load_dossier(path)
    result = check(loaded.dossier, rulebook, options.as_of, options.fail_on)
    return Report.build(DossierInfo.of(loaded), result, rulebook)


def exit_code_for(reports: list[Report]) -> ExitCode:
    if any(report.result.has_errors for report in reports):
        return ExitCode.RULE_ERROR
    if any(report.verdict is not Verdict.COMPLIANT for report in reports):
        return ExitCode.FINDINGS
    return ExitCode.COMPLIANT
