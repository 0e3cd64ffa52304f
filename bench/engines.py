"""Heartbeat on PostgreSQL against Heartbeat on DuckDB, on the query benchmark's workspace.

    python -m bench.engines [--rows 2000000] [--customers 200000] [--repeat 5]

Needs the cached workspace of `python -m bench.queries --prepare --rows R --customers C` and
Debian's PostgreSQL; starts a throwaway server with `.ci/postgres start` (durable: fsync on;
shared_buffers 4GB, work_mem 256MB) and stops it at the end. Measures, interleaved, medians:

1. landing the workspace: `publish --to postgresql://…` (every table Heartbeat reads, CSV out of
   DuckDB, COPY in, one transaction) against the same tables copied into a new DuckDB file;
2. the Overview's figures for the default quarter, computed cold (what a page computes before its
   cache holds them): every available metric's value, change and 12-month series, and NPS's three
   most typical detractor quotes, on PostgreSQL against DuckDB; the two must agree to 1e-9.

Prints a table with the load average and writes OUT/engines.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analytics import engine, metrics, workspace
from analytics.engine._tables import READ_TABLES
from bench.queries.settings import ROOT
from bench.queries.timing import load

SERVER = ("shared_buffers=4GB", "work_mem=256MB", "fsync=on", "synchronous_commit=on", "full_page_writes=on")


def overview_figures(con, slice_) -> dict:
    """What the Overview computes for a slice: each available metric's value, change and series,
    and the detractors' three most typical quotes."""
    found = {}
    for metric in metrics.METRICS:
        if not metrics.available(con, metric.key):
            continue
        now = metrics.compute(con, metric.key, slice_)
        _, change = metrics.change(con, metric.key, now)
        trend = metrics.series(con, metric.key, slice_)
        found[metric.key] = (now.value, now.n, change.p_value, [r.value for r in trend])
    quotes = metrics.evidence_for(con, "nps", slice_, limit=3)
    found["quotes"] = [q.unit_id for q in quotes.quotes]
    return found


def copy_into_duckdb(con, target: Path) -> None:
    """The baseline of landing: the same tables copied into a new DuckDB file."""
    target.unlink(missing_ok=True)
    con.execute(f"ATTACH '{target}' AS landed")
    try:
        for table in READ_TABLES:
            con.execute(f'CREATE TABLE landed."{table}" AS SELECT * FROM "{table}"')
        con.execute("CHECKPOINT landed")
    finally:
        con.execute("DETACH landed")


def agree(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(agree(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(agree(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engines", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the figures (landing: 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    source = args.out / "workspaces" / f"queries_{args.rows}_{args.customers}_s7.duckdb"
    if not source.exists():
        print(f"no workspace at {source}: run python -m bench.queries --prepare --rows {args.rows} "
              f"--customers {args.customers} first", file=sys.stderr)
        return 2
    started = subprocess.run([str(ROOT / ".ci" / "postgres"), "start", *SERVER], capture_output=True, text=True, check=True)
    server = dict(word.split("=", 1) for word in started.stdout.split() if "=" in word)
    url = server["HEARTBEAT_TEST_POSTGRES"]
    try:
        return _measure(source, url, args)
    finally:
        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", server["HEARTBEAT_TEST_POSTGRES_DIR"]], check=False)


def _measure(source: Path, url: str, args) -> int:
    with tempfile.TemporaryDirectory(prefix="heartbeat-bench-") as folder:
        copy = Path(folder) / "workspace.duckdb"
        shutil.copyfile(source, copy)  # opened writable (ATTACH needs it), so a copy
        duck = workspace.connect(copy)
        try:
            return _on(duck, Path(folder), url, args)
        finally:
            duck.close()


def _on(duck, folder: Path, url: str, args) -> int:
    rows = {table: duck.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in ("responses", "customers")}
    loads = [load()]
    landing = {"postgresql": [], "duckdb": []}
    for _ in range(3):
        landing["duckdb"].append(timed(lambda: copy_into_duckdb(duck, folder / "landed.duckdb")))
        landing["postgresql"].append(timed(lambda: engine.publish(duck, url)))
        print(f"  landing: duckdb {landing['duckdb'][-1]:.1f} s, postgresql {landing['postgresql'][-1]:.1f} s", flush=True)
    loads.append(load())
    slice_ = metrics.default_slice(duck)
    figures = {"postgresql": [], "duckdb": []}
    with engine.connect(url) as pg:
        pg.execute("ANALYZE")
        expected, got = overview_figures(duck, slice_), overview_figures(pg, slice_)  # also the warm-up
        same = agree(expected, got)
        for _ in range(args.repeat):
            figures["duckdb"].append(timed(lambda: overview_figures(duck, slice_)))
            figures["postgresql"].append(timed(lambda: overview_figures(pg, slice_)))
            print(f"  figures: duckdb {figures['duckdb'][-1]:.2f} s, postgresql {figures['postgresql'][-1]:.2f} s", flush=True)
    loads.append(load())
    result = {"rows": rows, "slice": slice_.describe(), "server": list(SERVER), "load": loads,
              "same_figures": same, "landing_s": landing, "figures_s": figures,
              "landing_ratio": statistics.median(landing["postgresql"]) / statistics.median(landing["duckdb"]),
              "figures_ratio": statistics.median(figures["postgresql"]) / statistics.median(figures["duckdb"])}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "engines.json").write_text(json.dumps(result, indent=2))
    print(f"\n{rows['responses']:,} responses, {rows['customers']:,} customers · {slice_.describe()} · "
          f"load {loads[0]} → {loads[-1]} · {os.cpu_count()} cores")
    print(f"{'':34}{'DuckDB':>10}{'PostgreSQL':>12}{'ratio':>8}")
    for name, times, ratio in (("landing the workspace (median, s)", landing, result["landing_ratio"]),
                               ("Overview figures, cold (median, s)", figures, result["figures_ratio"])):
        print(f"{name:34}{statistics.median(times['duckdb']):>10.2f}{statistics.median(times['postgresql']):>12.2f}"
              f"{ratio:>7.2f}×")
    if not same:
        print("FAILED: PostgreSQL's figures or quotes differ from DuckDB's")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
