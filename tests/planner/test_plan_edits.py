"""Swapping and excluding exercises of a plan being trained."""

from __future__ import annotations

import pytest

from planner import build_plan, parse_request
from planner.plan_edits import PlanEdit, PlanEditError, apply_edits, prime_regions, substitutes

from .conftest import MATRIX, matrix_id


@pytest.fixture(scope="module")
def plan(catalog, presets):
    request = parse_request(goal="growth", experience="intermediate", equipment="full_gym")
    return build_plan(request, catalog, presets)


def first(plan):
    return plan.weeks[0].sessions[0].exercises[0]


@pytest.mark.parametrize("case", MATRIX[::7], ids=matrix_id)
def test_substitutes_share_the_pattern_and_prime_regions_and_fit_the_lifters_kit(
    case, matrix_plans, catalog
):
    plan = matrix_plans[case]
    have = set(plan.request.equipment)
    in_plan = {q.id for w in plan.weeks for s in w.sessions for q in s.exercises}
    for p in plan.weeks[0].sessions[0].exercises:
        for e in substitutes(plan, p, catalog):
            assert e.pattern == p.pattern
            assert prime_regions(e.regions) == prime_regions(p.regions)
            assert any(set(option) <= have for option in e.equipment)
            assert e.id not in in_plan


def test_a_swap_keeps_sets_reps_and_effort_and_takes_the_substitutes_credit(plan, catalog):
    p = first(plan)
    options = substitutes(plan, p, catalog)
    assert options, "a full gym has a substitute for the first exercise"
    edited = apply_edits(plan, (PlanEdit(kind="swap", exercise_id=p.id, substitute=options[0]),))
    assert edited.inconsistency() is None
    for old_week, new_week in zip(plan.weeks, edited.weeks, strict=True):
        for old_s, new_s in zip(old_week.sessions, new_week.sessions, strict=True):
            for old, new in zip(old_s.exercises, new_s.exercises, strict=True):
                if old.id == p.id:
                    assert new.id == options[0].id
                    assert (new.sets, new.reps_min, new.reps_max, new.target_rir) == (
                        old.sets,
                        old.reps_min,
                        old.reps_max,
                        old.target_rir,
                    )
                    assert new.regions == options[0].regions
                else:
                    assert new == old


def test_a_swap_from_a_later_week_leaves_earlier_weeks_alone(plan, catalog):
    p = first(plan)
    sub = substitutes(plan, p, catalog)[0]
    edited = apply_edits(
        plan, (PlanEdit(kind="swap", exercise_id=p.id, substitute=sub, from_week=3),)
    )
    assert edited.weeks[0] == plan.weeks[0] and edited.weeks[1] == plan.weeks[1]
    assert all(q.id != p.id for s in edited.weeks[2].sessions for q in s.exercises)


def test_an_excluded_exercise_disappears_and_the_rest_are_renumbered(plan):
    p = first(plan)
    edited = apply_edits(plan, (PlanEdit(kind="exclude", exercise_id=p.id),))
    assert edited.inconsistency() is None
    for week in edited.weeks:
        for s in week.sessions:
            assert p.id not in [q.id for q in s.exercises]
            assert [q.order for q in s.exercises] == list(range(1, len(s.exercises) + 1))


def test_excluding_every_exercise_of_a_session_is_refused(plan):
    edits = tuple(
        PlanEdit(kind="exclude", exercise_id=q.id) for q in plan.weeks[0].sessions[0].exercises
    )
    with pytest.raises(PlanEditError, match="empty"):
        apply_edits(plan, edits)
