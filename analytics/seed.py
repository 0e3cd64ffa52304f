"""Fill a workspace with the seeded demo data, through the same import path as real uploads."""

from __future__ import annotations

import tempfile
from pathlib import Path

from analytics import ingest, workspace
from analytics.demo import generate_demo


def load_demo(con, seed: int = 7) -> dict[str, int]:
    """Replace the workspace's contents with the demo; returns rows loaded per kind."""
    frames = generate_demo(seed=seed)
    counts = {}
    with workspace.WRITE_LOCK, tempfile.TemporaryDirectory(prefix="heartbeat-demo-") as folder:
        workspace.clear(con)
        for kind in ("customers", "revenue", "responses", "tickets"):
            path = Path(folder) / f"demo_{kind}.csv"
            frames[kind].to_csv(path, index=False)
            counts[kind] = ingest.import_file(con, path, kind=kind).rows_loaded
    workspace.set_meta(con, "origin", "demo")
    workspace.bump_version(con)
    return counts


def ensure_demo(con, seed: int = 7) -> bool:
    """Load the demo into a brand-new workspace (never touched: no origin recorded), once even
    when several sessions open it at the same time. Returns True when it loaded."""
    with workspace.WRITE_LOCK:
        if workspace.get_meta(con, "origin") is not None:
            return False
        load_demo(con, seed)
        return True
