"""Shared AppTest set-up for the page tests.

Works around an AppTest-only bug in Streamlit 1.67: before every run AppTest resets
`PagesManager.uses_pages_directory`, and because this project has a `pages/` folder the flag
turns True again, so every run after the first executes the page file alone instead of app.py
(the running server sets it False once `st.navigation` is called and keeps it so).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_factory(tmp_path, monkeypatch):
    """Return a function making an AppTest of app.py on a fresh workspace file."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
    monkeypatch.chdir(ROOT)

    def make(workspace_file: Path | None = None) -> AppTest:
        monkeypatch.setenv("HEARTBEAT_WORKSPACE", str(workspace_file or tmp_path / "ws.duckdb"))
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)

    return make


def workspace_file() -> str:
    return os.environ["HEARTBEAT_WORKSPACE"]
