"""The template behind `toelating init`: a dossier to fill in, its schema, an evidence folder."""

from __future__ import annotations

from pathlib import Path

from toelating.dossier.load import DOSSIER_FILE_NAMES
from toelating.errors import Problem, Text, UsageError
from toelating.rulebook.load import Rulebook, load_default_rulebook
from toelating.schema import render as render_schema
from toelating.schema import shipped
from toelating.template.descriptions import Described
from toelating.template.fields import dossier_fields
from toelating.template.render import SCHEMA_FILE, Renderer
from toelating.template.usage import rules_by_field
from toelating.text import Language

DOSSIER_FILE = "dossier.yaml"
EVIDENCE_FOLDER = "evidence"
README_FILE = "README.txt"

EVIDENCE_README = Described(
    nl="""\
Bewijsstukken bij het dossier

Zet hier de stukken die het dossier onderbouwen, bijvoorbeeld:
- de VOG voor rechtspersonen (Justis),
- de bankafschriften en ontvangstbevestigingen van de waarborgsom (NAU),
- de verklaring betalingsgedrag (Belastingdienst),
- het inspectierapport en de SNF- of AKF-certificaten van de huisvesting.

Noem elk stuk in dossier.yaml onder evidence, met een korte id en het pad vanaf de map
van het dossier:

evidence:
  - id: vog-rp
    file: evidence/vog-rp.pdf

en verwijs ernaar vanuit het veld waar het bij hoort (bij een VOG: evidence: vog-rp).
De controle meldt een genoemd stuk dat hier ontbreekt (regel EVID-01). Paden buiten
deze map worden niet geopend.
""",
    en="""\
Evidence for the dossier

Put the documents that support the dossier here, for example:
- the VOG for the legal entity (Justis),
- bank statements and receipts of the deposit (NAU),
- the statement of payment behaviour (Belastingdienst),
- the inspection report and the SNF or AKF certificates of the housing.

List each file in dossier.yaml under evidence, with a short id and its path from the
dossier's folder:

evidence:
  - id: vog-rp
    file: evidence/vog-rp.pdf

and refer to it from the field it belongs to (for a VOG: evidence: vog-rp).
The check reports a listed file that is missing here (rule EVID-01). Paths outside this
folder are never opened.
""",
)


def template_text(
    language: Language, rulebook: Rulebook | None = None, live_examples: bool = False
) -> str:
    """The template dossier; with live_examples the commented example items are live."""
    fields = dossier_fields()
    usage = rules_by_field(rulebook or load_default_rulebook(), fields)
    return Renderer(language, usage, live_examples).document(fields)


def write_template(
    folder: Path, language: Language, rulebook: Rulebook | None = None
) -> list[Path]:
    """Write dossier.yaml, dossier.schema.json and evidence/README.txt into folder.

    Refuses (UsageError, nothing written) when any of them, or another dossier file, exists.
    Returns the files written. The rulebook (default: the shipped one) names the rules per field.
    """
    files = {
        folder / DOSSIER_FILE: template_text(language, rulebook),
        folder / SCHEMA_FILE: render_schema(shipped("dossier")),
        folder / EVIDENCE_FOLDER / README_FILE: EVIDENCE_README.get(language),
    }
    _refuse_existing(folder, list(files))
    (folder / EVIDENCE_FOLDER).mkdir(parents=True, exist_ok=True)
    _create(files)
    return list(files)


def _create(files: dict[Path, str]) -> None:
    """Create each file exclusively ("x": never replacing one made meanwhile) with the
    user's usual permissions; on failure remove the ones this call made."""
    created: list[Path] = []
    for path, text in files.items():
        try:
            with path.open("xb") as stream:
                created.append(path)
                stream.write(text.encode("utf-8"))
        except OSError as error:
            for done in created:
                done.unlink(missing_ok=True)
            if isinstance(error, FileExistsError):
                raise UsageError.say(str(path), "paths.exists") from None
            raise UsageError.say(str(path), "paths.cannot_write", reason=error.strerror) from None


def _refuse_existing(folder: Path, targets: list[Path]) -> None:
    """Check everything before writing anything, so a refusal leaves the folder as it was."""
    if folder.exists() and not folder.is_dir():
        raise UsageError.say(str(folder), "paths.is_a_file")
    evidence = folder / EVIDENCE_FOLDER
    blocking = [path for path in targets if path.exists() or path.is_symlink()]
    blocking += [folder / name for name in DOSSIER_FILE_NAMES if (folder / name).exists()]
    if evidence.exists() and not evidence.is_dir():
        blocking.append(evidence)
    exists = Text.of("paths.exists")
    problems = [Problem.of(str(path), "", exists) for path in sorted(set(blocking))]
    if problems:
        raise UsageError(problems)
