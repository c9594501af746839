"""The training log in the plan database: workouts, sets, feedback, settings, plan edits.

Mixed into PlanStore; it uses the store's `_cursor`, `_transaction`, `load` and `_require`.
Everything is scoped to the store's owner: a plan is reached only through `_require` (or a query
on plans with the owner), and settings are the owner's row of owner_settings (migration 5).
Every write is one transaction, checked against the plan as the lifter trains it (the saved
plan with its edits), so a bad set refuses the whole workout and nothing is partly saved.
"""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from planner.loads import LoadSettings
from planner.logbook import (
    Feedback,
    InvalidLogError,
    PlanOutline,
    SetLog,
    TrainingLog,
    Workout,
    check_workout,
    log_csv,
    outline,
)
from planner.models import Plan
from planner.plan_edits import PlanEdit, apply_edits, pinned_ids
from planner.store.errors import PlanNotFoundError
from planner.store.rows import _now

TRAINING_STATEMENTS: tuple[str, ...] = (
    "CREATE SEQUENCE workout_id_seq START 1",
    """CREATE TABLE workouts (
        id BIGINT PRIMARY KEY DEFAULT nextval('workout_id_seq'),
        plan_id BIGINT NOT NULL,
        week INTEGER NOT NULL,
        session INTEGER NOT NULL,
        day DATE NOT NULL,
        deload BOOLEAN NOT NULL,
        notes VARCHAR NOT NULL,
        logged_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE set_logs (
        workout_id BIGINT NOT NULL,
        position INTEGER NOT NULL,
        exercise_id VARCHAR NOT NULL,
        "set" INTEGER NOT NULL,
        load_kg DOUBLE NOT NULL,
        reps INTEGER NOT NULL,
        rir DOUBLE NOT NULL
    )""",
    """CREATE TABLE workout_feedback (
        workout_id BIGINT PRIMARY KEY,
        soreness INTEGER NOT NULL,
        pump INTEGER NOT NULL,
        joint_pain INTEGER NOT NULL,
        performance VARCHAR NOT NULL
    )""",
    # One row: the lifter's load increments and the plan being trained (replaced by one row per
    # owner, owner_settings, in migration 5).
    """CREATE TABLE lifter_settings (
        id INTEGER PRIMARY KEY,
        unit VARCHAR NOT NULL,
        barbell_step DOUBLE NOT NULL,
        dumbbell_step DOUBLE NOT NULL,
        machine_step DOUBLE NOT NULL,
        active_plan_id BIGINT
    )""",
    # Swaps and exclusions (later also pins and unpins), in the order made; each a PlanEdit
    # as JSON.
    """CREATE TABLE plan_edits (
        plan_id BIGINT NOT NULL,
        seq INTEGER NOT NULL,
        edit VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL
    )""",
)

_SETS = TypeAdapter(list[SetLog])
_EDIT = TypeAdapter(PlanEdit)


class TrainingStore:
    """The training-log half of PlanStore (see the module docstring)."""

    # -- the plan as trained -----------------------------------------------------------------

    def plan_edits(self, plan_id: int) -> tuple[PlanEdit, ...]:
        """The swaps, exclusions, pins and unpins made to a saved plan, oldest first."""
        with self._cursor("read the plan's edits") as cursor:
            self._require(cursor, plan_id)
            rows = cursor.execute(
                "SELECT edit FROM plan_edits WHERE plan_id = ? ORDER BY seq", [plan_id]
            ).fetchall()
        try:
            return tuple(_EDIT.validate_json(row[0]) for row in rows)
        except ValidationError as exc:
            raise self._damaged(plan_id, f"plan edit: {exc.errors()[0]['msg']}") from None

    def pinned_exercises(self, plan_id: int) -> frozenset[str]:
        """The ids of the exercises pinned in a saved plan (kept by swaps and set cuts)."""
        return pinned_ids(self.plan_edits(plan_id))

    def training_plan(self, plan_id: int) -> Plan:
        """The saved plan with its edits applied: what the lifter trains."""
        return apply_edits(self.load(plan_id).plan, self.plan_edits(plan_id))

    def add_plan_edit(self, plan_id: int, edit: PlanEdit) -> Plan:
        """Keep a swap, exclusion, pin or unpin with the plan (refused if it cannot apply).

        Return the plan as trained. A swap or exclusion of a pinned exercise is refused.
        """
        edits = (*self.plan_edits(plan_id), edit)
        plan = apply_edits(self.load(plan_id).plan, edits)  # PlanEditError before any write
        with self._transaction("save the plan edit") as cursor:
            self._require(cursor, plan_id)
            seq = cursor.execute(
                "SELECT coalesce(max(seq), 0) + 1 FROM plan_edits WHERE plan_id = ?", [plan_id]
            ).fetchall()[0][0]
            cursor.execute(
                "INSERT INTO plan_edits (plan_id, seq, edit, created_at) VALUES (?, ?, ?, ?)",
                [plan_id, seq, edit.model_dump_json(), _now()],
            )
        return plan

    # -- the log -----------------------------------------------------------------------------

    def save_workout(self, plan_id: int, workout: Workout) -> int:
        """Log one workout of a saved plan in one transaction; return its id."""
        return self.save_workouts(plan_id, (workout,))[0]

    def save_workouts(self, plan_id: int, workouts: tuple[Workout, ...]) -> list[int]:
        """Log workouts of a saved plan, all or none; refuse unknown sessions, sets, repeats."""
        shape = self._outline(plan_id)
        seen: set[tuple[int, int]] = set()
        for workout in workouts:
            check_workout(shape, workout)
            key = (workout.week, workout.session)
            if key in seen:
                raise InvalidLogError(
                    f"week {key[0]} session {key[1]} appears twice; nothing was saved"
                )
            seen.add(key)
        ids: list[int] = []
        with self._transaction("save the workout") as cursor:
            self._require(cursor, plan_id)
            logged = set(
                cursor.execute(
                    "SELECT week, session FROM workouts WHERE plan_id = ?", [plan_id]
                ).fetchall()
            )
            repeated = sorted(seen & logged)
            if repeated:
                week, session = repeated[0]
                raise InvalidLogError(
                    f"week {week} session {session} of plan {plan_id} is already logged; "
                    "nothing was saved"
                )
            now = _now()
            for workout in workouts:
                workout_id = cursor.execute(
                    "INSERT INTO workouts (plan_id, week, session, day, deload, notes, "
                    "logged_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    [
                        plan_id,
                        workout.week,
                        workout.session,
                        workout.day,
                        workout.deload,
                        workout.notes,
                        now,
                    ],
                ).fetchall()[0][0]
                ids.append(workout_id)
                if workout.sets:
                    appender = cursor.appender(
                        "set_logs",
                        columns=[
                            "workout_id", "position", "exercise_id", "set", "load_kg", "reps",
                            "rir",
                        ],
                    )  # fmt: skip
                    appender.append_rows(
                        [
                            (workout_id, n, s.exercise_id, s.set, s.load_kg, s.reps, s.rir)
                            for n, s in enumerate(workout.sets)
                        ]
                    )
                    appender.flush()
                if workout.feedback is not None:
                    f = workout.feedback
                    cursor.execute(
                        "INSERT INTO workout_feedback VALUES (?, ?, ?, ?, ?)",
                        [workout_id, f.soreness, f.pump, f.joint_pain, f.performance],
                    )
        return ids

    def _outline(self, plan_id: int) -> PlanOutline:
        """The outline a log is checked against, from the plan's rows (its edits applied).

        Reading the outline takes one small query where rebuilding the whole plan takes
        10-25 ms; a plan with edits is rebuilt, since the edits apply to whole prescriptions.
        """
        deleted = PlanNotFoundError(
            f"no saved plan with id {plan_id} in {self.path} (was it deleted?): the log "
            "was not saved; list the saved plans to see their ids"
        )
        with self._cursor("read the plan") as cursor:
            head = cursor.execute(
                "SELECT p.weeks, p.sessions, (SELECT count(*) FROM plan_edits e "
                "WHERE e.plan_id = p.id) FROM plans p WHERE p.id = ? AND p.owner = ?",
                [plan_id, self._owner],
            ).fetchall()
            if not head:
                raise deleted
            weeks, sessions, edits = head[0]
            rows = cursor.execute(
                "SELECT week, session, exercise_id, name, sets FROM plan_exercises "
                "WHERE plan_id = ?",
                [plan_id],
            ).fetchall()
        if edits:
            try:
                return outline(self.training_plan(plan_id))
            except PlanNotFoundError:
                raise deleted from None
        exercises: dict[tuple[int, int], dict[str, tuple[str, int]]] = {
            (w, s): {} for w in range(1, weeks + 1) for s in range(1, sessions + 1)
        }
        for week, session, exercise_id, name, sets in rows:
            exercises.setdefault((week, session), {})[exercise_id] = (name, sets)
        return PlanOutline(sessions_per_week=(sessions,) * weeks, exercises=exercises)

    def training_log(self, plan_id: int) -> TrainingLog:
        """Every workout logged for a saved plan, oldest first."""
        with self._cursor("read the training log") as cursor:
            self._require(cursor, plan_id)
            heads = cursor.execute(
                "SELECT w.id, w.week, w.session, w.day, w.deload, w.notes, f.soreness, f.pump, "
                "f.joint_pain, f.performance FROM workouts w "
                "LEFT JOIN workout_feedback f ON f.workout_id = w.id WHERE w.plan_id = ?",
                [plan_id],
            ).fetchall()
            sets = cursor.execute(
                'SELECT s.workout_id, s.position, s.exercise_id, s."set", s.load_kg, s.reps, s.rir '
                "FROM set_logs s JOIN workouts w ON w.id = s.workout_id WHERE w.plan_id = ?",
                [plan_id],
            ).fetchall()
        by_workout: dict[int, list[dict]] = {}
        for workout_id, _, exercise_id, number, load, reps, rir in sorted(sets):
            by_workout.setdefault(workout_id, []).append(
                {"exercise_id": exercise_id, "set": number, "load_kg": load, "reps": reps,
                 "rir": rir}
            )  # fmt: skip
        workouts = []
        try:
            # Oldest first: by day, then in the order logged.
            for head in sorted(heads, key=lambda row: (row[3], row[0])):
                workout_id, week, session, day, deload, notes, *answers = head
                soreness, pump, pain, performance = answers
                feedback = None
                if performance is not None:
                    feedback = Feedback(
                        soreness=soreness, pump=pump, joint_pain=pain, performance=performance
                    )
                sets = tuple(_SETS.validate_python(by_workout.get(workout_id, [])))
                workouts.append(
                    Workout(
                        week=week,
                        session=session,
                        day=day,
                        deload=deload,
                        notes=notes,
                        sets=sets,
                        feedback=feedback,
                    )
                )
        except ValidationError as exc:
            first = exc.errors()[0]
            raise self._damaged(plan_id, f"training log: {first['msg']}") from None
        return TrainingLog(workouts=tuple(workouts))

    def log_csv(self, plan_id: int) -> bytes:
        """The plan's training log as CSV (planner.logbook.log_csv)."""
        return log_csv(self.training_log(plan_id))

    # -- settings ----------------------------------------------------------------------------

    def load_settings(self) -> LoadSettings:
        """The owner's units and load increments (defaults until saved)."""
        with self._cursor("read the settings") as cursor:
            rows = cursor.execute(
                "SELECT unit, barbell_step, dumbbell_step, machine_step FROM owner_settings "
                "WHERE owner = ?",
                [self._owner],
            ).fetchall()
        if not rows:
            return LoadSettings()
        unit, barbell, dumbbell, machine = rows[0]
        try:
            return LoadSettings(
                unit=unit, barbell_step=barbell, dumbbell_step=dumbbell, machine_step=machine
            )
        except ValidationError:
            return LoadSettings()

    def save_settings(self, settings: LoadSettings) -> None:
        """Keep the owner's units and load increments."""
        with self._transaction("save the settings") as cursor:
            self._ensure_settings_row(cursor)
            cursor.execute(
                "UPDATE owner_settings SET unit = ?, barbell_step = ?, dumbbell_step = ?, "
                "machine_step = ? WHERE owner = ?",
                [settings.unit, settings.barbell_step, settings.dumbbell_step,
                 settings.machine_step, self._owner],
            )  # fmt: skip

    def active_plan_id(self) -> int | None:
        """The owner's saved plan being trained, or None (none chosen, or it was deleted)."""
        with self._cursor("read the active plan") as cursor:
            rows = cursor.execute(
                "SELECT s.active_plan_id FROM owner_settings s "
                "JOIN plans p ON p.id = s.active_plan_id AND p.owner = s.owner WHERE s.owner = ?",
                [self._owner],
            ).fetchall()
        return rows[0][0] if rows else None

    def set_active_plan(self, plan_id: int | None) -> None:
        """Train this saved plan of the owner's from now on (None: no active plan)."""
        with self._transaction("choose the active plan") as cursor:
            if plan_id is not None:
                self._require(cursor, plan_id)
            self._ensure_settings_row(cursor)
            cursor.execute(
                "UPDATE owner_settings SET active_plan_id = ? WHERE owner = ?",
                [plan_id, self._owner],
            )

    def _ensure_settings_row(self, cursor) -> None:
        default = LoadSettings()
        cursor.execute(
            "INSERT INTO owner_settings (owner, unit, barbell_step, dumbbell_step, machine_step, "
            "active_plan_id) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING",
            [self._owner, default.unit, default.barbell_step, default.dumbbell_step,
             default.machine_step],
        )  # fmt: skip

    def _delete_training(self, cursor, plan_id: int) -> None:
        """Delete a plan's log and edits (inside the caller's delete transaction, after its
        _require: the plan is the owner's)."""
        ids = "SELECT id FROM workouts WHERE plan_id = ?"
        cursor.execute(f"DELETE FROM set_logs WHERE workout_id IN ({ids})", [plan_id])
        cursor.execute(f"DELETE FROM workout_feedback WHERE workout_id IN ({ids})", [plan_id])
        cursor.execute("DELETE FROM workouts WHERE plan_id = ?", [plan_id])
        cursor.execute("DELETE FROM plan_edits WHERE plan_id = ?", [plan_id])
