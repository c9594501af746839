"""The training loop on a phone (390 x 844): pick the plan, log sessions, see the next adapt,
restart the server, find the log."""

from __future__ import annotations

import os

import pytest

from planner import build_plan, load_catalog, load_presets, parse_request
from planner.store import PlanStore
from tests.e2e.server import TITLE, AppServer, goto, title, wait_idle

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
# Set TODAY_SCREENSHOT=docs/screenshots/today-phone.png to refresh the README's picture.
SCREENSHOT = os.environ.get("TODAY_SCREENSHOT")


PLAN = build_plan(
    parse_request(goal="growth", experience="intermediate", equipment="full_gym"),
    load_catalog(),
    load_presets(),
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("training") / "plans.duckdb"
    with PlanStore(db) as store:
        store.save(PLAN, "Phone block")
    app = AppServer(db).start()
    yield app
    app.stop()


def _log_every_set(page, load: str, feedback: bool = False) -> None:
    """Enter `load` in every load field, tick every set, save the session."""
    main = page.locator("[data-testid='stMain']")
    if feedback:  # no soreness, little pump, no joint pain, better: next week adds sets
        for key, answer in (
            ("today_soreness", "None"),
            ("today_pump", "A little"),
            ("today_joint_pain", "None"),
            ("today_performance", "Better"),
        ):
            group = page.locator(f".st-key-{key}")
            group.scroll_into_view_if_needed()  # drawn once scrolled into view
            group.get_by_role("radio", name=answer, exact=True).click()
    for field in main.locator("[class*='st-key-today_load_'] input").all():
        field.fill(load)
        field.press("Tab")
    for box in main.locator("[class*='st-key-today_done_'] label").all():
        box.click()
    page.get_by_role("button", name="Save session").click()
    wait_idle(page)


def _heading(page) -> str:
    return page.locator("[data-testid='stHeading'] h3").first.inner_text()


def test_a_lifter_logs_sessions_on_a_phone_and_finds_the_log_after_a_restart(
    server, browser, tmp_path
):
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    goto(page, f"{server.url}/today")
    assert title(page) == "Today"
    page.locator(".st-key-today_choose button").click()
    wait_idle(page)
    assert _heading(page) == "Week 1 · Session 1"
    assert page.get_by_text("Pick the load you could lift for").first.is_visible()

    _log_every_set(page, "60", feedback=True)
    sets = sum(p.sets for p in PLAN.weeks[0].sessions[0].exercises)
    page.get_by_text(f"Saved week 1 session 1: {sets} sets").wait_for()
    assert _heading(page) == "Week 1 · Session 2"
    _log_every_set(page, "40", feedback=True)
    page.get_by_text("Saved week 1 session 2").wait_for()
    assert _heading(page).startswith("Week 2 · Session 1")
    # Week 2 now suggests loads from what was logged (no more starting-load advice for them).
    loads = [
        float(field.input_value())
        for field in page.locator("[class*='st-key-today_load_2_1_'] input").all()
    ]
    assert any(value > 0 for value in loads)
    # ... and more sets than planned, after two sessions of low soreness and better performance.
    rows = page.locator("[class*='st-key-today_done_2_1_']").count()
    planned = sum(p.sets for p in PLAN.weeks[1].sessions[0].exercises)
    assert rows > planned
    page.get_by_text("sets added this week").first.wait_for()
    page.locator(TITLE).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=SCREENSHOT or str(tmp_path / "today-phone.png"), full_page=False)
    context.close()

    server.restart()

    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    goto(page, f"{server.url}/progress")
    assert title(page) == "Progress"
    page.get_by_text("Sessions done").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the log (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "day,week,session,deload,exercise_id,set,load_kg,reps,rir"
    assert {line.split(",")[2] for line in lines[1:]} == {"1", "2"}
    goto(page, f"{server.url}/today")
    assert _heading(page).startswith("Week 2 · Session 1")
    context.close()
