"""A larger workspace from a benchmark one: every customer and everything they did, K times over,
each copy under ids of its own (`C0000010~3`), enrichment and kept facts included.

    python -m bench.replicate --rows 2000000 --customers 200000 --times 10

Writes OUT/workspaces/queries_<rows×K>_<customers×K>_s7x<K>.duckdb beside the source (built by
`python -m bench.queries --prepare`) and prints its path. The copies share the source's dates,
scores and words, so every rate is the source's and every count K times it: a workload of K× the
rows without K× the import and enrichment time. What it measures is how an engine's time grows
with rows, not text variety (the voices repeat).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from analytics import workspace
from bench.queries.settings import ROOT

# Each table that holds a customer's rows, and its id columns (a voice id is a prefix and the id
# of its response, ticket or customer, so the same suffix keeps it pointing at its copy).
IDS = {"customers": ("customer_id", "email"),
       "responses": ("response_id", "customer_id", "email", "respondent_id"),
       "tickets": ("ticket_id", "customer_id", "email"),
       "revenue": ("customer_id",),
       "email_links": ("email", "customer_id"),
       "nps_spans": ("customer_id",),
       "voice_enrichment": ("voice_id",),
       "voice_themes": ("voice_id",),
       "tag_corrections": ("voice_id",)}


def query_workspace(out: Path, rows: int, customers: int) -> Path | None:
    """The cached workspace of the query benchmark, or None (with how to build it on stderr)."""
    source = out / "workspaces" / f"queries_{rows}_{customers}_s7.duckdb"
    if source.exists():
        return source
    print(f"no workspace at {source}: run python -m bench.queries --prepare --rows {rows} "
          f"--customers {customers} first", file=sys.stderr)
    return None


def replicate(source: Path, times: int) -> Path:
    """The workspace of `source` with each customer's rows `times` times (cached beside it)."""
    con = workspace.connect(source, read_only=True)
    try:
        rows = con.execute("SELECT count(*) FROM responses").fetchone()[0]
        customers = con.execute("SELECT count(*) FROM customers").fetchone()[0]
    finally:
        con.close()
    target = source.with_name(f"queries_{rows * times}_{customers * times}_s7x{times}.duckdb")
    if target.exists():
        return target
    building = target.with_name(target.name + ".building")
    shutil.copyfile(source, building)
    con = workspace.connect(building)
    try:
        for table, ids in IDS.items():
            columns = [row[0] for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall()]
            chosen = ", ".join(f"\"{c}\" || '~' || k.i" if c in ids else f'"{c}"' for c in columns)
            con.execute(f'INSERT INTO "{table}" SELECT {chosen} FROM "{table}", range(1, {int(times)}) AS k(i)')
        con.execute("CHECKPOINT")
    finally:
        con.close()
    building.rename(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replicate", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    source = query_workspace(args.out, args.rows, args.customers)
    if source is None:
        return 2
    print(replicate(source, args.times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
