"""Rows of a file that are not data: the header again (two exports pasted into one file) and a
report's total or summary line ('Total', 'Summe' in the first cell, or as the ID: a workbook's
'Total' row would otherwise be a customer with every MRR summed). `read_typed` gives such a row
its problem; a header repeated with its columns in another order refuses the import."""

from __future__ import annotations

from pathlib import Path

from analytics.ingest._fields import Mapping
from analytics.ingest._sniff import Shape
from analytics.ingest._staging import file_tail
from analytics.ingest._words import SUMMARY_WORDS, says_summary
from analytics.sql import Params

REORDERED_HEADER = "is the header row again, with its columns in another order"


def header_again(shape: Shape, p: Params) -> str:
    """A row whose named cells are the header's names (its first is one: a cheap test on every row,
    the rest only then): two exports pasted into one file. Every
    name in its place: that row repeats the header and is only that. Names moved
    (`REORDERED_HEADER`): the rows after it hold their values in other columns, and the import is
    refused (`reordered_header`) rather than read by position into the wrong fields. (A data row
    whose first cells merely look like names, '0,1,0' under a header of numbers, is neither.)"""
    named = [(column, name) for column, name in zip(shape.columns, shape.header) if name]
    if not named:
        return "NULL::VARCHAR"
    names = f"{p(sorted({name for _, name in named}))}::VARCHAR[]"
    same = " AND ".join(f"{column.key} IS NOT DISTINCT FROM {p(name)}" for column, name in named)
    # One list test, not one per column: DuckDB's optimiser takes quadratic time over a thousand
    # list_contains of one constant list (12 s at 2,000 columns). An empty cell is no name.
    cells = ", ".join(f"coalesce({column.key}, '')" for column, _ in named)
    return (f"CASE WHEN list_contains({names}, {named[0][0].key}) THEN CASE WHEN {same} THEN "
            f"{p('repeats the header row (two exports pasted into one file?)')} "
            f"WHEN list_has_all({names}, [{cells}]) THEN {p(REORDERED_HEADER)} END END")


def reordered_header(con) -> tuple[int, str] | None:
    """(position among the rows read, the row as written) of the first header repeated with its
    columns in another order, if the file has one."""
    return con.execute("SELECT rowid - (SELECT min(rowid) FROM hb_typed) + 1, raw FROM hb_typed "
                       "WHERE problem = $reason ORDER BY rowid LIMIT 1", {"reason": REORDERED_HEADER}).fetchone()


def has_summary(text_path: Path, shape: Shape) -> bool:
    """Whether one of the file's last lines, or of its first rows, opens with a summary word: a
    report puts its totals at the bottom (and its subtotals, when it has them, come with them) or
    right under the header, so only then does every row pay for the check (1.3 CPU-seconds for 2
    million rows)."""
    tail = file_tail(text_path).splitlines()[-10:]
    firsts = [line.split(shape.delimiter, 1)[0] for line in tail] + [row[0] for row in shape.sample[:5] if row]
    return any(says_summary(first.strip('"')) for first in firsts)


def summary_line(shape: Shape, mapping: Mapping, by_name: dict, p: Params) -> str:
    """SQL: the row's first cell, or its ID, is 'Total', 'Count', 'Summe'…: a report's summary line."""
    keys = dict.fromkeys([shape.columns[0].key] + [by_name[name].key for key, name in mapping.columns.items()
                                                     if key in ("customer_id", "response_id", "ticket_id")])
    words = p(list(SUMMARY_WORDS))
    said = " OR ".join(f"list_contains({words}::VARCHAR[], lower(rtrim(trim({key}), ':')))" for key in keys)
    return f"CASE WHEN {said} THEN {p('is a total or summary line of the report, not a row of data')} END"
