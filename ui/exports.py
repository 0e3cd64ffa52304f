"""The 'Export for the board' panel: prepare the deck or the brief on demand, then download it."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import streamlit as st

from analytics import board, workspace
from analytics.impact import Case
from analytics.metrics import Slice
from ui.session import masking
from ui.text import plain

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _ask(flag: str) -> None:
    st.session_state[flag] = True


def _recorded(con, kind: str, slice_: Slice, case: Case | None) -> None:
    workspace.record_alone(con, "export", format=kind, slice=(case.slice if case else slice_).describe(),
                           case=case.name if case else None, masked=masking())


def export_buttons(con, slice_: Slice, key: str, case: Case | None = None) -> None:
    """Deck and brief of the overview of `slice_`, or of `case` when given. Files are built only
    when asked (the brief draws its charts in Chromium) and kept for download under `key`. A click is
    recorded by its callback, so a run that another interaction interrupts never loses it."""
    template = st.file_uploader("Company template for the deck (optional, 16:9 .pptx)", type=["pptx"],
                                key=f"{key}-template",
                                help="The deck takes its masters, theme fonts and colours; Heartbeat's own look otherwise.")
    deck_col, brief_col = st.columns(2)
    deck_col.button("Prepare the board deck (.pptx)", key=f"{key}-deck", icon=":material/slideshow:",
                    on_click=_ask, args=(f"{key}-deck-wanted",))
    brief_col.button("Prepare the one-page brief (.html)", key=f"{key}-brief", icon=":material/description:",
                     on_click=_ask, args=(f"{key}-brief-wanted",))
    if st.session_state.get(f"{key}-deck-wanted"):  # cleared once done, not when a run is cut short
        with st.spinner("Drawing charts and writing slides…"), tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "deck.pptx"
            try:
                company = None if template is None else io.BytesIO(template.getvalue())
                if case is None:
                    board.overview_deck(con, slice_, path, mask=masking(), template=company)
                else:
                    board.case_deck(con, case, path, mask=masking(), template=company)
                st.session_state[f"{key}-deck-bytes"] = path.read_bytes()
                _recorded(con, "pptx", slice_, case)
            except (board.ChartError, board.TemplateError) as err:
                st.error(f"The deck could not be written: {plain(str(err))}")
            del st.session_state[f"{key}-deck-wanted"]
    if f"{key}-deck-bytes" in st.session_state:
        deck_col.download_button("Download the deck", st.session_state[f"{key}-deck-bytes"],
                                 file_name=f"heartbeat-{key}.pptx", key=f"{key}-deck-download", mime=PPTX)
    if st.session_state.get(f"{key}-brief-wanted"):
        with st.spinner("Writing the brief…"):
            html = (board.overview_html(con, slice_, mask=masking()) if case is None
                    else board.case_html(con, case, mask=masking()))
            st.session_state[f"{key}-brief-bytes"] = html.encode("utf-8")
            _recorded(con, "html", slice_, case)
            del st.session_state[f"{key}-brief-wanted"]
    if f"{key}-brief-bytes" in st.session_state:
        brief_col.download_button("Download the brief", st.session_state[f"{key}-brief-bytes"],
                                  file_name=f"heartbeat-{key}.html", mime="text/html",
                                  key=f"{key}-brief-download")
