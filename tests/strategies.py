"""Hypothesis strategies shared by the metric and evidence tests: random slices of the demo."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from analytics import metrics
from analytics.metrics import Slice, add_months

SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
PLANS = ("Starter", "Growth", "Pro", "Enterprise")
REGIONS = ("North America", "EMEA", "APAC", "LATAM")
MONTHS = [add_months(date(2024, 9, 1), i) for i in range(28)]  # Sep 2024 … Dec 2026


@st.composite
def demo_periods(draw):
    """(start, end, filters): month-aligned, open-ended, day-level or all-time periods, with
    random segment / plan / region filters of the demo's values."""
    shape = draw(st.sampled_from(["months", "months", "open start", "open end", "days", "all"]))
    start = end = None
    if shape == "months":
        i = draw(st.integers(0, len(MONTHS) - 2))
        start, end = MONTHS[i], MONTHS[min(len(MONTHS) - 1, i + draw(st.integers(1, 12)))]
    elif shape == "open start":
        end = draw(st.sampled_from(MONTHS))
    elif shape == "open end":
        start = draw(st.sampled_from(MONTHS))
    elif shape == "days":
        start = draw(st.dates(date(2024, 10, 1), date(2026, 10, 1)))
        end = draw(st.dates(start, date(2026, 12, 1)))
    filters = {}
    for attribute, values in (("segment", SEGMENTS), ("plan", PLANS), ("region", REGIONS)):
        if draw(st.booleans()):
            filters[attribute] = draw(st.lists(st.sampled_from(values), min_size=1, max_size=2,
                                               unique=True))
    return start, end, filters


def as_slice(start, end, filters: dict) -> Slice:
    slice_ = Slice(start, end)
    for attribute, values in filters.items():
        slice_ = slice_.where(attribute, *values)
    return slice_


demo_slices = demo_periods().map(lambda drawn: as_slice(*drawn))


def population_ids(con, key: str, slice_: Slice) -> set[str]:
    """The ids of every unit `key` counts for `slice_` (rows of metrics.population)."""
    sql, params = metrics.population(con, key, slice_)
    return {row[0] for row in con.execute(f"SELECT unit_id FROM ({sql})", params).fetchall()}
