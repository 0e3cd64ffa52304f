"""One voice as a card (the words, then who, when, what score, what it is about) and the pager of
the Voices list."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from analytics import board, voices
from analytics.metrics import formatting
from ui.links import customer_url
from ui.session import masking
from ui.stories import quote_card
from ui.text import plain
from ui.writes import writer


def voice_card(row, theme_names: dict[str, str], said: dict[float, str]):
    """One row of `voices.search` as a quote card with its full caption (a ticket's rating as its
    helpdesk wrote it, `said`); returns the card."""
    name = row.name if isinstance(row.name, str) and row.name else None
    who = []
    if isinstance(row.customer_id, str):
        label = row.customer_id if masking() or not name else f"{name} · {row.customer_id}"
        who.append(f"[{plain(label)}]({customer_url(row.customer_id)})")
    else:
        who.append("not linked to a customer")
    if not pd.isna(row.at):
        who.append(f"{row.at:%-d %b %Y}")
    who.append(voices.SOURCES[row.source])
    score = voices.score_label(row.kind, row.score, row.scale_min, row.scale_max, said)
    if score:
        tone = voices.score_tone(row.kind, row.score, row.scale_min, row.scale_max)
        who.append(f":{board.TONE_NAMES[tone]}-badge[{plain(score)}]")
    if not pd.isna(row.mrr):
        who.append(f"{formatting.money(row.mrr)} MRR")
    who += [plain(attribute) for attribute in (row.segment, row.plan) if isinstance(attribute, str)]
    if pd.notna(row.churned) and bool(row.churned):
        when = f" {row.churn_date:%b %Y}" if not pd.isna(row.churn_date) else ""
        who.append(f":red[churned{when}]")
    if isinstance(row.language, str) and row.language not in voices.SCORED_LANGUAGES:
        who.append(f":gray-badge[{plain(voices.language_name(row.language))}]")
    mood = voices.sentiment_label(row.sentiment)
    contradiction = voices.disagreement(row.text, row.text_sentiment, row.kind, row.score, row.scale_min,
                                        row.scale_max)
    if contradiction:  # the customer's own score says otherwise: show both, and which words decided
        who.append(f":orange-badge[{plain(contradiction)}]")
    elif mood:
        who.append(f":{board.MOOD_NAMES[mood]}-badge[{mood}]")
    elif isinstance(row.language, str) and row.language not in voices.SCORED_LANGUAGES:
        who.append(":gray[sentiment not scored]")
    # each theme with why it is there: the words of the text that tagged it
    chips = " ".join(f":blue-badge[{plain(theme_names.get(t, t))}] "
                     + (f":gray[“{plain(why)}”]" if isinstance(why, str) else ":gray[by hand]")
                     for t, why in zip(row.themes, row.matched))
    return quote_card(row.text, who + ([chips] if chips else []), names=(name,) if name else (), border=True)


def tag_editor(con, row, theme_names: dict[str, str]) -> None:
    """'Correct themes' under a voice: the analyst picks the themes it carries, which every later
    tagging keeps (voices.correct_tags)."""
    with st.popover("Correct themes", type="tertiary", icon=":material/edit:"):
        chosen = st.multiselect("Themes this voice is about", list(theme_names), default=list(row.themes),
                                format_func=lambda t: theme_names.get(t, t), key=f"tags-{row.voice_id}")
        st.caption("Kept when the voices are enriched again or the taxonomy changes.")
        if st.button("Save", key=f"tags-save-{row.voice_id}", type="primary"):
            with writer(con) as target:
                voices.correct_tags(target, row.voice_id, chosen)
            st.rerun()


def pager(where: str, offset: int, total: int, state_key: str = "voices_offset") -> None:
    """'1,234 voices · showing 1–25' with Previous / Next, which move the offset in session state."""
    size = voices.PAGE_SIZE
    label, back, page, forward = st.columns([5, 1.3, 1.2, 1.3], vertical_alignment="center")
    label.markdown(f"**{total:,} voice{'' if total == 1 else 's'}**"
                   + (f" · showing {offset + 1:,}–{min(offset + size, total):,}" if total else ""))
    page.caption(f"Page {offset // size + 1:,} of {max(math.ceil(total / size), 1):,}")
    if back.button("Previous", key=f"voices-back-{where}", disabled=offset == 0, icon=":material/chevron_left:",
                   use_container_width=True):
        st.session_state[state_key] = max(offset - size, 0)
        st.rerun()
    if forward.button("Next", key=f"voices-next-{where}", disabled=offset + size >= total,
                      icon=":material/chevron_right:", use_container_width=True):
        st.session_state[state_key] = offset + size
        st.rerun()
