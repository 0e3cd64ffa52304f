"""Satisfaction: NPS, CSAT and effort over time, how the answers spread and by segment, each beside
the words of the customers behind it (the unhappy side and the happy side, side by side)."""

import streamlit as st

from analytics import charts, evidence, retention, slices, workspace
from analytics.metrics import REGISTRY
from analytics.slices import ATTRIBUTE_LABELS, add_months
from pages.common import (
    available_metrics,
    chart,
    connection,
    current_slice,
    figure,
    figure_series,
    groups_of,
    min_n,
    nothing_yet,
    story,
    tile,
)

con = connection()
slice_ = current_slice()
version = workspace.version(con)
floor = min_n()
st.title("Satisfaction")
keys = [k for k in ("nps", "csat", "ces") if k in available_metrics(con, version)]
if workspace.is_empty(con) or not keys:
    nothing_yet("No survey answers yet. Upload an NPS, CSAT or effort survey export to see how "
            "customers feel, beside what they wrote.")


@st.cache_data(show_spinner=False, max_entries=256)
def spread(_con, version: int, key: str, slice_):
    return retention.distribution(_con, key, slice_)


def sides_beside(key: str, focus, sides: list[str], columns) -> None:
    for side, column in zip(sides, columns):
        with column:
            colour = {charts.BAD: "red", charts.GOOD: "green"}.get(charts.SIDE_COLOURS[side], "gray")
            st.markdown(f":{colour}[**{side.capitalize()}**]")
            story(con, key, focus, side=side, limit=2)


st.caption(f"{slice_.describe()} · click a month, a score or a bar to read the words of exactly "
           "those customers")
for column, key in zip(st.columns(len(keys)), keys):
    with column:
        tile(con, key, slice_, with_story=False)

key = st.segmented_control("Explore", keys, default=keys[0], key="satisfaction_metric",
                           format_func=lambda k: REGISTRY[k].label) or keys[0]
label = REGISTRY[key].label
sides = list(evidence.SIDES[key])
unhappy, happy = sides[0], sides[-1]
axis = {"nps": "NPS (−100 to +100)", "csat": "Satisfied (top two boxes)",
        "ces": "Average effort score (higher = easier)"}[key]

trend = figure_series(con, version, key, slice_, 12)
months = [r.slice.start.isoformat() for r in trend]
answers = spread(con, version, key, slice_)
over_time, spread_column = st.columns([3, 2], gap="large")
with over_time:
    st.subheader(f"{label} month by month")
    month = chart(charts.trend(trend, floor, y_title=axis), f"trend-{key}", months)
    st.caption(" · ".join(filter(None, ["Shaded: 95% interval", charts.n_range(trend),
                                         charts.too_few_note(trend, floor)])))
with spread_column:
    st.subheader("How the answers spread")
    side = chart(charts.score_distribution(answers, key), f"spread-{key}", sides)
    st.caption(f"{int(answers['responses'].sum()) if not answers.empty else 0:,} answers in "
               f"{slices.period_label(slice_.start, slice_.end)} · click a bar for that group's words")

start = charts.month_key(month[0]) if month else None
focus = slice_.period(start, add_months(start, 1)) if start else slice_
chosen_sides = [side[0]] if side else [unhappy, happy]
st.caption(f"Stories of: {charts.slice_label(focus)}" + (f" · {side[0]}" if side else "")
           + ("" if month or side else " — click a month or a score to narrow"))
sides_beside(key, focus, chosen_sides, st.columns(2, gap="large"))

options = groups_of(con, version)
if options:
    title, control = st.columns([3, 1], vertical_alignment="bottom")
    attribute = control.selectbox("Break down by", list(options), key="satisfaction_breakdown",
                                  format_func=lambda a: ATTRIBUTE_LABELS.get(a, a))
    name = ATTRIBUTE_LABELS.get(attribute, attribute).lower()
    title.subheader(f"{label} by {name}")
    note = st.empty()
    values = list(dict(slice_.filters).get(attribute, ())) or options[attribute]
    results = [figure(con, version, key, slice_.where(attribute, v)) for v in values]
    bars, left_words, right_words = st.columns([5, 3, 3], gap="medium")
    with bars:
        fig = charts.breakdown(results, values, floor, attribute=attribute,
                               overall=figure(con, version, key, slice_))
        picked = chart(fig, f"by-{key}-{attribute}", values)
        st.caption(f"Whiskers: 95% interval · {charts.too_few_note(results, floor) or 'n under each name'}")
    ranked = [(r.value, v) for r, v in zip(results, values) if charts.enough(r, floor)]
    value = picked[0] if picked else (min(ranked)[1] if ranked else values[0])
    group_focus = charts.narrowed(slice_, attribute, value)
    note.caption(f"Stories of: {charts.slice_label(group_focus)}"
                 + ("" if picked else f" — lowest {label}; click a bar for another {name}"))
    if group_focus == focus and {unhappy, happy} & set(chosen_sides):
        left_words.caption("The same customers as in the stories above.")
    else:
        sides_beside(key, group_focus, [unhappy, happy], [left_words, right_words])
