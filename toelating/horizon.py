"""What fails next: the dossier checked again on every day up to a horizon.

Checking each day (rather than guessing from the rule texts) is exact for every rule,
including ones added later: a VOG that passes its 3 months, a housing inspection passing
12 months, a deposit instalment falling due, a rule or parameter coming into force. Only
rules that read the check date (`check_date`, `application_date`, `params`) can change
from one day to the next without coming into force; the others are checked again only
when some rule's force changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from toelating.cel.fast_scope import Engine
from toelating.dossier.items import item_name
from toelating.dossier.model import Dossier
from toelating.engine import Preparation, check
from toelating.findings import CheckResult, Finding, RuleResult
from toelating.i18n import message
from toelating.rulebook.load import Rulebook
from toelating.rulebook.model import Parameter, Rule
from toelating.text import Language, format_value
from toelating.vocabulary import Outcome, Severity

MAX_HORIZON_DAYS = 3 * 366


@dataclass(frozen=True)
class Upcoming:
    """A finding that is not there on the check date and appears on `date`."""

    date: dt.date
    rule_id: str
    severity: Severity
    title_nl: str
    title_en: str
    path: str
    message_nl: str
    message_en: str
    item_nl: str | None = None  # the item the path names, in words
    item_en: str | None = None

    def item(self, language: Language | str) -> str | None:
        return self.item_nl if Language(language) is Language.NL else self.item_en

    def title(self, language: Language | str) -> str:
        return self.title_nl if Language(language) is Language.NL else self.title_en

    def message(self, language: Language | str) -> str:
        return self.message_nl if Language(language) is Language.NL else self.message_en


@dataclass(frozen=True)
class ChangeAhead:
    """A rule or parameter value that comes into force within the horizon."""

    date: dt.date
    kind: str  # "rule" | "parameter"
    name: str
    description_nl: str
    description_en: str

    def description(self, language: Language | str) -> str:
        return self.description_nl if Language(language) is Language.NL else self.description_en


def look_ahead(
    dossier: Dossier,
    rulebook: Rulebook,
    check_date: dt.date,
    until: dt.date,
    evidence_status: Mapping[str, str] | None = None,
    first: CheckResult | None = None,
    engine: Engine = Engine.FAST,
) -> list[Upcoming]:
    """Failures that start after check_date and on or before until, earliest first.

    `first` is the check on check_date itself when the caller has it (before waivers).
    A rule that reads no check-date variable gives the same outcome on every day it is in
    force, so it is checked again only on the days a rule comes into or goes out of force;
    the others are checked every day. Only a failure not seen before is named in words
    (worker, location, ...): naming every finding of every day would cost days x findings.
    The dossier is prepared once (toelating.engine.Preparation) and evaluated on each day
    with `engine`, as the check itself.
    """
    if first is None:
        first = check(dossier, rulebook, check_date, Severity.ADVISORY, evidence_status, engine)
    prepared = Preparation(dossier, rulebook, evidence_status, engine)
    seen = _failing(first)
    daily = replace(rulebook, rules=tuple(c for c in rulebook.rules if c.reads_check_date))
    changing = _force_changes(rulebook)
    found: list[Upcoming] = []
    day = check_date
    while day < until:
        day += dt.timedelta(days=1)
        rules = rulebook if day in changing else daily
        for result in _results_on(prepared, rules, day):
            for finding in result.findings:
                key = (result.rule_id, finding.path)
                if finding.kind is Outcome.FAIL and key not in seen:
                    seen.add(key)
                    found.append(_upcoming(day, result.rule, _named(dossier, finding)))
    return sorted(found, key=lambda u: (u.date, -u.severity.rank, u.rule_id, u.path))


def _results_on(prepared: Preparation, rulebook: Rulebook, day: dt.date) -> list[RuleResult]:
    """Every rule's result on the day as `check` gives it, but with findings not yet named."""
    evaluation = prepared.on(day)
    evaluation.names_items = False  # only the failures reported are named (_named)
    return [evaluation.rule(compiled) for compiled in rulebook.rules]


def _named(dossier: Dossier, finding: Finding) -> Finding:
    """The finding with its item in words, as the engine names it."""
    name = item_name(dossier, finding.path)
    return finding if name is None else replace(finding, item_nl=name.nl, item_en=name.en)


def _force_changes(rulebook: Rulebook) -> set[dt.date]:
    """The days on which some rule comes into force or is first out of force."""
    days: set[dt.date] = set()
    for compiled in rulebook.rules:
        if compiled.rule.effective_from:
            days.add(compiled.rule.effective_from)
        if compiled.rule.effective_until:
            days.add(compiled.rule.effective_until + dt.timedelta(days=1))
    return days


def _failing(result: CheckResult) -> set[tuple[str, str]]:
    return {
        (r.rule_id, f.path) for r in result.results for f in r.findings if f.kind is Outcome.FAIL
    }


def _upcoming(day: dt.date, rule: Rule, finding: Finding) -> Upcoming:
    return Upcoming(
        day,
        rule.id,
        rule.severity,
        rule.title.nl,
        rule.title.en,
        finding.path,
        finding.message_nl,
        finding.message_en,
        finding.item_nl,
        finding.item_en,
    )


def changes_ahead(rulebook: Rulebook, check_date: dt.date, until: dt.date) -> list[ChangeAhead]:
    """Rules coming into force and parameter values changing within the horizon."""
    changes = [
        ChangeAhead(
            c.rule.effective_from,
            "rule",
            c.id,
            message("engine.change_rule", Language.NL, rule=c.id, title=c.rule.title.nl),
            message("engine.change_rule", Language.EN, rule=c.id, title=c.rule.title.en),
        )
        for c in rulebook.rules
        if c.rule.effective_from and check_date < c.rule.effective_from <= until
    ]
    for name, parameter in rulebook.parameters.parameters.items():
        for value in parameter.values:
            if check_date < value.from_ <= until:
                changes.append(
                    ChangeAhead(
                        value.from_,
                        "parameter",
                        name,
                        _new_value(parameter, value.value, Language.NL),
                        _new_value(parameter, value.value, Language.EN),
                    )
                )
    return sorted(changes, key=lambda c: (c.date, c.kind, c.name))


def _new_value(parameter: Parameter, value: object, language: Language) -> str:
    """`Waarborgsom: nieuwe waarde € 50.000,00`: amounts in euros as amounts, numbers and dates
    the language's way (tables as they are)."""
    spec = "eur" if parameter.unit == "EUR" else None
    return message(
        "engine.change_parameter",
        language,
        description=parameter.description.get(language),
        value=format_value(value, spec, language),
    )


# Units a horizon may be given in, Dutch and English: `6m`, `6mnd`, `6 maanden`, `2 weeks`.
HORIZON_UNITS = {
    "d": ("d", "dag", "dagen", "day", "days"),
    "w": ("w", "wk", "week", "weken", "weeks"),
    "m": ("m", "mnd", "maand", "maanden", "month", "months"),
    "y": ("y", "j", "jr", "jaar", "jaren", "year", "years"),
}
_HORIZON = re.compile(r"^(\d{1,4})\s*([a-z]+)$")


def horizon_end(check_date: dt.date, spec: str) -> dt.date:
    """`90d`, `12w`, `6m` (also `6mnd`, `6 maanden`, `1 jaar`, `2 weeks`) or a date
    (YYYY-MM-DD) after the check date."""
    from toelating.calendar import add_months

    text = spec.strip().lower()
    found = _HORIZON.match(text)
    unit = next(
        (key for key, words in HORIZON_UNITS.items() if found and found.group(2) in words), None
    )
    if found and unit:
        number = int(found.group(1))
        if unit == "d":
            end = check_date + dt.timedelta(days=number)
        elif unit == "w":
            end = check_date + dt.timedelta(weeks=number)
        else:
            end = add_months(check_date, number * (12 if unit == "y" else 1))
    else:
        try:
            end = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                "give a number and a unit (90d, 12w, 6m, 1y; also dagen, weken, mnd, jaar) "
                "or a date YYYY-MM-DD"
            ) from None
    if not check_date < end <= check_date + dt.timedelta(days=MAX_HORIZON_DAYS):
        raise ValueError(
            f"the horizon must end after the check date and within {MAX_HORIZON_DAYS} days"
        )
    return end
