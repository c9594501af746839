"""The gym files from the Week page in a real Chromium: CSV, PDF and calendar, laptop and phone."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.server import AppServer, choose, goto, title, wait_idle
from tests.pdf_tools import pdf_info, pdf_pages_text

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = AppServer(tmp_path_factory.mktemp("downloads") / "plans.duckdb").start()
    yield app
    app.stop()


@pytest.fixture(params=["laptop", "phone"])
def screen(request, browser):
    """A page at 1280x900 (the default) or at phone size, 390x844."""
    if request.param == "laptop":
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
    else:
        context = browser.new_context(
            viewport=PHONE, accept_downloads=True, is_mobile=True, has_touch=True
        )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _download(page, key: str):
    button = page.locator(f".st-key-{key}").get_by_role("button")
    button.scroll_into_view_if_needed()
    with page.expect_download() as info:
        button.click()
    return info.value


def test_the_week_csv_and_both_pdfs_download(server, screen, poppler):
    goto(screen, f"{server.url}/week?weeks=4&sessions=3")
    assert title(screen) == "Week"
    choose(screen, "week_pick", re.compile(r"^Week 2 · "))

    csv_file = _download(screen, "download_week")
    assert csv_file.suggested_filename == "back-plan-week-2.csv"
    rows = list(csv.DictReader(io.StringIO(csv_file.path().read_text(encoding="utf-8"))))
    assert {r["week"] for r in rows} == {"2"} and {r["session"] for r in rows} == {"1", "2", "3"}
    assert {r["part"] for r in rows} == {"warm-up", "work", "cool-down"}

    week_pdf = _download(screen, "download_week_pdf")
    assert week_pdf.suggested_filename == "back-plan-week-2-a4.pdf"
    assert pdf_info(week_pdf.path())["Pages"] == "3"
    pages = pdf_pages_text(week_pdf.path())
    assert [page[:23] for page in pages] == [f"Week 2 · Session {n} of 3" for n in (1, 2, 3)]

    screen.locator(".st-key-paper label").filter(has_text="Letter").click()
    wait_idle(screen)
    block = _download(screen, "download_block_pdf")
    assert block.suggested_filename == "back-plan-block-letter.pdf"
    info = pdf_info(block.path())
    assert info["Pages"] == str(4 * 3) and info["Page size"].startswith("612 x 792")
    png = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", str(block.path())],
        capture_output=True,
        check=True,
    ).stdout
    assert png.startswith(b"\x89PNG")
    assert not screen.locator("[data-testid='stException']").count()


def test_the_calendar_downloads_with_the_chosen_start_and_days(server, screen):
    goto(screen, f"{server.url}/week?weeks=5")
    expander = screen.locator("summary").filter(has_text="Calendar file (ICS)")
    expander.scroll_into_view_if_needed()
    expander.click()
    field = screen.locator(".st-key-ics_start input")
    field.fill("2026-03-04")
    field.press("Enter")
    wait_idle(screen)
    screen.get_by_role("button", name=re.compile("Remove Thursday")).click()
    wait_idle(screen)
    # a rerun that has not reached the browser yet leaves the old, enabled button: wait for it
    expect(screen.locator(".st-key-download_ics").get_by_role("button")).to_be_disabled(
        timeout=30_000
    )
    days = screen.locator(".st-key-ics_days_2 input")
    days.click()
    days.press_sequentially("Saturday")  # typing filters the list; robust on a loaded machine
    screen.get_by_role("option", name="Saturday").click(timeout=60_000)
    wait_idle(screen)
    screen.keyboard.press("Escape")
    # the open calendar inputs and the buttons fit the screen, phone included
    assert screen.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    main = screen.locator("[data-testid='stMain']")
    assert main.evaluate("e => e.scrollWidth <= e.clientWidth")

    ics = _download(screen, "download_ics")
    assert ics.suggested_filename == "back-plan-from-2026-03-04.ics"
    calendar = Calendar.from_ical(ics.path().read_bytes())
    dates = [e.decoded("dtstart") for e in calendar.walk("VEVENT")]
    assert len(dates) == 5 * 2 and {d.weekday() for d in dates} == {0, 5}
    assert dates[0] == date(2026, 3, 7)  # the first Saturday on or after the start
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert all("deload week 5" in s for s in summaries[-2:])
    assert not screen.locator("[data-testid='stException']").count()
