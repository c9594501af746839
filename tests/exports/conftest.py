"""Sample plans for the export tests: a seeded spread over the request space, not one plan.

Goals, levels, sessions 1-3, block lengths 3-12, equipment presets and tag subsets, minutes,
periodization models, deload on and off and emphasis 0-2 per region are drawn with a fixed seed,
so a failure names a request that can be rebuilt.
"""

from __future__ import annotations

import random

import pytest

from planner import build_plan, parse_request
from planner.catalog import EQUIPMENT_PRESETS
from planner.errors import PlannerError
from planner.models import EQUIPMENT, GOALS, LEVELS, MODELS, REGIONS


def sample_requests(count: int, seed: int) -> list[dict]:
    """`count` plannable-looking requests drawn with `seed`; sessions 1, 2, 3 all appear."""
    rng = random.Random(seed)
    out = []
    for index in range(count):
        if rng.random() < 0.5:
            equipment = rng.choice(sorted(EQUIPMENT_PRESETS))
        else:
            equipment = ",".join(rng.sample(EQUIPMENT, rng.randint(1, 6)))
        emphasis = {r: rng.choice((0, 1, 1, 2)) for r in REGIONS}
        if not any(emphasis.values()):
            emphasis["mid"] = 1
        out.append(
            {
                "goal": GOALS[index % len(GOALS)],
                "experience": rng.choice(LEVELS),
                "equipment": equipment,
                "weeks": rng.choice((3, 4, 5, 6, 8, 12)),
                "sessions": index % 3 + 1,
                "minutes": rng.choice((30, 45, 60, 75, 90, 120)),
                "model": rng.choice((None, *MODELS)),
                "deload": rng.random() < 0.8,
                "emphasis": emphasis,
            }
        )
    return out


def build_samples(catalog, presets, count: int, seed: int) -> list:
    plans = []
    for request in sample_requests(count * 3, seed):
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
