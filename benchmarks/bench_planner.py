"""Plan build time: the default request and the largest (12 weeks x 3 sessions)."""

from __future__ import annotations

from benchmarks.harness import Result, measure
from planner import build_plan, load_catalog, load_presets, parse_request
from planner.export import plan_json, week_csv


def run() -> list[Result]:
    catalog, presets = load_catalog(), load_presets()
    default = parse_request(goal="growth", experience="intermediate", equipment="full_gym")
    largest = parse_request(
        goal="growth",
        experience="advanced",
        equipment="full_gym",
        weeks=12,
        sessions=3,
        minutes=120,
    )
    big_plan = build_plan(largest, catalog, presets)
    return [
        measure(
            "build_plan default (5 wk x 2)",
            lambda: build_plan(default, catalog, presets),
            runs=200,
            target_ms=5,
        ),
        measure(
            "build_plan 12 wk x 3 sessions",
            lambda: build_plan(largest, catalog, presets),
            runs=100,
            target_ms=25,
        ),
        measure(
            "load_catalog + load_presets (YAML)", lambda: (load_catalog(), load_presets()), runs=20
        ),
        measure("plan_json 12 wk x 3", lambda: plan_json(big_plan), runs=100),
        measure("week_csv 12 wk x 3, one week", lambda: week_csv(big_plan, 1), runs=200),
    ]
