"""Weekly volume summed in SQL, and week CSV of a saved plan."""

from __future__ import annotations

import csv
import io

import pytest

from planner import export
from planner.store import PlanStore

from .conftest import REQUESTS

FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.mark.parametrize("key", REQUESTS)
def test_weekly_volume_from_sql_equals_the_planners_volume(store: PlanStore, plans, key):
    plan = plans[key]

    volume = store.weekly_volume(store.save(plan, "Block"))

    assert volume == {week.week: week.volume for week in plan.weeks}


def test_weekly_volume_of_a_deload_week_is_counted_too(store: PlanStore, plan):
    deload = next(week for week in plan.weeks if week.deload)

    volume = store.weekly_volume(store.save(plan, "Block"))

    assert volume[deload.week] == deload.volume


@pytest.mark.parametrize("key", ["growth_default", "strength_12x3"])
def test_a_saved_weeks_csv_equals_the_planners_csv(store: PlanStore, plans, key):
    plan = plans[key]
    plan_id = store.save(plan, "Block")

    for week in plan.weeks:
        assert store.week_csv(plan_id, week.week) == export.week_csv(plan, week.week)


def test_a_saved_weeks_csv_has_the_planners_columns(store: PlanStore, plan):
    text = store.week_csv(store.save(plan, "Block"), 1).decode("utf-8")

    assert tuple(next(csv.reader(io.StringIO(text)))) == export.CSV_COLUMNS


def _with_hostile_text(plan):
    """Give the first exercise of every session text a spreadsheet would run as a formula."""
    weeks = []
    for week in plan.weeks:
        sessions = []
        for session in week.sessions:
            first, *rest = session.exercises
            hostile = first.model_copy(
                update={
                    "name": '=HYPERLINK("http://x")',
                    "cue": "+1+1",
                    "rationale": "@SUM(A1)",
                    "id": "-cmd",
                }
            )
            sessions.append(session.model_copy(update={"exercises": (hostile, *rest)}))
        weeks.append(week.model_copy(update={"sessions": tuple(sessions)}))
    return plan.model_copy(update={"weeks": tuple(weeks)})


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(store, plan):
    hostile = _with_hostile_text(plan)
    plan_id = store.save(hostile, "=cmd()", "@notes")

    data = store.week_csv(plan_id, 1)

    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert data == export.week_csv(hostile, 1)


def test_a_week_outside_the_plan_is_refused_with_the_range(store: PlanStore, plan):
    plan_id = store.save(plan, "Block")

    with pytest.raises(export.InvalidRequestError, match="choose 1 to 5"):
        store.week_csv(plan_id, 9)
