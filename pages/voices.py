"""Voices: every survey comment, ticket and churn reason of the slice, searchable and filterable."""

import math

import pandas as pd
import streamlit as st

from analytics import formatting, themes, voices, workspace
from analytics.customer import customer_url
from analytics.voices import BAND_LABELS, ORDERS, PAGE_SIZE, SENTIMENTS, SOURCES
from pages.common import connection, current_slice, nothing_yet, plain, shown

TONE = {"good": "green", "bad": "red", "neutral": "gray"}
MOOD = {"negative": "red", "neutral": "gray", "positive": "green"}
STATUS = {"All customers": None, "Churned": True, "Active": False}

con = connection()
slice_ = current_slice()
version = workspace.version(con)
state = st.session_state
st.title("Voices")
if workspace.is_empty(con):
    nothing_yet("The workspace is empty. Upload survey, ticket or customer exports to read what your "
            "customers say.")


@st.cache_data(show_spinner=False, max_entries=256)
def found(_con, version: int, slice_, words, sources, sentiment, theme, band, churned, offset, order):
    return voices.search(_con, slice_, words, sources, sentiment, theme, band, churned, PAGE_SIZE,
                         offset, order)


@st.cache_data(show_spinner=False)
def taxonomy(_con, version: int) -> dict[str, str]:
    return voices.theme_names(_con)


names = taxonomy(con, version)
st.caption(f"{slice_.describe()} · survey comments, support tickets and churn reasons, with the "
           "customer who wrote each · the period applies to when it was written")

query, theme_box, band_box, order = st.columns([4, 2, 2, 1.6], vertical_alignment="bottom")
words = query.text_input("Search", key="voices_words", placeholder='Words to find, e.g. invoice refund — '
                         'every word must appear; "quotes" for a phrase')
chosen_themes = theme_box.multiselect("Theme", list(names), format_func=lambda t: names.get(t, t),
                                      key="voices_theme", placeholder="Any theme")
bands = band_box.multiselect("Score", list(BAND_LABELS), format_func=BAND_LABELS.get, key="voices_band",
                             placeholder="Any score")
ordering = order.selectbox("Order", list(ORDERS), format_func=ORDERS.get, key="voices_order")
source_box, mood_box, status_box = st.columns([4, 3.3, 3])
sources = source_box.pills("Source", list(SOURCES), format_func=SOURCES.get, selection_mode="multi",
                           key="voices_sources")
moods = mood_box.pills("Sentiment", list(SENTIMENTS), format_func=str.capitalize,
                       selection_mode="multi", key="voices_sentiment")
status = status_box.segmented_control("Customer", list(STATUS), default="All customers",
                                      key="voices_status") or "All customers"

filters = (words.strip(), tuple(sources), tuple(moods), tuple(chosen_themes), tuple(bands), STATUS[status])
if state.get("voices_filters") != (filters, slice_, ordering):  # new question: back to page 1
    state["voices_filters"] = (filters, slice_, ordering)
    state["voices_offset"] = 0
offset = state.get("voices_offset", 0)
rows, total = found(con, version, slice_, *filters, offset, ordering)
if total and offset >= total:  # fewer voices than before (an undone import): back to page 1
    offset = state["voices_offset"] = 0
    rows, total = found(con, version, slice_, *filters, offset, ordering)
pages = max(math.ceil(total / PAGE_SIZE), 1)


def pager(where: str) -> None:
    """'1–25 of 1,234 voices' with Previous / Next."""
    label, back, page, forward = st.columns([5, 1.3, 1.2, 1.3], vertical_alignment="center")
    shown_to = min(offset + PAGE_SIZE, total)
    label.markdown(f"**{total:,} voice{'' if total == 1 else 's'}**"
                   + (f" · showing {offset + 1:,}–{shown_to:,}" if total else ""))
    page.caption(f"Page {offset // PAGE_SIZE + 1:,} of {pages:,}")
    if back.button("Previous", key=f"voices-back-{where}", disabled=offset == 0, icon=":material/chevron_left:",
                   use_container_width=True):
        state["voices_offset"] = max(offset - PAGE_SIZE, 0)
        st.rerun()
    if forward.button("Next", key=f"voices-next-{where}", disabled=offset + PAGE_SIZE >= total,
                      icon=":material/chevron_right:", use_container_width=True):
        state["voices_offset"] = offset + PAGE_SIZE
        st.rerun()


def card(row) -> None:
    """One voice: the words, then who said it, when, with what score, and what it is about."""
    name = row.name if isinstance(row.name, str) and row.name else None
    with st.container(border=True):
        st.markdown(f"“{plain(shown(row.text, (name,) if name else ()))}”")
        who = []
        if isinstance(row.customer_id, str):
            label = row.customer_id if state.get("mask_pii", True) or not name else f"{name} · {row.customer_id}"
            who.append(f"[{plain(label)}]({customer_url(row.customer_id)})")
        else:
            who.append("not linked to a customer")
        if not pd.isna(row.at):
            who.append(f"{row.at:%-d %b %Y}")
        who.append(SOURCES[row.source])
        score = voices.score_label(row.kind, row.score, row.scale_min, row.scale_max)
        if score:
            tone = voices.score_tone(row.kind, row.score, row.scale_min, row.scale_max)
            who.append(f":{TONE[tone]}-badge[{plain(score)}]")
        if not pd.isna(row.mrr):
            who.append(f"{formatting.money(row.mrr)} MRR")
        for attribute in (row.segment, row.plan):
            if isinstance(attribute, str):
                who.append(plain(attribute))
        if pd.notna(row.churned) and bool(row.churned):
            when = f" {row.churn_date:%b %Y}" if not pd.isna(row.churn_date) else ""
            who.append(f":red[churned{when}]")
        mood = voices.sentiment_label(row.sentiment)
        if mood:
            who.append(f":{MOOD[mood]}-badge[{mood}]")
        chips = " ".join(f":blue-badge[{plain(names.get(t, t))}]" for t in row.themes)
        st.caption(" · ".join(who + ([chips] if chips else [])))


if not total:
    st.info("No voices match. Remove a word or a filter, or widen the period in the sidebar.")
    st.stop()
pager("top")
for row in rows.itertuples(index=False):
    card(row)
if len(rows) > 5:
    pager("bottom")
if themes.is_default(con):
    st.caption("Themes come from Heartbeat's standard B2B SaaS taxonomy until you edit it on the "
               "Themes page.")
