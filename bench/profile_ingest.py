"""Where Heartbeat's import spends its time and memory, statement by statement.

    python -m bench.profile_ingest [--rows 2000000] [--customers 200000] [--out bench/out] [--operators]

Uses the benchmark's cached files (generated if missing), imports customers then the survey export
into a fresh workspace through a connection wrapper that times every SQL statement, records the
process's CPU time (all threads) and peak resident memory during it (VmHWM, reset before each statement through
/proc/self/clear_refs) and names the ingest function that issued it. Time between statements is
Python work (sniffing, sha256 wait, building SQL). With --operators, DuckDB's JSON profiler also
names the slowest operators of each heavy statement. Run it alone: it is a measurement.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.generate import ensure_files

ROOT = Path(__file__).resolve().parent.parent


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")  # resets VmHWM to the current RSS (Linux ≥ 4.0)
    except OSError:
        pass


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # all threads of this process
    return usage.ru_utime + usage.ru_stime


def _caller() -> str:
    for frame in reversed(traceback.extract_stack()[:-2]):
        if "/analytics/" in frame.filename:
            return f"{Path(frame.filename).stem}.{frame.name}"
    return "?"


def _top_operators(profile_path: Path, limit: int = 3) -> list[str]:
    try:
        tree = json.loads(profile_path.read_text())
    except (OSError, ValueError):
        return []
    found = []

    def walk(node):  # duckdb 2.x: type/timing/intermediate_rows; 1.x: operator_* names
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        kind = node.get("type") or node.get("operator_type")
        timing = node.get("timing", node.get("operator_timing"))
        if timing is not None and kind:
            info = node.get("extra_info") or {}
            detail = ", ".join(f"{k}={str(v)[:70]}" for k, v in list(info.items())[:2])
            rows = node.get("intermediate_rows", node.get("operator_cardinality", "?"))
            found.append((timing, f"{kind} {timing:.2f}s rows={rows} {detail}"))
        for child in node.get("operator", []) + node.get("children", []):
            walk(child)

    walk(tree)
    return [text for _, text in sorted(found, reverse=True)[:limit]]


class TimedConnection:
    """Forwards everything to a DuckDB connection; times `execute` and records its peak memory."""

    def __init__(self, con, log: list[dict], profile: Path | None):
        self._con, self._log, self._profile = con, log, profile
        self._last_end = time.perf_counter()

    def execute(self, sql, *args, **kwargs):
        started = time.perf_counter()
        gap = started - self._last_end
        _reset_peak()
        rss_before = _status_mb("VmRSS")
        cpu = _cpu_seconds()
        result = self._con.execute(sql, *args, **kwargs)
        seconds = time.perf_counter() - started
        entry = {"caller": _caller(), "seconds": seconds, "cpu_s": _cpu_seconds() - cpu,
                 "python_before_s": gap,
                 "rss_before_mb": rss_before, "peak_mb": _status_mb("VmHWM"),
                 "sql": " ".join(str(sql).split())[:160]}
        if self._profile is not None and seconds > 0.2:
            entry["operators"] = _top_operators(self._profile)
        self._log.append(entry)
        self._last_end = time.perf_counter()
        return result

    def __getattr__(self, name):
        return getattr(self._con, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_ingest")
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--operators", action="store_true",
                        help="also record DuckDB's slowest operators per heavy statement")
    parser.add_argument("--threshold", type=float, default=0.05,
                        help="print statements taking at least this many seconds")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    survey, customers = ensure_files(out, args.rows, args.customers, args.seed)

    from analytics import ingest, workspace

    workdir = Path(tempfile.mkdtemp(prefix="profile-", dir=out))
    report = {}
    try:
        raw = workspace.connect(workdir / "workspace.duckdb")
        profile = None
        if args.operators:
            profile = workdir / "last_query.json"
            raw.execute("PRAGMA enable_profiling = 'json'")
            raw.execute(f"PRAGMA profiling_output = '{profile}'")
        for label, path, kind in (("customers", customers, "customers"),
                                  ("survey", survey, "responses")):
            log: list[dict] = []
            con = TimedConnection(raw, log, profile)
            _reset_peak()
            started = time.perf_counter()
            result = ingest.import_file(con, path, kind=kind)
            total = time.perf_counter() - started
            in_sql = sum(e["seconds"] for e in log)
            report[label] = {"total_s": total, "sql_s": in_sql, "python_s": total - in_sql,
                             "result": result.as_dict(), "statements": log}
            print(f"\n== {label}: {total:.2f} s total, {in_sql:.2f} s in {len(log)} SQL statements, "
                  f"{total - in_sql:.2f} s in Python between them; loaded {result.rows_loaded:,}")
            print(f"{'s':>6} {'cpu s':>6} {'py-gap':>6} {'peak MB':>8}  caller / statement")
            for e in log:
                if e["seconds"] >= args.threshold or e["python_before_s"] >= args.threshold:
                    print(f"{e['seconds']:>6.2f} {e['cpu_s']:>6.2f} {e['python_before_s']:>6.2f} "
                          f"{e['peak_mb']:>8,.0f}  "
                          f"{e['caller']}: {e['sql'][:110]}")
                    for op in e.get("operators", []):
                        print(f"{'':>31}  ↳ {op}")
        raw.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    (out / "profile_ingest.json").write_text(json.dumps(report, indent=2, default=str))
    print(f"\nwrote {out / 'profile_ingest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
