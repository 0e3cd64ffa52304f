"""A clickable chart: draw a plotly figure and report the point the user clicked in it."""

from __future__ import annotations

import streamlit as st

from analytics import board


def chart(fig, key: str, allowed: list) -> tuple | None:
    """Draw `fig`; the clicked point's customdata when it is one of `allowed` (a click left over
    from another slice or chart is ignored)."""
    state = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points",
                            config=board.CHART_CONFIG, theme=None)
    chosen = board.picked(state)
    return chosen if chosen and (chosen[0] in allowed or list(chosen) in allowed) else None
