"""Hostile links and hostile saved plans in a real Chromium, on every page: user text is shown
as text, so nothing links to or loads from the attacker's host. Plus the Library picker after
rename and delete, and an upload over the size limit."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from planner import build_plan, load_catalog, load_presets, parse_request
from planner.export import plan_json
from planner.store import PlanStore
from tests.e2e.server import AppServer, choose, goto, wait_idle
from ui.settings import PAGES

pytestmark = pytest.mark.browser

HOST = "evil.example"
PIXEL = f"![p](https://{HOST}/pixel.png)"
PHISH = f"[Session expired - log in](https://{HOST}/login)"
# Every Markdown feature Streamlit renders that could link, load or mislead.
HOSTILE = (
    f"x` {PIXEL} ` {PHISH} <img src=https://{HOST}/raw.png> https://{HOST}/auto "
    f"www.{HOST} mail@{HOST} :red[red] :material/home: $x^2$ **bold**"
)
IMAGE_ONLY = f"![](https://{HOST}/only.png)"


def _page_paths() -> list[str]:
    """URL paths of every page in the navigation, pages added later included."""
    paths = []
    for script, _, _ in PAGES:
        stem = Path(script).stem
        paths.append("" if script == "app.py" else re.sub(r"^\d+_", "", stem))
    return paths


def _hostile_query() -> str:
    values = {"goal": f"x` {PIXEL} `", "weeks": PHISH, "eq": HOSTILE, "level": IMAGE_ONLY}
    return "&".join(f"{k}={quote(v, safe='')}" for k, v in values.items())


def _hostile_plan_document() -> dict:
    plan = build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="full_gym"),
        load_catalog(),
        load_presets(),
    )
    document = json.loads(plan_json(plan))
    document["warnings"] = [HOSTILE]
    for week in document["weeks"]:
        for session in week["sessions"]:
            for item in session["exercises"]:
                item["cue"] = HOSTILE
                item["rationale"] = PHISH
                item["progression"] = PIXEL
            for item in session["warmup"] + session["cooldown"]:
                item["detail"] = HOSTILE
    return document


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("hostile") / "plans.duckdb"
    with PlanStore(db) as store:
        store.import_json(json.dumps(_hostile_plan_document()), name=HOSTILE)
        store.save(store.load(1).plan, IMAGE_ONLY, notes=HOSTILE)
    app = AppServer(db).start()
    yield app
    app.stop()


@pytest.fixture
def watched(page):
    """The page, and every URL it requested."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    return page, requested


def _assert_nothing_from_the_host(page, requested: list[str], where: str) -> None:
    assert page.locator(f"a[href*='{HOST}']").count() == 0, where
    assert page.locator(f"img[src*='{HOST}']").count() == 0, where
    assert page.locator(f"[src*='{HOST}'], [href*='{HOST}']").count() == 0, where
    assert [url for url in requested if (urlsplit(url).hostname or "").endswith(HOST)] == [], where
    assert page.locator("[data-testid='stException']").count() == 0, where


@pytest.mark.parametrize("path", _page_paths())
def test_a_hostile_link_shows_its_values_as_text_and_loads_nothing(server, watched, path):
    page, requested = watched
    goto(page, f"{server.url}/{path}?{_hostile_query()}")
    page.wait_for_timeout(500)  # let any image the page asked for be requested
    _assert_nothing_from_the_host(page, requested, path)
    warnings = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert "Ignored goal=x` " + PIXEL in warnings.replace("\u2060", "")
    assert PHISH in warnings.replace("\u2060", "")


@pytest.mark.parametrize("path", _page_paths())
def test_a_hostile_saved_plan_shows_its_text_as_text_on_every_page(server, watched, path):
    page, requested = watched
    goto(page, f"{server.url}/Library")
    choose(page, "library_pick", re.compile(r"\(#1\)$"))
    page.locator(".st-key-library_open button").click()  # its settings become the current plan
    wait_idle(page)
    goto(page, f"{server.url}/{path}")
    page.wait_for_timeout(500)
    _assert_nothing_from_the_host(page, requested, path)


def test_library_shows_hostile_names_and_notes_literally_in_every_message(server, watched):
    page, requested = watched
    goto(page, f"{server.url}/Library")
    choose(page, "library_pick", re.compile(r"\(#2\)$"))
    page.locator(".st-key-library_delete button").click()
    wait_idle(page)
    text = page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")
    assert f"Delete “{IMAGE_ONLY}” (plan #2)?" in text  # an image-only name still reads
    assert HOSTILE in text  # the notes in the caption
    page.locator(".st-key-library_delete_no button").click()
    wait_idle(page)
    box = page.locator(".st-key-library_rename_2 input")
    box.fill(PHISH)
    box.press("Enter")
    wait_idle(page)
    text = page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")
    assert f"Renamed to “{PHISH}”." in text
    page.locator(".st-key-save_name input").fill(PIXEL)
    page.get_by_role("button", name="Save plan").click()
    wait_idle(page)
    text = page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")
    assert f"Saved “{PIXEL}” as plan #" in text
    _assert_nothing_from_the_host(page, requested, "Library")


def _picked(page) -> str:
    return page.locator(".st-key-library_pick input").input_value()


@pytest.fixture
def fresh_server(tmp_path):
    db = tmp_path / "plans.duckdb"
    plan = build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="full_gym"),
        load_catalog(),
        load_presets(),
    )
    with PlanStore(db) as store:
        for name in ("Alpha", "Beta", "Gamma"):
            store.save(plan, name)
    app = AppServer(db).start()
    yield app
    app.stop()


def test_the_library_picker_never_names_a_plan_the_buttons_do_not_act_on(fresh_server, page):
    goto(page, f"{fresh_server.url}/Library")
    choose(page, "library_pick", "Beta (#2)")
    box = page.locator(".st-key-library_rename_2 input")
    box.fill("Renamed")
    box.press("Enter")
    wait_idle(page)
    assert _picked(page) == "Renamed (#2)"

    page.locator(".st-key-library_delete button").click()
    wait_idle(page)
    page.locator(".st-key-library_delete_yes button").click()
    wait_idle(page)
    picked = _picked(page)
    assert "#2" not in picked
    plan_id = int(re.search(r"\(#(\d+)\)$", picked).group(1))
    # The name box and the buttons belong to the plan the picker names.
    assert (
        page.locator(f".st-key-library_rename_{plan_id} input").input_value()
        == picked.split(" (#")[0]
    )
    page.locator(".st-key-library_delete button").click()
    wait_idle(page)
    assert f"(plan #{plan_id})?" in page.locator("[data-testid='stAlert']").last.inner_text()


def test_an_upload_over_five_megabytes_is_called_too_large(server, page, tmp_path):
    goto(page, f"{server.url}/Library")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (6 * 1024 * 1024) + b"{}")
    page.locator(".st-key-library_import_file input[type=file]").set_input_files(str(big))
    page.wait_for_timeout(500)
    page.locator(".st-key-import_button button").click()
    wait_idle(page)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "too large" in text
    assert "Choose a JSON file to import first" in text
