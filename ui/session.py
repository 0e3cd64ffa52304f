"""The workspace connection of this script run, and the choices the user made in the sidebar."""

from __future__ import annotations

import os

import streamlit as st

from analytics import engine, workspace
from analytics.errors import InputError
from analytics.metrics import Slice
from ui.shell import ensure_app


@st.cache_resource
def _connection(where: str):
    return engine.connect(where) if engine.is_copy(where) else workspace.connect(where)


def connection():
    """A fresh cursor on the process-wide workspace connection (one cursor per script run:
    a connection shared across threads without cursors hands rows to the wrong thread): the DuckDB
    file ($HEARTBEAT_WORKSPACE), or the workspace $HEARTBEAT_ENGINE names (the PostgreSQL store, a
    Spark copy). Writes go through `ui.writes.writer(con)`.
    Pages call it first: it also makes sure the page is drawn inside the app (`shell.ensure_app`)."""
    ensure_app()
    where = os.environ.get("HEARTBEAT_ENGINE", "")
    try:
        return _connection(where if engine.is_copy(where) else str(workspace.workspace_path())).cursor()
    except InputError as err:  # busy, damaged, read-only, a folder: one line, no traceback
        st.error(f"Heartbeat cannot open its workspace. {err}", icon=":material/error:")
        st.stop()
    except Exception as err:  # a PostgreSQL server that does not answer, a Parquet folder that is not there
        if not engine.is_copy(where):
            raise
        from ui.text import plain  # ui.text reads the session: imported here, not at the top

        st.error(f"Heartbeat cannot open its workspace in {plain(engine.shown(where))}. "
                 f"{plain(str(err).strip().splitlines()[-1])}", icon=":material/error:")
        st.stop()


def current_slice() -> Slice:
    """The Slice the sidebar filters chose (all time before the filter bar first ran)."""
    return st.session_state.get("slice", Slice())


def min_n() -> int:
    """Below this n a figure is greyed as 'too few' (the sidebar's setting)."""
    return int(st.session_state.get("min_n", 30))


def floor_for(key: str) -> int:
    """The n a figure needs on screen: the sidebar's minimum n, except for sums over accounts
    (revenue at risk), whose registry minimum is lower because they are not samples."""
    from analytics.metrics import REGISTRY

    own = REGISTRY[key].min_n
    return own if own < 30 else min_n()


def masking() -> bool:
    """Whether personal data is masked in what is shown (the sidebar switch; on by default)."""
    return bool(st.session_state.get("mask_pii", True))


def quote_order() -> str:
    """How quotes are picked: typical, recent, revenue or negative (the sidebar's choice)."""
    return st.session_state.get("quote_order", "typical")


def max_upload_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def sign_in_configured() -> bool:
    """Whether an identity provider is set up (an [auth] section in .streamlit/secrets.toml)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitAPIException):  # no secrets file at all
        return False


def signed_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except (AttributeError, KeyError):
        return False


def person() -> str | None:
    """Who is signed in (their e-mail, else name), or None when no one is."""
    if not signed_in():
        return None
    return st.user.get("email") or st.user.get("name")


def role(con) -> str:
    """The signed-in person's role (workspace.role_of with the admins and group mapping of the
    [heartbeat] settings); admin for the one user of a Heartbeat without sign-in; viewer, whoever
    it is, on a Spark copy, which Heartbeat reads only."""
    if engine.is_read_only(con):
        return "viewer"
    if not sign_in_configured() and not signed_in():
        return "admin"
    settings = _settings()
    groups = st.user.get("groups") or [] if signed_in() else []
    return workspace.role_of(con, person(), groups if isinstance(groups, list) else [groups],
                             settings.get("admins", []), settings.get("groups", {}))


def _settings() -> dict:
    try:
        return dict(st.secrets.get("heartbeat", {}))
    except (FileNotFoundError, st.errors.StreamlitAPIException):
        return {}
