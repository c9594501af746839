"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, pg_ctl start on
a free loopback port, one fresh database per test (CREATE DATABASE from an empty template).

The server itself is deploy/postgres.py's (the one the gym cluster runs); here it trusts local
connections and does not sync to disk, and its folder is removed when it stops.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from deploy.postgres import PostgresError, Server, find_bin

__all__ = ["Cluster", "find_bin", "start"]

FAST = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class Cluster:
    """One running server; `new_database()` gives a URL to an empty database of its own."""

    def __init__(self, bindir: Path) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="planner-pg-"))
        self.server = Server(self.root, bindir=bindir, options=FAST)
        self.bindir = bindir
        self.data = self.server.data
        self._names = itertools.count(1)
        try:
            self.server.init()
            self.server.start()
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        self.port = self.server.port
        self.admin_url = self.server.url()

    def new_database(self) -> str:
        import psycopg

        name = f"planner_test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name} TEMPLATE template0 STRATEGY FILE_COPY")
        return self.server.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.admin_url, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        try:
            self.server.stop(mode="immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start() -> Cluster | str:
    """A running cluster, or the reason there is none (the PostgreSQL tests then skip)."""
    bindir = find_bin()
    if bindir is None:
        return "PostgreSQL is not installed (make postgres installs Debian's postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (make install)"
    try:
        return Cluster(bindir)
    except (OSError, subprocess.CalledProcessError, LookupError, PostgresError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        return f"could not start a PostgreSQL cluster: {exc} {detail.decode(errors='replace')}"
