"""JUnit XML for CI systems: one testsuite per dossier, one testcase per rule.

fail -> <failure type="SEVERITY">, missing_data -> <failure type="missing_data">,
error -> <error>, not_applicable -> <skipped>, pass -> an empty testcase. A failure that a
certifier's waiver wholly accepts is <skipped> with the waiver as its message. No timing:
every time is "0" and the timestamp is the check date, so the same input gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from toelating.findings import RuleResult
from toelating.report import Report
from toelating.reporters.base import RenderOptions
from toelating.reporters.escaping import displayable
from toelating.reporters.labels import label, outcome_label
from toelating.reporters.wording import (
    basis_text,
    change_text,
    place,
    severity_note,
    waiver_text,
)
from toelating.text import Language
from toelating.vocabulary import Outcome

_FAILED = (Outcome.FAIL, Outcome.MISSING_DATA)


class JunitReporter:
    name = "junit"
    extension = ".junit.xml"
    default_language = Language.EN

    def render(self, reports: list[Report], options: RenderOptions) -> bytes:
        reports = displayable(reports)
        every = [result for report in reports for result in report.results]
        root = ET.Element("testsuites", {"name": "toelating", **_tallies(every)})
        for report in reports:
            root.append(_suite(report, options.language))
        ET.indent(root)
        text = ET.tostring(root, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def _tallies(results: Sequence[RuleResult]) -> dict[str, str]:
    """tests, failures, errors, skipped and time, in that order (ElementTree keeps it)."""
    failed = [r for r in results if r.outcome in _FAILED and not r.waived]
    errors = [r for r in results if r.outcome is Outcome.ERROR]
    return {
        "tests": str(len(results)),
        "failures": str(len(failed)),
        "errors": str(len(errors)),
        "skipped": str(len(results) - len(failed) - len(errors) - _passed(results)),
        "time": "0",
    }


def _passed(results: Sequence[RuleResult]) -> int:
    return sum(1 for r in results if r.outcome is Outcome.PASS)


def _suite(report: Report, language: Language) -> ET.Element:
    suite = ET.Element("testsuite", {"name": report.dossier.path, **_tallies(report.results)})
    suite.set("timestamp", f"{report.check_date.isoformat()}T00:00:00")
    properties = ET.SubElement(suite, "properties")
    for name, value in _properties(report, language):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    for result in report.results:
        suite.append(_case(report, result, language))
    return suite


def _properties(report: Report, language: Language) -> list[tuple[str, str]]:
    info = report.dossier
    return [
        ("agency", info.agency),
        ("kvk_number", info.kvk_number or ""),
        ("dossier_sha256", info.sha256),
        ("check_date", report.check_date.isoformat()),
        ("application_date", report.result.application_date.isoformat()),
        ("rulebook_version", report.rulebook_version),
        ("tool_version", report.tool_version),
        ("fail_on", report.result.fail_on.value),
        ("language", Language(language).value),
        ("verdict", report.verdict.value),
        ("official_rulebook", "true" if report.official_rulebook else "false"),
        *_rulebook_changes(report, language),
        *_identity(report),
    ]


def _identity(report: Report) -> list[tuple[str, str]]:
    """The report's id, issuer, rulebook digest, each evidence file's digest and draft state."""
    properties = [
        ("report_id", report.report_id),
        ("issued_on", report.issued_on.isoformat()),
        ("inspector", report.inspector or ""),
        ("organisation", report.organisation or ""),
        ("rulebook_sha256", report.rulebook_sha256),
    ]
    info = report.dossier
    for evidence_id, file in info.evidence:
        digest = info.evidence_sha256.get(evidence_id) or ""
        properties.append(("evidence_sha256", f"{evidence_id} {digest} {file}"))
    properties.append(("draft", "true" if report.issue.draft else "false"))
    if report.response_deadline is not None:
        properties.append(("response_deadline", report.response_deadline.isoformat()))
    return properties


def _rulebook_changes(report: Report, language: Language) -> list[tuple[str, str]]:
    """The folder that replaced the shipped rulebook, and each overlay with what it changed."""
    origin = report.rulebook_origin
    properties = [("rulebook_replaced_by", origin.replaced_by)] if origin.replaced_by else []
    for overlay in origin.overlays:
        properties.append(("rulebook_overlay", overlay.folder))
        properties += [("rulebook_change", change_text(c, language)) for c in overlay.changes]
    return properties


def _case(report: Report, result: RuleResult, language: Language) -> ET.Element:
    rule = result.rule
    case = ET.Element(
        "testcase", {"name": f"{rule.id} {rule.title.get(language)}", "classname": rule.theme}
    )
    case.set("time", "0")
    outcome = result.outcome
    if outcome is Outcome.PASS:
        return case
    if outcome is Outcome.NOT_APPLICABLE or result.waived:
        ET.SubElement(case, "skipped", {"message": _skip_message(result, language)})
        return case
    tag = "error" if outcome is Outcome.ERROR else "failure"
    kind = rule.severity.value if outcome is Outcome.FAIL else outcome.value
    detail = ET.SubElement(
        case, tag, {"message": _headline(report, result, language), "type": kind}
    )
    detail.text = _details(report, result, language)
    return case


def _skip_message(result: RuleResult, language: Language) -> str:
    if result.waived:
        waivers = {waiver_text(f.waiver, language) for f in result.findings if f.waiver}
        return f"{label('waiver', language)}: " + "; ".join(sorted(waivers))
    return result.reason(language) or outcome_label(result.outcome, language)


def _headline(report: Report, result: RuleResult, language: Language) -> str:
    """One line for CI overviews: outcome, severity, and the first finding."""
    first = (
        result.findings[0].message(language) if result.findings else result.reason(language) or ""
    )
    note = severity_note(report, result, language)
    return f"{outcome_label(result.outcome, language)} ({note}): {first}".rstrip(": ")


def _details(report: Report, result: RuleResult, language: Language) -> str:
    """Every finding with its path, then what to do and the legal basis."""
    lines: list[str] = []
    for finding in result.findings:
        lines.append(f"{place(finding.item(language), finding.path)}: {finding.message(language)}")
        if finding.waiver is not None:
            lines.append(f"  {label('waiver', language)}: {waiver_text(finding.waiver, language)}")
    reason = result.reason(language)
    if reason and not result.findings:
        lines.append(reason)
    if result.outcome is Outcome.FAIL:
        lines.append(f"{label('remediation', language)}: {result.rule.remediation.get(language)}")
    lines.append(f"{label('legal_basis', language)}: {basis_text(result.rule, language)}")
    lines.append(f"{label('dossier', language)}: {report.dossier.path}")
    return "\n".join(lines)
