"""Exports: pure byte and text producers for CSV, JSON and a plain-text view of a plan.

The printable sheet (PDF) is in planner.printable and the calendar (ICS) in planner.calendar.
"""

from __future__ import annotations

import csv
import io
import json
import re

from pydantic import ValidationError

from planner.builder import PLANNER_VERSION
from planner.errors import InvalidRequestError, PlanFileError
from planner.models import (
    EQUIPMENT_LABELS,
    GOAL_LABELS,
    LEVEL_LABELS,
    REGION_LABELS,
    REGIONS,
    Plan,
    Prescription,
    SessionItem,
    Week,
)

# One row per set (and per warm-up or cool-down item), so a lifter logs each set in its own row.
# Numbers a spreadsheet should compute with are bare numbers; text it might turn into a date
# ("8-10") is written in words ("8 to 10").
CSV_COLUMNS = (
    "week",
    "session",
    "part",
    "order",
    "exercise",
    "equipment",
    "set",
    "sets",
    "reps_min",
    "reps_max",
    "reps",
    "rest_s",
    "target_rir",
    "pct_1rm",
    "load_done",
    "reps_done",
    "rir_done",
    "cue",
    "rationale",
    "deload",
)
LOG_COLUMNS = ("load_done", "reps_done", "rir_done")
RATIONALE_LIMIT = 120  # characters; the JSON export keeps the whole text
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


def equipment_text(tags: tuple[str, ...]) -> str:
    """Readable equipment names ("Dumbbells + Bench"); no tag means bodyweight."""
    return " + ".join(EQUIPMENT_LABELS.get(tag, tag) for tag in tags) or "Bodyweight"


def reps_words(item: Prescription) -> str:
    """The rep range as words ("8 to 10", "30 s per side"): no spreadsheet reads it as a date."""
    unit = " s" if item.rep_unit == "s" else ""
    side = " per side" if item.unilateral else ""
    if item.reps_min == item.reps_max:
        return f"{item.reps_min}{unit}{side}"
    return f"{item.reps_min} to {item.reps_max}{unit}{side}"


def short_rationale(text: str, limit: int = RATIONALE_LIMIT) -> str:
    """The rationale's leading clauses, at most `limit` characters, cut at a clause or a word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    clauses = re.split(r"(?<=[;.])\s+", flat)
    kept = clauses[0]
    for clause in clauses[1:]:
        if len(kept) + 1 + len(clause) > limit:
            break
        kept += " " + clause
    if len(kept) > limit:
        kept = kept[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return kept.rstrip(";")


def _item_row(week: Week, session: int, part: str, item: SessionItem) -> dict:
    return {
        "week": week.week,
        "session": session,
        "part": part,
        "exercise": item.name,
        "cue": item.detail,
        "deload": "yes" if week.deload else "no",
    }


def _set_rows(week: Week, session: int, item: Prescription) -> list[dict]:
    rows = []
    for number in range(1, item.sets + 1):
        rows.append(
            {
                "week": week.week,
                "session": session,
                "part": "work",
                "order": item.order,
                "exercise": item.name,
                "equipment": equipment_text(item.equipment),
                "set": number,
                "sets": item.sets,
                "reps_min": item.reps_min,
                "reps_max": item.reps_max,
                "reps": reps_words(item),
                "rest_s": item.rest_s,
                "target_rir": f"{item.target_rir:g}",
                "pct_1rm": "" if item.pct_1rm is None else f"{item.pct_1rm:g}",
                # the cue and the reason once per exercise, on its first set
                "cue": item.cue if number == 1 else "",
                "rationale": short_rationale(item.rationale) if number == 1 else "",
                "deload": "yes" if week.deload else "no",
            }
        )
    return rows


def _rows(plan: Plan, weeks: list[Week]) -> list[dict]:
    rows = []
    for week in weeks:
        for session in week.sessions:
            rows += [_item_row(week, session.session, "warm-up", w) for w in session.warmup]
            for item in session.exercises:
                rows += _set_rows(week, session.session, item)
            rows += [_item_row(week, session.session, "cool-down", c) for c in session.cooldown]
    return rows


def _csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8")


def week_csv(plan: Plan, week: int) -> bytes:
    """One week of the plan as CSV: warm-up items, one row per working set, cool-down items."""
    return _csv_bytes(_rows(plan, [get_week(plan, week)]))


def plan_csv(plan: Plan) -> bytes:
    """Every week of the plan as CSV."""
    return _csv_bytes(_rows(plan, list(plan.weeks)))


def plan_json(plan: Plan) -> str:
    """The whole plan as JSON (documented in the README)."""
    return plan.model_dump_json(indent=2)


# Plan documents are a few hundred kB at most (a 12-week, 3-session plan is about 250 kB); the
# dashboard's upload limit is the same 5 MB (.streamlit/config.toml, server.maxUploadSize).
MAX_PLAN_BYTES = 5 * 1024 * 1024
# A plan document nests about 8 levels deep; anything far deeper is not a plan.
MAX_PLAN_DEPTH = 32
# Field paths and values quoted back in messages are cut to this many characters.
_QUOTE_WIDTH = 60


def quoted(value: object, width: int = _QUOTE_WIDTH) -> str:
    """Quote a piece of a hostile document in a message: one line, at most `width` chars."""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _depth_exceeds(data: object, limit: int) -> bool:
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, list):
            stack.extend((value, depth + 1) for value in item)
    return False


def read_json_document(text: str | bytes) -> object:
    """Parse a JSON document from outside, within the size and nesting a plan file can have.

    Refuses, with one short line: files over MAX_PLAN_BYTES, invalid JSON and nesting deeper
    than MAX_PLAN_DEPTH (JSON nested 100,000 deep would exhaust the stack). NaN and Infinity
    parse, so that the plan models refuse them naming the field (they allow finite numbers only).
    """
    size = len(text.encode("utf-8")) if isinstance(text, str) else len(text)
    if size > MAX_PLAN_BYTES:
        raise PlanFileError(
            f"the file is too large: a plan file is at most {MAX_PLAN_BYTES // 1024 // 1024} MB"
        )
    try:
        data = json.loads(text)
    except RecursionError:
        raise PlanFileError(
            f"the file nests deeper than a plan can (over {MAX_PLAN_DEPTH} levels)"
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise PlanFileError(f"not a JSON file: {quoted(exc, width=4 * _QUOTE_WIDTH)}") from None
    if _depth_exceeds(data, MAX_PLAN_DEPTH):
        raise PlanFileError(f"the file nests deeper than a plan can (over {MAX_PLAN_DEPTH} levels)")
    return data


def validation_problem(exc: ValidationError) -> str:
    """The first problem pydantic found, as `field.path: message`, short and on one line."""
    first = exc.errors()[0]
    where = ".".join(quoted(p) for p in first["loc"])
    message = quoted(first["msg"].removeprefix("Value error, "), width=4 * _QUOTE_WIDTH)
    return f"{where}: {message}" if where else message


def plan_from_json(text: str | bytes) -> Plan:
    """Parse and validate a plan JSON document; refuse anything that is not one."""
    data = read_json_document(text)
    return plan_from_document(data)


def plan_from_document(data: object) -> Plan:
    """Validate a parsed plan document (see read_json_document); refuse anything else."""
    if not isinstance(data, dict) or "weeks" not in data or "request" not in data:
        raise PlanFileError("not a back-planner plan: it has no 'request' and 'weeks'")
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanFileError(f"not a valid plan: {validation_problem(exc)}") from None
    if _version(plan.planner_version) > _version(PLANNER_VERSION):
        raise PlanFileError(
            f"planner_version: {plan.planner_version} is newer than this back-planner "
            f"({PLANNER_VERSION}): upgrade back-planner to read the plan"
        )
    return plan


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


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
