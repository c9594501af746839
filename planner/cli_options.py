"""The options and output helpers shared by the commands of `python -m planner`.

Their own module so that planner.cli (the parser and main) and the store's commands
(planner.store_cli, planner.training_cli) import them without importing each other.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from planner.catalog import DEFAULT_PRESET, EQUIPMENT_PRESETS
from planner.errors import InvalidRequestError
from planner.export import get_week, plan_csv, plan_json, plan_text, week_csv
from planner.ics import default_weekdays, parse_weekdays, plan_ics
from planner.models import EQUIPMENT, GOALS, LEVELS, MODELS, Plan, PlanRequest
from planner.printable import block_pdf, week_pdf
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


TEXT_FORMATS = ("json", "csv", "text")
FILE_FORMATS = ("pdf", "ics")  # binary or calendar files: written with --output (or to a pipe)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=TEXT_FORMATS + FILE_FORMATS, default="text")
    parser.add_argument("--week", type=int, help="only this week (csv, text and pdf)")
    parser.add_argument(
        "--paper", type=str.lower, choices=("a4", "letter"), default="a4", help="pdf paper size"
    )
    parser.add_argument("--start", metavar="YYYY-MM-DD", help="ics: the first day of week 1")
    parser.add_argument(
        "--days",
        metavar="mon,thu",
        help="ics: one training weekday per session (default: mon; mon,thu; mon,wed,fri)",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE instead of standard output (pdf and ics need it on a terminal)",
    )


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


def render_file(plan: Plan, args: argparse.Namespace) -> bytes:
    """The pdf or ics bytes the options ask for; bad option values raise InvalidRequestError."""
    if args.format == "pdf":
        if args.week is not None:
            return week_pdf(plan, args.week, args.paper)
        return block_pdf(plan, args.paper)
    if args.week is not None:
        raise InvalidRequestError("--week does not apply to ics: a calendar holds the whole block")
    if not args.start:
        raise InvalidRequestError("ics needs --start YYYY-MM-DD, the first day of week 1")
    start = _parse_date(args.start)
    if args.days is None:
        days = default_weekdays(plan.request.sessions)
    else:
        days = parse_weekdays(args.days)
    return plan_ics(plan, start, days)


def _parse_date(text: str) -> date:
    try:
        if _ISO_DATE.match(text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise InvalidRequestError(
        f"start: {text[:20]!r} is not a date; use YYYY-MM-DD, e.g. 2026-01-05"
    )


def emit(
    plan: Plan, args: argparse.Namespace, safe: Callable[[str], str] = lambda text: text
) -> str:
    """Render the plan as asked; write it to --output, or return it for standard output.

    `safe` is applied to text formats (the store escapes imported strings). pdf and ics go to
    standard output only when it is not a terminal (a pipe or a redirect).
    """
    if args.format in FILE_FORMATS:
        data = render_file(plan, args)
    else:
        text = safe(render(plan, args.format, args.week))
        if not args.output:
            return text
        data = text.encode("utf-8")
    if args.output:
        try:
            Path(args.output).expanduser().write_bytes(data)
        except OSError as exc:
            raise InvalidRequestError(
                f"cannot write {args.output}: {exc.strerror or exc}"
            ) from None
        return f"wrote {args.output} ({args.format}, {len(data):,} bytes)\n"
    if sys.stdout.isatty():
        raise InvalidRequestError(
            f"{args.format} is a file format: add --output FILE (or redirect to a file)"
        )
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return ""


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
