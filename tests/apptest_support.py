"""AppTest of the whole app (app.py with its navigation, filters and pages) on a workspace file."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 300  # a safety net for a hung run on a loaded machine, never a speed check


@pytest.fixture
def app_factory(tmp_path, monkeypatch, demo_file):
    """Return `make(path=None, fresh=False)`: an AppTest of app.py on `path`, by default on a
    private copy of the session's demo workspace; `fresh=True` starts from a brand-new file (the
    app then builds the demo itself, as on a first visit)."""
    monkeypatch.chdir(ROOT)
    numbers = itertools.count()

    def make(path: Path | None = None, fresh: bool = False) -> AppTest:
        if path is None:
            path = tmp_path / f"app-{next(numbers)}.duckdb"
            if not fresh:
                shutil.copyfile(demo_file, path)
        monkeypatch.setenv("HEARTBEAT_WORKSPACE", str(path))
        # Cached reads are keyed by the workspace's version, one workspace per process in use; tests
        # open many workspaces in one process, so what another workspace cached must not answer.
        st.cache_data.clear()
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)

    return make


def workspace_file() -> str:
    return os.environ["HEARTBEAT_WORKSPACE"]
