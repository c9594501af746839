"""Plotly figures of a plan: weekly volume against landmarks, effort and session length.

Pure functions from plans to figures; no Streamlit here. Layouts are written as plain dicts
(one validation pass when the Figure is built) because figure building sits on the dashboard's
rerun path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from planner.models import REGION_LABELS, REGIONS, Plan, Region, RegionVolume

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
REGION_COLOURS: dict[Region, str] = {
    "upper": "#0072B2",
    "mid": "#E69F00",
    "lower": "#009E73",
    "biceps": "#CC79A7",
}
BAND_COLOUR = "#56B4E9"
DELOAD_COLOUR = "#9AA5B1"
SESSION_COLOURS = ("#0072B2", "#E69F00", "#009E73")
FONT = {"family": "Inter, system-ui, sans-serif", "size": 12}

_MUTED = "#6B7785"


def _week_labels(plan: Plan) -> list[str]:
    return [f"Week {w.week} (deload)" if w.deload else f"Week {w.week}" for w in plan.weeks]


def _base_layout(height: int) -> dict:
    return {
        "height": height,
        "margin": {"l": 48, "r": 12, "t": 36, "b": 40},
        "font": FONT,
        "plot_bgcolor": "rgba(0,0,0,0)",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "hovermode": "closest",
        "dragmode": False,
        "showlegend": False,
    }


def volume_y_max(plans: Sequence[Plan]) -> float:
    """Return a y-axis top that fits every plan's weekly volume and MRV."""
    top = 0.0
    for plan in plans:
        top = max(top, *(mark.mrv for mark in plan.landmarks.values()))
        top = max(top, *(w.volume.of(r) for w in plan.weeks for r in REGIONS))
    return top * 1.12 + 1


def _band(xref: str, yref: str, x0: float, x1: float, mev: float, mrv: float) -> list[dict]:
    """The MEV-MRV band between x0 and x1, with dotted lines at MEV and MRV."""
    return [
        {"type": "rect", "xref": xref, "yref": yref, "x0": x0, "x1": x1, "y0": mev, "y1": mrv,
         "fillcolor": BAND_COLOUR, "opacity": 0.18, "line": {"width": 0}, "layer": "below"},
        {"type": "line", "xref": xref, "yref": yref, "x0": x0, "x1": x1, "y0": mev, "y1": mev,
         "line": {"color": BAND_COLOUR, "width": 1, "dash": "dot"}},
        {"type": "line", "xref": xref, "yref": yref, "x0": x0, "x1": x1, "y0": mrv, "y1": mrv,
         "line": {"color": "#D55E00", "width": 1, "dash": "dot"}},
    ]  # fmt: skip


def short_name(region: Region) -> str:
    """'Mid (lats & rhomboids)' -> 'Mid'."""
    return REGION_LABELS[region].partition(" (")[0]


BLOCK_GAP = 1.5  # empty bar slots between two regions' blocks in volume_chart


def block_positions(plan: Plan, index: int) -> list[float]:
    """x positions of the weeks of the `index`-th region block in volume_chart."""
    start = index * (len(plan.weeks) + BLOCK_GAP)
    return [start + offset for offset in range(len(plan.weeks))]


def volume_chart(
    plan: Plan, y_max: float | None = None, volumes: Mapping[int, RegionVolume] | None = None
) -> go.Figure:
    """Weekly fractional hard sets per region: four blocks of weekly bars on one shared axis.

    Each region's block sits on its MEV-MRV band (layout shapes, so they add no traces) and is
    labelled below with the region and its MEV and MRV. Bars are traces named by
    REGION_LABELS in REGIONS order; x holds the bars' positions (block_positions), customdata
    the week labels, y the sets. `y_max` fixes the axis top, for charts drawn side by side.

    Drawn for speed, since it redraws on every slider move: one axis pair and one label per
    block. Small multiples on separate axes, or a label per week, took twice as long to draw.

    `volumes` (week -> volume) replaces the plan's own numbers, e.g. a saved plan's weekly
    volume as the store computes it in SQL.
    """
    weekly = volumes or {w.week: w.volume for w in plan.weeks}
    traces, shapes, tickvals, ticktext = [], [], [], []
    for index, region in enumerate(REGIONS):
        x = block_positions(plan, index)
        mark = plan.landmarks[region]
        label, colour = REGION_LABELS[region], REGION_COLOURS[region]
        traces.append(
            go.Bar(
                name=label,
                x=x,
                y=[weekly[w.week].of(region) for w in plan.weeks],
                customdata=_week_labels(plan),
                marker={"color": [DELOAD_COLOUR if w.deload else colour for w in plan.weeks]},
                hovertemplate=f"%{{customdata}}: %{{y:g}} sets<extra>{label}</extra>",
            )
        )
        shapes += _band("x", "y", x[0] - 0.5, x[-1] + 0.5, mark.mev, mark.mrv)
        tickvals.append((x[0] + x[-1]) / 2)
        # Three short lines fit under a phone-width block.
        ticktext.append(f"<b>{short_name(region)}</b><br>MEV {mark.mev:g}<br>MRV {mark.mrv:g}")
    layout = _base_layout(330)
    layout["margin"].update(t=12, l=40, r=8, b=58)
    layout.update(
        bargap=0.15,
        shapes=shapes,
        xaxis={"tickmode": "array", "tickvals": tickvals, "ticktext": ticktext,
               "range": [-0.7, block_positions(plan, len(REGIONS) - 1)[-1] + 0.7],
               "fixedrange": True, "showgrid": False, "ticks": "", "tickangle": 0,
               "tickfont": {"size": 11}, "zeroline": False},
        yaxis={"range": [0, y_max or volume_y_max([plan])], "fixedrange": True,
               "gridcolor": "rgba(128,128,128,0.2)", "tickfont": {"size": 10},
               "title": {"text": "sets / week", "font": {"size": 10, "color": _MUTED}}},
    )  # fmt: skip
    return go.Figure(data=traces, layout=layout)


def effort_chart(plan: Plan) -> go.Figure:
    """Target RIR by week (reversed axis: up is harder); the deload is its own marked trace."""
    working = [w for w in plan.weeks if not w.deload]
    deload = [w for w in plan.weeks if w.deload]
    traces = [
        go.Scatter(
            name="Target RIR",
            x=[w.week for w in working],
            y=[w.target_rir for w in working],
            customdata=[w.phase for w in working],
            mode="lines+markers+text",
            text=[f"{w.target_rir:g}" for w in working],
            textposition="top center",
            line={"color": "#0072B2", "width": 2},
            marker={"size": 8},
            hovertemplate="Week %{x} (%{customdata}): RIR %{y:g}<extra></extra>",
        )
    ]
    if deload:
        traces.append(
            go.Scatter(
                name="Deload",
                x=[w.week for w in deload],
                y=[w.target_rir for w in deload],
                mode="markers+text",
                text=["deload"] * len(deload),
                textposition="bottom center",
                marker={"size": 12, "symbol": "diamond", "color": DELOAD_COLOUR},
                hovertemplate="Week %{x} (deload): RIR %{y:g}<extra></extra>",
            )
        )
    layout = _base_layout(260)
    top = max([w.target_rir for w in plan.weeks] + [4]) + 1
    layout.update(
        xaxis={
            "tickmode": "array",
            "tickvals": [w.week for w in plan.weeks],
            "ticktext": [str(w.week) for w in plan.weeks],
            "title": {"text": "week"},
            "fixedrange": True,
            "showgrid": False,
        },
        yaxis={
            "range": [top, -0.5],
            "title": {"text": "target RIR"},
            "fixedrange": True,
            "gridcolor": "rgba(128,128,128,0.2)",
            "zeroline": False,
        },
    )
    layout["margin"]["t"] = 16
    return go.Figure(data=traces, layout=layout)


def minutes_chart(plan: Plan) -> go.Figure:
    """Estimated minutes of every session by week, against the lifter's time budget."""
    weeks = [w.week for w in plan.weeks]
    count = max(len(w.sessions) for w in plan.weeks)
    traces = [
        go.Bar(
            name=f"Session {index + 1}",
            x=weeks,
            y=[w.sessions[index].minutes if index < len(w.sessions) else None for w in plan.weeks],
            marker={"color": SESSION_COLOURS[index % len(SESSION_COLOURS)]},
            hovertemplate="Week %{x}: %{y:.0f} min<extra>Session " + str(index + 1) + "</extra>",
        )
        for index in range(count)
    ]
    budget = plan.request.minutes
    longest = max((s.minutes for w in plan.weeks for s in w.sessions), default=0)
    layout = _base_layout(260)
    layout["margin"]["t"] = 16
    layout.update(
        barmode="group",
        showlegend=count > 1,
        legend={"orientation": "h", "x": 0, "y": -0.28},
        xaxis={
            "tickmode": "array",
            "tickvals": weeks,
            "ticktext": [str(n) for n in weeks],
            "title": {"text": "week"},
            "fixedrange": True,
        },
        yaxis={
            "range": [0, max(budget, longest) * 1.15],
            "title": {"text": "minutes"},
            "fixedrange": True,
            "gridcolor": "rgba(128,128,128,0.2)",
        },
        shapes=[
            {
                "type": "line",
                "xref": "x domain",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": budget,
                "y1": budget,
                "line": {"color": "#D55E00", "width": 1.5, "dash": "dash"},
            }
        ],
        annotations=[
            {
                "text": f"budget {budget} min",
                "xref": "x domain",
                "yref": "y",
                "x": 1,
                "y": budget,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 10, "color": "#D55E00"},
            }
        ],
    )
    return go.Figure(data=traces, layout=layout)


EFFORT_TITLE = "Effort (target RIR)"
MINUTES_TITLE = "Minutes per session"


def effort_minutes_chart(plan: Plan) -> go.Figure:
    """effort_chart and minutes_chart side by side in one figure (plotly.subplots): effort on
    axes x/y, minutes on x2/y2, the same traces, axes, budget line and legend.

    One figure instead of two because Build redraws it on every slider move, and much of
    Plotly's cost in the browser is per figure.
    """
    from plotly.subplots import make_subplots

    effort, minutes = effort_chart(plan), minutes_chart(plan)
    figure = make_subplots(
        rows=1, cols=2, subplot_titles=(EFFORT_TITLE, MINUTES_TITLE), horizontal_spacing=0.12
    )
    figure.add_traces(effort.data, rows=1, cols=1)
    figure.add_traces(minutes.data, rows=1, cols=2)
    for trace in figure.data[: len(effort.data)]:
        trace.showlegend = False
    layout = _base_layout(290)
    layout["margin"].update(t=32, b=64)
    layout.update(
        barmode="group",
        showlegend=len(minutes.data) > 1,
        legend={"orientation": "h", "x": 0.56, "xanchor": "left", "y": -0.3},
    )
    figure.update_layout(layout)
    figure.update_xaxes(effort.layout.xaxis, row=1, col=1)
    figure.update_yaxes(effort.layout.yaxis, row=1, col=1)
    top, _ = effort.layout.yaxis.range
    figure.update_yaxes(range=[top, -1], row=1, col=1)  # room for the label of RIR 0
    figure.update_xaxes(minutes.layout.xaxis, row=1, col=2)
    figure.update_yaxes(minutes.layout.yaxis, row=1, col=2)
    for annotation in figure.layout.annotations:  # the subplot titles
        annotation.font = {"size": 12}
    (budget,) = minutes.layout.shapes
    (label,) = minutes.layout.annotations
    figure.add_shape(budget.update(xref="x2 domain", yref="y2"))
    figure.add_annotation(label.update(xref="x2 domain", yref="y2"))
    return figure


def compare_volume_charts(plans: Sequence[Plan]) -> list[go.Figure]:
    """The same volume chart for each plan, all on one y-axis range, to draw side by side."""
    top = volume_y_max(plans)
    return [volume_chart(plan, y_max=top) for plan in plans]
