"""Volume counting (reference section 0): fractional credit, warm-ups excluded, deload counted."""

from __future__ import annotations

import pytest

from planner import build_plan, parse_request
from planner.models import Prescription, RegionCredit
from planner.volume import credit, prescriptions_volume, week_volume


def _item(sets: int, **regions: float) -> Prescription:
    return Prescription(
        order=1,
        id="x",
        name="x",
        pattern="horizontal_pull",
        role="compound",
        equipment=(),
        sets=sets,
        reps_min=8,
        reps_max=12,
        rest_s=90,
        target_rir=2,
        regions=RegionCredit(**regions),
        cue="",
        rationale="",
    )


def test_a_prime_mover_set_counts_one_and_a_synergist_set_counts_a_half():
    assert credit(3, RegionCredit(mid=1.0, biceps=0.5)) == {
        "upper": 0,
        "mid": 3.0,
        "lower": 0,
        "biceps": 1.5,
    }


def test_volume_sums_sets_times_credit_over_exercises():
    volume = prescriptions_volume(
        [_item(3, mid=1.0, biceps=0.5), _item(2, biceps=1.0), _item(4, upper=1.0)]
    )
    assert (volume.upper, volume.mid, volume.lower, volume.biceps) == (4.0, 3.0, 0.0, 3.5)


def test_a_unilateral_exercise_counts_each_side_as_one_set(catalog, presets):
    """Reference section 0: '3x10/side' is 3 sets."""
    plan = build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="dumbbells_bench"),
        catalog,
        presets,
    )
    week = plan.weeks[0]
    row = next(
        p for s in week.sessions for p in s.exercises if p.unilateral and p.regions.mid == 1.0
    )
    assert row.sets <= 4  # sets are not doubled for two sides
    assert week.volume == week_volume(week.sessions)


def test_warm_up_items_never_count_and_deload_sets_do(catalog, presets):
    plan = build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="full_gym"),
        catalog,
        presets,
    )
    deload = plan.weeks[-1]
    assert deload.deload and deload.volume.mid > 0
    for week in plan.weeks:
        assert all(item.minutes > 0 for s in week.sessions for item in s.warmup)
        expected = sum(p.sets * p.regions.mid for s in week.sessions for p in s.exercises)
        assert week.volume.mid == pytest.approx(expected)
