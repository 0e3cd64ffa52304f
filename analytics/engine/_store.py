"""PostgreSQL as the team store: several app processes and the command line write one workspace.

Reads go to PostgreSQL as they do for any copy (`_postgres`). A write (an import, an undo, a theme
edit, a role granted…) runs Heartbeat's own DuckDB write path unchanged, on a private copy:

1. take the store's write lock, a PostgreSQL advisory lock: writers queue, readers never wait;
2. pull every table (STORE_TABLES) into a new DuckDB workspace in a temporary folder, from one
   snapshot of the store;
3. run the write there, then the caller's `settle` step (the app and the command line enrich the
   voices it added: sentiment, language, themes), so a batch lands with its enrichment;
4. push what changed in one PostgreSQL transaction: in the tables kept by batch (answers, tickets,
   revenue, rejects, history…), the rows of each batch whose rows changed; in the tables kept by a
   key (KEYS: each voice's enrichment and tags, each customer and their NPS spans), the rows of each
   key whose rows changed; any other table that changed, whole. Readers see the store as it was
   before or after the write, never between.

An empty database becomes a new store on its first write; a store written by an older Heartbeat
is brought up to date by the same migrations as a DuckDB file, and its tables that changed shape
are recreated.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psycopg

from analytics.engine._copy import TYPES, columns_of, copy_rows, create_table, define_views
from analytics.engine._tables import STORE_TABLES
from analytics.workspace import connect as connect_workspace
from analytics.workspace import migrate

LOCK_KEY = 0x4842_5354_4F52  # the store's advisory lock ("HBSTOR"); one per database
# Tables without batches whose rows a write changes a few keys at a time (an import enriches its
# new voices and rebuilds the spans of the customers it touched): their key column. The audit trail
# is only ever appended to, also by reads that record themselves straight into the store (a sign-in,
# an export): keyed by time, a write adds its own rows and leaves those.
KEYS = {"voice_enrichment": "voice_id", "voice_themes": "voice_id", "nps_spans": "customer_id",
        "customers": "customer_id", "id_links": "written", "email_links": "email", "audit": "at"}
WHOLE_ABOVE = (0.5, 10_000)  # past this share of its keys changed, a table this big is written whole
Fingerprint = dict[object, tuple[int, int]]  # per batch (or None: the whole table): rows and a hash sum


@contextmanager
def writing(url: str, settle: Callable | None = None) -> Iterator:
    """A DuckDB workspace holding the store at `url`, to write with Heartbeat's own functions; what
    changed reaches the store in one transaction when the block ends without an error, after
    `settle(workspace)` if given (see the module docstring). An error leaves the store as it was."""
    with tempfile.TemporaryDirectory(prefix="heartbeat-store-") as folder, \
            psycopg.connect(url, autocommit=True) as lock:
        lock.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            con = connect_workspace(Path(folder) / "store.duckdb")
            try:
                pull(url, con, Path(folder))
                before = fingerprints(con)
                for table in KEYS:  # the keyed tables as pulled, to find the keys a write changed
                    con.execute(f'CREATE TEMP TABLE "pulled_{table}" AS SELECT * FROM "{table}"')
                yield con
                if settle is not None:
                    settle(con)
                push(url, con, before, Path(folder))
            finally:
                con.close()
        finally:
            lock.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def ensure(url: str) -> None:
    """Make the database at `url` a store if it holds none yet: every table, empty, and the views."""
    with psycopg.connect(url, autocommit=True) as pg:
        if pg.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]:
            return
    with writing(url):
        pass


def pull(url: str, con, folder: Path) -> None:
    """Fill the new DuckDB workspace `con` with every table the store holds, from one snapshot.
    PostgreSQL writes each table out while DuckDB reads the one before (two cores, both busy)."""
    with psycopg.connect(url) as pg, ThreadPoolExecutor(max_workers=1) as loader:
        pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # every table as of one moment
        held = _columns(pg)
        loads = []
        for table in STORE_TABLES:
            if table in held:
                columns = columns_of(con, table)
                file = _dump(pg, table, columns, held[table], folder)
                loads.append(loader.submit(_load, con.cursor(), table, columns, file))
        for load in loads:
            load.result()  # the first error, if any, stops the write here
    if not held:
        return  # an empty database: the store begins with this write
    migrate(con)  # a store of an older version: the same steps as a DuckDB file of that version
    first = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM imports").fetchone()[0]
    con.execute(f"CREATE OR REPLACE SEQUENCE batch_ids START {int(first)}")  # an integer DuckDB counted


def _dump(pg, table: str, columns: list[tuple[str, str]], held: list[str], folder: Path) -> Path:
    """The store's `table` as a CSV file, in the DuckDB table's column order (NULL for a column an
    older store lacks)."""
    sent = ", ".join(_sent(name, kind) if name in held else "NULL" for name, kind in columns)
    file = folder / f"pulled_{table}.csv"
    with pg.cursor().copy(f'COPY (SELECT {sent} FROM "{table}") TO STDOUT (FORMAT csv)') as copy, \
            file.open("wb") as out:
        for data in copy:
            out.write(data)
    return file


def _load(con, table: str, columns: list[tuple[str, str]], file: Path) -> None:
    """Replace the rows of `table` in DuckDB with the CSV `file`: every cell read as text, then cast
    (PostgreSQL's CSV writes NULL unquoted and an empty text quoted)."""
    try:
        read = {f"c{i}": "VARCHAR" for i in range(len(columns))}
        cast = ", ".join(_received(f"c{i}", kind) for i, (_, kind) in enumerate(columns))
        con.execute(f'DELETE FROM "{table}"')
        con.execute(f'INSERT INTO "{table}" SELECT {cast} FROM read_csv(?, header = false, columns = ?, '
                    "quote = '\"', escape = '\"', allow_quoted_nulls = false, auto_detect = false)",
                    [str(file), read])
    finally:
        con.close()
        file.unlink()


def _sent(name: str, kind: str) -> str:
    """A column as PostgreSQL writes it for DuckDB: a text[] as a JSON array, else as it is."""
    return f'array_to_json("{name}")::text' if kind == "VARCHAR[]" else f'"{name}"'


def _received(column: str, kind: str) -> str:
    if kind == "VARCHAR[]":
        return f"""from_json({column}, '["VARCHAR"]')"""
    return f"CAST({column} AS {kind})" if kind != "VARCHAR" else column


def fingerprints(con) -> dict[str, Fingerprint]:
    """Per table, the rows and a sum of row hashes of each batch (tables with a batch_id) or of the
    whole table: what `push` compares to find what a write changed."""
    found = {}
    for table in STORE_TABLES:
        batched = "batch_id" in (name for name, _ in columns_of(con, table))
        key = "batch_id" if batched else "NULL"
        found[table] = {batch: (rows, total) for batch, rows, total in con.execute(
            f'SELECT {key}, count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM "{table}" t GROUP BY ALL').fetchall()}
    return found


def push(url: str, con, before: dict[str, Fingerprint], folder: Path) -> dict[str, int]:
    """Write to the store what changed in `con` since `before`, in one transaction; the rows
    written per table."""
    after = fingerprints(con)
    written = {}
    with psycopg.connect(url) as pg, pg.transaction():
        pg.execute("SET LOCAL client_min_messages = warning")
        held = _columns(pg)
        reshaped = False
        for table in STORE_TABLES:
            if held.get(table) != [name for name, _ in columns_of(con, table)]:  # new, or of another version
                create_table(pg, con, table)
                written[table] = copy_rows(pg, con, table, folder)
                reshaped = True
            elif before[table] != after[table]:
                written[table] = _replace_changed(pg, con, table, before[table], after[table], folder)
            else:
                continue
            pg.execute(f'ANALYZE "{table}"')  # the planner's statistics, before anyone reads it
        if reshaped:
            define_views(pg, con)
    return written


def _replace_changed(pg, con, table: str, old: Fingerprint, new: Fingerprint, folder: Path) -> int:
    if table in KEYS and (written := _replace_keys(pg, con, table, folder)) is not None:
        return written
    changed = [batch for batch in old.keys() | new.keys() if old.get(batch) != new.get(batch)]
    if None in changed:  # a table without batches (or rows without one): replaced whole
        pg.execute(f'DELETE FROM "{table}"')
        return copy_rows(pg, con, table, folder)
    pg.execute(f'DELETE FROM "{table}" WHERE batch_id = ANY(%s)', [changed])
    return copy_rows(pg, con, table, folder, changed)


def _replace_keys(pg, con, table: str, folder: Path) -> int | None:
    """Write the rows of each key of `table` whose rows changed since the pull; None when the table
    is better written whole (most keys changed, or a row without a key did)."""
    key = KEYS[table]  # fixed names, never uploaded text
    by_key = 'SELECT "{key}" AS k, count(*) AS n, sum(hash(t)::HUGEINT) AS h FROM "{table}" t GROUP BY 1'
    con.execute(f"CREATE OR REPLACE TEMP TABLE changed_keys AS SELECT coalesce(now.k, was.k) AS k "
                f"FROM ({by_key.format(key=key, table=table)}) now "
                f"FULL JOIN ({by_key.format(key=key, table='pulled_' + table)}) was "
                "ON now.k IS NOT DISTINCT FROM was.k "
                "WHERE now.n IS DISTINCT FROM was.n OR now.h IS DISTINCT FROM was.h")
    changed, without, keys = con.execute(  # keys: as many as the table held before or holds now
        f'SELECT count(*), count(*) - count(k), greatest((SELECT count(DISTINCT "{key}") FROM "{table}"), '
        f'(SELECT count(DISTINCT "{key}") FROM "pulled_{table}")) FROM changed_keys').fetchone()
    share, rows = WHOLE_ABOVE
    if without or changed > share * keys and keys >= rows:
        return None
    kind = TYPES[dict(columns_of(con, table))[key]]  # the key's own type: a time compares as a time
    pg.execute(f'CREATE TEMP TABLE "changed_{table}" (k {kind}) ON COMMIT DROP')
    with pg.cursor().copy(f'COPY "changed_{table}" FROM STDIN') as copy:
        for (value,) in con.execute("SELECT k FROM changed_keys").fetchall():
            copy.write_row((value,))
    pg.execute(f'DELETE FROM "{table}" WHERE "{key}" IN (SELECT k FROM "changed_{table}")')
    return copy_rows(pg, con, table, folder, where=f'"{key}" IN (SELECT k FROM temp.changed_keys)',
                     pg_where=f'"{key}" IN (SELECT k FROM "changed_{table}")')


def _columns(pg) -> dict[str, list[str]]:
    """The store's tables among STORE_TABLES, each with its column names in order."""
    rows = pg.execute("SELECT table_name, column_name FROM information_schema.columns "
                      "WHERE table_schema = current_schema() AND table_name = ANY(%s) "
                      "ORDER BY table_name, ordinal_position", [list(STORE_TABLES)]).fetchall()
    held: dict[str, list[str]] = {}
    for table, column in rows:
        held.setdefault(table, []).append(column)
    return held

