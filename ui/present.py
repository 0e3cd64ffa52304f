"""Presentation mode: one slide-like screen at a time, controls hidden, readable on a projector."""

from __future__ import annotations

import streamlit as st

from analytics import impact, voices
from analytics.metrics import REGISTRY, Slice, formatting
from ui import cached
from ui.session import floor_for
from ui.stories import evidence_caption, quote_card
from ui.text import plain

# Static CSS only (no customer text): hide the menu, sidebar and header; enlarge type.
PROJECTOR_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header, [data-testid="stToolbar"] {display: none !important;}
.block-container {max-width: 1200px; padding-top: 2rem;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 4.5rem !important; line-height: 1.1 !important;}
[data-testid="stMetricLabel"] * {font-size: 1.4rem !important;}
[data-testid="stMarkdownContainer"] p {font-size: 1.6rem; line-height: 1.45;}
[data-testid="stCaptionContainer"] p {font-size: 1.1rem !important;}
h1 {font-size: 3rem !important;}
</style>"""


def metric_slide(con, key: str, slice_: Slice, shown_before: tuple[str, ...] = ()) -> None:
    """The headline figure with n, interval and significance, and one voice of those it counts:
    the first of its ranking that none of the slides before (`shown_before` metrics) used."""
    version = cached.version(con)
    result = cached.result(con, version, key, slice_)
    _, change = cached.change(con, version, key, slice_, floor_for(key))
    st.title(f"{REGISTRY[key].label} · {plain(slice_.describe())}")
    st.metric(REGISTRY[key].label, formatting.value(key, result.value))
    st.caption(" · ".join(filter(None, [formatting.sample(result), formatting.interval(result),
                                        formatting.significance(change)])))
    found, position = _voices(con, (*shown_before, key), slice_)[key]
    if position is not None:
        quote = found.quotes[position]
        quote_card(quote.text, evidence_caption(quote, found.label(position)))


def _voices(con, keys: tuple[str, ...], slice_: Slice) -> dict:
    """For each metric in slide order: its evidence and the position of the first quote no earlier
    slide showed (None when it has none), so every headline figure is covered by its own voice."""
    used, picks = set(), {}
    for key in keys:
        found = cached.evidence(con, cached.version(con), key, slice_, None, "typical", 6, 0)
        picked = voices.pick_unseen([q.text for q in found.quotes], used, 1)
        picks[key] = (found, picked[0] if picked else None)
    return picks


def stories_slide(built: impact.Case) -> None:
    """The case's other stories: the voices of the affected customers after the first."""
    st.title(f"In their words: {plain(built.problem.label)}")
    for quote in built.quotes[1:] or built.quotes:
        quote_card(quote.text, evidence_caption(quote))


def case_slide(built: impact.Case) -> None:
    side, (low, expected, high) = built.rational, built.outcomes
    st.title(f"The case: {plain(built.problem.label)}")
    cols = st.columns(3)
    cols[0].metric("Customers affected", formatting.count(side.affected))
    cols[1].metric("Revenue at risk / year", formatting.money(side.revenue_at_risk_year))
    cols[2].metric("Retained / year (expected)", formatting.money(expected.retained_per_year))
    st.markdown(f"Their churn runs {formatting.percent(side.affected_annual)} a year against "
                f"{formatting.percent(side.rest_annual)} for everyone else. Fixing "
                f"it for {built.investment.effect:.0%} of them returns {formatting.money(low.retained_per_year)} "
                f"to {formatting.money(high.retained_per_year)} in the first year it works."
                + ("" if side.significant else " **Not significant**: the churn gap could be chance."))
    if built.quotes:
        quote_card(built.quotes[0].text, evidence_caption(built.quotes[0]))


def ask_slide(built: impact.Case) -> None:
    investment, expected = built.investment, built.outcomes[1]
    st.title("The ask")
    st.markdown(f"Invest **{formatting.money(investment.cost)}**"
                + (f" plus {formatting.money(investment.annual_cost)} a year" if investment.annual_cost else "")
                + f" to fix **{plain(built.problem.label.lower())}**.")
    low, high = built.outcomes[0], built.outcomes[2]
    st.markdown(f"Expected return over {investment.horizon_years:g} years: **{impact.roi_text(expected.roi)}** "
                f"(NPV {formatting.money(expected.npv)}), paying back in "
                f"**{impact.payback_text(expected.payback_months, expected.horizon_months)}**.")
    st.markdown(f"Range: ROI {impact.roi_text(low.roi)} to {impact.roi_text(high.roi)}, payback "
                f"{impact.payback_range_text(high.payback_months, low.payback_months, low.horizon_months)}."
                + ("" if built.rational.significant else
                   " **Not significant**: the churn gap could be chance; the pessimistic case is plausible."))
