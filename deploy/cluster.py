"""Serve a gym: N Streamlit replicas behind haproxy, all on one PostgreSQL database.

    python -m deploy.cluster --replicas 2 --port 8501        # or: make serve-cluster

- haproxy listens on the balancer address (127.0.0.1 unless told otherwise) and gives each new
  browser a replica in turn; its SRV cookie keeps that browser on the same replica (a Streamlit
  session, its websocket and its uploads live in one process). It also checks each replica's
  /_stcore/health and stops sending visitors to one that is down.
- Each replica is one `streamlit run app.py` process on its own loopback port: one Python
  interpreter, so one core's worth of work; N replicas use N cores. They share one cookie
  secret (generated once into the state folder, mode 0600), so a signed cookie (a login, its
  redirect state) made by one replica is good on every other.
- PostgreSQL holds the saved plans and training logs for all of them (a DuckDB file can have
  only one writing process). Without `--db`, a server of the cluster's own runs from the state
  folder and keeps its data between runs.

`start_cluster(replicas, port, db_url, workdir)` is the same thing as a context manager (the
tests and the load benchmark use it). Every process it starts is stopped when it exits.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deploy.postgres import PostgresError, Server, free_port

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("haproxy.cfg.in")
DATABASE = "planner"
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 15.0
RESTART_AFTER_S = 30.0


class ClusterError(RuntimeError):
    """The cluster could not start; the message is one line saying why and what to do."""


def default_state_dir() -> Path:
    """Where the cluster keeps its database, cookie secret, config and logs.

    `$XDG_DATA_HOME/back-planner/cluster` (else ~/.local/share/...), next to the app's own data;
    as root /var/lib/back-planner/cluster, because root's home is closed to the `postgres` user
    the database server runs as.
    """
    if os.geteuid() == 0:
        return Path("/var/lib/back-planner/cluster")
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "back-planner" / "cluster"


def find_haproxy() -> str | None:
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if os.access(p, os.X_OK)),
        None,
    )


@dataclass
class Replica:
    name: str
    port: int
    log: Path
    process: subprocess.Popen | None = None
    started: float = 0.0  # time.monotonic() of the last start

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """A running cluster: `url` is the balancer's, `replica_urls` each replica's (loopback)."""

    url: str
    replica_urls: list[str]
    workdir: Path
    db_url: str  # with its password, if any: for the replicas, not for printing
    db_label: str  # the same without the password
    haproxy_config: Path
    logs: dict[str, Path]
    replicas: list[Replica] = field(repr=False, default_factory=list)
    haproxy: subprocess.Popen | None = field(repr=False, default=None)
    postgres: Server | None = field(repr=False, default=None)
    secret: str = field(repr=False, default="")
    secrets_file: Path | None = None  # the replicas' secrets.toml, when not the checkout's

    def restart_stopped(self) -> list[tuple[str, bool]]:
        """Start again each replica whose process has ended (its visitors already moved to
        another one); one that ended within RESTART_AFTER_S of its start is left down, since it
        would only fail again. Returns (name, restarted) for each replica found stopped."""
        found = []
        for replica in self.replicas:
            if replica.process is None or replica.process.poll() is None:
                continue
            again = time.monotonic() - replica.started >= RESTART_AFTER_S
            if again:
                replica.process = _spawn_replica(
                    replica, self.db_url, self.secret, self.secrets_file
                )
            else:
                replica.process = None
            found.append((replica.name, again))
        if found:
            _write_summary(self)
        return found

    def pids(self) -> dict[str, int]:
        """Every process the cluster started, by role, while it runs."""
        found = {r.name: r.process.pid for r in self.replicas if r.process is not None}
        if self.haproxy is not None:
            found["haproxy"] = self.haproxy.pid
        if self.postgres is not None and (pid := self.postgres.pid()):
            found["postgres"] = pid
        return found

    def describe(self) -> str:
        lines = [f"Serving the planner at {self.url} (haproxy, session affinity by cookie SRV)"]
        for replica in self.replicas:
            lines.append(f"  {replica.name}: streamlit on {replica.url}  log {replica.log}")
        own = " (the cluster's own server)" if self.postgres else ""
        lines.append(f"  database: {self.db_label}{own}")
        if self.postgres:
            lines.append(
                f"    data {self.postgres.data}  password in {self.workdir / 'pg-password'}"
            )
        lines.append(f"  haproxy config {self.haproxy_config}  log {self.logs['haproxy']}")
        if self.secrets_file is not None:
            lines.append(f"  secrets (every replica) {self.secrets_file}")
        return "\n".join(lines)


def haproxy_config(address: str, port: int, replica_ports: list[int]) -> str:
    """The balancer's configuration, from deploy/haproxy.cfg.in."""
    host = f"[{address}]" if ":" in address else address
    servers = "\n".join(
        f"    server r{i} 127.0.0.1:{p} cookie r{i}" for i, p in enumerate(replica_ports, 1)
    )
    return string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        bind=f"{host}:{port}", servers=servers
    )


def check_haproxy_config(path: Path, haproxy: str | None = None) -> str:
    """`haproxy -c -f path`: its output; ClusterError when the file is invalid."""
    binary = haproxy or find_haproxy()
    if binary is None:
        raise ClusterError("haproxy is not installed: run `make haproxy` (Debian's haproxy)")
    check = subprocess.run([binary, "-c", "-f", str(path)], capture_output=True, text=True)
    if check.returncode != 0:
        raise ClusterError(f"haproxy refuses {path}: {check.stdout}{check.stderr}".strip())
    return check.stdout + check.stderr


@contextlib.contextmanager
def start_cluster(
    replicas: int,
    port: int,
    db_url: str | None,
    workdir: str | Path | None,
    *,
    address: str = "127.0.0.1",
    secrets_file: str | Path | None = None,
    timeout_s: float = START_TIMEOUT_S,
) -> Iterator[Cluster]:
    """Start PostgreSQL (when `db_url` is None: the cluster's own, in `workdir`/pg), `replicas`
    Streamlit processes and haproxy on `address:port`; wait until each answers its health check;
    yield the running Cluster; stop everything on exit. `workdir` None: default_state_dir().
    `secrets_file`: the secrets.toml every replica reads (its [auth]); None: the checkout's
    .streamlit/secrets.toml, if there is one.

    Raises ClusterError (one line) when something is missing or does not start; whatever had
    started by then is stopped again. The processes die with the thread that started them.
    """
    if replicas < 1:
        raise ClusterError("--replicas must be at least 1")
    haproxy = find_haproxy()
    if haproxy is None:
        raise ClusterError("haproxy is not installed: run `make haproxy` (Debian's haproxy)")
    state = Path(workdir).expanduser() if workdir else default_state_dir()
    if secrets_file is not None:
        secrets_file = Path(secrets_file).expanduser().resolve()
        if not secrets_file.is_file():
            raise ClusterError(f"no secrets file at {secrets_file}")
    with contextlib.ExitStack() as stack:
        _prepare(state)
        stack.enter_context(_state_lock(state))
        _check_port_free(address, port)
        secret = _secret(state / "cookie-secret")
        logs = state / "logs"
        logs.mkdir(exist_ok=True)

        postgres = None
        if db_url is None:
            postgres, db_url = _own_database(state)
            stack.callback(postgres.stop)
        _check_database(db_url)

        members = [
            Replica(f"replica-{i}", free_port(), logs / f"replica-{i}.log")
            for i in range(1, replicas + 1)
        ]
        stack.callback(_stop_all, members)
        for replica in members:
            replica.process = _spawn_replica(replica, db_url, secret, secrets_file)
        for replica in members:
            _wait_healthy(replica, time.monotonic() + timeout_s)

        config = state / "haproxy.cfg"
        config.write_text(haproxy_config(address, port, [r.port for r in members]))
        check_haproxy_config(config, haproxy)
        balancer = Replica("haproxy", port, logs / "haproxy.log")
        host = f"[{address}]" if ":" in address else address
        url = f"http://{'127.0.0.1' if address in ('0.0.0.0', '::') else host}:{port}"
        with open(balancer.log, "ab") as log:
            balancer.process = subprocess.Popen(
                [haproxy, "-db", "-f", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        stack.callback(_stop_all, [balancer])
        _wait_healthy(balancer, time.monotonic() + timeout_s, url=url)

        cluster = Cluster(
            url=url,
            replica_urls=[r.url for r in members],
            workdir=state,
            db_url=db_url,
            db_label=_without_password(db_url),
            haproxy_config=config,
            logs={**{r.name: r.log for r in members}, "haproxy": balancer.log},
            replicas=members,
            haproxy=balancer.process,
            postgres=postgres,
            secret=secret,
            secrets_file=secrets_file,
        )
        _write_summary(cluster)
        stack.callback((state / "cluster.json").unlink, missing_ok=True)
        yield cluster


# -- pieces ----------------------------------------------------------------------------------
def _prepare(state: Path) -> None:
    try:
        created = not state.exists()
        state.mkdir(parents=True, exist_ok=True)
        if created:
            # Traversable (not listable) by others: the postgres user needs to reach pg/ when
            # the cluster runs as root; the secrets in it are 0600.
            state.chmod(0o711 if os.geteuid() == 0 else 0o700)
    except OSError as exc:
        raise ClusterError(f"cannot use the state folder {state}: {exc.strerror}") from exc


@contextlib.contextmanager
def _state_lock(state: Path) -> Iterator[None]:
    """One cluster per state folder: a second start on the same folder is refused."""
    with open(state / "lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            raise ClusterError(
                f"another cluster runs from {state} (process {holder}): stop it first, or give "
                "this one another --state folder"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


def _check_port_free(address: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError as exc:
            raise ClusterError(
                f"port {port} on {address} is busy ({exc.strerror}): choose another one with "
                "--port (make serve-cluster PORT=...)"
            ) from None


def _secret(path: Path) -> str:
    """A secret kept in `path` (mode 0600), made on first use; the same on every later start."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        path.chmod(0o600)
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    value = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(value + "\n")
    return value


def _own_database(state: Path) -> tuple[Server, str]:
    """The cluster's own PostgreSQL server in `state`/pg, started; the URL of its database."""
    try:
        server = Server(state / "pg", password=_secret(state / "pg-password"))
        server.init()
        server.start(_kept_port(state / "pg-port"))
    except PostgresError as exc:
        raise ClusterError(str(exc)) from None
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = (getattr(exc, "stderr", b"") or b"").decode(errors="replace").strip()
        raise ClusterError(
            f"could not set up PostgreSQL in {state / 'pg'}: {detail or exc}".splitlines()[0]
        ) from None
    try:
        return server, server.ensure_database(DATABASE)
    except Exception as exc:
        server.stop()
        raise ClusterError(f"could not create the database {DATABASE}: {exc}") from None


def _kept_port(path: Path) -> int:
    """The database's port of the last run (backups and tools keep working), unless another
    program has taken it meanwhile; then a new free one, kept for next time."""
    with contextlib.suppress(OSError, ValueError):
        port = int(path.read_text().strip())
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))
        return port
    port = free_port()
    path.write_text(f"{port}\n")
    return port


def _check_database(db_url: str) -> None:
    """Connect once (and create or upgrade the tables) before any replica starts."""
    from planner.store import StoreError, open_store

    if not db_url.lower().startswith(("postgresql://", "postgres://")):
        raise ClusterError(
            "--db must be a postgresql:// URL: replicas cannot share a DuckDB file for writing"
        )
    try:
        open_store(db_url).close()
    except StoreError as exc:
        raise ClusterError(str(exc)) from None


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent dies (no orphans after a kill -9)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _spawn_replica(
    replica: Replica, db_url: str, secret: str, secrets_file: Path | None = None
) -> subprocess.Popen:
    env = {
        **os.environ,
        "PLANNER_DB": db_url,
        # Through the environment, not the command line: `ps` shows command lines to everyone.
        "STREAMLIT_SERVER_COOKIE_SECRET": secret,
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.address", "127.0.0.1", "--server.port", str(replica.port),
        "--server.headless", "true", "--server.fileWatcherType", "none",
        "--server.runOnSave", "false", "--browser.gatherUsageStats", "false",
        # The defaults, said out loud: haproxy passes Host and Origin through unchanged, so the
        # same-origin checks hold, and the XSRF cookie is checked by the replica that set it.
        "--server.enableCORS", "true", "--server.enableXsrfProtection", "true",
    ]  # fmt: skip
    if secrets_file is not None:
        command += ["--secrets.files", str(secrets_file)]
    replica.started = time.monotonic()
    with open(replica.log, "ab") as log:
        return subprocess.Popen(
            command,
            cwd=ROOT,  # every replica reads the same .streamlit/config.toml (and secrets.toml)
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the cluster, which stops them in order
            preexec_fn=_die_with_parent,
        )


def _wait_healthy(member: Replica, deadline: float, url: str | None = None) -> None:
    health = f"{url or member.url}/_stcore/health"
    assert member.process is not None
    while time.monotonic() < deadline:
        if member.process.poll() is not None:
            raise ClusterError(f"{member.name} failed to start; see {member.log}")
        try:
            with urllib.request.urlopen(health, timeout=2) as reply:
                if reply.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise ClusterError(f"{member.name} did not answer its health check in time; see {member.log}")


def _stop_all(members: list[Replica]) -> None:
    """SIGTERM to each process group, then wait; SIGKILL what has not stopped in time."""
    running = [m.process for m in members if m.process is not None and m.process.poll() is None]
    for process in running:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    for process in running:  # anything the process left in its group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def _write_summary(cluster: Cluster) -> None:
    """cluster.json in the state folder: what runs where, for the operator and scripts."""
    summary = {
        "url": cluster.url,
        "replica_urls": cluster.replica_urls,
        "database": cluster.db_label,
        "pids": cluster.pids(),
        "logs": {name: str(path) for name, path in cluster.logs.items()},
    }
    (cluster.workdir / "cluster.json").write_text(json.dumps(summary, indent=2) + "\n")


# -- command line ----------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.cluster",
        description="Serve the planner from several Streamlit replicas behind haproxy, all on "
        "one PostgreSQL database. Ctrl-C stops everything.",
    )
    add = parser.add_argument
    add(
        "--replicas",
        type=int,
        default=os.cpu_count() or 1,
        help="Streamlit processes, one per core (default: %(default)s)",
    )
    add("--port", type=int, default=8501, help="the balancer's port (default: %(default)s)")
    add(
        "--address",
        default="127.0.0.1",
        help="the balancer's address (default: %(default)s, this machine only)",
    )
    add(
        "--db",
        default=None,
        metavar="URL",
        help="a postgresql:// URL (default: the cluster's own server in --state)",
    )
    add("--state", default=None, metavar="DIR",
        help=f"database, cookie secret, logs (default: {default_state_dir()})")  # fmt: skip
    add("--secrets", default=None, metavar="FILE",
        help="the secrets.toml every replica reads, e.g. its [auth] (default: the checkout's "
             ".streamlit/secrets.toml)")  # fmt: skip
    return parser


def _stop_on_signal(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not 0 < args.port < 65536:
        print("--port must be between 1 and 65535", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGHUP, _stop_on_signal)
    try:
        print(f"Starting {args.replicas} replica(s)...", flush=True)
        with start_cluster(
            args.replicas,
            args.port,
            args.db,
            args.state,
            address=args.address,
            secrets_file=args.secrets,
        ) as c:
            print(c.describe(), flush=True)
            print("Ctrl-C stops everything.", flush=True)
            _watch(c)
    except ClusterError as exc:
        print(f"Cannot start the cluster: {exc}", file=sys.stderr)
        return 1
    except PostgresError as exc:  # stopping its own database failed (Server.stop)
        print(f"Stopped the replicas and haproxy, but: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped: replicas, haproxy and the database are down.", flush=True)
        return 0
    return 1


def _watch(cluster: Cluster) -> None:
    """Until Ctrl-C: start again a replica that stopped (haproxy sends its visitors to the others
    meanwhile); end if haproxy stops, since nothing is reachable then."""
    while True:
        time.sleep(1)
        if cluster.haproxy is not None and cluster.haproxy.poll() is not None:
            print(f"haproxy stopped; see {cluster.logs['haproxy']}. Stopping.", file=sys.stderr)
            return
        for name, restarted in cluster.restart_stopped():
            log = cluster.logs[name]
            if restarted:
                print(f"{name} stopped; starting it again (see {log}).", file=sys.stderr)
            else:
                print(f"{name} stopped again soon after starting; it stays down, the others "
                      f"carry on: see {log}", file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
