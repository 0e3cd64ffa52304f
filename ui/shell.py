"""What app.py puts around every page: the menu, the demo banner, and the note while enrichment runs."""

from __future__ import annotations

import contextvars
import runpy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from analytics import engine, voices, workspace
from ui.writes import writer

APP = Path(__file__).resolve().parent.parent / "app.py"
AUTOMATIC = "Heartbeat (automatic)"  # who the audit trail names for the app's own steps (demo, tagging)
_INSIDE_APP = contextvars.ContextVar("heartbeat_inside_app", default=False)


@contextmanager
def app_run() -> Iterator[None]:
    """app.py runs inside this: pages then know they are drawn inside the app."""
    token = _INSIDE_APP.set(True)
    try:
        yield
    finally:
        _INSIDE_APP.reset(token)


def ensure_app() -> None:
    """Every page calls this first. Because a `pages/` folder sits beside app.py, Streamlit starts
    in its pages-folder mode until st.navigation first runs, and then runs a page file alone: on
    the first visit after the server starts when it goes straight to a page's URL, and on every
    AppTest run. When that happens, run app.py around this page instead (its navigation picks
    this same page), then end the bare run. No Streamlit internals are touched;
    tests/test_shell.py fails when Streamlit stops running page files alone, so this can go."""
    if not _INSIDE_APP.get():
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()


def menu(sections: dict[str, list]) -> None:
    """The app's own navigation in the sidebar (Streamlit's is hidden by
    `client.showSidebarNavigation = false`, so no file list ever shows)."""
    with st.sidebar:
        st.markdown("### :material/monitor_heart: Heartbeat")
        for title, pages in sections.items():
            st.caption(title.upper())
            for page in pages:
                st.page_link(page)


def demo_banner(con, data_page) -> None:
    """On the demo workspace: say so, with one click to start empty or to upload. On another engine:
    say where the figures are computed too."""
    if engine.is_read_only(con):
        st.caption(f":material/database: Computed in {engine.name_of(con)}, on a published copy of the "
                   f"{'demo ' if workspace.is_demo(con) else ''}workspace (read only).")
        return
    if not engine.is_file(con):
        st.caption(f":material/database: Computed in {engine.name_of(con)}, on the workspace shared by every "
                   "Heartbeat process that points at it.")
    if not workspace.is_demo(con):
        return
    with st.container(border=True):
        note, empty, upload = st.columns([6, 2, 2], vertical_alignment="center")
        note.markdown("**Demo data.** A realistic sample of 5,000 fictional customers over 24 months, "
                      "so you can explore before uploading your own.")
        if workspace.allows("admin") and empty.button("Start an empty workspace", use_container_width=True):
            with writer(con) as target:
                workspace.clear(target)
            st.switch_page(data_page)
        if upload.button("Upload your data", type="primary", use_container_width=True):
            st.switch_page(data_page)


def enrichment_note(con) -> None:
    """Start the workspace's background enrichment when voices wait (one worker for every session)
    and, while it runs, a small note with its progress; the app reruns when it is done."""
    from ui.text import plain  # ui.text reads the session, which needs this module first

    if not engine.is_file(con):  # a copy carries its enrichment; the store's writes enrich before they land
        return
    progress = voices.enrich_in_background(con, actor=AUTOMATIC)
    if progress is None:
        return
    if progress.error:
        st.warning("Sentiment and themes could not be updated, so they show the last complete state. "
                   f"What went wrong: {plain(progress.error)}", icon=":material/warning:")
        return
    _updating(con)


@st.fragment(run_every=2)
def _updating(con) -> None:
    progress = voices.enrichment_progress(con)
    if progress is None or not progress.running:
        st.rerun()  # done: every figure and quote from the new state
    st.caption(f":material/sync: Sentiment and themes are being updated ({progress.fraction:.0%}). The page "
               "shows the last complete figures and switches to the new ones when this is done.")


def sign_in_page() -> None:
    """The only thing shown before sign-in when an identity provider is configured."""
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("Heartbeat")
        st.markdown("Your team's customer experience workspace: every figure beside the customers behind it.")
        st.caption("Sign in with your company account to continue.")
        if st.button("Sign in", type="primary", icon=":material/login:", use_container_width=True):
            st.login()
    st.stop()


def signed_in_as(who: str | None, role: str) -> None:
    """The signed-in person and their role at the top of the sidebar, with a way to sign out."""
    from ui.text import plain  # ui.text reads the session, which needs this module first

    if who is None:
        return
    with st.sidebar:
        st.caption(f"Signed in as **{plain(who)}** · {role}")
        if st.button("Sign out", icon=":material/logout:", key="sign_out"):
            st.logout()


def record_sign_in(con, who: str | None, role: str) -> None:
    """One audit row per sign-in: per identity token (its issued-at time), not per page load."""
    if who is None or st.session_state.get("sign_in_recorded"):
        return
    issued = str(st.user.get("iat") or "")
    seen = issued and con.execute(
        "SELECT count(*) FROM audit WHERE action = 'sign-in' AND user_name = ? AND json_extract_string(detail, '$.token') = ?",
        [who, issued]).fetchone()[0]
    if not seen:
        with workspace.acting_as(who, role):
            workspace.record_alone(con, "sign-in", role=role, token=issued or None)
    st.session_state["sign_in_recorded"] = True
