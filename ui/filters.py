"""The sidebar filter bar: period, attributes, how quotes are picked, masking, the minimum n.
Every figure and every quote on every page follows the Slice it returns."""

from __future__ import annotations

import streamlit as st

from analytics import metrics
from analytics.metrics import ATTRIBUTE_LABELS, COLUMN_ATTRIBUTES, QUOTE_ORDERS, Slice
from ui import cached

PERIOD_KINDS = ("Quarter", "Month", "Custom", "All time")


def filter_bar(con) -> Slice:
    """Draw the filters in the sidebar; returns the Slice and keeps it in session state."""
    version = cached.version(con)
    with st.sidebar:
        st.markdown("**Filters** · every figure and quote follows them")
        slice_ = Slice(*_period(con))
        attributes = cached.attributes(con, version)
        for attribute in (a for a in attributes if a in COLUMN_ATTRIBUTES):
            chosen = st.multiselect(ATTRIBUTE_LABELS[attribute],
                                    cached.attribute_values(con, version, attribute),
                                    key=f"filter_{attribute}")
            if chosen:
                slice_ = slice_.where(attribute, *chosen)
        extra = [a for a in attributes if a not in COLUMN_ATTRIBUTES]
        if extra:
            with st.expander("More filters"):
                attribute = st.selectbox("Attribute", ["—", *extra], key="filter_extra_attribute")
                if attribute != "—":
                    chosen = st.multiselect("Values", cached.attribute_values(con, version, attribute),
                                            key=f"filter_extra_{attribute}")
                    if chosen:
                        slice_ = slice_.where(attribute, *chosen)
        st.selectbox("Pick quotes by", list(QUOTE_ORDERS), format_func=lambda o: QUOTE_ORDERS[o].capitalize(),
                     key="quote_order", help="Most typical: the words closest to what most of the group says "
                     "(by the words they share). Ties break by id, so picks are repeatable.")
        st.toggle("Mask personal data", value=True, key="mask_pii",
                  help="Hide emails, phone numbers, card numbers and names in quotes.")
        st.number_input("Minimum n for a figure", min_value=1, max_value=1000, value=30,
                        key="min_n", help="Below this, figures are greyed as 'too few'.")
    st.session_state["slice"] = slice_
    return slice_


def _period(con) -> tuple:
    """(start, end) chosen in the period controls: a quarter, a month, a custom range or all time
    (None, None); the latest complete quarter with data by default."""
    low, high = metrics.data_span(con)
    if high is None:
        return None, None
    default = metrics.default_slice(con)
    kind = st.segmented_control("Period", PERIOD_KINDS, default="Quarter", key="period_kind")
    if kind in ("Quarter", "Month"):
        step = 3 if kind == "Quarter" else 1
        first_of = metrics.quarter_start if step == 3 else metrics.month_start
        options, cursor = [], first_of(high)
        while cursor >= first_of(low):
            options.append(cursor)
            cursor = metrics.add_months(cursor, -step)
        preferred = default.start if step == 3 else metrics.add_months(default.end, -1)
        start = st.selectbox(kind, options, index=options.index(preferred) if preferred in options else 0,
                             format_func=lambda d: metrics.period_label(d, metrics.add_months(d, step)),
                             key=f"period_{kind}")
        return start, metrics.add_months(start, step)
    if kind == "Custom":
        picked = st.date_input("From – to", (default.start, default.end), min_value=low,
                               max_value=metrics.add_months(high, 1), key="period_custom")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            return picked[0], picked[1]
    return None, None
