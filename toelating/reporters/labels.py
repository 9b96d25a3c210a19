"""The words reports use, from the `labels` catalogue (toelating/locale/<lang>/labels.yaml)."""

from __future__ import annotations

from typing import Any

from toelating.i18n import catalogue, message
from toelating.text import Language
from toelating.vocabulary import Outcome, Severity, Sureness, Verdict


def label(key: str, language: Language, **values: Any) -> str:
    """A report's word or sentence. Without values a template comes back as written, so a
    caller may still fill its {placeholders} itself."""
    if values:
        return message(f"labels.{key}", language, **values)
    return catalogue(Language(language), "labels")[key]


def verdict_label(verdict: Verdict, language: Language) -> str:
    return label(f"verdict_{verdict.value}", language)


def verdict_explanation(verdict: Verdict, language: Language) -> str:
    return label(f"verdict_explanation_{verdict.value}", language)


def outcome_label(outcome: Outcome, language: Language) -> str:
    return label(f"outcome_{outcome.value}", language)


def severity_label(severity: Severity, language: Language) -> str:
    return label(f"severity_{severity.value}", language)


def sureness_label(sureness: Sureness, language: Language) -> str:
    return label(f"sureness_{sureness.value}", language)
