"""The load test's harness (benchmarks/bench_load.py) on a small scale: behaviour, not speed.

Three simulated lifters for a few seconds against one Streamlit process on PostgreSQL: every
move draws the chart, every acknowledged save is listed by a fresh session and in the store.
The figures themselves belong to `make bench` and docs/BENCHMARKS.md.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from benchmarks import bench_load


def test_three_lifters_get_a_chart_for_every_move_and_lose_no_save(pg_url: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, bench_load.one_process(pg_url, Path(tmp)) as url:
        # A save every 2nd move: lifter 1 saves at its first step, whatever the machine's speed.
        report = bench_load.measure("1 process", url, [url], pg_url, 3, 5, save_every=2)
        listed = asyncio.run(bench_load.listed_plans(url))
    tally = report.tally
    assert tally.errors == []
    assert sorted(tally.moves_by_lifter) == [0, 1, 2]  # every lifter moved a slider
    assert tally.charts_by_lifter == tally.moves_by_lifter  # and saw the chart of every move
    assert len(tally.chart_ms) == tally.moves
    assert tally.saves and len(tally.saves) == tally.save_attempts
    assert len({plan_id for _, _, plan_id in tally.saves}) == len(tally.saves)
    assert report.lost == [] and report.replicas_checked == 1 and report.store_checked
    assert {plan_id: name for _, name, plan_id in tally.saves}.items() <= listed.items()


def test_a_save_missing_or_renamed_on_a_replica_counts_as_lost() -> None:
    saves = [(0, "Load A L00 S001", 1), (1, "Load A L01 S002", 2), (2, "Load A L02 S003", 3)]
    listed = {1: "Load A L00 S001", 3: "something else"}
    assert bench_load.lost_saves(saves, listed) == [
        "#2 'Load A L01 S002' (lifter 1)",
        "#3 'Load A L02 S003' (lifter 2)",
    ]
    assert bench_load.lost_saves(saves, {1: saves[0][1], 2: saves[1][1], 3: saves[2][1]}) == []


def test_the_replica_check_knows_how_many_plans_the_library_lists() -> None:
    from ui.library import LIST_LIMIT

    assert bench_load.LIST_LIMIT == LIST_LIMIT
