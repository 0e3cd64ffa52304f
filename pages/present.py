"""Present: one slide-like screen at a time, controls hidden, readable on a projector."""

import streamlit as st

from analytics import case, evidence, formatting, metrics, workspace
from pages.common import (
    connection,
    count,
    current_slice,
    figure,
    figure_change,
    percent,
    plain,
    shown,
)

# Static CSS only (no customer text): hide the menu, sidebar and header; enlarge type.
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header, [data-testid="stToolbar"] {display: none !important;}
.block-container {max-width: 1200px; padding-top: 2rem;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 4.5rem !important; line-height: 1.1 !important;}
[data-testid="stMetricLabel"] * {font-size: 1.4rem !important;}
[data-testid="stMarkdownContainer"] p {font-size: 1.6rem; line-height: 1.45;}
[data-testid="stCaptionContainer"] p {font-size: 1.1rem !important;}
h1 {font-size: 3rem !important;}
</style>""")

con = connection()
state = st.session_state
version = workspace.version(con)
planned = state.get("present_case")
slice_ = planned[1] if planned else current_slice()
headline = "churn_rate" if metrics.available(con, "churn_rate") else "nps"


def slide_metric() -> None:
    result = figure(con, version, headline, slice_)
    before, change = figure_change(con, version, headline, slice_)
    st.title(f"{metrics.REGISTRY[headline].label} · {slice_.describe()}")
    st.metric(metrics.REGISTRY[headline].label, formatting.value(headline, result.value))
    st.caption(" · ".join(filter(None, [formatting.sample(result), formatting.interval(result),
                                        formatting.significance(change)])))
    beside = evidence.evidence_for(con, headline, slice_, limit=1)
    if beside.quotes:  # the number, and one voice of the customers it counts
        st.markdown(f"“{plain(shown(beside.quotes[0].text))}”")
        st.caption(f"{plain(shown(beside.quotes[0].why))} · {beside.label(0)}")


def slide_story() -> None:
    found = evidence.evidence_for(con, headline, slice_, limit=2)
    st.title("In their words")
    for position, quote in enumerate(found.quotes):
        st.markdown(f"“{plain(shown(quote.text))}”")
        st.caption(f"{plain(shown(quote.why))} · {found.label(position)}")


def slide_case() -> None:
    problem, case_slice, investment, quote_ids, name = planned
    built = case.build(con, name, problem, case_slice, investment, list(quote_ids))
    side, expected = built.rational, built.outcomes[1]
    st.title(f"The case: {problem.label}")
    cols = st.columns(3)
    cols[0].metric("Customers affected", count(side.affected))
    cols[1].metric("Revenue at risk / year", formatting.money(side.revenue_at_risk_year))
    cols[2].metric("Retained / year (expected)", formatting.money(expected.retained_per_year))
    low, high = built.outcomes[0], built.outcomes[2]
    st.markdown(f"Their churn runs {percent(side.affected_annual)} a year against {percent(side.rest_annual)} "
                f"for everyone else. Fixing {investment.effect:.0%} of that gap returns "
                f"{formatting.money(low.retained_per_year)} to {formatting.money(high.retained_per_year)} a year.")
    if built.quotes:
        st.caption(f"“{plain(shown(built.quotes[0].text))}” — {plain(shown(built.quotes[0].why))}")


def slide_ask() -> None:
    problem, case_slice, investment, quote_ids, name = planned
    built = case.build(con, name, problem, case_slice, investment, list(quote_ids))
    expected = built.outcomes[1]
    st.title("The ask")
    st.markdown(f"Invest **{formatting.money(investment.cost)}**"
                + (f" plus {formatting.money(investment.annual_cost)} a year" if investment.annual_cost else "")
                + f" to fix **{problem.label.lower()}**.")
    roi = "–" if expected.roi is None else f"{expected.roi * 100:.0f}%"
    payback = "not within the horizon" if expected.payback_months is None else f"{expected.payback_months:.0f} months"
    st.markdown(f"Expected return over {investment.horizon_years:g} years: **{roi}**, paying back in **{payback}**.")


slides = [slide_metric, slide_story] + ([slide_case, slide_ask] if planned else [])
index = min(state.get("slide", 0), len(slides) - 1)
slides[index]()
st.divider()
back, where, forward, leave = st.columns([1, 2, 1, 1])
if back.button("← Previous", disabled=index == 0, use_container_width=True):
    state.slide = index - 1
    st.rerun()
where.caption(f"Slide {index + 1} of {len(slides)}")
if forward.button("Next →", disabled=index == len(slides) - 1, use_container_width=True):
    state.slide = index + 1
    st.rerun()
if leave.button("Exit", use_container_width=True):
    state.slide = 0
    st.switch_page("pages/case.py" if planned else "pages/overview.py")
