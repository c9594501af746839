"""Every save is one transaction: a crash or an error mid-save leaves no partial plan."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from planner.store import PlanStore, StoreError
from planner.store import plan_store as store_module

from .conftest import subprocess_env

ROW_TABLES = ("plan_weeks", "plan_sessions", "plan_exercises")

# Saves `committed` plans, then stalls inside the next save after its rows are inserted but
# before COMMIT, and says so: the test kills it there.
WRITER = """
import sys, time
from planner import build_plan, load_catalog, load_presets, parse_request
from planner import store as store_module

path, committed = sys.argv[1], int(sys.argv[2])
plan = build_plan(
    parse_request(goal="growth", experience="intermediate", equipment="full_gym"),
    load_catalog(), load_presets(),
)
insert_rows = store_module.PlanStore._insert_rows
saves = 0

def insert_then_stall(self, cursor, rows):
    insert_rows(self, cursor, rows)
    if saves == committed:
        print("mid-save", flush=True)
        time.sleep(60)

store_module.PlanStore._insert_rows = insert_then_stall
store = store_module.PlanStore(path)
while True:
    print(store.save(plan, f"plan {saves}"), flush=True)
    saves += 1
"""

# Saves as fast as it can; the test kills it at whatever point it has reached.
FAST_WRITER = """
import sys
from planner import build_plan, load_catalog, load_presets, parse_request
from planner.store import PlanStore

plan = build_plan(
    parse_request(goal="strength", experience="advanced", equipment="full_gym", weeks=12,
                  sessions=3, minutes=120),
    load_catalog(), load_presets(),
)
store = PlanStore(sys.argv[1])
n = 0
while True:
    print(store.save(plan, f"plan {n}"), flush=True)
    n += 1
"""


def _orphan_rows(path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return sum(
            con.execute(
                f"SELECT count(*) FROM {table} WHERE plan_id NOT IN (SELECT id FROM plans)"
            ).fetchall()[0][0]
            for table in ROW_TABLES
        )
    finally:
        con.close()


def _kill_after(script: str, args: list[str], stop_line) -> list[str]:
    writer = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    lines: list[str] = []
    try:
        for line in writer.stdout:
            lines.append(line.strip())
            if stop_line(lines):
                break
    finally:
        writer.kill()  # SIGKILL: no cleanup, no atexit, no checkpoint
        writer.wait()
    return lines


def test_a_writer_killed_mid_save_leaves_earlier_plans_intact_and_no_partial_plan(db_path, plan):
    with PlanStore(db_path) as store:
        earlier = store.save(plan, "Saved before the crash")

    lines = _kill_after(WRITER, [str(db_path), "3"], lambda lines: lines[-1] == "mid-save")

    committed = [int(line) for line in lines[:-1]]
    assert len(committed) == 3
    with PlanStore(db_path) as store:
        assert [s.id for s in store.list()] == [*reversed(committed), earlier]
        for plan_id in (earlier, *committed):
            assert store.load(plan_id).plan == plan
    assert _orphan_rows(db_path) == 0


def test_a_writer_killed_at_any_moment_leaves_only_complete_plans(db_path, big_plan):
    lines = _kill_after(FAST_WRITER, [str(db_path)], lambda lines: len(lines) >= 5)

    printed = {int(line) for line in lines}
    with PlanStore(db_path) as store:
        saved = {s.id for s in store.list()}
        # A save may commit just before the kill, without having printed its id yet.
        assert printed <= saved
        assert len(saved - printed) <= 1
        for plan_id in saved:
            assert store.load(plan_id).plan == big_plan
    assert _orphan_rows(db_path) == 0


def test_an_error_mid_save_rolls_the_whole_plan_back(db_path, plans, monkeypatch):
    with PlanStore(db_path) as store:
        earlier = store.save(plans["growth_default"], "Earlier")
        plan_rows = store_module._plan_rows

        def rows_with_a_bad_last_table(plan_id, plan):
            rows = plan_rows(plan_id, plan)
            # The exercises go in last: the weeks and sessions are already inserted by then.
            rows["plan_exercises"][-1] = (plan_id, *[None] * 22)
            return rows

        monkeypatch.setattr(store_module, "_plan_rows", rows_with_a_bad_last_table)

        with pytest.raises(StoreError, match="could not save the plan") as failed:
            store.save(plans["strength_12x3"], "Broken")

        assert str(db_path) in str(failed.value)
        assert store.count() == 1
        assert store.load(earlier).plan == plans["growth_default"]

        with pytest.raises(StoreError):
            store.save(plans["strength_12x3"], "Broken overwrite", plan_id=earlier)
        assert store.load(earlier).name == "Earlier"
        assert store.load(earlier).plan == plans["growth_default"]
    assert _orphan_rows(db_path) == 0
