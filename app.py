"""Build: the block at a glance. Entry point of `streamlit run app.py`; pages are in pages/."""

import streamlit as st

from planner import charts, summary
from ui import frame

request = frame.start("Build", ":material/insights:")
plan = frame.plan_or_stop(request)

st.title("Build")
st.caption(summary.plan_headline(plan))
for warning in plan.warnings:
    st.warning(warning, icon=":material/warning:")
frame.show_metrics(summary.plan_metrics(plan))

st.subheader("Weekly volume by region")
st.caption(
    "Fractional hard sets per week (prime mover 1, synergist 0.5), week 1 on the left of each "
    "region; grey: the deload. Shaded: the MEV–MRV band for this level and sessions per week."
)
st.plotly_chart(
    charts.volume_chart(plan), width="stretch", key="volume_chart", config={"displayModeBar": False}
)

effort, minutes = st.columns(2)
with effort:
    st.subheader("Effort by week")
    st.caption("Target reps in reserve: lower is harder.")
    st.plotly_chart(
        charts.effort_chart(plan),
        width="stretch",
        key="effort_chart",
        config={"displayModeBar": False},
    )
with minutes:
    st.subheader("Minutes per session")
    st.caption("Estimated from sets, reps, rest, warm-up and cool-down.")
    st.plotly_chart(
        charts.minutes_chart(plan),
        width="stretch",
        key="minutes_chart",
        config={"displayModeBar": False},
    )

st.subheader("Why each prescription is there")
st.caption("Week 1; the Week page shows every week.")
st.table(summary.rationale_rows(plan), hide_index=True)
