"""The `check` job without the command line: load, evaluate, render, write, decide the exit code."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from toelating.cel.fast_scope import Engine
from toelating.dossier.load import LoadedDossier, load_dossier
from toelating.dossier.model import Dossier
from toelating.engine import check
from toelating.errors import ExitCode, InputError
from toelating.evidence import EvidenceRecord, examine_evidence
from toelating.findings import CheckResult
from toelating.horizon import changes_ahead, look_ahead
from toelating.i18n import message
from toelating.output import OutputSpec
from toelating.report import DossierInfo, Issue, Report
from toelating.reporters import RenderOptions, reporter
from toelating.reporters.labels import label, verdict_label
from toelating.rulebook import load as rulebook_load
from toelating.rulebook.load import Rulebook
from toelating.targets import Protected, display, refuse_unsafe_all, write_report
from toelating.text import Language
from toelating.vocabulary import Severity, Verdict
from toelating.waivers import Waiver, apply_waivers

if TYPE_CHECKING:
    from toelating.reminders import DossierDeadlines
    from toelating.signing import Signing


MIN_WIDTH = 40  # narrower terminals get lines of 40 characters all the same


@dataclass(frozen=True)
class CheckOptions:
    dossiers: tuple[Path, ...]
    as_of: dt.date
    outputs: tuple[OutputSpec, ...]
    language: Language | None = None  # None: each format's own default
    fail_on: Severity = Severity.MAJOR
    colour: bool = False
    waivers: tuple[Waiver, ...] = ()
    horizon_end: dt.date | None = None
    rules_folders: tuple[Path, ...] = ()
    output_dir: Path | None = None
    report_format: str = "json"  # per-dossier reports in output_dir
    jobs: int = 1
    waivers_file: Path | None = None  # an input too: no report may replace it
    overwrite: bool = False  # output_dir may hold an earlier run's reports, replaced
    issue: Issue = field(default_factory=Issue)  # inspector, organisation, issue day, draft
    calendar: Path | None = None  # with horizon_end: the deadlines as an iCalendar file
    signing: Signing | None = None  # --sign: the PDF report is signed with this key
    engine: str = "fast"  # --engine: the fast path, or "reference" (cel-cpp alone)

    @property
    def calendar_language(self) -> Language:
        """Calendars have no format default of their own: Dutch unless asked otherwise."""
        return self.language or Language.NL

    def protected(self) -> Protected:
        """What no report of this run may replace: its inputs and every rule file."""
        rule_folders = (rulebook_load.default_rules_folder(), *self.rules_folders)
        return Protected.of(self.dossiers, rule_folders, self.waivers_file)


def run_check(
    options: CheckOptions,
    rulebook: Rulebook,
    stdout: BinaryIO,
    profile_to: Callable[[str], None] | None = None,
) -> ExitCode:
    """Check one dossier and write every requested output; a refused dossier raises InputError.
    With `profile_to`, also hand it the per-rule evaluation times of the same loaded dossier."""
    (path,) = options.dossiers
    loaded, evidence = _load_with_evidence(path)
    report = _check_loaded(loaded, evidence, rulebook, options)
    guard = options.protected().with_evidence(loaded.path, evidence_files(loaded))
    refuse_unsafe_all([options.calendar] if options.calendar else [], guard)
    write_outputs([report], options, stdout, guard)
    _write_calendar_of(report, options, guard)
    if all(spec.path is not None for spec in options.outputs):  # nothing shown: say where
        stdout.write(written_lines(report, options).encode("utf-8"))
        stdout.flush()
    if profile_to is not None:
        from toelating.profiling import profile_rules, render_profile

        timings = profile_rules(loaded.dossier, rulebook, options.as_of, statuses(evidence))
        profile_to(render_profile(timings))
    return exit_code_for([report])


def write_outputs(
    reports: list[Report], options: CheckOptions, stdout: BinaryIO, guard: Protected
) -> None:
    """Every requested output: the files first, each place checked before any is written,
    so that a refused place leaves nothing half done; standard output last (a reader such
    as `head` may close it early). Every output is made before any is written, so that a
    signature that fails (a timestamp server down) leaves nothing half done either."""
    refuse_unsafe_all([spec.path for spec in options.outputs if spec.path is not None], guard)
    ordered = sorted(options.outputs, key=lambda spec: spec.path is None)
    made = [(spec, _rendered(spec, reports, options)) for spec in ordered]
    for spec, data in made:
        if spec.path is None:
            stdout.write(data)
            stdout.flush()
        else:
            write_report(spec.path, data, guard)


def _rendered(spec: OutputSpec, reports: list[Report], options: CheckOptions) -> bytes:
    chosen = reporter(spec.format)
    language = options.language or chosen.default_language
    on_screen = spec.path is None
    width = terminal_width() if on_screen else None
    data = chosen.render(reports, RenderOptions(language, options.colour and on_screen, width))
    if options.signing is not None and spec.format == "pdf":
        (report,) = reports  # the command line signs one dossier's report
        data = options.signing.sign(data, report, language)
    return data


def write_calendar(
    dossiers: list[DossierDeadlines], options: CheckOptions, guard: Protected
) -> None:
    """The --calendar file (when asked for): the deadlines within the horizon of every
    dossier, in one calendar."""
    if options.calendar is None:
        return
    from toelating.reminders import calendar_bytes

    write_report(options.calendar, calendar_bytes(dossiers, options.calendar_language), guard)


def terminal_width() -> int | None:
    """The width to wrap a report on a terminal to ($COLUMNS, else the terminal's own, as
    shutil reads them); None when standard output is a file or a pipe: no wrapping, so what
    another program reads keeps one line per item."""
    if not sys.stdout.isatty():
        return None
    return max(shutil.get_terminal_size().columns, MIN_WIDTH)


def _write_calendar_of(report: Report, options: CheckOptions, guard: Protected) -> None:
    if options.calendar is not None:  # the deadlines are worked out only for a calendar
        from toelating.reminders import DossierDeadlines

        write_calendar([DossierDeadlines.of(report)], options, guard)


def written_lines(report: Report, options: CheckOptions) -> str:
    """One line per report file written, with its format and the verdict in the report's own
    language, for a check whose reports all went to files (such a run printed nothing)."""
    lines = []
    for spec in options.outputs:
        if spec.path is not None:
            language = options.language or reporter(spec.format).default_language
            verdict = verdict_label(report.verdict, language)
            where = display(spec.path)
            lines.append(f"{where}: {label('verdict', language)} {verdict} ({spec.format})\n")
    if options.calendar is not None:
        count = len(report.upcoming)
        where = display(options.calendar)
        said = message("calendar.written", options.calendar_language, count=count)
        lines.append(f"{where}: {said}\n")
    return "".join(lines)


def check_one(path: Path, rulebook: Rulebook, options: CheckOptions) -> Report:
    """Load, inspect evidence, evaluate, apply waivers and look ahead for one dossier."""
    return check_guarded(path, rulebook, options)[0]


def check_guarded(
    path: Path, rulebook: Rulebook, options: CheckOptions
) -> tuple[Report, Protected]:
    """check_one, and what a report of this dossier must not replace: its evidence."""
    loaded, evidence = _load_with_evidence(path)
    report = _check_loaded(loaded, evidence, rulebook, options)
    return report, Protected().with_evidence(loaded.path, evidence_files(loaded))


def statuses(records: dict[str, EvidenceRecord]) -> dict[str, str]:
    """Each evidence entry's status by id, as rules read it (`evidence_status`)."""
    return {key: record.status.value for key, record in records.items()}


def evidence_files(loaded: LoadedDossier) -> list[str]:
    """The files the dossier names as evidence, with `/` where a Windows user wrote `\\`
    (as toelating.evidence reads them), so that no report replaces one either way."""
    return [entry.file.replace("\\", "/") for entry in loaded.dossier.evidence or []]


def _load_with_evidence(path: Path) -> tuple[LoadedDossier, dict[str, EvidenceRecord]]:
    try:
        loaded = load_dossier(path)
        return loaded, examine_evidence(loaded.folder, loaded.dossier.evidence or [])
    except OSError as error:  # a name too long, a loop of links: the user's, not a bug
        raise InputError.single(display(path), f"cannot be read: {error.strerror}") from None


def _check_loaded(
    loaded: LoadedDossier,
    records: dict[str, EvidenceRecord],
    rulebook: Rulebook,
    options: CheckOptions,
) -> Report:
    dossier = loaded.dossier
    evidence = statuses(records)
    engine = Engine(options.engine)
    checked = check(dossier, rulebook, options.as_of, options.fail_on, evidence, engine)
    result, notices = apply_waivers(checked, dossier.agency.kvk_number, options.waivers)
    # A file name that is not UTF-8, or holds a control character, is shown escaped.
    shown = Path(display(loaded.path)) if display(loaded.path) != str(loaded.path) else None
    digests = {key: record.sha256 for key, record in records.items()}
    info = DossierInfo.of(loaded, shown, evidence_status=evidence, evidence_sha256=digests)
    report = Report.build(info, result, rulebook, options.issue)
    report = _with_horizon(report, dossier, rulebook, options, evidence, checked)
    return replace(report, waiver_notices=notices).identified()


def _with_horizon(
    report: Report,
    dossier: Dossier,
    rulebook: Rulebook,
    options: CheckOptions,
    evidence: dict[str, str],
    checked: CheckResult,
) -> Report:
    if options.horizon_end is None:
        return report
    upcoming = look_ahead(
        dossier,
        rulebook,
        options.as_of,
        options.horizon_end,
        evidence,
        first=checked,
        engine=Engine(options.engine),
    )
    changes = changes_ahead(rulebook, options.as_of, options.horizon_end)
    return replace(
        report,
        horizon_end=options.horizon_end,
        upcoming=tuple(upcoming),
        changes_ahead=tuple(changes),
    )


def exit_code_for(reports: list[Report]) -> ExitCode:
    if any(report.result.has_errors for report in reports):
        return ExitCode.RULE_ERROR
    if any(report.verdict is not Verdict.COMPLIANT for report in reports):
        return ExitCode.FINDINGS
    return ExitCode.COMPLIANT
