"""The Data page's Workspace panel (admins): emptying only once the workspace's name is typed,
bringing back any snapshot kept when it was emptied or restored, who has which role, and the audit
trail. On the PostgreSQL store (whose backups are the database's) only roles and the trail."""

from __future__ import annotations

import streamlit as st

from analytics import board, engine, workspace
from analytics.errors import InputError
from ui.text import plain
from ui.writes import writer


def workspace_panel(con) -> None:
    on_file = not engine.is_copy(getattr(con, "url", None))
    if on_file:
        path = workspace.workspace_path()
        st.caption(f"Stored in `{path}` (set HEARTBEAT_WORKSPACE to change it).")
    else:
        st.caption(f"Stored in the {engine.name_of(con)} database `{engine.shown(con.url)}`, shared by every "
                   "Heartbeat process that points at it; its backups are the database's own.")
    if notice := st.session_state.pop("workspace_notice", None):
        st.success(notice, icon=":material/check_circle:")
    if on_file:
        _empty(con, path.stem)
        _restore(con)
    _roles(con)
    _trail(con)


def _empty(con, name: str) -> None:
    st.markdown("**Empty the workspace**: every upload, the import history and the theme tags go; "
                "Heartbeat keeps a snapshot you can restore below.")
    round_ = st.session_state.get("empty_round", 0)  # a new box after each emptying: it starts blank
    typed = st.text_input(f"Type the workspace name, {plain(name)}, to confirm", key=f"empty_confirm_{round_}",
                          placeholder=name)
    if st.button("Empty the workspace", disabled=typed.strip() != name, icon=":material/delete:"):
        if typed.strip() != name:  # checked here too, not only by the disabled button
            st.error(f"Type {plain(name)} exactly to empty the workspace.")
            return
        snapshot = workspace.empty(con, "emptied from the Data page")
        st.session_state.results = []
        st.session_state["empty_round"] = round_ + 1
        st.session_state["workspace_notice"] = f"Workspace emptied. Kept as snapshot {snapshot}: restore it below."
        st.rerun()


def _restore(con) -> None:
    kept = workspace.snapshots(con)
    st.markdown("**Snapshots**")
    if kept.empty:
        st.caption("None yet: one is kept every time the workspace is emptied or a snapshot is restored.")
        return
    counts = ["customers", "responses", "tickets", "batches"]
    kept[counts] = kept[counts].map(lambda n: f"{int(n):,}")
    st.dataframe(kept.rename(columns={"snapshot_id": "Snapshot", "taken_at": "Taken", "reason": "Why",
                                      "origin": "Data", "customers": "Customers", "responses": "Responses",
                                      "tickets": "Tickets", "batches": "Batches"}),
                 hide_index=True, column_config={"Taken": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")})
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick.selectbox("Snapshot to restore", list(kept["snapshot_id"]), key="restore_pick",
                            format_func=lambda i: f"Snapshot {i}")
    if go.button("Restore", icon=":material/restore:", use_container_width=True):
        before = workspace.restore(con, int(chosen))
        st.session_state.results = []
        st.session_state["workspace_notice"] = f"Snapshot {chosen} restored." + (
            f" What was there before is kept as snapshot {before}." if before else "")
        st.rerun()


def _trail(con) -> None:
    """Who did what, newest first, with the whole trail as a CSV download."""
    st.markdown("**Audit trail**: every import, undo, remap, theme edit, saved case, export, emptying and "
                "restore, with who did it")
    trail = workspace.audit_trail(con)
    if trail.empty:
        st.caption("Nothing recorded yet.")
        return
    st.dataframe(trail.head(200).rename(columns={"at": "When", "user": "Who", "action": "What", "detail": "Detail"}),
                 hide_index=True, column_config={"When": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")})
    st.download_button("Download the audit trail (CSV)", board.safe_csv(trail), file_name="heartbeat-audit.csv",
                       mime="text/csv", icon=":material/download:")


def _roles(con) -> None:
    """Who may do what: grant a role by e-mail (admins from the settings are always admins)."""
    st.markdown("**Roles**: viewers explore, present and export; analysts also import, undo, map and edit "
                "themes and cases; admins also manage roles (and empty or restore a workspace file).")
    granted = workspace.roles(con)
    if granted.empty:
        st.caption("No role granted yet: everyone who signs in is a viewer unless the settings make them an "
                   "admin or map their group (README, Deploy for a team). Without sign-in you are the admin.")
    else:
        st.dataframe(granted.rename(columns={"email": "E-mail", "role": "Role", "granted_at": "Since"}),
                     hide_index=True)
    with st.form("grant_role", clear_on_submit=True, border=False):
        email_col, role_col, go = st.columns([3, 1, 1], vertical_alignment="bottom")
        email = email_col.text_input("E-mail")
        role = role_col.selectbox("Role", workspace.ROLES)
        if go.form_submit_button("Grant", use_container_width=True):
            try:
                with writer(con) as target:
                    workspace.set_role(target, email, role)
                st.session_state["workspace_notice"] = f"{email.strip().lower()} is now {role}."
                st.rerun()
            except InputError as err:  # not an e-mail, not a role, or not allowed
                st.error(plain(str(err)))
