"""Voices: every survey comment, ticket and churn reason of the slice, searchable and filterable."""

import streamlit as st

from analytics import voices, workspace
from analytics.voices import BAND_LABELS, SEARCH_ORDERS, SENTIMENTS, SOURCES
from ui import cached
from ui.notices import nothing_yet
from ui.session import connection, current_slice
from ui.voices import pager, tag_editor, voice_card
from ui.text import plain

STATUS = {"All customers": None, "Churned": True, "Active": False}

con = connection()
slice_ = current_slice()
version = cached.version(con)
state = st.session_state
st.title("Voices")
if workspace.is_empty(con):
    nothing_yet("The workspace is empty. Upload survey, ticket or customer exports to read what your "
                "customers say.")

names = cached.theme_names(con, version)
st.caption(f"{plain(slice_.describe())} · survey comments, support tickets and churn reasons, with the "
           "customer who wrote each · the period applies to when it was written")

query, theme_box, band_box, language_box, order = st.columns([3.2, 1.8, 1.8, 2, 1.6], vertical_alignment="bottom")
words = query.text_input("Search", key="voices_words", placeholder='Words to find, e.g. invoice refund — '
                         'every word must appear; "quotes" for a phrase')
chosen_themes = theme_box.multiselect("Theme", list(names), format_func=lambda t: names.get(t, t),
                                      key="voices_theme", placeholder="Any theme")
bands = band_box.multiselect("Score", list(BAND_LABELS), format_func=BAND_LABELS.get, key="voices_band",
                             placeholder="Any score")
ordering = order.selectbox("Order", list(SEARCH_ORDERS), format_func=SEARCH_ORDERS.get, key="voices_order")
source_box, mood_box, status_box = st.columns([4, 3.3, 3])
sources = source_box.pills("Source", list(SOURCES), format_func=SOURCES.get, selection_mode="multi",
                           key="voices_sources")
moods = mood_box.pills("Sentiment", list(SENTIMENTS), format_func=str.capitalize,
                       selection_mode="multi", key="voices_sentiment",
                       help="A voice's words weighed with the score beside them: a low score (1–2 of 5, "
                            "0–3 of 10) reads negative and a top one (4–5 of 5, 9–10 of 10) positive, "
                            "whatever the words; between them, or without a score, the words decide.")
status = status_box.segmented_control("Customer", list(STATUS), default="All customers",
                                      key="voices_status") or "All customers"
disagree = st.toggle(
    "Only voices whose words contradict their score", key="voices_disagree",
    help="Voices whose text reads positive with a low score (1–2 of 5, 0–3 of 10), or negative with a "
         "top score (4–5 of 5, 9–10 of 10): where customers say one thing and score another, and where "
         "the sentiment model may have misread them.")
spoken = cached.languages(con, version)
chosen_languages = language_box.multiselect(
    "Language", list(spoken), format_func=voices.language_name, key="voices_language", placeholder="Any language",
    disabled=len(spoken) < 2, help="Detected per voice: " + ", ".join(
        f"{voices.language_name(code)} {count:,}" for code, count in spoken.items()) +
    ". Words are scored in English only: a voice in another language takes its sentiment from its "
    "score, or says 'not scored'.")

filters = (words.strip(), tuple(sources), tuple(moods), tuple(chosen_themes), tuple(bands), STATUS[status],
           tuple(chosen_languages), disagree)
if state.get("voices_filters") != (filters, slice_, ordering):  # new question: back to page 1
    state["voices_filters"] = (filters, slice_, ordering)
    state["voices_offset"] = 0
offset = state.get("voices_offset", 0)
rows, total = cached.voices_page(con, version, slice_, *filters, offset, ordering)
if total and offset >= total:  # fewer voices than before (an undone import): back to page 1
    offset = state["voices_offset"] = 0
    rows, total = cached.voices_page(con, version, slice_, *filters, offset, ordering)

if not total:
    st.info("No voices match. Remove a word or a filter, or widen the period in the sidebar.")
    st.stop()
pager("top", offset, total)
correcting = workspace.allows("analyst")
said = cached.ticket_points(con, version)
for row in rows.itertuples(index=False):
    card = voice_card(row, names, said)
    if correcting:
        with card:
            tag_editor(con, row, names)
if len(rows) > 5:
    pager("bottom", offset, total)
if voices.is_default_taxonomy(con):
    st.caption("Themes come from Heartbeat's standard B2B SaaS taxonomy until you edit it on the "
               "Themes page.")
