"""Pinning an exercise: "keep this one" through swaps, exclusions and set cuts (issue 9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner import build_plan, parse_request
from planner.adaptation import adjust_week_sets, next_session
from planner.loads import LoadSettings
from planner.logbook import Feedback, SetLog, TrainingLog, Workout
from planner.models import REGIONS
from planner.plan_edits import PlanEdit, PlanEditError, apply_edits, pinned_ids, substitutes

from .conftest import MATRIX, matrix_id

KG = LoadSettings()
DAY0 = date(2026, 1, 5)
SORE = Feedback(soreness=3, pump=2, joint_pain=0, performance="same")


@pytest.fixture(scope="module")
def plan(catalog, presets):
    request = parse_request(
        goal="growth", experience="intermediate", equipment="full_gym", sessions=2
    )
    return build_plan(request, catalog, presets)


def pin(exercise_id: str) -> PlanEdit:
    return PlanEdit(kind="pin", exercise_id=exercise_id)


def first(plan):
    return plan.weeks[0].sessions[0].exercises[0]


def test_a_pin_changes_no_prescription(plan):
    assert apply_edits(plan, (pin(first(plan).id),)) == plan


def test_a_pinned_exercise_is_never_swapped_out(plan, catalog):
    p = first(plan)
    sub = substitutes(plan, p, catalog)[0]
    swap = PlanEdit(kind="swap", exercise_id=p.id, substitute=sub)
    with pytest.raises(PlanEditError, match="pinned"):
        apply_edits(plan, (pin(p.id), swap))
    with pytest.raises(PlanEditError, match="pinned"):
        apply_edits(plan, (pin(p.id), swap.model_copy(update={"from_week": 3})))


@pytest.mark.parametrize("case", MATRIX[::5], ids=matrix_id)
def test_a_pinned_exercise_is_offered_no_substitute(case, matrix_plans, catalog):
    plan = matrix_plans[case]
    for p in plan.weeks[0].sessions[0].exercises:
        assert substitutes(plan, p, catalog, frozenset({p.id})) == ()
        others = frozenset(q.id for q in plan.weeks[0].sessions[0].exercises if q.id != p.id)
        assert substitutes(plan, p, catalog, others) == substitutes(plan, p, catalog)


def test_a_pinned_exercise_is_never_left_out(plan):
    p = first(plan)
    with pytest.raises(PlanEditError, match="pinned"):
        apply_edits(plan, (pin(p.id), PlanEdit(kind="exclude", exercise_id=p.id)))


def test_an_unpinned_exercise_can_be_swapped_again(plan, catalog):
    p = first(plan)
    sub = substitutes(plan, p, catalog)[0]
    edits = (
        pin(p.id),
        PlanEdit(kind="unpin", exercise_id=p.id),
        PlanEdit(kind="swap", exercise_id=p.id, substitute=sub),
    )
    edited = apply_edits(plan, edits)
    assert all(q.id != p.id for w in edited.weeks for s in w.sessions for q in s.exercises)
    assert pinned_ids(edits) == frozenset()


def test_a_swap_made_before_a_pin_stays_and_its_substitute_can_be_pinned(plan, catalog):
    p = first(plan)
    sub = substitutes(plan, p, catalog)[0]
    swap = PlanEdit(kind="swap", exercise_id=p.id, substitute=sub)
    edited = apply_edits(plan, (swap, pin(sub.id)))
    assert edited == apply_edits(plan, (swap,))


def test_pinning_an_exercise_that_is_not_in_the_plan_is_refused(plan):
    with pytest.raises(PlanEditError, match="not in this plan"):
        apply_edits(plan, (pin("no_such_exercise"),))


def test_pins_and_unpins_count_in_the_order_made():
    a, b = "row", "curl"
    edits = (pin(a), pin(b), PlanEdit(kind="unpin", exercise_id=a), pin(a), pin(a))
    assert pinned_ids(edits) == {a, b}
    assert pinned_ids((*edits, PlanEdit(kind="unpin", exercise_id=a))) == {b}


@pytest.mark.parametrize("case", MATRIX[::4], ids=matrix_id)
@pytest.mark.parametrize("cut", [-1, -2, -3])
def test_a_pinned_exercise_keeps_its_sets_when_its_regions_sets_are_cut(case, cut, matrix_plans):
    plan = matrix_plans[case]
    week = plan.weeks[0]
    mrv = {r: plan.landmarks[r].mrv for r in REGIONS}
    items = [p for s in week.sessions for p in s.exercises]
    for pinned in items:
        adjusted, fired = adjust_week_sets(
            week, dict.fromkeys(REGIONS, cut), mrv, frozenset({pinned.id})
        )
        assert adjusted.inconsistency() is None
        free, _ = adjust_week_sets(week, dict.fromkeys(REGIONS, cut), mrv)
        for s_old, s_new in zip(week.sessions, adjusted.sessions, strict=True):
            for old, new in zip(s_old.exercises, s_new.exercises, strict=True):
                if old.id == pinned.id:
                    assert new.sets == old.sets
                else:
                    assert 1 <= new.sets <= old.sets
        # A pin only takes sets out of the cut: never more sets come off than without it.
        cut_total = sum(p.sets for p in items) - sum(
            p.sets for s in adjusted.sessions for p in s.exercises
        )
        assert cut_total <= sum(p.sets for p in items) - sum(
            p.sets for s in free.sessions for p in s.exercises
        )
        assert any(f.rule == "pinned_kept" for f in fired)


def test_after_high_soreness_the_cut_sets_come_off_the_other_exercises(plan):
    week2 = plan.weeks[1]
    sets = []
    for s in plan.weeks[0].sessions:
        sets.append(
            Workout(
                week=1,
                session=s.session,
                day=DAY0 + timedelta(days=3 * (s.session - 1)),
                feedback=SORE,
                sets=tuple(
                    SetLog(exercise_id=p.id, set=n, load_kg=50.0, reps=p.reps_min, rir=p.target_rir)
                    for p in s.exercises
                    for n in range(1, p.sets + 1)
                ),
            )
        )
    log = TrainingLog(workouts=tuple(sets))
    # The exercise the cut would take first: the highest credit, first in session order.
    free = next_session(plan, log, KG, today=DAY0 + timedelta(days=7))
    planned = {p.id: p.sets for p in week2.sessions[0].exercises}
    cut_first = next(
        e.prescription.id
        for e in free.exercises
        if e.prescription.sets < planned[e.prescription.id]
    )
    kept = next_session(
        plan, log, KG, today=DAY0 + timedelta(days=7), pinned=frozenset({cut_first})
    )
    by_id = {e.prescription.id: e.prescription.sets for e in kept.exercises}
    assert by_id[cut_first] == planned[cut_first]
    assert any(f.rule == "pinned_kept" for f in kept.fired)
    assert all(by_id[i] <= planned[i] for i in planned)
