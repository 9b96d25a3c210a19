"""The JSON report (shared/spec/cli.md), versioned, with its schema in
schemas/report.schema.json."""

from __future__ import annotations

import json
import weakref
from pathlib import PurePath
from typing import Any

import orjson

from toelating.findings import Finding, RuleResult
from toelating.horizon import Upcoming
from toelating.nonconformities import standing
from toelating.report import REPORT_VERSION, Report
from toelating.reporters.base import RenderOptions
from toelating.reporters.escaping import json_escaped
from toelating.rulebook.model import Rule
from toelating.rulebook.provenance import RulebookChange, RulebookOrigin
from toelating.text import Language
from toelating.vocabulary import Verdict
from toelating.waivers import Waiver


class JsonReporter:
    name = "json"
    extension = ".json"
    default_language = Language.EN

    def render(self, reports: list[Report], options: RenderOptions) -> bytes:
        document = (
            report_document(reports[0], options.language)
            if len(reports) == 1
            else (batch_document(reports, options.language))
        )
        return (json_escaped(indented_json(document)) + "\n").encode("utf-8")  # no raw controls


def indented_json(document: Any) -> str:
    """The document as `json.dumps(document, indent=2, ensure_ascii=False)` writes it, byte
    for byte, but by orjson's native encoder: the standard library indents in pure Python, a
    seventh of a 50-worker dossier's check. What orjson refuses and the standard library
    writes (a lone surrogate, an integer beyond 64 bits, a key that is not text) goes the
    standard library's way."""
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:
        return json.dumps(document, indent=2, ensure_ascii=False)


def batch_document(reports: list[Report], language: Language) -> dict[str, Any]:
    verdicts = [report.verdict.value for report in reports]
    return {
        "report_version": REPORT_VERSION,
        "reports": [report_document(report, language) for report in reports],
        "summary": {
            "dossiers": len(reports),
            "verdicts": {v.value: verdicts.count(v.value) for v in Verdict},
        },
    }


def report_document(report: Report, language: Language) -> dict[str, Any]:
    result = report.result
    document: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "tool_version": report.tool_version,
        "rulebook_version": report.rulebook_version,
        "language": Language(language).value,
        "check_date": result.check_date.isoformat(),
        "application_date": result.application_date.isoformat(),
        "fail_on": result.fail_on.value,
        "dossier": {
            "path": report.dossier.path,
            "agency": report.dossier.agency,
            "kvk_number": report.dossier.kvk_number,
            "sha256": report.dossier.sha256,
        },
        "identity": identity_document(report),
        "verdict": result.verdict.value,
        "official_rulebook": report.official_rulebook,
        "counts": dict(result.counts),
        "results": [_result(r, language) for r in result.results],
    }
    if report.dossier.nonconformities:
        document["nonconformities"] = nonconformities_document(report)
    if not report.official_rulebook:
        document["rulebook_changes"] = origin_document(report.rulebook_origin)
    if report.waiver_notices:
        document["waiver_notices"] = [
            {"kind": n.kind.value, "waiver": waiver_document(n.waiver)}
            for n in report.waiver_notices
        ]
    if report.horizon_end is not None:
        document["horizon_days"] = (report.horizon_end - result.check_date).days
        document["upcoming"] = [_upcoming(u, language) for u in report.upcoming]
        document["changes_ahead"] = [
            {
                "date": c.date.isoformat(),
                "kind": c.kind,
                "name": c.name,
                "description": c.description(language),
            }
            for c in report.changes_ahead
        ]
    return document


def identity_document(report: Report) -> dict[str, Any]:
    """What identifies the report and what it was made from (ISO/IEC 17020 7.4.2): the same
    object is embedded in a PDF report, where `toelating verify` reads it back."""
    info = report.dossier
    document: dict[str, Any] = {
        "report_id": report.report_id,
        "issued_on": report.issued_on.isoformat(),
        "inspector": report.inspector,
        "organisation": report.organisation,
        "check_date": report.check_date.isoformat(),
        "tool_version": report.tool_version,
        "rulebook_version": report.rulebook_version,
        "rulebook_sha256": report.rulebook_sha256,
        "dossier_file": PurePath(info.path).name,
        "dossier_sha256": info.sha256,
        "evidence": [
            {
                "id": evidence_id,
                "file": file,
                "status": info.evidence_status.get(evidence_id),
                "sha256": info.evidence_sha256.get(evidence_id),
            }
            for evidence_id, file in info.evidence
        ],
        "draft": report.issue.draft,
    }
    if report.response_deadline is not None:
        document["response_deadline"] = report.response_deadline.isoformat()
    return document


def nonconformities_document(report: Report) -> list[dict[str, Any]]:
    """The inspection's findings as the dossier gives them, each with where it stands on the
    check date (toelating.nonconformities)."""
    return [
        {
            **finding.model_dump(mode="json", exclude_none=True),
            "standing": standing(finding, report.check_date).value,
        }
        for finding in report.dossier.nonconformities
    ]


def origin_document(origin: RulebookOrigin) -> dict[str, Any]:
    """What replaced or changed the official rulebook (JSON report and SARIF run properties)."""
    return {
        "replaced_by": origin.replaced_by,
        "overlays": [
            {"folder": overlay.folder, "changes": [_change(c) for c in overlay.changes]}
            for overlay in origin.overlays
        ],
    }


def _change(change: RulebookChange) -> dict[str, str]:
    entry = {"kind": change.kind.value, "name": change.name}
    for key in ("before", "after", "reason"):
        value = getattr(change, key)
        if value is not None:
            entry[key] = value
    return entry


def waiver_document(waiver: Waiver) -> dict[str, Any]:
    return waiver.model_dump(mode="json")


def _upcoming(upcoming: Upcoming, language: Language) -> dict[str, Any]:
    return {
        "date": upcoming.date.isoformat(),
        "rule_id": upcoming.rule_id,
        "severity": upcoming.severity.value,
        "title": upcoming.title(language),
        "path": upcoming.path,
        "message": upcoming.message(language),
        **_item(upcoming.item(language)),
    }


def _result(result: RuleResult, language: Language) -> dict[str, Any]:
    rule = result.rule
    entry: dict[str, Any] = {
        "rule_id": rule.id,
        "rule_version": rule.version,
        "outcome": result.outcome.value,
        **_about_rule(rule, language),
        "findings": [_finding(f, language) for f in result.findings],
    }
    if result.waived:
        entry["waived"] = True
    reason = result.reason(language)
    if reason:
        entry["reason"] = reason
    if result.findings:
        entry["remediation"] = rule.remediation.get(language)
    return entry


# Per rule object and language: (the rule, weakly, so a reused id is not taken for it; its part)
_ABOUT_RULES: dict[tuple[int, Language], tuple[weakref.ref[Rule], dict[str, str]]] = {}


def _about_rule(rule: Rule, language: Language) -> dict[str, str]:
    """What every result of a rule says about the rule itself: put into words once per rule
    and language, not once per dossier of a batch (a rule is frozen). The entry goes with
    the rule."""
    key = (id(rule), language)
    held = _ABOUT_RULES.get(key)
    if held is not None and held[0]() is rule:
        return held[1]
    about = {
        "severity": rule.severity.value,
        "theme": rule.theme,
        "title": rule.title.get(language),
        "legal_basis": "; ".join(basis.citation() for basis in rule.legal_basis),
        "sureness": rule.sureness().value,
    }
    _ABOUT_RULES[key] = (weakref.ref(rule, lambda _: _ABOUT_RULES.pop(key, None)), about)
    return about


def _finding(finding: Finding, language: Language) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": finding.path,
        "kind": finding.kind.value,
        "message": finding.message(language),
        **_item(finding.item(language)),
    }
    if finding.waiver is not None:
        entry["waiver"] = waiver_document(finding.waiver)
    return entry


def _item(item: str | None) -> dict[str, str]:
    """The item the path names, in words, when it names one."""
    return {"item": item} if item else {}
