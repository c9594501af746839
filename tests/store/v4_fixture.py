"""Write a database as schema version 4 did (before owners), on either engine: the v4 -> v5
migration test's fixture.

The DDL comes from the migrations list (shipped migrations are never edited), translated for
PostgreSQL by the store's own pg_ddl and PG_INDEXES; the rows are written here with plain SQL
and v4's column lists, so the store's current save code (which writes owners) is not used. The
row tables (weeks, sessions, exercises) are unchanged since v3: if a later migration changes
them, freeze their v4 columns here.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb

from planner.models import Plan
from planner.store import MIGRATIONS
from planner.store.rows import _ROW_COLUMNS, _columns_sql, _plan_rows, _plan_values

V4_CREATED = datetime(2026, 3, 2, 6, 0, 0, 250000)  # naive UTC
V4_SETTINGS = ("lb", 5.0, 2.5, 10.0)  # unit, barbell, dumbbell, machine steps


class _Engine:
    """DuckDB's `?` SQL on either engine; JSON columns wrapped for PostgreSQL."""

    def __init__(self, target: Path | str) -> None:
        self.pg = isinstance(target, str)
        if self.pg:
            import psycopg

            self.con = psycopg.connect(target, autocommit=True)
        else:
            self.con = duckdb.connect(str(target))

    def run(self, sql: str, params: list | None = None) -> list[tuple]:
        if self.pg:
            from psycopg.types.json import Jsonb

            params = [
                Jsonb(p) if isinstance(p, list) and p and isinstance(p[0], dict) else p
                for p in params or []
            ]
            cursor = self.con.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []
        return self.con.execute(sql, params or []).fetchall()

    def ddl(self, statement: str) -> None:
        from planner.store.pg_store import pg_ddl

        self.run(pg_ddl(statement) if self.pg else statement)

    def close(self) -> None:
        self.con.close()


def make_v4_database(target: Path | str, plan: Plan) -> dict[str, int]:
    """A v4 database with two plans, a logged workout, an edit, settings and an active plan.

    Returns the ids: {"plan", "other", "workout"}.
    """
    engine = _Engine(target)
    try:
        engine.run("BEGIN")
        for migration in MIGRATIONS[:4]:
            assert migration.version <= 4
            for statement in migration.statements:
                engine.ddl(statement)
            if engine.pg:
                from planner.store.pg_store import PG_INDEXES

                for statement in PG_INDEXES.get(migration.version, ()):
                    engine.run(statement)
            engine.run(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [migration.version, migration.name, V4_CREATED],
            )
        ids = {
            "plan": _insert_v4_plan(engine, "Old block", "before accounts", plan),
            "other": _insert_v4_plan(engine, "Old second", "", plan),
        }
        first = plan.weeks[0].sessions[0].exercises[0]
        ids["workout"] = engine.run(
            "INSERT INTO workouts (plan_id, week, session, day, deload, notes, logged_at) "
            "VALUES (?, 1, 1, ?, false, 'old notes', ?) RETURNING id",
            [ids["plan"], date(2026, 3, 3), V4_CREATED],
        )[0][0]
        engine.run(
            'INSERT INTO set_logs (workout_id, position, exercise_id, "set", load_kg, reps, rir) '
            "VALUES (?, 0, ?, 1, 62.5, 8, 2.0)",
            [ids["workout"], first.id],
        )
        engine.run("INSERT INTO workout_feedback VALUES (?, 1, 2, 0, 'same')", [ids["workout"]])
        engine.run(
            "INSERT INTO plan_edits (plan_id, seq, edit, created_at) VALUES (?, 1, ?, ?)",
            [ids["plan"], f'{{"kind": "pin", "exercise_id": "{first.id}"}}', V4_CREATED],
        )
        engine.run(
            "INSERT INTO lifter_settings VALUES (1, ?, ?, ?, ?, ?)", [*V4_SETTINGS, ids["plan"]]
        )
        engine.run("COMMIT")
    finally:
        engine.close()
    return ids


def _insert_v4_plan(engine: _Engine, name: str, notes: str, plan: Plan) -> int:
    values = {
        "name": name,
        "notes": notes,
        "created_at": V4_CREATED,
        "updated_at": V4_CREATED,
        **_plan_values(plan),
    }
    placeholders = ", ".join("?" * len(values))
    plan_id = engine.run(
        f"INSERT INTO plans ({_columns_sql(tuple(values))}) VALUES ({placeholders}) RETURNING id",
        list(values.values()),
    )[0][0]
    for table, rows in _plan_rows(plan_id, plan).items():
        columns = _ROW_COLUMNS[table]
        sql = (
            f"INSERT INTO {table} ({_columns_sql(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})"
        )
        for row in rows:
            engine.run(sql, list(row))
    return plan_id
