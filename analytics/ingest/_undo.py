"""Undo a batch, and the import history with each batch's rejected rows.

Undo removes a batch's rows and marks it undone in one transaction; its history line stays. Rows
a later live batch also offered pass to that batch (see `_keys`), and current customers are
rebuilt from the versions that remain.
"""

from __future__ import annotations

import duckdb

from analytics.errors import InputError
from analytics.ingest._customers import rebuild_customers
from analytics.ingest._keys import ROW_KEYS, row_key
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
        if row[0] in ROW_KEYS:  # rows a later live batch also offered pass to that batch
            key = row_key(row[0])  # fixed expressions over fixed tables
            con.execute(
                f"UPDATE {row[0]} SET batch_id = heir.batch_id FROM (SELECT row_key, min(o.batch_id) "
                "AS batch_id FROM shared_rows o JOIN imports i ON i.batch_id = o.batch_id AND "
                "i.undone_at IS NULL WHERE o.kind = $kind GROUP BY row_key) heir "
                f"WHERE {row[0]}.batch_id = $batch AND {key} = heir.row_key",
                {"batch": batch_id, "kind": row[0]})
            con.execute("DELETE FROM shared_rows o WHERE o.kind = $kind AND (o.batch_id = $batch OR "
                        f"EXISTS (SELECT 1 FROM {row[0]} t WHERE t.batch_id = o.batch_id "
                        f"AND {row_key(row[0], 't')} = o.row_key))",
                        {"batch": batch_id, "kind": row[0]})
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
