"""Human-readable views of the rulebook for `toelating rules list` and `rules show`."""

from __future__ import annotations

import datetime as dt
import re

from toelating.i18n import format_date, message
from toelating.rulebook.load import Rulebook
from toelating.rulebook.model import Rule
from toelating.text import Language


def rules_table(rulebook: Rulebook, day: dt.date, language: str) -> str:
    """One line per rule: id, severity, theme, in force on day, title."""
    lang = Language(language)
    header = tuple(
        message(f"rules.column_{name}", lang, date=format_date(day, lang))
        for name in ("id", "severity", "theme", "in_force", "title")
    )
    rows = [header]
    yes, no = message("rules.answer_yes", lang), message("rules.answer_no", lang)
    for compiled in rulebook.rules:
        rule = compiled.rule
        rows.append(
            (
                rule.id,
                _severity(rule.severity.value, lang),
                rule.theme,
                yes if rule.in_force_on(day) else no,
                rule.title.get(lang),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4]
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def rule_details(rulebook: Rulebook, rule_id: str, day: dt.date, language: str) -> str:
    """One rule in full, for someone who is not a lawyer: what, why, what to do, examples."""
    from toelating.reporters.labels import label, severity_label

    lang = Language(language)
    rule = rulebook.rule(rule_id).rule
    theme = {t.id: t.title.get(lang) for t in rulebook.manifest.themes}.get(rule.theme, rule.theme)
    lines = [f"{rule.id}  {rule.title.get(lang)}", ""]
    lines.append(f"{label('theme', lang)}: {theme}")
    lines.append(
        f"{label('severity', lang)}: {severity_label(rule.severity, lang)} — "
        + message(f"rules.severity_meaning_{rule.severity.value}", lang)
    )
    period = period_text(rule.effective_from, rule.effective_until, lang)
    lines.append(f"{message('rules.in_force', lang)}: {period}")
    lines.append(f"{message('rules.rule_version', lang)}: {rule.version}")
    lines += ["", message("rules.when_it_fails", lang)]
    lines.append(f"  {_readable_template(rule.message.get(lang), lang)}")
    lines += ["", f"{label('remediation', lang)}:", f"  {rule.remediation.get(lang)}"]
    lines += ["", f"{label('legal_basis', lang)}:", *_basis_lines(rule, lang)]
    if rule.parameters:
        lines += ["", *_parameter_lines(rulebook, rule, day, lang)]
    return "\n".join([*lines, "", *_technical_lines(rule, lang)]) + "\n"


def _basis_lines(rule: Rule, lang: Language) -> list[str]:
    from toelating.reporters.labels import sureness_label

    lines = []
    for basis in rule.legal_basis:
        lines.append(f"  - {basis.citation()} [{sureness_label(basis.sureness, lang)}]")
        if basis.note:
            lines.append(f"    {basis.note.get(lang)}")
    return lines


def _parameter_lines(rulebook: Rulebook, rule: Rule, day: dt.date, lang: Language) -> list[str]:
    lines = [message("rules.parameters_on", lang, date=format_date(day, lang))]
    for name in sorted(rule.parameter_names()):
        parameter = rulebook.parameters.parameters[name]
        try:
            value = parameter.value_on(day)
        except LookupError:
            value = "—"
        shown = _value_text(value, lang)
        lines.append(f"  - {name} = {shown} ({parameter.description.get(lang)})")
    uses = rule.parameter_uses().items()
    for local, on in {local: use.on for local, use in uses if use.on}.items():
        lines.append(f"    {local}: {message('rules.value_on', lang, date=on)}")
    return lines


def _technical_lines(rule: Rule, lang: Language) -> list[str]:
    """The examples and the CEL, which only the rules' maintainers read (in English)."""
    from toelating.reporters.labels import outcome_label

    lines = [message("rules.examples", lang)]
    for example in rule.examples:
        expect = outcome_label(example.expect, lang)
        name = f" {example.name}" if lang is Language.EN else ""  # the rule files' English
        lines.append(f"  - [{expect}]{name} ({format_date(example.as_of, lang)})")
    lines += ["", message("rules.technical", lang)]
    if rule.applies_when:
        lines.append(f"  applies_when: {_one_line(rule.applies_when)}")
    each = rule.each
    if each:
        lines.append(
            f"  each: {each.path}" + (f" where {_one_line(each.where)}" if each.where else "")
        )
    lines.append(f"  check: {_one_line(rule.check)}")
    return lines


def _value_text(value: object, language: Language) -> str:
    """A parameter's value as a reader sees it: a table as `key: value` pairs."""
    from toelating.text import format_value

    if isinstance(value, dict):
        return ", ".join(
            f"{key}: {format_value(item, None, language)}" for key, item in value.items()
        )
    return format_value(value, None, language)


def _readable_template(template: str, language: Language) -> str:
    """Placeholders as a reader understands them: {issued_on} becomes [issued on] in English
    and [issued_on] in Dutch, where the field's name is a name, not English words."""
    from toelating.text import PLACEHOLDER

    def shown(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"[{name.replace('_', ' ') if language is Language.EN else name}]"

    return PLACEHOLDER.sub(shown, template)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _severity(severity: str, language: Language) -> str:
    from toelating.reporters.labels import severity_label
    from toelating.vocabulary import Severity

    return severity_label(Severity(severity), language)


def period_text(start: dt.date | None, end: dt.date | None, language: Language) -> str:
    """When a rule is in force: always, from a day, until a day, or from one to the other."""
    if start is None and end is None:
        return message("rules.always", language)
    if start is None:
        return message("rules.until", language, end=end)
    if end is None:
        return message("rules.from", language, start=start)
    return message("rules.from_until", language, start=start, end=end)
