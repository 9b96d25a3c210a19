"""Digitally signed PDF reports: PAdES with pyHanko (the optional extra `toelating[sign]`).

The PDF report holds an empty signature field in its signature block
(reporters.pdf_identity.SIGNATURE_FIELD); signing fills it with a visible signature whose
reason names the report id and the dossier's SHA-256, and adds an RFC 3161 timestamp when
a timestamp server is given. The certificate and key come from a PKCS#12 file whose
passphrase the command line asks for (or reads from TOELATING_SIGN_PASSPHRASE); it is
never an argument, so it is never in a shell history or a process list.
"""

from __future__ import annotations

import io
import logging
import string
import warnings
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toelating.errors import InputError, Text, UsageError
from toelating.i18n import format_date, message
from toelating.source import read_bytes
from toelating.targets import display
from toelating.text import Language

if TYPE_CHECKING:
    from toelating.report import Report

PASSPHRASE_VARIABLE = "TOELATING_SIGN_PASSPHRASE"
STAMP_FONT = "DejaVuSans.ttf"  # shipped in toelating/fonts: every name a certificate may hold


def import_pyhanko() -> None:
    """Import pyHanko once, or refuse with how to install it. Its import warns that
    cryptography deprecates DSA, a key type it supports and we never use: not for users."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.filterwarnings("ignore", message=".*DSA.*")
            import pyhanko.sign
            import pyhanko.sign.validation  # noqa: F401
    except ImportError:
        raise UsageError.say("toelating[sign]", "signing.needs_extra") from None


@dataclass(frozen=True)
class Signing:
    """A loaded signing key and certificate, and where to get a timestamp (if anywhere)."""

    certificate_file: Path
    signer: Any  # pyhanko.sign.signers.SimpleSigner
    timestamp_url: str | None = None

    def sign(self, pdf: bytes, report: Report, language: Language) -> bytes:
        """The PDF with its signature field signed (PAdES), visibly, in the report's words."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        from toelating.reporters.pdf_identity import SIGNATURE_FIELD

        metadata = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=_reason(report, language),
            location=report.organisation,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        output = io.BytesIO()
        try:
            pdf_signer = signers.PdfSigner(
                metadata,
                signer=self.signer,
                timestamper=_timestamper(self.timestamp_url),
                stamp_style=_stamp_style(report, language, self.signer),
            )
            pdf_signer.sign_pdf(writer, existing_fields_only=True, output=output)
        except Exception as error:  # a timestamp server down or refusing: say which
            if self.timestamp_url is None:
                raise
            raise InputError.single(
                "--timestamp-url",
                Text.of("signing.timestamp_failed", url=self.timestamp_url, reason=str(error)),
            ) from None
        return output.getvalue()


def load_signing(
    certificate_file: Path, passphrase: bytes | None, timestamp_url: str | None = None
) -> Signing:
    """The key and certificate chain of a PKCS#12 file; a file that cannot be read or opened
    with this passphrase is refused (exit 2), before anything is checked or written."""
    import_pyhanko()
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        pkcs12,
    )
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    shown = display(certificate_file)
    data = read_bytes(certificate_file, shown)  # a pipe or a folder refused, as any input
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(data, passphrase or None)
    except ValueError:
        raise InputError.single(shown, Text.of("signing.wrong_passphrase")) from None
    if key is None or certificate is None:
        raise InputError.single(shown, Text.of("signing.no_key"))
    der_key = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    chain = [x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in others]
    signer = signers.SimpleSigner(
        signing_cert=x509.Certificate.load(certificate.public_bytes(Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
    )
    return Signing(certificate_file, signer, timestamp_url)


def _timestamper(url: str | None) -> Any:
    if url is None:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=30)


def _reason(report: Report, language: Language) -> str:
    return message(
        "signing.reason", language, report_id=report.report_id, sha256=report.dossier.sha256
    )


def _stamp_style(report: Report, language: Language, signer: Any) -> Any:
    """What the visible signature says: who signed, when, and which report."""
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    text = _stamp_text(report, language, signer)
    return TextStampStyle(
        stamp_text=text.replace("%", "%%").replace("[time]", "%(ts)s"),
        timestamp_format="%Y-%m-%d %H:%M %Z",
        text_box_style=TextBoxStyle(font=_font_factory(_stamp_font(text)), font_size=9),
        border_width=1,
    )


def _stamp_text(report: Report, language: Language, signer: Any) -> str:
    subject = signer.signing_cert.subject.native
    name = subject.get("common_name") or signer.signing_cert.subject.human_friendly
    issued_on = format_date(report.issued_on, language)
    return message(
        "signing.stamp", language, signer=name, report_id=report.report_id, issued_on=issued_on
    )


def _stamp_font(text: str) -> bytes:
    """DejaVu Sans cut down to the glyphs of the stamp, at 1000 units per em: pyHanko
    writes glyph widths in the font's own units, which PDF reads as thousandths of an em
    (DejaVu has 2048, so its letters would stand twice as far apart)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset": harmless
    with (files("toelating") / "fonts" / STAMP_FONT).open("rb") as source:
        font = TTFont(io.BytesIO(source.read()))
    options = subset.Options()
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + string.ascii_letters + string.digits + string.punctuation)
    subsetter.subset(font)
    scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _font_factory(font: bytes) -> Any:
    """pyHanko's glyph accumulator on the font's bytes (its own factory opens a file and
    leaves it open)."""
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class InMemoryFont(FontEngineFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer, font_handle=io.BytesIO(font), font_size=10, obj_stream=obj_stream
            )

    return InMemoryFont()
