"""Week: one week's sessions as tables, warm-up and cool-down; CSV, PDF and calendar files."""

import streamlit as st

from planner import summary
from planner.export import get_week
from ui import downloads, frame, phone, weeks

request = frame.start("Week", ":material/calendar_view_week:")
plan = frame.plan_or_stop(request)

st.title("Week")
st.caption(summary.plan_headline(plan))
number = weeks.pick(plan, lambda n: summary.week_title(get_week(plan, n)))
week = get_week(plan, number)
downloads.show(plan, number)
if week.deload:
    st.info(
        "Deload: about half the sets, every set stopped 4 or more reps short of failure.",
        icon=":material/battery_charging_full:",
    )

for session in week.sessions:
    with st.container(key=f"session_{session.session}"):
        st.subheader(f"Session {session.session} · {session.tier} · ~{session.minutes:.0f} min")
        st.markdown(
            "**Warm-up** (not counted as working sets)\n\n"
            + "\n".join(f"- {item.name}: {item.detail}" for item in session.warmup)
        )
        phone.session_table(f"session_{session.session}", summary.session_rows(session))
        with st.expander("Why each prescription is there"):
            st.markdown(summary.session_rationale_markdown(session))
        with st.expander("How to progress each exercise"):
            st.markdown(summary.progression_markdown(session))
        st.markdown(
            "**Cool-down**\n\n"
            + "\n".join(f"- {item.name}: {item.detail}" for item in session.cooldown)
        )
