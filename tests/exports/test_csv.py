"""The CSV a spreadsheet keeps intact: one row per set, numbers as numbers, no date-like text."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest

from planner.export import (
    CSV_COLUMNS,
    LOG_COLUMNS,
    RATIONALE_LIMIT,
    plan_csv,
    short_rationale,
    week_csv,
)
from planner.models import EQUIPMENT_LABELS

# What Excel, LibreOffice and Google Sheets turn into a date: 8-10, 8/10, 2026-01-05, 3.5.2026
# (a decimal such as 2.5 stays a number)
DATE_LIKE = re.compile(
    r"^\s*(\d{1,4}\s*[-/]\s*\d{1,2}(\s*[-/]\s*\d{1,4})?|\d{1,2}\.\d{1,2}\.\d{2,4})\s*$"
)


def read(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_every_working_set_has_its_own_row_numbered_1_to_sets(sample_plans):
    for plan in sample_plans:
        rows = read(plan_csv(plan))
        work = [r for r in rows if r["part"] == "work"]
        expected = {
            (w.week, s.session, p.order): p.sets
            for w in plan.weeks
            for s in w.sessions
            for p in s.exercises
        }
        counted = Counter((int(r["week"]), int(r["session"]), int(r["order"])) for r in work)
        assert counted == expected, plan.request
        for row in work:
            assert 1 <= int(row["set"]) <= int(row["sets"])
        numbers = [(r["week"], r["session"], r["order"], int(r["set"])) for r in work]
        assert len(set(numbers)) == len(numbers)


def test_warm_up_rows_open_and_cool_down_rows_close_each_session(sample_plans):
    for plan in sample_plans[:6]:
        week = plan.weeks[-1]
        rows = read(week_csv(plan, week.week))
        for session in week.sessions:
            parts = [r["part"] for r in rows if r["session"] == str(session.session)]
            warmups, coolers = len(session.warmup), len(session.cooldown)
            assert parts[:warmups] == ["warm-up"] * warmups
            assert parts[len(parts) - coolers :] == ["cool-down"] * coolers
            assert set(parts[warmups : len(parts) - coolers]) == {"work"}
            names = [r["exercise"] for r in rows if r["session"] == str(session.session)]
            assert names[:warmups] == [w.name for w in session.warmup]


def test_reps_are_two_number_columns_and_a_text_no_spreadsheet_reads_as_a_date(sample_plans):
    for plan in sample_plans:
        items = {
            (w.week, s.session, p.order): p
            for w in plan.weeks
            for s in w.sessions
            for p in s.exercises
        }
        for row in read(plan_csv(plan)):
            for column, cell in row.items():
                assert not DATE_LIKE.match(cell), (column, cell)
            if row["part"] != "work":
                continue
            item = items[(int(row["week"]), int(row["session"]), int(row["order"]))]
            assert (int(row["reps_min"]), int(row["reps_max"])) == (item.reps_min, item.reps_max)
            assert row["reps"].startswith(str(item.reps_min))
            if item.reps_min != item.reps_max:
                assert f"{item.reps_min} to {item.reps_max}" in row["reps"]
            assert int(row["rest_s"]) == item.rest_s
            assert float(row["target_rir"]) == item.target_rir


def test_equipment_is_written_as_readable_names(sample_plans):
    labels = set(EQUIPMENT_LABELS.values()) | {"Bodyweight"}
    seen = set()
    for plan in sample_plans:
        for row in read(plan_csv(plan)):
            if row["part"] == "work":
                names = set(row["equipment"].split(" + "))
                assert names <= labels, row["equipment"]
                assert "_" not in row["equipment"]
                seen |= names
    assert "Bodyweight" in seen and len(seen) > 4


def test_the_log_columns_are_there_and_empty_on_every_row(sample_plans):
    for plan in sample_plans[:4]:
        data = week_csv(plan, 1)
        header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert tuple(header) == CSV_COLUMNS
        assert set(LOG_COLUMNS) <= set(header)
        assert all(row[c] == "" for row in read(data) for c in LOG_COLUMNS)


def test_the_rationale_is_short_and_given_once_per_exercise(sample_plans):
    for plan in sample_plans:
        items = {
            (w.week, s.session, p.order): p
            for w in plan.weeks
            for s in w.sessions
            for p in s.exercises
        }
        for row in read(plan_csv(plan)):
            assert len(row["rationale"]) <= RATIONALE_LIMIT
            if row["part"] != "work":
                continue
            item = items[(int(row["week"]), int(row["session"]), int(row["order"]))]
            if row["set"] == "1":
                assert row["rationale"] and row["cue"] == item.cue
                assert item.rationale.startswith(row["rationale"].rstrip("…").split()[0])
            else:
                assert row["rationale"] == "" and row["cue"] == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short reason.", "Short reason."),
        ("a" * 50 + "; " + "b" * 50 + "; " + "c" * 50, "a" * 50 + "; " + "b" * 50),
        ("word " * 60, ("word " * 23).strip() + "…"),
    ],
)
def test_a_long_rationale_is_cut_at_a_clause_or_a_word(text, expected):
    assert short_rationale(text) == expected
    assert len(short_rationale(text)) <= RATIONALE_LIMIT


def test_the_whole_plan_csv_is_the_weeks_one_after_another(sample_plans):
    plan = sample_plans[1]
    whole = read(plan_csv(plan))
    by_week = [row for w in plan.weeks for row in read(week_csv(plan, w.week))]
    assert whole == by_week
