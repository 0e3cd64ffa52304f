"""Metrics: every headline figure for a Slice, with its n, interval and change, and the words of
exactly the customers it counts.

Public surface: the registry (`METRICS`, `REGISTRY`, `Metric`, `Side`, `SIDES`, `Result`, with the
`POPULATIONS` and `KINDS` a Metric may name); the `Slice` and its helpers (periods, attribute
filters); `population` (the SQL of the units a figure counts), `compute`, `change`, `series`,
`breakdown`, `available`, `unit_value_sql` (one answer as a number whose mean is the figure);
evidence (`evidence_for`, `quotes_from`, `Evidence`, `Quote`, `QUOTE_ORDERS`, `ticket_points`: a
ticket's rating as its helpdesk wrote it); and three
namespaces: `stats` (intervals and tests), `formatting` (how a figure reads) and `retention`
(cohorts, survival, score spread).
"""

from analytics.metrics import _formatting as formatting
from analytics.metrics import _retention as retention
from analytics.metrics import _stats as stats
from analytics.metrics._compiler import unit_value_sql
from analytics.metrics._compute import available, breakdown, change, compute, needs, series
from analytics.metrics._evidence import (TYPICAL_SAMPLE, Evidence, Quote, customer_quotes_sql,
                                         default_side, evidence_for, quotes_from)
from analytics.metrics._evidence import ORDERS as QUOTE_ORDERS
from analytics.metrics._populations import has_churn_dates, population, revenue_months
from analytics.metrics._registry import KINDS, METRICS, POPULATIONS, REGISTRY, SIDES, Metric, Result, Side
from analytics.metrics._ticket_points import ticket_points, ticket_word
from analytics.metrics._slices import (ATTRIBUTE_LABELS, COLUMN_ATTRIBUTES, MAX_VALUES, Slice, add_months,
                                       attribute_names, attribute_values, attributes, customer_filter, data_span,
                                       default_slice, month_start, period_filter, period_label,
                                       quarter_start)
from analytics.scores import (DETRACTOR_MAX, PROMOTER_MIN, detractor_sql, high_sql, is_high,
                              nps_band, passive_sql, placed_sql, promoter_sql)

__all__ = [
    "ATTRIBUTE_LABELS", "COLUMN_ATTRIBUTES", "DETRACTOR_MAX", "KINDS", "MAX_VALUES", "METRICS", "POPULATIONS",
    "PROMOTER_MIN", "QUOTE_ORDERS", "REGISTRY", "SIDES", "TYPICAL_SAMPLE", "Evidence", "Metric", "Quote", "Result",
    "Side", "Slice", "add_months", "attribute_names", "attribute_values", "attributes", "available", "breakdown", "change",
    "compute", "customer_filter", "customer_quotes_sql", "data_span", "default_side", "default_slice",
    "detractor_sql", "evidence_for", "formatting", "has_churn_dates", "high_sql", "is_high",
    "month_start", "needs", "nps_band", "passive_sql", "period_filter", "period_label", "placed_sql", "population",
    "promoter_sql", "quarter_start", "quotes_from", "retention", "revenue_months", "series", "stats", "ticket_points",
    "ticket_word", "unit_value_sql",
]
