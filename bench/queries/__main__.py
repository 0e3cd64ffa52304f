"""Heartbeat's query benchmark: metric queries, metrics with evidence, warm page reruns and voices,
each against a baseline measured in the same process, on the same data, in the same run.

    python -m bench.queries [--rows 2000000] [--customers 200000] [--repeat 7] [--out bench/out]

Builds once (cached in OUT/workspaces/, rebuilt when its tag is stale) a workspace from the import
benchmark's generated files through `ingest.import_file` (customers, then the survey export), loads
the pandas baseline frames from that workspace before any timing, then measures, warm (one untimed
run first), `--repeat` interleaved runs of each query and of its baseline (median and p90):

1. metrics.compute for nps, csat, ces, churn_rate, revenue_churn, revenue_at_risk on all time, the
   default quarter and that quarter × the largest segment, against pandas computing the same value
   and n (they must agree to 1e-9, else FAILED);
2. metrics.compute + evidence.evidence_for(order='typical' | 'recent', limit=3) for nps and
   churn_rate on quarter × segment (target: median < 100 ms up to 2M responses, < 150 ms at 6M),
   against pandas fetching the same candidates and ranking them all in memory (same quotes
   required), and against the floor: the same candidates counted by DuckDB without ranking;
3. the overview deck (.pptx) of the default quarter, against its figures computed alone (target
   < 5 s at 2M);
4. the Overview, Churn and Satisfaction pages with streamlit's AppTest: cold (median of runs after
   st.cache_data.clear(); Overview target < 2 s at 2M) and warm reruns (target < 1 s);
5. search of the voices view with 1, 2 and 3 words against DuckDB on the raw comments and pandas
   str.contains, and enrich.enrich throughput (voices/s) on a copy of the workspace.

Prints a table and writes OUT/queries.json. Exits 1 when a figure or a quote differs from its
baseline or a required measurement failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

from bench.queries.app import measure_enrich, measure_pages
from bench.queries.cached import ensure_workspace
from bench.queries.queries import measure_deck, measure_evidence, measure_metrics, measure_search
from bench.queries.reference import load_frames
from bench.queries.report import _versions, report
from bench.queries.settings import (DEFAULT_PAGES, PAGES, ROOT, SECTIONS, TARGET_EVIDENCE_S, TARGET_PAGE_S,
                                   TOLERANCE)
from bench.queries.timing import Run, load, wait_for_load

DESCRIPTION = "Heartbeat's query benchmark: queries, evidence, page reruns and voices against baselines."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.queries", description=DESCRIPTION)
    parser.add_argument("--rows", type=int, default=2_000_000, help="survey export rows")
    parser.add_argument("--customers", type=int, default=200_000, help="customer rows")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query (after one warm-up)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--only", nargs="*", default=list(SECTIONS), choices=list(SECTIONS))
    parser.add_argument("--pages", nargs="*", choices=list(PAGES), default=list(DEFAULT_PAGES))
    parser.add_argument("--page-timeout", type=float, default=900, help="AppTest timeout per run, s")
    parser.add_argument("--enrich-rows", type=int, default=None,
                        help="survey rows of the workspace enrich runs on (default: --rows)")
    parser.add_argument("--enrich-customers", type=int, default=None, help="its customers (default: --customers)")
    parser.add_argument("--enrich-budget", type=float, default=600,
                        help="stop enrich after this many seconds and report the throughput so far")
    parser.add_argument("--json", type=Path, default=None, help="results file (default OUT/queries.json)")
    parser.add_argument("--prepare", action="store_true",
                        help="only generate the files and build the cached workspace, then exit")
    parser.add_argument("--wait-load", type=float, default=None,
                        help="before measuring, wait until the 1-minute load average is below this")
    parser.add_argument("--wait-minutes", type=float, default=30)
    args = parser.parse_args(argv)
    out = args.out.resolve()

    from analytics import metrics, workspace

    t = time.perf_counter()
    path, build = ensure_workspace(out, args.rows, args.customers, args.seed)
    print(f"workspace ready in {time.perf_counter() - t:.1f} s ({'cached' if build['cached'] else 'built'}): "
          f"{path}", flush=True)
    if args.prepare:
        return 0
    con = workspace.connect(path)
    counts = workspace.summary(con)
    version_before = workspace.version(con)
    frames = load_frames(con)
    print(f"pandas frames loaded in {frames.load_s:.1f} s", flush=True)
    quarter = metrics.default_slice(con)
    segment = con.execute("SELECT segment FROM customers WHERE segment IS NOT NULL GROUP BY segment "
                          "ORDER BY count(*) DESC, segment LIMIT 1").fetchone()[0]
    named = {"all time": metrics.Slice(), quarter.describe(): quarter,
             f"{quarter.describe()} × {segment}": quarter.where("segment", segment)}
    waited = wait_for_load(args.wait_load, args.wait_minutes) if args.wait_load else None
    meta = {"when": dt.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "python": platform.python_version(), "versions": _versions(), "repeat": args.repeat,
            "rows": args.rows, "customers_rows": args.customers, "seed": args.seed,
            "workspace_path": str(path), "workspace_mb": path.stat().st_size / 2**20, "build": build,
            "workspace": counts, "voices": con.execute("SELECT count(*) FROM voices").fetchone()[0],
            "frames_load_s": frames.load_s, "frames_mb": frames.memory_mb, "segment": segment,
            "slices": {"quarter": quarter.as_dict(), "segment": segment}, "load_wait": waited,
            "load_start": load(), "load_sections": {}}
    run = Run()
    sections = [name for name in SECTIONS if name in args.only]
    for name in sections:
        before = load()
        print(f"measuring {name} (load average {before}) …", flush=True)
        started = time.perf_counter()
        try:
            if name == "metrics":
                measure_metrics(con, frames, named, args.repeat, run)
            elif name == "evidence":
                label = f"{quarter.describe()} × {segment}"
                measure_evidence(con, frames, named[label], label, args.repeat, run)
            elif name == "search":
                measure_search(con, frames, args.repeat, run)
            elif name == "deck":
                measure_deck(con, quarter, quarter.describe(), args.repeat, run)
            elif name == "pages":
                measure_pages(path, args.pages, args.repeat, args.page_timeout, run)
            elif name == "enrich":
                con.execute("CHECKPOINT")  # the copy must hold everything
                target, note = path, ""
                if (args.enrich_rows or args.rows) != args.rows or \
                        (args.enrich_customers or args.customers) != args.customers:
                    target, _ = ensure_workspace(out, args.enrich_rows or args.rows,
                                                 args.enrich_customers or args.customers, args.seed)
                    note = (f"measured on the {args.enrich_rows or args.rows:,}-row workspace "
                            f"(--enrich-rows), not this one")
                measure_enrich(target, args.enrich_budget, note, run)
        except Exception as err:  # noqa: BLE001  (reported as FAILED; the other sections still run)
            run.failures.append(f"{name}: {type(err).__name__}: {str(err)[:800]}")
            traceback.print_exc()
        meta["load_sections"][name] = {"before": before, "after": load(),
                                       "seconds": round(time.perf_counter() - started, 1)}
    if workspace.version(con) != version_before:
        run.failures.append("the benchmark workspace changed while measuring (its version moved)")
    meta["load_end"] = load()
    con.close()
    print()
    print(report(meta, run))
    target = args.json or out / "queries.json"
    target.write_text(json.dumps(
        {"meta": meta, "targets": {"evidence_median_s": TARGET_EVIDENCE_S, "page_rerun_median_s": TARGET_PAGE_S,
                                   "metric_tolerance": TOLERANCE},
         "results": run.rows, "notes": run.notes, "failures": run.failures}, indent=2, default=str))
    print(f"\nwrote {target}")
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
