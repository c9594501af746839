"""Browser latency of a Weeks-slider move: Build page against a bare one-slider, one-chart page.

Both servers run in the same benchmark run, and the presses alternate between the two pages,
so machine noise hits both alike. A sample is the time from pressing ArrowRight (or ArrowLeft)
on the focused Weeks slider to the chart showing the new number of bars. Target: Build within
1.5x the bare page.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from benchmarks.harness import Result
from tests.e2e.server import IDLE, AppServer, launch_chromium  # the browser tests' server

ROOT = Path(__file__).resolve().parent.parent
BARE_PAGE = Path(__file__).with_name("bare_page.py")
PRESSES = 30  # 5 -> 12 -> 5 -> 12 -> 9: every press changes the week count
WARMUP = 2
RATIO_TARGET = 1.5
# Bars of the current chart: while a rerun is in flight the previous chart stays in the page,
# hidden and marked stale, until the run ends.
_BARS = "document.querySelectorAll(\".st-key-volume_chart[data-stale='false'] g.point\").length"


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".st-key-volume_chart g.point", timeout=60_000)
    page.wait_for_timeout(250)
    page.wait_for_selector(IDLE)


def _press(page: Page, key: str, bars_per_week: int) -> tuple[float, float]:
    """Press `key` on the Weeks slider; return ms until the chart shows the new week count,
    and ms until the script run has finished (the rest of the page drawn too)."""
    thumb = page.locator(".st-key-weeks input[type=range]")
    weeks = int(thumb.input_value()) + (1 if key == "ArrowRight" else -1)
    start = time.perf_counter()
    thumb.press(key)
    page.wait_for_function(f"{_BARS} === {bars_per_week * weeks}", polling="raf")
    chart = (time.perf_counter() - start) * 1000
    page.wait_for_selector(IDLE)
    done = (time.perf_counter() - start) * 1000
    page.wait_for_timeout(150)  # let the browser settle before the next press
    return chart, done


def _keys() -> list[str]:
    cycle = ["ArrowRight"] * 7 + ["ArrowLeft"] * 7
    return (cycle * 3)[: WARMUP + PRESSES]


def _result(name: str, samples: list[float], target: float | None, note: str) -> Result:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return Result(name, statistics.median(ordered), p90, len(ordered), target, note)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        app = AppServer(Path(tmp) / "plans.duckdb").start()
        bare = AppServer(Path(tmp) / "bare.duckdb", script=BARE_PAGE).start()
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                pages = {}
                bars_per_week = {"app": 4, "bare": 1}  # Build: one bar per region and week
                for name, server in (("app", app), ("bare", bare)):
                    pages[name] = browser.new_page(viewport={"width": 1280, "height": 900})
                    _open(pages[name], server.url)
                samples: dict[str, list[float]] = {"app": [], "bare": [], "app_done": [],
                                                   "bare_done": []}  # fmt: skip
                for index, key in enumerate(_keys()):
                    for name, page in pages.items():
                        chart, done = _press(page, key, bars_per_week[name])
                        if index >= WARMUP:
                            samples[name].append(chart)
                            samples[f"{name}_done"].append(done)
                browser.close()
        finally:
            app.stop()
            bare.stop()
    bare_ms = statistics.median(samples["bare"])
    ratio = statistics.median(samples["app"]) / bare_ms
    done_ratio = statistics.median(samples["app_done"]) / statistics.median(samples["bare_done"])
    return [
        _result("browser: Weeks slider -> chart, bare page", samples["bare"], None,
                "one st.slider + one st.plotly_chart"),
        _result("browser: Weeks slider -> chart, Build page", samples["app"],
                RATIO_TARGET * bare_ms,
                f"{ratio:.2f}x the bare page (target <= {RATIO_TARGET}x)"),
        _result("browser: Weeks slider -> run finished, bare page", samples["bare_done"], None, ""),
        _result("browser: Weeks slider -> run finished, Build page", samples["app_done"], None,
                f"{done_ratio:.2f}x the bare page; the whole page redrawn"),
    ]  # fmt: skip
