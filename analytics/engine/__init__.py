"""Where a workspace's figures are computed, and how a workspace moves there.

The embedded DuckDB file is the default. `publish(con, "postgresql://USER@HOST:PORT/DB")` copies
every table Heartbeat reads, with the derived views, into PostgreSQL in one transaction (`_copy`);
`connect(url)` then reads that copy with Heartbeat's own SQL, transpiled (`_postgres`), so the
figures are computed in PostgreSQL. `publish(con, "parquet:DIR")` writes the canonical tables as
Parquet files for a lakehouse or Spark (`_parquet`).

Public surface: `publish`, `connect`, `is_postgres`, `is_read_only`, `PUBLISHED_TABLES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analytics.engine._parquet import TABLES as PUBLISHED_TABLES
from analytics.engine._parquet import write_parquet
from analytics.errors import InputError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(url: str | None) -> bool:
    return bool(url) and url.startswith(POSTGRES_SCHEMES)


def connect(url: str):
    """A read connection to the PostgreSQL workspace at `url`."""
    from analytics.engine import _postgres  # psycopg and SQLGlot load only when PostgreSQL is used

    return _postgres.connect(url)


def is_read_only(con) -> bool:
    """Whether `con` reads a published copy (PostgreSQL) that Heartbeat does not write to."""
    return getattr(con, "dialect", "duckdb") != "duckdb"


def publish(con, target: str, frames: Mapping[str, pd.DataFrame] | None = None) -> dict[str, int]:
    """Copy the workspace to `target` and return the rows of each table, as counted where they were
    written: "postgresql://…" (every table Heartbeat reads; `frames` are not needed there, the
    taxonomy travels as the workspace's own table) or "parquet:DIR" (PUBLISHED_TABLES and each of
    `frames` under its name, such as the taxonomy in use)."""
    if is_postgres(target):
        from analytics.engine import _copy

        return _copy.copy_to_postgres(con, target)
    scheme, _, folder = target.partition(":")
    if scheme != "parquet" or not folder:
        raise InputError(f"cannot publish to {target!r}: give parquet:FOLDER or "
                         "postgresql://USER@HOST:PORT/DATABASE (a Spark target is not available yet)")
    return write_parquet(con, Path(folder).expanduser(), frames)


__all__ = ["POSTGRES_SCHEMES", "PUBLISHED_TABLES", "connect", "is_postgres", "is_read_only", "publish"]
