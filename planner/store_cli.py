"""Command line for saved plans: save, list, show, rename, delete, export, import.

A thin shell over planner.store: each handler opens the store, calls one method and returns the
text to print; failures are PlannerError subclasses, which planner.cli turns into one line.

Each command works for one owner: `--owner NAME` (before or after the command name), else
$PLANNER_OWNER, else the single local lifter (LOCAL_OWNER, the dashboard's owner without
accounts). Another owner's plans are invisible: their ids read as missing ones.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from planner.builder import build_plan
from planner.catalog import load_catalog
from planner.cli_options import (
    add_output_options,
    add_request_options,
    emit,
    json_safe,
    request_from_args,
    terminal_safe,
)
from planner.errors import PlanFileError
from planner.export import MAX_PLAN_BYTES
from planner.models import GOALS, LEVEL_LABELS
from planner.presets import load_presets
from planner.store import (
    LOCAL_OWNER,
    PlanStore,
    StoreError,
    StoreValueError,
    check_owner,
    default_db_path,
    default_db_target,
    open_store,
)

NAME_WIDTH = 40
MAX_PLAN_ID = 2**63 - 1  # ids are BIGINT
OWNER_ENV = "PLANNER_OWNER"
OWNER_HELP = (
    "whose plans, logs and settings to use: an account name such as an e-mail address "
    f"(default: ${OWNER_ENV} or {LOCAL_OWNER!r}, the dashboard's lifter without accounts)"
)


def add_owner_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """--owner NAME, on the main parser (before the command) and on each store command.

    The command's copy has no default, so `--owner` given before the command is not reset.
    """
    parser.add_argument(
        "--owner",
        metavar="NAME",
        default=None if top_level else argparse.SUPPRESS,
        help=OWNER_HELP,
    )


def register(commands: argparse._SubParsersAction) -> None:
    """Add the saved-plan subcommands to the `python -m planner` parser."""
    save = commands.add_parser("save", help="build a plan and save it; prints its id")
    save.add_argument("--name", required=True, help="the plan's name")
    save.add_argument("--notes", default="", help="free text kept with the plan")
    add_request_options(save)
    _add_db_option(save)
    save.set_defaults(handler=_cmd_save)

    listing = commands.add_parser("list", help="list saved plans, newest first")
    listing.add_argument("--goal", choices=GOALS, help="only plans with this goal")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    _add_db_option(listing)
    listing.set_defaults(handler=_cmd_list)

    show = commands.add_parser("show", help="print a saved plan, as `build` does")
    show.add_argument("id", type=plan_id, help="plan id (see `list`)")
    add_output_options(show)
    _add_db_option(show)
    show.set_defaults(handler=_cmd_show)

    rename = commands.add_parser("rename", help="rename a saved plan")
    rename.add_argument("id", type=plan_id, help="plan id (see `list`)")
    rename.add_argument("name", help="the new name")
    _add_db_option(rename)
    rename.set_defaults(handler=_cmd_rename)

    delete = commands.add_parser("delete", help="delete a saved plan")
    delete.add_argument("id", type=plan_id, help="plan id (see `list`)")
    _add_db_option(delete)
    delete.set_defaults(handler=_cmd_delete)

    export = commands.add_parser("export", help="print a saved plan as JSON (for `import`)")
    export.add_argument("id", type=plan_id, help="plan id (see `list`)")
    _add_db_option(export)
    export.set_defaults(handler=_cmd_export)

    imports = commands.add_parser("import", help="save a plan from an export or `build` JSON file")
    imports.add_argument("file", help="JSON file made by `export` or `build --format json`")
    imports.add_argument("--name", help="name for the imported plan (default: the file's)")
    _add_db_option(imports)
    imports.set_defaults(handler=_cmd_import)


def plan_id(text: str) -> int:
    """A plan id as typed: a whole number from 1 to the largest id the database can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid plan id {_cell(text)!r}: use a number") from None
    if not 1 <= value <= MAX_PLAN_ID:
        raise argparse.ArgumentTypeError(
            f"no plan can have id {_cell(text)}: ids are whole numbers from 1 (see `list`)"
        )
    return value


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=(
            "plan database: a DuckDB file, or a postgresql://user@host/db URL "
            f"(default: $PLANNER_DB or {default_db_path()})"
        ),
    )
    add_owner_option(parser)


def owner_of(args: argparse.Namespace) -> str:
    """The owner the command works for: --owner, else $PLANNER_OWNER, else LOCAL_OWNER."""
    given = getattr(args, "owner", None)
    source = "--owner"
    if given is None:
        given, source = os.environ.get(OWNER_ENV), f"${OWNER_ENV}"
        if given is None:
            return LOCAL_OWNER
    try:
        return check_owner(given)
    except StoreValueError as exc:
        raise StoreValueError(f"{source}: {exc}; nothing was read or changed") from None


def _is_url(target: Path | str) -> bool:
    return isinstance(target, str)


def _db_path(args: argparse.Namespace) -> Path | str:
    """The DuckDB file (a Path) or the PostgreSQL URL (a str) the command works on.

    A bad owner is refused here too, before any file is read or created.
    """
    owner_of(args)
    if args.db is None:
        return default_db_target()
    if not args.db.strip():
        raise StoreError(
            f"--db is empty: give the database file's path, or leave --db out to use "
            f"{default_db_target()}"
        )
    if args.db.strip().lower().startswith(("postgresql://", "postgres://")):
        return args.db.strip()
    return Path(args.db).expanduser()


def _shown(target: Path | str) -> str:
    if _is_url(target):
        from planner.store.pg_store import shown_url

        return shown_url(target)
    return str(target)


def _exists(target: Path | str) -> bool:
    """A server database always exists here (the server says if it does not)."""
    return _is_url(target) or target.exists()


def _open(args: argparse.Namespace) -> PlanStore:
    return open_store(_db_path(args), owner=owner_of(args))


def _open_existing(args: argparse.Namespace, *, read_only: bool = False) -> PlanStore:
    """Open a database that must already exist: reading a mistyped path should not create it.

    Reading commands open it read-only: they work on a read-only backup and while the dashboard
    has the file open, and can never write to it.
    """
    path = _db_path(args)
    if not _exists(path):
        raise StoreError(f"no plan database at {path}: save a plan first, or pass --db PATH")
    return open_store(path, owner=owner_of(args), read_only=read_only)


def _cmd_save(args: argparse.Namespace) -> str:
    plan = build_plan(request_from_args(args), load_catalog(), load_presets())
    with _open(args) as store:
        return f"{store.save(plan, args.name, args.notes)}\n"


def _cmd_list(args: argparse.Namespace) -> str:
    path = _db_path(args)
    summaries = []
    if _exists(path):  # listing a database that does not exist yet should not create it
        with _open_existing(args, read_only=True) as store:
            summaries = store.list(goal=args.goal)
    if args.format == "json":
        return json.dumps([s.model_dump(mode="json") for s in summaries], indent=2) + "\n"
    if not summaries:
        owner = owner_of(args)
        whose = "" if owner == LOCAL_OWNER else f" of owner {terminal_safe(owner)}"
        return f"no saved plans{whose} in {_shown(path)}\n"
    lines = [f"{'id':>5}  {'name':<{NAME_WIDTH}}  {'goal':<8}  {'level':<12}  wk  ses  created"]
    for s in summaries:
        created = s.created_at.strftime("%Y-%m-%d %H:%M")
        lines.append(
            f"{s.id:>5}  {_cell(s.name):<{NAME_WIDTH}}  {s.goal:<8}  "
            f"{LEVEL_LABELS[s.experience]:<12}  {s.weeks:>2}  {s.sessions:>3}  {created} UTC"
        )
    return "\n".join(lines) + "\n"


def _cell(name: str) -> str:
    """Fit a name on one line of at most NAME_WIDTH characters, so a table row stays one row."""
    flat = terminal_safe(" ".join(name.split()))
    return flat if len(flat) <= NAME_WIDTH else flat[: NAME_WIDTH - 1] + "…"


def _cmd_show(args: argparse.Namespace) -> str:
    with _open_existing(args, read_only=True) as store:
        plan = store.load(args.id).plan
    return emit(plan, args, safe=lambda text: _safe_output(text, args.format))


def _safe_output(text: str, fmt: str) -> str:
    """Imported plans carry strangers' strings: nothing in them may steer the terminal."""
    return json_safe(text) if fmt == "json" else terminal_safe(text)


def _cmd_rename(args: argparse.Namespace) -> str:
    with _open_existing(args) as store:
        store.rename(args.id, args.name)
    return f"renamed plan {args.id}\n"


def _cmd_delete(args: argparse.Namespace) -> str:
    with _open_existing(args) as store:
        store.delete(args.id)
    return f"deleted plan {args.id}\n"


def _cmd_export(args: argparse.Namespace) -> str:
    with _open_existing(args, read_only=True) as store:
        return json_safe(store.export_json(args.id)) + "\n"


def _cmd_import(args: argparse.Namespace) -> str:
    _db_path(args)  # a bad --db is reported before the file is read
    path = Path(args.file).expanduser()
    try:
        with path.open("rb") as file:
            # Read no more than the limit (and one byte to tell it was passed): a 240 MB file
            # is refused at once instead of being parsed.
            data = file.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        raise PlanFileError(
            f"{path}: cannot read it ({exc.strerror or exc}); nothing was imported"
        ) from None
    with _open(args) as store:
        try:
            return f"{store.import_json(data, name=args.name)}\n"
        except PlanFileError as exc:
            raise PlanFileError(f"{path}: {exc}") from None
