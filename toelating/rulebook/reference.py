"""The rules reference (docs/rules.md), generated from the rule files so it cannot drift."""

from __future__ import annotations

from toelating.i18n import format_date, message
from toelating.rulebook.describe import period_text
from toelating.rulebook.load import Rulebook
from toelating.rulebook.model import Rule
from toelating.text import Language


def reference_markdown(rulebook: Rulebook, language: Language = Language.EN) -> str:
    """Every rule as Markdown: a table of them all, then one section per theme."""
    lines = [
        f"# {message('rules.doc_title', language, version=rulebook.version)}",
        "",
        message("rules.doc_generated", language),
        "",
        message("rules.doc_header", language),
        "|---|---|---|---|---|",
    ]
    rules = [compiled.rule for compiled in rulebook.rules]
    lines += [
        f"| [{r.id}](#{r.id.lower()}) | {_severity(r, language)} | {_period(r, language)} | "
        f"{_sureness(r, language)} | {_cell(r.title.get(language))} |"
        for r in rules
    ]
    for theme in rulebook.manifest.themes:
        members = [r for r in rules if r.theme == theme.id]
        if members:
            lines += ["", f"## {theme.title.get(language)}"]
            for rule in members:
                lines += _rule_section(rule, language)
    return "\n".join(lines) + "\n"


def _rule_section(rule: Rule, language: Language) -> list[str]:
    from toelating.reporters.labels import outcome_label, sureness_label

    lines = ["", f"### {rule.id}", "", f"**{rule.title.get(language)}**", ""]
    facts = {"severity": _severity(rule, language), "period": _period(rule, language)}
    lines.append("- " + message("rules.doc_facts", language, **facts, version=rule.version))
    for basis in rule.legal_basis:
        note = f" — {basis.note.get(language)}" if basis.note else ""
        sureness = sureness_label(basis.sureness, language)
        lines.append(
            "- "
            + message(
                "rules.doc_basis", language, citation=basis.citation(), sureness=sureness, note=note
            )
        )
    if rule.parameters:
        names = ", ".join(f"`{p}`" for p in sorted(rule.parameter_names()))
        lines.append("- " + message("rules.doc_parameters", language, names=names))
    applies = (
        message("rules.doc_applies_to", language, path=rule.each.path)
        if rule.each
        else message("rules.doc_applies_to_dossier", language)
    )
    lines += [f"- {applies}", ""]
    lines += [message("rules.doc_message", language, message=rule.message.get(language)), ""]
    remediation = rule.remediation.get(language)
    lines += [message("rules.doc_remediation", language, remediation=remediation), ""]
    examples = "; ".join(  # the names are the rule files' English, for their maintainers
        f"{e.name} → `{outcome_label(e.expect, language)}`"
        if language is Language.EN
        else f"{format_date(e.as_of, language)} → `{outcome_label(e.expect, language)}`"
        for e in rule.examples
    )
    lines.append(message("rules.doc_examples", language, examples=examples))
    return lines


def _severity(rule: Rule, language: Language) -> str:
    from toelating.reporters.labels import severity_label

    return severity_label(rule.severity, language)


def _sureness(rule: Rule, language: Language) -> str:
    from toelating.reporters.labels import sureness_label

    return sureness_label(rule.sureness(), language)


def _period(rule: Rule, language: Language) -> str:
    return period_text(rule.effective_from, rule.effective_until, language)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
