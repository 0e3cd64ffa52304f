"""Fill a workspace with the seeded demo data, through the same import path as real uploads."""

from __future__ import annotations

import tempfile
from pathlib import Path

from analytics.demo._generator import generate_demo
from analytics.ingest import import_file
from analytics.workspace import WRITE_LOCK, clear, get_meta, set_meta, transaction


def load_demo(con, seed: int = 7) -> dict[str, int]:
    """Replace the workspace's contents with the demo; returns rows loaded per kind."""
    frames = generate_demo(seed=seed)
    counts = {}
    with WRITE_LOCK, tempfile.TemporaryDirectory(prefix="heartbeat-demo-") as folder:
        clear(con)
        for kind in ("customers", "revenue", "responses", "tickets"):
            path = Path(folder) / f"demo_{kind}.csv"
            frames[kind].to_csv(path, index=False)
            counts[kind] = import_file(con, path, kind=kind).rows_loaded
        with transaction(con):
            set_meta(con, "origin", "demo")
    return counts


def ensure_demo(con, seed: int = 7) -> bool:
    """Load the demo into a brand-new workspace (never touched: no origin recorded), once even
    when several sessions open it at the same time. Returns True when it loaded."""
    with WRITE_LOCK:
        if get_meta(con, "origin") is not None:
            return False
        load_demo(con, seed)
        return True
