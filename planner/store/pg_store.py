"""The same plan store on a PostgreSQL server: `PLANNER_DB=postgresql://...`.

`PgPlanStore` is `PlanStore` with another engine under it: every plan and training-log operation
(and its SQL) is the DuckDB store's; only connecting, cursors, transactions, bulk inserts and
error messages differ. The SQL is written for DuckDB (`?` parameters, DuckDB's strftime); a thin
cursor translates it. The migrations are the same list, their DDL translated per engine (STRUCT
lists become JSONB, VARCHAR[] text[], DOUBLE double precision), so both engines record the same
schema versions and names.

Writes are serialised across every process on the server by one transaction-scoped advisory lock,
the way DuckDB has one writer per file: the checks a write makes (a plan exists, a session is not
logged twice, the next edit number) hold until it commits.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.types.json import Jsonb

from planner.store.errors import (
    _VALUE_HINTS,
    LOCK_WAIT_S,
    StoreCorruptError,
    StoreError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreValueError,
    StoreVersionError,
    _reason,
)
from planner.store.owners import LOCAL_OWNER, check_owner
from planner.store.plan_store import PlanStore
from planner.store.rows import _SUMMARY_SQL, _now
from planner.store.schema import MIGRATIONS, SCHEMA_VERSION

URL_PREFIXES = ("postgresql://", "postgres://")
# Any number: every back-planner writer on the server takes this transaction lock first.
_WRITE_LOCK = 0x6261636B  # "back"
_JSONB_COLUMNS = frozenset({"landmarks", "warmup", "cooldown"})
_IDLE_CONNECTIONS = 4
_CHECK_IDLE_S = 30.0  # a connection idle longer is checked before use

_PG_SUMMARY_SQL = _SUMMARY_SQL.replace(
    "strftime(created_at, '%Y-%m-%dT%H:%M:%S.%fZ')",
    """to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""",
).replace(
    "strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ')",
    """to_char(updated_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""",
)


def is_server_url(target: object) -> bool:
    """True for a postgresql:// (or postgres://) URL, False for a DuckDB file path."""
    return isinstance(target, str) and target.strip().lower().startswith(URL_PREFIXES)


def shown_url(url: str) -> str:
    """The URL without its password (in the user part or ?password=), for messages."""
    parts = urlsplit(url)
    if parts.query and "password" in parts.query.lower():
        query = "&".join(
            "password=***" if item.lower().startswith("password=") else item
            for item in parts.query.split("&")
        )
        parts = parts._replace(query=query)
    if parts.password is not None:
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        netloc = f"{parts.username}:***@{host}" if parts.username else host
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


@lru_cache(maxsize=512)
def _pg_sql(sql: str, params: bool) -> str:
    """DuckDB SQL as PostgreSQL reads it: %s parameters, to_char for strftime."""
    sql = sql.replace(_SUMMARY_SQL, _PG_SUMMARY_SQL)
    return sql.replace("%", "%%").replace("?", "%s") if params else sql


_STRUCT_LIST = re.compile(r"STRUCT\((?:[^()]|\([^()]*\))*\)\[\]", re.S)


@lru_cache(maxsize=64)
def pg_ddl(statement: str) -> str:
    """One migration statement in PostgreSQL's types (the schema is otherwise the same)."""
    statement = _STRUCT_LIST.sub("JSONB", statement)
    statement = re.sub(r"\bVARCHAR\[\]", "TEXT[]", statement)
    statement = re.sub(r"\bDOUBLE\b(?! PRECISION)", "DOUBLE PRECISION", statement)
    return statement.replace("BEGIN TRANSACTION", "BEGIN")


# Indexes PostgreSQL needs where DuckDB's column scans do without (a load of one plan among
# 10,000 took 310 ms without them): created with the migration that made their table, in the
# same transaction, so the recorded schema versions stay those of a DuckDB file.
PG_INDEXES: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE INDEX plans_newest ON plans (created_at DESC, id DESC)",
        "CREATE INDEX plan_weeks_plan ON plan_weeks (plan_id, week)",
        "CREATE INDEX plan_sessions_plan ON plan_sessions (plan_id)",
        "CREATE INDEX plan_exercises_plan ON plan_exercises (plan_id, week)",
    ),
    4: (
        "CREATE INDEX workouts_plan ON workouts (plan_id)",
        "CREATE INDEX set_logs_workout ON set_logs (workout_id)",
        "CREATE INDEX plan_edits_plan ON plan_edits (plan_id, seq)",
    ),
    # Every list and count names its owner: the newest-first index becomes one per owner (a
    # lifter's list reads only their rows); owner_settings' primary key is its owner.
    5: (
        "DROP INDEX IF EXISTS plans_newest",
        "CREATE INDEX plans_owner_newest ON plans (owner, created_at DESC, id DESC)",
    ),
}


def _param(value: object) -> object:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return Jsonb(value)
    return value


class _Cursor:
    """A psycopg cursor that takes the DuckDB store's SQL and its appender calls."""

    def __init__(self, cursor: psycopg.Cursor) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: list | tuple | None = None) -> _Cursor:
        if params:
            self._cursor.execute(_pg_sql(sql, True), [_param(p) for p in params])
        else:
            self._cursor.execute(_pg_sql(sql, False))
        return self

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall()

    def appender(self, table: str, columns: list[str]) -> _Appender:
        return _Appender(self._cursor, table, columns)

    def close(self) -> None:
        self._cursor.close()


class _Appender:
    """DuckDB's appender on PostgreSQL: one COPY per table."""

    def __init__(self, cursor: psycopg.Cursor, table: str, columns: list[str]) -> None:
        self._cursor, self._table, self._columns = cursor, table, columns
        self._rows: list[tuple] = []
        self._json = [i for i, c in enumerate(columns) if c in _JSONB_COLUMNS]

    def append_rows(self, rows: list[tuple]) -> None:
        self._rows.extend(rows)

    def flush(self) -> None:
        if not self._rows:
            return
        columns = ", ".join(f'"{c}"' for c in self._columns)
        with self._cursor.copy(f"COPY {self._table} ({columns}) FROM STDIN") as copy:
            for row in self._rows:
                if self._json:
                    row = list(row)
                    for i in self._json:
                        row[i] = Jsonb(row[i])
                copy.write_row(row)
        self._rows = []


def _server_error(url: str, exc: Exception) -> StoreError:
    """A connection problem as a message that says what to do."""
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"^(FATAL|ERROR):\s*", "", text)
    lower = str(exc).lower()
    where = shown_url(url)
    if "password authentication failed" in lower or "no password supplied" in lower:
        hint = "check the user name and password in PLANNER_DB"
    elif "does not exist" in lower and "database" in lower:
        hint = "create the database first (createdb), or fix its name in PLANNER_DB"
    elif "role" in lower and "does not exist" in lower:
        hint = "create that user on the server, or fix the user name in PLANNER_DB"
    elif "refused" in lower or "could not connect" in lower or "no such file" in lower:
        hint = "is the PostgreSQL server running, and are the host and port in PLANNER_DB right?"
    elif "timeout" in lower or "timed out" in lower:
        hint = "the server did not answer; check the host in PLANNER_DB and the network"
    else:
        hint = "check PLANNER_DB and the server"
    return StoreUnavailableError(
        f"cannot reach the plan database {where} ({text}): {hint}. Nothing was changed"
    )


class PgPlanStore(PlanStore):
    """Saved plans in a PostgreSQL database, shared by the app's threads, its workers and the CLI.

    `read_only=True` never writes. The database must exist (the server's administrator creates
    it); its tables are created and upgraded by the same migrations as a DuckDB file. `owner`
    and `for_owner` as in PlanStore: views share this store's pool of connections.
    """

    engine = "postgresql"

    def __init__(
        self,
        url: str,
        *,
        owner: str = LOCAL_OWNER,
        read_only: bool = False,
        lock_wait: float = LOCK_WAIT_S,
        connect_timeout: float = 10,
    ) -> None:
        self._owner = check_owner(owner)
        self._root = self
        self._view_closed = False
        self.url = url.strip()
        self.path = shown_url(self.url)  # what messages call the database (no password)
        self.read_only = read_only
        self._lock_wait = lock_wait
        self._connect_timeout = max(1, int(connect_timeout))
        self._idle: list[tuple[psycopg.Connection, float]] = []  # with when it was put back
        self._pool_lock = threading.Lock()
        self._open = True
        try:
            self._prepare()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> PgPlanStore:
        return self

    def close(self) -> None:
        """Close the store's connections (on a view, for_owner, only end the view)."""
        if self._root is not self:
            self._view_closed = True
            return
        self._open = False
        with self._pool_lock:  # emptied in place: the views share this list
            idle = self._idle[:]
            self._idle.clear()
        for con, _ in idle:
            with suppress(psycopg.Error):
                con.close()

    # -- connections ------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection:
        try:
            con = psycopg.connect(self.url, autocommit=True, connect_timeout=self._connect_timeout)
            if self.read_only:  # the server itself then refuses any write on this connection
                con.execute("SET default_transaction_read_only = on")
            return con
        except psycopg.Error as exc:
            raise _server_error(self.url, exc) from None

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        with self._pool_lock:
            con, since = self._idle.pop() if self._idle else (None, 0.0)
        if con is not None and time.monotonic() - since > _CHECK_IDLE_S:
            try:  # the server may have restarted (or dropped the session) meanwhile
                con.execute("SELECT 1")
            except psycopg.Error:
                with suppress(psycopg.Error):
                    con.close()
                con = None
        if con is None or con.closed:
            con = self._connect()
        try:
            yield con
        finally:
            usable = not con.closed and not con.broken and self._root._open
            if usable and con.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                with self._pool_lock:
                    if len(self._idle) < _IDLE_CONNECTIONS:
                        self._idle.append((con, time.monotonic()))
                        con = None
            if con is not None:
                with suppress(psycopg.Error):
                    con.close()

    # -- opening and migrating ----------------------------------------------------------------

    def _prepare(self) -> None:
        with self._connection() as con:
            applied = self._applied(con)
            if all(m.version in applied for m in MIGRATIONS):
                return
            if self.read_only:
                raise StoreVersionError(
                    f"{self.path} was written by an older back-planner and needs an upgrade, "
                    "which a read-only command does not do: run any saving command on it once "
                    "(or open it in the dashboard)"
                )
            self._migrate(con, applied)

    def _applied(self, con: psycopg.Connection) -> set[int]:
        try:
            tables = {
                row[0]
                for row in con.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                ).fetchall()
            }
            applied: set[int] = set()
            if "schema_migrations" in tables:
                rows = con.execute("SELECT version FROM schema_migrations").fetchall()
                applied = {row[0] for row in rows}
        except psycopg.OperationalError as exc:
            raise _server_error(self.url, exc) from None
        except psycopg.Error as exc:
            raise self._failure("open the database", exc) from None
        if tables and "schema_migrations" not in tables:
            raise StoreCorruptError(
                f"{self.path} is a database of another program (it has tables but no "
                "back-planner ones). It was left untouched: point PLANNER_DB at an empty "
                "database of its own"
            )
        newest = max(applied, default=0)
        if newest > SCHEMA_VERSION:
            raise StoreVersionError(
                f"{self.path} was written by a newer back-planner (schema version {newest}; this "
                f"version knows up to {SCHEMA_VERSION}). It was left untouched: upgrade "
                "back-planner to open it"
            )
        return applied

    def _migrate(self, con: psycopg.Connection, applied: set[int]) -> None:
        """Apply the migrations the database lacks, each in its own transaction.

        Under the write lock, and re-reading what is applied: two programs starting at once
        upgrade it once.
        """
        for migration in MIGRATIONS:
            if migration.version in applied:
                continue
            try:
                with con.transaction():
                    con.execute("SELECT pg_advisory_xact_lock(%s)", [_WRITE_LOCK])
                    if migration.version in self._applied(con):
                        continue
                    for statement in migration.statements:
                        con.execute(pg_ddl(statement))
                    for statement in PG_INDEXES.get(migration.version, ()):
                        con.execute(statement)
                    con.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) "
                        "VALUES (%s, %s, %s)",
                        [migration.version, migration.name, _now()],
                    )
            except psycopg.OperationalError as exc:
                raise _server_error(self.url, exc) from None
            except psycopg.Error as exc:
                raise StoreError(
                    f"could not upgrade the plan database {self.path} to schema version "
                    f"{migration.version} ({_reason(exc)}); it was left as it was. If it "
                    "keeps failing, report this message"
                ) from None

    # -- cursors and transactions -------------------------------------------------------------

    @contextmanager
    def _cursor(self, action: str) -> Iterator[_Cursor]:
        self._check_open()
        with self._connection() as con:
            cursor = _Cursor(con.cursor())
            try:
                yield cursor
            except psycopg.OperationalError as exc:
                raise _server_error(self.url, exc) from None
            except psycopg.Error as exc:
                raise self._failure(action, exc) from None
            finally:
                with suppress(psycopg.Error):
                    cursor.close()

    @contextmanager
    def _transaction(self, action: str) -> Iterator[_Cursor]:
        """One write transaction at a time on the whole server: all of it, or none of it."""
        self._check_open()
        if self.read_only:
            raise StoreReadOnlyError(
                f"could not {action}: {self.path} was opened read-only; nothing was changed"
            )
        with self._connection() as con:
            try:
                with con.transaction(), con.cursor() as raw:
                    raw.execute("SELECT pg_advisory_xact_lock(%s)", [_WRITE_LOCK])
                    yield _Cursor(raw)
            except psycopg.OperationalError as exc:
                raise _server_error(self.url, exc) from None
            except psycopg.Error as exc:
                raise self._failure(action, exc) from None

    def _failure(self, action: str, exc: Exception) -> StoreError:
        text = _reason(exc)
        lower = text.lower()
        if isinstance(exc, (psycopg.errors.NumericValueOutOfRange, psycopg.DataError)) or any(
            hint in lower for hint in _VALUE_HINTS
        ):
            return StoreValueError(
                f"could not {action} in {self.path}: a value does not fit the database "
                f"({text}); nothing was changed. Check the plan's numbers"
            )
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            return StoreReadOnlyError(
                f"could not {action} in {self.path}: the database user may not do this "
                f"({text}); grant it the rights, or use another user. Nothing was changed"
            )
        if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
            return StoreReadOnlyError(
                f"could not {action} in {self.path}: the server is read-only ({text}); "
                "nothing was changed"
            )
        return StoreError(
            f"could not {action} in {self.path}: {text}; nothing was changed. Try again; if it "
            "keeps failing, report the message"
        )
