"""Data: upload exports, confirm what Heartbeat understood, import, review rejects, undo."""

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import ingest, remap, workspace
from analytics.errors import InputError
from analytics.exports import safe_csv
from analytics.mapping import KIND_LABELS, KINDS, SPECS, Mapping
from analytics.sniff import DELIMITER_NAMES
from pages.common import connection, count, max_upload_bytes

NOT_MAPPED = "— not in this file —"

con = connection()
state = st.session_state
state.setdefault("upload_round", 0)
state.setdefault("upload_paths", {})
state.setdefault("results", [])

st.title("Data")
st.caption("Upload customer lists, survey exports (Qualtrics, SurveyMonkey or any CSV), helpdesk "
           "tickets and monthly revenue. Check what Heartbeat understood, then import. Nothing you "
           "upload is lost: rejected rows are kept and shown, unmapped columns are kept as attributes.")

uploads = st.file_uploader(
    "CSV, TSV or Excel files", type=["csv", "tsv", "txt", "xlsx"], accept_multiple_files=True,
    key=f"uploader-{state.upload_round}",
    help=f"Up to {max_upload_bytes() // 2**20:,} MB per file. Several files at once are fine.")


def saved_path(upload) -> Path:
    """The upload copied to disk in chunks, once; the import streams from there."""
    if upload.file_id not in state.upload_paths:
        suffix = Path(upload.name).suffix or ".csv"
        with tempfile.NamedTemporaryFile(prefix="heartbeat-upload-", suffix=suffix, delete=False) as sink:
            shutil.copyfileobj(upload, sink, 8 << 20)
        state.upload_paths[upload.file_id] = Path(sink.name)
    return state.upload_paths[upload.file_id]


def mapping_editor(upload, path: Path) -> dict | None:
    """Show what the file holds and let the user confirm the mapping; None when it can't be read."""
    key = upload.file_id
    sheet = state.get(f"sheet-{key}")
    kind = state.get(f"kind-{key}")
    cache = state.setdefault("previews", {})
    if (key, kind, sheet) not in cache:  # sniffing reads the file: once per choice, not per rerun
        try:
            preview = ingest.preview_file(con, path, file_name=upload.name, kind=kind, sheet=sheet,
                                          max_bytes=max_upload_bytes())
            preview.discard()
            cache[(key, kind, sheet)] = preview
        except InputError as err:
            cache[(key, kind, sheet)] = err
    preview = cache[(key, kind, sheet)]
    if isinstance(preview, InputError):
        st.error(f"**{upload.name}**: {preview}")
        return None
    shape = preview.shape
    with st.container(border=True):
        st.markdown(f"**{upload.name}**")
        top = st.columns(3 if preview.sheets else 2)
        top[0].selectbox("This file holds", KINDS, index=KINDS.index(preview.kind),
                         format_func=KIND_LABELS.get, key=f"kind-{key}")
        top[1].caption(f"{preview.text.encoding} · {DELIMITER_NAMES[shape.delimiter]}-separated · "
                       f"{len(shape.columns)} columns · "
                       f"{'Qualtrics/SurveyMonkey layout handled' if shape.layout != 'generic' else 'one header row'}"
                       + (" · mapping remembered from an earlier file" if preview.mapping.remembered else ""))
        if preview.sheets:
            top[2].selectbox("Sheet", preview.sheets, key=f"sheet-{key}")
        options = [NOT_MAPPED, *shape.names]
        chosen = {}
        grid = st.columns(4)
        for position, spec_field in enumerate(SPECS[preview.kind].fields):
            current = preview.mapping.columns.get(spec_field.key, NOT_MAPPED)
            picked = grid[position % 4].selectbox(
                spec_field.label, options, index=options.index(current),
                key=f"map-{key}-{preview.kind}-{spec_field.key}")
            if picked != NOT_MAPPED:
                chosen[spec_field.key] = picked
        kept = [name for name in shape.names if name not in chosen.values()]
        if kept:
            st.caption(f"Kept as extra attributes ({len(kept)}): " + ", ".join(kept))
        st.dataframe(pd.DataFrame(list(shape.sample[:5]), columns=shape.names), hide_index=True)
    mapping = Mapping(preview.kind, chosen, scales=dict(preview.mapping.scales),
                      date_formats={k: v for k, v in preview.mapping.date_formats.items() if k in chosen})
    missing = mapping.missing_required()
    if missing:
        labels = [" or ".join(SPECS[preview.kind].field(k).label for k in group) for group in missing]
        st.warning(f"**{upload.name}** needs a column for {', '.join(labels)} before it can be imported.")
        return None
    return {"upload": upload, "path": path, "mapping": mapping, "sheet": sheet}


ready = [plan for upload in uploads or [] if (plan := mapping_editor(upload, saved_path(upload)))]

if ready and st.button(f"Import {len(ready)} file{'s' if len(ready) > 1 else ''}", type="primary"):
    bar = st.progress(0.0, text="Starting")
    results = []
    for position, plan in enumerate(ready):
        name = plan["upload"].name

        def report(fraction: float, message: str, position=position, name=name) -> None:
            bar.progress((position + fraction) / len(ready), text=f"{name}: {message}")

        try:
            result = ingest.import_file(con, plan["path"], file_name=name, mapping=plan["mapping"],
                                        kind=plan["mapping"].kind, sheet=plan["sheet"],
                                        max_bytes=max_upload_bytes(), on_progress=report)
            results.append(("ok", name, result))
        except InputError as err:
            results.append(("error", name, str(err)))
    bar.empty()
    for path in state.upload_paths.values():
        path.unlink(missing_ok=True)
    state.upload_paths = {}
    state.previews = {}
    state.results = results
    state.upload_round += 1
    st.rerun()

for status, name, outcome in state.results:
    if status == "error":
        st.error(f"**{name}** was not imported: {outcome}")
        continue
    st.success(f"**{name}** imported as batch {outcome.batch_id} ({KIND_LABELS[outcome.kind].lower()}): "
               f"{count(outcome.rows_loaded)} loaded · {count(outcome.rows_rejected)} rejected · "
               f"{count(outcome.rows_duplicate)} already in the workspace · "
               f"{count(outcome.rows_read)} rows read")
    for note in outcome.warnings:
        st.info(note)
    if outcome.rows_rejected:
        rejects = ingest.rejects_for(con, outcome.batch_id)
        st.dataframe(rejects, hide_index=True)
        st.download_button("Download rejected rows (CSV)", safe_csv(rejects),
                           file_name=f"rejected-rows-batch-{outcome.batch_id}.csv",
                           mime="text/csv", key=f"rejects-{outcome.batch_id}")

st.subheader("Import history")
history = ingest.history(con)
if history.empty:
    st.caption("Nothing imported yet.")
else:
    numbers = ["Rows read", "Loaded", "Already there", "Rejected"]
    st.dataframe(history, hide_index=True, column_config={
        name: st.column_config.NumberColumn(format="localized") for name in numbers})
    live = history.loc[history["Undone"] == "", "Batch"].tolist()
    if live:
        pick, go = st.columns([3, 1], vertical_alignment="bottom")
        batch = pick.selectbox("Undo an import", live, format_func=lambda b: f"Batch {b}: "
                               + history.loc[history["Batch"] == b, "File"].iloc[0])
        if go.button("Undo this batch"):
            ingest.undo_batch(con, int(batch))
            state.results = []
            st.rerun()

    mappable = {b: remap.kept_columns(con, int(b)) for b in live}
    mappable = {b: cols for b, cols in mappable.items() if cols}
    if mappable:
        with st.expander("Map a kept column to a field"):
            st.caption("Columns that mapped to nothing were kept as attributes. Give one a field "
                       "now: it is applied as a new batch you can undo; the upload stays as it was.")
            which, column_col, field_col, go_col = st.columns([2, 2, 2, 1], vertical_alignment="bottom")
            batch = which.selectbox("Batch", list(mappable), format_func=lambda b: f"Batch {b}")
            column = column_col.selectbox("Kept column", mappable[batch])
            field = field_col.selectbox("Becomes", list(remap.LATER_FIELDS), format_func=remap.LATER_FIELDS.get)
            if go_col.button("Map it"):
                remap.map_kept_column(con, int(batch), column, field)
                st.rerun()

with st.expander("Workspace"):
    st.caption(f"Stored in `{workspace.workspace_path()}` (set HEARTBEAT_WORKSPACE to change it).")
    if st.button("Empty the workspace"):
        workspace.clear(con)
        state.results = []
        st.rerun()
