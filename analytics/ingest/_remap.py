"""Map a kept column later: a customer column that was kept as an attribute becomes a field.

Nothing uploaded is modified: the mapping is applied as a new, undoable batch of customer
versions carrying only that field, read from the kept attribute of the batch it came from.
"""

from __future__ import annotations

import json

from analytics.errors import InputError
from analytics.ingest._customers import rebuild_customers
from analytics.sql import json_path
from analytics.workspace import record, require, transaction

# Customer fields a kept text column can fill later (typed fields go through a re-import).
LATER_FIELDS = {"segment": "Segment", "plan": "Plan", "region": "Region", "name": "Name",
                "churn_reason": "Churn reason"}


def kept_columns(con, batch_id: int) -> list[str]:
    row = con.execute("SELECT kind, kept_columns, undone_at FROM imports WHERE batch_id = ?",
                      [batch_id]).fetchone()
    if row is None or row[0] != "customers" or row[2] is not None:
        return []
    return json.loads(row[1] or "[]")


def map_kept_column(con, batch_id: int, column: str, field: str) -> int:
    """Fill `field` of the customers of `batch_id` from its kept `column`, as a new batch;
    returns that batch's id (undo it like any import)."""
    require("analyst", "map columns")
    if field not in LATER_FIELDS:
        raise InputError(f"{field!r} cannot be mapped later; choose one of {', '.join(LATER_FIELDS)}.")
    if column not in kept_columns(con, batch_id):
        raise InputError(f"Batch {batch_id} kept no customer column named {column!r}.")
    with transaction(con):
        new = con.execute("SELECT nextval('batch_ids')").fetchone()[0]
        loaded = con.execute(
            f'INSERT INTO customer_versions (batch_id, customer_id, "{field}") '  # whitelisted
            "SELECT $new, customer_id, NULLIF(trim(json_extract_string(extra, $path)), '') "
            "FROM customer_versions WHERE batch_id = $batch",
            {"new": new, "path": json_path(column), "batch": batch_id}).fetchone()[0]
        con.execute(
            "INSERT INTO imports (batch_id, file_name, sha256, kind, layout, encoding, delimiter, "
            "mapping, kept_columns, rows_read, rows_loaded, rows_rejected, rows_duplicate, "
            "imported_at) VALUES (?, ?, NULL, 'customers', 'remap', '', '', ?, '[]', ?, ?, 0, 0, "
            "current_timestamp)",
            [new, f"“{column}” → {LATER_FIELDS[field]} (batch {batch_id})",
             json.dumps({"kind": "customers", "columns": {field: column}}), loaded, loaded])
        rebuild_customers(con, new)
        record(con, "remap", batch=new, from_batch=batch_id, column=column, field=field)
    return new
