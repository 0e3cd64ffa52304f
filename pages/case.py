"""Case: what a problem costs, what fixing it returns, and the customers behind it."""

import streamlit as st

from analytics import case, formatting, slices, themes, workspace
from pages.common import (
    connection,
    count,
    current_slice,
    export_buttons,
    percent,
    plain,
    shown,
)

con = connection()
slice_ = current_slice()
state = st.session_state
st.title("Investment case")
st.caption(f"{slice_.describe()} · the rational and the emotional side of one problem, ready for the board")


@st.cache_data(show_spinner="Computing the case…", max_entries=256)
def computed(_con, version: int, name: str, problem: case.Problem, slice_: slices.Slice,
             investment: case.Investment, quote_ids: tuple[str, ...]) -> case.Case:
    return case.build(_con, name, problem, slice_, investment, list(quote_ids))


saved = case.names(con)
opened = st.selectbox("Saved cases", ["New case", *saved], key="case_open")
if opened != "New case" and state.get("case_loaded") != opened:
    loaded = case.load(con, opened)
    state.case_loaded = opened
    state.case_problem = loaded.problem.__dict__
    state.case_investment = loaded.investment.__dict__
    state.case_quotes = [q.unit_id for q in loaded.quotes]
    state.case_name = opened

with st.container(border=True):
    st.markdown("**1 · The problem**")
    kind_col, pick_col = st.columns([1, 3])
    preset = state.get("case_problem", {})
    kind = kind_col.radio("Problem is", ["A theme", "A segment or attribute"],
                          index=0 if preset.get("kind", "theme") == "theme" else 1)
    if kind == "A theme":
        taxonomy = themes.load_taxonomy(con)
        ids = [t.theme_id for t in taxonomy]
        names = {t.theme_id: t.name for t in taxonomy}
        chosen = pick_col.selectbox("Theme", ids, format_func=names.get,
                                    index=ids.index(preset["key"]) if preset.get("key") in ids else 0)
        problem = case.Problem("theme", chosen, None, names[chosen])
    else:
        attributes = slices.attributes(con)
        attribute = pick_col.selectbox("Attribute", attributes, format_func=lambda a: slices.ATTRIBUTE_LABELS.get(a, a),
                                       index=attributes.index(preset["key"]) if preset.get("key") in attributes else 0)
        values = slices.attribute_values(con, attribute)
        value = pick_col.selectbox("Value", values,
                                   index=values.index(preset["value"]) if preset.get("value") in values else 0)
        problem = case.Problem("attribute", attribute, value, f"{slices.ATTRIBUTE_LABELS.get(attribute, attribute)}: {value}")

with st.container(border=True):
    st.markdown("**2 · The investment**")
    defaults = state.get("case_investment", {})
    cols = st.columns(5)
    investment = case.Investment(
        cost=float(cols[0].number_input("One-off cost ($)", 0, 10**9, int(defaults.get("cost", 150_000)), step=10_000)),
        annual_cost=float(cols[1].number_input("Running cost per year ($)", 0, 10**9, int(defaults.get("annual_cost", 0)), step=10_000)),
        months_to_effect=cols[2].number_input("Months until it works", 0, 36, int(defaults.get("months_to_effect", 3))),
        effect=cols[3].slider("Cut the excess churn by", 0, 100, int(defaults.get("effect", 0.3) * 100), format="%d%%") / 100,
        horizon_years=cols[4].number_input("Horizon (years)", 1.0, 10.0, float(defaults.get("horizon_years", 2.0)), step=0.5))

built = computed(con, workspace.version(con), state.get("case_name", "New case"), problem, slice_,
                 investment, tuple(state.get("case_quotes", [])))
side = built.rational
numbers, people = st.columns([3, 2], gap="large")
with numbers:
    st.subheader("The numbers")
    tiles = st.columns(3)
    tiles[0].metric("Customers affected", count(side.affected),
                    help="Customers the churn comparison counts: for a theme, those who raised it "
                         "(3 months before the period until its end); for a segment, its customers.")
    tiles[1].metric("Their churn, per year", percent(side.affected_annual),
                    delta=f"{(side.excess_annual or 0) * 100:+.1f} pts vs the rest" if side.excess_annual is not None else None,
                    delta_color="inverse")
    tiles[2].metric("Revenue at risk per year", formatting.money(side.revenue_at_risk_year),
                    help="Annual revenue of the affected active customers × their excess annual churn.")
    rr = (f"relative risk {side.relative_risk:.2f} (95% CI {side.rr_low:.2f}–{side.rr_high:.2f})"
          if side.relative_risk else "relative risk not computable (no churn in one group)")
    significant = side.rr_low is not None and (side.rr_low > 1 or side.rr_high < 1)
    st.caption(f"Churn in the period: {percent(side.affected_rate)} of {count(side.affected)} affected vs "
               f"{percent(side.rest_rate)} of {count(side.rest)} others · {rr} · "
               + ("**the difference is significant**" if significant else
                  "the difference is **not significant**: treat the pessimistic case as plausible")
               + (f" · NPS impact {side.nps_impact:+.1f} pts" if side.nps_impact is not None else ""))
    st.markdown("**What the fix returns** · ranges carried from the 95% interval of the excess churn")
    st.dataframe([{"Scenario": o.scenario.capitalize(),
                   "Excess churn / year": percent(o.excess_annual),
                   "Revenue retained / year": formatting.money(o.retained_per_year),
                   f"ROI over {investment.horizon_years:g} years": "–" if o.roi is None else f"{o.roi * 100:.0f}%",
                   "Payback": "never" if o.payback_months is None else f"{o.payback_months:.0f} months"}
                  for o in built.outcomes], hide_index=True)
with people:
    st.subheader("The people")
    if not built.quotes:
        st.caption("No words from affected customers in this slice.")
    for position, quote in enumerate(built.quotes):
        with st.container(border=True):
            st.markdown(f"“{plain(shown(quote.text))}”")
            st.caption(plain(shown(quote.why)))
            if quote.customer_id:
                st.page_link("pages/customer.py", label="Read this customer's whole story",
                             query_params={"customer": quote.customer_id}, icon=":material/person:")
    if built.quote_label:
        st.caption(f"Picked as the most typical words of the affected customers ({built.quote_label.split(',')[0]} …).")

with st.container(border=True):
    name_col, save_col, present_col = st.columns([3, 1, 1], vertical_alignment="bottom")
    name = name_col.text_input("Case name", value=state.get("case_name", f"{problem.label} fix"))
    if save_col.button("Save case", type="primary", use_container_width=True):
        built.name = name
        case.save(con, built)
        state.case_name = name
        state.case_loaded = name
        st.toast(f"Saved “{name}”.")
    if present_col.button("Present", use_container_width=True, icon=":material/slideshow:"):
        state.present_case = (problem, slice_, investment, tuple(q.unit_id for q in built.quotes), name)
        st.switch_page("pages/present.py")

with st.expander("Export for the board", icon=":material/ios_share:"):
    st.caption("Figures with their n and intervals, the stories (personal data masked while the "
               "sidebar switch is on) and a methodology appendix.")
    export_buttons(con, "case", built, slice_, key="case")
