"""The workspace as Parquet for another engine to read: `write_parquet(con, DIR)` writes one
Parquet file per table into DIR: every table Heartbeat reads under its own name (READ_TABLES: what
Apache Spark computes on, `--engine spark:DIR`), `voices` (every voice with its sentiment, language
and themes, for a lakehouse's own queries), and any frames the caller adds, such as the taxonomy in
use. The answers, the largest table, are a folder of Hive partitions by kind
(`responses.parquet/kind=nps/…`), so a figure of one kind reads only that kind's files. The files
are written into a new folder beside DIR and swapped in at the end, so a reader sees the old
publication or the new one, never half of one; each file is read back and counted before the swap.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analytics.engine._tables import READ_TABLES
from analytics.errors import InputError

# Each published file and the query of its rows.
TABLES = {**{table: f'SELECT * FROM "{table}"' for table in READ_TABLES},
          "voices": "SELECT * FROM voices_enriched"}
PARTITIONED = {"responses": "kind"}  # a table written as a folder of Hive partitions, by this column


def path_literal(path: Path) -> str:
    """A file path as a SQL string literal (COPY takes no parameter for its target)."""
    return "'" + str(path).replace("'", "''") + "'"


def write_parquet(con, folder: Path, frames: Mapping[str, pd.DataFrame] | None = None) -> dict[str, int]:
    """Write every table of TABLES, and each of `frames` under its name, into `folder`; return the
    rows of each, as read back from the files written."""
    queries = dict(TABLES)
    for name, frame in (frames or {}).items():
        con.register(f"published_{name}", frame)
        queries[name] = f"SELECT * FROM published_{name}"
    staging = folder.with_name(f".{folder.name}.publishing-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        counts = {}
        for name, query in queries.items():
            file = staging / f"{name}.parquet"
            if name in PARTITIONED and con.execute(f"SELECT count(*) > 0 FROM ({query}) AS rows_of_table").fetchone()[0]:
                by = PARTITIONED[name]  # a fixed column name, never uploaded text
                con.execute(f"COPY ({query}) TO {path_literal(file)} (FORMAT parquet, PARTITION_BY ({by}))")
                files = f"read_parquet({path_literal(file / '**' / '*.parquet')}, hive_partitioning = true)"
            else:
                con.execute(f"COPY ({query}) TO {path_literal(file)} (FORMAT parquet)")
                files = f"read_parquet({path_literal(file)})"
            written = con.execute(f"SELECT count(*) FROM {files}").fetchall()[0][0]
            expected = con.execute(f"SELECT count(*) FROM ({query}) AS rows_of_table").fetchall()[0][0]
            if written != expected:
                raise InputError(f"{name}: wrote {written:,} rows of {expected:,}; nothing was published")
            counts[name] = int(written)
        _swap(staging, folder)
        return counts
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        for name in frames or {}:
            con.unregister(f"published_{name}")


def _swap(staging: Path, folder: Path) -> None:
    """Put the new files where the old ones were, removing the old only once the new are in place."""
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
