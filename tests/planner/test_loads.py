"""Loads: Epley's 1RM, the reps-to-failure %1RM table, rounding to the lifter's increments."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.loads import (
    KG_PER_LB,
    PCT_1RM_TABLE,
    LoadSettings,
    estimated_1rm,
    format_load,
    load_for,
    nsca_pct_1rm,
    pct_1rm,
    round_load,
    starting_load_advice,
    step_kind,
)
from planner.models import Prescription, RegionCredit


def item(equipment=("barbell",), reps=(8, 10), rir=2.0, pattern="horizontal_pull", id="row"):
    return Prescription(
        order=1,
        id=id,
        name=id,
        pattern=pattern,
        role="compound",
        equipment=equipment,
        sets=3,
        reps_min=reps[0],
        reps_max=reps[1],
        rest_s=120,
        target_rir=rir,
        regions=RegionCredit(mid=1.0),
        cue="",
        rationale="",
    )


def test_epley_estimates_one_rm_from_reps_plus_reps_in_reserve():
    # 100 kg x 8 with 2 in reserve = 10 reps to failure: 100 x (1 + 10/30) = 133.3 kg.
    assert estimated_1rm(100, 8, 2) == pytest.approx(133.3, abs=0.1)
    assert estimated_1rm(100, 10, 0) == pytest.approx(133.3, abs=0.1)


def test_sets_over_ten_reps_give_no_estimate():
    assert estimated_1rm(50, 11, 0) is None
    assert estimated_1rm(50, 10, 3) is not None


def test_sets_without_external_load_give_no_estimate():
    assert estimated_1rm(0, 8, 2) is None


def test_the_table_matches_the_published_columns_at_its_rows():
    for reps, nsca, epley in PCT_1RM_TABLE:
        assert pct_1rm(reps) == pytest.approx(epley)
        if nsca is not None:
            assert nsca_pct_1rm(reps) == pytest.approx(nsca)


def test_the_epley_column_is_epleys_formula():
    for reps, _, epley in PCT_1RM_TABLE:
        assert epley == pytest.approx(100 / (1 + reps / 30), abs=0.06)


@given(reps=st.floats(1, 40))
def test_more_reps_to_failure_means_a_lower_percentage(reps):
    assert pct_1rm(reps + 0.5) < pct_1rm(reps)
    assert nsca_pct_1rm(reps + 0.5) < nsca_pct_1rm(reps)


@settings(max_examples=200, deadline=None)
@given(load=st.floats(5, 400), reps=st.integers(1, 10), rir=st.integers(0, 4))
def test_an_estimate_and_a_prescription_invert_each_other(load, reps, rir):
    one_rm = estimated_1rm(load, reps, rir)
    assert load_for(one_rm, reps, rir) == pytest.approx(load, rel=1e-9)


def test_harder_targets_get_heavier_loads_from_the_same_estimate():
    one_rm = 120.0
    assert load_for(one_rm, 6, 2) > load_for(one_rm, 10, 2) > load_for(one_rm, 10, 3)


@pytest.mark.parametrize(
    ("unit", "kind", "step"),
    [("kg", "barbell", 2.5), ("kg", "dumbbell", 2.0), ("kg", "machine", 5.0)]
    + [("lb", "barbell", 5.0), ("lb", "dumbbell", 5.0), ("lb", "machine", 10.0)],
)
@given(load=st.floats(0, 500))
def test_loads_round_to_the_lifters_increment(unit, kind, step, load):
    settings = LoadSettings.for_unit(unit)
    rounded = round_load(load, kind, settings)
    in_unit = rounded if unit == "kg" else rounded / KG_PER_LB
    assert in_unit / step == pytest.approx(round(in_unit / step), abs=1e-6)
    assert abs(rounded - load) <= step * (1 if unit == "kg" else KG_PER_LB) / 2 + 1e-6
    # round_load forgives a billionth of a step (float round trips between kg and lb), so
    # "up" and "down" may land that close on the wrong side: a microgram here.
    assert round_load(load, kind, settings, "up") >= load - 1e-6
    assert round_load(load, kind, settings, "down") <= load + 1e-6


def test_a_custom_plate_step_is_used():
    settings = LoadSettings(barbell_step=1.0)
    assert round_load(81.4, "barbell", settings) == pytest.approx(81.0)


def test_loads_show_in_the_lifters_unit():
    assert format_load(82.5, LoadSettings()) == "82.5 kg"
    assert (
        format_load(
            round_load(81.6, "barbell", LoadSettings.for_unit("lb")), LoadSettings.for_unit("lb")
        )
        == "180 lb"
    )


def test_equipment_decides_the_increment_and_bodyweight_work_takes_none():
    assert step_kind(item(("barbell",))) == "barbell"
    assert step_kind(item(("ez_bar",))) == "barbell"
    assert step_kind(item(("bench", "dumbbell"))) == "dumbbell"
    assert step_kind(item(("cable",))) == "machine"
    assert step_kind(item(("pullup_bar",))) is None
    assert step_kind(item(("band",))) is None
    assert step_kind(item(("machine",), id="assisted_pull_up_machine")) is None


def test_starting_load_is_the_load_for_the_top_of_the_range_at_the_target_rir():
    text = starting_load_advice(item(reps=(8, 10), rir=2))
    assert "10 reps with 2 reps in reserve" in text
    # 12 reps to failure: 70% by the NSCA chart.
    assert "about 70%" in text
