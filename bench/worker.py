"""One measurement in a fresh process, so its peak memory is its own.

    python -m bench.worker MEASURE SURVEY_CSV CUSTOMERS_CSV WORKDIR

prints one JSON line: wall seconds, per-file seconds, rows, CPU seconds (user + system, all
threads, including the verification queries), and memory (VmHWM, the peak resident
set of this process, read from /proc/self/status at the end; `rss_start_mb` is the resident set
after imports, before the measurement starts).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

MEASURES = ("duckdb_file", "duckdb_memory", "pandas_c", "pandas_pyarrow", "heartbeat")


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"{field} not in /proc/self/status")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return usage.ru_utime + usage.ru_stime


def duckdb_bare(survey: Path, customers: Path, db: str) -> dict:
    """DuckDB's own read_csv (automatic sniffing and types) into a table: the baseline."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(db)
    phases, rows = {}, {}
    for table, path in (("customers", customers), ("survey", survey)):
        t = time.perf_counter()
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv(?)", [str(path)])
        phases[table] = time.perf_counter() - t
        rows[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    t = time.perf_counter()
    con.execute("CHECKPOINT")
    con.close()
    phases["checkpoint_close"] = time.perf_counter() - t
    return {"seconds": time.perf_counter() - started, "phases": phases, "rows": rows}


def pandas_read(survey: Path, customers: Path, engine: str) -> dict:
    """pandas.read_csv of both files, both frames held until the end (default dtypes)."""
    import pandas as pd

    if engine == "pyarrow":
        import pyarrow  # noqa: F401  (ImportError -> reported as unavailable)
    started = time.perf_counter()
    frames, phases = {}, {}
    for table, path in (("customers", customers), ("survey", survey)):
        t = time.perf_counter()
        frames[table] = pd.read_csv(path) if engine == "c" else pd.read_csv(path, engine=engine)
        phases[table] = time.perf_counter() - t
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "phases": phases,
            "rows": {table: len(frame) for table, frame in frames.items()}}


def heartbeat(survey: Path, customers: Path, db: str) -> dict:
    """Heartbeat's import: customers, then the survey export, into a fresh workspace."""
    from analytics import ingest, workspace

    started = time.perf_counter()
    con = workspace.connect(db)
    phases, results = {}, {}
    for table, path, kind in (("customers", customers, "customers"),
                              ("survey", survey, "responses")):
        t = time.perf_counter()
        result = ingest.import_file(con, path, kind=kind)
        phases[table] = time.perf_counter() - t
        results[table] = result.as_dict()
    t = time.perf_counter()
    con.execute("CHECKPOINT")
    phases["checkpoint_close"] = time.perf_counter() - t
    seconds = time.perf_counter() - started  # before the verification queries below
    stored = {"customers": con.execute("SELECT count(*) FROM customers").fetchone()[0],
              "survey": con.execute("SELECT count(*) FROM responses").fetchone()[0]}
    rejects = con.execute(
        "SELECT batch_id, reason, count(*) FROM rejects GROUP BY ALL ORDER BY 3 DESC LIMIT 5").fetchall()
    con.close()
    return {"seconds": seconds, "phases": phases,
            "rows": {table: results[table]["rows_loaded"] for table in results},
            "rows_read": {table: results[table]["rows_read"] for table in results},
            "rows_rejected": {table: results[table]["rows_rejected"] for table in results},
            "rows_stored": stored, "import_seconds": {t: results[t]["seconds"] for t in results},
            "top_rejects": [list(map(str, row)) for row in rejects],
            "warnings": {table: results[table]["warnings"] for table in results}}


def main(argv: list[str]) -> None:
    measure, survey, customers, workdir = argv[0], Path(argv[1]), Path(argv[2]), Path(argv[3])
    if measure == "heartbeat":
        import analytics.ingest  # noqa: F401  (import cost is not part of the measurement)
    elif measure.startswith("duckdb"):
        import duckdb  # noqa: F401
    else:
        import pandas  # noqa: F401
    rss_start = _status_mb("VmRSS")
    cpu_start = _cpu_seconds()
    try:
        if measure == "duckdb_file":
            out = duckdb_bare(survey, customers, str(workdir / "bare.duckdb"))
        elif measure == "duckdb_memory":
            out = duckdb_bare(survey, customers, ":memory:")
        elif measure == "pandas_c":
            out = pandas_read(survey, customers, "c")
        elif measure == "pandas_pyarrow":
            out = pandas_read(survey, customers, "pyarrow")
        elif measure == "heartbeat":
            out = heartbeat(survey, customers, str(workdir / "workspace.duckdb"))
        else:
            raise SystemExit(f"unknown measure {measure!r}; one of {', '.join(MEASURES)}")
    except Exception as err:  # reported by the parent (e.g. an optional engine that fails)
        out = {"error": f"{type(err).__name__}: {str(err)[:500]}"}
    out.update(measure=measure, rss_start_mb=rss_start, peak_rss_mb=_status_mb("VmHWM"),
               cpu_seconds=_cpu_seconds() - cpu_start)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
