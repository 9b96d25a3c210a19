"""`toelating rules test`: run every rule's examples and case files like a test runner."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from toelating.errors import Problem, RulebookError, ToelatingError
from toelating.rulebook.examples import ExampleRun, run_example
from toelating.rulebook.load import CASES_SUFFIX, Rulebook
from toelating.rulebook.model import Example
from toelating.source import load_document
from toelating.validation import validated


class CasesFile(BaseModel):
    """<RULE-ID>.cases.yaml beside a rule: more examples, in the same form."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cases: list[Example]


@dataclass(frozen=True)
class RuleTestResult:
    rule_id: str
    runs: tuple[ExampleRun, ...]

    @property
    def passed(self) -> bool:
        return all(run.passed for run in self.runs)


def case_file(source: Path | None, rule_id: str) -> Path | None:
    if source is None:
        return None
    path = source.with_name(f"{rule_id}{CASES_SUFFIX}")
    return path if path.is_file() else None


def load_cases(path: Path) -> list[Example]:
    return validated(CasesFile, load_document(path), RulebookError).cases


def run_rule_tests(rulebook: Rulebook) -> list[RuleTestResult]:
    """Every example and case of every rule; a broken case file is a RulebookError."""
    problems: list[Problem] = []
    results = []
    for compiled in rulebook.rules:
        examples = list(compiled.rule.examples)
        extra = case_file(compiled.source, compiled.id)
        if extra:
            try:
                examples.extend(load_cases(extra))
            except ToelatingError as error:
                problems.extend(error.problems)
        runs = tuple(run_example(rulebook, compiled.id, example) for example in examples)
        results.append(RuleTestResult(compiled.id, runs))
    if problems:
        raise RulebookError(problems)
    return results


def render_text(results: list[RuleTestResult]) -> str:
    lines: list[str] = []
    for result in results:
        failed = [run for run in result.runs if not run.passed]
        status = "ok  " if not failed else "FAIL"
        lines.append(
            f"{result.rule_id:<9} {status}  "
            f"{len(result.runs) - len(failed)}/{len(result.runs)} examples"
        )
        lines.extend(f"    ✗ {run.example.name}: {run.problem}" for run in failed)
    passed = sum(1 for result in results if result.passed)
    lines.append("")
    lines.append(f"{passed} passed, {len(results) - passed} failed")
    return "\n".join(lines) + "\n"


def render_junit(results: list[RuleTestResult]) -> bytes:
    """One testcase per example, grouped per rule, so CI shows which example broke."""
    runs = [run for result in results for run in result.runs]
    failures = sum(1 for run in runs if not run.passed)
    root = ET.Element(
        "testsuites",
        {"name": "toelating rules", "tests": str(len(runs)), "failures": str(failures)},
    )
    for result in results:
        root.append(_suite(result))
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _suite(result: RuleTestResult) -> ET.Element:
    failures = sum(1 for run in result.runs if not run.passed)
    suite = ET.Element(
        "testsuite",
        {"name": result.rule_id, "tests": str(len(result.runs)), "failures": str(failures)},
    )
    for case in _cases(result):
        suite.append(case)
    return suite


def _cases(result: RuleTestResult) -> Iterator[ET.Element]:
    for run in result.runs:
        case = ET.Element("testcase", {"classname": result.rule_id, "name": run.example.name})
        if run.problem:
            ET.SubElement(case, "failure", {"message": run.problem, "type": "unexpected_outcome"})
        yield case
