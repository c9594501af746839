"""Where the database lives: PLANNER_DB, else a per-user data folder that upgrades keep."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from planner.store import default_db_path

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG layout")


def test_planner_db_overrides_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "mine.duckdb"))

    assert default_db_path() == tmp_path / "mine.duckdb"


def test_planner_db_may_start_with_a_tilde(monkeypatch):
    monkeypatch.setenv("PLANNER_DB", "~/blocks.duckdb")

    assert default_db_path() == Path.home() / "blocks.duckdb"


def test_the_default_is_in_the_xdg_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("PLANNER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))

    assert default_db_path() == tmp_path / "back-planner" / "plans.duckdb"


def test_without_xdg_the_default_is_under_local_share(monkeypatch):
    monkeypatch.delenv("PLANNER_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)

    assert default_db_path() == Path.home() / ".local" / "share" / "back-planner" / "plans.duckdb"


def test_an_empty_planner_db_or_relative_xdg_folder_is_ignored(monkeypatch):
    monkeypatch.setenv("PLANNER_DB", "  ")
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")

    assert default_db_path() == Path.home() / ".local" / "share" / "back-planner" / "plans.duckdb"


def test_the_default_is_neither_a_temp_folder_nor_inside_the_installed_package(monkeypatch):
    monkeypatch.delenv("PLANNER_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    import tempfile

    import planner

    path = default_db_path().resolve()
    package = Path(planner.__file__).resolve().parents[1]

    assert not path.is_relative_to(Path(tempfile.gettempdir()).resolve())
    assert not path.is_relative_to(package)


def test_only_the_store_package_imports_duckdb():
    import planner

    package = Path(planner.__file__).parent
    importers = sorted(
        str(p.relative_to(package).parent)
        for p in package.rglob("*.py")
        if any(
            line.strip().startswith(("import duckdb", "from duckdb"))
            for line in p.read_text().splitlines()
        )
    )

    assert set(importers) == {"store"}
