"""The Week page's files for the gym: the week as CSV and PDF, the block as PDF and as a calendar.

Every file is built only when its button is pressed (`data` is a callable and `on_click` is
"ignore", so a press neither reruns the page nor costs the rerun path anything).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner import Plan
from planner.export import week_csv
from planner.ics import WEEKDAY_LABELS, default_weekdays, plan_ics
from planner.printable import PAPERS, block_pdf, week_pdf


def show(plan: Plan, week: int) -> None:
    """The download buttons for `week` of `plan`, a paper choice and the calendar's inputs."""
    paper = st.radio("Paper for the printable sheets", PAPERS, horizontal=True, key="paper")
    with st.container(horizontal=True, gap="small", key="downloads"):
        st.download_button(
            "Download week CSV",
            data=lambda: week_csv(plan, week),
            file_name=f"back-plan-week-{week}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key="download_week",
        )
        st.download_button(
            "Download week PDF",
            data=lambda: week_pdf(plan, week, paper),
            file_name=f"back-plan-week-{week}-{paper.lower()}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/print:",
            key="download_week_pdf",
            help="One page per session, with empty cells to write each set's load, reps and RIR",
        )
        st.download_button(
            "Download block PDF",
            data=lambda: block_pdf(plan, paper),
            file_name=f"back-plan-block-{paper.lower()}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/menu_book:",
            key="download_block_pdf",
            help="Every week of the block, one page per session",
        )
    _calendar(plan)


def _calendar(plan: Plan) -> None:
    sessions = plan.request.sessions
    # A fixed label keeps the expander open while its inputs rerun the page.
    with st.expander("Calendar file (ICS)", icon=":material/event:"):
        start = st.date_input(
            "Week 1 starts on", value="today", format="YYYY-MM-DD", key="ics_start"
        )
        days = st.multiselect(
            f"Training days (one per session: {sessions})",
            options=list(range(7)),
            default=list(default_weekdays(sessions)),
            format_func=WEEKDAY_LABELS.__getitem__,
            max_selections=sessions,
            key=f"ics_days_{sessions}",  # a new default when the sessions per week change
        )
        ready = isinstance(start, dt.date) and len(days) == sessions
        if not ready:
            st.caption(f"Choose {sessions} training day{'s' if sessions > 1 else ''}.")
        st.download_button(
            "Download calendar (ICS)",
            data=lambda: plan_ics(plan, start, tuple(days)),
            file_name=f"back-plan-from-{start}.ics",
            mime="text/calendar",
            on_click="ignore",
            icon=":material/calendar_month:",
            key="download_ics",
            disabled=not ready,
            help="One all-day event per session, with its exercises; deload weeks are named",
        )
