"""A Streamlit server and a headless Chromium for the browser tests and the screenshots.

Debian's Chromium at /usr/bin/chromium (`make chromium` installs it); Playwright's own browser
download cannot work here.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
TITLE = "[data-testid='stHeading'] h1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen | None) -> None:
    """Stop a child server: terminate, and kill it if it is still there after 15 s."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class AppServer:
    """`streamlit run <script>` on a free port, with PLANNER_DB set; restartable.

    `secrets`: the one secrets.toml it reads (the login tests' [auth]). Without it, none: a
    developer's own .streamlit/secrets.toml must not put the other tests behind a login.
    `env` adds environment variables, e.g. a STREAMLIT_<SECTION>_<OPTION> config override.
    """

    def __init__(
        self,
        db: Path,
        script: Path = ROOT / "app.py",
        log: Path | None = None,
        secrets: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.db, self.script, self.port = db, script, free_port()
        self.log = log or db.with_suffix(".log")
        self.secrets = secrets
        self.env = env or {}
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        """The Streamlit server's process id (benchmarks read its CPU time in /proc)."""
        if self._process is None:
            raise RuntimeError("the server is not running")
        return self._process.pid

    def start(self, timeout_s: float = 60) -> AppServer:
        env = {**os.environ, **self.env, "PLANNER_DB": str(self.db), "PYTHONUNBUFFERED": "1"}
        command = [
            sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true",
            "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        # A file never made: without `secrets` the server reads no secrets at all.
        secrets = self.secrets or Path(self.log).parent / "no-secrets" / "secrets.toml"
        command += ["--secrets.files", str(secrets)]
        with open(self.log, "ab") as log:
            self._process = subprocess.Popen(
                command, cwd=self.script.parent, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.read() == b"ok":
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy in {timeout_s:.0f} s; see {self.log}")

    def stop(self) -> None:
        _stop(self._process)
        self._process = None

    def restart(self) -> AppServer:
        self.stop()
        return self.start()


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless; a missing browser is an error, never a skip."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. Run `make chromium` "
            "(or `apt-get install -y chromium`); `make test` does it for you."
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def wait_idle(page: Page, timeout_ms: float = 30_000) -> None:
    """Let a rerun start, then wait until the script has finished running."""
    page.wait_for_timeout(250)
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def goto(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(TITLE, timeout=60_000)
    wait_idle(page)


def title(page: Page) -> str:
    """The page's st.title."""
    return page.locator(TITLE).first.inner_text()


def choose(page: Page, key: str, option: str | re.Pattern) -> None:
    """Pick `option` (its label, or a pattern) in the selectbox with widget key `key`.

    A rerun that lands while the list is open (the URL sync, the phone sidebar script) closes it
    or redraws its options on a loaded machine, so the option found can be gone by the click.
    Open, click and check the box's value a few times, each with a short timeout.
    """
    box = page.locator(f".st-key-{key} input")
    wanted = page.get_by_role("option", name=option, exact=isinstance(option, str))
    picked = (lambda value: value == option) if isinstance(option, str) else option.search
    for _ in range(4):
        try:
            if not wanted.is_visible():
                box.click(timeout=5_000)
            wanted.wait_for(state="visible", timeout=5_000)
            wanted.click(timeout=5_000)
        except PlaywrightTimeoutError:
            pass
        wait_idle(page)
        if picked(box.input_value()):
            return
    raise AssertionError(f"could not pick {option!r} in {key}: the box shows {box.input_value()!r}")


class OidcProvider:
    """A local OpenID Connect provider, `oidc-provider-mock` (a test dependency), on a free port.

    It accepts any client id and secret and shows a form in which the tester types the subject
    ("alice"), so a login is a real OpenID Connect code flow without any network beyond loopback.
    """

    def __init__(self, log: Path) -> None:
        self.port, self.log = free_port(), log
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def start(self, timeout_s: float = 60) -> OidcProvider:
        command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(self.port)]
        with open(self.log, "ab") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"oidc-provider-mock exited early; see {self.log}")
            try:
                with urllib.request.urlopen(self.metadata_url, timeout=2) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"oidc-provider-mock did not start in {timeout_s:.0f} s; see {self.log}")

    def set_user(self, sub: str, claims: dict[str, str]) -> None:
        """Give subject `sub` these claims (name, email) in the ID tokens it will issue."""
        request = urllib.request.Request(
            f"{self.url}/users/{sub}",
            data=json.dumps(claims).encode(),
            method="PUT",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            reply.read()

    def stop(self) -> None:
        _stop(self._process)
        self._process = None


def auth_secrets(path: Path, app_url: str, metadata_url: str) -> Path:
    """Write a secrets.toml whose [auth] logs in to the app at `app_url` (an AppServer's url, or
    a cluster's balancer) through the provider at `metadata_url` (an OidcProvider's
    `metadata_url`); return its path."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        'cookie_secret = "login-test-cookie-secret-0123456789abcdef"\n'
        'client_id = "back-planner"\n'
        'client_secret = "back-planner-test-secret"\n'
        f'server_metadata_url = "{metadata_url}"\n',
        encoding="utf-8",
    )
    return path


def assert_login_screen(page: Page) -> None:
    """The page shows the login screen only: no settings, no numbers, no tables."""
    assert title(page) == "Back planner"
    assert page.get_by_role("button", name="Log in").is_visible()
    assert page.locator("[data-testid='stSidebar'] .st-key-goal").count() == 0
    assert page.locator("[data-testid='stMetric'], [data-testid='stDataFrame']").count() == 0


def log_in(page: Page, app_url: str, provider: OidcProvider, sub: str) -> None:
    """From the login screen of the app at `app_url` (an AppServer's url, a cluster's balancer)
    through the provider's form (typing the subject) back to Build."""
    goto(page, app_url)
    assert_login_screen(page)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{provider.url}/oauth2/authorize**")
    page.locator("input[name='sub']").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{app_url}/**")
    page.wait_for_selector(TITLE, timeout=60_000)
    wait_idle(page)
    assert title(page) == "Build"
