"""The calendar file: RFC 5545, one all-day event per session on the chosen weekdays."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from planner.errors import InvalidRequestError
from planner.ics import WEEKDAYS, default_weekdays, parse_weekdays, plan_ics


def events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def schedules(plans, seed: int = 7):
    """Each plan with a start date and a random set of weekdays of the right size."""
    rng = random.Random(seed)
    for plan in plans:
        start = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 730))
        days = tuple(rng.sample(range(7), plan.request.sessions))
        yield plan, start, days


def test_every_session_is_one_event_on_a_chosen_weekday_in_its_week(sample_plans):
    for plan, start, days in schedules(sample_plans):
        found = events(plan_ics(plan, start, days))
        assert len(found) == len(plan.weeks) * plan.request.sessions
        dates = [e.decoded("dtstart") for e in found]
        assert all(type(d) is date for d in dates)  # all-day events
        assert all(d.weekday() in days for d in dates)
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        assert dates[0] >= start
        scheduled = [(w, s) for w in plan.weeks for s in w.sessions]
        for event, when, (week, session) in zip(found, dates, scheduled, strict=True):
            first = start + timedelta(days=7 * (week.week - 1))
            assert first <= when < first + timedelta(days=7)
            assert event.decoded("dtend") == when + timedelta(days=1)
            summary = str(event["summary"])
            assert f"week {week.week}, session {session.session}" in summary
            description = str(event["description"])
            assert all(item.name in description for item in session.exercises)
            assert all(f"{item.sets} × " in description for item in session.exercises)


def test_deload_weeks_are_named_in_the_event_title(sample_plans):
    checked = 0
    for plan, start, days in schedules(sample_plans):
        for event in events(plan_ics(plan, start, days)):
            number = int(str(event["summary"]).split("week ")[1].split(",")[0])
            deload = plan.weeks[number - 1].deload
            assert ("deload" in str(event["summary"]).lower()) == deload
            checked += deload
    assert checked > 0


def test_the_file_keeps_to_rfc_5545(sample_plans):
    plan, start, days = next(schedules(sample_plans[1:2]))
    data = plan_ics(plan, start, days)
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2] == b"END:VCALENDAR" and lines[-1] == b""
    assert b"\n" not in b"".join(lines)  # every line ends in CRLF
    assert all(len(line) <= 75 for line in lines)  # folded at 75 octets
    calendar = Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"])
    uids = []
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)
        stamp = event.decoded("dtstamp")
        assert isinstance(stamp, datetime) and stamp.utcoffset() == timedelta(0)
        uids.append(str(event["uid"]))
    assert len(set(uids)) == len(uids)


def test_the_same_inputs_give_the_same_bytes_and_a_new_schedule_new_uids(sample_plans):
    plan = sample_plans[4]
    days = default_weekdays(plan.request.sessions)
    first = plan_ics(plan, date(2026, 3, 2), days)
    assert first == plan_ics(plan, date(2026, 3, 2), days)
    moved = plan_ics(plan, date(2026, 3, 9), days)
    assert {str(e["uid"]) for e in events(first)}.isdisjoint(str(e["uid"]) for e in events(moved))


@pytest.mark.parametrize("sessions", [1, 2, 3])
def test_default_training_days_are_at_least_two_days_apart(sessions):
    days = default_weekdays(sessions)
    assert len(days) == sessions
    gaps = [(b - a) % 7 for a, b in zip(days, days[1:] + days[:1], strict=True)]
    assert sessions == 1 or min(gaps) >= 2


def test_weekday_names_are_read_in_short_or_long_form():
    assert parse_weekdays("mon,thu") == (0, 3)
    assert parse_weekdays(" Monday , wed,FRI ") == (0, 2, 4)
    assert [parse_weekdays(d) for d in WEEKDAYS] == [(i,) for i in range(7)]
    with pytest.raises(InvalidRequestError, match="'mun' is not a weekday"):
        parse_weekdays("mun,thu")


@pytest.mark.parametrize(
    ("start", "days", "message"),
    [
        (date(2026, 1, 5), (0,), "choose 2 training days for 2 sessions a week \\(got 1: mon\\)"),
        (date(2026, 1, 5), (0, 2, 4), "choose 2 training days"),
        (date(2026, 1, 5), (), "got 0: none"),
        (date(2026, 1, 5), (1, 1), "each training day can be chosen once"),
        (date(2026, 1, 5), (0, 7), "numbered 0 \\(Monday\\) to 6 \\(Sunday\\)"),
        (date(2026, 1, 5), (0, True), "numbered 0"),
        ("2026-01-05", (0, 3), "start: give a date"),
        (datetime(2026, 1, 5, 9), (0, 3), "start: give a date"),
        (date(9999, 12, 1), (0, 3), "after the year 9999"),
    ],
)
def test_bad_dates_or_weekdays_are_refused_with_a_clear_message(sample_plans, start, days, message):
    plan = next(p for p in sample_plans if p.request.sessions == 2)
    with pytest.raises(InvalidRequestError, match=message):
        plan_ics(plan, start, days)
