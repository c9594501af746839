"""Names and notes are stored exactly as typed; a blank name is refused."""

from __future__ import annotations

import pytest

from planner.store import InvalidPlanNameError, PlanStore

TRICKY_TEXT = [
    "O'Brien's \"peak\" block",
    "'; DROP TABLE plans; --",
    "Rücken & Bizeps — Überkompensation",
    "背中の日 💪🏽🔥",
    "tabs\tand\nnew lines\r\nand a trailing space ",
    "back\\slash and %s and ? and $1",
    "=cmd|' /C calc'!A0",
    "x" * 10_000,
]


@pytest.mark.parametrize("text", TRICKY_TEXT, ids=range(len(TRICKY_TEXT)))
def test_names_and_notes_are_stored_exactly_as_typed(store: PlanStore, plan, text):
    plan_id = store.save(plan, text, text)

    loaded = store.load(plan_id)
    (summary,) = store.list()

    assert (loaded.name, loaded.notes) == (text, text)
    assert (summary.name, summary.notes) == (text, text)


def test_a_rename_and_a_duplicate_keep_the_text_exactly(store: PlanStore, plan):
    plan_id = store.save(plan, "plain")

    store.rename(plan_id, TRICKY_TEXT[3])
    copy = store.duplicate(plan_id, TRICKY_TEXT[0])

    assert store.load(plan_id).name == TRICKY_TEXT[3]
    assert store.load(copy).name == TRICKY_TEXT[0]


def test_the_tables_survive_a_name_that_looks_like_sql(store: PlanStore, plan):
    store.save(plan, "'; DROP TABLE plans; --")
    store.save(plan, "second")

    assert store.count() == 2


@pytest.mark.parametrize("name", ["", " ", "\t\n", "\u3000"])
def test_an_empty_or_blank_name_is_refused(store: PlanStore, plan, name):
    with pytest.raises(InvalidPlanNameError, match="needs a name"):
        store.save(plan, name)
    assert store.count() == 0


def test_renaming_to_a_blank_name_is_refused_and_keeps_the_old_name(store: PlanStore, plan):
    plan_id = store.save(plan, "Keep")

    with pytest.raises(InvalidPlanNameError):
        store.rename(plan_id, "   ")
    assert store.load(plan_id).name == "Keep"


def test_text_that_is_not_valid_unicode_is_refused(store: PlanStore, plan):
    with pytest.raises(InvalidPlanNameError, match="not valid text"):
        store.save(plan, "broken \ud800 surrogate")
    with pytest.raises(InvalidPlanNameError, match="not valid text"):
        store.save(plan, "fine", notes="\udfff")
    assert store.count() == 0
