"""Heartbeat: navigation, the filter bar and the demo banner. Everything else lives in pages/."""

import streamlit as st

from analytics import engine, workspace
from analytics.demo import ensure_demo
from ui import shell
from ui.filters import filter_bar
from ui.stories import SHOWN_KEY
from ui.session import connection, person, role, sign_in_configured, signed_in
from ui.writes import writer

with shell.app_run():
    st.set_page_config(page_title="Heartbeat", page_icon="💓", layout="wide")
    if sign_in_configured() and not signed_in():
        shell.sign_in_page()  # nothing else is shown before sign-in
    con = connection()
    who, level = person(), role(con)
    shell.record_sign_in(con, who, level)
    with workspace.acting_as(shell.AUTOMATIC, "admin"):  # Heartbeat's own steps, whoever opened the page
        if workspace.get_meta(con, "origin") is None and not engine.is_read_only(con):  # a brand-new workspace opens on the demo
            with st.spinner("Preparing the demo workspace…"), writer(con) as target:
                ensure_demo(target)

    overview = st.Page("pages/overview.py", title="Overview", icon=":material/monitor_heart:", default=True)
    present = st.Page("pages/present.py", title="Present", icon=":material/slideshow:")
    data = st.Page("pages/data.py", title="Data", icon=":material/upload_file:")
    customer = st.Page("pages/customer.py", title="Customer", icon=":material/person:",
                       visibility="hidden")  # opened by link: customer?customer=ID
    sections = {
        "Explore": [overview,
                    st.Page("pages/churn.py", title="Churn", icon=":material/trending_down:"),
                    st.Page("pages/satisfaction.py", title="Satisfaction", icon=":material/sentiment_satisfied:"),
                    st.Page("pages/voices.py", title="Voices", icon=":material/forum:"),
                    st.Page("pages/drivers.py", title="Drivers", icon=":material/leaderboard:")],
        "Board": [st.Page("pages/case.py", title="Investment case", icon=":material/request_quote:"), present],
        "Workspace": [data, st.Page("pages/themes.py", title="Themes", icon=":material/label:")],
    }
    page = st.navigation({**sections, "Explore": [*sections["Explore"], customer]})
    shell.menu(sections)
    shell.signed_in_as(who, level)
    shell.enrichment_note(con)  # starts the one background worker when voices wait; never waits for it
    st.session_state[SHOWN_KEY] = set()  # no quote twice on one page (ui.stories)
    with workspace.acting_as(who, level):  # every write from here: allowed by their role, recorded as theirs
        if page is not present:  # a presentation shows only its slide
            shell.demo_banner(con, data)
        filter_bar(con)
        page.run()
