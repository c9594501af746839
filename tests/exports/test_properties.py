"""Any plannable request gives gym files of the right shape (derandomized Hypothesis sweep)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from planner import PlannerError, build_plan, load_catalog, load_presets, parse_request
from planner.export import CSV_COLUMNS, plan_csv
from planner.ics import plan_ics
from planner.models import EQUIPMENT, GOALS, LEVELS, MODELS, REGIONS
from planner.printable import week_pdf

requests = st.fixed_dictionaries(
    {
        "goal": st.sampled_from(GOALS),
        "experience": st.sampled_from(LEVELS),
        "equipment": st.lists(st.sampled_from(EQUIPMENT), unique=True),
        "weeks": st.integers(3, 12),
        "sessions": st.integers(1, 3),
        "minutes": st.integers(30, 120),
        "model": st.sampled_from((None, *MODELS)),
        "deload": st.booleans(),
        "emphasis": st.fixed_dictionaries({r: st.integers(0, 2) for r in REGIONS}),
    }
)
CATALOG, PRESETS = load_catalog(), load_presets()


def plan_for(fields):
    try:
        return build_plan(parse_request(**fields), CATALOG, PRESETS)
    except PlannerError:
        assume(False)  # refusals are tested in tests/planner/test_properties.py


# Derandomized, so every run checks the same examples (see tests/planner/test_properties.py).
@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    fields=requests,
    start=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    days=st.permutations(range(7)),
)
def test_any_plan_gives_a_csv_row_per_set_and_an_event_per_session(fields, start, days):
    plan = plan_for(fields)
    rows = list(csv.DictReader(io.StringIO(plan_csv(plan).decode("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    sets = Counter((r["week"], r["session"], r["order"]) for r in rows if r["part"] == "work")
    assert sets == Counter(
        {
            (str(w.week), str(s.session), str(p.order)): p.sets
            for w in plan.weeks
            for s in w.sessions
            for p in s.exercises
        }
    )
    chosen = tuple(days[: plan.request.sessions])
    events = Calendar.from_ical(plan_ics(plan, start, chosen)).walk("VEVENT")
    dates = [e.decoded("dtstart") for e in events]
    assert len(dates) == len(plan.weeks) * plan.request.sessions
    assert {d.weekday() for d in dates} == set(chosen)
    assert start <= dates[0] and dates[-1] < start + timedelta(days=7 * len(plan.weeks))
    assert [("deload" in str(e["summary"])) for e in events] == [
        w.deload for w in plan.weeks for _ in w.sessions
    ]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(fields=requests, paper=st.sampled_from(("A4", "Letter")), data=st.data())
def test_any_week_sheet_has_one_page_per_session(fields, paper, data):
    plan = plan_for(fields)
    week = data.draw(st.integers(1, len(plan.weeks)))
    pdf = week_pdf(plan, week, paper)
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page\n") == plan.request.sessions
