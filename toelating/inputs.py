"""Which dossiers a command line names: files, folders, patterns, and `-` for paths on
standard input. A path that exists is what it says; only one that does not is a pattern;
what yields no dossier at all is refused, so that no run checks none and passes."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable
from pathlib import Path

from toelating.dossier.load import DOSSIER_FILE_NAMES
from toelating.errors import Text, UsageError
from toelating.targets import display


def expand_inputs(arguments: list[str], read_stdin: Callable[[], str]) -> list[Path]:
    """Files, folders and glob patterns, in the order given; `-` reads paths from standard
    input, one a line. A path that exists is what it says, even with [ ] * ? in its name: only
    one that does not is read as a pattern. A pattern, folder or `-` that yields no dossier is
    refused ("no dossier found"), never a run of none."""
    paths: list[Path] = []
    for argument in arguments:
        found = _expand(argument, read_stdin)
        missing = _nothing_found(argument) if not found else _no_dossier_in(argument)
        if missing is not None:  # lang: toelating/locale/*/paths.yaml
            raise UsageError.single(display(argument), missing)
        paths.extend(found)
    return paths


def _expand(argument: str, read_stdin: Callable[[], str]) -> list[Path]:
    if argument == "-":
        return [_listed(line) for line in read_stdin().split("\n") if line.strip()]
    if os.path.lexists(argument) or not glob.has_magic(argument):
        return [Path(argument)]
    return [Path(match) for match in sorted(glob.glob(argument, recursive=True))]


def _listed(line: str) -> Path:
    """A path as standard input lists it: the whole line but its ending, spaces and all (a
    name may begin or end with one; a path with stray spaces is missing, and says so)."""
    return Path(line.removesuffix("\r"))


def _nothing_found(argument: str) -> Text:
    if argument == "-":
        return Text.of("paths.stdin_lists_nothing")
    return Text.of("paths.pattern_matches_nothing")


def _no_dossier_in(argument: str) -> Text | None:
    """Why a folder given as an argument holds no dossier, or None (a file, or a folder
    that holds one; a folder listed on standard input or matched is checked as a dossier)."""
    folder = Path(argument)
    if argument == "-" or (glob.has_magic(argument) and not os.path.lexists(argument)):
        return None
    if not os.path.isdir(folder) or any(os.path.isfile(folder / n) for n in DOSSIER_FILE_NAMES):
        return None
    names = ", ".join(DOSSIER_FILE_NAMES)
    inner = _dossiers_below(folder)
    if not inner:
        return Text.of("paths.folder_without_dossier", names=names)
    pattern = display(folder / "*")
    return Text.of("paths.folder_with_dossiers_below", names=names, count=inner, pattern=pattern)


def _dossiers_below(folder: Path) -> int:
    try:
        children = [child for child in folder.iterdir() if child.is_dir()]
        return sum(any((child / n).is_file() for n in DOSSIER_FILE_NAMES) for child in children)
    except OSError:
        return 0
