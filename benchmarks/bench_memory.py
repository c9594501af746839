"""Server memory over many Weeks-slider moves: Build as configured (runner.postScriptGC = false)
against Build with Streamlit's default full collection after every run.

Not in the default `make bench` list (it takes about five minutes): `python -m benchmarks memory`.
The presses alternate between the two servers; RSS is read from /proc/<pid>/status (VmRSS)
after the warm-up and after every 100 moves. Memory must stay flat without the post-run
collection: Python's generational collector still frees cyclic garbage.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.bench_browser import BARS, BARS_PER_WEEK, VIEWPORT, _open, _press
from benchmarks.harness import Result
from tests.e2e.server import AppServer, launch_chromium

MOVES = 300
CHECKPOINT = 100
GC_ON = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _keys(count: int) -> list[str]:
    cycle = ["ArrowRight"] * 7 + ["ArrowLeft"] * 7  # weeks 5 -> 12 -> 5
    return (cycle * (count // len(cycle) + 1))[:count]


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        servers = {
            "postScriptGC off (as configured)": AppServer(Path(tmp) / "off.duckdb").start(),
            "postScriptGC on (Streamlit default)": AppServer(
                Path(tmp) / "on.duckdb", env=GC_ON
            ).start(),
        }
        rss: dict[str, list[float]] = {name: [] for name in servers}
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                pages = {}
                for name, server in servers.items():
                    pages[name] = browser.new_page(viewport=VIEWPORT)
                    _open(pages[name], server.url, BARS["app"])
                for key in _keys(14):  # warm-up: every week count built and cached once
                    for page in pages.values():
                        _press(page, key, BARS["app"], BARS_PER_WEEK["app"])
                for name, server in servers.items():
                    rss[name].append(_rss_mb(server.pid))
                for index, key in enumerate(_keys(MOVES), start=1):
                    for page in pages.values():
                        _press(page, key, BARS["app"], BARS_PER_WEEK["app"])
                    if index % CHECKPOINT == 0:
                        for name, server in servers.items():
                            rss[name].append(_rss_mb(server.pid))
                browser.close()
        finally:
            for server in servers.values():
                server.stop()
    rows = []
    for name, values in rss.items():
        steps = " -> ".join(f"{value:.0f}" for value in values)
        rows.append(
            Result(f"server RSS MB after {MOVES} Weeks-slider moves, Build, {name}", values[-1],
                   max(values), MOVES, note=f"MB after warm-up and every {CHECKPOINT}: {steps}")
        )  # fmt: skip
    return rows
