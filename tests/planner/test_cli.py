"""The command line: build and exercises, with plain one-line errors and exit status 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from planner.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


BUILD = [
    "build",
    "--goal",
    "growth",
    "--experience",
    "intermediate",
    "--equipment",
    "dumbbell,bench,pullup_bar",
    "--weeks",
    "6",
    "--sessions",
    "2",
    "--minutes",
    "60",
]


def test_build_prints_the_whole_plan_as_json(capsys):
    code, out, err = run(capsys, *BUILD, "--format", "json")
    data = json.loads(out)
    assert code == 0 and err == ""
    assert len(data["weeks"]) == 6 and data["weeks"][-1]["deload"] is True
    assert data["request"]["equipment"] == ["bench", "dumbbell", "pullup_bar"]


def test_build_prints_one_week_as_csv(capsys):
    code, out, _ = run(capsys, *BUILD, "--format", "csv", "--week", "3")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and {r["week"] for r in rows} == {"3"}


def test_build_options_reach_the_plan(capsys):
    code, out, _ = run(
        capsys,
        "build",
        "--goal",
        "strength",
        "--experience",
        "advanced",
        "--equipment",
        "full_gym",
        "--model",
        "block",
        "--no-deload",
        "--lower",
        "0",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["model"] == "block"
    assert not any(w["deload"] for w in data["weeks"])
    assert data["request"]["emphasis"]["lower"] == 0


def test_build_text_is_readable(capsys):
    code, out, _ = run(capsys, *BUILD, "--week", "1")
    assert code == 0 and out.startswith("Muscle growth block") and "Session 2" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["build", "--goal", "growth", "--experience", "pro"], "invalid choice: 'pro'"),
        (
            ["build", "--goal", "growth", "--experience", "beginner", "--weeks", "20"],
            "choose 3 to 12 weeks",
        ),
        (
            ["build", "--goal", "growth", "--experience", "beginner", "--weeks", "six"],
            "invalid int value",
        ),
        (
            ["build", "--goal", "growth", "--experience", "beginner", "--equipment", "kettlebell"],
            "unknown equipment",
        ),
        (
            [
                "build",
                "--goal",
                "growth",
                "--experience",
                "beginner",
                "--equipment",
                "full_gym",
                "--week",
                "9",
                "--format",
                "csv",
            ],
            "week 9 is not in this plan",
        ),
        (["exercises", "--equipment", "laser"], "unknown equipment"),
        (["frobnicate"], "invalid choice"),
        ([], "required"),
    ],
)
def test_bad_input_exits_2_with_one_plain_line(capsys, args, needle):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and needle in err
    assert "Traceback" not in err


def test_exercises_lists_the_catalogue_filtered_by_equipment(capsys):
    code, out, _ = run(capsys, "exercises", "--equipment", "dumbbells_only", "--format", "json")
    items = json.loads(out)
    assert code == 0 and items
    assert all(any(set(option) <= {"dumbbell"} for option in e["equipment"]) for e in items)
    code, everything, _ = run(capsys, "exercises")
    assert len(everything.splitlines()) > len(items)


def test_python_dash_m_planner_exits_2_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "planner", "build", "--goal", "x"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and result.stdout == ""
