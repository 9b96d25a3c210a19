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


def evidence_status(folder: Path, entry: Evidence) -> EvidenceStatus:
    path = resolve_inside(folder, entry.file)
    if path is None:
        return EvidenceStatus.OUTSIDE
    if not path.exists():
        return EvidenceStatus.MISSING
    if not path.is_file():
        return EvidenceStatus.NOT_A_FILE
    if entry.sha256 is None:
        return EvidenceStatus.OK
    try:
        actual = file_sha256(path)
    except OSError:
        return EvidenceStatus.UNREADABLE
    return EvidenceStatus.OK if actual == entry.sha256.lower() else EvidenceStatus.MISMATCH


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
        HashAction.UNHASHED,
    }
)


def hash_evidence(dossier_path: Path, write: bool, update: bool = False) -> list[HashResult]:
    """Fill in (or only verify) the sha256 of every evidence entry, keeping the file's
    comments and order; the dossier is rewritten atomically, and only when something changed."""
    from toelating.dossier.load import load_dossier
    from toelating.output import write_atomically

    loaded = load_dossier(dossier_path)  # refuses an invalid dossier before anything is written
    results = [
        _hash_one(loaded.folder, entry, write, update) for entry in loaded.dossier.evidence or []
    ]
    digests = {r.evidence_id: d for r, d in results if d is not None}
    if write and digests:
        text = loaded.path.read_text("utf-8-sig")
        write_atomically(
            loaded.path, _with_digests(text, loaded.path.suffix, digests).encode("utf-8")
        )
    return [result for result, _ in results]


def _hash_one(
    folder: Path, entry: Evidence, write: bool, update: bool
) -> tuple[HashResult, str | None]:
    status = evidence_status(folder, Evidence(id=entry.id, file=entry.file))
    if status is not EvidenceStatus.OK:
        return HashResult(entry.id, entry.file, HashAction(status.value)), None
    path = resolve_inside(folder, entry.file)
    assert path is not None
    digest = file_sha256(path)
    if entry.sha256 is None:
        action = HashAction.FILLED if write else HashAction.UNHASHED
        return HashResult(entry.id, entry.file, action), digest if write else None
    if entry.sha256.lower() == digest:
        return HashResult(entry.id, entry.file, HashAction.VERIFIED), None
    if write and update:
        return HashResult(entry.id, entry.file, HashAction.UPDATED), digest
    return HashResult(entry.id, entry.file, HashAction.MISMATCH), None


def _with_digests(text: str, suffix: str, digests: dict[str, str]) -> str:
    if suffix.lower() == ".json":
        import json

        data = json.loads(text)
        for entry in data.get("evidence", []):
            if entry.get("id") in digests:
                entry["sha256"] = digests[entry["id"]]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return _yaml_with_digests(text, digests)


def _yaml_with_digests(text: str, digests: dict[str, str]) -> str:
    import io

    from toelating.source import round_trip_yaml

    yaml, document = round_trip_yaml(text)
    for entry in document.get("evidence", []):
        if entry.get("id") in digests:
            if "sha256" in entry:
                entry["sha256"] = digests[entry["id"]]
            else:
                entry.insert(list(entry).index("file") + 1, "sha256", digests[entry["id"]])
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()
