"""Exit codes and the typed errors that carry them; mapped to exits in one place (cli)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; 1 means findings and nothing else."""

    COMPLIANT = 0
    FINDINGS = 1
    INPUT_REFUSED = 2
    RULE_ERROR = 3
    INTERNAL_ERROR = 4  # a bug in toelating itself


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    file: str
    path: str  # JSON pointer inside the file, "" for the whole file
    message: str
    line: int | None = None
    column: int | None = None

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        location = f" {self.path}" if self.path else ""
        return f"{where}:{location} {self.message}"


class ToelatingError(Exception):
    """Base of all errors the CLI turns into a clean message and an exit code."""

    exit_code: ExitCode = ExitCode.INPUT_REFUSED

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.path, p.message))

    @classmethod
    def single(
        cls, file: str, message: str, path: str = "", line: int | None = None
    ) -> ToelatingError:
        return cls([Problem(file=file, path=path, message=message, line=line)])


class InputError(ToelatingError):
    """A dossier, waiver or other user input that cannot be read or is invalid."""


class RulebookError(ToelatingError):
    """A rule or parameter file that is invalid."""


class UsageError(ToelatingError):
    """A bad option value or combination."""
