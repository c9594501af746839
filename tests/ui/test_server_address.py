"""Without [auth] the dashboard has no login, so it listens on this machine only unless told
otherwise; with accounts it listens there too (README "Accounts": serve it behind a proxy)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request

import pytest

from tests.e2e.server import ROOT, free_port


def test_the_streamlit_config_listens_on_localhost():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"


def test_make_run_passes_localhost_unless_given_another_address():
    default = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "--server.address 127.0.0.1" in default
    chosen = subprocess.run(
        ["make", "-n", "run", "ADDRESS=0.0.0.0"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert "--server.address 0.0.0.0" in chosen


def _other_address() -> str | None:
    """An address of this machine that is not loopback, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_a_server_started_with_the_repository_config_is_unreachable_from_the_network(tmp_path):
    other = _other_address()
    if other is None:
        pytest.skip("this machine has no network address besides loopback")
    port = free_port()
    env = {**os.environ, "PLANNER_DB": str(tmp_path / "plans.duckdb")}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.fileWatcherType", "none"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "streamlit did not start"
                time.sleep(0.2)
        with pytest.raises(OSError):
            socket.create_connection((other, port), timeout=2).close()
    finally:
        server.terminate()
        server.wait(timeout=30)
