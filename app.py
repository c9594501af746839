"""Build: the block at a glance. Entry point of `streamlit run app.py`; pages are in pages/."""

import streamlit as st

from planner import summary
from ui import frame, url, weeks

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
frame.show_chart(frame.chart("volume", request), "volume_chart")

st.subheader("Effort and session length by week")
st.caption(
    "RIR: target reps in reserve (lower is harder). Sets: working sets that week. Minutes: "
    "each session's estimate from sets, reps, rest, warm-up and cool-down, against your budget "
    f"of {plan.request.minutes} minutes."
)
# A table, not a second Plotly figure: each figure costs every slider move tens of ms to draw.
st.markdown(summary.block_markdown(plan))

st.subheader("Plan audit")
st.caption(
    "The training rules this plan keeps, and any target it misses, with a fix checked by "
    "re-planning."
)
st.markdown(frame.audit_markdown(request))

# The reasons behind each prescription (6 kB of text) live on the Week page, under each
# session: Build redraws everything on every slider move.
st.page_link(
    weeks.WEEK_PAGE,
    label="Why each prescription is there: the Week page, under each session",
    icon=":material/help:",
    query_params={**url.to_query(request), **weeks.link_query(weeks.WEEK_PAGE)} or None,
)
