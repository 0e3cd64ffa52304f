"""Themes: the taxonomy that tags every voice — see it, edit it, or let Heartbeat propose one."""

import streamlit as st

from analytics import voices, workspace
from ui import cached
from ui.session import connection
from ui.text import plain
from ui.themes import discovery, edit_tabs, taxonomy_table

con = connection()
st.title("Themes")
st.caption("A voice carries a theme when one of the theme's keywords or rules occurs in its text. Every "
           "edit is saved in this workspace and re-tags all voices, so Voices, Drivers and every quote "
           "follow it at once.")
if notice := st.session_state.pop("themes_notice", None):
    st.success(plain(notice), icon=":material/check:")
taxonomy = voices.load_taxonomy(con)
if voices.is_default_taxonomy(con):
    st.info("Heartbeat's standard B2B SaaS taxonomy is in use. Edit it below, or discover themes from "
            "your own customers' words.", icon=":material/label:")
elif voices.discovered(con):
    st.info("These themes were discovered from your customers' own words when they were first imported "
            "(the standard B2B SaaS themes would not fit them). Rename, merge or split them below, or "
            "discover again with more themes.", icon=":material/label:")
taxonomy_table(taxonomy, cached.theme_counts(con, cached.version(con)))

if workspace.allows("analyst"):
    st.subheader("Edit the taxonomy")
    edit_tabs(con, taxonomy)

    st.subheader("Discover themes in your customers' words")
    st.caption("Heartbeat reads a sample of up to 50,000 voices and proposes themes from the words that keep "
               "appearing together, each named from its strongest words and shown with example quotes. "
               "Nothing changes until you use them.")
    discovery(con)
else:
    st.caption("Editing themes is for analysts: ask an admin for access.")

st.download_button("Download the taxonomy (JSON)", voices.taxonomy_to_json(taxonomy), "themes.json",
                   "application/json", icon=":material/download:")
