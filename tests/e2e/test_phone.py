"""Every page at phone size (390x844): nothing scrolls sideways, no cell breaks, the sidebar closes.

Pages come from `ui.settings.PAGES`, so a page added later is covered without editing this file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.server import ROOT, AppServer, choose, goto, title, wait_idle
from ui.settings import PAGES

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
QUERY = "?weeks=6&goal=strength"  # strength: the widest Week tables (a Load column)


def address(path: str) -> str:
    """The page's URL path: '' for app.py, 'week' for pages/1_week.py."""
    return "" if path == "app.py" else Path(path).stem.split("_", 1)[1]


PAGE_IDS = [label for _, label, _ in PAGES]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("phone") / "plans.duckdb"
    # A saved plan, so the Library has its table of saved plans to lay out.
    subprocess.run(
        [sys.executable, "-m", "planner", "save", "--db", str(db), "--name",
         "A long plan name that a phone must wrap", "--notes", "Rows heavy on Mondays",
         "--goal", "strength", "--experience", "advanced", "--equipment", "full_gym"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    app = AppServer(db).start()
    yield app
    app.stop()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


# Elements of the main area that scroll sideways (a second scroll area) or overflow the page.
_SIDEWAYS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const found = [];
  if (main.scrollWidth > main.clientWidth + 1) found.push(["stMain", main.scrollWidth]);
  for (const el of main.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    if (el.clientWidth === 0 || style.visibility === "hidden") continue;
    const scrolls = ["auto", "scroll"].includes(style.overflowX);
    if (scrolls && el.scrollWidth > el.clientWidth + 1) {
      found.push([el.getAttribute("data-testid") || el.className.toString(), el.scrollWidth,
                  el.clientWidth]);
    }
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > window.innerWidth + 1) {
      found.push(["past the right edge", el.getAttribute("data-testid") || el.tagName,
                  Math.round(box.right)]);
    }
  }
  return found;
}"""

# Short values a lifter reads at a glance in a table cell, a card or a metric ("2 x 8-10",
# "120 s"), each on one line. (Prose may wrap where it likes.)
_CELLS = "[data-testid='stTable'], [class*='st-key-cards_'], [data-testid='stMetric']"
_BROKEN = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const sets = "\\\\d+[\\\\s\\\\u00a0]x[\\\\s\\\\u00a0]\\\\d+(?:\\\\u2060?-\\\\u2060?\\\\d+)?";
  const value = new RegExp(sets + "|\\\\d+[\\\\s\\\\u00a0]s\\\\b", "g");
  const broken = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.offsetParent === null || !parent.closest(CELLS)) continue;
    for (const match of node.textContent.matchAll(value)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}""".replace("CELLS", repr(_CELLS))


def _open(page, server, path: str, label: str) -> None:
    goto(page, f"{server.url}/{address(path)}{QUERY}")
    assert title(page) == label
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # lazily loaded elements (charts, dataframes) take their size


def _sidebar_open(page) -> bool:
    return page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "false"


def _wait_sidebar(page, open_: bool) -> None:
    """Wait until the sidebar is open (or closed) and has finished sliding."""
    page.wait_for_function(
        """(open) => { const bar = document.querySelector("[data-testid='stSidebar']");
        const collapsed = bar.getAttribute("data-collapsed") === "true";
        return open ? !collapsed && bar.getBoundingClientRect().x >= 0 : collapsed; }""",
        arg=open_,
    )
    page.wait_for_timeout(400)


def _open_sidebar(page) -> None:
    page.locator("[data-testid='stExpandSidebarButton']").click()
    _wait_sidebar(page, True)


@pytest.mark.parametrize(("path", "label"), [(p, lb) for p, lb, _ in PAGES], ids=PAGE_IDS)
def test_at_phone_width_nothing_in_the_main_area_scrolls_sideways(server, phone, path, label):
    _open(phone, server, path, label)
    assert phone.evaluate(_SIDEWAYS) == []
    assert not phone.locator("[data-testid='stException']").count()


@pytest.mark.parametrize(("path", "label"), [(p, lb) for p, lb, _ in PAGES], ids=PAGE_IDS)
def test_at_phone_width_no_sets_reps_or_rest_value_breaks_across_lines(server, phone, path, label):
    _open(phone, server, path, label)
    assert phone.evaluate(_BROKEN) == []


def test_the_broken_value_check_can_fail(server, phone):
    _open(phone, server, "pages/1_week.py", "Week")
    phone.evaluate(
        """() => { const p = document.createElement("p"); p.style.width = "1ch";
        p.textContent = "2 x 8-10 and 120 s";
        document.querySelector(".st-key-cards_session_1").append(p); }"""
    )
    assert phone.evaluate(_BROKEN) == ["2 x 8-10", "120 s"]


def test_the_week_page_shows_each_exercise_as_a_card_on_a_phone(server, phone):
    _open(phone, server, "pages/1_week.py", "Week")
    assert not phone.locator("[data-testid='stTable']").first.is_visible()
    card = phone.locator(".st-key-cards_session_1").inner_text()
    card = card.replace("\u00a0", " ").replace("\u2060", "")
    assert card.startswith("1. ") and " · rest " in card and " · RIR " in card
    assert re.search(r"\d x \d+-\d+ · rest \d+ s · RIR \d", card), card


@pytest.mark.parametrize(("path", "label"), [(p, lb) for p, lb, _ in PAGES], ids=PAGE_IDS)
def test_at_phone_width_the_sidebar_closes_after_a_change(server, phone, path, label):
    _open(phone, server, path, label)
    assert not _sidebar_open(phone)  # a phone starts with the page, not the settings
    _open_sidebar(phone)
    choose(phone, "level", "Beginner")
    _wait_sidebar(phone, False)
    assert "level=beginner" in phone.url
    # A slider moved by touch closes it too; opening an expander does not.
    _open_sidebar(phone)
    phone.locator("[data-testid='stSidebar'] summary").first.click()
    phone.wait_for_timeout(500)
    assert _sidebar_open(phone)
    slider = phone.locator(".st-key-minutes input[type=range]")
    # The open expander shifts the sidebar while it settles; a tap that lands beside the track
    # changes nothing, so tap again (a few times at most) until the change reaches the URL.
    for _ in range(3):
        slider.scroll_into_view_if_needed()
        phone.wait_for_timeout(300)
        box = slider.bounding_box()
        phone.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
        try:
            phone.wait_for_url("**minutes=*", timeout=5_000)
            break
        except PlaywrightTimeoutError:
            continue
    _wait_sidebar(phone, False)
    assert "minutes=" in phone.url
    assert title(phone) == label


def test_on_a_laptop_the_sidebar_stays_open_after_a_change(server, page):
    goto(page, f"{server.url}/week")
    assert _sidebar_open(page)
    choose(page, "level", "Beginner")
    page.wait_for_timeout(500)
    assert _sidebar_open(page)


def test_compare_with_strength_added_still_fits_a_phone(server, phone):
    _open(phone, server, "pages/2_compare.py", "Compare")
    phone.locator(".st-key-compare_strength label").click()
    wait_idle(phone)
    phone.wait_for_timeout(500)
    assert phone.get_by_role("heading", name="Strength", exact=True).count() == 1
    assert phone.evaluate(_SIDEWAYS) == []
    assert phone.evaluate(_BROKEN) == []
