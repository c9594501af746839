"""`python -m planner --owner NAME ...`: a lifter's commands reach only their own plans, on both
engines; another owner's id is refused like a missing one (exit 2, one line, nothing changed)."""

from __future__ import annotations

import json
import re

import pytest

from planner.cli import main
from planner.logbook import CSV_COLUMNS
from planner.store import LOCAL_OWNER, MAX_OWNER_LENGTH, open_store

BUILD = ["--goal", "growth", "--experience", "intermediate", "--equipment", "full_gym"]
ALICE, BOB = "alice@example.com", "bob@example.com"


@pytest.fixture
def run(capsys, target, monkeypatch):
    """Run the CLI on the test's database; return (exit status, stdout, stderr)."""
    monkeypatch.delenv("PLANNER_OWNER", raising=False)

    def invoke(*argv: str) -> tuple[int, str, str]:
        status = main([*argv, "--db", str(target)])
        out, err = capsys.readouterr()
        return status, out, err

    return invoke


@pytest.fixture
def alices_plan(run) -> int:
    status, out, err = run("--owner", ALICE, "save", "--name", "Alice's block", *BUILD)
    assert (status, err) == (0, "")
    return int(out)


def _one_line_error(result) -> str:
    status, out, err = result
    assert status == 2, result
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "Traceback" not in err
    return err


def _as_missing(err: str, plan_id: int) -> str:
    return re.sub(rf"(?<=\s){plan_id}(?=[\s:;,.)]|$)", "<id>", err)


def _sets_csv(tmp_path, plan) -> str:
    lines = [",".join(CSV_COLUMNS)]
    for p in plan.weeks[0].sessions[0].exercises:
        lines.append(f"1,1,{p.id},1,60,{p.reps_max},{p.target_rir:g}")
    path = tmp_path / "sets.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _commands(plan_id: int, sets: str) -> list[list[str]]:
    n = str(plan_id)
    return [
        ["show", n],
        ["show", n, "--format", "json"],
        ["export", n],
        ["rename", n, "Mine now"],
        ["delete", n],
        ["log", n, "--file", sets],
        ["next", n],
        ["history", n],
    ]


def test_another_owner_cannot_reach_a_plan_by_a_crafted_id(
    run, target, alices_plan, plan, tmp_path
):
    with open_store(target, owner=ALICE) as store:
        before = store.export_json(alices_plan)
    sets = _sets_csv(tmp_path, plan)
    never_used = alices_plan + 10_000

    for command, same_for_missing in zip(
        _commands(alices_plan, sets), _commands(never_used, sets), strict=True
    ):
        crafted = _one_line_error(run("--owner", BOB, *command))
        missing = _one_line_error(run("--owner", BOB, *same_for_missing))
        assert _as_missing(crafted, alices_plan) == _as_missing(missing, never_used), command
        assert "no saved plan with id" in crafted
        assert ALICE not in crafted

    with open_store(target, owner=ALICE) as store:
        assert store.export_json(alices_plan) == before
        assert store.training_log(alices_plan).workouts == ()
    # The local lifter (no --owner) cannot reach it either.
    _one_line_error(run("show", str(alices_plan)))


def test_lists_are_per_owner_and_owner_may_come_after_the_command(run, alices_plan):
    status, out, _ = run("list", "--owner", ALICE, "--format", "json")
    assert status == 0 and [s["id"] for s in json.loads(out)] == [alices_plan]

    status, out, _ = run("--owner", BOB, "list")
    assert status == 0 and out.startswith(f"no saved plans of owner {BOB} in ")
    assert json.loads(run("list", "--format", "json")[1]) == []  # the local lifter's

    bobs = int(run("save", "--owner", BOB, "--name", "Bob's", *BUILD)[1])
    assert [s["id"] for s in json.loads(run("--owner", BOB, "list", "--format", "json")[1])] == [
        bobs
    ]
    # --owner after the command wins over one before it.
    listed = run("--owner", BOB, "list", "--owner", ALICE, "--format", "json")[1]
    assert [s["id"] for s in json.loads(listed)] == [alices_plan]


def test_the_owner_works_on_their_own_plan(run, target, alices_plan, plan, tmp_path):
    sets = _sets_csv(tmp_path, plan)
    assert run("--owner", ALICE, "rename", str(alices_plan), "Renamed")[0] == 0
    assert run("--owner", ALICE, "log", str(alices_plan), "--file", sets)[0] == 0
    assert run("--owner", ALICE, "history", str(alices_plan))[1].count("\n") > 1
    exported = run("--owner", ALICE, "export", str(alices_plan))[1]
    assert ALICE not in exported
    path = tmp_path / "alice.json"
    path.write_text(exported, encoding="utf-8")

    copy = int(run("--owner", BOB, "import", str(path))[1])  # Bob's copy, not Alice's

    with open_store(target, owner=BOB) as store:
        assert store.load(copy).name == "Renamed"
        assert store.for_owner(ALICE).count() == 1
    assert run("--owner", ALICE, "delete", str(alices_plan))[0] == 0
    assert run("--owner", BOB, "show", str(copy))[0] == 0


def test_planner_owner_is_the_default_owner(run, monkeypatch, alices_plan):
    monkeypatch.setenv("PLANNER_OWNER", ALICE)
    assert run("show", str(alices_plan))[0] == 0
    # --owner beats the environment.
    _one_line_error(run("--owner", LOCAL_OWNER, "show", str(alices_plan)))


@pytest.mark.parametrize(
    ("owner", "reason"),
    [
        ("", "cannot be empty"),
        (" alice", "spaces"),
        ("a\x1b[31mb", "control characters"),
        ("x" * (MAX_OWNER_LENGTH + 1), f"at most {MAX_OWNER_LENGTH} characters"),
    ],
)
@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["delete", "1"], ["save", *BUILD]])
def test_a_bad_owner_is_one_line_exit_2_and_touches_nothing(run, db_path, owner, reason, command):
    if command[0] == "save":
        command = [*command, "--name", "X"]
    err = _one_line_error(run("--owner", owner, *command))
    assert reason in err and "--owner" in err
    assert "\x1b" not in err
    assert len(err) < 300
    assert not db_path.exists()  # a DuckDB file was not created (the URL case: nothing saved)


def test_a_bad_planner_owner_names_the_variable(run, monkeypatch):
    monkeypatch.setenv("PLANNER_OWNER", "")
    err = _one_line_error(run("list"))
    assert "$PLANNER_OWNER" in err and "empty" in err


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["delete", "--help"]])
def test_help_explains_owner(capsys, argv):
    with pytest.raises(SystemExit):  # argparse prints the help and exits
        main(argv)
    out = " ".join(capsys.readouterr().out.split())
    assert "--owner NAME" in out and "$PLANNER_OWNER" in out and "'local'" in out


def test_the_real_command_refuses_a_bad_owner_without_a_traceback(db_path):
    import subprocess
    import sys

    from .conftest import subprocess_env

    env = {**subprocess_env(), "PLANNER_OWNER": "a\tb"}
    done = subprocess.run(
        [sys.executable, "-m", "planner", "list", "--db", str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("error: $PLANNER_OWNER: an owner cannot contain control")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
