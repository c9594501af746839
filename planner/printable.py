"""Printable sheets: a week or the whole block as PDF, one page per session, to log sets on paper.

Each page has the warm-up, every exercise (equipment, sets x reps, rest, target RIR, %1RM where the
plan gives one, cue) beside a grid of blank cells, one column per set, for the load, reps and RIR
actually done, then the cool-down. A page that would overflow is redrawn smaller until it fits,
so a session never spills onto a second page or gets clipped on A4 or US Letter.

Text is set in DejaVu Sans Condensed (shipped in planner/fonts, Bitstream Vera licence), which has
"×", "–", "≈" and most Latin, Greek and Cyrillic letters; any character it lacks prints as "?".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from planner.errors import InvalidRequestError
from planner.export import equipment_text, get_week
from planner.models import Plan, Prescription, Session, SessionItem, Week
from planner.summary import plan_headline

PAPERS: tuple[str, ...] = ("A4", "Letter")
FONT_DIR = Path(__file__).with_name("fonts")
FONT = "dejavu"
_MARGIN = 12.0  # mm on every side: inside what office printers can print
_FOOTER = 8.0  # mm kept free at the bottom for the footer line
# fpdf2's own convention for reproducible files: a fixed creation date, so the same plan gives
# the same bytes (a plan carries no date, and the planner reads no clock).
_FIXED_DATE = datetime(1969, 12, 31, 19, 0, 0, tzinfo=UTC)
_SCALES = (1.0, 0.93, 0.86, 0.8, 0.74, 0.68, 0.62, 0.56, 0.5)
_GREY = (90, 90, 90)
_RULE = (170, 170, 170)
TIER_LABELS = {"heavy": "Heavy day", "moderate": "Moderate day", "light": "Light day"}
LOG_ROWS = ("Load", "Reps done", "RIR done")
TIMED_LOG_ROWS = ("Load", "Seconds done", "RIR done")  # carries and holds are timed


def paper_name(paper: str) -> str:
    """Return "A4" or "Letter" for any spelling of them ("a4", "letter", "US Letter")."""
    key = " ".join(str(paper).split()).lower()
    if key == "a4":
        return "A4"
    if key in ("letter", "us letter", "us-letter"):
        return "Letter"
    raise InvalidRequestError(f"paper must be A4 or Letter (got {str(paper)[:20]!r})")


def week_pdf(plan: Plan, week: int, paper: str = "A4") -> bytes:
    """One week of the plan as a printable PDF: one page per session."""
    return _render(plan, [get_week(plan, week)], paper_name(paper), f"week {week}")


def block_pdf(plan: Plan, paper: str = "A4") -> bytes:
    """The whole block as a printable PDF: one page per session, week after week."""
    return _render(plan, list(plan.weeks), paper_name(paper), "the whole block")


def _render(plan: Plan, weeks: list[Week], paper: str, what: str) -> bytes:
    sheet = _Sheet(paper, title=f"Back-and-biceps plan: {what}")
    headline = plan_headline(plan)
    for week in weeks:
        for session in week.sessions:
            sheet.session_page(headline, week, session, len(week.sessions))
    return bytes(sheet.pdf.output())


@dataclass(frozen=True)
class _Style:
    """Sizes at one scale: font sizes in points, the rest in mm."""

    scale: float

    def pt(self, size: float) -> float:
        return size * self.scale

    def mm(self, size: float) -> float:
        return size * self.scale


class _Sheet:
    def __init__(self, paper: str, title: str) -> None:
        pdf = FPDF(orientation="portrait", unit="mm", format=paper)
        pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        pdf.set_auto_page_break(False)  # we place every line ourselves and check the fit
        pdf.add_font(FONT, "", FONT_DIR / "DejaVuSansCondensed.ttf")
        pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSansCondensed-Bold.ttf")
        pdf.set_creation_date(_FIXED_DATE)
        pdf.set_title(title)
        pdf.set_creator("back-planner")
        pdf.alias_nb_pages()
        self.pdf = pdf
        self._glyphs = frozenset(pdf.fonts[FONT].ttfont.getBestCmap())
        self.draw = True

    # -- text primitives: every one returns the height it takes, drawn or only measured --

    def clean(self, text: str) -> str:
        """Text the font can print: control characters become spaces, missing glyphs "?"."""
        out = []
        for char in unicodedata.normalize("NFC", str(text)):
            if char == "\n":
                out.append(char)
            elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
                out.append(" ")
            elif ord(char) in self._glyphs or char == " ":
                out.append(char)
            else:
                out.append("?")
        return "".join(out)

    def text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        grey: bool = False,
        align: Align = Align.L,
    ) -> float:
        pdf = self.pdf
        pdf.set_font(FONT, "B" if bold else "", size)
        line = size * 0.3528 * 1.25  # points to mm, with 25 % leading
        clean = self.clean(text)
        if self.draw:
            pdf.set_text_color(*(_GREY if grey else (0, 0, 0)))
            pdf.set_xy(x, y)
        if "\n" not in clean and pdf.get_string_width(clean) <= width - 2 * pdf.c_margin:
            # one line: fpdf2's line breaker is slow on long pages, and this is most text
            if self.draw:
                pdf.cell(width, line, clean, align=align)
            return line
        height = pdf.multi_cell(
            width,
            line,
            clean,
            align=align,
            dry_run=not self.draw,
            output="HEIGHT",
            padding=0,
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
        )
        return float(height)

    def rule(self, y: float) -> None:
        if self.draw:
            self.pdf.set_draw_color(*_RULE)
            self.pdf.set_line_width(0.2)
            self.pdf.line(_MARGIN, y, self.pdf.w - _MARGIN, y)

    # -- the page --

    def session_page(self, headline: str, week: Week, session: Session, sessions: int) -> None:
        bottom = self.pdf.h - _MARGIN - _FOOTER
        self.pdf.add_page()  # measuring needs a page; it writes nothing on it
        self.draw = False
        style = _Style(_SCALES[-1])
        for scale in _SCALES:
            if _MARGIN + self._session(headline, week, session, sessions, _Style(scale)) <= bottom:
                style = _Style(scale)
                break
        self.draw = True
        end = _MARGIN + self._session(headline, week, session, sessions, style)
        self._notes(end + style.mm(3), bottom, style)
        self._footer()

    def _notes(self, top: float, bottom: float, s: _Style) -> None:
        """Ruled lines for notes in the space the session leaves (none when it leaves little)."""
        spacing = s.mm(8)
        heading = s.pt(11) * 0.3528 * 1.25  # one line of the heading (see text())
        if top + heading + 2 * spacing > bottom:
            return
        self.text(_MARGIN, top, 40, "Notes", s.pt(11), bold=True)
        y = top + heading + spacing
        while y <= bottom - s.mm(2):
            self.rule(y)
            y += spacing

    def _session(
        self, headline: str, week: Week, session: Session, sessions: int, s: _Style
    ) -> float:
        """Lay out one session from the top margin; return the height it took."""
        width = self.pdf.w - 2 * _MARGIN
        y = _MARGIN
        title = f"Week {week.week} · Session {session.session} of {sessions}"
        right = f"{TIER_LABELS.get(session.tier, session.tier)} · about {session.minutes:.0f} min"
        height = self.text(_MARGIN, y, width * 0.62, title, s.pt(16), bold=True)
        self.text(
            _MARGIN + width * 0.62, y + s.mm(1.5), width * 0.38, right, s.pt(10), align=Align.R
        )
        y += height + s.mm(0.5)
        y += self.text(_MARGIN, y, width, headline, s.pt(8.5), grey=True)
        phase = "Deload week" if week.deload else f"{week.phase.capitalize()} week"
        line = (
            f"{phase} · target RIR {week.target_rir:g} · write the load, reps and RIR you did "
            "in the empty cells          Date: ____________"
        )
        y += self.text(_MARGIN, y, width, line, s.pt(9)) + s.mm(2)

        y += self._items("Warm-up (not counted as working sets)", session.warmup, y, width, s)
        y += s.mm(1.5)
        y += self.text(_MARGIN, y, width, "Working sets", s.pt(11), bold=True) + s.mm(1)
        self.rule(y)
        for item in session.exercises:
            y += self._exercise(item, y, width, s)
            self.rule(y)
        y += s.mm(2)
        y += self._items("Cool-down", session.cooldown, y, width, s)
        return y - _MARGIN

    def _items(
        self, heading: str, items: tuple[SessionItem, ...], y: float, width: float, s: _Style
    ) -> float:
        start = y
        y += self.text(_MARGIN, y, width, heading, s.pt(11), bold=True) + s.mm(0.5)
        box = s.mm(2.8)
        for item in items:
            if self.draw:  # a tick box per item
                self.pdf.set_draw_color(0, 0, 0)
                self.pdf.set_line_width(0.25)
                self.pdf.rect(_MARGIN, y + s.mm(0.6), box, box)
            indent = box + s.mm(2)
            y += self.text(
                _MARGIN + indent, y, width - indent, f"{item.name}: {item.detail}", s.pt(9)
            )
            y += s.mm(0.6)
        return y - start

    def _exercise(self, item: Prescription, y: float, width: float, s: _Style) -> float:
        gap = s.mm(4)
        left = width * 0.5
        grid_x = _MARGIN + left + gap
        grid_w = width - left - gap
        top = y + s.mm(1.5)

        ty = top
        ty += self.text(_MARGIN, ty, left, f"{item.order}. {item.name}", s.pt(11), bold=True)
        ty += s.mm(0.3)
        ty += self.text(_MARGIN, ty, left, _prescription_line(item), s.pt(9.5))
        ty += self.text(_MARGIN, ty, left, equipment_text(item.equipment), s.pt(9), grey=True)
        if item.cue:
            ty += s.mm(0.5)
            ty += self.text(_MARGIN, ty, left, item.cue, s.pt(8.5), grey=True)

        grid_h = self._log_grid(item, grid_x, top, grid_w, s)
        return max(ty, top + grid_h) - y + s.mm(1.5)

    def _log_grid(self, item: Prescription, x: float, y: float, width: float, s: _Style) -> float:
        """Blank cells, one column per set, for what was actually done; return its height."""
        rows = LOG_ROWS if item.rep_unit == "reps" else TIMED_LOG_ROWS
        pdf = self.pdf
        pdf.set_font(FONT, "", s.pt(8))
        label_w = max(pdf.get_string_width(label) for label in rows) + 2 * pdf.c_margin + s.mm(1)
        columns = max(item.sets, 1)
        cell_w = min(s.mm(17), (width - label_w) / columns)
        head_h, row_h = s.mm(5), s.mm(7.5)
        if self.draw:
            pdf.set_draw_color(0, 0, 0)
            pdf.set_line_width(0.25)
            pdf.set_text_color(0, 0, 0)
            pdf.set_font(FONT, "B", s.pt(8))
            for number in range(columns):
                pdf.set_xy(x + label_w + number * cell_w, y)
                pdf.cell(cell_w, head_h, f"Set {number + 1}", align=Align.C)
            for row, label in enumerate(rows):
                row_y = y + head_h + row * row_h
                pdf.set_font(FONT, "", s.pt(8))
                pdf.set_xy(x, row_y)
                pdf.cell(label_w, row_h, label, align=Align.L)
                for number in range(columns):
                    pdf.rect(x + label_w + number * cell_w, row_y, cell_w, row_h)
        return head_h + len(rows) * row_h

    def _footer(self) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*_GREY)
        pdf.set_xy(_MARGIN, pdf.h - _MARGIN - 4)
        pdf.cell(
            pdf.w - 2 * _MARGIN,
            4,
            "RIR (reps in reserve): how many more reps you could have done at the end of the set; "
            "0 = none left.",
            align=Align.L,
        )
        pdf.set_xy(_MARGIN, pdf.h - _MARGIN - 4)
        pdf.cell(pdf.w - 2 * _MARGIN, 4, f"Page {pdf.page_no()} of {{nb}}", align=Align.R)


def _prescription_line(item: Prescription) -> str:
    unit = " s" if item.rep_unit == "s" else " reps"
    side = " per side" if item.unilateral else ""
    reps = (
        f"{item.reps_min}{unit}"
        if item.reps_min == item.reps_max
        else f"{item.reps_min}–{item.reps_max}{unit}"
    )
    parts = [f"{item.sets} × {reps}{side}", f"rest {item.rest_s} s", f"RIR {item.target_rir:g}"]
    if item.pct_1rm is not None:
        parts.append(f"≈{item.pct_1rm:g}% 1RM")
    return " · ".join(parts)
