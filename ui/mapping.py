"""The Data page's proposal for one uploaded file: what it holds and why, which column feeds each
field and why, how its dates and scores are read, and what to check, every choice changeable. The
upload's copy on disk, which holds customer data, lives only while the proposal needs it."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
import weakref
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
COPY_PREFIX = "heartbeat-upload-"
STALE_AFTER_SECONDS = 24 * 60 * 60  # older copies are a killed server's; a live session writes its own again


class _Copies:
    """One session's copies of its uploads on disk, file_id → path, removed with the session's
    state: when Streamlit drops a closed session (after its reconnect window) or the server stops."""

    def __init__(self):
        self.paths: dict[str, Path] = {}
        weakref.finalize(self, _remove_all, self.paths)


def _remove_all(paths: dict[str, Path]) -> None:
    for path in paths.values():
        path.unlink(missing_ok=True)


def _copies() -> dict[str, Path]:
    """This session's copies; its first call also removes the copies a killed server left."""
    if "upload_copies" not in st.session_state:
        _remove_stale_copies()
        st.session_state.upload_copies = _Copies()
    return st.session_state.upload_copies.paths


def _remove_stale_copies() -> None:
    """Delete upload copies older than a day from the temp folder: a live session's copy is younger,
    or written again when it is needed (`saved_path`). Another user's file is left alone."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in Path(tempfile.gettempdir()).glob(f"{COPY_PREFIX}*"):
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours to delete
            if path.stat().st_mtime < cutoff:
                path.unlink()


def saved_path(upload) -> Path:
    """The upload copied to disk in chunks, once while it is needed; the import streams from there.
    Written again from the upload when the copy was removed meanwhile."""
    paths = _copies()
    if upload.file_id not in paths or not paths[upload.file_id].exists():
        upload.seek(0)
        suffix = Path(upload.name).suffix or ".csv"
        with tempfile.NamedTemporaryFile(prefix=COPY_PREFIX, suffix=suffix, delete=False) as sink:
            shutil.copyfileobj(upload, sink, 8 << 20)
        paths[upload.file_id] = Path(sink.name)
    return paths[upload.file_id]


def _discard_copy(file_id: str) -> None:
    path = _copies().pop(file_id, None)
    if path is not None:
        path.unlink(missing_ok=True)


def forget_uploads(keep=()) -> None:
    """Delete the copies, and drop the previews, of every upload but those in `keep` (the files
    still in the uploader): a file replaced, removed or imported leaves no customer data on disk."""
    kept = {upload.file_id for upload in keep}
    for file_id in [file_id for file_id in _copies() if file_id not in kept]:
        _discard_copy(file_id)
    previews = st.session_state.setdefault("previews", {})
    for choice in [choice for choice in previews if choice[0] not in kept]:
        del previews[choice]


def import_plans(con, uploads: list) -> list[dict]:
    """The import plan of each upload that is ready (`mapping_editor`), after removing the copies
    of files no longer in the uploader."""
    forget_uploads(keep=uploads)
    return [plan for upload in uploads if (plan := mapping_editor(con, upload))]


def _preview(con, upload, kind: str | None, sheet: str | None):
    """What Heartbeat understood of the file (or the InputError saying why it can't be read), read
    once per (file, kind, sheet) choice, not on every rerun. A refused file's copy is deleted: it is
    written again only if another choice needs it."""
    cache = st.session_state.setdefault("previews", {})
    if (upload.file_id, kind, sheet) not in cache:
        try:
            preview = ingest.preview_file(con, saved_path(upload), file_name=upload.name, kind=kind,
                                          sheet=sheet, max_bytes=max_upload_bytes())
            preview.discard()
            cache[(upload.file_id, kind, sheet)] = preview
        except InputError as err:
            cache[(upload.file_id, kind, sheet)] = err
            _discard_copy(upload.file_id)
    return cache[(upload.file_id, kind, sheet)]


def mapping_editor(con, upload) -> dict | None:
    """Show the proposal for one file and let the user change it; the import plan, or None when
    the file cannot be read or a choice is still missing."""
    key = upload.file_id
    sheet = st.session_state.get(f"sheet-{key}")
    preview = _preview(con, upload, st.session_state.get(f"kind-{key}"), sheet)
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
    return {"upload": upload, "path": saved_path(upload), "mapping": mapping, "sheet": sheet}


def _proposal(preview: ingest.Preview, key: str) -> ingest.Mapping | None:
    shape, kind = preview.shape, preview.kind
    st.markdown(f"**{plain(preview.file_name)}**")
    top = st.columns(3 if preview.sheets else 2)
    top[0].selectbox("This file holds", KINDS, index=KINDS.index(kind), format_func=KIND_LABELS.get,
                     key=f"kind-{key}")
    read = "" if preview.sheet else f"{preview.text.encoding} · {preview.delimiter}-separated · "
    top[1].caption(f"{read}{len(shape.columns)} columns · {plain(preview.layout)}"
                   + (" · mapping remembered from an earlier file" if preview.mapping.remembered else ""))
    if preview.sheets:
        top[2].selectbox("Sheet", preview.sheets, index=preview.sheets.index(preview.sheet), key=f"sheet-{key}")
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
    kept = [name for name in shape.names if name not in mapping.read_columns()]
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
