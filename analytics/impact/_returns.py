"""What an investment returns, month by month: the money model behind the case's scenarios.

Assumptions, stated once (the deck's methodology repeats them):
- Churn is a constant monthly hazard: the affected customers leave at the monthly rate equivalent
  to their annualised churn, the rest at theirs (the observed period annualised).
- Loss timing is monthly: a customer who leaves in month t pays nothing from month t on. So
  revenue at risk over a year is the MRR the excess churn removes month by month, not the whole
  ARR lost on day one.
- The fix works from month `months_to_effect` + 1. From then on, a share `effect` of the affected
  customers still there churn at the rest's rate instead of their own, for the whole horizon
  (customers it saves keep paying, and keep churning like everyone else).
- Value is revenue × gross margin; cash is discounted monthly at (1 + annual discount)^(t/12).
  Costs: the one-off at month 0, the running cost spread evenly over every month of the horizon.
- NPV = present value of the margin retained − present value of the costs; ROI = NPV ÷ present
  value of the costs; payback = the first month when the discounted margin retained, net of
  running cost, covers the one-off cost (it may fall after the horizon; after 10 years it is
  "not within 10 years").
"""

from __future__ import annotations

from dataclasses import dataclass

PAYBACK_SEARCH_MONTHS = 120


@dataclass(frozen=True)
class Investment:
    cost: float = 100_000.0  # one-off, in the workspace's currency
    annual_cost: float = 0.0
    months_to_effect: int = 3
    effect: float = 0.3  # share of the affected customers the fix brings to the rest's churn
    horizon_years: float = 2.0
    margin: float = 0.75  # gross margin on retained revenue (a typical software margin)
    discount: float = 0.10  # annual discount rate for NPV

    @property
    def horizon_months(self) -> int:
        return max(int(round(self.horizon_years * 12)), 1)


@dataclass(frozen=True)
class Outcome:
    scenario: str
    excess_annual: float  # the annual excess churn this scenario assumes
    retained_per_year: float  # revenue retained in the first 12 months after the fix works
    retained_total: float  # revenue retained over the horizon (undiscounted)
    npv: float
    roi: float | None  # NPV ÷ present value of the costs
    payback_months: int | None  # None: not within PAYBACK_SEARCH_MONTHS
    horizon_months: int

    @property
    def pays_back_in_horizon(self) -> bool:
        return self.payback_months is not None and self.payback_months <= self.horizon_months


def monthly_from_annual(annual: float) -> float:
    """The constant monthly rate that compounds to `annual` over 12 months."""
    return 1 - (1 - min(max(annual, 0.0), 0.999999)) ** (1 / 12)


def lost_over_year(mrr: float, rest_annual: float, excess_annual: float) -> float:
    """Revenue the excess churn removes over the next 12 months (monthly loss timing): for each
    month, the MRR still there at the rest's churn minus the MRR still there at the affected churn."""
    rest = monthly_from_annual(rest_annual)
    affected = monthly_from_annual(rest_annual + max(excess_annual, 0.0))
    return sum(mrr * ((1 - rest) ** t - (1 - affected) ** t) for t in range(1, 13))


def retained_by_month(mrr: float, rest_annual: float, excess_annual: float, investment: Investment,
                      months: int) -> list[float]:
    """Revenue the fix keeps in each month 1..months (module docstring)."""
    rest = monthly_from_annual(rest_annual)
    affected = monthly_from_annual(rest_annual + max(excess_annual, 0.0))
    start = investment.months_to_effect
    there = mrr * (1 - affected) ** start  # affected MRR still there when the fix starts working
    return [0.0 if t <= start else
            there * investment.effect * ((1 - rest) ** (t - start) - (1 - affected) ** (t - start))
            for t in range(1, months + 1)]


def outcome(scenario: str, mrr: float, rest_annual: float, excess_annual: float,
            investment: Investment) -> Outcome:
    """Retained revenue, NPV, ROI and payback for one assumed annual excess churn."""
    horizon = investment.horizon_months
    months = max(horizon, PAYBACK_SEARCH_MONTHS)
    retained = retained_by_month(mrr, rest_annual, excess_annual, investment, months)
    running = investment.annual_cost / 12
    monthly_discount = (1 + investment.discount) ** (1 / 12)
    present_value = 0.0
    costs = investment.cost
    payback = None
    for t, kept in enumerate(retained, start=1):
        factor = monthly_discount ** -t
        present_value += factor * (kept * investment.margin - running)
        if t <= horizon:
            costs += factor * running
            npv = present_value - investment.cost
        if payback is None and present_value >= investment.cost and (investment.cost > 0 or kept > 0):
            payback = t
    start = investment.months_to_effect
    return Outcome(scenario, excess_annual, sum(retained[start:start + 12]), sum(retained[:horizon]), npv,
                   npv / costs if costs > 0 else None, payback, horizon)
