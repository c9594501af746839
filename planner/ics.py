"""The block as a calendar file (iCalendar, RFC 5545): one event per session on chosen weekdays.

Events are all-day: the plan knows the day a session falls on but not the hour, and an all-day
date means the same day in every time zone (a timed event would need a zone and an hour the
lifter never gave). They are marked free time (TRANSP:TRANSPARENT) so they block no meetings.

The file is deterministic: the same plan, start date and weekdays give the same bytes. Each UID is
derived from those inputs and the session's place in the block, and DTSTAMP (which RFC 5545
requires) is the start date at 00:00 UTC rather than the clock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from planner.errors import InvalidRequestError
from planner.export import equipment_text
from planner.models import Plan, Prescription, Session, Week

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_LABELS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
PRODID = "-//back-planner//Back and biceps training block//EN"
SUMMARY_PREFIX = "Back & biceps"


def default_weekdays(sessions: int) -> tuple[int, ...]:
    """Training days spread over the week, at least 48 h apart (coaching judgement, JUDGEMENT).

    Monday is 0. One session: Monday; two: Monday and Thursday; three: Monday, Wednesday, Friday.
    """
    return {1: (0,), 2: (0, 3), 3: (0, 2, 4)}.get(sessions, tuple(range(min(sessions, 7))))


def parse_weekdays(text: str) -> tuple[int, ...]:
    """Read "mon,thu" (or "Monday, Thursday") into weekday numbers, Monday = 0."""
    names = {name: i for i, name in enumerate(WEEKDAYS)}
    names |= {label.lower(): i for i, label in enumerate(WEEKDAY_LABELS)}
    days = []
    for part in str(text).split(","):
        word = part.strip().lower()
        if not word:
            continue
        if word not in names:
            raise InvalidRequestError(
                f"days: {part.strip()[:20]!r} is not a weekday; use mon, tue, wed, thu, fri, "
                "sat, sun"
            )
        days.append(names[word])
    return tuple(days)


def session_dates(
    plan: Plan, start: date, weekdays: Sequence[int]
) -> list[tuple[Week, Session, date]]:
    """When each session falls: week N is the 7 days from start + 7(N-1), sessions in date order.

    Raises InvalidRequestError when the weekdays do not fit the plan (one distinct day per
    session of the week) or the start is not a date.
    """
    days = _check(plan, start, weekdays)
    out = []
    for week in plan.weeks:
        first = start + timedelta(days=7 * (week.week - 1))
        # the chosen weekdays inside this week's 7-day window, earliest first
        window = sorted(first + timedelta(days=(day - first.weekday()) % 7) for day in days)
        for session, when in zip(week.sessions, window, strict=True):
            out.append((week, session, when))
    return out


def plan_ics(plan: Plan, start: date, weekdays: Sequence[int]) -> bytes:
    """The block as an iCalendar file: one all-day event per session, exercises in the text."""
    schedule = session_dates(plan, start, weekdays)
    key = _schedule_key(plan, start, tuple(weekdays))
    stamp = datetime.combine(start, time(0, 0), tzinfo=UTC)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{SUMMARY_PREFIX} block from {start.isoformat()}")
    for week, session, when in schedule:
        event = Event()
        event.add("uid", f"{key}-w{week.week:02d}-s{session.session}@back-planner")
        event.add("dtstamp", stamp)
        event.add("dtstart", when)
        event.add("dtend", when + timedelta(days=1))
        event.add("summary", event_summary(week, session))
        event.add("description", event_description(week, session))
        event.add("transp", "TRANSPARENT")
        if week.deload:
            event.add("categories", ["Training", "Deload"])
        else:
            event.add("categories", ["Training"])
        calendar.add_component(event)
    return calendar.to_ical()


def event_summary(week: Week, session: Session) -> str:
    if week.deload:
        return f"{SUMMARY_PREFIX}: deload week {week.week}, session {session.session}"
    return f"{SUMMARY_PREFIX}: week {week.week}, session {session.session} ({session.tier})"


def event_description(week: Week, session: Session) -> str:
    lines = [
        f"{'Deload week' if week.deload else week.phase.capitalize() + ' week'}, "
        f"target RIR {week.target_rir:g}; about {session.minutes:.0f} min.",
        "",
        "Warm-up: " + "; ".join(f"{w.name} ({w.detail})" for w in session.warmup),
        "",
    ]
    lines += [_exercise_line(item) for item in session.exercises]
    lines += ["", "Cool-down: " + "; ".join(f"{c.name} ({c.detail})" for c in session.cooldown)]
    return "\n".join(lines)


def _exercise_line(item: Prescription) -> str:
    unit = " s" if item.rep_unit == "s" else ""
    side = " per side" if item.unilateral else ""
    reps = (
        f"{item.reps_min}{unit}"
        if item.reps_min == item.reps_max
        else f"{item.reps_min}–{item.reps_max}{unit}"
    )
    load = f", ≈{item.pct_1rm:g}% 1RM" if item.pct_1rm is not None else ""
    return (
        f"{item.order}. {item.name}: {item.sets} × {reps}{side}{load}, rest {item.rest_s} s, "
        f"RIR {item.target_rir:g} ({equipment_text(item.equipment)})"
    )


def _check(plan: Plan, start: object, weekdays: Sequence[int]) -> tuple[int, ...]:
    if not isinstance(start, date) or isinstance(start, datetime):
        raise InvalidRequestError("start: give a date such as 2026-01-05")
    days = tuple(weekdays)
    if any(not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in days):
        raise InvalidRequestError("days: weekdays are numbered 0 (Monday) to 6 (Sunday)")
    if len(set(days)) != len(days):
        raise InvalidRequestError("days: each training day can be chosen once")
    sessions = plan.request.sessions
    if len(days) != sessions:
        chosen = ", ".join(WEEKDAYS[d] for d in days) or "none"
        raise InvalidRequestError(
            f"days: choose {sessions} training day{'s' if sessions > 1 else ''} for "
            f"{sessions} session{'s' if sessions > 1 else ''} a week (got {len(days)}: {chosen})"
        )
    try:
        start + timedelta(days=7 * len(plan.weeks))
    except OverflowError:
        raise InvalidRequestError("start: the block would end after the year 9999") from None
    return tuple(sorted(days))


def _schedule_key(plan: Plan, start: date, weekdays: tuple[int, ...]) -> str:
    digest = hashlib.sha256(plan.model_dump_json().encode("utf-8"))
    digest.update(f"|{start.isoformat()}|{','.join(map(str, sorted(weekdays)))}".encode())
    return digest.hexdigest()[:16]
