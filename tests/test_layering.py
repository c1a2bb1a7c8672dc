"""Dependencies point one way: no stage imports the command line or click."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "export_kit"
STAGE_FILES = sorted(
    p
    for p in SRC.rglob("*.py")
    if "cli" not in p.relative_to(SRC).parts and p.name != "__main__.py"
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", STAGE_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_library_modules_do_not_import_click_or_the_cli(path: Path) -> None:
    imported = _imports(path)
    assert not any(name == "click" or name.startswith("click.") for name in imported)
    assert not any(name.startswith("export_kit.cli") for name in imported)


@pytest.mark.parametrize("path", STAGE_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_library_modules_do_not_print(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
    ]
    assert not calls, f"{path.name} prints; return data or raise instead"
