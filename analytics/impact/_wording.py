"""How impact figures read, written once for the pages, the deck and the brief: ROI, payback,
relative risk, score impact (NPS, rating or CSAT) and churn rates. Minus signs are typographic (−)."""

from __future__ import annotations

from analytics.impact._drivers import Driver
from analytics.impact._returns import PAYBACK_SEARCH_MONTHS
from analytics.metrics import REGISTRY, formatting


def signed(number: float, digits: int = 1) -> str:
    """'+2.1' / '−3.4': a signed figure with a typographic minus."""
    return f"{number:+.{digits}f}".replace("-", "\u2212")


def roi_text(roi: float | None) -> str:
    """'+56%' / '−100%': return on the investment over the horizon."""
    return "–" if roi is None else signed(roi * 100, 0) + "%"


def payback_text(months: int | None, horizon_months: int | None = None) -> str:
    """'15 months'; 'month 31, after the 2-year horizon' when it falls beyond the horizon; 'not within
    10 years' when the retained value never covers the cost in the months searched."""
    if months is None:
        return f"not within {PAYBACK_SEARCH_MONTHS // 12} years"
    if horizon_months is not None and months > horizon_months:
        return f"month {months}, after the {horizon_months / 12:g}-year horizon"
    return f"{months} months"


def payback_range_text(fastest: int | None, slowest: int | None, horizon_months: int) -> str:
    """'9–18 months', '9 months to after the 2-year horizon', '9 months to not within 10 years'."""
    if fastest is None:
        return payback_text(None)
    if slowest is not None and slowest <= horizon_months:
        return f"{fastest}–{slowest} months" if slowest != fastest else f"{fastest} months"
    return f"{payback_text(fastest, horizon_months)} to " + (
        f"after the {horizon_months / 12:g}-year horizon" if slowest is not None else payback_text(None))


def relative_risk_text(ratio: float | None, low: float | None, high: float | None,
                       verdict: bool = True) -> str:
    """'1.87× [1.67–2.09]', plus (with `verdict`) 'no significant effect on churn' when the
    interval holds 1."""
    if ratio is None:
        return "too few churned customers to tell"
    text = f"{ratio:.2f}× [{low:.2f}–{high:.2f}]"
    return text if not verdict or low > 1 or high < 1 else f"{text} no clear effect on churn"


NOT_ENOUGH = "not enough mentions"


def churn_effect_text(row: Driver) -> str:
    """A driver's relative risk with its verdict after adjusting for the themes tested:
    '1.87× [1.67–2.09]', '1.20× [1.01–1.43] no clear effect on churn', or 'not enough mentions'."""
    if row.relative_risk is None:
        return "too few churned customers to tell"
    text = f"{row.relative_risk:.2f}× [{row.rr_low:.2f}–{row.rr_high:.2f}]"
    if not row.churn_enough:
        return f"{text} {NOT_ENOUGH}"
    return text if row.churn_significant else f"{text} no clear effect on churn"


def score_label(metric: str | None) -> str:
    """'NPS', 'Rating' or 'CSAT': the score a driver's impact is measured on."""
    return REGISTRY[metric or "nps"].label


def impact_unit(metric: str | None) -> str:
    """'pts' for NPS and shares (percentage points), 'points' for a mean (points of its own scale)."""
    return "points" if _unit(metric) == "score" else "pts"


def impact_digits(metric: str | None) -> int:
    """Decimals of an impact: two on a mean's scale, one in points of NPS or of a share."""
    return 2 if _unit(metric) == "score" else 1


def score_text(metric: str | None, value: float) -> str:
    """A score as it reads: NPS '+12', CSAT '62%', a rating '4.13'."""
    unit = _unit(metric)
    if unit == "score":
        return f"{value:.2f}"
    return f"{value:.0f}%" if unit == "percent" else signed(value, 0)


def _unit(metric: str | None) -> str:
    return REGISTRY[metric or "nps"].unit


def score_impact_text(row: Driver) -> str:
    """'−4.2' (significant after adjusting for the themes tested), '−0.4 within chance', or
    '−6.0 not enough mentions' (a rating: two decimals)."""
    if row.score_impact is None:
        return "–"
    impact = signed(row.score_impact, impact_digits(row.score_metric))
    if not row.score_enough:
        return f"{impact} {NOT_ENOUGH}"
    return impact if row.score_significant else f"{impact} within chance"


def churn_rates_text(row: Driver) -> str:
    """'12.4% / 7.1%': churn of those who raised the theme / of those who spoke but did not."""
    return " / ".join(formatting.percent(rate) if rate is not None else "–"
                      for rate in (row.churn_with, row.churn_without))
