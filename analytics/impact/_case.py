"""The investment case: what a problem costs, what fixing it returns, and whose stories show it.

A problem is a theme (customers who raised it) or an attribute value (e.g. segment = SMB). For a
Slice, the rational side compares the churn of the affected customers with the rest. Every figure
comes from one population: the customers the slice's churn rate counts, split into affected and
rest. Each group's annual churn comes from person-time: the customers who left ÷ the
customer-months the group was followed inside the period (from the period's start or the
customer's signup, to the churn or the period's end, never past the data's last day), as a
constant hazard, 1 − e^(−12·rate). The excess (affected − rest) has a 95% interval by MOVER from
each group's exact Poisson interval (a delta-method interval collapses when a group has few or no
churns); it is carried through revenue at risk — the current MRR of the affected customers who are
still customers — and the pessimistic / expected / optimistic returns of an investment (the money
model: _returns). The emotional side is the most typical quotes of affected customers. Cases are
saved in the workspace and recomputed on reopening; chosen quotes stay unless they left the population.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from analytics.impact import _drivers as drivers
from analytics.impact._returns import Investment, Outcome, lost_over_year, outcome
from analytics.metrics import (Evidence, Quote, Slice, attribute_values, customer_filter, data_span, evidence_for,
                               has_churn_dates, population, retention, stats)
from analytics.sql import Params
from analytics.workspace import record, require, transaction

SCENARIOS = ("pessimistic", "expected", "optimistic")


@dataclass(frozen=True)
class Problem:
    kind: str  # theme | attribute
    key: str  # theme id, or attribute name
    value: str | None = None  # attribute value
    label: str = ""


@dataclass(frozen=True)
class Rational:
    affected: int  # customers the churn comparison counts
    affected_churned: int
    rest: int
    rest_churned: int
    months: float  # how long the period observed is (its overlap with the data)
    affected_rate: float | None  # period churn: left ÷ counted
    rest_rate: float | None
    affected_annual: float | None  # annualised from person-time
    rest_annual: float | None
    excess_annual: float | None
    excess_low: float | None  # 95% interval of the excess (MOVER from exact Poisson limits)
    excess_high: float | None
    relative_risk: float | None
    rr_low: float | None
    rr_high: float | None
    affected_mrr: float  # current MRR of the affected customers who are still customers
    revenue_at_risk_year: float | None  # what the excess churn removes over 12 months (_returns)
    revenue_at_risk_low: float | None = None
    revenue_at_risk_high: float | None = None
    score_impact: float | None = None
    score_metric: str | None = None  # nps | rating | csat: what score_impact is measured on
    affected_exposure: float = 0.0  # customer-months each group was followed inside the period
    rest_exposure: float = 0.0
    affected_annual_low: float | None = None
    affected_annual_high: float | None = None
    rest_annual_low: float | None = None
    rest_annual_high: float | None = None

    @property
    def significant(self) -> bool:
        """Whether the excess churn's interval leaves out zero (the gap is more than chance)."""
        return self.excess_low is not None and (self.excess_low > 0 or self.excess_high < 0)


@dataclass
class Case:
    name: str
    problem: Problem
    slice: Slice
    investment: Investment
    rational: Rational | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quote_label: str = ""


def annual_from_monthly(rate: float) -> float:
    """Annual churn of a constant monthly hazard `rate` (events per customer-month): 1 − e^(−12·rate)."""
    return 1 - math.exp(-12 * rate)


def annual_churn(events: int, exposure: float) -> tuple[float, float, float] | None:
    """(annual churn, low, high) from `events` over `exposure` customer-months: the rate k ÷ T with
    its exact Poisson interval, each turned into annual churn (a monotone map keeps it 95%)."""
    if exposure <= 0:
        return None
    interval = stats.poisson_rate_interval(events, exposure)
    return (annual_from_monthly(events / exposure), annual_from_monthly(interval.low),
            annual_from_monthly(interval.high))


def excess_interval(k1: int, t1: float, k2: int, t2: float) -> tuple[float, float, float]:
    """(excess, low, high): annual churn of group 1 (k1 events over t1 customer-months) minus group
    2's, with the MOVER interval of the difference from both groups' exact intervals."""
    a1, l1, u1 = annual_churn(k1, t1)
    a2, l2, u2 = annual_churn(k2, t2)
    interval = stats.mover_difference(a1, stats.Interval(l1, u1), a2, stats.Interval(l2, u2))
    return a1 - a2, interval.low, interval.high


def observed_window(con, slice_: Slice) -> tuple[date, date] | None:
    """The days the slice observes: its start (else the data's first day) to its end, cut at the day
    after the data's last (a quarter that has not finished is observed only until the data ends)."""
    first, last = data_span(con)
    if first is None or last is None:
        return None
    start = max(slice_.start, first) if slice_.start else first
    data_end = last + timedelta(days=1)
    end = min(slice_.end, data_end) if slice_.end else data_end
    return (start, end) if end > start else None


SPLIT = """
WITH pop AS ({population}), affected AS ({affected})
SELECT pop.customer_id IN (SELECT customer_id FROM affected) AS hit, count(*) AS n,
       count_if(pop.event) AS churned,
       coalesce(sum(c.mrr) FILTER (WHERE NOT coalesce(c.churned, false)), 0) AS kept_mrr,
       coalesce(sum(greatest(date_diff('day', greatest(c.signup_date, {start}),
                                       CASE WHEN pop.event THEN least(c.churn_date, {end}) ELSE {end} END), 0)), 0)
           / {days_per_month} AS exposure
FROM pop JOIN customers c ON c.customer_id = pop.customer_id
WHERE pop.customer_id IN ({compared})
GROUP BY hit
"""


def _split(con, problem: Problem, slice_: Slice, window: tuple[date, date]) -> dict[bool, tuple]:
    """{affected?: (customers, churned, MRR of those still customers, customer-months followed)} over
    the churn population. For a theme the rest is the customers who spoke but did not raise it (the
    drivers' comparison); for an attribute value, the customers with any other value."""
    sql, params = population(con, "churn_rate", slice_)
    p = Params(dict(params))
    if problem.kind == "theme":
        mentions = drivers.mention_window(slice_, p)
        spoke = f"SELECT v.customer_id FROM voices v WHERE {drivers.SPOKE} AND {mentions}"
        affected = f"{spoke} AND v.voice_id IN (SELECT voice_id FROM voice_themes WHERE theme_id = {p(problem.key)})"
    else:
        everyone = Slice().where(problem.key, *attribute_values(con, problem.key))
        spoke = f"SELECT c.customer_id FROM customers c WHERE {customer_filter(everyone, p)}"
        affected = (f"SELECT c.customer_id FROM customers c WHERE "
                    f"{customer_filter(Slice().where(problem.key, problem.value), p)}")
    rows = con.execute(SPLIT.format(population=sql, affected=affected, compared=spoke,
                                    start=f"{p(window[0])}::DATE", end=f"{p(window[1])}::DATE",
                                    days_per_month=p(retention.DAYS_PER_MONTH)), p.values).fetchall()
    return {bool(hit): (int(n), int(churned), float(kept), float(exposure))
            for hit, n, churned, kept, exposure in rows}


def rational(con, problem: Problem, slice_: Slice) -> Rational:
    """Churn of affected customers vs the rest, annualised from the customer-months each group was
    followed, and the revenue the excess puts at risk."""
    window = observed_window(con, slice_)
    months = (window[1] - window[0]).days / retention.DAYS_PER_MONTH if window else 0.0
    split = _split(con, problem, slice_, window) if window and has_churn_dates(con) else {}
    n1, k1, affected_mrr, t1 = split.get(True, (0, 0, 0.0, 0.0))
    n2, k2, _, t2 = split.get(False, (0, 0, 0.0, 0.0))
    score_impact = score_key = None
    if problem.kind == "theme":
        row = next((d for d in drivers.drivers(con, slice_) if d.theme_id == problem.key), None)
        if row is None:
            raise ValueError(f"no theme {problem.key!r} in this workspace")
        score_impact, score_key = row.score_impact, row.score_metric
    first, second = annual_churn(k1, t1), annual_churn(k2, t2)
    excess = low = high = None
    if first is not None and second is not None:
        excess, low, high = excess_interval(k1, t1, k2, t2)
    ratio, interval = stats.relative_risk(k1, n1, k2, n2)
    rest_annual = second[0] if second else None
    at_risk = [None if e is None or rest_annual is None else lost_over_year(affected_mrr, rest_annual, e)
               for e in (excess, low, high)]
    return Rational(n1, k1, n2, k2, months, k1 / n1 if n1 else None, k2 / n2 if n2 else None,
                    first[0] if first else None, rest_annual, excess, low, high,
                    ratio, interval.low, interval.high, affected_mrr, *at_risk, score_impact, score_key,
                    t1, t2, *(first[1:] if first else (None, None)), *(second[1:] if second else (None, None)))


def outcomes(side: Rational, investment: Investment) -> list[Outcome]:
    """Revenue retained, NPV, ROI and payback at the low end, centre and high end of the excess
    churn's interval (an excess below zero counts as none)."""
    excesses = {"pessimistic": side.excess_low, "expected": side.excess_annual, "optimistic": side.excess_high}
    return [outcome(scenario, side.affected_mrr, side.rest_annual or 0.0, max(excesses[scenario] or 0.0, 0.0),
                    investment) for scenario in SCENARIOS]


def summary(case: Case) -> dict:
    """The case for scripts: `python -m analytics case --json`."""
    side = case.rational
    return {"problem": asdict(case.problem), "slice": case.slice.as_dict(), "investment": asdict(case.investment),
            "affected": side.affected, "affected_churned": side.affected_churned, "rest": side.rest,
            "rest_churned": side.rest_churned, "months": side.months,
            "affected_customer_months": side.affected_exposure, "rest_customer_months": side.rest_exposure,
            "affected_annual": side.affected_annual, "rest_annual": side.rest_annual,
            "excess_churn": side.excess_annual, "excess_low": side.excess_low, "excess_high": side.excess_high,
            "significant": side.significant, "rr": side.relative_risk, "rr_low": side.rr_low,
            "rr_high": side.rr_high, "affected_mrr": side.affected_mrr,
            "revenue_at_risk": side.revenue_at_risk_year, "revenue_at_risk_low": side.revenue_at_risk_low,
            "revenue_at_risk_high": side.revenue_at_risk_high,
            "scenarios": [{"scenario": o.scenario, "excess_churn": o.excess_annual,
                           "retained_first_year": o.retained_per_year, "retained_total": o.retained_total,
                           "npv": o.npv, "roi": o.roi, "payback_months": o.payback_months,
                           "pays_back_in_horizon": o.pays_back_in_horizon} for o in case.outcomes]}


def stories(con, problem: Problem, slice_: Slice, limit: int = 3, offset: int = 0,
            order: str = "typical") -> Evidence:
    """Quotes of affected customers: their critical words on the theme, or the words of those who left."""
    if problem.kind == "theme":
        return drivers.theme_evidence(con, slice_, problem.key, order=order, limit=limit, offset=offset,
                                      critical=True)
    return evidence_for(con, "churn_rate", slice_.where(problem.key, problem.value),
                                 order=order, limit=limit, offset=offset)


def build(con, name: str, problem: Problem, slice_: Slice, investment: Investment,
          quote_ids: list[str] | None = None) -> Case:
    """Compute a case; keep `quote_ids` that are still in the population, fill up to 3 by rank."""
    side = rational(con, problem, slice_)
    found = stories(con, problem, slice_, limit=50)
    by_id = {quote.unit_id: quote for quote in found.quotes}
    chosen = [by_id[i] for i in (quote_ids or []) if i in by_id]
    for quote in found.quotes:
        if len(chosen) >= 3:
            break
        if quote not in chosen:
            chosen.append(quote)
    return Case(name, problem, slice_, investment, side, outcomes(side, investment), chosen,
                found.label(0) if found.quotes else "")


# ---------------------------------------------------------------- saving

def _definition(case: Case) -> str:
    return json.dumps({"problem": asdict(case.problem), "investment": asdict(case.investment),
                       "slice": {"start": case.slice.start.isoformat() if case.slice.start else None,
                                 "end": case.slice.end.isoformat() if case.slice.end else None,
                                 "filters": [[a, list(v)] for a, v in case.slice.filters]}})


def save(con, case: Case) -> None:
    """Save (or replace) the case's definition and chosen quotes under its name."""
    require("analyst", "save cases")
    with transaction(con, bump=False):  # no figure depends on saved cases: caches stay valid
        con.execute(
            "INSERT INTO cases VALUES (?, ?, ?, now(), now()) "
            "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, "
            "quote_ids = excluded.quote_ids, updated_at = now()",
            [case.name, _definition(case), json.dumps([q.unit_id for q in case.quotes])])
        record(con, "case save", case=case.name, problem=case.problem.label, slice=case.slice.describe())


def names(con) -> list[str]:
    """Saved cases, the most recently changed first."""
    return [row[0] for row in con.execute("SELECT name FROM cases ORDER BY updated_at DESC").fetchall()]


def delete(con, name: str) -> None:
    require("analyst", "delete cases")
    with transaction(con, bump=False):
        con.execute("DELETE FROM cases WHERE name = ?", [name])
        record(con, "case delete", case=name)


def load(con, name: str) -> Case:
    """Reopen a saved case with figures recomputed on the current data."""
    row = con.execute("SELECT definition, quote_ids FROM cases WHERE name = ?", [name]).fetchone()
    if row is None:
        raise KeyError(f"no saved case named {name!r}")
    data = json.loads(row[0])
    raw = data["slice"]
    slice_ = Slice(date.fromisoformat(raw["start"]) if raw["start"] else None,
                   date.fromisoformat(raw["end"]) if raw["end"] else None,
                   tuple((a, tuple(v)) for a, v in raw["filters"]))
    return build(con, name, Problem(**data["problem"]), slice_, Investment(**data["investment"]),
                 json.loads(row[1]))
