"""Overview: every headline figure of the slice, each beside the words of the customers it counts."""

import streamlit as st

from analytics import workspace
from ui import cached
from ui.exports import export_buttons
from ui.notices import nothing_yet
from ui.session import connection, current_slice
from ui.stories import tile
from ui.text import plain

con = connection()
slice_ = current_slice()
st.title("Overview")
if workspace.is_empty(con):
    nothing_yet("The workspace is empty. Upload customer, survey, ticket or revenue exports to see "
                "your figures beside your customers' words.")

st.caption(f"{plain(slice_.describe())} · change against the previous period of the same length")
keys = cached.available_metrics(con, cached.version(con))
if not keys:
    nothing_yet("What is here so far (support tickets or comments without a score) carries no headline "
                "figure. Upload a customer file saying who churned, or survey and review answers (NPS, "
                "CSAT, effort, ratings, would-recommend), to see figures beside these words; read the "
                "words themselves on Voices and Themes.")
per_row = min((4, 3), key=lambda k: (-len(keys) % k, -k))  # rows as full as they can be: 9 tiles are 3 × 3
for row_start in range(0, len(keys), per_row):
    for column, key in zip(st.columns(per_row), keys[row_start:row_start + per_row]):
        with column:
            tile(con, key, slice_)

with st.expander("Export for the board", icon=":material/ios_share:"):
    export_buttons(con, slice_, key="overview")
