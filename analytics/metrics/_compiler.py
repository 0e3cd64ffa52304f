"""The compiler: a Metric's kind and rule made into the aggregates of one query over its population,
and the row that query returns made into a Result (value, n, 95% interval, standard error, parts).

The SQL is Heartbeat's own dialect (DuckDB's); `analytics.engine` says it in PostgreSQL's or
Spark's. Every kind reads its population's rows as `population()` lists them, so a figure and its
quotes always count the same units.
"""

from __future__ import annotations

import math

from analytics.metrics import _stats as stats
from analytics.metrics._registry import Metric, Result
from analytics.metrics._slices import Slice
from analytics.scores import detractor_sql, placed_sql, promoter_sql


def aggregates(metric: Metric) -> tuple[str, str]:
    """(the aggregate columns, the condition on the population's rows) of a metric's figure. The
    first column is always the count of units."""
    if metric.kind == "nps":
        return f"count(*), count_if({promoter_sql()}), count_if({detractor_sql()})", "true"
    if metric.kind == "share":
        return f"count(*), count_if({metric.hit})", "true"
    if metric.kind == "mean":
        return (f"count(*), avg(score), stddev_samp(score), count_if({metric.hit}), "
                "min(scale_min), max(scale_max)", "true")
    if metric.kind == "ratio":
        y, x, affected = metric.ratio
        return (f"count(*), sum({y}), sum({x}), sum({y} * {y}), sum({y} * {x}), sum({x} * {x}), "
                f"{affected}", f"{x} IS NOT NULL")  # the ratios count the units with a denominator
    if metric.kind == "sum":
        return f"count(*), coalesce(sum({metric.summed}), 0)", "true"
    raise ValueError(f"{metric.key}: a {metric.kind!r} figure is not one grouped aggregate")


def common_scale_aggregates(metric: Metric, low: float, high: float) -> str:
    """A common_scale_mean's aggregates once its scale (low–high) is known: n, mean and standard
    deviation of the answers placed on it, the count meeting its rule and how many scales it holds."""
    placed = placed_sql(low, high)
    return (f"count(*), avg({placed}), stddev_samp({placed}), count_if({metric.hit}), "
            "count(DISTINCT (scale_min, scale_max))")


def unit_value_sql(metric: Metric, scale: tuple[float, float] = (1, 5)) -> str:
    """SQL of one answer as a number whose mean over the population is the figure: NPS ±100 or 0,
    a share 100 or 0 (percentage points), a mean its score (on `scale` when placed on one)."""
    if metric.kind == "nps":
        return f"CASE WHEN {promoter_sql()} THEN 100.0 WHEN {detractor_sql()} THEN -100.0 ELSE 0.0 END"
    if metric.kind == "share":
        return f"CASE WHEN {metric.hit} THEN 100.0 ELSE 0.0 END"
    if metric.kind == "common_scale_mean":
        return placed_sql(*scale)
    if metric.kind == "mean":
        return "score"
    raise ValueError(f"{metric.key}: a {metric.kind} figure is not a mean over answers")


def finish(metric: Metric, slice_: Slice, row: tuple, total=None) -> Result:
    """The Result of `row`, the aggregates' values for one slice. `total` is what a figure needs
    beyond its population: a sum's denominator, whether a share's data dates its events."""
    n = row[0]
    if metric.kind != "sum" and not n:
        return Result(metric.key, slice_, None, n or 0)
    return _FINISH[metric.kind](metric, slice_, row, total)


def _nps(metric, slice_, row, _) -> Result:
    n, promoters, detractors = row
    interval = stats.nps_interval(promoters, detractors, n)
    return Result(metric.key, slice_, (promoters - detractors) / n * 100, n, interval.low, interval.high,
                  stats.nps_adjusted_se(promoters, detractors, n) * 100,
                  {"promoters": promoters, "passives": n - promoters - detractors,
                   "detractors": detractors})


def _share(metric, slice_, row, dated) -> Result:
    """Share of the units meeting the metric's rule, with its Wilson interval; their count is the
    part the metric names (what the change test compares). A share of a period's events also
    gives its monthly and annualised equivalents when the data dates them."""
    n, hits = row
    p = hits / n
    interval = stats.wilson(hits, n)
    parts = {metric.part: hits}
    if metric.per_month and slice_.months and dated:
        monthly = stats.monthly_rate(p, slice_.months)
        parts.update(monthly=monthly, annualised=stats.annual_rate(monthly))
    return Result(metric.key, slice_, p, n, interval.low, interval.high, math.sqrt(p * (1 - p) / n), parts)


def _mean(metric, slice_, row, _) -> Result:
    n, mean, sd, hits, bottom, top = row
    interval = stats.mean_interval(mean, sd, n, bounds=(float(bottom), float(top)))
    return Result(metric.key, slice_, mean, n, interval.low, interval.high,
                  sd / math.sqrt(n) if sd is not None else None,
                  {f"{metric.part}_share": hits / n, "scale_max": top})


def common_scale_mean(metric: Metric, slice_: Slice, row: tuple, scale: tuple[float, float]) -> Result:
    """The Result of `common_scale_aggregates` on the scale `scale`."""
    n, mean, sd, hits, scales = row
    if not n:
        return Result(metric.key, slice_, None, 0)
    low, high = scale
    interval = stats.mean_interval(mean, sd, n, bounds=(float(low), float(high)))
    return Result(metric.key, slice_, mean, n, interval.low, interval.high,
                  sd / math.sqrt(n) if sd is not None else None,
                  {"scale_min": low, "scale_max": high, metric.part: hits, f"{metric.part}_share": hits / n,
                   "mixed_scales": scales > 1})


def _ratio(metric, slice_, row, _) -> Result:
    n, sum_y, sum_x, sum_yy, sum_xy, sum_xx, affected = row
    if not sum_x:
        return Result(metric.key, slice_, None, n)
    interval = stats.ratio_interval(sum_y, sum_x, n, sum_yy, sum_xy, sum_xx)
    se = (interval.high - interval.low) / (2 * stats.Z95) if interval.low is not None else None
    # The ratios are of non-negative MRR sums: the interval is clipped to 0 (and to `upper`).
    low = None if interval.low is None else max(0.0, interval.low)
    high = None if interval.high is None else (
        interval.high if metric.upper is None else min(metric.upper, interval.high))
    return Result(metric.key, slice_, sum_y / sum_x, n, low, high, se,
                  {"numerator": sum_y, "denominator": sum_x, "affected": affected})


def _sum(metric, slice_, row, total) -> Result:
    n, amount = row
    amount = amount or 0
    return Result(metric.key, slice_, float(amount), n or 0, parts={
        "total_mrr": float(total), "share": (amount / total) if total else None, "rule": metric.rule})


_FINISH = {"nps": _nps, "share": _share, "mean": _mean, "ratio": _ratio, "sum": _sum}
