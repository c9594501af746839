"""The plan store: one DuckDB file, its connection shared by the app's threads and the CLI.

A plan is stored as rows (weeks, sessions, warm-up/cool-down items, exercises), so saved plans
can be queried with SQL; loading rebuilds the exact `Plan` that was saved. Every method works on
its own cursor, so threads (Streamlit sessions) can share one store. Writes are serialised and
each is one transaction. The training log's methods come from `TrainingStore`.

Each store works for one owner (`owners`): every query about plans, their edits and logs, and
settings is scoped to `store.owner`; another owner's plan id reads exactly like a missing id.
`store.for_owner(owner)` is a view of the same store for another owner: it shares the connection
(or pool), locks and gate, costs no query, and closing it leaves the store open.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
from pydantic import ValidationError

from planner.errors import InvalidRequestError
from planner.export import plan_json
from planner.export import week_csv as plan_week_csv
from planner.models import GOAL_LABELS, GOALS, REGIONS, Plan, RegionVolume
from planner.store.errors import (
    _LOCK_POLL_S,
    _READ_ONLY_HINTS,
    _VALUE_HINTS,
    LOCK_WAIT_S,
    PlanNotFoundError,
    StoreCorruptError,
    StoreDamagedError,
    StoreError,
    StoreReadOnlyError,
    StoreValueError,
    StoreVersionError,
    _damage_message,
    _is_damage,
    _is_lock_error,
    _open_error,
    _reason,
)
from planner.store.file_format import EXPORT_FORMAT, EXPORT_VERSION, _parse_export
from planner.store.owners import LOCAL_OWNER, check_owner
from planner.store.rows import (
    _EXERCISE_SELECT,
    _PLAN_COLUMNS,
    _ROW_COLUMNS,
    _ROW_TABLES,
    _SUMMARIES,
    _SUMMARY_FIELDS,
    _SUMMARY_SQL,
    PlanSummary,
    SavedPlan,
    _check_text,
    _columns_sql,
    _now,
    _plan_document,
    _plan_rows,
    _plan_values,
    _quoted,
    _utc,
)
from planner.store.schema import MIGRATIONS, SCHEMA_VERSION
from planner.store.training import TrainingStore

APP_DIR = "back-planner"
DB_FILE = "plans.duckdb"


def default_db_path() -> Path:
    """Return $PLANNER_DB, else the per-user data file that survives app upgrades."""
    override = os.environ.get("PLANNER_DB", "").strip()
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        # XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / APP_DIR / DB_FILE


class _Gate:
    """One file as this process sees it: one connection, shared by readers, or one writer.

    The connection is read-only (a shared lock: other programs can read too) except while a
    write needs it; it goes back to read-only at the next read, so the dashboard holds the write
    lock only between a save and the next page run. Every PlanStore on the same file in this
    process shares one gate: DuckDB allows one configuration per file and process.
    """

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.readers = 0
        self.writing = False
        self.waiting_writers = 0
        self.con: duckdb.DuckDBPyConnection | None = None
        self.mode: str | None = None  # "r" or "w"
        self.stores = 0
        self.damage: str | None = None  # set once damage is found; the file is read-only then
        self.damaged_file: tuple[int, int, int] | None = None  # which file: a restored copy
        # (another inode, size or time) is writable again

    def found_damage(self, path: Path, message: str) -> str:
        self.damage, self.damaged_file = message, _identity(path)
        return message

    def damage_of(self, path: Path) -> str | None:
        if self.damage and _identity(path) != self.damaged_file:
            self.damage = self.damaged_file = None  # the lifter replaced the file
            self.drop()
        return self.damage

    def drop(self) -> None:
        if self.con is not None:
            con, self.con, self.mode = self.con, None, None
            with suppress(duckdb.Error):
                con.close()


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


_GATES: dict[str, _Gate] = {}
_GATES_LOCK = threading.Lock()


class PlanStore(TrainingStore):
    """Saved plans in one DuckDB file, shared by the app's threads and the command line.

    `read_only=True` never writes and never takes the write lock: list, show and export work on a
    read-only backup and while the dashboard has the file open. Writers wait up to `lock_wait`
    seconds for another program's write to finish, then refuse. `owner` is whose plans, logs
    and settings it sees (LOCAL_OWNER without accounts); `for_owner` gives views for others.
    """

    engine = "duckdb"  # PgPlanStore: "postgresql"

    def __init__(
        self,
        path: str | Path,
        *,
        owner: str = LOCAL_OWNER,
        read_only: bool = False,
        lock_wait: float = LOCK_WAIT_S,
    ) -> None:
        self._owner = check_owner(owner)
        self._root = self  # a view (for_owner) points at the store that holds the connection
        self._view_closed = False
        self.path = Path(path).expanduser().absolute()
        self.read_only = read_only
        self._lock_wait = lock_wait
        self._cursor_lock = threading.Lock()
        self._check_path()
        with _GATES_LOCK:
            self._gate = _GATES.setdefault(str(self.path), _Gate())
            self._gate.stores += 1
        self._open = True
        try:
            self._prepare()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def owner(self) -> str:
        """Whose plans, training logs and settings this store reads and writes."""
        return self._owner

    def for_owner(self, owner: str) -> PlanStore:
        """This store as `owner` sees it: a view that shares the connection, locks and gate.

        It opens nothing and runs no query (the UI makes one per page run). Closing a view (or
        leaving its `with` block) only ends the view; closing the store this view came from
        ends every view of it. A view of a view is a view of the same store.
        """
        checked = check_owner(owner)
        view = object.__new__(type(self))
        view.__dict__.update(self.__dict__)
        view._owner = checked
        view._view_closed = False
        return view

    @property
    def is_view(self) -> bool:
        """True for a store made by for_owner (closing it leaves the connection open)."""
        return self._root is not self

    def close(self) -> None:
        """Close the connection (when no other store in this process uses the file).

        On a view (for_owner) this only ends the view: the store it came from stays open.
        """
        if self._root is not self:
            self._view_closed = True
            return
        if not self._open:
            return
        self._open = False
        gate = self._gate
        with _GATES_LOCK:
            gate.stores -= 1
            last = gate.stores == 0
            if last:
                _GATES.pop(str(self.path), None)
        if last:
            with gate.cond:
                gate.cond.wait_for(lambda: gate.readers == 0 and not gate.writing)
                gate.drop()

    # -- opening and migrating ------------------------------------------------------------

    def _check_path(self) -> None:
        if self.path.is_dir():
            raise StoreCorruptError(
                f"{self.path} is a folder, not a plan database: set PLANNER_DB (or --db) to a "
                "file path such as plans.duckdb"
            )
        if self.read_only and not self.path.exists():
            raise StoreError(
                f"no plan database at {self.path}: save a plan first, or pass --db PATH"
            )
        if not self.read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _open_error(self.path, exc) from None
        if self.path.exists() and self.path.stat().st_size == 0:
            # DuckDB refuses an empty file; say so instead of replacing it.
            raise StoreCorruptError(
                f"{self.path} is an empty file, not a plan database. It was left untouched: "
                "delete it to start a new database, or set PLANNER_DB (or --db) to another file"
            )
        if not self.read_only and self.path.exists() and not os.access(self.path, os.W_OK):
            raise StoreReadOnlyError(
                f"cannot write the plan database {self.path}: the file is read-only; make it "
                "writable, or set PLANNER_DB (or --db) to a file in a writable folder. Nothing "
                "was changed"
            )

    def _connect(self, write: bool) -> duckdb.DuckDBPyConnection:
        """Open the file, waiting up to lock_wait seconds while another program writes to it."""
        deadline = time.monotonic() + self._lock_wait
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=not write)
            except (duckdb.Error, OSError) as exc:
                if _is_lock_error(exc) and time.monotonic() < deadline:
                    time.sleep(_LOCK_POLL_S)
                    continue
                error = _open_error(self.path, exc)
                if isinstance(error, StoreCorruptError) and _is_damage(exc):
                    error = StoreDamagedError(_damage_message(self.path, _reason(exc)))
                raise error from None

    def _switch(self, write: bool) -> duckdb.DuckDBPyConnection:
        """Give the gate a connection of the mode asked for (the caller holds it alone)."""
        gate = self._gate
        if gate.con is not None and (gate.mode == "w" or not write):
            return gate.con
        if write:
            damage = gate.damage_of(self.path)
            if damage:
                raise StoreDamagedError(damage)
            if self.path.exists():
                # Read every stored byte through a read-only connection first: a damaged file
                # is never opened for writing (opening it so could replay and checkpoint).
                if gate.con is None:
                    gate.con, gate.mode = self._connect(write=False), "r"
                self._verify(gate.con)
            gate.drop()
            gate.con, gate.mode = self._connect(write=True), "w"
        else:
            gate.drop()
            gate.con, gate.mode = self._connect(write=False), "r"
        return gate.con

    def _verify(self, con: duckdb.DuckDBPyConnection) -> None:
        """Read every column of every table, so a block whose checksum fails is found now."""
        try:
            tables = [
                row[0]
                for row in con.execute(
                    "SELECT table_name FROM duckdb_tables() "
                    "WHERE database_name = current_database()"
                ).fetchall()
            ]
            for table in tables:
                # hash() of each column makes DuckDB read (and checksum) every block.
                con.execute(f"SELECT count(hash(COLUMNS(*))) FROM {_quoted(table)}").fetchall()
        except duckdb.Error as exc:
            if _is_damage(exc):
                message = self._gate.found_damage(
                    self.path, _damage_message(self.path, _reason(exc))
                )
                self._gate.drop()
                raise StoreDamagedError(message) from None
            raise self._failure("check the file", exc) from None

    @contextmanager
    def _alone(self) -> Iterator[None]:
        """Hold the gate alone: no reader and no other writer of this process runs meanwhile."""
        gate = self._gate
        with gate.cond:
            gate.waiting_writers += 1
            try:
                gate.cond.wait_for(lambda: not gate.writing and gate.readers == 0)
            finally:
                gate.waiting_writers -= 1
            gate.writing = True
        try:
            yield
        finally:
            with gate.cond:
                gate.writing = False
                gate.cond.notify_all()

    def _prepare(self) -> None:
        """Check the file is a back-planner database this version can read; migrate it."""
        gate = self._gate
        with self._alone():
            if gate.con is None:
                creating = not self.path.exists()  # a read-only store never gets here so
                gate.con = self._connect(write=creating)
                gate.mode = "w" if creating else "r"
            applied = self._applied(gate.con)
            if all(m.version in applied for m in MIGRATIONS):
                return
            if self.read_only:
                raise StoreVersionError(
                    f"{self.path} was written by an older back-planner and needs an upgrade, "
                    "which a read-only command does not do: run any saving command on it once "
                    "(or open it in the dashboard), or copy it to a writable folder and use the "
                    "copy"
                )
            self._migrate(self._switch(write=True), applied)

    def _applied(self, con: duckdb.DuckDBPyConnection) -> set[int]:
        try:
            tables = {
                row[0]
                for row in con.execute(
                    "SELECT table_name FROM duckdb_tables() "
                    "WHERE database_name = current_database() AND schema_name = 'main'"
                ).fetchall()
            }
            applied: set[int] = set()
            if "schema_migrations" in tables:
                rows = con.execute("SELECT version FROM schema_migrations").fetchall()
                applied = {row[0] for row in rows}
        except duckdb.Error as exc:
            if _is_damage(exc):
                raise StoreDamagedError(_damage_message(self.path, _reason(exc))) from None
            raise _open_error(self.path, exc) from None
        if tables and "schema_migrations" not in tables:
            raise StoreCorruptError(
                f"{self.path} is a DuckDB database of another program (it has no back-planner "
                "tables). It was left untouched: set PLANNER_DB (or --db) to another file"
            )
        newest = max(applied, default=0)
        if newest > SCHEMA_VERSION:
            raise StoreVersionError(
                f"{self.path} was written by a newer back-planner (schema version {newest}; this "
                f"version knows up to {SCHEMA_VERSION}). It was left untouched: upgrade "
                "back-planner to open it, or set PLANNER_DB (or --db) to another file"
            )
        return applied

    def _migrate(self, con: duckdb.DuckDBPyConnection, applied: set[int]) -> None:
        """Apply the migrations this file lacks, each in its own transaction."""
        for migration in MIGRATIONS:
            if migration.version in applied:
                continue
            try:
                con.execute("BEGIN TRANSACTION")
                for statement in migration.statements:
                    con.execute(statement)
                con.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [migration.version, migration.name, _now()],
                )
                con.execute("COMMIT")
            except duckdb.Error as exc:
                with suppress(duckdb.Error):
                    con.execute("ROLLBACK")
                raise StoreError(
                    f"could not upgrade the plan database {self.path} to schema version "
                    f"{migration.version} ({_reason(exc)}); the file was left as it was. Check "
                    "the free disk space and try again; if it keeps failing, report this message"
                ) from None

    # -- cursors and transactions -----------------------------------------------------------

    def _check_open(self) -> None:
        if self._view_closed or not self._root._open:
            raise StoreError(f"the plan store for {self.path} is closed; open it again")

    @contextmanager
    def _cursor(self, action: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a cursor of this call's own (one per thread) on the read-only connection."""
        self._check_open()
        gate = self._gate
        with gate.cond:
            gate.cond.wait_for(lambda: not gate.writing and gate.waiting_writers == 0)
            if gate.con is None or gate.mode != "r":
                # No reader is running (they only run on a read-only connection): switch here.
                try:
                    self._switch(write=False)
                finally:
                    gate.cond.notify_all()
            gate.readers += 1
            con = gate.con
        try:
            with self._cursor_lock:
                cursor = con.cursor()
            try:
                yield cursor
            except duckdb.Error as exc:
                raise self._failure(action, exc) from None
            finally:
                cursor.close()
        finally:
            with gate.cond:
                gate.readers -= 1
                gate.cond.notify_all()

    @contextmanager
    def _transaction(self, action: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run one write transaction at a time: commit all of it, or none of it."""
        self._check_open()
        if self.read_only:
            raise StoreReadOnlyError(
                f"could not {action}: {self.path} was opened read-only; nothing was changed"
            )
        with self._alone():
            con = self._switch(write=True)
            cursor = con.cursor()
            try:
                cursor.execute("BEGIN TRANSACTION")
                try:
                    yield cursor
                    cursor.execute("COMMIT")
                except BaseException:
                    # If the transaction is already gone, the original error is the one to report.
                    with suppress(duckdb.Error):
                        cursor.execute("ROLLBACK")
                    raise
            except duckdb.Error as exc:
                failure = self._failure(action, exc)
                if isinstance(failure, StoreDamagedError) or "invalidated" in str(exc):
                    self._gate.drop()  # a connection DuckDB gave up on cannot be reused
                raise failure from None
            finally:
                with suppress(duckdb.Error):
                    cursor.close()

    def _failure(self, action: str, exc: duckdb.Error) -> StoreError:
        text = _reason(exc)
        lower = text.lower()
        if _is_damage(exc):
            message = self._gate.found_damage(self.path, _damage_message(self.path, text))
            return StoreDamagedError(f"could not {action}: {message}")
        if any(hint in lower for hint in _READ_ONLY_HINTS):
            return StoreReadOnlyError(
                f"could not {action} in {self.path}: the file became read-only ({text}); make it "
                "writable and try again"
            )
        if isinstance(exc, (duckdb.ConversionException, duckdb.OutOfRangeException)) or any(
            hint in lower for hint in _VALUE_HINTS
        ):
            return StoreValueError(
                f"could not {action} in {self.path}: a value in it does not fit the database "
                f"({text}); nothing was changed. Check the plan's numbers"
            )
        return StoreError(
            f"could not {action} in {self.path}: {text}; nothing was changed. Try again; if it "
            "keeps failing, copy the file somewhere safe and report the message"
        )

    def _require(self, cursor: duckdb.DuckDBPyConnection, plan_id: int) -> None:
        """Refuse a plan id that is missing or another owner's, with the same message."""
        found = cursor.execute(
            "SELECT 1 FROM plans WHERE id = ? AND owner = ?", [plan_id, self._owner]
        ).fetchall()
        if not found:
            raise self._not_found(plan_id)

    def _damaged(self, plan_id: int, detail: str) -> StoreCorruptError:
        return StoreCorruptError(
            f"saved plan {plan_id} in {self.path} has invalid rows ({detail}); they were probably "
            "edited by hand: restore the file from a copy, or delete this plan"
        )

    def _not_found(self, plan_id: int) -> PlanNotFoundError:
        # The same words whether the id was never used, deleted, or is another owner's.
        return PlanNotFoundError(
            f"no saved plan with id {plan_id} in {self.path}: list the saved plans to see their ids"
        )

    # -- operations -----------------------------------------------------------------------

    def save(self, plan: Plan, name: str, notes: str = "", plan_id: int | None = None) -> int:
        """Save a plan as a new one, or overwrite plan `plan_id`; return its id."""
        _check_text("name", name, required=True)
        _check_text("notes", notes, required=False)
        problem = plan.inconsistency()  # a model_copy(update=...) skips validation
        if problem:
            raise StoreError(f"cannot save this plan to {self.path}: {problem}")
        values = {"name": name, "notes": notes, **_plan_values(plan)}
        now = _now()
        with self._transaction("save the plan") as cursor:
            if plan_id is None:
                values |= {"created_at": now, "updated_at": now, "owner": self._owner}
                columns = tuple(values)
                placeholders = ", ".join("?" * len(columns))
                plan_id = cursor.execute(
                    f"INSERT INTO plans ({_columns_sql(columns)}) VALUES ({placeholders}) "
                    "RETURNING id",
                    list(values.values()),
                ).fetchall()[0][0]
            else:
                self._require(cursor, plan_id)
                values["updated_at"] = now
                assignments = ", ".join(f"{_quoted(c)} = ?" for c in values)
                cursor.execute(
                    f"UPDATE plans SET {assignments} WHERE id = ? AND owner = ?",
                    [*values.values(), plan_id, self._owner],
                )
                for table in _ROW_TABLES:
                    cursor.execute(f"DELETE FROM {table} WHERE plan_id = ?", [plan_id])
            self._insert_rows(cursor, _plan_rows(plan_id, plan))
        return plan_id

    def _insert_rows(self, cursor: duckdb.DuckDBPyConnection, rows: dict[str, list[tuple]]) -> None:
        # One appender flush per table: a single bulk statement, ~200x faster than executemany.
        for table, table_rows in rows.items():
            if table_rows:
                appender = cursor.appender(table, columns=list(_ROW_COLUMNS[table]))
                appender.append_rows(table_rows)
                appender.flush()

    def load(self, plan_id: int) -> SavedPlan:
        """Rebuild a saved plan exactly as it was saved."""
        with self._cursor("load the plan") as cursor:
            head = cursor.execute(
                f"SELECT id, {_columns_sql(_PLAN_COLUMNS)} FROM plans WHERE id = ? AND owner = ?",
                [plan_id, self._owner],
            ).fetchall()
            if not head:
                raise self._not_found(plan_id)
            row = dict(zip(("id", *_PLAN_COLUMNS), head[0], strict=True))
            # No ORDER BY and no volume join: each costs ~1 ms here; rows are sorted below and
            # week volume is recomputed with the planner's own function (weekly_volume is SQL).
            # Row tables need no owner: plan ids are never reused, and this one is the owner's.
            weeks = cursor.execute(
                "SELECT week, deload, phase, target_rir FROM plan_weeks WHERE plan_id = ?",
                [plan_id],
            ).fetchall()
            sessions = cursor.execute(
                "SELECT week, session, tier, minutes, warmup, cooldown FROM plan_sessions "
                "WHERE plan_id = ?",
                [plan_id],
            ).fetchall()
            exercises = cursor.execute(
                f"SELECT {_EXERCISE_SELECT} FROM plan_exercises WHERE plan_id = ?",
                [plan_id],
            ).fetchall()
        try:
            plan = Plan.model_validate(_plan_document(row, weeks, sessions, exercises))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise self._damaged(plan_id, f"{where}: {first['msg']}") from None
        except KeyError as exc:  # an exercise row whose session row is missing
            raise self._damaged(plan_id, f"no session row for week/session {exc}") from None
        return SavedPlan(
            id=row["id"],
            name=row["name"],
            notes=row["notes"],
            created_at=_utc(row["created_at"]),
            updated_at=_utc(row["updated_at"]),
            plan=plan,
        )

    def list(self, goal: str | None = None, limit: int | None = None) -> list[PlanSummary]:
        """List summaries of the saved plans, newest first, optionally of one goal only."""
        if goal is not None and goal not in GOALS:
            raise InvalidRequestError(f"goal: unknown value {goal!r}; choose {', '.join(GOALS)}")
        sql, params = _SUMMARY_SQL + " WHERE owner = ?", [self._owner]
        if goal is not None:
            sql += " AND goal = ?"
            params.append(goal)
        sql += " ORDER BY created_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, int(limit)))
        with self._cursor("list the saved plans") as cursor:
            rows = cursor.execute(sql, params).fetchall()
        return _SUMMARIES.validate_python(
            [dict(zip(_SUMMARY_FIELDS, r, strict=True)) for r in rows]
        )

    def rename(self, plan_id: int, name: str) -> None:
        """Give a saved plan a new name."""
        _check_text("name", name, required=True)
        with self._transaction("rename the plan") as cursor:
            found = cursor.execute(
                "UPDATE plans SET name = ?, updated_at = ? WHERE id = ? AND owner = ? RETURNING id",
                [name, _now(), plan_id, self._owner],
            ).fetchall()
            if not found:
                raise self._not_found(plan_id)

    def duplicate(self, plan_id: int, name: str | None = None) -> int:
        """Copy a saved plan (inside the database) under a new name; return the copy's id.

        The copy is the current owner's (who can only copy their own plans anyway).
        """
        if name is not None:
            _check_text("name", name, required=True)
        now = _now()
        columns = tuple(c for c in _PLAN_COLUMNS if c not in ("name", "created_at", "updated_at"))
        with self._transaction("copy the plan") as cursor:
            copied = cursor.execute(
                "INSERT INTO plans (owner, name, created_at, updated_at, "
                f"{_columns_sql(columns)}) "
                f"SELECT ?, coalesce(?, name || ' (copy)'), ?, ?, {_columns_sql(columns)} "
                "FROM plans WHERE id = ? AND owner = ? RETURNING id",
                [self._owner, name, now, now, plan_id, self._owner],
            ).fetchall()
            if not copied:
                raise self._not_found(plan_id)
            new_id = copied[0][0]
            for table, table_columns in _ROW_COLUMNS.items():
                rest = _columns_sql(table_columns[1:])
                cursor.execute(
                    f"INSERT INTO {table} (plan_id, {rest}) SELECT ?, {rest} FROM {table} "
                    "WHERE plan_id = ?",
                    [new_id, plan_id],
                )
        return new_id

    def delete(self, plan_id: int) -> None:
        """Delete a saved plan and all its rows."""
        with self._transaction("delete the plan") as cursor:
            self._require(cursor, plan_id)
            for table in _ROW_TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE plan_id = ?", [plan_id])
            self._delete_training(cursor, plan_id)
            cursor.execute("DELETE FROM plans WHERE id = ? AND owner = ?", [plan_id, self._owner])

    def export_json(self, plan_id: int) -> str:
        """Return the saved plan as JSON: name, notes and timestamps around plan_json(plan).

        The owner is not in it: whoever imports the file owns the copy.
        """
        saved = self.load(plan_id)
        document = {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_VERSION,
            **saved.model_dump(mode="json", include={"name", "notes", "created_at", "updated_at"}),
            "plan": json.loads(plan_json(saved.plan)),
        }
        return json.dumps(document, indent=2, ensure_ascii=False)

    def import_json(self, text: str | bytes, name: str | None = None) -> int:
        """Validate an export (or a bare plan JSON) and save it as a new plan; return its id.

        The new plan is the current owner's, whoever exported it.
        """
        plan, stored_name, notes = _parse_export(text)
        if name is None:
            name = stored_name or f"{GOAL_LABELS[plan.request.goal]} plan (imported)"
        return self.save(plan, name, notes)

    def weekly_volume(self, plan_id: int) -> dict[int, RegionVolume]:
        """Sum in SQL the fractional sets per region for each week of a saved plan."""
        with self._cursor("compute weekly volume") as cursor:
            rows = cursor.execute(
                f"SELECT week, {', '.join(REGIONS)} FROM plan_week_volume "
                "WHERE plan_id = ? AND owner = ? ORDER BY week",
                [plan_id, self._owner],
            ).fetchall()
            if not rows:
                self._require(cursor, plan_id)
        return {week: RegionVolume(**dict(zip(REGIONS, sums, strict=True))) for week, *sums in rows}

    def week_csv(self, plan_id: int, week: int) -> bytes:
        """Return one week of a saved plan as CSV, the same bytes as planner.export.week_csv."""
        return plan_week_csv(self.load(plan_id).plan, week)

    def count(self) -> int:
        """Count the owner's saved plans."""
        with self._cursor("count the saved plans") as cursor:
            return cursor.execute(
                "SELECT count(*) FROM plans WHERE owner = ?", [self._owner]
            ).fetchall()[0][0]


def default_db_target() -> Path | str:
    """$PLANNER_DB as given when it is a postgresql:// URL, else default_db_path()."""
    override = os.environ.get("PLANNER_DB", "").strip()
    if override.lower().startswith(("postgresql://", "postgres://")):
        return override
    return default_db_path()


def open_store(
    target: str | Path | None = None,
    *,
    owner: str = LOCAL_OWNER,
    read_only: bool = False,
    lock_wait: float = LOCK_WAIT_S,
) -> PlanStore:
    """Open the plan store at `target`: a postgresql:// URL (a server) or a DuckDB file path.

    None means $PLANNER_DB, else the per-user file (default_db_target()). The store sees
    `owner`'s plans, logs and settings only (see for_owner for other owners on one connection).
    """
    if target is None:
        target = default_db_target()
    if isinstance(target, str) and target.strip().lower().startswith(
        ("postgresql://", "postgres://")
    ):
        from planner.store.pg_store import PgPlanStore  # psycopg is only needed for a server

        return PgPlanStore(target, owner=owner, read_only=read_only, lock_wait=lock_wait)
    return PlanStore(target, owner=owner, read_only=read_only, lock_wait=lock_wait)
