"""Where a workspace's figures are computed, and how a workspace moves there.

The embedded DuckDB file is the default. `publish(con, "postgresql://USER@HOST:PORT/DB")` copies
the whole workspace, with the derived views, into PostgreSQL in one transaction (`_copy`);
`publish(con, "parquet:DIR")` writes the tables Heartbeat reads as Parquet files (`_parquet`).
`connect(url)` then reads there, `postgresql://…` (`_postgres`) or `spark:DIR` (Apache Spark over
the Parquet files, `_spark`), with Heartbeat's own SQL transpiled by SQLGlot, so the figures are
computed there. PostgreSQL is also the team store: `writer(con)` gives every write a DuckDB
workspace whose changes reach it in one transaction (`_store`); a Spark copy is read only.

Public surface: `publish`, `connect`, `writer`, `is_copy`, `is_file`, `is_postgres`, `is_spark`, `is_read_only`,
`name_of`, `shown` (a URL without its password), `PUBLISHED_TABLES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

from analytics.engine._parquet import TABLES as PUBLISHED_TABLES
from analytics.engine._parquet import write_parquet
from analytics.errors import InputError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(url: str | None) -> bool:
    return bool(url) and url.startswith(POSTGRES_SCHEMES)


def is_spark(url: str | None) -> bool:
    return bool(url) and url.startswith("spark:") and len(url) > len("spark:")


def is_copy(url: str | None) -> bool:
    """Whether `url` names a workspace another engine holds and computes on: a PostgreSQL store or
    a Spark copy (read only)."""
    return is_postgres(url) or is_spark(url)


def connect(url: str):
    """A connection to the workspace at `url`: postgresql://… (read; write through `writer`) or
    spark:DIR (read only)."""
    if is_spark(url):
        from analytics.engine import _spark  # Java and Spark start only when Spark is used

        return _spark.connect(url[len("spark:"):])
    from analytics.engine import _postgres, _store  # psycopg and SQLGlot load only when PostgreSQL is used

    _store.ensure(url)
    return _postgres.connect(url)


def shown(url: str) -> str:
    """`url` as it may be printed or shown: a password in it is replaced by ***."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))


NAMES = {"duckdb": "DuckDB", "postgres": "PostgreSQL", "spark": "Apache Spark"}


def name_of(con) -> str:
    """The engine `con` computes on, as people call it."""
    return NAMES[getattr(con, "dialect", "duckdb")]


def is_file(con) -> bool:
    """Whether `con` is the DuckDB workspace file itself (not PostgreSQL's store, not a copy)."""
    return getattr(con, "dialect", "duckdb") == "duckdb"


def is_read_only(con) -> bool:
    """Whether `con` reads a published copy that Heartbeat does not write to (Spark's)."""
    return getattr(con, "dialect", "duckdb") == "spark"


@contextmanager
def writer(con, settle: Callable | None = None) -> Iterator:
    """The connection a write goes through: `con` itself on a DuckDB file; on the PostgreSQL store,
    a DuckDB workspace holding it, whose changes reach the store in one transaction when the block
    ends, after `settle(workspace)` (`_store.writing`; the callers pass the enrichment of new
    voices, which this layer does not know). A Spark copy is refused: Heartbeat writes to it only
    by `publish`."""
    dialect = getattr(con, "dialect", "duckdb")
    if dialect == "duckdb":
        yield con
    elif dialect == "postgres":
        from analytics.engine import _store

        with _store.writing(con.url, settle) as local:
            yield local
    else:
        raise InputError(f"This workspace is a copy that {NAMES[dialect]} reads: import into the DuckDB "
                         "workspace, then publish it again (python -m analytics publish --to parquet:FOLDER).")


def publish(con, target: str, frames: Mapping[str, pd.DataFrame] | None = None) -> dict[str, int]:
    """Copy the workspace to `target` and return the rows of each table, as counted where they were
    written: "postgresql://…" (the whole workspace; `frames` are not needed there, the
    taxonomy travels as the workspace's own table) or "parquet:DIR" (PUBLISHED_TABLES and each of
    `frames` under its name, such as the taxonomy in use)."""
    if is_postgres(target):
        from analytics.engine import _copy

        return _copy.copy_to_postgres(con, target)
    scheme, _, folder = target.partition(":")
    if scheme != "parquet" or not folder:
        raise InputError(f"cannot publish to {shown(target)!r}: give parquet:FOLDER or "
                         "postgresql://USER@HOST:PORT/DATABASE (a Spark target is not available yet)")
    return write_parquet(con, Path(folder).expanduser(), frames)


__all__ = ["NAMES", "POSTGRES_SCHEMES", "PUBLISHED_TABLES", "connect", "is_copy", "is_file", "is_postgres",
           "is_read_only", "is_spark", "name_of", "publish", "shown", "writer"]
