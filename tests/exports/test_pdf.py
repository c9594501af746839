"""The printable sheet: one page per session on A4 and US Letter, everything readable, no clipping.

Pages are rendered to PNG with pdftoppm (as a printer would rasterise them) and read back with
pdftotext, so these tests see what a lifter sees on paper.
"""

from __future__ import annotations

import subprocess

import pytest
from PIL import Image

from planner.errors import InvalidRequestError
from planner.export import equipment_text
from planner.printable import LOG_ROWS, block_pdf, paper_name, week_pdf
from tests.pdf_tools import pdf_info, pdf_pages_text

# Page sizes in points (1/72 inch) as pdfinfo reports them
SIZES = {"A4": (595, 842), "Letter": (612, 792)}
MARGIN_MM = 12


def write(tmp_path, data: bytes, name: str = "sheet.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rasterise(path, dpi: int = 40) -> list[Image.Image]:
    prefix = path.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(prefix)], check=True)
    files = sorted(path.parent.glob(f"{prefix.name}-*.png"))
    return [Image.open(f).convert("L") for f in files]


def ink_outside_margins(image: Image.Image, dpi: int) -> int:
    """Dark pixels in the outer 8 mm on every side: text or lines drawn past the page's margins."""
    band = round(8 / 25.4 * dpi)
    width, height = image.size
    strips = [(0, 0, width, band), (0, height - band, width, height)]
    strips += [(0, 0, band, height), (width - band, 0, width, height)]
    return sum(
        sum(1 for value in image.crop(box).get_flattened_data() if value < 128) for box in strips
    )


def sets_reps(item) -> str:
    reps = (
        f"{item.reps_min}" if item.reps_min == item.reps_max else f"{item.reps_min}–{item.reps_max}"
    )
    return f"{item.sets} × {reps}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_week_sheet_has_one_page_per_session_and_shows_every_exercise(
    sample_plans, tmp_path, poppler, paper
):
    for index, plan in enumerate(sample_plans[:6]):
        week = plan.weeks[index % len(plan.weeks)]
        path = write(tmp_path, week_pdf(plan, week.week, paper), f"w{index}.pdf")
        info = pdf_info(path)
        assert int(info["Pages"]) == len(week.sessions) == plan.request.sessions
        width, _, height = info["Page size"].split()[:3]
        assert (round(float(width)), round(float(height))) == SIZES[paper]
        pages = pdf_pages_text(path)
        for session, text in zip(week.sessions, pages, strict=True):
            assert f"Week {week.week} · Session {session.session} of" in text
            assert "Warm-up" in text and "Cool-down" in text
            for item in session.warmup + session.cooldown:
                assert item.name in text
            for item in session.exercises:
                assert f"{item.order}. {item.name}" in text, item.name
                assert sets_reps(item) in text
                assert f"rest {item.rest_s} s" in text and f"RIR {item.target_rir:g}" in text
                assert equipment_text(item.equipment) in text
                if item.pct_1rm is not None:
                    assert f"≈{item.pct_1rm:g}% 1RM" in text
            for label in ("Load", "RIR done"):
                assert text.count(label) >= len(session.exercises)
            most = max(p.sets for p in session.exercises)
            assert all(f"Set {n}" in text for n in range(1, most + 1))
        if week.deload:
            assert all("Deload week" in text for text in pages)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_sheet_pages_render_to_images_with_nothing_past_the_margins(
    sample_plans, tmp_path, poppler, paper
):
    plan = sample_plans[8]  # three sessions a week
    dpi = 40
    path = write(tmp_path, week_pdf(plan, 1, paper))
    images = rasterise(path, dpi)
    assert len(images) == plan.request.sessions
    width, height = SIZES[paper]
    for image in images:
        assert image.size == (round(width / 72 * dpi), round(height / 72 * dpi))
        dark = sum(1 for value in image.get_flattened_data() if value < 128)
        assert dark > 500  # the page has content
        assert ink_outside_margins(image, dpi) == 0


def test_the_block_sheet_has_weeks_times_sessions_pages(sample_plans, tmp_path, poppler):
    for plan in (sample_plans[0], sample_plans[5]):
        path = write(tmp_path, block_pdf(plan, "Letter"))
        pages = pdf_pages_text(path)
        assert len(pages) == len(plan.weeks) * plan.request.sessions
        titles = [f"Week {w.week} · Session {s.session} of" for w in plan.weeks for s in w.sessions]
        assert all(title in text for title, text in zip(titles, pages, strict=True))
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def _crowded(plan):
    """A session far fuller than the planner makes: 9 exercises x 6 sets and 400-character cues."""
    week = plan.weeks[0]
    session = week.sessions[0]
    cue = "Brace, breathe and keep the ribs down; " * 10
    items = [
        item.model_copy(update={"order": n + 1, "sets": 6, "cue": cue.strip()})
        for n, item in enumerate((session.exercises * 9)[:9])
    ]
    crowded = session.model_copy(update={"exercises": tuple(items)})
    return plan.model_copy(
        update={"weeks": (week.model_copy(update={"sessions": (crowded,)}), *plan.weeks[1:])}
    ), crowded


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_crowded_session_still_fits_one_page_with_its_long_cues_wrapped(
    sample_plans, tmp_path, poppler, paper
):
    plan, session = _crowded(sample_plans[0])
    path = write(tmp_path, week_pdf(plan, 1, paper))
    (text,) = pdf_pages_text(path)
    assert text.count("Brace, breathe and keep the ribs down;") == 9 * 10
    assert "Notes" not in text  # no room left for notes lines
    assert all(f"{item.order}. {item.name}" in text for item in session.exercises)
    (image,) = rasterise(path)
    assert ink_outside_margins(image, 40) == 0


def test_any_character_prints_and_none_crashes_the_sheet(sample_plans, tmp_path, poppler):
    plan = sample_plans[0]
    week = plan.weeks[0]
    session = week.sessions[0]
    odd = session.exercises[0].model_copy(
        update={"name": "Row × 2 – ≈ · «Zug» Тяга", "cue": "漢字 🦠 bell\x07 tab\t end\u200b"}
    )
    session = session.model_copy(update={"exercises": (odd, *session.exercises[1:])})
    week = week.model_copy(update={"sessions": (session,)})
    plan = plan.model_copy(update={"weeks": (week, *plan.weeks[1:])})
    (text,) = pdf_pages_text(write(tmp_path, week_pdf(plan, 1)))
    assert "Row × 2 – ≈ · «Zug» Тяга" in text
    assert "?? ? bell tab end" in text


def test_the_same_plan_gives_the_same_pdf_bytes(sample_plans):
    plan = sample_plans[2]
    assert week_pdf(plan, 1, "A4") == week_pdf(plan, 1, "a4")
    assert block_pdf(plan, "Letter") == block_pdf(plan, "Letter")
    assert week_pdf(plan, 1, "A4") != week_pdf(plan, 1, "Letter")


@pytest.mark.parametrize("paper", ["A5", "", "legal", "a4; rm"])
def test_an_unknown_paper_size_is_refused_with_the_two_choices(sample_plans, paper):
    with pytest.raises(InvalidRequestError, match="paper must be A4 or Letter"):
        week_pdf(sample_plans[0], 1, paper)


def test_a_week_outside_the_plan_is_refused_with_the_range(sample_plans):
    plan = sample_plans[0]
    with pytest.raises(InvalidRequestError, match=f"choose 1 to {len(plan.weeks)}"):
        week_pdf(plan, len(plan.weeks) + 1)


def test_paper_names_accept_any_case():
    assert [paper_name(p) for p in ("a4", "A4", "letter", "US Letter")] == [
        "A4",
        "A4",
        "Letter",
        "Letter",
    ]
    assert LOG_ROWS == ("Load", "Reps done", "RIR done")


def test_a_timed_hold_logs_seconds_instead_of_reps(sample_plans, tmp_path, poppler):
    plan = sample_plans[0]
    week, session = plan.weeks[0], plan.weeks[0].sessions[0]
    hold = session.exercises[0].model_copy(
        update={"rep_unit": "s", "unilateral": True, "reps_min": 30, "reps_max": 45}
    )
    session = session.model_copy(update={"exercises": (hold, *session.exercises[1:])})
    plan = plan.model_copy(
        update={"weeks": (week.model_copy(update={"sessions": (session,)}), *plan.weeks[1:])}
    )
    (text,) = pdf_pages_text(write(tmp_path, week_pdf(plan, 1)))
    assert f"{hold.sets} × 30–45 s per side" in text
    assert text.count("Seconds done") == 1
    assert text.count("Reps done") == len(session.exercises) - 1


def test_a_short_session_leaves_ruled_lines_for_notes(sample_plans, tmp_path, poppler):
    plan = sample_plans[0]
    week, session = plan.weeks[0], plan.weeks[0].sessions[0]
    short = session.model_copy(update={"exercises": session.exercises[:2]})
    plan = plan.model_copy(
        update={"weeks": (week.model_copy(update={"sessions": (short,)}), *plan.weeks[1:])}
    )
    path = write(tmp_path, week_pdf(plan, 1))
    (text,) = pdf_pages_text(path)
    assert text.index("Cool-down") < text.index("Notes") < text.index("RIR (reps in reserve)")
    (image,) = rasterise(path)
    assert ink_outside_margins(image, 40) == 0
