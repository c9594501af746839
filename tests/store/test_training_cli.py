"""`python -m planner log | next | history`: sets from a CSV, the next session, the log as CSV."""

from __future__ import annotations

import json

import pytest

from planner.cli import main
from planner.logbook import CSV_COLUMNS
from planner.store import PlanStore


@pytest.fixture
def run(capsys, db_path):
    def invoke(*argv: str) -> tuple[int, str, str]:
        status = main([*argv, "--db", str(db_path)])
        out, err = capsys.readouterr()
        return status, out, err

    return invoke


@pytest.fixture
def saved(db_path, plan):
    with PlanStore(db_path) as store:
        return store.save(plan, "Block")


def sets_csv(tmp_path, plan, week=1, session=1, load="60", name="sets.csv", extra=""):
    lines = [",".join(CSV_COLUMNS)]
    for p in plan.weeks[week - 1].sessions[session - 1].exercises:
        for n in range(1, p.sets + 1):
            lines.append(f"{week},{session},{p.id},{n},{load},{p.reps_max},{p.target_rir:g}")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def one_line_error(result, *fragments):
    status, out, err = result
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def test_log_saves_the_sets_of_a_csv_file(run, saved, plan, tmp_path, db_path):
    status, out, err = run(
        "log", str(saved), "--file", str(sets_csv(tmp_path, plan)), "--day", "2026-05-04"
    )
    assert (status, err) == (0, "")
    sets = sum(p.sets for p in plan.weeks[0].sessions[0].exercises)
    assert out == f"logged 1 session ({sets} sets) to plan {saved}\n"
    with PlanStore(db_path) as store:
        log = store.training_log(saved)
    assert log.workouts[0].day.isoformat() == "2026-05-04"
    assert len(log.workouts[0].sets) == sets


def test_a_bad_row_refuses_the_whole_file_with_one_line(run, saved, plan, tmp_path, db_path):
    bad = sets_csv(tmp_path, plan, extra="1,2,row,1,2000,8,2\n")
    one_line_error(
        run("log", str(saved), "--file", str(bad)), "load must be 0 to 1000 kg", "nothing was saved"
    )
    with PlanStore(db_path) as store:
        assert store.training_log(saved).workouts == ()


def test_an_unknown_exercise_is_refused_by_name(run, saved, plan, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(CSV_COLUMNS) + "\n1,1,moon_press,1,50,8,2\n", encoding="utf-8")
    one_line_error(run("log", str(saved), "--file", str(bad)), "no exercise 'moon_press'")


def test_a_log_for_a_deleted_plan_is_refused(run, saved, plan, tmp_path, db_path):
    with PlanStore(db_path) as store:
        store.delete(saved)
    one_line_error(
        run("log", str(saved), "--file", str(sets_csv(tmp_path, plan))), "was it deleted"
    )


def test_a_missing_file_is_one_line(run, saved, tmp_path):
    one_line_error(run("log", str(saved), "--file", str(tmp_path / "none.csv")), "cannot read it")


def test_next_shows_the_next_session_and_its_loads_after_a_log(run, saved, plan, tmp_path):
    status, out, _ = run("next", str(saved), "--format", "json", "--today", "2026-05-04")
    first = json.loads(out)
    assert status == 0 and (first["week"], first["session"]) == (1, 1)
    assert all(e["load_kg"] is None for e in first["exercises"])
    for session in plan.weeks[0].sessions:
        run(
            "log",
            str(saved),
            "--file",
            str(sets_csv(tmp_path, plan, 1, session.session)),
            "--day",
            "2026-05-04",
        )
    status, out, _ = run("next", str(saved), "--format", "json", "--today", "2026-05-08")
    after = json.loads(out)
    assert (after["week"], after["session"]) == (2, 1)
    assert any(e["load_kg"] for e in after["exercises"])
    assert {f["rule"] for f in after["rules_fired"]} <= {
        "double_progression", "effort_miss", "load_from_estimate", "hold_load", "starting_load",
    }  # fmt: skip


def test_next_as_text_names_the_rules_with_readable_sources(run, saved):
    status, out, _ = run("next", str(saved))
    assert status == 0
    assert out.startswith("Week 1, session 1\n")
    assert "Rules applied:" in out and "Zourdos et al. 2016" in out
    assert "Z16" not in out and "JUDGEMENT" not in out


def test_history_prints_the_log_as_csv(run, saved, plan, tmp_path):
    run(
        "log",
        str(saved),
        "--file",
        str(sets_csv(tmp_path, plan, load="62.5")),
        "--day",
        "2026-05-04",
    )
    status, out, _ = run("history", str(saved), "--format", "csv")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "day,week,session,deload,exercise_id,set,load_kg,reps,rir"
    assert lines[1].startswith("2026-05-04,1,1,no,") and ",62.5," in lines[1]


def test_next_for_an_unknown_plan_is_one_line(run, saved):
    one_line_error(run("next", "999"), "no saved plan with id 999")
