"""Tiny timing harness: medians over repeated runs, reported as a markdown table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    median_ms: float
    p90_ms: float
    runs: int
    target_ms: float | None = None
    note: str = ""

    def row(self) -> str:
        target = f"< {self.target_ms:g}" if self.target_ms is not None else ""
        status = ""
        if self.target_ms is not None:
            status = "ok" if self.median_ms < self.target_ms else "over"
        return (
            f"| {self.name} | {self.median_ms:.2f} | {self.p90_ms:.2f} | {self.runs} | "
            f"{target} | {status} | {self.note} |"
        )


HEADER = (
    "| benchmark | median ms | p90 ms | runs | target ms | status | note |\n"
    "|---|---:|---:|---:|---:|---|---|"
)


def measure(
    name: str,
    fn: Callable[[], object],
    runs: int = 50,
    warmup: int = 3,
    target_ms: float | None = None,
    note: str = "",
) -> Result:
    """Call `fn` `runs` times after `warmup` calls; return median and p90 wall time."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p90 = samples[min(len(samples) - 1, int(len(samples) * 0.9))]
    return Result(name, statistics.median(samples), p90, runs, target_ms, note)
