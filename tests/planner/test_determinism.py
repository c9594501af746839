"""Plans are deterministic: the same request gives the same plan, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys

from planner import build_plan, parse_request
from planner.export import plan_json

ARGS = [
    "build",
    "--goal",
    "strength",
    "--experience",
    "advanced",
    "--equipment",
    "full_gym",
    "--weeks",
    "8",
    "--sessions",
    "3",
    "--format",
    "json",
]


def test_the_same_request_gives_the_same_plan_in_one_process(catalog, presets):
    request = parse_request(
        goal="fat_loss", experience="intermediate", equipment="home_bands_bar", weeks=7
    )
    assert plan_json(build_plan(request, catalog, presets)) == plan_json(
        build_plan(request, catalog, presets)
    )


def test_the_same_request_gives_the_same_bytes_across_processes_and_hash_seeds():
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-m", "planner", *ARGS], capture_output=True, env=env, check=True
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_equivalent_requests_written_differently_give_the_same_plan(catalog, presets):
    a = parse_request(
        goal="growth", experience="intermediate", equipment="dumbbells_bench,pullup_bar"
    )
    b = parse_request(
        goal="growth", experience="intermediate", equipment=["pullup_bar", "bench", "dumbbell"]
    )
    assert plan_json(build_plan(a, catalog, presets)) == plan_json(build_plan(b, catalog, presets))
