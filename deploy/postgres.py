"""A PostgreSQL server of our own, in a folder: initdb once, pg_ctl start on a loopback port,
pg_ctl stop. Used by the cluster (a persistent server in its state folder, `deploy/cluster.py`)
and by the tests (a throwaway one in a temporary folder, `tests/pg_server.py`).

Debian's PostgreSQL (`make postgres`) puts the binaries in /usr/lib/postgresql/<version>/bin;
those are preferred over whatever is on PATH. As root, the server runs as the `postgres` OS user
(PostgreSQL refuses to run as root), so its folder must be one that user can reach.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
from pathlib import Path

SUPERUSER = "postgres"
STOP_WAIT_S = 20  # a fast shutdown's bound before an immediate one (Server.stop)


class PostgresError(RuntimeError):
    """The server could not be set up or started; the message says why and what to do."""


def find_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:  # after Debian's: resolve a symlink to the folder it points into
        candidates.append(str(Path(on_path).resolve().parent))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class Server:
    """One server whose data lives in `root/data` (log: `root/log`), listening on 127.0.0.1.

    `password=None` makes a throwaway server that trusts every local connection (the tests);
    with a password, initdb sets it for the superuser and every connection must give it.
    `options` are extra `-c name=value` settings (the tests turn fsync off).
    """

    def __init__(
        self,
        root: Path,
        *,
        bindir: Path | None = None,
        password: str | None = None,
        options: tuple[str, ...] = (),
    ) -> None:
        found = bindir or find_bin()
        if found is None:
            raise PostgresError(
                "PostgreSQL is not installed: run `make postgres` (Debian's postgresql)"
            )
        self.bindir = found
        self.root = Path(root)
        self.data = self.root / "data"
        self.log = self.root / "log"
        self.password = password
        self.options = options
        self.port: int | None = None
        self._as: list[str] = []
        if os.geteuid() == 0:
            self._as = ["runuser", "-u", SUPERUSER, "--"]

    # -- set-up ------------------------------------------------------------------------------
    def initialised(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def init(self) -> bool:
        """Create the cluster unless it exists; True when it was created now."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self._as:
            shutil.chown(self.root, SUPERUSER, SUPERUSER)
            self._check_reachable()
        if self.initialised():
            return False
        args = ["-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8", "--no-sync"]
        if self.password is None:
            self._run("initdb", *args, "-A", "trust")
            return True
        pwfile = self.root / f".pwfile-{secrets.token_hex(4)}"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        try:
            pwfile.chmod(0o600)
            if self._as:
                shutil.chown(pwfile, SUPERUSER, SUPERUSER)
            self._run("initdb", *args, "-A", "scram-sha-256", f"--pwfile={pwfile}")
        finally:
            pwfile.unlink(missing_ok=True)
        return True

    def _check_reachable(self) -> None:
        probe = subprocess.run([*self._as, "test", "-w", str(self.root)], capture_output=True)
        if probe.returncode != 0:
            raise PostgresError(
                f"the {SUPERUSER} user cannot write {self.root} (a parent folder is closed to "
                "it): choose a state folder it can reach, e.g. --state /var/lib/back-planner"
            )

    # -- running -----------------------------------------------------------------------------
    def running(self) -> bool:
        if not self.initialised():
            return False
        status = subprocess.run(
            [*self._as, str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"],
            capture_output=True,
            cwd=self.root,
        )
        return status.returncode == 0

    def pid(self) -> int | None:
        """The postmaster's process id while it runs."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def start(self, port: int | None = None) -> None:
        """Start on `port` (a free one when None); a server left running from before is stopped
        first, so the settings and port are this run's."""
        if self.running():
            self.stop()
        self.port = port or free_port()
        settings = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            "-c unix_socket_directories=''",  # TCP on loopback only; no socket path limits
            *(f"-c {option}" for option in self.options),
        ]
        try:
            self._run("pg_ctl", "-D", str(self.data), "-o", " ".join(settings), "-l",
                      str(self.log), "-w", "-t", "60", "start")  # fmt: skip
        except subprocess.CalledProcessError as exc:
            raise PostgresError(
                f"PostgreSQL did not start on port {self.port}; see {self.log}"
            ) from exc

    def stop(self, mode: str = "fast", timeout_s: int = STOP_WAIT_S) -> None:
        """Stop the server, within about `timeout_s` plus a few seconds: a `fast` shutdown
        (sessions ended, a checkpoint) that has not finished by then becomes an `immediate` one,
        which is safe (the next start replays the write-ahead log) and never hangs Ctrl-C."""
        if not self.running():
            return
        try:
            self._run(
                "pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", str(timeout_s), "stop"
            )
        except subprocess.CalledProcessError:
            if not self.running():
                return
            if mode != "immediate":
                with contextlib.suppress(subprocess.CalledProcessError):
                    self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30",
                              "stop")  # fmt: skip
            if self.running():
                raise PostgresError(
                    f"PostgreSQL in {self.data} did not stop; see {self.log}"
                ) from None

    def url(self, database: str = SUPERUSER) -> str:
        auth = SUPERUSER if self.password is None else f"{SUPERUSER}:{self.password}"
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def ensure_database(self, name: str) -> str:
        """The URL of database `name`, created (empty) when missing."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            found = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if found.fetchone() is None:
                con.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self._as, str(self.bindir / tool), *args],
            check=True,
            capture_output=True,
            cwd=self.root,
        )
