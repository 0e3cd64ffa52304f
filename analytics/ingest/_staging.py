"""How DuckDB reads an upload: every cell as text, by position, into temporary staging tables.

Columns are named c0, c1, ... (see `Column.key`), so no uploaded text ever becomes an SQL
identifier. Rows the reader cannot split go to a rejects table with their line and raw text.
"""

from __future__ import annotations

from pathlib import Path

from analytics.ingest._sniff import Shape
from analytics.sql import Params

STAGING_TABLES = ("hb_stage", "hb_typed", "hb_keyed", "hb_repeats", "hb_bad", "hb_lines",
                  "hb_reject_errors", "hb_reject_errors_scans", "hb_stage_errors",
                  "hb_stage_errors_scans")

_READ_CSV = ("read_csv({path}, auto_detect = false, header = false, skip = {skip}, delim = {delim}, "
             "quote = '\"', escape = '\"', columns = {columns}, store_rejects = true, "
             "rejects_table = '{rejects}', rejects_scan = '{rejects}_scans', max_line_size = 8388608)")


def read_csv(text_path: Path, shape: Shape, p: Params, rejects: str) -> str:
    """DuckDB's reader for the file: every column as text, by position (c0, c1, ...); rows it
    cannot split go to the temp table `rejects` (a fixed name) with their line and raw text. A row
    of empty cells (the ',,,,' a spreadsheet leaves under its table) is no row: not read, not
    rejected (`_rejects` counts lines the same way)."""
    reader = _READ_CSV.format(path=p(str(text_path)), skip=p(shape.skip_rows), delim=p(shape.delimiter),
                              columns=p({column.key: "VARCHAR" for column in shape.columns}),
                              rejects=rejects)
    empty = " AND ".join(f"coalesce(trim({column.key}), '') = ''" for column in shape.columns)
    return f"(SELECT * FROM {reader} WHERE NOT ({empty}))"


def raw_line(shape: Shape, p: Params) -> str:
    """SQL rebuilding a row as it stood in the file (cells quoted where needed)."""
    delimiter = p(shape.delimiter)
    cells = [f"CASE WHEN {c.key} IS NULL THEN '' WHEN contains({c.key}, {delimiter}) "
             f"OR contains({c.key}, '\"') OR contains({c.key}, chr(10)) "
             f"THEN '\"' || replace({c.key}, '\"', '\"\"') || '\"' ELSE {c.key} END"
             for c in shape.columns]
    return f"concat_ws({delimiter}, {', '.join(cells)})"  # one call, however many columns (no deep || chain)


def file_tail(text_path: Path, size: int = 4096) -> str:
    """The last `size` bytes of the text file, decoded: where a report's totals and a cut-off row are."""
    with open(text_path, "rb") as handle:
        handle.seek(0, 2)
        handle.seek(max(handle.tell() - size, 0))
        return handle.read().decode("utf-8", errors="replace")


def drop_staging(con) -> None:
    readings = [row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'hb\\_dates\\_%' ESCAPE '\\'"
    ).fetchall()]  # one per date field read by the general date reader (fixed names: hb_dates_<field>)
    for table in (*STAGING_TABLES, *readings):
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")  # fixed names, never uploaded text
