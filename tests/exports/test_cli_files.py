"""`build --format pdf|ics` on the command line: files, pipes, and one-line errors with exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest
from icalendar import Calendar

from planner.cli import main
from tests.pdf_tools import pdf_info, pdf_pages_text

BUILD = [
    "build",
    "--goal",
    "strength",
    "--experience",
    "intermediate",
    "--equipment",
    "full_gym",
    "--weeks",
    "4",
    "--sessions",
    "2",
]


def run(capsys, *args):
    code = main([*BUILD, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("paper", "size"), [("a4", "595.28 x 841.89"), ("LETTER", "612 x 792")])
def test_pdf_of_one_week_goes_to_the_output_file(capsys, tmp_path, poppler, paper, size):
    target = tmp_path / "week.pdf"
    code, out, err = run(
        capsys, "--format", "pdf", "--week", "2", "--paper", paper, "-o", str(target)
    )
    assert code == 0 and err == "" and out.startswith(f"wrote {target} (pdf, ")
    info = pdf_info(target)
    assert info["Pages"] == "2" and info["Page size"].startswith(size)
    assert all("Week 2 · Session" in page for page in pdf_pages_text(target))


def test_pdf_of_the_whole_block_has_a_page_per_session(capsys, tmp_path, poppler):
    target = tmp_path / "block.pdf"
    assert run(capsys, "--format", "pdf", "--output", str(target))[0] == 0
    assert pdf_info(target)["Pages"] == str(4 * 2)


def test_ics_uses_the_start_date_and_days(capsys, tmp_path):
    target = tmp_path / "plan.ics"
    code, out, err = run(
        capsys, "--format", "ics", "--start", "2026-01-05", "--days", "tue,fri", "-o", str(target)
    )
    assert code == 0 and err == ""
    dates = [e.decoded("dtstart") for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert len(dates) == 8 and {d.weekday() for d in dates} == {1, 4}
    assert dates[0].isoformat() == "2026-01-06"


def test_ics_without_days_spreads_the_sessions_over_the_week(capsys, tmp_path):
    target = tmp_path / "plan.ics"
    assert run(capsys, "--format", "ics", "--start", "2026-01-05", "-o", str(target))[0] == 0
    dates = [e.decoded("dtstart") for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert {d.weekday() for d in dates} == {0, 3}


def test_a_file_format_is_refused_on_a_terminal_but_written_to_a_pipe(capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(capsys, "--format", "pdf")
    assert code == 2 and out == ""
    assert err == "error: pdf is a file format: add --output FILE (or redirect to a file)\n"
    piped = subprocess.run(
        [sys.executable, "-m", "planner", *BUILD, "--format", "pdf", "--week", "1"],
        capture_output=True,
        check=True,
    )
    assert piped.stdout.startswith(b"%PDF-") and piped.stdout.rstrip().endswith(b"%%EOF")


def test_text_formats_can_go_to_a_file_too(capsys, tmp_path):
    target = tmp_path / "week.csv"
    assert run(capsys, "--format", "csv", "--week", "1", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("week,session,part,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "ics"], "error: ics needs --start YYYY-MM-DD, the first day of week 1"),
        (["--format", "ics", "--start", "2026-02-30"], "error: start: '2026-02-30' is not a date"),
        (["--format", "ics", "--start", "05/01/2026"], "is not a date; use YYYY-MM-DD"),
        (["--format", "ics", "--start", "2026-01-05", "--days", "mon"], "choose 2 training days"),
        (
            ["--format", "ics", "--start", "2026-01-05", "--days", "mon,xyz"],
            "'xyz' is not a weekday",
        ),
        (["--format", "ics", "--start", "2026-01-05", "--week", "2"], "--week does not apply"),
        (["--format", "pdf", "--week", "9"], "error: week 9 is not in this plan; choose 1 to 4"),
        (["--format", "pdf", "--paper", "a5"], "invalid choice: 'a5' (choose from 'a4', 'letter')"),
    ],
)
def test_bad_values_give_one_line_and_exit_2(capsys, tmp_path, args, message):
    code, out, err = run(capsys, *args, "-o", str(tmp_path / "x"))
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x").exists()  # nothing half-written


def test_an_unwritable_output_path_is_one_line_too(capsys, tmp_path):
    code, _, err = run(capsys, "--format", "pdf", "-o", str(tmp_path / "no" / "such" / "x.pdf"))
    assert code == 2 and err.startswith("error: cannot write ") and err.count("\n") == 1


def test_a_saved_plan_prints_as_a_sheet_like_a_built_one(capsys, tmp_path, poppler):
    db = str(tmp_path / "plans.duckdb")
    assert main(["save", "--name", "Block", *BUILD[1:], "--db", db]) == 0
    plan_id = capsys.readouterr().out.split()[-1]
    built, shown = tmp_path / "built.pdf", tmp_path / "shown.pdf"
    assert run(capsys, "--format", "pdf", "--week", "1", "-o", str(built))[0] == 0
    assert (
        main(["show", plan_id, "--db", db, "--format", "pdf", "--week", "1", "-o", str(shown)]) == 0
    )
    assert shown.read_bytes() == built.read_bytes()
