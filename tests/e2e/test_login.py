"""Journey: log in for real (st.login against a local OpenID Connect provider), and two lifters
who share the app see and change only their own plans.

The provider is `oidc-provider-mock` on a free loopback port; the app reads a temporary
secrets.toml whose [auth] points at it (never the repository's .streamlit). Nothing outside
127.0.0.1 is reached: the browser context refuses every other address.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planner.store import open_store
from tests.e2e.server import (
    TITLE,
    AppServer,
    OidcProvider,
    assert_login_screen,
    auth_secrets,
    goto,
    log_in,
    wait_idle,
)

pytestmark = pytest.mark.browser

# A display name is the lifter's own text: it must show as typed, never as Markdown or HTML.
ALICE_NAME = "Alice *Strong* [home](http://evil.example) <b>A</b>"
NOT_LOOPBACK = re.compile(r"^(?!https?://127\.0\.0\.1[:/])[a-z]+://")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("login")
    provider = OidcProvider(folder / "provider.log").start()
    app = AppServer(folder / "plans.duckdb", secrets=folder / "secrets.toml")
    auth_secrets(app.secrets, app.url, provider.metadata_url)
    provider.set_user("alice", {"name": ALICE_NAME, "email": "alice@example.org"})
    try:
        app.start()
        yield app, provider
    finally:
        app.stop()
        provider.stop()


@pytest.fixture
def browser_page(page):
    page.context.route(NOT_LOOPBACK, lambda route: route.abort())
    return page


def _main(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def _sidebar(page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def _shot(page, app: AppServer, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector(\"[data-testid='stSkeleton']\")")
    page.screenshot(path=str(app.db.parent / f"{name}.png"))


def log_out(page, app: AppServer, provider: OidcProvider) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{provider.url}/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app.url}/**")
    page.wait_for_selector(TITLE, timeout=60_000)
    wait_idle(page)
    assert_login_screen(page)


def save(page, app: AppServer, name: str) -> int:
    goto(page, f"{app.url}/library")
    page.locator(".st-key-save_name input").fill(name)
    page.get_by_role("button", name="Save plan").click()
    wait_idle(page)
    message = page.get_by_text(re.compile(rf"Saved “{re.escape(name)}” as plan #\d+"))
    message.wait_for()
    return int(re.search(r"#(\d+)", message.inner_text()).group(1))


def saved_names(page, app: AppServer) -> list[str]:
    """The Library's saved plans, from its phone cards (drawn, hidden, beside the wide table)."""
    goto(page, f"{app.url}/library")
    if "No saved plans yet" in _main(page):
        return []
    cards = page.locator(".st-key-cards_saved").text_content()
    return re.findall(r"#\d+ (\w+ block)", cards)  # the journey names its plans "<Who> block"


def test_two_lifters_log_in_for_real_and_see_only_their_own_plans(servers, browser_page):
    app, provider = servers
    page = browser_page

    goto(page, f"{app.url}/library")
    assert_login_screen(page)  # any page, before a login: the login screen only
    _shot(page, app, "1-login-screen")

    log_in(page, app.url, provider, "alice")
    who = next(
        line for line in _sidebar(page).splitlines() if line.startswith("Logged in as")
    ).replace("\u2060", "")
    assert who == f"Logged in as {ALICE_NAME} · alice@example.org"
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.locator("a[href*='evil.example'], b, strong, em").count() == 0
    _shot(page, app, "2-alice-logged-in")
    alice_id = save(page, app, "Alice block")
    assert saved_names(page, app) == ["Alice block"]
    goto(page, f"{app.url}/library?plan={alice_id}")
    assert page.locator(".st-key-library_pick input").input_value() == f"Alice block (#{alice_id})"
    # Alice exports her plan to hand to Bob (a file: the way plans move between lifters).
    button = page.locator(".st-key-library_export").get_by_role("button")
    with page.expect_download() as download:
        button.click()
    shared = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    shared["name"] = "Shared block"
    handed = app.db.parent / "shared-plan.json"
    handed.write_text(json.dumps(shared), encoding="utf-8")
    log_out(page, app, provider)
    _shot(page, app, "3-logged-out")

    log_in(page, app.url, provider, "bob")
    assert "Logged in as bob" in _sidebar(page)
    assert saved_names(page, app) == []
    _shot(page, app, "4-bob-library-empty")
    goto(page, f"{app.url}/library?plan={alice_id}")  # a crafted link to Alice's plan
    page.get_by_text("no saved plan of yours has that id").wait_for()
    assert "Alice block" not in _main(page) and "Alice block" not in _sidebar(page)
    _shot(page, app, "5-bob-crafted-link")
    for path in ("/", "/today", "/progress"):
        goto(page, f"{app.url}{path}")
        assert "Alice block" not in _main(page)
    bob_id = save(page, app, "Bob block")
    assert bob_id != alice_id and saved_names(page, app) == ["Bob block"]
    # The file Alice handed over becomes Bob's own copy (an upload, with Streamlit's XSRF check on).
    uploader = page.locator(".st-key-library_import_file")
    uploader.locator("input[type=file]").set_input_files(str(handed))
    uploader.get_by_text(handed.name).wait_for()  # uploaded: the uploader lists the file
    wait_idle(page)
    page.get_by_role("button", name="Import plan").click()
    wait_idle(page)
    page.get_by_text(re.compile(r"Imported as plan #\d+")).wait_for()
    assert saved_names(page, app) == ["Shared block", "Bob block"]
    log_out(page, app, provider)

    log_in(page, app.url, provider, "alice")
    assert saved_names(page, app) == ["Alice block"]
    goto(page, f"{app.url}/library?plan={bob_id}")
    page.get_by_text("no saved plan of yours has that id").wait_for()
    assert "Bob block" not in _main(page)
    _shot(page, app, "6-alice-again")

    # In the store each lifter is the provider's issuer and subject, never the display name.
    app.stop()  # the app holds the file for writing
    for sub, names in (("alice", ["Alice block"]), ("bob", ["Shared block", "Bob block"])):
        with open_store(app.db, owner=f"{provider.url}|{sub}", read_only=True) as store:
            assert [p.name for p in store.list()] == names
    with open_store(app.db, read_only=True) as store:
        assert store.list() == []  # the local lifter's plans: none were saved without a login
    app.start()


def test_a_new_browser_without_the_login_cookie_gets_only_the_login_screen(servers, browser_page):
    app, _ = servers
    goto(browser_page, f"{app.url}/library?plan=1")
    assert_login_screen(browser_page)
    assert "Alice block" not in _main(browser_page) and "Bob block" not in _main(browser_page)


def test_denying_the_login_at_the_provider_returns_to_the_login_screen(servers, browser_page):
    app, provider = servers
    page = browser_page
    goto(page, app.url)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{provider.url}/oauth2/authorize**")
    page.get_by_role("button", name="Deny", exact=True).click()
    page.wait_for_url(f"{app.url}/**")
    page.wait_for_selector(TITLE, timeout=60_000)
    wait_idle(page)
    assert_login_screen(page)
    assert "Traceback" not in _main(page) and "Logged in as" not in page.content()
