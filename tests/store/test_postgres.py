"""PostgreSQL-only behaviour: server problems as one clear message, the same schema versions as
a DuckDB file, the CLI and PLANNER_DB with a postgresql:// URL, and moving a plan between the
engines through the export format. (The engine-neutral store tests run on both engines.)"""

from __future__ import annotations

import json
import socket

import psycopg
import pytest

from planner.cli import main
from planner.export import plan_json
from planner.store import (
    MIGRATIONS,
    PlanStore,
    StoreCorruptError,
    StoreUnavailableError,
    default_db_target,
    open_store,
)
from planner.store.pg_store import PgPlanStore, pg_ddl, shown_url

BUILD = ["--goal", "growth", "--experience", "intermediate", "--equipment", "full_gym"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket closes


def test_a_server_that_is_not_running_gets_one_clear_message_without_the_password():
    url = f"postgresql://lifter:s3cret@127.0.0.1:{_closed_port()}/plans"
    with pytest.raises(StoreUnavailableError) as raised:
        open_store(url)
    message = str(raised.value)
    assert "is the PostgreSQL server running" in message
    assert "s3cret" not in message and "lifter:***@127.0.0.1" in message


def test_a_missing_database_says_to_create_it(pg_cluster):
    url = pg_cluster.admin_url.rsplit("/", 1)[0] + "/no_such_db"
    with pytest.raises(StoreUnavailableError, match="create the database first"):
        open_store(url)


def test_an_unknown_user_says_so(pg_cluster):
    url = pg_cluster.admin_url.replace("postgres@", "nobody@")
    with pytest.raises(StoreUnavailableError, match='role "nobody" does not exist'):
        open_store(url)


def test_the_cli_reports_a_server_problem_in_one_line(capsys):
    url = f"postgresql://lifter:s3cret@127.0.0.1:{_closed_port()}/plans"
    assert main(["save", *BUILD, "--name", "Block", "--db", url]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("error: ")
    assert "Traceback" not in err and "s3cret" not in err


def test_the_server_records_the_same_migrations_as_a_file(pg_url, db_path):
    with open_store(pg_url) as store:
        assert isinstance(store, PgPlanStore) and store.engine == "postgresql"
    with psycopg.connect(pg_url) as con:
        on_server = con.execute(
            "SELECT version, name FROM schema_migrations ORDER BY version"
        ).fetchall()
    assert on_server == [(m.version, m.name) for m in MIGRATIONS]
    with open_store(db_path) as store:
        assert type(store) is PlanStore and store.engine == "duckdb"
        with store._cursor("read") as cursor:
            in_file = cursor.execute(
                "SELECT version, name FROM schema_migrations ORDER BY version"
            ).fetchall()
    assert in_file == on_server


def test_reopening_a_migrated_database_changes_nothing(pg_url, plan):
    with open_store(pg_url) as store:
        plan_id = store.save(plan, "Block")
    with open_store(pg_url) as store, open_store(pg_url, read_only=True) as reader:
        assert store.load(plan_id).plan == reader.load(plan_id).plan == plan
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchall()[0][0] == len(
            MIGRATIONS
        )


def test_a_database_of_another_program_is_left_untouched(pg_url):
    with psycopg.connect(pg_url) as con:
        con.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(StoreCorruptError, match="another program"):
        open_store(pg_url)
    with psycopg.connect(pg_url) as con:
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert tables == [("invoices",)]


def test_struct_lists_become_jsonb_and_the_rest_keeps_its_meaning():
    ddl = pg_ddl(MIGRATIONS[0].statements[2])
    assert "STRUCT" not in ddl and "landmarks JSONB NOT NULL" in ddl
    assert "equipment TEXT[] NOT NULL" in ddl
    assert "DOUBLE PRECISION" in pg_ddl(MIGRATIONS[0].statements[3])


def test_the_cli_and_planner_db_use_the_server(pg_url, capsys, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", pg_url)
    assert default_db_target() == pg_url
    assert main(["save", *BUILD, "--name", "Spring block"]) == 0
    plan_id = int(capsys.readouterr().out)
    assert main(["list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(p["id"], p["name"]) for p in listed] == [(plan_id, "Spring block")]
    monkeypatch.delenv("PLANNER_DB")
    assert main(["show", str(plan_id), "--db", pg_url, "--format", "json"]) == 0
    with open_store(pg_url) as store:
        saved = store.load(plan_id).plan
    assert json.loads(capsys.readouterr().out) == json.loads(plan_json(saved))


def test_a_plan_moves_between_a_file_and_the_server_unchanged(pg_url, db_path, plans):
    with open_store(db_path) as file_store, open_store(pg_url) as server:
        for name, plan in plans.items():
            file_id = file_store.save(plan, name, notes=f"notes of {name}")
            server_id = server.import_json(file_store.export_json(file_id))
            moved = server.load(server_id)
            assert (moved.plan, moved.name, moved.notes) == (plan, name, f"notes of {name}")
            assert server.weekly_volume(server_id) == file_store.weekly_volume(file_id)
            back = file_store.import_json(server.export_json(server_id))
            assert file_store.load(back).plan == plan


def test_messages_name_the_database_without_its_password():
    assert (
        shown_url("postgresql://u:pw@db.local:5433/plans")
        == "postgresql://u:***@db.local:5433/plans"
    )
    assert shown_url("postgresql://u@db.local/plans") == "postgresql://u@db.local/plans"
    assert shown_url("postgresql://db/plans?user=u&password=pw") == (
        "postgresql://db/plans?user=u&password=***"
    )


def test_a_server_restart_between_calls_costs_no_error(pg_url, pg_cluster, plan, monkeypatch):
    import planner.store.pg_store as pg_store

    monkeypatch.setattr(pg_store, "_CHECK_IDLE_S", 0.0)
    with open_store(pg_url) as store:
        plan_id = store.save(plan, "Block")
        with psycopg.connect(pg_cluster.admin_url, autocommit=True) as admin:
            name = pg_url.rsplit("/", 1)[1]
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )  # as a restart does: the store's idle connections are gone
        assert store.load(plan_id).plan == plan


def test_separate_connections_writing_at_once_keep_every_rule(pg_url, plan):
    """Stores on their own connections act as separate app processes: the write lock makes the
    checks of each write (session not logged yet, next edit number) hold until it commits."""
    from concurrent.futures import ThreadPoolExecutor

    from planner.logbook import InvalidLogError
    from tests.store.test_training_log import whole

    with open_store(pg_url) as store:
        plan_id = store.save(plan, "Block")
    stores = [open_store(pg_url) for _ in range(4)]
    try:

        def log(store):
            try:
                return store.save_workout(plan_id, whole(plan))
            except InvalidLogError as exc:
                return str(exc)

        def save(store):
            return [store.save(plan, "Parallel") for _ in range(3)]

        with ThreadPoolExecutor(4) as pool:
            logged = list(pool.map(log, stores))
            saved = [i for ids in pool.map(save, stores) for i in ids]
        assert sum(isinstance(r, int) for r in logged) == 1
        assert all("already logged" in r for r in logged if isinstance(r, str))
        assert len(set(saved)) == 12 and stores[0].count() == 13
        assert len(stores[0].training_log(plan_id).workouts) == 1
    finally:
        for store in stores:
            store.close()


def test_a_read_only_store_reads_on_connections_the_server_keeps_read_only(pg_url, plan):
    from planner.store import StoreReadOnlyError

    with open_store(pg_url) as store:
        plan_id = store.save(plan, "Block")
    with open_store(pg_url, read_only=True) as reader:
        assert reader.load(plan_id).plan == plan
        with pytest.raises(StoreReadOnlyError, match="opened read-only; nothing was changed"):
            reader.rename(plan_id, "Renamed")
        with (
            reader._cursor("probe") as cursor,
            pytest.raises(psycopg.errors.ReadOnlySqlTransaction),
        ):
            cursor._cursor.execute("DELETE FROM plans")
    with open_store(pg_url) as store:
        assert store.load(plan_id).name == "Block"


def test_lists_per_owner_have_an_index_of_their_own(pg_url):
    with open_store(pg_url):
        pass
    with psycopg.connect(pg_url) as con:
        indexes = dict(
            con.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'plans'"
            ).fetchall()
        )
    assert "plans_newest" not in indexes  # every list names its owner now (migration 5)
    assert "(owner, created_at DESC, id DESC)" in indexes["plans_owner_newest"]
