"""Load test: simulated lifters over Streamlit's websocket protocol, 1 process and N behind haproxy.

A lifter is one browser session spoken to directly over `ws://host/_stcore/stream` with the
protobuf messages the Streamlit frontend sends (BackMsg.rerun_script carrying a ClientState with
the widget states and the page's script hash) and receives (ForwardMsg: new_session, deltas,
script_finished). Like a browser it first GETs the page, keeping the cookies (haproxy's affinity
cookie), and opens the websocket with them.

Each lifter opens the Build page, then until the time is up: thinks ~1 s (seeded jitter), moves
one of Build's sliders (Weeks, Sessions per week, Minutes per session) to another value, and
times slider-to-chart: from sending the BackMsg to receiving the delta that carries the new run's
Weekly volume Plotly chart (`volume_chart`), and to the run's script_finished. Every 10th move it
saves: switches to the Library page, fills Name, submits the Save form, and counts the save as
acknowledged only when "Saved “<name>” as plan #<id>." arrives; then it goes back to Build.

Afterwards every acknowledged save must be readable on every replica: a fresh session on each
replica's own address (not through the balancer) opens the Library page and must list every
saved "<name> (#<id>)"; the store is read directly too. `lost` counts the saves missing anywhere.

Both configurations run on PostgreSQL: one Streamlit process (no balancer), and N processes
(N = os.cpu_count()) behind haproxy (deploy/cluster.py). Loopback only; 60 s per configuration.

    python -m benchmarks load                      # both configurations, in `make bench`
    python -m benchmarks.bench_load --lifters 5 --seconds 10 --replicas 2
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import http.cookiejar
import os
import random
import re
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

from benchmarks.harness import Result

LIFTERS = 50
SECONDS = 60.0
THINK_S = 1.0  # mean think time between a chart arriving and the next move (uniform +-50 %)
SAVE_EVERY = 10  # moves between two saves of one lifter
SLIDERS = ("Weeks", "Sessions per week", "Minutes per session")
CHART_KEY = "volume_chart"  # Build's first chart: Weekly volume by region
RUN_TIMEOUT_S = 120.0  # one script run (or connecting); longer counts as an error
CACHE_SIZE = 200  # cached big elements per tab
# ui.library.LIST_LIMIT, the newest plans the Library lists (not imported: that would load the
# Streamlit shell's caches outside a server; tests/test_bench_load.py keeps the two equal).
LIST_LIMIT = 500
SAVED = re.compile(r"Saved “(?P<name>.*)” as plan #(?P<id>\d+)\.")
LISTED = re.compile(r"(?P<name>.*) \(#(?P<id>\d+)\)")
_FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")


class ProtocolError(Exception):
    """The app did not answer as a browser would expect (no chart, no acknowledgement...)."""


@dataclasses.dataclass
class Run:
    """What one script run sent back."""

    elements: dict[tuple[str, str], object]  # (element type, label) -> the element's proto
    widget_ids: set[str] = dataclasses.field(default_factory=set)
    chart_s: float | None = None  # send -> the volume chart's delta
    done_s: float = 0.0  # send -> script_finished
    alerts: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)


class Session:
    """One browser tab: an HTTP GET for the cookies, then the websocket and its script runs."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.query = ""
        self.pages: dict[str, str] = {}  # url path ("" is Build) -> page script hash
        self.states: dict[str, WidgetState] = {}  # widget values set so far, sent every run
        self.elements: dict[tuple[str, str], object] = {}  # of the last run
        # The frontend's message cache: big elements by hash; the server sends a reference
        # (ref_hash) instead of an element this tab reported having.
        self.cache: dict[str, ForwardMsg] = {}
        self._ws: ClientConnection | None = None

    async def open(self) -> Run:
        """Load the page like a browser (keeping its cookies), connect, run the Build page.
        Again after an error: a reloaded tab, same cookies and address, a new session."""
        self.states, self.cache, self.elements = {}, {}, {}
        self.cookies = await asyncio.to_thread(_get_cookies, self.base_url + "/", self.cookies)
        ws_url = "ws" + self.base_url.removeprefix("http") + "/_stcore/stream"
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        self._ws = await connect(
            ws_url,
            origin=self.base_url,  # same origin: what the browser sends
            subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"],  # as the frontend does
            additional_headers=headers if self.cookies else None,
            max_size=None,
            open_timeout=RUN_TIMEOUT_S,
            ping_interval=None,
        )
        return await self.rerun("")

    async def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
            self._ws = None

    async def rerun(self, page: str, extra: Sequence[WidgetState] = ()) -> Run:
        """Send rerun_script for `page` (its url path, "" = Build) with
        every widget value set so far plus `extra` (form fields, triggers); wait for the end."""
        assert self._ws is not None
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.pages.get(page, "")  # "" before the first run: main
        state.widget_states.widgets.extend([*self.states.values(), *extra])
        state.cached_message_hashes.extend(self.cache)
        run = Run(elements={})
        sent = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        async with asyncio.timeout(RUN_TIMEOUT_S):
            started = False
            while True:
                reply = self._resolve(await self._ws.recv())
                kind = reply.WhichOneof("type")
                if kind == "new_session":
                    started = True
                elif kind == "navigation":
                    self.pages = {p.url_pathname: p.page_script_hash
                                  for p in reply.navigation.app_pages}  # fmt: skip
                elif kind == "page_info_changed":
                    self.query = reply.page_info_changed.query_string
                elif kind == "delta" and started:
                    self._element(reply, run, sent)
                elif kind == "script_finished" and started:
                    if reply.script_finished == _FINISHED_EARLY:
                        continue  # st.switch_page or a rerun: another run follows
                    run.done_s = time.perf_counter() - sent
                    self.elements = run.elements
                    # Like the frontend's WidgetStateManager: forget the widgets this run did
                    # not draw (another page's widgets have other ids, even with the same key).
                    self.states = {i: s for i, s in self.states.items() if i in run.widget_ids}
                    return run

    def _resolve(self, data: bytes) -> ForwardMsg:
        """The message received, a cached one in place of a reference; cache the big ones."""
        reply = ForwardMsg()
        reply.ParseFromString(data)
        if reply.WhichOneof("type") == "ref_hash":
            cached = self.cache.get(reply.ref_hash)
            if cached is None:
                raise ProtocolError(f"reference to a message never received: {reply.ref_hash}")
            resolved = ForwardMsg()
            resolved.CopyFrom(cached)
            resolved.metadata.CopyFrom(reply.metadata)
            return resolved
        if reply.metadata.cacheable and reply.hash:
            if len(self.cache) >= CACHE_SIZE:
                del self.cache[next(iter(self.cache))]  # the oldest
            self.cache[reply.hash] = reply
        return reply

    @staticmethod
    def _element(reply: ForwardMsg, run: Run, sent: float) -> None:
        if reply.delta.WhichOneof("type") != "new_element":
            return
        kind = reply.delta.new_element.WhichOneof("type")
        element = getattr(reply.delta.new_element, kind)
        run.elements[(kind, getattr(element, "label", ""))] = element
        if getattr(element, "id", ""):
            run.widget_ids.add(element.id)
        if kind == "plotly_chart" and run.chart_s is None and element.id.endswith("-" + CHART_KEY):
            run.chart_s = time.perf_counter() - sent
        elif kind == "alert":
            run.alerts.append((element.format, element.body))
            if element.format == Alert.ERROR:
                run.problems.append(f"error shown: {element.body[:120]}")
        elif kind == "exception":
            where = " | ".join(line.strip() for line in element.stack_trace[-2:])
            run.problems.append(f"exception shown: {element.type} at {where}"[:300])

    def slider(self, label: str) -> tuple[object, list[float]]:
        """The slider called `label` in the last run, and every value it offers."""
        element = self.elements.get(("slider", label))
        if element is None:
            raise ProtocolError(f"no {label!r} slider on the page")
        values, value = [], element.min
        while value <= element.max + 1e-9:
            values.append(value)
            value += element.step
        return element, values

    def set_slider(self, element, value: float) -> None:
        state = WidgetState(id=element.id)
        state.double_array_value.data.append(value)
        self.states[element.id] = state


def _get_cookies(url: str, cookies: dict[str, str]) -> dict[str, str]:
    """GET `url` sending `cookies`; return them updated with the ones the reply sets."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    request = urllib.request.Request(url)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    with opener.open(request, timeout=RUN_TIMEOUT_S) as reply:
        reply.read()
    return {**cookies, **{cookie.name: cookie.value for cookie in jar}}


@dataclasses.dataclass
class Tally:
    """Everything the lifters measured, shared by all of them (one event loop: no locks)."""

    chart_ms: list[float] = dataclasses.field(default_factory=list)
    done_ms: list[float] = dataclasses.field(default_factory=list)
    save_ms: list[float] = dataclasses.field(default_factory=list)
    open_ms: list[float] = dataclasses.field(default_factory=list)
    saves: list[tuple[int, str, int]] = dataclasses.field(default_factory=list)  # lifter,name,id
    errors: list[str] = dataclasses.field(default_factory=list)
    moves: int = 0
    save_attempts: int = 0
    affinity: dict[str, int] = dataclasses.field(default_factory=dict)  # cookie value -> lifters
    charts_by_lifter: dict[int, int] = dataclasses.field(default_factory=dict)
    moves_by_lifter: dict[int, int] = dataclasses.field(default_factory=dict)


async def _save(session: Session, lifter: int, name: str, tally: Tally) -> None:
    """Library page, fill Name, press Save plan; record the save once it is acknowledged."""
    run = await session.rerun("library")
    field = run.elements.get(("text_input", "Name"))
    button = run.elements.get(("button", "Save plan"))
    if field is None or button is None or not button.is_form_submitter:
        raise ProtocolError("no Save form on the Library page")
    notes = run.elements.get(("text_area", "Notes"))
    submitted = [WidgetState(id=field.id, string_value=name)]
    if notes is not None:
        submitted.append(WidgetState(id=notes.id, string_value=""))
    submitted.append(WidgetState(id=button.id, trigger_value=True))  # the form's submit
    tally.save_attempts += 1
    run = await session.rerun("library", submitted)
    tally.errors.extend(f"lifter {lifter}: {p}" for p in run.problems)
    for kind, body in run.alerts:
        match = SAVED.fullmatch(body)
        if kind == Alert.SUCCESS and match and match["name"] == name:
            tally.saves.append((lifter, name, int(match["id"])))
            tally.save_ms.append(run.done_s * 1000)
            break
    else:
        raise ProtocolError(f"save of {name!r} not acknowledged")
    run = await session.rerun("")  # back to Build
    if run.chart_s is None:
        raise ProtocolError("Build page without its chart after a save")


async def _lifter(
    lifter: int, session: Session, start: asyncio.Event, deadline: list[float], tag: str,
    seed: int, save_every: int, think_s: float, tally: Tally,
) -> None:  # fmt: skip
    rng = random.Random(seed * 1_000 + lifter)
    step = 0
    await start.wait()
    while time.monotonic() < deadline[0]:
        await asyncio.sleep(rng.uniform(0.5 * think_s, 1.5 * think_s))
        if time.monotonic() >= deadline[0]:
            break
        step += 1
        try:
            if step % save_every == lifter % save_every:  # every 10th move, lifters staggered
                await _save(session, lifter, f"Load {tag} L{lifter:02d} S{step:03d}", tally)
            element, values = session.slider(rng.choice(SLIDERS))
            current = list(element.value) or list(element.default)
            session.set_slider(element, rng.choice([v for v in values if [v] != current]))
            run = await session.rerun("")
            tally.moves += 1
            tally.moves_by_lifter[lifter] = tally.moves_by_lifter.get(lifter, 0) + 1
            tally.errors.extend(f"lifter {lifter}: {p}" for p in run.problems)
            if run.chart_s is None:
                tally.errors.append(f"lifter {lifter}: no chart after moving {element.label}")
                continue
            tally.charts_by_lifter[lifter] = tally.charts_by_lifter.get(lifter, 0) + 1
            tally.chart_ms.append(run.chart_s * 1000)
            tally.done_ms.append(run.done_s * 1000)
        except Exception as exc:  # timeouts, a closed socket, a ProtocolError: count, go on
            tally.errors.append(f"lifter {lifter}: {type(exc).__name__}: {exc}"[:200])
            await session.close()  # start over like a reloaded tab
            try:
                await session.open()
            except Exception as again:
                tally.errors.append(f"lifter {lifter}: reconnect failed: {again}"[:200])
                return


async def _open(lifter: int, url: str, tally: Tally) -> Session | None:
    session = Session(url)
    started = time.perf_counter()
    try:
        run = await session.open()
    except Exception as exc:
        tally.errors.append(f"lifter {lifter}: could not open: {type(exc).__name__}: {exc}"[:200])
        await session.close()
        return None
    tally.open_ms.append((time.perf_counter() - started) * 1000)
    tally.errors.extend(f"lifter {lifter}: {p}" for p in run.problems)
    key = ",".join(f"{k}={v}" for k, v in sorted(session.cookies.items())) or "(no cookie)"
    tally.affinity[key] = tally.affinity.get(key, 0) + 1
    return session


async def drive(
    url: str,
    lifters: int,
    seconds: float,
    seed: int,
    tag: str,
    save_every: int = SAVE_EVERY,
    think_s: float = THINK_S,
) -> tuple[Tally, float]:
    """Open `lifters` sessions on `url`, then let them move sliders and save for `seconds`.

    Returns the tally and the measured wall time (from the start signal to the last lifter's
    end: lifters finish the move in flight when the time is up)."""
    tally = Tally()
    sessions = await asyncio.gather(*(_open(i, url, tally) for i in range(lifters)))
    start, deadline = asyncio.Event(), [0.0]
    tasks = [
        asyncio.create_task(_lifter(i, s, start, deadline, tag, seed, save_every, think_s, tally))
        for i, s in enumerate(sessions)
        if s is not None
    ]
    began = time.monotonic()
    deadline[0] = began + seconds
    start.set()
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - began
    await asyncio.gather(*(s.close() for s in sessions if s is not None))
    return tally, elapsed


async def listed_plans(url: str) -> dict[int, str]:
    """A fresh session on `url`'s Library page: the saved plans it lists, id -> name."""
    session = Session(url)
    try:
        await session.open()
        run = await session.rerun("library")
    finally:
        await session.close()
    box = run.elements.get(("selectbox", "Plan"))
    listed = {}
    for option in list(box.options) if box is not None else []:
        match = LISTED.fullmatch(option)
        if match:
            listed[int(match["id"])] = match["name"]
    return listed


def lost_saves(saves: Sequence[tuple[int, str, int]], listed: dict[int, str]) -> list[str]:
    """The acknowledged saves (lifter, name, id) that `listed` (id -> name) does not hold."""
    return [f"#{pid} {name!r} (lifter {lifter})" for lifter, name, pid in saves
            if listed.get(pid) != name]  # fmt: skip


# --- server processes: CPU and memory from /proc (Linux; our own processes only) ---


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                    inodes.add(fields[9])
    return inodes


def listening_pid(port: int) -> int | None:
    """The process listening on loopback `port`, when it is one of ours."""
    inodes = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    return int(entry.name)
    return None


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of `pid` so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/", 1)[0])


# --- configurations ---


@dataclasses.dataclass
class Report:
    """One configuration's figures."""

    label: str
    processes: int
    lifters: int
    seconds: float
    elapsed_s: float
    tally: Tally
    lost: list[str]
    replicas_checked: int
    store_checked: bool
    client_cpu: float  # fraction of one core
    server_cpu_s: float
    rss_before_mb: float
    rss_after_mb: float
    load: str
    think_s: float = THINK_S

    def percentile(self, samples: list[float], q: float) -> float:
        if not samples:
            return float("nan")
        ordered = sorted(samples)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))]

    @property
    def moves_per_s(self) -> float:
        return self.tally.moves / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def saves_per_s(self) -> float:
        return len(self.tally.saves) / self.elapsed_s if self.elapsed_s else 0.0

    def lines(self) -> list[str]:
        t = self.tally
        p = self.percentile
        return [
            f"### {self.label}",
            f"- lifters {self.lifters} thinking ~{self.think_s:g} s, {self.seconds:g} s "
            f"(measured {self.elapsed_s:.1f} s), "
            f"sessions opened {len(t.open_ms)} (open p50 {p(t.open_ms, 0.5):.0f} ms, "
            f"max {max(t.open_ms, default=0):.0f} ms)",
            f"- moves {t.moves} = {self.moves_per_s:.2f} moves/s; saves acknowledged "
            f"{len(t.saves)} of {t.save_attempts} = {self.saves_per_s:.2f} saves/s",
            f"- slider -> chart p50 {p(t.chart_ms, 0.5):.0f} ms, p95 {p(t.chart_ms, 0.95):.0f} ms, "
            f"max {max(t.chart_ms, default=0):.0f} ms; slider -> run finished p50 "
            f"{p(t.done_ms, 0.5):.0f} ms, p95 {p(t.done_ms, 0.95):.0f} ms",
            f"- save (submit -> Saved as plan #id) p50 {p(t.save_ms, 0.5):.0f} ms, "
            f"p95 {p(t.save_ms, 0.95):.0f} ms",
            f"- errors {len(t.errors)}" + (f": {t.errors[:3]}" if t.errors else ""),
            f"- lost {len(self.lost)} (checked on {self.replicas_checked} replica(s) directly"
            + (" and in the store" if self.store_checked else "")
            + ")"
            + (f": {self.lost[:5]}" if self.lost else ""),
            f"- server CPU {self.server_cpu_s:.1f} s "
            f"= {self.server_cpu_s / self.elapsed_s:.2f} cores busy, "
            f"{1000 * self.server_cpu_s / max(1, t.moves):.0f} ms per move (saves included); "
            f"RSS {self.rss_before_mb:.0f} -> {self.rss_after_mb:.0f} MB (all processes)",
            f"- client CPU {100 * self.client_cpu:.0f} % of one core; sessions per affinity "
            f"cookie: {dict(sorted(t.affinity.items()))}",
            f"- load average at the start: {self.load}",
        ]

    def results(self) -> list[Result]:
        t, p = self.tally, self.percentile
        note = (
            f"{self.lifters} lifters {self.elapsed_s:.0f} s: p95 {p(t.chart_ms, 0.95):.0f} ms, "
            f"max {max(t.chart_ms, default=0):.0f} ms; {self.moves_per_s:.1f} moves/s, "
            f"{self.saves_per_s:.2f} saves/s; saves {len(t.saves)}, lost {len(self.lost)}, "
            f"errors {len(t.errors)}; client CPU {100 * self.client_cpu:.0f} %; "
            f"load {self.load.split(',')[0]}"
        )
        return [
            Result(f"load: slider -> chart, {self.label}", p(t.chart_ms, 0.5),
                   p(t.chart_ms, 0.9), len(t.chart_ms), None, note),
            Result(f"load: save -> acknowledged, {self.label}", p(t.save_ms, 0.5),
                   p(t.save_ms, 0.9), len(t.save_ms), None,
                   f"readable on every replica: {len(t.saves) - len(self.lost)}/{len(t.saves)}"),
        ]  # fmt: skip


def _load() -> str:
    with open("/proc/loadavg") as loadavg:
        return ", ".join(loadavg.read().split()[:3])


def measure(
    label: str, url: str, replica_urls: Sequence[str], db_url: str | None, lifters: int,
    seconds: float, seed: int = 11, save_every: int = SAVE_EVERY, think_s: float = THINK_S,
) -> Report:  # fmt: skip
    """Drive `url` with `lifters` for `seconds`; then check every save on every replica."""
    pids = [pid for pid in (listening_pid(_port(u)) for u in replica_urls) if pid is not None]
    rss_before = sum(rss_mb(pid) for pid in pids)
    cpu_before = sum(cpu_s(pid) for pid in pids)
    load = _load()
    tag = "".join(random.Random(f"{seed}{label}{time.time()}").choices("ABCDEFGHJKMNPQRSTUVWXYZ",
                                                                      k=4))  # fmt: skip
    client_before, wall_before = time.process_time(), time.perf_counter()
    tally, elapsed = asyncio.run(drive(url, lifters, seconds, seed, tag, save_every, think_s))
    client_cpu = (time.process_time() - client_before) / (time.perf_counter() - wall_before)
    server_cpu = sum(cpu_s(pid) for pid in pids) - cpu_before
    rss_after = sum(rss_mb(pid) for pid in pids)
    lost: set[str] = set()
    for replica in replica_urls:
        listed = asyncio.run(listed_plans(replica))
        expected = tally.saves
        if len(listed) >= LIST_LIMIT:  # the Library lists the newest only; the store has all
            expected = [save for save in tally.saves if save[2] >= min(listed)]
        lost.update(lost_saves(expected, listed))
    store_checked = False
    if db_url is not None:
        from planner.store import open_store

        store = open_store(db_url, read_only=True)
        try:
            lost.update(lost_saves(tally.saves, {s.id: s.name for s in store.list()}))
            store_checked = True
        finally:
            store.close()
    return Report(label, len(replica_urls), lifters, seconds, elapsed, tally, sorted(lost),
                  len(replica_urls), store_checked, client_cpu, server_cpu, rss_before,
                  rss_after, load, think_s)  # fmt: skip


@contextlib.contextmanager
def postgres() -> Iterator[object]:
    """A throwaway PostgreSQL server (tests/pg_server.py)."""
    from tests import pg_server

    cluster = pg_server.start()
    if isinstance(cluster, str):
        raise RuntimeError(cluster)
    try:
        yield cluster
    finally:
        cluster.stop()


@contextlib.contextmanager
def one_process(db_url: str, workdir: Path) -> Iterator[str]:
    """One `streamlit run app.py` on PostgreSQL, no balancer; yields its URL."""
    from tests.e2e.server import AppServer

    server = AppServer(db_url, log=workdir / "one-process.log").start()  # type: ignore[arg-type]
    try:
        yield server.url
    finally:
        server.stop()


@contextlib.contextmanager
def cluster(replicas: int, db_url: str, workdir: Path) -> Iterator[tuple[str, list[str]]]:
    """`replicas` processes behind haproxy (deploy/cluster.py); yields (balancer, replicas)."""
    from deploy.cluster import start_cluster
    from tests.e2e.server import free_port

    with start_cluster(replicas, free_port(), db_url, workdir) as running:
        yield running.url, list(running.replica_urls)


def reports(
    lifters: int,
    seconds: float,
    replicas: int,
    configs: str = "1,n",
    echo: bool = False,
    think_s: float = THINK_S,
) -> tuple[list[Report], list[str]]:
    """Run the configurations asked for; return their reports and why any did not run.
    `echo`: print each report to stderr as it is done (`make bench`: the table has no room)."""
    done, missing = [], []
    with postgres() as pg, tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        work = Path(tmp)
        if "1" in configs.split(","):
            db_url = pg.new_database()
            with one_process(db_url, work) as url:
                done.append(
                    measure("1 process", url, [url], db_url, lifters, seconds, think_s=think_s)
                )
            if echo:
                print("\n".join(done[-1].lines()), file=sys.stderr, flush=True)
        if "n" in configs.split(","):
            db_url = pg.new_database()
            try:
                with cluster(replicas, db_url, work / "cluster") as (url, replica_urls):
                    label = f"{replicas} processes behind haproxy"
                    done.append(
                        measure(label, url, replica_urls, db_url, lifters, seconds, think_s=think_s)
                    )
                if echo:
                    print("\n".join(done[-1].lines()), file=sys.stderr, flush=True)
            except (ImportError, RuntimeError) as exc:  # no deploy/ yet, haproxy missing...
                print(f"load: the {replicas}-process cluster did not run: {exc}", file=sys.stderr)
                missing.append(f"{replicas} processes behind haproxy not run: {exc}"[:200])
    return done, missing


def _options(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--lifters", type=int, default=LIFTERS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--think", type=float, default=THINK_S, help="mean think time, s")
    parser.add_argument("--configs", default="1,n", help="1 (one process), n (cluster) or 1,n")
    return parser.parse_args(list(argv))


def run(argv: Sequence[str] = ()) -> list[Result]:
    options = _options(argv)
    done, missing = reports(
        options.lifters, options.seconds, options.replicas, options.configs, True, options.think
    )
    results = [result for report in done for result in report.results()]
    nan = float("nan")
    return results + [Result("load: slider -> chart", nan, nan, 0, None, why) for why in missing]


def main(argv: Sequence[str]) -> int:
    options = _options(argv)
    found, missing = reports(
        options.lifters, options.seconds, options.replicas, options.configs, False, options.think
    )
    for report in found:
        print("\n".join(report.lines()) + "\n")
    for why in missing:
        print(f"### {why}\n")
    return 0 if found and not missing and all(not r.lost for r in found) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
