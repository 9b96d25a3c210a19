"""Sentences several output formats share: the legal basis, the count line, a dossier's label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toelating.findings import RuleResult
from toelating.i18n import format_date
from toelating.report import Report
from toelating.reporters.labels import label, outcome_label, severity_label, sureness_label
from toelating.rulebook.model import Rule
from toelating.rulebook.provenance import ChangeKind, RulebookChange
from toelating.text import Language
from toelating.vocabulary import Outcome, Severity
from toelating.waivers import NoticeKind

if TYPE_CHECKING:
    from toelating.waivers import Waiver, WaiverNotice


def basis_text(rule: Rule, language: Language) -> str:
    """Every legal basis of a rule with how sure we are of it, e.g. 'Waadi art. 7b (confirmed)'."""
    return "; ".join(
        f"{basis.citation()} ({sureness_label(basis.sureness, language)})"
        for basis in rule.legal_basis
    )


def count_line(report: Report, language: Language) -> str:
    """'38 rules: 33 passed · 1 failed · ...', the last line of the text report."""
    counts = report.result.counts
    parts = [f"{counts[o.value]} {outcome_label(o, language)}" for o in Outcome]
    total = sum(counts[o.value] for o in Outcome)  # counts also holds "waived", a subset of fail
    return f"{total} {label('rules_total', language)}: " + " · ".join(parts)


def severity_note(report: Report, result: RuleResult, language: Language) -> str:
    """'blocking', or 'minor, does not count toward the verdict' below the --fail-on threshold."""
    severity = severity_label(result.severity, language)
    if report.counted(result):
        return severity
    return f"{severity}, {label('not_counted', language)}"


def agency_line(report: Report, language: Language) -> str:
    """'Flexwerk Noord B.V. (KvK number 12345678)'."""
    kvk = report.dossier.kvk_number
    return (
        f"{report.dossier.agency} ({label('kvk', language)} {kvk})"
        if kvk
        else report.dossier.agency
    )


def theme_title(report: Report, theme_id: str, language: Language) -> str:
    """A theme's title in the language, or its id when the rulebook's manifest does not name it."""
    for theme in report.themes:
        if theme.id == theme_id:
            return theme.title.get(language)
    return theme_id


def place(item: str | None, path: str) -> str:
    """Where a finding is: the item in words with its JSON pointer, or the pointer alone."""
    pointer = path or "/"
    return f"{item} ({pointer})" if item else pointer


def waiver_text(waiver: Waiver, language: Language) -> str:
    """'Why it is accepted (approved by J. Jansen, valid until 31 December 2027)'."""
    return (
        f"{waiver.justification} ({label('waiver_by', language)} {waiver.approved_by}, "
        f"{label('waiver_until', language)} {format_date(waiver.expires_on, language)})"
    )


def notice_text(notice: WaiverNotice, language: Language) -> str:
    """A waiver that no longer applies: 'VOG-02 /vog/0: expired on 1 January 2027 — why'."""
    waiver = notice.waiver
    if notice.kind is NoticeKind.EXPIRED:
        why = f"{label('waiver_expired', language)} {format_date(waiver.expires_on, language)}"
    else:
        why = label("waiver_unused", language)
    where = f" {waiver.path}" if waiver.path else ""
    return f"{waiver.rule}{where}: {why} — {waiver.justification}"


def unofficial_marker(report: Report, language: Language) -> str:
    """' · not the official rulebook' for the verdict line when --rules changed the rules,
    else nothing."""
    return "" if report.official_rulebook else f" · {label('unofficial', language)}"


def rulebook_changes(report: Report, language: Language) -> list[tuple[str, list[str]]]:
    """What replaced or changed the official rulebook, as lines with the changes under each:
    the replacing folder, then every overlay with what it changed and the overlay's reasons."""
    origin = report.rulebook_origin
    groups: list[tuple[str, list[str]]] = []
    if origin.replaced_by is not None:
        groups.append((label("rulebook_replaced", language, folder=origin.replaced_by), []))
    for overlay in origin.overlays:
        changes = [change_text(change, language) for change in overlay.changes]
        groups.append(
            (
                label("overlay", language, folder=overlay.folder),
                changes or [label("overlay_unchanged", language)],
            )
        )
    return groups


def change_text(change: RulebookChange, language: Language) -> str:
    """'VOG-02: severity major → blocking (reason: stricter for this scheme)'."""
    before, after = change.before or "?", change.after or "?"
    if change.kind is ChangeKind.SEVERITY_CHANGED:
        before, after = (_severity_word(value, language) for value in (before, after))
    text = label(
        f"change_{change.kind.value}", language, name=change.name, before=before, after=after
    )
    if change.reason:
        text += f" ({label('change_reason', language)}: {change.reason})"
    return text


def _severity_word(value: str, language: Language) -> str:
    known = {severity.value for severity in Severity}
    return severity_label(Severity(value), language) if value in known else value
