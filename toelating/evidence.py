r"""Evidence files beside a dossier: where each entry points, whether it is there and intact.

Paths that leave the dossier folder (absolute, `..`, or a link pointing out) are refused
and never opened: their status is `outside` whatever the target holds.

Each file is opened once, by a walk from a descriptor of the dossier folder: every name is
opened with O_NOFOLLOW relative to the folder it stands in, so the kernel follows no link
and nothing swapped in while the walk runs can lead it outside. A link met on the way is
read (never opened) and its target walked the same way, as long as it stays in the folder;
the file's descriptor is then checked (fstat) and hashed, so what is checked is what is
read. O_NONBLOCK keeps a FIFO from hanging the run: it is opened, seen not to be a regular
file and closed.

Names are compared as a person sees them: a dossier written on Windows may separate folders
with `\`, and a Mac writes accented names decomposed (NFD) where an editor types them
composed (NFC); both find their file. `..` and absolute paths stay refused in either form.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from toelating.dossier.model import Evidence
from toelating.text import Language

CHUNK = 1024 * 1024
EVIDENCE_FOLDER = "evidence"  # where `toelating init` puts evidence, beside dossier.yaml
# Files an evidence folder holds that are not evidence: the template's own explanation, and
# what Windows and macOS leave behind.
_NOT_EVIDENCE = frozenset({"readme.txt", "thumbs.db", "desktop.ini"})
MAX_LINKS = 40  # links met in one walk, as the kernel's own limit (ELOOP)

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_LINK_ERRORS = {errno.ELOOP, errno.ENOTDIR, errno.EMLINK}  # O_NOFOLLOW met a link (EMLINK: BSD)


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


@dataclass(frozen=True)
class Folder:
    """The dossier folder, open: every evidence file is looked up from this descriptor."""

    descriptor: int
    real_path: str  # where it is, for a link whose absolute target points inside it


@contextmanager
def opened_folder(folder: Path) -> Iterator[Folder | None]:
    """The dossier folder opened for the walks (None when it cannot be opened)."""
    try:
        real_path = os.path.realpath(folder)
        descriptor = os.open(real_path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        yield None
        return
    try:
        yield Folder(descriptor, real_path)
    finally:
        os.close(descriptor)


class _Refused(Exception):
    def __init__(self, status: EvidenceStatus) -> None:
        super().__init__(status.value)
        self.status = status


def open_evidence(root: Folder | None, relative: str) -> BinaryIO | EvidenceStatus:
    """The regular file at relative below the folder root, open for reading; or why there is
    none. Nothing outside the folder is opened, whatever links are met or swapped in."""
    if escapes_folder(relative):
        return EvidenceStatus.OUTSIDE
    if root is None:
        return EvidenceStatus.UNREADABLE
    walk = _Walk(root)
    try:
        descriptor = walk.open(_names(relative))
    except _Refused as refused:
        return refused.status
    except (OSError, ValueError):  # a link changed as it was read; a NUL in a name
        return EvidenceStatus.UNREADABLE
    finally:
        walk.close()
    return os.fdopen(descriptor, "rb")


def _names(path: str) -> list[str]:
    r"""The names along a path, `\` read as a separator as Windows writes it."""
    return [name for name in path.replace("\\", "/").split("/") if name not in ("", ".")]


def same_name(name: str) -> str:
    """A file name as compared: composed (NFC), so a Mac's decomposed name matches."""
    return unicodedata.normalize("NFC", name)


class _Walk:
    """One walk down from the folder: the folders walked into, and the links met."""

    def __init__(self, root: Folder) -> None:
        self.folders = [root.descriptor]  # the last is where the next name is looked up
        self.real_root = root.real_path
        self.links = 0

    def open(self, names: list[str]) -> int:
        pending = names[::-1]  # the next name last
        while pending:
            name = pending.pop()
            if name == "..":  # only a link's target gets here
                if len(self.folders) == 1:
                    raise _Refused(EvidenceStatus.OUTSIDE)
                os.close(self.folders.pop())
                continue
            last = not pending
            try:
                descriptor = self._open(name, last)
            except OSError as error:
                pending.extend(self._link_target(name, error)[::-1])
                continue
            if last:
                return _regular(descriptor)
            self.folders.append(descriptor)
        raise _Refused(EvidenceStatus.NOT_A_FILE)  # the path names the folder itself

    def _open(self, name: str, last: bool) -> int:
        """The name opened in the current folder; when it is not there as written, the one
        entry whose name is the same once composed (NFC vs a Mac's NFD)."""
        flags = _FILE_FLAGS if last else _FOLDER_FLAGS
        try:
            return os.open(name, flags, dir_fd=self.folders[-1])
        except FileNotFoundError:
            spelled = self._spelled(name)
            if spelled is None:
                raise
            return os.open(spelled, flags, dir_fd=self.folders[-1])

    def _spelled(self, name: str) -> str | None:
        wanted = same_name(name)
        try:
            entries = os.listdir(self.folders[-1])
        except OSError:
            return None
        matches = [entry for entry in entries if entry != name and same_name(entry) == wanted]
        return matches[0] if len(matches) == 1 else None

    def _link_target(self, name: str, error: OSError) -> list[str]:
        """The names a link leads to; any other failure to open as its status."""
        if error.errno not in _LINK_ERRORS or not self._is_link(name):
            raise _Refused(_status_of(error))
        self.links += 1
        if self.links > MAX_LINKS:  # a loop
            raise _Refused(EvidenceStatus.UNREADABLE)
        target = os.readlink(name, dir_fd=self.folders[-1])
        if not target.startswith("/"):
            return _names(target)
        inside = os.path.relpath(target, self.real_root)
        if inside == ".." or inside.startswith("../"):
            raise _Refused(EvidenceStatus.OUTSIDE)
        for descriptor in self.folders[1:]:  # from the top again
            os.close(descriptor)
        del self.folders[1:]
        return _names(inside)

    def _is_link(self, name: str) -> bool:
        try:
            return stat.S_ISLNK(
                os.stat(name, dir_fd=self.folders[-1], follow_symlinks=False).st_mode
            )
        except OSError:
            return False

    def close(self) -> None:
        for descriptor in self.folders[1:]:
            os.close(descriptor)
        del self.folders[1:]


def _regular(descriptor: int) -> int:
    """The descriptor when it is a regular file; a folder, FIFO or device is closed, refused."""
    try:
        regular = stat.S_ISREG(os.fstat(descriptor).st_mode)
    except OSError:
        regular = False
    if not regular:
        os.close(descriptor)
        raise _Refused(EvidenceStatus.NOT_A_FILE)
    return descriptor


def _status_of(error: OSError) -> EvidenceStatus:
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return EvidenceStatus.MISSING  # also a name below a file (a.pdf/b.pdf)
    if error.errno in (errno.ENXIO, errno.EISDIR):  # a socket; a folder opened to write
        return EvidenceStatus.NOT_A_FILE
    return EvidenceStatus.UNREADABLE


def evidence_digest(root: Folder | None, relative: str) -> str | EvidenceStatus:
    """The SHA-256 of the evidence file, read from the descriptor that was checked; or why
    there is none."""
    opened = open_evidence(root, relative)
    if isinstance(opened, EvidenceStatus):
        return opened
    with opened:
        try:
            return _sha256(opened)
        except OSError:
            return EvidenceStatus.UNREADABLE


def _sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(CHUNK), b""):
        digest.update(block)
    return digest.hexdigest()


def evidence_status(root: Folder | None, entry: Evidence) -> EvidenceStatus:
    """Where the entry points, and whether the file there has its sha256 (read only when
    the entry has one)."""
    if entry.sha256 is None:
        opened = open_evidence(root, entry.file)
        if isinstance(opened, EvidenceStatus):
            return opened
        opened.close()
        return EvidenceStatus.OK
    digest = evidence_digest(root, entry.file)
    if isinstance(digest, EvidenceStatus):
        return digest
    return EvidenceStatus.OK if digest == entry.sha256.lower() else EvidenceStatus.MISMATCH


def inspect_evidence(folder: Path, entries: Iterable[Evidence]) -> dict[str, str]:
    """Status of every evidence entry by id, for rule EVID-01."""
    with opened_folder(folder) as root:
        return {entry.id: evidence_status(root, entry).value for entry in entries}


@dataclass(frozen=True)
class EvidenceRecord:
    """One evidence entry as found at check time: its status and the SHA-256 of what was
    read (None when nothing could be read), for EVID-01 and for the report's identity."""

    status: EvidenceStatus
    sha256: str | None


def examine_evidence(folder: Path, entries: Iterable[Evidence]) -> dict[str, EvidenceRecord]:
    """Every entry by id, each file opened and hashed once: the status rules read and the
    digest a report states are of the same bytes."""
    with opened_folder(folder) as root:
        return {entry.id: _examine(root, entry) for entry in entries}


def _examine(root: Folder | None, entry: Evidence) -> EvidenceRecord:
    digest = evidence_digest(root, entry.file)
    if isinstance(digest, EvidenceStatus):
        return EvidenceRecord(digest, None)
    if entry.sha256 is not None and digest != entry.sha256.lower():
        return EvidenceRecord(EvidenceStatus.MISMATCH, digest)
    return EvidenceRecord(EvidenceStatus.OK, digest)


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
    """Every entry's result, whether writing the digests made the dossier version 2, and the
    files in the evidence folder that no entry names."""

    results: tuple[HashResult, ...]
    upgraded: bool = False  # it was version 1; tools that edit a dossier write version 2
    unlisted: tuple[str, ...] = ()  # paths relative to the dossier folder, with /

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
    entries = loaded.dossier.evidence or []
    with opened_folder(loaded.folder) as root:
        results = [_hash_one(root, e, write, update) for e in entries]
    digests = {r.evidence_id: d for r, d in results if d is not None}
    upgraded = False
    if write and digests:
        data, upgraded = _with_digests(loaded.raw, loaded.path, digests)
        write_edited(loaded.path, data, loaded.path, loaded.raw, "evidence")
    unlisted = tuple(unlisted_files(loaded.folder, entries))
    return HashReport(tuple(result for result, _ in results), upgraded, unlisted)


def unlisted_files(folder: Path, entries: Iterable[Evidence]) -> list[str]:
    """Files in the dossier's evidence folder (and below it) that no entry names, sorted, as
    paths relative to the dossier folder: evidence that was put there but not listed. Names
    compare composed (NFC) and with `/`, as the entries' files are found; links are not
    followed."""
    listed = {same_name("/".join(_names(entry.file))) for entry in entries}
    found = []
    for top, folders, files in os.walk(folder / EVIDENCE_FOLDER, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in files:
            relative = Path(top, name).relative_to(folder).as_posix()
            if _evidence_like(name) and same_name(relative) not in listed:
                found.append(relative)
    return sorted(found)


def _evidence_like(name: str) -> bool:
    return not name.startswith((".", "~$")) and name.casefold() not in _NOT_EVIDENCE


def unlisted_advice(unlisted: Iterable[str], dossier: Path, language: Language) -> str:
    """What to do about files in the evidence folder the dossier does not name: each file,
    then how to add it (an entry per file, with an id made from its name), then the hash."""
    from toelating.i18n import message
    from toelating.targets import display

    files = list(unlisted)
    title = "evidence.unlisted_one" if len(files) == 1 else "evidence.unlisted_many"
    lines = [message(title, language, count=len(files))]
    lines += [f"  {display(file)}" for file in files]
    lines.append(message("evidence.unlisted_how", language))
    lines.append("evidence:")
    for file in files:
        lines += [f"  - id: {_suggested_id(file)}", f'    file: "{display(file)}"']
    lines.append(message("evidence.unlisted_then", language, dossier=display(dossier)))
    return "\n".join(lines)


def _suggested_id(file: str) -> str:
    """An id made of the file's name: lower case letters, digits and dashes."""
    stem = unicodedata.normalize("NFKD", PurePosixPath(file).stem).casefold()  # Ü -> U + ¨
    words = "".join(
        c if c.isalnum() and c.isascii() else "-" for c in stem if not unicodedata.combining(c)
    ).split("-")
    return "-".join(word for word in words if word) or "bewijsstuk"


def _hash_one(
    root: Folder | None, entry: Evidence, write: bool, update: bool
) -> tuple[HashResult, str | None]:
    """What to report for the entry, and the digest to write (None: leave it as it is)."""
    digest = evidence_digest(root, entry.file)
    if isinstance(digest, EvidenceStatus):
        return HashResult(entry.id, entry.file, HashAction(digest.value)), None
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
