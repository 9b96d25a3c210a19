"""Where reports go: output specifications and atomic writes."""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from toelating.errors import InputError, UsageError
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
        raise UsageError.single(str(path), f"cannot write: {error.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_edited(
    target: Path, data: bytes, source: Path, raw: bytes, during: str, verb: str
) -> None:
    """Write an edited input file atomically with the mode of source, unless source changed
    on disk since raw was read from it (the user's edit would be lost): UsageError then.

    during names the command in the message: "changed on disk during {during}; run again";
    verb what it does to a file, for refusals: "{verb} the file it points to".
    """
    refuse_to_replace(target, verb)
    if read_bytes(source, str(source)) != raw:
        raise UsageError.single(str(source), f"changed on disk during {during}; run again")
    try:
        write_atomically(target, data, mode=stat.S_IMODE(source.stat().st_mode))
    except OSError as error:  # write_atomically has removed its temporary file
        raise UsageError.single(str(target), f"cannot write: {error.strerror}") from None


def refuse_to_replace(file: Path, verb: str) -> None:
    """Refuse (InputError, exit 2) to replace file with an edited copy where that would not be
    an edit of it: an atomic rewrite puts a new file in the old one's place, so a symbolic
    link would become a copy of its target, a file with other names (hard links) would leave
    them the old text, and a read-only file or folder would be rewritten regardless.

    verb is what the command does to a file: "{verb} the file it points to". A file that
    does not exist yet (a new --output) needs only a folder to be written in.
    """
    label = str(file)
    if file.is_symlink():
        raise InputError.single(
            label,
            f"is a symbolic link (to {os.readlink(file)}); {verb} the file it points to,"
            " so the link stays a link",
        )
    if file.exists():
        status = file.stat()
        # The permission bits, not only os.access: root may write anything, yet a file
        # without write permission says it is not to be changed.
        if not _writable(file, status.st_mode):
            raise InputError.single(
                label, f"is read-only; make it writable (chmod u+w) to {verb} it"
            )
        if status.st_nlink > 1:
            raise InputError.single(
                label,
                f"has {status.st_nlink} names (hard links), and an edit would reach only this"
                f" one; {verb} a file with one name (a copy)",
            )
    folder = file.parent
    if folder.is_dir() and not _writable(folder, folder.stat().st_mode):
        raise InputError.single(
            label,
            f"its folder is read-only, and an edit writes a new file beside it; make the folder"
            f" writable (chmod u+w) to {verb} it",
        )


def _writable(path: Path, mode: int) -> bool:
    return bool(stat.S_IMODE(mode) & 0o222) and os.access(path, os.W_OK)
