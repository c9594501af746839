"""The training log in the store: one transaction per save, checked against the stored plan."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from planner.errors import PlannerError
from planner.loads import LoadSettings
from planner.logbook import Feedback, InvalidLogError, SetLog, TrainingLog, Workout
from planner.plan_edits import PlanEdit, PlanEditError, substitutes
from planner.store import PlanNotFoundError, PlanStore, open_store

from .v1_fixture import make_v1_database

DAY = date(2026, 4, 6)


def whole(plan, week=1, session=1, load=60.0, day=DAY, feedback=None):
    prescriptions = plan.weeks[week - 1].sessions[session - 1].exercises
    sets = tuple(
        SetLog(exercise_id=p.id, set=n, load_kg=load, reps=p.reps_min, rir=p.target_rir)
        for p in prescriptions
        for n in range(1, p.sets + 1)
    )
    return Workout(
        week=week, session=session, day=day, sets=sets, feedback=feedback or Feedback(pump=2)
    )


def rows(target, table):
    """Count a table's rows straight from the engine, bypassing the store."""
    if isinstance(target, str):  # a PostgreSQL URL
        import psycopg

        with psycopg.connect(target) as con:
            return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    con = duckdb.connect(str(target), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    finally:
        con.close()


def test_a_logged_workout_reads_back_exactly(store, plan):
    plan_id = store.save(plan, "Block")
    workout = whole(plan).model_copy(update={"notes": "felt *strong* <b>today</b>"})
    store.save_workout(plan_id, workout)
    assert store.training_log(plan_id) == TrainingLog(workouts=(workout,))


def test_workouts_read_back_oldest_first(store, plan):
    plan_id = store.save(plan, "Block")
    later = whole(plan, 1, 2, day=date(2026, 4, 9))
    store.save_workout(plan_id, later)
    earlier = whole(plan, 1, 1, day=date(2026, 4, 6))
    store.save_workout(plan_id, earlier)
    assert [w.session for w in store.training_log(plan_id).workouts] == [1, 2]


def test_a_bad_set_in_a_batch_saves_nothing(store, plan, target):
    plan_id = store.save(plan, "Block")
    bad = whole(plan, 1, 2).model_copy(
        update={"sets": (SetLog(exercise_id="no_such_lift", set=1, load_kg=1, reps=1, rir=1),)}
    )
    with pytest.raises(InvalidLogError, match="no exercise 'no_such_lift'"):
        store.save_workouts(plan_id, (whole(plan, 1, 1), bad))
    assert store.training_log(plan_id).workouts == ()
    store.close()
    assert rows(target, "set_logs") == 0 and rows(target, "workouts") == 0


def test_a_session_logged_twice_is_refused_and_the_first_kept(store, plan):
    plan_id = store.save(plan, "Block")
    store.save_workout(plan_id, whole(plan, load=50))
    with pytest.raises(InvalidLogError, match="already logged; nothing was saved"):
        store.save_workout(plan_id, whole(plan, load=70))
    assert store.training_log(plan_id).workouts[0].sets[0].load_kg == 50


def test_a_log_for_a_deleted_plan_gets_one_clear_message(store, plan):
    plan_id = store.save(plan, "Block")
    store.delete(plan_id)
    with pytest.raises(PlanNotFoundError, match="was it deleted"):
        store.save_workout(plan_id, whole(plan))


def test_deleting_a_plan_deletes_its_log_and_edits(store, plan, target, catalog):
    plan_id = store.save(plan, "Block")
    store.save_workout(plan_id, whole(plan))
    p = plan.weeks[0].sessions[0].exercises[0]
    store.add_plan_edit(plan_id, PlanEdit(kind="exclude", exercise_id=p.id))
    keep = store.save(plan, "Other")
    store.save_workout(keep, whole(plan))
    store.delete(plan_id)
    store.close()
    assert rows(target, "workouts") == 1
    assert rows(target, "workout_feedback") == 1
    assert rows(target, "plan_edits") == 0


def test_the_active_plan_is_remembered_and_forgotten_when_deleted(target, plan):
    with open_store(target) as store:
        assert store.active_plan_id() is None
        plan_id = store.save(plan, "Block")
        store.set_active_plan(plan_id)
    with open_store(target) as store:
        assert store.active_plan_id() == plan_id
        store.delete(plan_id)
        assert store.active_plan_id() is None


def test_choosing_a_missing_plan_as_active_is_refused(store):
    with pytest.raises(PlanNotFoundError):
        store.set_active_plan(42)


def test_load_settings_are_kept(target):
    with open_store(target) as store:
        assert store.load_settings() == LoadSettings()
        store.save_settings(LoadSettings.for_unit("lb"))
    with open_store(target) as store:
        assert store.load_settings() == LoadSettings.for_unit("lb")


def test_a_swap_is_kept_with_the_plan_and_the_log_keeps_the_old_exercise(store, plan, catalog):
    plan_id = store.save(plan, "Block")
    store.save_workout(plan_id, whole(plan))
    p = plan.weeks[0].sessions[0].exercises[0]
    sub = substitutes(plan, p, catalog)[0]
    store.add_plan_edit(plan_id, PlanEdit(kind="swap", exercise_id=p.id, substitute=sub))
    trained = store.training_plan(plan_id)
    assert all(q.id != p.id for w in trained.weeks for s in w.sessions for q in s.exercises)
    assert store.load(plan_id).plan == plan  # the stored plan itself is unchanged
    assert any(s.exercise_id == p.id for s in store.training_log(plan_id).workouts[0].sets)
    # The next log is checked against the edited plan: the old exercise is no longer there.
    old = whole(plan, 2, 1)
    with pytest.raises(InvalidLogError, match=f"no exercise '{p.id}'"):
        store.save_workout(plan_id, old)


def test_an_edit_that_cannot_apply_is_refused_and_not_kept(store, plan):
    plan_id = store.save(plan, "Block")
    session = plan.weeks[0].sessions[0].exercises
    for p in session[:-1]:
        store.add_plan_edit(plan_id, PlanEdit(kind="exclude", exercise_id=p.id))
    with pytest.raises(PlanEditError):
        store.add_plan_edit(plan_id, PlanEdit(kind="exclude", exercise_id=session[-1].id))
    assert len(store.plan_edits(plan_id)) == len(session) - 1


def test_the_log_exports_as_csv(store, plan):
    plan_id = store.save(plan, "Block")
    store.save_workout(plan_id, whole(plan, load=62.5))
    lines = store.log_csv(plan_id).decode().splitlines()
    first = plan.weeks[0].sessions[0].exercises[0]
    assert lines[0] == "day,week,session,deload,exercise_id,set,load_kg,reps,rir"
    assert lines[1] == f"2026-04-06,1,1,no,{first.id},1,62.5,{first.reps_min},{first.target_rir:g}"
    assert len(lines) == 1 + sum(p.sets for p in plan.weeks[0].sessions[0].exercises)


def test_an_old_file_upgrades_to_the_training_tables_and_keeps_its_plans(db_path, plans):
    ids = make_v1_database(db_path, [("Old block", "kept", plans["growth_default"])])
    with PlanStore(db_path) as store:
        assert store.load(ids[0]).name == "Old block"
        assert store.training_log(ids[0]).workouts == ()
        store.save_workout(ids[0], whole(store.load(ids[0]).plan))
        store.set_active_plan(ids[0])
    with PlanStore(db_path) as store:
        assert len(store.training_log(ids[0]).workouts) == 1
        assert store.active_plan_id() == ids[0]


def test_every_refusal_is_a_planner_error(store, plan):
    with pytest.raises(PlannerError):
        store.training_log(7)
    with pytest.raises(PlannerError):
        store.save_workout(7, whole(plan))


def test_a_pin_is_kept_with_the_plan_with_its_history_and_refuses_a_swap(target, plan, catalog):
    p = plan.weeks[0].sessions[0].exercises[0]
    sub = substitutes(plan, p, catalog)[0]
    with open_store(target) as store:
        plan_id = store.save(plan, "Block")
        store.add_plan_edit(plan_id, PlanEdit(kind="pin", exercise_id=p.id))
        assert store.pinned_exercises(plan_id) == {p.id}
        assert store.training_plan(plan_id) == plan  # a pin changes no prescription
        with pytest.raises(PlanEditError, match="pinned"):
            store.add_plan_edit(plan_id, PlanEdit(kind="swap", exercise_id=p.id, substitute=sub))
        assert len(store.plan_edits(plan_id)) == 1  # the refused swap left nothing
        store.save_workout(plan_id, whole(plan))  # logging still checks against the plan
    with open_store(target) as store:  # as after a restart
        assert store.pinned_exercises(plan_id) == {p.id}
        store.add_plan_edit(plan_id, PlanEdit(kind="unpin", exercise_id=p.id))
        store.add_plan_edit(plan_id, PlanEdit(kind="swap", exercise_id=p.id, substitute=sub))
        assert [e.kind for e in store.plan_edits(plan_id)] == ["pin", "unpin", "swap"]
        assert store.pinned_exercises(plan_id) == frozenset()
