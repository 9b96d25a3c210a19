"""The command line: parse options into typed objects, call the core, return its exit code.

The only module that imports click. Heavy modules (the CEL library, reportlab, pydantic
models) are imported inside commands, so `--help` and `--version` start fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from toelating import __version__
from toelating.errors import ExitCode, ToelatingError, UsageError
from toelating.formats import format_names

LANGUAGES = ("nl", "en")
SEVERITIES = ("blocking", "major", "minor", "advisory")


def _date(value: str | None, option: str) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError.single(option, f"{value!r} is not a date as YYYY-MM-DD") from None


def _use_colour() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toelating")
def cli() -> None:
    """Check a staffing agency's dossier against the Dutch admission rules (Wtta)."""


@cli.command("check")
@click.argument("dossiers", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="DATE", help="Check date, YYYY-MM-DD (default: today).")
@click.option("--format", "format_", type=click.Choice(format_names()), help="Output format (default: text).")
@click.option(
    "--output", "outputs", multiple=True, metavar="[FORMAT=]PATH",
    help="Write a report to PATH; repeat for several. The format comes from FORMAT=, --format or the file ending.",
)
@click.option(
    "--lang", type=click.Choice(LANGUAGES),
    help="Report language (default: en; nl for PDF).",
)
@click.option(
    "--fail-on", type=click.Choice(SEVERITIES), default="major", show_default=True,
    help="Lowest severity that makes the verdict fail.",
)
def check_command(
    dossiers: tuple[Path, ...], as_of: str | None, format_: str | None, outputs: tuple[str, ...],
    lang: str | None, fail_on: str,
) -> int:
    """Check DOSSIER (a .yaml/.json file, or a folder with dossier.yaml) and report."""
    from toelating.checking import CheckOptions, run_check
    from toelating.output import OutputSpec, parse_output
    from toelating.rulebook.load import load_default_rulebook
    from toelating.text import Language
    from toelating.vocabulary import Severity

    specs = tuple(parse_output(spec, format_) for spec in outputs) or (
        OutputSpec(format_ or "text", None),
    )
    options = CheckOptions(
        dossiers=dossiers, as_of=_date(as_of, "--as-of"), outputs=specs,
        language=Language(lang) if lang else None, fail_on=Severity(fail_on), colour=_use_colour(),
    )
    return run_check(options, load_default_rulebook(), sys.stdout.buffer)


@cli.group("rules")
def rules_group() -> None:
    """The rulebook: list, show, validate and test rules."""


@rules_group.command("list")
@click.option("--as-of", "as_of", metavar="DATE", help="Show whether each rule is in force on DATE (default: today).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
def rules_list_command(as_of: str | None, lang: str) -> int:
    """List every rule: id, severity, theme, in force on a date, title."""
    from toelating.rulebook.describe import rules_table
    from toelating.rulebook.load import load_default_rulebook

    click.echo(rules_table(load_default_rulebook(), _date(as_of, "--as-of"), lang), nl=False)
    return ExitCode.COMPLIANT


@cli.command("schema")
@click.argument("name", type=click.Choice(("dossier", "rules", "report")))
def schema_command(name: str) -> int:
    """Print the JSON Schema of the dossier format, rule files or the JSON report."""
    from toelating.schema import render, shipped

    click.echo(render(shipped("rule" if name == "rules" else name)), nl=False)
    return ExitCode.COMPLIANT


def _report_problems(error: ToelatingError) -> None:
    for problem in error.problems:
        click.echo(f"error: {problem.render()}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command and map every outcome to one exit code."""
    code: Any
    try:
        code = cli.main(args=argv, prog_name="toelating", standalone_mode=False)
    except ToelatingError as error:
        _report_problems(error)
        code = error.exit_code
    except click.exceptions.Exit as done:
        code = done.exit_code
    except click.ClickException as error:
        error.show()
        code = ExitCode.INPUT_REFUSED
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        code = ExitCode.INPUT_REFUSED
    except BrokenPipeError:
        code = ExitCode.COMPLIANT
    sys.exit(int(code or 0))
