"""Caches of the Streamlit shell: loaded data, built plans and the store.

`st.cache_resource` holds what is shared and read-only (catalogue, presets, the one PlanStore
per process; its methods open their own cursor, so threads may share it). `st.cache_data`
holds plans keyed by the frozen, hashable request: the planner is pure, so a request always
builds the same plan. Build's figures are resources too (see `chart`).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from planner import (
    Catalog,
    Plan,
    PlanRequest,
    Presets,
    build_plan,
    charts,
    load_catalog,
    load_presets,
    summary,
)


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    return load_catalog()


@st.cache_resource(show_spinner=False)
def presets() -> Presets:
    return load_presets()


def _request_key(request: PlanRequest) -> str:
    return request.model_dump_json()


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs={PlanRequest: _request_key})
def plan(request: PlanRequest) -> Plan:
    """Build (once per distinct request) the plan for `request`; PlannerError propagates."""
    return build_plan(request, catalog(), presets())


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs={PlanRequest: _request_key})
def audit_markdown(request: PlanRequest) -> str:
    """The plan audit of `request` as Markdown (rules kept, targets missed with verified fixes).

    A resource: the text never changes for a request, and Build shows it on every rerun.
    """
    from planner.builder import plan_with_audit

    return summary.audit_markdown(plan_with_audit(request, catalog(), presets())[1])


@st.cache_resource(show_spinner=False, max_entries=64)
def stored_audit_markdown(_store, plan_id: int, updated_at: str) -> str:
    """The audit of a saved plan as stored, once per (id, last update); see saved_plan."""
    from planner.builder import audit_plan

    return summary.audit_markdown(
        audit_plan(saved_plan(_store, plan_id, updated_at), catalog(), presets())
    )


CHARTS = {
    "volume": charts.volume_chart,
    "week": charts.effort_minutes_chart,  # effort and minutes by week, side by side
}


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs={PlanRequest: _request_key})
def chart(kind: str, request: PlanRequest) -> go.Figure:
    """The `kind` chart (a key of CHARTS) of the plan for `request`, built once per request.

    A resource, not data: st.plotly_chart only reads a figure, and unpickling a cached copy
    takes longer than building one (20 ms against 7 ms); Build redraws on every slider move.
    """
    return CHARTS[kind](plan(request))


@st.cache_resource(show_spinner=False)
def store():  # -> planner.store.PlanStore (imported here so the other pages never need it)
    """Open the plan store at $PLANNER_DB or the per-user default, once per process."""
    from planner.store import open_store

    return open_store()  # $PLANNER_DB: a DuckDB file or a postgresql:// URL


@st.cache_resource(show_spinner=False, max_entries=32)
def saved_plan(_store, plan_id: int, updated_at: str) -> Plan:
    """A saved plan as stored, read once per (id, last update): reading one costs ~10-25 ms.

    A resource, not data: plans are frozen, so sharing the instance is safe and skips a copy.
    The update time is part of the key, so an overwritten plan is read again.
    """
    return _store.load(plan_id).plan
