"""Computing a metric for a Slice: value, n, 95% interval, the change against the previous period,
a monthly series and a breakdown by attribute (definitions: each Metric's description, DESIGN.md).
"""

from __future__ import annotations

from analytics.metrics import _compiler as compiler
from analytics.metrics import _stats as stats
from analytics.metrics._populations import active_at_end, at_risk_periods, has_churn_dates, population
from analytics.metrics._registry import REGISTRY, Result
from analytics.metrics._slices import Slice, add_months, customer_filter, data_span, month_start
from analytics.sql import Params


def available(con, key: str) -> bool:
    """Whether the workspace holds what the metric needs."""
    metric = REGISTRY[key]
    if metric.population == "responses":
        return con.execute("SELECT count(*) > 0 FROM responses WHERE kind = ? AND score IS NOT NULL",
                           [metric.answers]).fetchone()[0]
    if metric.population == "tickets":
        return con.execute("SELECT count(satisfaction) > 0 FROM tickets").fetchone()[0]
    return all(con.execute(_HOLDS[need]).fetchone()[0] for need in metric.requires)


def needs(key: str) -> str:
    """What the workspace must hold for the metric, in words ("a revenue history …")."""
    metric = REGISTRY[key]
    if metric.population == "responses":
        return f"{metric.label} answers"
    if metric.population == "tickets":
        return "tickets or chats with the customer's satisfaction rating"
    return " and ".join(_NEEDS[need] for need in metric.requires)


_NEEDS = {"customers": "a customer file", "churn": "who churned (a churn flag or date)",
          "mrr": "each customer's monthly revenue (MRR)",
          "start_mrr": "each customer's monthly revenue (MRR, or a revenue history)",
          "lost_mrr": "the MRR of the customers who left as it was before they left (the customers "
                      "imported carry 0 for them, as an export of today's MRR does; a revenue history gives it)",
          "revenue": "a revenue history (one row per customer and month, with its MRR)", "nps": "NPS answers"}
# What a metric may require beyond its own answers (Metric.requires).
_HOLDS = {"customers": "SELECT count(*) > 0 FROM customers",
          "mrr": "SELECT count(mrr) > 0 FROM customers",
          # a revenue history gives the MRR at a period's start (the month before it) for a dated slice
          "start_mrr": "SELECT (SELECT count(mrr) > 0 FROM customers) OR (SELECT count(*) > 0 FROM revenue)",
          # some customer file said who left (a churn flag or date): else churn is unknown, not 0%
          "churn": "SELECT count(*) FILTER (WHERE status IN ('churned', 'active')) > 0 FROM customers",
          "revenue": "SELECT count(*) > 0 FROM revenue",
          # an export of today's MRR gives every customer who left 0: what they took is unknown, not 0%
          "lost_mrr": "SELECT (SELECT count(*) > 0 FROM revenue) OR sum(CASE WHEN churned THEN 1 ELSE 0 END) = 0 "
                      "OR sum(CASE WHEN churned THEN abs(coalesce(mrr, 0)) ELSE 0 END) > 0 FROM customers",
          "nps": "SELECT count(*) > 0 FROM responses WHERE kind = 'nps'"}


def compute(con, key: str, slice_: Slice) -> Result:
    """The figure for `slice_`, with n, 95% interval and parts (see each metric's description)."""
    metric = REGISTRY[key]
    if metric.kind == "common_scale_mean":
        return _on_common_scale(con, metric, slice_)
    [slice_] = _undated_without_churn_dates(con, metric, [slice_])
    sql, params = population(con, key, slice_, words=False)
    columns, where = compiler.aggregates(metric)
    row = con.execute(f"SELECT {columns} FROM ({sql}) WHERE {where}", params).fetchone()
    return compiler.finish(metric, slice_, row, _totals(con, metric, [slice_])[0])


def compute_many(con, key: str, slices: list[Slice]) -> list[Result]:
    """`compute` for each slice, from one grouped query over their populations."""
    if REGISTRY[key].kind == "common_scale_mean" or not slices:
        return [compute(con, key, s) for s in slices]
    slices = _undated_without_churn_dates(con, REGISTRY[key], slices)
    p = Params()
    sql = " UNION ALL ".join(f"SELECT {i} AS _slice, * FROM ({population(con, key, s, p, words=False)[0]})"
                             for i, s in enumerate(slices))
    return _grouped(con, key, slices, sql, p.values)


def _undated_without_churn_dates(con, metric, slices: list[Slice]) -> list[Slice]:
    """A customer figure for a period needs to know when customers left: without churn dates it
    is the all-time figure, and its slice says so (never the all-time rate under a quarter's name).
    The data is asked once for all the slices."""
    dated = metric.population == "customers" and any(s.start or s.end for s in slices)
    if dated and not has_churn_dates(con):
        return [s.period(None, None) for s in slices]
    return slices


def _grouped(con, key: str, slices: list[Slice], sql: str, params: dict) -> list[Result]:
    """The Results of `sql`'s rows grouped by their `_slice` (an index into `slices`)."""
    metric = REGISTRY[key]
    columns, where = compiler.aggregates(metric)
    cursor = con.execute(f"SELECT _slice, {columns} FROM ({sql}) WHERE {where} GROUP BY _slice", params)
    rows = {row[0]: row[1:] for row in cursor.fetchall()}
    empty = (0,) + (None,) * (len(cursor.description) - 2)  # a slice without a single unit
    totals = _totals(con, metric, slices)
    return [compiler.finish(metric, s, rows.get(i, empty), totals[i]) for i, s in enumerate(slices)]


def _totals(con, metric, slices: list[Slice]) -> list:
    """What a figure needs beyond its population: a sum, each slice's active MRR (its share's
    denominator); a share of a period's events, whether the data dates events at all."""
    if metric.per_month:  # asked only when a slice has a length to annualise over
        return [any(s.months for s in slices) and has_churn_dates(con)] * len(slices)
    if metric.kind != "sum":
        return [None] * len(slices)
    p = Params()
    sql = " UNION ALL ".join(f"SELECT {i} AS _slice, coalesce(sum(c.mrr), 0) AS mrr FROM customers c "
                             f"WHERE {active_at_end(s, p)} AND {customer_filter(s, p)}"
                             for i, s in enumerate(slices))
    found = dict(con.execute(sql, p.values).fetchall())
    return [found[i] for i in range(len(slices))]


def _on_common_scale(con, metric, slice_: Slice) -> Result:
    """The mean on the slice's most common scale (answers on another scale placed on it)."""
    sql, params = population(con, metric.key, slice_, words=False)
    scale = con.execute(f"SELECT scale_min, scale_max FROM ({sql}) AS pop GROUP BY scale_min, scale_max "
                        "ORDER BY count(*) DESC, scale_max DESC LIMIT 1", params).fetchone()
    if scale is None:
        return Result(metric.key, slice_, None, 0)
    row = con.execute(f"SELECT {compiler.common_scale_aggregates(metric, *scale)} FROM ({sql})", params).fetchone()
    return compiler.common_scale_mean(metric, slice_, row, scale)


# ---------------------------------------------------------------- comparisons

def change(con, key: str, now: Result, min_n: int | None = None) -> tuple[Result | None, stats.Change]:
    """The previous period's figure and whether the change to `now` is significant. Both periods
    need the minimum n (`min_n`, else the metric's own) to be tested: below it the difference is
    kept but no test is run (`too_few`), so no p is ever shown that was not computed."""
    metric = REGISTRY[key]
    before_slice = now.slice.previous()
    if before_slice is None or not metric.compared:
        return None, stats.Change(None, None)
    before = compute(con, key, before_slice)
    if before.value is None or now.value is None:
        return before, stats.Change(None, None)
    if min(now.n, before.n) < (metric.min_n if min_n is None else min_n):
        return before, stats.Change(now.value - before.value, None, too_few=True)
    if metric.kind == "share":
        hits = metric.part
        return before, stats.proportion_change(now.parts[hits], now.n, before.parts[hits], before.n)
    return before, stats.difference_change(now.value, now.se, before.value, before.se)


def series(con, key: str, slice_: Slice, months: int = 12, grain: int = 1) -> list[Result]:
    """The figure for each of the `months // grain` periods of `grain` months up to the slice's end
    (none for a customer figure when the data does not say when customers left)."""
    end = slice_.end or data_span(con)[1]
    if end is None or REGISTRY[key].population == "customers" and not has_churn_dates(con):
        return []
    end = month_start(end) if end.day == 1 else add_months(month_start(end), 1)
    starts = [add_months(end, -grain * (i + 1)) for i in reversed(range(months // grain))]
    periods = [slice_.period(start, add_months(start, grain)) for start in starts]
    metric = REGISTRY[key]
    if metric.population == "at_risk" and periods:
        p = Params()
        return _grouped(con, key, periods, at_risk_periods(con, periods, p), p.values)
    if metric.population not in ("responses", "tickets") or metric.kind == "common_scale_mean" or not periods:
        return compute_many(con, key, periods)
    # Answers and tickets belong to one period by their date alone: one pass over the whole window,
    # each grouped by the period it falls in.
    p = Params()
    sql, _ = population(con, key, slice_.period(starts[0], end), p, words=False)
    sql = f"SELECT datediff('month', {p(starts[0])}::TIMESTAMP, \"at\") // {int(grain)} AS _slice, * FROM ({sql})"
    return _grouped(con, key, periods, sql, p.values)


def breakdown(con, key: str, slice_: Slice, attribute: str, values: list[str]) -> list[Result]:
    """The figure for each value of `attribute` inside the slice."""
    return compute_many(con, key, [slice_.where(attribute, value) for value in values])
