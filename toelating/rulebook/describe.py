"""Human-readable views of the rulebook for `toelating rules list` and `rules show`."""

from __future__ import annotations

import datetime as dt

from toelating.rulebook.load import Rulebook
from toelating.text import Language


def rules_table(rulebook: Rulebook, day: dt.date, language: str) -> str:
    lang = Language(language)
    in_force_header = "in force" if lang is Language.EN else "van kracht"
    rows = [
        (
            "id",
            "severity" if lang is Language.EN else "ernst",
            "theme" if lang is Language.EN else "thema",
            f"{in_force_header} {day.isoformat()}",
            "title" if lang is Language.EN else "titel",
        )
    ]
    yes, no = ("yes", "no") if lang is Language.EN else ("ja", "nee")
    for compiled in rulebook.rules:
        rule = compiled.rule
        rows.append(
            (
                rule.id,
                rule.severity.value,
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
    from toelating.reporters.labels import label, severity_label, sureness_label

    lang = Language(language)
    rule = rulebook.rule(rule_id).rule
    theme = {t.id: t.title.get(lang) for t in rulebook.manifest.themes}.get(rule.theme, rule.theme)
    nl = lang is Language.NL
    lines = [f"{rule.id}  {rule.title.get(lang)}", ""]
    lines.append(f"{label('theme', lang)}: {theme}")
    lines.append(
        f"{label('severity', lang)}: {severity_label(rule.severity, lang)} — "
        f"{_severity_meaning(rule.severity.value, nl)}"
    )
    lines.append(
        ("Van kracht: " if nl else "In force: ")
        + period_text(rule.effective_from, rule.effective_until, nl)
    )
    lines.append(("Versie van de regel: " if nl else "Rule version: ") + str(rule.version))
    lines += [
        "",
        ("Bij niet voldoen zegt het rapport:" if nl else "When it fails, the report says:"),
        f"  {_readable_template(rule.message.get(lang))}",
    ]
    lines += ["", f"{label('remediation', lang)}:", f"  {rule.remediation.get(lang)}"]
    lines += ["", f"{label('legal_basis', lang)}:"]
    for basis in rule.legal_basis:
        lines.append(f"  - {basis.citation()} [{sureness_label(basis.sureness, lang)}]")
        if basis.note:
            lines.append(f"    {basis.note.get(lang)}")
    if rule.parameters:
        lines += ["", ("Parameters op " if nl else "Parameters on ") + day.isoformat() + ":"]
        for name in sorted(rule.parameter_names()):
            parameter = rulebook.parameters.parameters[name]
            try:
                value = parameter.value_on(day)
            except LookupError:
                value = "—"
            shown = _value_text(value, lang)
            lines.append(f"  - {name} = {shown} ({parameter.description.get(lang)})")
        dated = {local: use.on for local, use in rule.parameter_uses().items() if use.on}
        for local, on in dated.items():
            lines.append(f"    {local}: " + (f"de waarde op {on}" if nl else f"the value on {on}"))
    lines += ["", ("Voorbeelden:" if nl else "Examples:")]
    for example in rule.examples:
        lines.append(f"  - [{example.expect.value}] {example.name} ({example.as_of.isoformat()})")
    lines += ["", ("Techniek (CEL):" if nl else "Technical (CEL):")]
    if rule.applies_when:
        lines.append(f"  applies_when: {_one_line(rule.applies_when)}")
    if rule.each:
        lines.append(
            f"  each: {rule.each.path}"
            + (f" where {_one_line(rule.each.where)}" if rule.each.where else "")
        )
    lines.append(f"  check: {_one_line(rule.check)}")
    return "\n".join(lines) + "\n"


def _value_text(value: object, language: Language) -> str:
    """A parameter's value as a reader sees it: a table as `key: value` pairs."""
    from toelating.text import format_value

    if isinstance(value, dict):
        return ", ".join(
            f"{key}: {format_value(item, None, language)}" for key, item in value.items()
        )
    return format_value(value, None, language)


def _readable_template(template: str) -> str:
    """Placeholders as a reader understands them: {issued_on} becomes [issued on]."""
    from toelating.text import PLACEHOLDER

    return PLACEHOLDER.sub(lambda m: f"[{m.group(1).replace('_', ' ')}]", template)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def period_text(start: dt.date | None, end: dt.date | None, nl: bool) -> str:
    """When a rule is in force: 'always', '2027-01-01 ..', '.. 2027-12-31' or both ends."""
    if start is None and end is None:
        return "altijd" if nl else "always"
    left = start.isoformat() if start else ""
    right = end.isoformat() if end else ""
    return f"{left} .. {right}".strip()


def _severity_meaning(severity: str, nl: bool) -> str:
    meanings = {
        "blocking": (
            "de toelating wordt geweigerd of de wet wordt overtreden",
            "admission will be refused or the law is broken",
        ),
        "major": (
            "een zware tekortkoming bij de inspectie",
            "a major non-conformity at inspection",
        ),
        "minor": ("een lichte tekortkoming", "a minor non-conformity"),
        "advisory": (
            "een advies; telt standaard niet mee voor het oordeel",
            "advice; by default it does not count toward the verdict",
        ),
    }
    return meanings[severity][0 if nl else 1]
