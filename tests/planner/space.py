"""The whole request space, as Hypothesis strategies, and the property every plan must keep.

Shared by the test_space_*.py files, one per goal, so `pytest -n 2 --dist loadfile` spreads
the examples over both workers.
"""

from __future__ import annotations

from hypothesis import strategies as st

from planner import load_catalog, load_presets, parse_request, rules
from planner.builder import context, plan_with_audit
from planner.catalog import EQUIPMENT_PRESETS
from planner.models import EQUIPMENT, LEVELS, MODELS, REGIONS

CATALOG, PRESETS = load_catalog(), load_presets()

equipment = st.one_of(
    st.lists(st.sampled_from(EQUIPMENT), unique=True),  # any subset, bodyweight-only included
    st.sampled_from(sorted(EQUIPMENT_PRESETS)).map(lambda name: [name]),
    st.just([]),  # household and bodyweight only
)
minutes = st.one_of(st.sampled_from(range(30, 125, 5)), st.integers(30, 120))
emphasis = st.fixed_dictionaries({r: st.integers(0, 2) for r in REGIONS}).filter(
    lambda e: any(e.values())
)


def requests(goal: str):
    return st.fixed_dictionaries(
        {
            "goal": st.just(goal),
            "experience": st.sampled_from(LEVELS),
            "equipment": equipment,
            "weeks": st.integers(3, 12),
            "sessions": st.integers(1, 3),
            "minutes": minutes,
            "model": st.sampled_from((None, *MODELS)),
            "deload": st.booleans(),
            "emphasis": emphasis,
        }
    )


def check_request(fields: dict) -> None:
    """A plannable request gives a plan with no hard breach, and every missed soft target in
    its warnings carries a fix that re-planning confirms (or says no single change helps)."""
    request = parse_request(**fields)
    plan, report = plan_with_audit(request, CATALOG, PRESETS)  # a refusal fails the test
    ctx = context(CATALOG, PRESETS)
    broken = rules.hard_breaches(request, plan, ctx)
    assert not broken, broken[:3]
    assert not report.broken
    for miss in report.missed:
        assert rules.warning_text(miss) in plan.warnings, (miss.why, plan.warnings)
        if miss.fix_request is None:
            assert "no single change" in miss.why or miss.rule.id == "balanced-sessions"
            continue
        fixed = ctx.replan(miss.fix_request)  # built afresh here, not taken from the audit
        before = miss.rule.check(request, plan, ctx)
        after = miss.rule.check(miss.fix_request, fixed, ctx)
        assert len(after) < len(before), (miss.fix, after)
        assert not rules.hard_breaches(miss.fix_request, fixed, ctx)
