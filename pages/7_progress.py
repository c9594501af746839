"""Progress: planned vs done weekly sets, estimated 1RM over time, adherence of the active plan."""

import streamlit as st

from planner import progress
from planner.loads import EPLEY_TEXT
from ui import cache, frame, today

frame.start("Progress", ":material/monitoring:")
st.title("Progress")
store = frame.attempt(cache.lifter_store, "open the plan database")
if store is None:
    st.stop()
active = frame.attempt(store.active_plan_id, "read the active plan")
summaries = frame.attempt(lambda: store.list(limit=500), "list the saved plans") or []
if active is None:
    st.info("Pick a saved plan to train on the Today page; its progress shows here.")
    st.stop()
plan = frame.attempt(lambda: today.trained_plan(store, active, summaries), "read the plan")
log = frame.attempt(lambda: store.training_log(active), "read the training log")
settings = frame.attempt(store.load_settings, "read your increments")
if plan is None or log is None or settings is None:
    st.stop()

done = progress.adherence(plan, log)
with st.container(horizontal=True, gap="medium"):
    st.metric("Sessions done", f"{done.sessions_done} of {done.sessions_planned}", width=150)
    st.metric(
        "Sets done",
        f"{done.set_pct:.0f}%",
        width=150,
        help="Sets logged out of those prescribed in the sessions done",
    )

st.subheader("Weekly sets: planned and done")
st.caption(
    "Outline: planned fractional hard sets per week; filled: sets logged. Shaded: the MEV–MRV "
    "band for this plan's level and sessions per week."
)
frame.show_chart(progress.planned_vs_done_chart(plan, log), "progress_volume_chart")

st.subheader("Estimated 1RM")
st.caption(EPLEY_TEXT)
history = progress.one_rm_history(log)
if history:
    # Swapped-out exercises keep their history: their names come from the catalogue.
    names = {e.id: e.name for e in cache.catalog().exercises}
    names |= {p.id: p.name for w in plan.weeks for s in w.sessions for p in s.exercises}
    frame.show_chart(progress.one_rm_chart(history, names, settings), "progress_1rm_chart")
else:
    st.info("Log a set of 10 reps or fewer with a load on the Today page to see an estimate.")

st.download_button(
    "Download the log (CSV)",
    data=lambda: store.log_csv(active),
    file_name=f"back-plan-{active}-log.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
    key="progress_log_csv",
)
