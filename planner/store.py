"""Saved plans in an embedded DuckDB file: the only module that imports duckdb.

A plan is stored as rows (weeks, sessions, warm-up/cool-down items, exercises), so saved plans
can be queried with SQL; loading rebuilds the exact `Plan` that was saved. One `PlanStore` holds
one connection; every method works on its own cursor, so threads (Streamlit sessions) can share
one store. Writes are serialised by a lock and each is one transaction.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
)

from planner.errors import InvalidRequestError, PlanFileError, PlannerError
from planner.export import (
    plan_from_document,
    plan_json,
    quoted,
    read_json_document,
    validation_problem,
)
from planner.export import week_csv as plan_week_csv
from planner.models import (
    GOAL_LABELS,
    GOALS,
    REGIONS,
    Goal,
    Level,
    Plan,
    Prescription,
    RegionVolume,
    Session,
)
from planner.volume import week_volume

APP_DIR = "back-planner"
DB_FILE = "plans.duckdb"
EXPORT_FORMAT = "back-planner.saved-plan"
EXPORT_VERSION = 1


class StoreError(PlannerError):
    """The plan database cannot do what was asked; the message names the file and the fix."""


class StoreLockedError(StoreError):
    """Another program holds the database file open for writing."""


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


class PlanSummary(BaseModel):
    """One line of the saved-plans list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    name: str
    notes: str
    goal: Goal
    experience: Level
    weeks: int
    sessions: int
    created_at: datetime
    updated_at: datetime


class SavedPlan(BaseModel):
    """A saved plan with its name, notes and timestamps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    name: str
    notes: str
    created_at: datetime
    updated_at: datetime
    plan: Plan


class _ExportWrapper(BaseModel):
    """The metadata around a plan in an export file (the plan itself is checked separately)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: StrictStr
    format_version: StrictInt = Field(ge=1)
    name: StrictStr
    notes: StrictStr = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    plan: dict


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


# ---------------------------------------------------------------------------------------------
# Schema: an ordered list of migrations, recorded in schema_migrations. Never edit a shipped
# migration; append a new one. Timestamps are UTC.


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "plans and their rows",
        (
            """CREATE TABLE schema_migrations (
                version INTEGER PRIMARY KEY,
                name VARCHAR NOT NULL,
                applied_at TIMESTAMP NOT NULL
            )""",
            "CREATE SEQUENCE plan_id_seq START 1",
            """CREATE TABLE plans (
                id BIGINT PRIMARY KEY DEFAULT nextval('plan_id_seq'),
                name VARCHAR NOT NULL,
                notes VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                planner_version VARCHAR NOT NULL,
                goal VARCHAR NOT NULL,
                experience VARCHAR NOT NULL,
                equipment VARCHAR[] NOT NULL,
                weeks INTEGER NOT NULL,
                sessions INTEGER NOT NULL,
                minutes INTEGER NOT NULL,
                requested_model VARCHAR,
                deload BOOLEAN NOT NULL,
                emphasis_upper INTEGER NOT NULL,
                emphasis_mid INTEGER NOT NULL,
                emphasis_lower INTEGER NOT NULL,
                emphasis_biceps INTEGER NOT NULL,
                model VARCHAR NOT NULL,
                warnings VARCHAR[] NOT NULL,
                landmarks STRUCT(
                    region VARCHAR, mv DOUBLE, mev DOUBLE, mav_low DOUBLE, mav_high DOUBLE,
                    mrv DOUBLE
                )[] NOT NULL
            )""",
            """CREATE TABLE plan_weeks (
                plan_id BIGINT NOT NULL,
                week INTEGER NOT NULL,
                deload BOOLEAN NOT NULL,
                phase VARCHAR NOT NULL,
                target_rir DOUBLE NOT NULL
            )""",
            """CREATE TABLE plan_sessions (
                plan_id BIGINT NOT NULL,
                week INTEGER NOT NULL,
                session INTEGER NOT NULL,
                tier VARCHAR NOT NULL,
                minutes DOUBLE NOT NULL,
                warmup STRUCT(name VARCHAR, detail VARCHAR, minutes DOUBLE)[] NOT NULL,
                cooldown STRUCT(name VARCHAR, detail VARCHAR, minutes DOUBLE)[] NOT NULL
            )""",
            """CREATE TABLE plan_exercises (
                plan_id BIGINT NOT NULL,
                week INTEGER NOT NULL,
                session INTEGER NOT NULL,
                "order" INTEGER NOT NULL,
                exercise_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                pattern VARCHAR NOT NULL,
                role VARCHAR NOT NULL,
                equipment VARCHAR[] NOT NULL,
                sets INTEGER NOT NULL,
                reps_min INTEGER NOT NULL,
                reps_max INTEGER NOT NULL,
                rep_unit VARCHAR NOT NULL,
                unilateral BOOLEAN NOT NULL,
                rest_s INTEGER NOT NULL,
                target_rir DOUBLE NOT NULL,
                pct_1rm DOUBLE,
                credit_upper DOUBLE NOT NULL,
                credit_mid DOUBLE NOT NULL,
                credit_lower DOUBLE NOT NULL,
                credit_biceps DOUBLE NOT NULL,
                cue VARCHAR NOT NULL,
                rationale VARCHAR NOT NULL
            )""",
        ),
    ),
    Migration(
        2,
        "weekly volume view",
        (
            # Fractional sets per region and week (reference section 0: sets x region credit),
            # the same sum planner.volume.week_volume makes; charts and load() read it.
            """CREATE VIEW plan_week_volume AS
            SELECT w.plan_id, w.week,
                coalesce(sum(e.sets * e.credit_upper), 0.0) AS upper,
                coalesce(sum(e.sets * e.credit_mid), 0.0) AS mid,
                coalesce(sum(e.sets * e.credit_lower), 0.0) AS lower,
                coalesce(sum(e.sets * e.credit_biceps), 0.0) AS biceps
            FROM plan_weeks w
            LEFT JOIN plan_exercises e ON e.plan_id = w.plan_id AND e.week = w.week
            GROUP BY w.plan_id, w.week""",
        ),
    ),
    Migration(
        3,
        "progression advice per prescription",
        # Plans saved before planner 1.1 had no progression text: they read back as ''.
        ("""ALTER TABLE plan_exercises ADD COLUMN progression VARCHAR DEFAULT ''""",),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version

# Columns written per table, in append order; plan_id comes first in every row table.
_PLAN_COLUMNS = (
    "name",
    "notes",
    "created_at",
    "updated_at",
    "planner_version",
    "goal",
    "experience",
    "equipment",
    "weeks",
    "sessions",
    "minutes",
    "requested_model",
    "deload",
    "emphasis_upper",
    "emphasis_mid",
    "emphasis_lower",
    "emphasis_biceps",
    "model",
    "warnings",
    "landmarks",
)
_ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "plan_weeks": ("plan_id", "week", "deload", "phase", "target_rir"),
    "plan_sessions": ("plan_id", "week", "session", "tier", "minutes", "warmup", "cooldown"),
    "plan_exercises": (
        "plan_id",
        "week",
        "session",
        "order",
        "exercise_id",
        "name",
        "pattern",
        "role",
        "equipment",
        "sets",
        "reps_min",
        "reps_max",
        "rep_unit",
        "unilateral",
        "rest_s",
        "target_rir",
        "pct_1rm",
        "credit_upper",
        "credit_mid",
        "credit_lower",
        "credit_biceps",
        "cue",
        "rationale",
        "progression",
    ),
}
_ROW_TABLES = tuple(_ROW_COLUMNS)
# Exercise rows are read back as week, session, the Prescription fields, then region credits.
_PRESCRIPTION_FIELDS = tuple(name for name in Prescription.model_fields if name != "regions")
_EXERCISE_SELECT = ", ".join(
    ["week", "session"]
    + ["exercise_id AS id" if name == "id" else f'"{name}"' for name in _PRESCRIPTION_FIELDS]
    + [f"credit_{region}" for region in REGIONS]
)


def _row_key(row: tuple) -> tuple:
    return row[:3]  # week, session, order


_SUMMARY_FIELDS = tuple(PlanSummary.model_fields)
# Timestamps leave SQL as ISO text in UTC: pydantic parses those faster than it checks the
# datetimes DuckDB would build, which matters when listing thousands of plans.
_SUMMARY_SQL = (
    "SELECT id, name, notes, goal, experience, weeks, sessions, "
    "strftime(created_at, '%Y-%m-%dT%H:%M:%S.%fZ'), strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ') "
    "FROM plans"
)
_SUMMARIES = TypeAdapter(list[PlanSummary])


def _quoted(column: str) -> str:
    return f'"{column}"'


def _columns_sql(columns: tuple[str, ...]) -> str:
    return ", ".join(_quoted(c) for c in columns)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


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


# Characters that draw nothing although Unicode does not class them as spaces or format marks.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def visible(text: str) -> bool:
    """True if the text shows at least one character (not only spaces, zero-width marks...)."""
    return any(
        not ch.isspace()
        and ch not in _BLANK_LETTERS
        and unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn")
        for ch in text
    )


def _check_text(field: str, value: object, *, required: bool) -> str:
    """Refuse names and notes that cannot be stored exactly as typed."""
    if not isinstance(value, str):
        raise InvalidPlanNameError(f"the plan {field} must be text, not {type(value).__name__}")
    if required and not visible(value):
        raise InvalidPlanNameError(f"a plan needs a {field}: type at least one visible character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidPlanNameError(
            f"the plan {field} contains characters that are not valid text; retype it"
        ) from None
    return value


def _plan_rows(plan_id: int, plan: Plan) -> dict[str, list[tuple]]:
    """Flatten a plan into the rows of each row table, in _ROW_COLUMNS order."""
    rows: dict[str, list[tuple]] = {table: [] for table in _ROW_TABLES}
    for week in plan.weeks:
        rows["plan_weeks"].append((plan_id, week.week, week.deload, week.phase, week.target_rir))
        for s in week.sessions:
            rows["plan_sessions"].append(
                (
                    plan_id,
                    week.week,
                    s.session,
                    s.tier,
                    s.minutes,
                    [item.model_dump() for item in s.warmup],
                    [item.model_dump() for item in s.cooldown],
                )
            )
            for p in s.exercises:
                rows["plan_exercises"].append(
                    (
                        plan_id,
                        week.week,
                        s.session,
                        p.order,
                        p.id,
                        p.name,
                        p.pattern,
                        p.role,
                        list(p.equipment),
                        p.sets,
                        p.reps_min,
                        p.reps_max,
                        p.rep_unit,
                        p.unilateral,
                        p.rest_s,
                        p.target_rir,
                        p.pct_1rm,
                        p.regions.upper,
                        p.regions.mid,
                        p.regions.lower,
                        p.regions.biceps,
                        p.cue,
                        p.rationale,
                        p.progression,
                    )
                )
    return rows


def _plan_values(plan: Plan) -> dict[str, object]:
    """Return the plans-table columns that describe the plan (not name, notes or timestamps)."""
    request = plan.request
    return {
        "planner_version": plan.planner_version,
        "goal": request.goal,
        "experience": request.experience,
        "equipment": list(request.equipment),
        "weeks": request.weeks,
        "sessions": request.sessions,
        "minutes": request.minutes,
        "requested_model": request.model,
        "deload": request.deload,
        "emphasis_upper": request.emphasis.upper,
        "emphasis_mid": request.emphasis.mid,
        "emphasis_lower": request.emphasis.lower,
        "emphasis_biceps": request.emphasis.biceps,
        "model": plan.model,
        "warnings": list(plan.warnings),
        # A list keeps the regions' order, so the reloaded plan serialises byte for byte alike.
        "landmarks": [
            {
                "region": region,
                "mv": mark.mv,
                "mev": mark.mev,
                "mav_low": mark.mav[0],
                "mav_high": mark.mav[1],
                "mrv": mark.mrv,
            }
            for region, mark in plan.landmarks.items()
        ],
    }


# Parallel commands wait this long for another one's write lock before refusing (a save holds
# it for a fraction of a second).
LOCK_WAIT_S = 5.0
_LOCK_POLL_S = 0.05

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


class PlanStore:
    """Saved plans in one DuckDB file, shared by the app's threads and the command line.

    `read_only=True` never writes and never takes the write lock: list, show and export work on a
    read-only backup and while the dashboard has the file open. Writers wait up to `lock_wait`
    seconds for another program's write to finish, then refuse.
    """

    def __init__(
        self, path: str | Path, *, read_only: bool = False, lock_wait: float = LOCK_WAIT_S
    ) -> None:
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

    def close(self) -> None:
        """Close the connection (when no other store in this process uses the file)."""
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
        if not self._open:
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
        found = cursor.execute("SELECT 1 FROM plans WHERE id = ?", [plan_id]).fetchall()
        if not found:
            raise self._not_found(plan_id)

    def _damaged(self, plan_id: int, detail: str) -> StoreCorruptError:
        return StoreCorruptError(
            f"saved plan {plan_id} in {self.path} has invalid rows ({detail}); they were probably "
            "edited by hand: restore the file from a copy, or delete this plan"
        )

    def _not_found(self, plan_id: int) -> PlanNotFoundError:
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
                values |= {"created_at": now, "updated_at": now}
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
                    f"UPDATE plans SET {assignments} WHERE id = ?", [*values.values(), plan_id]
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
                f"SELECT id, {_columns_sql(_PLAN_COLUMNS)} FROM plans WHERE id = ?", [plan_id]
            ).fetchall()
            if not head:
                raise self._not_found(plan_id)
            row = dict(zip(("id", *_PLAN_COLUMNS), head[0], strict=True))
            # No ORDER BY and no volume join: each costs ~1 ms here; rows are sorted below and
            # week volume is recomputed with the planner's own function (weekly_volume is SQL).
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
        sql, params = _SUMMARY_SQL, []
        if goal is not None:
            sql += " WHERE goal = ?"
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
                "UPDATE plans SET name = ?, updated_at = ? WHERE id = ? RETURNING id",
                [name, _now(), plan_id],
            ).fetchall()
            if not found:
                raise self._not_found(plan_id)

    def duplicate(self, plan_id: int, name: str | None = None) -> int:
        """Copy a saved plan (inside the database) under a new name; return the copy's id."""
        if name is not None:
            _check_text("name", name, required=True)
        now = _now()
        columns = tuple(c for c in _PLAN_COLUMNS if c not in ("name", "created_at", "updated_at"))
        with self._transaction("copy the plan") as cursor:
            copied = cursor.execute(
                f"INSERT INTO plans (name, created_at, updated_at, {_columns_sql(columns)}) "
                f"SELECT coalesce(?, name || ' (copy)'), ?, ?, {_columns_sql(columns)} "
                "FROM plans WHERE id = ? RETURNING id",
                [name, now, now, plan_id],
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
            cursor.execute("DELETE FROM plans WHERE id = ?", [plan_id])

    def export_json(self, plan_id: int) -> str:
        """Return the saved plan as JSON: name, notes and timestamps around plan_json(plan)."""
        saved = self.load(plan_id)
        document = {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_VERSION,
            **saved.model_dump(mode="json", include={"name", "notes", "created_at", "updated_at"}),
            "plan": json.loads(plan_json(saved.plan)),
        }
        return json.dumps(document, indent=2, ensure_ascii=False)

    def import_json(self, text: str | bytes, name: str | None = None) -> int:
        """Validate an export (or a bare plan JSON) and save it as a new plan; return its id."""
        plan, stored_name, notes = _parse_export(text)
        if name is None:
            name = stored_name or f"{GOAL_LABELS[plan.request.goal]} plan (imported)"
        return self.save(plan, name, notes)

    def weekly_volume(self, plan_id: int) -> dict[int, RegionVolume]:
        """Sum in SQL the fractional sets per region for each week of a saved plan."""
        with self._cursor("compute weekly volume") as cursor:
            rows = cursor.execute(
                f"SELECT week, {', '.join(REGIONS)} FROM plan_week_volume "
                "WHERE plan_id = ? ORDER BY week",
                [plan_id],
            ).fetchall()
            if not rows:
                self._require(cursor, plan_id)
        return {week: RegionVolume(**dict(zip(REGIONS, sums, strict=True))) for week, *sums in rows}

    def week_csv(self, plan_id: int, week: int) -> bytes:
        """Return one week of a saved plan as CSV, the same bytes as planner.export.week_csv."""
        return plan_week_csv(self.load(plan_id).plan, week)

    def count(self) -> int:
        """Count the saved plans."""
        with self._cursor("count the saved plans") as cursor:
            return cursor.execute("SELECT count(*) FROM plans").fetchall()[0][0]


def _plan_document(row: dict, weeks: list, sessions: list, exercises: list) -> dict:
    """Reassemble the nested plan document from the rows of one plan."""
    by_session: dict[tuple[int, int], dict] = {}
    for week, session, tier, minutes, warmup, cooldown in sorted(sessions):
        by_session[(week, session)] = {
            "session": session,
            "tier": tier,
            "minutes": minutes,
            "warmup": warmup,
            "exercises": [],
            "cooldown": cooldown,
        }
    for week, session, *fields, upper, mid, lower, biceps in sorted(exercises, key=_row_key):
        item = dict(zip(_PRESCRIPTION_FIELDS, fields, strict=True))
        item["regions"] = {"upper": upper, "mid": mid, "lower": lower, "biceps": biceps}
        by_session[(week, session)]["exercises"].append(item)
    sessions_of: dict[int, list] = {}
    for (week, _), session in by_session.items():
        sessions_of.setdefault(week, []).append(session)
    built_weeks = []
    for week, deload, phase, rir in sorted(weeks):
        # Validated once here; Plan takes the instances without validating them again.
        week_sessions = [Session.model_validate(s) for s in sessions_of.get(week, [])]
        # Volume is derived data: recount it from the stored rows with the planner's function.
        volume = week_volume(week_sessions)
        built_weeks.append(
            {
                "week": week,
                "deload": deload,
                "phase": phase,
                "target_rir": rir,
                "volume": volume,
                "sessions": week_sessions,
            }
        )
    return {
        "planner_version": row["planner_version"],
        "request": {
            "goal": row["goal"],
            "experience": row["experience"],
            "equipment": row["equipment"],
            "weeks": row["weeks"],
            "sessions": row["sessions"],
            "minutes": row["minutes"],
            "model": row["requested_model"],
            "deload": row["deload"],
            "emphasis": {r: row[f"emphasis_{r}"] for r in REGIONS},
        },
        "model": row["model"],
        "landmarks": {
            mark["region"]: {
                "mv": mark["mv"],
                "mev": mark["mev"],
                "mav": (mark["mav_low"], mark["mav_high"]),
                "mrv": mark["mrv"],
            }
            for mark in row["landmarks"]
        },
        "warnings": row["warnings"],
        "weeks": built_weeks,
    }


def _parse_export(text: str | bytes) -> tuple[Plan, str | None, str]:
    """Validate an export file or a bare plan document; refuse anything else, whole."""
    try:
        data = read_json_document(text)
    except PlanFileError as exc:
        raise PlanFileError(f"{exc}; nothing was imported") from None
    name, notes = None, ""
    if isinstance(data, dict) and "format" in data:
        if data.get("format") != EXPORT_FORMAT:
            raise PlanFileError(
                f"not a back-planner export (format {quoted(repr(data.get('format')))}); "
                "nothing was imported"
            )
        try:
            wrapper = _ExportWrapper.model_validate(data)
        except ValidationError as exc:
            raise PlanFileError(
                f"not a valid export: {validation_problem(exc)}; nothing was imported"
            ) from None
        if wrapper.format_version > EXPORT_VERSION:
            raise PlanFileError(
                f"this export was made by a newer back-planner (format version "
                f"{wrapper.format_version}): upgrade back-planner to import it; "
                "nothing was imported"
            )
        if not visible(wrapper.name):
            raise PlanFileError("not a valid export: its name is empty; nothing was imported")
        name, notes, data = wrapper.name, wrapper.notes, wrapper.plan
    try:
        plan = plan_from_document(data)
    except PlanFileError as exc:
        raise PlanFileError(f"{exc}; nothing was imported") from None
    return plan, name, notes
