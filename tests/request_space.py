"""One seeded sampler of the whole sidebar space, for the tests that sweep plain requests.

Goal, level, equipment (a preset or any subset of tags, empty = bodyweight only), weeks 3-12,
sessions 1-3, every minutes value 30-120, model, deload and emphasis 0-2 per region. Goals
and sessions rotate with the index, so any slice of 3+ holds each of them. Hypothesis tests
draw the same space through tests/planner/space.py.
"""

from __future__ import annotations

import random

from planner.catalog import EQUIPMENT_PRESETS
from planner.models import EQUIPMENT, GOALS, LEVELS, MODELS, REGIONS


def random_requests(count: int, seed: int) -> list[dict]:
    """`count` request fields drawn with `seed` (a failure names a request one can rebuild)."""
    rng = random.Random(seed)
    out = []
    for index in range(count):
        if rng.random() < 0.5:
            equipment = rng.choice(sorted(EQUIPMENT_PRESETS))
        else:
            equipment = ",".join(rng.sample(EQUIPMENT, rng.randint(0, 6)))
        emphasis = {r: rng.choice((0, 1, 1, 2)) for r in REGIONS}
        out.append(
            {
                "goal": GOALS[index % len(GOALS)],
                "experience": rng.choice(LEVELS),
                "equipment": equipment,
                "weeks": rng.randint(3, 12),
                "sessions": index % 3 + 1,
                "minutes": rng.randrange(30, 125, 5),
                "model": rng.choice((None, *MODELS)),
                "deload": rng.random() < 0.8,
                "emphasis": emphasis,
            }
        )
    return out
