"""Row versions: a later export's changed values replace what an earlier batch stored, and undo brings
them back.

An answer, ticket or revenue row is stored once per natural key (`_keys`), under the newest live
batch that gave it other values: next month's help-desk export brings a ticket's new status and its
rating, a corrected survey export the corrected score, a re-export restating a month its new amount.
The version it replaced stays in `shared_rows` (as JSON) under the batch that gave it, beside the
batches that repeated the stored values unchanged (no version: they said what the row says). A
field the newer file lacks keeps what the row said. Undoing the batch that holds a row hands it to
the newest other live batch that gave it, with that batch's values (with none, the row goes);
undoing one whose version a row replaced forgets what only it said. The note an import gives says
so when its rows are older than the workspace's newest: an older export imported last.
"""

from __future__ import annotations

import json

from analytics.ingest._convert import on_five
from analytics.ingest._fields import Mapping
from analytics.ingest._keys import field_sql
from analytics.ingest._rows import revenue_rows, response_rows, ticket_rows

# What a row says, by table; beside them a row holds its batch, its own ID and its natural key.
VALUES = {"responses": ("customer_id", "email", "responded_at", "score", "scale_min", "scale_max", "comment", "extra"),
          "tickets": ("customer_id", "email", "created_at", "subject", "body", "satisfaction", "status", "channel",
                      "extra"),
          "revenue": ("customer_id", "month", "mrr")}
# The values whose change counts as a new version (a column added to next month's export does not).
_TELLING = {"responses": ("score", "comment", "responded_at"), "tickets": ("status", "satisfaction", "body"),
            "revenue": ("mrr",)}
# Given by every row of the kind (an answer's score on its scale; a kept column merges, below).
_ALWAYS = {"responses": ("score", "scale_min", "scale_max", "extra"), "tickets": ("extra",), "revenue": ("mrr",)}
# When a row is from, and what: an export older than one imported holds older rows only
_WHEN = {"responses": ("responded_at", "answer"), "tickets": ("created_at", "ticket"), "revenue": ("month", "month")}
_WHAT = {"responses": ("answer", "answers", "score, comment or date"),
         "tickets": ("ticket", "tickets", "status, satisfaction or description"),
         "revenue": ("customer's month of revenue", "customers' months of revenue", "amount")}


def supersede(con, batch_id: int, mapping: Mapping, good: str) -> str | None:
    """Give the rows this batch repeats with other values its values, keeping the versions they
    replace; a note saying how many, or None."""
    table = mapping.kind  # one of VALUES' fixed names, or another kind (no versions)
    if table not in VALUES or not con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
        return None
    offered, params = _offered(con, mapping, good)
    given = _given(mapping)
    telling = [f"s.{name} IS DISTINCT FROM t.{name}" for name in _TELLING[table] if name in given]
    if not telling:
        return None
    con.execute(f"CREATE OR REPLACE TEMP TABLE hb_changed AS SELECT s.natural_key AS row_key, "
                f"{', '.join(f's.{name}' for name in given)} FROM ({offered}) s JOIN {table} t "
                f"ON t.natural_key = s.natural_key AND t.batch_id <> $batch WHERE {' OR '.join(telling)}",
                {"batch": batch_id, **params})  # table: one of VALUES' fixed names
    changed = con.execute("SELECT count(*) FROM hb_changed").fetchone()[0]
    if changed:
        stored = _as_json(table, "t")
        key = {"batch": batch_id, "kind": table}
        # batches that repeated the stored values say them; this batch no longer repeats, it holds
        con.execute(f"UPDATE shared_rows SET version = {stored} FROM {table} t WHERE shared_rows.kind = $kind "
                    "AND shared_rows.version IS NULL AND shared_rows.batch_id <> $batch "
                    "AND shared_rows.row_key = t.natural_key AND t.natural_key IN (SELECT row_key FROM hb_changed)",
                    key)
        con.execute("DELETE FROM shared_rows WHERE batch_id = $batch AND kind = $kind "
                    "AND row_key IN (SELECT row_key FROM hb_changed)", key)
        con.execute(f"INSERT INTO shared_rows SELECT t.batch_id, $kind, t.natural_key, {stored} FROM {table} t "
                    "WHERE t.natural_key IN (SELECT row_key FROM hb_changed)", {"kind": table})
        values = [f"{name} = c.{name}" for name in given if name != "extra"]
        params = {"batch": batch_id}
        if "extra" in given:  # a kept column the new export dropped stays; one it now maps goes
            merged = (f"json_merge_patch(json_merge_patch(coalesce({table}.extra, '{{}}'), $mapped::JSON), "
                      "coalesce(c.extra, '{}'))")
            values.append(f"extra = CAST(NULLIF(CAST({merged} AS VARCHAR), '{{}}') AS JSON)")
            params["mapped"] = json.dumps(dict.fromkeys(sorted(mapping.read_columns())))
        con.execute(f"UPDATE {table} SET batch_id = $batch, {', '.join(values)} FROM hb_changed c "
                    f"WHERE {table}.natural_key = c.row_key", params)
    con.execute("DROP TABLE temp.hb_changed")
    if not changed:
        return None
    one, many, what = _WHAT[table]
    rows = f"1 {one} was" if changed == 1 else f"{changed:,} {many} were"
    return (f"{rows} already in the workspace with another {what}: this file's values replace the earlier "
            "ones (undo this import to bring them back)." + _older(con, table, batch_id))


def _older(con, table: str, batch_id: int) -> str:
    """A sentence when the batch's newest row is older than the other batches' newest: an export
    older than one already imported, whose values replaced newer ones."""
    when, noun = _WHEN[table]
    own, others = con.execute(f"SELECT max({when}) FILTER (WHERE batch_id = $batch), max({when}) FILTER "
                              f"(WHERE batch_id <> $batch) FROM {table}", {"batch": batch_id}).fetchone()
    if own is None or others is None or own >= others:
        return ""
    return (f" This file's newest {noun} is from {own:%Y-%m-%d}, the workspace's from {others:%Y-%m-%d}: if it is "
            "an older export, undo it so the newer values count again.")


# Per key, the newest live batch other than $batch that gave it, with its version (`given`: only
# those whose version is kept)
_NEWEST = ("SELECT o.batch_id, o.row_key, o.version FROM shared_rows o JOIN imports i ON i.batch_id = o.batch_id "
           "AND i.undone_at IS NULL WHERE o.kind = $kind AND o.batch_id <> $batch {given} "
           "QUALIFY row_number() OVER (PARTITION BY o.row_key ORDER BY o.batch_id DESC) = 1")


def restore(con, table: str, batch_id: int) -> None:
    """Hand the rows of `batch_id` (being undone) to the newest other live batch that gave them,
    with its values, and forget the versions `batch_id` gave; its remaining rows are then deleted."""
    types = dict(con.execute(f'SELECT column_name, data_type FROM information_schema.columns '
                             f"WHERE table_name = '{table}'").fetchall())  # a fixed name
    values = ", ".join(f"{name} = CASE WHEN h.version IS NULL THEN {table}.{name} ELSE {_read(name, types[name])} END"
                       for name in VALUES[table])
    con.execute(
        f"UPDATE {table} SET batch_id = h.batch_id, {values} FROM ({_NEWEST.format(given='')}) h "
        f"WHERE {table}.batch_id = $batch AND {table}.natural_key = h.row_key", {"batch": batch_id, "kind": table})
    _forget_inherited(con, table, batch_id, types)
    con.execute("DELETE FROM shared_rows o WHERE o.kind = $kind AND (o.batch_id = $batch OR "
                f"EXISTS (SELECT 1 FROM {table} t WHERE t.batch_id = o.batch_id AND t.natural_key = o.row_key))",
                {"batch": batch_id, "kind": table})


def _forget_inherited(con, table: str, batch_id: int, types: dict[str, str]) -> None:
    """A row another batch holds keeps, in the fields that batch's file lacked, what an earlier
    version said: when `batch_id` gave that version, those fields take the newest other live
    version's values, or none."""
    holders = con.execute(
        f"SELECT DISTINCT t.batch_id, i.mapping FROM shared_rows o JOIN {table} t ON t.natural_key = o.row_key "
        "JOIN imports i ON i.batch_id = t.batch_id WHERE o.kind = $kind AND o.batch_id = $batch "
        "AND o.version IS NOT NULL AND t.batch_id <> $batch", {"batch": batch_id, "kind": table}).fetchall()
    for holder, mapping in holders:
        mapped = Mapping.from_json(mapping).columns
        lacked = [name for name in VALUES[table] if name not in _ALWAYS[table] and name not in mapped]
        if not lacked:
            continue
        values = ", ".join(f"{name} = {_read(name, types[name])}" for name in lacked)
        con.execute(
            f"UPDATE {table} SET {values} FROM (SELECT o.row_key, h.version FROM shared_rows o LEFT JOIN ("
            f"{_NEWEST.format(given='AND o.version IS NOT NULL')}) h USING (row_key) "
            "WHERE o.kind = $kind AND o.batch_id = $batch AND o.version IS NOT NULL) h "
            f"WHERE {table}.batch_id = $holder AND {table}.natural_key = h.row_key",
            {"batch": batch_id, "kind": table, "holder": holder})


def _offered(con, mapping: Mapping, good: str) -> tuple[str, dict]:
    """SQL of the batch's rows under the table's column names, with their natural key; its parameters."""
    if mapping.kind == "responses":
        return response_rows(con, mapping, good), {}
    if mapping.kind == "tickets":
        columns = ", ".join(f"{field_sql(mapping, name)} AS {name}" for name in
                            ("customer_id", "email", "created_at", "subject", "body", "status", "channel"))
        return (f"SELECT {columns}, {on_five(mapping)} AS satisfaction, extra, natural_key "
                f"FROM ({ticket_rows(con, mapping, good)})"), {}
    return revenue_rows(mapping, good)


def _given(mapping: Mapping) -> list[str]:
    """The table's values this file gives: a field it does not map keeps what the row says."""
    return [name for name in VALUES[mapping.kind] if name in _ALWAYS[mapping.kind] or name in mapping.columns]


def _as_json(table: str, alias: str) -> str:
    return "json_object(" + ", ".join(f"'{name}', {alias}.{name}" for name in VALUES[table]) + ")"


def _read(name: str, kind: str) -> str:
    """SQL: the value `name` of a stored version, typed as the column is."""
    if kind == "JSON":
        return f"CASE WHEN json_type(h.version -> '{name}') <> 'NULL' THEN h.version -> '{name}' END"
    return f"CAST(h.version ->> '{name}' AS {kind})"
