"""The Data page's parts after the proposal (`ui.mapping`): import with progress, show what
happened (with every rejected row), the history with undo, and mapping a kept column later."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import board, ingest, workspace
from analytics.errors import InputError, MostRowsRejected
from analytics.ingest import KIND_LABELS
from analytics.metrics import formatting
from ui.mapping import forget_uploads
from ui.session import masking, max_upload_bytes
from ui.text import masked_frame, plain
from ui.writes import writer


def import_all(con, ready: list[dict]) -> None:
    """Import each planned file as its own batch, with one progress bar; keep what happened. On the
    PostgreSQL store the batches land together, with their voices enriched, when the last is done."""
    bar = st.progress(0.0, text="Starting")
    results = []
    with writer(con) as target:
        for position, plan in enumerate(ready):
            name = plan["upload"].name

            def report(fraction: float, message: str, position=position, name=name) -> None:
                bar.progress((position + fraction) / len(ready), text=f"{name}: {message}")

            try:
                result = ingest.import_file(target, plan["path"], file_name=name, mapping=plan["mapping"],
                                            kind=plan["mapping"].kind, sheet=plan["sheet"],
                                            max_bytes=max_upload_bytes(), on_progress=report)
                results.append(("ok", name, result))
            except InputError as err:
                results.append(("error", name, err))
        if target is not con:
            bar.progress(1.0, text="Saving to the shared workspace in PostgreSQL")
    bar.empty()
    forget_uploads()
    st.session_state.results = results
    st.session_state.upload_round = st.session_state.get("upload_round", 0) + 1


def outcomes(con) -> None:
    """What the last import did to each file: counts, notes and the rejected rows."""
    count = formatting.count
    for status, name, outcome in st.session_state.get("results", []):
        if status == "error":
            st.error(f"**{plain(name)}** was not imported: {plain(str(outcome))}", icon=":material/error:")
            if isinstance(outcome, MostRowsRejected) and outcome.sample:
                sample = pd.DataFrame(outcome.sample, columns=["Line", "Row as in the file", "Why it was not imported"])
                st.dataframe(masked_frame(sample, ["Row as in the file"]), hide_index=True)
            continue
        summary = (f"**{plain(name)}** imported as batch {outcome.batch_id} ({KIND_LABELS[outcome.kind].lower()}): "
                   f"{count(outcome.rows_loaded)} loaded · {count(outcome.rows_rejected)} rejected · "
                   f"{count(outcome.rows_duplicate)} already in the workspace · "
                   f"{count(outcome.rows_read)} rows read")
        if outcome.rows_rejected:  # imported, but not every row: not a plain success
            st.warning(summary, icon=":material/rule:")
        else:
            st.success(summary)
        for note in outcome.warnings:
            st.info(plain(note))
        if outcome.rows_rejected:
            rejects = masked_frame(ingest.rejects_for(con, outcome.batch_id), ["Row as in the file"])
            st.dataframe(rejects, hide_index=True)
            name = f"rejected-rows-batch-{outcome.batch_id}"
            csv_col, xlsx_col, note = st.columns([1, 1, 3], vertical_alignment="center")
            csv_col.download_button("Rejected rows (CSV)", board.safe_csv(rejects), file_name=f"{name}.csv",
                                    mime="text/csv", key=f"rejects-{outcome.batch_id}", icon=":material/download:")
            xlsx_col.download_button("Rejected rows (Excel)", board.safe_xlsx(rejects, "Rejected rows"),
                                     file_name=f"{name}.xlsx", key=f"rejects-xlsx-{outcome.batch_id}",
                                     mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                     icon=":material/download:")
            as_in_file = ("with personal data masked (turn masking off in the sidebar to get them as they were)"
                          if masking() else "as they were in the file, to correct and import again")
            note.caption(f"Downloads hold the rows {as_in_file}; cells a spreadsheet would run as a formula "
                         "start with an apostrophe.")


def history(con) -> None:
    """Every batch with its counts, an undo, and mapping a kept customer column to a field."""
    table = ingest.history(con)
    if table.empty:
        st.caption("Nothing imported yet.")
        return
    numbers = ["Rows read", "Loaded", "Already there", "Rejected"]
    st.dataframe(table, hide_index=True, column_config={
        name: st.column_config.NumberColumn(format="localized") for name in numbers})
    live = table.loc[table["Undone"] == "", "Batch"].tolist()
    if not live or not workspace.allows("analyst"):
        return
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    batch = pick.selectbox("Undo an import", live, format_func=lambda b: f"Batch {b}: "
                           + table.loc[table["Batch"] == b, "File"].iloc[0])
    if go.button("Undo this batch"):
        with writer(con) as target:
            ingest.undo_batch(target, int(batch))
        st.session_state.results = []
        st.rerun()
    mappable = {b: cols for b in live if (cols := ingest.kept_columns(con, int(b)))}
    if mappable:
        with st.expander("Map a kept column to a field"):
            st.caption("Columns that mapped to nothing were kept as attributes. Give one a field "
                       "now: it is applied as a new batch you can undo; the upload stays as it was.")
            which, column_col, field_col, go_col = st.columns([2, 2, 2, 1], vertical_alignment="bottom")
            batch = which.selectbox("Batch", list(mappable), format_func=lambda b: f"Batch {b}")
            column = column_col.selectbox("Kept column", mappable[batch])
            field = field_col.selectbox("Becomes", list(ingest.LATER_FIELDS), format_func=ingest.LATER_FIELDS.get)
            if go_col.button("Map it"):
                with writer(con) as target:
                    ingest.map_kept_column(target, int(batch), column, field)
                st.rerun()
