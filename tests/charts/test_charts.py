"""Chart builders: figures read straight from the plan (trace names, x and y)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from planner import build_plan, parse_request
from planner.charts import (
    block_positions,
    compare_volume_charts,
    effort_svg,
    minutes_svg,
    volume_chart,
    volume_svg,
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


SVG = "{http://www.w3.org/2000/svg}"


def _marks(svg: str) -> list[dict[str, str]]:
    """The data marks of a small SVG chart (each with its data-* values and hover title)."""
    root = ET.fromstring(svg)
    return [
        {**{k.removeprefix("data-"): v for k, v in mark.attrib.items() if k.startswith("data-")},
         "tag": mark.tag.removeprefix(SVG), "title": mark.findtext(f"{SVG}title")}
        for mark in root.iter() if mark.get("class") == "mark"
    ]  # fmt: skip


def test_effort_svg_plots_target_rir_by_week_and_marks_the_deload(plan):
    marks = _marks(effort_svg(plan))
    assert [int(m["week"]) for m in marks] == [week.week for week in plan.weeks]
    assert [float(m["rir"]) for m in marks] == [week.target_rir for week in plan.weeks]
    assert [m["tag"] for m in marks] == ["circle"] * 5 + ["path"]  # the deload: a diamond
    assert marks[-1]["phase"] == "deload" and float(marks[-1]["rir"]) >= 4
    assert marks[0]["title"] == f"Week 1 ({plan.weeks[0].phase}): RIR {plan.weeks[0].target_rir:g}"


def test_effort_svg_draws_lower_rir_higher_up(plan):
    root = ET.fromstring(effort_svg(plan))
    circles = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "mark"]
    by_rir = sorted(circles, key=lambda c: float(c.get("data-rir")))
    assert float(by_rir[0].get("data-rir")) < float(by_rir[-1].get("data-rir"))
    assert float(by_rir[0].get("cy")) < float(by_rir[-1].get("cy"))  # SVG y grows downwards


def test_effort_svg_without_a_deload_has_no_deload_mark(catalog, presets):
    marks = _marks(effort_svg(_plan(catalog, presets, deload=False)))
    assert {m["tag"] for m in marks} == {"circle"}
    assert "deload" not in {m["phase"] for m in marks}


def test_minutes_svg_has_a_bar_per_session_and_the_time_budget_line(catalog, presets):
    plan = _plan(catalog, presets, sessions=3, minutes=45)
    svg = minutes_svg(plan)
    marks = _marks(svg)
    assert len(marks) == 3 * len(plan.weeks)
    third = [m for m in marks if m["session"] == "3"]
    assert [int(m["minutes"]) for m in third] == [
        round(week.sessions[2].minutes) for week in plan.weeks
    ]
    (budget,) = [e for e in ET.fromstring(svg).iter(f"{SVG}line") if e.get("class") == "budget"]
    assert budget.get("data-minutes") == "45" and budget.get("y1") == budget.get("y2")
    assert "Session 3" in svg and "budget 45 min" in svg


def test_minutes_svg_bars_grow_with_the_minutes_and_the_budget_line_sits_at_the_budget(
    catalog, presets
):
    plan = _plan(catalog, presets, sessions=2, minutes=60)
    root = ET.fromstring(minutes_svg(plan))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "mark"]
    bars.sort(key=lambda r: int(r.get("data-minutes")))
    assert float(bars[0].get("height")) <= float(bars[-1].get("height"))
    bottom = float(bars[0].get("y")) + float(bars[0].get("height"))
    (line,) = [e for e in root.iter(f"{SVG}line") if e.get("class") == "budget"]
    longest = bars[-1]
    week = plan.weeks[int(longest.get("data-week")) - 1]
    minutes = week.sessions[int(longest.get("data-session")) - 1].minutes
    per_minute = float(longest.get("height")) / minutes
    assert float(line.get("y1")) == pytest.approx(bottom - 60 * per_minute, abs=0.2)


def test_volume_svg_draws_every_weeks_sets_per_region_in_blocks(plan):
    marks = _marks(volume_svg(plan))
    assert len(marks) == 4 * len(plan.weeks)
    for region in REGIONS:
        bars = [m for m in marks if m["region"] == region]
        assert [int(m["week"]) for m in bars] == [week.week for week in plan.weeks]
        assert [float(m["sets"]) for m in bars] == [week.volume.of(region) for week in plan.weeks]
    assert marks[-1]["title"] == f"Week 6 (deload): {plan.weeks[-1].volume.biceps:g} sets (Biceps)"


def test_volume_svg_blocks_sit_side_by_side_on_their_bands_and_grey_the_deload(plan):
    root = ET.fromstring(volume_svg(plan))
    rects = list(root.iter(f"{SVG}rect"))
    bands = [r for r in rects if r.get("class") == "band"]
    assert [b.get("data-region") for b in bands] == list(REGIONS)
    for band, region in zip(bands, REGIONS, strict=True):
        mark = plan.landmarks[region]
        assert (float(band.get("data-mev")), float(band.get("data-mrv"))) == (mark.mev, mark.mrv)
    percent = lambda r, name: float(r.get(name).rstrip("%"))  # noqa: E731
    blocks = [[r for r in rects if r.get("class") == "mark" and r.get("data-region") == region]
              for region in REGIONS]  # fmt: skip
    for left, right in zip(blocks, blocks[1:], strict=False):
        assert percent(left[-1], "x") + percent(left[-1], "width") < percent(right[0], "x")
    for block, band in zip(blocks, bands, strict=True):
        assert percent(band, "x") < percent(block[0], "x")
        assert {r.get("fill") for r in block[:-1]} != {block[-1].get("fill")}  # deload in grey


def test_volume_svg_takes_the_volumes_the_store_sums(plan):
    doubled = {w.week: w.volume.model_copy(update={"mid": w.volume.mid * 2}) for w in plan.weeks}
    marks = _marks(volume_svg(plan, volumes=doubled))
    mid = [float(m["sets"]) for m in marks if m["region"] == "mid"]
    assert mid == [w.volume.mid * 2 for w in plan.weeks]


def test_one_session_a_week_draws_no_session_legend(catalog, presets):
    svg = minutes_svg(_plan(catalog, presets, sessions=1))
    assert "Session 1" not in svg


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
