"""Charts of a plan: weekly volume against landmarks (Plotly), effort and session length (SVG).

Pure functions from plans to figures or SVG text; no Streamlit here. Plotly layouts are written
as plain dicts (one validation pass when the Figure is built) because figure building sits on
the dashboard's rerun path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

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


# Build's effort and minutes charts are small static SVG drawings, not Plotly figures: Build
# redraws them on every slider move, and two more Plotly figures cost the browser about 0.7x a
# bare one-slider, one-chart page's whole move (docs/BENCHMARKS.md "Lean rerun path"). An inline
# SVG is inserted, not laid out by a chart library; each mark keeps its value in data-*
# attributes (read by the tests) and a <title> (the browser's hover text).
SVG_WIDTH, SVG_HEIGHT = 460, 250
_PLOT = {"left": 46, "right": 12, "top": 16, "bottom": 44}  # margins of the plotting area
_GRID = "rgba(128,128,128,0.25)"
_INK = "#1F2933"
_BUDGET = "#D55E00"


def _svg_number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_text(x: float, y: float, text: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{_svg_number(x)}" y="{_svg_number(y)}"{extra}>{escape(text)}</text>'


class _Frame:
    """The plotting area of a small SVG chart: weeks along x, `low`..`high` along y."""

    def __init__(self, weeks: Sequence[int], low: float, high: float, bottom_extra: int = 0):
        self.weeks, self.low, self.high = list(weeks), low, high
        self.left, self.top = _PLOT["left"], _PLOT["top"]
        self.right = SVG_WIDTH - _PLOT["right"]
        self.bottom = SVG_HEIGHT - _PLOT["bottom"] - bottom_extra
        self.slot = (self.right - self.left) / max(1, len(self.weeks))

    def x(self, week: int) -> float:
        """Centre of `week`'s slot."""
        return self.left + self.slot * (self.weeks.index(week) + 0.5)

    def y(self, value: float) -> float:
        share = (value - self.low) / ((self.high - self.low) or 1)
        return self.bottom - share * (self.bottom - self.top)

    def axes(self, y_ticks: Sequence[float], y_title: str) -> list[str]:
        """Grid lines with their y labels, the week numbers and both axis titles."""
        parts = []
        for tick in y_ticks:
            y = self.y(tick)
            parts.append(
                f'<line x1="{self.left}" x2="{_svg_number(self.right)}" y1="{_svg_number(y)}" '
                f'y2="{_svg_number(y)}" stroke="{_GRID}" stroke-width="1"/>'
            )
            parts.append(_svg_text(self.left - 6, y + 4, _svg_number(tick), text_anchor="end"))
        for week in self.weeks:
            parts.append(_svg_text(self.x(week), self.bottom + 16, str(week), text_anchor="middle"))
        middle = (self.left + self.right) / 2
        parts.append(_svg_text(middle, self.bottom + 32, "week", text_anchor="middle"))
        y_mid = _svg_number((self.top + self.bottom) / 2)
        parts.append(
            f'<text x="12" y="{y_mid}" text-anchor="middle" transform="rotate(-90 12 {y_mid})">'
            f"{escape(y_title)}</text>"
        )
        return parts


def _svg(kind: str, label: str, parts: Sequence[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_WIDTH} {SVG_HEIGHT}" '
        f'width="100%" role="img" aria-label="{escape(label)}" data-chart="{kind}" '
        f'font-family="{FONT["family"]}" font-size="11" fill="{_INK}" '
        f'style="max-width: {SVG_WIDTH * 1.6:.0f}px; display: block">'
        f"<title>{escape(label)}</title>{''.join(parts)}</svg>"
    )


def effort_svg(plan: Plan) -> str:
    """Target RIR by week as an SVG line (reversed axis: up is harder); the deload is a grey
    diamond. Every mark: data-week, data-rir and data-phase."""
    top = max([w.target_rir for w in plan.weeks] + [4]) + 1
    frame = _Frame([w.week for w in plan.weeks], low=top, high=-0.5)  # reversed: 0 near the top
    parts = frame.axes(range(0, int(top) + 1), "target RIR")
    working = [w for w in plan.weeks if not w.deload]
    if len(working) > 1:
        points = " ".join(
            f"{_svg_number(frame.x(w.week))},{_svg_number(frame.y(w.target_rir))}" for w in working
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke="#0072B2" stroke-width="2"/>')
    for week in plan.weeks:
        x, y = frame.x(week.week), frame.y(week.target_rir)
        data = f'data-week="{week.week}" data-rir="{week.target_rir:g}" data-phase="{week.phase}"'
        hover = f"<title>Week {week.week} ({week.phase}): RIR {week.target_rir:g}</title>"
        if week.deload:
            d = 7
            corners = ((x, y - d), (x + d, y), (x, y + d), (x - d, y))
            path = "M" + " L".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners) + " Z"
            parts.append(
                f'<path class="mark" d="{path}" fill="{DELOAD_COLOUR}" {data}>{hover}</path>'
            )
            parts.append(_svg_text(x, y + 20, "deload", text_anchor="middle", fill=_MUTED))
        else:
            parts.append(
                f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#0072B2" {data}>'
                f"{hover}</circle>"
            )
            parts.append(_svg_text(x, y - 9, f"{week.target_rir:g}", text_anchor="middle"))
    return _svg("effort", "Target reps in reserve by week", parts)


def _volume_ticks(top: float) -> list[int]:
    step = next(s for s in (2, 5, 10, 20) if top / s <= 6)
    return list(range(0, int(top) + 1, step))


VOLUME_SVG_HEIGHT = 330
_VOLUME_X = (6.0, 99.5)  # the plotting area, in % of the width


def volume_svg(plan: Plan, volumes: Mapping[int, RegionVolume] | None = None) -> str:
    """volume_chart drawn as SVG for Build: four blocks of weekly bars on one axis, each on its
    region's MEV-MRV band and labelled below with the region, MEV and MRV; grey: the deload.

    Horizontal positions are percentages and there is no viewBox, so the bars stretch with the
    page while the text keeps its size on a phone. Every bar: data-region, data-week and
    data-sets, and a <title> as hover text. `volumes` (week -> volume) replaces the plan's own
    numbers, as in volume_chart.
    """
    weekly = volumes or {w.week: w.volume for w in plan.weeks}
    top, bottom = 12, VOLUME_SVG_HEIGHT - 58
    top_value = max(
        volume_y_max([plan]), max(v.of(r) for v in weekly.values() for r in REGIONS) * 1.12 + 1
    )
    slots = block_positions(plan, len(REGIONS) - 1)[-1] + 1.4  # -0.7 .. last + 0.7
    left, right = _VOLUME_X
    slot = (right - left) / slots

    def x(position: float) -> float:
        return left + (position + 0.7) * slot

    def y(value: float) -> float:
        return bottom - value / top_value * (bottom - top)

    def pct(value: float) -> str:
        return f"{value:.2f}%"

    parts = []
    for tick in _volume_ticks(top_value):
        ty = y(tick)
        parts.append(
            f'<line x1="{pct(left)}" x2="{pct(right)}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{_GRID}"/>'
        )
        parts.append(
            f'<text x="{pct(left - 0.6)}" y="{ty + 4:.1f}" text-anchor="end" font-size="10">'
            f"{tick}</text>"
        )
    labels = _week_labels(plan)
    for index, region in enumerate(REGIONS):
        positions = block_positions(plan, index)
        mark = plan.landmarks[region]
        label, colour = REGION_LABELS[region], REGION_COLOURS[region]
        x0, x1 = x(positions[0] - 0.5), x(positions[-1] + 0.5)
        band_top, band_bottom = y(mark.mrv), y(mark.mev)
        parts.append(
            f'<rect class="band" x="{pct(x0)}" y="{band_top:.1f}" width="{pct(x1 - x0)}" '
            f'height="{max(band_bottom - band_top, 0):.1f}" fill="{BAND_COLOUR}" '
            f'fill-opacity="0.18" data-region="{region}" data-mev="{mark.mev:g}" '
            f'data-mrv="{mark.mrv:g}"/>'
        )
        for value, stroke in ((mark.mev, BAND_COLOUR), (mark.mrv, "#D55E00")):
            parts.append(
                f'<line x1="{pct(x0)}" x2="{pct(x1)}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                f'stroke="{stroke}" stroke-dasharray="2 2"/>'
            )
        bar = slot * 0.85
        for position, week, week_label in zip(positions, plan.weeks, labels, strict=True):
            sets = weekly[week.week].of(region)
            top_y = y(sets)
            fill = DELOAD_COLOUR if week.deload else colour
            parts.append(
                f'<rect class="mark" x="{pct(x(position) - bar / 2)}" y="{top_y:.1f}" '
                f'width="{pct(bar)}" height="{bottom - top_y:.1f}" fill="{fill}" '
                f'data-region="{region}" data-week="{week.week}" data-sets="{sets:g}">'
                f"<title>{escape(week_label)}: {sets:g} sets ({escape(label)})</title></rect>"
            )
        centre = pct((x0 + x1) / 2)
        lines = (f"<tspan font-weight=\"bold\">{escape(short_name(region))}</tspan>",
                 f"MEV {mark.mev:g}", f"MRV {mark.mrv:g}")  # fmt: skip
        for line, text in enumerate(lines):
            parts.append(
                f'<text x="{centre}" y="{bottom + 16 + 14 * line}" text-anchor="middle" '
                f'fill="{_MUTED}">{text}</text>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{VOLUME_SVG_HEIGHT}" '
        'role="img" aria-label="Weekly hard sets per region, by week" data-chart="volume" '
        f'font-family="{FONT["family"]}" font-size="11" fill="{_INK}" style="display: block">'
        f"<title>Weekly hard sets per region, by week</title>{''.join(parts)}</svg>"
    )


def _minutes_ticks(top: float) -> list[int]:
    step = next(s for s in (10, 15, 20, 30, 60) if top / s <= 6)
    return list(range(0, int(top) + 1, step))


def minutes_svg(plan: Plan) -> str:
    """Estimated minutes of every session by week as grouped SVG bars, against the lifter's
    time budget (a dashed line). Every bar: data-week, data-session and data-minutes."""
    count = max(len(w.sessions) for w in plan.weeks)
    budget = plan.request.minutes
    longest = max((s.minutes for w in plan.weeks for s in w.sessions), default=0)
    legend = 18 if count > 1 else 0
    frame = _Frame([w.week for w in plan.weeks], 0, max(budget, longest) * 1.15, legend)
    parts = frame.axes(_minutes_ticks(frame.high), "minutes")
    width = frame.slot * 0.8 / count
    for week in plan.weeks:
        for session in week.sessions:
            x = frame.x(week.week) - frame.slot * 0.4 + width * (session.session - 1)
            y = frame.y(session.minutes)
            colour = SESSION_COLOURS[(session.session - 1) % len(SESSION_COLOURS)]
            parts.append(
                f'<rect class="mark" x="{x:.1f}" y="{y:.1f}" width="{max(width - 1, 1):.1f}" '
                f'height="{frame.bottom - y:.1f}" fill="{colour}" data-week="{week.week}" '
                f'data-session="{session.session}" data-minutes="{session.minutes:.0f}">'
                f"<title>Week {week.week}, session {session.session}: {session.minutes:.0f} min"
                "</title></rect>"
            )
    y = frame.y(budget)
    parts.append(
        f'<line class="budget" x1="{frame.left}" x2="{frame.right:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
        f'stroke="{_BUDGET}" stroke-width="1.5" stroke-dasharray="6 4" data-minutes="{budget}"/>'
    )
    parts.append(
        _svg_text(frame.right, y - 4, f"budget {budget} min", text_anchor="end", fill=_BUDGET)
    )
    if count > 1:
        for index in range(count):
            x = frame.left + index * 84
            colour = SESSION_COLOURS[index % len(SESSION_COLOURS)]
            parts.append(
                f'<rect x="{x}" y="{SVG_HEIGHT - 14}" width="10" height="10" fill="{colour}"/>'
            )
            parts.append(_svg_text(x + 14, SVG_HEIGHT - 5, f"Session {index + 1}"))
    return _svg("minutes", "Estimated minutes per session by week", parts)


def compare_volume_charts(plans: Sequence[Plan]) -> list[go.Figure]:
    """The same volume chart for each plan, all on one y-axis range, to draw side by side."""
    top = volume_y_max(plans)
    return [volume_chart(plan, y_max=top) for plan in plans]
