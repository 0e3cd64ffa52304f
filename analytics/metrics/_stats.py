"""The statistics behind every figure: intervals and significance tests, as plain functions.

All intervals are two-sided 95% unless a `z`/`level` says otherwise. Formulas follow DESIGN.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as _scipy

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    low: float | None
    high: float | None


def wilson(successes: int, n: int, z: float = Z95) -> Interval:
    """Wilson score interval for a proportion successes / n."""
    if n <= 0:
        return Interval(None, None)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At k = 0 (k = n) the bound is exactly 0 (1); rounding would leave ~1e-18 above the estimate.
    return Interval(0.0 if successes == 0 else max(0.0, centre - half),
                    1.0 if successes == n else min(1.0, centre + half))


def nps_adjusted_se(promoters: int, detractors: int, n: int) -> float | None:
    """SE of NPS (as a proportion difference) from the adjusted-Wald shares: 3/4 added to promoters
    and detractors, 3 to n. Unlike the plain SE it is never 0 (NPS 100 from 3 answers is not
    certain), so a change test on it never divides by nothing."""
    if n <= 0:
        return None
    adjusted = n + 3
    p, d = (promoters + 0.75) / adjusted, (detractors + 0.75) / adjusted
    return math.sqrt(max(p + d - (p - d) ** 2, 0.0) / adjusted)


def nps_interval(promoters: int, detractors: int, n: int, z: float = Z95) -> Interval:
    """Adjusted-Wald interval for NPS (Rocks 2016, The American Statistician): add 3/4 to promoters
    and to detractors and 3 to n, then adjusted NPS ± z·SE·100 from those shares, clipped to
    −100..100. Unlike the plain Wald interval it keeps a width at ±100 (3 promoters of 3 is not
    'exactly 100'). Its centre moves towards 0, so with a handful of answers it is widened to hold
    the observed NPS (one detractor: [−100, 48.5], not [−98.5, 48.5])."""
    if n <= 0:
        return Interval(None, None)
    adjusted = n + 3
    centre = ((promoters + 0.75) - (detractors + 0.75)) / adjusted * 100
    se = nps_adjusted_se(promoters, detractors, n) * 100
    observed = (promoters - detractors) / n * 100
    return Interval(max(-100.0, min(centre - z * se, observed)), min(100.0, max(centre + z * se, observed)))


def mean_interval(mean: float | None, sd: float | None, n: int, level: float = 0.95,
                  bounds: tuple[float, float] | None = None) -> Interval:
    """Student-t interval for a mean from its sample standard deviation, clipped to the scale's
    `bounds` when given (a mean of 1–7 answers cannot lie outside 1–7). When every answer is the
    same (sd 0) the t-interval has no width; on a bounded scale the Wilson interval of the mean's
    place on the scale is used instead (40 answers of 7 on 1–7: [6.46, 7], not [7, 7])."""
    if mean is None or n < 2 or sd is None:
        return Interval(None, None)
    if sd == 0 and bounds is not None and bounds[1] > bounds[0]:
        width = bounds[1] - bounds[0]
        placed = wilson((mean - bounds[0]) / width * n, n)
        return Interval(bounds[0] + width * placed.low, bounds[0] + width * placed.high)
    half = _scipy.t.ppf(0.5 + level / 2, n - 1) * sd / math.sqrt(n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(bounds[0], low), min(bounds[1], high)
    return Interval(low, high)


def ratio_interval(sum_y: float, sum_x: float, n: int, sum_yy: float, sum_xy: float,
                   sum_xx: float, z: float = Z95) -> Interval:
    """Interval for a ratio of totals R = Σy / Σx (e.g. churned MRR / starting MRR), from the
    linearised (delta-method) variance of the ratio estimator over n units."""
    if n < 2 or sum_x <= 0:
        return Interval(None, None)
    ratio = sum_y / sum_x
    residual_ss = sum_yy - 2 * ratio * sum_xy + ratio * ratio * sum_xx
    mean_x = sum_x / n
    se = math.sqrt(max(residual_ss, 0.0) / (n - 1) / n) / mean_x
    return Interval(ratio - z * se, ratio + z * se)


@dataclass(frozen=True)
class Change:
    """A change between two periods and whether a test calls it significant (p < 0.05).
    `p_value` is None when no test was run (too few answers on a side, or no spread to test);
    `too_few` says it was the former."""

    difference: float | None
    p_value: float | None
    too_few: bool = False

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05


def _two_sided(z: float) -> float:
    return float(2 * _scipy.norm.sf(abs(z)))


def proportion_change(k_now: int, n_now: int, k_before: int, n_before: int) -> Change:
    """Two-proportion z-test (pooled) for p_now − p_before."""
    if n_now <= 0 or n_before <= 0:
        return Change(None, None)
    p_now, p_before = k_now / n_now, k_before / n_before
    pooled = (k_now + k_before) / (n_now + n_before)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_now + 1 / n_before))
    difference = p_now - p_before
    return Change(difference, _two_sided(difference / se) if se > 0 else None)


def difference_change(value_now: float | None, se_now: float | None, value_before: float | None,
                      se_before: float | None) -> Change:
    """z-test of a difference of two independent estimates with known standard errors
    (used for NPS with both SEs, means, and ratios)."""
    if None in (value_now, se_now, value_before, se_before):
        return Change(None, None)
    difference = value_now - value_before
    se = math.sqrt(se_now ** 2 + se_before ** 2)
    return Change(difference, _two_sided(difference / se) if se > 0 else None)


def relative_risk(k_exposed: int, n_exposed: int, k_other: int, n_other: int,
                  z: float = Z95) -> tuple[float | None, Interval]:
    """Risk ratio (k1/n1)/(k2/n2) with the Katz log interval."""
    ratio, se = _log_risk_ratio(k_exposed, n_exposed, k_other, n_other)
    if ratio is None or se is None:
        return None, Interval(None, None)
    return ratio, Interval(ratio * math.exp(-z * se), ratio * math.exp(z * se))


def relative_risk_p(k_exposed: int, n_exposed: int, k_other: int, n_other: int) -> float | None:
    """Two-sided p of log(risk ratio) = 0 with the same (Katz) standard error as its interval, so
    p < 0.05 exactly when the 95% interval leaves out 1."""
    ratio, se = _log_risk_ratio(k_exposed, n_exposed, k_other, n_other)
    if ratio is None or not se:
        return None
    return _two_sided(math.log(ratio) / se)


def _log_risk_ratio(k1: int, n1: int, k2: int, n2: int) -> tuple[float | None, float | None]:
    if min(n1, n2) <= 0 or k1 == 0 or k2 == 0:
        return None, None
    return (k1 / n1) / (k2 / n2), math.sqrt(max(1 / k1 - 1 / n1 + 1 / k2 - 1 / n2, 0.0))


def benjamini_hochberg(p_values: list[float | None]) -> list[float | None]:
    """Benjamini–Hochberg adjusted p-values (q): the false discovery rate at which each test would
    be called; None stays None and does not count as a test. Calling q < 0.05 significant keeps
    the expected share of false discoveries among the flagged tests under 5%."""
    tested = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(tested)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 1.0
    for rank in range(m, 0, -1):  # from the largest p down: q_i = min over j ≥ i of p_j · m / j
        p, index = tested[rank - 1]
        running = min(running, p * m / rank)
        adjusted[index] = running
    return adjusted


def poisson_rate_interval(events: int, exposure: float, level: float = 0.95) -> Interval:
    """Exact (Garwood) interval for an event rate per unit of exposure: chi-square quantiles
    χ²(α/2; 2k)/2T and χ²(1 − α/2; 2k + 2)/2T. With no events the low end is 0 and the high end
    still has width (unlike a Wald interval, which collapses to 0)."""
    if exposure <= 0:
        return Interval(None, None)
    alpha = 1 - level
    low = 0.0 if events == 0 else float(_scipy.chi2.ppf(alpha / 2, 2 * events)) / (2 * exposure)
    return Interval(low, float(_scipy.chi2.ppf(1 - alpha / 2, 2 * events + 2)) / (2 * exposure))


def mover_difference(estimate1: float, interval1: Interval, estimate2: float,
                     interval2: Interval) -> Interval:
    """Interval for estimate1 − estimate2 from each one's own interval (MOVER, Newcombe 1998 /
    Zou & Donner 2008): low = d − √((e1 − l1)² + (u2 − e2)²), high = d + √((u1 − e1)² + (e2 − l2)²).
    It keeps each interval's asymmetry, so a group with few events does not shrink the range."""
    difference = estimate1 - estimate2
    return Interval(difference - math.hypot(estimate1 - interval1.low, interval2.high - estimate2),
                    difference + math.hypot(interval1.high - estimate1, estimate2 - interval2.low))


def monthly_rate(period_rate: float, months: float) -> float:
    """Equivalent constant monthly rate of a rate observed over `months` months."""
    return 1 - (1 - period_rate) ** (1 / months) if months > 0 else period_rate


def annual_rate(monthly: float) -> float:
    return 1 - (1 - monthly) ** 12
