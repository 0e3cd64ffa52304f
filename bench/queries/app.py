"""Sections measuring the app: warm page reruns with AppTest, and enrichment throughput."""

from __future__ import annotations

import os
import shutil
import statistics
import time
import traceback
from pathlib import Path

from bench.queries.cached import remove_database, reset_enrichment
from bench.queries.settings import ENRICH_SAMPLE, PAGES, ROOT, TARGET_COLD_S, TARGET_PAGE_S
from bench.queries.timing import Run, summary


def measure_pages(path: Path, pages: list[str], repeat: int, timeout: float, run: Run) -> None:
    """Each page with AppTest on the benchmark workspace: cold, the median of runs each after
    st.cache_data.clear() (nothing of any page cached; DuckDB and the OS keep their own caches),
    then warm reruns (AppTest reruns reuse st.cache_data)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    previous_env, previous_cwd = os.environ.get("HEARTBEAT_WORKSPACE"), os.getcwd()
    os.environ["HEARTBEAT_WORKSPACE"] = str(path)
    os.chdir(ROOT)
    try:
        for name in pages:
            title, page = PAGES[name]
            try:
                at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
                if name != "overview":
                    at.run()  # lands on the default page (Overview); then go to this one
                    _check_page(at, "Overview")
                    at.switch_page(page)
                colds = []
                for _ in range(max(3, repeat)):
                    st.cache_data.clear()  # cold: nothing of any page cached
                    started = time.perf_counter()
                    at.run()
                    colds.append(time.perf_counter() - started)
                    _check_page(at, title)
                cold = statistics.median(colds)
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    at.run()
                    times.append(time.perf_counter() - started)
                    _check_page(at, title)
                median = statistics.median(times)
                run.rows.append({"section": "page", "name": f"{title} page rerun (AppTest, warm)",
                                 "page": page, "rows": None, "cold_s": cold, "cold_runs_s": colds,
                                 "cold_target_s": TARGET_COLD_S.get(name),
                                 "heartbeat": summary(times), "target_s": TARGET_PAGE_S,
                                 "ok": median < TARGET_PAGE_S,
                                 "elements": {"metrics": len(at.metric), "markdown": len(at.markdown),
                                              "charts": len(at.get("plotly_chart"))}})
            except Exception as err:  # noqa: BLE001  (reported as FAILED; the other pages still run)
                run.failures.append(f"{title} page: {type(err).__name__}: {str(err)[:800]}")
                run.rows.append({"section": "page", "name": f"{title} page rerun (AppTest, warm)",
                                 "page": page, "error": traceback.format_exc()[-3000:]})
    finally:
        os.chdir(previous_cwd)
        if previous_env is None:
            os.environ.pop("HEARTBEAT_WORKSPACE", None)
        else:
            os.environ["HEARTBEAT_WORKSPACE"] = previous_env


def _check_page(at, title: str) -> None:
    if at.exception:
        raise RuntimeError(f"{title}: the page raised: {at.exception[0].value}")
    titles = [t.value for t in at.title]
    if title not in titles:
        raise RuntimeError(f"expected the {title} page, got titles {titles}")


class _OverBudget(Exception):
    pass


def measure_enrich(path: Path, budget: float, note: str, run: Run) -> None:
    """voices.enrich on a copy of the workspace (it writes) with its enrichment dropped, so it
    starts from nothing enriched, as after a first import: voices/s.
    Stops (raising from its progress callback) once `budget` seconds have passed; the voices done
    by then are committed batches, and the throughput is measured on them."""
    from analytics import voices, workspace

    copy = path.with_name(path.stem + ".enrich-copy.duckdb")
    remove_database(copy)
    shutil.copyfile(path, copy)
    con = workspace.connect(copy)
    try:
        reset_enrichment(con)
        counts = dict(con.execute("SELECT source, count(*) FROM voices GROUP BY source").fetchall())
        sample = [row[0] for row in con.execute(
            "SELECT text FROM voices ORDER BY hash(voice_id), voice_id LIMIT ?",  # every source, mixed
            [ENRICH_SAMPLE]).fetchall()]
        matchers = voices.compile_themes(voices.load_taxonomy(con))
        started = time.perf_counter()
        voices.sentiment.score(sample)
        sentiment_s = time.perf_counter() - started
        started = time.perf_counter()
        voices.explain_tags(sample, matchers)
        themes_s = time.perf_counter() - started

        marks: dict = {}
        started = time.perf_counter()

        def progress(fraction: float, message: str) -> None:
            now = time.perf_counter() - started
            marks.setdefault("setup_s", now)  # first call: the pending voices are listed
            if now > budget and fraction < 1.0:
                raise _OverBudget

        stopped = False
        try:
            result = voices.enrich(con, on_progress=progress)
        except _OverBudget:
            stopped, result = True, {}
        seconds = time.perf_counter() - started
        done = con.execute("SELECT count(*) FROM voice_enrichment").fetchone()[0]
        tags = con.execute("SELECT count(*) FROM voice_themes").fetchone()[0]
        total = sum(counts.values())
        run.rows.append({
            "section": "voices", "name": "voices.enrich (sentiment + themes)", "rows": done,
            "voices": counts, "voices_total": total, "seconds": seconds, "stopped_at_budget": stopped,
            "voices_per_s": done / seconds if seconds else None, "theme_rows": tags,
            "setup_s": marks.get("setup_s"), "result": result, "note": note,
            "parts_on_sample": {"voices": len(sample),
                                "sentiment_per_s": len(sample) / sentiment_s if sentiment_s else None,
                                "themes_per_s": len(sample) / themes_s if themes_s else None}})
        if stopped:
            run.notes.append(f"enrich stopped after {budget:.0f} s budget: throughput measured on the "
                             f"first {done:,} of {total:,} voices")
        elif done != total:
            run.failures.append(f"enrich enriched {done} voices, the workspace has {total}")
    finally:
        con.close()
        remove_database(copy)
