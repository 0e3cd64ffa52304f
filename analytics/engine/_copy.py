"""Copy a DuckDB workspace's tables into PostgreSQL, whole or not at all.

Every table of the workspace (STORE_TABLES) is recreated in PostgreSQL with the equivalent column
types and filled by COPY from a CSV that DuckDB writes; the derived views are defined from the same
SQL text as DuckDB's (transpiled). All of it happens in one transaction: a reader of the PostgreSQL
workspace sees the previous copy or the new one, never half of one, and a failure leaves the
previous copy as it was. The steps (`create_table`, `copy_rows`, `define_views`) are also what the
team store (`_store`) pushes a write with.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import psycopg

from analytics.engine._parquet import path_literal
from analytics.engine._postgres import JSON_TEXT, to_postgres
from analytics.engine._tables import STORE_TABLES
from analytics.errors import InputError
from analytics.workspace import column_names, view_definitions

TYPES = {"VARCHAR": "text", "DOUBLE": "double precision", "FLOAT": "real", "INTEGER": "integer",
         "BIGINT": "bigint", "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp",
         "JSON": "json", "VARCHAR[]": "text[]"}
_CHUNK = 1 << 20
# What every slice looks rows up by: an answer by its kind and date, a customer by id (a row store
# reads the whole table without them; built once per publication).
INDEXES = {"responses": ("kind", "responded_at"), "customers": ("customer_id",)}
VIEWS = ("voices_enriched", "voices", "responses_linked", "tickets_linked", "revenue_linked")


def copy_to_postgres(con, url: str) -> dict[str, int]:
    """Recreate STORE_TABLES and the derived views in the PostgreSQL database at `url` from the
    DuckDB workspace `con`; return each table's rows as counted in PostgreSQL before committing."""
    counts = {}
    with tempfile.TemporaryDirectory(prefix="heartbeat-publish-") as folder, \
            psycopg.connect(url) as pg, pg.transaction():
        pg.execute("SET LOCAL client_min_messages = warning")
        pg.execute("DROP VIEW IF EXISTS " + ", ".join(VIEWS) + " CASCADE")
        for table in STORE_TABLES:
            create_table(pg, con, table)
            counts[table] = copy_rows(pg, con, table, Path(folder))
            pg.execute(f'ANALYZE "{table}"')  # the planner's statistics, before anyone reads it
        define_views(pg, con)
        _stamp(pg)
    return counts


def columns_of(con, table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column of `table` in the DuckDB workspace, refused plainly when
    PostgreSQL has no type for one."""
    columns = [(name, kind) for name, kind, *_ in con.execute(f'DESCRIBE "{table}"').fetchall()]
    unknown = [f"{name} {kind}" for name, kind in columns if kind not in TYPES]
    if unknown:
        raise InputError(f"{table}: no PostgreSQL type for {', '.join(unknown)}; nothing was published")
    return columns


def create_table(pg, con, table: str) -> None:
    """(Re)create `table` in PostgreSQL with the DuckDB table's columns, empty, with its index."""
    columns = columns_of(con, table)
    pg.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    pg.execute(f'CREATE TABLE "{table}" (' + ", ".join(f'"{name}" {TYPES[kind]}' for name, kind in columns) + ")")
    if table in INDEXES:
        pg.execute(f'CREATE INDEX ON "{table}" (' + ", ".join(f'"{c}"' for c in INDEXES[table]) + ")")


def copy_rows(pg, con, table: str, folder: Path, batches: list[int] | None = None, where: str = "",
              pg_where: str = "") -> int:
    """COPY the rows of `table` (only those of `batches`, or those `where` picks in DuckDB and
    `pg_where` in PostgreSQL, when given) from DuckDB into PostgreSQL's table of the same columns;
    the rows PostgreSQL then holds of them, checked against DuckDB's."""
    columns = columns_of(con, table)
    if batches is not None:  # integers DuckDB gave (never uploaded text), written out: COPY takes no parameter
        where = f"batch_id IN ({', '.join(str(int(b)) for b in batches) or 'NULL'})"
    where = f" WHERE {where}" if where else ""
    file = folder / f"{table}.csv"
    selected = ", ".join(_as_text(name, kind) for name, kind in columns)
    con.execute(f'COPY (SELECT {selected} FROM "{table}"{where}) TO {path_literal(file)} (FORMAT csv, HEADER false)')
    with pg.cursor().copy(f'COPY "{table}" FROM STDIN (FORMAT csv)') as copy, file.open("rb") as rows:
        while chunk := rows.read(_CHUNK):
            copy.write(chunk)
    file.unlink()
    pg_where = " WHERE batch_id = ANY(%s)" if batches is not None else f" WHERE {pg_where}" if pg_where else ""
    held = pg.execute(f'SELECT count(*) FROM "{table}"{pg_where}',
                      [batches] if batches is not None else []).fetchone()[0]
    expected = con.execute(f'SELECT count(*) FROM "{table}"{where}').fetchone()[0]
    if held != expected:
        raise InputError(f"{table}: PostgreSQL holds {held:,} rows of {expected:,}; nothing was written")
    return held


def define_views(pg, con) -> None:
    """The derived views (linking, voices) and the JSON function they read, from DuckDB's SQL."""
    pg.execute(JSON_TEXT)
    pg.execute("DROP VIEW IF EXISTS " + ", ".join(VIEWS) + " CASCADE")
    pg.execute(to_postgres(view_definitions(lambda table: column_names(con, table))))


def _stamp(pg) -> None:
    """Give the copy a version no earlier publication had (the app's caches are keyed by it, and
    two workspaces, or a workspace and its restored snapshot, can share a version number). The
    keys that record "done for version N" move with it, so what was current stays current."""
    pg.execute("UPDATE meta SET value = %s WHERE key IN ('version', 'facts_version', 'enriched_version') "
               "AND value = (SELECT value FROM meta WHERE key = 'version')", [str(time.time_ns() // 1000)])


def _as_text(name: str, kind: str) -> str:
    """A column as DuckDB should write it for PostgreSQL's CSV reader: a list as an array literal
    ({"a","b"}), every other type as DuckDB writes it."""
    column = f'"{name}"'
    if kind != "VARCHAR[]":
        return column
    quoted = "list_transform(" + column + ", lambda x: '\"' || replace(replace(x, '\\', '\\\\'), '\"', '\\\"') || '\"')"
    return f"'{{' || array_to_string({quoted}, ',') || '}}' AS {column}"
