"""What a page says when the workspace lacks the data it needs."""

from __future__ import annotations

import streamlit as st

DATA_PAGE = "pages/data.py"


def nothing_yet(message: str) -> None:
    """Say what is missing and where to upload it, then end the page."""
    st.info(message)
    st.page_link(DATA_PAGE, label="Go to Data", icon=":material/upload_file:")
    st.stop()
