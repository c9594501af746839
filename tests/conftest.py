"""Shared fixtures: the real catalogue and presets, loaded once per test session, and a
throwaway PostgreSQL cluster (started on first use, once per test process)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from planner import load_catalog, load_presets
from tests import pg_server
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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg_server.Cluster]:
    cluster = pg_server.start()
    if isinstance(cluster, str):
        pytest.skip(cluster)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: pg_server.Cluster) -> Iterator[str]:
    """The URL of an empty database of this test's own."""
    url = pg_cluster.new_database()
    yield url
    pg_cluster.drop_database(url)
