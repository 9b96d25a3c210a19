"""Markdown report: golden files, and dossier text that cannot turn into markup.

Regenerate the golden files after an intended change with:
    TOELATING_UPDATE_GOLDEN=1 pytest tests/test_report_markdown.py
"""

from __future__ import annotations

from pathlib import Path

import markdown_it
import pytest
from report_samples import SAMPLE, compare_golden, sample_report, sample_rulebook

from toelating.reporters import RenderOptions, reporter
from toelating.reporters.markdown import code, escape
from toelating.rulebook.load import Rulebook
from toelating.text import Language

EVIL = "Evil *Corp* <script>alert(1)</script> | [x](https://e.example) `tick` _u_ ~~s~~ $x$ &amp;"


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    return sample_rulebook(tmp_path_factory.mktemp("rules"))


def render(rules: Rulebook, language: Language = Language.EN, dossier: Path = SAMPLE) -> str:
    report = sample_report(rules, dossier)
    return reporter("markdown").render([report], RenderOptions(language)).decode("utf-8")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_golden(rules: Rulebook, language: str) -> None:
    data = render(rules, Language(language)).encode("utf-8")
    compare_golden(f"report-sample.{language}.md", data)


def test_structure_follows_the_text_report(rules: Rulebook) -> None:
    text = render(rules)
    order = [
        "Verdict",
        "### Failures",
        "### Missing data",
        "### Rules that could not",
        "### Waived",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert text.rstrip().endswith("1 error_")
    assert "**Legal basis:** Testwet art. 1 lid 2" in text


def test_dossier_text_is_escaped(rules: Rulebook, tmp_path: Path) -> None:
    evil = SAMPLE.read_text("utf-8").replace("name: Flexwerk Noord B.V.", f"name: '{EVIL}'", 1)
    (tmp_path / "dossier.yaml").write_text(evil, encoding="utf-8")
    html = (
        markdown_it.MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .render(render(rules, dossier=tmp_path / "dossier.yaml"))
    )
    for markup in ("<script", "<em>Corp", "<a href", "<code>tick", "<s>", "<del>"):
        assert markup not in html
    assert "Evil *Corp* &lt;script&gt;" in html  # the text itself survives, literally


def test_escape_and_code_span() -> None:
    assert escape("a*b_c [d] <e> | #1 \\ $") == "a\\*b\\_c \\[d\\] \\<e\\> \\| \\#1 \\\\ \\$"
    assert escape("two\nlines") == "two lines"
    assert code("/a/b") == "`/a/b`"
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"


def test_several_dossiers_are_separated(rules: Rulebook) -> None:
    report = sample_report(rules)
    text = reporter("markdown").render([report, report], RenderOptions()).decode("utf-8")
    assert text.count("## ❌ Verdict") == 2 and "\n---\n" in text
