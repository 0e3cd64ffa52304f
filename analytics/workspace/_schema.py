"""Every table and view of a workspace, created by one migration.

Uploaded rows (customer_versions, responses, tickets, revenue) change only when a later batch gives
a row other values or the batch holding it is undone (ingest._versions); what Heartbeat derives from them (current customers, sentiment, theme tags, saved
taxonomies and cases, facts read by the figures) lives in tables of its own.
"""

from __future__ import annotations

from analytics.workspace._facts import facts_fresh, refresh_facts
from analytics.workspace._keys import fill_keys, rekey_number_ids

SCHEMA_VERSION = 13

TABLES = """
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
    comment VARCHAR, extra JSON, respondent_id VARCHAR, natural_key VARCHAR
);
CREATE TABLE IF NOT EXISTS tickets (
    batch_id INTEGER, ticket_id VARCHAR, customer_id VARCHAR, email VARCHAR,
    created_at TIMESTAMP, subject VARCHAR, body VARCHAR, satisfaction DOUBLE, status VARCHAR,
    channel VARCHAR, extra JSON, natural_key VARCHAR
);
CREATE TABLE IF NOT EXISTS revenue (
    batch_id INTEGER, customer_id VARCHAR, month DATE, mrr DOUBLE, natural_key VARCHAR
);
CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value JSON);
-- An answer, ticket or revenue row that more than one batch gave, stored under the newest that changed
-- it: each other batch that gave it, with the version it gave (NULL: the values stored). Undoing the
-- batch holding a row hands it to the newest of them (ingest._versions).
CREATE TABLE IF NOT EXISTS shared_rows (batch_id INTEGER, kind VARCHAR, row_key VARCHAR, version JSON);
-- Derived from the voices: sentiment in [-1, 1] (NULL in a language it does not read) and the
-- language (ISO 639-1, NULL when not known), with an md5 of the text they were computed on;
-- and one row per theme a voice carries, with the keyword or rule that matched.
CREATE TABLE IF NOT EXISTS voice_enrichment (
    voice_id VARCHAR, sentiment DOUBLE, text_hash VARCHAR, enriched_at TIMESTAMP, language VARCHAR
);
-- Facts derived from the rows at every write (_facts): the customer an id written another way
-- names, the customer an unlinked row's email names, and each detractor answer's span.
CREATE TABLE IF NOT EXISTS id_links (written VARCHAR, customer_id VARCHAR);
CREATE TABLE IF NOT EXISTS email_links (email VARCHAR, customer_id VARCHAR);
CREATE TABLE IF NOT EXISTS nps_spans (
    customer_id VARCHAR, "at" TIMESTAMP, score DOUBLE, next_at TIMESTAMP, comment VARCHAR
);
CREATE TABLE IF NOT EXISTS voice_themes (voice_id VARCHAR, theme_id VARCHAR, matched VARCHAR);
-- The analyst's corrections of those tags (voices._corrections): the voice carries the theme or
-- not, whatever the rules say; every later tagging applies them. Kept when the workspace is emptied.
CREATE TABLE IF NOT EXISTS tag_corrections (
    voice_id VARCHAR, theme_id VARCHAR, carries BOOLEAN, by_user VARCHAR, "at" TIMESTAMP
);
-- The analyst's taxonomy (empty until one is saved: the default taxonomy applies).
CREATE TABLE IF NOT EXISTS themes (
    theme_id VARCHAR PRIMARY KEY, position INTEGER, name VARCHAR NOT NULL,
    keywords VARCHAR[], rules VARCHAR[], examples VARCHAR[], saved_at TIMESTAMP
);
-- Roles granted by an admin (viewer | analyst | admin), by e-mail (_roles).
CREATE TABLE IF NOT EXISTS roles (email VARCHAR PRIMARY KEY, role VARCHAR, granted_at TIMESTAMP);
-- Who did what, append only: never updated, deleted, emptied or snapshotted (_audit).
CREATE TABLE IF NOT EXISTS audit ("at" TIMESTAMP, user_name VARCHAR, action VARCHAR, detail JSON);
-- Snapshots taken before emptying or restoring: their data lives in a schema snapshot_<id>.
CREATE SEQUENCE IF NOT EXISTS snapshot_ids START 1;
CREATE TABLE IF NOT EXISTS snapshots (
    snapshot_id INTEGER, taken_at TIMESTAMP, reason VARCHAR, counts JSON, origin VARCHAR,
    schema_version INTEGER
);
-- Saved investment cases: their definition; figures are recomputed when one is opened.
CREATE TABLE IF NOT EXISTS cases (
    name VARCHAR PRIMARY KEY, definition JSON, quote_ids JSON, created_at TIMESTAMP,
    updated_at TIMESTAMP
);
"""

# Derived views: linking by customer id (as written, else written another way), else by
# normalised email (DESIGN: linking key), through the id_links and email_links facts (_facts: an
# id or email links only when exactly one customer has it; only the ids that are no customer's and
# the emails of rows without a customer are listed, so a table whose rows all carry a customer's id
# joins two empty tables). The views name their columns and use only portable SQL, so that the
# same text, transpiled, defines them on another engine (analytics.engine).
LINKED = """
CREATE OR REPLACE VIEW {table}_linked AS
SELECT {columns}
FROM {table} {alias}
LEFT JOIN id_links i ON i.written = {alias}.customer_id
LEFT JOIN email_links c
       ON ({alias}.customer_id IS NULL OR i.written IS NOT NULL) AND {alias}.email IS NOT NULL
      AND c.email = {alias}.email;
"""

# A revenue history's rows carry an id only: as written, else written another way (id_links).
REVENUE_LINKED = """
CREATE OR REPLACE VIEW revenue_linked AS
SELECT {columns}
FROM revenue v
LEFT JOIN id_links i ON i.written = v.customer_id;
"""

VOICES = """
-- Every piece of customer text, with its source, customer, time and the score it came with.
CREATE OR REPLACE VIEW voices AS
SELECT 'r:' || response_id AS voice_id, 'survey' AS source, customer_id, responded_at AS at,
       comment AS text, kind, score, scale_min, scale_max, extra
FROM responses_linked WHERE comment IS NOT NULL
UNION ALL
SELECT 't:' || ticket_id, 'ticket', customer_id, created_at,
       concat_ws(E'\\n\\n', subject, body), 'ticket', satisfaction, 1, 5, extra
FROM tickets_linked WHERE coalesce(subject, body) IS NOT NULL
UNION ALL
SELECT 'c:' || customer_id, 'churn_reason', customer_id, CAST(churn_date AS TIMESTAMP),
       churn_reason, 'churn', NULL, NULL, NULL, extra
FROM customers WHERE churn_reason IS NOT NULL;

CREATE OR REPLACE VIEW voices_enriched AS
SELECT v.*, e.sentiment, e.language, coalesce(t.themes, []::VARCHAR[]) AS themes
FROM voices v
LEFT JOIN voice_enrichment e ON e.voice_id = v.voice_id
LEFT JOIN (SELECT voice_id, list(theme_id ORDER BY theme_id) AS themes
           FROM voice_themes GROUP BY voice_id) t ON t.voice_id = v.voice_id;
"""


def views(columns) -> str:
    """The derived views' SQL (DuckDB's dialect), given `columns(table)`: a table's column names in order."""
    linked = []
    for table, alias in (("responses", "r"), ("tickets", "t")):
        names = [f'coalesce(i.customer_id, c.customer_id, {alias}.customer_id) AS customer_id' if name == "customer_id"
                 else f'{alias}."{name}"' for name in columns(table)]
        linked.append(LINKED.format(table=table, alias=alias, columns=", ".join(names)))
    revenue = ", ".join('coalesce(i.customer_id, v.customer_id) AS customer_id' if name == "customer_id"
                        else f'v."{name}"' for name in columns("revenue"))
    return ("DROP VIEW IF EXISTS unique_emails;" + "".join(linked) + REVENUE_LINKED.format(columns=revenue)
            + VOICES)


def column_names(con, table: str) -> list[str]:
    """A table's column names, in order."""
    return [row[0] for row in con.execute(f'SELECT * FROM "{table}" LIMIT 0').description]


# Tables `clear` empties: every uploaded row, the import history and remembered mappings (the
# taxonomy and saved cases stay; enrichment of voices that are gone is dropped by the next enrich).
DATA_TABLES = ("imports", "rejects", "customer_versions", "customers", "responses", "tickets",
               "revenue", "mappings", "shared_rows")


def migrate(con) -> None:
    """Bring the workspace's tables and views up to date (idempotent)."""
    con.execute(TABLES)
    # Version 3: the answers one person gave in one row of a file (a review's stars, its
    # "would recommend" and its text) share a respondent_id.
    con.execute("ALTER TABLE responses ADD COLUMN IF NOT EXISTS respondent_id VARCHAR")
    # Version 5: only answers that share their row with another carry one (a lone answer has
    # nothing to share, and every population would otherwise group all of them by it).
    stored = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if stored is not None and int(stored[0]) < 5:
        con.execute("UPDATE responses SET respondent_id = NULL WHERE respondent_id = response_id")
    # Version 7: each voice's language, and no sentiment in a language VADER does not read: every
    # voice is enriched again (in the background, as after an import).
    con.execute("ALTER TABLE voice_enrichment ADD COLUMN IF NOT EXISTS language VARCHAR")
    if stored is not None and int(stored[0]) < 7:
        con.execute("UPDATE voice_enrichment SET text_hash = NULL; DELETE FROM meta WHERE key = 'enriched_version'")
    # Version 9: answers, tickets and revenue rows carry their natural key (_keys), by which a re-export with
    # another layout is recognised; the rows of older imports are keyed once.
    for table in ("responses", "tickets", "revenue"):
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS natural_key VARCHAR")  # fixed names
    if stored is not None and int(stored[0]) < 9:
        fill_keys(con, legacy_shared=True)
    # Version 12: a later export's changed values replace a row's, the version replaced kept (ingest._versions).
    con.execute("ALTER TABLE shared_rows ADD COLUMN IF NOT EXISTS version JSON")
    # Version 13: an ID of digits is keyed as a number ('00123' is '123'), as a spreadsheet may write it.
    if stored is not None and int(stored[0]) < 13:
        rekey_number_ids(con)
    con.execute(views(lambda table: column_names(con, table)))
    con.execute("INSERT OR IGNORE INTO meta VALUES ('version', '0')")
    # Version 6: facts derived at write time (_facts); a workspace written before them builds them
    # once. Version 8: the email links joined the facts; version 10: the id links; 11: of revenue too.
    if not facts_fresh(con) or (stored is not None and int(stored[0]) < 11):
        refresh_facts(con)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
