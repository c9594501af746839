"""What must survive a server restart: saved plans, and bookmarked page URLs as a first visit."""

from __future__ import annotations

import pytest

from tests.e2e.server import AppServer, goto, title, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = AppServer(tmp_path_factory.mktemp("restart") / "plans.duckdb").start()
    yield app
    app.stop()


def test_a_saved_plan_is_in_the_library_after_a_restart_and_opens_with_its_settings(
    server, browser
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    goto(page, f"{server.url}/Library?goal=strength&weeks=6")
    page.locator(".st-key-save_name input").fill("Bookmarked strength")
    page.locator(".st-key-save_notes textarea").fill("rows heavy")
    page.get_by_role("button", name="Save plan").click()
    wait_idle(page)
    page.get_by_text("Saved “Bookmarked strength”").wait_for()
    page.close()

    server.restart()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    goto(page, f"{server.url}/Library")
    pick = page.locator(".st-key-library_pick input")
    assert pick.input_value() == "Bookmarked strength (#1)"
    assert "rows heavy" in page.locator("[data-testid='stMain']").inner_text()
    page.locator(".st-key-library_open button").click()
    wait_idle(page)
    page.wait_for_url("**/?*goal=strength*")
    assert title(page) == "Build"
    assert "weeks=6" in page.url
    assert page.locator(".st-key-goal input").input_value() == "Strength"
    page.close()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/week?goal=strength&weeks=6", "Week"),
        ("/compare?goal=strength&weeks=6", "Compare"),
        # The capitalised addresses of older bookmarks still open their page.
        ("/Week?goal=strength&weeks=6", "Week"),
        ("/Compare?goal=strength&weeks=6", "Compare"),
    ],
)
def test_a_bookmarked_page_url_works_as_the_first_visit_after_a_restart(
    server, browser, path, heading
):
    server.restart()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    goto(page, server.url + path)
    assert title(page) == heading
    page.wait_for_url(f"**/{heading.lower()}?*")
    # An old capitalised address switches pages once: let the page it lands on finish drawing.
    wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("link", name="Build").wait_for(state="visible")
    assert page.locator(".st-key-goal input").input_value() == "Strength"
    assert page.locator(".st-key-weeks input[type=range]").input_value() == "6"
    assert "goal=strength" in page.url and "weeks=6" in page.url
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "6 weeks" in main
    assert not page.locator("[data-testid='stException']").count()
    page.close()


def test_a_shared_week_link_written_with_the_sidebar_labels_opens_that_week_after_a_restart(
    server, browser
):
    server.restart()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    goto(page, f"{server.url}/Week?week=3&level=Advanced&goal=Muscle%20growth&eq=Full%20gym")
    assert title(page) == "Week"
    assert page.locator(".st-key-level input").input_value() == "Advanced"
    assert page.locator(".st-key-week_pick input").input_value().startswith("Week 3")
    page.wait_for_url("**/week?*")
    assert "week=3" in page.url and "level=advanced" in page.url
    assert "goal=" not in page.url and "eq=" not in page.url  # the defaults, written as labels
    assert not page.locator("[data-testid='stAlert']").count()
    page.close()
