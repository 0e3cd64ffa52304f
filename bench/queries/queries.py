"""Sections measuring queries: metric values, metrics with their evidence, voices search and the
overview deck, each against its pandas, raw-DuckDB or figures-alone baseline in the same run."""

from __future__ import annotations

import json
import statistics
import time
from functools import partial
from pathlib import Path

import pandas as pd

from bench.queries.reference import Frames, pd_evidence, pd_metric
from bench.queries.settings import EVIDENCE, METRIC_KEYS, SEARCHES, TARGET_DECK_S, target_evidence_s
from bench.queries.timing import Run, close, interleaved, summary


def measure_metrics(con, frames: Frames, slices_: dict, repeat: int, run: Run) -> None:
    from analytics import metrics

    for slice_name, slice_ in slices_.items():
        for key in METRIC_KEYS:
            times, results = interleaved({"heartbeat": partial(metrics.compute, con, key, slice_),
                                          "pandas": partial(pd_metric, frames, key, slice_)}, repeat)
            hb, (value, n) = results["heartbeat"], results["pandas"]
            agree = hb.n == n and close(hb.value, value)
            if not agree:
                run.failures.append(f"{key} on {slice_name}: Heartbeat value {hb.value!r} n {hb.n} ≠ "
                                    f"pandas value {value!r} n {n}")
            run.rows.append({"section": "metric", "name": f"{key} · {slice_name}", "metric": key,
                             "slice": slice_.as_dict(), "rows": hb.n, "value": hb.value,
                             "pandas_value": value, "pandas_n": n, "agree": agree,
                             "heartbeat": summary(times["heartbeat"]),
                             "baseline": {"name": "pandas", **summary(times["pandas"])}})


def _explain(con, sql: str, params: dict, limit: int = 8) -> dict:
    """EXPLAIN ANALYZE of `sql`: the text plan, and its slowest operators (from the JSON form)."""
    started = time.perf_counter()
    text = "\n".join(str(row[-1]) for row in con.execute(f"EXPLAIN ANALYZE {sql}", params).fetchall())
    seconds = time.perf_counter() - started
    tree = json.loads(con.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params).fetchall()[0][-1])
    found = []

    def walk(node):
        kind, timing = node.get("type"), node.get("timing")
        if kind and timing is not None and kind not in ("RESULT_COLLECTOR", "EXPLAIN_ANALYZE"):
            info = node.get("extra_info") or {}
            detail = "; ".join(f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}"[:110]
                               for k, v in info.items()
                               if k in ("Table", "Filters", "Conditions", "Join Type", "Groups",
                                        "Aggregates", "Expression", "CTE Name"))
            found.append({"operator": kind, "ms": round(timing * 1000, 1),
                          "rows": node.get("intermediate_rows"), "detail": detail})
        for child in node.get("children", []):
            walk(child)

    for node in tree.get("operator", []):
        walk(node)
    return {"latency_ms": round(seconds * 1000, 1), "text": text,
            "slowest": sorted(found, key=lambda o: -o["ms"])[:limit]}


def _with_evidence(con, key: str, slice_, order: str, parts: dict):
    """What a tile asks for: the figure, then its three quotes (each part's time into `parts`)."""
    from analytics import metrics

    started = time.perf_counter()
    result = metrics.compute(con, key, slice_)
    middle = time.perf_counter()
    found = metrics.evidence_for(con, key, slice_, order=order, limit=3)
    parts["compute"].append(middle - started)
    parts["evidence_for"].append(time.perf_counter() - middle)
    return result, found


def measure_evidence(con, frames: Frames, slice_, slice_name: str, repeat: int, run: Run) -> None:
    from analytics.metrics import _evidence as evidence  # its parts, timed apart

    for key, order in EVIDENCE:
        parts = {"compute": [], "evidence_for": []}
        times, results = interleaved({"heartbeat": partial(_with_evidence, con, key, slice_, order, parts),
                                      "pandas": partial(pd_evidence, frames, key, slice_, order)}, repeat)
        (result, found), ((value, n), total, chosen) = results["heartbeat"], results["pandas"]
        hb_quotes = [(q.unit_id, q.text) for q in found.quotes]
        pd_quotes = [(str(u), t) for u, t in zip(chosen["unit_id"], chosen["text"])]
        agree = (result.n == n and close(result.value, value) and found.total == total
                 and hb_quotes == pd_quotes)
        if not agree:
            run.failures.append(
                f"evidence {key}/{order} on {slice_name}: Heartbeat n {result.n} value {result.value} "
                f"candidates {found.total} quotes {[q for q, _ in hb_quotes]} ≠ pandas n {n} value "
                f"{value} candidates {total} quotes {[q for q, _ in pd_quotes]}")
        # the floor: the same candidates query, counted by the engine without any ranking
        sql, params = evidence.candidates_sql(con, key, slice_)
        split = {"count only": []}
        for _ in range(max(3, repeat // 2)):
            started = time.perf_counter()
            con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
            split["count only"].append(time.perf_counter() - started)
        row = {"section": "evidence", "name": f"{key} + evidence ({order}) · {slice_name}",
               "metric": key, "order": order, "slice": slice_.as_dict(), "rows": found.total,
               "n": result.n, "quotes": [q for q, _ in hb_quotes], "agree": agree,
               "heartbeat": summary(times["heartbeat"]),
               "baseline": {"name": "pandas + same ranking", **summary(times["pandas"])},
               "floor": {"name": "same candidates, counted, no ranking", **summary(split["count only"])},
               "target_s": target_evidence_s(len(frames.responses)),
               "ok": statistics.median(times["heartbeat"]) < target_evidence_s(len(frames.responses)),
               "parts_median_s": {name: statistics.median(v) for name, v in {**parts, **{
                   f"evidence_for.{k}": v for k, v in split.items()}}.items()}}
        if not row["ok"]:
            row["explain_analyze"] = _explain(con, f"SELECT * FROM ({sql})", params)
        run.rows.append(row)


def _count(con, sql: str, params: dict) -> int:
    return con.execute(sql, params).fetchone()[0]


def _pandas_search(comments: pd.Series, words: tuple[str, ...]) -> int:
    found = comments
    for word in words:  # narrowing, as a pandas user would
        found = found[found.str.contains(word, case=False, regex=False, na=False)]
    return len(found)


def measure_search(con, frames: Frames, repeat: int, run: Run) -> None:
    comments = frames.responses["comment"]
    search = None
    from analytics import voices

    search = voices.search
    run.notes.append("analytics.voices.search timed as search(con, words='w1 w2 ...'): its "
                     "count query, then its first page (25 newest) with customers, "
                     "sentiment and themes joined")
    for words in SEARCHES:
        p = {f"w{i}": w for i, w in enumerate(words)}
        view_sql = ("SELECT count(*) FROM voices WHERE "
                    + " AND ".join(f"contains(lower(text), lower($w{i}))" for i in range(len(words))))
        raw_sql = ("SELECT count(*) FROM responses WHERE "
                   + " AND ".join(f"contains(comment, $w{i})" for i in range(len(words))))

        functions = {"heartbeat": partial(_count, con, view_sql, p),
                     "duckdb_raw": partial(_count, con, raw_sql, p),
                     "pandas": partial(_pandas_search, comments, words)}
        if search is not None:
            functions["voices.search"] = partial(search, con, words=" ".join(words))
        try:
            times, results = interleaved(functions, repeat)
        except Exception as err:
            if "voices.search" not in functions:
                raise
            run.notes.append(f"voices.search failed: {type(err).__name__}: {err}")
            search = None
            del functions["voices.search"]
            times, results = interleaved(functions, repeat)
        survey_only = con.execute(view_sql + " AND source = 'survey'", p).fetchone()[0]
        if survey_only != results["pandas"]:
            run.failures.append(f"search {words}: voices (survey comments) found {survey_only}, "
                                f"pandas {results['pandas']}")
        label = " AND ".join(words)
        run.rows.append({"section": "search", "name": f"voices contains(lower) · {label}",
                         "words": list(words), "rows": results["heartbeat"],
                         "heartbeat": summary(times["heartbeat"]),
                         "baseline": {"name": "DuckDB raw contains()",
                                      "rows": results["duckdb_raw"], **summary(times["duckdb_raw"])},
                         "pandas": {"rows": results["pandas"], **summary(times["pandas"])}})
        if "voices.search" in functions:
            page, total = results["voices.search"]
            if total != results["heartbeat"]:
                run.notes.append(f"voices.search {words}: {total} matches, contains(lower) over the "
                                 f"voices view: {results['heartbeat']}")
            run.rows.append({"section": "search", "name": f"voices.search · {label}", "words": list(words),
                             "rows": int(total), "page_rows": len(page),
                             "agree": total == results["heartbeat"],
                             "heartbeat": summary(times["voices.search"]),
                             "baseline": {"name": "DuckDB raw contains()",
                                          "rows": results["duckdb_raw"], **summary(times["duckdb_raw"])}})


def measure_deck(con, slice_, slice_name: str, repeat: int, run: Run) -> None:
    """The overview deck (.pptx) of a slice, as Export writes it, against its floor: every headline
    figure of that slice computed once (metrics.compute), which any deck must do."""
    import tempfile

    from analytics import board, metrics

    keys = [m.key for m in metrics.METRICS if metrics.available(con, m.key)]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "overview.pptx"
        times, _ = interleaved({"deck": partial(board.overview_deck, con, slice_, target),
                                "figures": lambda: [metrics.compute(con, key, slice_) for key in keys]}, repeat)
        size = target.stat().st_size
    run.rows.append({"section": "deck", "name": f"overview deck (.pptx) · {slice_name}", "rows": len(keys),
                     "bytes": size, "heartbeat": summary(times["deck"]),
                     "baseline": {"name": "its figures computed alone", **summary(times["figures"])},
                     "target_s": TARGET_DECK_S, "ok": statistics.median(times["deck"]) < TARGET_DECK_S})
