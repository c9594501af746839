"""Exercises: the catalogue, filtered by equipment and region, with cues and region credits."""

import streamlit as st

from planner import summary
from planner.models import REGION_LABELS, REGIONS
from ui import cache, frame, phone

request = frame.start("Exercises", ":material/fitness_center:")

st.title("Exercises")
st.caption("Region credit: 1 where the exercise is a prime mover, 0.5 where it is a synergist.")
mine = st.toggle(
    "Only my equipment",
    value=True,
    key="exercises_mine",
    disabled=request is None,
    help="The equipment chosen in the sidebar; bodyweight exercises always show.",
)
regions = st.pills(
    "Regions",
    REGIONS,
    format_func=REGION_LABELS.get,
    selection_mode="multi",
    key="exercises_regions",
    width="stretch",
    wrap=True,
)
equipment = request.equipment if mine and request is not None else None
exercises = summary.filter_exercises(cache.catalog(), equipment, regions)
st.caption(f"{len(exercises)} of {len(cache.catalog().exercises)} exercises")
rows = summary.exercise_rows(exercises)
phone.exercise_table(
    "exercises",
    rows,
    lambda: st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=640,
        key="exercise_table",
        column_config={
            "Exercise": st.column_config.TextColumn(width="medium"),
            "Cue": st.column_config.TextColumn(width="large"),
        },
    ),
)
