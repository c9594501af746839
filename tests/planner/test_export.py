"""Exports are pure byte producers: CSV of a week, JSON of the plan, plain text."""

from __future__ import annotations

import csv
import io
import json

import pytest

from planner import InvalidRequestError, build_plan, parse_request
from planner.errors import PlanFileError
from planner.export import CSV_COLUMNS, plan_from_json, plan_json, plan_text, safe_cell, week_csv

REQUIRED = (
    "week,session,part,order,exercise,equipment,set,sets,reps_min,reps_max,reps,rest_s,target_rir"
).split(",")


@pytest.fixture(scope="module")
def plan(catalog, presets):
    return build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="full_gym", weeks=6),
        catalog,
        presets,
    )


def test_week_csv_has_the_required_columns_and_one_row_per_working_set(plan):
    rows = list(csv.DictReader(io.StringIO(week_csv(plan, 2).decode("utf-8"))))
    assert list(rows[0])[: len(REQUIRED)] == REQUIRED
    work = [r for r in rows if r["part"] == "work"]
    assert len(work) == sum(p.sets for s in plan.weeks[1].sessions for p in s.exercises)
    assert {r["week"] for r in rows} == {"2"}
    first = plan.weeks[1].sessions[0].exercises[0]
    assert work[0]["exercise"] == first.name and int(work[0]["sets"]) == first.sets
    assert (int(work[0]["reps_min"]), int(work[0]["reps_max"])) == (first.reps_min, first.reps_max)


def test_week_csv_of_a_missing_week_says_which_weeks_exist(plan):
    with pytest.raises(InvalidRequestError, match="week 9 is not in this plan; choose 1 to 6"):
        week_csv(plan, 9)


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "\tx"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("Pull-up") == "Pull-up" and safe_cell(3) == 3


def test_no_csv_cell_starts_like_a_formula(plan):
    rows = list(csv.reader(io.StringIO(week_csv(plan, 1).decode("utf-8"))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert tuple(rows[0]) == CSV_COLUMNS


def test_plan_json_has_the_documented_shape_and_round_trips(plan):
    data = json.loads(plan_json(plan))
    week = data["weeks"][0]
    assert {"week", "deload", "volume", "sessions"} <= set(week)
    assert set(week["volume"]) == {"upper", "mid", "lower", "biceps"}
    exercise = week["sessions"][0]["exercises"][0]
    assert {
        "id",
        "name",
        "pattern",
        "equipment",
        "sets",
        "reps_min",
        "reps_max",
        "rest_s",
        "target_rir",
        "regions",
    } <= set(exercise)
    assert isinstance(exercise["equipment"], list) and "minutes" in week["sessions"][0]
    assert plan_from_json(plan_json(plan)) == plan


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not a JSON file"),
        ('{"hello": 1}', "not a back-planner plan"),
        ('{"request": {}, "weeks": []}', "not a valid plan"),
    ],
)
def test_foreign_or_broken_json_is_refused_with_a_clear_message(text, message):
    with pytest.raises(PlanFileError, match=message):
        plan_from_json(text)


def test_plain_text_shows_each_week_and_the_warnings(catalog, presets):
    plan = build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="dumbbells_only"),
        catalog,
        presets,
    )
    text = plan_text(plan)
    assert "Week 5 (deload)" in text and "! No vertical pull" in text
    assert plan_text(plan, week=1).count("Week ") == 1


def test_a_plan_whose_weekly_volume_contradicts_its_sets_is_refused(plan):
    data = json.loads(plan_json(plan))
    data["weeks"][0]["volume"]["mid"] += 3
    with pytest.raises(PlanFileError, match="volume does not match its exercises.*mid"):
        plan_from_json(json.dumps(data))


def test_a_plan_with_weeks_out_of_order_is_refused(plan):
    data = json.loads(plan_json(plan))
    data["weeks"][0], data["weeks"][1] = data["weeks"][1], data["weeks"][0]
    with pytest.raises(PlanFileError, match="numbered"):
        plan_from_json(json.dumps(data))


def test_plain_text_shows_the_form_cue_under_every_exercise(catalog, presets):
    plan = build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="full_gym"),
        catalog,
        presets,
    )
    text = plan_text(plan, week=1)
    items = [p for s in plan.weeks[0].sessions for p in s.exercises]
    assert text.count("       cue: ") == len(items)
    assert all(f"cue: {p.cue}" in text for p in items)
