"""The investment case: what a problem costs, what fixing it returns, and whose stories show it.

A problem is a theme (customers who raised it) or an attribute value (e.g. segment = SMB). For a
Slice, the rational side compares the churn of the affected customers with the rest, annualises
both, and turns the excess into revenue at risk per year; an investment (cost, months until it
works, share of the excess churn it removes) gives revenue retained, ROI and payback, for the
pessimistic / expected / optimistic ends of the 95% interval of the excess churn. The emotional
side is the most typical quotes of affected customers. Cases are saved in the workspace and
recomputed on reopening; chosen quotes stay unless they left the population.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from datetime import date

from analytics.impact import _drivers as drivers
from analytics.metrics import Evidence, Quote, Slice, attribute_values, compute, evidence_for, stats
from analytics.workspace import transaction

SCENARIOS = ("pessimistic", "expected", "optimistic")

@dataclass(frozen=True)
class Problem:
    kind: str  # theme | attribute
    key: str  # theme id, or attribute name
    value: str | None = None  # attribute value
    label: str = ""


@dataclass(frozen=True)
class Investment:
    cost: float = 100_000.0  # one-off, in the workspace's currency
    annual_cost: float = 0.0
    months_to_effect: int = 3
    effect: float = 0.3  # share of the excess churn the fix removes
    horizon_years: float = 2.0


@dataclass(frozen=True)
class Rational:
    affected: int  # customers the churn comparison counts
    affected_churned: int
    rest: int
    rest_churned: int
    months: int  # length of the period the rates were observed over
    affected_rate: float | None  # period churn rates
    rest_rate: float | None
    affected_annual: float | None  # annualised
    rest_annual: float | None
    excess_annual: float | None
    excess_low: float | None
    excess_high: float | None
    relative_risk: float | None
    rr_low: float | None
    rr_high: float | None
    affected_mrr: float  # current MRR of affected active customers
    revenue_at_risk_year: float | None  # affected ARR × excess annual churn
    score_impact: float | None = None
    score_metric: str | None = None  # nps | rating | csat: what score_impact is measured on


@dataclass(frozen=True)
class Outcome:
    scenario: str
    excess_annual: float
    retained_per_year: float
    roi: float | None
    payback_months: float | None


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


def _annual(rate: float | None, months: int) -> float | None:
    if rate is None:
        return None
    return stats.annual_rate(stats.monthly_rate(min(max(rate, 0.0), 0.999999), months))


def rational(con, problem: Problem, slice_: Slice) -> Rational:
    """Churn of affected customers vs the rest, annualised, and the revenue the excess puts at risk."""
    months = slice_.months or 12
    if problem.kind == "theme":
        row = next((d for d in drivers.drivers(con, slice_) if d.theme_id == problem.key), None)
        if row is None:
            raise ValueError(f"no theme {problem.key!r} in this workspace")
        n1, k1, n2, k2 = row.customers, row.churned, row.others, row.others_churned
        affected_mrr, score_impact, score_key = row.at_risk_mrr, row.score_impact, row.score_metric
    else:
        inside = compute(con, "churn_rate", slice_.where(problem.key, problem.value))
        others = [v for v in attribute_values(con, problem.key) if v != problem.value]
        outside = compute(con, "churn_rate", slice_.where(problem.key, *others)) if others else None
        n1, k1 = inside.n, inside.parts.get("churned", 0)
        n2, k2 = (outside.n, outside.parts.get("churned", 0)) if outside else (0, 0)
        at_risk = compute(con, "revenue_at_risk", slice_.where(problem.key, problem.value))
        affected_mrr, score_impact, score_key = at_risk.parts.get("total_mrr", 0.0), None, None
    rate1 = k1 / n1 if n1 else None
    rate2 = k2 / n2 if n2 else None
    annual1, annual2 = _annual(rate1, months), _annual(rate2, months)
    excess = None if annual1 is None or annual2 is None else annual1 - annual2
    low = high = None
    if rate1 is not None and rate2 is not None:
        se = math.sqrt(rate1 * (1 - rate1) / n1 + rate2 * (1 - rate2) / n2)
        low = _annual_difference(rate1, rate2, -stats.Z95 * se, months)
        high = _annual_difference(rate1, rate2, stats.Z95 * se, months)
    ratio, interval = stats.relative_risk(k1, n1, k2, n2)
    return Rational(n1, k1, n2, k2, months, rate1, rate2, annual1, annual2, excess, low, high,
                    ratio, interval.low, interval.high, affected_mrr,
                    None if excess is None else affected_mrr * 12 * max(excess, 0.0), score_impact, score_key)


def _annual_difference(rate1: float, rate2: float, shift: float, months: int) -> float:
    """Annualised excess when the period difference moves by `shift` (split evenly)."""
    a = _annual(min(max(rate1 + shift / 2, 0.0), 1.0), months)
    b = _annual(min(max(rate2 - shift / 2, 0.0), 1.0), months)
    return a - b


def outcomes(rational_side: Rational, investment: Investment) -> list[Outcome]:
    """Revenue retained, ROI and payback at the low, central and high excess churn."""
    excesses = {"pessimistic": rational_side.excess_low, "expected": rational_side.excess_annual,
                "optimistic": rational_side.excess_high}
    result = []
    for scenario in SCENARIOS:
        excess = max(excesses[scenario] or 0.0, 0.0)
        retained = rational_side.affected_mrr * 12 * excess * investment.effect
        years_working = max(investment.horizon_years - investment.months_to_effect / 12, 0.0)
        total_cost = investment.cost + investment.annual_cost * investment.horizon_years
        roi = (retained * years_working - total_cost) / total_cost if total_cost > 0 else None
        net_monthly = (retained - investment.annual_cost) / 12
        payback = (investment.months_to_effect + investment.cost / net_monthly) if net_monthly > 0 else None
        result.append(Outcome(scenario, excess, retained, roi, payback))
    return result


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
