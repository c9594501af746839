"""Plotly figures of a plan: weekly volume by region against its landmarks.

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


def compare_volume_charts(plans: Sequence[Plan]) -> list[go.Figure]:
    """The same volume chart for each plan, all on one y-axis range, to draw side by side."""
    top = volume_y_max(plans)
    return [volume_chart(plan, y_max=top) for plan in plans]
