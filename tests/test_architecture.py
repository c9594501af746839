"""House rules that keep the layers apart (the developers' guide's standards)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_planner_does_not_import_streamlit():
    code = "import sys, planner, planner.cli, planner.export; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_store_imports_duckdb_or_psycopg_and_no_planner_module_imports_streamlit():
    for path in sorted((ROOT / "planner").rglob("*.py")):
        names = _imports(path)
        assert "streamlit" not in names, path.name
        if path.parent.name != "store":
            assert "duckdb" not in names and "psycopg" not in names, path.name


def test_pages_contain_no_sql():
    for path in sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]:
        if path.exists():
            text = path.read_text(encoding="utf-8").upper()
            assert (
                "SELECT " not in text and "INSERT " not in text and "duckdb" not in _imports(path)
            ), path.name


def test_there_is_no_catch_all_utils_module():
    for folder in ("planner", "pages", "ui", "tests", "benchmarks", "deploy"):
        for name in ("utils.py", "helpers.py"):
            assert not list((ROOT / folder).glob(f"**/{name}")), (folder, name)


def _names(node: ast.AST) -> set[str]:
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            out.add(n.value)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
        elif isinstance(n, ast.Name):
            out.add(n.id)
    return out


def test_the_biceps_behind_mid_rule_is_coded_only_in_planner_rules():
    """Issue 7, point 1: every rule once. Outside planner/rules.py no comparison (or min/max)
    sets biceps against mid back; code calls rules.biceps_behind_mid and its helpers."""
    found = []
    for path in sorted((ROOT / "planner").rglob("*.py")):
        if path.name == "rules.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            compares = isinstance(node, ast.Compare) or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("min", "max")
            )
            if compares and {"biceps", "mid"} <= _names(node):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert found == []
