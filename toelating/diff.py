"""Compare two JSON reports of the same dossier: what got fixed, what broke, what changed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from toelating.errors import InputError, Problem, Text
from toelating.i18n import format_date, message
from toelating.reporters.labels import outcome_label, verdict_label
from toelating.source import load_document
from toelating.text import Language
from toelating.vocabulary import Outcome, Verdict

# How good an outcome is, for telling "fixed" from "broke".
_RANK = {"pass": 4, "not_applicable": 3, "missing_data": 1, "fail": 0, "error": 0}


class ChangeKind(StrEnum):
    FIXED = "fixed"
    BROKE = "broke"
    CHANGED = "changed"  # another outcome of the same standing, or other findings
    ADDED = "added"  # rule new in the newer report
    REMOVED = "removed"


@dataclass(frozen=True)
class RuleChange:
    rule_id: str
    kind: ChangeKind
    old: str | None
    new: str | None
    title: str
    findings_added: tuple[str, ...] = ()
    findings_removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportDiff:
    old_check_date: str
    new_check_date: str
    old_verdict: str
    new_verdict: str
    changes: tuple[RuleChange, ...]

    @property
    def broke(self) -> bool:
        return any(change.kind is ChangeKind.BROKE for change in self.changes)


def load_report(path: Path) -> dict[str, Any]:
    """A single-dossier JSON report, checked against the report schema."""
    from toelating.rulebook.load import schema_problems

    _refuse_what_is_plainly_no_report(path)
    document = load_document(path)
    problems = list(schema_problems(document, "report"))
    if problems:  # where it breaks the schema; jsonschema's own words are for developers
        first = problems[0]
        not_a_report = Text.of("diff.not_a_report")
        raise InputError([Problem.of(first.file, first.path, not_a_report, first.line)])
    if "reports" in document.data:
        raise InputError.say(str(path), "diff.several_dossiers")
    result: dict[str, Any] = document.data
    return result


def _refuse_what_is_plainly_no_report(path: Path) -> None:
    """A folder or a PDF report said as such, not as "not a regular file" or "not UTF-8"."""
    if path.is_dir():
        raise InputError.say(str(path), "diff.is_folder")
    try:
        with path.open("rb") as file:
            start = file.read(5)
    except OSError:
        return  # load_document says what is wrong with it
    if start == b"%PDF-":
        raise InputError.say(str(path), "diff.is_pdf")


def compare(old: dict[str, Any], new: dict[str, Any]) -> ReportDiff:
    old_results = {r["rule_id"]: r for r in old["results"]}
    new_results = {r["rule_id"]: r for r in new["results"]}
    changes = [
        change
        for rule_id in sorted(old_results.keys() | new_results.keys())
        if (change := _change(rule_id, old_results.get(rule_id), new_results.get(rule_id)))
        is not None
    ]
    return ReportDiff(
        old["check_date"], new["check_date"], old["verdict"], new["verdict"], tuple(changes)
    )


def _change(
    rule_id: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> RuleChange | None:
    if old is None or new is None:
        present = new or old
        assert present is not None
        kind = ChangeKind.ADDED if old is None else ChangeKind.REMOVED
        old_outcome = None if old is None else str(old["outcome"])
        new_outcome = None if new is None else str(new["outcome"])
        return RuleChange(rule_id, kind, old_outcome, new_outcome, str(present["title"]))
    old_paths = {f["path"] for f in old["findings"]}
    new_paths = {f["path"] for f in new["findings"]}
    if old["outcome"] == new["outcome"] and old_paths == new_paths:
        return None
    rank_old, rank_new = _RANK[old["outcome"]], _RANK[new["outcome"]]
    kind = (
        ChangeKind.FIXED
        if rank_new > rank_old
        else ChangeKind.BROKE
        if rank_new < rank_old
        else ChangeKind.CHANGED
    )
    if kind is ChangeKind.CHANGED and new_paths - old_paths and new["outcome"] in ("fail", "error"):
        kind = ChangeKind.BROKE  # the same outcome, but new items fail
    return RuleChange(
        rule_id,
        kind,
        old["outcome"],
        new["outcome"],
        new["title"],
        tuple(sorted(new_paths - old_paths)),
        tuple(sorted(old_paths - new_paths)),
    )


def render_text(diff: ReportDiff, language: Language = Language.EN) -> str:
    """The changes grouped by kind, each rule with its old and new outcome, in the language."""
    header = message(
        "diff.header",
        language,
        old_date=_date(diff.old_check_date, language),
        new_date=_date(diff.new_check_date, language),
        old_verdict=verdict_label(Verdict(diff.old_verdict), language),
        new_verdict=verdict_label(Verdict(diff.new_verdict), language),
    )
    lines = [header, ""]
    for kind in ChangeKind:
        members = [c for c in diff.changes if c.kind is kind]
        if not members:
            continue
        lines.append(f"{message(f'diff.kind_{kind.value}', language)} ({len(members)})")
        for change in members:
            old, new = _outcome(change.old, language), _outcome(change.new, language)
            lines.append(f"  {change.rule_id}  {old} → {new}  {change.title}")
            lines.extend(f"      + {path or '/'}" for path in change.findings_added)
            lines.extend(f"      - {path or '/'}" for path in change.findings_removed)
    if not diff.changes:
        lines.append(message("diff.no_change", language))
    return "\n".join(lines) + "\n"


def _date(iso: str, language: Language) -> str:
    return format_date(dt.date.fromisoformat(iso), language)


def _outcome(outcome: str | None, language: Language) -> str:
    return "-" if outcome is None else outcome_label(Outcome(outcome), language)


def render_json(diff: ReportDiff) -> str:
    document = {
        "old": {"check_date": diff.old_check_date, "verdict": diff.old_verdict},
        "new": {"check_date": diff.new_check_date, "verdict": diff.new_verdict},
        "changes": [
            {
                "rule_id": c.rule_id,
                "kind": c.kind.value,
                "old": c.old,
                "new": c.new,
                "title": c.title,
                "findings_added": list(c.findings_added),
                "findings_removed": list(c.findings_removed),
            }
            for c in diff.changes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
