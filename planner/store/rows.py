"""Row mapping: a Plan to and from the rows of the plans and row tables; listing rows."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, TypeAdapter

from planner.models import REGIONS, Goal, Level, Plan, Prescription, Session
from planner.store.errors import InvalidPlanNameError
from planner.volume import week_volume


class PlanSummary(BaseModel):
    """One line of the saved-plans list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    name: str
    notes: str
    goal: Goal
    experience: Level
    weeks: int
    sessions: int
    created_at: datetime
    updated_at: datetime


class SavedPlan(BaseModel):
    """A saved plan with its name, notes and timestamps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    name: str
    notes: str
    created_at: datetime
    updated_at: datetime
    plan: Plan


# Columns written per table, in append order; plan_id comes first in every row table.
_PLAN_COLUMNS = (
    "name",
    "notes",
    "created_at",
    "updated_at",
    "planner_version",
    "goal",
    "experience",
    "equipment",
    "weeks",
    "sessions",
    "minutes",
    "requested_model",
    "deload",
    "emphasis_upper",
    "emphasis_mid",
    "emphasis_lower",
    "emphasis_biceps",
    "model",
    "warnings",
    "landmarks",
)
_ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "plan_weeks": ("plan_id", "week", "deload", "phase", "target_rir"),
    "plan_sessions": ("plan_id", "week", "session", "tier", "minutes", "warmup", "cooldown"),
    "plan_exercises": (
        "plan_id",
        "week",
        "session",
        "order",
        "exercise_id",
        "name",
        "pattern",
        "role",
        "equipment",
        "sets",
        "reps_min",
        "reps_max",
        "rep_unit",
        "unilateral",
        "rest_s",
        "target_rir",
        "pct_1rm",
        "credit_upper",
        "credit_mid",
        "credit_lower",
        "credit_biceps",
        "cue",
        "rationale",
        "progression",
    ),
}
_ROW_TABLES = tuple(_ROW_COLUMNS)
# Exercise rows are read back as week, session, the Prescription fields, then region credits.
_PRESCRIPTION_FIELDS = tuple(name for name in Prescription.model_fields if name != "regions")
_EXERCISE_SELECT = ", ".join(
    ["week", "session"]
    + ["exercise_id AS id" if name == "id" else f'"{name}"' for name in _PRESCRIPTION_FIELDS]
    + [f"credit_{region}" for region in REGIONS]
)


def _row_key(row: tuple) -> tuple:
    return row[:3]  # week, session, order


_SUMMARY_FIELDS = tuple(PlanSummary.model_fields)
# Timestamps leave SQL as ISO text in UTC: pydantic parses those faster than it checks the
# datetimes DuckDB would build, which matters when listing thousands of plans.
_SUMMARY_SQL = (
    "SELECT id, name, notes, goal, experience, weeks, sessions, "
    "strftime(created_at, '%Y-%m-%dT%H:%M:%S.%fZ'), strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ') "
    "FROM plans"
)
_SUMMARIES = TypeAdapter(list[PlanSummary])


def _quoted(column: str) -> str:
    return f'"{column}"'


def _columns_sql(columns: tuple[str, ...]) -> str:
    return ", ".join(_quoted(c) for c in columns)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


# Characters that draw nothing although Unicode does not class them as spaces or format marks.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def visible(text: str) -> bool:
    """True if the text shows at least one character (not only spaces, zero-width marks...)."""
    return any(
        not ch.isspace()
        and ch not in _BLANK_LETTERS
        and unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn")
        for ch in text
    )


def _check_text(field: str, value: object, *, required: bool) -> str:
    """Refuse names and notes that cannot be stored exactly as typed."""
    if not isinstance(value, str):
        raise InvalidPlanNameError(f"the plan {field} must be text, not {type(value).__name__}")
    if required and not visible(value):
        raise InvalidPlanNameError(f"a plan needs a {field}: type at least one visible character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidPlanNameError(
            f"the plan {field} contains characters that are not valid text; retype it"
        ) from None
    return value


def _plan_rows(plan_id: int, plan: Plan) -> dict[str, list[tuple]]:
    """Flatten a plan into the rows of each row table, in _ROW_COLUMNS order."""
    rows: dict[str, list[tuple]] = {table: [] for table in _ROW_TABLES}
    for week in plan.weeks:
        rows["plan_weeks"].append((plan_id, week.week, week.deload, week.phase, week.target_rir))
        for s in week.sessions:
            rows["plan_sessions"].append(
                (
                    plan_id,
                    week.week,
                    s.session,
                    s.tier,
                    s.minutes,
                    [item.model_dump() for item in s.warmup],
                    [item.model_dump() for item in s.cooldown],
                )
            )
            for p in s.exercises:
                rows["plan_exercises"].append(
                    (
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
                        p.progression,
                    )
                )
    return rows


def _plan_values(plan: Plan) -> dict[str, object]:
    """Return the plans-table columns that describe the plan (not name, notes or timestamps)."""
    request = plan.request
    return {
        "planner_version": plan.planner_version,
        "goal": request.goal,
        "experience": request.experience,
        "equipment": list(request.equipment),
        "weeks": request.weeks,
        "sessions": request.sessions,
        "minutes": request.minutes,
        "requested_model": request.model,
        "deload": request.deload,
        "emphasis_upper": request.emphasis.upper,
        "emphasis_mid": request.emphasis.mid,
        "emphasis_lower": request.emphasis.lower,
        "emphasis_biceps": request.emphasis.biceps,
        "model": plan.model,
        "warnings": list(plan.warnings),
        # A list keeps the regions' order, so the reloaded plan serialises byte for byte alike.
        "landmarks": [
            {
                "region": region,
                "mv": mark.mv,
                "mev": mark.mev,
                "mav_low": mark.mav[0],
                "mav_high": mark.mav[1],
                "mrv": mark.mrv,
            }
            for region, mark in plan.landmarks.items()
        ],
    }


def _plan_document(row: dict, weeks: list, sessions: list, exercises: list) -> dict:
    """Reassemble the nested plan document from the rows of one plan."""
    by_session: dict[tuple[int, int], dict] = {}
    for week, session, tier, minutes, warmup, cooldown in sorted(sessions):
        by_session[(week, session)] = {
            "session": session,
            "tier": tier,
            "minutes": minutes,
            "warmup": warmup,
            "exercises": [],
            "cooldown": cooldown,
        }
    for week, session, *fields, upper, mid, lower, biceps in sorted(exercises, key=_row_key):
        item = dict(zip(_PRESCRIPTION_FIELDS, fields, strict=True))
        item["regions"] = {"upper": upper, "mid": mid, "lower": lower, "biceps": biceps}
        by_session[(week, session)]["exercises"].append(item)
    sessions_of: dict[int, list] = {}
    for (week, _), session in by_session.items():
        sessions_of.setdefault(week, []).append(session)
    built_weeks = []
    for week, deload, phase, rir in sorted(weeks):
        # Validated once here; Plan takes the instances without validating them again.
        week_sessions = [Session.model_validate(s) for s in sessions_of.get(week, [])]
        # Volume is derived data: recount it from the stored rows with the planner's function.
        volume = week_volume(week_sessions)
        built_weeks.append(
            {
                "week": week,
                "deload": deload,
                "phase": phase,
                "target_rir": rir,
                "volume": volume,
                "sessions": week_sessions,
            }
        )
    return {
        "planner_version": row["planner_version"],
        "request": {
            "goal": row["goal"],
            "experience": row["experience"],
            "equipment": row["equipment"],
            "weeks": row["weeks"],
            "sessions": row["sessions"],
            "minutes": row["minutes"],
            "model": row["requested_model"],
            "deload": row["deload"],
            "emphasis": {r: row[f"emphasis_{r}"] for r in REGIONS},
        },
        "model": row["model"],
        "landmarks": {
            mark["region"]: {
                "mv": mark["mv"],
                "mev": mark["mev"],
                "mav": (mark["mav_low"], mark["mav_high"]),
                "mrv": mark["mrv"],
            }
            for mark in row["landmarks"]
        },
        "warnings": row["warnings"],
        "weeks": built_weeks,
    }
