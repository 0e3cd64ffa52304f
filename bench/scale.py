"""Issue 15's figures at several sizes, in one command: import, quotes, cold pages, the deck and
search, each beside the baseline measured in the same run, with the load average at the time.

    python -m bench.scale [--sizes 200000 2000000 6000000] [--repeat 3]

For each size (survey rows; customers are a tenth of them) it runs `bench.run` (the import against
DuckDB's bare `read_csv` and pandas, each run in a fresh process) and `bench.queries` (evidence,
deck, cold and warm Overview and Churn, search) as child processes, keeps their JSON under
bench/out/scale/, and prints one table. The workspaces and generated files are the two benches'
own caches (bench/out/data, bench/out/workspaces): a size seen before is not built again unless
its code changed. Building a 6M workspace (import, then sentiment and themes of 4M voices) takes
about half an hour on 2 cores; `bench.queries --prepare` does it ahead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def _run(args: list[str]) -> int:
    print("$ python -m " + " ".join(args), flush=True)
    return subprocess.call([sys.executable, "-m", *args], cwd=ROOT)


def measure(rows: int, repeat: int) -> dict:
    customers = rows // 10
    folder = OUT / "scale"
    folder.mkdir(parents=True, exist_ok=True)
    found = {"rows": rows, "customers": customers}
    imported = _run(["bench.run", "--rows", str(rows), "--customers", str(customers), "--repeat", str(repeat),
                     "--only", "duckdb_file", "pandas_c", "heartbeat"])
    results = OUT / "results.json"
    if results.exists():
        target = folder / f"import_{rows}.json"
        target.write_text(results.read_text())
        found["import"] = json.loads(target.read_text())
    found["import_exit"] = imported
    target = folder / f"queries_{rows}.json"
    found["queries_exit"] = _run(["bench.queries", "--rows", str(rows), "--customers", str(customers),
                                  "--repeat", str(repeat), "--only", "evidence", "deck", "search", "pages",
                                  "--pages", "overview", "churn", "--json", str(target)])
    if target.exists():
        found["queries"] = json.loads(target.read_text())
    return found


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def table(sizes: list[dict]) -> str:
    lines = [f"{'what':<44} {'rows':>10} {'Heartbeat':>11} {'baseline':>42} {'base':>10} {'ratio':>7} "
             f"{'target':>9}  load (1, 5, 15 min)", "-" * 160]

    def add(what, rows, hb, base_name, base, target, load):
        ratio = f"{hb / base:.2f}×" if hb is not None and base else "—"
        lines.append(f"{what:<44} {rows:>10,} {_ms(hb):>11} {base_name[:42]:>42} {_ms(base):>10} {ratio:>7} "
                     f"{target:>9}  {load}")

    for size in sizes:
        rows = size["rows"]
        imported = size.get("import")
        if imported:
            summary, load = imported["summary"], imported["meta"].get("load", {}).get("start", "")
            hb = summary["heartbeat"]["seconds_median"]
            add("import (survey + customers)", rows + size["customers"], hb, "DuckDB bare read_csv → file table",
                summary["duckdb_file"]["seconds_median"], "≤ 1.3× / 1.5×", load)
            add("  same", rows + size["customers"], hb, "pandas read_csv (C engine), parse only",
                summary["pandas_c"]["seconds_median"], "—", "")
            lines.append(f"{'  peak memory of the import':<44} {'':>10} "
                         f"{summary['heartbeat']['peak_rss_mb_max']:>8,.0f} MB {'':>42} {'':>10} {'':>7} "
                         f"{'< 2 GB':>9}")
        queries = size.get("queries")
        if not queries:
            lines.append(f"{'queries':<44} {rows:>10,} not measured (exit {size.get('queries_exit')})")
            continue
        loads = queries["meta"].get("load_sections", {})
        for row in queries["results"]:
            section = row["section"]
            load = loads.get({"page": "pages"}.get(section, section), {}).get("before", "")
            if section == "evidence" and "error" not in row:
                hb = row["heartbeat"]["median_s"]
                add(row["name"][:44], row["rows"], hb, row["baseline"]["name"], row["baseline"]["median_s"],
                    f"< {row['target_s'] * 1000:.0f} ms", load)
                add("  same", row["rows"], hb, row["floor"]["name"], row["floor"]["median_s"], "", "")
            elif section == "deck" and "error" not in row:
                add(row["name"][:44], rows, row["heartbeat"]["median_s"], row["baseline"]["name"],
                    row["baseline"]["median_s"], f"< {row['target_s']:.0f} s", load)
            elif section == "page" and "error" not in row:
                target = f"< {row['cold_target_s']:.0f} s" if row.get("cold_target_s") else "—"
                add(f"{row['name'].split(' page')[0]} page, cold", rows, row["cold_s"], "the same page, warm rerun",
                    row["heartbeat"]["median_s"], target, load)
            elif section == "search" and "error" not in row:
                add(row["name"][:44], row["rows"], row["heartbeat"]["median_s"], row["baseline"]["name"],
                    row["baseline"]["median_s"], "—", load)
            elif "error" in row:
                lines.append(f"{row['name'][:44]:<44} FAILED")
        for failure in queries.get("failures", []):
            lines.append(f"  FAILED: {failure[:150]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[200_000, 2_000_000, 6_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [measure(rows, args.repeat) for rows in args.sizes]
    text = table(sizes)
    print("\n" + text)
    (OUT / "scale" / "scale.txt").write_text(text + "\n")
    (OUT / "scale" / "scale.json").write_text(json.dumps(sizes, indent=1, default=str))
    print(f"\nwrote {OUT / 'scale' / 'scale.txt'} (cpus {os.cpu_count()})")
    return 0 if all(s.get("queries_exit") == 0 and s.get("import_exit") == 0 for s in sizes) else 1


if __name__ == "__main__":
    sys.exit(main())
