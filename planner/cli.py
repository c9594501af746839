"""Command line: a thin shell over the planner (and the store). Errors exit 2 with one line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planner import store_cli, training_cli
from planner.builder import build_plan
from planner.catalog import load_catalog, resolve_equipment
from planner.cli_options import add_output_options, add_request_options, render, request_from_args
from planner.errors import PlannerError
from planner.presets import load_presets


class UsageError(Exception):
    """argparse found a bad flag; carries argparse's own message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


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

    store_cli.register(commands)
    training_cli.register(commands)
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
