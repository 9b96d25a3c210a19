"""Where reports go: output specifications and atomic writes."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from toelating.errors import UsageError
from toelating.formats import EXTENSIONS, REGISTRY


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
        known = ", ".join(sorted(EXTENSIONS))
        raise UsageError.single(
            "--output",
            f"cannot tell the format of {spec!r}: use FORMAT=PATH or a file ending in {known}",
        )
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


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written report."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError.single(str(path), f"folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(handle, _default_mode())  # mkstemp makes 0600; a report is an ordinary file
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
