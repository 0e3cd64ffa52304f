"""Fixtures shared by the import tests: a fresh workspace, and the real data sets when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import workspace as workspace_module

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def workspace(tmp_path):
    """A connection to a new, empty workspace file in tmp_path."""
    con = workspace_module.connect(tmp_path / "ws.duckdb")
    yield con
    con.close()


@pytest.fixture
def shared_data() -> Path:
    """The shared real data sets (../shared/data from the repo root); skips when absent."""
    folder = (REPO_ROOT / ".." / "shared" / "data").resolve()
    if not folder.is_dir():
        pytest.skip(f"shared data sets not found at {folder}")
    return folder
