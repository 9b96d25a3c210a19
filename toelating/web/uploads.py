"""Evidence sent from the screen: stored in the dossier's evidence/ folder under a safe name,
its SHA-256 recorded, and its id set on the field it proves; files already in evidence/ that
the dossier does not list, offered for linking.

A file is written only inside the dossier's own evidence/ folder (never through a link), is
never larger than MAX_BYTES, and must be a PDF, PNG or JPEG by its first bytes as well as by
its name. It is created exclusively (an existing file is never replaced).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVIDENCE_FOLDER = "evidence"
MAX_BYTES = 20 * 1024 * 1024
# The kinds of document evidence is: by ending, the bytes such a file starts with.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
# The fields that name the evidence proving them (a pattern of the format: lists as *).
EVIDENCE_FIELDS = (
    "/vog/*/evidence",
    "/deposit/payments/*/evidence",
    "/tax/payment_behaviour_statement/evidence",
    "/inspection/evidence",
)
_ID = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRefused(ValueError):
    """The file is not taken; the message key (serve.upload_*) says why."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Stored:
    """An evidence file written into the dossier's folder."""

    relative: str  # evidence/<name>, as the dossier lists it
    sha256: str
    path: Path


def safe_name(original: str) -> str:
    """A file name of ASCII letters, digits, dots and dashes, keeping the ending; no folder."""
    base = original.replace("\\", "/").rsplit("/", 1)[-1]
    plain = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem, dot, ending = plain.lower().rpartition(".")
    if not dot:
        stem, ending = ending, ""
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:80] or "bewijsstuk"
    return f"{stem}.{ending}" if ending else stem


def evidence_folder(dossier_folder: Path) -> Path:
    """The dossier's evidence/ folder, made if missing; refused when it is a link or a file."""
    folder = dossier_folder / EVIDENCE_FOLDER
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UploadRefused("upload_folder")
    folder.mkdir(exist_ok=True)
    return folder


def store(dossier_folder: Path, original: str, data: bytes) -> Stored:
    """Write the file under a new safe name in evidence/; UploadRefused when it is not taken."""
    name = safe_name(original)
    ending = "." + name.rpartition(".")[2] if "." in name else ""
    if ending not in SIGNATURES:
        raise UploadRefused("upload_type", endings=", ".join(sorted(SIGNATURES)))
    if not data.startswith(SIGNATURES[ending]):
        raise UploadRefused("upload_content", ending=ending)
    if len(data) > MAX_BYTES:
        raise UploadRefused("upload_size", megabytes=MAX_BYTES // (1024 * 1024))
    folder = evidence_folder(dossier_folder)
    path = _create(folder, name, data)
    return Stored(f"{EVIDENCE_FOLDER}/{path.name}", hashlib.sha256(data).hexdigest(), path)


def _create(folder: Path, name: str, data: bytes) -> Path:
    """Create the file exclusively; a taken name gets -2, -3, ..."""
    stem, dot, ending = name.rpartition(".")
    for number in range(1, 1000):
        candidate = folder / (name if number == 1 else f"{stem}-{number}{dot}{ending}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            descriptor = os.open(candidate, flags, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        return candidate
    raise UploadRefused("upload_folder")


def unlisted(dossier_folder: Path, listed: list[str]) -> list[str]:
    """Files in evidence/ that no evidence entry names (README.txt and hidden files aside)."""
    folder = dossier_folder / EVIDENCE_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    names = {entry.replace("\\", "/").removeprefix("./") for entry in listed}
    return sorted(
        f"{EVIDENCE_FOLDER}/{path.name}"
        for path in folder.iterdir()
        if path.is_file()
        and not path.is_symlink()
        and not path.name.startswith(".")
        and path.name != "README.txt"
        and f"{EVIDENCE_FOLDER}/{path.name}" not in names
    )


def linkable_file(dossier_folder: Path, relative: str, listed: list[str]) -> Stored:
    """An unlisted file of evidence/ with its SHA-256; refused for anything else."""
    if relative not in unlisted(dossier_folder, listed):
        raise UploadRefused("upload_unknown")
    path = dossier_folder / relative
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Stored(relative, digest, path)


def new_id(relative: str, taken: set[str]) -> str:
    """An evidence id from the file's name, unique in the dossier."""
    stem = relative.rsplit("/", 1)[-1].rpartition(".")[0] or "bewijs"
    base = _ID.sub("-", stem).strip("-")[:60] or "bewijs"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def targets(plain: Mapping[str, Any]) -> list[str]:
    """The pointers of the evidence fields the dossier has items for (`/vog/0/evidence`)."""
    from toelating.source import items_at

    found: list[str] = []
    for pattern in EVIDENCE_FIELDS:
        parent = pattern.strip("/").split("/")[:-1]
        for pointer, value, _ in items_at(dict(plain), parent)[0]:
            if isinstance(value, Mapping):
                found.append(f"{pointer}/evidence")
    return found
