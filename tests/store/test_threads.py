"""Many app sessions (threads of one process) save and read through one store at once."""

from __future__ import annotations

import threading

from planner.store import PlanStore

THREADS = 8
SAVES_PER_THREAD = 50


def test_eight_threads_saving_fifty_plans_each_through_one_store_all_land(store: PlanStore, plans):
    # The smallest plan keeps the test quick; the concurrency is what is under test.
    plan = plans["short_no_deload"]
    errors: list[BaseException] = []
    saved: dict[int, list[int]] = {n: [] for n in range(THREADS)}
    start = threading.Barrier(THREADS)

    def session(n: int) -> None:
        try:
            start.wait()
            for i in range(SAVES_PER_THREAD):
                plan_id = store.save(plan, f"thread {n} save {i}")
                saved[n].append(plan_id)
                if i % 10 == 0:  # read while the other threads write
                    assert store.load(plan_id).name == f"thread {n} save {i}"
                    assert store.list(limit=5)
                    assert store.weekly_volume(plan_id)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert store.count() == THREADS * SAVES_PER_THREAD
    all_ids = [plan_id for ids in saved.values() for plan_id in ids]
    assert len(set(all_ids)) == THREADS * SAVES_PER_THREAD
    assert {s.name for s in store.list()} == {
        f"thread {n} save {i}" for n in range(THREADS) for i in range(SAVES_PER_THREAD)
    }
