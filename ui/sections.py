"""Sections the explore pages share: a chart on the left, the stories of what was clicked on the
right. Each section draws its heading, chart, caption and quotes; the page only orders them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from analytics import board
from analytics.metrics import ATTRIBUTE_LABELS, REGISTRY, Evidence, Slice, add_months, period_label, retention
from ui import cached
from ui.charts import chart
from ui.session import min_n, quote_order
from ui.stories import evidence_quotes, story
from ui.text import plain

__all__ = ["attribute_noun", "breakdown_bars", "breakdown_choice", "cohorts", "monthly_trend", "paged_quotes", "revenue_lost",
           "sides_beside", "stories_of", "story", "survival"]


def stories_of(focus: Slice, hint: str = "", extra: str = "") -> None:
    """The caption above a story column: whose words these are, and how to narrow them."""
    st.caption(f"Stories of: {plain(board.slice_label(focus))}{extra}{hint}")


def paged_quotes(con, fetch: Callable[[int], Evidence], state_key: str, limit: int = 2) -> None:
    """Quotes of `fetch(offset)`, with 'Show another' moving the offset kept under `state_key`."""
    evidence_quotes(con, fetch(st.session_state.get(state_key, 0)), state_key, limit)


def monthly_trend(con, key: str, slice_: Slice, months: int, *, widget_key: str, y_title: str,
                  note: str, since: date | None = None) -> tuple[Slice, bool]:
    """The metric month by month (from `since`) with its interval; returns (the slice narrowed to
    the clicked month, or `slice_` when none was clicked; whether one was)."""
    trend = [r for r in cached.series(con, cached.version(con), key, slice_, months)
             if since is None or r.slice.start >= since]
    if not any(r.n for r in trend):  # nothing dated (a review file without dates): no empty axes
        st.info("These answers carry no dates, so there is no month-by-month view: upload an export with "
                "the date of each answer to see the trend.", icon=":material/calendar_month:")
        return slice_, False
    floor = min_n()
    clicked = chart(board.trend(trend, floor, y_title=y_title), widget_key,
                    [r.slice.start.isoformat() for r in trend])
    noun = REGISTRY[key].counts
    parts = [note, "shaded: 95% interval", board.n_range(trend), board.too_few_note(trend, floor, noun)]
    caption = " · ".join(filter(None, parts))
    st.caption(caption[0].upper() + caption[1:])
    start = board.month_key(clicked[0]) if clicked else None
    return (slice_.period(start, add_months(start, 1)), True) if start else (slice_, False)


def revenue_lost(con, slice_: Slice, months: int, since: date) -> Slice:
    """MRR lost to churn month by month (bars with the interval scaled to money); returns the slice
    narrowed to the clicked month, or `slice_`."""
    lost = [r for r in cached.series(con, cached.version(con), "revenue_churn", slice_, months)
            if r.slice.start >= since]
    clicked = chart(board.churned_revenue(lost, min_n()), f"churn-mrr-{months}",
                    [r.slice.start.isoformat() for r in lost])
    st.caption("MRR that the customers who left were paying at the start of the month · whiskers: 95% "
               f"interval · {board.n_range(lost)} at the month's start")
    start = board.month_key(clicked[0]) if clicked else None
    return slice_.period(start, add_months(start, 1)) if start else slice_


def attribute_noun(attribute: str) -> str:
    """'segment', 'plan', or an uploaded column's own name, as it reads inside a sentence."""
    return ATTRIBUTE_LABELS.get(attribute, attribute).lower()


def breakdown_choice(con, widget_key: str, heading: Callable[[str], str]) -> str | None:
    """The 'Break down by' control beside a heading; the attribute chosen (None when no attribute
    has 2–30 values)."""
    options = cached.breakdown_groups(con, cached.version(con))
    if not options:
        return None
    title, control = st.columns([3, 1], vertical_alignment="bottom")
    attribute = control.selectbox("Break down by", list(options), key=widget_key,
                                  format_func=lambda a: ATTRIBUTE_LABELS.get(a, a))
    title.subheader(heading(attribute_noun(attribute)))
    return attribute


def breakdown_bars(con, key: str, slice_: Slice, attribute: str, *, widget_key: str, worst: str,
                   lead: str = "") -> tuple[Slice, bool]:
    """Bars of the metric for each value of `attribute` (those the slice keeps), with whiskers and
    the caption `lead` + what the marks mean; returns (the slice narrowed to the clicked value, else
    to the `worst` one — 'highest' or 'lowest' — and whether it was clicked)."""
    version, floor = cached.version(con), min_n()
    values = list(dict(slice_.filters).get(attribute, ())) or cached.breakdown_groups(con, version)[attribute]
    results = [cached.result(con, version, key, slice_.where(attribute, v)) for v in values]
    fig = board.breakdown(results, values, floor, attribute=attribute,
                          overall=cached.result(con, version, key, slice_))
    clicked = chart(fig, widget_key, values)
    marks = f"whiskers: 95% interval · {board.too_few_note(results, floor, REGISTRY[key].counts) or 'n under each name'}"
    st.caption(f"{lead} · {marks}" if lead else marks[0].upper() + marks[1:])
    ranked = [(r.value, v) for r, v in zip(results, values) if board.enough(r, floor)]
    pick = max if worst == "highest" else min
    value = clicked[0] if clicked else (pick(ranked)[1] if ranked else values[0])
    return board.narrowed(slice_, attribute, value), bool(clicked)


def sides_beside(con, key: str, focus: Slice, sides: list[str], columns) -> None:
    """The words of each side of a score (e.g. detractors and promoters), one column each."""
    for side, column in zip(sides, columns):
        with column:
            colour = {board.BAD: "red", board.GOOD: "green"}.get(board.SIDE_COLOURS[side], "gray")
            st.markdown(f":{colour}[**{side.capitalize()}**]")
            story(con, key, focus, side=side, limit=2)


def cohorts(con, slice_: Slice, window: retention.Window, scope: str) -> None:
    """Retention by signup month as a heatmap, beside the words of the leavers of the clicked
    cohort (or of every cohort shown)."""
    version, floor = cached.version(con), min_n()
    table = cached.cohorts(con, version, slice_)
    if table.empty:
        st.info(f"No customers of this slice signed up between {window.first_cohort:%b %Y} and "
                f"{window.as_of:%-d %b %Y}, so there are no cohorts to follow.")
    left, right = st.columns([5, 2], gap="large")
    with left:
        cells = [[c.isoformat(), int(a)] for c, a in zip(table["cohort"], table["age"])]
        cell = chart(board.cohort_heatmap(table, floor), "churn-cohorts", cells) if len(table) else None
        st.caption(f"Each row: the customers who signed up that month (from {window.records_start:%b %Y}, "
                   f"when churn dates start); each cell: % still customers k months later, {scope}. "
                   f"Grey rows: fewer than {floor:,} customers.")
    with right:
        order = quote_order()
        if cell:
            cohort, age = date.fromisoformat(cell[0]), int(cell[1])
            st.caption(f"Stories of: customers who signed up in {period_label(cohort, add_months(cohort, 1))} "
                       f"and left within {age} month{'s' if age > 1 else ''} · {scope}")
            paged_quotes(con, lambda offset: cached.leavers(con, version, slice_, order, offset, cohort=cohort,
                                                            age=age), f"cohort-{cell}")
        else:
            st.caption(f"Stories of: customers of these cohorts who left · {scope} — click a cell to narrow")
            paged_quotes(con, lambda offset: cached.leavers(con, version, slice_, order, offset,
                                                            all_cohorts=True), f"cohorts-{slice_}")


def survival(con, slice_: Slice, window: retention.Window, scope: str) -> None:
    """Kaplan–Meier curves by latest NPS answer with the log-rank verdict, beside the words of the
    leavers of the clicked group (detractors by default)."""
    version, floor = cached.version(con), min_n()
    result = cached.survival(con, version, slice_)
    st.markdown(retention.verdict(result))
    sizes = dict(zip(result.groups["group"], result.groups["customers"]))
    left, right = st.columns([3, 2], gap="large")
    with left:
        picked = chart(board.survival_curves(result, floor), "churn-survival", list(retention.GROUP_LABELS))
        hidden = [f"{retention.GROUP_LABELS[g]} ({n:,})" for g, n in sizes.items() if n < floor]
        st.caption(f"Landmark analysis: customers still with us {result.landmark} months after signing up "
                   f"(signups from {window.records_start:%b %Y}), grouped by their latest NPS answer by then and "
                   f"followed from there (Kaplan–Meier), {scope} · shaded: 95% interval"
                   + (f" · not drawn, too few customers: {', '.join(hidden)}" if hidden else ""))
    shown = [g for g, n in sorted(sizes.items(), key=lambda pair: -pair[1]) if n >= floor]
    group = picked[0] if picked else ("detractor" if "detractor" in shown else (shown or ["detractor"])[0])
    with right:
        st.caption(f"Stories of: {retention.GROUP_NOUNS[group]} who left · {scope}"
                   + ("" if picked else " — click a curve for another group"))
        order = quote_order()
        paged_quotes(con, lambda offset: cached.leavers(con, version, slice_, order, offset, group=group),
                     f"group-{group}-{slice_}")
