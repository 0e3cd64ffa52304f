"""Heartbeat's import benchmark: one command, figures as ratios against baselines in the same run.

    python -m bench.run [--rows 2000000] [--customers 200000] [--repeat 3] [--out bench/out]

Each measurement runs in a fresh child process (its own peak memory) on a fresh database file;
the runs are interleaved (every measure once, then again) and the median is reported. Results go
to the terminal and to OUT/results.json. Exits 1 when Heartbeat (or a baseline) did not load
exactly the generated rows, or a required measurement failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import ensure_files
from bench.worker import MEASURES

ROOT = Path(__file__).resolve().parent.parent
LABELS = {
    "duckdb_file": "DuckDB bare read_csv → file table",
    "duckdb_memory": "DuckDB bare read_csv → in-memory table",
    "pandas_c": "pandas read_csv (C engine)",
    "pandas_pyarrow": "pandas read_csv (engine='pyarrow')",
    "heartbeat": "Heartbeat ingest.import_file",
}
OPTIONAL = {"pandas_pyarrow"}  # may be unavailable or refuse the file; reported, not fatal
TARGET_RATIO_PANDAS = 3.0  # pandas read_csv / Heartbeat, at least
TARGET_PEAK_MB = 2048


def _warm(paths: list[Path]) -> None:
    """Read the files once so every measure starts with them in the page cache."""
    for path in paths:
        with open(path, "rb") as handle:
            while handle.read(16 << 20):
                pass


def _measure(measure: str, survey: Path, customers: Path, out: Path) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"{measure}-", dir=out))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.worker", measure, str(survey), str(customers), str(workdir)],
            cwd=ROOT, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            return {"measure": measure, "error": f"exit {done.returncode}: {done.stderr[-2000:]}"}
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _median(runs: list[dict], key: str) -> float | None:
    values = [run[key] for run in runs if key in run]
    return statistics.median(values) if values else None


def summarise(runs: dict[str, list[dict]], expected: dict[str, int]) -> tuple[dict, list[str]]:
    """Medians per measure, ratios, and the list of failures (empty when all is well)."""
    summary, failures = {}, []
    for measure, results in runs.items():
        errors = [r["error"] for r in results if "error" in r]
        good = [r for r in results if "error" not in r]
        entry = {"label": LABELS[measure], "runs": len(good), "errors": errors,
                 "seconds_median": _median(good, "seconds"),
                 "seconds_all": [round(r["seconds"], 3) for r in good],
                 "cpu_seconds_median": _median(good, "cpu_seconds"),
                 "peak_rss_mb_median": _median(good, "peak_rss_mb"),
                 "peak_rss_mb_max": max((r["peak_rss_mb"] for r in good), default=None),
                 "rss_start_mb": _median(good, "rss_start_mb"),
                 "rows": good[-1]["rows"] if good else None,
                 "phases_median": {phase: statistics.median(r["phases"][phase] for r in good)
                                   for phase in (good[0]["phases"] if good else {})}}
        if measure == "heartbeat" and good:
            for key in ("rows_read", "rows_rejected", "rows_stored", "import_seconds",
                        "top_rejects", "warnings"):
                entry[key] = good[-1][key]
        summary[measure] = entry
        if errors and measure not in OPTIONAL:
            failures.append(f"{LABELS[measure]} failed: {errors[0]}")
        for result in good:
            if result["rows"] != expected:
                failures.append(f"{LABELS[measure]} loaded {result['rows']} rows, expected {expected}")
                break
        if measure == "heartbeat":
            for result in good:
                if result["rows_stored"] != expected:
                    failures.append(f"Heartbeat's workspace holds {result['rows_stored']} rows, "
                                    f"expected {expected}")
                    break
    return summary, failures


def ratios(summary: dict) -> dict:
    def seconds(measure):
        return summary.get(measure, {}).get("seconds_median")

    hb, bare = seconds("heartbeat"), seconds("duckdb_file")
    out = {}
    if hb and bare:
        out["heartbeat_over_duckdb_file"] = hb / bare
    hb_cpu = summary.get("heartbeat", {}).get("cpu_seconds_median")
    bare_cpu = summary.get("duckdb_file", {}).get("cpu_seconds_median")
    if hb_cpu and bare_cpu:
        out["heartbeat_over_duckdb_file_cpu"] = hb_cpu / bare_cpu
    if hb and seconds("duckdb_memory"):
        out["heartbeat_over_duckdb_memory"] = hb / seconds("duckdb_memory")
    for engine in ("pandas_c", "pandas_pyarrow"):
        if hb and seconds(engine):
            out[f"{engine}_over_heartbeat"] = seconds(engine) / hb
    peaks = {m: summary[m]["peak_rss_mb_max"] for m in summary if summary[m]["peak_rss_mb_max"]}
    if "heartbeat" in peaks and "pandas_c" in peaks:
        out["heartbeat_peak_over_pandas_c_peak"] = peaks["heartbeat"] / peaks["pandas_c"]
    return out


def _fmt_rows(rows: dict | None) -> str:
    return "—" if not rows else f"{rows.get('survey', 0):>11,} + {rows.get('customers', 0):>9,}"


def target_ratio_duckdb(rows: int) -> float:
    """Heartbeat / DuckDB bare (file), at most (issue 15): 1.3× up to 2M survey rows, 1.5× beyond."""
    return 1.3 if rows <= 2_000_000 else 1.5


def report(meta: dict, summary: dict, ratio: dict, failures: list[str]) -> str:
    lines = [
        f"Heartbeat import benchmark — {meta['when']}  ({meta['cpus']} CPUs, Python {meta['python']}, "
        f"duckdb {meta['versions'].get('duckdb')}, pandas {meta['versions'].get('pandas')})",
        f"files: survey {meta['survey_rows']:,} rows ({meta['survey_mb']:.0f} MB), customers "
        f"{meta['customer_rows']:,} rows ({meta['customers_mb']:.0f} MB); median of {meta['repeat']} "
        "runs, each in a fresh process on a fresh database file",
        f"load average (1, 5, 15 min) at start {meta['load']['start']}, at end {meta['load']['end']}",
        "",
        f"{'measure':<40} {'rows (survey + customers)':>25} {'median s':>9} {'all runs s':>22} "
        f"{'CPU s':>6} {'peak RSS MB':>12}",
        "-" * 119,
    ]
    for measure, entry in summary.items():
        if entry["errors"] and not entry["runs"]:
            status = "not measured (optional)" if measure in OPTIONAL else "FAILED"
            lines.append(f"{entry['label']:<40} {status}: {entry['errors'][0][:160]}")
            continue
        runs = ", ".join(f"{s:.2f}" for s in entry["seconds_all"])
        lines.append(f"{entry['label']:<40} {_fmt_rows(entry['rows']):>25} "
                     f"{entry['seconds_median']:>9.2f} {runs:>22} {entry['cpu_seconds_median']:>6.1f} "
                     f"{entry['peak_rss_mb_max']:>12,.0f}")
    lines.append("")
    hb = summary.get("heartbeat", {})
    if hb.get("runs"):
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in hb["phases_median"].items())
        lines.append(f"Heartbeat phases (median): {phases}")
        lines.append(f"Heartbeat rows read {hb['rows_read']}, rejected {hb['rows_rejected']}, "
                     f"in the workspace {hb['rows_stored']}")
        if hb.get("top_rejects"):
            lines.append(f"Heartbeat top reject reasons: {hb['top_rejects']}")
    bare = summary.get("duckdb_file", {})
    if bare.get("runs"):
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in bare["phases_median"].items())
        lines.append(f"DuckDB bare phases (median): {phases}")
    lines.append("")

    def verdict(ok: bool) -> str:
        return "OK" if ok else "MISSED"

    if "heartbeat_over_duckdb_file" in ratio:
        r = ratio["heartbeat_over_duckdb_file"]
        target = target_ratio_duckdb(meta["survey_rows"])
        lines.append(f"Heartbeat / DuckDB bare (file)   = {r:5.2f}×   target ≤ {target}×   {verdict(r <= target)}")
    if "heartbeat_over_duckdb_file_cpu" in ratio:
        lines.append(f"  same in CPU seconds            = {ratio['heartbeat_over_duckdb_file_cpu']:5.2f}×   "
                     "(steadier than wall time on a shared machine)")
    if "heartbeat_over_duckdb_memory" in ratio:
        lines.append(f"Heartbeat / DuckDB bare (memory) = {ratio['heartbeat_over_duckdb_memory']:5.2f}×   "
                     "(context)")
    for engine in ("pandas_c", "pandas_pyarrow"):
        key = f"{engine}_over_heartbeat"
        if key in ratio:
            r = ratio[key]
            lines.append(f"{LABELS[engine][:32]:<32} / Heartbeat = {r:5.2f}×   target ≥ "
                         f"{TARGET_RATIO_PANDAS}×   {verdict(r >= TARGET_RATIO_PANDAS)}")
    if hb.get("runs"):
        peak = hb["peak_rss_mb_max"]
        lines.append(f"Heartbeat peak RSS = {peak:,.0f} MB   target < {TARGET_PEAK_MB:,} MB   "
                     f"{verdict(peak < TARGET_PEAK_MB)}")
    if "heartbeat_peak_over_pandas_c_peak" in ratio:
        lines.append(f"Heartbeat peak / pandas (C engine) peak = "
                     f"{ratio['heartbeat_peak_over_pandas_c_peak']:.2f}×   (context)")
    if failures:
        lines += ["", "FAILED:"] + [f"  - {f}" for f in failures]
    return "\n".join(lines)


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("duckdb", "pandas", "numpy", "pyarrow"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="survey export rows")
    parser.add_argument("--customers", type=int, default=200_000, help="customer rows")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--only", nargs="*", choices=MEASURES, default=list(MEASURES),
                        help="measures to run (default: all)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    t = time.perf_counter()
    survey, customers = ensure_files(out, args.rows, args.customers, args.seed)
    print(f"files ready in {time.perf_counter() - t:.1f} s: {survey.name}, {customers.name}", flush=True)
    _warm([survey, customers])

    load_start = [round(x, 2) for x in os.getloadavg()]
    runs: dict[str, list[dict]] = {measure: [] for measure in args.only}
    for attempt in range(args.repeat):
        for measure in args.only:
            result = _measure(measure, survey, customers, out)
            runs[measure].append(result)
            shown = result.get("error", f"{result.get('seconds', 0):.2f} s, "
                                         f"peak {result.get('peak_rss_mb', 0):,.0f} MB")
            print(f"  run {attempt + 1}/{args.repeat} {measure:<15} {shown[:300]}", flush=True)

    expected = {"survey": args.rows, "customers": args.customers}
    summary, failures = summarise(runs, expected)
    ratio = ratios(summary)
    meta = {"when": dt.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "python": platform.python_version(), "versions": _versions(), "repeat": args.repeat,
            "survey_rows": args.rows, "customer_rows": args.customers, "seed": args.seed,
            "survey_file": str(survey), "customers_file": str(customers),
            "survey_mb": survey.stat().st_size / 2**20, "customers_mb": customers.stat().st_size / 2**20,
            "load": {"start": load_start, "end": [round(x, 2) for x in os.getloadavg()]}}
    print()
    print(report(meta, summary, ratio, failures))
    targets = {"heartbeat_over_duckdb_file_max": target_ratio_duckdb(args.rows),
               "pandas_over_heartbeat_min": TARGET_RATIO_PANDAS, "heartbeat_peak_mb_max": TARGET_PEAK_MB}
    (out / "results.json").write_text(json.dumps(
        {"meta": meta, "targets": targets, "summary": summary, "ratios": ratio,
         "failures": failures, "runs": runs}, indent=2, default=str))
    print(f"\nwrote {out / 'results.json'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
