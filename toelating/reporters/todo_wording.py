"""The to-do list and the places it names in words, shared by the text, Markdown and PDF reports.

A place is named by its item (`werknemer W-004 (Piotr Nowak)`), else by the dossier section and
field (`uitlener, veld lending_scope`): the field's key is what a person types in dossier.yaml.
The JSON pointer stays beside the words for tools.
"""

from __future__ import annotations

from toelating.i18n import catalogue, format_date, message
from toelating.report import Report
from toelating.rulebook.model import Rule
from toelating.text import Language
from toelating.todo import Place, TodoItem, TodoKind

MAX_PLACES = 5  # places named in one to-do item; the rest are counted


def words_for(item: str | None, path: str, language: Language) -> str:
    """The item, or the section and field, a pointer names, in words (without the pointer)."""
    tokens = [token for token in path.strip("/").split("/") if token]
    if not tokens:
        return message("report.section_dossier", language) if item is None else item
    field = tokens[-1] if len(tokens) > 1 and not tokens[-1].isdigit() else None
    if item is not None:
        return (
            item
            if field is None
            else message("report.field_of", language, section=item, field=_field(field, language))
        )
    section = _section(tokens[0], language)
    rest = [token for token in tokens[1:] if not token.isdigit()]
    if not rest:
        return section
    field_words = ", ".join(_field(token, language) for token in rest)
    return message("report.field_of", language, section=section, field=field_words)


def _field(name: str, language: Language) -> str:
    """A field by its label (`land van vestiging`), the screen's words; its key where none."""
    label = catalogue(language, "fields").get(name)
    if label is None:
        return name
    # A label starts a form's line; inside a sentence it starts small, unless it is a name
    # (`KvK-nummer`, `VOG`).
    return label if label[1:2].isupper() else label[0].lower() + label[1:]


def where(item: str | None, path: str, language: Language) -> str:
    """`werknemers (/workers)`: the words, then the pointer."""
    return f"{words_for(item, path, language)} ({path or '/'})"


def places_text(places: tuple[Place, ...], language: Language) -> str:
    """Up to MAX_PLACES places in words with their pointers, then how many more."""
    named = [where(place.item(language), place.path, language) for place in places[:MAX_PLACES]]
    if len(places) > MAX_PLACES:
        named.append(message("report.todo_more_places", language, count=len(places) - MAX_PLACES))
    return "; ".join(named)


def rule_ids(rules: tuple[Rule, ...]) -> str:
    return ", ".join(rule.id for rule in rules)


def todo_when(item: TodoItem, report: Report, language: Language) -> str:
    """'now', 'before the application on 12 May 2027' or 'before 16 June 2027'."""
    if item.kind is TodoKind.UPCOMING:
        return message("report.todo_before", language, date=format_date(item.deadline, language))
    application = report.dossier.application_date
    if application is not None and application > report.check_date:
        date = format_date(application, language)
        return message("report.todo_before_application", language, date=date)
    return message("report.todo_now", language)


def todo_headline(item: TodoItem, language: Language) -> str:
    """What the item is about: the rule's title, or the data to fill in."""
    if item.kind is TodoKind.MISSING:
        return message("report.todo_add", language, where=places_text(item.places, language))
    return f"{item.rule.id} {item.rule.title.get(language)}"


def todo_action(item: TodoItem, language: Language) -> str:
    """What to do: the rule's remediation, the rules that need the missing data, or what
    will fail and when."""
    if item.kind is TodoKind.MISSING:
        return message("report.todo_needed_by", language, rules=rule_ids(item.rules))
    if item.kind is TodoKind.UPCOMING:
        date = format_date(item.deadline, language)
        text = message("report.todo_upcoming", language, date=date)
        return f"{text} {item.rule.remediation.get(language)}"
    return item.rule.remediation.get(language)


def todo_places(item: TodoItem, language: Language) -> str | None:
    """Where to act, for a failing or upcoming item (a missing-data item names it already)."""
    if item.kind is TodoKind.MISSING or not item.places:
        return None
    return message("report.todo_where", language, where=places_text(item.places, language))


def _section(key: str, language: Language) -> str:
    try:
        return message(f"report.section_{key}", language)
    except KeyError:  # a key a newer format adds: shown as it is
        return key
