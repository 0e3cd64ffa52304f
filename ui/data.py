"""The Data page's parts: upload and confirm a mapping, import with progress, show what happened
(with every rejected row), the history with undo, and mapping a kept column later."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import board, ingest, voices, workspace
from analytics.errors import InputError
from analytics.ingest import KIND_LABELS, KINDS, SPECS, Mapping
from analytics.metrics import formatting
from ui.session import masking, max_upload_bytes
from ui.text import plain

NOT_MAPPED = "— not in this file —"


def saved_path(upload) -> Path:
    """The upload copied to disk in chunks, once; the import streams from there."""
    paths = st.session_state.setdefault("upload_paths", {})
    if upload.file_id not in paths:
        suffix = Path(upload.name).suffix or ".csv"
        with tempfile.NamedTemporaryFile(prefix="heartbeat-upload-", suffix=suffix, delete=False) as sink:
            shutil.copyfileobj(upload, sink, 8 << 20)
        paths[upload.file_id] = Path(sink.name)
    return paths[upload.file_id]


def _preview(con, upload, path: Path, kind: str | None, sheet: str | None):
    """What Heartbeat understood of the file (or the InputError saying why it can't be read), read
    once per (file, kind, sheet) choice, not on every rerun."""
    cache = st.session_state.setdefault("previews", {})
    if (upload.file_id, kind, sheet) not in cache:
        try:
            preview = ingest.preview_file(con, path, file_name=upload.name, kind=kind, sheet=sheet,
                                          max_bytes=max_upload_bytes())
            preview.discard()
            cache[(upload.file_id, kind, sheet)] = preview
        except InputError as err:
            cache[(upload.file_id, kind, sheet)] = err
    return cache[(upload.file_id, kind, sheet)]


def mapping_editor(con, upload) -> dict | None:
    """Show what the file holds and let the user confirm the mapping; the import plan, or None
    when the file cannot be read or still misses a required column."""
    key = upload.file_id
    path = saved_path(upload)
    sheet = st.session_state.get(f"sheet-{key}")
    preview = _preview(con, upload, path, st.session_state.get(f"kind-{key}"), sheet)
    if isinstance(preview, InputError):
        st.error(f"**{plain(upload.name)}**: {preview}")
        return None
    shape = preview.shape
    with st.container(border=True):
        st.markdown(f"**{plain(upload.name)}**")
        top = st.columns(3 if preview.sheets else 2)
        top[0].selectbox("This file holds", KINDS, index=KINDS.index(preview.kind),
                         format_func=KIND_LABELS.get, key=f"kind-{key}")
        top[1].caption(f"{preview.text.encoding} · {ingest.DELIMITER_NAMES[shape.delimiter]}-separated · "
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
            picked = grid[position % 4].selectbox(spec_field.label, options, index=options.index(current),
                                                  key=f"map-{key}-{preview.kind}-{spec_field.key}")
            if picked != NOT_MAPPED:
                chosen[spec_field.key] = picked
        kept = [name for name in shape.names if name not in chosen.values()]
        if kept:
            st.caption(f"Kept as extra attributes ({len(kept)}): " + plain(", ".join(kept)))
        st.dataframe(_shown(pd.DataFrame(list(shape.sample[:5]), columns=shape.names)), hide_index=True)
    mapping = Mapping(preview.kind, chosen, scales=dict(preview.mapping.scales),
                      date_formats={k: v for k, v in preview.mapping.date_formats.items() if k in chosen})
    missing = mapping.missing_required()
    if missing:
        labels = [" or ".join(SPECS[preview.kind].field(k).label for k in group) for group in missing]
        st.warning(f"**{plain(upload.name)}** needs a column for {', '.join(labels)} before it can be imported.")
        return None
    return {"upload": upload, "path": path, "mapping": mapping, "sheet": sheet}


def _shown(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Uploaded cells (`columns`, default all) as they may be shown: personal data masked while
    the sidebar switch is on."""
    if not masking():
        return frame
    columns = list(frame.columns) if columns is None else columns
    return voices.mask_frame(frame.astype({c: object for c in columns}), columns)


def import_all(con, ready: list[dict]) -> None:
    """Import each planned file as its own batch, with one progress bar; keep what happened."""
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
    for path in st.session_state.get("upload_paths", {}).values():
        path.unlink(missing_ok=True)
    st.session_state.upload_paths = {}
    st.session_state.previews = {}
    st.session_state.results = results
    st.session_state.upload_round = st.session_state.get("upload_round", 0) + 1


def outcomes(con) -> None:
    """What the last import did to each file: counts, notes and the rejected rows."""
    count = formatting.count
    for status, name, outcome in st.session_state.get("results", []):
        if status == "error":
            st.error(f"**{plain(name)}** was not imported: {outcome}")
            continue
        st.success(f"**{plain(name)}** imported as batch {outcome.batch_id} ({KIND_LABELS[outcome.kind].lower()}): "
                   f"{count(outcome.rows_loaded)} loaded · {count(outcome.rows_rejected)} rejected · "
                   f"{count(outcome.rows_duplicate)} already in the workspace · "
                   f"{count(outcome.rows_read)} rows read")
        for note in outcome.warnings:
            st.info(plain(note))
        if outcome.rows_rejected:
            rejects = ingest.rejects_for(con, outcome.batch_id)
            st.dataframe(_shown(rejects, ["Row as in the file"]), hide_index=True)
            name = f"rejected-rows-batch-{outcome.batch_id}"
            csv_col, xlsx_col, note = st.columns([1, 1, 3], vertical_alignment="center")
            csv_col.download_button("Rejected rows (CSV)", board.safe_csv(rejects), file_name=f"{name}.csv",
                                    mime="text/csv", key=f"rejects-{outcome.batch_id}", icon=":material/download:")
            xlsx_col.download_button("Rejected rows (Excel)", board.safe_xlsx(rejects, "Rejected rows"),
                                     file_name=f"{name}.xlsx", key=f"rejects-xlsx-{outcome.batch_id}",
                                     mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                     icon=":material/download:")
            note.caption("Downloads hold the rows as they were in the file, to correct and import again; "
                         "cells a spreadsheet would run as a formula start with an apostrophe.")


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
    if not live:
        return
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    batch = pick.selectbox("Undo an import", live, format_func=lambda b: f"Batch {b}: "
                           + table.loc[table["Batch"] == b, "File"].iloc[0])
    if go.button("Undo this batch"):
        ingest.undo_batch(con, int(batch))
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
                ingest.map_kept_column(con, int(batch), column, field)
                st.rerun()


def workspace_panel(con) -> None:
    st.caption(f"Stored in `{workspace.workspace_path()}` (set HEARTBEAT_WORKSPACE to change it).")
    if st.button("Empty the workspace"):
        workspace.clear(con)
        st.session_state.results = []
        st.rerun()
