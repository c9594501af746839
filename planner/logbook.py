"""The training log: workouts, the sets done in them and the lifter's feedback.

Pure models and checks. A log is checked against the plan it follows (`check_workout`): unknown
weeks, sessions, exercises or set numbers are refused with one message naming the first problem,
so a store can refuse the whole workout and save nothing of it. The CSV format of
`python -m planner log` and `history` lives here too (`workouts_from_csv`, `log_csv`).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from planner.errors import PlannerError
from planner.models import Plan

Performance = Literal["worse", "same", "better"]
PERFORMANCES: tuple[Performance, ...] = ("worse", "same", "better")
PERFORMANCE_LABELS: dict[Performance, str] = {
    "worse": "Worse",
    "same": "Same",
    "better": "Better",
}
FEEDBACK_LABELS = {0: "None", 1: "A little", 2: "Moderate", 3: "A lot"}
MAX_LOAD_KG = 1000.0
MAX_REPS = 100
MAX_RIR = 10.0
# Feedback may add up to this many sets to one exercise in a week (planner.adaptation), so a
# logged set number may exceed the plan's by that much.
MAX_ADDED_SETS = 2
CSV_COLUMNS = ("week", "session", "exercise_id", "set", "load_kg", "reps", "rir")
HISTORY_COLUMNS = ("day", "week", "session", "deload", *CSV_COLUMNS[2:])

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class InvalidLogError(PlannerError, ValueError):
    """A logged set, feedback or workout that cannot be saved; the message says what to fix."""


class SetLog(BaseModel):
    """One working set as done: the load (kg; 0 for bodyweight), reps and reps in reserve."""

    model_config = _FROZEN

    exercise_id: str = Field(min_length=1)
    set: int
    load_kg: float
    reps: int
    rir: float

    @field_validator("set")
    @classmethod
    def _set_number(cls, value: int) -> int:
        if value < 1:
            raise ValueError(f"set numbers start at 1, got {value}")
        return value

    @field_validator("load_kg")
    @classmethod
    def _load(cls, value: float) -> float:
        if not 0 <= value <= MAX_LOAD_KG:
            raise ValueError(f"load must be 0 to {MAX_LOAD_KG:g} kg, got {value:g}")
        return value

    @field_validator("reps")
    @classmethod
    def _reps(cls, value: int) -> int:
        if not 1 <= value <= MAX_REPS:
            raise ValueError(f"reps must be 1 to {MAX_REPS}, got {value}")
        return value

    @field_validator("rir")
    @classmethod
    def _rir(cls, value: float) -> float:
        if not 0 <= value <= MAX_RIR:
            raise ValueError(f"reps in reserve must be 0 to {MAX_RIR:g}, got {value:g}")
        return value


class Feedback(BaseModel):
    """How the session went: soreness, pump and joint pain 0-3, performance vs last time."""

    model_config = _FROZEN

    soreness: int = Field(0, ge=0, le=3)
    pump: int = Field(0, ge=0, le=3)
    joint_pain: int = Field(0, ge=0, le=3)
    performance: Performance = "same"


class Workout(BaseModel):
    """One logged session of a plan, on a day given by the caller (the planner has no clock)."""

    model_config = _FROZEN

    week: int = Field(ge=1)
    session: int = Field(ge=1)
    day: date
    deload: bool = False  # done as an (early) deload, so its performance is not held against it
    sets: tuple[SetLog, ...] = ()
    feedback: Feedback | None = None
    notes: str = ""


class TrainingLog(BaseModel):
    """Every workout logged for one plan, oldest first."""

    model_config = _FROZEN

    workouts: tuple[Workout, ...] = ()

    def done(self) -> set[tuple[int, int]]:
        return {(w.week, w.session) for w in self.workouts}


def _message(exc: ValidationError, where: str) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "value"
    text = first["msg"].removeprefix("Value error, ")
    return f"{where}: {field}: {text}"


def make_set(where: str = "set", **values: object) -> SetLog:
    """Build a SetLog, or raise InvalidLogError naming `where` and the field."""
    try:
        return SetLog.model_validate(values)
    except ValidationError as exc:
        raise InvalidLogError(_message(exc, where)) from None


def make_feedback(**values: object) -> Feedback:
    """Build a Feedback, or raise InvalidLogError naming the field."""
    try:
        return Feedback.model_validate(values)
    except ValidationError as exc:
        raise InvalidLogError(_message(exc, "feedback")) from None


class PlanOutline(BaseModel):
    """What a log is checked against: per (week, session), each exercise's name and sets."""

    model_config = _FROZEN

    sessions_per_week: tuple[int, ...]  # index 0 is week 1
    exercises: dict[tuple[int, int], dict[str, tuple[str, int]]]


def outline(plan: Plan) -> PlanOutline:
    """The outline of a plan (see PlanOutline)."""
    return PlanOutline(
        sessions_per_week=tuple(len(w.sessions) for w in plan.weeks),
        exercises={
            (w.week, s.session): {p.id: (p.name, p.sets) for p in s.exercises}
            for w in plan.weeks
            for s in w.sessions
        },
    )


def check_workout(plan: Plan | PlanOutline, workout: Workout) -> None:
    """Refuse a workout that does not fit the plan: unknown week, session, exercise or set."""
    shape = plan if isinstance(plan, PlanOutline) else outline(plan)
    weeks = len(shape.sessions_per_week)
    if not 1 <= workout.week <= weeks:
        raise InvalidLogError(
            f"week {workout.week} is not in this plan (it has weeks 1 to {weeks}); "
            "nothing was saved"
        )
    sessions = shape.sessions_per_week[workout.week - 1]
    if not 1 <= workout.session <= sessions:
        raise InvalidLogError(
            f"week {workout.week} has sessions 1 to {sessions}, not "
            f"{workout.session}; nothing was saved"
        )
    prescribed = shape.exercises.get((workout.week, workout.session), {})
    seen: set[tuple[str, int]] = set()
    for item in workout.sets:
        where = f"week {workout.week} session {workout.session}"
        found = prescribed.get(item.exercise_id)
        if found is None:
            raise InvalidLogError(
                f"{where} has no exercise {item.exercise_id!r} (it has "
                f"{', '.join(prescribed)}); nothing was saved"
            )
        name, sets = found
        if item.set > sets + MAX_ADDED_SETS:
            raise InvalidLogError(
                f"{where}: {name} has {sets} sets (up to {sets + MAX_ADDED_SETS} with "
                f"added sets), not set {item.set}; nothing was saved"
            )
        if (item.exercise_id, item.set) in seen:
            raise InvalidLogError(
                f"{where}: {name} set {item.set} is logged twice; nothing was saved"
            )
        seen.add((item.exercise_id, item.set))


def workouts_from_csv(text: str | bytes, day: date) -> tuple[Workout, ...]:
    """Parse CSV rows (week,session,exercise_id,set,load_kg,reps,rir) into workouts on `day`.

    One workout per (week, session), in file order; any bad row refuses the whole file.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidLogError("the file is not UTF-8 text; nothing was saved") from None
    reader = csv.DictReader(io.StringIO(text))
    header = tuple((name or "").strip() for name in (reader.fieldnames or ()))
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InvalidLogError(
            f"the file needs the columns {','.join(CSV_COLUMNS)}; missing {', '.join(missing)}; "
            "nothing was saved"
        )
    grouped: dict[tuple[int, int], list[SetLog]] = {}
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        where = f"line {line}"
        try:
            week, session = int(row["week"]), int(row["session"])
            number, reps = int(row["set"]), int(row["reps"])
            load, rir = float(row["load_kg"]), float(row["rir"])
        except ValueError:
            raise InvalidLogError(
                f"{where}: week, session, set and reps must be whole numbers and load_kg and "
                "rir numbers; nothing was saved"
            ) from None
        try:
            item = make_set(
                where, exercise_id=row["exercise_id"], set=number, load_kg=load, reps=reps, rir=rir
            )
        except InvalidLogError as exc:
            raise InvalidLogError(f"{exc}; nothing was saved") from None
        grouped.setdefault((week, session), []).append(item)
    if not grouped:
        raise InvalidLogError("the file has no sets; nothing was saved")
    try:
        return tuple(
            Workout(week=week, session=session, day=day, sets=tuple(sets))
            for (week, session), sets in grouped.items()
        )
    except ValidationError as exc:
        raise InvalidLogError(_message(exc, "workout") + "; nothing was saved") from None


def log_csv(log: TrainingLog) -> bytes:
    """The log as CSV: one row per set, oldest first (day, week, session, deload, the set)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HISTORY_COLUMNS)
    for w in log.workouts:
        for s in w.sets:
            writer.writerow(
                (
                    w.day.isoformat(),
                    w.week,
                    w.session,
                    "yes" if w.deload else "no",
                    s.exercise_id,
                    s.set,
                    f"{s.load_kg:g}",
                    s.reps,
                    f"{s.rir:g}",
                )
            )
    return out.getvalue().encode("utf-8")
