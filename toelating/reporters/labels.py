"""The words reports use, in Dutch and English."""

from __future__ import annotations

from toelating.text import Language
from toelating.vocabulary import Outcome, Severity, Sureness, Verdict

_LABELS: dict[str, tuple[str, str]] = {
    "agency": ("Uitlener", "Agency"),
    "kvk": ("KvK-nummer", "KvK number"),
    "dossier": ("Dossier", "Dossier"),
    "check_date": ("Controledatum", "Check date"),
    "application_date": ("Aanvraagdatum", "Application date"),
    "rulebook": ("Regelboek", "Rulebook"),
    "tool": ("Programma", "Tool"),
    "verdict": ("Oordeel", "Verdict"),
    "failures": ("Niet voldaan", "Failures"),
    "missing_data": ("Ontbrekende gegevens", "Missing data"),
    "errors": ("Regels met een fout", "Rules that could not be evaluated"),
    "remediation": ("Wat te doen", "What to do"),
    "legal_basis": ("Grondslag", "Legal basis"),
    "not_counted": ("telt niet mee voor het oordeel", "does not count toward the verdict"),
    "summary": ("Samenvatting", "Summary"),
    "rule": ("Regel", "Rule"),
    "severity": ("Ernst", "Severity"),
    "outcome": ("Uitkomst", "Outcome"),
    "theme": ("Thema", "Theme"),
    "path": ("Plaats", "Path"),
    "message": ("Bevinding", "Finding"),
    "no_findings": ("Geen bevindingen.", "No findings."),
    "rules_total": ("regels", "rules"),
    "sha256": ("SHA-256 van het dossier", "Dossier SHA-256"),
}

_VERDICTS: dict[Verdict, tuple[str, str]] = {
    Verdict.COMPLIANT: ("VOLDOET", "COMPLIANT"),
    Verdict.INCOMPLETE: ("ONVOLLEDIG", "INCOMPLETE"),
    Verdict.NON_COMPLIANT: ("VOLDOET NIET", "NON-COMPLIANT"),
}

_VERDICT_EXPLANATIONS: dict[Verdict, tuple[str, str]] = {
    Verdict.COMPLIANT: (
        "Het dossier voldoet aan elke regel die meetelt.",
        "The dossier meets every rule that counts.",
    ),
    Verdict.INCOMPLETE: (
        "Geen regel die meetelt faalt, maar voor sommige ontbreken gegevens.",
        "No rule that counts fails, but some lack the data to decide.",
    ),
    Verdict.NON_COMPLIANT: (
        "Ten minste één regel die meetelt is niet voldaan.",
        "At least one rule that counts is not met.",
    ),
}

_OUTCOMES: dict[Outcome, tuple[str, str]] = {
    Outcome.PASS: ("voldaan", "passed"),
    Outcome.FAIL: ("niet voldaan", "failed"),
    Outcome.NOT_APPLICABLE: ("niet van toepassing", "not applicable"),
    Outcome.MISSING_DATA: ("gegevens ontbreken", "missing data"),
    Outcome.ERROR: ("fout", "error"),
}

_SEVERITIES: dict[Severity, tuple[str, str]] = {
    Severity.BLOCKING: ("blokkerend", "blocking"),
    Severity.MAJOR: ("zwaar", "major"),
    Severity.MINOR: ("licht", "minor"),
    Severity.ADVISORY: ("advies", "advisory"),
}

_SURENESS: dict[Sureness, tuple[str, str]] = {
    Sureness.CONFIRMED: ("bevestigd", "confirmed"),
    Sureness.SECONDARY: ("secundaire bron", "secondary source"),
    Sureness.UNCONFIRMED: ("onbevestigd", "unconfirmed"),
}


def _pick(pair: tuple[str, str], language: Language) -> str:
    return pair[0] if Language(language) is Language.NL else pair[1]


def label(key: str, language: Language) -> str:
    return _pick(_LABELS[key], language)


def verdict_label(verdict: Verdict, language: Language) -> str:
    return _pick(_VERDICTS[verdict], language)


def verdict_explanation(verdict: Verdict, language: Language) -> str:
    return _pick(_VERDICT_EXPLANATIONS[verdict], language)


def outcome_label(outcome: Outcome, language: Language) -> str:
    return _pick(_OUTCOMES[outcome], language)


def severity_label(severity: Severity, language: Language) -> str:
    return _pick(_SEVERITIES[severity], language)


def sureness_label(sureness: Sureness, language: Language) -> str:
    return _pick(_SURENESS[sureness], language)
