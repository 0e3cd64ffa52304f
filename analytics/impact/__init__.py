"""Impact: what a problem costs and what fixing it returns.

Public surface: `drivers` (per theme: score impact on NPS, rating or CSAT, churn relative risk, revenue carried;
`score_metric` says which score) and
`theme_evidence` (the theme's quotes); the investment case (`Problem`, `Investment`, `Case`,
`build_case`, `case_stories`, `outcomes`, saved cases: `save_case`, `load_case`, `case_names`,
`delete_case`, `SCENARIOS`); and how these figures read (`roi_text`, `payback_text`,
`relative_risk_text`, `churn_effect_text`, `score_impact_text`, `score_label`, `impact_unit`, `impact_digits`, `churn_rates_text`, `signed`).
"""

from analytics.impact._case import (SCENARIOS, Case, Problem, Rational, annual_churn, annual_from_monthly,
                                    excess_interval, observed_window, outcomes, rational)
from analytics.impact._case import build as build_case
from analytics.impact._case import delete as delete_case
from analytics.impact._case import load as load_case
from analytics.impact._case import names as case_names
from analytics.impact._case import save as save_case
from analytics.impact._case import stories as case_stories
from analytics.impact._case import summary as case_summary
from analytics.impact._drivers import METHOD as DRIVERS_METHOD
from analytics.impact._drivers import (MENTION_LOOKBACK_MONTHS, MIN_MENTIONS, Driver, drivers, score_metric,
                                      theme_evidence, theme_population)
from analytics.impact._returns import Investment, Outcome, lost_over_year, retained_by_month
from analytics.impact._wording import (NOT_ENOUGH, churn_effect_text, churn_rates_text, impact_digits, impact_unit,
                                       payback_range_text, payback_text, relative_risk_text, roi_text,
                                       score_impact_text, score_label, score_text, signed)

__all__ = ["DRIVERS_METHOD", "MENTION_LOOKBACK_MONTHS", "MIN_MENTIONS", "NOT_ENOUGH", "SCENARIOS", "Case", "Driver", "Investment",
           "Outcome", "Problem", "Rational", "annual_churn", "annual_from_monthly", "build_case", "case_names", "case_stories", "case_summary",
           "churn_effect_text", "churn_rates_text", "delete_case", "drivers", "excess_interval", "impact_digits", "impact_unit",
           "load_case", "lost_over_year", "observed_window", "outcomes", "payback_range_text", "payback_text",
           "rational", "relative_risk_text", "retained_by_month", "roi_text", "save_case", "score_impact_text",
           "score_label", "score_metric", "score_text", "signed", "theme_evidence", "theme_population"]
