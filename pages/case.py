"""Case: what a problem costs, what fixing it returns, and the customers behind it."""

import streamlit as st

from analytics import impact, workspace
from ui import cached
from ui.case import investment_inputs, numbers, people, problem_picker
from ui.exports import export_buttons
from ui.notices import nothing_yet
from ui.session import connection, current_slice
from ui.text import plain
from ui.writes import writer

con = connection()
slice_ = current_slice()
state = st.session_state
st.title("Investment case")
if "churn_rate" not in cached.available_metrics(con, cached.version(con)):
    nothing_yet("An investment case weighs what a problem costs in customers who leave and the revenue "
                "they take: it needs a customer file saying who churned (with their monthly revenue, "
                "ideally). Survey answers, reviews and tickets already show on Overview, Drivers and Voices.")
st.caption(f"{plain(slice_.describe())} · the rational and the emotional side of one problem, ready for the board")

opened = st.selectbox("Saved cases", ["New case", *impact.case_names(con)], key="case_open")
if opened != "New case" and state.get("case_loaded") != opened:
    loaded = impact.load_case(con, opened)
    state.case_loaded = state.case_name = opened
    state.case_problem = loaded.problem.__dict__
    state.case_investment = loaded.investment.__dict__
    state.case_quotes = [q.unit_id for q in loaded.quotes]

with st.container(border=True):
    st.markdown("**1 · The problem**")
    problem = problem_picker(con)
with st.container(border=True):
    st.markdown("**2 · The investment**")
    investment = investment_inputs()

built = cached.case(con, cached.version(con), state.get("case_name", "New case"), problem, slice_,
                    investment, tuple(state.get("case_quotes", [])))
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("The numbers")
    numbers(built)
with right:
    st.subheader("The people")
    people(built)

with st.container(border=True):
    name_col, save_col, present_col = st.columns([3, 1, 1], vertical_alignment="bottom")
    name = name_col.text_input("Case name", value=state.get("case_name", f"{problem.label} fix"))
    if workspace.allows("analyst") and save_col.button("Save case", type="primary", use_container_width=True):
        built.name = name
        with writer(con) as target:
            impact.save_case(target, built)
        state.case_name = state.case_loaded = name
        st.toast(f"Saved “{plain(name)}”.")
    if present_col.button("Present", use_container_width=True, icon=":material/slideshow:"):
        state.present_case = (problem, slice_, investment, tuple(q.unit_id for q in built.quotes), name)
        st.switch_page("pages/present.py")

with st.expander("Export for the board", icon=":material/ios_share:"):
    st.caption("Figures with their n and intervals, the stories (personal data masked while the "
               "sidebar switch is on) and a methodology appendix.")
    export_buttons(con, slice_, key="case", case=built)
