"""Populations: for a metric and a Slice, the SQL listing the units the figure counts.

One row per unit (a survey response, a rated ticket, or a customer) with `unit_id`, `customer_id`,
`at` and the columns its value needs. `compute` aggregates that query; evidence selects quotes from the very
same query, which is what keeps every quote inside its figure's population.
"""

from __future__ import annotations

from datetime import date

from analytics.metrics._registry import REGISTRY
from analytics.metrics._slices import Slice, add_months, customer_filter, month_start, period_filter
from analytics.scores import DETRACTOR_MAX
from analytics.sql import Params
from analytics.workspace import spans


RESPONSES_POPULATION = """
SELECT r.response_id AS unit_id, r.customer_id, r.responded_at AS at, r.score, r.scale_min,
       r.scale_max{comment}
FROM responses_linked r {join_customers}{join_words}
WHERE r.kind = {kind} AND r.score IS NOT NULL AND {period} AND {customers}
"""

# A rated ticket or chat: its satisfaction, kept on 1–5 (ingest places other scales on it), and
# its words, the subject and description as the voices read them.
TICKETS_POPULATION = """
SELECT t.ticket_id AS unit_id, t.customer_id, t.created_at AS at, t.satisfaction AS score,
       1.0 AS scale_min, 5.0 AS scale_max{comment}
FROM tickets_linked t {join_customers}
WHERE t.satisfaction IS NOT NULL AND {period} AND {customers}
"""
TICKET_WORDS = ", concat_ws(E'\\n\\n', t.subject, t.body) AS comment"

# A row of a file can hold several answers (a review's stars and its "would recommend"); its
# comment is stored once, on the first, and speaks for all of them through their respondent_id.
# (One comment per respondent at most: the units are the same with or without their words.)
RESPONSE_WORDS = """
LEFT JOIN (SELECT respondent_id, min(comment) AS comment FROM responses
           WHERE respondent_id IS NOT NULL AND comment IS NOT NULL GROUP BY respondent_id) w
       ON r.comment IS NULL AND w.respondent_id = r.respondent_id"""

CUSTOMERS_POPULATION = """
SELECT c.customer_id AS unit_id, c.customer_id, c.churn_date AS at,
       coalesce(s.mrr, c.mrr) AS start_mrr, {event} AS event
FROM customers c
LEFT JOIN ({start_revenue}) s ON s.customer_id = c.customer_id
WHERE {active_at_start} AND {customers}
  AND c.status IS DISTINCT FROM 'unknown'  -- an empty churn flag: neither stayed nor left (ingest._customers)
"""

# A customer's MRR at a period's start: their revenue in the month before it, from the history.
MONTH_REVENUE = "SELECT customer_id, sum(mrr) AS mrr FROM revenue_linked WHERE month = {snapshot} GROUP BY customer_id"
# Without a start (all time): a customer who left had, before leaving, their last paying month's
# revenue (a customer list gives those who left 0, as billing exports do); the others, the list's,
# or the history's last month's when the list gives none (a churn flag beside payments, KKBox's).
LAST_PAID = """SELECT r.customer_id, sum(r.mrr) AS mrr FROM revenue_linked r
JOIN (SELECT v.customer_id, max(v.month) AS month FROM revenue_linked v
      JOIN customers k ON k.customer_id = v.customer_id AND k.churned
      WHERE v.mrr > 0 GROUP BY v.customer_id
      UNION ALL
      SELECT k.customer_id, (SELECT max(month) FROM revenue_linked) FROM customers k
      WHERE NOT k.churned AND k.mrr IS NULL) l ON l.customer_id = r.customer_id AND l.month = r.month
GROUP BY r.customer_id"""

RETENTION_POPULATION = """
SELECT s.customer_id AS unit_id, s.customer_id, c.churn_date AS at, s.m0 AS start_mrr,
       CASE WHEN c.churned AND c.churn_date >= {start} AND c.churn_date < {end} THEN 0
            ELSE coalesce(e.m1, 0) END AS end_mrr
FROM (SELECT customer_id, sum(mrr) AS m0 FROM revenue_linked WHERE month = {start_month}
      GROUP BY customer_id HAVING sum(mrr) > 0) s
LEFT JOIN customers c ON c.customer_id = s.customer_id  -- a revenue history alone has its GRR too
LEFT JOIN (SELECT customer_id, sum(mrr) AS m1 FROM revenue_linked WHERE month = {end_month}
           GROUP BY customer_id) e ON e.customer_id = s.customer_id
WHERE NOT coalesce(c.churned AND c.churn_date < {start}, false) AND {customers}
  AND {start_month} < {end_month}  -- a period within the history's first month has no month before it
"""

# A customer is at risk at a moment when the NPS answer that holds then (workspace._facts: their
# latest before it; of two at one instant, the lower) is a detractor's and they are active.
AT_RISK_POPULATION = """
SELECT c.customer_id AS unit_id, c.customer_id, a.at, c.mrr, a.score AS last_nps, a.comment
FROM {spans} a JOIN customers c ON c.customer_id = a.customer_id
WHERE {holds} AND a.score <= {detractor_max} AND {active} AND {customers}
"""

# The same population at consecutive period ends, in one pass: an answer is the latest of every
# period that ends inside its span.
AT_RISK_PERIODS = """
WITH ends AS ({ends})
SELECT e._slice, c.customer_id AS unit_id, c.customer_id, a.at, c.mrr, a.score AS last_nps
FROM {spans} a
JOIN ends e ON a.at < e.end_day::TIMESTAMP AND (a.next_at IS NULL OR a.next_at >= e.end_day::TIMESTAMP)
JOIN customers c ON c.customer_id = a.customer_id
WHERE a.score <= {detractor_max} AND {active} AND {customers}
"""


def at_risk_periods(con, slices: list[Slice], p: Params) -> str:
    """Revenue at risk's population (AT_RISK_POPULATION) of each of `slices` (one filter, each
    with an end), every row tagged with its slice's index as `_slice`."""
    ends = " UNION ALL ".join(f"SELECT {i} AS _slice, CAST({p(s.end)} AS DATE) AS end_day" for i, s in enumerate(slices))
    return AT_RISK_PERIODS.format(spans=spans(con), ends=ends, detractor_max=DETRACTOR_MAX,
                                  active=_active_before("e.end_day"), customers=customer_filter(slices[0], p))


def has_churn_dates(con) -> bool:
    return con.execute("SELECT count(churn_date) > 0 FROM customers").fetchone()[0]


def revenue_months(con) -> tuple[date | None, date | None]:
    return con.execute("SELECT min(month), max(month) FROM revenue").fetchone()


def population(con, key: str, slice_: Slice, p: Params | None = None, *, words: bool = True) -> tuple[str, dict]:
    """SQL and parameters listing the units `key` counts for `slice_` (see module docstring);
    `p` collects the parameters of several populations into one query. With `words=False` a
    survey population leaves out each answer's comment (the same units, for a figure that reads
    none: the engine then skips reading the texts)."""
    if key not in REGISTRY:
        raise KeyError(f"unknown metric {key!r}; known: {', '.join(REGISTRY)}")
    metric = REGISTRY[key]
    p = p if p is not None else Params()
    if metric.population == "responses":
        # the customers' attributes are read only when the slice filters on them
        join = "LEFT JOIN customers c ON c.customer_id = r.customer_id" if slice_.filters else ""
        sql = RESPONSES_POPULATION.format(kind=p(metric.answers), join_customers=join,
                                          comment=", coalesce(r.comment, w.comment) AS comment" if words else "",
                                          join_words=RESPONSE_WORDS if words else "",
                                          period=period_filter(slice_, "r.responded_at", p),
                                          customers=customer_filter(slice_, p, unit="r"))
        return sql, p.values
    if metric.population == "tickets":
        join = "LEFT JOIN customers c ON c.customer_id = t.customer_id" if slice_.filters else ""
        sql = TICKETS_POPULATION.format(comment=TICKET_WORDS if words else "", join_customers=join,
                                        period=period_filter(slice_, "t.created_at", p),
                                        customers=customer_filter(slice_, p, unit="t"))
        return sql, p.values
    customers = customer_filter(slice_, p)
    if metric.population == "customers":
        sql = _customers_population(con, slice_, p, customers)
    elif metric.population == "retention":
        start_month, end_month, start, end = _retention_window(con, slice_)
        sql = RETENTION_POPULATION.format(start_month=p(start_month), end_month=p(end_month),
                                          start=p(start), end=p(end), customers=customers)
    else:
        sql = _at_risk_population(con, slice_, p, customers)
    return sql, p.values


def _at_risk_population(con, slice_: Slice, p: Params, customers: str) -> str:
    end = f"{p(slice_.end)}::TIMESTAMP" if slice_.end else None
    holds = f"a.at < {end} AND (a.next_at IS NULL OR a.next_at >= {end})" if end else "a.next_at IS NULL"
    return AT_RISK_POPULATION.format(spans=spans(con), holds=holds, active=active_at_end(slice_, p),
                                     customers=customers, detractor_max=DETRACTOR_MAX)


def active_at_end(slice_: Slice, p: Params) -> str:
    """Customers active at the slice's end (now, when open): signed up before it, not yet churned."""
    if not slice_.end:
        return "NOT c.churned"
    return _active_before(p(slice_.end))


def _active_before(end: str) -> str:
    return (f"(NOT c.churned OR c.churn_date >= {end}) "
            f"AND (c.signup_date IS NULL OR c.signup_date < {end})")


def _customers_population(con, slice_: Slice, p: Params, customers: str) -> str:
    dated = slice_.start is not None or slice_.end is not None
    if not dated or not has_churn_dates(con):
        # All time (or no churn dates in the data): churned ÷ all customers.
        return CUSTOMERS_POPULATION.format(event="c.churned", start_revenue=LAST_PAID,
                                           active_at_start="true", customers=customers)
    start_check = []
    if slice_.start:
        start_check.append(f"(c.signup_date IS NULL OR c.signup_date < {p(slice_.start)})")
        start_check.append(f"(c.churn_date IS NULL OR c.churn_date >= {p(slice_.start)})")
    elif slice_.end:  # open start: only customers who had signed up before the period ended
        start_check.append(f"(c.signup_date IS NULL OR c.signup_date < {p(slice_.end)})")
    start_check.append("NOT (c.churned AND c.churn_date IS NULL)")  # timing unknown
    in_period = period_filter(slice_, "c.churn_date", p)
    start_revenue = LAST_PAID
    if slice_.start:  # the month before the period, as GRR/NRR take it (_retention_window)
        first = revenue_months(con)[0]
        before = add_months(month_start(slice_.start), -1)
        start_revenue = MONTH_REVENUE.format(snapshot=p(max(first, before) if first else before))
    return CUSTOMERS_POPULATION.format(event=f"(c.churned AND {in_period})", start_revenue=start_revenue,
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



