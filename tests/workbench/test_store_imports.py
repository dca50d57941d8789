"""The store and the keys sit at the bottom of the core: they import nothing that builds on them (issue 10).

The store used to import the search index to get its session hooks registered, and ``workbench.keys`` and
the recovery-sheet PDF imported each other. The search index now registers its hooks with the store, and
the sheet prints any object that gives its groups and key id.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "workbench"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (a function-level import is still a dependency)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "store").glob("*.py")), ids=lambda p: p.name)
def test_the_store_imports_nothing_above_it(path: Path) -> None:
    above = ("workbench.search", "workbench.services", "workbench.cli", "workbench.claims", "ui")
    assert not [m for m in _imports(path) if m.startswith(above)]


def test_the_recovery_sheet_does_not_import_the_keys() -> None:
    assert not [m for m in _imports(ROOT / "pdf" / "recovery_sheet.py") if m.startswith("workbench.keys")]


def test_the_keys_import_neither_the_store_nor_the_search() -> None:
    for path in (ROOT / "keys").glob("*.py"):
        assert not [m for m in _imports(path) if m.startswith(("workbench.store", "workbench.search"))], path


def test_the_search_index_registers_its_hooks_with_the_store() -> None:
    import workbench.search.index  # noqa: F401
    from workbench.store import registered_hooks

    hooks = registered_hooks()
    assert hooks["change-log"] == ["before_flush"]
    assert set(hooks["search-index"]) == {"after_flush", "do_orm_execute", "before_commit", "after_rollback"}
