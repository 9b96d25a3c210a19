"""The output formats by name and file ending: light enough for the CLI to import at start-up."""

from __future__ import annotations

# name -> "module:class"; a format's module is imported only when a report in it is made,
# so `toelating --help` never imports reportlab.
REGISTRY: dict[str, str] = {
    "json": "toelating.reporters.json_report:JsonReporter",
    "junit": "toelating.reporters.junit:JunitReporter",
    "markdown": "toelating.reporters.markdown:MarkdownReporter",
    "pdf": "toelating.reporters.pdf:PdfReporter",
    "sarif": "toelating.reporters.sarif:SarifReporter",
    "text": "toelating.reporters.text:TextReporter",
}

# File endings that choose a format when an output path names none explicitly; the
# longest matching ending wins, so report.junit.xml is JUnit and report.sarif.json is SARIF.
EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".junit.xml": "junit",
    ".md": "markdown",
    ".pdf": "pdf",
    ".sarif": "sarif",
    ".sarif.json": "sarif",
    ".txt": "text",
    ".xml": "junit",
}


def format_names() -> list[str]:
    return sorted(REGISTRY)
