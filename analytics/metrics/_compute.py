"""Computing a metric for a Slice: value, n, 95% interval, the change against the previous period,
a monthly series and a breakdown by attribute (definitions: each Metric's description, DESIGN.md).
"""

from __future__ import annotations

import math

from analytics.metrics import _stats as stats
from analytics.metrics._populations import active_at_end, has_churn_dates, population
from analytics.metrics._registry import PROPORTION_PARTS, REGISTRY, RESPONSE_KINDS, Result
from analytics.metrics._scores import detractor_sql, high_sql, placed_sql, promoter_sql, top_box_sql
from analytics.metrics._slices import Slice, add_months, customer_filter, data_span, month_start
from analytics.sql import Params


def available(con, key: str) -> bool:
    """Whether the workspace holds what the metric needs."""
    metric = REGISTRY[key]
    if key in RESPONSE_KINDS:
        return con.execute("SELECT count(*) > 0 FROM responses WHERE kind = ? AND score IS NOT NULL",
                           [RESPONSE_KINDS[key]]).fetchone()[0]
    if metric.needs == "revenue":
        return con.execute("SELECT count(*) > 0 FROM revenue").fetchone()[0]
    if key == "revenue_at_risk":
        return con.execute("SELECT count(*) > 0 FROM responses WHERE kind = 'nps'").fetchone()[0] and \
            con.execute("SELECT count(mrr) > 0 FROM customers").fetchone()[0]
    if key == "revenue_churn":
        return con.execute("SELECT count(mrr) > 0 FROM customers").fetchone()[0]
    return con.execute("SELECT count(*) > 0 FROM customers").fetchone()[0]


def compute(con, key: str, slice_: Slice) -> Result:
    """The figure for `slice_`, with n, 95% interval and parts (see each metric's description)."""
    sql, params = population(con, key, slice_)
    return _AGGREGATORS[key](con, key, slice_, sql, params)


def _nps(con, key, slice_, sql, params) -> Result:
    n, promoters, detractors = con.execute(
        f"SELECT count(*), count_if({promoter_sql()}), count_if({detractor_sql()}) FROM ({sql})", params).fetchone()
    if n == 0:
        return Result(key, slice_, None, 0)
    interval = stats.nps_interval(promoters, detractors, n)
    return Result(key, slice_, (promoters - detractors) / n * 100, n, interval.low, interval.high,
                  stats.nps_adjusted_se(promoters, detractors, n) * 100,
                  {"promoters": promoters, "passives": n - promoters - detractors,
                   "detractors": detractors})


def _share(con, key, slice_, sql, params, condition: str) -> Result:
    """Share of the answers meeting `condition`, with its Wilson interval; the count of those is
    the part PROPORTION_PARTS names (what the change test compares)."""
    n, hits = con.execute(f"SELECT count(*), count_if({condition}) FROM ({sql})", params).fetchone()
    if n == 0:
        return Result(key, slice_, None, 0)
    interval = stats.wilson(hits, n)
    p = hits / n
    return Result(key, slice_, p, n, interval.low, interval.high, math.sqrt(p * (1 - p) / n),
                  {PROPORTION_PARTS[key]: hits})


def _csat(con, key, slice_, sql, params) -> Result:
    return _share(con, key, slice_, sql, params, high_sql())


def _ces(con, key, slice_, sql, params) -> Result:
    n, mean, sd, easy, bottom, top = con.execute(
        f"SELECT count(*), avg(score), stddev_samp(score), count_if({high_sql()}), min(scale_min), "
        f"max(scale_max) FROM ({sql})", params).fetchone()
    if n == 0:
        return Result(key, slice_, None, 0)
    interval = stats.mean_interval(mean, sd, n, bounds=(float(bottom), float(top)))
    return Result(key, slice_, mean, n, interval.low, interval.high,
                  sd / math.sqrt(n) if sd is not None else None,
                  {"easy_share": easy / n, "scale_max": top})


def _rating(con, key, slice_, sql, params) -> Result:
    scale = con.execute(f"SELECT scale_min, scale_max FROM ({sql}) GROUP BY ALL "
                        "ORDER BY count(*) DESC, scale_max DESC LIMIT 1", params).fetchone()
    if scale is None:
        return Result(key, slice_, None, 0)
    low, high = scale
    placed = placed_sql(low, high)
    n, mean, sd, top, scales = con.execute(
        f"SELECT count(*), avg({placed}), stddev_samp({placed}), count_if({top_box_sql()}), "
        f"count(DISTINCT (scale_min, scale_max)) FROM ({sql})", params).fetchone()
    interval = stats.mean_interval(mean, sd, n, bounds=(float(low), float(high)))
    return Result(key, slice_, mean, n, interval.low, interval.high,
                  sd / math.sqrt(n) if sd is not None else None,
                  {"scale_min": low, "scale_max": high, "top": top, "top_share": top / n,
                   "mixed_scales": scales > 1})


def _recommend(con, key, slice_, sql, params) -> Result:
    return _share(con, key, slice_, sql, params, "score >= 1")


def _churn(con, key, slice_, sql, params) -> Result:
    n, churned = con.execute(f"SELECT count(*), count_if(event) FROM ({sql})", params).fetchone()
    if n == 0:
        return Result(key, slice_, None, 0)
    rate = churned / n
    interval = stats.wilson(churned, n)
    parts = {"churned": churned}
    if slice_.months and has_churn_dates(con):
        monthly = stats.monthly_rate(rate, slice_.months)
        parts.update(monthly=monthly, annualised=stats.annual_rate(monthly))
    return Result(key, slice_, rate, n, interval.low, interval.high, math.sqrt(rate * (1 - rate) / n), parts)


def _ratio(con, key, slice_, y: str, x: str, sql: str, params: dict, parts_sql: str = "",
           upper: float | None = None) -> Result:
    row = con.execute(
        f"SELECT count(*), sum({y}), sum({x}), sum({y} * {y}), sum({y} * {x}), sum({x} * {x}) "
        f"{parts_sql} FROM ({sql}) WHERE {x} IS NOT NULL", params).fetchone()
    n, sum_y, sum_x, sum_yy, sum_xy, sum_xx = row[:6]
    if not n or not sum_x:
        return Result(key, slice_, None, n or 0)
    interval = stats.ratio_interval(sum_y, sum_x, n, sum_yy, sum_xy, sum_xx)
    se = (interval.high - interval.low) / (2 * stats.Z95) if interval.low is not None else None
    parts = {"numerator": sum_y, "denominator": sum_x}
    if parts_sql:
        parts["affected"] = row[6]
    # The ratios are of non-negative MRR sums: clip the interval to 0 (and to `upper`, 1 for shares).
    low = None if interval.low is None else max(0.0, interval.low)
    high = None if interval.high is None else (
        interval.high if upper is None else min(upper, interval.high))
    return Result(key, slice_, sum_y / sum_x, n, low, high, se, parts)


def _revenue_churn(con, key, slice_, sql, params) -> Result:
    return _ratio(con, key, slice_, "CASE WHEN event THEN start_mrr ELSE 0 END", "start_mrr",
                  sql, params, ", count_if(event)", upper=1.0)


def _grr(con, key, slice_, sql, params) -> Result:
    return _ratio(con, key, slice_, "least(end_mrr, start_mrr)", "start_mrr", sql, params,
                  ", count_if(end_mrr < start_mrr)", upper=1.0)


def _nrr(con, key, slice_, sql, params) -> Result:
    return _ratio(con, key, slice_, "end_mrr", "start_mrr", sql, params,
                  ", count_if(end_mrr < start_mrr)")


def _at_risk(con, key, slice_, sql, params) -> Result:
    n, mrr = con.execute(f"SELECT count(*), coalesce(sum(mrr), 0) FROM ({sql})", params).fetchone()
    p = Params()
    active = active_at_end(slice_, p)
    total = con.execute(f"SELECT coalesce(sum(c.mrr), 0) FROM customers c WHERE {active} AND "
                        f"{customer_filter(slice_, p)}", p.values).fetchone()[0]
    return Result(key, slice_, float(mrr), n, parts={
        "total_mrr": float(total), "share": (mrr / total) if total else None,
        "rule": "active customers whose latest NPS answer was 0–6"})


_AGGREGATORS = {"nps": _nps, "csat": _csat, "ces": _ces, "rating": _rating, "recommend": _recommend,
                "churn_rate": _churn,
                "revenue_churn": _revenue_churn, "grr": _grr, "nrr": _nrr,
                "revenue_at_risk": _at_risk}


# ---------------------------------------------------------------- comparisons

def change(con, key: str, now: Result, min_n: int | None = None) -> tuple[Result | None, stats.Change]:
    """The previous period's figure and whether the change to `now` is significant. Both periods
    need the minimum n (`min_n`, else the metric's own) to be tested: below it the difference is
    kept but no test is run (`too_few`), so no p is ever shown that was not computed."""
    before_slice = now.slice.previous()
    if before_slice is None or key == "revenue_at_risk":
        return None, stats.Change(None, None)
    before = compute(con, key, before_slice)
    if before.value is None or now.value is None:
        return before, stats.Change(None, None)
    if min(now.n, before.n) < (REGISTRY[key].min_n if min_n is None else min_n):
        return before, stats.Change(now.value - before.value, None, too_few=True)
    if key in PROPORTION_PARTS:
        successes = PROPORTION_PARTS[key]
        return before, stats.proportion_change(now.parts[successes], now.n, before.parts[successes], before.n)
    return before, stats.difference_change(now.value, now.se, before.value, before.se)


def series(con, key: str, slice_: Slice, months: int = 12, grain: int = 1) -> list[Result]:
    """The figure for each of the `months // grain` periods of `grain` months up to the slice's end."""
    end = slice_.end or data_span(con)[1]
    if end is None:
        return []
    end = month_start(end) if end.day == 1 else add_months(month_start(end), 1)
    starts = [add_months(end, -grain * (i + 1)) for i in reversed(range(months // grain))]
    return [compute(con, key, slice_.period(start, add_months(start, grain))) for start in starts]


def breakdown(con, key: str, slice_: Slice, attribute: str, values: list[str]) -> list[Result]:
    """The figure for each value of `attribute` inside the slice."""
    return [compute(con, key, slice_.where(attribute, value)) for value in values]
