"""The statistics behind every figure, against published tables, hand arithmetic and scipy.

Every expected number here is either a published value (Newcombe 1998, Table II: Wilson score
interval, "method 3"), written out by hand with its arithmetic, or computed by an independent
implementation (scipy) — never by analytics.stats itself.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from analytics.metrics import stats

Z = 1.959963984540054  # Φ⁻¹(0.975)


# ---------------------------------------------------------------- Wilson

# Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Stat Med 17:857–872, Table II, method 3 (score, no continuity correction).
NEWCOMBE_WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("k", "n", "low", "high"), NEWCOMBE_WILSON)
def test_wilson_matches_newcombe_1998_table(k, n, low, high):
    interval = stats.wilson(k, n)
    assert interval.low == pytest.approx(low, abs=5e-5)
    assert interval.high == pytest.approx(high, abs=5e-5)


def test_wilson_zero_of_ten_by_hand():
    # k = 0: centre − half = 0 exactly, and the upper bound simplifies to z² / (n + z²)
    # = 3.841459 / 13.841459 = 0.277533.
    interval = stats.wilson(0, 10)
    assert interval.low == pytest.approx(0.0, abs=1e-12)
    assert interval.high == pytest.approx(Z * Z / (10 + Z * Z), rel=1e-12)
    assert interval.high == pytest.approx(0.2775, abs=5e-5)


def test_wilson_five_of_ten_by_hand():
    # p = 0.5: centre = 0.5; half = z·sqrt(0.025 + z²/400) / (1 + z²/10)
    #   = 1.959964 · sqrt(0.025 + 0.0096036) / 1.3841459 = 1.959964 · 0.1860206 / 1.3841459
    #   = 0.263407
    interval = stats.wilson(5, 10)
    assert interval.low == pytest.approx(0.5 - 0.263407, abs=1e-6)
    assert interval.high == pytest.approx(0.5 + 0.263407, abs=1e-6)
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.2366, 0.7634)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_agrees_with_scipy_and_contains_the_estimate(kn):
    k, n = kn
    interval = stats.wilson(k, n)
    reference = sps.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert interval.low == pytest.approx(reference.low, abs=1e-9)
    assert interval.high == pytest.approx(reference.high, abs=1e-9)
    assert 0.0 <= interval.low <= k / n <= interval.high <= 1.0


def test_wilson_without_data_has_no_interval():
    assert stats.wilson(0, 0) == stats.Interval(None, None)


# ---------------------------------------------------------------- NPS standard error

def test_nps_se_hand_example():
    # 100 answers: 50 promoters, 30 passives, 20 detractors. Adjusted shares 50.75/103 = 0.4927184
    # and 20.75/103 = 0.2014563: SE = sqrt((0.6941748 − 0.2912621²)/103) = 0.0769151 (the plain SE,
    # sqrt(0.61/100) = 0.0781025, is 0 at ±100 and made change tests divide by nothing).
    assert stats.nps_adjusted_se(50, 20, 100) == pytest.approx(0.0769151, abs=1e-7)
    assert stats.nps_adjusted_se(3, 0, 3) > 0


def test_nps_interval_is_the_adjusted_wald_by_hand():
    # Rocks (2016): add 3/4 to promoters and detractors, 3 to n. 50.75/103 = 0.4927184 and
    # 20.75/103 = 0.2014563; centre 0.2912621; SE = sqrt((0.6941748 − 0.2912621²)/103) = 0.0769151;
    # interval = 29.12621 ± 1.959964 · 7.69151 = 29.12621 ± 15.07508 → [14.05113, 44.20129]
    interval = stats.nps_interval(50, 20, 100)
    assert interval.low == pytest.approx(14.05113, abs=1e-4)
    assert interval.high == pytest.approx(44.20129, abs=1e-4)


def test_nps_interval_holds_the_observed_score():
    # One detractor: adjusted shares 0.75/4 and 1.75/4, centre −25, SE = sqrt((0.625 − 0.0625)/4)
    # = 0.375 → [−98.5, 48.5], which would leave out the observed −100: widened to [−100, 48.5].
    interval = stats.nps_interval(0, 1, 1)
    assert interval.low == -100.0
    assert interval.high == pytest.approx(-25 + Z * 37.5, abs=1e-9)


def test_nps_interval_keeps_a_width_at_the_extremes():
    # 3 promoters of 3: the plain Wald interval is [100, 100] (SE 0), a certainty nobody has.
    # Adjusted: 3.75/6 promoters, 0.75/6 detractors, centre 50, SE = sqrt((0.75 − 0.25)/6) = 0.288675
    # → 50 ± 56.58 → [−6.58, 100].
    interval = stats.nps_interval(3, 0, 3)
    assert interval.high == 100.0
    assert interval.low == pytest.approx(50 - Z * math.sqrt(0.5 / 6) * 100, abs=1e-9)
    assert interval.low < 0
    assert stats.nps_interval(0, 3, 3).high == pytest.approx(-(50 - Z * math.sqrt(0.5 / 6) * 100), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 300), st.integers(0, 300), st.integers(0, 300))
def test_nps_se_is_the_standard_error_of_the_adjusted_mean_of_plus_minus_one(promoters, passives, detractors):
    # NPS/100 is the mean of +1 (promoter), 0 (passive), −1 (detractor). Adjusted Wald adds 3/4
    # promoter, 3/4 detractor and 3/2 passive (3 answers in all): its SE is that weighted
    # variable's population standard deviation over sqrt(n + 3).
    n = promoters + passives + detractors
    if n == 0:
        assert stats.nps_adjusted_se(0, 0, 0) is None
        return
    answers = np.array([1.0, 0.0, -1.0])
    weights = np.array([promoters + 0.75, passives + 1.5, detractors + 0.75])
    mean = np.average(answers, weights=weights)
    sd = math.sqrt(np.average((answers - mean) ** 2, weights=weights))
    assert stats.nps_adjusted_se(promoters, detractors, n) == pytest.approx(sd / math.sqrt(n + 3), abs=1e-12)
    plain = np.array([1] * promoters + [0] * passives + [-1] * detractors, dtype=float)
    interval = stats.nps_interval(promoters, detractors, n)
    assert -100 <= interval.low < interval.high <= 100  # never zero width
    assert interval.low <= plain.mean() * 100 + 1e-9 and plain.mean() * 100 - 1e-9 <= interval.high


def test_nps_interval_is_clipped_to_its_range():
    # 9 promoters of 10: NPS 90, SE = sqrt((0.9 − 0.81)/10) = 0.094868, upper 90 + 18.59 > 100.
    assert stats.nps_interval(9, 0, 10).high == 100.0
    assert stats.nps_interval(0, 9, 10).low == -100.0


# ---------------------------------------------------------------- t-interval for a mean

@pytest.mark.parametrize("sample", [[6, 3, 7], [1, 2, 3, 4, 5, 6, 7], [5.5, 5.5, 6.0, 4.0, 7.0, 2.0]])
def test_mean_interval_matches_scipy_t_interval(sample):
    values = np.array(sample, dtype=float)
    mean, sd, n = values.mean(), values.std(ddof=1), len(values)
    low, high = sps.t.interval(0.95, n - 1, loc=mean, scale=sd / math.sqrt(n))
    interval = stats.mean_interval(mean, sd, n)
    assert interval.low == pytest.approx(low, rel=1e-12)
    assert interval.high == pytest.approx(high, rel=1e-12)


def test_mean_interval_by_hand():
    # [6, 3, 7]: mean 16/3, sd = sqrt(((2/3)² + (7/3)² + (5/3)²)/2) = sqrt(13/3) = 2.081666,
    # t(0.975, 2) = 4.302653, half = 4.302653 · 2.081666 / sqrt(3) = 5.171145
    interval = stats.mean_interval(16 / 3, math.sqrt(13 / 3), 3)
    assert interval.low == pytest.approx(16 / 3 - 5.171145, abs=1e-6)
    assert interval.high == pytest.approx(16 / 3 + 5.171145, abs=1e-6)


def test_mean_interval_stays_inside_the_scale():
    # CES [6, 3, 7] on 1–7: the t-interval is [0.16, 10.50], half of it outside the scale.
    interval = stats.mean_interval(16 / 3, math.sqrt(13 / 3), 3, bounds=(1.0, 7.0))
    assert (interval.low, interval.high) == (1.0, 7.0)
    inside = stats.mean_interval(4.0, 0.5, 100, bounds=(1.0, 7.0))
    assert inside == stats.mean_interval(4.0, 0.5, 100)


def test_a_mean_without_spread_still_has_an_interval():
    # 40 answers of 7 on 1–7: the t-interval is [7, 7]. Placed on the scale the mean is 1 (6 of 6),
    # Wilson for 40 of 40: low = 40/(40 + z²) = 0.912416 → 1 + 6 · 0.912416 = 6.474495.
    interval = stats.mean_interval(7.0, 0.0, 40, bounds=(1.0, 7.0))
    assert interval.high == 7.0
    assert interval.low == pytest.approx(1 + 6 * 40 / (40 + Z * Z), abs=1e-9)
    middle = stats.mean_interval(4.0, 0.0, 40, bounds=(1.0, 7.0))
    assert middle.low < 4.0 < middle.high


def test_mean_interval_needs_two_values():
    assert stats.mean_interval(7.0, None, 1) == stats.Interval(None, None)


# ---------------------------------------------------------------- ratio of totals

def test_ratio_interval_against_a_bootstrap():
    # Churned MRR / starting MRR over 400 accounts with skewed MRR: the delta-method SE should
    # match the bootstrap SE of the ratio of sums within 15%.
    rng = np.random.default_rng(20261123)
    x = np.round(rng.lognormal(6, 1, 400), 2)
    y = np.where(rng.random(400) < 0.2, x, 0.0)
    ratio = y.sum() / x.sum()
    interval = stats.ratio_interval(y.sum(), x.sum(), len(x), (y * y).sum(), (x * y).sum(),
                                    (x * x).sum())
    assert interval.low < ratio < interval.high
    assert (interval.low + interval.high) / 2 == pytest.approx(ratio, rel=1e-12)
    picks = rng.integers(0, len(x), (4000, len(x)))
    boot = y[picks].sum(axis=1) / x[picks].sum(axis=1)
    delta_se = (interval.high - interval.low) / (2 * Z)
    assert delta_se == pytest.approx(boot.std(ddof=1), rel=0.15)
    low, high = np.quantile(boot, [0.025, 0.975])
    assert interval.low == pytest.approx(low, abs=0.25 * (high - low))
    assert interval.high == pytest.approx(high, abs=0.25 * (high - low))


def test_ratio_interval_by_hand():
    # y = [0, 10], x = [10, 10]: R = 0.5, residuals y − R·x = [−5, 5], Σ² = 50,
    # SE = sqrt(50 / (n − 1) / n) / mean(x) = sqrt(25) / 10 = 0.5 → 0.5 ± 1.959964 · 0.5
    interval = stats.ratio_interval(10, 20, 2, 100, 100, 200)
    assert interval.low == pytest.approx(0.5 - 0.5 * Z, abs=1e-12)
    assert interval.high == pytest.approx(0.5 + 0.5 * Z, abs=1e-12)
    assert stats.ratio_interval(10, 20, 1, 100, 100, 200) == stats.Interval(None, None)


# ---------------------------------------------------------------- significance

def test_proportion_change_by_hand():
    # 30/100 now vs 20/100 before: pooled p = 50/200 = 0.25,
    # SE = sqrt(0.25 · 0.75 · (1/100 + 1/100)) = sqrt(0.00375) = 0.0612372,
    # z = 0.10 / 0.0612372 = 1.632993, two-sided p = 2 · (1 − Φ(1.632993)) = 0.102470
    change = stats.proportion_change(30, 100, 20, 100)
    assert change.difference == pytest.approx(0.10, abs=1e-12)
    assert change.p_value == pytest.approx(0.102470, abs=1e-6)
    assert not change.significant
    # 60/200 vs 30/200: pooled 0.225, SE = sqrt(0.225 · 0.775 · 0.01) = 0.0417582,
    # z = 0.15 / 0.0417582 = 3.592106, p = 0.000328
    change = stats.proportion_change(60, 200, 30, 200)
    assert change.p_value == pytest.approx(0.000328, abs=5e-6)
    assert change.significant


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 500), st.integers(1, 500), st.data())
def test_proportion_change_equals_the_uncorrected_chi_square_test(n_now, n_before, data):
    k_now = data.draw(st.integers(0, n_now))
    k_before = data.draw(st.integers(0, n_before))
    change = stats.proportion_change(k_now, n_now, k_before, n_before)
    if k_now + k_before in (0, n_now + n_before):  # nothing varies: no test
        assert change.difference == pytest.approx(0.0, abs=1e-12)
        assert change.p_value is None
        return
    table = [[k_now, n_now - k_now], [k_before, n_before - k_before]]
    p = sps.chi2_contingency(table, correction=False).pvalue
    assert change.p_value == pytest.approx(p, rel=1e-7, abs=1e-12)


def test_difference_change_by_hand():
    # NPS 30 (SE 5) vs 20 (SE 5): z = 10 / sqrt(50) = 1.414214, p = 0.157299
    change = stats.difference_change(30, 5, 20, 5)
    assert change.difference == 10
    assert change.p_value == pytest.approx(0.157299, abs=1e-6)
    assert stats.difference_change(None, 5, 20, 5).p_value is None


def test_no_p_is_invented_without_spread():
    # NPS +100 (3 promoters of 3) vs −100: both SEs are 0. There is nothing to test; the old code
    # returned p = 0.0, printed as "p < 0.01".
    change = stats.difference_change(100.0, 0.0, -100.0, 0.0)
    assert change.difference == 200.0 and change.p_value is None and not change.significant
    assert stats.proportion_change(0, 5, 0, 7).p_value is None


# ---------------------------------------------------------------- many tests at once

@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=0, max_size=25))
def test_benjamini_hochberg_matches_scipy(p_values):
    q = stats.benjamini_hochberg(p_values)
    tested = [p for p in p_values if p is not None]
    expected = iter(sps.false_discovery_control(tested, method="bh") if tested else [])
    for p, adjusted in zip(p_values, q):
        if p is None:
            assert adjusted is None
        else:
            assert adjusted == pytest.approx(next(expected), abs=1e-12)


def test_benjamini_hochberg_by_hand():
    # m = 4, sorted p 0.01, 0.02, 0.03, 0.5: p·m/rank = 0.04, 0.04, 0.04, 0.5; running minimum
    # from the top leaves them so. Three tests pass at 5% where Holm/Bonferroni (0.0125) passes one.
    assert stats.benjamini_hochberg([0.03, 0.5, 0.01, None, 0.02]) == pytest.approx(
        [0.04, 0.5, 0.04, None, 0.04], abs=1e-12)


# ---------------------------------------------------------------- relative risk

def test_relative_risk_with_katz_interval_by_hand():
    # 20/100 of customers who mention the theme churned vs 10/100 who don't: RR = 0.2 / 0.1 = 2.
    # Katz: SE(ln RR) = sqrt(1/20 − 1/100 + 1/10 − 1/100) = sqrt(0.13) = 0.3605551,
    # interval = 2 · exp(∓1.959964 · 0.3605551) = 2 · exp(∓0.7066751) = [0.986563, 4.054479]
    ratio, interval = stats.relative_risk(20, 100, 10, 100)
    assert ratio == pytest.approx(2.0, abs=1e-12)
    assert interval.low == pytest.approx(0.986563, abs=1e-6)
    assert interval.high == pytest.approx(4.054479, abs=1e-6)


def test_relative_risk_p_agrees_with_its_interval():
    # z = ln 2 / 0.3605551 = 1.922444, p = 2·(1 − Φ(1.922444)) = 0.054550: the interval holds 1, p > 0.05.
    assert stats.relative_risk_p(20, 100, 10, 100) == pytest.approx(0.054550, abs=1e-6)
    for args in [(20, 100, 10, 100), (30, 100, 10, 100), (11, 100, 10, 100), (5, 100, 20, 100)]:
        _, interval = stats.relative_risk(*args)
        assert (stats.relative_risk_p(*args) < 0.05) == (interval.low > 1 or interval.high < 1)


def test_relative_risk_without_events_has_no_ratio():
    assert stats.relative_risk(0, 100, 10, 100) == (None, stats.Interval(None, None))
    assert stats.relative_risk(5, 100, 0, 100) == (None, stats.Interval(None, None))


# ---------------------------------------------------------------- rate conversions

def test_monthly_and_annual_rates_by_hand():
    # A quarter losing 25%: monthly = 1 − 0.75^(1/3) = 0.0914397; three such months compound
    # back to 25%. 2% a month: annual = 1 − 0.98^12 = 0.2152833.
    monthly = stats.monthly_rate(0.25, 3)
    assert monthly == pytest.approx(0.0914397, abs=1e-7)
    assert 1 - (1 - monthly) ** 3 == pytest.approx(0.25, abs=1e-12)
    assert stats.annual_rate(0.02) == pytest.approx(0.2152833, abs=1e-7)
    assert stats.annual_rate(stats.monthly_rate(0.25, 3)) == pytest.approx(1 - 0.75 ** 4, abs=1e-12)
    assert stats.monthly_rate(0.1, 1) == pytest.approx(0.1, abs=1e-15)


@given(st.floats(0, 1), st.integers(1, 36))
def test_rate_conversions_stay_rates(rate, months):
    monthly = stats.monthly_rate(rate, months)
    assert 0.0 <= monthly <= rate + 1e-12
    assert 0.0 <= stats.annual_rate(monthly) <= 1.0
