"""Nothing lost by mistake: emptying keeps a snapshot, and any snapshot can be brought back.

A snapshot is a copy of every uploaded row, the import history, remembered mappings and the
sentiment and theme tags of the voices, as tables of a schema `snapshot_<id>` inside the same
workspace file (so a backup of the file carries them), listed in the `snapshots` table. Emptying
takes the snapshot and deletes in one transaction; restoring first snapshots what is there now
(when there is anything), then replaces it, also in one transaction: either step happens whole or
not at all. The taxonomy and saved cases are never emptied, so they are not copied.
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from analytics.errors import InputError
from analytics.workspace._audit import record
from analytics.workspace._keys import fill_keys, rekey_number_ids
from analytics.workspace._roles import require
from analytics.workspace._schema import DATA_TABLES, SCHEMA_VERSION
from analytics.workspace._store import get_meta, set_meta, summary, transaction

COPIED = DATA_TABLES + ("voice_enrichment", "voice_themes")  # fixed names from the schema


class NoSuchSnapshot(InputError):
    """The snapshot asked for does not exist."""


def _schema(snapshot_id: int) -> str:
    return f'"snapshot_{int(snapshot_id)}"'  # an integer: safe as an identifier


def _take(con: duckdb.DuckDBPyConnection, reason: str) -> int:
    """Copy the current data into a new snapshot (call inside a transaction)."""
    snapshot_id = con.execute("SELECT nextval('snapshot_ids')").fetchone()[0]
    counts = summary(con)
    con.execute(f"CREATE SCHEMA {_schema(snapshot_id)}")
    for table in COPIED:
        con.execute(f'CREATE TABLE {_schema(snapshot_id)}."{table}" AS SELECT * FROM main."{table}"')
    con.execute("INSERT INTO snapshots VALUES (?, now(), ?, ?, ?, ?)",
                [snapshot_id, reason, json.dumps(counts), get_meta(con, "origin"), SCHEMA_VERSION])
    return int(snapshot_id)


def clear(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the workspace (all data, history and remembered mappings) in one transaction, with no
    snapshot: for leaving the demo (use `empty` for anything else)."""
    require("admin", "empty the workspace")
    with transaction(con):
        for table in DATA_TABLES:
            con.execute(f'DELETE FROM "{table}"')  # fixed table names from the schema
        set_meta(con, "origin", "empty")
        record(con, "empty", snapshot=None, reason="left the demo")


def empty(con: duckdb.DuckDBPyConnection, reason: str = "emptied") -> int:
    """Empty the workspace (uploads, history, mappings, tags), keeping a snapshot of it first, in one
    transaction. Returns the snapshot's id."""
    require("admin", "empty the workspace")
    with transaction(con):
        snapshot_id = _take(con, reason)
        for table in COPIED:
            con.execute(f'DELETE FROM main."{table}"')
        set_meta(con, "origin", "empty")
        record(con, "empty", snapshot=snapshot_id, reason=reason)
    return snapshot_id


def snapshots(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every snapshot, newest first: snapshot_id, taken_at, reason, origin, and what it holds
    (customers, responses, tickets, batches)."""
    frame = con.execute("SELECT snapshot_id, taken_at, reason, origin, counts FROM snapshots "
                        "ORDER BY snapshot_id DESC").df()
    held = pd.DataFrame([json.loads(text) for text in frame.pop("counts")],
                        columns=["customers", "responses", "tickets", "batches"])
    return pd.concat([frame, held[["customers", "responses", "tickets", "batches"]]], axis=1)


def restore(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> int | None:
    """Bring snapshot `snapshot_id` back in place of the current data. What is there now is kept
    as a snapshot first (returned; None when the workspace was empty), so a restore can be undone
    the same way."""
    require("admin", "restore a snapshot")
    row = con.execute("SELECT origin, coalesce(schema_version, 0) FROM snapshots WHERE snapshot_id = ?",
                      [snapshot_id]).fetchone()
    if row is None:
        known = ", ".join(str(i) for i in snapshots(con)["snapshot_id"]) or "none yet"
        raise NoSuchSnapshot(f"There is no snapshot {snapshot_id}. Snapshots: {known}.")
    with transaction(con):
        current = summary(con)
        kept = _take(con, f"before restoring snapshot {snapshot_id}") if any(current.values()) else None
        for table in COPIED:
            con.execute(f'DELETE FROM main."{table}"')
            # BY NAME: a snapshot taken before a column was added still restores (the column stays empty)
            con.execute(f'INSERT INTO main."{table}" BY NAME SELECT * FROM {_schema(snapshot_id)}."{table}"')
        if row[1] < 9:  # taken before answers and tickets carried their natural key
            fill_keys(con, legacy_shared=True)
        if row[1] < 13:  # before an ID of digits was keyed as a number
            rekey_number_ids(con)
        set_meta(con, "origin", row[0] or "upload")
        record(con, "restore", snapshot=int(snapshot_id), kept_as=kept)
    return kept
