"""The options shared by the commands of `python -m planner`: a plan request and its output.

Their own module so that planner.cli (the parser and main) and the store's commands
(planner.store_cli, planner.training_cli) import them without importing each other.
"""

from __future__ import annotations

import argparse

from planner.catalog import EQUIPMENT_PRESETS
from planner.export import plan_csv, plan_json, plan_text, week_csv
from planner.models import EQUIPMENT, GOALS, LEVELS, MODELS, Plan, PlanRequest
from planner.request import parse_request


def add_request_options(parser: argparse.ArgumentParser) -> None:
    """The options that describe a plan request (shared by build and save)."""
    parser.add_argument("--goal", required=True, choices=GOALS)
    parser.add_argument("--experience", required=True, choices=LEVELS)
    parser.add_argument(
        "--equipment",
        default="",
        help="comma-separated tags or presets: "
        + ", ".join(EQUIPMENT)
        + "; presets: "
        + ", ".join(EQUIPMENT_PRESETS)
        + " (bodyweight is always available)",
    )
    parser.add_argument("--weeks", type=int, default=5, help="3-12 (default 5)")
    parser.add_argument("--sessions", type=int, default=2, help="1-3 per week (default 2)")
    parser.add_argument("--minutes", type=int, default=60, help="30-120 per session (default 60)")
    parser.add_argument("--model", choices=MODELS, help="periodization (default per goal)")
    parser.add_argument("--no-deload", action="store_true", help="leave out the final deload week")
    for region in ("upper", "mid", "lower", "biceps"):
        parser.add_argument(
            f"--{region}", type=int, default=1, metavar="0-2", help=f"{region} emphasis (default 1)"
        )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("json", "csv", "text"), default="text")
    parser.add_argument("--week", type=int, help="only this week (csv and text)")


def request_from_args(args: argparse.Namespace) -> PlanRequest:
    return parse_request(
        goal=args.goal,
        experience=args.experience,
        equipment=args.equipment,
        weeks=args.weeks,
        sessions=args.sessions,
        minutes=args.minutes,
        model=args.model,
        deload=not args.no_deload,
        emphasis={r: getattr(args, r) for r in ("upper", "mid", "lower", "biceps")},
    )


def render(plan: Plan, fmt: str, week: int | None) -> str:
    if fmt == "json":
        return plan_json(plan) + "\n"
    if fmt == "csv":
        data = week_csv(plan, week) if week is not None else plan_csv(plan)
        return data.decode("utf-8")
    return plan_text(plan, week)
