"""Undo a batch, and the import history with each batch's rejected rows.

Undo removes a batch's rows and marks it undone in one transaction; its history line stays. Rows
another live batch also gave pass to the newest of them, with its values (`_versions`), and current
customers are rebuilt from the versions that remain.
"""

from __future__ import annotations

import duckdb

from analytics.errors import InputError
from analytics.ingest._customers import rebuild_customers
from analytics.ingest._versions import VALUES, restore
from analytics.workspace import record, require, transaction


def undo_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Remove a batch's rows and mark it undone, atomically; its history line stays."""
    require("analyst", "undo an import")
    with transaction(con):
        row = con.execute("SELECT kind, undone_at FROM imports WHERE batch_id = ?", [batch_id]).fetchone()
        if row is None:
            raise InputError(f"There is no import batch {batch_id}.")
        if row[1] is not None:
            raise InputError(f"Batch {batch_id} was already undone.")
        con.execute("UPDATE imports SET undone_at = current_timestamp WHERE batch_id = ?", [batch_id])
        record(con, "undo", batch=batch_id, kind=row[0])
        if row[0] == "customers":  # while its versions still say which customers it touched
            rebuild_customers(con, batch_id)
        if row[0] in VALUES:  # rows another live batch also gave pass to the newest of them
            restore(con, row[0], batch_id)
        table = {"customers": "customer_versions", "responses": "responses",
                 "tickets": "tickets", "revenue": "revenue"}[row[0]]
        con.execute(f'DELETE FROM "{table}" WHERE batch_id = ?', [batch_id])  # table from a fixed map


HISTORY = """
SELECT batch_id AS "Batch", strftime(imported_at, '%Y-%m-%d %H:%M') AS "Imported",
       file_name AS "File",
       CASE kind WHEN 'customers' THEN 'Customers' WHEN 'responses' THEN 'Survey responses'
                 WHEN 'tickets' THEN 'Support tickets' ELSE 'Monthly revenue' END AS "Holds",
       CASE layout WHEN 'qualtrics' THEN 'Qualtrics' WHEN 'qualtrics_legacy' THEN 'Qualtrics (legacy)'
                   WHEN 'surveymonkey' THEN 'SurveyMonkey' WHEN 'remap' THEN 'Mapped later'
                   ELSE 'CSV' END AS "Layout",
       encoding AS "Encoding", rows_read AS "Rows read",
       rows_loaded AS "Loaded", rows_duplicate AS "Already there", rows_rejected AS "Rejected",
       CASE WHEN undone_at IS NULL THEN '' ELSE 'undone ' || strftime(undone_at, '%Y-%m-%d %H:%M') END AS "Undone"
FROM imports ORDER BY batch_id DESC
"""


def history(con: duckdb.DuckDBPyConnection):
    """Import history as a DataFrame, newest first."""
    return con.execute(HISTORY).df()


def rejects_for(con: duckdb.DuckDBPyConnection, batch_id: int):
    """Rejected rows of a batch: line number, the row as it was in the file, and why."""
    return con.execute(
        'SELECT line AS "Line", reason AS "Why it was not imported", raw AS "Row as in the file" '
        "FROM rejects WHERE batch_id = ? ORDER BY line", [batch_id]).df()
