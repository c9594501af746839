"""The request matrix of issue 2: every goal x level x equipment preset x 1-3 sessions."""

from __future__ import annotations

import itertools

import pytest

from planner import build_plan, parse_request
from planner.catalog import EQUIPMENT_PRESETS
from planner.models import GOALS, LEVELS

MATRIX = list(itertools.product(GOALS, LEVELS, EQUIPMENT_PRESETS, (1, 2, 3)))


def matrix_id(case: tuple) -> str:
    goal, level, equipment, sessions = case
    return f"{goal}-{level}-{equipment}-{sessions}x"


@pytest.fixture(scope="session")
def matrix_plans(catalog, presets):
    """Every matrix request with its plan (built once, ~1 s)."""
    out = {}
    for case in MATRIX:
        goal, level, equipment, sessions = case
        request = parse_request(goal=goal, experience=level, equipment=equipment, sessions=sessions)
        out[case] = build_plan(request, catalog, presets)
    return out
