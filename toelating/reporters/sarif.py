"""SARIF 2.1.0 for code scanning: one run, one result per finding, located in the dossier file.

Levels: blocking and major -> error, minor -> warning, advisory -> note. Missing data is a
result at most at level warning (note for advisory rules): nothing is proven wrong, but the
verdict is not compliant either. A rule that could not be evaluated is not a finding about
the dossier: it becomes a tool execution notification, and executionSuccessful is false.
A finding a certifier's waiver accepts carries a suppression (external, accepted); a waiver
that expired or matches nothing is a tool configuration notification.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from toelating.findings import Finding, RuleResult
from toelating.report import Report
from toelating.reporters.base import RenderOptions
from toelating.reporters.escaping import displayable, json_escaped
from toelating.reporters.json_report import identity_document, origin_document
from toelating.reporters.labels import label, severity_label, sureness_label
from toelating.reporters.markdown import escape
from toelating.reporters.wording import basis_text, notice_text, theme_title
from toelating.rulebook.model import Rule
from toelating.text import Language
from toelating.vocabulary import Outcome, Severity

if TYPE_CHECKING:
    from toelating.waivers import Waiver, WaiverNotice

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

LEVELS = {
    Severity.BLOCKING: "error",
    Severity.MAJOR: "error",
    Severity.MINOR: "warning",
    Severity.ADVISORY: "note",
}
_SOFTER = {
    "error": "warning",
    "warning": "warning",
    "note": "note",
}  # missing data never above warning


class SarifReporter:
    name = "sarif"
    extension = ".sarif"
    default_language = Language.EN

    def render(self, reports: list[Report], options: RenderOptions) -> bytes:
        run = _run(displayable(reports), options.language)
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return (json_escaped(json.dumps(log, indent=2, ensure_ascii=False)) + "\n").encode("utf-8")


def result_level(result: RuleResult) -> str:
    level = LEVELS[result.severity]
    return _SOFTER[level] if result.outcome is Outcome.MISSING_DATA else level


def artifact_uri(path: str) -> str:
    """A dossier path as a URI reference: relative stays relative, absolute becomes file:."""
    local = Path(path)
    if local.is_absolute():
        return local.as_uri()
    return quote(PurePosixPath(*local.parts).as_posix(), safe="/")


def _run(reports: list[Report], language: Language) -> dict[str, Any]:
    """One run for all dossiers of an invocation: code-scanning services want one run per tool."""
    first = reports[0]
    rules = [result.rule for result in first.results]
    results, notifications = _collect(
        reports, {rule.id: n for n, rule in enumerate(rules)}, language
    )
    failed = any(report.result.has_errors for report in reports)
    return {
        "tool": {"driver": _driver(first, rules, language)},
        "invocations": [_invocation(failed, notifications, reports, language)],
        "language": Language(language).value,
        "columnKind": "unicodeCodePoints",
        "artifacts": [_artifact(report) for report in reports],
        "results": results,
        "properties": _run_properties(first),
    }


def _run_properties(report: Report) -> dict[str, Any]:
    """The rulebook of the run: one for all dossiers of an invocation, and whether --rules
    replaced or changed the official one (and how)."""
    properties: dict[str, Any] = {
        "rulebook_version": report.rulebook_version,
        "rulebook_sha256": report.rulebook_sha256,
        "official_rulebook": report.official_rulebook,
    }
    if not report.official_rulebook:
        properties["rulebook_changes"] = origin_document(report.rulebook_origin)
    return properties


def _collect(
    reports: list[Report], index: dict[str, int], language: Language
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Results for fail and missing-data findings; notifications for error findings."""
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for number, report in enumerate(reports):
        # once per dossier, not per finding: a path becomes a URI through pathlib, which is slow
        artifact = {"uri": artifact_uri(report.dossier.path), "index": number}
        for result in report.results:
            for finding in result.findings:
                location = _location(report, artifact, finding, language)
                reference = {"id": result.rule_id, "index": index[result.rule_id]}
                if result.outcome is Outcome.ERROR:
                    notifications.append(_notification(reference, finding, location, language))
                else:
                    results.append(_result(report, reference, result, finding, location, language))
    return results, notifications


def _driver(report: Report, rules: list[Rule], language: Language) -> dict[str, Any]:
    return {
        "name": "toelating",
        "version": report.tool_version,
        "semanticVersion": report.tool_version,
        "rules": [_rule(report, rule, language) for rule in rules],
    }


def _rule(report: Report, rule: Rule, language: Language) -> dict[str, Any]:
    title = rule.title.get(language)
    full = label("full_description", language).format(
        title=title.rstrip("."),
        theme=theme_title(report, rule.theme, language),
        severity=severity_label(rule.severity, language),
    )
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": f"{rule.theme}/{rule.id}",
        "shortDescription": {"text": title},
        "fullDescription": {"text": full},
        "help": _help(rule, language),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "severity": rule.severity.value,
            "theme": rule.theme,
            "sureness": rule.sureness().value,
            "rule_version": rule.version,
            "tags": ["wtta", rule.theme, rule.severity.value],
        },
    }
    urls = [basis.url for basis in rule.legal_basis if basis.url]
    if urls:
        descriptor["helpUri"] = urls[0]
    return descriptor


def _help(rule: Rule, language: Language) -> dict[str, str]:
    """What to do and the legal basis, as plain text and as Markdown with each basis's note."""
    remediation = rule.remediation.get(language)
    text = (
        f"{label('remediation', language)}: {remediation}\n"
        f"{label('legal_basis', language)}: {basis_text(rule, language)}"
    )
    bases = []
    for basis in rule.legal_basis:
        line = f"- {escape(basis.citation())} ({sureness_label(basis.sureness, language)})"
        if basis.note:
            line += f": {escape(basis.note.get(language))}"
        bases.append(line)
    markdown = (
        f"**{label('remediation', language)}:** {escape(remediation)}\n\n"
        f"**{label('legal_basis', language)}:**\n\n" + "\n".join(bases)
    )
    return {"text": text, "markdown": markdown}


def _artifact(report: Report) -> dict[str, Any]:
    info = report.dossier
    return {
        "location": {"uri": artifact_uri(info.path)},
        "roles": ["analysisTarget"],
        "hashes": {"sha-256": info.sha256},
        "properties": {
            "agency": info.agency,
            "kvk_number": info.kvk_number,
            "check_date": report.check_date.isoformat(),
            "application_date": report.result.application_date.isoformat(),
            "fail_on": report.result.fail_on.value,
            "verdict": report.verdict.value,
            "counts": dict(report.result.counts),
            "identity": identity_document(report),
        },
    }


def _result(
    report: Report,
    rule: dict[str, Any],
    result: RuleResult,
    finding: Finding,
    location: dict[str, Any],
    language: Language,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ruleId": rule["id"],
        "ruleIndex": rule["index"],
        "level": result_level(result),
        "message": {"text": finding.message(language)},
        "locations": [location],
        "properties": {"outcome": result.outcome.value, "counted": report.counted(result)},
    }
    if finding.waiver is not None:  # code-scanning views hide accepted results as dismissed
        entry["suppressions"] = [_suppression(finding.waiver)]
    return entry


def _suppression(waiver: Waiver) -> dict[str, Any]:
    return {
        "kind": "external",
        "status": "accepted",
        "justification": waiver.justification,
        "properties": {
            "approved_by": waiver.approved_by,
            "expires_on": waiver.expires_on.isoformat(),
        },
    }


def _notification(
    rule: dict[str, Any], finding: Finding, location: dict[str, Any], language: Language
) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": finding.message(language)},
        "locations": [location],
        "associatedRule": rule,
    }


def _location(
    report: Report, artifact: dict[str, Any], finding: Finding, language: Language
) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": dict(artifact)}
    position = report.dossier.position_of(finding.path)
    if position is not None:  # JSON dossiers carry no line numbers
        physical["region"] = {"startLine": position[0], "startColumn": position[1]}
    pointer = finding.path or "/"
    # The item in words where the pointer names one (worker, hirer, location, pay period).
    name = finding.item(language) or pointer.rsplit("/", 1)[-1] or "/"
    return {
        "physicalLocation": physical,
        "logicalLocations": [{"name": name, "fullyQualifiedName": pointer}],
    }


def _invocation(
    failed: bool, notifications: list[dict[str, Any]], reports: list[Report], language: Language
) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not failed}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    stale = [
        _stale_waiver(notice, language) for report in reports for notice in report.waiver_notices
    ]
    if stale:  # an expired or unused waiver is a problem of the configuration, not the dossier
        invocation["toolConfigurationNotifications"] = stale
    return invocation


def _stale_waiver(notice: WaiverNotice, language: Language) -> dict[str, Any]:
    return {
        "level": "warning",
        "message": {"text": notice_text(notice, language)},
        "associatedRule": {"id": notice.waiver.rule},
    }
