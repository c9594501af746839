"""Schema versioning: ordered migrations applied at open, each in its own transaction."""

from __future__ import annotations

import hashlib
import os

import duckdb
import pytest

from planner.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Migration,
    PlanStore,
    StoreCorruptError,
    StoreError,
    StoreVersionError,
)
from planner.store import plan_store as store_module

from .v1_fixture import V1_CREATED, make_v1_database


def _versions(path) -> list[int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [
            r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
        ]
    finally:
        con.close()


def _fingerprint(path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


def test_migrations_are_numbered_one_by_one_from_one():
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1].version == SCHEMA_VERSION


def test_a_new_file_records_every_migration(db_path):
    PlanStore(db_path).close()

    assert _versions(db_path) == [m.version for m in MIGRATIONS]


def _without_progression(plan):
    data = plan.model_dump()
    for week in data["weeks"]:
        for session in week["sessions"]:
            for item in session["exercises"]:
                item["progression"] = ""
    return type(plan).model_validate(data)


def test_a_first_schema_file_is_migrated_with_its_data(db_path, plans):
    ids = make_v1_database(
        db_path,
        [
            ("Old block", "written by v1", plans["growth_default"]),
            ("Old peak", "", plans["strength_12x3"]),
        ],
    )
    assert _versions(db_path) == [1]

    with PlanStore(db_path) as store:
        first, second = (store.load(plan_id) for plan_id in ids)
        assert (first.name, first.notes) == ("Old block", "written by v1")
        # v1 rows had no progression column (migration 3 added it): it reads back empty.
        assert first.plan == _without_progression(plans["growth_default"])
        assert second.plan == _without_progression(plans["strength_12x3"])
        assert first.created_at.replace(tzinfo=None) == V1_CREATED
        # The weekly-volume view arrived in a later migration and covers the old rows.
        assert store.weekly_volume(ids[1]) == {
            w.week: w.volume for w in plans["strength_12x3"].weeks
        }
        new_id = store.save(plans["fat_loss_dumbbells"], "After the upgrade")
        assert new_id not in ids
        assert [s.id for s in store.list()] == [new_id, *reversed(ids)]
    assert _versions(db_path) == [m.version for m in MIGRATIONS]


def test_reopening_a_current_file_applies_nothing_twice(db_path, plan):
    with PlanStore(db_path) as store:
        store.save(plan, "Block")
    with PlanStore(db_path) as store:
        assert store.count() == 1
    assert _versions(db_path) == [m.version for m in MIGRATIONS]


def test_a_file_from_a_newer_version_is_refused_and_left_untouched(db_path, plan):
    with PlanStore(db_path) as store:
        store.save(plan, "From the future")
    con = duckdb.connect(str(db_path))
    con.execute("INSERT INTO schema_migrations VALUES (99, 'from a newer app', now())")
    con.close()
    before = _fingerprint(db_path)

    with pytest.raises(StoreVersionError, match="newer back-planner") as refused:
        PlanStore(db_path)

    assert str(db_path) in str(refused.value)
    assert "upgrade" in str(refused.value)
    assert _fingerprint(db_path) == before
    assert not db_path.with_name(db_path.name + ".wal").exists()


def test_a_duckdb_file_of_another_program_is_refused_and_left_untouched(db_path):
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE invoices (id INTEGER, total DECIMAL(10, 2))")
    con.close()
    before = _fingerprint(db_path)

    with pytest.raises(StoreCorruptError, match="another program"):
        PlanStore(db_path)

    assert _fingerprint(db_path) == before


def test_a_failing_migration_is_rolled_back_and_the_file_stays_usable(db_path, plan, monkeypatch):
    with PlanStore(db_path) as store:
        plan_id = store.save(plan, "Before")
    broken = Migration(
        SCHEMA_VERSION + 1,
        "half-applied",
        ("CREATE TABLE plan_tags (plan_id BIGINT, tag VARCHAR)", "SELECT * FROM no_such_table"),
    )
    monkeypatch.setattr(store_module, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", broken.version)

    with pytest.raises(
        StoreError, match=f"could not upgrade .* to schema version {broken.version}"
    ):
        PlanStore(db_path)

    monkeypatch.undo()
    with PlanStore(db_path) as store:
        assert store.load(plan_id).plan == plan
    assert _versions(db_path) == [m.version for m in MIGRATIONS]
    con = duckdb.connect(str(db_path), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    con.close()
    assert "plan_tags" not in tables


def test_saved_plans_can_be_queried_with_sql(db_path, big_plan):
    with PlanStore(db_path) as store:
        plan_id = store.save(big_plan, "Peak")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        heavy = con.execute(
            "SELECT count(*) FROM plan_exercises e JOIN plans p ON p.id = e.plan_id "
            "WHERE p.name = ? AND e.week = 1 AND e.role = 'main'",
            ["Peak"],
        ).fetchall()[0][0]
        mid = con.execute(
            "SELECT mid FROM plan_week_volume WHERE plan_id = ? AND week = 1", [plan_id]
        ).fetchall()[0][0]
    finally:
        con.close()
    week_one = big_plan.weeks[0]
    assert heavy == sum(p.role == "main" for s in week_one.sessions for p in s.exercises)
    assert mid == week_one.volume.mid
