"""Exports: pure byte and text producers for CSV, JSON and a plain-text view of a plan."""

from __future__ import annotations

import csv
import io
import json

from pydantic import ValidationError

from planner.errors import InvalidRequestError, PlanFileError
from planner.models import (
    GOAL_LABELS,
    LEVEL_LABELS,
    REGION_LABELS,
    REGIONS,
    Plan,
    Prescription,
    Week,
)

CSV_COLUMNS = (
    "week",
    "session",
    "order",
    "exercise",
    "equipment",
    "sets",
    "reps",
    "rest_s",
    "target_rir",
    "upper",
    "mid",
    "lower",
    "biceps",
    "cue",
    "id",
    "pattern",
    "pct_1rm",
    "deload",
    "rationale",
    "progression",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def reps_text(item: Prescription) -> str:
    unit = " s" if item.rep_unit == "s" else ""
    side = "/side" if item.unilateral else ""
    if item.reps_min == item.reps_max:
        return f"{item.reps_min}{unit}{side}"
    return f"{item.reps_min}-{item.reps_max}{unit}{side}"


def get_week(plan: Plan, week: int) -> Week:
    for item in plan.weeks:
        if item.week == week:
            return item
    raise InvalidRequestError(f"week {week} is not in this plan; choose 1 to {len(plan.weeks)}")


def _rows(plan: Plan, weeks: list[Week]) -> list[dict]:
    rows = []
    for week in weeks:
        for session in week.sessions:
            for item in session.exercises:
                rows.append(
                    {
                        "week": week.week,
                        "session": session.session,
                        "order": item.order,
                        "exercise": item.name,
                        "equipment": "+".join(item.equipment) or "bodyweight",
                        "sets": item.sets,
                        "reps": reps_text(item),
                        "rest_s": item.rest_s,
                        "target_rir": f"{item.target_rir:g}",
                        "upper": f"{item.regions.upper:g}",
                        "mid": f"{item.regions.mid:g}",
                        "lower": f"{item.regions.lower:g}",
                        "biceps": f"{item.regions.biceps:g}",
                        "cue": item.cue,
                        "id": item.id,
                        "pattern": item.pattern,
                        "pct_1rm": "" if item.pct_1rm is None else f"{item.pct_1rm:g}",
                        "deload": "yes" if week.deload else "no",
                        "rationale": item.rationale,
                        "progression": item.progression,
                    }
                )
    return rows


def _csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8")


def week_csv(plan: Plan, week: int) -> bytes:
    """One week of the plan as CSV, one row per prescription."""
    return _csv_bytes(_rows(plan, [get_week(plan, week)]))


def plan_csv(plan: Plan) -> bytes:
    """Every week of the plan as CSV."""
    return _csv_bytes(_rows(plan, list(plan.weeks)))


def plan_json(plan: Plan) -> str:
    """The whole plan as JSON (documented in the README)."""
    return plan.model_dump_json(indent=2)


def plan_from_json(text: str | bytes) -> Plan:
    """Parse and validate a plan JSON document; refuse anything that is not one."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PlanFileError(f"not a JSON file: {exc}") from None
    if not isinstance(data, dict) or "weeks" not in data or "request" not in data:
        raise PlanFileError("not a back-planner plan: it has no 'request' and 'weeks'")
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise PlanFileError(f"not a valid plan: {where + ': ' if where else ''}{message}") from None


EQUIPMENT_WORDS = {
    "barbell": "barbell",
    "ez_bar": "EZ bar",
    "dumbbell": "dumbbells",
    "bench": "bench",
    "rack": "rack",
    "landmine": "landmine",
    "cable": "cable station",
    "machine": "machines",
    "pullup_bar": "pull-up bar",
    "suspension": "suspension straps",
    "band": "resistance bands",
    "hyperextension": "hyperextension bench",
}


def plan_text(plan: Plan, week: int | None = None) -> str:
    """A readable plain-text view for the terminal."""
    request = plan.request
    lines = [
        f"{GOAL_LABELS[request.goal]} block, {LEVEL_LABELS[request.experience].lower()}: "
        f"{request.weeks} weeks x {request.sessions} sessions, {request.minutes} min, "
        f"{plan.model} periodization",
        "Equipment: "
        + (", ".join(EQUIPMENT_WORDS.get(t, t) for t in request.equipment) or "bodyweight only"),
    ]
    for warning in plan.warnings:
        lines.append(f"! {warning}")
    weeks = [get_week(plan, week)] if week is not None else list(plan.weeks)
    for item in weeks:
        volume = ", ".join(f"{REGION_LABELS[r]} {item.volume.of(r):g}" for r in REGIONS)
        title = f"Week {item.week}" + (" (deload)" if item.deload else f" ({item.phase})")
        lines += ["", f"{title}: target RIR {item.target_rir:g}; weekly sets: {volume}"]
        for session in item.sessions:
            lines.append(
                f"  Session {session.session} ({session.tier}, ~{session.minutes:.0f} min)"
            )
            lines.append(
                "    warm-up: " + "; ".join(f"{w.name} ({w.detail})" for w in session.warmup)
            )
            for p in session.exercises:
                load = f" @ ~{p.pct_1rm:g}% 1RM" if p.pct_1rm is not None else ""
                lines.append(
                    f"    {p.order}. {p.name}: {p.sets} x {reps_text(p)}{load}, "
                    f"rest {p.rest_s} s, RIR {p.target_rir:g}"
                )
                lines.append(f"       cue: {p.cue}")
            lines.append(
                "    cool-down: " + "; ".join(f"{c.name} ({c.detail})" for c in session.cooldown)
            )
    return "\n".join(lines) + "\n"
