"""Natural keys: how a row is recognised again in a later export, so re-imports never double-count.

A row of a file is keyed by its ID (a response's, a ticket's; a customer's, else their email), or
without one by its content plus occurrence ('#3f9a1c2b7d4e-1'): what finds repeats within the file
and groups the answers one row gave. Against stored rows, answers and tickets compare their natural
key (workspace._keys: ID and kind, or what they say, whatever the file's layout); revenue its
customer and month. `shared_rows` remembers the keys a batch offered that an earlier batch already
held, so undoing either hands the row to the other instead of losing it (`_versions`).
"""

from __future__ import annotations

from analytics.ingest._fields import Mapping
from analytics.workspace import revenue_key


def record_overlaps(con, batch_id: int, kind: str, offered_keys: str, params: dict | None = None) -> None:
    """Remember which offered keys an earlier live batch already holds, as repeating its values
    (`_versions.supersede` then keeps the version of those it changes); `params`: those `offered_keys` takes."""
    con.execute(f"INSERT INTO shared_rows SELECT $batch, $kind, k, NULL FROM ({offered_keys}) o(k) "
                f"WHERE k IN (SELECT natural_key FROM {kind})", {"batch": batch_id, "kind": kind, **(params or {})})


def content_keyed(key: str) -> str:
    """SQL: whether the natural key `key` is a content hash ('#' and 12 hex digits, then '-' and the
    occurrence once numbered), not an ID a file gave (HappyFox's '#SUP00025')."""
    return f"regexp_full_match({key}, '#[0-9a-f]{{12}}(-[0-9]+)?')"


def key_expression(mapping: Mapping, row_key: str | None = None) -> tuple[str, bool]:
    """SQL for a row's natural key, and whether it may be a content hash (`content_keyed`).
    `row_key`: the staged column keying each row of a subscriptions file (see `_billing`)."""
    if row_key:
        return f"trim({row_key})", False
    if mapping.kind == "revenue" and not (mapping.movement_type or mapping.line_items):
        return revenue_key("f_customer_id", "f_month"), False  # movements and lines: keyed by what they hold
    content = ", ".join([f"CAST(f_{key} AS VARCHAR)" for key in mapping.columns] + ["CAST(extra AS VARCHAR)"])
    hashed = f"'#' || left(md5(concat_ws('|', {content})), 12)"
    ids = {"customers": ("customer_id", "email"), "tickets": ("ticket_id",), "responses": ("response_id",),
           "revenue": ()}
    mapped = [f"f_{key}" for key in ids[mapping.kind] if key in mapping.columns]
    return f"coalesce({', '.join([*mapped, hashed])})", True  # an empty ID falls back to the content




def field_sql(mapping: Mapping, key: str) -> str:
    """The typed column of a mapped field in hb_typed, or NULL when the file does not have it."""
    return f"f_{key}" if key in mapping.columns else "NULL"
