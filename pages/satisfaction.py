"""Satisfaction: NPS, CSAT, effort, ratings, would-recommend and support CSAT over time, how the
answers spread and by segment, each beside the words of the customers behind it (the unhappy and
the happy side)."""

import streamlit as st

from analytics import board, workspace
from analytics.metrics import METRICS, REGISTRY, period_label
from ui import cached, sections
from ui.charts import chart
from ui.notices import nothing_yet
from ui.session import connection, current_slice
from ui.stories import tile
from ui.text import plain

con = connection()
slice_ = current_slice()
version = cached.version(con)
st.title("Satisfaction")
keys = [m.key for m in METRICS if m.population in ("responses", "tickets")
        and m.key in cached.available_metrics(con, version)]
if workspace.is_empty(con) or not keys:
    nothing_yet("No survey answers or ratings yet. Upload an NPS, CSAT or effort survey, a review "
                "export with ratings, or rated support tickets, to see how customers feel, beside what "
                "they wrote.")

st.caption(f"{plain(slice_.describe())} · click a month, a score or a bar to read the words of exactly "
           "those customers")
for column, key in zip(st.columns(len(keys)), keys):
    with column:
        tile(con, key, slice_, with_story=False)

key = st.segmented_control("Explore", keys, default=keys[0], key="satisfaction_metric",
                           format_func=lambda k: REGISTRY[k].label) or keys[0]
label = REGISTRY[key].label
sides = REGISTRY[key].side_names
unhappy, happy = sides[0], sides[-1]

over_time, spread_column = st.columns([3, 2], gap="large")
with over_time:
    st.subheader(f"{label} month by month")
    focus, month = sections.monthly_trend(con, key, slice_, 12, widget_key=f"trend-{key}",
                                          y_title=REGISTRY[key].axis_title, note="")
with spread_column:
    st.subheader("How the answers spread")
    answers = cached.distribution(con, version, key, slice_)
    side = chart(board.score_distribution(answers, key), f"spread-{key}", sides)
    noun = "answers" if REGISTRY[key].population == "responses" else REGISTRY[key].counts
    st.caption(f"{int(answers['responses'].sum()) if not answers.empty else 0:,} {noun} in "
               f"{period_label(slice_.start, slice_.end)} · click a bar for that group's words")

chosen_sides = [side[0]] if side else [unhappy, happy]
sections.stories_of(focus, "" if month or side else " — click a month or a score to narrow",
                    extra=f" · {side[0]}" if side else "")
sections.sides_beside(con, key, focus, chosen_sides, st.columns(2, gap="large"))

attribute = sections.breakdown_choice(con, "satisfaction_breakdown", lambda name: f"{label} by {name}")
if attribute:
    note = st.empty()
    bars, left_words, right_words = st.columns([5, 3, 3], gap="medium")
    with bars:
        group_focus, picked = sections.breakdown_bars(con, key, slice_, attribute, worst="lowest",
                                                      widget_key=f"by-{key}-{attribute}")
    with note:
        sections.stories_of(group_focus, "" if picked else
                            f" — lowest {label}; click a bar for another {sections.attribute_noun(attribute)}")
    if group_focus == focus and {unhappy, happy} & set(chosen_sides):
        left_words.caption("The same customers as in the stories above.")
    else:
        sections.sides_beside(con, key, group_focus, [unhappy, happy], [left_words, right_words])
