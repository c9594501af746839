"""Saved plans and their training logs in an embedded DuckDB file (the default) or a PostgreSQL
database (`open_store("postgresql://...")`, module `pg_store`): the only package that imports
duckdb or psycopg.

One module per concept: `schema` (the migrations), `rows` (a plan to and from rows),
`file_format` (the saved-plan export), `plan_store` (the store: connection, transactions, plan
operations), `training` (workouts, sets, feedback, settings, plan edits), `owners` (whose data
a store sees: `open_store(owner=...)`, `store.for_owner(...)`), `errors`.
`from planner.store import PlanStore, ...` is the public interface.
"""

from planner.store.errors import (
    InvalidPlanNameError,
    PlanNotFoundError,
    StoreCorruptError,
    StoreDamagedError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreValueError,
    StoreVersionError,
)
from planner.store.file_format import EXPORT_FORMAT, EXPORT_VERSION
from planner.store.owners import LOCAL_OWNER, MAX_OWNER_LENGTH, check_owner
from planner.store.plan_store import (
    APP_DIR,
    DB_FILE,
    LOCK_WAIT_S,
    PlanStore,
    default_db_path,
    default_db_target,
    open_store,
)
from planner.store.rows import PlanSummary, SavedPlan, visible
from planner.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration

__all__ = [
    "APP_DIR",
    "DB_FILE",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "LOCAL_OWNER",
    "LOCK_WAIT_S",
    "MAX_OWNER_LENGTH",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "InvalidPlanNameError",
    "Migration",
    "PlanNotFoundError",
    "PlanStore",
    "PlanSummary",
    "SavedPlan",
    "StoreCorruptError",
    "StoreDamagedError",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
    "StoreValueError",
    "StoreVersionError",
    "check_owner",
    "default_db_path",
    "default_db_target",
    "open_store",
    "visible",
]
