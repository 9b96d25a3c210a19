"""A throwaway certificate authority and a local RFC 3161 timestamp service, made in the test.

The CA signs two certificates: a signer's (digital signature, non-repudiation), saved with
its key as a PKCS#12 file, and a timestamp authority's (extended key usage timeStamping).
The timestamp service is pyHanko's DummyTimeStamper behind a small HTTP server on
127.0.0.1, so `--timestamp-url` goes through the real HTTP client: no network.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from toelating.signing import import_pyhanko

PASSPHRASE = "geheim wachtwoord"
NOW = dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Pki:
    root_pem: Path  # the CA certificate, for verify --trust
    signer_p12: Path  # signer key and certificate, with PASSPHRASE
    tsa_certificate: x509.Certificate
    tsa_key: rsa.RSAPrivateKey
    other_root_pem: Path  # a CA that signed nothing here


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Keurmerk Toetsing B.V."),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
        ]
    )


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
    extensions: list[tuple[x509.ExtensionType, bool]],
) -> x509.Certificate:
    issuer_name, issuer_key = issuer or (_name(subject), key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if issuer is not None:
        identifier = x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key())
        builder = builder.add_extension(identifier, False)
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical)
    return builder.sign(issuer_key, hashes.SHA256())


def _usage(**flags: bool) -> x509.KeyUsage:
    names = [
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    ]
    return x509.KeyUsage(**{name: flags.get(name, False) for name in names})


def _root(common_name: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    extensions: list[tuple[x509.ExtensionType, bool]] = [
        (x509.BasicConstraints(ca=True, path_length=None), True),
        (_usage(key_cert_sign=True, crl_sign=True), True),
    ]
    return _certificate(common_name, key, None, extensions), key


def make_pki(folder: Path, signer_name: str = "Ingrid de Jong") -> Pki:
    root, root_key = _root("Test-CA toelating")
    issuer = (root.subject, root_key)
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer = _certificate(
        signer_name,
        signer_key,
        issuer,
        [(_usage(digital_signature=True, content_commitment=True), True)],
    )
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # Dummy is RSA-only
    tsa = _certificate(
        "Test-TSA toelating",
        tsa_key,
        issuer,
        [
            (_usage(digital_signature=True), True),
            (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True),
        ],
    )
    other, _ = _root("Other CA")
    folder.mkdir(parents=True, exist_ok=True)
    root_pem = folder / "ca.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    other_pem = folder / "other-ca.pem"
    other_pem.write_bytes(other.public_bytes(serialization.Encoding.PEM))
    p12 = folder / "signer.p12"
    encryption = serialization.BestAvailableEncryption(PASSPHRASE.encode("utf-8"))
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(b"signer", signer_key, signer, [root], encryption)
    )
    return Pki(root_pem, p12, tsa, tsa_key, other_pem)


@contextmanager
def timestamp_service(pki: Pki) -> Iterator[str]:
    """An RFC 3161 timestamp server on 127.0.0.1 for the duration; yields its URL."""
    import_pyhanko()
    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    der = serialization.Encoding.DER
    pkcs8 = serialization.PrivateFormat.PKCS8
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(pki.tsa_certificate.public_bytes(der)),
        tsa_key=keys.PrivateKeyInfo.load(
            pki.tsa_key.private_bytes(der, pkcs8, serialization.NoEncryption())
        ),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
