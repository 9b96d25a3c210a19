"""House rules that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# --- layers ---------------------------------------------------------------------------------

# Lowest first. A module may import from its own layer or a lower one. Each entry of a layer is
# one unit for the cycle check: a package, a module, or a few modules that form one mechanism.
# findings (the result types) sits below the engine that makes them; cel sits below rulebook,
# because loading a rulebook compiles its rules. The rulebook's example runner and its
# descriptions for people run rules and use the reporters' labels: they sit higher up.
LAYERS: list[list[tuple[str, ...]]] = [
    [
        ("toelating",),
        ("toelating.text", "toelating.i18n"),  # text.fill and i18n's dates: one mechanism
        ("toelating.errors",),
        ("toelating.vocabulary",),
        ("toelating.calendar",),
        ("toelating.workdays",),
        ("toelating.formats",),
    ],
    [
        ("toelating.source",),
        ("toelating.hints",),
        ("toelating.validation",),
        ("toelating.output",),
        ("toelating.targets",),
        ("toelating.report_folder",),
    ],
    [
        ("toelating.dossier",),
        ("toelating.template.fields", "toelating.template.descriptions"),  # the format's fields
        ("toelating.nonconformities",),
        ("toelating.importing",),
        ("toelating.upgrade",),
        ("toelating.evidence",),
        ("toelating.inputs",),
    ],
    [("toelating.cel",)],
    [("toelating.rulebook",)],
    [("toelating.findings",), ("toelating.waivers",), ("toelating.schema",)],
    [("toelating.engine",)],
    [
        ("toelating.horizon",),
        ("toelating.rulebook.examples", "toelating.rulebook.testing"),
        ("toelating.profiling",),
    ],
    [("toelating.report",), ("toelating.todo",)],
    [
        ("toelating.reporters",),
        ("toelating.rulebook.describe", "toelating.rulebook.reference"),
        ("toelating.spreadsheet",),
        ("toelating.reminders",),
        ("toelating.dashboard",),
        ("toelating.signing",),
        ("toelating.issuing",),
        ("toelating.diff",),
        ("toelating.template",),
    ],
    [("toelating.checking",), ("toelating.batch",), ("toelating.verify",)],
    [("toelating.cli",), ("toelating.__main__",), ("toelating.web",)],
]
# Imports against the layers, each with its reason (the test fails when one is gone).
UPWARD = {
    # shipped() reads a schema file; the same module's generate() needs every model
    ("toelating.rulebook.load", "toelating.schema"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULE_PATHS = {module_name(path): path for path in MODULES}


def unit_of(module: str) -> tuple[int, tuple[str, ...]]:
    """The layer and the unit a module belongs to (the longest prefix that names it)."""
    best: tuple[int, tuple[str, ...], int] | None = None
    for layer, units in enumerate(LAYERS):
        for unit in units:
            for prefix in unit:
                within = module.startswith(prefix + ".") and prefix != "toelating"
                if (module == prefix or within) and (best is None or len(prefix) > best[2]):
                    best = (layer, unit, len(prefix))
    assert best is not None, f"{module} is in no layer of tests/test_architecture.py"
    return best[0], best[1]


def internal_imports(path: Path) -> set[str]:
    """The toelating modules a module imports, anywhere but under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for statement in node.body
        for inner in ast.walk(statement)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            while name not in MODULE_PATHS and "." in name:
                name = name.rsplit(".", 1)[0]
            if name in MODULE_PATHS and name.startswith("toelating"):
                found.add(name)
    return found


IMPORTS = {module: internal_imports(path) for module, path in MODULE_PATHS.items()}


def test_imports_run_one_way() -> None:
    """io/source -> dossier -> cel -> rulebook -> findings -> engine -> report -> reporters ->
    checking/batch -> cli/web: nothing imports from a layer above its own."""
    upward = {
        (module, imported)
        for module, imported_modules in IMPORTS.items()
        for imported in imported_modules
        if unit_of(imported)[0] > unit_of(module)[0]
    }
    assert upward == UPWARD


def test_no_cycles_between_packages() -> None:
    """Between units (packages, modules), besides the exceptions above: none."""
    graph: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for module, imported_modules in IMPORTS.items():
        unit = unit_of(module)[1]
        graph.setdefault(unit, set()).update(
            unit_of(imported)[1]
            for imported in imported_modules
            if unit_of(imported)[1] != unit and (module, imported) not in UPWARD
        )
    cycles = [component for component in _components(graph) if len(component) > 1]
    assert cycles == []


def _components(graph: dict[tuple[str, ...], set[tuple[str, ...]]]) -> list[list[Any]]:
    """Strongly connected components (Tarjan), iteratively."""
    index: dict[Any, int] = {}
    low: dict[Any, int] = {}
    stack: list[Any] = []
    on_stack: set[Any] = set()
    found: list[list[Any]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found


def test_only_the_cel_package_imports_the_binding() -> None:
    importers = {path for path in MODULES if "cel_expr_python" in imported_modules(path)}
    assert importers
    assert all(path.parent == PACKAGE / "cel" for path in importers), importers
