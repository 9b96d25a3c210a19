"""Where reports go: output specifications and atomic writes."""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from toelating.errors import InputError, Text, UsageError
from toelating.formats import EXTENSIONS, REGISTRY
from toelating.source import read_bytes


@dataclass(frozen=True)
class OutputSpec:
    """One report to write: a format and a file (None: standard output)."""

    format: str
    path: Path | None


def parse_output(spec: str, default_format: str | None) -> OutputSpec:
    """`FORMAT=PATH`, or `PATH` whose ending (.json, .pdf, ...) names the format, else --format."""
    name, sep, rest = spec.partition("=")
    if sep and name in REGISTRY:
        return OutputSpec(name, Path(rest))
    path = Path(spec)
    chosen = _format_by_extension(path) or default_format
    if chosen is None:
        known = ", ".join(sorted(EXTENSIONS))  # lang: toelating/locale/*/paths.yaml
        raise UsageError.say("--output", "paths.unknown_format", spec=repr(spec), known=known)
    return OutputSpec(chosen, path)


def _format_by_extension(path: Path) -> str | None:
    name = path.name.lower()
    for ending, format_name in sorted(EXTENSIONS.items(), key=lambda item: -len(item[0])):
        if name.endswith(ending):
            return format_name
    return None


def _default_mode() -> int:
    """0666 less the process umask, as open() would create the file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written report.

    The file gets mode (permission bits) when given, before any data is written, so a
    private file is never readable by others, not even for a moment; else an ordinary
    file's mode (0666 less the umask).
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError.say(str(path), "paths.folder_missing", folder=folder)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes 0600; a report is an ordinary file, an edited file keeps its mode
        os.fchmod(handle, _default_mode() if mode is None else mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError.single(str(path), cannot_write(error)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cannot_write(error: OSError) -> Text:
    """A failed write in the user's words (the system's reason after it)."""
    return Text.of("writing.cannot_write", reason=error.strerror or str(error))


def write_edited(target: Path, data: bytes, source: Path, raw: bytes, action: str) -> None:
    """Write an edited input file atomically with the mode of source, unless source changed
    on disk since raw was read from it (the user's edit would be lost): UsageError then.

    action names the command in the messages ("import", "evidence", "upgrade", "saving":
    the catalogue's writing.during_* and writing.verb_* keys).
    """
    refuse_to_replace(target, action)
    if read_bytes(source, str(source)) != raw:
        during = Text.of(f"writing.during_{action}")
        raise UsageError.single(str(source), Text.of("writing.changed_on_disk", during=during))
    try:
        write_atomically(target, data, mode=stat.S_IMODE(source.stat().st_mode))
    except OSError as error:  # write_atomically has removed its temporary file
        raise UsageError.single(str(target), cannot_write(error)) from None


def refuse_to_replace(file: Path, action: str) -> None:
    """Refuse (InputError, exit 2) to replace file with an edited copy where that would not be
    an edit of it: an atomic rewrite puts a new file in the old one's place, so a symbolic
    link would become a copy of its target, a file with other names (hard links) would leave
    them the old text, and a read-only file or folder would be rewritten regardless.

    action is what the command does ("import", ...: the catalogue's writing.verb_* keys). A
    file that does not exist yet (a new --output) needs only a folder to be written in.
    """
    label = str(file)
    verb = Text.of(f"writing.verb_{action}")
    if file.is_symlink():
        link = Text.of("writing.link_to_edit", target=os.readlink(file), verb=verb)
        raise InputError.single(label, link)
    if file.exists():
        status = file.stat()
        # The permission bits, not only os.access: root may write anything, yet a file
        # without write permission says it is not to be changed.
        if not _writable(file, status.st_mode):
            raise InputError.single(label, Text.of("writing.read_only_to_edit", verb=verb))
        if status.st_nlink > 1:
            names = Text.of("writing.hard_links_to_edit", count=status.st_nlink, verb=verb)
            raise InputError.single(label, names)
    folder = file.parent
    if folder.is_dir() and not _writable(folder, folder.stat().st_mode):
        raise InputError.single(label, Text.of("writing.folder_read_only_to_edit", verb=verb))


def _writable(path: Path, mode: int) -> bool:
    return bool(stat.S_IMODE(mode) & 0o222) and os.access(path, os.W_OK)
