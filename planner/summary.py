"""Plan and catalogue summaries for display: headline metrics, comparison rows, table rows.

The dashboard shows these as they are, so the training arithmetic (what counts as a hard set,
how averages are weighted) lives here, beside the planner, and is tested once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import fmean

from pydantic import BaseModel, ConfigDict

from planner.catalog import Catalog
from planner.export import reps_text
from planner.models import (
    GOAL_LABELS,
    LEVEL_LABELS,
    PATTERN_LABELS,
    REGION_LABELS,
    REGIONS,
    Exercise,
    Plan,
    Prescription,
    Region,
    Session,
    Week,
)
from planner.rules import sentence


class PlanMetrics(BaseModel):
    """Headline numbers of a plan, averaged over its working (non-deload) weeks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weekly_hard_sets: float  # working sets per week, every exercise counted once
    average_reps: float  # set-weighted mid-point of the rep ranges (timed holds left out)
    average_rest_s: float  # set-weighted rest between sets
    minutes_per_session: float
    exercises_per_session: float
    peak_week_sets: int
    region_sets: dict[Region, float]  # weekly fractional hard sets per region (section 0)


def working_weeks(plan: Plan) -> tuple[Week, ...]:
    """Return the accumulation weeks; a plan without one falls back to all its weeks."""
    return tuple(w for w in plan.weeks if not w.deload) or plan.weeks


def _week_sets(week: Week) -> int:
    return sum(p.sets for s in week.sessions for p in s.exercises)


def _weighted(items: Sequence[tuple[float, int]]) -> float:
    total = sum(weight for _, weight in items)
    return sum(value * weight for value, weight in items) / total if total else 0.0


def plan_metrics(plan: Plan) -> PlanMetrics:
    """Summarise a plan's working weeks: sets, reps, rest, time and region volume."""
    weeks = working_weeks(plan)
    items = [p for w in weeks for s in w.sessions for p in s.exercises]
    sessions = [s for w in weeks for s in w.sessions]
    rep_items = [((p.reps_min + p.reps_max) / 2, p.sets) for p in items if p.rep_unit == "reps"]
    return PlanMetrics(
        weekly_hard_sets=round(fmean(_week_sets(w) for w in weeks), 1),
        average_reps=round(_weighted(rep_items), 1),
        average_rest_s=round(_weighted([(p.rest_s, p.sets) for p in items])),
        minutes_per_session=round(fmean(s.minutes for s in sessions), 1) if sessions else 0.0,
        exercises_per_session=round(fmean(len(s.exercises) for s in sessions), 1)
        if sessions
        else 0.0,
        peak_week_sets=max(_week_sets(w) for w in weeks),
        region_sets={r: round(fmean(w.volume.of(r) for w in weeks), 1) for r in REGIONS},
    )


METRIC_LABELS: dict[str, str] = {
    "weekly_hard_sets": "Weekly hard sets",
    "average_reps": "Average reps per set",
    "average_rest_s": "Average rest (s)",
    "minutes_per_session": "Minutes per session",
    "exercises_per_session": "Exercises per session",
}


def comparison_rows(plans: Sequence[Plan]) -> list[dict[str, str]]:
    """One row per metric, one column per plan (by goal), then each plan minus the first.

    Values are display text ("27.5", differences signed: "+8.7"). Region rows give weekly
    fractional sets averaged over the working weeks.
    """
    metrics = [plan_metrics(plan) for plan in plans]
    names = [GOAL_LABELS[plan.request.goal] for plan in plans]
    values: list[tuple[str, list[float]]] = [
        (label, [float(getattr(m, field)) for m in metrics])
        for field, label in METRIC_LABELS.items()
    ]
    values += [
        (f"{REGION_LABELS[r]} sets/week", [m.region_sets[r] for m in metrics]) for r in REGIONS
    ]
    rows = []
    for label, numbers in values:
        row = {"Metric": label}
        row.update({name: f"{number:g}" for name, number in zip(names, numbers, strict=True)})
        for name, number in zip(names[1:], numbers[1:], strict=True):
            row[f"{name} vs {names[0]}"] = f"{round(number - numbers[0], 1):+g}"
        rows.append(row)
    return rows


def plan_headline(plan: Plan) -> str:
    """One line saying what was planned: goal, level, block shape and model."""
    request = plan.request
    deload = "deload in the last week" if request.deload else "no deload"
    return (
        f"{GOAL_LABELS[request.goal]} · {LEVEL_LABELS[request.experience]} · "
        f"{request.weeks} weeks × {request.sessions} session{'s' if request.sessions > 1 else ''}"
        f" · {request.minutes} min · {plan.model} periodization · {deload}"
    )


def _load_text(item: Prescription) -> str:
    return f"~{item.pct_1rm:g}% 1RM" if item.pct_1rm is not None else ""


def session_rows(session: Session) -> list[dict[str, object]]:
    """The exercises of one session as table rows: what to do, how hard, how to do it.

    A "Load" column (%1RM) is there only when some exercise of the session has one.
    """
    with_load = any(item.pct_1rm is not None for item in session.exercises)
    rows = []
    for item in session.exercises:
        row: dict[str, object] = {
            "No.": item.order,
            "Exercise": item.name,
            "Sets x reps": f"{item.sets} x {reps_text(item)}",
            "Rest": f"{item.rest_s} s",
            "RIR": f"{item.target_rir:g}",
        }
        if with_load:
            row["Load"] = _load_text(item)
        row["Cue"] = item.cue
        rows.append(row)
    return rows


def rationale_rows(plan: Plan) -> list[dict[str, object]]:
    """Why each prescription of the first week is there: the rule or source behind it."""
    week = plan.weeks[0]
    return [
        {
            "Session": session.session,
            "Exercise": item.name,
            "Sets x reps": f"{item.sets} x {reps_text(item)}",
            "Why": item.rationale,
        }
        for session in week.sessions
        for item in session.exercises
    ]


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#~|$"})
# Where GFM would turn plain text into a link (scheme://, www., user@host) even after escapes:
# an invisible word joiner splits them (a stored plan's strings may come from an imported file).
_AUTOLINK_SEAMS = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=\bwww)(?=\.)|(?<=@)")
_WORD_JOINER = "\u2060"


def markdown_text(text: str) -> str:
    """Escape plan text so Markdown shows it as typed: no link, image, HTML or LaTeX survives."""
    return _AUTOLINK_SEAMS.sub(_WORD_JOINER, text).translate(_MARKDOWN_SPECIAL)


def rationale_markdown(plan: Plan) -> str:
    """rationale_rows as a Markdown list per session: reads on a phone, draws fast."""
    lines: list[str] = []
    for row in rationale_rows(plan):
        header = f"**Session {row['Session']}**"
        if header not in lines:
            lines += ["", header, ""]
        lines.append(
            f"- **{markdown_text(str(row['Exercise']))}**, {row['Sets x reps']}: "
            f"{markdown_text(str(row['Why']))}"
        )
    return "\n".join(lines).strip()


def session_rationale_markdown(session: Session) -> str:
    """Why each prescription of one session is there, as a Markdown list (the Week page)."""
    return "\n".join(
        f"- **{markdown_text(item.name)}**, {item.sets} x {reps_text(item)}: "
        f"{markdown_text(item.rationale)}"
        for item in session.exercises
        if item.rationale
    )


def progression_markdown(session: Session) -> str:
    """How to progress each exercise of a session, as a Markdown list."""
    return "\n".join(
        f"- **{markdown_text(item.name)}**: {markdown_text(item.progression)}"
        for item in session.exercises
        if item.progression
    )


def week_title(week: Week) -> str:
    """'Week 3 · intensification · target RIR 1'."""
    return f"Week {week.week} · {phase_name(week)} · target RIR {week.target_rir:g}"


def phase_name(week: Week) -> str:
    """The week's phase as shown: 'deload' for the deload week."""
    return "deload" if week.deload else week.phase


def block_rows(plan: Plan) -> list[dict[str, str]]:
    """Week by week: phase, target RIR, hard sets and each session's estimated minutes.

    Build shows these as a table where it once drew an effort chart and a minutes chart: a
    second Plotly figure cost every slider move about 40 ms in the browser (docs/BENCHMARKS.md,
    "Build's second figure"), and the exact numbers read better than two small charts. Short
    headers and unbreakable minutes keep the table inside a phone's width.
    """
    return [
        {
            "Week": str(week.week),
            "Phase": phase_name(week),
            "RIR": f"{week.target_rir:g}",
            "Sets": str(_week_sets(week)),
            "Minutes": "\u00a0·\u00a0".join(f"{session.minutes:.0f}" for session in week.sessions),
        }
        for week in plan.weeks
    ]


def block_markdown(plan: Plan) -> str:
    """`block_rows` as a Markdown table (numbers right-aligned).

    Every cell is a number or a phase name the planner wrote, never user text.
    """
    rows = block_rows(plan)
    lines = [
        "| " + " | ".join(rows[0]) + " |",
        "|---:|:---|---:|---:|:---|",
        *("| " + " | ".join(row.values()) + " |" for row in rows),
    ]
    return "\n".join(lines)


def filter_exercises(
    catalog: Catalog, equipment: Sequence[str] | None = None, regions: Sequence[Region] = ()
) -> tuple[Exercise, ...]:
    """Exercises doable with `equipment` (None: any), crediting any of `regions` (empty: any)."""
    pool = catalog.exercises if equipment is None else catalog.available(tuple(equipment))
    if regions:
        pool = tuple(e for e in pool if any(e.regions.of(r) > 0 for r in regions))
    return pool


def _equipment_text(exercise: Exercise) -> str:
    """'pull-up bar or band', in words a lifter uses (no tag ids such as pullup_bar)."""

    def word(tag: str) -> str:
        return {"pullup_bar": "pull-up bar", "ez_bar": "EZ bar"}.get(tag, tag.replace("_", " "))

    options = [" + ".join(map(word, option)) or "bodyweight" for option in exercise.equipment]
    return " or ".join(options)


def exercise_rows(exercises: Sequence[Exercise]) -> list[dict[str, object]]:
    """Catalogue entries as table rows, with their region credits (1 prime mover, 0.5 synergist)."""
    return [
        {
            "Exercise": e.name,
            "Cue": e.cue,
            "Upper": e.regions.upper,
            "Mid": e.regions.mid,
            "Lower": e.regions.lower,
            "Biceps": e.regions.biceps,
            "Pattern": PATTERN_LABELS[e.pattern],
            "Equipment": _equipment_text(e),
            "Level": LEVEL_LABELS[e.skill],
            "Reps": f"{e.reps[0]}-{e.reps[1]}{' s' if e.rep_unit == 's' else ''}",
        }
        for e in exercises
    ]


def audit_markdown(report) -> str:
    """A plan audit (planner.rules.Audit) as Markdown: rules kept, ticked, with their source;
    then each soft target missed, with the limit that binds and the verified fix."""
    lines = []
    if report.missed:
        lines += ["**Targets this plan misses**", ""]
        for miss in report.missed:
            fix = f" **Fix:** {markdown_text(sentence(miss.fix))}" if miss.fix else ""
            lines.append(
                f"- ✗ {markdown_text(sentence(miss.rule.sentence))} "
                f"{markdown_text(sentence(miss.why))}{fix} "
                f"({markdown_text(miss.rule.citation)})"
            )
        lines.append("")
    if report.broken:
        lines += ["**Rules broken (a planner bug; please report it)**", ""]
        lines += [f"- {markdown_text(b.rule)}: {markdown_text(b.detail)}" for b in report.broken]
        lines.append("")
    lines += ["**Rules this plan keeps**", ""]
    for kept in report.kept:
        note = f" {markdown_text(sentence(kept.note))}" if kept.note else ""
        lines.append(
            f"- ✓ {markdown_text(sentence(kept.rule.sentence))}{note} "
            f"({markdown_text(kept.rule.citation)})"
        )
    return "\n".join(lines).strip()
