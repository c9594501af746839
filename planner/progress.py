"""Progress of a plan being trained: planned vs done sets, estimated 1RM over time, adherence.

Pure numbers from a plan and its log, and the Plotly figures of them (same conventions as
planner.charts: plain-dict layouts, Okabe-Ito colours, MEV-MRV bands).
"""

from __future__ import annotations

import html
from datetime import date

import plotly.graph_objects as go
from pydantic import BaseModel, ConfigDict

from planner.charts import REGION_COLOURS, _band, _base_layout, short_name
from planner.loads import LoadSettings, estimated_1rm, to_unit
from planner.logbook import TrainingLog
from planner.models import REGION_LABELS, REGIONS, Plan, RegionVolume

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Adherence(BaseModel):
    """Sessions and sets done against those planned."""

    model_config = _FROZEN

    sessions_planned: int
    sessions_done: int
    sets_prescribed: int  # in the sessions done
    sets_done: int

    @property
    def session_pct(self) -> float:
        return 100.0 * self.sessions_done / self.sessions_planned if self.sessions_planned else 0.0

    @property
    def set_pct(self) -> float:
        return 100.0 * self.sets_done / self.sets_prescribed if self.sets_prescribed else 0.0


class OneRmPoint(BaseModel):
    model_config = _FROZEN

    day: date
    estimated_1rm_kg: float


def done_volume(plan: Plan, log: TrainingLog) -> dict[int, RegionVolume]:
    """Fractional sets done per region and week: each logged set x its exercise's credit."""
    credit = {
        (w.week, s.session, p.id): p.regions
        for w in plan.weeks
        for s in w.sessions
        for p in s.exercises
    }
    by_id = {p.id: p.regions for w in plan.weeks for s in w.sessions for p in s.exercises}
    totals = {w.week: dict.fromkeys(REGIONS, 0.0) for w in plan.weeks}
    for workout in log.workouts:
        if workout.week not in totals:
            continue
        for item in workout.sets:
            regions = credit.get((workout.week, workout.session, item.exercise_id))
            regions = regions or by_id.get(item.exercise_id)
            if regions is None:
                continue
            for region in REGIONS:
                totals[workout.week][region] += regions.of(region)
    return {week: RegionVolume(**values) for week, values in totals.items()}


def one_rm_history(log: TrainingLog) -> dict[str, tuple[OneRmPoint, ...]]:
    """Per exercise, the best estimated 1RM (Epley, sets of 10 reps or fewer) of each day."""
    best: dict[str, dict[date, float]] = {}
    for workout in log.workouts:
        for item in workout.sets:
            value = estimated_1rm(item.load_kg, item.reps, item.rir)
            if value is None:
                continue
            days = best.setdefault(item.exercise_id, {})
            days[workout.day] = max(value, days.get(workout.day, 0.0))
    return {
        exercise: tuple(
            OneRmPoint(day=day, estimated_1rm_kg=round(v, 1)) for day, v in sorted(days.items())
        )
        for exercise, days in best.items()
    }


def adherence(plan: Plan, log: TrainingLog) -> Adherence:
    """Sessions logged out of the plan's sessions; sets logged out of those prescribed in them."""
    prescribed = {
        (w.week, s.session): sum(p.sets for p in s.exercises)
        for w in plan.weeks
        for s in w.sessions
    }
    done = {(w.week, w.session): w for w in log.workouts if (w.week, w.session) in prescribed}
    return Adherence(
        sessions_planned=len(prescribed),
        sessions_done=len(done),
        sets_prescribed=sum(prescribed[key] for key in done),
        sets_done=sum(len(w.sets) for w in done.values()),
    )


def planned_vs_done_chart(plan: Plan, log: TrainingLog) -> go.Figure:
    """Per region, planned (outline) and done (filled) weekly sets over the MEV-MRV band."""
    done = done_volume(plan, log)
    weeks = [w.week for w in plan.weeks]
    gap = 1.5
    traces, shapes, tickvals, ticktext = [], [], [], []
    top = 1.0
    for index, region in enumerate(REGIONS):
        start = index * (len(weeks) + gap)
        x = [start + offset for offset in range(len(weeks))]
        mark = plan.landmarks[region]
        label, colour = REGION_LABELS[region], REGION_COLOURS[region]
        planned = [w.volume.of(region) for w in plan.weeks]
        did = [done[w].of(region) for w in weeks]
        top = max(top, mark.mrv, *planned, *did)
        traces.append(
            go.Bar(
                name=f"{label} planned",
                x=x,
                y=planned,
                customdata=[f"Week {w}" for w in weeks],
                marker={"color": "rgba(0,0,0,0)", "line": {"color": colour, "width": 1.5}},
                hovertemplate=f"%{{customdata}}: %{{y:g}} planned<extra>{label}</extra>",
            )
        )
        traces.append(
            go.Bar(
                name=f"{label} done",
                x=x,
                y=did,
                customdata=[f"Week {w}" for w in weeks],
                marker={"color": colour},
                width=0.5,
                hovertemplate=f"%{{customdata}}: %{{y:g}} done<extra>{label}</extra>",
            )
        )
        shapes += _band("x", "y", x[0] - 0.5, x[-1] + 0.5, mark.mev, mark.mrv)
        tickvals.append((x[0] + x[-1]) / 2)
        ticktext.append(f"<b>{short_name(region)}</b><br>MEV {mark.mev:g}<br>MRV {mark.mrv:g}")
    layout = _base_layout(320)
    layout["margin"].update(t=12, l=40, r=8, b=58)
    layout.update(
        barmode="overlay",
        shapes=shapes,
        xaxis={
            "tickmode": "array",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "fixedrange": True,
            "showgrid": False,
            "zeroline": False,
            "tickangle": 0,
        },
        yaxis={
            "range": [0, top * 1.12 + 1],
            "fixedrange": True,
            "title": {"text": "sets / week", "font": {"size": 10}},
        },
    )
    return go.Figure(data=traces, layout=layout)


def one_rm_chart(
    history: dict[str, tuple[OneRmPoint, ...]], names: dict[str, str], settings: LoadSettings
) -> go.Figure:
    """Estimated 1RM per exercise over time in the lifter's unit, one line per exercise."""
    unit = settings.unit
    traces = [
        go.Scatter(
            # Plotly reads tags in names (<a href>, <b>); an imported plan's names are text.
            name=html.escape(names.get(exercise, exercise)),
            x=[point.day.isoformat() for point in points],
            y=[round(to_unit(point.estimated_1rm_kg, unit), 1) for point in points],
            mode="lines+markers",
            hovertemplate=f"%{{x}}: %{{y:g}} {unit}<extra>%{{fullData.name}}</extra>",
        )
        for exercise, points in sorted(history.items())
    ]
    layout = _base_layout(300)
    layout.update(
        showlegend=True,
        legend={"orientation": "h", "y": -0.25},
        yaxis={
            "title": {"text": f"estimated 1RM ({unit})", "font": {"size": 10}},
            "fixedrange": True,
        },
        xaxis={"fixedrange": True, "type": "date"},
    )
    return go.Figure(data=traces, layout=layout)
