"""Open the workspace file, and the one way to write to it: `transaction`.

Only one process can hold the file for writing (DuckDB's rule); inside a process, share one
connection and take `.cursor()` per thread. Every write goes through `transaction`, which holds the
process's write lock, wraps the work in BEGIN/COMMIT (ROLLBACK on any error) and bumps `version`,
the counter the UI uses as its cache key.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from analytics.errors import WorkspaceBusy, WorkspaceUnusable
from analytics.workspace._facts import carry_facts, facts_fresh, refresh_facts
from analytics.workspace._schema import migrate

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "workspace.duckdb"

# One writer at a time inside a process; DuckDB already allows only one writing process.
# Re-entrant, so a step that holds it (loading the demo) can run whole transactions inside.
WRITE_LOCK = threading.RLock()


def workspace_path(path: str | os.PathLike | None = None) -> Path:
    """The workspace file: `path` if given, else $HEARTBEAT_WORKSPACE, else data/workspace.duckdb."""
    chosen = path or os.environ.get("HEARTBEAT_WORKSPACE") or DEFAULT_PATH
    return Path(chosen).expanduser().resolve()


MEMORY_SHARE = 0.25  # of the machine's RAM: room for the app, its scoring process and other sessions


def memory_budget() -> str:
    """DuckDB's memory limit when HEARTBEAT_MEMORY_LIMIT does not set one: a quarter of the
    machine's memory, at least 1 GB (a fixed 1 GB made a 6M-row import spill to disk)."""
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not on this platform
        return "1GB"
    return f"{max(1024, int(physical * MEMORY_SHARE) >> 20)}MB"


def connect(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the workspace and bring its schema up to date. Raises
    WorkspaceBusy or WorkspaceUnusable with a one-line reason when it cannot."""
    target = workspace_path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(target), read_only=read_only)
        # Keep big imports inside a bounded memory budget; DuckDB spills the rest next to the file.
        con.execute("SET memory_limit = ?", [os.environ.get("HEARTBEAT_MEMORY_LIMIT") or memory_budget()])
        con.execute("SET temp_directory = ?", [str(target) + ".tmp"])
        if not read_only:
            migrate(con)
    except (OSError, duckdb.Error) as err:
        raise unusable(err, target) from None
    return con


def unusable(err: BaseException, target: Path) -> WorkspaceBusy | WorkspaceUnusable:
    """The one-line reason a person can act on, for a workspace that cannot be opened or written."""
    text = str(err).lower()
    if "lock" in text:
        return WorkspaceBusy(f"The workspace {target} is open in another Heartbeat process (the app, or "
                             "another import). Close it, or import from the app's Data page.")
    if "is a directory" in text or target.is_dir():
        return WorkspaceUnusable(f"{target} is a folder, not a workspace file: give a file name such as "
                                 f"{target / 'workspace.duckdb'}.")
    if "not a valid duckdb database" in text or "not a valid" in text:
        return WorkspaceUnusable(f"{target} is not a Heartbeat workspace (a damaged or different file). It "
                                 "was left as it is: move it away, or choose another workspace file.")
    if "no space left" in text or "file too large" in text or "disk full" in text or "quota" in text:
        return WorkspaceUnusable(f"The disk is full (writing {target}): nothing was changed. Free some space "
                                 "and try again.")
    if "permission denied" in text or "read-only" in text or "read only" in text:
        return WorkspaceUnusable(f"Heartbeat cannot write to {target.parent} (a read-only folder). Choose "
                                 "a folder you can write to (--workspace, or HEARTBEAT_WORKSPACE).")
    first = str(err).splitlines()[0] if str(err) else type(err).__name__
    return WorkspaceUnusable(f"The workspace {target} cannot be used: {first}")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, *, bump: bool = True,
                rows: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """Write atomically: the process's write lock, BEGIN, the caller's statements, the version bump
    (unless `bump=False`: a step of a longer job that bumps once at its end) with the derived facts
    rebuilt (or, when the caller says its write changed no customer, answer or ticket row with
    `rows=False`, kept), COMMIT. Any error rolls everything back and propagates."""
    with WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        try:
            fresh = bump and not rows and facts_fresh(con)
            yield con
            if bump:
                con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
                            "WHERE key = 'version'")
                refresh_facts(con) if rows else carry_facts(con, fresh)
            con.execute("COMMIT")
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except duckdb.TransactionException:
                pass  # a failed COMMIT (a full disk) has already ended the transaction
            raise


def version(con: duckdb.DuckDBPyConnection) -> int:
    """Counter bumped by every write: the cache key for anything read from the data."""
    return int(con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str | None) -> None:
    """Write one setting; call it inside a `transaction`."""
    if value is None:
        con.execute("DELETE FROM meta WHERE key = ?", [key])
    else:
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return get_meta(con, "origin") == "demo"


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM imports WHERE undone_at IS NULL").fetchone()[0] == 0


SUMMARY = """
SELECT
    (SELECT count(*) FROM customers) AS customers,
    (SELECT count(*) FILTER (WHERE churned) FROM customers) AS churned,
    (SELECT count(*) FROM responses) AS responses,
    (SELECT count(comment) FROM responses) AS comments,
    (SELECT count(*) FROM tickets) AS tickets,
    (SELECT count(DISTINCT month) FROM revenue) AS revenue_months,
    (SELECT count(*) FROM imports WHERE undone_at IS NULL) AS batches
"""


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of what the workspace holds."""
    cursor = con.execute(SUMMARY)
    names = [column[0] for column in cursor.description]
    return dict(zip(names, cursor.fetchone()))
