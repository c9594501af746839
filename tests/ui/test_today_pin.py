"""Pinning on the Today page: beside Swap and Exclude, kept with the plan's edits (AppTest)."""

from __future__ import annotations

import json
import os

import pytest

from planner import build_plan, load_catalog, load_presets, parse_request
from planner.plan_edits import PlanEdit, PlanEditError
from planner.store import PlanStore
from tests.ui.conftest import open_page
from ui import cache, today


def _trained(name="Pinned block"):
    request = parse_request(goal="growth", experience="intermediate", equipment="full_gym")
    plan = build_plan(request, load_catalog(), load_presets())
    with PlanStore(os.environ["PLANNER_DB"]) as store:
        plan_id = store.save(plan, name)
        store.set_active_plan(plan_id)
    return plan_id, plan


def _pin_button(at):
    return at.button(key="today_pin")


def test_a_pinned_exercise_is_shown_pinned_and_offers_no_swap_until_unpinned():
    plan_id, plan = _trained()
    at = open_page("Today")
    first = plan.weeks[0].sessions[0].exercises[0]
    at.selectbox(key=today.SWAP_PICK).set_value(first.id).run()
    assert at.selectbox(key=today.SWAP_TO).options  # substitutes and "Leave it out"
    assert _pin_button(at).label.startswith("Pin")
    _pin_button(at).click().run()
    assert not at.exception
    assert any("Pinned" in s.value for s in at.success)
    card = at.get("caption")
    assert any("Pinned: kept" in c.value for c in card)
    assert at.selectbox(key=today.SWAP_TO).options == []
    assert at.selectbox(key=today.SWAP_TO).disabled and at.button(key="today_swap").disabled
    assert cache.store().pinned_exercises(plan_id) == {first.id}

    assert _pin_button(at).label == "Unpin"
    _pin_button(at).click().run()
    assert not at.exception
    assert any("Unpinned" in s.value for s in at.success)
    assert at.selectbox(key=today.SWAP_TO).options
    assert not any("Pinned: kept" in c.value for c in at.get("caption"))
    # History kept: both edits stay with the plan, in order.
    assert [e.kind for e in cache.store().plan_edits(plan_id)] == ["pin", "unpin"]


def test_a_pinned_exercise_cannot_be_left_out_even_with_a_choice_made_before_the_pin():
    plan_id, plan = _trained()
    at = open_page("Today")
    first = plan.weeks[0].sessions[0].exercises[0]
    at.selectbox(key=today.SWAP_PICK).set_value(first.id).run()
    at.selectbox(key=today.SWAP_TO).set_value("exclude").run()
    _pin_button(at).click().run()
    assert not at.exception
    assert at.selectbox(key=today.SWAP_TO).value is None
    # The page offers nothing to apply; an exclusion from elsewhere is refused by the store.
    with pytest.raises(PlanEditError, match="pinned"):
        cache.store().add_plan_edit(plan_id, PlanEdit(kind="exclude", exercise_id=first.id))
    assert [e.kind for e in cache.store().plan_edits(plan_id)] == ["pin"]
    assert any(b.key.startswith(f"today_done_1_1_{first.id}_") for b in at.checkbox)


def test_a_pinned_name_is_shown_as_text():
    hostile = "**Row** [x](https://evil.example)"
    plan_id, plan = _trained()
    store = cache.store()
    data = json.loads(store.export_json(plan_id))
    for week in data["plan"]["weeks"]:
        for s in week["sessions"]:
            for e in s["exercises"]:
                if e["id"] == plan.weeks[0].sessions[0].exercises[0].id:
                    e["name"] = hostile
    imported = store.import_json(json.dumps(data).encode())
    store.set_active_plan(imported)
    at = open_page("Today")
    at.selectbox(key=today.SWAP_PICK).set_value(plan.weeks[0].sessions[0].exercises[0].id).run()
    _pin_button(at).click().run()
    message = next(s.value for s in at.success if "Pinned" in s.value)
    assert "](" not in message and "**Row**" not in message
