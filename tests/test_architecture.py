"""House rules that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest
from conftest import ROOT

PACKAGE = ROOT / "toelating"
MODULES = sorted(PACKAGE.rglob("*.py"))


def imported_modules(path: object) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))  # type: ignore[attr-defined]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_cli_imports_click(path: object) -> None:
    if path.name != "cli.py":  # type: ignore[attr-defined]
        assert "click" not in imported_modules(path)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_has_a_docstring(path: object) -> None:
    assert ast.get_docstring(ast.parse(path.read_text("utf-8"))), path  # type: ignore[attr-defined]


def test_help_and_version_stay_off_heavy_imports() -> None:
    probe = (
        "import sys\n"
        "from toelating.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('cel_expr_python', 'reportlab', 'pydantic', 'ruamel', 'jsonschema')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "sys.stderr.write(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr == ""
