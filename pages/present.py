"""Present: one slide-like screen at a time, controls hidden, readable on a projector."""

from functools import partial

import streamlit as st

from ui import cached
from ui.present import PROJECTOR_CSS, ask_slide, case_slide, metric_slide, stories_slide
from ui.session import connection, current_slice

con = connection()
st.html(PROJECTOR_CSS)
state = st.session_state
planned = state.get("present_case")  # (problem, slice, investment, quote ids, name) from the case page
slice_ = planned[1] if planned else current_slice()
available = cached.available_metrics(con, cached.version(con))
headlines = tuple(k for k in ("churn_rate", "nps", "csat", "rating", "recommend", "ces", "support_csat")
                  if k in available)

if planned:  # the case as a story: its problem and one voice, the other stories, the ask with its range
    problem, case_slice, investment, quote_ids, name = planned
    built = cached.case(con, cached.version(con), name, problem, case_slice, investment, quote_ids)
    slides = [partial(case_slide, built), partial(stories_slide, built), partial(ask_slide, built)]
else:  # each headline figure with its own voice
    slides = [partial(metric_slide, con, key, slice_, headlines[:i]) for i, key in enumerate(headlines)]
if not slides:
    st.title("Nothing to present yet")
    st.info("Presentation mode shows a headline figure beside its customers' words: upload customer or "
            "survey data first.")
    st.page_link("pages/data.py", label="Go to Data", icon=":material/upload_file:")
    st.stop()

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
