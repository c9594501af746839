"""A locked, corrupt, empty or read-only file: a clear message naming it; nothing overwritten."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.store import (
    PlanStore,
    StoreCorruptError,
    StoreLockedError,
    StoreReadOnlyError,
)

from .conftest import subprocess_env

# sysfs refuses new files even to root: a read-only place that chmod cannot give us as root.
SYSFS = Path("/sys")

HOLD_OPEN = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(60)
"""


def _skip_unless_chmod_binds(tmp_path: Path) -> None:
    """Skip when a read-only mode does not stop this process (root, or DAC override)."""
    probe = tmp_path / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        (probe / "file").touch()
    except PermissionError:
        return
    finally:
        probe.chmod(0o755)
    pytest.skip("running as root: chmod does not stop writes; the sysfs tests cover this case")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_held_by_another_process_is_refused_with_its_name(db_path, plan):
    with PlanStore(db_path) as store:
        store.save(plan, "Mine")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    try:
        assert holder.stdout.readline().strip() == "holding"

        with pytest.raises(StoreLockedError) as refused:
            PlanStore(db_path)

        message = str(refused.value)
        assert str(db_path) in message
        assert "in use by another program" in message
        assert f"process {holder.pid}" in message
    finally:
        holder.kill()
        holder.wait()
    with PlanStore(db_path) as store:
        assert store.count() == 1


def test_a_corrupt_file_is_refused_and_not_overwritten(db_path):
    db_path.write_bytes(os.urandom(64 * 1024))
    before = _digest(db_path)

    with pytest.raises(StoreCorruptError) as refused:
        PlanStore(db_path)

    assert str(db_path) in str(refused.value)
    assert "left untouched" in str(refused.value)
    assert _digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_text_file_is_refused_and_not_overwritten(db_path):
    db_path.write_text("name,sets\nrow,3\n")

    with pytest.raises(StoreCorruptError, match="not a back-planner database"):
        PlanStore(db_path)

    assert db_path.read_text() == "name,sets\nrow,3\n"


def test_an_empty_file_is_refused_and_left_for_the_user_to_delete(db_path):
    db_path.touch()

    with pytest.raises(StoreCorruptError, match="empty file"):
        PlanStore(db_path)

    assert db_path.stat().st_size == 0


def test_a_folder_given_as_the_database_is_refused(tmp_path):
    with pytest.raises(StoreCorruptError, match="is a folder"):
        PlanStore(tmp_path)


def test_a_missing_parent_folder_is_created(tmp_path, plan):
    path = tmp_path / "deeper" / "still" / "plans.duckdb"

    with PlanStore(path) as store:
        store.save(plan, "Block")

    assert path.is_file()


def test_a_file_in_place_of_the_folder_is_refused_with_its_name(tmp_path):
    blocker = tmp_path / "back-planner"
    blocker.write_text("not a folder")

    with pytest.raises(StoreReadOnlyError, match="back-planner") as refused:
        PlanStore(blocker / "plans.duckdb")

    assert "PLANNER_DB" in str(refused.value)
    assert blocker.read_text() == "not a folder"


def test_a_read_only_folder_is_refused_with_its_name(tmp_path):
    _skip_unless_chmod_binds(tmp_path)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreReadOnlyError) as refused:
            PlanStore(folder / "plans.duckdb")
        assert str(folder / "plans.duckdb") in str(refused.value)
        assert "read-only" in str(refused.value)
    finally:
        folder.chmod(0o755)


def test_a_read_only_database_file_is_refused_and_not_changed(db_path, plan, tmp_path):
    _skip_unless_chmod_binds(tmp_path)
    with PlanStore(db_path) as store:
        store.save(plan, "Block")
    db_path.chmod(0o444)
    before = _digest(db_path)
    try:
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            PlanStore(db_path)
        assert _digest(db_path) == before
    finally:
        db_path.chmod(0o644)


@pytest.mark.skipif(not SYSFS.is_dir(), reason="needs /sys, a place nobody may create files")
def test_a_folder_that_cannot_be_created_is_refused_with_its_name():
    path = SYSFS / "back-planner-test" / "plans.duckdb"

    with pytest.raises(StoreReadOnlyError) as refused:
        PlanStore(path)

    assert str(path) in str(refused.value)
    assert "writable" in str(refused.value)
    assert not path.parent.exists()


@pytest.mark.skipif(not SYSFS.is_dir(), reason="needs /sys, a place nobody may create files")
def test_a_file_that_duckdb_cannot_create_is_refused_with_its_name():
    path = SYSFS / "plans.duckdb"

    with pytest.raises(StoreReadOnlyError) as refused:
        PlanStore(path)

    assert str(path) in str(refused.value)
    assert "read-only" in str(refused.value)
    assert not path.exists()
