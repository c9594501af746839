"""Schema: an ordered list of migrations, recorded in schema_migrations.

Never edit a shipped migration; append a new one. Timestamps are UTC.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.store.training import TRAINING_STATEMENTS


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "plans and their rows",
        (
            """CREATE TABLE schema_migrations (
                version INTEGER PRIMARY KEY,
                name VARCHAR NOT NULL,
                applied_at TIMESTAMP NOT NULL
            )""",
            "CREATE SEQUENCE plan_id_seq START 1",
            """CREATE TABLE plans (
                id BIGINT PRIMARY KEY DEFAULT nextval('plan_id_seq'),
                name VARCHAR NOT NULL,
                notes VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                planner_version VARCHAR NOT NULL,
                goal VARCHAR NOT NULL,
                experience VARCHAR NOT NULL,
                equipment VARCHAR[] NOT NULL,
                weeks INTEGER NOT NULL,
                sessions INTEGER NOT NULL,
                minutes INTEGER NOT NULL,
                requested_model VARCHAR,
                deload BOOLEAN NOT NULL,
                emphasis_upper INTEGER NOT NULL,
                emphasis_mid INTEGER NOT NULL,
                emphasis_lower INTEGER NOT NULL,
                emphasis_biceps INTEGER NOT NULL,
                model VARCHAR NOT NULL,
                warnings VARCHAR[] NOT NULL,
                landmarks STRUCT(
                    region VARCHAR, mv DOUBLE, mev DOUBLE, mav_low DOUBLE, mav_high DOUBLE,
                    mrv DOUBLE
                )[] NOT NULL
            )""",
            """CREATE TABLE plan_weeks (
                plan_id BIGINT NOT NULL,
                week INTEGER NOT NULL,
                deload BOOLEAN NOT NULL,
                phase VARCHAR NOT NULL,
                target_rir DOUBLE NOT NULL
            )""",
            """CREATE TABLE plan_sessions (
                plan_id BIGINT NOT NULL,
                week INTEGER NOT NULL,
                session INTEGER NOT NULL,
                tier VARCHAR NOT NULL,
                minutes DOUBLE NOT NULL,
                warmup STRUCT(name VARCHAR, detail VARCHAR, minutes DOUBLE)[] NOT NULL,
                cooldown STRUCT(name VARCHAR, detail VARCHAR, minutes DOUBLE)[] NOT NULL
            )""",
            """CREATE TABLE plan_exercises (
                plan_id BIGINT NOT NULL,
                week INTEGER NOT NULL,
                session INTEGER NOT NULL,
                "order" INTEGER NOT NULL,
                exercise_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                pattern VARCHAR NOT NULL,
                role VARCHAR NOT NULL,
                equipment VARCHAR[] NOT NULL,
                sets INTEGER NOT NULL,
                reps_min INTEGER NOT NULL,
                reps_max INTEGER NOT NULL,
                rep_unit VARCHAR NOT NULL,
                unilateral BOOLEAN NOT NULL,
                rest_s INTEGER NOT NULL,
                target_rir DOUBLE NOT NULL,
                pct_1rm DOUBLE,
                credit_upper DOUBLE NOT NULL,
                credit_mid DOUBLE NOT NULL,
                credit_lower DOUBLE NOT NULL,
                credit_biceps DOUBLE NOT NULL,
                cue VARCHAR NOT NULL,
                rationale VARCHAR NOT NULL
            )""",
        ),
    ),
    Migration(
        2,
        "weekly volume view",
        (
            # Fractional sets per region and week (reference section 0: sets x region credit),
            # the same sum planner.volume.week_volume makes; charts and load() read it.
            """CREATE VIEW plan_week_volume AS
            SELECT w.plan_id, w.week,
                coalesce(sum(e.sets * e.credit_upper), 0.0) AS upper,
                coalesce(sum(e.sets * e.credit_mid), 0.0) AS mid,
                coalesce(sum(e.sets * e.credit_lower), 0.0) AS lower,
                coalesce(sum(e.sets * e.credit_biceps), 0.0) AS biceps
            FROM plan_weeks w
            LEFT JOIN plan_exercises e ON e.plan_id = w.plan_id AND e.week = w.week
            GROUP BY w.plan_id, w.week""",
        ),
    ),
    Migration(
        3,
        "progression advice per prescription",
        # Plans saved before planner 1.1 had no progression text: they read back as ''.
        ("""ALTER TABLE plan_exercises ADD COLUMN progression VARCHAR DEFAULT ''""",),
    ),
    Migration(
        4,
        "training log: workouts, sets, feedback, lifter settings, plan edits",
        TRAINING_STATEMENTS,
    ),
    Migration(
        5,
        "owners: every plan and the settings belong to one lifter",
        # Every plan saved so far is the single local lifter's ('local', LOCAL_OWNER); from
        # now on each write names its owner (no default, so a forgotten one is refused).
        (
            "ALTER TABLE plans ADD COLUMN owner VARCHAR DEFAULT 'local'",
            "ALTER TABLE plans ALTER COLUMN owner SET NOT NULL",
            "ALTER TABLE plans ALTER COLUMN owner DROP DEFAULT",
            # Settings: one row per owner instead of the one row (id 1) of migration 4.
            """CREATE TABLE owner_settings (
                owner VARCHAR PRIMARY KEY,
                unit VARCHAR NOT NULL,
                barbell_step DOUBLE NOT NULL,
                dumbbell_step DOUBLE NOT NULL,
                machine_step DOUBLE NOT NULL,
                active_plan_id BIGINT
            )""",
            """INSERT INTO owner_settings (owner, unit, barbell_step, dumbbell_step,
                machine_step, active_plan_id)
            SELECT 'local', unit, barbell_step, dumbbell_step, machine_step, active_plan_id
            FROM lifter_settings WHERE id = 1""",
            "DROP TABLE lifter_settings",
            # The weekly volume view carries each plan's owner, so a query of it can be scoped.
            "DROP VIEW plan_week_volume",
            """CREATE VIEW plan_week_volume AS
            SELECT w.plan_id, p.owner, w.week,
                coalesce(sum(e.sets * e.credit_upper), 0.0) AS upper,
                coalesce(sum(e.sets * e.credit_mid), 0.0) AS mid,
                coalesce(sum(e.sets * e.credit_lower), 0.0) AS lower,
                coalesce(sum(e.sets * e.credit_biceps), 0.0) AS biceps
            FROM plan_weeks w
            JOIN plans p ON p.id = w.plan_id
            LEFT JOIN plan_exercises e ON e.plan_id = w.plan_id AND e.week = w.week
            GROUP BY w.plan_id, p.owner, w.week""",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
