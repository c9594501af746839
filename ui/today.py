"""Today page: widget keys, reading the session form into a Workout, and the store actions.

The form holds one row per prescribed set (load, reps, RIR, done); nothing reruns until
"Save session", which logs the ticked sets and the feedback as one workout in one transaction.
Callbacks leave one message each for the page to show.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from planner import PlannerError
from planner.adaptation import RULES, NextSession
from planner.loads import LoadSettings, step_kind, to_kg, to_unit
from planner.logbook import MAX_LOAD_KG, Workout, make_feedback, make_set
from planner.models import Plan
from planner.plan_edits import PlanEdit, apply_edits, pinned_ids
from planner.sources import cite
from ui import cache, library
from ui.frame import plain

_MESSAGES = "_today_messages"
PICK_PLAN = "today_pick_plan"
UNIT = "today_unit"
BARBELL = "today_barbell_step"
DUMBBELL = "today_dumbbell_step"
MACHINE = "today_machine_step"
SORENESS = "today_soreness"
PUMP = "today_pump"
JOINT = "today_joint_pain"
PERFORMANCE = "today_performance"
NOTES = "today_notes"
SWAP_PICK = "today_swap_pick"
SWAP_TO = "today_swap_to"
FORM = "today_session"


def trained_plan(store, plan_id: int, summaries) -> Plan:
    """The active plan with its edits; the stored plan is read through the cache when listed."""
    return trained_plan_and_pins(store, plan_id, summaries)[0]


def trained_plan_and_pins(store, plan_id: int, summaries) -> tuple[Plan, frozenset[str]]:
    """The active plan with its edits, and its pinned exercises, from one read of the edits."""
    listed = next((s for s in summaries if s.id == plan_id), None)
    edits = store.plan_edits(plan_id)
    if listed is None:
        stored = store.load(plan_id).plan
    else:
        stored = cache.saved_plan(store, plan_id, listed.updated_at.isoformat())
    return apply_edits(stored, edits), pinned_ids(edits)


def rebuild_differs(store, plan_id: int, summaries) -> bool:
    """Whether building the stored plan's request today gives other weeks than were saved."""
    listed = next((s for s in summaries if s.id == plan_id), None)
    if listed is None:
        return False
    return library.rebuild_differs(cache.saved_plan(store, plan_id, listed.updated_at.isoformat()))


def set_key(field: str, ns: NextSession, exercise_id: str, number: int) -> str:
    """Widget key of one field of one set row; new per session, so rows start fresh."""
    return f"today_{field}_{ns.week}_{ns.session}_{exercise_id}_{number}"


def say(kind: str, text: str) -> None:
    """Queue a message; `text` is Markdown, so user text in it must have gone through plain()."""
    st.session_state.setdefault(_MESSAGES, []).append((kind, text))


def show_messages() -> None:
    for kind, text in st.session_state.pop(_MESSAGES, []):
        (st.success if kind == "success" else st.error)(text, icon=None)


def _ok(action: Callable[[], object], what: str) -> bool:
    """Run a store call; on a PlannerError leave its message and return False."""
    try:
        action()
    except PlannerError as exc:
        say("error", f"Could not {what}: {plain(exc)}")
        return False
    return True


EXERCISE_RULES = frozenset(
    {"double_progression", "effort_miss", "load_from_estimate", "hold_load", "starting_load"}
)


def session_changes(ns: NextSession) -> tuple[list[str], list[str]]:
    """What the session-level rules changed (short lines), and those rules with their sources.

    Exercise-level rules are shown on each exercise's card instead.
    """
    details, rules = [], []
    for firing in ns.fired:
        if firing.rule in EXERCISE_RULES:
            continue
        details.append(firing.detail[:1].upper() + firing.detail[1:])
        rule = RULES[firing.rule]
        line = f"{rule.text} ({cite(*rule.sources)})"
        if line not in rules:
            rules.append(line)
    return details, rules


def exercise_rule(rule_id: str) -> str:
    rule = RULES[rule_id]
    return f"{rule.text} ({cite(*rule.sources)})"


def default_load(value_kg: float | None, settings: LoadSettings) -> float:
    """The load field's first value, in the lifter's unit, within what can be logged."""
    if not value_kg:
        return 0.0
    return min(round(to_unit(value_kg, settings.unit), 2), max_load(settings))


def max_load(settings: LoadSettings) -> float:
    """The most a load field takes, in the lifter's unit (1,000 kg, rounded down)."""
    return float(int(to_unit(MAX_LOAD_KG, settings.unit)))


def load_step(p, settings: LoadSettings) -> float:
    """The load input's step: the lifter's increment for this equipment, else 1."""
    kind = step_kind(p)
    return float(settings.step(kind)) if kind else 1.0


def workout_from_form(ns: NextSession, settings: LoadSettings, day: date) -> Workout:
    """The ticked sets and the feedback of the form as a Workout (raises InvalidLogError)."""
    state = st.session_state
    sets = []
    for item in ns.exercises:
        p = item.prescription
        for number in range(1, p.sets + 1):
            if not state.get(set_key("done", ns, p.id, number)):
                continue
            load = state.get(set_key("load", ns, p.id, number)) or 0.0
            sets.append(
                make_set(
                    f"{p.name}, set {number}",
                    exercise_id=p.id,
                    set=number,
                    load_kg=to_kg(float(load), settings.unit),
                    reps=int(state.get(set_key("reps", ns, p.id, number)) or 0),
                    rir=float(state.get(set_key("rir", ns, p.id, number)) or 0),
                )
            )
    answers = {
        "soreness": state.get(SORENESS),
        "pump": state.get(PUMP),
        "joint_pain": state.get(JOINT),
        "performance": state.get(PERFORMANCE),
    }
    # Feedback counts only when every question was answered: a default would change next
    # week's sets on the lifter's behalf.
    feedback = None
    if all(value is not None for value in answers.values()):
        feedback = make_feedback(**answers)
    return Workout(
        week=ns.week,
        session=ns.session,
        day=day,
        deload=ns.deload,
        sets=tuple(sets),
        feedback=feedback,
        notes=str(state.get(NOTES) or ""),
    )


def save_session(store, plan_id: int, ns: NextSession, settings: LoadSettings) -> None:
    """Log the form as one workout; say what happened."""
    try:
        workout = workout_from_form(ns, settings, date.today())
    except PlannerError as exc:
        say("error", f"Could not save the session: {plain(exc)}")
        return
    if not workout.sets:
        say("error", "Tick at least one set as done before saving; nothing was saved.")
        return
    if _ok(lambda: store.save_workout(plan_id, workout), "save the session"):
        skipped = "" if workout.feedback else " Feedback was not complete, so it was left out."
        say(
            "success",
            f"Saved week {ns.week} session {ns.session}: {len(workout.sets)} sets. "
            f"The next session below already uses them.{skipped}",
        )
        for key in (NOTES, SORENESS, PUMP, JOINT, PERFORMANCE):
            st.session_state.pop(key, None)


def choose_plan(store) -> None:
    """Train the picked saved plan from now on."""
    plan_id = st.session_state.get(PICK_PLAN)
    if plan_id is not None:
        _ok(lambda: store.set_active_plan(plan_id), "choose the plan")


def save_settings(store) -> None:
    """Keep the increments typed in the settings expander."""
    state = st.session_state
    try:
        settings = LoadSettings(
            unit=state[UNIT],
            barbell_step=state[BARBELL],
            dumbbell_step=state[DUMBBELL],
            machine_step=state[MACHINE],
        )
    except ValueError as exc:
        say("error", f"Could not save the increments: {plain(exc)}")
        return
    if _ok(lambda: store.save_settings(settings), "save the increments"):
        say("success", "Saved your units and increments.")


def on_unit(store) -> None:
    """Switching kg and lb resets the increments to that unit's usual plates."""
    defaults = LoadSettings.for_unit(st.session_state[UNIT])
    st.session_state[BARBELL] = defaults.barbell_step
    st.session_state[DUMBBELL] = defaults.dumbbell_step
    st.session_state[MACHINE] = defaults.machine_step
    save_settings(store)


def swap(store, plan_id: int, week: int, options: dict) -> None:
    """Swap the picked exercise for the picked substitute (or exclude it) from `week` on."""
    exercise_id = st.session_state.get(SWAP_PICK)
    target = st.session_state.get(SWAP_TO)
    if target is None or exercise_id is None:
        return
    if target == "exclude":
        edit = PlanEdit(kind="exclude", exercise_id=exercise_id, from_week=week)
        done = "Excluded it from this week on; its log is kept."
    else:
        edit = PlanEdit(
            kind="swap", exercise_id=exercise_id, substitute=options[target], from_week=week
        )
        done = f"Swapped in {plain(options[target].name)} from this week on; the old log is kept."
    if _ok(lambda: store.add_plan_edit(plan_id, edit), "change the plan"):
        say("success", done)


def toggle_pin(store, plan_id: int, exercise_id: str, name: str, pinned: bool) -> None:
    """Pin the picked exercise (keep it through swaps and set cuts), or unpin it."""
    edit = PlanEdit(kind="unpin" if pinned else "pin", exercise_id=exercise_id)
    if _ok(lambda: store.add_plan_edit(plan_id, edit), "change the pin"):
        if pinned:
            say("success", f"Unpinned {plain(name)}: it can be swapped or left out again.")
        else:
            say(
                "success",
                f"Pinned {plain(name)}: it is kept, offered no swap, and keeps its sets when "
                "its region's sets are cut.",
            )
