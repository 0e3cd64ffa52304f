"""Retention: signup cohorts, Kaplan–Meier survival by NPS group at a landmark, and the words of
the customers who left in each, plus the score distribution the satisfaction page draws.

Who is counted. Churn dates are only on record from the month of the earliest churn date in the
workspace (the *records start*); a customer who signed up before it has survived until then by
construction (customers who left earlier are simply absent), which would flatter every curve.
So cohorts and survival curves count the customers of the slice who signed up on or after the
records start and before the *as-of* date: the slice's end, or the day after the last dated row
when that is earlier or the slice is open. Customers marked churned without a churn date (timing
unknown) and those whose churn date precedes their signup are left out. The slice's attribute
filters apply through the same `customer_filter` every metric uses.

Time is measured in months of 365.25 / 12 days. A customer *left* when churned with a churn
date before the as-of date; everyone else is censored at the as-of date.

Survival by NPS group is a landmark analysis. Grouping customers by their latest answer would
use what is known only later (a customer who answers at month 9 has survived 9 months by
construction: immortal-time bias). So each customer's group is the latest NPS answer given
before the landmark, LANDMARK_MONTHS after signup ("no answer" when none was given by then, a
group of its own), and curves follow only the customers still customers at their landmark, from
the landmark on. The curves and the log-rank test describe an association between the answer
at the landmark and staying afterwards, not its cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from analytics.metrics import _evidence
from analytics.metrics._populations import has_churn_dates, population
from analytics.metrics._registry import REGISTRY
from analytics.metrics._slices import Slice, add_months, customer_filter, data_span, month_start
from analytics.metrics._ticket_points import ticket_points, ticket_word
from analytics.scores import DETRACTOR_MAX, PROMOTER_MIN
from analytics.sql import Params

DAYS_PER_MONTH = 365.25 / 12
COHORTS_SHOWN = 24
LANDMARK_MONTHS = 3  # groups are fixed by the answers given in the first 3 months (≈ 91 days)
GROUPS = ("promoter", "passive", "detractor", "no answer")  # by the latest NPS answer before the landmark
GROUP_LABELS = {"promoter": "Promoters (9–10)", "passive": "Passives (7–8)",
                "detractor": "Detractors (0–6)", "no answer": "No NPS answer by month 3"}
GROUP_NOUNS = {"promoter": "promoters (9–10) at month 3", "passive": "passives (7–8) at month 3",
               "detractor": "detractors (0–6) at month 3",
               "no answer": "customers who had not answered NPS by month 3"}


# ---------------------------------------------------------------- who is counted

RECORDS_START = "SELECT min(churn_date) FROM customers"

CUSTOMER_LIVES = """
WITH latest AS (
    SELECT customer_id, score AS last_nps FROM (
        SELECT r.customer_id, r.score, row_number() OVER (
            PARTITION BY r.customer_id ORDER BY r.responded_at DESC, r.response_id DESC) AS pick
        FROM responses_linked r JOIN customers c ON c.customer_id = r.customer_id
        WHERE r.kind = 'nps' AND r.score IS NOT NULL
          AND r.responded_at < {as_of}::TIMESTAMP
          AND date_diff('day', c.signup_date, r.responded_at) / {days_per_month} < {landmark})
    WHERE pick = 1
), lives AS (
    SELECT c.customer_id AS unit_id, c.customer_id, c.churn_date AS at, c.churn_date,
           c.mrr AS start_mrr,
           c.signup_date, date_trunc('month', c.signup_date)::DATE AS cohort,
           coalesce(c.churned AND c.churn_date < {as_of}, false) AS event,
           CASE WHEN l.last_nps IS NULL THEN 'no answer' WHEN l.last_nps >= {promoter_min} THEN 'promoter'
                WHEN l.last_nps > {detractor_max} THEN 'passive' ELSE 'detractor' END AS nps_group
    FROM customers c LEFT JOIN latest l ON l.customer_id = c.customer_id
    WHERE c.signup_date >= {records_start} AND c.signup_date < {as_of}
      AND NOT (c.churned AND c.churn_date IS NULL) AND c.status IS DISTINCT FROM 'unknown'
      AND (c.churn_date IS NULL OR c.churn_date >= c.signup_date)
      AND {customers}
)
SELECT *, date_diff('day', signup_date, CASE WHEN event THEN churn_date ELSE {as_of} END)
          / {days_per_month} AS months,
       -- reached the landmark as a customer, inside the window: followed by the survival curves
       date_diff('day', signup_date, CASE WHEN event THEN churn_date ELSE {as_of} END)
         / {days_per_month} >= {landmark} AS landmarked
FROM lives
"""


METHOD = (
    f"Survival by NPS group is a landmark analysis: customers still with us {LANDMARK_MONTHS} months after "
    "signing up are grouped by their latest NPS answer given before then (promoters 9–10, passives 7–8, "
    "detractors 0–6, or no answer yet, a group of its own) and followed from that landmark "
    "(Kaplan–Meier, 95% exponential Greenwood intervals; months of 365.25/12 days; still-customers "
    "censored at the as-of date). Customers who signed up before churn dates are on record are left "
    "out. The log-rank test compares the groups. Grouping by an answer given later would credit "
    "answerers with the months they had to survive to answer; even so the curves show an "
    "association between the early answer and staying, not its cause.")


@dataclass(frozen=True)
class Window:
    """The dates that decide who is counted (see module docstring)."""

    records_start: date  # first day of the month of the earliest churn date on record
    as_of: date  # exclusive: churns before it count, everyone else is censored here

    @property
    def first_cohort(self) -> date:
        return max(self.records_start, add_months(month_start(self.as_of), -COHORTS_SHOWN))


def window(con, slice_: Slice) -> Window | None:
    """The counting window for the slice, or None when the workspace has no churn dates."""
    first = con.execute(RECORDS_START).fetchone()[0]
    last = data_span(con)[1]
    if first is None or last is None:
        return None
    data_end = last + timedelta(days=1)
    as_of = min(slice_.end, data_end) if slice_.end else data_end
    return Window(month_start(first), as_of)


def lives_sql(con, slice_: Slice, *, cohort_from: date | None = None, cohort: date | None = None,
              left_before: date | None = None, group: str | None = None,
              left_only: bool = False) -> tuple[str, dict]:
    """One row per counted customer (unit_id, customer_id, at and churn_date, start_mrr, signup_date,
    cohort, event, nps_group at the landmark, months since signup, landmarked), optionally narrowed
    to a cohort range, one cohort, one NPS group (of the customers followed from the landmark), or
    the customers who left (before `left_before`)."""
    found = window(con, slice_)
    if found is None:
        raise ValueError("the workspace holds no churn dates")
    p = Params()
    as_of = p(found.as_of)
    sql = CUSTOMER_LIVES.format(as_of=as_of, records_start=p(found.records_start),
                                customers=customer_filter(slice_, p),
                                days_per_month=p(DAYS_PER_MONTH), promoter_min=PROMOTER_MIN,
                                detractor_max=DETRACTOR_MAX, landmark=p(LANDMARK_MONTHS))
    conditions = []
    if cohort_from is not None:
        conditions.append(f"cohort >= {p(cohort_from)}")
    if cohort is not None:
        conditions.append(f"cohort = {p(cohort)}")
    if group is not None:
        conditions.append(f"nps_group = {p(group)} AND landmarked")
    if left_only or left_before is not None:
        conditions.append("event")
    if left_before is not None:
        conditions.append(f"churn_date < {p(left_before)}")
    if conditions:
        sql = f"SELECT * FROM ({sql}) WHERE {' AND '.join(conditions)}"
    return sql, p.values


def lives(con, slice_: Slice) -> pd.DataFrame:
    """`lives_sql` as a DataFrame, ordered by customer id."""
    sql, params = lives_sql(con, slice_)
    return con.execute(f"SELECT * FROM ({sql}) ORDER BY customer_id", params).df()


# ---------------------------------------------------------------- cohorts

COHORT_TABLE = """
WITH pop AS ({lives}),
sizes AS (SELECT cohort, count(*) AS customers FROM pop GROUP BY cohort),
exits AS (SELECT cohort, date_diff('month', cohort, churn_date) AS exit_month, count(*) AS leavers
          FROM pop WHERE event GROUP BY ALL),
grid AS (SELECT cohort, customers, unnest(range(1, {ages} + 1)) AS age FROM sizes)
SELECT g.cohort, g.age, g.customers, g.customers - coalesce(sum(e.leavers), 0) AS retained
FROM grid g LEFT JOIN exits e ON e.cohort = g.cohort AND e.exit_month < g.age
WHERE g.cohort + to_months(g.age) <= {as_of}::TIMESTAMP
GROUP BY g.cohort, g.age, g.customers
ORDER BY g.cohort, g.age
"""


def cohort_table(con, slice_: Slice) -> pd.DataFrame:
    """Cohort retention: for each signup month `cohort` (the last COHORTS_SHOWN before the as-of
    date) and each `age` k ≥ 1 whose date is observed, the cohort's `customers`, how many were
    still customers on the first day of month cohort + k (`retained`) and that `share` (0–1).
    Empty when the workspace has no churn dates."""
    found = window(con, slice_)
    if found is None:
        return pd.DataFrame(columns=["cohort", "age", "customers", "retained", "share"])
    sql, params = lives_sql(con, slice_, cohort_from=found.first_cohort)
    ages = (found.as_of.year - found.first_cohort.year) * 12 + found.as_of.month - found.first_cohort.month
    p = Params(dict(params))
    table = con.execute(COHORT_TABLE.format(lives=sql, ages=int(max(ages, 1)), as_of=p(found.as_of)),
                        p.values).df()
    table["cohort"] = pd.to_datetime(table["cohort"]).dt.date
    table["retained"] = table["retained"].astype(int)
    table["share"] = table["retained"] / table["customers"]
    return table


# ---------------------------------------------------------------- survival by NPS group at the landmark

@dataclass(frozen=True)
class Survival:
    """Kaplan–Meier curves by NPS group at the landmark and the multivariate log-rank test across them.

    `curves`: group, month (months since signup: LANDMARK_MONTHS, LANDMARK_MONTHS + 1, …), survival
    (the share of those still customers at the landmark who are still customers then), ci_low,
    ci_high (95%, lifelines' exponential Greenwood), at_risk. `groups`: group, customers (followed
    from the landmark), left. `p_value` is None when fewer than two groups have customers."""

    curves: pd.DataFrame
    groups: pd.DataFrame
    p_value: float | None
    statistic: float | None
    landmark: int = LANDMARK_MONTHS

    def at(self, group: str, month: int) -> float | None:
        rows = self.curves[(self.curves["group"] == group) & (self.curves["month"] == month)]
        return None if rows.empty else float(rows["survival"].iloc[0])


def survival(con, slice_: Slice) -> Survival:
    """Share still customers by months since signup, from the landmark on, by NPS group at the landmark."""
    from lifelines import KaplanMeierFitter
    from lifelines.statistics import multivariate_logrank_test

    frame = lives(con, slice_) if window(con, slice_) else pd.DataFrame()
    empty = pd.DataFrame(columns=["group", "month", "survival", "ci_low", "ci_high", "at_risk"])
    if not frame.empty:
        frame = frame[frame["landmarked"]].assign(after=lambda f: f["months"] - LANDMARK_MONTHS)
    if frame.empty:
        return Survival(empty, pd.DataFrame(columns=["group", "customers", "left"]), None, None)
    curves, groups = [], []
    for group in GROUPS:
        part = frame[frame["nps_group"] == group]
        if part.empty:
            continue
        groups.append({"group": group, "customers": len(part), "left": int(part["event"].sum())})
        last = int(part["after"].max())
        fitter = KaplanMeierFitter().fit(part["after"], part["event"], timeline=range(0, last + 1))
        interval = fitter.confidence_interval_survival_function_
        curves.append(pd.DataFrame({
            "group": group, "month": range(LANDMARK_MONTHS, LANDMARK_MONTHS + last + 1),
            "survival": fitter.survival_function_.iloc[:, 0].to_numpy(),
            "ci_low": interval.iloc[:, 0].to_numpy(), "ci_high": interval.iloc[:, 1].to_numpy(),
            "at_risk": [int((part["after"] >= t).sum()) for t in range(0, last + 1)]}))
    p_value = statistic = None
    if len(groups) > 1:
        test = multivariate_logrank_test(frame["after"], frame["nps_group"], frame["event"])
        p_value, statistic = float(test.p_value), float(test.test_statistic)
    return Survival(pd.concat(curves, ignore_index=True), pd.DataFrame(groups), p_value, statistic)


def verdict(result: Survival, month: int = 12) -> str:
    """The log-rank test in plain words, worded as an association, with the detractor/promoter gap
    at `month` when known."""
    if result.p_value is None:
        return ("Only one group has customers here, so there is nothing to compare." if len(result.groups)
                else f"No customer here reached {result.landmark} months as a customer, so there is no one to follow.")
    said = f"what customers answered in their first {result.landmark} months"
    if result.p_value >= 0.05:
        return (f"Among customers still with us {result.landmark} months after signing up, how long they stay "
                f"does not clearly differ with {said}: the gaps between the curves are within chance.")
    text = (f"Among customers still with us {result.landmark} months after signing up, how long they stay "
            f"differs with {said}, by more than chance would explain. This is an association: the answer "
            "marks customers more likely to leave; it does not show the answer causes it.")
    horizon = month
    while horizon > result.landmark and (result.at("detractor", horizon) is None
                                         or result.at("promoter", horizon) is None):
        horizon -= 1
    low, high = result.at("detractor", horizon), result.at("promoter", horizon)
    if low is not None and high is not None and horizon > result.landmark:
        text += (f" {horizon} months after signing up, {low:.0%} of the detractors still with us at month "
                 f"{result.landmark} are still customers, against {high:.0%} of the promoters.")
    return text


# ---------------------------------------------------------------- their words

def leavers_evidence(con, slice_: Slice, *, cohort: date | None = None, age: int | None = None,
                     group: str | None = None, all_cohorts: bool = False, order: str = "typical",
                     limit: int = 2, offset: int = 0) -> _evidence.Evidence:
    """Exit reasons and last words of the counted customers who left: of one cohort (within
    `age` months of its signup month), of every cohort the heatmap shows (`all_cohorts`), or of
    one latest-NPS group. Ranked like `evidence.evidence_for`."""
    found = window(con, slice_)
    left_before = add_months(cohort, age) if cohort is not None and age is not None else None
    sql, params = lives_sql(con, slice_, cohort=cohort, group=group, left_only=True,
                            left_before=left_before,
                            cohort_from=found.first_cohort if all_cohorts and found else None)
    left = REGISTRY["churn_rate"].side()
    return _evidence.quotes_from(
        con, _evidence.customer_quotes_sql(sql, left.condition), params,
        metric="churn_rate", side=left.name, noun=left.noun, order=order, limit=limit, offset=offset)


# ---------------------------------------------------------------- score distribution

DISTRIBUTION = """
WITH pop AS ({population}),
bounds AS (SELECT min(scale_min) AS scale_min, max(scale_max) AS scale_max FROM pop),
grid AS (SELECT unnest(range(scale_min::BIGINT, scale_max::BIGINT + 1))::DOUBLE AS score
         FROM bounds WHERE scale_max - scale_min <= 20),
counts AS (SELECT score, count(*) AS responses FROM pop GROUP BY score),
scores AS (SELECT coalesce(g.score, c.score) AS score, coalesce(c.responses, 0) AS responses
           FROM grid g FULL JOIN counts c ON c.score = g.score)
SELECT score, {side} AS side, responses FROM scores, bounds ORDER BY score
"""


def distribution(con, key: str, slice_: Slice) -> pd.DataFrame:
    """How the slice's answers to survey `key` (nps, csat, ces) spread: one row per score of the
    scale (and any off-scale score given), its side (the evidence side it belongs to, e.g.
    detractors), responses and share (0–1); for tickets rated in words, only their tool's points,
    each with its `label` ('Bad', 'Good')."""
    sql, params = population(con, key, slice_)
    cases = " ".join(f"WHEN {side.condition} THEN '{side.name}'"  # side names are fixed in the registry
                     for side in REGISTRY[key].sides)
    frame = con.execute(DISTRIBUTION.format(side=f"CASE {cases} END", population=sql), params).df()
    if REGISTRY[key].population == "tickets" and (points := ticket_points(con)):  # Bad, Good: the tool's words
        on_scale = [ticket_word(points, score) is not None or n > 0
                    for score, n in zip(frame["score"], frame["responses"])]
        frame = frame[on_scale]
        frame = frame.assign(label=[ticket_word(points, score) or f"{score:g}" for score in frame["score"]])
    total = frame["responses"].sum()
    frame["share"] = frame["responses"] / total if total else 0.0
    return frame.reset_index(drop=True)


def churn_dated(con) -> bool:
    """Whether the workspace says when customers left (not only whether they did)."""
    return bool(has_churn_dates(con))
