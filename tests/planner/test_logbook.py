"""The training log: bad sets get one clear message; workouts are checked against the plan."""

from __future__ import annotations

from datetime import date

import pytest

from planner import build_plan, parse_request
from planner.logbook import (
    CSV_COLUMNS,
    InvalidLogError,
    SetLog,
    TrainingLog,
    Workout,
    check_workout,
    log_csv,
    make_feedback,
    make_set,
    workouts_from_csv,
)

DAY = date(2026, 2, 2)


@pytest.fixture(scope="module")
def plan(catalog, presets):
    request = parse_request(goal="strength", experience="beginner", equipment="full_gym")
    return build_plan(request, catalog, presets)


def good(**changes):
    values = {"exercise_id": "row", "set": 1, "load_kg": 60.0, "reps": 8, "rir": 2.0}
    return values | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"load_kg": -1}, "load must be 0 to 1000 kg, got -1"),
        ({"load_kg": 1000.5}, "load must be 0 to 1000 kg, got 1000.5"),
        ({"reps": 0}, "reps must be 1 to 100, got 0"),
        ({"reps": 101}, "reps must be 1 to 100, got 101"),
        ({"rir": -1}, "reps in reserve must be 0 to 10, got -1"),
        ({"rir": 11}, "reps in reserve must be 0 to 10, got 11"),
        ({"set": 0}, "set numbers start at 1, got 0"),
    ],
)
def test_out_of_range_sets_are_refused_with_one_clear_message(changes, message):
    with pytest.raises(InvalidLogError) as error:
        make_set("set 1 of row", **good(**changes))
    assert str(error.value) == f"set 1 of row: {next(iter(changes))}: {message}"


@pytest.mark.parametrize("changes", [{"load_kg": 0}, {"load_kg": 1000}, {"reps": 100}, {"rir": 10}])
def test_the_limits_themselves_are_accepted(changes):
    make_set(**good(**changes))


def test_feedback_is_zero_to_three_with_a_clear_message():
    with pytest.raises(InvalidLogError, match="feedback: soreness"):
        make_feedback(soreness=4)
    assert make_feedback(soreness=3, pump=0, joint_pain=1, performance="better").soreness == 3


def first_item(plan):
    return plan.weeks[0].sessions[0].exercises[0]


def test_a_workout_matching_the_plan_is_accepted(plan):
    p = first_item(plan)
    sets = tuple(SetLog(**good(exercise_id=p.id, set=n)) for n in range(1, p.sets + 1))
    check_workout(plan, Workout(week=1, session=1, day=DAY, sets=sets))


@pytest.mark.parametrize(
    ("week", "session", "exercise", "number", "message"),
    [
        (99, 1, None, 1, "week 99 is not in this plan"),
        (1, 9, None, 1, "week 1 has sessions 1 to"),
        (1, 1, "no_such_lift", 1, "has no exercise 'no_such_lift'"),
        (1, 1, None, 50, "not set 50"),
    ],
)
def test_unknown_weeks_sessions_exercises_and_set_numbers_are_refused(
    plan, week, session, exercise, number, message
):
    item = SetLog(**good(exercise_id=exercise or first_item(plan).id, set=number))
    with pytest.raises(InvalidLogError, match=message) as error:
        check_workout(plan, Workout(week=week, session=session, day=DAY, sets=(item,)))
    assert "nothing was saved" in str(error.value)


def test_a_set_logged_twice_is_refused(plan):
    item = SetLog(**good(exercise_id=first_item(plan).id))
    with pytest.raises(InvalidLogError, match="logged twice"):
        check_workout(plan, Workout(week=1, session=1, day=DAY, sets=(item, item)))


def test_a_csv_file_becomes_one_workout_per_session():
    text = ",".join(CSV_COLUMNS) + "\n1,1,row,1,60,8,2\n1,1,row,2,60,7,1\n1,2,curl,1,20,12,2\n"
    workouts = workouts_from_csv(text, DAY)
    assert [(w.week, w.session, len(w.sets)) for w in workouts] == [(1, 1, 2), (1, 2, 1)]
    assert workouts[0].sets[1] == SetLog(exercise_id="row", set=2, load_kg=60, reps=7, rir=1)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("1,1,row,1,60,8,2\n1,1,row,2,1200,8,2\n", "line 3: load_kg: load must be 0 to 1000"),
        ("1,1,row,1,sixty,8,2\n", "line 2: week, session, set and reps must be whole numbers"),
        ("", "the file has no sets"),
    ],
)
def test_a_bad_csv_row_refuses_the_whole_file_naming_the_line(body, message):
    with pytest.raises(InvalidLogError, match=message):
        workouts_from_csv(",".join(CSV_COLUMNS) + "\n" + body, DAY)


def test_a_csv_without_the_columns_says_which_are_missing():
    with pytest.raises(InvalidLogError, match="missing rir"):
        workouts_from_csv("week,session,exercise_id,set,load_kg,reps\n1,1,row,1,60,8\n", DAY)


def test_the_log_exports_as_csv_one_row_per_set():
    workouts = workouts_from_csv(",".join(CSV_COLUMNS) + "\n1,1,row,1,62.5,8,2\n", DAY)
    data = log_csv(TrainingLog(workouts=workouts))
    assert data.decode() == (
        "day,week,session,deload,exercise_id,set,load_kg,reps,rir\n"
        "2026-02-02,1,1,no,row,1,62.5,8,2\n"
    )
