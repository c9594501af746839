"""Shared fixtures: the real catalogue and presets, loaded once per test session."""

from __future__ import annotations

import pytest
from hypothesis import settings

from planner import load_catalog, load_presets
from tests.pdf_tools import require_poppler

# Every property test is derandomized: CI and a developer's run try the same examples, so a
# green run stays green (a random search for new cases is `--hypothesis-profile=explore`).
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None, max_examples=2000)
settings.load_profile("repeatable")


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def presets():
    return load_presets()


@pytest.fixture(scope="session")
def poppler():
    """pdftoppm, pdftotext and pdfinfo (Debian's poppler-utils; `make test` installs them)."""
    require_poppler()
