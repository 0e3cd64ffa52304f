"""The metric registry: every headline figure, declared once, with its population and statistics.

A metric's *population* is a SQL query over the workspace for a Slice: one row per unit it counts
(a survey response, or a customer), with `unit_id`, `customer_id`, `at` and the columns its value
needs. `compute` aggregates that population; `evidence.evidence_for` selects quotes from the very
same query, which is what keeps every quote inside its figure's population.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from analytics import stats
from analytics.convert import Params
from analytics.slices import Slice, add_months, customer_filter, month_start, period_filter


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    description: str  # tooltip, and the deck's methodology note
    unit: str  # nps | percent | score | currency
    counts: str  # what n counts: responses | customers
    higher_is_better: bool
    evidence: str  # whose words stand beside it
    min_n: int = 30
    needs: str = "responses"  # responses | customers | revenue


METRICS = (
    Metric("nps", "NPS", "Net Promoter Score: % of 0–10 answers that are 9–10 (promoters) minus % "
           "that are 0–6 (detractors), from −100 to 100. Interval: NPS ± 1.96·SE·100 with "
           "SE = √((pP + pD − (pP − pD)²)/n).", "nps", "responses", True, "detractor comments"),
    Metric("csat", "CSAT", "Share of satisfaction answers in the top two boxes (4–5 on a 1–5 "
           "scale; the top 40% of other scales). Wilson 95% interval.", "percent", "responses",
           True, "comments of dissatisfied customers"),
    Metric("ces", "Customer effort (CES)", "Mean customer-effort score on its scale (commonly "
           "1–7, higher = easier) with a t-interval; the share answering 5–7 ('easy') is shown "
           "beside it.", "score", "responses", True, "comments of customers who found it hard"),
    Metric("churn_rate", "Logo churn", "Customers whose churn date falls in the period ÷ customers "
           "active at its start; Wilson 95% interval. The equivalent monthly and annualised "
           "rates are shown beside it. Without churn dates: churned ÷ all customers.",
           "percent", "customers", False, "words of the customers who left", needs="customers"),
    Metric("revenue_churn", "Gross revenue churn", "MRR at period start of the customers who "
           "churned in the period ÷ MRR at period start of all customers active then (monthly "
           "revenue history when imported, else each customer's MRR). Delta-method 95% interval.",
           "percent", "customers", False, "words of the customers who left, by revenue",
           needs="customers"),
    Metric("grr", "Gross revenue retention", "(start MRR − churned MRR − contraction) ÷ start MRR "
           "over the period, from the monthly revenue history. Delta-method 95% interval.",
           "percent", "customers", True, "customers who left or shrank", needs="revenue"),
    Metric("nrr", "Net revenue retention", "(start MRR − churned − contraction + expansion) ÷ "
           "start MRR over the period, from the monthly revenue history. Delta-method 95% "
           "interval.", "percent", "customers", True, "customers who left or shrank",
           needs="revenue"),
    Metric("revenue_at_risk", "Revenue at risk", "Current MRR of active customers whose latest "
           "NPS answer (up to the end of the period) was a detractor score, 0–6. A sum over "
           "actual accounts, not a sample: no interval.", "currency", "customers", False,
           "what the at-risk customers said", min_n=1, needs="customers"),
)
REGISTRY = {metric.key: metric for metric in METRICS}
RESPONSE_KINDS = {"nps": "nps", "csat": "csat", "ces": "ces"}


@dataclass(frozen=True)
class Result:
    """A figure for a slice: value, n, 95% interval, standard error and its parts."""

    metric: str
    slice: Slice
    value: float | None
    n: int
    ci_low: float | None = None
    ci_high: float | None = None
    se: float | None = None
    parts: dict = field(default_factory=dict)

    @property
    def enough(self) -> bool:
        return self.value is not None and self.n >= REGISTRY[self.metric].min_n

    def as_dict(self) -> dict:
        return {"metric": self.metric, "slice": self.slice.as_dict(), "value": self.value,
                "n": self.n, "ci_low": self.ci_low, "ci_high": self.ci_high,
                "enough": self.enough, **{k: v for k, v in self.parts.items() if k != "counts"}}


# ---------------------------------------------------------------- populations

RESPONSES_POPULATION = """
SELECT r.response_id AS unit_id, r.customer_id, r.responded_at AS at, r.score, r.scale_min,
       r.scale_max, r.comment
FROM responses_linked r LEFT JOIN customers c ON c.customer_id = r.customer_id
WHERE r.kind = {kind} AND r.score IS NOT NULL AND {period} AND {customers}
"""

CUSTOMERS_POPULATION = """
SELECT c.customer_id AS unit_id, c.customer_id, c.churn_date AS at,
       coalesce(s.mrr, c.mrr) AS start_mrr, {event} AS event
FROM customers c
LEFT JOIN (SELECT customer_id, sum(mrr) AS mrr FROM revenue WHERE month = {snapshot}
           GROUP BY customer_id) s ON s.customer_id = c.customer_id
WHERE {active_at_start} AND {customers}
"""

RETENTION_POPULATION = """
WITH s AS (SELECT customer_id, sum(mrr) AS m0 FROM revenue WHERE month = {start_month}
           GROUP BY customer_id HAVING sum(mrr) > 0),
     e AS (SELECT customer_id, sum(mrr) AS m1 FROM revenue WHERE month = {end_month}
           GROUP BY customer_id)
SELECT s.customer_id AS unit_id, s.customer_id, c.churn_date AS at, s.m0 AS start_mrr,
       CASE WHEN c.churned AND c.churn_date >= {start} AND c.churn_date < {end} THEN 0
            ELSE coalesce(e.m1, 0) END AS end_mrr
FROM s JOIN customers c ON c.customer_id = s.customer_id
LEFT JOIN e ON e.customer_id = s.customer_id
WHERE NOT coalesce(c.churned AND c.churn_date < {start}, false) AND {customers}
  AND {start_month} <= {end_month}  -- a period that ends before the revenue history has no GRR
"""

AT_RISK_POPULATION = """
WITH latest AS (
    -- answers at the same instant (date-only exports): the lower score, whatever the row order
    SELECT customer_id, arg_max(score, (responded_at, -score)) AS last_nps, max(responded_at) AS at
    FROM responses_linked
    WHERE kind = 'nps' AND score IS NOT NULL AND customer_id IS NOT NULL AND {until}
    GROUP BY customer_id
)
SELECT c.customer_id AS unit_id, c.customer_id, l.at, c.mrr, l.last_nps
FROM customers c JOIN latest l ON l.customer_id = c.customer_id
WHERE l.last_nps <= 6 AND {active} AND {customers}
"""


def has_churn_dates(con) -> bool:
    return con.execute("SELECT count(churn_date) > 0 FROM customers").fetchone()[0]


def revenue_months(con) -> tuple[date | None, date | None]:
    return con.execute("SELECT min(month), max(month) FROM revenue").fetchone()


def population(con, key: str, slice_: Slice) -> tuple[str, dict]:
    """SQL and parameters listing the units `key` counts for `slice_` (see module docstring)."""
    p = Params()
    customers = customer_filter(slice_, p)
    if key in RESPONSE_KINDS:
        sql = RESPONSES_POPULATION.format(kind=p(RESPONSE_KINDS[key]),
                                          period=period_filter(slice_, "r.responded_at", p),
                                          customers=customers)
    elif key in ("churn_rate", "revenue_churn"):
        sql = _customers_population(con, slice_, p, customers)
    elif key in ("grr", "nrr"):
        start_month, end_month, start, end = _retention_window(con, slice_)
        sql = RETENTION_POPULATION.format(start_month=p(start_month), end_month=p(end_month),
                                          start=p(start), end=p(end), customers=customers)
    elif key == "revenue_at_risk":
        until = f"responded_at < {p(slice_.end)}::TIMESTAMP" if slice_.end else "true"
        active = _active_at_end(slice_, p)
        sql = AT_RISK_POPULATION.format(until=until, active=active, customers=customers)
    else:
        raise KeyError(f"unknown metric {key!r}; known: {', '.join(REGISTRY)}")
    return sql, p.values


def _active_at_end(slice_: Slice, p: Params) -> str:
    """Customers active at the slice's end (now, when open): signed up before it, not yet churned."""
    if not slice_.end:
        return "NOT c.churned"
    end = p(slice_.end)
    return (f"(NOT c.churned OR c.churn_date >= {end}) "
            f"AND (c.signup_date IS NULL OR c.signup_date < {end})")


def _customers_population(con, slice_: Slice, p: Params, customers: str) -> str:
    dated = slice_.start is not None or slice_.end is not None
    if not dated or not has_churn_dates(con):
        # All time (or no churn dates in the data): churned ÷ all customers.
        return CUSTOMERS_POPULATION.format(event="c.churned", snapshot="NULL",
                                           active_at_start="true", customers=customers)
    start_check = []
    if slice_.start:
        start_check.append(f"(c.signup_date IS NULL OR c.signup_date < {p(slice_.start)})")
        start_check.append(f"(c.churn_date IS NULL OR c.churn_date >= {p(slice_.start)})")
    elif slice_.end:  # open start: only customers who had signed up before the period ended
        start_check.append(f"(c.signup_date IS NULL OR c.signup_date < {p(slice_.end)})")
    start_check.append("NOT (c.churned AND c.churn_date IS NULL)")  # timing unknown
    in_period = period_filter(slice_, "c.churn_date", p)
    snapshot = "NULL"
    if slice_.start:  # the month before the period, as GRR/NRR take it (_retention_window)
        first = revenue_months(con)[0]
        before = add_months(month_start(slice_.start), -1)
        snapshot = p(max(first, before) if first else before)
    return CUSTOMERS_POPULATION.format(event=f"(c.churned AND {in_period})", snapshot=snapshot,
                                       active_at_start=" AND ".join(start_check),
                                       customers=customers)


def _retention_window(con, slice_: Slice) -> tuple[date, date, date, date]:
    first, last = revenue_months(con)
    if first is None:
        raise ValueError("no revenue history")
    start = slice_.start or first
    end = slice_.end or add_months(last, 1)
    start_month = max(first, add_months(month_start(start), -1))
    end_month = min(last, add_months(month_start(end), -1) if end.day == 1 else month_start(end))
    return start_month, end_month, start, end


def population_ids(con, key: str, slice_: Slice) -> set[str]:
    sql, params = population(con, key, slice_)
    return {row[0] for row in con.execute(f"SELECT unit_id FROM ({sql})", params).fetchall()}


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


# ---------------------------------------------------------------- computing

def compute(con, key: str, slice_: Slice) -> Result:
    """The figure for `slice_`, with n, 95% interval and parts (see each metric's description)."""
    sql, params = population(con, key, slice_)
    return _AGGREGATORS[key](con, key, slice_, sql, params)


def _nps(con, key, slice_, sql, params) -> Result:
    n, promoters, detractors = con.execute(
        f"SELECT count(*), count_if(score >= 9), count_if(score <= 6) FROM ({sql})", params).fetchone()
    if n == 0:
        return Result(key, slice_, None, 0)
    interval = stats.nps_interval(promoters, detractors, n)
    return Result(key, slice_, (promoters - detractors) / n * 100, n, interval.low, interval.high,
                  stats.nps_se(promoters, detractors, n) * 100,
                  {"promoters": promoters, "passives": n - promoters - detractors,
                   "detractors": detractors})


SATISFIED = "score >= scale_max - 0.4 * (scale_max - scale_min)"


def _csat(con, key, slice_, sql, params) -> Result:
    n, satisfied = con.execute(f"SELECT count(*), count_if({SATISFIED}) FROM ({sql})", params).fetchone()
    if n == 0:
        return Result(key, slice_, None, 0)
    interval = stats.wilson(satisfied, n)
    p = satisfied / n
    return Result(key, slice_, p, n, interval.low, interval.high, math.sqrt(p * (1 - p) / n),
                  {"satisfied": satisfied})


def _ces(con, key, slice_, sql, params) -> Result:
    n, mean, sd, easy, top = con.execute(
        f"SELECT count(*), avg(score), stddev_samp(score), count_if({SATISFIED}), max(scale_max) "
        f"FROM ({sql})", params).fetchone()
    if n == 0:
        return Result(key, slice_, None, 0)
    interval = stats.mean_interval(mean, sd, n)
    return Result(key, slice_, mean, n, interval.low, interval.high,
                  sd / math.sqrt(n) if sd is not None else None,
                  {"easy_share": easy / n, "scale_max": top})


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
    active = _active_at_end(slice_, p)
    total = con.execute(f"SELECT coalesce(sum(c.mrr), 0) FROM customers c WHERE {active} AND "
                        f"{customer_filter(slice_, p)}", p.values).fetchone()[0]
    return Result(key, slice_, float(mrr), n, parts={
        "total_mrr": float(total), "share": (mrr / total) if total else None,
        "rule": "active customers whose latest NPS answer was 0–6"})


_AGGREGATORS = {"nps": _nps, "csat": _csat, "ces": _ces, "churn_rate": _churn,
                "revenue_churn": _revenue_churn, "grr": _grr, "nrr": _nrr,
                "revenue_at_risk": _at_risk}


# ---------------------------------------------------------------- comparisons

def change(con, key: str, now: Result) -> tuple[Result | None, stats.Change]:
    """The previous period's figure and whether the change to `now` is significant."""
    before_slice = now.slice.previous()
    if before_slice is None or key == "revenue_at_risk":
        return None, stats.Change(None, None)
    before = compute(con, key, before_slice)
    if before.value is None or now.value is None:
        return before, stats.Change(None, None)
    if key in ("csat", "churn_rate"):
        k_now = now.parts.get("satisfied", now.parts.get("churned"))
        k_before = before.parts.get("satisfied", before.parts.get("churned"))
        return before, stats.proportion_change(k_now, now.n, k_before, before.n)
    return before, stats.difference_change(now.value, now.se, before.value, before.se)


def series(con, key: str, slice_: Slice, months: int = 12, grain: int = 1) -> list[Result]:
    """The figure for each of the `months // grain` periods of `grain` months up to the slice's end."""
    end = slice_.end or _latest_month_end(con)
    if end is None:
        return []
    end = month_start(end) if end.day == 1 else add_months(month_start(end), 1)
    starts = [add_months(end, -grain * (i + 1)) for i in reversed(range(months // grain))]
    return [compute(con, key, slice_.period(start, add_months(start, grain))) for start in starts]


def _latest_month_end(con) -> date | None:
    from analytics.slices import data_span

    return data_span(con)[1]


def breakdown(con, key: str, slice_: Slice, attribute: str, values: list[str]) -> list[Result]:
    """The figure for each value of `attribute` inside the slice."""
    return [compute(con, key, slice_.where(attribute, value)) for value in values]
