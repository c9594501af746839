"""Cost of a Weeks-slider move: Build page against a bare one-slider, one-chart page.

Both servers run in the same benchmark run, and the presses alternate between the two pages,
so machine noise hits both alike. Per page it reports:

- latency: the time from pressing ArrowRight (or ArrowLeft) on the focused Weeks slider to the
  chart showing the new number of bars, and to the script run having finished. Twice: cold, the
  first cycle of presses on a page just opened (5 -> 12 -> 5 weeks: each week count's plan is
  built for the first time and the browser's JIT has not seen the page's code yet), and warm, the
  presses after that cycle, which is what a lifter moving sliders feels after the first minute.
  The target (Build within RATIO_TARGET x the bare page) is judged warm; the cold ratio is shown;
- the bare page twice: with Streamlit's defaults, and with runner.postScriptGC = false as in
  Build's .streamlit/config.toml (so the ratio shows what the page does and what the setting);
- server CPU per move: the Streamlit process's user + system CPU time (from /proc/<pid>/stat)
  over the measured presses, divided by their number (target: Build <= SERVER_CPU_TARGET_MS);
- bytes per move: the websocket frames the browser received over the measured presses (the
  deltas of the reruns), divided by their number;
- first visit: a new browser context (nothing cached) opening the page, from navigation until
  the chart is drawn and no grey placeholder (Streamlit's skeleton of an element whose code is
  still loading) is left, and how long placeholders still showed after the script run finished.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from benchmarks.harness import Result
from tests.e2e.server import IDLE, AppServer, launch_chromium  # the browser tests' server

ROOT = Path(__file__).resolve().parent.parent
BARE_PAGE = Path(__file__).with_name("bare_page.py")
# 5 -> 12 -> 5 weeks: every press changes the week count, and every count is visited both ways.
CYCLE = ["ArrowRight"] * 7 + ["ArrowLeft"] * 7
COLD = len(CYCLE)  # the first cycle: the cold figures
PRESSES = 3 * len(CYCLE)  # then three cycles: the warm figures, CPU and bytes per move
RATIO_TARGET = 1.2
SERVER_CPU_TARGET_MS = 60
FIRST_VISITS = 5  # per page; the first one is the server's first session
NO_GC = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
VIEWPORT = {"width": 1280, "height": 900}
# Bars of each page's volume chart (Plotly's bar points). While a rerun is in flight the
# previous chart stays in the page, marked stale, until the new one replaces it.
BARS = dict.fromkeys(("bare", "app"), ".st-key-volume_chart[data-stale='false'] g.point")
BARS_PER_WEEK = {"bare": 1, "app": 4}  # Build: one bar per region and week
# Watches a first visit frame by frame: `done` when the script run has finished, `ready` once the
# chart has bars and no element skeleton (or app skeleton) is left.
_FIRST_VISIT = """
(() => {
  window.__visit = {};
  const skeletons = "[data-testid='stSkeleton'], [data-testid='stSkeletonElement'], " +
    "[data-testid='stAppSkeleton']";
  const watch = () => {
    const now = performance.now();
    const app = document.querySelector("[data-testid='stApp']");
    const state = app && app.getAttribute("data-test-script-state");
    if (state === "running") window.__visit.ran = true;
    if (window.__visit.ran && state === "notRunning" && window.__visit.done === undefined) {
      window.__visit.done = now;
    }
    const bars = document.querySelectorAll(".st-key-volume_chart g.point").length;
    if (window.__visit.done !== undefined && bars && !document.querySelector(skeletons)) {
      window.__visit.ready = now;
      return;
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})();
"""


def _cpu_ms(pid: int) -> float:
    """User + system CPU time of process `pid` so far, in ms."""
    # Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _open(page: Page, url: str, bars: str) -> None:
    page.goto(url)
    page.wait_for_selector(bars, timeout=60_000)
    page.wait_for_timeout(250)
    page.wait_for_selector(IDLE)


def _press(page: Page, key: str, bars: str, bars_per_week: int) -> tuple[float, float]:
    """Press `key` on the Weeks slider; return ms until the chart shows the new week count,
    and ms until the script run has finished (the rest of the page drawn too)."""
    thumb = page.locator(".st-key-weeks input[type=range]")
    weeks = int(thumb.input_value()) + (1 if key == "ArrowRight" else -1)
    start = time.perf_counter()
    thumb.press(key)
    count = f"document.querySelectorAll({bars!r}).length"
    page.wait_for_function(f"{count} === {bars_per_week * weeks}", polling="raf")
    chart = (time.perf_counter() - start) * 1000
    page.wait_for_selector(IDLE)
    done = (time.perf_counter() - start) * 1000
    page.wait_for_timeout(150)  # let the browser settle before the next press
    return chart, done


def _keys() -> list[str]:
    return CYCLE * ((COLD + PRESSES) // len(CYCLE))


def _result(name: str, samples: list[float], target: float | None, note: str) -> Result:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return Result(name, statistics.median(ordered), p90, len(ordered), target, note)


def _first_visit(browser: Browser, url: str) -> tuple[float, float]:
    """Open `url` in a new context; return ms from navigation until the page is drawn without
    placeholders, and ms of placeholders after the script run finished."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.add_init_script(_FIRST_VISIT)
        page.goto(url)
        page.wait_for_function("window.__visit && window.__visit.ready", timeout=60_000)
        visit = page.evaluate("window.__visit")
        return visit["ready"], max(0.0, visit["ready"] - visit["done"])
    finally:
        context.close()


def _slider_moves(browser: Browser, servers: dict[str, AppServer]) -> dict[str, list[float]]:
    """Alternate Weeks-slider presses on the pages; latency samples, CPU and bytes per move."""
    pages: dict[str, Page] = {}
    received = dict.fromkeys(servers, 0)
    kind = {name: "app" if name == "app" else "bare" for name in servers}

    def count(name: str):
        def frame(payload: str | bytes) -> None:
            received[name] += len(payload)

        return lambda socket: socket.on("framereceived", frame)

    for name, server in servers.items():
        pages[name] = browser.new_page(viewport=VIEWPORT)
        pages[name].on("websocket", count(name))
        _open(pages[name], server.url, BARS[kind[name]])
    suffixes = ("", "_done", "_cold", "_cold_done")
    samples: dict[str, list[float]] = {f"{n}{s}": [] for n in servers for s in suffixes}
    cpu_start = {name: _cpu_ms(server.pid) for name, server in servers.items()}
    for index, key in enumerate(_keys()):
        if index == COLD:
            for name, server in servers.items():
                samples[f"{name}_cold_cpu"] = [(_cpu_ms(server.pid) - cpu_start[name]) / COLD]
            cpu_start = {name: _cpu_ms(server.pid) for name, server in servers.items()}
            received.update(dict.fromkeys(servers, 0))
        phase = "_cold" if index < COLD else ""
        for name, page in pages.items():
            chart, done = _press(page, key, BARS[kind[name]], BARS_PER_WEEK[kind[name]])
            samples[f"{name}{phase}"].append(chart)
            samples[f"{name}{phase}_done"].append(done)
    for name, server in servers.items():
        samples[f"{name}_cpu"] = [(_cpu_ms(server.pid) - cpu_start[name]) / PRESSES]
        samples[f"{name}_bytes"] = [received[name] / PRESSES]
    for page in pages.values():
        page.close()
    return samples


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        servers = {
            "app": AppServer(Path(tmp) / "plans.duckdb").start(),
            "bare": AppServer(Path(tmp) / "bare.duckdb", script=BARE_PAGE).start(),
            # The bare page with the one setting Build's .streamlit/config.toml changes for speed.
            "bare_nogc": AppServer(Path(tmp) / "nogc.duckdb", script=BARE_PAGE, env=NO_GC).start(),
        }
        visits: dict[str, list[tuple[float, float]]] = {"app": [], "bare": []}
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                for _ in range(FIRST_VISITS):
                    for name in ("app", "bare"):
                        visits[name].append(_first_visit(browser, servers[name].url))
                samples = _slider_moves(browser, servers)
                browser.close()
        finally:
            for server in servers.values():
                server.stop()
    median = {name: statistics.median(values) for name, values in samples.items()}
    bare_ms = median["bare"]
    ratio = median["app"] / bare_ms
    cold_ratio = median["app_cold"] / median["bare_cold"]
    nogc_ratio = median["app"] / median["bare_nogc"]
    done_ratio = median["app_done"] / median["bare_done"]
    cpu = {name: samples[f"{name}_cpu"][0] for name in servers}
    kb = {name: samples[f"{name}_bytes"][0] / 1000 for name in servers}
    rows = [
        _result("browser: Weeks slider -> chart, cold, bare page", samples["bare_cold"], None,
                f"the first {COLD} presses on a page just opened"),
        _result("browser: Weeks slider -> chart, cold, Build page", samples["app_cold"], None,
                f"{cold_ratio:.2f}x the bare page; each week count's plan built the first time; "
                f"server CPU {samples['app_cold_cpu'][0]:.0f} ms per move (bare page "
                f"{samples['bare_cold_cpu'][0]:.0f})"),
        _result("browser: Weeks slider -> chart, warm, bare page", samples["bare"], None,
                f"the {PRESSES} presses after those; one st.slider + one st.plotly_chart, "
                "Streamlit defaults"),
        _result("browser: Weeks slider -> chart, warm, bare page, postScriptGC off",
                samples["bare_nogc"], None,
                "the bare page with Build's runner.postScriptGC = false"),
        _result("browser: Weeks slider -> chart, warm, Build page", samples["app"],
                RATIO_TARGET * bare_ms,
                f"{ratio:.2f}x the bare page (target <= {RATIO_TARGET}x); "
                f"{nogc_ratio:.2f}x the bare page with postScriptGC off"),
        _result("browser: Weeks slider -> run finished, warm, bare page", samples["bare_done"],
                None, ""),
        _result("browser: Weeks slider -> run finished, warm, Build page", samples["app_done"],
                None,
                f"{done_ratio:.2f}x the bare page; the whole page redrawn"),
        Result("server CPU per Weeks-slider move, bare page", cpu["bare"], cpu["bare"], PRESSES,
               note=f"{kb['bare']:.1f} kB of websocket frames per move"),
        Result("server CPU per Weeks-slider move, bare page, postScriptGC off", cpu["bare_nogc"],
               cpu["bare_nogc"], PRESSES, note=f"{kb['bare_nogc']:.1f} kB per move"),
        Result("server CPU per Weeks-slider move, Build page", cpu["app"], cpu["app"], PRESSES,
               SERVER_CPU_TARGET_MS,
               f"{kb['app']:.1f} kB of websocket frames per move; "
               f"{cpu['app'] / cpu['bare']:.2f}x the bare page's CPU, "
               f"{cpu['app'] / cpu['bare_nogc']:.2f}x with postScriptGC off"),
    ]  # fmt: skip
    for name, label in (("bare", "bare page"), ("app", "Build page")):
        drawn = [ready for ready, _ in visits[name]]
        grey = [after for _, after in visits[name]]
        rows.append(
            _result(f"browser: first visit -> drawn, no placeholder, {label}", drawn, None,
                    f"new browser context each; the server's first session {drawn[0]:.0f} ms")
        )  # fmt: skip
        rows.append(
            _result(f"browser: first visit, placeholders after the run, {label}", grey, None,
                    "grey skeletons still showing once the script run had finished")
        )  # fmt: skip
    return rows
