"""The words reports use, in Dutch and English."""

from __future__ import annotations

from toelating.text import Language
from toelating.vocabulary import Outcome, Severity, Sureness, Verdict

_LABELS: dict[str, tuple[str, str]] = {
    # waivers, what fails next, the to-do list
    "waived": ("Geaccepteerde afwijkingen (waivers)", "Waived (accepted by the certifier)"),
    "waiver": ("waiver", "waived"),
    "waiver_by": ("goedgekeurd door", "approved by"),
    "waiver_until": ("geldig tot en met", "valid until"),
    "waiver_notices": ("Waivers die niet (meer) gelden", "Waivers that do not apply"),
    "waiver_expired": ("verlopen op", "expired on"),
    "waiver_unused": ("past op geen enkele bevinding", "matches no finding"),
    "upcoming": (
        "Binnenkort niet meer voldaan (tot en met {date})",
        "Coming up: starts failing (until {date})",
    ),
    "no_upcoming": ("Tot en met {date} gaat er niets mis.", "Nothing starts failing until {date}."),
    "changes_ahead": ("Regels en parameters die wijzigen", "Rules and parameters that change"),
    "todo": ("Te doen", "To do"),
    "todo_before_application": ("vóór de aanvraag op {date}", "before the application on {date}"),
    "todo_now": ("nu", "now"),
    "todo_before": ("vóór {date}", "before {date}"),
    "todo_missing": ("Vul de ontbrekende gegevens aan", "Add the missing data"),
    "agency": ("Uitlener", "Agency"),
    "kvk": ("KvK-nummer", "KvK number"),
    "dossier": ("Dossier", "Dossier"),
    "check_date": ("Controledatum", "Check date"),
    "application_date": ("Aanvraagdatum", "Application date"),
    "rulebook": ("Regelboek", "Rulebook"),
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
    "message": ("Bevinding", "Finding"),
    "rules_total": ("regels", "rules"),
    "sha256": ("SHA-256 van het dossier", "Dossier SHA-256"),
    # Markdown, JUnit, SARIF and PDF
    "report_title": ("Rapport toelatingstoets", "Admission check report"),
    "report_subtitle": (
        "Wet toelating terbeschikkingstelling arbeidskrachten (Wtta)",
        "Dutch admission system for staffing agencies (Wtta)",
    ),
    "tool_version": ("Versie programma", "Tool version"),
    "rulebook_version": ("Versie regelboek", "Rulebook version"),
    "fail_on": ("Telt mee vanaf ernst", "Counts from severity"),
    "outcomes_by_severity": ("Uitkomsten per ernst", "Outcomes by severity"),
    "total": ("Totaal", "Total"),
    "most_serious": ("Niet voldaan, ernstigste eerst", "Failures, most serious first"),
    "more_failures": (
        "En nog {count} regels die niet voldaan zijn: zie Bevindingen.",
        "And {count} more failed rules: see Findings.",
    ),
    "findings": ("Bevindingen", "Findings"),
    "no_failures": ("Geen enkele regel is niet voldaan.", "No rule failed."),
    "missing_data_intro": (
        "Voor deze regels ontbreken gegevens in het dossier. Vul ze aan en controleer opnieuw.",
        "These rules lack data in the dossier. Add it and check again.",
    ),
    "errors_intro": (
        "Deze regels konden niet worden beoordeeld. Dat is een fout in de regel of het programma,"
        " geen oordeel over het dossier.",
        "These rules could not be evaluated. That is a fault in the rule or the tool,"
        " not a judgement on the dossier.",
    ),
    "all_rules": ("Alle regels en hun uitkomst", "All rules and their outcome"),
    "title": ("Omschrijving", "Title"),
    "items": ("Onderdelen", "Items"),
    "evidence": ("Bewijsstukken", "Evidence"),
    "evidence_id": ("Kenmerk", "ID"),
    "file": ("Bestand", "File"),
    "no_evidence": ("Het dossier noemt geen bewijsstukken.", "The dossier lists no evidence."),
    "signature_title": ("Beoordeling en ondertekening", "Review and signature"),
    "signature_intro": (
        "In te vullen door de certificerende instelling die dit rapport heeft beoordeeld.",
        "To be completed by the certifying body that reviewed this report.",
    ),
    "certifier_name": ("Naam", "Name"),
    "organisation": ("Organisatie", "Organisation"),
    "date": ("Datum", "Date"),
    "place": ("Plaats", "Place"),
    "signature": ("Handtekening", "Signature"),
    "page_of": ("Pagina {page} van {pages}", "Page {page} of {pages}"),
    "disclaimer": (
        "Dit rapport is automatisch opgesteld door toelating uit de gegevens in het dossier."
        " Het vervangt niet het oordeel van de certificerende instelling.",
        "This report was produced automatically by toelating from the data in the dossier."
        " It does not replace the judgement of the certifying body.",
    ),
    "threshold_note": (
        "Regels vanaf ernst '{severity}' tellen mee voor het oordeel.",
        "Rules of severity '{severity}' and above count toward the verdict.",
    ),
    "status": ("Status", "Status"),
    "evidence_ok": ("aanwezig en ongewijzigd", "present and unchanged"),
    "evidence_missing": ("ontbreekt", "missing"),
    "evidence_mismatch": ("gewijzigd (SHA-256 wijkt af)", "changed (SHA-256 differs)"),
    "evidence_outside": ("buiten de dossiermap", "outside the dossier folder"),
    "evidence_not_a_file": ("geen bestand", "not a file"),
    "evidence_unreadable": ("onleesbaar", "unreadable"),
    "full_description": (
        "{title}. Thema: {theme}. Ernst: {severity}.",
        "{title}. Theme: {theme}. Severity: {severity}.",
    ),
    # a rulebook changed with --rules: on the verdict line and in a section of its own
    "unofficial": ("niet het officiële regelboek", "not the official rulebook"),
    "rulebook_changes": (
        "Afwijkingen van het officiële regelboek (--rules)",
        "Changes to the official rulebook (--rules)",
    ),
    "rulebook_changes_intro": (
        "Dit oordeel is niet met het officiële regelboek gegeven. Deze wijzigingen gelden:",
        "This verdict was not reached with the official rulebook. These changes apply:",
    ),
    "rulebook_replaced": (
        "Het officiële regelboek is vervangen door de map {folder} (met een eigen rulebook.yaml)",
        "The official rulebook is replaced by the folder {folder} (with its own rulebook.yaml)",
    ),
    "overlay": ("Overlay {folder}", "Overlay {folder}"),
    "overlay_unchanged": ("verandert niets", "changes nothing"),
    "change_rule_replaced": (
        "{name} vervangen ({before} → {after})",
        "{name} replaced ({before} → {after})",
    ),
    "change_rule_added": ("{name} toegevoegd ({after})", "{name} added ({after})"),
    "change_rule_disabled": ("{name} uitgeschakeld", "{name} disabled"),
    "change_severity_changed": (
        "{name}: ernst {before} → {after}",
        "{name}: severity {before} → {after}",
    ),
    "change_parameter_replaced": (
        "parameter {name}: {before} → {after}",
        "parameter {name}: {before} → {after}",
    ),
    "change_parameter_added": (
        "parameter {name} toegevoegd: {after}",
        "parameter {name} added: {after}",
    ),
    "change_reason": ("reden", "reason"),
}

_VERDICTS: dict[Verdict, tuple[str, str]] = {
    Verdict.COMPLIANT: ("VOLDOET", "COMPLIANT"),
    Verdict.INCOMPLETE: ("ONVOLLEDIG", "INCOMPLETE"),
    Verdict.UNDETERMINED: ("NIET TE BEPALEN", "UNDETERMINED"),
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
    Verdict.UNDETERMINED: (
        "Een regel die meetelt kon niet worden geëvalueerd; de uitkomst is niet te vertrouwen. "
        "Zie de regels met een fout hieronder en meld ze bij de beheerder van de regels.",
        "A rule that counts could not be evaluated, so the result cannot be trusted. See the "
        "rules that could not be evaluated below and report them to the rule maintainers.",
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
    Sureness.PRIMARY_VIA_TRANSCRIPTION: (
        "wettekst (via transcriptie)",
        "the law's text (via a transcription)",
    ),
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
