"""Heartbeat analytics: everything below the UI, importable without Streamlit.

Packages, imports one way (each only from those listed before it):
`workspace` (the DuckDB file, its schema, the one write path) → `ingest` (uploads → batches) →
`metrics` (registry, slices, populations, statistics, evidence) → `voices` (search, sentiment,
themes, masking, one customer) → `impact` (drivers, the investment case) → `board` (charts,
deck, brief, safe exports) → `demo` → `cli` (`python -m analytics`). `errors` and `sql` are
shared by all. Each package's `__init__` is its public surface; modules starting with `_` are
private to it.
"""
