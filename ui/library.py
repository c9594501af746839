"""Library page actions: button callbacks over the plan store, and the messages they leave.

Callbacks run before the next script run, so opening a plan can still set the sidebar's
widgets; each leaves one message (success or the store's error) for the page to show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from planner import Plan, PlannerError, PlanRequest
from planner.export import MAX_PLAN_BYTES
from planner.models import GOAL_LABELS, LEVEL_LABELS
from ui import cache, settings, url
from ui.frame import plain

_MESSAGES = "_library_messages"
_OPENED = "_library_opened"
_STORED = "_library_stored"  # the plan opened last, shown as stored while its settings hold
_PENDING_DELETE = "_library_pending_delete"
# Widget keys of the Library page.
PICK = "library_pick"
RENAME = "library_rename"
IMPORT_FILE = "library_import_file"

# The Library lists this many of the newest plans.
LIST_LIMIT = 500


def _say(kind: str, text: str) -> None:
    """Queue a message; `text` is Markdown, so user text in it must have gone through plain()."""
    st.session_state.setdefault(_MESSAGES, []).append((kind, text))


def _run(action: Callable[[], object], what: str) -> object | None:
    try:
        return action()
    except PlannerError as exc:
        _say("error", f"Could not {what}: {plain(exc)}")
        return None


def show_messages() -> None:
    """Show, once, what the last actions did."""
    for kind, text in st.session_state.pop(_MESSAGES, []):
        (st.success if kind == "success" else st.error)(text)


def summary_rows(plans: Sequence) -> list[dict[str, object]]:
    """Saved plans as table rows, newest first."""
    return [
        {
            "#": p.id,
            "Name": p.name,
            "Goal": GOAL_LABELS[p.goal],
            "Experience": LEVEL_LABELS[p.experience],
            "Block": f"{p.weeks} wk × {p.sessions}",
            "Notes": p.notes,
            "Updated": p.updated_at.strftime("%Y-%m-%d %H:%M"),
        }
        for p in plans
    ]


def export_file_name(summary) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", summary.name.lower()).strip("-") or "plan"
    return f"back-plan-{slug}.json"


def open_plan(store, plan_id: int) -> None:
    """Restore a saved plan's settings into the sidebar; the page then switches to Build.

    The pages then show the plan as stored (see `stored_plan`), not a rebuild of its settings:
    an imported or older plan must not silently change.
    """
    saved = _run(lambda: store.load(plan_id), "open the plan")
    if saved is not None:
        settings.apply(saved.plan.request)
        st.session_state[_OPENED] = url.to_query(saved.plan.request)
        st.session_state[_STORED] = {
            "id": saved.id,
            "name": saved.name,
            "updated_at": saved.updated_at.isoformat(),
            "query": url.to_query(saved.plan.request),
            "differs": None,  # worked out once, on the first page that shows it
        }


def opened_plan() -> bool:
    return _OPENED in st.session_state


def opened_query() -> dict:
    """The query of the plan just opened (consumed: the switch happens once)."""
    return st.session_state.pop(_OPENED)


@dataclass(frozen=True)
class OpenedPlan:
    """The saved plan the Library opened, as stored, and whether a rebuild would differ."""

    id: int
    name: str
    updated_at: str
    plan: Plan
    differs: bool


def rebuild_differs(stored: Plan) -> bool:
    """Whether building the stored plan's request today gives other weeks than were saved."""
    try:
        rebuilt = cache.plan(stored.request)
    except PlannerError:
        return True
    return rebuilt.weeks != stored.weeks


def _opened(request: PlanRequest) -> dict | None:
    """The opened plan's entry while the sidebar still shows its settings, else None.

    Once a setting moves the entry is dropped: the pages build from the settings again, and
    moving the setting back builds too (open the plan again to see it as stored).
    """
    opened = st.session_state.get(_STORED)
    if opened is None:
        return None
    if url.to_query(request) != opened["query"]:
        st.session_state.pop(_STORED, None)
        return None
    return opened


def stored_plan(request: PlanRequest) -> OpenedPlan | None:
    """The plan opened from the Library as stored, while the settings equal its request.

    One store read per (plan, last update) through `cache.saved_plan`; the comparison with a
    rebuild is made once and kept with the entry, so a rerun only looks things up.
    """
    opened = _opened(request)
    if opened is None:
        return None
    try:
        plan = cache.saved_plan(cache.store(), opened["id"], opened["updated_at"])
    except PlannerError:  # deleted (or unreadable) since: show the plan the settings build
        st.session_state.pop(_STORED, None)
        return None
    if opened["differs"] is None:
        opened["differs"] = rebuild_differs(plan)
    return OpenedPlan(
        id=opened["id"],
        name=opened["name"],
        updated_at=opened["updated_at"],
        plan=plan,
        differs=opened["differs"],
    )


def show_opened(opened: OpenedPlan) -> None:
    """Say which saved plan is shown, and when this planner would build it differently."""
    text = f"Showing saved plan “{plain(opened.name)}” (#{opened.id}) as it was saved."
    if opened.differs:
        text += (
            " Building the same settings with this version of the planner would give a "
            "different plan; move any setting to see the plan built today."
        )
    st.info(text, icon=":material/bookmark:")


@st.cache_resource(show_spinner=False, max_entries=64)
def _stored_chart(kind: str, plan_id: int, updated_at: str) -> go.Figure:
    """A chart of a stored plan, built once per (kind, plan, last update); see cache.chart."""
    return cache.CHARTS[kind](cache.saved_plan(cache.store(), plan_id, updated_at))


def chart(kind: str, request: PlanRequest) -> go.Figure:
    """The `kind` chart of the plan the pages show: the opened stored plan, or the built one."""
    opened = _opened(request)
    if opened is not None:
        try:
            return _stored_chart(kind, opened["id"], opened["updated_at"])
        except PlannerError:
            st.session_state.pop(_STORED, None)
    return cache.chart(kind, request)


def audit_markdown(request: PlanRequest) -> str:
    """The audit of the plan the pages show: the opened stored plan, or the built one."""
    opened = _opened(request)
    if opened is not None:
        try:
            return cache.stored_audit_markdown(cache.store(), opened["id"], opened["updated_at"])
        except PlannerError:
            st.session_state.pop(_STORED, None)
    return cache.audit_markdown(request)


def duplicate_plan(store, plan_id: int) -> None:
    new_id = _run(lambda: store.duplicate(plan_id), "duplicate the plan")
    if new_id is not None:
        st.session_state[PICK] = new_id
        _say("success", f"Duplicated as plan #{new_id}.")


def rename_key(plan_id: int) -> str:
    """One name box per plan, so choosing another plan shows that plan's name."""
    return f"{RENAME}_{plan_id}"


def rename_plan(store, plan_id: int) -> None:
    name = st.session_state.get(rename_key(plan_id), "")
    try:
        store.rename(plan_id, name)
    except PlannerError as exc:
        _say("error", f"Could not rename the plan: {plain(exc)}")
    else:
        st.session_state[PICK] = plan_id  # the picker shows the new name of the same plan
        _say("success", f"Renamed to “{plain(name.strip())}”.")


def import_plan(store) -> None:
    upload = st.session_state.get(IMPORT_FILE)
    if upload is None:
        # The uploader itself refuses a file over the limit (and marks it): say so here too.
        _say(
            "error",
            f"Choose a JSON file to import first. A file over {MAX_PLAN_BYTES // 2**20} MB is "
            "too large to import (plan files are a few hundred kB): the uploader refuses it.",
        )
        return
    new_id = _run(lambda: _import(store, upload.name, upload.getvalue()), "import the file")
    if new_id is not None:
        st.session_state[PICK] = new_id
        _say("success", f"Imported as plan #{new_id}.")


def _import(store, file_name: str, data: bytes) -> int:
    try:
        return store.import_json(data)
    except PlannerError as exc:
        raise type(exc)(f"{file_name}: {exc}") from None


def ask_delete(plan_id: int) -> None:
    st.session_state[_PENDING_DELETE] = plan_id


def delete_pending() -> int | None:
    return st.session_state.get(_PENDING_DELETE)


def cancel_delete() -> None:
    st.session_state.pop(_PENDING_DELETE, None)


def delete_plan(store, plan_id: int) -> None:
    st.session_state.pop(_PENDING_DELETE, None)
    try:
        store.delete(plan_id)
    except PlannerError as exc:
        _say("error", f"Could not delete the plan: {plain(exc)}")
    else:
        # The picker moves to a plan that exists, so its box never names the deleted one.
        st.session_state.pop(PICK, None)
        _say("success", f"Deleted plan #{plan_id}.")
