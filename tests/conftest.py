"""Shared fixtures: the real catalogue and presets, loaded once per test session."""

from __future__ import annotations

import pytest

from planner import load_catalog, load_presets
from tests.pdf_tools import require_poppler


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
