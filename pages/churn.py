"""Churn: who leaves, when, and what they said, each chart beside the words of the customers it counts."""

from datetime import date

import streamlit as st

from analytics import charts, metrics, retention, workspace
from analytics.retention import GROUP_LABELS, GROUP_NOUNS
from analytics.slices import ATTRIBUTE_LABELS, add_months, period_label
from pages.common import (
    chart,
    connection,
    current_slice,
    figure,
    figure_series,
    groups_of,
    min_n,
    nothing_yet,
    quotes,
    show_evidence,
    story,
    tile,
)

con = connection()
slice_ = current_slice()
version = workspace.version(con)
floor = min_n()
order = st.session_state.get("quote_order", "typical")
st.title("Churn")
if workspace.is_empty(con) or not metrics.available(con, "churn_rate"):
    nothing_yet("No customer records yet. Upload a customer export with a churned flag (and ideally a "
            "churn date) to see who leaves, when, and why.")


@st.cache_data(show_spinner=False, max_entries=64)
def cohorts(_con, version: int, slice_):
    return retention.cohort_table(_con, slice_)


@st.cache_data(show_spinner=False, max_entries=64)
def survival(_con, version: int, slice_):
    return retention.survival(_con, slice_)


@st.cache_data(show_spinner=False, max_entries=256)
def leavers(_con, version: int, slice_, order: str, offset: int, **which):
    return retention.leavers_evidence(_con, slice_, order=order, offset=offset, **which)


def words(fetch, state: str, limit: int = 2) -> None:
    """Quotes of `fetch(offset)` (an evidence.Evidence), with 'Show another'."""
    show_evidence(fetch(st.session_state.get(state, 0)), state, limit)


def by_group(period_slice, shown_before) -> None:
    """Churn by an attribute: bars with whiskers, beside the words of the clicked (else the worst) group."""
    options = groups_of(con, version)
    if not options:
        return
    title, control = st.columns([3, 1], vertical_alignment="bottom")
    attribute = control.selectbox("Break down by", list(options), key="churn_breakdown",
                                  format_func=lambda a: ATTRIBUTE_LABELS.get(a, a))
    label = ATTRIBUTE_LABELS.get(attribute, attribute).lower()
    title.subheader(f"Churn by {label}")
    values = list(dict(period_slice.filters).get(attribute, ())) or options[attribute]
    results = [figure(con, version, "churn_rate", period_slice.where(attribute, v)) for v in values]
    left, right = st.columns([3, 2], gap="large")
    with left:
        fig = charts.breakdown(results, values, floor, attribute=attribute,
                               overall=figure(con, version, "churn_rate", period_slice))
        chosen = chart(fig, f"churn-by-{attribute}", values)
        st.caption(f"Share of customers who left, by {label} · whiskers: 95% interval · "
                   f"{charts.too_few_note(results, floor, 'customers') or 'n under each name'}")
    ranked = [(r.value, v) for r, v in zip(results, values) if charts.enough(r, floor)]
    value = chosen[0] if chosen else (max(ranked)[1] if ranked else values[0])
    focus = charts.narrowed(period_slice, attribute, value)
    with right:
        hint = "" if chosen else f" — highest churn; click a bar for another {label}"
        st.caption(f"Stories of: {charts.slice_label(focus)}{hint}")
        if focus == shown_before:
            st.caption("The same customers as beside the monthly chart above.")
        else:
            story(con, "churn_rate", focus, limit=2)


if not retention.churn_dated(con):
    all_time = slice_.period(None, None)
    st.caption(f"{all_time.describe()} · click a bar to read the words of exactly those customers")
    st.info("This workspace says whether each customer left, but not when (no churn dates, as in "
            "the IBM Telco sample). Churn over time, cohorts and retention curves need churn dates; "
            "here is the all-time churn rate, overall and by attribute.")
    with st.columns(2)[0]:
        tile(con, "churn_rate", all_time, with_story=False)
    by_group(all_time, None)
    st.stop()

st.caption(f"{slice_.describe()} · click a month, a bar, a cell or a curve to read the words of "
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
trend = [r for r in figure_series(con, version, "churn_rate", slice_, span) if r.slice.start >= window.records_start]
months = [r.slice.start.isoformat() for r in trend]
left, right = st.columns([3, 2], gap="large")
with left:
    month = chart(charts.trend(trend, floor, y_title="Customers who left that month"), f"churn-trend-{span}", months)
    st.caption(" · ".join(filter(None, [
        "Share of the customers active at the start of each month who left during it", "shaded: 95% interval",
        charts.n_range(trend), charts.too_few_note(trend, floor, "customers")])))
start = charts.month_key(month[0]) if month else None
focus = slice_.period(start, add_months(start, 1)) if start else slice_
with right:
    st.caption(f"Stories of: {charts.slice_label(focus)}" + ("" if month else " — click a month to narrow"))
    story(con, "churn_rate", focus, limit=2)

by_group(slice_, focus)

if metrics.available(con, "revenue_churn"):
    st.subheader("Revenue lost to churn each month")
    lost = [r for r in figure_series(con, version, "revenue_churn", slice_, span)
            if r.slice.start >= window.records_start]
    left, right = st.columns([3, 2], gap="large")
    with left:
        month = chart(charts.churned_revenue(lost, floor), f"churn-mrr-{span}", months)
        st.caption("MRR that the customers who left were paying at the start of the month · whiskers: 95% "
                   f"interval · {charts.n_range(lost)} at the month's start")
    start = charts.month_key(month[0]) if month else None
    lost_focus = slice_.period(start, add_months(start, 1)) if start else slice_
    with right:
        st.caption(f"Stories of: {charts.slice_label(lost_focus)} — biggest accounts first")
        words(lambda offset: quotes(con, version, "revenue_churn", lost_focus, None, "revenue", 2, offset),
              f"mrr-{lost_focus}")

scope = " · ".join([", ".join(v) for _, v in slice_.filters] + [f"as of {window.as_of:%-d %b %Y}"])
st.subheader("Do new customers stay? Retention by signup month")
table = cohorts(con, version, slice_)
if table.empty:
    st.info(f"No customers of this slice signed up between {window.first_cohort:%b %Y} and "
            f"{window.as_of:%-d %b %Y}, so there are no cohorts to follow.")
left, right = st.columns([5, 2], gap="large")
with left:
    cells = [[c.isoformat(), int(a)] for c, a in zip(table["cohort"], table["age"])]
    cell = chart(charts.cohort_heatmap(table, floor), "churn-cohorts", cells) if len(table) else None
    st.caption(f"Each row: the customers who signed up that month (from {window.records_start:%b %Y}, when "
               f"churn dates start); each cell: % still customers k months later, {scope}. Grey rows: "
               f"fewer than {floor:,} customers.")
with right:
    if cell:
        cohort, age = date.fromisoformat(cell[0]), int(cell[1])
        st.caption(f"Stories of: customers who signed up in {period_label(cohort, add_months(cohort, 1))} and left "
                   f"within {age} month{'s' if age > 1 else ''} · {scope}")
        words(lambda offset: leavers(con, version, slice_, order, offset, cohort=cohort, age=age), f"cohort-{cell}")
    else:
        st.caption(f"Stories of: customers of these cohorts who left · {scope} — click a cell to narrow")
        words(lambda offset: leavers(con, version, slice_, order, offset, all_cohorts=True), f"cohorts-{slice_}")

st.subheader("Who stays, by their latest NPS answer")
result = survival(con, version, slice_)
st.markdown(retention.verdict(result))
left, right = st.columns([3, 2], gap="large")
with left:
    picked = chart(charts.survival_curves(result, floor), "churn-survival", list(GROUP_LABELS))
    hidden = [f"{GROUP_LABELS[g]} ({n:,})" for g, n in zip(result.groups["group"], result.groups["customers"])
              if n < floor]
    st.caption(f"Kaplan–Meier: share still customers by months since signing up (signups from "
               f"{window.records_start:%b %Y}), {scope} · shaded: 95% interval"
               + (f" · not drawn, too few customers: {', '.join(hidden)}" if hidden else ""))
present = [g for g, n in sorted(zip(result.groups["group"], result.groups["customers"]), key=lambda p: -p[1])
           if n >= floor]
group = picked[0] if picked else ("detractor" if "detractor" in present else (present or ["detractor"])[0])
with right:
    st.caption(f"Stories of: {GROUP_NOUNS[group]} who left · {scope}"
               + ("" if picked else " — click a curve for another group"))
    words(lambda offset: leavers(con, version, slice_, order, offset, group=group), f"group-{group}-{slice_}")
