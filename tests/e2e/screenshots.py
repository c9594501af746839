"""Take the dashboard screenshots in docs/screenshots/: `python -m tests.e2e.screenshots`.

Every page at 1280x900 and at phone width (390x844, `<page>-phone.png`, the pages of
`ui.settings.PAGES`), and Build's settings open on a phone. A plan is saved first so the Library
shows one. Then the login screen of an app with accounts (`login.png`, `login-phone.png`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.e2e.server import (
    ROOT,
    AppServer,
    auth_secrets,
    free_port,
    goto,
    launch_chromium,
    wait_idle,
)
from ui.settings import PAGES as NAVIGATION

OUT = ROOT / "docs" / "screenshots"
QUERY = "?goal=growth&weeks=6"
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGES = tuple(
    ("" if path == "app.py" else "/" + Path(path).stem.split("_", 1)[1], label.lower())
    for path, label, _ in NAVIGATION
)


def _shot(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")  # lazily loaded element code (metrics, charts)
    page.wait_for_function("!document.querySelector(\"[data-testid='stSkeleton']\")")
    page.wait_for_timeout(800)  # let Plotly finish drawing
    page.screenshot(path=OUT / f"{name}.png")
    print(OUT / f"{name}.png")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = AppServer(Path(tmp) / "plans.duckdb").start()
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page = browser.new_page(viewport=LAPTOP)
                goto(page, f"{server.url}/library{QUERY}")
                page.locator(".st-key-save_name input").fill("Spring growth block")
                page.locator(".st-key-save_notes textarea").fill("Rows heavy on Mondays")
                page.get_by_role("button", name="Save plan").click()
                wait_idle(page)
                for path, name in PAGES:
                    goto(page, f"{server.url}{path}{QUERY}")
                    _shot(page, name)
                phone = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
                for path, name in PAGES:
                    goto(phone, f"{server.url}{path}{QUERY}")
                    _shot(phone, f"{name}-phone")
                goto(phone, f"{server.url}/{QUERY}")
                phone.locator("[data-testid='stExpandSidebarButton']").click()
                _shot(phone, "build-phone-settings")
                _login_screens(browser, Path(tmp))
                browser.close()
        finally:
            server.stop()
    return 0


def _login_screens(browser, tmp: Path) -> None:
    """The login screen of an app with accounts ([auth]; README "Accounts"), laptop and phone.

    Nobody logs in, so the provider named in the secrets is never asked (nothing listens there).
    """
    server = AppServer(tmp / "accounts.duckdb", secrets=tmp / "secrets.toml")
    auth_secrets(server.secrets, server.url, f"http://127.0.0.1:{free_port()}/.well-known/x")
    server.start()
    try:
        for viewport, name in ((LAPTOP, "login"), (PHONE, "login-phone")):
            page = browser.new_page(viewport=viewport, is_mobile=viewport is PHONE)
            goto(page, server.url)
            _shot(page, name)
            page.close()
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
