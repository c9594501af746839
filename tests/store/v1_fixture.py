"""Write a database exactly as the first schema (version 1) did: the migration test's fixture.

The v1 DDL comes from the migrations list (migration 1 is never edited once shipped); the rows
are written here with v1's own column lists, frozen, so later changes to the store's save code
cannot make this fixture look newer than it is.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from planner.models import Plan
from planner.store import MIGRATIONS

V1_CREATED = datetime(2026, 1, 5, 7, 30, 0, 123456)  # naive UTC, as v1 stored timestamps


def make_v1_database(path: Path, saved: list[tuple[str, str, Plan]]) -> list[int]:
    """Create a v1 file holding `saved` (name, notes, plan); return the plans' ids."""
    first = MIGRATIONS[0]
    assert first.version == 1
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN TRANSACTION")
        for statement in first.statements:
            con.execute(statement)
        con.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, ?, ?)",
            [first.name, V1_CREATED],
        )
        ids = [_insert_v1_plan(con, name, notes, plan) for name, notes, plan in saved]
        con.execute("COMMIT")
    finally:
        con.close()
    return ids


def _insert_v1_plan(con: duckdb.DuckDBPyConnection, name: str, notes: str, plan: Plan) -> int:
    request = plan.request
    landmarks = [
        {
            "region": region,
            "mv": m.mv,
            "mev": m.mev,
            "mav_low": m.mav[0],
            "mav_high": m.mav[1],
            "mrv": m.mrv,
        }
        for region, m in plan.landmarks.items()
    ]
    plan_id = con.execute(
        "INSERT INTO plans (name, notes, created_at, updated_at, planner_version, goal, "
        "experience, equipment, weeks, sessions, minutes, requested_model, deload, emphasis_upper, "
        "emphasis_mid, emphasis_lower, emphasis_biceps, model, warnings, landmarks) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            name,
            notes,
            V1_CREATED,
            V1_CREATED,
            plan.planner_version,
            request.goal,
            request.experience,
            list(request.equipment),
            request.weeks,
            request.sessions,
            request.minutes,
            request.model,
            request.deload,
            request.emphasis.upper,
            request.emphasis.mid,
            request.emphasis.lower,
            request.emphasis.biceps,
            plan.model,
            list(plan.warnings),
            landmarks,
        ],
    ).fetchall()[0][0]
    weeks = con.appender("plan_weeks")
    sessions = con.appender("plan_sessions")
    exercises = con.appender("plan_exercises")
    for week in plan.weeks:
        weeks.append_row(plan_id, week.week, week.deload, week.phase, week.target_rir)
        for s in week.sessions:
            sessions.append_row(
                plan_id,
                week.week,
                s.session,
                s.tier,
                s.minutes,
                [i.model_dump() for i in s.warmup],
                [i.model_dump() for i in s.cooldown],
            )
            for p in s.exercises:
                exercises.append_row(
                    plan_id,
                    week.week,
                    s.session,
                    p.order,
                    p.id,
                    p.name,
                    p.pattern,
                    p.role,
                    list(p.equipment),
                    p.sets,
                    p.reps_min,
                    p.reps_max,
                    p.rep_unit,
                    p.unilateral,
                    p.rest_s,
                    p.target_rir,
                    p.pct_1rm,
                    p.regions.upper,
                    p.regions.mid,
                    p.regions.lower,
                    p.regions.biceps,
                    p.cue,
                    p.rationale,
                )
    for appender in (weeks, sessions, exercises):
        appender.flush()
    return plan_id
