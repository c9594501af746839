"""Store errors, and DuckDB's exceptions turned into messages a lifter can act on."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from planner.errors import PlannerError

# Parallel commands wait this long for another one's write lock before refusing (a save holds
# it for a fraction of a second).
LOCK_WAIT_S = 5.0
_LOCK_POLL_S = 0.05


class StoreError(PlannerError):
    """The plan database cannot do what was asked; the message names the file and the fix."""


class StoreLockedError(StoreError):
    """Another program holds the database file open for writing."""


class StoreUnavailableError(StoreError):
    """The database server cannot be reached, refused the login, or has no such database."""


class StoreCorruptError(StoreError):
    """The file is not a back-planner database, or is damaged."""


class StoreVersionError(StoreError):
    """The file was written by a newer back-planner with a schema this version does not know."""


class StoreReadOnlyError(StoreError):
    """The database file or its folder cannot be written."""


class StoreDamagedError(StoreCorruptError):
    """Part of the file no longer reads back as written: the store will not write to it."""


class StoreValueError(StoreError, ValueError):
    """A value in the plan does not fit the database (e.g. a number too large): bad input."""


class PlanNotFoundError(StoreError, LookupError):
    """No saved plan has the given id."""


class InvalidPlanNameError(StoreError, ValueError):
    """A plan name (or notes) that cannot be stored: empty, blank or not valid text."""


# ---------------------------------------------------------------------------------------------
# Turning DuckDB's exceptions into messages a lifter can act on.

_READ_ONLY_HINTS = ("permission denied", "read-only file system", "operation not permitted")


def _open_error(path: Path, exc: Exception) -> StoreError:
    """Map an error raised while opening `path` to a StoreError that says what to do."""
    text = str(exc)
    lower = text.lower()
    if "could not set lock" in lower or "conflicting lock" in lower:
        pid = re.search(r"\(PID (\d+)\)", text)
        holder = f" (process {pid.group(1)})" if pid else ""
        return StoreLockedError(
            f"{path} is in use by another program{holder}, still after waiting "
            f"{LOCK_WAIT_S:g} s: only one app or command can write a plan database at a time; "
            "close the other back-planner window or command and try again, or set PLANNER_DB "
            "to another file"
        )
    if isinstance(exc, duckdb.ConnectionException) and "different configuration" in lower:
        return StoreLockedError(
            f"{path} is already open in this program with other settings: close that store "
            "first, or use another file"
        )
    if isinstance(exc, PermissionError) or any(hint in lower for hint in _READ_ONLY_HINTS):
        return StoreReadOnlyError(
            f"cannot write the plan database {path}: the file or its folder is read-only "
            f"({_reason(exc)}); make it writable, or set PLANNER_DB (or --db) to a file in a "
            "writable folder. Nothing was changed"
        )
    if isinstance(exc, OSError):
        return StoreReadOnlyError(
            f"cannot create the plan database {path}: {_reason(exc)}; set PLANNER_DB (or --db) "
            "to a file in a folder you can write. Nothing was changed"
        )
    return StoreCorruptError(
        f"{path} is not a back-planner database, or it is damaged ({_reason(exc)}). It was left "
        "untouched: move it aside to start a new one, or set PLANNER_DB (or --db) to another file"
    )


def _is_damage(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(hint in text for hint in _DAMAGE_HINTS)


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return re.sub(r"^[A-Za-z ]+Error: ", "", text)


_DAMAGE_HINTS = ("corrupt database file", "checksum", "database has been invalidated")
_VALUE_HINTS = ("out of range", "overflow", "can't be cast", "could not convert", "conversion")


def _damage_message(path: Path, detail: str) -> str:
    return (
        f"{path} is damaged ({detail}). To keep what is left, back-planner will not write to it "
        "any more: restore the file from a copy if you have one; otherwise export each plan that "
        "still reads (Library > Export, or `python -m planner export ID`) and import them into a "
        "new database (set PLANNER_DB or --db to a new file)"
    )


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "could not set lock" in text or "conflicting lock" in text
