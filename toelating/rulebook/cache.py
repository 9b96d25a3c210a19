"""A cache of loaded rulebooks on disk, keyed by everything the loaded rulebook depends on.

Loading the shipped rulebook means reading some 65 YAML files, validating them against the
schemas and the models, and compiling and analysing some 650 CEL programs: seconds of CPU,
where a single `toelating check` should start its rules within 0.4 s. The cache keeps the
loaded Rulebook as a pickle in the user's cache folder; each CEL program pickles as
cel-cpp's own serialized checked expression with its analysis (toelating.cel.environment's
Expression.__reduce__), rebuilt with `Env.deserialize`, five times faster than compiling.

Never trusted beyond its key: the key is a SHA-256 of the cache format, the Python version,
the libraries whose objects the pickle holds and the modules of this package (by path, size
and time of change), the folder's path, and every file below the folder (name and bytes).
The file repeats the key at its start; a file without the right key, truncated or corrupt
is ignored and replaced. A file or folder that another user could have written is never
read (a pickle runs code as it loads). A cache folder that cannot be written means no
cache, never an error. `TOELATING_CACHE=off` turns the cache off;
`TOELATING_CACHE=<folder>` puts it there.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from toelating.cel.environment import binding_file

T = TypeVar("T")

FORMAT = b"toelating-rulebook-cache 1\n"
_KEY_SIZE = 32  # bytes of SHA-256


def cached(folder: Path, load: Callable[[Path], T]) -> T:
    """load(folder), from the cache when it holds this exact folder, stored there if not."""
    where = cache_folder()
    if where is None:
        return load(folder)
    key = cache_key(folder)
    path = where / f"rulebook-{key.hex()[:32]}.pickle"
    found = _read(path, key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    loaded = load(folder)
    _write(path, key, loaded)
    _prune(where, keep=path)
    return loaded


def cache_folder() -> Path | None:
    """Where cached rulebooks live, or None when the cache is off."""
    chosen = os.environ.get("TOELATING_CACHE", "")
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "toelating"


def cache_key(folder: Path) -> bytes:
    """SHA-256 of all the loaded rulebook depends on (the module docstring lists it)."""
    digest = hashlib.sha256(FORMAT)
    digest.update(f"{sys.version}\n{folder.resolve()}\n".encode())
    digest.update(_code_digest())
    for path in _files(folder):
        name = path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape")
        content = path.read_bytes()
        digest.update(b"%d:%s%d:" % (len(name), name, len(content)))
        digest.update(content)
    return digest.digest()


def _files(folder: Path) -> Iterator[Path]:
    """Every file below folder, in a fixed order (what any loader could read)."""
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.is_file():
                yield path


@cache
def _code_digest() -> bytes:
    """SHA-256 of the code that made the cached objects: this package's modules and shipped
    schemas, and the libraries whose objects the pickle holds, each by path, size and time of
    change (a changed loader or compiler in a checkout, without a new version, is a new key)."""
    import pydantic
    import pydantic_core

    package = Path(__file__).resolve().parents[1]
    code = [path for path in package.rglob("*") if path.suffix in (".py", ".json")]
    code += [binding_file(), *(Path(lib.__file__ or "") for lib in (pydantic, pydantic_core))]
    digest = hashlib.sha256()
    for path in sorted(code):
        status = path.stat()
        digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.digest()


def _read(path: Path, key: bytes) -> Any:
    """The cached object, or None: absent, another key, written by someone else, corrupt."""
    try:
        with path.open("rb") as stream:
            if not _private(os.fstat(stream.fileno())) or not _private(path.parent.stat()):
                return None
            if stream.read(len(FORMAT) + _KEY_SIZE) != FORMAT + key:
                return None
            return pickle.load(stream)
    except Exception:  # absent, unreadable, truncated, corrupt: load it instead
        return None


def _private(status: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (where the platform says so)."""
    if not hasattr(os, "getuid"):
        return True
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(path: Path, key: bytes, loaded: object) -> None:
    """Store loaded under key; a folder that cannot be written means no cache."""
    try:
        buffer = io.BytesIO()
        buffer.write(FORMAT + key)
        pickle.dump(loaded, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".rulebook-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(buffer.getvalue())
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except Exception:  # unwritable folder, full disk, an object pickle cannot hold
        return


KEPT_FILES = 8  # rulebooks kept: the shipped one and a few of one's own, each under 2 MB


def _prune(where: Path, keep: Path) -> None:
    """Remove all but the KEPT_FILES most recently written rulebooks (old versions, edits)."""
    try:
        found = sorted(where.glob("rulebook-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in [p for p in found if p != keep][: max(0, len(found) - KEPT_FILES)]:
            old.unlink(missing_ok=True)
    except OSError:
        return
