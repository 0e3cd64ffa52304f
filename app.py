"""Heartbeat: navigation, the demo banner and first-run setup. Everything else lives in pages/."""

import streamlit as st

from analytics import seed, voices, workspace
from pages.common import connection, filter_bar, leave_legacy_pages_mode

leave_legacy_pages_mode()

st.set_page_config(page_title="Heartbeat", page_icon="💓", layout="wide")

con = connection()
if workspace.get_meta(con, "origin") is None:  # a brand-new workspace opens on the demo
    with st.spinner("Preparing the demo workspace…"):
        seed.ensure_demo(con)

overview = st.Page("pages/overview.py", title="Overview", icon=":material/monitor_heart:", default=True)
churn = st.Page("pages/churn.py", title="Churn", icon=":material/trending_down:")
satisfaction = st.Page("pages/satisfaction.py", title="Satisfaction", icon=":material/sentiment_satisfied:")
case_page = st.Page("pages/case.py", title="Investment case", icon=":material/request_quote:")
present = st.Page("pages/present.py", title="Present", icon=":material/slideshow:")
voices_page = st.Page("pages/voices.py", title="Voices", icon=":material/forum:")
drivers = st.Page("pages/drivers.py", title="Drivers", icon=":material/leaderboard:")
customer = st.Page("pages/customer.py", title="Customer", icon=":material/person:", url_path="customer",
                   visibility="hidden")  # opened by link: customer?customer=ID
data = st.Page("pages/data.py", title="Data", icon=":material/upload_file:")
themes = st.Page("pages/themes.py", title="Themes", icon=":material/label:")
page = st.navigation({"Explore": [overview, churn, satisfaction, voices_page, drivers, customer],
                      "Board": [case_page, present], "Workspace": [data, themes]})

if voices.needs_enrichment(con):  # once per import or taxonomy change: sentiment and themes
    with st.status("Reading your customers' words: sentiment and themes…") as status:
        bar = st.progress(0.0)
        voices.ensure_enriched(con, on_progress=lambda done, message: bar.progress(done, text=message))
        status.update(label="Sentiment and themes are up to date", state="complete", expanded=False)

if workspace.is_demo(con) and page is not present:  # a presentation shows only its slide
    with st.container(border=True):
        note, empty, upload = st.columns([6, 2, 2], vertical_alignment="center")
        note.markdown("**Demo data.** A realistic sample of 5,000 fictional customers over 24 months, "
                      "so you can explore before uploading your own.")
        if empty.button("Start an empty workspace", use_container_width=True):
            workspace.clear(con)
            st.switch_page(data)
        if upload.button("Upload your data", type="primary", use_container_width=True):
            st.switch_page(data)

filter_bar(con)
page.run()
