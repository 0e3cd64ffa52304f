"""The Drivers table and the panel of one theme: what it costs, in plain words, beside its quotes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import board, impact, voices
from analytics.impact import Driver
from analytics.metrics import Slice, formatting
from ui import cached
from ui.session import quote_order
from ui.stories import evidence_quotes

IMPACT = "Impact"  # the score-impact column; its heading names the score (NPS, Rating, CSAT)
WIDTHS = {"Mentions": 70, IMPACT: 124, "Churn: raised / not": 118, "Relative risk": 288,
          "Churned MRR": 86, "At-risk MRR": 86}  # px: the table fits beside the sidebar at 1440 px
HELP = {
    "Mentions": "{score} answers of the slice whose comment mentions the theme",
    IMPACT: "{score} of all answers minus {score} of the answers that do not mention the theme; "
            "grey when the with/without gap is within chance once every theme tested is counted "
            "(Benjamini–Hochberg q ≥ 0.05) or the theme has too few mentions",
    "Churn: raised / not": "Churn rate of the customers the slice's churn rate counts who raised the theme "
                           "(in a survey comment or ticket, from 3 months before the period to its end), "
                           "vs those who spoke to us but did not raise it",
    "Relative risk": "Churn if raised ÷ churn if not, with its 95% interval; no clear effect when the gap is "
                     "within chance once every theme tested is counted (Benjamini–Hochberg q ≥ 0.05)",
    "Churned MRR": "Start-of-period MRR of the customers who raised the theme and churned in the period",
    "At-risk MRR": "Current MRR of the active customers who raised the theme critically in the period (negative "
                   "words, or a score in the lower half of its scale)",
}


def _tone(significant: bool, harmful: bool) -> str:
    return f"color: {board.NEUTRAL}" if not significant else f"color: {board.BAD if harmful else board.GOOD}"


def drivers_table(rows: list[Driver]) -> int | None:
    """Every theme with its cost, sortable; the index of the selected row (None when none is)."""
    score = impact.score_label(rows[0].score_metric if rows else None)
    churn = any(row.customers or row.others for row in rows)  # a customer file with churn is there
    frame = pd.DataFrame([{
        "Theme": row.theme, "Mentions": row.score_mentions, IMPACT: row.score_impact,
        **({"Churn: raised / not": row.churn_with, "Relative risk": row.relative_risk,
            "Churned MRR": row.churned_mrr, "At-risk MRR": row.at_risk_mrr} if churn else {})} for row in rows])
    styled = frame.style.format({"Mentions": "{:,}", **({"Churned MRR": formatting.money,
                                                         "At-risk MRR": formatting.money} if churn else {})})
    texts = ((IMPACT, impact.score_impact_text), ("Churn: raised / not", impact.churn_rates_text),
             ("Relative risk", impact.churn_effect_text))
    for index, row in enumerate(rows):  # a cell's text needs its whole row; the values still sort
        for column, text in texts:
            if column in frame:
                styled = styled.format(lambda _, r=row, text=text: text(r), subset=pd.IndexSlice[[index], [column]])
    styled = styled.apply(lambda _: [_tone(r.score_significant, (r.score_impact or 0) < 0) for r in rows],
                          subset=[IMPACT])
    if churn:
        styled = styled.apply(lambda _: [_tone(r.churn_significant, (r.relative_risk or 1) > 1) for r in rows],
                              subset=["Relative risk"])
    picked = st.dataframe(styled, hide_index=True, on_select="rerun", selection_mode="single-row",
                          key="drivers_table", column_config={
                              name: st.column_config.Column(
                                  f"{score} impact ({impact.impact_unit(rows[0].score_metric)})" if name == IMPACT
                                  else name, help=text.format(score=score), width=WIDTHS.get(name))
                              for name, text in HELP.items() if name in frame})
    selected = [i for i in (picked.selection.rows if picked else []) if i < len(rows)]  # after an edit
    return selected[0] if selected else None


def driver_panel(con, focus: Driver, slice_: Slice) -> int:
    """One theme's score impact, churn effect and revenue in sentences, then its quotes; returns how
    many voices of the slice carry the theme."""
    score = impact.score_label(focus.score_metric)
    if focus.score_with is not None and focus.score_impact is not None:
        amount = impact.signed(focus.score_impact, impact.impact_digits(focus.score_metric))
        impact_text = f"{amount} {impact.impact_unit(focus.score_metric)}"
        with_, without = (impact.score_text(focus.score_metric, v) for v in (focus.score_with, focus.score_without))
        st.markdown(f"**{focus.score_mentions:,}** {score} answers mention it · {score} **{with_}** among "
                    f"them vs **{without}** without · impact on {score} " +
                    (f"**{impact_text}**" if focus.score_significant else
                     f"{impact_text}, :gray[{'not enough mentions' if not focus.score_enough else 'within chance'}]"))
    elif focus.score_metric:
        st.markdown(f"No {score} answer of the slice mentions it.")
    if not (focus.customers or focus.others):
        effect = "No customer file with churn yet: upload one to measure this theme's effect on churn."
    elif focus.relative_risk is None:
        effect = "too few churned customers to measure an effect on churn"
    else:
        effect = f"{focus.relative_risk:.2f}× as likely to churn [{focus.rr_low:.2f}–{focus.rr_high:.2f}]"
        effect = (f"**{effect}**" if focus.churn_significant else
                  f"{effect}: {impact.NOT_ENOUGH}" if not focus.churn_enough else f"{effect}: no clear effect on churn")
    churn_line = (f"**{focus.customers:,}** customers raised it; **{focus.churn_with:.1%}** of them churned vs "
                  f"**{focus.churn_without:.1%}** of others who spoke to us · "
                  if focus.churn_with is not None and focus.churn_without is not None else "")
    st.markdown(churn_line + effect)
    if focus.customers or focus.others:
        st.markdown(f"**{formatting.money(focus.churned_mrr)}** MRR churned · "
                    f"**{formatting.money(focus.at_risk_mrr)}** MRR at risk")
    offset_key = f"drivers-offset-{focus.theme_id}-{slice_}"
    found = cached.theme_evidence(con, cached.version(con), slice_, focus.theme_id, quote_order(),
                                  st.session_state.get(offset_key, 0))
    if not found.quotes:
        st.caption("No comment of the slice mentions it.")
    else:
        evidence_quotes(con, found, offset_key, 3, border=True, link=True,
                        terms=voices.theme_keywords(con, focus.theme_id), theme_id=focus.theme_id)
    return found.total


