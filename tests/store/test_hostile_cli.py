"""The command line under hostile use: empty paths, terminal escapes in names, closed and
broken output, early Ctrl-C, flags that do not apply. One line on stderr, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from planner.cli import build_parser, main, request_from_args
from planner.export import plan_json
from planner.store import PlanStore

from .conftest import subprocess_env

BUILD = ["--goal", "growth", "--experience", "intermediate", "--equipment", "full_gym"]
# A title change, a screen clear, a bell, a C1 CSI, a carriage return and a bidi override.
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\rspoof\u202e"


@pytest.fixture
def run(capsys, db_path):
    def invoke(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        out, err = capsys.readouterr()
        return status, out, err

    return invoke


def _one_line_error(result, *fragments: str) -> str:
    status, out, err = result
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "Traceback" not in err and "unexpected" not in err
    for fragment in fragments:
        assert fragment in err
    return err


COMMANDS = [
    ["save", "--name", "x", *BUILD],
    ["list"],
    ["show", "1"],
    ["rename", "1", "y"],
    ["delete", "1"],
    ["export", "1"],
    ["import", "plan.json"],
]


@pytest.mark.parametrize("blank", ["", "  "])
@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_an_empty_db_path_is_refused_not_replaced_by_the_default(run, command, blank):
    _one_line_error(run(*command, "--db", blank), "--db is empty")


CONTROLS = {ch for ch in ESCAPES if not ch.isalnum() and ch not in "];[ "}


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if ch in CONTROLS]


def test_terminal_escapes_in_a_name_never_reach_the_terminal_through_list(run, db_path, plan):
    with PlanStore(db_path) as store:
        store.save(plan, f"Block {ESCAPES} end")

    status, out, _ = run("list", "--db", str(db_path))

    assert status == 0
    assert _raw_controls(out) == []
    assert "\\x1b" in out  # shown, not obeyed
    status, out, _ = run("list", "--format", "json", "--db", str(db_path))
    assert _raw_controls(out) == []
    assert json.loads(out)[0]["name"] == f"Block {ESCAPES} end"  # the value itself is intact


def test_terminal_escapes_in_an_imported_plan_never_reach_the_terminal_through_show(
    run, db_path, tmp_path, plan
):
    document = json.loads(plan_json(plan))
    document["weeks"][0]["sessions"][0]["exercises"][0]["name"] = f"Row {ESCAPES}"
    document["warnings"] = [f"warning {ESCAPES}"]
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(document))
    status, out, _ = run("import", str(source), "--name", f"N {ESCAPES}", "--db", str(db_path))
    assert status == 0
    plan_id = out.strip()

    for fmt in ("text", "csv", "json"):
        status, out, _ = run("show", plan_id, "--format", fmt, "--db", str(db_path))
        assert status == 0
        assert _raw_controls(out) == [], fmt
    status, exported, _ = run("export", plan_id, "--db", str(db_path))
    assert _raw_controls(exported) == []
    with PlanStore(db_path) as store:
        again = store.import_json(exported)
        assert store.load(again).name == f"N {ESCAPES}"
        assert store.load(again).plan == store.load(int(plan_id)).plan


def test_an_error_message_quoting_user_text_stays_one_inert_line(run, tmp_path):
    source = tmp_path / f"bad{ESCAPES}\nname.json"
    source.write_text("{")
    err = _one_line_error(run("import", str(source), "--db", str(tmp_path / "p.duckdb")))
    assert _raw_controls(err) == []


def _cli(*argv: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "planner", *argv],
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
        **popen,
    )


def test_a_closed_stdout_is_reported_in_one_line_without_a_traceback():
    child = _cli(
        "exercises", stdout=subprocess.DEVNULL, pass_fds=(), preexec_fn=lambda: os.close(1)
    )
    _, err = child.communicate(timeout=120)
    assert child.returncode == 2
    assert err == "error: cannot write the output: standard output is closed\n"


def test_output_into_a_closed_pipe_stops_quietly():
    child = _cli("exercises", stdout=subprocess.PIPE)
    child.stdout.read(10)
    child.stdout.close()  # like `| head -c 10`
    err = child.stderr.read()
    child.wait(timeout=120)
    assert "Traceback" not in err and "Exception ignored" not in err
    assert child.returncode == 0


# Runs `python -m planner list` and presses Ctrl-C (SIGINT to itself) at the first import of
# the module named in argv[1]: a chosen moment of start-up, not a guessed delay.
CTRL_C_AT_IMPORT = """
import builtins, os, runpy, signal, sys
moment, db = sys.argv[1], sys.argv[2]
real = builtins.__import__
pressed = []

def importing(name, *args, **kwargs):
    if name == moment and not pressed:
        pressed.append(name)
        os.kill(os.getpid(), signal.SIGINT)
    return real(name, *args, **kwargs)

builtins.__import__ = importing
sys.argv = ["-m", "list", "--db", db]
runpy.run_module("planner", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(
    "moment",
    ["planner.builder", "planner.models", "pydantic", "planner.cli", "planner.store", "duckdb"],
)
def test_ctrl_c_in_the_first_moments_exits_130_without_a_traceback(moment, tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CTRL_C_AT_IMPORT, moment, str(tmp_path / "p.duckdb")],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
    )
    assert done.stderr == ""
    assert done.returncode == 130


@pytest.mark.parametrize("week", ["99", "0", "2"])
def test_build_refuses_a_week_with_json_output_instead_of_ignoring_it(run, week):
    err = _one_line_error(run("build", *BUILD, "--format", "json", "--week", week))
    assert "week" in err


def test_build_refuses_a_week_outside_the_plan_in_every_format(run):
    for fmt in ("text", "csv", "json"):
        _one_line_error(run("build", *BUILD, "--format", fmt, "--week", "99"), "week 99")


def test_the_command_line_and_the_dashboard_assume_the_same_equipment(run):
    from ui.url import DEFAULT_REQUEST

    args = build_parser().parse_args(["build", "--goal", "growth", "--experience", "beginner"])
    assert request_from_args(args).equipment == DEFAULT_REQUEST.equipment
    status, out, _ = run("build", "--goal", "growth", "--experience", "beginner")
    assert status == 0  # the default plans; bodyweight only could not train biceps here


def test_bodyweight_only_is_still_one_flag_away(run):
    args = build_parser().parse_args(
        ["build", "--goal", "growth", "--experience", "beginner", "--equipment", ""]
    )
    assert request_from_args(args).equipment == ()
