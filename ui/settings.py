"""The settings sidebar shared by every page: widget keys, widgets, URL sync.

Every page opens with `ui.frame.start()`, which calls `arrive()` and `sidebar()`. The settings
live twice in session state: in the widgets (keys from `Keys`) and in a plain mirror that
on_change callbacks keep current. Pages are separate scripts, so after a page switch their
widgets are new and would start from their defaults (in Streamlit 1.67, persist_state="session"
did not carry values set through session state); the mirror puts the settings back before the
widgets draw. The URL is read once per browser session (a bookmark or a shared link seeds the
settings) and rewritten after every run, so the address bar always holds the current settings.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from planner.catalog import EQUIPMENT_PRESETS, PRESET_LABELS
from planner.errors import InvalidRequestError
from planner.models import (
    EMPHASIS_LABELS,
    EQUIPMENT,
    GOAL_LABELS,
    GOALS,
    LEVEL_LABELS,
    LEVELS,
    MODELS,
    REGION_LABELS,
    REGIONS,
    PlanRequest,
)
from planner.request import parse_request
from ui import url, weeks


@dataclass(frozen=True)
class Keys:
    """Session-state keys of the settings widgets (also their `.st-key-<key>` CSS classes)."""

    goal: str = "goal"
    level: str = "level"
    preset: str = "eq_preset"
    tags: str = "eq_tags"
    weeks: str = "weeks"
    sessions: str = "sessions"
    minutes: str = "minutes"
    model: str = "model"
    deload: str = "deload"

    @staticmethod
    def emphasis(region: str) -> str:
        return f"emphasis_{region}"


KEYS = Keys()
CUSTOM = "custom"  # the preset choice once the tags no longer match a named preset
AUTO = "auto"  # periodization: the goal's default model
_MIRROR = "_settings"
_PAGE = "_settings_page"  # the page of the last run: a different one means a page switch
_PROBLEMS = "_settings_url_problems"
MODEL_LABELS = {
    AUTO: "Goal default",
    "linear": "Linear",
    "undulating": "Undulating",
    "block": "Block",
}
PAGES: tuple[tuple[str, str, str], ...] = (
    ("app.py", "Build", ":material/insights:"),
    ("pages/1_week.py", "Week", ":material/calendar_view_week:"),
    ("pages/2_compare.py", "Compare", ":material/compare_arrows:"),
    ("pages/3_library.py", "Library", ":material/bookmarks:"),
    ("pages/4_exercises.py", "Exercises", ":material/fitness_center:"),
    ("pages/5_sources.py", "Sources", ":material/menu_book:"),
    ("pages/6_today.py", "Today", ":material/today:"),
    ("pages/7_progress.py", "Progress", ":material/monitoring:"),
)


def _tag_label(tag: str) -> str:
    return tag.replace("pullup_bar", "pull-up bar").replace("_", " ")


def widget_values(request: PlanRequest) -> dict[str, object]:
    """The settings widgets' values (by key) that show `request`."""
    values: dict[str, object] = {
        KEYS.goal: request.goal,
        KEYS.level: request.experience,
        KEYS.preset: url.preset_for(request.equipment) or CUSTOM,
        KEYS.tags: list(request.equipment),
        KEYS.weeks: request.weeks,
        KEYS.sessions: request.sessions,
        KEYS.minutes: request.minutes,
        KEYS.model: request.model or AUTO,
        KEYS.deload: request.deload,
    }
    values.update({KEYS.emphasis(r): request.emphasis.of(r) for r in REGIONS})
    return values


def apply(request: PlanRequest) -> None:
    """Show `request` in the settings (call before the sidebar draws, or from a callback)."""
    st.session_state[_MIRROR] = widget_values(request)
    _restore()


def _restore() -> None:
    """Give every settings widget its mirrored value."""
    for key, value in st.session_state[_MIRROR].items():
        st.session_state[key] = value


def _remember(*keys: str) -> None:
    """on_change: the user changed a widget; keep its value in the mirror.

    A callback can run when its widget's value or the mirror is gone (a browser tab still
    showing another page's widgets, or session state cleared): then there is nothing to keep,
    and the run seeds the mirror afresh from the URL, which holds the settings shown.
    """
    state = st.session_state
    mirror = state.get(_MIRROR)
    if mirror is None:
        return
    for key in keys:
        if key in state:
            mirror[key] = state[key]


def _seed_from_url() -> None:
    """On a session's first run, start from the defaults overlaid with the URL's parameters."""
    if _MIRROR in st.session_state:
        return
    query = {name: st.query_params.get_all(name) for name in url.PARAMS}
    fields, problems = url.from_query(query)
    st.session_state[_MIRROR] = widget_values(parse_request(fields))
    st.session_state[_PROBLEMS] = problems


def _on_preset() -> None:
    preset = st.session_state.get(KEYS.preset)
    if preset in EQUIPMENT_PRESETS:
        st.session_state[KEYS.tags] = list(EQUIPMENT_PRESETS[preset])
    _remember(KEYS.preset, KEYS.tags)


def _on_tags() -> None:
    if KEYS.tags not in st.session_state:
        return
    st.session_state[KEYS.preset] = url.preset_for(st.session_state[KEYS.tags]) or CUSTOM
    _remember(KEYS.preset, KEYS.tags)


def _widgets() -> None:
    def kept(key: str) -> dict:
        return {"key": key, "on_change": _remember, "args": (key,)}

    st.selectbox("Goal", GOALS, format_func=GOAL_LABELS.get, **kept(KEYS.goal))
    st.selectbox("Experience", LEVELS, format_func=LEVEL_LABELS.get, **kept(KEYS.level))
    st.selectbox(
        "Equipment",
        (*EQUIPMENT_PRESETS, CUSTOM),
        format_func=lambda name: PRESET_LABELS.get(name, "Custom"),
        key=KEYS.preset,
        on_change=_on_preset,
    )
    # A fixed label: a label that changes makes the expander close after every edit.
    with st.expander("Equipment tags"):
        st.multiselect(
            "Equipment tags",
            EQUIPMENT,
            format_func=_tag_label,
            key=KEYS.tags,
            on_change=_on_tags,
            placeholder="Bodyweight only",
            help="Bodyweight is always available. Pick a preset above or edit the tags.",
            label_visibility="collapsed",
        )
    st.slider("Weeks", 3, 12, help="Block length, deload included", **kept(KEYS.weeks))
    st.slider("Sessions per week", 1, 3, **kept(KEYS.sessions))
    st.slider("Minutes per session", 30, 120, step=5, **kept(KEYS.minutes))
    st.toggle("Deload week at the end", **kept(KEYS.deload))
    st.selectbox(
        "Periodization model",
        (AUTO, *MODELS),
        format_func=MODEL_LABELS.get,
        help="Goal default: linear for growth and fat loss, undulating for strength.",
        **kept(KEYS.model),
    )
    with st.expander("Region emphasis"):
        for region in REGIONS:
            st.select_slider(
                REGION_LABELS[region],
                options=(0, 1, 2),
                format_func=EMPHASIS_LABELS.get,
                **kept(KEYS.emphasis(region)),
            )


def current_request() -> PlanRequest:
    """Read the settings widgets' values into a request (raises InvalidRequestError)."""
    state = st.session_state
    model = state[KEYS.model]
    return parse_request(
        goal=state[KEYS.goal],
        experience=state[KEYS.level],
        equipment=list(state[KEYS.tags]),
        weeks=state[KEYS.weeks],
        sessions=state[KEYS.sessions],
        minutes=state[KEYS.minutes],
        model=None if model == AUTO else model,
        deload=state[KEYS.deload],
        emphasis={region: state[KEYS.emphasis(region)] for region in REGIONS},
    )


def _sync_url(query: dict[str, str | list[str]]) -> None:
    """Rewrite the query only when it differs: every rewrite is one more message to the browser."""
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    # A page's own parameters (the Week page's week) are the page's to keep or drop.
    own = url.PAGE_PARAMS.get(st.session_state.get(_PAGE, ""), ())
    kept = {name: current[name] for name in own if name in current}
    wanted = {name: value if isinstance(value, list) else [value] for name, value in query.items()}
    if current != {**wanted, **kept}:
        st.query_params.from_dict({**query, **kept})


def _navigation(query: dict[str, str | list[str]]) -> None:
    for path, label, icon in PAGES:
        link_query = {**query, **weeks.link_query(path)}
        st.page_link(path, label=label, icon=icon, query_params=link_query or None)


def arrive(page: str) -> bool:
    """Record that `page` runs; True on a session's first run and after a page switch."""
    arrived = st.session_state.get(_PAGE) != page
    st.session_state[_PAGE] = page
    return arrived


def sidebar(arrived: bool) -> PlanRequest | None:
    """Draw the settings sidebar and return the request, or None after showing what to fix.

    On a session's first run and after a page switch (`arrived`) the widgets are new, so they
    get the mirrored settings; otherwise they hold the user's input.
    """
    _seed_from_url()
    if arrived:
        _restore()
    with st.sidebar:
        nav = st.container()
        st.header("Settings", divider="gray")
        _widgets()
    from ui.frame import plain  # here: ui.frame imports this module

    for problem in st.session_state.pop(_PROBLEMS, ()):
        st.warning(plain(problem), icon=":material/link_off:")  # it quotes the link's values
    try:
        request = current_request()
    except InvalidRequestError as exc:
        st.error(f"These settings cannot be planned: {plain(exc)}.")
        with nav:
            _navigation({})
        return None
    query = url.to_query(request)
    _sync_url(query)
    with nav:
        _navigation(query)
    return request
