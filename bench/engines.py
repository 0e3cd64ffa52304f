"""Heartbeat on PostgreSQL and on Apache Spark against Heartbeat on DuckDB, on the query
benchmark's workspace.

    python -m bench.engines [--rows 2000000] [--customers 200000] [--times K] [--engines postgresql spark] [--repeat 5]

Needs the cached workspace of `python -m bench.queries --prepare --rows R --customers C` (with
`--times K`, that workspace K times over: `bench.replicate`, built and cached on first use), Debian's
PostgreSQL (a throwaway server from `.ci/postgres start`, durable: fsync on; shared_buffers 4GB,
work_mem 256MB; stopped at the end) and Java for Spark (local[2] unless HEARTBEAT_SPARK_MASTER
says otherwise). Measures, interleaved, medians:

1. landing the workspace: `publish --to postgresql://…` (CSV out of DuckDB, COPY in, indexes,
   ANALYZE, one transaction) and `publish --to parquet:DIR` (what Spark reads), against the same
   tables copied into a new DuckDB file (3 runs each);
2. the Overview's figures for the default quarter, computed cold (what a page computes before its
   cache holds them): every available metric's value, change and 12-month series, and NPS's three
   most typical detractor quotes, on each engine against DuckDB; all must agree to 1e-9;
3. with PostgreSQL, writing to the team store: importing a file of new answers (20,000 of the
   workspace's own, under new ids) with their enrichment, through `engine.writer` (pull, import,
   enrich, push), against the same import into a copy of the DuckDB file; and a write that changes
   nothing (the fixed cost of a store write). 3 runs each, the store published afresh before each.

Prints the medians with the load average and writes OUT/engines_<rows>.json.
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

from analytics import engine, ingest, metrics, voices, workspace
from analytics.engine._tables import READ_TABLES
from bench.queries.settings import ROOT
from bench.queries.timing import load
from bench.replicate import query_workspace, replicate

WRITE_ROWS = 20_000
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
    parser.add_argument("--engines", nargs="+", default=["postgresql", "spark"], choices=["postgresql", "spark"])
    parser.add_argument("--times", type=int, default=1, help="measure on the workspace K times over (bench.replicate)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the figures (landing: 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    source = query_workspace(args.out, args.rows, args.customers)
    if source is None:
        return 2
    if args.times > 1:
        source = replicate(source, args.times)
    os.environ.setdefault("HEARTBEAT_SPARK_MASTER", "local[2]")
    server = {}
    if "postgresql" in args.engines:
        started = subprocess.run([str(ROOT / ".ci" / "postgres"), "start", *SERVER], capture_output=True, text=True, check=True)
        server = dict(word.split("=", 1) for word in started.stdout.split() if "=" in word)
    try:
        return _measure(source, server.get("HEARTBEAT_TEST_POSTGRES"), args)
    finally:
        if server:
            subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", server["HEARTBEAT_TEST_POSTGRES_DIR"]], check=False)


def _measure(source: Path, url: str | None, args) -> int:
    with tempfile.TemporaryDirectory(prefix="heartbeat-bench-") as folder:
        copy = Path(folder) / "workspace.duckdb"
        shutil.copyfile(source, copy)  # opened writable (ATTACH needs it), so a copy
        duck = workspace.connect(copy)
        try:
            return _on(duck, Path(folder), url, args, source)
        finally:
            duck.close()


def store_writes(duck, source: Path, folder: Path, url: str, runs: int = 3) -> dict[str, list[float]]:
    """Step 3 of the module docstring: the import into the PostgreSQL store against the same import
    into a fresh copy of the DuckDB file, and a write that changes nothing."""
    answers = folder / "new_answers.csv"
    duck.execute("COPY (SELECT 'NEW-' || response_id AS response_id, customer_id, responded_at, kind AS survey, score, "
                 f"comment FROM responses WHERE kind = 'nps' ORDER BY response_id LIMIT {WRITE_ROWS}) "
                 f"TO '{answers}' (FORMAT csv, HEADER true)")
    times = {"duckdb": [], "postgresql": [], "postgresql_nothing": []}
    for _ in range(runs):
        target = folder / "written.duckdb"
        shutil.copyfile(source, target)
        with workspace.connect(target) as con:
            times["duckdb"].append(timed(lambda: (ingest.import_file(con, answers), voices.ensure_enriched(con))))
        target.unlink()
        engine.publish(duck, url)
        with engine.connect(url) as pg:
            times["postgresql_nothing"].append(timed(lambda: _write(pg, None)))
            times["postgresql"].append(timed(lambda: _write(pg, answers)))
        print("  store write: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()), flush=True)
    return times


def _write(pg, answers: Path | None) -> None:
    # ensure_enriched: the bench workspace never had its first themes discovered, which the app would
    # do once, on its first write; measured is every write after that
    with engine.writer(pg, settle=voices.ensure_enriched) as local:
        if answers is not None:
            ingest.import_file(local, answers)


def _on(duck, folder: Path, url: str | None, args, source: Path) -> int:
    """Land the workspace on each engine and time the Overview's figures there, against DuckDB."""
    targets = {}  # engine → (where publish writes, what connect reads)
    if "postgresql" in args.engines:
        targets["postgresql"] = (url, url)
    if "spark" in args.engines:
        targets["spark"] = (f"parquet:{folder / 'lake'}", f"spark:{folder / 'lake'}")
    rows = {table: duck.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in ("responses", "customers")}
    loads = [load()]
    landing = {name: [] for name in ("duckdb", *targets)}
    for _ in range(3):
        landing["duckdb"].append(timed(lambda: copy_into_duckdb(duck, folder / "landed.duckdb")))
        for name, (target, _) in targets.items():
            landing[name].append(timed(lambda: engine.publish(duck, target)))
        print("  landing: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in landing.items()), flush=True)
    loads.append(load())
    slice_ = metrics.default_slice(duck)
    figures = {name: [] for name in ("duckdb", *targets)}
    connections = {"duckdb": duck, **{name: engine.connect(read) for name, (_, read) in targets.items()}}
    expected = overview_figures(duck, slice_)
    same = {name: agree(expected, overview_figures(con, slice_)) for name, con in connections.items()}  # also the warm-up
    for _ in range(args.repeat):
        for name, con in connections.items():
            figures[name].append(timed(lambda: overview_figures(con, slice_)))
        print("  figures: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in figures.items()), flush=True)
    loads.append(load())
    writes = store_writes(duck, source, folder, url) if "postgresql" in targets else {}
    if writes:
        loads.append(load())
    median = {kind: {name: statistics.median(times) for name, times in found.items()}
              for kind, found in (("landing_s", landing), ("figures_s", figures), ("write_s", writes)) if found}
    result = {"rows": rows, "slice": slice_.describe(), "server": list(SERVER), "load": loads,
              "spark_master": os.environ["HEARTBEAT_SPARK_MASTER"], "same_figures": same,
              "landing_s": landing, "figures_s": figures, "write_s": writes, "write_rows": WRITE_ROWS,
              "medians": median}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"engines_{rows['responses']}.json").write_text(json.dumps(result, indent=2))
    print(f"\n{rows['responses']:,} responses, {rows['customers']:,} customers · {slice_.describe()} · "
          f"load {loads[0]} → {loads[-1]} · {os.cpu_count()} cores")
    for kind, label in (("landing_s", "landing the workspace"), ("figures_s", "Overview figures, cold"),
                        ("write_s", f"import {WRITE_ROWS:,} answers")):
        if kind not in median:
            continue
        base = median[kind]["duckdb"]
        print(f"{label:24} DuckDB {base:.2f} s" + "".join(
            f" · {name} {value:.2f} s ({value / base:.2f}×)" for name, value in median[kind].items() if name != "duckdb"))
    wrong = [name for name, ok in same.items() if not ok]
    if wrong:
        print(f"FAILED: {', '.join(wrong)} gave other figures or quotes than DuckDB")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
