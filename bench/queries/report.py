"""The printed table of a query benchmark run."""

from __future__ import annotations

from bench.queries.timing import Run


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:,.0f}" if seconds >= 0.1 else f"{seconds * 1000:,.1f}"


SECTION_TITLES = {
    "metric": "metric queries: metrics.compute vs pandas computing the same value and n",
    "evidence": "metric with evidence: compute + evidence_for(limit=3) vs pandas + the same ranking",
    "search": "voices search: count of matches, every word (AND), case-insensitive",
    "deck": "overview deck: board.overview_deck (.pptx) of the default quarter vs its figures computed alone",
    "page": "page reruns: AppTest at.run() on the workspace, warm st.cache_data",
    "voices": "voices enrichment: voices.enrich on a copy of the workspace, nothing enriched yet",
}


def report(meta: dict, run: Run) -> str:
    build, versions, counts = meta["build"], meta["versions"], meta["workspace"]
    lines = [
        (f"Heartbeat query benchmark — {meta['when']}  ({meta['cpus']} CPUs, Python {meta['python']}, "
         f"duckdb {versions.get('duckdb')}, pandas {versions.get('pandas')}, "
         f"streamlit {versions.get('streamlit')})"),
        (f"workspace: {counts['responses']:,} responses ({counts['comments']:,} comments), "
         f"{counts['customers']:,} customers, {meta['voices']:,} voices · "
         f"{'cached' if build['cached'] else 'built now'} (import {build.get('build_s', '?')} s, "
         f"enrich {build.get('enrich_s', '?')} s) · {meta['workspace_mb']:.0f} MB"),
        (f"pandas baseline frames loaded once in {meta['frames_load_s']:.1f} s ({meta['frames_mb']:,.0f} MB)"
         f" · warm: 1 untimed run, then {meta['repeat']} interleaved runs · p90 = nearest rank"),
        f"load average at start {meta['load_start']}, at end {meta['load_end']}",
        f"slices: quarter = {meta['slices']['quarter']}, segment = {meta['segment']} (largest)",
        "",
        (f"{'query':<52} {'rows':>9} {'median ms':>10} {'p90 ms':>8} {'baseline':>26} {'base ms':>9} "
         f"{'HB/base':>8} {'target':>8} {'':>6}"),
        "-" * 142,
    ]
    section = None
    for row in run.rows:
        if row["section"] != section:
            section = row["section"]
            lines.append(f"[{SECTION_TITLES[section]}]")
        if "error" in row:
            lines.append(f"  {row['name']:<50} FAILED: {row['error'].strip().splitlines()[-1][:120]}")
            continue
        if section == "voices":
            per_s = row["voices_per_s"]
            parts = row["parts_on_sample"]
            lines.append(f"  {row['name']:<50} {row['rows']:>9,} voices in {row['seconds']:.1f} s = "
                         f"{per_s:,.0f} voices/s (setup {row['setup_s'] or 0:.1f} s)"
                         + (" — stopped at budget" if row["stopped_at_budget"] else ""))
            lines.append(f"  {'':<50} on {parts['voices']:,} voices alone: sentiment "
                         f"{parts['sentiment_per_s']:,.0f}/s, theme tags {parts['themes_per_s']:,.0f}/s"
                         + (f" · {row['note']}" if row["note"] else ""))
            continue
        hb, base = row["heartbeat"], row.get("baseline")
        ratio = f"{hb['median_s'] / base['median_s']:.2f}×" if base and base["median_s"] else "—"
        target = f"< {row['target_s'] * 1000:,.0f}" if "target_s" in row else "—"
        status = ("OK" if row["ok"] else "MISSED") if "ok" in row else ""
        if row.get("agree") is False:
            status = "DIFFERS"
        rows = "—" if row.get("rows") is None else f"{row['rows']:,}"
        lines.append(f"  {row['name']:<50} {rows:>9} {_ms(hb['median_s']):>10} {_ms(hb['p90_s']):>8} "
                     f"{(base or {}).get('name', '—')[:26]:>26} {_ms((base or {}).get('median_s')):>9} "
                     f"{ratio:>8} {target:>8} {status:>6}")
        if section == "evidence":
            floor = row["floor"]
            lines.append(f"  {'':<50} {'':>9} {'':>10} {'':>8} {floor['name'][:26]:>26} "
                         f"{_ms(floor['median_s']):>9} {hb['median_s'] / floor['median_s']:>7.2f}×")
            parts = ", ".join(f"{k} {_ms(v)}" for k, v in row["parts_median_s"].items())
            lines.append(f"  {'':<50} median ms: {parts}")
        if section == "search":
            if "pandas" in row:
                pandas = row["pandas"]
                lines.append(f"  {'':<50} {pandas['rows']:>9,} {'':>10} {'':>8} {'pandas str.contains(case=False)':>26} "
                             f"{_ms(pandas['median_s']):>9} {hb['median_s'] / pandas['median_s']:>7.2f}×")
            lines.append(f"  {'':<50} {base['rows']:>9,}   ← rows of the raw (case-sensitive) baseline")
        if section == "page":
            target = f" (target < {row['cold_target_s']:.0f} s)" if row.get("cold_target_s") else ""
            lines.append(f"  {'':<50} cold run {row['cold_s']:.2f} s{target}, median of "
                         f"{len(row['cold_runs_s'])} runs each after st.cache_data.clear()")
    lines.append("")
    lines.append("HB/base: Heartbeat's median time ÷ the baseline's median time (below 1: Heartbeat faster).")
    for note in run.notes:
        lines.append(f"note: {note}")
    for row in run.rows:
        if "explain_analyze" in row:
            plan = row["explain_analyze"]
            lines += ["", (f"'{row['name']}' missed its target: EXPLAIN ANALYZE of its candidates "
                           f"query ({plan['latency_ms']} ms; full plan in queries.json), slowest operators:")]
            lines += [f"  {o['ms']:>8.1f} ms {o['operator']:<22} {o['rows'] or 0:>10,} rows  {o['detail'][:200]}"
                      for o in plan["slowest"]]
    if run.failures:
        lines += ["", "FAILED:"] + [f"  - {f}" for f in run.failures]
    return "\n".join(lines)


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("duckdb", "pandas", "numpy", "streamlit", "scikit-learn", "vaderSentiment"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found
