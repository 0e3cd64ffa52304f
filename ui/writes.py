"""The one way the app writes: `writer(con)` is the DuckDB file itself, or on the PostgreSQL store a
private copy whose changes land in one transaction, with the voices they added enriched first (so
every process sees a batch with its sentiment and themes)."""

from analytics import engine, voices


def writer(con):
    return engine.writer(con, settle=voices.enrich_with_first_themes)
