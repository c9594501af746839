"""Owners: each lifter sees and changes only their own plans, logs and settings, on both engines.

Another owner's plan id must behave exactly like an id that was never used: the same exception
with the same words, and nothing changed. `for_owner` views share the store's connection.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.loads import LoadSettings
from planner.logbook import Feedback, SetLog, Workout
from planner.plan_edits import PlanEdit
from planner.store import (
    LOCAL_OWNER,
    MAX_OWNER_LENGTH,
    MIGRATIONS,
    PlanNotFoundError,
    PlanStore,
    StoreError,
    StoreValueError,
    check_owner,
    open_store,
)

ALICE = "https://issuer.example|alice"
BOB = "bob@example.com"
DAY = date(2026, 4, 6)


def whole(plan, week=1, session=1, load=60.0):
    prescriptions = plan.weeks[week - 1].sessions[session - 1].exercises
    sets = tuple(
        SetLog(exercise_id=p.id, set=n, load_kg=load, reps=p.reps_min, rir=p.target_rir)
        for p in prescriptions
        for n in range(1, p.sets + 1)
    )
    return Workout(week=week, session=session, day=DAY, sets=sets, feedback=Feedback(pump=2))


def snapshot(store: PlanStore, plan_id: int) -> dict:
    """Everything the owner can read about one plan, and their settings."""
    return {
        "saved": store.load(plan_id),
        "export": store.export_json(plan_id),
        "volume": store.weekly_volume(plan_id),
        "log": store.training_log(plan_id),
        "edits": store.plan_edits(plan_id),
        "list": store.list(),
        "count": store.count(),
        "active": store.active_plan_id(),
        "settings": store.load_settings(),
    }


@pytest.fixture
def alice(store: PlanStore) -> PlanStore:
    return store.for_owner(ALICE)


@pytest.fixture
def bob(store: PlanStore) -> PlanStore:
    return store.for_owner(BOB)


@pytest.fixture
def alices_plan(alice: PlanStore, plan) -> int:
    """A plan of Alice's with a logged workout, an edit, her settings and it as her active plan."""
    plan_id = alice.save(plan, "Alice's block", "her notes")
    alice.save_workout(plan_id, whole(plan))
    first = plan.weeks[0].sessions[0].exercises[0]
    alice.add_plan_edit(plan_id, PlanEdit(kind="pin", exercise_id=first.id))
    alice.save_settings(LoadSettings(unit="lb", barbell_step=5.0))
    alice.set_active_plan(plan_id)
    return plan_id


def _operations(plan):
    """Every store call that names a plan id, as (what, call(store, id))."""
    first = plan.weeks[0].sessions[0].exercises[0]
    return [
        ("load", lambda s, i: s.load(i)),
        ("save over", lambda s, i: s.save(plan, "Taken over", plan_id=i)),
        ("rename", lambda s, i: s.rename(i, "Mine now")),
        ("duplicate", lambda s, i: s.duplicate(i)),
        ("duplicate named", lambda s, i: s.duplicate(i, "My copy")),
        ("delete", lambda s, i: s.delete(i)),
        ("export", lambda s, i: s.export_json(i)),
        ("weekly volume", lambda s, i: s.weekly_volume(i)),
        ("week csv", lambda s, i: s.week_csv(i, 1)),
        ("training log", lambda s, i: s.training_log(i)),
        ("log csv", lambda s, i: s.log_csv(i)),
        ("log a workout", lambda s, i: s.save_workout(i, whole(plan, 1, 2))),
        ("log workouts", lambda s, i: s.save_workouts(i, (whole(plan, 2, 1),))),
        ("plan edits", lambda s, i: s.plan_edits(i)),
        ("pinned", lambda s, i: s.pinned_exercises(i)),
        ("training plan", lambda s, i: s.training_plan(i)),
        ("add edit", lambda s, i: s.add_plan_edit(i, PlanEdit(kind="unpin", exercise_id=first.id))),
        ("set active", lambda s, i: s.set_active_plan(i)),
    ]


def _refusal(call, store, plan_id) -> str:
    with pytest.raises(PlanNotFoundError) as refused:
        call(store, plan_id)
    # The id as a word of the message (not inside the file's path).
    return re.sub(rf"(?<=\s){plan_id}(?=[\s:;,.)]|$)", "<id>", str(refused.value))


def test_another_owners_plan_id_reads_exactly_like_a_missing_one(alice, bob, alices_plan, plan):
    before = snapshot(alice, alices_plan)
    bobs_before = (bob.list(), bob.count(), bob.active_plan_id(), bob.load_settings())
    never_used = alices_plan + 10_000

    for what, call in _operations(plan):
        crafted = _refusal(call, bob, alices_plan)
        missing = _refusal(call, bob, never_used)
        assert crafted == missing, what
        assert ALICE not in crafted

    assert snapshot(alice, alices_plan) == before
    assert (bob.list(), bob.count(), bob.active_plan_id(), bob.load_settings()) == bobs_before


def test_the_owner_still_can_do_all_of_it(alice, alices_plan, plan):
    # The same calls succeed for the plan's owner: the refusals above are about the owner.
    for what, call in _operations(plan):
        if what != "delete":
            call(alice, alices_plan)
    assert len(alice.training_log(alices_plan).workouts) == 3
    assert alice.load(alices_plan).name == "Mine now"
    assert alice.count() == 3  # the two duplicates
    alice.delete(alices_plan)
    assert alice.count() == 2


def test_lists_and_counts_are_per_owner(store, alice, bob, plans):
    a1 = alice.save(plans["growth_default"], "A growth")
    a2 = alice.save(plans["strength_12x3"], "A strength")
    b1 = bob.save(plans["strength_12x3"], "B strength")
    local = store.save(plans["fat_loss_dumbbells"], "Local")

    assert [s.id for s in alice.list()] == [a2, a1]
    assert [s.id for s in bob.list()] == [b1]
    assert [s.id for s in store.list()] == [local]
    assert [s.id for s in alice.list(goal="strength")] == [a2]
    assert [s.id for s in bob.list(goal="growth")] == []
    assert [s.id for s in alice.list(limit=1)] == [a2]
    assert (alice.count(), bob.count(), store.count()) == (2, 1, 1)
    assert store.for_owner("nobody").list() == []
    assert store.for_owner("nobody").count() == 0


def test_settings_and_active_plan_are_per_owner(alice, bob, alices_plan, plan):
    assert bob.load_settings() == LoadSettings()
    assert bob.active_plan_id() is None

    bob.save_settings(LoadSettings(unit="kg", dumbbell_step=1.0))
    bobs_plan = bob.save(plan, "Bob's")
    bob.set_active_plan(bobs_plan)

    assert alice.load_settings() == LoadSettings(unit="lb", barbell_step=5.0)
    assert alice.active_plan_id() == alices_plan
    assert bob.load_settings() == LoadSettings(unit="kg", dumbbell_step=1.0)
    assert bob.active_plan_id() == bobs_plan
    bob.set_active_plan(None)
    assert alice.active_plan_id() == alices_plan


def test_a_deleted_plan_is_no_ones_active_plan(alice, alices_plan):
    alice.delete(alices_plan)
    assert alice.active_plan_id() is None


def test_an_export_carries_no_owner_and_an_import_is_the_importers(alice, bob, alices_plan):
    text = alice.export_json(alices_plan)
    assert ALICE not in text and "owner" not in json.loads(text)

    copy = bob.import_json(text)

    assert bob.load(copy).plan == alice.load(alices_plan).plan
    assert bob.weekly_volume(copy) == alice.weekly_volume(alices_plan)
    assert [s.id for s in bob.list()] == [copy]
    assert [s.id for s in alice.list()] == [alices_plan]
    with pytest.raises(PlanNotFoundError):
        alice.load(copy)
    # The copy has none of Alice's training: a log and edits belong to a plan, not its file.
    assert bob.training_log(copy).workouts == ()
    assert bob.plan_edits(copy) == ()


def test_a_crafted_file_cannot_choose_its_owner(alice, bob, alices_plan):
    from planner.errors import PlanFileError

    document = json.loads(alice.export_json(alices_plan))
    document["owner"] = BOB
    with pytest.raises(PlanFileError, match="owner"):
        alice.import_json(json.dumps(document))
    assert (alice.count(), bob.count()) == (1, 0)


def test_a_duplicate_is_the_owners(alice, bob, alices_plan):
    copy = alice.duplicate(alices_plan)
    assert alice.load(copy).name == "Alice's block (copy)"
    assert {s.id for s in alice.list()} == {alices_plan, copy}
    assert bob.list() == []


def test_weekly_volume_is_right_for_each_owner(alice, bob, plans):
    growth, strength = plans["growth_default"], plans["strength_12x3"]
    a = alice.save(growth, "A")
    b = bob.save(strength, "B")
    assert alice.weekly_volume(a) == {w.week: w.volume for w in growth.weeks}
    assert bob.weekly_volume(b) == {w.week: w.volume for w in strength.weeks}


def test_the_local_owner_is_the_default(target, plan):
    with open_store(target) as store:
        plan_id = store.save(plan, "Mine")
        assert store.owner == LOCAL_OWNER == "local"
        assert store.for_owner(LOCAL_OWNER).load(plan_id).name == "Mine"
    with open_store(target, owner=BOB) as bobs:
        assert bobs.owner == BOB
        assert bobs.list() == []
        assert bobs.for_owner(LOCAL_OWNER).count() == 1


def test_views_share_the_stores_connection(store, plan, monkeypatch):
    plan_id = store.save(plan, "Mine")
    store.list()  # the store now has a reading connection (DuckDB) or an idle one (PostgreSQL)
    opened = []
    original = type(store)._connect
    monkeypatch.setattr(
        type(store), "_connect", lambda self, *a, **kw: opened.append(1) or original(self, *a, **kw)
    )

    views = [store.for_owner(f"lifter {n}") for n in range(50)]
    for view in views:
        assert view.list() == []
        with pytest.raises(PlanNotFoundError):
            view.load(plan_id)
    again = store.for_owner(LOCAL_OWNER).load(plan_id)

    assert opened == []
    assert again.name == "Mine"
    assert [v.owner for v in views[:2]] == ["lifter 0", "lifter 1"]
    assert views[0].for_owner("x").owner == "x"
    assert views[0].is_view and not store.is_view


def test_closing_a_view_leaves_the_store_open(store, plan):
    plan_id = store.save(plan, "Mine")
    with store.for_owner(BOB) as view:
        view.save(plan, "Bob's")
    view.close()  # twice is fine

    with pytest.raises(StoreError, match="closed"):
        view.list()
    assert store.load(plan_id).name == "Mine"
    assert store.for_owner(BOB).count() == 1


def test_closing_the_store_ends_its_views(target, plan):
    opened = open_store(target)
    view = opened.for_owner(BOB)
    view.save(plan, "Bob's")
    opened.close()

    with pytest.raises(StoreError, match="closed"):
        view.list()
    with open_store(target, owner=BOB) as reopened:
        assert reopened.count() == 1


BAD_OWNERS = [
    ("", "empty"),
    (" alice", "spaces"),
    ("alice\n", "spaces"),
    ("x" * (MAX_OWNER_LENGTH + 1), f"at most {MAX_OWNER_LENGTH}"),
    ("ali\x00ce", "control characters"),
    ("ali\x1bce", "control characters"),
    ("ali\u2028ce", "control characters"),
    ("evil\u202egro.elpmaxe@", "control characters"),
    (None, "text"),
    (7, "text"),
]


@pytest.mark.parametrize(("owner", "reason"), BAD_OWNERS)
def test_a_bad_owner_is_refused_with_a_clear_message(store, db_path, owner, reason):
    with pytest.raises(StoreValueError, match=reason):
        store.for_owner(owner)
    fresh = db_path.with_name("never.duckdb")
    with pytest.raises(StoreValueError, match=reason):
        open_store(fresh, owner=owner)
    assert not fresh.exists()


@pytest.mark.parametrize(
    "owner",
    [
        "a",
        "x" * MAX_OWNER_LENGTH,
        "Zoë.Åberg@exämple.org",
        "https://id.example/|12345",
        # the longest subject OIDC allows (255) after a long issuer
        "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0|" + "s" * 255,
    ],
)
def test_good_owners_are_kept_exactly(store, plan, owner):
    assert check_owner(owner) == owner
    view = store.for_owner(owner)
    plan_id = view.save(plan, "Theirs")
    assert [s.id for s in store.for_owner(owner).list()] == [plan_id]
    # Owners are compared exactly: another spelling is another lifter.
    assert store.for_owner(owner.swapcase()[:-1] + "!").list() == []


def test_lifters_on_threads_share_one_store_and_each_sees_their_own(store, plan):
    """The dashboard's case: one store, a view per session, sessions on their own threads."""
    from concurrent.futures import ThreadPoolExecutor

    def session(n: int) -> tuple[list[int], list[int]]:
        view = store.for_owner(f"lifter {n}")
        saved = [view.save(plan, f"plan {k} of {n}") for k in range(3)]
        return saved, [s.id for s in view.list()]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(session, range(4)))

    for saved, listed in results:
        assert listed == saved[::-1]
    assert store.count() == 0


# -- upgrading a database from before owners (schema version 4) ----------------------------------


def _engine_versions(target) -> list[int]:
    from .v4_fixture import _Engine

    engine = _Engine(target)
    try:
        return [r[0] for r in engine.run("SELECT version FROM schema_migrations ORDER BY 1")]
    finally:
        engine.close()


def test_a_v4_database_upgrades_in_place_and_everything_is_the_local_lifters(target, plan):
    from .v4_fixture import V4_CREATED, V4_SETTINGS, make_v4_database

    ids = make_v4_database(target, plan)
    assert _engine_versions(target) == [1, 2, 3, 4]
    first = plan.weeks[0].sessions[0].exercises[0]

    with open_store(target) as store:
        assert store.owner == LOCAL_OWNER
        assert [s.id for s in store.list()] == [ids["other"], ids["plan"]]
        saved = store.load(ids["plan"])
        assert (saved.name, saved.notes, saved.plan) == ("Old block", "before accounts", plan)
        assert saved.created_at.replace(tzinfo=None) == V4_CREATED
        assert store.weekly_volume(ids["plan"]) == {w.week: w.volume for w in plan.weeks}
        log = store.training_log(ids["plan"])
        assert [(w.week, w.session, w.notes) for w in log.workouts] == [(1, 1, "old notes")]
        assert [(s.exercise_id, s.load_kg) for s in log.workouts[0].sets] == [(first.id, 62.5)]
        assert log.workouts[0].feedback == Feedback(soreness=1, pump=2, performance="same")
        assert store.pinned_exercises(ids["plan"]) == {first.id}
        unit, barbell, dumbbell, machine = V4_SETTINGS
        assert store.load_settings() == LoadSettings(
            unit=unit, barbell_step=barbell, dumbbell_step=dumbbell, machine_step=machine
        )
        assert store.active_plan_id() == ids["plan"]

        # Nobody else sees any of it, and new plans get new ids.
        other = store.for_owner(BOB)
        assert (other.list(), other.count(), other.active_plan_id()) == ([], 0, None)
        assert other.load_settings() == LoadSettings()
        with pytest.raises(PlanNotFoundError):
            other.load(ids["plan"])
        new = other.save(plan, "Bob's first")
        assert new not in (ids["plan"], ids["other"])
        assert [s.id for s in store.list()] == [ids["other"], ids["plan"]]

    assert _engine_versions(target) == [m.version for m in MIGRATIONS]
    with open_store(target, read_only=True) as again:  # reopening applies nothing twice
        assert again.count() == 2
    if isinstance(target, str):  # PostgreSQL: the upgrade made the per-owner list index
        from .v4_fixture import _Engine

        engine = _Engine(target)
        try:
            names = {r[0] for r in engine.run("SELECT indexname FROM pg_indexes")}
        finally:
            engine.close()
        assert "plans_owner_newest" in names and "plans_newest" not in names


def test_a_view_of_a_read_only_store_is_read_only(target, plan):
    from planner.store import StoreReadOnlyError

    with open_store(target) as store:
        store.for_owner(BOB).save(plan, "Bob's")
    with open_store(target, read_only=True) as reader:
        view = reader.for_owner(BOB)
        assert view.read_only and view.count() == 1
        with pytest.raises(StoreReadOnlyError):
            view.save(plan, "Another")
        assert view.count() == 1


# -- interleaved lifters against a model -------------------------------------------------------

OWNERS = ("alice", "bob", "carol")
STEP = st.tuples(
    st.sampled_from(("save", "rename", "duplicate", "delete", "activate", "settings", "load")),
    st.sampled_from(OWNERS),
    st.integers(0, 30),  # which id: one of those made so far (any owner's), or a never-used one
    st.sampled_from(("kg", "lb")),
)


@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=12))
def test_interleaved_lifters_each_see_exactly_their_own_plans(store, plans, steps):
    # The store is shared by every example: this example's lifters get names of their own.
    run = next(_RUNS)
    owner_name = {o: f"{o}-{run}" for o in OWNERS}
    views = {o: store.for_owner(owner_name[o]) for o in OWNERS}
    kinds = list(plans.values())
    mine: dict[str, dict[int, str]] = {o: {} for o in OWNERS}  # the model: id -> name
    active: dict[str, int | None] = dict.fromkeys(OWNERS)
    units = dict.fromkeys(OWNERS, "kg")
    made: list[int] = []

    for n, (action, who, pick, unit) in enumerate(steps):
        view = views[who]
        plan_id = made[pick % len(made)] if made and pick < 25 else 10**12 + pick
        expected = plan_id in mine[who]
        try:
            if action == "save":
                new = view.save(kinds[pick % len(kinds)], f"plan {n}")
                mine[who][new] = f"plan {n}"
                made.append(new)
                expected = True
            elif action == "settings":
                view.save_settings(LoadSettings(unit=unit))
                units[who] = unit
                expected = True
            elif action == "rename":
                view.rename(plan_id, f"renamed {n}")
                mine[who][plan_id] = f"renamed {n}"
            elif action == "duplicate":
                new = view.duplicate(plan_id)
                mine[who][new] = mine[who][plan_id] + " (copy)"
                made.append(new)
            elif action == "delete":
                view.delete(plan_id)
                del mine[who][plan_id]
            elif action == "activate":
                view.set_active_plan(plan_id)
                active[who] = plan_id
            else:
                assert view.load(plan_id).name == mine[who][plan_id]
        except PlanNotFoundError:
            assert not expected, (action, who, plan_id)
        else:
            assert expected, (action, who, plan_id)

        for owner, other in views.items():
            listed = {s.id: s.name for s in other.list()}
            assert listed == mine[owner]
            assert other.count() == len(mine[owner])
            live = active[owner] if active[owner] in mine[owner] else None
            assert other.active_plan_id() == live
            assert other.load_settings().unit == units[owner]


_RUNS = itertools.count()
