"""The options and output helpers shared by the commands of `python -m planner`.

Their own module so that planner.cli (the parser and main) and the store's commands
(planner.store_cli, planner.training_cli) import them without importing each other.
"""

from __future__ import annotations

import argparse
import re

from planner.catalog import DEFAULT_PRESET, EQUIPMENT_PRESETS
from planner.errors import InvalidRequestError
from planner.export import get_week, plan_csv, plan_json, plan_text, week_csv
from planner.models import EQUIPMENT, GOALS, LEVELS, MODELS, Plan, PlanRequest
from planner.request import parse_request


def add_request_options(parser: argparse.ArgumentParser) -> None:
    """The options that describe a plan request (shared by build and save)."""
    parser.add_argument("--goal", required=True, choices=GOALS)
    parser.add_argument("--experience", required=True, choices=LEVELS)
    parser.add_argument(
        "--equipment",
        default=DEFAULT_PRESET,
        help="comma-separated tags or presets: "
        + ", ".join(EQUIPMENT)
        + "; presets: "
        + ", ".join(EQUIPMENT_PRESETS)
        + f" (default {DEFAULT_PRESET}, as in the dashboard; bodyweight is always available; "
        + '--equipment "" for bodyweight only)',
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
    if week is not None:
        get_week(plan, week)  # a week outside the plan is refused whatever the format
        if fmt == "json":
            raise InvalidRequestError(
                "--week picks a week of csv or text output; json is always the whole plan"
            )
    if fmt == "json":
        return plan_json(plan) + "\n"
    if fmt == "csv":
        data = week_csv(plan, week) if week is not None else plan_csv(plan)
        return data.decode("utf-8")
    return plan_text(plan, week)


# Characters a terminal acts on instead of showing: C0 controls but tab and newline (ESC starts
# colour, cursor and title sequences; CR overwrites the line), DEL, C1 controls (0x9b is CSI) and
# the bidirectional overrides that reorder what is shown.
_TERMINAL_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Show control characters of user text (names, imported strings) as \\x.. escapes."""
    return _TERMINAL_CONTROLS.sub(_escaped, text)


def json_safe(text: str) -> str:
    """Escape those characters in JSON text as \\u escapes: the same JSON values, inert on a
    terminal (they can only occur inside JSON strings)."""
    return _TERMINAL_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
