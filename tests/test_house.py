"""The house rules, checked on the code itself: analytics imports without Streamlit; packages import
one way and in no circle; a package is used only through its public surface; pages stay thin; no
module grows past the size a reader can hold; every write goes through `workspace.transaction`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each analytics package may import only the packages before it (and errors / sql).
LAYERS = ("workspace", "engine", "ingest", "metrics", "voices", "impact", "board", "demo", "cli")
SHARED = {"errors", "scores", "sql"}
MAX_LINES = 400
MAX_PAGE_LINES = 100


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Absolute module names a file imports (`from x import y` counts x and x.y)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "analytics" and len(parts) > 1 else None


ANALYTICS = [module_name(p) for p in python_files("analytics") if p.name != "__main__.py"]


def test_every_analytics_module_imports_without_streamlit():
    code = ("import importlib, sys\n"
            f"for name in {ANALYTICS!r}:\n"
            "    importlib.import_module(name)\n"
            "assert 'streamlit' not in sys.modules, 'streamlit was imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_packages_import_one_way():
    order = {name: position for position, name in enumerate(LAYERS)}
    wrong = []
    for path in python_files("analytics"):
        own = package_of(module_name(path))
        if own in SHARED or own in (None, "__main__"):
            continue
        for target in {package_of(m) for m in imports_of(path)} - {None, own} - SHARED:
            if target not in order or order[target] > order[own]:
                wrong.append(f"{path.relative_to(ROOT)} imports analytics.{target}")
    assert not wrong, wrong


def test_no_import_circles_between_modules():
    graph = {module_name(p): {m for m in imports_of(p) if m in ANALYTICS} for p in python_files("analytics")}
    graph = {name: {t for t in targets if t != name and not name.startswith(t + ".")}
             for name, targets in graph.items()}  # a package's own __init__ re-exports its modules
    seen, stack, circles = set(), [], []

    def visit(node: str) -> None:
        if node in stack:
            circles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for target in graph.get(node, ()):
            visit(target)
        stack.pop()

    for name in graph:
        visit(name)
    assert not circles, circles


def test_private_modules_stay_inside_their_package():
    """Outside its package, code uses `analytics.<package>` only (tests and bench, which time a
    package's parts apart, may reach inside)."""
    leaks = []
    for path in python_files("analytics", "ui", "pages") + [ROOT / "app.py"]:
        own = module_name(path)
        for module in imports_of(path):
            parts = module.split(".")
            private = [i for i, part in enumerate(parts) if part.startswith("_") and part != "__future__"]
            if parts[0] == "analytics" and private:
                package = ".".join(parts[:private[0]])
                if not (own == package or own.startswith(package + ".")):
                    leaks.append(f"{path.relative_to(ROOT)}: {module}")
    assert not leaks, leaks


def test_every_package_declares_its_public_surface():
    for init in (ROOT / "analytics").glob("*/__init__.py"):
        tree = ast.parse(init.read_text())
        assert ast.get_docstring(tree), f"{init} says nothing about its package"
        assert any(isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in n.targets)
                   for n in tree.body), f"{init} has no __all__"


def test_modules_stay_small_and_pages_thin():
    too_long = [f"{p.relative_to(ROOT)}: {n}" for p in python_files("analytics", "ui", "bench")
                if (n := len(p.read_text().splitlines())) > MAX_LINES]
    assert not too_long, too_long
    thick = [f"{p.relative_to(ROOT)}: {n}" for p in python_files("pages")
             if (n := len(p.read_text().splitlines())) > MAX_PAGE_LINES]
    assert not thick, thick


def test_pages_hold_only_the_pages_app_registers():
    registered = {node.args[0].value for node in ast.walk(ast.parse((ROOT / "app.py").read_text()))
                  if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"}
    assert registered == {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}


def test_pages_run_no_sql_and_no_statistics():
    for path in python_files("pages"):
        text = path.read_text()
        assert ".execute(" not in text and "SELECT " not in text, path
        assert not {m for m in imports_of(path) if m.split(".")[0] in {"scipy", "duckdb", "numpy"}}, path


def test_one_write_path():
    """Only workspace.transaction opens a transaction."""
    hand_written = [str(p.relative_to(ROOT)) for p in python_files("analytics", "ui", "pages")
                    if "BEGIN TRANSACTION" in p.read_text() and p.name != "_store.py"]
    assert not hand_written, hand_written


@pytest.mark.parametrize("statement", ["CREATE TABLE", "CREATE OR REPLACE VIEW", "CREATE VIEW"])
def test_tables_are_created_by_the_migration_only(statement):
    """The data model's tables come from the one migration; a snapshot (workspace/_snapshots.py)
    only copies them, table for table, into a schema of its own, and a copy into PostgreSQL
    (engine/_copy.py) column for column into that database."""
    where = [str(p.relative_to(ROOT)) for p in python_files("analytics")
             if statement in p.read_text() and p.name not in ("_schema.py", "_snapshots.py", "_copy.py")]
    assert not where, where
