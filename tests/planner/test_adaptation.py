"""Adaptation rules (issue 9), one test per rule, named as the rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import build_plan, load_catalog, load_presets, parse_request
from planner.adaptation import (
    RULES,
    adjust_week_sets,
    early_deload_due,
    feedback_set_change,
    next_position,
    next_session,
    progress_exercise,
)
from planner.loads import LoadSettings, estimated_1rm, load_for, round_load, step_kind
from planner.logbook import Feedback, SetLog, TrainingLog, Workout
from planner.models import REGIONS
from planner.sources import default_sources

from .conftest import MATRIX

KG = LoadSettings()
DAY0 = date(2026, 1, 5)
GOOD = Feedback(soreness=1, pump=2, joint_pain=0, performance="same")
WORSE = Feedback(soreness=1, pump=1, joint_pain=0, performance="worse")


@pytest.fixture(scope="module")
def plan(catalog, presets):
    request = parse_request(
        goal="growth", experience="intermediate", equipment="full_gym", sessions=2
    )
    return build_plan(request, catalog, presets)


def barbell_item(plan):
    """(week, session, prescription) of the first barbell exercise of week 1."""
    for s in plan.weeks[0].sessions:
        for p in s.exercises:
            if "barbell" in p.equipment:
                return 1, s.session, p
    raise AssertionError("no barbell exercise in week 1")


def workout(week, session, sets, day=DAY0, feedback=GOOD, deload=False):
    return Workout(
        week=week, session=session, day=day, sets=tuple(sets), feedback=feedback, deload=deload
    )


def sets_of(p, load, reps, rir):
    reps = reps if isinstance(reps, list) else [reps] * p.sets
    rir = rir if isinstance(rir, list) else [rir] * p.sets
    return [
        SetLog(exercise_id=p.id, set=i + 1, load_kg=load, reps=r, rir=x)
        for i, (r, x) in enumerate(zip(reps, rir, strict=True))
    ]


def log_whole(plan, week, session, day, feedback=GOOD, load=50.0, deload=False):
    """A workout doing every prescribed set at the bottom of its range and the target RIR."""
    sets = []
    for p in plan.weeks[week - 1].sessions[session - 1].exercises:
        sets += sets_of(p, load, p.reps_min, p.target_rir)
    return workout(week, session, sets, day, feedback, deload)


# -- loads -----------------------------------------------------------------------------------


def test_double_progression_adds_load_and_resets_reps_to_the_bottom_when_every_set_hit_the_top(
    plan,
):
    week, session, p = barbell_item(plan)
    log = TrainingLog(workouts=(workout(week, session, sets_of(p, 60, p.reps_max, p.target_rir)),))
    result = progress_exercise(plan, log, p, KG)
    assert result.rules == ("double_progression",)
    assert result.target_reps == p.reps_min
    assert 60 + 2.5 <= result.suggested_load_kg <= 60 * 1.05 + 2.5


def test_double_progression_waits_until_every_set_reaches_the_top(plan):
    week, session, p = barbell_item(plan)
    reps = [p.reps_max] * (p.sets - 1) + [p.reps_min]
    log = TrainingLog(workouts=(workout(week, session, sets_of(p, 60, reps, p.target_rir)),))
    result = progress_exercise(plan, log, p, KG)
    assert result.rules == ("hold_load",)
    assert result.suggested_load_kg == 60
    assert result.target_reps == min(p.reps_max, p.reps_min + 1)


def test_double_progression_does_not_add_load_when_the_top_took_more_effort_than_planned(plan):
    week, session, p = barbell_item(plan)
    log = TrainingLog(
        workouts=(workout(week, session, sets_of(p, 60, p.reps_max, p.target_rir - 1)),)
    )
    result = progress_exercise(plan, log, p, KG)
    assert result.rules == ("hold_load",)
    assert result.suggested_load_kg == 60


def test_a_set_two_rir_harder_than_the_target_cuts_the_load_about_five_percent(plan):
    week, session, p = barbell_item(plan)
    rir = [p.target_rir] * (p.sets - 1) + [max(0, p.target_rir - 2)]
    log = TrainingLog(workouts=(workout(week, session, sets_of(p, 100, p.reps_min, rir)),))
    result = progress_exercise(plan, log, p, KG)
    assert result.rules == ("effort_miss",)
    assert result.suggested_load_kg == pytest.approx(95.0)


def test_a_set_two_rir_easier_than_the_target_raises_the_load_about_five_percent(plan):
    week, session, p = barbell_item(plan)
    log = TrainingLog(
        workouts=(workout(week, session, sets_of(p, 100, p.reps_min, p.target_rir + 2)),)
    )
    result = progress_exercise(plan, log, p, KG)
    assert result.rules == ("effort_miss",)
    assert result.suggested_load_kg == pytest.approx(105.0)


def test_a_one_rir_miss_keeps_the_load(plan):
    week, session, p = barbell_item(plan)
    log = TrainingLog(
        workouts=(workout(week, session, sets_of(p, 100, p.reps_min, p.target_rir + 1)),)
    )
    assert progress_exercise(plan, log, p, KG).suggested_load_kg == 100


def test_a_new_rep_target_takes_its_load_from_the_estimated_1rm(plan):
    week, session, p = barbell_item(plan)
    log = TrainingLog(workouts=(workout(week, session, sets_of(p, 80, 8, 2)),))
    new_target = p.model_copy(update={"reps_min": 4, "reps_max": 6, "target_rir": 1.0})
    result = progress_exercise(plan, log, new_target, KG)
    assert result.rules == ("load_from_estimate",)
    one_rm = estimated_1rm(80, 8, 2)
    assert result.estimated_1rm_kg == pytest.approx(one_rm, abs=0.1)
    assert result.suggested_load_kg == round_load(load_for(one_rm, 6, 1), "barbell", KG)
    assert result.suggested_load_kg > 80  # fewer reps at the same estimate: heavier


def test_loads_round_to_pounds_for_a_lifter_in_pounds(plan):
    week, session, p = barbell_item(plan)
    log = TrainingLog(workouts=(workout(week, session, sets_of(p, 60, p.reps_max, p.target_rir)),))
    result = progress_exercise(plan, log, p, LoadSettings.for_unit("lb"))
    pounds = result.suggested_load_kg / 0.45359237
    assert pounds == pytest.approx(round(pounds / 5) * 5, abs=1e-6)
    assert result.load_text.split(" for ")[0].endswith(" lb")


def test_without_a_log_the_lifter_gets_starting_load_advice(plan):
    ns = next_session(plan, TrainingLog(), KG)
    loaded = [e for e in ns.exercises if "starting_load" in e.rules]
    assert loaded, "a full-gym plan has loaded exercises"
    for item in loaded:
        assert item.suggested_load_kg is None
        assert f"for {item.prescription.reps_max} reps" in item.load_text


def test_the_history_of_an_exercise_is_found_in_any_earlier_session(plan):
    week, session, p = barbell_item(plan)
    log = TrainingLog(workouts=(workout(week, session, sets_of(p, 70, p.reps_max, p.target_rir)),))
    later = [
        q
        for w in plan.weeks[1:]
        for s in w.sessions
        for q in s.exercises
        if q.id == p.id and not w.deload
    ]
    assert later
    assert progress_exercise(plan, log, later[0], KG).suggested_load_kg is not None


# -- sets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("feedback", "change"),
    [
        (Feedback(soreness=0, pump=0, performance="better"), 2),
        (Feedback(soreness=0, pump=3, performance="same"), 1),
        (Feedback(soreness=1, pump=2, performance="better"), 1),
        (Feedback(soreness=2, pump=2, performance="better"), 0),
        (Feedback(soreness=1, pump=2, performance="worse"), 0),
        (Feedback(soreness=3, pump=2, performance="better"), -1),
        (Feedback(soreness=0, pump=2, joint_pain=2, performance="better"), -1),
    ],
)
def test_low_soreness_and_good_performance_add_sets_high_soreness_holds_or_removes(
    feedback, change
):
    assert feedback_set_change(feedback) == change


def test_good_feedback_adds_sets_to_the_region_next_week(plan):
    log = TrainingLog(
        workouts=(
            log_whole(plan, 1, 1, DAY0, Feedback(soreness=0, pump=0, performance="better")),
            log_whole(plan, 1, 2, DAY0 + timedelta(days=3), Feedback(soreness=0, pump=0)),
        )
    )
    ns = next_session(plan, log, KG, today=DAY0 + timedelta(days=7))
    assert (ns.week, ns.session) == (2, 1)
    assert any(f.rule == "feedback_sets" and "added" in f.detail for f in ns.fired)
    planned = sum(p.sets for p in plan.weeks[1].sessions[0].exercises)
    assert sum(e.prescription.sets for e in ns.exercises) >= planned


def test_high_soreness_removes_sets_next_week(plan):
    sore = Feedback(soreness=3, pump=2, performance="same")
    log = TrainingLog(
        workouts=(
            log_whole(plan, 1, 1, DAY0, sore),
            log_whole(plan, 1, 2, DAY0 + timedelta(days=3), sore),
        )
    )
    ns = next_session(plan, log, KG, today=DAY0 + timedelta(days=7))
    assert any(f.rule == "feedback_sets" and "removed" in f.detail for f in ns.fired)
    planned = sum(p.sets for p in plan.weeks[1].sessions[0].exercises)
    assert sum(e.prescription.sets for e in ns.exercises) <= planned


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    case=st.sampled_from(MATRIX),
    changes=st.fixed_dictionaries({r: st.integers(-1, 2) for r in REGIONS}),
    data=st.data(),
)
def test_added_sets_never_take_a_region_past_its_mrv(matrix_plans, case, changes, data):
    plan = matrix_plans[case]
    week = data.draw(st.sampled_from(plan.weeks))
    mrv = {r: plan.landmarks[r].mrv for r in REGIONS}
    adjusted, _ = adjust_week_sets(week, changes, mrv)
    assert adjusted.inconsistency() is None
    for region in REGIONS:
        before, after = week.volume.of(region), adjusted.volume.of(region)
        if after > before:
            assert after <= mrv[region] + 1e-9
    for s_old, s_new in zip(week.sessions, adjusted.sessions, strict=True):
        for old, new in zip(s_old.exercises, s_new.exercises, strict=True):
            assert new.sets >= 1
            assert new.sets - old.sets <= 2


def test_a_region_at_its_mrv_gets_no_more_sets_and_the_hard_rule_is_named(plan):
    week = plan.weeks[0]
    mrv = {r: week.volume.of(r) for r in REGIONS}  # every region already at its ceiling
    adjusted, fired = adjust_week_sets(week, dict.fromkeys(REGIONS, 2), mrv)
    assert adjusted.volume == week.volume
    assert {f.rule for f in fired} == {"never_past_mrv"}


# -- calendar and deloads --------------------------------------------------------------------


def test_performance_down_two_sessions_running_triggers_an_early_deload(plan):
    log = TrainingLog(
        workouts=(
            log_whole(plan, 1, 1, DAY0, WORSE),
            log_whole(plan, 1, 2, DAY0 + timedelta(days=3), WORSE),
        )
    )
    ns = next_session(plan, log, KG, today=DAY0 + timedelta(days=7))
    assert ns.deload
    assert any(f.rule == "early_deload" for f in ns.fired)
    planned = plan.weeks[1].sessions[0].exercises
    for item, p in zip(ns.exercises, planned, strict=True):
        assert item.prescription.sets == max(1, round(p.sets / 2))
        assert item.prescription.target_rir >= 4


def test_one_bad_session_does_not_bring_the_deload_forward(plan):
    log = TrainingLog(
        workouts=(
            log_whole(plan, 1, 1, DAY0, WORSE),
            log_whole(plan, 1, 2, DAY0 + timedelta(days=3), GOOD),
        )
    )
    assert not next_session(plan, log, KG, today=DAY0 + timedelta(days=7)).deload


def test_an_early_deload_lasts_one_week_of_sessions():
    day = DAY0
    bad = [Workout(week=1, session=i, day=day, feedback=WORSE) for i in (1, 2)]
    one = Workout(week=2, session=1, day=day, deload=True, feedback=GOOD)
    two = Workout(week=2, session=2, day=day, deload=True, feedback=GOOD)
    assert early_deload_due(tuple(bad), 2)
    assert early_deload_due((*bad, one), 2)
    assert not early_deload_due((*bad, one, two), 2)


def test_a_missed_session_is_repeated_not_skipped(plan):
    log = TrainingLog(workouts=(log_whole(plan, 1, 1, DAY0),))
    # Three weeks later by the calendar, week 1 session 2 is still the next one.
    ns = next_session(plan, log, KG, today=DAY0 + timedelta(days=6))
    assert (ns.week, ns.session) == (1, 2)
    later = next_session(plan, log, KG, today=DAY0 + timedelta(days=15))
    assert (later.week, later.session) == (1, 2)
    assert any(f.rule == "missed_session_repeated" for f in later.fired)


def test_a_session_left_out_between_logged_ones_comes_next(plan):
    log = TrainingLog(workouts=(log_whole(plan, 1, 2, DAY0),))
    assert next_position(plan, log) == (1, 1)
    ns = next_session(plan, log, KG)
    assert any(f.rule == "missed_session_repeated" for f in ns.fired)


def test_after_more_than_a_week_off_the_lifter_restarts_at_two_thirds_of_the_sets(plan):
    log = TrainingLog(workouts=(log_whole(plan, 1, 1, DAY0),))
    ns = next_session(plan, log, KG, today=DAY0 + timedelta(days=8))
    assert any(f.rule == "restart_after_break" for f in ns.fired)
    for item, p in zip(ns.exercises, plan.weeks[0].sessions[1].exercises, strict=True):
        assert item.prescription.sets == max(1, round(p.sets * 2 / 3))


def test_a_week_off_exactly_is_not_a_break(plan):
    log = TrainingLog(workouts=(log_whole(plan, 1, 1, DAY0),))
    ns = next_session(plan, log, KG, today=DAY0 + timedelta(days=7))
    assert not any(f.rule == "restart_after_break" for f in ns.fired)


def test_a_plan_with_every_session_logged_is_complete(plan):
    log = TrainingLog(
        workouts=tuple(
            log_whole(plan, w.week, s.session, DAY0 + timedelta(days=7 * (w.week - 1)))
            for w in plan.weeks
            for s in w.sessions
        )
    )
    assert next_session(plan, log, KG).complete


def test_the_next_session_is_the_same_for_the_same_plan_and_log(plan):
    log = TrainingLog(workouts=(log_whole(plan, 1, 1, DAY0),))
    one = next_session(plan, log, KG, today=DAY0 + timedelta(days=3))
    two = next_session(plan, log, KG, today=DAY0 + timedelta(days=3))
    assert one.model_dump_json() == two.model_dump_json()


# -- declarations ----------------------------------------------------------------------------


def test_every_rule_is_declared_once_with_a_sentence_and_sources_that_exist():
    sources = default_sources()
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.text.endswith(".") and len(rule.text) > 20
        assert rule.sources
        for source in rule.sources:
            sources.get(source)


def test_every_rule_that_fires_is_declared(plan):
    logs = [
        TrainingLog(),
        TrainingLog(
            workouts=(log_whole(plan, 1, 1, DAY0, WORSE), log_whole(plan, 1, 2, DAY0, WORSE))
        ),
        TrainingLog(workouts=(log_whole(plan, 1, 2, DAY0),)),
    ]
    for log in logs:
        for firing in next_session(plan, log, KG, today=DAY0 + timedelta(days=30)).fired:
            assert firing.rule in RULES


def test_every_rule_is_documented_in_the_training_doc():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "training.md").read_text()
    for rule in RULES.values():
        assert f"`{rule.id}`" in text and rule.text in text


# -- the whole input space -----------------------------------------------------------------

_PLANS: dict = {}


def _matrix_plan(case):
    """The plan of one matrix case, built once (a module cache: hypothesis prints arguments)."""
    if case not in _PLANS:
        goal, level, equipment, sessions = case
        request = parse_request(goal=goal, experience=level, equipment=equipment, sessions=sessions)
        _PLANS[case] = build_plan(request, load_catalog(), load_presets())
    return _PLANS[case]


feedbacks = st.one_of(
    st.none(),
    st.builds(
        Feedback,
        soreness=st.integers(0, 3),
        pump=st.integers(0, 3),
        joint_pain=st.integers(0, 3),
        performance=st.sampled_from(("worse", "same", "better")),
    ),
)


@st.composite
def logs(draw, plan):
    """A log of some of the plan's sessions, in order, with any valid sets and feedback."""
    positions = [(w.week, s.session) for w in plan.weeks for s in w.sessions]
    count = draw(st.integers(0, len(positions)))
    chosen = positions[:count]
    if count and draw(st.booleans()):  # a session left out in the middle
        chosen.pop(draw(st.integers(0, count - 1)))
    day, workouts = DAY0, []
    for week, session in chosen:
        day += timedelta(days=draw(st.integers(1, 10)))
        sets = []
        for p in plan.weeks[week - 1].sessions[session - 1].exercises:
            for n in range(1, draw(st.integers(0, p.sets)) + 1):
                sets.append(
                    SetLog(
                        exercise_id=p.id,
                        set=n,
                        load_kg=draw(st.sampled_from((0.0, 7.5, 42.5, 100.0, 1000.0))),
                        reps=draw(st.integers(1, 30)),
                        rir=draw(st.integers(0, 10)),
                    )
                )
        workouts.append(
            Workout(
                week=week,
                session=session,
                day=day,
                sets=tuple(sets),
                feedback=draw(feedbacks),
                deload=draw(st.booleans()) and draw(st.booleans()),
            )
        )
    return TrainingLog(workouts=tuple(workouts)), day


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    case=st.sampled_from(MATRIX),
    unit=st.sampled_from(("kg", "lb")),
    gap=st.integers(0, 30),
    data=st.data(),
)
def test_any_valid_log_gives_a_sound_next_session(case, unit, gap, data):
    plan = _matrix_plan(case)
    log, last_day = data.draw(logs(plan))
    load_settings = LoadSettings.for_unit(unit)
    ns = next_session(plan, log, load_settings, today=last_day + timedelta(days=gap))
    assert all(f.rule in RULES for f in ns.fired)
    if ns.complete:
        assert next_position(plan, log) is None
        return
    assert (ns.week, ns.session) == next_position(plan, log)
    planned = plan.weeks[ns.week - 1].sessions[ns.session - 1].exercises
    assert [e.prescription.id for e in ns.exercises] == [p.id for p in planned]
    for item, p in zip(ns.exercises, planned, strict=True):
        assert 1 <= item.prescription.sets <= p.sets + 2
        assert item.target_reps >= 1
        if item.suggested_load_kg is not None:
            assert item.suggested_load_kg >= 0
            if "hold_load" in item.rules:  # the load the lifter used, whatever their plates
                logged = {s.load_kg for w in log.workouts for s in w.sets if s.exercise_id == p.id}
                assert item.suggested_load_kg in logged
            else:
                kind = step_kind(item.prescription)
                rounded = round_load(item.suggested_load_kg, kind, load_settings)
                assert rounded == pytest.approx(item.suggested_load_kg, abs=1e-6)
    if ns.deload:
        assert all(e.prescription.target_rir >= 4 for e in ns.exercises)


def test_a_suggestion_never_goes_past_what_can_be_logged(plan):
    week, session, p = barbell_item(plan)
    log = TrainingLog(
        workouts=(workout(week, session, sets_of(p, 1000, p.reps_min, p.target_rir + 2)),)
    )
    for unit in ("kg", "lb"):
        result = progress_exercise(plan, log, p, LoadSettings.for_unit(unit))
        assert result.suggested_load_kg <= 1000


def test_history_logged_where_the_plan_no_longer_has_the_exercise_holds_the_load(plan):
    week, session, p = barbell_item(plan)
    # Logged under another session's position (as after a swap back): no prescription to compare
    # with, and no estimate from sets of more than 10 reps.
    sets = [SetLog(exercise_id=p.id, set=1, load_kg=40, reps=15, rir=2)]
    log = TrainingLog(workouts=(workout(week, 2 if session == 1 else 1, sets),))
    result = progress_exercise(plan, log, p, KG)
    assert result.rules == ("hold_load",) and result.suggested_load_kg == 40
