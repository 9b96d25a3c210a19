"""The rules reference (docs/rules.md), generated from the rule files so it cannot drift."""

from __future__ import annotations

from toelating.rulebook.describe import period_text
from toelating.rulebook.load import Rulebook
from toelating.rulebook.model import Rule
from toelating.text import Language


def reference_markdown(rulebook: Rulebook, language: Language = Language.EN) -> str:
    lines = [
        f"# Rules reference (rulebook {rulebook.version})",
        "",
        "Generated from `rules/` by `toelating rules doc`; do not edit by hand.",
        "",
        "| id | severity | in force | sureness | title |",
        "|---|---|---|---|---|",
    ]
    rules = [compiled.rule for compiled in rulebook.rules]
    lines += [
        f"| [{r.id}](#{r.id.lower()}) | {r.severity.value} | {_period(r)} | "
        f"{r.sureness().value} | {_cell(r.title.get(language))} |"
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
    lines = ["", f"### {rule.id}", "", f"**{rule.title.get(language)}**", ""]
    lines.append(
        f"- Severity: {rule.severity.value}; in force: {_period(rule)}; version {rule.version}"
    )
    for basis in rule.legal_basis:
        note = f" — {basis.note.get(language)}" if basis.note else ""
        lines.append(f"- Legal basis: {basis.citation()} ({basis.sureness.value}){note}")
    if rule.parameters:
        names = sorted(rule.parameter_names())
        lines.append(f"- Parameters: {', '.join(f'`{p}`' for p in names)}")
    lines.append(
        f"- Applies to: `{rule.each.path}`" if rule.each else "- Applies to: the whole dossier"
    )
    lines += [
        "",
        f"Message: {rule.message.get(language)}",
        "",
        f"Remediation: {rule.remediation.get(language)}",
        "",
    ]
    lines.append(
        "Examples: " + "; ".join(f"{e.name} → `{e.expect.value}`" for e in rule.examples) + "."
    )
    return lines


def _period(rule: Rule) -> str:
    return period_text(rule.effective_from, rule.effective_until, nl=False)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
