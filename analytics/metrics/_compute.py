"""Computing a metric for a Slice: value, n, 95% interval, the change against the previous period,
a monthly series and a breakdown by attribute (definitions: each Metric's description, DESIGN.md).
"""

from __future__ import annotations

import math

from analytics.metrics import _stats as stats
from analytics.metrics._populations import active_at_end, at_risk_periods, has_churn_dates, population
from analytics.metrics._registry import PROPORTION_PARTS, REGISTRY, RESPONSE_KINDS, Result
from analytics.metrics._slices import Slice, add_months, customer_filter, data_span, month_start
from analytics.scores import detractor_sql, high_sql, placed_sql, promoter_sql, top_box_sql
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
    if key == "rating":
        return _rating(con, key, slice_)
    sql, params = population(con, key, slice_, words=False)
    columns, where = _aggregates(key)
    row = con.execute(f"SELECT {columns} FROM ({sql}) WHERE {where}", params).fetchone()
    return _FINISH[key](key, slice_, row, _totals(con, key, [slice_])[0])


def compute_many(con, key: str, slices: list[Slice]) -> list[Result]:
    """`compute` for each slice, from one grouped query over their populations."""
    if key == "rating" or not slices:
        return [compute(con, key, s) for s in slices]
    p = Params()
    sql = " UNION ALL ".join(f"SELECT {i} AS _slice, * FROM ({population(con, key, s, p, words=False)[0]})"
                             for i, s in enumerate(slices))
    return _grouped(con, key, slices, sql, p.values)


def _grouped(con, key: str, slices: list[Slice], sql: str, params: dict) -> list[Result]:
    """The Results of `sql`'s rows grouped by their `_slice` (an index into `slices`)."""
    columns, where = _aggregates(key)
    cursor = con.execute(f"SELECT _slice, {columns} FROM ({sql}) WHERE {where} GROUP BY _slice", params)
    rows = {row[0]: row[1:] for row in cursor.fetchall()}
    empty = (0,) + (None,) * (len(cursor.description) - 2)  # a slice without a single unit
    totals = _totals(con, key, slices)
    return [_FINISH[key](key, s, rows.get(i, empty), totals[i]) for i, s in enumerate(slices)]


# Each metric's aggregates over its population, and the units they read (the ratios count the
# customers with a starting MRR).
_RATIOS = {"revenue_churn": ("CASE WHEN event THEN start_mrr ELSE 0 END", "start_mrr", "count_if(event)"),
           "grr": ("least(end_mrr, start_mrr)", "start_mrr", "count_if(end_mrr < start_mrr)"),
           "nrr": ("end_mrr", "start_mrr", "count_if(end_mrr < start_mrr)")}


def _aggregates(key: str) -> tuple[str, str]:
    if key in _RATIOS:
        y, x, affected = _RATIOS[key]
        return (f"count(*), sum({y}), sum({x}), sum({y} * {y}), sum({y} * {x}), sum({x} * {x}), "
                f"{affected}", f"{x} IS NOT NULL")
    return {
        "nps": f"count(*), count_if({promoter_sql()}), count_if({detractor_sql()})",
        "csat": f"count(*), count_if({high_sql()})",
        "recommend": "count(*), count_if(score >= 1)",
        "ces": f"count(*), avg(score), stddev_samp(score), count_if({high_sql()}), min(scale_min), max(scale_max)",
        "churn_rate": "count(*), count_if(event)",
        "revenue_at_risk": "count(*), coalesce(sum(mrr), 0)",
    }[key], "true"


def _totals(con, key: str, slices: list[Slice]) -> list:
    """What a figure needs beyond its population: revenue at risk, each slice's active MRR (the
    share's denominator); churn, whether the data dates churn at all."""
    if key == "churn_rate":  # asked only when a slice has a length to annualise over
        return [any(s.months for s in slices) and has_churn_dates(con)] * len(slices)
    if key != "revenue_at_risk":
        return [None] * len(slices)
    p = Params()
    sql = " UNION ALL ".join(f"SELECT {i} AS _slice, coalesce(sum(c.mrr), 0) AS mrr FROM customers c "
                             f"WHERE {active_at_end(s, p)} AND {customer_filter(s, p)}"
                             for i, s in enumerate(slices))
    found = dict(con.execute(sql, p.values).fetchall())
    return [found[i] for i in range(len(slices))]


def _nps(key, slice_, row, _) -> Result:
    n, promoters, detractors = row
    if n == 0:
        return Result(key, slice_, None, 0)
    interval = stats.nps_interval(promoters, detractors, n)
    return Result(key, slice_, (promoters - detractors) / n * 100, n, interval.low, interval.high,
                  stats.nps_adjusted_se(promoters, detractors, n) * 100,
                  {"promoters": promoters, "passives": n - promoters - detractors,
                   "detractors": detractors})


def _share(key, slice_, row, _) -> Result:
    """Share of the answers meeting the metric's condition, with its Wilson interval; the count of
    those is the part PROPORTION_PARTS names (what the change test compares)."""
    n, hits = row
    if n == 0:
        return Result(key, slice_, None, 0)
    interval = stats.wilson(hits, n)
    p = hits / n
    return Result(key, slice_, p, n, interval.low, interval.high, math.sqrt(p * (1 - p) / n),
                  {PROPORTION_PARTS[key]: hits})


def _ces(key, slice_, row, _) -> Result:
    n, mean, sd, easy, bottom, top = row
    if n == 0:
        return Result(key, slice_, None, 0)
    interval = stats.mean_interval(mean, sd, n, bounds=(float(bottom), float(top)))
    return Result(key, slice_, mean, n, interval.low, interval.high,
                  sd / math.sqrt(n) if sd is not None else None,
                  {"easy_share": easy / n, "scale_max": top})


def _rating(con, key, slice_) -> Result:
    """The mean rating on the slice's most common scale (answers on another scale placed on it)."""
    sql, params = population(con, key, slice_, words=False)
    scale = con.execute(f"SELECT scale_min, scale_max FROM ({sql}) AS pop GROUP BY scale_min, scale_max "
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


def _churn(key, slice_, row, dated: bool) -> Result:
    n, churned = row
    if n == 0:
        return Result(key, slice_, None, 0)
    rate = churned / n
    interval = stats.wilson(churned, n)
    parts = {"churned": churned}
    if slice_.months and dated:
        monthly = stats.monthly_rate(rate, slice_.months)
        parts.update(monthly=monthly, annualised=stats.annual_rate(monthly))
    return Result(key, slice_, rate, n, interval.low, interval.high, math.sqrt(rate * (1 - rate) / n), parts)


def _ratio(key, slice_, row, _) -> Result:
    n, sum_y, sum_x, sum_yy, sum_xy, sum_xx, affected = row
    if not n or not sum_x:
        return Result(key, slice_, None, n or 0)
    interval = stats.ratio_interval(sum_y, sum_x, n, sum_yy, sum_xy, sum_xx)
    se = (interval.high - interval.low) / (2 * stats.Z95) if interval.low is not None else None
    # The ratios are of non-negative MRR sums: clip the interval to 0 (and to 1 for shares).
    upper = None if key == "nrr" else 1.0
    low = None if interval.low is None else max(0.0, interval.low)
    high = None if interval.high is None else (
        interval.high if upper is None else min(upper, interval.high))
    return Result(key, slice_, sum_y / sum_x, n, low, high, se,
                  {"numerator": sum_y, "denominator": sum_x, "affected": affected})


def _at_risk(key, slice_, row, total) -> Result:
    n, mrr = row
    mrr = mrr or 0
    return Result(key, slice_, float(mrr), n, parts={
        "total_mrr": float(total), "share": (mrr / total) if total else None,
        "rule": "active customers whose latest NPS answer was 0–6"})


_FINISH = {"nps": _nps, "csat": _share, "recommend": _share, "ces": _ces, "churn_rate": _churn,
           "revenue_churn": _ratio, "grr": _ratio, "nrr": _ratio, "revenue_at_risk": _at_risk}


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
    periods = [slice_.period(start, add_months(start, grain)) for start in starts]
    if key == "revenue_at_risk" and periods:
        p = Params()
        return _grouped(con, key, periods, at_risk_periods(con, periods, p), p.values)
    if key not in RESPONSE_KINDS or key == "rating" or not periods:
        return compute_many(con, key, periods)
    # Answers belong to one period by their date alone: one pass over the whole window, each
    # answer grouped by the period it falls in.
    p = Params()
    sql, _ = population(con, key, slice_.period(starts[0], end), p, words=False)
    sql = f"SELECT datediff('month', {p(starts[0])}::TIMESTAMP, \"at\") // {int(grain)} AS _slice, * FROM ({sql})"
    return _grouped(con, key, periods, sql, p.values)


def breakdown(con, key: str, slice_: Slice, attribute: str, values: list[str]) -> list[Result]:
    """The figure for each value of `attribute` inside the slice."""
    return compute_many(con, key, [slice_.where(attribute, value) for value in values])
