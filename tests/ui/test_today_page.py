"""Today and Progress pages: pick the plan, log a session, see the next one adapt (AppTest)."""

from __future__ import annotations

import os

from planner import build_plan, load_catalog, load_presets, parse_request
from planner.store import PlanStore
from tests.ui.conftest import open_page, switch
from ui import today


def _saved(name="Spring block", **request):
    fields = dict(goal="growth", experience="intermediate", equipment="full_gym") | request
    plan = build_plan(parse_request(**fields), load_catalog(), load_presets())
    with PlanStore(os.environ["PLANNER_DB"]) as store:
        return store.save(plan, name), plan


def _choose(at, plan_id):
    at.selectbox(key=today.PICK_PLAN).set_value(plan_id)
    at.button(key="today_choose").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _tick_all(at, load=60.0):
    """Tick every set of the form, entering `load` where a load is asked."""
    for box in at.checkbox:
        if box.key and box.key.startswith("today_done_"):
            box.check()
    for field in at.number_input:
        if field.key and field.key.startswith("today_load_"):
            field.set_value(load)


def _save(at):
    next(b for b in at.button if b.label == "Save session").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_today_without_saved_plans_says_to_save_one():
    at = open_page("Today")
    assert at.title[0].value == "Today"
    assert any("Save a plan on the Library page" in i.value for i in at.info)


def test_today_shows_the_first_session_of_the_chosen_plan_with_a_row_per_set():
    plan_id, plan = _saved()
    at = _choose(open_page("Today"), plan_id)
    assert at.subheader[0].value == "Week 1 · Session 1"
    first = plan.weeks[0].sessions[0]
    ticks = [b for b in at.checkbox if b.key.startswith("today_done_1_1_")]
    assert len(ticks) == sum(p.sets for p in first.exercises)
    assert any(f"for {first.exercises[1].reps_max} reps" in t.value for t in at.text)


def test_logging_a_session_moves_to_the_next_and_loads_follow_the_log():
    plan_id, plan = _saved()
    at = _choose(open_page("Today"), plan_id)
    _tick_all(at, load=60.0)
    _save(at)
    assert any("Saved week 1 session 1" in s.value for s in at.success)
    assert at.subheader[0].value == "Week 1 · Session 2"
    with PlanStore(os.environ["PLANNER_DB"]) as store:
        log = store.training_log(plan_id)
    assert len(log.workouts) == 1
    assert len(log.workouts[0].sets) == sum(p.sets for p in plan.weeks[0].sessions[0].exercises)
    # Log session 2 as well; week 2 session 1 then suggests loads from the logged 60 kg.
    _tick_all(at, load=40.0)
    _save(at)
    assert at.subheader[0].value.startswith("Week 2 · Session 1")
    loads = [f.value for f in at.number_input if f.key.startswith("today_load_2_1_")]
    assert any(value > 0 for value in loads)


def test_saving_with_nothing_ticked_saves_nothing_and_says_so():
    plan_id, _ = _saved()
    at = _save(_choose(open_page("Today"), plan_id))
    assert any("Tick at least one set" in e.value for e in at.error)
    assert at.subheader[0].value == "Week 1 · Session 1"


def test_a_plan_name_is_shown_as_plain_text():
    plan_id, _ = _saved(name="**bold** [link](https://evil.example)")
    at = _choose(open_page("Today"), plan_id)
    assert any(
        t.value == f"Training: **bold** [link](https://evil.example) (#{plan_id})" for t in at.text
    )
    assert not any("evil.example" in m.value for m in at.markdown)


def test_swapping_an_exercise_changes_todays_card_and_keeps_the_plan():
    plan_id, plan = _saved()
    at = _choose(open_page("Today"), plan_id)
    first = plan.weeks[0].sessions[0].exercises[0]
    at.selectbox(key=today.SWAP_PICK).set_value(first.id).run()
    options = at.selectbox(key=today.SWAP_TO).options
    assert len(options) >= 2  # at least one substitute and "Leave it out"
    at.selectbox(key=today.SWAP_TO).set_value(at.selectbox(key=today.SWAP_TO).options[0]).run()
    at.button(key="today_swap").click().run()
    assert not at.exception
    assert any("Swapped in" in s.value for s in at.success)
    assert not any(b.key.startswith(f"today_done_1_1_{first.id}_") for b in at.checkbox)


def test_progress_shows_adherence_and_the_charts_after_a_logged_session():
    plan_id, plan = _saved()
    at = _choose(open_page("Today"), plan_id)
    _tick_all(at, load=60.0)
    _save(at)
    switch(at, "Progress")
    assert at.title[0].value == "Progress"
    sessions = sum(len(w.sessions) for w in plan.weeks)
    assert next(m.value for m in at.metric if m.label == "Sessions done") == f"1 of {sessions}"
    assert next(m.value for m in at.metric if m.label == "Sets done") == "100%"
    assert len(at.get("plotly_chart")) == 2


def test_progress_without_an_active_plan_points_to_today():
    at = open_page("Progress")
    assert any("Today page" in i.value for i in at.info)


def _answer(at, soreness, pump, joint, performance):
    at.segmented_control(key=today.SORENESS).set_value(soreness)
    at.segmented_control(key=today.PUMP).set_value(pump)
    at.segmented_control(key=today.JOINT).set_value(joint)
    at.segmented_control(key=today.PERFORMANCE).set_value(performance)


def test_complete_feedback_of_low_soreness_adds_sets_the_next_week():
    plan_id, plan = _saved()
    at = _choose(open_page("Today"), plan_id)
    for _ in plan.weeks[0].sessions:
        _tick_all(at, load=50.0)
        _answer(at, 0, 1, 0, "better")
        _save(at)
    assert at.subheader[0].value == "Week 2 · Session 1"
    assert any("sets added this week" in i.value for i in at.info)
    rows = [b for b in at.checkbox if b.key.startswith("today_done_2_1_")]
    assert len(rows) > sum(p.sets for p in plan.weeks[1].sessions[0].exercises)


def test_sessions_saved_without_complete_feedback_leave_next_weeks_sets_as_planned():
    plan_id, plan = _saved()
    at = _choose(open_page("Today"), plan_id)
    for _ in plan.weeks[0].sessions:
        _tick_all(at, load=50.0)
        _save(at)
        assert any("Feedback was not complete" in s.value for s in at.success)
    rows = [b for b in at.checkbox if b.key.startswith("today_done_2_1_")]
    assert len(rows) == sum(p.sets for p in plan.weeks[1].sessions[0].exercises)


def test_two_sessions_that_felt_worse_bring_the_deload_forward():
    plan_id, plan = _saved()
    at = _choose(open_page("Today"), plan_id)
    for _ in plan.weeks[0].sessions:
        _tick_all(at, load=50.0)
        _answer(at, 1, 2, 0, "worse")
        _save(at)
    assert at.subheader[0].value == "Week 2 · Session 1 · deload"


def test_a_plan_that_a_rebuild_would_change_is_shown_as_stored_and_says_so():
    plan_id, plan = _saved()
    at = _choose(open_page("Today"), plan_id)
    assert not any("Shown as it was saved" in c.value for c in at.caption)
    # An older or imported plan: the same request, but other sets than the planner builds now.
    first = plan.weeks[0].sessions[0].exercises[0]
    older = plan.model_copy(
        update={
            "weeks": (
                plan.weeks[0].model_copy(
                    update={
                        "sessions": (
                            plan.weeks[0]
                            .sessions[0]
                            .model_copy(
                                update={
                                    "exercises": (
                                        first.model_copy(update={"sets": first.sets + 1}),
                                        *plan.weeks[0].sessions[0].exercises[1:],
                                    )
                                }
                            ),
                            *plan.weeks[0].sessions[1:],
                        )
                    }
                ),
                *plan.weeks[1:],
            )
        }
    )
    from planner.volume import week_volume

    fixed = older.model_copy(
        update={
            "weeks": (
                older.weeks[0].model_copy(update={"volume": week_volume(older.weeks[0].sessions)}),
                *older.weeks[1:],
            )
        }
    )
    with PlanStore(os.environ["PLANNER_DB"]) as store:
        old_id = store.save(fixed, "Older block")
    at = _choose(at.run(), old_id)
    assert any("Shown as it was saved" in c.value for c in at.caption)
    rows = [b for b in at.checkbox if b.key.startswith(f"today_done_1_1_{first.id}_")]
    assert len(rows) == first.sets + 1


def test_an_imported_plans_exercise_names_are_shown_as_text():
    _, plan = _saved()
    first = plan.weeks[0].sessions[0].exercises[0]
    hostile = "[Log in](https://evil.example) ![p](https://evil.example/p.png)"
    weeks = tuple(
        w.model_copy(
            update={
                "sessions": tuple(
                    s.model_copy(
                        update={
                            "exercises": tuple(
                                p.model_copy(update={"name": hostile}) if p.id == first.id else p
                                for p in s.exercises
                            )
                        }
                    )
                    for s in w.sessions
                )
            }
        )
        for w in plan.weeks
    )
    with PlanStore(os.environ["PLANNER_DB"]) as store:
        plan_id = store.save(plan.model_copy(update={"weeks": weeks}), "Imported")
    at = _choose(open_page("Today"), plan_id)
    shown = [m.value for m in at.markdown if "Log in" in m.value]
    assert shown and all("](https://evil.example" not in value for value in shown)
