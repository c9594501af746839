"""Saving and loading: the stored rows are the plan, field for field."""

from __future__ import annotations

import re
from datetime import UTC

import pytest

from planner.export import plan_json
from planner.store import PlanNotFoundError, PlanStore, SavedPlan, StoreError, open_store

from .conftest import REQUESTS


@pytest.mark.parametrize("key", REQUESTS)
def test_a_loaded_plan_equals_the_saved_plan_field_for_field(store: PlanStore, plans, key):
    plan = plans[key]
    plan_id = store.save(plan, "Block", "notes")

    loaded = store.load(plan_id)

    assert loaded.plan == plan
    assert loaded.plan.model_dump() == plan.model_dump()
    assert plan_json(loaded.plan) == plan_json(plan)


def test_a_loaded_plan_carries_its_id_name_notes_and_utc_timestamps(store: PlanStore, plan):
    plan_id = store.save(plan, "Winter block", "after the holidays")

    loaded = store.load(plan_id)

    assert isinstance(loaded, SavedPlan)
    assert (loaded.id, loaded.name, loaded.notes) == (plan_id, "Winter block", "after the holidays")
    assert loaded.created_at.tzinfo == UTC
    assert loaded.created_at == loaded.updated_at


def test_a_plan_survives_closing_and_reopening_the_file(target, big_plan):
    with open_store(target) as store:
        plan_id = store.save(big_plan, "Kept")
    with open_store(target) as store:
        assert store.load(plan_id).plan == big_plan


def test_saving_with_an_id_overwrites_that_plan_and_keeps_its_creation_time(store, plans):
    first, second = plans["growth_default"], plans["strength_12x3"]
    plan_id = store.save(first, "Block")
    created = store.load(plan_id).created_at

    same_id = store.save(second, "Block v2", "changed", plan_id=plan_id)

    loaded = store.load(plan_id)
    assert same_id == plan_id
    assert loaded.plan == second
    assert (loaded.name, loaded.notes) == ("Block v2", "changed")
    assert loaded.created_at == created
    assert loaded.updated_at > created
    assert store.count() == 1


def test_overwriting_a_plan_that_does_not_exist_is_refused(store: PlanStore, plan):
    with pytest.raises(PlanNotFoundError, match="no saved plan with id 42"):
        store.save(plan, "Block", plan_id=42)
    assert store.count() == 0


def test_each_save_of_a_new_plan_gets_a_new_id(store: PlanStore, plan):
    ids = [store.save(plan, f"Block {n}") for n in range(3)]

    assert len(set(ids)) == 3
    assert store.count() == 3


def test_loading_an_unknown_id_names_the_file(store: PlanStore, target):
    with pytest.raises(PlanNotFoundError, match=re.escape(str(target))):
        store.load(7)


def test_a_plan_whose_volume_contradicts_its_exercises_is_not_saved(store: PlanStore, plan):
    week = plan.weeks[0]
    wrong = week.volume.model_copy(update={"mid": week.volume.mid + 1})
    tampered = plan.model_copy(
        update={"weeks": (week.model_copy(update={"volume": wrong}), *plan.weeks[1:])}
    )

    with pytest.raises(StoreError, match="volume does not match"):
        store.save(tampered, "Bad")
    assert store.count() == 0


def test_a_closed_store_says_so(target, plan):
    store = open_store(target)
    store.close()

    with pytest.raises(StoreError, match="closed"):
        store.save(plan, "Late")
