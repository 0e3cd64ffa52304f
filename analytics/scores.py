"""How a score reads, written once: the NPS bands and the "satisfied" rule of every other scale.

NPS answers 9–10 are promoters, 7–8 passives, 0–6 detractors. On any other scale (CSAT 1–5, CES
1–7, ticket satisfaction), an answer is "high" (satisfied, easy) when it lies in the top 40% of
its scale, counted from the first whole point there: 4–5 of 5, 5–7 of 7, 7–10 of 1–10 (a half
point, "3,5" of 5, is not yet satisfied). A rating's top box is the top two points of its scale
(4–5 of 5, 9–10 of 10) and its low side the bottom 40% (1–2 of 5, 1–4 of 10); an answer given on
another scale is placed linearly on the one a figure reads. The rules are SQL over columns named
score, scale_min, scale_max; NPS bands and "high" also exist as Python, tested to agree.
"""

from __future__ import annotations

import math

PROMOTER_MIN = 9
DETRACTOR_MAX = 6
TOP_SHARE = 0.4
_ROUNDING = 1e-9  # 10 − 0.4 × 10 may come out a hair above 6


def promoter_sql(score: str = "score") -> str:
    return f"{score} >= {PROMOTER_MIN}"


def detractor_sql(score: str = "score") -> str:
    return f"{score} <= {DETRACTOR_MAX}"


def passive_sql(score: str = "score") -> str:
    return f"({score} > {DETRACTOR_MAX} AND {score} < {PROMOTER_MIN})"


def high_sql(score: str = "score", low: str = "scale_min", high: str = "scale_max") -> str:
    """SQL: the answer reaches the first whole point in the top 40% of its scale."""
    return f"{score} >= ceil({high} - {TOP_SHARE} * ({high} - {low}) - {_ROUNDING})"


def nps_band(score: float | None) -> str | None:
    """'promoter', 'passive' or 'detractor' for an NPS answer; None without one."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return None
    return "promoter" if score >= PROMOTER_MIN else "passive" if score > DETRACTOR_MAX else "detractor"


def is_high(score: float, low: float, high: float) -> bool:
    """Python twin of `high_sql`."""
    return score >= math.ceil(high - TOP_SHARE * (high - low) - _ROUNDING)


def top_box_sql(score: str = "score", high: str = "scale_max") -> str:
    """SQL: a rating in the top two points of its scale."""
    return f"{score} >= {high} - 1"


def low_rating_sql(score: str = "score", low: str = "scale_min", high: str = "scale_max") -> str:
    """SQL: a rating in the bottom 40% of its scale."""
    return f"{score} < {low} + {TOP_SHARE} * ({high} - {low})"


def is_top_box(score: float, high: float) -> bool:
    """Python twin of `top_box_sql`."""
    return score >= high - 1


def is_low_rating(score: float, low: float, high: float) -> bool:
    """Python twin of `low_rating_sql`."""
    return score < low + TOP_SHARE * (high - low)


def placed_sql(low: float, high: float, score: str = "score", scale_min: str = "scale_min",
               scale_max: str = "scale_max") -> str:
    """SQL: the answer placed linearly on the scale low–high (1–5 stars on 1–10: 1→1, 5→10)."""
    return f"({float(low)} + ({score} - {scale_min}) * {float(high - low)} / nullif({scale_max} - {scale_min}, 0))"
