"""A running gym cluster: two Streamlit replicas behind haproxy on one PostgreSQL database.

Started once for the module through `start_cluster` (with the cluster's own PostgreSQL in a
throwaway state folder); one more one-replica cluster checks that stopping leaves no process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from deploy import cluster
from deploy.cluster import ROOT, Replica, start_cluster
from deploy.postgres import free_port
from tests.e2e.server import (
    OidcProvider,
    assert_login_screen,
    auth_secrets,
    goto,
    launch_chromium,
    log_in,
    wait_idle,
)

NOT_LOOPBACK = re.compile(r"^(?!https?://127\.0\.0\.1[:/])[a-z]+://")


def _reachable_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="planner-cluster-test-"))
    folder.chmod(0o711)  # the postgres user runs the database when the tests run as root
    return folder


@pytest.fixture(scope="module")
def gym():
    state = _reachable_dir()
    try:
        with start_cluster(2, free_port(), None, state) as running:
            yield running
    finally:
        shutil.rmtree(state, ignore_errors=True)


def _get(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """(the replica that answered, the affinity cookie it set, if any)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as reply:
        reply.read()
        set_cookie = reply.headers.get("Set-Cookie")
        return reply.headers["X-Replica"], set_cookie


def test_both_replicas_answer_their_health_check_directly_and_through_the_balancer(gym):
    assert len(gym.replica_urls) == 2 and len(set(gym.replica_urls)) == 2
    for url in [*gym.replica_urls, gym.url]:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as reply:
            assert reply.read() == b"ok"


def test_a_first_request_gets_an_affinity_cookie_and_sticks_to_that_replica_with_it(gym):
    replica, set_cookie = _get(gym.url + "/")
    assert set_cookie is not None and set_cookie.startswith(f"SRV={replica};")
    cookie = set_cookie.split(";")[0]
    answers = [_get(gym.url + "/", cookie) for _ in range(6)]
    assert answers == [(replica, None)] * 6  # the same replica, and no new cookie


def test_requests_without_the_cookie_are_spread_over_both_replicas(gym):
    served = Counter(_get(gym.url + "/")[0] for _ in range(6))
    assert set(served) == {"r1", "r2"}


@pytest.mark.browser
def test_a_plan_saved_through_the_balancer_is_in_the_library_of_the_other_replica(gym):
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(60_000)
            goto(page, f"{gym.url}/library?goal=strength&weeks=6")  # needs the websocket
            page.locator(".st-key-save_name input").fill("Gym strength block")
            page.get_by_role("button", name="Save plan").click()
            wait_idle(page)
            page.get_by_text("Saved “Gym strength block”").wait_for()
            sticky = {c["name"]: c["value"] for c in context.cookies()}["SRV"]
            other = gym.replica_urls[{"r1": 1, "r2": 0}[sticky]]

            direct = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            direct.set_default_timeout(60_000)
            goto(direct, f"{other}/library")
            pick = direct.locator(".st-key-library_pick input")
            assert pick.input_value().startswith("Gym strength block (#")
        finally:
            browser.close()


@pytest.mark.browser
def test_a_login_through_the_balancer_holds_on_the_other_replica(pg_url, tmp_path):
    """st.login through haproxy (redirect_uri = the balancer), every replica reading the same
    --secrets file: the login cookie one replica signed is good on the other (as when a replica
    stops and its visitors move), and the lifter's plans are there."""
    state = _reachable_dir()
    provider = OidcProvider(tmp_path / "provider.log").start()
    port = free_port()
    secrets = auth_secrets(
        tmp_path / "secrets.toml", f"http://127.0.0.1:{port}", provider.metadata_url
    )
    try:
        with start_cluster(2, port, pg_url, state, secrets_file=secrets) as gym:
            assert f"secrets (every replica) {secrets.resolve()}" in gym.describe()
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                try:
                    _log_in_and_move_replica(browser, gym, provider)
                finally:
                    browser.close()
    finally:
        provider.stop()
        shutil.rmtree(state, ignore_errors=True)


def _log_in_and_move_replica(browser, gym: cluster.Cluster, provider: OidcProvider) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(NOT_LOOPBACK, lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(60_000)
    log_in(page, gym.url, provider, "alice")
    goto(page, f"{gym.url}/library")
    page.locator(".st-key-save_name input").fill("Alice gym block")
    page.get_by_role("button", name="Save plan").click()
    wait_idle(page)
    page.get_by_text("Saved “Alice gym block”").wait_for()
    sticky = {c["name"]: c["value"] for c in context.cookies()}["SRV"]
    other = {"r1": "r2", "r2": "r1"}[sticky]

    # The browser goes to the other replica (what haproxy does when its replica is down).
    context.add_cookies([{"name": "SRV", "value": other, "url": gym.url}])
    reply = page.goto(f"{gym.url}/library")
    assert reply is not None and reply.headers["x-replica"] == other
    page.wait_for_selector("[data-testid='stHeading'] h1")
    wait_idle(page)
    assert page.get_by_role("button", name="Log in").count() == 0, "the login did not hold"
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "Logged in as alice" in sidebar
    pick = page.locator(".st-key-library_pick input")
    assert pick.input_value().startswith("Alice gym block (#")

    # Without the login cookie, either replica shows only the login screen.
    for replica in ("r1", "r2"):
        stranger = browser.new_context(viewport={"width": 1280, "height": 900})
        stranger.add_cookies([{"name": "SRV", "value": replica, "url": gym.url}])
        visitor = stranger.new_page()
        visitor.set_default_timeout(60_000)
        goto(visitor, f"{gym.url}/library")
        assert_login_screen(visitor)
        assert "Alice gym block" not in visitor.locator("[data-testid='stMain']").inner_text()
        stranger.close()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has stopped; only its exit status is left


def test_a_stopped_replica_is_started_again_and_stopping_leaves_no_process(pg_url, monkeypatch):
    state = _reachable_dir()
    try:
        port = free_port()
        with start_cluster(1, port, pg_url, state) as running:
            first = running.pids()
            assert set(first) == {"replica-1", "haproxy"}
            assert all(_alive(pid) for pid in first.values())

            monkeypatch.setattr(cluster, "RESTART_AFTER_S", 0.0)
            os.kill(first["replica-1"], signal.SIGKILL)
            running.replicas[0].process.wait()
            assert running.restart_stopped() == [("replica-1", True)]
            second = running.pids()["replica-1"]
            assert second != first["replica-1"]
            cluster._wait_healthy(running.replicas[0], time.monotonic() + 120)
            # haproxy sends visitors to it again once its next health check passes.
            balancer = Replica("balancer", 0, running.logs["haproxy"], running.haproxy)
            cluster._wait_healthy(balancer, time.monotonic() + 60, url=running.url)
            assert _get(running.url + "/")[0] == "r1"

            # One that stops again right after its start stays down (it would only fail again).
            monkeypatch.setattr(cluster, "RESTART_AFTER_S", 3600.0)
            os.kill(second, signal.SIGKILL)
            running.replicas[0].process.wait()
            assert running.restart_stopped() == [("replica-1", False)]
            assert "replica-1" not in running.pids()
        pids = [*first.values(), second]
        assert [pid for pid in pids if _alive(pid)] == []
        with socket.socket() as probe:  # nothing listens there any more (TIME_WAIT may linger)
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))
    finally:
        shutil.rmtree(state, ignore_errors=True)


def test_the_command_line_prints_what_runs_where_and_ctrl_c_stops_it_all_with_its_database():
    state = _reachable_dir()
    port = free_port()
    command = [sys.executable, "-m", "deploy.cluster", "--replicas", "1", "--port", str(port),
               "--state", str(state)]  # fmt: skip
    cli = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)  # fmt: skip
    try:
        printed = []
        for line in cli.stdout:  # until it says it is up (or ends)
            printed.append(line)
            if line.startswith("Ctrl-C stops everything"):
                break
        text = "".join(printed)
        assert f"Serving the planner at http://127.0.0.1:{port}" in text
        assert "replica-1: streamlit on http://127.0.0.1:" in text
        assert "database: postgresql://postgres@127.0.0.1:" in text
        pids = json.loads((state / "cluster.json").read_text())["pids"]
        assert set(pids) == {"replica-1", "haproxy", "postgres"}
        assert all(_alive(pid) for pid in pids.values())
        cli.send_signal(signal.SIGINT)
        out, err = cli.communicate(timeout=60)
        assert cli.returncode == 0, err
        assert "Stopped" in out and "Traceback" not in err
        assert [role for role, pid in pids.items() if _alive(pid)] == []
        assert not (state / "cluster.json").exists()
        assert not (state / "pg" / "data" / "postmaster.pid").exists()
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()
        shutil.rmtree(state, ignore_errors=True)
