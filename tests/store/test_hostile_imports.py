"""Tampered imports: out-of-range and non-finite numbers, wrong versions, deep nesting, huge
files. Each is refused whole, in one short line that names the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.errors import PlanFileError
from planner.export import MAX_PLAN_BYTES, plan_from_json, plan_json
from planner.store import InvalidPlanNameError, PlanStore

EXERCISE = ("plan", "weeks", 0, "sessions", 0, "exercises", 0)


def _export(store: PlanStore, plan) -> dict:
    return json.loads(store.export_json(store.save(plan, "Source")))


def _set(document: dict, path: tuple, value) -> dict:
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


# (where in the export document, the tampered value, the field the message must name)
TAMPERED = [
    ((*EXERCISE, "reps_min"), -5, "reps_min"),
    ((*EXERCISE, "reps_max"), 0, "reps_max"),
    ((*EXERCISE, "reps_min"), 40, "reps_min"),  # above reps_max
    ((*EXERCISE, "rest_s"), -100, "rest_s"),
    ((*EXERCISE, "target_rir"), -50, "target_rir"),
    ((*EXERCISE, "pct_1rm"), 500, "pct_1rm"),
    ((*EXERCISE, "sets"), 1_000_000, "sets"),
    ((*EXERCISE, "sets"), 3_000_000_000, "sets"),
    ((*EXERCISE, "order"), 0, "order"),
    (("plan", "weeks", 0, "target_rir"), 99, "target_rir"),
    (("plan", "weeks", 0, "sessions", 0, "minutes"), -1, "minutes"),
    (("plan", "landmarks", "mid", "mrv"), 1e6, "mrv"),
    (("plan", "planner_version"), 11, "planner_version"),
    (("plan", "planner_version"), "999.0", "planner_version"),
    (("plan", "planner_version"), "x", "planner_version"),
    (("format_version",), 0, "format_version"),
    (("format_version",), "1", "format_version"),
    (("format_version",), 1.5, "format_version"),
    (("name",), 7, "name"),
]


@pytest.mark.parametrize(("path", "value", "field"), TAMPERED, ids=[t[2] for t in TAMPERED])
def test_an_import_with_a_value_out_of_range_is_refused_naming_the_field(
    store, plan, path, value, field
):
    document = _set(_export(store, plan), path, value)

    with pytest.raises(PlanFileError) as refused:
        store.import_json(json.dumps(document))

    message = str(refused.value)
    assert field in message
    assert "nothing was imported" in message
    assert "\n" not in message
    assert store.count() == 1


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_an_import_with_a_non_finite_number_is_refused(store, plan, constant):
    text = json.dumps(_set(_export(store, plan), (*EXERCISE, "target_rir"), 1.5))
    text = text.replace('"target_rir": 1.5', f'"target_rir": {constant}', 1)

    with pytest.raises(PlanFileError, match="target_rir.*finite"):
        store.import_json(text)
    assert store.count() == 1


def test_an_export_of_any_saved_plan_re_imports(store, plans):
    for plan in plans.values():
        again = store.import_json(store.export_json(store.save(plan, "Round trip")))
        assert store.load(again).plan == plan


def test_json_nested_a_hundred_thousand_levels_is_refused_in_one_line(store):
    deep = "[" * 100_000 + "]" * 100_000
    for text in (deep, '{"format": "back-planner.saved-plan", "plan": ' + deep + "}"):
        with pytest.raises(PlanFileError, match="nests deeper than a plan can") as refused:
            store.import_json(text)
        assert "\n" not in str(refused.value)
    with pytest.raises(PlanFileError, match="nests deeper"):
        plan_from_json(deep)
    assert store.count() == 0


def test_moderately_deep_json_inside_a_plan_is_refused_as_too_deep(store, plan):
    document = json.loads(plan_json(plan))
    nested: object = 1
    for _ in range(500):
        nested = [nested]
    document["warnings"] = [nested]
    with pytest.raises(PlanFileError, match="nests deeper"):
        store.import_json(json.dumps(document))


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(store):
    text = " " * MAX_PLAN_BYTES + "{}"
    with pytest.raises(PlanFileError, match="too large: a plan file is at most 5 MB"):
        store.import_json(text)
    assert store.count() == 0


@pytest.fixture
def run(capsys, db_path):
    def invoke(*argv: str) -> tuple[int, str, str]:
        status = main([*argv, "--db", str(db_path)])
        out, err = capsys.readouterr()
        return status, out, err

    return invoke


def test_the_command_line_refuses_huge_and_deep_files_in_one_short_line(run, tmp_path: Path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.write(b"[" * 100 + b" " * (8 * 1024 * 1024))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for path, reason in ((huge, "too large"), (deep, "nests deeper")):
        status, out, err = run("import", str(path))
        assert status == 2 and out == ""
        assert err.count("\n") == 1 and str(path) in err and reason in err
        assert "unexpected" not in err and len(err) < 300


def test_the_command_line_names_the_file_and_field_of_a_tampered_import(run, tmp_path, plan):
    document = json.loads(plan_json(plan))
    document["weeks"][0]["sessions"][0]["exercises"][0]["rest_s"] = -100
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(document))

    status, out, err = run("import", str(path))

    assert status == 2 and out == ""
    assert str(path) in err and "rest_s" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "name", ["\u200b", " \u200b\u200c\u200d\u2060\ufeff ", "\u3164", "\u2800", "\n\t"]
)
def test_a_name_of_only_invisible_characters_counts_as_empty(store, plan, name):
    with pytest.raises(InvalidPlanNameError, match="visible"):
        store.save(plan, name)
    plan_id = store.save(plan, "Visible")
    with pytest.raises(InvalidPlanNameError, match="visible"):
        store.rename(plan_id, name)
    assert store.load(plan_id).name == "Visible"


def test_an_export_whose_name_is_only_a_zero_width_space_is_refused(store, plan):
    document = _export(store, plan)
    document["name"] = "\u200b"
    with pytest.raises(PlanFileError, match="name is empty"):
        store.import_json(json.dumps(document))
    assert store.count() == 1
