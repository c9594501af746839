"""Caches of the Streamlit shell: loaded data, built plans and the store.

`st.cache_resource` holds what is shared and read-only (catalogue, presets, the one PlanStore
per process; its methods open their own cursor, so threads may share it; each session uses the
lifter's view of it, `lifter_store()`, and what is cached of a saved plan is keyed by owner).
Built plans are resources too, keyed by the frozen, hashable request: the planner is pure, so a
request always builds the same plan, and a frozen plan can be shared without a copy. One build
gives the plan and its audit (`_built`), so a setting never seen before builds once, not twice.
Build's figures are resources as well (see `chart`).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from planner import (
    Catalog,
    Plan,
    PlanRequest,
    Presets,
    charts,
    load_catalog,
    load_presets,
    summary,
)
from planner.builder import plan_with_audit


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    return load_catalog()


@st.cache_resource(show_spinner=False)
def presets() -> Presets:
    return load_presets()


def _request_key(request: PlanRequest) -> str:
    return request.model_dump_json()


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs={PlanRequest: _request_key})
def _built(request: PlanRequest) -> tuple[Plan, str]:
    """The plan for `request` and its audit as Markdown, from one build (the audit is part of
    every build: build_plan is plan_with_audit's plan). PlannerError propagates, uncached."""
    built, report = plan_with_audit(request, catalog(), presets())
    return built, summary.audit_markdown(report)


def plan(request: PlanRequest) -> Plan:
    """Build (once per distinct request) the plan for `request`; PlannerError propagates.

    A resource, not data: plans are frozen, so every session may share the instance (no
    unpickled copy per rerun, as `st.cache_data` would make).
    """
    return _built(request)[0]


def audit_markdown(request: PlanRequest) -> str:
    """The plan audit of `request` as Markdown (rules kept, targets missed with verified fixes),
    from the same build as `plan(request)`; Build shows it on every rerun."""
    return _built(request)[1]


def stored_audit_markdown(store, plan_id: int, updated_at: str) -> str:
    """The audit of a saved plan as stored, once per (owner, id, last update); see saved_plan."""
    return _stored_audit_markdown(store, owner_of(store), plan_id, updated_at)


@st.cache_resource(show_spinner=False, max_entries=64)
def _stored_audit_markdown(_store, owner: str, plan_id: int, updated_at: str) -> str:
    from planner.builder import audit_plan

    return summary.audit_markdown(
        audit_plan(saved_plan(_store, plan_id, updated_at), catalog(), presets())
    )


CHARTS = {
    "volume": charts.volume_chart,
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
    """Open the plan store at $PLANNER_DB or the per-user default, once per process.

    Pages never use it directly: `lifter_store()` is the part of it this session may see.
    """
    from planner.store import open_store

    return open_store()  # $PLANNER_DB: a DuckDB file or a postgresql:// URL


def lifter_store():  # -> planner.store.PlanStore
    """The store as this session's lifter sees it: only their plans, logs and settings.

    A view over the one process-wide store (`store()`), scoped to `account.owner()`: another
    lifter's plan id is "not found" there, exactly like a missing one. Single-user (no [auth]):
    the local owner, the store as it always was.
    """
    from ui import account  # here: ui.account imports ui.frame, which imports this module

    shared = store()
    owner = account.owner()
    return shared if shared.owner == owner else shared.for_owner(owner)


def saved_plan(store, plan_id: int, updated_at: str) -> Plan:
    """A saved plan as stored, read once per (owner, id, last update); see `_saved_plan`.

    The owner is part of the key: another lifter asking for the same id must reach the store
    (and be told "not found"), never this cache.
    """
    return _saved_plan(store, owner_of(store), plan_id, updated_at)


def owner_of(store) -> str:
    """Whose plans `store` holds: part of the key of everything cached of a saved plan."""
    return store.owner


@st.cache_resource(show_spinner=False, max_entries=32)
def _saved_plan(_store, owner: str, plan_id: int, updated_at: str) -> Plan:
    """Reading one costs ~10-25 ms, so it is read once per (owner, id, last update).

    A resource, not data: plans are frozen, so sharing the instance is safe and skips a copy.
    The update time is part of the key, so an overwritten plan is read again.
    """
    return _store.load(plan_id).plan


saved_plan.clear = _saved_plan.clear  # as st.cache_resource's own: drop every cached plan
