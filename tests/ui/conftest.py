"""AppTest fixtures: a fresh app per test, fresh caches, and a plan database under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.secrets import secrets_singleton
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "Build": "app.py",
    "Week": "pages/1_week.py",
    "Compare": "pages/2_compare.py",
    "Library": "pages/3_library.py",
    "Exercises": "pages/4_exercises.py",
    "Sources": "pages/5_sources.py",
    "Today": "pages/6_today.py",
    "Progress": "pages/7_progress.py",
}


@pytest.fixture(autouse=True)
def fresh_caches(tmp_path, monkeypatch):
    """Caches outlive AppTest instances in one process: clear them around every test.

    No secrets file either (a developer's own .streamlit/secrets.toml with [auth] would put every
    page behind the login); tests/ui/test_accounts.py gives [auth] through `at.secrets`.
    """
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "plans.duckdb"))
    st.cache_data.clear()
    st.cache_resource.clear()
    secrets_singleton._reset()
    with patch_config_options({"secrets.files": [str(tmp_path / "no-secrets" / "secrets.toml")]}):
        yield
    secrets_singleton._reset()
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(name: str, _setup=None, **query: str | list[str]) -> AppTest:
    """Run page `name` (as a first visit, with `query` in the URL) and return the app.

    `_setup(at)`, if given, prepares the app before its first run (secrets, a logged-in user).
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if _setup is not None:
        _setup(at)
    for key, value in query.items():
        at.query_params[key] = value
    if PAGES[name] != "app.py":
        at.switch_page(PAGES[name])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def switch(at: AppTest, name: str) -> AppTest:
    """Go to another page in the same session, as the sidebar links do."""
    at.switch_page(PAGES[name]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture
def page():
    return open_page


def query(at: AppTest) -> dict[str, list[str]]:
    """The app's URL query parameters, every value as a list."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}
