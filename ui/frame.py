"""The frame every page opens with: page config, the settings sidebar, the current plan.

Pages are legacy `pages/` scripts (see docs/dashboard.md for why), so each one calls
`start()` itself; nothing here is run by `app.py` on another page's behalf.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import plotly.graph_objects as go
import streamlit as st

from planner import Plan, PlannerError, PlanRequest
from planner.summary import PlanMetrics
from ui import cache, phone, settings

T = TypeVar("T")

# Every ASCII punctuation mark may be backslash-escaped in CommonMark, which leaves it literal.
_MARKDOWN_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
# Where GFM would turn plain text into a link (scheme://, www., user@host): Streamlit applies it
# to text after escapes are resolved, so an invisible word joiner has to split them instead.
_AUTOLINK_SEAMS = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=\bwww)(?=\.)|(?<=@)")
_WORD_JOINER = "\u2060"
# Indented lines would become code blocks, in which escapes show as backslashes.
_INDENTED_LINE = re.compile(r"\n[ \t]+")


def plain(text: object) -> str:
    """User text made inert for Streamlit's Markdown: shown exactly as typed, as text.

    For every user-supplied string (a plan name, notes, a URL value, an imported string, an
    error message that quotes one) put into st.markdown, st.caption, st.success/info/warning/
    error or a label: no link, image, HTML, LaTeX, :color[], emoji or icon code survives.
    """
    text = _INDENTED_LINE.sub("\n", str(text))
    text = _AUTOLINK_SEAMS.sub(_WORD_JOINER, text)
    return _MARKDOWN_PUNCTUATION.sub(lambda match: "\\" + match.group(), text)


def start(title: str, icon: str) -> PlanRequest | None:
    """Configure the page and draw the sidebar; return the settings as a request, or None."""
    arrived = settings.arrive(title)
    if arrived:
        # The browser keeps the page config across reruns; sending it on every rerun costs
        # each slider move a redraw of the page frame.
        st.set_page_config(
            page_title=f"{title} · Back planner",
            page_icon=icon,
            layout="wide",
            initial_sidebar_state="auto",
        )
    request = settings.sidebar(arrived)
    phone.style()
    return request


def moved_to(path: str) -> None:
    """An old page address: open the page at `path` with the same URL parameters.

    Page addresses became lowercase (`/week`); the capitalised files in `pages/` (`9x_Week.py`)
    keep bookmarks and shared links made before that working.
    """
    query = {name: st.query_params.get_all(name) for name in st.query_params}
    st.switch_page(path, query_params=query)


def attempt(action: Callable[[], T], what: str) -> T | None:
    """Run a planner or store call; show a PlannerError as st.error and return None."""
    try:
        return action()
    except PlannerError as exc:
        st.error(f"Could not {what}: {plain(exc)}", icon=":material/error:")
        return None


def plan_or_stop(request: PlanRequest | None) -> Plan:
    """Return the plan the settings show, or stop the page after showing what to change.

    That is the saved plan the Library opened, as stored, while the settings still equal its
    request (saying so, and whether a rebuild would differ); otherwise the cached built plan.
    """
    if request is None:
        st.stop()
    from ui import library  # here: ui.library imports this module

    opened = library.stored_plan(request)
    if opened is not None:
        library.show_opened(opened)
        return opened.plan
    plan = attempt(lambda: cache.plan(request), "plan these settings")
    if plan is None:
        st.info("Change the settings in the sidebar and the plan updates.", icon=":material/tune:")
        st.stop()
    return plan


def chart(kind: str, request: PlanRequest) -> go.Figure:
    """The `kind` chart (a key of cache.CHARTS) of the plan `plan_or_stop` returned."""
    from ui import library  # here: ui.library imports this module

    return library.chart(kind, request)


def audit_markdown(request: PlanRequest) -> str:
    """The plan audit, as Markdown, of the plan `plan_or_stop` returned."""
    from ui import library  # here: ui.library imports this module

    return library.audit_markdown(request)


def show_metrics(metrics: PlanMetrics) -> None:
    """The four headline numbers, wrapping two by two on a phone-width window."""
    with st.container(horizontal=True, gap="medium"):
        st.metric(
            "Weekly hard sets",
            f"{metrics.weekly_hard_sets:g}",
            width=150,
            help="Working sets per week, averaged over the weeks before the deload",
        )
        st.metric(
            "Average reps",
            f"{metrics.average_reps:g}",
            width=150,
            help="Set-weighted middle of the rep ranges",
        )
        st.metric("Average rest", f"{metrics.average_rest_s:g} s", width=150)
        st.metric("Minutes per session", f"{metrics.minutes_per_session:.0f}", width=150)


def show_chart(figure: go.Figure, key: str) -> None:
    """A Plotly chart across the page, without Plotly's toolbar (the axes are fixed anyway)."""
    st.plotly_chart(figure, width="stretch", key=key, config={"displayModeBar": False})
