"""Churn: who leaves, when, and what they said, each chart beside the words of the customers it counts."""

import streamlit as st

from analytics import metrics, workspace
from analytics.metrics import retention
from ui import cached, sections
from ui.notices import nothing_yet
from ui.session import connection, current_slice
from ui.stories import tile
from ui.text import plain

con = connection()
slice_ = current_slice()
version = cached.version(con)
st.title("Churn")
if workspace.is_empty(con) or not metrics.available(con, "churn_rate"):
    nothing_yet("No customer records yet. Upload a customer export with a churned flag (and ideally a "
                "churn date) to see who leaves, when, and why.")


def by_group(period_slice, shown_before) -> None:
    """Churn by an attribute, beside the words of the clicked (else the worst) group."""
    attribute = sections.breakdown_choice(con, "churn_breakdown", lambda label: f"Churn by {label}")
    if attribute is None:
        return
    label = sections.attribute_noun(attribute)
    left, right = st.columns([3, 2], gap="large")
    with left:
        focus, clicked = sections.breakdown_bars(con, "churn_rate", period_slice, attribute, worst="highest",
                                                 widget_key=f"churn-by-{attribute}",
                                                 lead=f"Share of customers who left, by {label}")
    with right:
        sections.stories_of(focus, "" if clicked else f" — highest churn; click a bar for another {label}")
        if focus == shown_before:
            st.caption("The same customers as beside the monthly chart above.")
        else:
            sections.story(con, "churn_rate", focus, limit=2)


if not retention.churn_dated(con):
    all_time = slice_.period(None, None)
    st.caption(f"{plain(all_time.describe())} · click a bar to read the words of exactly those customers")
    st.info("This workspace says whether each customer left, but not when (no churn dates, as in "
            "the IBM Telco sample). Churn over time, cohorts and retention curves need churn dates; "
            "here is the all-time churn rate, overall and by attribute.")
    with st.columns(2)[0]:
        tile(con, "churn_rate", all_time, with_story=False)
    by_group(all_time, None)
    st.stop()

st.caption(f"{plain(slice_.describe())} · click a month, a bar, a cell or a curve to read the words of "
           "exactly those customers")
for column, key in zip(st.columns(2), ["churn_rate", "revenue_churn"]):
    if metrics.available(con, key):
        with column:
            tile(con, key, slice_, with_story=False)

title, control = st.columns([2, 1], vertical_alignment="bottom")
title.subheader("Customers leaving each month")
span = control.segmented_control("Months shown", [12, 24], default=12, key="churn_months",
                                 format_func=lambda m: f"{m} months", label_visibility="collapsed") or 12
window = retention.window(con, slice_)  # months before the first churn date on record have no churn to show
left, right = st.columns([3, 2], gap="large")
with left:
    focus, clicked = sections.monthly_trend(
        con, "churn_rate", slice_, span, widget_key=f"churn-trend-{span}", since=window.records_start,
        y_title="Customers who left that month",
        note="Share of the customers active at the start of each month who left during it")
with right:
    sections.stories_of(focus, "" if clicked else " — click a month to narrow")
    sections.story(con, "churn_rate", focus, limit=2)

by_group(slice_, focus)

if metrics.available(con, "revenue_churn"):
    st.subheader("Revenue lost to churn each month")
    left, right = st.columns([3, 2], gap="large")
    with left:
        lost_focus = sections.revenue_lost(con, slice_, span, since=window.records_start)
    with right:
        sections.stories_of(lost_focus, " — biggest accounts first")
        sections.paged_quotes(con, lambda offset: cached.evidence(con, version, "revenue_churn", lost_focus, None,
                                                                  "revenue", 2, offset), f"mrr-{lost_focus}")

scope = " · ".join([plain(", ".join(v)) for _, v in slice_.filters] + [f"as of {window.as_of:%-d %b %Y}"])
st.subheader("Do new customers stay? Retention by signup month")
sections.cohorts(con, slice_, window, scope)
st.subheader(f"Who stays, by their NPS answer in the first {retention.LANDMARK_MONTHS} months")
sections.survival(con, slice_, window, scope)
