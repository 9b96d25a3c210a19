"""The --output-dir folder: one report per dossier and the summary, of one run only.

A run takes a new or empty folder. With `overwrite` it may take one that holds an earlier
run's reports, and replaces only those (the files its summary.json names, and the summary);
any other file of a name it needs is refused, as is a folder another run is writing to.
While a run writes, a marker file in the folder keeps a second run out.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toelating.errors import UNPRINTABLE, InputError, Problem, Text, UsageError
from toelating.source import read_bytes
from toelating.targets import Protected, display, folder_problem, os_reason

SUMMARY_NAMES = ("summary.json", "summary.csv", "index.html", "expiring.csv")
RUNNING = ".toelating-running"  # present while a run writes here, or after one was killed
RESERVED = (*SUMMARY_NAMES, RUNNING)  # names no dossier's report takes (case-folded)
_MAX_STEM_BYTES = 100  # with a counter, an extension and a temporary name, within 255 bytes


def report_names(paths: list[Path], extension: str) -> list[str]:
    """A distinct, readable report file name per dossier: its folder or file name, made safe
    (no control characters or bytes that are not UTF-8, at most 100 bytes, not hidden), never
    a summary's name, and distinct also where the file system ignores case."""
    names: list[str] = []
    taken = {name.casefold() for name in RESERVED}
    for path in paths:
        stem = _safe_stem(_stem(path))
        name, counter = f"{stem}{extension}", 2
        while name.casefold() in taken:
            name, counter = f"{stem}-{counter}{extension}", counter + 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _stem(path: Path) -> str:
    path = Path(os.path.abspath(path))  # `.` and `..` by their names
    if path.suffix == "":
        return path.name
    return path.parent.name if path.stem == "dossier" else path.stem


def _safe_stem(stem: str) -> str:
    """A name every file system takes, Windows's too (a report folder is often copied to an
    office share): no control characters, none of `<>:"/\\|?*`, no trailing dot or space,
    no device name such as CON or LPT1, not hidden."""
    stem = _NOT_ON_WINDOWS.sub("_", UNPRINTABLE.sub("_", stem)).lstrip(".")
    cut = stem.encode("utf-8")[:_MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip(". ")
    if cut.split(".")[0].casefold() in _WINDOWS_DEVICES:
        cut += "_"
    return cut or "dossier"


_NOT_ON_WINDOWS = re.compile(r'[<>:"/\\|?*]')
# Names Windows keeps for devices, with any extension: CON.json is the console, not a file.
_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in "123456789"]
)


@contextmanager
def claimed(folder: Path, names: list[str], overwrite: bool, guard: Protected) -> Iterator[None]:
    """The folder, made ready for this run's reports under names and kept from other runs
    until the block ends; a folder the run made and left empty is removed again."""
    created = _prepare(folder, names, overwrite, guard)
    marker = folder / RUNNING
    try:
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        raise _in_use(folder) from None
    except OSError as error:
        raise UsageError.single(display(folder), os_reason(error)) from None
    try:
        yield
    finally:
        _release(folder, marker, created)


def _release(folder: Path, marker: Path, created: bool) -> None:
    """Remove the marker, and the folder when this run made it and wrote nothing there;
    a folder gone or changed meanwhile is left as it is (the error that ended the run, if
    any, is the one to show)."""
    try:
        marker.unlink(missing_ok=True)
        if created and not any(folder.iterdir()):
            folder.rmdir()
    except OSError:
        pass


def _prepare(folder: Path, names: list[str], overwrite: bool, guard: Protected) -> bool:
    """Check the folder (or make it: True); UsageError when this run must not write there."""
    reason = guard.why(folder)
    if reason is not None:
        raise UsageError.single(display(folder), reason)
    try:
        entries = os.listdir(folder)
    except FileNotFoundError:
        return _make(folder)
    except NotADirectoryError:
        reason = folder_problem(folder) or Text.of("writing.this_not_a_folder")
        raise UsageError.single(display(folder), reason) from None
    except OSError as error:
        raise UsageError.single(display(folder), os_reason(error)) from None
    reason = folder_problem(folder)
    if reason is not None:
        raise UsageError.single(display(folder), reason)
    if RUNNING in entries:
        raise _in_use(folder)
    if entries and not overwrite:
        shown = ", ".join(map(display, sorted(entries)[:3])) + (", ..." if len(entries) > 3 else "")
        raise UsageError.say(display(folder), "output_dir.not_empty", entries=shown)
    if entries:
        _refuse_others(folder, entries, names)
    return False


def _make(folder: Path) -> bool:
    reason = folder_problem(folder.parent) if os.path.isdir(folder.parent) else None
    if reason is not None:
        raise UsageError.single(display(folder), reason)
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        reason = folder_problem(folder.parent) or os_reason(error)
        raise UsageError.single(display(folder), reason) from None
    return True


def _refuse_others(folder: Path, entries: list[str], names: list[str]) -> None:
    """With overwrite: a file this run would replace must be one an earlier run wrote."""
    present = {entry.casefold(): entry for entry in entries}
    earlier = {name.casefold() for name in earlier_reports(folder)}
    foreign = [present[n.casefold()] for n in names if n.casefold() in present.keys() - earlier]
    why = Text.of("output_dir.not_ours")
    if foreign:
        raise UsageError([Problem.of(display(folder / name), "", why) for name in foreign])


def earlier_reports(folder: Path) -> set[str]:
    """The files an earlier run wrote here, as its summary.json names them (none without one)."""
    try:
        document = json.loads(read_bytes(folder / "summary.json", "summary.json"))
        rows = document["dossiers"]
        names = {
            row[kind]
            for row in rows
            for kind in ("report", "calendar")
            if isinstance(row.get(kind), str)
        }
    except (InputError, ValueError, KeyError, TypeError, AttributeError):
        return set()
    return {name for name in names if name == Path(name).name} | set(SUMMARY_NAMES)


def _in_use(folder: Path) -> UsageError:
    return UsageError(
        [Problem.of(display(folder), "", Text.of("output_dir.in_use", marker=RUNNING))]
    )
