"""The workspace: one DuckDB file holding every imported row, the import history and settings.

Only one process can hold the file for writing (DuckDB's rule); inside a process, share one
connection and take `.cursor()` per thread. Every import or undo bumps `version`, which the UI uses
as its cache key. Raw uploaded rows are never modified: `customers` is rebuilt from the
`customer_versions` that each customer file adds.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

from analytics.errors import WorkspaceBusy

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "workspace.duckdb"
SCHEMA_VERSION = 1

# One writer at a time inside a process; DuckDB already allows only one writing process.
WRITE_LOCK = threading.RLock()

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS batch_ids START 1;
CREATE TABLE IF NOT EXISTS imports (
    batch_id INTEGER, file_name VARCHAR, sha256 VARCHAR, kind VARCHAR, layout VARCHAR,
    encoding VARCHAR, delimiter VARCHAR, mapping JSON, kept_columns JSON,
    rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, rows_duplicate BIGINT,
    imported_at TIMESTAMP, undone_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS rejects (batch_id INTEGER, line BIGINT, raw VARCHAR, reason VARCHAR);
CREATE TABLE IF NOT EXISTS mappings (
    signature VARCHAR PRIMARY KEY, kind VARCHAR, mapping JSON, saved_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS customer_versions (
    batch_id INTEGER, customer_id VARCHAR, name VARCHAR, email VARCHAR, segment VARCHAR,
    plan VARCHAR, region VARCHAR, signup_date DATE, mrr DOUBLE, churned BOOLEAN,
    churn_date DATE, churn_reason VARCHAR, extra JSON
);
CREATE TABLE IF NOT EXISTS customers (
    customer_id VARCHAR, name VARCHAR, email VARCHAR, segment VARCHAR, plan VARCHAR,
    region VARCHAR, signup_date DATE, mrr DOUBLE, churned BOOLEAN, status VARCHAR,
    churn_date DATE, churn_reason VARCHAR, extra JSON
);
CREATE TABLE IF NOT EXISTS responses (
    batch_id INTEGER, response_id VARCHAR, customer_id VARCHAR, email VARCHAR,
    responded_at TIMESTAMP, kind VARCHAR, score DOUBLE, scale_min INTEGER, scale_max INTEGER,
    comment VARCHAR, extra JSON
);
CREATE TABLE IF NOT EXISTS tickets (
    batch_id INTEGER, ticket_id VARCHAR, customer_id VARCHAR, email VARCHAR,
    created_at TIMESTAMP, subject VARCHAR, body VARCHAR, satisfaction DOUBLE, status VARCHAR,
    channel VARCHAR, extra JSON
);
CREATE TABLE IF NOT EXISTS revenue (
    batch_id INTEGER, customer_id VARCHAR, month DATE, mrr DOUBLE
);
CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value JSON);
-- Rows a batch offered that an earlier batch had already loaded: if that earlier batch is
-- undone, its copy passes to this one instead of disappearing.
CREATE TABLE IF NOT EXISTS shared_rows (batch_id INTEGER, kind VARCHAR, row_key VARCHAR);
"""

# Derived views: linking by customer id, else by normalised email (DESIGN: linking key).
_VIEWS = """
-- An email links only when exactly one customer has it (a shared inbox links no one).
CREATE OR REPLACE VIEW unique_emails AS
SELECT email, any_value(customer_id) AS customer_id FROM customers
WHERE email IS NOT NULL GROUP BY email HAVING count(*) = 1;

CREATE OR REPLACE VIEW responses_linked AS
SELECT r.* REPLACE (coalesce(r.customer_id, c.customer_id) AS customer_id)
FROM responses r
LEFT JOIN unique_emails c ON r.customer_id IS NULL AND r.email IS NOT NULL AND c.email = r.email;

CREATE OR REPLACE VIEW tickets_linked AS
SELECT t.* REPLACE (coalesce(t.customer_id, c.customer_id) AS customer_id)
FROM tickets t
LEFT JOIN unique_emails c ON t.customer_id IS NULL AND t.email IS NOT NULL AND c.email = t.email;

-- Every piece of customer text, with its source, customer, time and the score it came with.
CREATE OR REPLACE VIEW voices AS
SELECT 'r:' || response_id AS voice_id, 'survey' AS source, customer_id, responded_at AS at,
       comment AS text, kind, score, scale_min, scale_max
FROM responses_linked WHERE comment IS NOT NULL
UNION ALL
SELECT 't:' || ticket_id, 'ticket', customer_id, created_at,
       concat_ws(E'\n\n', subject, body), 'ticket', satisfaction, 1, 5
FROM tickets_linked WHERE coalesce(subject, body) IS NOT NULL
UNION ALL
SELECT 'c:' || customer_id, 'churn_reason', customer_id, CAST(churn_date AS TIMESTAMP),
       churn_reason, 'churn', NULL, NULL, NULL
FROM customers WHERE churn_reason IS NOT NULL;
"""

# The current customer: for each field, the value from the latest import that had one;
# unmapped columns merged across files (a later file's value wins). {which} limits the rebuild
# to the customers a batch touched.
CURRENT_CUSTOMERS = """
WITH live AS (
    SELECT v.* FROM customer_versions v
    JOIN imports i ON i.batch_id = v.batch_id AND i.undone_at IS NULL
    WHERE {which}
)
SELECT
    customer_id,
    arg_max(name, batch_id) FILTER (WHERE name IS NOT NULL) AS name,
    arg_max(email, batch_id) FILTER (WHERE email IS NOT NULL) AS email,
    arg_max(segment, batch_id) FILTER (WHERE segment IS NOT NULL) AS segment,
    arg_max(plan, batch_id) FILTER (WHERE plan IS NOT NULL) AS plan,
    arg_max(region, batch_id) FILTER (WHERE region IS NOT NULL) AS region,
    arg_max(signup_date, batch_id) FILTER (WHERE signup_date IS NOT NULL) AS signup_date,
    arg_max(mrr, batch_id) FILTER (WHERE mrr IS NOT NULL) AS mrr,
    coalesce(arg_max(churned, batch_id) FILTER (WHERE churned IS NOT NULL), false) AS churned,
    CASE WHEN coalesce(arg_max(churned, batch_id) FILTER (WHERE churned IS NOT NULL), false)
         THEN 'churned' ELSE 'active' END AS status,
    arg_max(churn_date, batch_id) FILTER (WHERE churn_date IS NOT NULL) AS churn_date,
    arg_max(churn_reason, batch_id) FILTER (WHERE churn_reason IS NOT NULL) AS churn_reason,
    list_reduce(list(extra ORDER BY batch_id), lambda a, b: json_merge_patch(a, b)) AS extra
FROM live
GROUP BY customer_id
"""
TOUCHED = "customer_id IN (SELECT customer_id FROM hb_touched)"


def workspace_path(path: str | os.PathLike | None = None) -> Path:
    """The workspace file: `path` if given, else $HEARTBEAT_WORKSPACE, else data/workspace.duckdb."""
    chosen = path or os.environ.get("HEARTBEAT_WORKSPACE") or DEFAULT_PATH
    return Path(chosen).expanduser().resolve()


def connect(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the workspace and bring its schema up to date."""
    target = workspace_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(target), read_only=read_only)
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            raise WorkspaceBusy(
                f"The workspace {target} is open in another Heartbeat process (the app, or another "
                "import). Close it, or import from the app's Data page."
            ) from err
        raise
    # Keep big imports inside a bounded memory budget; DuckDB spills the rest next to the file.
    con.execute("SET memory_limit = ?", [os.environ.get("HEARTBEAT_MEMORY_LIMIT", "1GB")])
    con.execute("SET temp_directory = ?", [str(target) + ".tmp"])
    if not read_only:
        migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_SCHEMA)
    con.execute(_VIEWS)
    con.execute(
        "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?), ('version', '0')",
        [str(SCHEMA_VERSION)],
    )


def version(con: duckdb.DuckDBPyConnection) -> int:
    """Counter bumped by every import and undo: the cache key for anything read from the data."""
    return int(con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])


def bump_version(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) WHERE key = 'version'")


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str | None) -> None:
    if value is None:
        con.execute("DELETE FROM meta WHERE key = ?", [key])
    else:
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return get_meta(con, "origin") == "demo"


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM imports WHERE undone_at IS NULL").fetchone()[0] == 0


def rebuild_customers(con: duckdb.DuckDBPyConnection, batch_id: int | None = None) -> None:
    """Recompute current customers from their versions: all of them, or only those in `batch_id`."""
    if batch_id is None:
        con.execute("CREATE OR REPLACE TABLE customers AS "
                    + CURRENT_CUSTOMERS.format(which="true") + " ORDER BY customer_id")
        return
    con.execute("CREATE OR REPLACE TEMP TABLE hb_touched AS SELECT DISTINCT customer_id "
                "FROM customer_versions WHERE batch_id = ?", [batch_id])
    con.execute(f"DELETE FROM customers WHERE {TOUCHED}")
    con.execute("INSERT INTO customers " + CURRENT_CUSTOMERS.format(which=TOUCHED))
    con.execute("DROP TABLE temp.hb_touched")


def clear(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the workspace (all data, history and remembered mappings) in one transaction."""
    with WRITE_LOCK:
        _clear(con)


def _clear(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ("imports", "rejects", "customer_versions", "customers", "responses",
                      "tickets", "revenue", "mappings", "shared_rows"):
            con.execute(f'DELETE FROM "{table}"')  # fixed table names from this module
        set_meta(con, "origin", "empty")
        bump_version(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


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
