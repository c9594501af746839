"""The Week page's week picker, kept in the URL (`week=3`) and across page switches.

A shared link opens its week; leaving the page and coming back (through the sidebar link, which
carries the week) shows the week picked last. The picker is a page widget, so Streamlit drops its
value on a page switch: a plain mirror keeps it, as `ui.settings` does for the sidebar.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from planner import Plan
from ui import url

KEY = "week_pick"
WEEK_PAGE = "pages/1_week.py"
_MIRROR = "_week_pick"


def _remember() -> None:
    st.session_state[_MIRROR] = st.session_state[KEY]


def link_query(path: str) -> dict[str, str]:
    """The page's own URL parameters for a sidebar link to `path` (the Week page's week)."""
    week = st.session_state.get(_MIRROR)
    return {url.WEEK: str(week)} if path == WEEK_PAGE and week and week != 1 else {}


def pick(plan: Plan, title: Callable[[int], str]) -> int:
    """Draw the week selectbox and return the chosen week number; keep it in the URL."""
    numbers = [week.week for week in plan.weeks]
    state = st.session_state
    if KEY not in state:
        # First run on this page: the link's week, else the one picked last, else week 1.
        asked = st.query_params.get_all(url.WEEK)
        chosen = url.week_from_query(asked, len(numbers))
        if asked and chosen is None:
            st.warning(
                f"Ignored the week in the link: this plan has weeks 1 to {len(numbers)}.",
                icon=":material/link_off:",
            )
        state[KEY] = chosen or state.get(_MIRROR) or 1
    # A shorter block than the week picked: show its last week.
    state[KEY] = min(state[KEY], numbers[-1])
    number = st.selectbox("Week", numbers, format_func=title, key=KEY, on_change=_remember)
    state[_MIRROR] = number
    wanted = str(number) if number != 1 else None
    if st.query_params.get(url.WEEK) != wanted:
        if wanted is None:
            del st.query_params[url.WEEK]
        else:
            st.query_params[url.WEEK] = wanted
    return number
