"""Natural keys: how a row is recognised again in a later export, so re-imports never double-count.

Responses and tickets by their ID, or (without one) by a hash of their content plus occurrence;
customers by Customer ID (else email); revenue by customer and month. `shared_rows` remembers the
keys a batch offered that an earlier batch already held, so undoing the earlier batch hands those
rows to the later one instead of losing them.
"""

from __future__ import annotations

from analytics.ingest._fields import Mapping

ROW_KEYS = {"responses": "{t}response_id", "tickets": "{t}ticket_id",
            "revenue": "{t}customer_id || '|' || CAST({t}month AS VARCHAR)"}


def row_key(kind: str, alias: str = "") -> str:
    return ROW_KEYS[kind].format(t=f"{alias}." if alias else "")


def record_overlaps(con, batch_id: int, kind: str, offered_keys: str) -> None:
    """Remember which offered keys an earlier live batch already holds (see `shared_rows`)."""
    con.execute(f"INSERT INTO shared_rows SELECT $batch, $kind, k FROM ({offered_keys}) o(k) "
                f"WHERE k IN (SELECT {row_key(kind)} FROM {kind})", {"batch": batch_id, "kind": kind})


def key_expression(mapping: Mapping) -> tuple[str, bool]:
    """SQL for a row's natural key, and whether it is a content hash (no ID column mapped)."""
    if mapping.kind == "customers":
        return f"coalesce({field_sql(mapping, 'customer_id')}, {field_sql(mapping, 'email')})", False
    if mapping.kind == "revenue":
        return "f_customer_id || '|' || CAST(date_trunc('month', f_month) AS VARCHAR)", False
    id_key = "ticket_id" if mapping.kind == "tickets" else "response_id"
    content = ", ".join(f"CAST(f_{key} AS VARCHAR)" for key in mapping.columns)
    hashed = f"'h:' || md5(concat_ws('|', {content}))"
    if id_key in mapping.columns:  # rows with an empty ID fall back to their content
        return f"coalesce(f_{id_key}, {hashed})", True
    return hashed, True




def field_sql(mapping: Mapping, key: str) -> str:
    """The typed column of a mapped field in hb_typed, or NULL when the file does not have it."""
    return f"f_{key}" if key in mapping.columns else "NULL"
