"""Drivers: what each theme costs in score, churn and revenue, beside the words of those who raised it."""

import streamlit as st

from analytics import board, impact, voices, workspace
from ui import cached
from ui.impact import driver_panel, drivers_table
from ui.notices import nothing_yet
from ui.session import connection, current_slice, min_n
from ui.text import plain

con = connection()
slice_ = current_slice()
state = st.session_state
st.title("Drivers")
rows = [] if workspace.is_empty(con) else cached.drivers(con, cached.version(con), slice_, min_n())
if not rows:
    nothing_yet("No themes yet: upload survey comments or support tickets, and Heartbeat tags them with "
                "themes (edit the taxonomy on the Themes page) to measure what each one costs.")

money = any(row.money for row in rows)
score, unit = impact.score_label(rows[0].score_metric), impact.impact_unit(rows[0].score_metric)
order = "the revenue they carry" if money else f"how far they pull {score} down"
st.caption(f"{plain(slice_.describe())} · themes sorted by {order} · select a row to read what customers say about it · "
           f"a theme counts as a driver only when the gap is more than chance would explain across all "
           f"{len(rows)} themes tested, and with at least {min_n():,} mentions")
selected = drivers_table(rows)
focus = rows[selected] if selected is not None else rows[0]

left, right = st.columns([3, 2], gap="large")
with left:
    if money:
        st.subheader("Revenue each theme carries")
        st.plotly_chart(board.theme_money(rows), config=board.CHART_CONFIG, theme=None, key="drivers_money")
        st.caption("Churned: MRR of the customers who raised the theme and left in the period · at risk: "
                   "MRR of those who raised it critically (negative words or a low score) and are still customers")
    else:
        st.subheader(f"What each theme does to {score}")
        st.plotly_chart(board.theme_impact(rows, score, unit), config=board.CHART_CONFIG, theme=None,
                        key="drivers_impact")
        st.caption(f"{score} of all answers minus {score} of those that do not mention the theme · grey: within chance "
                   "or not enough mentions · no revenue yet: upload a customer file with MRR to see what each theme costs")
with right:
    st.subheader(plain(focus.theme))
    if selected is None:
        st.caption(f"The {'costliest theme' if money else 'theme that pulls ' + score + ' down most'} — "
                   "select a row in the table for another.")
    total = driver_panel(con, focus, slice_)
    if total and st.button(f"Read all {total:,} voices about it", icon=":material/forum:",
                           use_container_width=True):
        for key in ("voices_words", "voices_sources", "voices_sentiment", "voices_band"):
            state.pop(key, None)
        state["voices_theme"] = [focus.theme_id]
        state["voices_status"] = "All customers"
        st.switch_page("pages/voices.py")
    if "churn_rate" in cached.available_metrics(con, cached.version(con)) and st.button(
            "Build an investment case for this theme", type="primary", icon=":material/request_quote:",
            use_container_width=True):
        state["case_problem"] = {"kind": "theme", "key": focus.theme_id, "label": focus.theme}
        st.switch_page("pages/case.py")

if voices.is_default_taxonomy(con):
    st.caption("Themes come from Heartbeat's standard B2B SaaS taxonomy until you edit it on the Themes page.")
