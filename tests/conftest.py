"""Fixtures shared by the tests: a fresh workspace, the real data sets when present, and the
hypothesis profile."""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings

from analytics import workspace as workspace_module

# CI explores the same examples every run, so a red build can be replayed; locally they vary.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
