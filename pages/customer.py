"""Customer: one account whole — who they are, what they paid, and everything they told us, in order."""

import streamlit as st

from analytics import board, metrics
from ui import cached
from ui.customer import finder, header, timeline, what_they_said
from ui.session import connection
from ui.text import plain

con = connection()
version = cached.version(con)
customer_id = st.query_params.get("customer")
person, history = (None, None) if not customer_id else cached.customer(con, version, customer_id)
if person is None:
    st.title("Customer")
    if customer_id:
        st.warning(f"No customer with ID {plain(customer_id)} in this workspace.")
    finder(con)
    st.stop()

header(person)
names = cached.theme_names(con, version)
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Revenue")
    if history.empty:
        st.caption(f"No monthly revenue history for this customer. Current MRR: "
                   f"{metrics.formatting.money(person.mrr)}.")
    else:
        churned = person.churn_date if person.churned else None
        st.plotly_chart(board.customer_revenue(history, churned), config=board.CHART_CONFIG, theme=None,
                        key="customer_revenue")
with right:
    st.subheader("What they told us")
    what_they_said(person, cached.timeline(con, version, person.customer_id, True), names)

heading, control = st.columns([3, 1], vertical_alignment="bottom")
heading.subheader("Timeline")
newest = control.segmented_control("Order", ["Newest first", "Oldest first"], default="Newest first",
                                   key="customer_order", label_visibility="collapsed") != "Oldest first"
timeline(person, cached.timeline(con, version, person.customer_id, newest), names)
