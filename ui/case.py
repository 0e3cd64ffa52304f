"""The investment case's parts: choose the problem and the investment, then the numbers and the
people side by side."""

from __future__ import annotations

import streamlit as st

from analytics import impact
from analytics.impact import Case, Investment, Problem
from analytics.metrics import ATTRIBUTE_LABELS, formatting
from ui import cached
from ui.stories import evidence_caption, quote_card


def problem_picker(con) -> Problem:
    """A theme, or an attribute value, preset from the Drivers page or a saved case."""
    preset = st.session_state.get("case_problem", {})
    version = cached.version(con)
    counts = cached.theme_counts(con, version)
    names = dict(zip(counts.loc[counts["voices"] > 0, "theme_id"], counts.loc[counts["voices"] > 0, "name"]))
    attributes = cached.attributes(con, version)
    kinds = (["A theme"] if names else []) + (["A segment or attribute"] if attributes else [])
    if not kinds:
        st.info("A problem is a theme customers raise or a group of customers: upload comments or "
                "tickets, or a customer file with a segment, plan or other attribute.")
        st.stop()
    kind_col, pick_col = st.columns([1, 3])
    wanted = "A theme" if preset.get("kind", "theme") == "theme" else "A segment or attribute"
    kind = kind_col.radio("Problem is", kinds, index=kinds.index(wanted) if wanted in kinds else 0)
    if kind == "A theme":
        ids = list(names)
        chosen = pick_col.selectbox("Theme", ids, format_func=names.get,
                                    index=ids.index(preset["key"]) if preset.get("key") in ids else 0)
        return Problem("theme", chosen, None, names[chosen])
    attribute = pick_col.selectbox("Attribute", attributes, format_func=lambda a: ATTRIBUTE_LABELS.get(a, a),
                                   index=attributes.index(preset["key"]) if preset.get("key") in attributes else 0)
    values = cached.attribute_values(con, version, attribute)
    value = pick_col.selectbox("Value", values,
                               index=values.index(preset["value"]) if preset.get("value") in values else 0)
    return Problem("attribute", attribute, value, f"{ATTRIBUTE_LABELS.get(attribute, attribute)}: {value}")


def investment_inputs() -> Investment:
    """Cost, running cost, months until it works, share of the excess churn it removes, horizon;
    gross margin and discount rate (their defaults stated on the widgets)."""
    defaults = st.session_state.get("case_investment", {})
    cols = st.columns(5) + st.columns(5)[:2]  # the money terms on a second row
    return Investment(
        cost=float(cols[0].number_input("One-off cost ($)", 0, 10**9, int(defaults.get("cost", 150_000)),
                                        step=10_000)),
        annual_cost=float(cols[1].number_input("Running cost per year ($)", 0, 10**9,
                                               int(defaults.get("annual_cost", 0)), step=10_000)),
        months_to_effect=cols[2].number_input("Months until it works", 0, 36,
                                              int(defaults.get("months_to_effect", 3))),
        effect=cols[3].slider("Affected customers it fixes", 0, 100, int(defaults.get("effect", 0.3) * 100),
                              help="Share of the affected customers still with us whom the fix brings to the "
                                   "churn of everyone else, from the month it works",
                              format="%d%%") / 100,
        horizon_years=cols[4].number_input("Horizon (years)", 1.0, 10.0,
                                           float(defaults.get("horizon_years", 2.0)), step=0.5),
        margin=cols[5].slider("Gross margin", 5, 100, int(round(defaults.get("margin", 0.75) * 100)), format="%d%%",
                              help="Share of retained revenue that is profit; default 75%, a typical software "
                                   "margin") / 100,
        discount=cols[6].slider("Discount rate", 0, 30, int(round(defaults.get("discount", 0.10) * 100)),
                                format="%d%%", help="Annual rate future money is discounted at for NPV; default 10%")
        / 100)


def numbers(built: Case) -> None:
    """Affected customers, their churn against the rest, revenue at risk, and what the fix returns."""
    side, investment = built.rational, built.investment
    tiles = st.columns(3)
    tiles[0].metric("Customers affected", formatting.count(side.affected),
                    help="Customers the churn comparison counts: for a theme, those who raised it "
                         "(3 months before the period until its end); for a segment, its customers.")
    tiles[1].metric("Their churn, per year", formatting.percent(side.affected_annual),
                    delta=f"{(side.excess_annual or 0) * 100:+.1f} pts vs the rest"
                    if side.excess_annual is not None else None, delta_color="inverse")
    tiles[2].metric("Revenue at risk per year", formatting.money(side.revenue_at_risk_year),
                    help="What the affected customers still with us would pay over the next 12 months but "
                         "lose to their excess churn, month by month (a customer who leaves stops paying).")
    excess_range = (f"{formatting.percent(side.excess_low)} to {formatting.percent(side.excess_high)}"
                    if side.excess_low is not None else "–")
    st.caption(f"Churn over {side.months:.1f} months: {formatting.percent(side.affected_rate)} of "
               f"{formatting.count(side.affected)} affected vs {formatting.percent(side.rest_rate)} of "
               f"{formatting.count(side.rest)} others · excess a year {excess_range} (95%) · relative risk "
               f"{impact.relative_risk_text(side.relative_risk, side.rr_low, side.rr_high, verdict=False)} · "
               + ("**the gap is more than chance would explain**" if side.significant else
                  "the gap is **not significant**: it could be chance, so treat the pessimistic case as plausible")
               + (f" · at risk {formatting.money(side.revenue_at_risk_low)} to "
                  f"{formatting.money(side.revenue_at_risk_high)} (95%)" if side.revenue_at_risk_low is not None else "")
               + (f" · {impact.score_label(side.score_metric)} impact {impact.signed(side.score_impact)} "
                  f"{impact.impact_unit(side.score_metric)}" if side.score_impact is not None else ""))
    st.markdown("**What the fix returns** · ranges carried from the 95% interval of the excess churn · "
                f"{investment.margin:.0%} gross margin, discounted {investment.discount:.0%} a year")
    st.dataframe([{"Scenario": o.scenario.capitalize(),
                   "Excess churn": formatting.percent(o.excess_annual),
                   "Kept, year 1": formatting.money(o.retained_per_year),
                   f"NPV over {investment.horizon_years:g} years": formatting.money(o.npv),
                   "ROI": impact.roi_text(o.roi),
                   "Payback": impact.payback_text(o.payback_months, o.horizon_months)} for o in built.outcomes],
                 hide_index=True, width="stretch", column_config={
                     "Scenario": st.column_config.Column(width=88), "Excess churn": st.column_config.Column(
                         width=96, help="Excess annual churn of the affected customers this scenario assumes"),
                     "Kept, year 1": st.column_config.Column(
                         help="Revenue the fix keeps in the first 12 months after it starts working"),
                     "ROI": st.column_config.Column(width=56)})


def people(built: Case) -> None:
    """The 2–3 stories of affected customers, each with a link to their whole story."""
    if not built.quotes:
        st.caption("No words from affected customers in this slice.")
    for quote in built.quotes:
        quote_card(quote.text, evidence_caption(quote), border=True)
        if quote.customer_id:
            st.page_link("pages/customer.py", label="Read this customer's whole story",
                         query_params={"customer": quote.customer_id}, icon=":material/person:")
    if built.quote_label:
        st.caption(f"Picked as the most typical words of the affected customers "
                   f"({built.quote_label.split(',')[0]} …).")
