"""Which tables travel when a workspace moves to another engine."""

# The tables Heartbeat's figures, evidence, voices, pages and exports read, under their own names
# (meta, whose version keys say the stored facts are current; the import history with its
# rejected rows; the roles granted; the audit trail, which records who exported what from a copy
# too). Another engine given these defines the derived views from the same SQL and answers every
# query Heartbeat asks.
READ_TABLES = ("meta", "settings", "imports", "rejects", "roles", "audit", "customers", "responses", "tickets",
               "revenue", "id_links", "email_links", "nps_spans", "voice_enrichment", "voice_themes", "tag_corrections",
               "themes", "cases")
# What a write needs beyond them, so that PostgreSQL holds the whole workspace (the team store):
# every version of each customer (a later customer file is merged with them), the mappings
# remembered per file layout, and the rows a batch shares with an earlier one (undo hands them
# over). Snapshots are copies of a DuckDB file and stay with it.
STORE_TABLES = (*READ_TABLES, "customer_versions", "mappings", "shared_rows")
