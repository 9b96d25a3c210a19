"""Evidence files beside a dossier: where each entry points, whether it is there and intact.

Paths that leave the dossier folder (absolute, `..`, or a link pointing out) are refused
and never opened: their status is `outside` whatever the target holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from toelating.dossier.model import Evidence

CHUNK = 1024 * 1024


class EvidenceStatus(StrEnum):
    OK = "ok"
    MISSING = "missing"  # no such file
    MISMATCH = "mismatch"  # the file's SHA-256 differs from the dossier's
    OUTSIDE = "outside"  # the path leaves the dossier folder: refused, not opened
    NOT_A_FILE = "not_a_file"  # a folder or special file
    UNREADABLE = "unreadable"


def escapes_folder(relative: str) -> bool:
    """Lexical check first: absolute paths, drive letters and `..` never touch the disk."""
    for pure in (PurePosixPath(relative), PureWindowsPath(relative)):
        if pure.is_absolute() or pure.anchor or ".." in pure.parts:
            return True
    return False


def resolve_inside(folder: Path, relative: str) -> Path | None:
    """The evidence file's path when it stays inside folder (links followed), else None."""
    if escapes_folder(relative):
        return None
    root = folder.resolve()
    target = (root / relative).resolve()  # follows links without opening the target
    return target if target.is_relative_to(root) else None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def locate_evidence(folder: Path, relative: str) -> Path | EvidenceStatus:
    """The evidence file to read, or why there is none (nothing is opened): OUTSIDE,
    MISSING, NOT_A_FILE, or UNREADABLE when its folder cannot be searched or links loop."""
    try:
        path = resolve_inside(folder, relative)
        if path is None:
            return EvidenceStatus.OUTSIDE
        if not path.exists():
            return EvidenceStatus.MISSING
        if not path.is_file():
            return EvidenceStatus.NOT_A_FILE
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python 3.11, 3.12)
        return EvidenceStatus.UNREADABLE
    return path


def evidence_digest(path: Path) -> str | None:
    """The SHA-256 of a located file, or None when it cannot be read."""
    try:
        return file_sha256(path)
    except OSError:
        return None


def evidence_status(folder: Path, entry: Evidence) -> EvidenceStatus:
    """Where the entry points, and whether the file there has its sha256 (read only when
    the entry has one)."""
    located = locate_evidence(folder, entry.file)
    if isinstance(located, EvidenceStatus):
        return located
    if entry.sha256 is None:
        return EvidenceStatus.OK
    digest = evidence_digest(located)
    if digest is None:
        return EvidenceStatus.UNREADABLE
    return EvidenceStatus.OK if digest == entry.sha256.lower() else EvidenceStatus.MISMATCH


def inspect_evidence(folder: Path, entries: Iterable[Evidence]) -> dict[str, str]:
    """Status of every evidence entry by id, for rule EVID-01."""
    return {entry.id: evidence_status(folder, entry).value for entry in entries}


class HashAction(StrEnum):
    FILLED = "filled"  # sha256 was absent and is now written
    VERIFIED = "verified"  # sha256 matches the file
    UPDATED = "updated"  # sha256 differed and was replaced (--update)
    MISMATCH = "mismatch"  # sha256 differs; left as it was
    MISSING = "missing"
    OUTSIDE = "outside"
    NOT_A_FILE = "not_a_file"
    UNREADABLE = "unreadable"  # the file (or its folder) cannot be read
    UNHASHED = "unhashed"  # no sha256 and only checking


@dataclass(frozen=True)
class HashResult:
    evidence_id: str
    file: str
    action: HashAction

    @property
    def problem(self) -> bool:
        return self.action in _PROBLEMS


_PROBLEMS = frozenset(
    {
        HashAction.MISMATCH,
        HashAction.MISSING,
        HashAction.OUTSIDE,
        HashAction.NOT_A_FILE,
        HashAction.UNREADABLE,
        HashAction.UNHASHED,
    }
)


@dataclass(frozen=True)
class HashReport:
    """Every entry's result, and whether writing the digests made the dossier version 2."""

    results: tuple[HashResult, ...]
    upgraded: bool = False  # it was version 1; tools that edit a dossier write version 2

    @property
    def problems(self) -> int:
        return sum(1 for result in self.results if result.problem)

    def summary(self) -> str:
        """The last line of the command's output."""
        line = f"{len(self.results)} evidence files, {self.problems} with problems"
        return line + ("; dossier upgraded to format version 2" if self.upgraded else "")


def hash_evidence(dossier_path: Path, write: bool, update: bool = False) -> HashReport:
    """Fill in (or only verify) the sha256 of every evidence entry.

    The dossier is edited as `toelating import` edits it: comments (each above its own
    item), order, quotes, null spelling, exact decimals, BOM and line endings kept; it is
    rewritten atomically with its own mode, only when something changed, and not at all when
    it changed on disk since it was read (UsageError). A version-1 dossier that is rewritten
    becomes version 2; one that is only read stays as it is.
    """
    from toelating.dossier.load import load_dossier
    from toelating.output import write_edited

    loaded = load_dossier(dossier_path)  # refuses an invalid dossier before anything is written
    results = [
        _hash_one(loaded.folder, entry, write, update) for entry in loaded.dossier.evidence or []
    ]
    digests = {r.evidence_id: d for r, d in results if d is not None}
    upgraded = False
    if write and digests:
        data, upgraded = _with_digests(loaded.raw, loaded.path, digests)
        write_edited(loaded.path, data, loaded.path, loaded.raw, "evidence hash", _VERB)
    return HashReport(tuple(result for result, _ in results), upgraded)


_VERB = "write hashes into"  # "write hashes into the file it points to"


def _hash_one(
    folder: Path, entry: Evidence, write: bool, update: bool
) -> tuple[HashResult, str | None]:
    """What to report for the entry, and the digest to write (None: leave it as it is)."""
    located = locate_evidence(folder, entry.file)
    if isinstance(located, EvidenceStatus):
        return HashResult(entry.id, entry.file, HashAction(located.value)), None
    digest = evidence_digest(located)
    if digest is None:
        return HashResult(entry.id, entry.file, HashAction.UNREADABLE), None
    if entry.sha256 is None:
        action = HashAction.FILLED if write else HashAction.UNHASHED
        return HashResult(entry.id, entry.file, action), digest if write else None
    if entry.sha256.lower() == digest:
        return HashResult(entry.id, entry.file, HashAction.VERIFIED), None
    if write and update:
        return HashResult(entry.id, entry.file, HashAction.UPDATED), digest
    return HashResult(entry.id, entry.file, HashAction.MISMATCH), None


def _with_digests(raw: bytes, path: Path, digests: dict[str, str]) -> tuple[bytes, bool]:
    """The dossier's bytes with the digests written into their evidence entries, in the
    current version; and whether that upgraded it from version 1."""
    from toelating.importing.edit import EditableJson, EditableYaml, to_current_version

    label = str(path)
    editable: EditableJson | EditableYaml
    if path.suffix.lower() == ".json":
        editable = EditableJson.of(raw, label)
    else:
        editable = EditableYaml.of(raw, label)
    for entry in editable.data.get("evidence") or []:
        digest = digests.get(entry.get("id"))
        if digest is not None:
            _set_digest(entry, digest)
    upgraded = to_current_version(editable.data)
    return editable.encode(editable.dump()), upgraded


def _set_digest(entry: Any, digest: str) -> None:
    """Replace the sha256 (ruamel keeps its quotes), or add one right after file."""
    from ruamel.yaml.comments import CommentedMap

    from toelating.importing.comments import insert_key

    if "sha256" in entry:
        entry["sha256"] = digest
        return
    position = list(entry).index("file") + 1
    if isinstance(entry, CommentedMap):
        insert_key(entry, position, "sha256", digest)  # comments stay above their own items
    else:  # JSON: a plain dict, rebuilt in order
        items = list(entry.items())
        entry.clear()
        entry.update([*items[:position], ("sha256", digest), *items[position:]])
