"""Fuzzing import over the whole plan document: any field out of range, NaN, the wrong type,
missing, extra or nested absurdly deep. An import either lands whole and re-imports equal, or
is refused in one short line, and a refusal leaves the store exactly as it was."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import PlanFileError
from planner.store import PlanStore

DEEP = "__deep__"

HOSTILE_NUMBERS = st.sampled_from(
    [-(10**12), -100, -50, -5, -1, 0, 500, 3_000_000_000, 10**30, 1e308, -0.0, 0.5, 99.5]
)
NON_FINITE = st.sampled_from([float("nan"), float("inf"), float("-inf")])
WRONG_TYPES = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=20),
    st.sampled_from(["1", "999.0", "NaN", "", "![x](https://evil.example/x.png)"]),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(-3, 3), max_size=2),
)
VALUES = st.one_of(HOSTILE_NUMBERS, NON_FINITE, WRONG_TYPES, st.integers(), st.floats())


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document: the keys and indexes leading to each value."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


@pytest.fixture(scope="module")
def source(tmp_path_factory, plans) -> tuple[dict, list[tuple]]:
    path = tmp_path_factory.mktemp("fuzz-source") / "plans.duckdb"
    with PlanStore(path) as store:
        document = json.loads(store.export_json(store.save(plans["short_no_deload"], "Fuzz")))
    return document, _paths(document)


def _mutations(paths: list[tuple]):
    change = st.tuples(st.just("set"), st.sampled_from(paths), VALUES)
    drop = st.tuples(st.just("drop"), st.sampled_from(paths), st.none())
    extra = st.tuples(st.just("extra"), st.sampled_from(paths), VALUES)
    nest = st.tuples(st.just("nest"), st.sampled_from(paths), st.sampled_from([40, 1000, 100_000]))
    return st.lists(st.one_of(change, change, drop, extra, nest), min_size=1, max_size=3)


def _parent(document, path):
    node = document
    for key in path[:-1]:
        node = node[key]
    return node


def _apply(document: dict, mutations) -> str:
    depth = None
    for kind, path, value in mutations:
        try:
            parent = _parent(document, path)
            if kind == "set":
                parent[path[-1]] = value
            elif kind == "drop":
                del parent[path[-1]]
            elif kind == "extra":
                target = parent[path[-1]]
                if isinstance(target, dict):
                    target["unexpected"] = value
                elif isinstance(target, list):
                    target.append(value)
            elif kind == "nest":
                parent[path[-1]], depth = DEEP, value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this place
    text = json.dumps(document)
    if depth is not None:
        text = text.replace(json.dumps(DEEP), "[" * depth + "]" * depth)
    return text


def _contents(store: PlanStore) -> list[str]:
    return [store.export_json(s.id) for s in store.list()]


@pytest.fixture(scope="module")
def target(tmp_path_factory, plans):
    """A store with two plans in it, shared by every example: refusals must not change it."""
    path = tmp_path_factory.mktemp("fuzz-target") / "plans.duckdb"
    with PlanStore(path) as store:
        store.save(plans["growth_default"], "Kept one")
        store.save(plans["fat_loss_dumbbells"], "Kept two", "notes")
        yield store


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_tampered_import_lands_whole_or_is_refused_in_one_line_changing_nothing(
    data, source, target
):
    document, paths = source
    mutations = data.draw(_mutations(paths))
    text = _apply(json.loads(json.dumps(document)), mutations)
    before = _contents(target)
    try:
        new_id = target.import_json(text)
    except PlanFileError as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 600, message
        assert message.endswith("nothing was imported")
        assert _contents(target) == before
        return
    # Accepted: the plan is whole, valid and survives its own export.
    saved = target.load(new_id)
    again = target.import_json(target.export_json(new_id))
    assert target.load(again).plan == saved.plan
    for plan_id in (new_id, again):
        target.delete(plan_id)
    assert _contents(target) == before
