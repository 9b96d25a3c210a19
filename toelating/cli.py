"""The command line: parse options into typed objects, call the core, return its exit code.

The only module that imports click. Heavy modules (the CEL library, reportlab, pydantic
models) are imported inside commands, so `--help` and `--version` start fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from toelating import __version__
from toelating.errors import ExitCode, Text, ToelatingError, UsageError
from toelating.formats import format_names

if TYPE_CHECKING:  # the catalogues and Babel are loaded when a command speaks, not for --help
    from toelating.text import Language

LANGUAGES = ("nl", "en")
LANGUAGE_VARIABLE = "TOELATING_LANG"  # i18n.LANGUAGE_VARIABLE, without importing it for --help
RULES_OPTION = click.option(
    "--rules",
    "rules_folders",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Extra rule folder on top of the shipped rulebook (repeatable);"
    " a folder with its own rulebook.yaml replaces it.",
)
SEVERITIES = ("blocking", "major", "minor", "advisory")


def _choose_language(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Language:
    from toelating.i18n import UnknownLanguageError, choose_language

    try:
        return choose_language(value)
    except UnknownLanguageError as error:
        raise UsageError.say(
            LANGUAGE_VARIABLE, "common.unknown_language", value=error.value
        ) from None


def message(key: str, language: Language, /, **values: Any) -> str:
    """A catalogue message (toelating.i18n.message, imported when first said)."""
    from toelating.i18n import message as catalogue_message

    return catalogue_message(key, language, **values)


LANG_OPTION = click.option(
    "--lang",
    "language",
    type=click.Choice(LANGUAGES),
    callback=_choose_language,
    help="Language of everything the command says: nl or en"
    f" (default: {LANGUAGE_VARIABLE}, else the system locale: nl when it is Dutch, else en).",
)


def _date(value: str | None, option: str) -> dt.date:
    """A date option: YYYY-MM-DD, or DD-MM-YYYY as Dutch offices write it."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.strptime(value, "%d-%m-%Y").date()
    except ValueError:
        raise UsageError.say(option, "cli.bad_date", value=repr(value)) from None


def _use_colour() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


class _StdoutClosed(Exception):
    """Standard output was closed by its reader; raised past click, which would exit 1."""


class _Toelating(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise _StdoutClosed from None


@click.group(cls=_Toelating, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toelating")
def cli() -> None:
    """Check a staffing agency's dossier against the Dutch admission rules (Wtta)."""


@cli.command("check")
@click.argument("dossiers", nargs=-1, required=True)
@click.option("--as-of", "as_of", metavar="DATE", help="Check date, YYYY-MM-DD (default: today).")
@click.option(
    "--format",
    "format_",
    type=click.Choice(format_names()),
    help="Output format (default: text; json for --output-dir).",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT=]PATH",
    help="Write a report to PATH; repeat for several."
    " The format comes from FORMAT=, else the file ending, else --format.",
)
@LANG_OPTION
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="major",
    show_default=True,
    help="Lowest severity that makes the verdict fail.",
)
@RULES_OPTION
@click.option(
    "--waivers",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Waiver file (YAML): accepted findings.",
)
@click.option(
    "--horizon",
    metavar="SPAN",
    help="Also list what starts failing within SPAN: 90d, 12w, 6m, 1y or a date.",
)
@click.option(
    "--calendar",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="With --horizon: write what starts failing as calendar events with reminders"
    " (iCalendar .ics, for Outlook and Google Calendar).",
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Write one report per dossier and summary.json/.csv here.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="With --output-dir: replace the reports of an earlier run there"
    " (a folder that is not empty is refused otherwise).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Dossiers checked in parallel (default: CPU count).",
)
@click.option(
    "--profile",
    is_flag=True,
    help="Also print each rule's evaluation time, slowest first (to stderr).",
)
@click.option(
    "--inspector", metavar="NAME", help="Who checked (else [inspector] name in the config file)."
)
@click.option(
    "--organisation",
    metavar="NAME",
    help="The inspection body (else [inspector] organisation in the config file).",
)
@click.option(
    "--draft",
    is_flag=True,
    help="A draft: CONCEPT/DRAFT on every page, the response due in 10 working days.",
)
@click.option(
    "--sign",
    type=click.Path(path_type=Path),
    metavar="CERT.p12",
    help="Sign the PDF report (PAdES) with this certificate; the passphrase comes from"
    " TOELATING_SIGN_PASSPHRASE or a prompt. Needs toelating[sign].",
)
@click.option("--timestamp-url", metavar="URL", help="With --sign: an RFC 3161 timestamp server.")
@click.option(
    "--engine",
    type=click.Choice(["fast", "reference"]),
    default="fast",
    show_default=True,
    help="Rule evaluator: fast (rules compiled to Python, cel-cpp for what is not)"
    " or reference (everything on cel-cpp, for doubt).",
)
def check_command(
    dossiers: tuple[str, ...],
    as_of: str | None,
    format_: str | None,
    outputs: tuple[str, ...],
    language: Language,
    fail_on: str,
    rules_folders: tuple[Path, ...],
    waivers: Path | None,
    horizon: str | None,
    calendar: Path | None,
    output_dir: Path | None,
    overwrite: bool,
    jobs: int | None,
    profile: bool,
    engine: str,
    **issuing: Any,
) -> int:
    """Check DOSSIER... (files, folders with dossier.yaml, globs; - reads paths from stdin)."""
    from toelating.batch import default_jobs, run_many
    from toelating.checking import CheckOptions, run_check
    from toelating.inputs import expand_inputs
    from toelating.output import OutputSpec, parse_output
    from toelating.vocabulary import Severity

    paths = expand_inputs(list(dossiers), _stdin_text)
    batch = len(paths) != 1 or output_dir is not None
    if profile and batch:
        raise UsageError.say("--profile", "cli.profile_one_dossier")
    if overwrite and output_dir is None:
        raise UsageError.say("--overwrite", "cli.overwrite_needs_output_dir")
    if calendar is not None and horizon is None:
        raise UsageError.say("--calendar", "calendar.needs_horizon")
    day = _date(as_of, "--as-of")
    options = CheckOptions(
        dossiers=tuple(paths),
        as_of=day,
        outputs=tuple(parse_output(spec, format_) for spec in outputs)
        or (() if batch else (OutputSpec(format_ or "text", None),)),
        language=language,
        fail_on=Severity(fail_on),
        colour=_use_colour(),
        waivers=_waivers(waivers),
        horizon_end=_horizon(day, horizon),
        rules_folders=rules_folders,
        output_dir=output_dir,
        report_format=format_ or "json",
        jobs=jobs or default_jobs(),
        waivers_file=waivers,
        overwrite=overwrite,
        calendar=calendar,
        engine=engine,
    )
    options = _issued(options, issuing, batch, language)
    rulebook = _rulebook(rules_folders)
    if not batch:
        to_stderr = partial(click.echo, err=True, nl=False)
        return run_check(options, rulebook, sys.stdout.buffer, to_stderr if profile else None)
    with _progress(len(paths), language) as advance:
        return run_many(
            options, rulebook, sys.stdout.buffer, lambda line: click.echo(line, err=True), advance
        )


def _issued(options: Any, issuing: dict[str, Any], batch: bool, language: Language) -> Any:
    """The check's options with who issues the report (options, else the config file in
    the user's config folder) and, for --sign, the loaded key: a wrong passphrase stops
    the command before anything is checked or written."""
    from dataclasses import replace

    from toelating.issuing import build_issue, config_path, load_issuer

    configured = load_issuer(config_path(Path(click.get_app_dir("toelating"))))
    issue = build_issue(configured, issuing["inspector"], issuing["organisation"], issuing["draft"])
    return replace(options, issue=issue, signing=_signing(options, issuing, batch, language))


def _signing(options: Any, issuing: dict[str, Any], batch: bool, language: Language) -> Any:
    certificate, url = issuing["sign"], issuing["timestamp_url"]
    if certificate is None:
        if url is not None:
            raise UsageError.say("--timestamp-url", "signing.timestamp_needs_sign")
        return None
    if batch:
        raise UsageError.say("--sign", "signing.one_dossier")
    if not any(spec.format == "pdf" and spec.path for spec in options.outputs):
        raise UsageError.say("--sign", "signing.needs_pdf_output")
    from toelating.signing import PASSPHRASE_VARIABLE, import_pyhanko, load_signing

    import_pyhanko()  # without the extra: say so before asking for a passphrase
    given = os.environ.get(PASSPHRASE_VARIABLE)
    if given is None and not sys.stdin.isatty():
        raise UsageError.say("--sign", "signing.no_passphrase")
    if given is None:
        prompt = message("signing.prompt", language)
        given = click.prompt(prompt, hide_input=True, default="", show_default=False, err=True)
    return load_signing(certificate, given.encode("utf-8"), url)


def _stdin_text() -> str:
    """Standard input as file names: bytes that are not UTF-8 kept as the OS names them."""
    stream = getattr(sys.stdin, "buffer", None)
    return os.fsdecode(stream.read()) if stream is not None else sys.stdin.read()


def _waivers(path: Path | None) -> tuple[Any, ...]:
    if path is None:
        return ()
    from toelating.waivers import load_waivers

    return load_waivers(path)


def _horizon(day: dt.date, span: str | None) -> dt.date | None:
    if span is None:
        return None
    from toelating.horizon import horizon_end

    try:
        return horizon_end(day, span)
    except ValueError as error:
        from toelating.horizon import MAX_HORIZON_DAYS

        # horizon_end says which of its two checks failed, in English words of its own
        key = "cli.horizon_out_of_range" if "horizon must end" in str(error) else "cli.bad_horizon"
        raise UsageError.say("--horizon", key, span=repr(span), days=MAX_HORIZON_DAYS) from None


@contextlib.contextmanager
def _progress(total: int, language: Language) -> Iterator[Callable[[int], None]]:
    """A progress bar on an interactive terminal; silent in CI and pipes."""
    if total < 2 or not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda done: None
        return
    with click.progressbar(
        length=total, file=sys.stderr, label=message("cli.progress", language)
    ) as bar:
        seen = [0]

        def advance(done: int) -> None:
            bar.update(done - seen[0])
            seen[0] = done

        yield advance


def _rulebook(folders: tuple[Path, ...]) -> Any:
    from toelating.rulebook.load import load_default_rulebook, load_rules

    return load_rules(list(folders)) if folders else load_default_rulebook()


@cli.group("rules")
def rules_group() -> None:
    """The rulebook: list, show, validate and test rules."""


@rules_group.command("list")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Show whether each rule is in force on DATE (default: today).",
)
@LANG_OPTION
def rules_list_command(as_of: str | None, language: Language) -> int:
    """List every rule: id, severity, theme, in force on a date, title."""
    from toelating.rulebook.describe import rules_table
    from toelating.rulebook.load import load_default_rulebook

    click.echo(rules_table(load_default_rulebook(), _date(as_of, "--as-of"), language), nl=False)
    return ExitCode.COMPLIANT


@rules_group.command("show")
@click.argument("rule_id")
@click.option(
    "--as-of", "as_of", metavar="DATE", help="Date for the parameter values shown (default: today)."
)
@LANG_OPTION
@RULES_OPTION
def rules_show_command(
    rule_id: str, as_of: str | None, language: Language, rules_folders: tuple[Path, ...]
) -> int:
    """Show one rule in full: text, legal basis, parameters, examples."""
    from toelating.rulebook.describe import rule_details

    rulebook = _rulebook(rules_folders)
    if rule_id.upper() not in {r.id for r in rulebook.rules}:
        raise UsageError.say("RULE_ID", "cli.unknown_rule", rule=repr(rule_id))
    day = _date(as_of, "--as-of")
    click.echo(rule_details(rulebook, rule_id.upper(), day, language), nl=False)
    return ExitCode.COMPLIANT


@rules_group.command("validate")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path))
@LANG_OPTION
def rules_validate_command(folders: tuple[Path, ...], language: Language) -> int:
    """Validate rule files: schema, CEL, field names, ids, texts, dates, parameters."""
    rulebook = _rulebook(folders)  # loading validates every rule, overlays included
    count, version = len(rulebook.rules), rulebook.version
    click.echo(message("cli.rules_valid", language, count=count, version=version))
    return ExitCode.COMPLIANT


@rules_group.command("test")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "format_", type=click.Choice(("text", "junit")), default="text", show_default=True
)
@click.option("--output", type=click.Path(path_type=Path), help="Write the result to a file.")
def rules_test_command(folders: tuple[Path, ...], format_: str, output: Path | None) -> int:
    """Run every rule's examples and case files; exit 1 when one gives another outcome."""
    from toelating.rulebook.load import default_rules_folder
    from toelating.rulebook.testing import render_junit, render_text, run_rule_tests
    from toelating.targets import Protected, refuse_unsafe, write_report

    guard = Protected.of((), (default_rules_folder(), *folders), None)  # never into the rules
    if output:
        refuse_unsafe(output, guard)  # before the tests run, not after
    results = run_rule_tests(_rulebook(folders))
    data = render_junit(results) if format_ == "junit" else render_text(results).encode("utf-8")
    if output:
        write_report(output, data, guard)
    else:
        sys.stdout.buffer.write(data)
    return ExitCode.COMPLIANT if all(r.passed for r in results) else ExitCode.FINDINGS


@rules_group.command("doc")
@LANG_OPTION
def rules_doc_command(language: Language) -> int:
    """Print the rules reference as Markdown (docs/rules.md is generated with this)."""
    from toelating.rulebook.load import load_default_rulebook
    from toelating.rulebook.reference import reference_markdown

    click.echo(reference_markdown(load_default_rulebook(), language), nl=False)
    return ExitCode.COMPLIANT


@cli.command("serve")
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="DATE", help="Check date, YYYY-MM-DD (default: today).")
@click.option("--no-browser", is_flag=True, help="Only print the address; open no browser.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one)."
)
def serve_command(folder: Path, as_of: str | None, no_browser: bool, port: int) -> int:
    """Fill in, check and fix a dossier on a local screen (FOLDER: a dossier or dossier folders)."""
    from toelating.web import ServeOptions, serve

    day = _date(as_of, "--as-of") if as_of else None
    options = ServeOptions(folder, day, open_browser=not no_browser, port=port)
    serve(options, lambda address: click.echo(address))
    return ExitCode.COMPLIANT


@cli.command("init")
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path))
@LANG_OPTION
def init_command(folder: Path, language: Language) -> int:
    """Write a dossier template with every field explained, an evidence/ folder and the schema."""
    from toelating.template import write_template

    written = write_template(folder, language)
    for path in written:
        click.echo(str(path))
    click.echo(message("cli.init_hint", language, file=written[0], folder=folder))
    return ExitCode.COMPLIANT


@cli.group("import")
def import_group() -> None:
    """Merge exports of payroll and planning systems (CSV) into a dossier."""


def _import(kind: Literal["workers", "payslips"], given: dict[str, Any]) -> int:
    """Both import commands: the options they share, into one import."""
    from toelating.importing import ImportOptions, import_csv

    options = ImportOptions(given["language"], given["preset"], given["mapping"])
    summary = import_csv(kind, given["csv_file"], given["dossier"], given["output"], options)
    click.echo(summary.message(options.language))
    return ExitCode.COMPLIANT


_IMPORT_OPTIONS = [
    click.argument("csv_file", type=click.Path(path_type=Path)),
    click.option(
        "--dossier",
        type=click.Path(path_type=Path),
        default=".",
        show_default=True,
        help="Dossier file or folder to merge into.",
    ),
    click.option(
        "--output",
        type=click.Path(path_type=Path),
        help="Write the merged dossier to a new file instead of in place.",
    ),
    click.option(
        "--preset",
        metavar="NAME",
        help="The export's layout: loket, nmbrs or easyflex (docs/import.md).",
    ),
    click.option(
        "--mapping",
        type=click.Path(path_type=Path),
        metavar="FILE",
        help="A mapping file (YAML): which column fills which field, date format, decimals.",
    ),
    LANG_OPTION,
]


def _with_import_options(function: Callable[..., int]) -> Callable[..., int]:
    for decorator in reversed(_IMPORT_OPTIONS):
        function = decorator(function)
    return function


@import_group.command("workers")
@_with_import_options
def import_workers_command(**given: Any) -> int:
    """One row per worker: id, name, birth date, languages, employment, housing location."""
    return _import("workers", given)


@import_group.command("payslips")
@_with_import_options
def import_payslips_command(**given: Any) -> int:
    """One row per pay period: worker id, period, hours, housing deduction, on payslip."""
    return _import("payslips", given)


@cli.group("evidence")
def evidence_group() -> None:
    """Evidence files beside a dossier."""


@evidence_group.command("hash")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Only verify; write nothing.")
@click.option(
    "--update",
    is_flag=True,
    help="Replace a sha256 that no longer matches (the file was replaced on purpose).",
)
@LANG_OPTION
def evidence_hash_command(dossier: Path, check_only: bool, update: bool, language: Language) -> int:
    """Fill in (or verify) the sha256 of every evidence file, keeping comments and order."""
    from toelating.evidence import hash_evidence, unlisted_advice

    report = hash_evidence(dossier, write=not check_only, update=update)
    for result in report.results:
        action = message(f"cli.evidence_{result.action.value}", language)
        click.echo(f"{action:<12} {result.evidence_id}  {result.file}")
    summary = message(
        "cli.evidence_summary", language, count=len(report.results), problems=report.problems
    )
    click.echo(summary + (message("cli.evidence_upgraded", language) if report.upgraded else ""))
    if report.unlisted:
        click.echo(unlisted_advice(report.unlisted, dossier, language))
    return ExitCode.FINDINGS if report.problems else ExitCode.COMPLIANT


@cli.command("upgrade")
@click.argument("dossier", type=click.Path(path_type=Path))
@LANG_OPTION
def upgrade_command(dossier: Path, language: Language) -> int:
    """Rewrite a version-1 DOSSIER (file or folder) as version 2 in place: only the version."""
    from toelating.upgrade import upgrade_dossier

    click.echo(upgrade_dossier(dossier).message(language))
    return ExitCode.COMPLIANT


@cli.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format", "format_", type=click.Choice(("text", "json")), default="text", show_default=True
)
@LANG_OPTION
def diff_command(old: Path, new: Path, format_: str, language: Language) -> int:
    """Compare two JSON reports: which rules got fixed, broke or changed. Exit 1 when one broke."""
    from toelating.diff import compare, load_report, render_json, render_text

    difference = compare(load_report(old), load_report(new))
    text = render_json(difference) if format_ == "json" else render_text(difference, language)
    click.echo(text, nl=False)
    return ExitCode.FINDINGS if difference.broke else ExitCode.COMPLIANT


@cli.command("verify")
@click.argument("report", type=click.Path(path_type=Path))
@click.argument("dossier", required=False, type=click.Path(path_type=Path))
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="CERT.pem",
    help="A trusted root certificate (repeatable); without one, the signer is not vouched for.",
)
@LANG_OPTION
def verify_command(
    report: Path, dossier: Path | None, trust: tuple[Path, ...], language: Language
) -> int:
    """Check a signed PDF REPORT: its signature and, given the DOSSIER (file or folder),
    that the dossier and evidence files still have the SHA-256s the report states.
    Exit 0 only when everything matches."""
    from toelating.verify import verify_report

    verification = verify_report(report, dossier, trust, language)
    click.echo(verification.render(), nl=False)
    return verification.exit_code


@cli.command("schema")
@click.argument("name", type=click.Choice(("dossier", "rules", "report", "waivers", "overrides")))
def schema_command(name: str) -> int:
    """Print a JSON Schema: dossier format, rule files, JSON report, waiver file, overrides."""
    from toelating.schema import render, shipped

    click.echo(render(shipped("rule" if name == "rules" else name)), nl=False)
    return ExitCode.COMPLIANT


def _report_problems(error: ToelatingError, language: Language) -> None:
    prefix = message("cli.error", language)
    for problem in error.problems:
        click.echo(f"{prefix}: {problem.render(language)}", err=True)


def _language_of(argv: list[str]) -> Language:
    """The language for what main itself says (errors), chosen as the commands choose it:
    click has not parsed --lang, or failed on it, when main reports an error."""
    option = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            option = arg.removeprefix("--lang=")
        elif arg == "--lang" and index + 1 < len(argv):
            option = argv[index + 1]
    from toelating.i18n import UnknownLanguageError, choose_language

    try:
        return choose_language(option if option in LANGUAGES else None)
    except UnknownLanguageError:
        return choose_language(None, {})  # only the system locale is left to go by


def _click_error(error: click.ClickException, language: Language) -> None:
    """click's own usage errors, said in the language (click speaks only English)."""
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "toelating"
    param = getattr(error, "param", None)
    option = param.opts[0] if param is not None and param.opts else getattr(param, "name", "")
    if language == "en":
        error.show()  # click's own English words are exact
        return
    text: Text
    if isinstance(error, click.NoSuchOption):
        text = Text.of("cli.no_such_option", option=error.option_name, command=command)
    elif isinstance(error, click.MissingParameter):
        name = (param.human_readable_name if param is not None else "") or "?"
        text = Text.of("cli.missing_argument", name=name, command=command)
    elif isinstance(error, click.BadParameter) and isinstance(
        getattr(param, "type", None), click.Choice
    ):
        choices = ", ".join(str(choice) for choice in param.type.choices)  # type: ignore[union-attr]
        text = Text.of("cli.bad_choice", option=option, choices=choices)
    elif isinstance(error, click.BadParameter):
        text = Text.of("cli.bad_value", option=option, command=command)
    elif isinstance(error, click.UsageError) and "No such command" in error.message:
        name = error.message.split("'")[1] if error.message.count("'") >= 2 else "?"
        text = Text.of("cli.no_such_command", name=name)
    else:
        text = Text.of("cli.bad_usage", command=command)
    click.echo(f"{message('cli.error', language)}: {text.render(language)}", err=True)


def _stdout_closed() -> int:
    """Standard output was closed by its reader (`| head -1`): an environment problem like a
    full disk, so exit 2 with one line on stderr. Standard output is pointed at /dev/null
    first, so the interpreter's last flush does not fail again with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real descriptor (a test's stream)
        pass
    language = _language_of(sys.argv[1:])
    said = f"{message('cli.error', language)}: <stdout>: {message('cli.stdout_closed', language)}"
    click.echo(said, err=True)
    return ExitCode.INPUT_REFUSED


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command and map every outcome to one exit code."""
    code: Any
    args = sys.argv[1:] if argv is None else argv
    try:
        code = cli.main(args=argv, prog_name="toelating", standalone_mode=False)
    except ToelatingError as error:
        _report_problems(error, _language_of(args))
        code = error.exit_code
    except click.exceptions.Exit as done:
        code = done.exit_code
    except click.ClickException as error:
        _click_error(error, _language_of(args))
        code = ExitCode.INPUT_REFUSED
    except click.exceptions.Abort:
        click.echo(message("cli.aborted", _language_of(args)), err=True)
        code = ExitCode.INPUT_REFUSED
    except (BrokenPipeError, _StdoutClosed):
        code = _stdout_closed()
    except Exception as error:  # a bug in toelating itself: say so in one line, not a traceback
        if os.environ.get("TOELATING_DEBUG"):
            raise
        kind, language = type(error).__name__, _language_of(args)
        said = message("cli.internal_error", language, kind=kind, detail=error)
        click.echo(said, err=True)
        code = ExitCode.INTERNAL_ERROR
    sys.exit(int(code or 0))
