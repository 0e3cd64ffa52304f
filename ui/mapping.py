"""The Data page's proposal for one uploaded file: what it holds and why, which column feeds each
field and why, how its dates and scores are read, and what to check, every choice changeable."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import ingest
from analytics.errors import InputError
from analytics.ingest import KIND_LABELS, KINDS, SPECS
from ui.session import max_upload_bytes
from ui.text import masked_frame, plain

NOT_MAPPED = "— not in this file —"
AUTOMATIC = "automatic"
OTHER = "other"
DATE_CHOICES = ("DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD", "DD.MM.YYYY", "DD/MM/YYYY hh:mm", "MM/DD/YYYY hh:mm",
                "written-out", "excel", "unix", "unix-ms")
DATE_NAMES = {"written-out": "Written out (any language, read one by one)", "excel": "Excel serial days",
              "unix": "Unix seconds", "unix-ms": "Unix milliseconds", OTHER: "Other…"}
SCALES = ((1, 5), (0, 5), (1, 7), (1, 10), (0, 10))


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
    """Show the proposal for one file and let the user change it; the import plan, or None when
    the file cannot be read or a choice is still missing."""
    key = upload.file_id
    path = saved_path(upload)
    sheet = st.session_state.get(f"sheet-{key}")
    preview = _preview(con, upload, path, st.session_state.get(f"kind-{key}"), sheet)
    if isinstance(preview, InputError):
        st.error(f"**{plain(upload.name)}**: {preview}")
        return None
    with st.container(border=True):
        mapping = _proposal(preview, key)
    if mapping is None:
        return None
    missing = mapping.missing_required()
    if missing:
        labels = [" or ".join(SPECS[mapping.kind].field(k).label for k in group) for group in missing]
        st.warning(f"**{plain(upload.name)}** needs a column for {', '.join(labels)} before it can be imported.")
        return None
    return {"upload": upload, "path": path, "mapping": mapping, "sheet": sheet}


def _proposal(preview: ingest.Preview, key: str) -> ingest.Mapping | None:
    shape, kind = preview.shape, preview.kind
    st.markdown(f"**{plain(preview.file_name)}**")
    top = st.columns(3 if preview.sheets else 2)
    top[0].selectbox("This file holds", KINDS, index=KINDS.index(kind), format_func=KIND_LABELS.get,
                     key=f"kind-{key}")
    top[1].caption(f"{preview.text.encoding} · {ingest.DELIMITER_NAMES[shape.delimiter]}-separated · "
                   f"{len(shape.columns)} columns · {ingest.LAYOUT_NAMES[shape.layout]}"
                   + (" · mapping remembered from an earlier file" if preview.mapping.remembered else ""))
    if preview.sheets:
        top[2].selectbox("Sheet", preview.sheets, key=f"sheet-{key}")
    st.caption(f"Why: {plain(preview.kind_reason.split(': ', 1)[-1])}")
    columns = _columns(preview, key)
    mapped = {k: c for k, c in {**preview.mapping.columns, **columns}.items() if c}
    dates = [k for k in mapped if SPECS[preview.kind].field(k).type == "date"]
    scores = [k for k in mapped if SPECS[preview.kind].field(k).type == "score" and k != "score"]
    slots = iter(st.columns(max(4, 2 * bool(dates) + len(scores))))  # how dates and scores are read, one row
    date_format, date_error = _date_format(preview, key, dates, slots)
    scales = _scales(preview, key, scores, slots)
    try:
        mapping = ingest.choose(preview, kind, columns, date_format, scales)
    except InputError as err:  # names the file's columns: shown as typed
        st.error(plain(str(err)))
        return None
    if date_error:
        st.error(date_error)
        return None
    if mapping.reasons:
        st.caption("How each column was read:  \n" + "  \n".join(
            f"· {plain(mapping.reasons[k])}" for k in mapping.columns if k in mapping.reasons))
    for warning in mapping.warnings:
        st.warning(plain(warning), icon=":material/warning:")
    kept = [name for name in shape.names if name not in mapping.columns.values()]
    if kept:
        shown = ", ".join(name if len(name) <= 60 else name[:57] + "…" for name in kept[:8])
        more = f" and {len(kept) - 8} more" if len(kept) > 8 else ""
        st.caption(f"Kept as attributes you can slice by ({len(kept)}): {plain(shown)}{more}")
    st.dataframe(masked_frame(pd.DataFrame(list(shape.sample[:5]), columns=shape.names)), hide_index=True)
    return mapping


def _columns(preview: ingest.Preview, key: str) -> dict[str, str]:
    """field → column as the selectors say ("" for a field the user unmapped)."""
    options = [NOT_MAPPED, *preview.shape.names]
    chosen = {}
    grid = st.columns(4)
    for position, spec_field in enumerate(SPECS[preview.kind].fields):
        current = preview.mapping.columns.get(spec_field.key, NOT_MAPPED)
        picked = grid[position % 4].selectbox(spec_field.label, options, index=options.index(current),
                                              key=f"map-{key}-{preview.kind}-{spec_field.key}")
        if picked != current:
            chosen[spec_field.key] = "" if picked == NOT_MAPPED else picked
    return chosen


def _date_format(preview: ingest.Preview, key: str, dates: list[str], slots) -> tuple[str | None, str | None]:
    """The date format the user chose (None: read from the values), and an error for a custom one
    that is not a format."""
    if not dates:
        return None, None
    proposed = preview.mapping.date_formats.get(dates[0])
    automatic = f"Automatic ({ingest.date_format_label(proposed)})" if proposed else "Automatic"
    names = {AUTOMATIC: automatic, **DATE_NAMES}
    slot = next(slots)
    choice = slot.selectbox("Date format", [AUTOMATIC, *DATE_CHOICES, OTHER], key=f"datefmt-{key}",
                            format_func=lambda option: names.get(option, option),
                            help="How the dates in this file are written. Automatic reads many rows and "
                                 "decides; pick another when the dates are read the wrong way round.")
    if choice == AUTOMATIC:
        return None, None
    if choice != OTHER:
        return choice, None
    written = next(slots).text_input("Format", key=f"datefmt-other-{key}", placeholder="e.g. DD-MM-YY hh:mm",
                               help="Write the format with DD, MM, YYYY, YY, Mon, Month, hh, mm, ss, AM/PM.")
    if not written.strip():
        return None, "Write the date format, or choose Automatic."
    return written, None


def _scales(preview: ingest.Preview, key: str, scores: list[str], slots) -> dict[str, tuple[int, int]]:
    """Scales the user chose for the score fields (only those changed from the proposal)."""
    chosen = {}
    for field_key, column in zip(scores, slots):
        proposed = preview.mapping.scales.get(field_key)
        options = [AUTOMATIC, *SCALES]
        label = SPECS[preview.kind].field(field_key).label.split(" (")[0]
        picked = column.selectbox(f"Scale of {label}", options, key=f"scale-{key}-{preview.kind}-{field_key}",
                                  format_func=lambda s, p=proposed: (f"Automatic ({p[0]}–{p[1]})" if p else "Automatic")
                                  if s == AUTOMATIC else f"{s[0]}–{s[1]}",
                                  help="Answers outside the scale are rejected with their reason; they never "
                                       "widen it.")
        if picked != AUTOMATIC:
            chosen[field_key] = picked
    return chosen
