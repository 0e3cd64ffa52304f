"""Timing helpers: interleaved warm runs, medians and p90, the machine's load."""

from __future__ import annotations

import math
import os
import statistics
import time
from dataclasses import dataclass, field

from bench.queries.settings import TOLERANCE


def p90(values: list[float]) -> float:
    """Nearest-rank 90th percentile (with 7 runs: the slowest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def summary(times: list[float]) -> dict:
    return {"median_s": statistics.median(times), "p90_s": p90(times),
            "runs_s": [round(t, 6) for t in times]}


def interleaved(functions: dict, repeat: int) -> tuple[dict, dict]:
    """One untimed (warm-up) call of each function, then `repeat` rounds calling each once.
    Returns {name: [seconds...]} and {name: result of the last call}."""
    results = {name: fn() for name, fn in functions.items()}
    times = {name: [] for name in functions}
    for _ in range(repeat):
        for name, fn in functions.items():
            started = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - started)
    return times, results


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def wait_for_load(limit: float, minutes: float) -> dict:
    """Poll the 1-minute load average every 60 s until it is below `limit` (at most `minutes`)."""
    started, seen = time.monotonic(), []
    while True:
        current = os.getloadavg()[0]
        seen.append(round(current, 2))
        print(f"  load average (1 min) {current:.2f} (waiting for < {limit})", flush=True)
        if current < limit:
            return {"ok": True, "polled": seen, "waited_s": round(time.monotonic() - started)}
        if time.monotonic() - started + 60 > minutes * 60:
            return {"ok": False, "polled": seen, "waited_s": round(time.monotonic() - started)}
        time.sleep(60)


@dataclass
class Run:
    rows: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))
