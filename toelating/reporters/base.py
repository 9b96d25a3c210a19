"""The one protocol every output format implements, and the options it gets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from toelating.report import Report
from toelating.text import Language


@dataclass(frozen=True)
class RenderOptions:
    language: Language = Language.EN
    colour: bool = False  # ANSI colour: the CLI decides (terminal, NO_COLOR)


class Reporter(Protocol):
    """Turns reports into the bytes of one output format. Never filters, prints or exits."""

    name: str
    extension: str
    default_language: Language  # used when --lang is not given

    def render(self, reports: list[Report], options: RenderOptions) -> bytes: ...
