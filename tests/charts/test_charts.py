"""Chart builders: figures read straight from the plan (trace names, x and y)."""

from __future__ import annotations

import pytest

from planner import build_plan, parse_request
from planner.charts import (
    block_positions,
    compare_volume_charts,
    volume_chart,
    volume_y_max,
)
from planner.models import REGION_LABELS, REGIONS

REGION_NAMES = ["Upper (traps)", "Mid (lats & rhomboids)", "Lower (erectors)", "Biceps"]


def _plan(catalog, presets, **fields):
    fields = {"goal": "growth", "experience": "intermediate", "equipment": "full_gym", **fields}
    return build_plan(parse_request(**fields), catalog, presets)


@pytest.fixture(scope="module")
def plan(catalog, presets):
    return _plan(catalog, presets, weeks=6)


def test_volume_chart_has_one_trace_per_region_with_the_dashboard_names(plan):
    figure = volume_chart(plan)
    assert [trace.name for trace in figure.data] == REGION_NAMES
    assert list(REGION_LABELS.values()) == REGION_NAMES


def test_volume_chart_plots_each_weeks_fractional_sets_per_region(plan):
    figure = volume_chart(plan)
    for index, (trace, region) in enumerate(zip(figure.data, REGIONS, strict=True)):
        assert list(trace.x) == block_positions(plan, index)
        assert list(trace.customdata) == [f"Week {n}" for n in range(1, 6)] + ["Week 6 (deload)"]
        assert list(trace.y) == [week.volume.of(region) for week in plan.weeks]


def test_region_blocks_sit_side_by_side_without_overlapping(plan):
    figure = volume_chart(plan)
    for left, right in zip(figure.data, figure.data[1:], strict=False):
        assert max(left.x) + 1 < min(right.x)


def test_volume_chart_shows_each_regions_mev_to_mrv_band_for_the_chosen_level(plan):
    figure = volume_chart(plan)
    bands = [shape for shape in figure.layout.shapes if shape.type == "rect"]
    assert len(bands) == 4
    for band, region, trace in zip(bands, REGIONS, figure.data, strict=True):
        assert (band.y0, band.y1) == (plan.landmarks[region].mev, plan.landmarks[region].mrv)
        assert band.x0 < min(trace.x) and max(trace.x) < band.x1
    mid_label = figure.layout.xaxis.ticktext[1]
    mark = plan.landmarks["mid"]
    assert mid_label == f"<b>Mid</b><br>MEV {mark.mev:g}<br>MRV {mark.mrv:g}"


def test_band_moves_with_the_experience_level(catalog, presets):
    beginner = volume_chart(_plan(catalog, presets, experience="beginner"))
    advanced = volume_chart(_plan(catalog, presets, experience="advanced"))
    mid_band = {f: [s for s in fig.layout.shapes if s.type == "rect"][1] for f, fig in
                (("b", beginner), ("a", advanced))}  # fmt: skip
    assert mid_band["b"].y1 < mid_band["a"].y1


def test_volume_chart_greys_out_the_deload_week(plan):
    colours = volume_chart(plan).data[1].marker.color
    assert colours[-1] != colours[0]
    assert len(set(colours[:-1])) == 1


def test_all_regions_share_one_axis_pair_whose_range_fits_the_mrv(plan):
    figure = volume_chart(plan)
    assert {(trace.xaxis or "x", trace.yaxis or "y") for trace in figure.data} == {("x", "y")}
    assert figure.layout.yaxis.range[1] >= max(mark.mrv for mark in plan.landmarks.values())


def test_each_region_block_is_labelled_once_under_its_middle(plan):
    figure = volume_chart(plan)
    assert len(figure.layout.xaxis.tickvals) == 4
    for tick, trace in zip(figure.layout.xaxis.tickvals, figure.data, strict=True):
        assert tick == (min(trace.x) + max(trace.x)) / 2


def test_more_weeks_give_more_x_categories(catalog, presets):
    five = volume_chart(_plan(catalog, presets, weeks=5))
    eight = volume_chart(_plan(catalog, presets, weeks=8))
    assert len(five.data[0].x) == 5
    assert len(eight.data[0].x) == 8


def test_compare_charts_draw_each_goal_the_same_way_on_one_y_axis(catalog, presets):
    plans = [_plan(catalog, presets, goal=goal) for goal in ("fat_loss", "growth")]
    figures = compare_volume_charts(plans)
    for figure, plan in zip(figures, plans, strict=True):
        assert [trace.name for trace in figure.data] == REGION_NAMES
        assert list(figure.data[1].y) == [w.volume.mid for w in plan.weeks]
    assert {tuple(f.layout.yaxis.range) for f in figures} == {(0, volume_y_max(plans))}


def test_compare_charts_take_strength_as_a_third(catalog, presets):
    plans = [_plan(catalog, presets, goal=goal) for goal in ("fat_loss", "growth", "strength")]
    assert len(compare_volume_charts(plans)) == 3


def test_volume_chart_can_draw_volumes_computed_elsewhere_such_as_the_stores_sql(plan):
    from planner.models import RegionVolume

    volumes = {w.week: RegionVolume(upper=1, mid=2, lower=3, biceps=4) for w in plan.weeks}
    figure = volume_chart(plan, volumes=volumes)
    expected = [[value] * len(plan.weeks) for value in (1, 2, 3, 4)]
    assert [list(trace.y) for trace in figure.data] == expected
