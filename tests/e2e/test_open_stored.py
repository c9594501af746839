"""Journey: a saved plan that this planner would build differently opens as stored."""

from __future__ import annotations

import json

import pytest

from planner import build_plan, load_catalog, load_presets, parse_request
from planner.store import PlanStore
from tests.e2e.server import AppServer, goto, title, wait_idle

pytestmark = pytest.mark.browser

STORED_NAME = "Stored pull up variant"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("open_stored") / "plans.duckdb"
    # An export from an older planner: the same settings, another first exercise in every week.
    request = parse_request(goal="growth", experience="intermediate", equipment="full_gym")
    plan = build_plan(request, load_catalog(), load_presets())
    with PlanStore(db) as store:
        data = json.loads(store.export_json(store.save(plan, "Built today")))
        data["name"] = "Older block"
        for week in data["plan"]["weeks"]:
            week["sessions"][0]["exercises"][0]["name"] = STORED_NAME
        store.import_json(json.dumps(data).encode())
    app = AppServer(db).start()
    yield app
    app.stop()


def _main(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def test_open_shows_the_stored_plan_on_build_and_week_until_a_setting_moves(server, page):
    goto(page, f"{server.url}/library")
    assert page.locator(".st-key-library_pick input").input_value() == "Older block (#2)"
    page.locator(".st-key-library_open button").click()
    wait_idle(page)
    page.get_by_text("Showing saved plan “Older block” (#2)").wait_for()
    assert title(page) == "Build"
    assert "would give a different plan" in _main(page)
    assert STORED_NAME in _main(page)

    page.locator("[data-testid='stSidebarNav'], [data-testid='stSidebar']").get_by_role(
        "link", name="Week"
    ).first.click()
    wait_idle(page)
    page.get_by_text(STORED_NAME).first.wait_for()
    assert title(page) == "Week"
    assert "Showing saved plan" in _main(page)
    page.screenshot(path=str(server.db.parent / "week-as-stored.png"), full_page=False)

    page.locator(".st-key-weeks input[type=range]").press("ArrowRight")
    wait_idle(page)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stMain\"]').innerText"
        ".includes('Showing saved plan')"
    )
    assert STORED_NAME not in _main(page)
    assert not page.locator("[data-testid='stException']").count()
