"""Metrics: every headline figure for a Slice, with its n, interval and change, and the words of
exactly the customers it counts.

Public surface: the registry (`METRICS`, `REGISTRY`, `Metric`, `Result`); the `Slice` and its
helpers (periods, attribute filters); `population` (the SQL of the units a figure counts),
`compute`, `change`, `series`, `breakdown`, `available`; evidence (`evidence_for`, `quotes_from`,
`Evidence`, `Quote`, `SIDES`, `QUOTE_ORDERS`); and three namespaces: `stats` (intervals and
tests), `formatting` (how a figure reads) and `retention` (cohorts, survival, score spread).
"""

from analytics.metrics import _formatting as formatting
from analytics.metrics import _retention as retention
from analytics.metrics import _stats as stats
from analytics.metrics._compute import available, breakdown, change, compute, series
from analytics.metrics._evidence import (SIDES, TYPICAL_SAMPLE, Evidence, Quote, customer_quotes_sql,
                                         default_side, evidence_for, quotes_from)
from analytics.metrics._evidence import ORDERS as QUOTE_ORDERS
from analytics.metrics._populations import has_churn_dates, population
from analytics.metrics._registry import METRICS, REGISTRY, RESPONSE_KINDS, Metric, Result
from analytics.metrics._slices import (ATTRIBUTE_LABELS, COLUMN_ATTRIBUTES, MAX_VALUES, Slice, add_months,
                                       attribute_names, attribute_values, attributes, customer_filter, data_span,
                                       default_slice, month_start, period_filter, period_label,
                                       quarter_start)
from analytics.scores import (DETRACTOR_MAX, PROMOTER_MIN, detractor_sql, high_sql, is_high,
                              nps_band, passive_sql, placed_sql, promoter_sql)

__all__ = [
    "ATTRIBUTE_LABELS", "COLUMN_ATTRIBUTES", "DETRACTOR_MAX", "MAX_VALUES", "METRICS", "PROMOTER_MIN",
    "QUOTE_ORDERS", "REGISTRY", "RESPONSE_KINDS", "SIDES", "TYPICAL_SAMPLE", "Evidence", "Metric", "Quote", "Result",
    "Slice", "add_months", "attribute_names", "attribute_values", "attributes", "available", "breakdown", "change",
    "compute", "customer_filter", "customer_quotes_sql", "data_span", "default_side", "default_slice",
    "detractor_sql", "evidence_for", "formatting", "has_churn_dates", "high_sql", "is_high",
    "month_start", "nps_band", "passive_sql", "period_filter", "period_label", "placed_sql", "population",
    "promoter_sql", "quarter_start", "quotes_from", "retention", "series", "stats",
]
