"""The Themes page's parts: the taxonomy table, its edits (each saved, then every voice re-tagged
with a progress bar) and discovery from the customers' own words."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import voices
from ui.text import masked, plain
from ui.writes import writer


def retag_now(con) -> None:
    bar = st.progress(0.0, text="Re-tagging voices")
    voices.retag(con, on_progress=lambda done, message: bar.progress(done, text=message))


def apply(con, change, notice: str) -> None:
    """Run a taxonomy edit `change(connection)` (saved without re-tagging), re-tag with a progress
    bar, then rerun; on the PostgreSQL store both land in one transaction."""
    try:
        with writer(con) as target:
            change(target)
            retag_now(target)
    except (ValueError, KeyError) as err:
        st.error(plain(str(err).strip("'\"")))
        return
    st.session_state["themes_notice"] = notice
    st.rerun()


def taxonomy_table(taxonomy: list[voices.Theme], counts: pd.DataFrame) -> None:
    tagged = counts.set_index("theme_id")
    table = pd.DataFrame([{
        "Theme": t.name, "Keywords": ", ".join(t.keywords), "Rules": ", ".join(t.rules) or "–",
        "Voices tagged": int(tagged["voices"].get(t.theme_id, 0)),
        "Share of voices": 100 * tagged["share"].get(t.theme_id, 0.0),
        "Mean sentiment": tagged["mean_sentiment"].get(t.theme_id)} for t in taxonomy])
    if table.empty:
        st.warning("The taxonomy is empty: no voice carries a theme. Add a theme or discover some below.")
        return
    st.dataframe(table, hide_index=True, column_config={
        "Keywords": st.column_config.TextColumn(width="large"),
        "Voices tagged": st.column_config.NumberColumn(format="localized"),
        "Share of voices": st.column_config.NumberColumn(format="%.1f%%"),
        "Mean sentiment": st.column_config.NumberColumn(
            format="%+.2f", help="Mean sentiment of the theme's voices, from −1 (negative) to +1 (positive)")})


def edit_tabs(con, taxonomy: list[voices.Theme]) -> None:
    """Rename, merge, split, add a rule, add a theme, delete: one form each."""
    ids = [t.theme_id for t in taxonomy]
    label = {t.theme_id: t.name for t in taxonomy}.get
    rename_tab, merge_tab, split_tab, rule_tab, add_tab, delete_tab = st.tabs(
        ["Rename", "Merge", "Split", "Add a rule", "Add a theme", "Delete"])
    with rename_tab, st.form("theme_rename"):
        chosen = st.selectbox("Theme", ids, format_func=label, key="rename_theme")
        name = st.text_input("New name", key="rename_name")
        if st.form_submit_button("Rename", type="primary") and chosen:
            apply(con, lambda w: voices.rename_theme(w, chosen, name, retag=False),
                  f"Renamed “{label(chosen)}” to “{name.strip()}”.")
    with merge_tab, st.form("theme_merge"):
        parts = st.multiselect("Themes to merge", ids, format_func=label, key="merge_themes")
        name = st.text_input("Name of the merged theme", key="merge_name")
        if st.form_submit_button("Merge", type="primary"):
            apply(con, lambda w: voices.merge_themes(w, parts, name or " & ".join(label(p) for p in parts),
                                                   retag=False), f"Merged {len(parts)} themes.")
    with split_tab, st.form("theme_split"):
        chosen = st.selectbox("Theme", ids, format_func=label, key="split_theme")
        groups = st.text_area("New themes, one per line: name, a colon, then its keywords",
                              placeholder="Invoices: invoice*, receipt*, PO number\n"
                                          "Refunds: refund*, credit the difference", key="split_groups")
        if st.form_submit_button("Split", type="primary") and chosen:
            lines = [line.split(":", 1) for line in groups.splitlines() if ":" in line]
            parsed = {name.strip(): [k.strip() for k in words.split(",") if k.strip()] for name, words in lines}
            apply(con, lambda w: voices.split_theme(w, chosen, parsed, retag=False),
                  f"Split “{label(chosen)}” into {len(parsed)} themes.")
    with rule_tab, st.form("theme_rule"):
        chosen = st.selectbox("Theme", ids, format_func=label, key="rule_theme")
        phrase = st.text_input("Keyword or phrase", key="rule_phrase",
                               placeholder="e.g. renewal quote, or re:\\bSLA\\b",
                               help="Matched case-insensitively on word boundaries; a trailing * matches "
                                    "any ending; re: starts a regular expression.")
        if st.form_submit_button("Add rule", type="primary") and chosen:
            apply(con, lambda w: voices.add_rule(w, chosen, phrase, retag=False),
                  f"Added “{phrase.strip()}” to “{label(chosen)}”.")
    with add_tab, st.form("theme_add"):
        name = st.text_input("Name", key="add_name")
        keywords = st.text_input("Keywords, separated by commas", key="add_keywords")
        if st.form_submit_button("Add theme", type="primary"):
            words = [k.strip() for k in keywords.split(",") if k.strip()]
            apply(con, lambda w: voices.add_theme(w, name, words, retag=False),
                  f"Added the theme “{name.strip()}”.")
    with delete_tab, st.form("theme_delete"):
        chosen = st.selectbox("Theme", ids, format_func=label, key="delete_theme")
        sure = st.checkbox("Yes, delete it (its voices lose this tag)", key="delete_sure")
        if st.form_submit_button("Delete", type="primary") and chosen:
            if sure:
                apply(con, lambda w: voices.delete_theme(w, chosen, retag=False), f"Deleted “{label(chosen)}”.")
            else:
                st.warning("Tick the box to confirm.")


def discovery(con) -> None:
    """Propose themes from a sample of the voices; nothing changes until the analyst uses them."""
    state = st.session_state
    many, go_button = st.columns([1, 3], vertical_alignment="bottom")
    wanted = many.number_input("How many themes", 4, 16, 8, key="discover_n")
    if go_button.button("Discover themes", icon=":material/auto_awesome:"):
        with st.spinner("Reading a sample of voices and proposing themes…"):
            texts = voices.sample_texts(con)
            try:
                proposal = voices.discover_themes(texts, int(wanted))
            except ValueError as err:
                st.warning(f"Not enough text to discover themes: {plain(str(err))}.")
                proposal = None
            if proposal:
                share = pd.Series([t for found in voices.tag_texts(texts, proposal) for t in found]).value_counts()
                state["themes_proposal"] = (proposal, {k: v / len(texts) for k, v in share.items()})
    if not state.get("themes_proposal"):
        return
    proposal, shares = state["themes_proposal"]
    for theme in proposal:
        with st.container(border=True):
            st.markdown(f"**{plain(theme.name)}** · would tag {shares.get(theme.theme_id, 0):.0%} of the sample")
            st.caption("Keywords: " + plain(", ".join(theme.keywords)))
            for example in theme.examples:
                st.markdown(f"“{plain(masked(example))}”")
    use, drop = st.columns([1, 4])
    if use.button("Use these themes", type="primary"):
        with writer(con) as target:
            voices.save_taxonomy(target, proposal, retag=False)
            retag_now(target)
        del state["themes_proposal"]
        state["themes_notice"] = f"Saved {len(proposal)} discovered themes and re-tagged every voice."
        st.rerun()
    if drop.button("Discard", type="tertiary"):
        del state["themes_proposal"]
        st.rerun()
