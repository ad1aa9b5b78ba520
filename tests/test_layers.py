"""The design, held: layers that import one way, no import cycle, modules and classes of a size
a reader can hold in mind. (The README's "How it is built" describes what these keep.)"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parent.parent / "kbtui"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 250


def test_the_import_contracts_in_pyproject_hold():
    """import-linter's contracts: layers, and Textual kept out of the core and the session."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_of_kbtui_imports_itself_back():
    graph = grimp.build_graph("kbtui", cache_dir=None)
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported.startswith("kbtui") and graph.chain_exists(imported, module):
                cycles.append(graph.find_shortest_chain(imported, module))
    assert cycles == []


def test_modules_and_classes_stay_small():
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE.parent)
        if (lines := source.count("\n")) > MAX_MODULE_LINES:
            too_long.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_CLASS_LINES:
                    too_long.append(f"{name}: class {node.name}, {length} lines")
    assert too_long == []
