"""Sample plans for the export tests: a seeded spread over the request space, not one plan.

The requests come from tests/request_space.py (the whole sidebar space, a fixed seed), so a
failure names a request that can be rebuilt.
"""

from __future__ import annotations

import pytest

from planner import build_plan, parse_request
from planner.errors import PlannerError
from tests.request_space import random_requests


def build_samples(catalog, presets, count: int, seed: int) -> list:
    plans = []
    for request in random_requests(count * 3, seed):
        try:
            plans.append(build_plan(parse_request(**request), catalog, presets))
        except PlannerError:
            continue  # e.g. tags that train no region; refusals are tested in tests/planner
        if len(plans) == count:
            break
    assert len(plans) == count and {p.request.sessions for p in plans} == {1, 2, 3}
    return plans


@pytest.fixture(scope="session")
def sample_plans(catalog, presets):
    """Twelve plans spread over the request space (seed 10)."""
    return build_samples(catalog, presets, 12, seed=10)
