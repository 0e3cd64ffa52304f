"""Heartbeat analytics: everything below the UI. Importable without Streamlit.

Layers: pages/ → analytics/ → the DuckDB workspace file. Public entry points:
`workspace.connect`, `ingest.preview_file`, `ingest.import_file`, `ingest.undo_batch`,
`seed.load_demo`, and the CLI in `analytics.cli` (`python -m analytics`).
"""
