"""Exit codes and the typed errors that carry them; mapped to exits in one place (cli)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Process exit codes; 1 means findings and nothing else."""

    COMPLIANT = 0
    FINDINGS = 1
    INPUT_REFUSED = 2
    RULE_ERROR = 3
    INTERNAL_ERROR = 4  # a bug in toelating itself


@dataclass(frozen=True)
class Text:
    """A catalogue message ("domain.key" with its values), put into words only when the
    language is known: errors are raised deep inside, the language is the command's."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()
    english: str | None = None  # a library's exact English words, said instead in English

    @classmethod
    def of(cls, key: str, /, **values: Any) -> Text:
        return cls(key, tuple(sorted(values.items())))

    def with_english(self, english: str) -> Text:
        """The same message, said in English as english (more exact than the catalogue's
        general words, which only a language without the library's words needs)."""
        return Text(self.key, self.values, english)

    def render(self, language: str) -> str:
        from toelating.i18n import message  # the catalogues are read when a message is said

        if self.english is not None and language == "en":
            return self.english
        # A value may itself be a message (what a file is, what a command does to it).
        values = {k: v.render(language) if isinstance(v, Text) else v for k, v in self.values}
        return message(self.key, language, **values)

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong. `message` is the
    English text (what logs, tests and exceptions carry); `text`, when set, says it in
    the language of the command (see Problem.of)."""

    file: str
    path: str  # JSON pointer inside the file, "" for the whole file
    message: str
    line: int | None = None
    column: int | None = None
    text: Text | None = field(default=None, compare=False)

    @classmethod
    def of(
        cls,
        file: str,
        path: str,
        text: Text,
        line: int | None = None,
        column: int | None = None,
    ) -> Problem:
        return cls(file, path, str(text), line, column, text)

    def render(self, language: str = "en") -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        location = f" {self.path}" if self.path else ""
        said = self.text.render(language) if self.text is not None else self.message
        return printable(f"{where}:{location} {said}")


# What a one-line message must not carry as itself: control characters (a line break would
# split the line, an escape sequence would paint the terminal), line and paragraph
# separators, bidirectional overrides, and lone surrogates (the bytes of a file name that
# is not UTF-8, which no UTF-8 stream takes).
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """Text as one safe line: a byte of a non-UTF-8 file name as \\xNN, any other
    control, bidirectional-override or surrogate character as its escape."""
    return UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class ToelatingError(Exception):
    """Base of all errors the CLI turns into a clean message and an exit code."""

    exit_code: ExitCode = ExitCode.INPUT_REFUSED

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.path, p.message))

    @classmethod
    def single(
        cls, file: str, message: str | Text, path: str = "", line: int | None = None
    ) -> ToelatingError:
        if isinstance(message, Text):
            return cls([Problem.of(file, path, message, line)])
        return cls([Problem(file=file, path=path, message=message, line=line)])

    @classmethod
    def say(cls, file: str, key: str, /, **values: Any) -> ToelatingError:
        """One problem with the whole of file (or an option), from the catalogues."""
        return cls([Problem.of(file, "", Text.of(key, **values))])


class InputError(ToelatingError):
    """A dossier, waiver or other user input that cannot be read or is invalid."""


class RulebookError(ToelatingError):
    """A rule or parameter file that is invalid."""


class UsageError(ToelatingError):
    """A bad option value or combination."""
