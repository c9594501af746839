"""Gym files built on a download press: week and block PDF, the calendar, the per-set CSV."""

from __future__ import annotations

from datetime import date

from benchmarks.harness import Result, measure
from planner import build_plan, load_catalog, load_presets, parse_request
from planner.export import plan_csv, week_csv
from planner.ics import plan_ics
from planner.printable import block_pdf, week_pdf


def run() -> list[Result]:
    catalog, presets = load_catalog(), load_presets()
    default = build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="full_gym"),
        catalog,
        presets,
    )
    largest = build_plan(
        parse_request(
            goal="growth",
            experience="advanced",
            equipment="full_gym",
            weeks=12,
            sessions=3,
            minutes=120,
        ),
        catalog,
        presets,
    )
    return [
        measure("week_pdf default (2 pages)", lambda: week_pdf(default, 1), runs=30),
        measure("week_pdf 12 wk x 3, one week (3 pages)", lambda: week_pdf(largest, 1), runs=30),
        measure("block_pdf 12 wk x 3 (36 pages)", lambda: block_pdf(largest, "Letter"), runs=10),
        measure(
            "plan_ics 12 wk x 3 (36 events)",
            lambda: plan_ics(largest, date(2026, 1, 5), (0, 2, 4)),
            runs=50,
        ),
        measure("plan_csv 12 wk x 3 (one row per set)", lambda: plan_csv(largest), runs=50),
        measure("week_csv default, one week", lambda: week_csv(default, 1), runs=200),
    ]
