"""Copy a DuckDB workspace's tables into PostgreSQL, whole or not at all.

Every table the read path reads is recreated in PostgreSQL with the equivalent column types and
filled by COPY from a CSV that DuckDB writes; the derived views are defined from the same SQL text
as DuckDB's (transpiled). All of it happens in one transaction: a reader of the PostgreSQL
workspace sees the previous copy or the new one, never half of one, and a failure leaves the
previous copy as it was.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import psycopg

from analytics.engine._parquet import path_literal
from analytics.engine._postgres import JSON_TEXT, to_postgres
from analytics.engine._tables import READ_TABLES
from analytics.errors import InputError
from analytics.workspace import column_names, view_definitions

_TYPES = {"VARCHAR": "text", "DOUBLE": "double precision", "FLOAT": "real", "INTEGER": "integer",
          "BIGINT": "bigint", "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp",
          "JSON": "json", "VARCHAR[]": "text[]"}
_CHUNK = 1 << 20
# What every slice looks rows up by: an answer by its kind and date, a customer by id (a row store
# reads the whole table without them; built once per publication).
INDEXES = {"responses": ("kind", "responded_at"), "customers": ("customer_id",)}


def copy_to_postgres(con, url: str) -> dict[str, int]:
    """Recreate READ_TABLES and the derived views in the PostgreSQL database at `url` from the DuckDB
    workspace `con`; return each table's rows as counted in PostgreSQL before committing."""
    counts = {}
    with tempfile.TemporaryDirectory(prefix="heartbeat-publish-") as folder, \
            psycopg.connect(url) as pg, pg.transaction():
        pg.execute("SET LOCAL client_min_messages = warning")
        pg.execute("DROP VIEW IF EXISTS voices_enriched, voices, responses_linked, tickets_linked CASCADE")
        pg.execute(JSON_TEXT)
        for table in READ_TABLES:
            columns = con.execute(f'DESCRIBE "{table}"').fetchall()
            unknown = [f"{name} {kind}" for name, kind, *_ in columns if kind not in _TYPES]
            if unknown:
                raise InputError(f"{table}: no PostgreSQL type for {', '.join(unknown)}; nothing was published")
            pg.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
            pg.execute(f'CREATE TABLE "{table}" (' + ", ".join(
                f'"{name}" {_TYPES[kind]}' for name, kind, *_ in columns) + ")")
            file = Path(folder) / f"{table}.csv"
            selected = ", ".join(_as_text(name, kind) for name, kind, *_ in columns)
            con.execute(f"COPY (SELECT {selected} FROM \"{table}\") TO {path_literal(file)} (FORMAT csv, HEADER false)")
            with pg.cursor().copy(f'COPY "{table}" FROM STDIN (FORMAT csv)') as copy, file.open("rb") as rows:
                while chunk := rows.read(_CHUNK):
                    copy.write(chunk)
            counts[table] = pg.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            expected = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if counts[table] != expected:
                raise InputError(f"{table}: PostgreSQL holds {counts[table]:,} rows of {expected:,}; nothing was published")
            if table in INDEXES:
                pg.execute(f'CREATE INDEX ON "{table}" (' + ", ".join(f'"{c}"' for c in INDEXES[table]) + ")")
            pg.execute(f'ANALYZE "{table}"')  # the planner's statistics, before anyone reads it
        pg.execute(to_postgres(view_definitions(lambda table: column_names(con, table))))
        _stamp(pg)
    return counts


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
