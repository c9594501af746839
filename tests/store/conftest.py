"""Shared fixtures: plans built once per session, and a fresh store of each engine: a DuckDB
file in a temporary folder, and an empty database on a throwaway PostgreSQL cluster (the
`postgres` variants skip, saying why, where PostgreSQL is not installed: `make postgres`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import planner
from planner import build_plan, load_catalog, load_presets, parse_request
from planner.models import Plan
from planner.store import PlanStore, open_store

# Requests that cover every goal and level, 1-3 sessions, 3-12 weeks, no deload, a chosen
# periodization model and region emphasis.
REQUESTS = {
    "growth_default": dict(goal="growth", experience="intermediate", equipment="full_gym"),
    "strength_12x3": dict(
        goal="strength",
        experience="advanced",
        equipment="full_gym",
        weeks=12,
        sessions=3,
        minutes=120,
    ),
    "fat_loss_dumbbells": dict(goal="fat_loss", experience="beginner", equipment="dumbbell,bench"),
    "short_no_deload": dict(
        goal="fat_loss",
        experience="intermediate",
        equipment="dumbbell,pullup_bar,band",
        weeks=3,
        sessions=1,
        minutes=30,
        deload=False,
    ),
    "undulating_emphasis": dict(
        goal="growth",
        experience="advanced",
        equipment="full_gym",
        model="undulating",
        emphasis={"upper": 0, "mid": 2, "lower": 1, "biceps": 2},
    ),
}


def subprocess_env() -> dict[str, str]:
    """Return an environment in which a child Python imports this checkout's planner."""
    root = Path(planner.__file__).resolve().parents[1]
    return {**os.environ, "PYTHONPATH": str(root)}


@pytest.fixture(scope="session")
def plans() -> dict[str, Plan]:
    catalog, presets = load_catalog(), load_presets()
    return {key: build_plan(parse_request(**kw), catalog, presets) for key, kw in REQUESTS.items()}


@pytest.fixture(scope="session")
def plan(plans: dict[str, Plan]) -> Plan:
    return plans["growth_default"]


@pytest.fixture(scope="session")
def big_plan(plans: dict[str, Plan]) -> Plan:
    return plans["strength_12x3"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "plans.duckdb"


@pytest.fixture(params=["duckdb", "postgres"])
def target(request: pytest.FixtureRequest, db_path: Path) -> str | Path:
    """Where a store lives: a DuckDB file, or a PostgreSQL database URL."""
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return db_path


@pytest.fixture
def store(target: str | Path) -> Iterator[PlanStore]:
    with open_store(target) as opened:
        yield opened
