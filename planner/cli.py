"""Command line: a thin shell over the planner (and the store). Errors exit 2 with one line."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from planner import store_cli, training_cli
from planner.builder import build_plan
from planner.catalog import load_catalog, resolve_equipment
from planner.cli_options import (
    add_output_options,
    add_request_options,
    emit,
    request_from_args,
    terminal_safe,
)
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
    store_cli.add_owner_option(parser, top_level=True)  # for the commands that use the store
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
