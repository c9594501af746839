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
    assert pct_1rm(8, 3) == 73  # 72.5 on the chart, shown to the whole percent a plate allows


def test_emphasis_2_raises_a_regions_volume_and_0_removes_its_direct_work(catalog, presets):
    normal = plan_for(catalog, presets)
    more = plan_for(catalog, presets, emphasis={"upper": 2})
    none = plan_for(catalog, presets, emphasis={"biceps": 0})
    assert more.weeks[-2].volume.upper > normal.weeks[-2].volume.upper
    assert not any(p.pattern == "curl" for w in none.weeks for s in w.sessions for p in s.exercises)


def test_fat_loss_applies_focus_with_a_smaller_step_than_growth(catalog, presets):
    def mid(goal, emphasis):
        plan = plan_for(catalog, presets, goal=goal, emphasis={"mid": emphasis})
        return max(w.volume.mid for w in plan.weeks if not w.deload)

    fat_gain = mid("fat_loss", 2) - mid("fat_loss", 1)
    assert 2 <= fat_gain <= mid("growth", 2) - mid("growth", 1)
    plan = plan_for(catalog, presets, goal="fat_loss", emphasis={"mid": 2})
    assert not any("Focus" in w for w in plan.warnings)


def test_a_region_without_kit_is_planned_around_and_the_warning_names_kit_that_trains_it(
    catalog, presets
):
    from planner.catalog import Catalog

    no_bodyweight = Catalog(exercises=tuple(e for e in catalog.exercises if e.equipment != ((),)))
    request = parse_request(
        goal="growth",
        experience="intermediate",
        equipment="landmine,pullup_bar,hyperextension",
        emphasis={"mid": 0},
    )
    plan = build_plan(request, no_bodyweight, presets)
    assert all(w.volume.upper == 0 for w in plan.weeks)
    assert any("Upper gets no sets" in w and "added" in w for w in plan.warnings), plan.warnings


def test_only_a_request_with_nothing_trainable_is_refused_and_it_names_the_control(
    catalog, presets
):
    """The shipped catalogue trains every region with bodyweight or household objects, so
    the refusal is reached with a catalogue that has no bodyweight curl."""
    from planner.catalog import Catalog

    no_bodyweight = Catalog(exercises=tuple(e for e in catalog.exercises if e.equipment != ((),)))
    request = parse_request(
        goal="growth",
        experience="beginner",
        equipment="rack,hyperextension",
        emphasis={"upper": 0, "mid": 0, "lower": 0, "biceps": 1},
    )
    with pytest.raises(InfeasibleRequestError, match="add Equipment"):
        build_plan(request, no_bodyweight, presets)


def test_bodyweight_only_uses_household_objects_where_they_are_sound(catalog, presets):
    plan = plan_for(catalog, presets, equipment="", experience="beginner")
    ids = {p.id for w in plan.weeks for s in w.sessions for p in s.exercises}
    assert {"door_frame_row", "backpack_curl"} <= ids
    assert all(p.equipment == () for w in plan.weeks for s in w.sessions for p in s.exercises)


def test_household_objects_give_way_to_real_kit(catalog, presets):
    plan = plan_for(catalog, presets, equipment="dumbbells_bench")
    assert not any(
        catalog.get(p.id).household for w in plan.weeks for s in w.sessions for p in s.exercises
    )


def test_one_session_a_week_says_what_would_reach_mid_back_mev(catalog, presets):
    plan = plan_for(catalog, presets, sessions=1, minutes=30)
    assert any("MEV" in w and ("minutes" in w or "sessions" in w) for w in plan.warnings)


@pytest.mark.parametrize("minutes", range(30, 125, 5))
def test_strength_advanced_full_gym_gives_a_plan_at_every_minutes_value(minutes, catalog, presets):
    plan = plan_for(
        catalog, presets, goal="strength", experience="advanced", minutes=minutes, sessions=1
    )
    assert all(s.minutes <= minutes and s.exercises for w in plan.weeks for s in w.sessions)


def test_a_short_budget_that_fits_drops_finishers_first(catalog, presets):
    short = plan_for(catalog, presets, minutes=35, sessions=2)
    roomy = plan_for(catalog, presets, minutes=90, sessions=2)
    assert all(s.minutes <= 35 for w in short.weeks for s in w.sessions)
    count = lambda plan: sum(len(s.exercises) for s in plan.weeks[0].sessions)  # noqa: E731
    assert count(short) < count(roomy)


def test_every_prescription_says_how_to_progress_it(catalog, presets):
    """Double progression, 2.5-5 % for pulls, 5-10 % for hinges (RB; ACSM09)."""
    plan = plan_for(catalog, presets, weeks=5)
    accumulation = [p for w in plan.weeks[:-1] for s in w.sessions for p in s.exercises]
    assert all(p.progression for p in accumulation)
    hinges = [p for p in accumulation if p.pattern == "hinge" and "barbell" in p.equipment]
    assert hinges and all("5-10 %" in p.progression for p in hinges)
    deload = [p for s in plan.weeks[-1].sessions for p in s.exercises]
    assert all("4+ reps short of failure" in p.progression for p in deload)
    assert not any("RP8" in p.progression for p in accumulation + deload)  # citations, not ids


def test_dumbbell_work_progresses_reps_before_the_next_dumbbell(catalog, presets):
    plan = plan_for(catalog, presets, equipment="dumbbells_bench")
    rows = [p for s in plan.weeks[0].sessions for p in s.exercises if p.equipment == ("dumbbell",)]
    assert rows and all("next dumbbell" in p.progression for p in rows)
