"""Progress numbers and charts: planned vs done sets, estimated 1RM over time, adherence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner import build_plan, parse_request
from planner.loads import LoadSettings, estimated_1rm
from planner.logbook import SetLog, TrainingLog, Workout
from planner.models import REGION_LABELS, REGIONS
from planner.progress import (
    adherence,
    done_volume,
    one_rm_chart,
    one_rm_history,
    planned_vs_done_chart,
)

DAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def plan(catalog, presets):
    request = parse_request(goal="growth", experience="intermediate", equipment="full_gym")
    return build_plan(request, catalog, presets)


def whole(plan, week, session, day, load=50.0, drop=0):
    prescriptions = plan.weeks[week - 1].sessions[session - 1].exercises
    sets = [
        SetLog(exercise_id=p.id, set=n, load_kg=load, reps=p.reps_min, rir=p.target_rir)
        for p in prescriptions
        for n in range(1, p.sets + 1 - drop)
    ]
    return Workout(week=week, session=session, day=day, sets=tuple(sets))


def test_every_prescribed_set_done_makes_done_volume_equal_planned(plan):
    log = TrainingLog(
        workouts=tuple(whole(plan, 1, s.session, DAY) for s in plan.weeks[0].sessions)
    )
    done = done_volume(plan, log)
    assert done[1] == plan.weeks[0].volume
    assert all(done[w.week].of(r) == 0 for w in plan.weeks[1:] for r in REGIONS)


def test_adherence_counts_sessions_and_sets_done(plan):
    log = TrainingLog(workouts=(whole(plan, 1, 1, DAY, drop=1),))
    result = adherence(plan, log)
    planned_sessions = sum(len(w.sessions) for w in plan.weeks)
    prescribed = sum(p.sets for p in plan.weeks[0].sessions[0].exercises)
    exercises = len(plan.weeks[0].sessions[0].exercises)
    assert (result.sessions_done, result.sessions_planned) == (1, planned_sessions)
    assert (result.sets_done, result.sets_prescribed) == (prescribed - exercises, prescribed)
    assert result.set_pct < 100


def test_estimated_1rm_history_keeps_the_best_set_of_each_day():
    sets_one = (
        SetLog(exercise_id="row", set=1, load_kg=80, reps=8, rir=2),
        SetLog(exercise_id="row", set=2, load_kg=80, reps=6, rir=2),
        SetLog(exercise_id="row", set=3, load_kg=40, reps=20, rir=0),  # over 10 reps: ignored
    )
    sets_two = (SetLog(exercise_id="row", set=1, load_kg=85, reps=8, rir=2),)
    log = TrainingLog(
        workouts=(
            Workout(week=1, session=1, day=DAY, sets=sets_one),
            Workout(week=2, session=1, day=DAY + timedelta(days=7), sets=sets_two),
        )
    )
    history = one_rm_history(log)["row"]
    assert [p.day for p in history] == [DAY, DAY + timedelta(days=7)]
    assert history[0].estimated_1rm_kg == pytest.approx(estimated_1rm(80, 8, 2), abs=0.05)
    assert history[1].estimated_1rm_kg > history[0].estimated_1rm_kg


def test_the_planned_vs_done_chart_has_both_bars_per_region(plan):
    log = TrainingLog(workouts=(whole(plan, 1, 1, DAY),))
    figure = planned_vs_done_chart(plan, log)
    names = [trace.name for trace in figure.data]
    for region in REGIONS:
        assert f"{REGION_LABELS[region]} planned" in names
        assert f"{REGION_LABELS[region]} done" in names
    planned = next(t for t in figure.data if t.name == f"{REGION_LABELS['mid']} planned")
    assert list(planned.y) == [w.volume.mid for w in plan.weeks]
    assert len(figure.layout.shapes) == 3 * len(REGIONS)  # a band and two lines per region


def test_the_1rm_chart_draws_in_the_lifters_unit():
    log = TrainingLog(
        workouts=(
            Workout(
                week=1,
                session=1,
                day=DAY,
                sets=(SetLog(exercise_id="row", set=1, load_kg=100, reps=10, rir=0),),
            ),
        )
    )
    figure = one_rm_chart(one_rm_history(log), {"row": "Row"}, LoadSettings.for_unit("lb"))
    assert figure.data[0].name == "Row"
    assert figure.data[0].y[0] == pytest.approx(133.3 / 0.45359237, abs=0.2)
