"""The dossiers one `toelating serve` works on: FOLDER's own dossier, or the dossier folders in
it, and a new dossier made from the template of `toelating init` when there is none."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from toelating.dossier.load import DOSSIER_FILE_NAMES, locate_dossier_file
from toelating.errors import ToelatingError
from toelating.text import Language


@dataclass
class Workspace:
    folder: Path
    as_of: dt.date | None  # None: today, each time the screen checks
    rulebook: Any  # toelating.rulebook.load.Rulebook, loaded once

    def check_date(self) -> dt.date:
        return self.as_of or dt.date.today()

    @cached_property
    def single(self) -> bool:
        """FOLDER is one dossier (or is empty: a new dossier goes into FOLDER itself)."""
        return _has_dossier(self.folder) or not self._subfolders()

    def dossiers(self) -> list[Path]:
        """The dossier files, in a stable order (the screen names them by place in it)."""
        if self.single:
            return [locate_dossier_file(self.folder)] if _has_dossier(self.folder) else []
        return [locate_dossier_file(sub) for sub in self._subfolders()]

    def dossier(self, number: int) -> Path | None:
        found = self.dossiers()
        return found[number] if 0 <= number < len(found) else None

    def _subfolders(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(
            sub
            for sub in self.folder.iterdir()
            if sub.is_dir() and not sub.is_symlink() and _has_dossier(sub)
        )

    def create(self, name: str, language: Language) -> int:
        """Write `toelating init`'s template for a new dossier; its number on the screen.

        Into FOLDER when it holds none, else into a new folder named after the agency.
        """
        from toelating.template import write_template

        target = self.folder if self.single else self.folder / _folder_name(name)
        write_template(target, language)
        if target != self.folder:
            self.__dict__.pop("single", None)
        else:
            self.__dict__["single"] = True
        written = locate_dossier_file(target)
        return next(i for i, path in enumerate(self.dossiers()) if path == written)


def _has_dossier(folder: Path) -> bool:
    return any((folder / name).is_file() for name in DOSSIER_FILE_NAMES)


def _folder_name(name: str) -> str:
    """A folder name from an agency's name: letters, digits and dashes only."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60]
    return slug or "dossier"


def readable(path: Path) -> str | None:
    """Why a dossier cannot be opened, or None (a refusal is shown, never a traceback)."""
    from toelating.dossier.load import load_dossier

    try:
        load_dossier(path)
    except ToelatingError as error:
        return "\n".join(problem.render() for problem in error.problems)
    return None
