"""The pieces of deploy/cluster.py that need no running cluster: the generated haproxy config,
the state folder's secrets, the cluster's own PostgreSQL server, and the one-line refusals."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import tempfile
from pathlib import Path

import psycopg
import pytest

from deploy import cluster, postgres
from deploy.cluster import ClusterError, check_haproxy_config, haproxy_config


@pytest.fixture
def reachable_dir():
    """A folder the `postgres` user can reach when the tests run as root (pytest's tmp_path
    is under a 0700 folder)."""
    folder = Path(tempfile.mkdtemp(prefix="planner-cluster-test-"))
    folder.chmod(0o711)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_generated_haproxy_config_is_valid_and_names_each_replica_with_its_cookie(tmp_path):
    if cluster.find_haproxy() is None:
        pytest.fail("haproxy is missing: run `make haproxy` (`make test` does it)", pytrace=False)
    text = haproxy_config("127.0.0.1", 8501, [9001, 9002, 9003])
    path = tmp_path / "haproxy.cfg"
    path.write_text(text)
    check_haproxy_config(path)  # haproxy -c -f: raises on an invalid file
    assert "bind 127.0.0.1:8501" in text
    servers = [line.split() for line in text.splitlines() if line.strip().startswith("server ")]
    assert servers == [
        ["server", f"r{i}", f"127.0.0.1:{port}", "cookie", f"r{i}"]
        for i, port in enumerate([9001, 9002, 9003], 1)
    ]
    assert "cookie SRV insert indirect nocache" in text
    assert "option httpchk GET /_stcore/health" in text
    assert "timeout tunnel" in text


def test_a_broken_haproxy_config_is_refused_with_haproxys_reason(tmp_path):
    path = tmp_path / "haproxy.cfg"
    path.write_text(
        haproxy_config("127.0.0.1", 8501, [9001]).replace("balance roundrobin", "balance nonsense")
    )
    with pytest.raises(ClusterError, match="haproxy refuses"):
        check_haproxy_config(path)


def test_the_cookie_secret_is_made_once_private_and_kept(tmp_path):
    path = tmp_path / "cookie-secret"
    first = cluster._secret(path)
    assert len(first) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    assert cluster._secret(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_clusters_own_database_keeps_its_data_and_password_across_restarts(reachable_dir):
    server, url = cluster._own_database(reachable_dir)
    try:
        assert server.password and server.password in url
        with psycopg.connect(url, autocommit=True) as con:
            con.execute("CREATE TABLE kept (note text)")
            con.execute("INSERT INTO kept VALUES ('rows heavy')")
        anonymous = url.replace(f":{server.password}@", "@")
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(anonymous).close()
    finally:
        server.stop()
    assert not server.running()
    again, url_again = cluster._own_database(reachable_dir)
    try:
        assert again.password == server.password
        assert again.port == server.port  # kept: backup scripts keep working
        with psycopg.connect(url_again) as con:
            assert con.execute("SELECT note FROM kept").fetchall() == [("rows heavy",)]
    finally:
        again.stop()
    assert stat.S_IMODE((reachable_dir / "pg-password").stat().st_mode) == 0o600


def _one_line_refusal(capsys, argv: list[str]) -> str:
    assert cluster.main(argv) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_a_busy_port_is_refused_in_one_line(tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = _one_line_refusal(capsys, ["--port", str(port), "--state", str(tmp_path)])
    assert f"port {port} on 127.0.0.1 is busy" in line and "--port" in line


def test_missing_haproxy_says_make_haproxy(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cluster, "find_haproxy", lambda: None)
    line = _one_line_refusal(capsys, ["--state", str(tmp_path)])
    assert "make haproxy" in line


def test_missing_postgresql_says_make_postgres(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(postgres, "find_bin", lambda: None)
    line = _one_line_refusal(
        capsys, ["--port", str(postgres.free_port()), "--state", str(tmp_path)]
    )
    assert "make postgres" in line


def test_a_replica_that_fails_to_start_is_named_with_its_log(tmp_path, capsys, monkeypatch, pg_url):
    monkeypatch.setattr(cluster.sys, "executable", "/bin/false")
    port = postgres.free_port()
    line = _one_line_refusal(capsys, ["--replicas", "1", "--port", str(port), "--db", pg_url,
                                      "--state", str(tmp_path)])  # fmt: skip
    assert line.endswith(f"replica-1 failed to start; see {tmp_path / 'logs' / 'replica-1.log'}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # nothing was left listening on the balancer's port


def test_a_duckdb_path_is_refused_since_replicas_cannot_share_a_file(tmp_path, capsys):
    duckdb = str(tmp_path / "plans.duckdb")
    port = str(postgres.free_port())
    line = _one_line_refusal(capsys, ["--port", port, "--db", duckdb, "--state", str(tmp_path)])
    assert "postgresql://" in line


def test_a_missing_secrets_file_is_refused_in_one_line_before_anything_starts(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "secrets.toml"
    state = tmp_path / "state"
    line = _one_line_refusal(capsys, ["--port", str(postgres.free_port()), "--state", str(state),
                                      "--secrets", str(missing)])  # fmt: skip
    assert line.endswith(f"no secrets file at {missing}")
    assert not state.exists()  # refused before the state folder (or a database) was made


def test_as_root_the_default_state_is_outside_roots_closed_home():
    state = cluster.default_state_dir()
    if os.geteuid() == 0:
        assert state == Path("/var/lib/back-planner/cluster")
    else:
        assert state.parts[-2:] == ("back-planner", "cluster")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root's database runs as another user")
def test_a_state_folder_the_postgres_user_cannot_reach_is_refused_in_one_line(tmp_path, capsys):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    state = closed / "state"
    port = str(postgres.free_port())
    line = _one_line_refusal(capsys, ["--port", port, "--state", str(state)])
    assert "postgres user cannot write" in line and "--state" in line
