"""Overview: what the workspace holds (the metric tiles with their stories build on this)."""

import streamlit as st

from analytics import workspace
from pages.common import connection, count, percent

con = connection()
st.title("Overview")
held = workspace.summary(con)
if held["batches"] == 0:
    st.info("The workspace is empty. Go to **Data** to upload customer, survey, ticket or revenue exports.")
    st.page_link("pages/data.py", label="Upload data", icon=":material/upload_file:")
    st.stop()

tiles = st.columns(4)
tiles[0].metric("Customers", count(held["customers"]))
tiles[1].metric("Churned", count(held["churned"]),
                help="Customers marked churned in the latest import that had a churn field.")
tiles[1].caption(f"{percent(held['churned'] / held['customers'] if held['customers'] else None)} of customers")
tiles[2].metric("Survey responses", count(held["responses"]))
tiles[2].caption(f"{count(held['comments'])} with a comment")
tiles[3].metric("Support tickets", count(held["tickets"]))
if held["revenue_months"]:
    tiles[3].caption(f"Revenue history: {held['revenue_months']} months")
