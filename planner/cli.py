"""Command line: a thin shell over the planner (and the store). Errors exit 2 with one line."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from planner.builder import build_plan
from planner.catalog import EQUIPMENT_PRESETS, load_catalog, resolve_equipment
from planner.errors import InvalidRequestError, PlannerError
from planner.export import plan_csv, plan_json, plan_text, week_csv
from planner.ics import default_weekdays, parse_weekdays, plan_ics
from planner.models import EQUIPMENT, GOALS, LEVELS, MODELS, Plan, PlanRequest
from planner.presets import load_presets
from planner.printable import block_pdf, week_pdf
from planner.request import parse_request


class UsageError(Exception):
    """argparse found a bad flag; carries argparse's own message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


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


def emit(plan: Plan, args: argparse.Namespace) -> str:
    """Render the plan as asked; write it to --output, or return it for standard output.

    pdf and ics go to standard output only when it is not a terminal (a pipe or a redirect).
    """
    if args.format in FILE_FORMATS:
        data = render_file(plan, args)
    else:
        text = render(plan, args.format, args.week)
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m planner", description="Plan periodized back-and-biceps blocks."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    build = commands.add_parser("build", help="build a plan and print it")
    add_request_options(build)
    add_output_options(build)
    build.set_defaults(handler=_cmd_build)

    exercises = commands.add_parser("exercises", help="list the exercise catalogue")
    exercises.add_argument("--equipment", help="only exercises doable with these tags/presets")
    exercises.add_argument("--format", choices=("text", "json"), default="text")
    exercises.set_defaults(handler=_cmd_exercises)

    sources = commands.add_parser("sources", help="list the sources behind the plans")
    sources.add_argument("--format", choices=("text", "markdown"), default="text")
    sources.set_defaults(handler=_cmd_sources)

    try:
        from planner import store_cli
    except ImportError:  # the store is optional for planning
        store_cli = None
    if store_cli is not None:
        store_cli.register(commands)
    return parser


def _cmd_build(args: argparse.Namespace) -> str:
    plan = build_plan(request_from_args(args), load_catalog(), load_presets())
    return emit(plan, args)


def _cmd_sources(args: argparse.Namespace) -> str:
    from planner import sources

    return sources.markdown() if args.format == "markdown" else sources.text()


def _cmd_exercises(args: argparse.Namespace) -> str:
    import json

    catalog = load_catalog()
    if args.equipment is None:
        items = catalog.exercises
    else:
        items = catalog.available(resolve_equipment(args.equipment))
    if args.format == "json":
        return json.dumps([e.model_dump(mode="json") for e in items], indent=2) + "\n"
    lines = []
    for e in items:
        equipment = " or ".join("+".join(o) or "bodyweight" for o in e.equipment)
        credit = ", ".join(
            f"{r} {e.regions.of(r):g}"
            for r in ("upper", "mid", "lower", "biceps")
            if e.regions.of(r)
        )
        lines.append(f"{e.id:<38} {e.name} [{e.pattern}; {equipment}; {e.skill}] ({credit})")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; never lets a traceback reach the user."""
    try:
        args = build_parser().parse_args(argv)
        sys.stdout.write(args.handler(args))
        return 0
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except PlannerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: one plain line, never a traceback
        print(f"error: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
