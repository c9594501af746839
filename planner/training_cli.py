"""Command line for training a saved plan: log sets, show the next session, export the log.

    python -m planner log PLAN_ID --file sets.csv   (week,session,exercise_id,set,load_kg,reps,rir)
    python -m planner next PLAN_ID [--format text|json]
    python -m planner history PLAN_ID --format csv

A thin shell: the clock is read here (today's date), the rest is planner.adaptation and the
store. Failures are PlannerError subclasses, which planner.cli turns into one line.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from planner.adaptation import RULES, NextSession, next_session
from planner.cli_options import terminal_safe
from planner.errors import PlannerError
from planner.loads import format_load
from planner.logbook import InvalidLogError, workouts_from_csv
from planner.sources import cite
from planner.store_cli import _add_db_option, _open_existing, plan_id

MAX_LOG_FILE_BYTES = 5_000_000


def register(commands: argparse._SubParsersAction) -> None:
    """Add log, next and history to the `python -m planner` parser."""
    log = commands.add_parser("log", help="log sets of a saved plan from a CSV file")
    log.add_argument("id", type=plan_id, help="plan id (see `list`)")
    log.add_argument(
        "--file",
        required=True,
        help="CSV with columns week,session,exercise_id,set,load_kg,reps,rir",
    )
    log.add_argument("--day", type=_day, help="the day trained, YYYY-MM-DD (default: today)")
    _add_db_option(log)
    log.set_defaults(handler=_cmd_log)

    nxt = commands.add_parser("next", help="the next session of a saved plan, with loads")
    nxt.add_argument("id", type=plan_id, help="plan id (see `list`)")
    nxt.add_argument("--format", choices=("text", "json"), default="text")
    nxt.add_argument("--today", type=_day, help="YYYY-MM-DD (default: today)")
    _add_db_option(nxt)
    nxt.set_defaults(handler=_cmd_next)

    history = commands.add_parser("history", help="the training log of a saved plan")
    history.add_argument("id", type=plan_id, help="plan id (see `list`)")
    history.add_argument("--format", choices=("csv",), default="csv")
    _add_db_option(history)
    history.set_defaults(handler=_cmd_history)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from None


def _cmd_log(args: argparse.Namespace) -> str:
    path = Path(args.file).expanduser()
    try:
        if path.stat().st_size > MAX_LOG_FILE_BYTES:
            raise InvalidLogError(f"{path}: larger than 5 MB, not a log of sets; nothing was saved")
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidLogError(
            f"{path}: cannot read it ({exc.strerror or exc}); nothing was saved"
        ) from None
    try:
        workouts = workouts_from_csv(data, args.day or date.today())
    except InvalidLogError as exc:
        raise InvalidLogError(f"{path}: {exc}") from None
    with _open_existing(args) as store:
        try:
            ids = store.save_workouts(args.id, workouts)
        except PlannerError as exc:
            raise type(exc)(f"{path}: {exc}") from None
    sets = sum(len(w.sets) for w in workouts)
    return (
        f"logged {len(ids)} session{'s' if len(ids) != 1 else ''} ({sets} sets) to plan {args.id}\n"
    )


def _cmd_next(args: argparse.Namespace) -> str:
    with _open_existing(args, read_only=True) as store:
        plan = store.training_plan(args.id)
        log = store.training_log(args.id)
        settings = store.load_settings()
        pinned = store.pinned_exercises(args.id)
    result = next_session(plan, log, settings, today=args.today or date.today(), pinned=pinned)
    if args.format == "json":
        return json.dumps(next_json(result), indent=2, ensure_ascii=False) + "\n"
    return next_text(result, settings)


def next_json(result: NextSession) -> dict:
    """The next session as JSON: load_kg per exercise where the log allows one."""
    return {
        "week": result.week,
        "session": result.session,
        "deload": result.deload,
        "complete": result.complete,
        "exercises": [
            {
                "exercise_id": e.prescription.id,
                "name": e.prescription.name,
                "sets": e.prescription.sets,
                "reps_min": e.prescription.reps_min,
                "reps_max": e.prescription.reps_max,
                "target_reps": e.target_reps,
                "target_rir": e.prescription.target_rir,
                "load_kg": e.suggested_load_kg,
                "advice": e.load_text,
                "rules": list(e.rules),
            }
            for e in result.exercises
        ],
        "rules_fired": [
            {"rule": f.rule, "text": RULES[f.rule].text, "detail": f.detail} for f in result.fired
        ],
    }


def next_text(result: NextSession, settings) -> str:
    """The next session as plain text, rules with their sources at the end."""
    if result.complete:
        return "every session of this plan is logged: build and save the next block\n"
    title = f"Week {result.week}, session {result.session}" + (" (deload)" if result.deload else "")
    lines = [terminal_safe(title)]
    for e in result.exercises:
        p = e.prescription
        load = f" @ {format_load(e.suggested_load_kg, settings)}" if e.suggested_load_kg else ""
        lines.append(
            terminal_safe(
                f"{p.order}. {p.name}: {p.sets} x {p.reps_min}-{p.reps_max} {p.rep_unit}, "
                f"{p.target_rir:g} in reserve{load}"
            )
        )
        lines.append(terminal_safe(f"   {e.load_text}"))
        if e.last_time:
            lines.append(terminal_safe(f"   {e.last_time}"))
    rules = sorted({f.rule for f in result.fired})
    if rules:
        lines.append("Rules applied:")
        for rule_id in rules:
            rule = RULES[rule_id]
            lines.append(f"- {rule.text} ({cite(*rule.sources)})")
    return "\n".join(lines) + "\n"


def _cmd_history(args: argparse.Namespace) -> str:
    with _open_existing(args, read_only=True) as store:
        data = store.log_csv(args.id)
    return data.decode("utf-8")
