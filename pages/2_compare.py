"""Compare: the current settings planned as Fat loss and as Muscle growth (Strength optional)."""

import streamlit as st

from planner import charts, summary
from planner.models import GOAL_LABELS
from ui import cache, frame

request = frame.start("Compare", ":material/compare_arrows:")
if request is None:
    st.stop()

st.title("Compare")
st.caption("The sidebar settings planned for each goal, side by side.")
with_strength = st.toggle("Add Strength", key="compare_strength")
goals = ("fat_loss", "growth", "strength") if with_strength else ("fat_loss", "growth")

plans = []
for goal in goals:
    plan = frame.attempt(
        lambda goal=goal: cache.plan(request.model_copy(update={"goal": goal})),
        f"plan {GOAL_LABELS[goal]}",
    )
    if plan is not None:
        plans.append(plan)
if not plans:
    st.stop()

st.caption(
    "Weekly fractional hard sets, every goal on the same scale; week 1 on the left of each "
    "region, grey: the deload. Shaded: the MEV–MRV band."
)
figures = charts.compare_volume_charts(plans)
for column, plan, figure in zip(st.columns(len(plans)), plans, figures, strict=True):
    with column:
        goal = plan.request.goal
        st.subheader(GOAL_LABELS[goal])
        st.caption(summary.plan_headline(plan))
        frame.show_chart(figure, f"compare_chart_{goal}")
        frame.show_metrics(summary.plan_metrics(plan))

st.subheader("Differences")
st.caption("Averages over the working weeks; the last columns subtract the first goal.")
st.table(summary.comparison_rows(plans), hide_index=True)
