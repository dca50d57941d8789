"""The core stays headless: nothing under workbench/ imports Qt or the ui package."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "workbench"
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def test_no_core_module_imports_qt_or_ui() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, workbench\n"
        "for m in pkgutil.walk_packages(workbench.__path__, 'workbench.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6', 'ui'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- ui/ asks the core for its rows: no SQL under ui/ -----------------------------------------------------

UI = CORE.parent / "ui"
SQL_PACKAGES = ("sqlalchemy", "sqlmodel")
# SQL text: a statement keyword followed, later in the same literal, by the word that completes it.
SQL_TEXT = re.compile(
    r"\b(SELECT\b.+\bFROM|INSERT\s+INTO|UPDATE\b.+\bSET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|VIEW)"
    r"|DROP\s+(TABLE|INDEX|VIEW)|ALTER\s+TABLE|PRAGMA\s+\w+)\b",
    re.IGNORECASE | re.DOTALL,
)


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def sql_offences(source: str) -> list[str]:
    """What in one module's source builds SQL: imports of the SQL packages, or SQL statement text."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Call) and _callee(node) in {"__import__", "import_module"}:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names = [first.value]
        line = getattr(node, "lineno", 0)
        found += [f"line {line}: imports {n}" for n in names if n.split(".")[0] in SQL_PACKAGES]
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value):
            found.append(f"line {line}: SQL text {node.value[:40]!r}")
    return found


def _ui_offences() -> dict[str, list[str]]:
    offences = {}
    for path in sorted(UI.rglob("*.py")):
        found = sql_offences(path.read_text(encoding="utf-8"))
        if found:
            offences[path.relative_to(UI.parent).as_posix()] = found
    return offences


def test_no_ui_module_imports_sql_packages_or_builds_sql() -> None:
    assert _ui_offences() == {}


def test_the_sql_check_catches_every_form() -> None:
    caught = [
        "import sqlalchemy",
        "import sqlalchemy.orm as orm",
        "from sqlmodel import Session",
        "from sqlalchemy.sql import func",
        "x = __import__('sqlmodel')",
        "x = importlib.import_module('sqlalchemy.orm')",
        "q = 'SELECT id FROM enterprise WHERE name = ?'",
        "q = '''\\n  select id\\n  from need\\n'''",
        "q = 'insert into claim (id) values (?)'",
        "q = 'UPDATE need SET status = ?'",
        "q = 'DELETE FROM match'",
        "q = 'PRAGMA foreign_keys'",
    ]
    for source in caught:
        assert sql_offences(source), source
    innocent = [
        "from workbench.queries import Session",
        "import sqlite_utils_like_name",
        "label = '选择一张卡片查看对接详情'",
        "label = 'Update the settings'",
        "label = 'Delete selected records'",
        "label = 'Insert a row'",
    ]
    assert [s for s in innocent if sql_offences(s)] == []
