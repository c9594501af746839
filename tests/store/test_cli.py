"""The saved-plan commands of `python -m planner`: output on stdout, one-line errors, exit 2."""

from __future__ import annotations

import json

import pytest

from planner.cli import main
from planner.export import plan_json, plan_text, week_csv
from planner.store import PlanStore

BUILD = ["--goal", "growth", "--experience", "intermediate", "--equipment", "full_gym"]


@pytest.fixture
def run(capsys, db_path):
    """Run the CLI with --db on the test's file; return (exit status, stdout, stderr)."""

    def invoke(*argv: str, db: bool = True) -> tuple[int, str, str]:
        args = [*argv, "--db", str(db_path)] if db else list(argv)
        status = main(args)
        out, err = capsys.readouterr()
        return status, out, err

    return invoke


def _fails_with_one_line(result, *fragments: str) -> str:
    status, out, err = result
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err
    return err


def test_save_prints_the_new_plans_id(run, db_path, plan):
    status, out, err = run("save", "--name", "Winter block", "--notes", "8 weeks", *BUILD)

    assert (status, err) == (0, "")
    plan_id = int(out)
    with PlanStore(db_path) as store:
        saved = store.load(plan_id)
    assert (saved.name, saved.notes) == ("Winter block", "8 weeks")
    assert saved.plan == plan


def test_save_uses_planner_db_when_no_db_is_given(run, monkeypatch, tmp_path):
    target = tmp_path / "from-env.duckdb"
    monkeypatch.setenv("PLANNER_DB", str(target))

    status, out, _ = run("save", "--name", "Env", *BUILD, db=False)

    assert status == 0
    with PlanStore(target) as store:
        assert store.load(int(out)).name == "Env"


def test_save_refuses_a_blank_name(run):
    _fails_with_one_line(run("save", "--name", "  ", *BUILD), "needs a name")


def test_save_refuses_a_bad_request_like_build_does(run):
    _fails_with_one_line(run("save", "--name", "X", *BUILD, "--weeks", "40"), "weeks")


def test_save_without_a_name_is_a_usage_error(run):
    _fails_with_one_line(run("save", *BUILD), "--name")


def test_list_prints_a_table_newest_first(run):
    run("save", "--name", "Older", *BUILD)
    strength = ["--goal", "strength", "--experience", "advanced", "--equipment", "full_gym"]
    run("save", "--name", "Newer", *strength, "--weeks", "8", "--sessions", "3")

    status, out, _ = run("list")

    lines = out.splitlines()
    assert status == 0
    assert lines[0].split()[:3] == ["id", "name", "goal"]
    assert "Newer" in lines[1] and "strength" in lines[1] and "Advanced" in lines[1]
    assert "Older" in lines[2] and "growth" in lines[2]


def test_list_keeps_each_plan_on_one_line_however_long_its_name(run):
    run("save", "--name", "line one\nline two " + "x" * 300, *BUILD)

    _, out, _ = run("list")

    assert len(out.splitlines()) == 2
    assert "line one line two" in out


def test_list_as_json_is_an_array_of_summaries(run):
    run("save", "--name", "A", *BUILD)

    status, out, _ = run("list", "--format", "json")

    (summary,) = json.loads(out)
    assert status == 0
    assert summary["name"] == "A"
    assert {"id", "goal", "experience", "weeks", "sessions", "created_at"} <= set(summary)


def test_list_filters_by_goal(run):
    run("save", "--name", "G", *BUILD)

    _, out, _ = run("list", "--goal", "strength", "--format", "json")

    assert json.loads(out) == []


def test_list_of_a_database_that_does_not_exist_yet_is_empty_and_creates_nothing(run, db_path):
    status, out, _ = run("list")

    assert status == 0
    assert "no saved plans" in out and str(db_path) in out
    assert not db_path.exists()
    assert run("list", "--format", "json")[1] == "[]\n"


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_show_prints_what_build_prints(run, fmt):
    plan_id = run("save", "--name", "A", *BUILD)[1].strip()

    shown = run("show", plan_id, "--format", fmt)
    built = run("build", *BUILD, "--format", fmt, db=False)

    assert shown[0] == 0
    assert shown[1] == built[1]


def test_show_one_week_matches_the_planners_week_output(run, plan):
    plan_id = run("save", "--name", "A", *BUILD)[1].strip()

    assert run("show", plan_id, "--format", "csv", "--week", "2")[1] == week_csv(plan, 2).decode()
    assert run("show", plan_id, "--week", "2")[1] == plan_text(plan, 2)


def test_show_of_an_unknown_id_fails_with_one_line(run):
    run("save", "--name", "A", *BUILD)

    _fails_with_one_line(run("show", "99"), "no saved plan with id 99")


def test_show_of_a_week_outside_the_plan_fails_with_one_line(run):
    plan_id = run("save", "--name", "A", *BUILD)[1].strip()

    _fails_with_one_line(run("show", plan_id, "--week", "9"), "choose 1 to 5")


def test_show_with_a_mistyped_database_path_does_not_create_it(run, tmp_path):
    missing = tmp_path / "typo.duckdb"

    _fails_with_one_line(run("show", "1", "--db", str(missing), db=False), str(missing))
    assert not missing.exists()


def test_an_id_that_is_not_a_number_is_a_usage_error(run):
    _fails_with_one_line(run("show", "first"), "invalid plan id 'first': use a number")


@pytest.mark.parametrize("plan_id", ["0", "-3", "99999999999999999999999"])
def test_an_id_no_plan_can_have_is_a_usage_error_not_a_database_failure(run, plan_id):
    err = _fails_with_one_line(run("show", "--", plan_id), f"no plan can have id {plan_id}")
    assert "Try again" not in err


def test_rename_changes_the_name(run, db_path):
    plan_id = int(run("save", "--name", "Old", *BUILD)[1])

    status, out, _ = run("rename", str(plan_id), "New name")

    assert (status, out) == (0, f"renamed plan {plan_id}\n")
    with PlanStore(db_path) as store:
        assert store.load(plan_id).name == "New name"


def test_rename_of_an_unknown_id_or_to_a_blank_name_fails_with_one_line(run):
    plan_id = run("save", "--name", "Old", *BUILD)[1].strip()

    _fails_with_one_line(run("rename", "42", "New"), "no saved plan with id 42")
    _fails_with_one_line(run("rename", plan_id, " "), "needs a name")


def test_delete_removes_the_plan(run, db_path):
    keep = int(run("save", "--name", "Keep", *BUILD)[1])
    gone = int(run("save", "--name", "Gone", *BUILD)[1])

    status, out, _ = run("delete", str(gone))

    assert (status, out) == (0, f"deleted plan {gone}\n")
    with PlanStore(db_path) as store:
        assert [s.id for s in store.list()] == [keep]
    _fails_with_one_line(run("delete", str(gone)), f"no saved plan with id {gone}")


def test_export_prints_json_that_import_reads_back(run, db_path, tmp_path, plan):
    plan_id = run("save", "--name", "Shared", "--notes", "for Sam", *BUILD)[1].strip()
    status, out, _ = run("export", plan_id)
    exported = tmp_path / "shared.json"
    exported.write_text(out)

    assert status == 0
    assert json.loads(out)["plan"] == json.loads(plan_json(plan))
    status, out, _ = run("import", str(exported))

    assert status == 0
    with PlanStore(db_path) as store:
        imported = store.load(int(out))
    assert (imported.name, imported.notes, imported.plan) == ("Shared", "for Sam", plan)


def test_import_reads_build_json_and_takes_a_name(run, db_path, tmp_path, plan):
    built = tmp_path / "built.json"
    built.write_text(run("build", *BUILD, "--format", "json", db=False)[1])

    status, out, _ = run("import", str(built), "--name", "From build")

    assert status == 0
    with PlanStore(db_path) as store:
        assert store.load(int(out)).name == "From build"
        assert store.load(int(out)).plan == plan


def test_import_of_a_tampered_file_fails_with_one_line_naming_it_and_imports_nothing(
    run, db_path, tmp_path
):
    plan_id = run("save", "--name", "Source", *BUILD)[1].strip()
    document = json.loads(run("export", plan_id)[1])
    document["plan"]["weeks"][0]["volume"]["biceps"] = 99.0
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document))

    _fails_with_one_line(run("import", str(tampered)), str(tampered), "nothing was imported")
    with PlanStore(db_path) as store:
        assert store.count() == 1


def test_import_of_a_missing_or_foreign_file_fails_with_one_line(run, tmp_path):
    foreign = tmp_path / "photo.jpg"
    foreign.write_bytes(b"\xff\xd8\xff\xe0 not json at all")

    _fails_with_one_line(run("import", str(tmp_path / "none.json")), "cannot read it")
    _fails_with_one_line(run("import", str(foreign)), str(foreign), "not a JSON file")


def test_a_corrupt_database_fails_with_one_line_naming_it(run, db_path):
    db_path.write_bytes(b"\x00garbage" * 1000)

    for command in (["list"], ["show", "1"], ["save", "--name", "X", *BUILD]):
        _fails_with_one_line(run(*command), str(db_path), "not a back-planner database")
    assert db_path.read_bytes() == b"\x00garbage" * 1000


def test_every_store_command_takes_a_db_option(capsys):
    for command in ("save", "list", "show", "rename", "delete", "export", "import"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--db PATH" in capsys.readouterr().out
