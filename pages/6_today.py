"""Today: the next session of the active saved plan, set by set, logged in one save."""

from datetime import date

import streamlit as st

from planner.adaptation import next_session
from planner.loads import EPLEY_TEXT
from planner.logbook import (
    FEEDBACK_LABELS,
    MAX_REPS,
    PERFORMANCE_LABELS,
    PERFORMANCES,
)
from planner.plan_edits import substitutes
from ui import cache, frame, today
from ui.frame import plain

frame.start("Today", ":material/today:")
st.title("Today")
store = frame.attempt(cache.lifter_store, "open the plan database")
if store is None:
    st.stop()
today.show_messages()

summaries = frame.attempt(lambda: store.list(limit=500), "list the saved plans") or []
names = {s.id: s.name for s in summaries}
active = frame.attempt(store.active_plan_id, "read the active plan")
if not names:
    st.info("Save a plan on the Library page first; then pick it here to train it.")
    st.stop()

with st.expander("Plan to train", expanded=active is None):
    ids = list(names)
    if st.session_state.get(today.PICK_PLAN) not in names:
        st.session_state[today.PICK_PLAN] = active if active in names else ids[0]
    st.selectbox("Saved plan", ids, format_func=lambda i: f"{names[i]} (#{i})", key=today.PICK_PLAN)
    st.button("Train this plan", key="today_choose", on_click=today.choose_plan, args=(store,))
if active is None:
    st.stop()

trained = frame.attempt(
    lambda: today.trained_plan_and_pins(store, active, summaries), "read the plan"
)
plan, pinned = trained or (None, frozenset())
log = frame.attempt(lambda: store.training_log(active), "read the training log")
settings = frame.attempt(store.load_settings, "read your increments")
if plan is None or log is None or settings is None:
    st.stop()
st.text(f"Training: {names[active]} (#{active})")
if today.rebuild_differs(store, active, summaries):
    st.caption(
        "Shown as it was saved. Building the same settings with this version of the planner "
        "would give a different plan; save a new one from Build to train that instead."
    )

with st.expander("Units and increments"):
    st.session_state.setdefault(today.UNIT, settings.unit)
    st.session_state.setdefault(today.BARBELL, settings.barbell_step)
    st.session_state.setdefault(today.DUMBBELL, settings.dumbbell_step)
    st.session_state.setdefault(today.MACHINE, settings.machine_step)
    st.segmented_control(
        "Unit", ("kg", "lb"), key=today.UNIT, required=True, on_change=today.on_unit, args=(store,)
    )
    st.number_input("Barbell: smallest jump (two plates)", 0.25, 50.0, step=0.25, key=today.BARBELL)
    st.number_input("Dumbbell step", 0.25, 50.0, step=0.25, key=today.DUMBBELL)
    st.number_input("Machine and cable step", 0.25, 50.0, step=0.25, key=today.MACHINE)
    st.button(
        "Save increments", key="today_save_settings", on_click=today.save_settings, args=(store,)
    )
    st.caption(EPLEY_TEXT)

ns = next_session(plan, log, settings, today=date.today(), pinned=pinned)
if ns.complete:
    st.success("Every session of this plan is logged. Build and save the next block.")
    st.stop()
st.subheader(f"Week {ns.week} · Session {ns.session}" + (" · deload" if ns.deload else ""))
changes, reasons = today.session_changes(ns)
if changes:
    st.info("\n".join(f"- {line}" for line in changes), icon=":material/tune:")
    with st.expander("Why"):
        for line in reasons:
            st.caption(line)

unit = settings.unit
with st.form(today.FORM, border=False, enter_to_submit=False):
    for item in ns.exercises:
        p = item.prescription
        with st.container(border=True, key=f"today_card_{p.id}"):
            st.markdown(f"**{p.order}. {plain(p.name)}**")  # an imported plan names its own
            if p.id in pinned:
                st.caption(":material/keep: Pinned: kept through swaps and set cuts.")
            st.caption(
                f"{p.sets} × {p.reps_min}–{p.reps_max} {p.rep_unit} · {p.target_rir:g} in reserve "
                f"· rest {p.rest_s} s"
            )
            st.text(item.load_text)
            if item.last_time:
                st.caption(item.last_time)
            for rule_id in item.rules:
                st.caption(today.exercise_rule(rule_id))
            load = today.default_load(item.suggested_load_kg, settings)
            for n in range(1, p.sets + 1):
                with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
                    st.number_input(
                        f"Set {n} ({unit})",
                        0.0,
                        today.max_load(settings),
                        value=load,
                        step=today.load_step(p, settings),
                        key=today.set_key("load", ns, p.id, n),
                        width=88,
                    )
                    st.number_input(
                        "Reps",
                        1,
                        MAX_REPS,
                        value=item.target_reps,
                        key=today.set_key("reps", ns, p.id, n),
                        width=64,
                    )
                    st.number_input(
                        "RIR",
                        0,
                        10,
                        value=int(round(p.target_rir)),
                        key=today.set_key("rir", ns, p.id, n),
                        width=56,
                    )
                    st.checkbox("Done", key=today.set_key("done", ns, p.id, n))
    st.subheader("How did it go?")
    st.caption("Answer all four to let next week's sets follow how you recover.")
    for label, key in (
        ("Soreness from last time", today.SORENESS),
        ("Pump", today.PUMP),
        ("Joint pain", today.JOINT),
    ):
        st.segmented_control(label, (0, 1, 2, 3), format_func=FEEDBACK_LABELS.get, key=key)
    st.segmented_control(
        "Performance vs last time",
        PERFORMANCES,
        format_func=PERFORMANCE_LABELS.get,
        key=today.PERFORMANCE,
    )
    st.text_area("Notes", key=today.NOTES, height=68, placeholder="Optional")
    st.form_submit_button(
        "Save session",
        type="primary",
        icon=":material/check:",
        width="stretch",
        on_click=today.save_session,
        args=(store, active, ns, settings),
    )

st.subheader("Change an exercise")
st.caption(
    "Swap one for a substitute of the same pattern and region, or leave it out from this week "
    "on; or pin it to keep it through swaps and set cuts. The log keeps its history."
)
by_id = {item.prescription.id: item.prescription for item in ns.exercises}
pick = st.selectbox(
    "Exercise", list(by_id), format_func=lambda i: by_id[i].name, key=today.SWAP_PICK
)
is_pinned = pick in pinned
options = {e.id: e for e in substitutes(plan, by_id[pick], cache.catalog(), pinned)} if pick else {}
st.selectbox(
    "Replace with",
    [] if is_pinned else [*options, "exclude"],
    format_func=lambda i: "Leave it out" if i == "exclude" else options[i].name,
    key=today.SWAP_TO,
    disabled=is_pinned,
    placeholder="Pinned: unpin it to swap or leave it out" if is_pinned else "Choose an option",
)
with st.container(horizontal=True, gap="small"):
    st.button(
        "Apply",
        key="today_swap",
        disabled=is_pinned,
        on_click=today.swap,
        args=(store, active, ns.week, options),
    )
    if pick:
        st.button(
            "Unpin" if is_pinned else "Pin: keep this one",
            key="today_pin",
            icon=":material/keep_off:" if is_pinned else ":material/keep:",
            on_click=today.toggle_pin,
            args=(store, active, pick, by_id[pick].name, is_pinned),
        )
