"""Plotly figures of a plan: weekly volume against landmarks, effort and session length.

Pure functions from plans to figures; no Streamlit here. Layouts are written as plain dicts
(one validation pass when the Figure is built) because figure building sits on the dashboard's
rerun path.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from planner.models import GOAL_LABELS, REGION_LABELS, REGIONS, Plan, Region

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

# Small multiples: Build shows a 2 x 2 grid of regions; Compare a grid of regions x goals.
_GRID = {"upper": (0, 0), "mid": (0, 1), "lower": (1, 0), "biceps": (1, 1)}
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


def _landmark_text(plan: Plan, region: Region) -> str:
    mark = plan.landmarks[region]
    return f"MEV {mark.mev:g} · MRV {mark.mrv:g}"


def _panel(
    layout: dict,
    index: int,
    x_domain: tuple[float, float],
    y_domain: tuple[float, float],
    plan: Plan,
    region: Region,
    top: float,
    y_title: bool,
) -> tuple[go.Bar, list[dict]]:
    """Add one region panel's axes to `layout`; return its bar trace and band shapes."""
    suffix = "" if index == 1 else str(index)
    xref, yref = f"x{suffix}", f"y{suffix}"
    weeks = [w.week for w in plan.weeks]
    layout[f"xaxis{suffix}"] = {
        "domain": list(x_domain), "anchor": yref, "tickmode": "array", "tickvals": weeks,
        "ticktext": [f"DL{w.week}" if w.deload else str(w.week) for w in plan.weeks],
        "fixedrange": True, "showgrid": False, "tickfont": {"size": 10},
    }  # fmt: skip
    layout[f"yaxis{suffix}"] = {
        "domain": list(y_domain), "anchor": xref, "range": [0, top], "fixedrange": True,
        "gridcolor": "rgba(128,128,128,0.2)", "tickfont": {"size": 10},
        "title": {"text": "sets/wk", "font": {"size": 10, "color": _MUTED}} if y_title else None,
    }  # fmt: skip
    colour = REGION_COLOURS[region]
    bar = go.Bar(
        name=REGION_LABELS[region],
        legendgroup=GOAL_LABELS[plan.request.goal],
        x=weeks,
        y=[w.volume.of(region) for w in plan.weeks],
        customdata=_week_labels(plan),
        marker={"color": [DELOAD_COLOUR if w.deload else colour for w in plan.weeks]},
        xaxis=xref,
        yaxis=yref,
        hovertemplate="%{customdata}: %{y:g} sets<extra>" + REGION_LABELS[region] + "</extra>",
    )
    mark = plan.landmarks[region]
    domain = f"{xref} domain"
    shapes = [
        {"type": "rect", "xref": domain, "yref": yref, "x0": 0, "x1": 1, "y0": mark.mev,
         "y1": mark.mrv, "fillcolor": BAND_COLOUR, "opacity": 0.18, "line": {"width": 0},
         "layer": "below"},
        {"type": "line", "xref": domain, "yref": yref, "x0": 0, "x1": 1, "y0": mark.mev,
         "y1": mark.mev, "line": {"color": BAND_COLOUR, "width": 1, "dash": "dot"}},
        {"type": "line", "xref": domain, "yref": yref, "x0": 0, "x1": 1, "y0": mark.mrv,
         "y1": mark.mrv, "line": {"color": "#D55E00", "width": 1, "dash": "dot"}},
    ]  # fmt: skip
    return bar, shapes


def _bold_name(label: str) -> str:
    """'Mid (lats & rhomboids)' -> '<b>Mid</b> (lats & rhomboids)': narrow enough for a phone."""
    name, _, rest = label.partition(" (")
    return f"<b>{name}</b>" + (f" ({rest}" if rest else "")


def _muted(text: str) -> str:
    return f"<span style='font-size:10px;color:{_MUTED}'>{text}</span>"


def _title(text: str, x: float, y: float, colour: str, size: int = 12) -> dict:
    return {
        "text": text, "xref": "paper", "yref": "paper", "x": x, "y": y, "xanchor": "left",
        "yanchor": "bottom", "showarrow": False, "align": "left",
        "font": {"size": size, "color": colour},
    }  # fmt: skip


def volume_chart(plan: Plan) -> go.Figure:
    """Weekly fractional hard sets per region, one panel per region, over its MEV-MRV band.

    Bars are traces named by REGION_LABELS in REGIONS order (x: week numbers, y: sets);
    the band and the MEV/MRV lines are layout shapes, so they never add traces.
    """
    top = volume_y_max([plan])
    gap_x, gap_y = 0.1, 0.26
    width, height = (1 - gap_x) / 2, (1 - gap_y) / 2
    layout = _base_layout(460)
    layout["margin"].update(t=44, l=40, r=8)
    traces, shapes, annotations = [], [], []
    for index, region in enumerate(REGIONS, start=1):
        row, col = _GRID[region]
        x0, y0 = col * (width + gap_x), (1 - row) * (height + gap_y)
        bar, band = _panel(layout, index, (x0, x0 + width), (y0, y0 + height), plan, region,
                           top, y_title=col == 0)  # fmt: skip
        traces.append(bar)
        shapes += band
        annotations.append(
            _title(
                f"{_bold_name(REGION_LABELS[region])}<br>{_muted(_landmark_text(plan, region))}",
                x0,
                y0 + height + 0.02,
                REGION_COLOURS[region],
                size=11,
            )
        )
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    return go.Figure(data=traces, layout=layout)


def compare_volume_chart(plans: Sequence[Plan]) -> go.Figure:
    """The volume panels of several plans side by side: a column per plan, a row per region.

    Every panel shares one y axis range. Traces are named by region and grouped by goal
    (`legendgroup` is the goal's label), plan by plan in REGIONS order.
    """
    top = volume_y_max(plans)
    columns = len(plans)
    gap_x, gap_y = 0.06, 0.1
    width = (1 - gap_x * (columns - 1)) / columns
    height = (1 - gap_y * 3) / 4
    layout = _base_layout(760)
    layout["margin"].update(t=48, l=40)
    traces, shapes, annotations = [], [], []
    for col, plan in enumerate(plans):
        x0 = col * (width + gap_x)
        annotations.append(
            _title(f"<b>{GOAL_LABELS[plan.request.goal]}</b>", x0, 1.04, "#1F2933", size=14)
        )
        for row, region in enumerate(REGIONS):
            y0 = 1 - (row + 1) * height - row * gap_y
            index = col * len(REGIONS) + row + 1
            bar, band = _panel(layout, index, (x0, x0 + width), (y0, y0 + height), plan, region,
                               top, y_title=False)  # fmt: skip
            traces.append(bar)
            shapes += band
            if col == 0:
                annotations.append(
                    _title(
                        f"{_bold_name(REGION_LABELS[region])}  "
                        f"{_muted(_landmark_text(plan, region))}",
                        x0,
                        y0 + height + 0.005,
                        REGION_COLOURS[region],
                        size=11,
                    )
                )
    layout["shapes"] = shapes
    layout["annotations"] = annotations
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
