"""Browser fixtures: one Chromium per test module; servers are made per module by the tests."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.server import launch_chromium


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except RuntimeError as exc:
            pytest.fail(str(exc), pytrace=False)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
