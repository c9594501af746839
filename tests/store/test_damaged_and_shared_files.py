"""A damaged file is never written; reads never take the write lock; writers wait their turn."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main
from planner.store import (
    PlanStore,
    StoreDamagedError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreValueError,
)
from planner.volume import week_volume

from .conftest import subprocess_env

BUILD = ["--goal", "growth", "--experience", "intermediate", "--equipment", "full_gym"]

# Opens the file as the dashboard does (a PlanStore that has listed the plans), then waits.
DASHBOARD = """
import sys, time
from planner.store import PlanStore
store = PlanStore(sys.argv[1])
store.list()
print("holding", flush=True)
time.sleep(60)
"""

# Holds the write lock for a moment, as another command's save does, then lets go.
BRIEF_WRITER = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _hold(script: str, *args: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    assert holder.stdout.readline().strip() == "holding"
    return holder


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planner", *argv],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
    )


@pytest.fixture
def damaged(db_path: Path, plan) -> Path:
    """Two plans saved by two commands, then 512 random bytes overwritten 4 KB before the end."""
    for name in ("First", "Second"):
        with PlanStore(db_path) as store:
            store.save(plan, name)
    size = db_path.stat().st_size
    noise = random.Random(8).randbytes(512)
    with db_path.open("r+b") as file:
        file.seek(size - 4096)
        file.write(noise)
    return db_path


def test_a_partly_damaged_file_is_never_written_and_says_how_to_save_what_is_left(damaged, plan):
    before = _digest(damaged)
    with PlanStore(damaged) as store:
        assert [s.name for s in store.list()] == ["Second", "First"]  # what still reads, reads
        with pytest.raises(StoreDamagedError) as refused:
            store.save(plan, "Third")
        message = str(refused.value)
        for write in (
            lambda: store.rename(1, "Renamed"),
            lambda: store.delete(1),
            lambda: store.duplicate(1),
            lambda: store.save(plan, "Again"),
        ):
            with pytest.raises(StoreDamagedError):
                write()
    assert _digest(damaged) == before
    assert not Path(f"{damaged}.wal").exists()
    assert str(damaged) in message
    assert "restore the file from a copy" in message
    assert "export" in message
    assert "Try again" not in message


def test_the_command_line_refuses_to_save_to_a_damaged_file_with_one_line(damaged):
    before = _digest(damaged)
    saved = _cli("save", "--name", "Third", *BUILD, "--db", str(damaged))
    assert saved.returncode == 2
    assert saved.stdout == ""
    assert saved.stderr.count("\n") == 1
    assert "is damaged" in saved.stderr and "restore the file from a copy" in saved.stderr
    assert _digest(damaged) == before
    listed = _cli("list", "--db", str(damaged))
    assert listed.returncode == 0 and "Second" in listed.stdout


def test_a_plan_in_a_damaged_part_of_the_file_is_reported_as_damage_not_try_again(damaged):
    with PlanStore(damaged, read_only=True) as store:
        failures = []
        for summary in store.list():
            try:
                store.export_json(summary.id)
            except StoreError as exc:
                failures.append(exc)
    assert failures, "the damage must hit a stored plan for this test to mean anything"
    for failure in failures:
        assert isinstance(failure, StoreDamagedError)
        assert "Try again" not in str(failure)


def test_list_show_and_export_work_while_the_dashboard_has_the_file_open(db_path, plan):
    with PlanStore(db_path) as store:
        plan_id = store.save(plan, "Block")
    dashboard = _hold(DASHBOARD, str(db_path))
    try:
        before = _digest(db_path)
        listed = _cli("list", "--db", str(db_path))
        shown = _cli("show", str(plan_id), "--db", str(db_path))
        exported = _cli("export", str(plan_id), "--db", str(db_path))
        assert (listed.returncode, shown.returncode, exported.returncode) == (0, 0, 0)
        assert "Block" in listed.stdout
        assert '"name": "Block"' in exported.stdout
        assert _digest(db_path) == before
    finally:
        dashboard.kill()
        dashboard.wait()


def test_a_read_only_store_never_writes_and_refuses_writes_plainly(db_path, plan):
    with PlanStore(db_path) as store:
        plan_id = store.save(plan, "Block")
    before = _digest(db_path)
    with PlanStore(db_path, read_only=True) as store:
        assert store.load(plan_id).plan == plan
        with pytest.raises(StoreReadOnlyError, match="opened read-only"):
            store.rename(plan_id, "Other")
    assert _digest(db_path) == before


def test_a_read_only_store_of_a_missing_file_creates_nothing(tmp_path):
    path = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError, match="no plan database"):
        PlanStore(path, read_only=True)
    assert not path.exists()


def test_a_writer_waits_for_another_programs_brief_write_then_saves(db_path, plan):
    with PlanStore(db_path) as store:
        store.save(plan, "First")
    writer = _hold(BRIEF_WRITER, str(db_path), "1.0")
    try:
        with PlanStore(db_path, lock_wait=30) as store:
            store.save(plan, "Second")
            assert store.count() == 2
    finally:
        writer.kill()
        writer.wait()


def test_a_writer_gives_up_after_its_bounded_wait_with_the_holders_name(db_path, plan):
    with PlanStore(db_path) as store:
        store.save(plan, "First")
    writer = _hold(BRIEF_WRITER, str(db_path), "60")
    try:
        with pytest.raises(StoreLockedError, match="in use by another program"):
            PlanStore(db_path, lock_wait=0.2)
    finally:
        writer.kill()
        writer.wait()


def test_six_parallel_command_line_saves_all_land(db_path):
    with PlanStore(db_path):
        pass  # the file exists before the race, as a lifter's would
    savers = [
        subprocess.Popen(
            [sys.executable, "-m", "planner", "save", "--name", f"P{i}", *BUILD]
            + ["--db", str(db_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=subprocess_env(),
        )
        for i in range(6)
    ]
    results = [(s.wait(timeout=120), *s.communicate()) for s in savers]
    assert [status for status, _, _ in results] == [0] * 6, [err for _, _, err in results]
    with PlanStore(db_path) as store:
        assert sorted(s.name for s in store.list()) == [f"P{i}" for i in range(6)]


def _with_sets(plan, sets: int):
    """The plan with its first exercise at `sets` sets, its week volume recounted to match."""
    week, session = plan.weeks[0], plan.weeks[0].sessions[0]
    first = session.exercises[0].model_copy(update={"sets": sets})
    sessions = (session.model_copy(update={"exercises": (first, *session.exercises[1:])}),)
    sessions += week.sessions[1:]
    week = week.model_copy(update={"sessions": sessions, "volume": week_volume(sessions)})
    return plan.model_copy(update={"weeks": (week, *plan.weeks[1:])})


def test_a_number_too_large_for_the_database_is_bad_input_not_try_again(store, plan):
    with pytest.raises(StoreValueError) as refused:
        store.save(_with_sets(plan, 3_000_000_000), "Huge")
    assert "does not fit" in str(refused.value)
    assert "Try again" not in str(refused.value)
    assert store.count() == 0


def test_the_command_line_lists_a_database_held_open_for_reading_by_this_process(db_path, plan):
    # The dashboard and a command in one process share the file's read-only connection.
    with PlanStore(db_path) as dashboard:
        dashboard.save(plan, "Block")
        dashboard.list()
        assert main(["list", "--db", str(db_path)]) == 0
        assert dashboard.count() == 1


def test_restoring_a_copy_over_a_damaged_file_makes_it_writable_again(db_path, plan, tmp_path):
    for name in ("First", "Second"):
        with PlanStore(db_path) as store:
            store.save(plan, name)
    backup = tmp_path / "backup.duckdb"
    shutil.copyfile(db_path, backup)
    size = db_path.stat().st_size
    with db_path.open("r+b") as file:
        file.seek(size - 4096)
        file.write(random.Random(8).randbytes(512))
    with PlanStore(db_path) as store:
        with pytest.raises(StoreDamagedError):
            store.save(plan, "Third")
        shutil.copyfile(backup, tmp_path / "restored.tmp")
        os.replace(tmp_path / "restored.tmp", db_path)  # the lifter restores the copy
        store.save(plan, "Third")
        assert sorted(s.name for s in store.list()) == ["First", "Second", "Third"]


def _make_read_only(paths: list[Path]) -> list[Path]:
    """Make files and folders unwritable even to root where possible; return what to undo."""
    if os.geteuid() != 0:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return paths
    done = []
    for path in paths:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            _undo_read_only(done)
            pytest.skip("chattr +i is not available: root ignores chmod")
        done.append(path)
    return done


def _undo_read_only(paths: list[Path]) -> None:
    for path in paths:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_backup_can_be_listed_shown_and_exported_but_not_written(tmp_path, plan):
    folder = tmp_path / "backup"
    folder.mkdir()
    db = folder / "plans.duckdb"
    with PlanStore(db) as store:
        plan_id = store.save(plan, "Backed up")
    before = _digest(db)
    locked = _make_read_only([db, folder])
    try:
        listed = _cli("list", "--db", str(db))
        shown = _cli("show", str(plan_id), "--db", str(db))
        exported = _cli("export", str(plan_id), "--db", str(db))
        assert (listed.returncode, shown.returncode, exported.returncode) == (0, 0, 0), (
            listed.stderr + shown.stderr + exported.stderr
        )
        assert "Backed up" in listed.stdout
        saved = _cli("save", "--name", "New", *BUILD, "--db", str(db))
        assert saved.returncode == 2 and saved.stderr.count("\n") == 1
        assert "read-only" in saved.stderr
    finally:
        _undo_read_only(locked)
    assert _digest(db) == before
