"""Where a report may be written: never onto an input, a rule file or evidence, and never
onto anything but a regular file; checked before anything is written and again at each write.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from toelating.errors import Problem, Text, UsageError, printable
from toelating.output import cannot_write, write_atomically

# Names a dossier's folder may hold its dossier under (as toelating.dossier.load reads them).
_DOSSIER_FILE_NAMES = ("dossier.yaml", "dossier.yml", "dossier.json")


def display(path: Path | str) -> str:
    """The path as one line of text any UTF-8 output takes (a non-UTF-8 byte as \\xNN)."""
    return printable(os.fspath(path))


def real(path: Path | str) -> str:
    """The absolute path with every link that exists resolved; the file itself need not exist."""
    return os.path.realpath(path)


def _key(path: str) -> str:
    # Case-folded: on a case-insensitive file system (macOS, Windows) ACME.json is acme.json.
    return path.casefold()


@dataclass(frozen=True)
class Protected:
    """What no report may replace, by real path: inputs (dossiers, the waiver file) and
    evidence files, each with what it is; and folders (rule folders) nothing may be put in."""

    files: dict[str, Text] = field(default_factory=dict)
    folders: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def of(
        cls, dossiers: Iterable[Path], rule_folders: Iterable[Path], waivers: Path | None
    ) -> Protected:
        files: dict[str, Text] = {}
        for dossier in dossiers:
            for file, what in _dossier_files(dossier):
                files[_key(real(file))] = what
        if waivers is not None:
            files[_key(real(waivers))] = Text.of("writing.what_waivers")
        folders = {_key(real(f)): f for f in rule_folders}
        return cls(files, folders)

    def with_evidence(self, dossier_file: Path, evidence_files: Iterable[str]) -> Protected:
        """Also every file the dossier names as evidence, wherever it points (inside its
        folder or not: a report replaces neither)."""
        folder = dossier_file.parent
        what = Text.of("writing.what_evidence", dossier=display(dossier_file))
        added = {_key(real(folder / file)): what for file in evidence_files}
        return Protected({**self.files, **added}, self.folders)

    def merged(self, other: Protected) -> Protected:
        return Protected({**self.files, **other.files}, {**self.folders, **other.folders})

    def why(self, target: Path, where_real: str | None = None) -> Text | None:
        """Why no report may be written at target (whose real path may be given), or None."""
        where = _key(where_real or real(target))
        if where in self.files:
            return Text.of("writing.is_input", what=self.files[where])
        for folder, given in self.folders.items():
            if where == folder or where.startswith(folder.rstrip(os.sep) + os.sep):
                return Text.of("writing.in_rule_folder", folder=display(given))
        return None


def _dossier_files(path: Path) -> list[tuple[Path, Text]]:
    """The files a dossier argument stands for, and what each is: the file itself, or the
    names a folder's dossier is read under (a report there would make it two)."""
    try:
        if path.is_dir():
            what = Text.of("writing.what_dossier_name", folder=display(path))
            return [(path / name, what) for name in _DOSSIER_FILE_NAMES]
    except OSError:  # too long a name, no permission: then it is read as given, and refused
        pass
    return [(path, Text.of("writing.what_dossier", dossier=display(path)))]


def target_problem(
    path: Path, folder_check: Callable[[Path], Text | None] | None = None
) -> Text | None:
    """Why a report cannot be put at path as an ordinary file, or None: a link, folder,
    device or pipe is refused as it is; a missing file needs a writable folder."""
    folder_check = folder_check or folder_problem
    try:
        status = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return folder_check(path.parent)
    except OSError as error:
        return os_reason(error)
    if stat.S_ISLNK(status.st_mode):
        return Text.of("writing.target_link")
    if stat.S_ISDIR(status.st_mode):
        return Text.of("writing.target_folder")
    if not stat.S_ISREG(status.st_mode):
        return Text.of("writing.target_special")
    return folder_check(path.parent)


def folder_problem(folder: Path) -> Text | None:
    """Why no file can be created in folder, or None."""
    folder = folder if str(folder) else Path(".")
    try:
        status = os.stat(folder)
    except (FileNotFoundError, NotADirectoryError):
        blocking = _first_file_among(folder)
        if blocking is not None:
            return Text.of("writing.not_a_folder", path=display(blocking))
        return Text.of("writing.folder_missing", folder=display(folder))
    except OSError as error:
        return os_reason(error)
    if not stat.S_ISDIR(status.st_mode):
        return Text.of("writing.not_a_folder", path=display(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        return Text.of("writing.folder_not_writable", folder=display(folder))
    return None


def _first_file_among(folder: Path) -> Path | None:
    """The first of folder's ancestors (or itself) that exists and is not a folder."""
    for ancestor in reversed((folder, *folder.parents)):
        try:
            if not stat.S_ISDIR(os.stat(ancestor).st_mode):
                return ancestor
        except OSError:
            return None
    return None


def os_reason(error: OSError) -> Text:
    """An OS error as the user's problem, with what to do about the usual ones."""
    if error.errno == errno.ENAMETOOLONG:
        return Text.of("writing.name_too_long")
    if error.errno == errno.ENOSPC:
        return Text.of("writing.no_space")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Text.of("writing.no_permission", reason=error.strerror)
    return cannot_write(error)


def refuse_unsafe(path: Path, protected: Protected) -> None:
    """UsageError saying why no report may be written at path, if it may not."""
    reason = target_problem(path) or protected.why(path)
    if reason is not None:
        raise UsageError.single(display(path), reason)


def refuse_unsafe_all(paths: Iterable[Path], protected: Protected) -> None:
    """One UsageError listing every place no report may go, and every place given twice
    (the second report would replace the first)."""
    places = _Places()
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in paths:
        where = places.real(path)
        if _key(where) in seen:
            also = Text.of("writing.named_twice", other=display(seen[_key(where)]))
            problems.append(_problem(path, also))
            continue
        seen[_key(where)] = path
        reason = target_problem(path, places.problem) or protected.why(path, where)
        if reason is not None:
            problems.append(_problem(path, reason))
    if problems:
        raise UsageError(problems)


class _Places:
    """Each folder resolved and checked once: a batch puts thousands of reports in one."""

    def __init__(self) -> None:
        self._real: dict[Path, str] = {}
        self._problem: dict[Path, Text | None] = {}

    def real(self, path: Path) -> str:
        """The path's real folder and its own name: a link there is refused, not followed."""
        if path.parent not in self._real:
            self._real[path.parent] = real(path.parent)
        return os.path.normpath(os.path.join(self._real[path.parent], path.name))

    def problem(self, folder: Path) -> Text | None:
        if folder not in self._problem:
            self._problem[folder] = folder_problem(folder)
        return self._problem[folder]


def _problem(path: Path, message: Text) -> Problem:
    return Problem.of(display(path), "", message)


def write_report(path: Path, data: bytes, protected: Protected) -> None:
    """Write a report atomically after checking its place again (a link or pipe may have
    appeared there since the run began); any OS error is the user's: UsageError, located."""
    refuse_unsafe(path, protected)
    try:
        write_atomically(path, data)  # turns a failing write or rename into a UsageError
    except OSError as error:  # the temporary file beside it could not be made
        raise UsageError.single(display(path), os_reason(error)) from None
