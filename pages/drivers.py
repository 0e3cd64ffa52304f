"""Drivers: what each theme costs in NPS, churn and revenue, beside the words of those who raised it."""

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from analytics import drivers, formatting, themes, workspace
from analytics.customer import customer_url, names_of
from analytics.formatting import BAD, GOOD, NEUTRAL
from pages.common import connection, current_slice, nothing_yet, plain, shown

LIGHT_BAD = "rgba(207,34,46,0.38)"  # BAD, lighter: revenue still here but at risk
FONT = '"Source Sans", "Source Sans Pro", sans-serif'
WIDTHS = {"Mentions": 70, "NPS impact (pts)": 124, "Churn: raised / not": 118, "Relative risk": 288,
          "Churned MRR": 86, "At-risk MRR": 86}  # px: the table fits beside the sidebar at 1440 px
CASE_PAGE = "pages/case.py"  # built by the case page's owner; guarded below

con = connection()
slice_ = current_slice()
version = workspace.version(con)
state = st.session_state
order = state.get("quote_order", "typical")
st.title("Drivers")


@st.cache_data(show_spinner="Measuring every theme…", max_entries=128)
def driver_rows(_con, version: int, slice_) -> list[drivers.Driver]:
    return drivers.drivers(_con, slice_)


@st.cache_data(show_spinner=False, max_entries=512)
def evidence(_con, version: int, slice_, theme_id: str, order: str, offset: int):
    return drivers.theme_evidence(_con, slice_, theme_id, order=order, limit=3, offset=offset)


rows = [] if workspace.is_empty(con) else driver_rows(con, version, slice_)
if not rows:
    nothing_yet("No themes yet: upload survey comments or support tickets, and Heartbeat tags them with "
            "themes (edit the taxonomy on the Themes page) to measure what each one costs.")

st.caption(f"{slice_.describe()} · themes sorted by the revenue they carry · select a row to read what "
           "customers say about it")


def rr_text(row: drivers.Driver) -> str:
    if row.relative_risk is None:
        return "too few churned customers to tell"
    ratio = f"{row.relative_risk:.2f}× [{row.rr_low:.2f}–{row.rr_high:.2f}]"
    return ratio if row.churn_significant else f"{ratio} no significant effect on churn"


def nps_text(row: drivers.Driver) -> str:
    if row.nps_impact is None:
        return "–"
    impact = f"{row.nps_impact:+.1f}".replace("-", "−")
    return impact if row.nps_significant else f"{impact} not significant"


def tone(significant: bool, harmful: bool) -> str:
    return f"color: {NEUTRAL}" if not significant else f"color: {BAD if harmful else GOOD}"


def churn_text(row: drivers.Driver) -> str:
    rates = [f"{rate:.1%}" if rate is not None else "–" for rate in (row.churn_with, row.churn_without)]
    return " / ".join(rates)


frame = pd.DataFrame([{
    "Theme": row.theme, "Mentions": row.nps_mentions, "NPS impact (pts)": row.nps_impact,
    "Churn: raised / not": row.churn_with, "Relative risk": row.relative_risk,
    "Churned MRR": row.churned_mrr, "At-risk MRR": row.at_risk_mrr,
} for row in rows])
styled = frame.style.format({"Mentions": "{:,}", "Churned MRR": formatting.money, "At-risk MRR": formatting.money})
for index, row in enumerate(rows):  # a cell's text needs its whole row (interval, significance); values still sort
    for column, text in (("NPS impact (pts)", nps_text), ("Churn: raised / not", churn_text),
                         ("Relative risk", rr_text)):
        styled = styled.format(lambda _, r=row, text=text: text(r), subset=pd.IndexSlice[[index], [column]])
styled = styled.apply(lambda _: [tone(r.nps_significant, (r.nps_impact or 0) < 0) for r in rows],
                      subset=["NPS impact (pts)"]).apply(
    lambda _: [tone(r.churn_significant, (r.relative_risk or 1) > 1) for r in rows], subset=["Relative risk"])
help_texts = {
    "Mentions": "NPS answers of the slice whose comment mentions the theme",
    "NPS impact (pts)": "NPS of all answers minus NPS of the answers that do not mention the theme; "
                  "grey when the with/without difference is not significant (p ≥ 0.05)",
    "Churn: raised / not": "Churn rate of the customers the slice's churn rate counts who raised the theme "
                            "(in a survey comment or ticket, from 3 months before the period to its end), "
                            "vs those who spoke to us but did not raise it",
    "Relative risk": "Churn if raised ÷ churn if not, with its 95% interval (Katz); no significant effect "
                     "when the interval includes 1",
    "Churned MRR": "Start-of-period MRR of the customers who raised the theme and churned in the period",
    "At-risk MRR": "Current MRR of the active customers who raised the theme in the period",
}
picked = st.dataframe(
    styled, hide_index=True, on_select="rerun", selection_mode="single-row", key="drivers_table",
    column_config={name: st.column_config.Column(name, help=text, width=WIDTHS.get(name))
                   for name, text in help_texts.items()})
selected = picked.selection.rows if picked else []
selected = [i for i in selected if i < len(rows)]  # a selection from before a taxonomy edit
focus = rows[selected[0]] if selected else rows[0]


def money_chart(rows: list[drivers.Driver]) -> go.Figure:
    """Churned and at-risk MRR per theme, stacked, the costliest on top."""
    ordered = list(reversed(rows))
    names = [row.theme for row in ordered]
    fig = go.Figure()
    for label, values, colour in (("Churned MRR", [r.churned_mrr for r in ordered], BAD),
                                  ("At-risk MRR", [r.at_risk_mrr for r in ordered], LIGHT_BAD)):
        fig.add_bar(y=names, x=values, name=label, orientation="h", marker_color=colour,
                    customdata=[formatting.money(v) for v in values],
                    hovertemplate=f"<b>%{{y}}</b><br>{label}: %{{customdata}}<extra></extra>")
    fig.update_layout(barmode="stack", template="plotly_white", height=max(260, 34 * len(rows) + 60),
                      margin=dict(l=8, r=8, t=36, b=8), font=dict(family=FONT, size=13, color="#1f2328"),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0,
                                  traceorder="normal"),
                      bargap=0.35)
    fig.update_xaxes(tickprefix="$", tickformat="~s", fixedrange=True, gridcolor="#eaeef2")
    fig.update_yaxes(fixedrange=True, automargin=True)
    return fig


left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Revenue each theme carries")
    st.plotly_chart(money_chart(rows), config={"displayModeBar": False}, theme=None, key="drivers_money")
    st.caption("Churned: MRR of the customers who raised the theme and left in the period · at risk: "
               "MRR of those who raised it and are still customers")
with right:
    st.subheader(plain(focus.theme))
    if not selected:
        st.caption("The costliest theme — select a row in the table for another.")
    if focus.nps_with is not None and focus.nps_impact is not None:
        impact = f"{focus.nps_impact:+.1f} pts".replace("-", "−")
        with_, without = (f"{v:+.0f}".replace("-", "−") for v in (focus.nps_with, focus.nps_without))
        st.markdown(f"**{focus.nps_mentions:,}** NPS answers mention it · NPS **{with_}** among "
                    f"them vs **{without}** without · impact on NPS " +
                    (f"**{impact}**" if focus.nps_significant else f"{impact}, :gray[not significant]"))
    else:
        st.markdown("No NPS answer of the slice mentions it.")
    if focus.relative_risk is None:
        effect = "too few churned customers to measure an effect on churn"
    else:
        effect = f"{focus.relative_risk:.2f}× as likely to churn [{focus.rr_low:.2f}–{focus.rr_high:.2f}]"
        effect = f"**{effect}**" if focus.churn_significant else f"{effect}: no significant effect on churn"
    churn_line = (f"**{focus.customers:,}** customers raised it; **{focus.churn_with:.1%}** of them churned vs "
                  f"**{focus.churn_without:.1%}** of others who spoke to us · "
                  if focus.churn_with is not None and focus.churn_without is not None else "")
    st.markdown(churn_line + effect)
    st.markdown(f"**{formatting.money(focus.churned_mrr)}** MRR churned · "
                f"**{formatting.money(focus.at_risk_mrr)}** MRR at risk")
    offset_key = f"drivers-offset-{focus.theme_id}-{slice_}"
    offset = state.get(offset_key, 0)
    found = evidence(con, version, slice_, focus.theme_id, order, offset)
    if not found.quotes:
        st.caption("No comment of the slice mentions it.")
    known = names_of(con, [q.customer_id for q in found.quotes])
    for position, quote in enumerate(found.quotes):
        name = (known[quote.customer_id],) if quote.customer_id in known else ()
        with st.container(border=True):
            st.markdown(f"“{plain(shown(quote.text, name))}”")
            who = f"[{plain(quote.customer_id)}]({customer_url(quote.customer_id)}) · " if quote.customer_id else ""
            when = f"{quote.at:%-d %b %Y} · " if quote.at else ""
            st.caption(f"{who}{when}{plain(shown(quote.why))} · {found.label(position)}")
    if found.total > 3 and st.button("Show another", type="tertiary", icon=":material/refresh:",
                                     key="drivers-another"):
        state[offset_key] = (offset + 3) % found.total
        st.rerun()
    if found.total and st.button(f"Read all {found.total:,} voices about it", icon=":material/forum:",
                                 use_container_width=True):
        for key in ("voices_words", "voices_sources", "voices_sentiment", "voices_band"):
            state.pop(key, None)
        state["voices_theme"] = [focus.theme_id]
        state["voices_status"] = "All customers"
        st.switch_page("pages/voices.py")
    if st.button("Build an investment case for this theme", type="primary", icon=":material/request_quote:",
                 use_container_width=True):
        state["case_problem"] = {"kind": "theme", "key": focus.theme_id, "label": focus.theme}
        if (Path(__file__).parent.parent / CASE_PAGE).exists():
            try:
                st.switch_page(CASE_PAGE)
            except StreamlitAPIException:  # the case page is not in the navigation yet
                st.info("The investment case page is not available yet.")

if themes.is_default(con):
    st.caption("Themes come from Heartbeat's standard B2B SaaS taxonomy until you edit it on the Themes page.")
