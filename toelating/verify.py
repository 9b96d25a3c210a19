"""`toelating verify`: does a signed PDF report still prove what it says it checked?

Three questions, each answered line by line in the user's language:
- the signature: intact (no byte of the signed PDF changed), nothing added after it,
  the signer, whether the signer's certificate leads to a trusted root (`--trust`
  certificates; without them the signer is named but not vouched for), and the RFC 3161
  timestamp if there is one;
- the report's identity: `identity.json`, embedded in the PDF when it was made
  (reporters.pdf_identity), read back exactly;
- given the dossier (file or folder): whether the dossier file and every evidence file
  still have the SHA-256 the report states. Evidence is opened as the check opens it
  (toelating.evidence: never outside the dossier folder).

Everything must match for exit 0; anything that does not is exit 1; a file that is not a
PDF report of this program is exit 2.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toelating.errors import ExitCode, InputError, Text, UsageError, printable
from toelating.evidence import EvidenceStatus, evidence_digest, opened_folder
from toelating.i18n import message
from toelating.signing import import_pyhanko
from toelating.source import read_bytes
from toelating.targets import display
from toelating.text import Language

IDENTITY_FILE = "identity.json"  # reporters.pdf_identity.IDENTITY_FILE, without reportlab
DOSSIER_NAMES = ("dossier.yaml", "dossier.yml", "dossier.json")


@dataclass(frozen=True)
class Line:
    """One thing verified: whether it matches, and what was found, in the user's words."""

    ok: bool
    text: str


@dataclass
class Verification:
    """Every line verify says, in sections; exit 0 only when every line matches."""

    language: Language
    sections: list[tuple[str, list[Line]]] = field(default_factory=list)

    def add(self, title_key: str, lines: list[Line], **values: Any) -> None:
        self.sections.append((self.say(title_key, **values), lines))

    def say(self, key: str, **values: Any) -> str:
        return message(f"verify.{key}", self.language, **values)

    @property
    def matches(self) -> bool:
        return all(line.ok for _, lines in self.sections for line in lines)

    def render(self) -> str:
        out = []
        for title, lines in self.sections:
            out.append(printable(title))
            out += [f"  {'✓' if line.ok else '✗'} {printable(line.text)}" for line in lines]
        out.append(self.say("all_match" if self.matches else "not_all_match"))
        return "\n".join(out) + "\n"

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.COMPLIANT if self.matches else ExitCode.FINDINGS


def verify_report(
    pdf_path: Path, dossier: Path | None, trust: tuple[Path, ...], language: Language
) -> Verification:
    """Check the PDF's signature, read its identity, and compare the dossier's hashes."""
    import_pyhanko()
    for name in ("pyhanko", "pyhanko_certvalidator"):  # reasons go in our lines, not tracebacks
        logging.getLogger(name).setLevel(logging.CRITICAL)
    reader = _reader(pdf_path)
    result = Verification(language)
    result.add("signature_title", _signature_lines(reader, trust, result))
    reports = _identities(reader, pdf_path)
    if dossier is None:
        for identity in reports:
            result.add("report_title", [], report_id=identity.get("report_id"))
        return result
    if len(reports) != 1:
        raise UsageError.say(display(pdf_path), "verify.several_reports", count=len(reports))
    identity = reports[0]
    lines = _dossier_lines(identity, dossier, result)
    result.add("report_title", lines, report_id=identity.get("report_id"))
    return result


def _reader(pdf_path: Path) -> Any:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    shown = display(pdf_path)
    data = read_bytes(pdf_path, shown)  # a pipe or a folder refused, as any input
    if not data.startswith(b"%PDF-"):
        raise InputError.single(shown, Text.of("verify.not_a_pdf"))
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as error:
        raise InputError.single(shown, Text.of("verify.broken_pdf", reason=str(error))) from None


# --- the signature ------------------------------------------------------------------------


def _signature_lines(reader: Any, trust: tuple[Path, ...], result: Verification) -> list[Line]:
    signatures = reader.embedded_signatures
    if not signatures:
        return [Line(False, result.say("not_signed"))]
    lines: list[Line] = []
    context = _validation_context(trust)
    for signature in signatures:
        lines += _one_signature(signature, context, bool(trust), result)
    return lines


def _validation_context(trust: tuple[Path, ...]) -> Any:
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko_certvalidator import ValidationContext

    if not trust:  # no trusted root: the signer's name is shown, but not vouched for
        return ValidationContext(trust_roots=[], allow_fetching=False)
    try:
        roots = list(load_certs_from_pemder([str(path) for path in trust]))  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:
        raise InputError.single(
            ", ".join(display(path) for path in trust),
            Text.of("verify.bad_trust", reason=str(error)),
        ) from None
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def _one_signature(
    signature: Any, context: Any, trust_given: bool, result: Verification
) -> list[Line]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = validate_pdf_signature(signature, context)
    signer = certificate_name(status.signing_cert)
    whole = status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    intact = bool(status.intact and status.valid)
    lines = [
        Line(intact, result.say("intact" if intact else "broken")),
        Line(whole, result.say("whole_file" if whole else "added_after")),
        Line(True, result.say("signer", signer=signer)),
        _trust_line(status.trusted, trust_given, result),
    ]
    return [*lines, *_timestamp_lines(status.timestamp_validity, result)]


def _trust_line(trusted: bool, trust_given: bool, result: Verification) -> Line:
    if trusted:
        return Line(True, result.say("trusted"))
    return Line(False, result.say("untrusted" if trust_given else "no_trust_given"))


def _timestamp_lines(timestamp: Any, result: Verification) -> list[Line]:
    if timestamp is None:
        return [Line(True, result.say("no_timestamp"))]
    authority = certificate_name(timestamp.signing_cert)
    when = timestamp.timestamp.strftime("%Y-%m-%d %H:%M:%S %Z")
    ok = bool(timestamp.intact and timestamp.valid and timestamp.trusted)
    key = "timestamp" if ok else "timestamp_bad"
    return [Line(ok, result.say(key, time=when, authority=authority))]


def certificate_name(certificate: Any) -> str:
    """'Common name (organisation)' of a certificate's subject, else all of the subject."""
    subject = certificate.subject.native
    name, organisation = subject.get("common_name"), subject.get("organization_name")
    if not name:
        return str(certificate.subject.human_friendly)
    return f"{name} ({organisation})" if organisation else str(name)


# --- the identity --------------------------------------------------------------------------


def _identities(reader: Any, pdf_path: Path) -> list[Mapping[str, Any]]:
    """The reports' identities as the PDF embeds them (identity.json)."""
    shown = display(pdf_path)
    data = _embedded_file(reader, IDENTITY_FILE)
    if data is None:
        raise InputError.single(shown, Text.of("verify.no_identity"))
    try:
        document = json.loads(data.decode("utf-8"))
        reports = document["reports"]
        assert document["identity_version"] == 1 and isinstance(reports, list) and reports
        assert all(isinstance(identity, dict) for identity in reports)
    except (ValueError, KeyError, TypeError, AssertionError):
        raise InputError.single(shown, Text.of("verify.bad_identity")) from None
    return reports


def _embedded_file(reader: Any, name: str) -> bytes | None:
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError:
        return None
    pairs = list(names)
    for key, spec in zip(pairs[::2], pairs[1::2], strict=True):
        if str(key) == name:
            data: bytes = spec.get_object()["/EF"]["/F"].get_object().data
            return data
    return None


# --- the dossier and its evidence -------------------------------------------------------


def _dossier_lines(identity: Mapping[str, Any], dossier: Path, result: Verification) -> list[Line]:
    file, folder = _dossier_file(dossier, str(identity.get("dossier_file") or ""))
    lines = [_digest_line(file.name, _file_digest(file), identity.get("dossier_sha256"), result)]
    with opened_folder(folder) as root:
        for entry in identity.get("evidence") or []:
            found = evidence_digest(root, str(entry.get("file")))
            where = f"{entry.get('id')} ({entry.get('file')})"
            lines.append(_digest_line(where, found, entry.get("sha256"), result))
    return lines


def _dossier_file(given: Path, named: str) -> tuple[Path, Path]:
    """The dossier file and its folder: a folder holds the file the report names."""
    if given.is_dir():
        for name in (named, *DOSSIER_NAMES):
            if name and (given / name).is_file():
                return given / name, given
        raise InputError.say(display(given), "verify.no_dossier_in_folder", name=named)
    if not given.is_file():
        raise InputError.say(display(given), "verify.no_dossier")
    return given, given.parent


def _file_digest(path: Path) -> str | EvidenceStatus:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return EvidenceStatus.UNREADABLE


def _digest_line(
    where: str, found: str | EvidenceStatus, stated: object, result: Verification
) -> Line:
    """Whether a file holds what the report states. A file the report states could not
    be read at check time matches only when it still cannot be."""
    if isinstance(found, EvidenceStatus):
        if stated is None:
            return Line(True, result.say("still_absent", where=where, status=found.value))
        return Line(False, result.say("now_absent", where=where, status=found.value))
    if stated is None:
        return Line(False, result.say("now_present", where=where))
    if found == str(stated).lower():
        return Line(True, result.say("digest_matches", where=where))
    return Line(
        False, result.say("digest_differs", where=where, found=found[:16], stated=str(stated)[:16])
    )
