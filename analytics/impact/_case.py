"""The investment case: what a problem costs, what fixing it returns, and whose stories show it.

A problem is a theme (customers who raised it) or an attribute value (e.g. segment = SMB). For a
Slice, the rational side compares the churn of the affected customers with the rest and
annualises both over the months the slice actually spans (an open slice: the months the data
spans). Every figure comes from one population: the customers the slice's churn rate counts,
split into affected and rest; revenue at risk is the current MRR of the affected ones still
customers at the end. The excess annual churn has a delta-method 95% interval, carried through
revenue at risk and the pessimistic / expected / optimistic returns of an investment (the money
model: _returns). The emotional side is the most typical quotes of affected customers. Cases are
saved in the workspace and recomputed on reopening; chosen quotes stay unless they left the population.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from datetime import date

from analytics.impact import _drivers as drivers
from analytics.impact._returns import Investment, Outcome, lost_over_year, outcome
from analytics.metrics import (
    Evidence,
    Quote,
    Slice,
    attribute_values,
    customer_filter,
    data_span,
    evidence_for,
    population,
    retention,
    stats,
)
from analytics.sql import Params
from analytics.workspace import transaction

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
    months: float  # how long the period the rates were observed over is
    affected_rate: float | None  # period churn rates
    rest_rate: float | None
    affected_annual: float | None  # annualised
    rest_annual: float | None
    excess_annual: float | None
    excess_low: float | None  # delta-method 95% interval of the excess
    excess_high: float | None
    relative_risk: float | None
    rr_low: float | None
    rr_high: float | None
    affected_mrr: float  # current MRR of the affected customers still customers at the period's end
    revenue_at_risk_year: float | None  # what the excess churn removes over 12 months (_returns)
    revenue_at_risk_low: float | None = None
    revenue_at_risk_high: float | None = None
    score_impact: float | None = None
    score_metric: str | None = None  # nps | rating | csat: what score_impact is measured on

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


def annualise(rate: float, months: float) -> float:
    """The annual rate equivalent to `rate` observed over `months`: 1 − (1 − rate)^(12/months)."""
    return 1 - (1 - min(max(rate, 0.0), 0.999999)) ** (12 / months)


def _annual_slope(rate: float, months: float) -> float:
    """d annualise / d rate = (12/months)·(1 − rate)^(12/months − 1), for the delta method."""
    return 12 / months * (1 - min(max(rate, 0.0), 0.999999)) ** (12 / months - 1)


def excess_interval(k1: int, n1: int, k2: int, n2: int, months: float,
                    z: float = stats.Z95) -> tuple[float, float, float]:
    """(excess, low, high): annualised churn of group 1 minus group 2 with its delta-method
    interval, Var = slope(r1)²·r1(1−r1)/n1 + slope(r2)²·r2(1−r2)/n2, kept to what group 1's rate
    can be (0 to 100% a year)."""
    r1, r2 = k1 / n1, k2 / n2
    base = annualise(r2, months)
    excess = annualise(r1, months) - base
    se = math.sqrt(_annual_slope(r1, months) ** 2 * r1 * (1 - r1) / n1
                   + _annual_slope(r2, months) ** 2 * r2 * (1 - r2) / n2)
    return excess, max(excess - z * se, -base), min(excess + z * se, 1 - base)


def observed_months(con, slice_: Slice) -> float:
    """How many months the slice spans; an open end takes the data's first or last date."""
    if slice_.months:
        return float(slice_.months)
    first, last = data_span(con)
    start, end = slice_.start or first, slice_.end or last
    if start is None or end is None or end <= start:
        return 12.0
    return (end - start).days / retention.DAYS_PER_MONTH


SPLIT = """
WITH pop AS ({population}), affected AS ({affected})
SELECT pop.customer_id IN (SELECT customer_id FROM affected) AS hit, count(*) AS n,
       count_if(pop.event) AS churned,
       coalesce(sum(c.mrr) FILTER (WHERE NOT pop.event), 0) AS kept_mrr
FROM pop JOIN customers c ON c.customer_id = pop.customer_id
WHERE pop.customer_id IN ({compared})
GROUP BY hit
"""


def _split(con, problem: Problem, slice_: Slice) -> dict[bool, tuple[int, int, float]]:
    """{affected?: (customers, churned, MRR of those still customers)} over the churn population.
    For a theme the rest is the customers who spoke but did not raise it (the drivers' comparison);
    for an attribute value, the customers with any other value."""
    sql, params = population(con, "churn_rate", slice_)
    p = Params(dict(params))
    if problem.kind == "theme":
        window = drivers.mention_window(slice_, p)
        spoke = f"SELECT v.customer_id FROM voices v WHERE {drivers.SPOKE} AND {window}"
        affected = f"{spoke} AND v.voice_id IN (SELECT voice_id FROM voice_themes WHERE theme_id = {p(problem.key)})"
    else:
        everyone = Slice().where(problem.key, *attribute_values(con, problem.key))
        spoke = f"SELECT c.customer_id FROM customers c WHERE {customer_filter(everyone, p)}"
        affected = (f"SELECT c.customer_id FROM customers c WHERE "
                    f"{customer_filter(Slice().where(problem.key, problem.value), p)}")
    rows = con.execute(SPLIT.format(population=sql, affected=affected, compared=spoke), p.values).fetchall()
    return {bool(hit): (int(n), int(churned), float(kept)) for hit, n, churned, kept in rows}


def rational(con, problem: Problem, slice_: Slice) -> Rational:
    """Churn of affected customers vs the rest, annualised, and the revenue the excess puts at risk."""
    months = observed_months(con, slice_)
    split = _split(con, problem, slice_)
    n1, k1, affected_mrr = split.get(True, (0, 0, 0.0))
    n2, k2, _ = split.get(False, (0, 0, 0.0))
    score_impact = score_key = None
    if problem.kind == "theme":
        row = next((d for d in drivers.drivers(con, slice_) if d.theme_id == problem.key), None)
        if row is None:
            raise ValueError(f"no theme {problem.key!r} in this workspace")
        score_impact, score_key = row.score_impact, row.score_metric
    rate1, rate2 = (k1 / n1 if n1 else None), (k2 / n2 if n2 else None)
    annual1 = None if rate1 is None else annualise(rate1, months)
    annual2 = None if rate2 is None else annualise(rate2, months)
    excess = low = high = None
    if rate1 is not None and rate2 is not None:
        excess, low, high = excess_interval(k1, n1, k2, n2, months)
    ratio, interval = stats.relative_risk(k1, n1, k2, n2)
    at_risk = [None if e is None or annual2 is None else lost_over_year(affected_mrr, annual2, e)
               for e in (excess, low, high)]
    return Rational(n1, k1, n2, k2, months, rate1, rate2, annual1, annual2, excess, low, high,
                    ratio, interval.low, interval.high, affected_mrr, *at_risk, score_impact, score_key)


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
    with transaction(con, bump=False):  # no figure depends on saved cases: caches stay valid
        con.execute(
            "INSERT INTO cases VALUES (?, ?, ?, now(), now()) "
            "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, "
            "quote_ids = excluded.quote_ids, updated_at = now()",
            [case.name, _definition(case), json.dumps([q.unit_id for q in case.quotes])])


def names(con) -> list[str]:
    """Saved cases, the most recently changed first."""
    return [row[0] for row in con.execute("SELECT name FROM cases ORDER BY updated_at DESC").fetchall()]


def delete(con, name: str) -> None:
    with transaction(con, bump=False):
        con.execute("DELETE FROM cases WHERE name = ?", [name])


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
