"""Export to JSON and import from JSON: a round trip, and refusal of anything else, whole."""

from __future__ import annotations

import json

import pytest

from planner.errors import PlanFileError
from planner.export import plan_json
from planner.store import EXPORT_FORMAT, PlanStore


def test_an_exported_plan_imports_as_an_equal_plan_with_its_name_and_notes(store, big_plan):
    plan_id = store.save(big_plan, "Peak", "meet in May")

    new_id = store.import_json(store.export_json(plan_id))

    imported = store.load(new_id)
    assert new_id != plan_id
    assert (imported.name, imported.notes) == ("Peak", "meet in May")
    assert imported.plan == big_plan
    assert plan_json(imported.plan) == plan_json(big_plan)


def test_the_export_wraps_the_planner_json_document(store: PlanStore, plan):
    document = json.loads(store.export_json(store.save(plan, "Block", "n")))

    assert document["format"] == EXPORT_FORMAT
    assert document["format_version"] == 1
    assert (document["name"], document["notes"]) == ("Block", "n")
    assert document["created_at"].endswith("Z")
    assert document["plan"] == json.loads(plan_json(plan))


def test_an_import_can_be_given_another_name(store: PlanStore, plan):
    text = store.export_json(store.save(plan, "Block"))

    assert store.load(store.import_json(text, name="Renamed")).name == "Renamed"


def test_plain_build_json_imports_with_a_default_name(store: PlanStore, plan):
    new_id = store.import_json(plan_json(plan).encode("utf-8"))

    imported = store.load(new_id)
    assert imported.plan == plan
    assert imported.name == "Muscle growth plan (imported)"


def _export(store: PlanStore, plan) -> dict:
    return json.loads(store.export_json(store.save(plan, "Source")))


def _tamper_volume(document: dict) -> dict:
    document["plan"]["weeks"][0]["volume"]["mid"] += 4
    return document


def _tamper_sets(document: dict) -> dict:
    document["plan"]["weeks"][1]["sessions"][0]["exercises"][0]["sets"] += 1
    return document


def _unknown_plan_field(document: dict) -> dict:
    document["plan"]["weeks"][0]["sessions"][0]["exercises"][0]["tempo"] = "3-1-1"
    return document


def _unknown_wrapper_field(document: dict) -> dict:
    document["owner"] = "someone"
    return document


def _bad_region_credit(document: dict) -> dict:
    document["plan"]["weeks"][0]["sessions"][0]["exercises"][0]["regions"]["mid"] = 0.7
    return document


def _missing_week(document: dict) -> dict:
    del document["plan"]["weeks"][2]
    return document


def _foreign_format(document: dict) -> dict:
    document["format"] = "some-other-app"
    return document


def _newer_format(document: dict) -> dict:
    document["format_version"] = 99
    return document


def _blank_name(document: dict) -> dict:
    document["name"] = "   "
    return document


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_tamper_volume, "volume does not match"),
        (_tamper_sets, "volume does not match"),
        (_unknown_plan_field, "tempo"),
        (_unknown_wrapper_field, "owner"),
        (_bad_region_credit, "must be 0, 0.5 or 1"),
        (_missing_week, "weeks must be numbered 1 to 5"),
        (_foreign_format, "not a back-planner export"),
        (_newer_format, "newer back-planner"),
        (_blank_name, "name is empty"),
    ],
)
def test_a_tampered_export_is_refused_and_nothing_is_imported(store, plan, tamper, message):
    text = json.dumps(tamper(_export(store, plan)))
    before = store.count()

    with pytest.raises(PlanFileError, match=message) as refused:
        store.import_json(text)

    assert "nothing was imported" in str(refused.value)
    assert store.count() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a JSON file"),
        ("{not json", "not a JSON file"),
        (b"\xff\xfe\x00garbage", "not a JSON file"),
        ("[1, 2, 3]", "not a back-planner plan"),
        ('{"name": "a shopping list", "items": ["eggs"]}', "not a back-planner plan"),
        ('{"request": {}, "weeks": []}', "not a valid plan"),
    ],
)
def test_a_foreign_or_broken_file_is_refused_and_nothing_is_imported(store, text, message):
    with pytest.raises(PlanFileError, match=message):
        store.import_json(text)
    assert store.count() == 0


def test_a_truncated_export_is_refused_and_nothing_is_imported(store: PlanStore, plan):
    text = store.export_json(store.save(plan, "Source"))

    for cut in (len(text) // 3, len(text) // 2, len(text) - 2):
        with pytest.raises(PlanFileError, match="not a JSON file"):
            store.import_json(text[:cut])
    assert store.count() == 1
