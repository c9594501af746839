"""Command line: a thin shell over the planner (and the store). Errors exit 2 with one line."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from collections.abc import Sequence

from planner.builder import build_plan
from planner.catalog import DEFAULT_PRESET, EQUIPMENT_PRESETS, load_catalog, resolve_equipment
from planner.errors import InvalidRequestError, PlannerError
from planner.export import get_week, plan_csv, plan_json, plan_text, week_csv
from planner.models import EQUIPMENT, GOALS, LEVELS, MODELS, Plan, PlanRequest
from planner.presets import load_presets
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
    return render(plan, args.format, args.week)


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


def _one_line(message: object) -> str:
    return terminal_safe(" ".join(str(message).split()))


def _say_error(message: str) -> None:
    if sys.stderr is not None:
        with _ignored_output_errors():
            print(f"error: {_one_line(message)}", file=sys.stderr, flush=True)


class _ignored_output_errors:
    """Swallow errors of writing to a stream that is closed or gone (nothing else can be done)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: object) -> bool:
        return kind is not None and issubclass(kind, (OSError, ValueError))


def _write_output(text: str) -> None:
    if sys.stdout is None:
        raise OSError("standard output is closed")
    sys.stdout.write(text)
    sys.stdout.flush()


def _silence_stdout() -> None:
    # After a broken pipe, Python would report the failed flush at exit: point stdout at devnull.
    with _ignored_output_errors():
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _catch_ctrl_c() -> None:
    """Hand Ctrl-C back to Python (KeyboardInterrupt, exit 130 below) from planner's quiet exit."""
    handler = signal.getsignal(signal.SIGINT)
    if getattr(handler, "__name__", "") == "_quiet_exit":
        signal.signal(signal.SIGINT, signal.default_int_handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; never lets a traceback reach the user."""
    try:
        _catch_ctrl_c()
        args = build_parser().parse_args(argv)
        _write_output(args.handler(args))
        return 0
    except UsageError as exc:
        _say_error(str(exc))
        return 2
    except PlannerError as exc:
        _say_error(str(exc))
        return 2
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if sys.stdout is None or getattr(sys.stdout, "closed", False) or exc.errno == 9:
            _say_error("cannot write the output: standard output is closed")
        else:
            _say_error(f"cannot write the output: {exc.strerror or exc}")
        return 2
    except Exception as exc:  # last resort: one plain line, never a traceback
        _say_error(f"unexpected {type(exc).__name__}: {exc}")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
