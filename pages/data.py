"""Data: upload exports, confirm what Heartbeat understood, import, review rejects, undo."""

import streamlit as st

from analytics import engine, workspace

from ui.data import history, import_all, outcomes
from ui.mapping import import_plans
from ui.session import connection, max_upload_bytes
from ui.snapshots import workspace_panel

con = connection()
state = st.session_state
st.title("Data")
st.caption("Upload customer lists, survey exports (Qualtrics, SurveyMonkey or any CSV), helpdesk "
           "tickets and monthly revenue. Check what Heartbeat understood, then import. Nothing you "
           "upload is lost: rejected rows are kept and shown, unmapped columns are kept as attributes.")

if workspace.allows("analyst"):
    uploads = st.file_uploader(
        "CSV, TSV or Excel files", type=["csv", "tsv", "txt", "xlsx"], accept_multiple_files=True,
        key=f"uploader-{state.get('upload_round', 0)}",
        help=f"Up to {max_upload_bytes() // 2**20:,} MB per file. Several files at once are fine.")
    ready = import_plans(con, uploads or [])
    if ready and st.button(f"Import {len(ready)} file{'s' if len(ready) > 1 else ''}", type="primary"):
        import_all(con, ready)
        st.rerun()
    outcomes(con)
elif engine.is_read_only(con):
    st.info(f"This workspace is a published copy that {engine.name_of(con)} computes every figure on. "
            "Import into the DuckDB workspace, then publish it again: `python -m analytics publish --to "
            "postgresql://… | parquet:FOLDER`.", icon=":material/database:")
else:
    st.info("You can explore, present and export. Importing, undoing and mapping data is for analysts: "
            "ask an admin for access.", icon=":material/lock:")

st.subheader("Import history")
history(con)
if workspace.allows("admin"):
    with st.expander("Workspace", expanded="workspace_notice" in state):  # open to say what just happened
        workspace_panel(con)
