"""Journeys in a real Chromium: settings, the Weeks slider, the week CSV, Compare."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.e2e.server import AppServer, choose, goto, title, wait_idle

pytestmark = pytest.mark.browser

CSV_HEADER = (
    "week,session,part,order,exercise,equipment,set,sets,reps_min,reps_max,reps,rest_s,target_rir"
).split(",")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = AppServer(tmp_path_factory.mktemp("journeys") / "plans.duckdb").start()
    yield app
    app.stop()


def _headline(page) -> str:
    return page.locator("[data-testid='stCaptionContainer']").first.inner_text()


def _volume_bars(page) -> int:
    return page.locator(".st-key-volume_chart g.point").count()


def test_changing_goal_experience_and_equipment_replans_and_updates_the_url(server, page):
    goto(page, server.url)
    assert _headline(page).startswith("Muscle growth · Intermediate")
    choose(page, "goal", "Fat loss")
    choose(page, "level", "Beginner")
    choose(page, "eq_preset", "Dumbbells + bench")
    assert _headline(page).startswith("Fat loss · Beginner")
    assert "goal=fat_loss" in page.url and "level=beginner" in page.url
    assert "eq=dumbbells_bench" in page.url
    tags = page.locator(".st-key-eq_tags").locator("xpath=ancestor::details").first
    tags.locator("summary").click()
    page.get_by_role("button", name="Remove bench").click()
    wait_idle(page)
    assert tags.get_attribute("open") is not None  # still open for the next edit
    assert page.locator(".st-key-eq_preset input").input_value() == "Dumbbells only"
    assert "eq=dumbbells_only" in page.url
    assert not page.locator("[data-testid='stException']").count()


def test_moving_the_weeks_slider_with_the_keyboard_redraws_the_volume_chart(server, page):
    goto(page, server.url)
    page.wait_for_selector(".st-key-volume_chart g.point")
    assert _volume_bars(page) == 4 * 5
    page.locator(".st-key-weeks input[type=range]").press("ArrowRight")
    wait_idle(page)
    page.wait_for_function(
        "document.querySelectorAll('.st-key-volume_chart g.point').length === 24"
    )
    assert "6 weeks" in _headline(page)
    assert "weeks=6" in page.url


def test_week_page_downloads_the_weeks_csv(server, page):
    goto(page, f"{server.url}/week?weeks=4")
    assert title(page) == "Week"
    choose(page, "week_pick", re.compile(r"^Week 2 · "))
    with page.expect_download() as download_info:
        page.locator(".st-key-download_week button").click()
    download = download_info.value
    assert download.suggested_filename == "back-plan-week-2.csv"
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert rows[0][: len(CSV_HEADER)] == CSV_HEADER
    body = rows[1:]
    assert body and {row[0] for row in body} == {"2"}
    assert {row[1] for row in body} == {"1", "2"}
    sessions = page.locator("h3").all_inner_texts()
    assert [s.split(" · ")[0] for s in sessions if s.startswith("Session")] == [
        "Session 1", "Session 2",
    ]  # fmt: skip


def test_compare_shows_fat_loss_and_muscle_growth_side_by_side(server, page):
    goto(page, f"{server.url}/compare")
    headings = page.locator("h3").all_inner_texts()
    assert headings[:2] == ["Fat loss", "Muscle growth"]
    for goal in ("fat_loss", "growth"):
        chart = page.locator(f".st-key-compare_chart_{goal}")
        chart.locator("g.point").first.wait_for()
        assert chart.locator("g.point").count() == 4 * 5
    page.locator(".st-key-compare_strength label").click()
    wait_idle(page)
    assert page.locator("h3").all_inner_texts()[:3] == ["Fat loss", "Muscle growth", "Strength"]


def test_sidebar_links_keep_the_settings_when_switching_pages(server, page):
    goto(page, f"{server.url}/?goal=strength&weeks=7")
    page.get_by_role("link", name="Week", exact=True).click()
    wait_idle(page)
    assert title(page) == "Week"
    assert "goal=strength" in page.url and "weeks=7" in page.url
    assert page.locator(".st-key-goal input").input_value() == "Strength"
    page.get_by_role("link", name="Exercises").click()
    wait_idle(page)
    assert page.locator(".st-key-weeks input[type=range]").input_value() == "7"


def test_a_bad_url_value_shows_a_message_not_a_traceback(server, page):
    goto(page, f"{server.url}/?weeks=99&goal=xyz")
    alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
    assert any("Ignored `weeks=99`" in a or "Ignored weeks=99" in a for a in alerts)
    assert not page.locator("[data-testid='stException']").count()
    assert page.locator(".st-key-goal input").input_value() == "Muscle growth"
