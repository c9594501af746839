"""Plan store: save, load, list and weekly volume on a DuckDB file with 100 to 10,000 plans,
and the same on a PostgreSQL database (a throwaway local cluster, as the tests start; rows named
"pg ..."; skipped with a note where PostgreSQL is not installed: `make postgres`).

The big files are filled by cloning three real saved plans (one per goal) with INSERT ... SELECT,
so every plans row and every row table is as a real save would leave it; 10,000 full saves
would take minutes. This is the one place outside planner/store.py that speaks SQL to the file.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import duckdb

from benchmarks.harness import Result, measure
from planner import build_plan, load_catalog, load_presets, parse_request
from planner.models import GOALS
from planner.store import PlanStore, open_store
from planner.store.rows import _ROW_COLUMNS

SIZES = (100, 1_000, 10_000)
ROW_TABLES = ("plan_weeks", "plan_sessions", "plan_exercises")


def _largest_plan(goal: str = "growth"):
    request = parse_request(
        goal=goal, experience="advanced", equipment="full_gym", weeks=12, sessions=3, minutes=120
    )
    return build_plan(request, load_catalog(), load_presets())


def _grow(path: Path, total: int) -> None:
    """Clone the three seed plans (ids 1-3) until the file holds `total` plans."""
    con = duckdb.connect(str(path))
    try:
        have, top = con.execute("SELECT count(*), max(id) FROM plans").fetchall()[0]
        missing = total - have
        if missing <= 0:
            return
        con.execute("BEGIN TRANSACTION")
        # New ids top+1 .. top+missing, each copying seed 1, 2 or 3 in turn; created over the
        # past weeks so that "newest first" has real work to do.
        con.execute(
            "CREATE TEMP TABLE clone_map AS SELECT ? + i + 1 AS new_id, i % 3 + 1 AS seed, i "
            "FROM range(?) t(i)",
            [top, missing],
        )
        columns = [
            row[0]
            for row in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'plans' "
                "AND column_name NOT IN ('id', 'name', 'notes', 'created_at', 'updated_at')"
            ).fetchall()
        ]
        quoted = [f'"{c}"' for c in columns]
        rest = ", ".join(f"p.{c}" for c in quoted)
        con.execute(
            f"INSERT INTO plans (id, name, notes, created_at, updated_at, {', '.join(quoted)}) "
            "SELECT m.new_id, 'Block ' || m.new_id, 'Copied for the benchmark from ' || m.seed, "
            "now()::TIMESTAMP - to_minutes(? - m.i), now()::TIMESTAMP - to_minutes(? - m.i), "
            f"{rest} FROM clone_map m JOIN plans p ON p.id = m.seed",
            [missing, missing],
        )
        for table in ROW_TABLES:
            con.execute(
                f"INSERT INTO {table} BY NAME SELECT m.new_id AS plan_id, t.* EXCLUDE (plan_id) "
                f"FROM clone_map m JOIN {table} t ON t.plan_id = m.seed ORDER BY m.new_id"
            )
        # Explicit ids skipped the sequence: advance it past them so later saves do not clash.
        con.execute("SELECT max(nextval('plan_id_seq')) FROM range(?)", [missing]).fetchall()
        con.execute("DROP TABLE clone_map")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _grow_pg(url: str, total: int) -> None:
    """The PostgreSQL twin of _grow: clone seeds 1-3 with INSERT ... SELECT."""
    import psycopg

    with psycopg.connect(url) as con:
        have, top = con.execute("SELECT count(*), max(id) FROM plans").fetchall()[0]
        missing = total - have
        if missing <= 0:
            return
        con.execute(
            "CREATE TEMP TABLE clone_map AS SELECT %s + i + 1 AS new_id, i %% 3 + 1 AS seed, i "
            "FROM generate_series(0, %s - 1) t(i)",
            [top, missing],
        )
        columns = [
            row[0]
            for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'plans' "
                "AND table_schema = current_schema() "
                "AND column_name NOT IN ('id', 'name', 'notes', 'created_at', 'updated_at')"
            ).fetchall()
        ]
        quoted = [f'"{c}"' for c in columns]
        rest = ", ".join(f"p.{c}" for c in quoted)
        con.execute(
            f"INSERT INTO plans (id, name, notes, created_at, updated_at, {', '.join(quoted)}) "
            "SELECT m.new_id, 'Block ' || m.new_id, 'Copied for the benchmark from ' || m.seed, "
            "now()::timestamp - make_interval(mins => (%s - m.i)::int), "
            "now()::timestamp - make_interval(mins => (%s - m.i)::int), "
            f"{rest} FROM clone_map m JOIN plans p ON p.id = m.seed",
            [missing, missing],
        )
        for table in ROW_TABLES:
            cols = ", ".join(f'"{c}"' for c in _ROW_COLUMNS[table][1:])
            extra = ""
            con.execute(
                f"INSERT INTO {table} (plan_id, {cols}{extra}) SELECT m.new_id, "
                + ", ".join(f"t.{c.strip()}" for c in (cols + extra).split(","))
                + f" FROM clone_map m JOIN {table} t ON t.plan_id = m.seed"
            )
        con.execute("SELECT setval('plan_id_seq', (SELECT max(id) FROM plans))")
        con.execute("DROP TABLE clone_map")
        con.execute("ANALYZE")


OWNERS = 100  # lifters sharing the 10,000-plan database in the owner rows


def _spread_owners(target: Path | str) -> None:
    """Give the cloned plans to OWNERS lifters ("lifter 0" ...); the three seeds stay local."""
    sql = "UPDATE plans SET owner = 'lifter ' || (id % {n}) WHERE id > 3"
    if isinstance(target, str):
        import psycopg

        with psycopg.connect(target) as con:
            con.execute(sql.format(n=OWNERS))
            con.execute("ANALYZE")
        return
    con = duckdb.connect(str(target))
    try:
        con.execute(sql.format(n=OWNERS))
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _owner_rows(store: PlanStore, prefix: str, suffix: str) -> list[Result]:
    """One lifter's list and count among OWNERS, and the cost of a view (for_owner)."""
    lifter = store.for_owner("lifter 7")
    note = f"{lifter.count()} of them this lifter's, {OWNERS} lifters"
    views = measure(
        f"{prefix}for_owner x 1,000 (views), {suffix}",
        lambda: [store.for_owner(f"lifter {n}") for n in range(1000)],
        runs=20,
    )
    views = replace(views, note=f"{views.median_ms:.1f} us a view; no query, no connection")
    return [
        views,
        measure(f"{prefix}list of one owner, {suffix}", lifter.list, runs=50, note=note),
        measure(f"{prefix}count of one owner, {suffix}", lifter.count, runs=50, note=note),
    ]  # fmt: skip


def run() -> list[Result]:
    return run_duckdb() + run_postgres()


def run_postgres() -> list[Result]:
    from tests import pg_server  # the tests' throwaway cluster

    cluster = pg_server.start()
    if isinstance(cluster, str):
        return [Result("pg store (all)", float("nan"), float("nan"), 0, note=f"skipped: {cluster}")]
    results: list[Result] = []
    plans = {goal: _largest_plan(goal) for goal in GOALS}
    big = plans["growth"]
    try:
        url = cluster.new_database()
        note = "local server on 127.0.0.1 (fsync off)"
        with open_store(url) as store:
            seeds = [store.save(plans[goal], f"Seed {goal}") for goal in GOALS]
            results.append(
                measure("pg store save (new plan)", lambda: store.save(big, "Bench"), runs=50,
                        target_ms=20, note=note)
            )  # fmt: skip
            results.append(measure("pg store load", lambda: store.load(seeds[1]), runs=100,
                                   target_ms=10, note=note))  # fmt: skip
            results.append(
                measure("pg store weekly_volume (SQL)", lambda: store.weekly_volume(seeds[1]),
                        runs=100, note=note)
            )  # fmt: skip
            for size in SIZES[1:]:
                _grow_pg(url, size)
                suffix = f"{store.count():,} plans"
                results.append(measure(f"pg store list, {suffix}", store.list, runs=20,
                                       note="all rows, newest first"))  # fmt: skip
                results.append(measure(f"pg store list limit 50, {suffix}",
                                       lambda: store.list(limit=50), runs=50))  # fmt: skip
                results.append(measure(f"pg store list goal=strength, {suffix}",
                                       lambda: store.list(goal="strength"), runs=20))  # fmt: skip
                results.append(measure(f"pg store load, {suffix}",
                                       lambda: store.load(seeds[1]), runs=50))  # fmt: skip
                results.append(measure(f"pg store weekly_volume, {suffix}",
                                       lambda: store.weekly_volume(seeds[1]), runs=50))  # fmt: skip
            results.append(measure(f"pg store save (new plan), {suffix}",
                                   lambda: store.save(big, "Bench"), runs=30))  # fmt: skip
            _spread_owners(url)
            results += _owner_rows(store, "pg store ", suffix)
    finally:
        cluster.stop()
    return results


def run_duckdb() -> list[Result]:
    results: list[Result] = []
    plans = {goal: _largest_plan(goal) for goal in GOALS}
    big = plans["growth"]
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        path = Path(tmp) / "plans.duckdb"
        with PlanStore(path) as store:
            seeds = [store.save(plans[goal], f"Seed {goal}") for goal in GOALS]
            rows = sum(len(s.exercises) for w in big.weeks for s in w.sessions)
            note = f"12 wk x 3, {rows} exercise rows, empty file"
            results.append(
                measure(
                    "store save (new plan)",
                    lambda: store.save(big, "Bench"),
                    runs=50,
                    target_ms=20,
                    note=note,
                )
            )
            results.append(
                measure(
                    "store load", lambda: store.load(seeds[1]), runs=100, target_ms=10, note=note
                )
            )
            results.append(
                measure(
                    "store weekly_volume (SQL)",
                    lambda: store.weekly_volume(seeds[1]),
                    runs=100,
                    note=note,
                )
            )
        for size in SIZES:
            _grow(path, size)
            with PlanStore(path) as store:
                count = store.count()
                suffix = f"{count:,} plans"
                target = 50 if size == SIZES[-1] else None
                results.append(
                    measure(
                        f"store list, {suffix}",
                        store.list,
                        runs=20,
                        target_ms=target,
                        note="all rows, newest first",
                    )
                )
                results.append(
                    measure(
                        f"store list limit 50, {suffix}",
                        lambda s=store: s.list(limit=50),
                        runs=50,
                        note="first page",
                    )
                )
                results.append(
                    measure(
                        f"store list goal=strength, {suffix}",
                        lambda s=store: s.list(goal="strength"),
                        runs=20,
                    )
                )
                if size == SIZES[-1]:
                    results.append(
                        measure(
                            f"store save (new plan), {suffix}",
                            lambda s=store: s.save(big, "Bench"),
                            runs=30,
                            target_ms=20,
                        )
                    )
                results.append(
                    measure(
                        f"store load, {suffix}",
                        lambda s=store: s.load(seeds[1]),
                        runs=50,
                        target_ms=10 if size == SIZES[-1] else None,
                    )
                )
                results.append(
                    measure(
                        f"store weekly_volume, {suffix}",
                        lambda s=store: s.weekly_volume(seeds[1]),
                        runs=50,
                    )
                )
        _spread_owners(path)
        with PlanStore(path) as store:
            results += _owner_rows(store, "store ", suffix)
    return results
