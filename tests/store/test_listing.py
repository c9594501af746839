"""Listing saved plans, and renaming, duplicating and deleting them."""

from __future__ import annotations

import pytest

from planner.errors import InvalidRequestError
from planner.store import PlanNotFoundError, PlanStore, PlanSummary


def test_the_list_shows_the_newest_plan_first(store: PlanStore, plans):
    first = store.save(plans["growth_default"], "First")
    second = store.save(plans["strength_12x3"], "Second")
    third = store.save(plans["fat_loss_dumbbells"], "Third")

    assert [s.id for s in store.list()] == [third, second, first]


def test_a_summary_holds_name_goal_level_weeks_sessions_and_creation_time(store, big_plan):
    plan_id = store.save(big_plan, "Peak", "meet prep")

    (summary,) = store.list()

    assert isinstance(summary, PlanSummary)
    assert summary.model_dump(exclude={"created_at", "updated_at"}) == {
        "id": plan_id,
        "name": "Peak",
        "notes": "meet prep",
        "goal": "strength",
        "experience": "advanced",
        "weeks": 12,
        "sessions": 3,
    }
    assert summary.created_at == store.load(plan_id).created_at


def test_the_list_can_be_filtered_by_goal(store: PlanStore, plans):
    growth = store.save(plans["growth_default"], "G1")
    store.save(plans["strength_12x3"], "S1")
    growth_again = store.save(plans["undulating_emphasis"], "G2")

    assert [s.id for s in store.list(goal="growth")] == [growth_again, growth]
    assert [s.name for s in store.list(goal="strength")] == ["S1"]
    assert store.list(goal="fat_loss") == []


def test_an_unknown_goal_filter_is_refused_with_the_choices(store: PlanStore):
    with pytest.raises(InvalidRequestError, match="fat_loss, growth, strength"):
        store.list(goal="bulk")


def test_the_list_can_be_limited_to_the_newest_plans(store: PlanStore, plan):
    ids = [store.save(plan, f"Block {n}") for n in range(5)]

    assert [s.id for s in store.list(limit=2)] == ids[:2:-1][:2]
    assert store.list(limit=0) == []


def test_an_empty_store_lists_nothing(store: PlanStore):
    assert store.list() == []
    assert store.count() == 0


def test_renaming_changes_only_the_name_and_update_time(store: PlanStore, plan):
    plan_id = store.save(plan, "Old", "keep me")
    before = store.load(plan_id)

    store.rename(plan_id, "New")

    after = store.load(plan_id)
    assert (after.name, after.notes, after.plan) == ("New", "keep me", plan)
    assert after.created_at == before.created_at
    assert after.updated_at > before.updated_at


def test_renaming_an_unknown_plan_is_refused(store: PlanStore):
    with pytest.raises(PlanNotFoundError):
        store.rename(3, "Anything")


def test_duplicating_copies_the_whole_plan_under_a_new_id(store: PlanStore, big_plan):
    original = store.save(big_plan, "Peak", "notes stay")

    copy = store.duplicate(original)

    loaded = store.load(copy)
    assert copy != original
    assert (loaded.name, loaded.notes) == ("Peak (copy)", "notes stay")
    assert loaded.plan == big_plan
    assert store.weekly_volume(copy) == store.weekly_volume(original)
    assert store.list()[0].id == copy


def test_a_duplicate_can_be_given_its_own_name(store: PlanStore, plan):
    copy = store.duplicate(store.save(plan, "Base"), "Variant")

    assert store.load(copy).name == "Variant"


def test_a_duplicate_is_independent_of_its_original(store: PlanStore, plan):
    original = store.save(plan, "Base")
    copy = store.duplicate(original)

    store.delete(original)

    assert store.load(copy).plan == plan


def test_duplicating_an_unknown_plan_is_refused_and_saves_nothing(store: PlanStore):
    with pytest.raises(PlanNotFoundError):
        store.duplicate(9)
    assert store.count() == 0


def test_deleting_removes_the_plan_and_all_its_rows(store: PlanStore, plans):
    keep = store.save(plans["growth_default"], "Keep")
    gone = store.save(plans["strength_12x3"], "Gone")

    store.delete(gone)

    assert [s.id for s in store.list()] == [keep]
    with pytest.raises(PlanNotFoundError):
        store.load(gone)
    with pytest.raises(PlanNotFoundError):
        store.weekly_volume(gone)
    assert store.load(keep).plan == plans["growth_default"]


def test_deleting_an_unknown_plan_is_refused(store: PlanStore):
    with pytest.raises(PlanNotFoundError, match="no saved plan with id 5"):
        store.delete(5)
