"""The one protocol every output format implements, and the options it gets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from toelating.report import Report
from toelating.text import Language
from toelating.vocabulary import Outcome


@dataclass(frozen=True)
class RenderOptions:
    language: Language = Language.EN
    colour: bool = False  # ANSI colour: the CLI decides (terminal, NO_COLOR)
    width: int | None = None  # wrap lines to this many characters (a terminal's); None: don't


class Reporter(Protocol):
    """Turns reports into the bytes of one output format. Never filters, prints or exits."""

    name: str
    extension: str
    default_language: Language  # used when --lang is not given

    def render(self, reports: list[Report], options: RenderOptions) -> bytes: ...


class SectionWriter:
    """A report written line by line (text, Markdown). Which sections there are, in which
    order and when the to-do list shows live here once; each format writes the sections."""

    def __init__(self, report: Report, language: Language) -> None:
        self.report = report
        self.language = language
        self.lines: list[str] = []

    def write(self) -> str:
        self._header()
        if not self.report.official_rulebook:  # before any finding, so that no reader misses it
            self._rulebook_changes()
        if self.todo_first():
            self._todo()
            self._details_heading()
        self._section(Outcome.FAIL, "failures")
        self._section(Outcome.MISSING_DATA, "missing_data")
        self._section(Outcome.ERROR, "errors")
        self._waived()
        self._waiver_notices()
        self._upcoming()
        self._nonconformities()
        self._footer()
        return "\n".join(self.lines) + "\n"

    def todo_first(self) -> bool:
        """A self-check, or a dossier before its application, reads as a to-do list first."""
        dossier = self.report.dossier
        return dossier.purpose == "self_check" or dossier.application_date is None

    def _details_heading(self) -> None:
        """Where the detail starts after the to-do list (formats that need no heading: none)."""

    def _header(self) -> None:
        raise NotImplementedError

    def _rulebook_changes(self) -> None:
        raise NotImplementedError

    def _section(self, outcome: Outcome, title_key: str) -> None:
        raise NotImplementedError

    def _waived(self) -> None:
        raise NotImplementedError

    def _waiver_notices(self) -> None:
        raise NotImplementedError

    def _upcoming(self) -> None:
        raise NotImplementedError

    def _nonconformities(self) -> None:
        """The inspection's findings; a format that leaves them to INS-02's lines writes none."""

    def _todo(self) -> None:
        raise NotImplementedError

    def _footer(self) -> None:
        raise NotImplementedError
