"""What every page shares: the workspace connection, the cache key, number formats. No SQL here."""

from __future__ import annotations

import streamlit as st

from analytics import workspace


@st.cache_resource
def _connection(path: str):
    return workspace.connect(path)


def connection():
    """A fresh cursor on the process-wide workspace connection (one cursor per script run:
    a connection shared across threads without cursors hands rows to the wrong thread)."""
    return _connection(str(workspace.workspace_path())).cursor()


def max_upload_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def count(n: int | float | None) -> str:
    return "–" if n is None else f"{n:,.0f}"


def percent(share: float | None, digits: int = 1) -> str:
    return "–" if share is None else f"{share * 100:.{digits}f}%"
