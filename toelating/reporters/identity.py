"""The report's identity as labelled rows, in the user's language: one list that the text,
Markdown and PDF reports each lay out their own way."""

from __future__ import annotations

from dataclasses import dataclass

from toelating.i18n import format_date, message
from toelating.report import Report
from toelating.text import Language


@dataclass(frozen=True)
class IdentityRow:
    label: str
    value: str
    code: bool = False  # an id or digest: shown in a fixed-width face where there is one


def identity_rows(report: Report, language: Language, evidence: bool = False) -> list[IdentityRow]:
    """Report id, issue, issuer, rulebook and digests; with `evidence`, one row per evidence
    file with its SHA-256, else one row counting them."""

    def say(key: str, **values: object) -> str:
        return message(f"identity.{key}", language, **values)

    not_given = say("not_given")
    rulebook = say("rulebook_value", version=report.rulebook_version, sha256=report.rulebook_sha256)
    rows = [
        IdentityRow(say("report_id"), report.report_id, code=True),
        IdentityRow(say("status"), status_text(report, language)),
        IdentityRow(say("issued_on"), format_date(report.issued_on, language)),
        IdentityRow(say("inspector"), report.inspector or not_given),
        IdentityRow(say("organisation"), report.organisation or not_given),
        IdentityRow(say("rulebook"), rulebook, code=True),
        IdentityRow(say("tool"), f"toelating {report.tool_version}"),
        IdentityRow(say("dossier_sha256"), report.dossier.sha256, code=True),
    ]
    info = report.dossier
    if not info.evidence:
        return rows
    if not evidence:
        count = say("evidence_count", count=len(info.evidence))
        return [*rows, IdentityRow(say("evidence_sha256"), count)]
    for evidence_id, file in info.evidence:
        digest = info.evidence_sha256.get(evidence_id)
        value = digest or say("evidence_unread")
        rows.append(IdentityRow(f"{evidence_id} ({file})", value, code=digest is not None))
    return rows


def status_text(report: Report, language: Language) -> str:
    """Final, or draft with the day the agency's response is due."""
    deadline = report.response_deadline
    if deadline is None:
        return message("identity.final", language)
    return message("identity.draft", language, deadline=format_date(deadline, language))


def identity_summary(report: Report, language: Language) -> list[tuple[str, bool]]:
    """The short form, for the terminal: the report id, issue day and issuer on one line,
    and for a draft a second line (marked) with the day the response is due."""
    issuer = ", ".join(name for name in (report.inspector, report.organisation) if name)
    line = message(
        "identity.summary",
        language,
        report_id=report.report_id,
        issued_on=format_date(report.issued_on, language),
    )
    if issuer:
        line += message("identity.summary_issuer", language, issuer=issuer)
    lines = [(line, False)]
    if report.response_deadline is not None:
        lines.append((status_text(report, language), True))
    return lines
