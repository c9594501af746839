"""Periodization models, emphasis and infeasible requests."""

from __future__ import annotations

import pytest

from planner import InfeasibleRequestError, build_plan, parse_request
from planner.periodization import pct_1rm, week_rir


def plan_for(catalog, presets, **fields):
    fields = {"goal": "growth", "experience": "intermediate", "equipment": "full_gym", **fields}
    return build_plan(parse_request(**fields), catalog, presets)


def _reps(plan, week):
    return [(p.id, p.reps_min, p.reps_max) for s in plan.weeks[week].sessions for p in s.exercises]


def test_each_goal_has_a_sensible_default_model(catalog, presets):
    assert plan_for(catalog, presets).model == "linear"
    assert plan_for(catalog, presets, goal="fat_loss").model == "linear"
    assert plan_for(catalog, presets, goal="strength").model == "undulating"


def test_linear_keeps_each_exercises_rep_range_across_accumulation_weeks(catalog, presets):
    plan = plan_for(catalog, presets, model="linear", weeks=6)
    assert all(_reps(plan, w) == _reps(plan, 0) for w in range(1, 5))


def test_undulating_alternates_heavy_and_moderate_weeks(catalog, presets):
    plan = plan_for(catalog, presets, model="undulating", weeks=6)
    assert _reps(plan, 0) != _reps(plan, 1)
    assert _reps(plan, 0) == _reps(plan, 2)
    assert [s.tier for s in plan.weeks[0].sessions] != [s.tier for s in plan.weeks[1].sessions]


def test_block_runs_accumulation_then_intensification_with_volume_held(catalog, presets):
    plan = plan_for(catalog, presets, model="block", weeks=7)
    phases = [w.phase for w in plan.weeks]
    assert phases == ["accumulation"] * 3 + ["intensification"] * 3 + ["deload"]
    first, last = plan.weeks[0], plan.weeks[5]
    mean = lambda week: (  # noqa: E731
        sum(p.reps_max for s in week.sessions for p in s.exercises)
        / sum(len(s.exercises) for s in week.sessions)
    )  # noqa: E731
    assert mean(last) < mean(first)  # heavier in intensification
    assert plan.weeks[4].volume == plan.weeks[5].volume  # volume held


def test_rir_follows_the_rp_ramp():
    """Reference section 3: 3 -> 2 -> 1 -> 0 over four accumulation weeks."""
    from planner import load_presets

    growth = load_presets().goals["growth"]
    assert [week_rir(growth, i, 4) for i in range(4)] == [3, 2, 1, 0]


def test_pct_1rm_follows_the_nsca_chart():
    assert pct_1rm(5, 0) == 87 and pct_1rm(10, 0) == 75 and pct_1rm(5, 3) == 80
    assert pct_1rm(8, 3) == pytest.approx(72.5)


def test_emphasis_2_raises_a_regions_volume_and_0_removes_its_direct_work(catalog, presets):
    normal = plan_for(catalog, presets)
    more = plan_for(catalog, presets, emphasis={"upper": 2})
    none = plan_for(catalog, presets, emphasis={"biceps": 0})
    assert more.weeks[-2].volume.upper > normal.weeks[-2].volume.upper
    assert not any(p.pattern == "curl" for w in none.weeks for s in w.sessions for p in s.exercises)


def test_fat_loss_ignores_specialisation_and_says_so(catalog, presets):
    plan = plan_for(catalog, presets, goal="fat_loss", emphasis={"mid": 2})
    base = plan_for(catalog, presets, goal="fat_loss")
    assert [w.volume for w in plan.weeks] == [w.volume for w in base.weeks]
    assert any("RP12" in w for w in plan.warnings)


def test_a_region_that_cannot_be_trained_is_an_error_naming_the_fix(catalog, presets):
    with pytest.raises(
        InfeasibleRequestError,
        match="Biceps cannot be trained with bodyweight only.*Biceps emphasis to 0",
    ):
        plan_for(catalog, presets, equipment="")


def test_bodyweight_only_works_once_biceps_are_excluded(catalog, presets):
    plan = plan_for(catalog, presets, equipment="", emphasis={"biceps": 0}, experience="beginner")
    assert all(p.equipment == () for w in plan.weeks for s in w.sessions for p in s.exercises)


def test_one_session_a_week_warns_that_the_ceiling_caps_growth(catalog, presets):
    plan = plan_for(catalog, presets, sessions=1)
    assert any("train back twice a week" in w for w in plan.warnings)


def test_a_time_budget_too_short_for_the_minimum_session_is_an_error_naming_the_minutes(
    catalog, presets
):
    with pytest.raises(
        InfeasibleRequestError,
        match=r"30 minutes is too short: .* Raise Minutes per session to \d+",
    ):
        plan_for(catalog, presets, goal="strength", experience="advanced", minutes=30, sessions=1)


def test_a_short_budget_that_fits_drops_finishers_first(catalog, presets):
    short = plan_for(catalog, presets, minutes=35, sessions=2)
    roomy = plan_for(catalog, presets, minutes=90, sessions=2)
    assert all(s.minutes <= 35 for w in short.weeks for s in w.sessions)
    count = lambda plan: sum(len(s.exercises) for s in plan.weeks[0].sessions)  # noqa: E731
    assert count(short) < count(roomy)


def test_every_prescription_says_how_to_progress_it(catalog, presets):
    """Reference section 7: double progression, 2.5-5 % for pulls, 5-10 % for hinges."""
    plan = plan_for(catalog, presets, weeks=5)
    accumulation = [p for w in plan.weeks[:-1] for s in w.sessions for p in s.exercises]
    assert all(p.progression for p in accumulation)
    hinges = [p for p in accumulation if p.pattern == "hinge" and "barbell" in p.equipment]
    assert hinges and all("5-10 %" in p.progression for p in hinges)
    deload = [p for s in plan.weeks[-1].sessions for p in s.exercises]
    assert all("RP8" in p.progression for p in deload)


def test_dumbbell_work_progresses_reps_before_the_next_dumbbell(catalog, presets):
    plan = plan_for(catalog, presets, equipment="dumbbells_bench")
    rows = [p for s in plan.weeks[0].sessions for p in s.exercises if p.equipment == ("dumbbell",)]
    assert rows and all("next dumbbell" in p.progression for p in rows)
