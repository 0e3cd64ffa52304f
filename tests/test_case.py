"""The investment case, figure by figure: the money model against hand arithmetic, the excess churn's
interval against published exact-Poisson and MOVER values and an independent route, one population
for every figure (checked in pandas on the demo), a year's churn from the months each customer was
followed, and the words when a figure is not significant or pays back late. Each test of a past
defect says what the old figure was."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from analytics import cli, impact, metrics
from analytics.board import _content as content
from analytics.metrics import Slice, add_months, population

Z = 1.959963984540054


# ---------------------------------------------------------------- the money model, by hand

def test_revenue_kept_by_hand():
    # MRR 1,000; the rest churn 1% a month (annual 1 − 0.99¹² = 11.3615%), the affected 3% a month
    # (annual 1 − 0.97¹² = 30.6158%). Over 12 months the excess removes
    # Σ 1000·(0.99ᵗ − 0.97ᵗ) = 1000·(0.99·(1 − 0.99¹²)/0.01 − 0.97·(1 − 0.97¹²)/0.03)
    #                        = 1000·(11.247898 − 9.899097) = 1,348.80.
    rest, affected = 1 - 0.99 ** 12, 1 - 0.97 ** 12
    assert impact.lost_over_year(1000, rest, affected - rest) == pytest.approx(1348.8007, abs=1e-3)
    # A fix that works at once and removes the whole excess keeps exactly that in its first year.
    whole = impact.Investment(cost=1000, months_to_effect=0, effect=1.0, horizon_years=1, margin=1.0, discount=0.0)
    kept = impact.retained_by_month(1000, rest, affected - rest, whole, 12)
    assert kept[0] == pytest.approx(1000 * (0.99 - 0.97), abs=1e-9)  # month 1: 20
    assert sum(kept) == pytest.approx(1348.8007, abs=1e-3)
    # Undiscounted, at a 100% margin: NPV = 1,348.80 − 1,000 = 348.80; ROI = NPV ÷ cost = 0.3488;
    # payback: the first month the running sum of kept revenue reaches the 1,000 spent.
    found = impact.outcomes(_side(1000, rest, affected - rest), whole)[1]
    assert found.npv == pytest.approx(348.8007, abs=1e-3)
    assert found.roi == pytest.approx(0.3488007, abs=1e-6)
    running = np.cumsum([1000 * (0.99 ** t - 0.97 ** t) for t in range(1, 121)])
    assert found.payback_months == int(np.argmax(running >= 1000)) + 1


def test_margin_discount_delay_and_running_cost():
    rest, excess = 0.10, 0.20
    plain = impact.Investment(cost=5000, annual_cost=1200, months_to_effect=3, effect=0.5, horizon_years=2,
                              margin=0.6, discount=0.12)
    kept = impact.retained_by_month(2000, rest, excess, plain, 24)
    assert kept[:3] == [0.0, 0.0, 0.0]  # nothing before the fix works
    # Independent: the affected MRR left after 3 months, then half of it churns like the rest.
    h_rest = 1 - (1 - 0.10) ** (1 / 12)
    h_aff = 1 - (1 - 0.30) ** (1 / 12)
    there = 2000 * (1 - h_aff) ** 3
    expected = [0.0] * 3 + [there * 0.5 * ((1 - h_rest) ** k - (1 - h_aff) ** k) for k in range(1, 22)]
    assert kept == pytest.approx(expected, abs=1e-9)
    # NPV: margin × kept − running cost (100 a month), each discounted by 1.12^(t/12), minus the one-off.
    factors = [1.12 ** (-t / 12) for t in range(1, 25)]
    npv = sum(f * (0.6 * k - 100) for f, k in zip(factors, expected)) - 5000
    costs = 5000 + sum(f * 100 for f in factors)
    found = impact.outcomes(_side(2000, rest, excess), plain)[1]
    assert found.npv == pytest.approx(npv, abs=1e-6)
    assert found.roi == pytest.approx(npv / costs, abs=1e-9)
    # Running cost (100 a month) is charged from month 1, during the ramp too (the old payback left
    # it out): the discounted margin net of it reaches the 5,000 spent only years after the horizon.
    later = [there * 0.5 * ((1 - h_rest) ** k - (1 - h_aff) ** k) for k in range(1, 118)]
    net = np.cumsum([1.12 ** (-t / 12) * (0.6 * k - 100) for t, k in enumerate([0.0] * 3 + later, start=1)])
    assert found.payback_months == int(np.argmax(net >= 5000)) + 1 > 24
    assert impact.payback_text(found.payback_months, 24) == f"month {found.payback_months}, after the 2-year horizon"
    never = impact.outcomes(_side(2000, rest, excess), impact.Investment(cost=50_000, annual_cost=1200))[1]
    assert never.payback_months is None and impact.payback_text(None) == "not within 10 years"


def test_payback_after_the_horizon_is_said():
    slow = impact.Investment(cost=40_000, months_to_effect=3, effect=0.3, horizon_years=2, margin=1.0, discount=0.0)
    found = impact.outcomes(_side(20_000, 0.10, 0.20), slow)[1]
    assert found.payback_months is not None and found.payback_months > 24 and not found.pays_back_in_horizon
    words = impact.payback_text(found.payback_months, found.horizon_months)
    assert words == f"month {found.payback_months}, after the 2-year horizon"
    assert impact.payback_range_text(10, found.payback_months, 24) == "10 months to after the 2-year horizon"
    assert impact.payback_range_text(9, 18, 24) == "9–18 months"


def _side(mrr: float, rest_annual: float, excess: float) -> impact.Rational:
    return impact.Rational(100, 10, 100, 5, 12.0, None, None, rest_annual + excess, rest_annual, excess, excess,
                           excess, None, None, None, mrr, None)


# ---------------------------------------------------------------- the excess churn's interval

def test_exact_poisson_limits_match_published_tables():
    # Exact (Garwood) 95% limits for a count: 10 events → 4.795 to 18.390; none → 0 to 3.689
    # (the tables every epidemiology text prints; the "rule of 3.69" for zero events).
    assert tuple(metrics.stats.poisson_rate_interval(10, 1.0).__dict__.values()) == pytest.approx((4.7954, 18.3904), abs=1e-4)
    assert tuple(metrics.stats.poisson_rate_interval(0, 1.0).__dict__.values()) == pytest.approx((0.0, 3.6889), abs=1e-4)
    assert metrics.stats.poisson_rate_interval(10, 200.0).high == pytest.approx(18.3904 / 200, abs=1e-6)


def test_mover_matches_newcombes_published_examples():
    # Newcombe (1998), Stat Med 17:873–890, Table II, method 10 (score intervals combined):
    # 56/70 − 48/80 → 0.0524 to 0.3339; 9/10 − 3/10 → 0.1705 to 0.8090.
    stats = metrics.stats
    a = stats.mover_difference(56 / 70, stats.wilson(56, 70), 48 / 80, stats.wilson(48, 80))
    b = stats.mover_difference(9 / 10, stats.wilson(9, 10), 3 / 10, stats.wilson(3, 10))
    assert (a.low, a.high) == pytest.approx((0.0524, 0.3339), abs=1e-4)
    assert (b.low, b.high) == pytest.approx((0.1705, 0.8090), abs=1e-4)


def test_excess_interval_by_hand():
    # 30 affected customers left over 600 customer-months, 20 others over 1,200: monthly hazards
    # 0.05 and 0.016667; annual churn 1 − e^(−0.6) = 0.451188 and 1 − e^(−0.2) = 0.181269; excess
    # 0.269919. Each rate's exact limits (gamma quantiles, an independent route to Garwood's) are
    # turned into annual churn and combined by MOVER.
    from scipy.stats import gamma

    def annual(rate):
        return 1 - math.exp(-12 * rate)
    l1, u1 = annual(gamma.ppf(0.025, 30) / 600), annual(gamma.ppf(0.975, 31) / 600)
    l2, u2 = annual(gamma.ppf(0.025, 20) / 1200), annual(gamma.ppf(0.975, 21) / 1200)
    a1, a2 = annual(30 / 600), annual(20 / 1200)
    assert (a1, a2) == pytest.approx((0.451188, 0.181269), abs=1e-6)
    excess, low, high = impact.excess_interval(30, 600, 20, 1200)
    assert excess == pytest.approx(a1 - a2, abs=1e-12)
    assert low == pytest.approx(a1 - a2 - math.hypot(a1 - l1, u2 - a2), abs=1e-9)
    assert high == pytest.approx(a1 - a2 + math.hypot(u1 - a1, a2 - l2), abs=1e-9)


def test_few_churns_do_not_make_a_gap_look_certain():
    # The defect: 1 of 52 affected customers left against 88 of 962 others. The delta-method
    # interval of the excess was [−31.9, −9.3] points (its width shrinks with the churn count), so
    # the case read as significant while the relative risk beside it, 0.21 [0.03–1.48], held 1.
    excess, low, high = impact.excess_interval(1, 153.0, 88, 2728.0)
    assert excess < 0 and low < 0 < high
    _, none_low, none_high = impact.excess_interval(0, 150.0, 40, 2000.0)
    assert none_low < 0 < none_high  # no churn at all is not proof of a lower churn


# ---------------------------------------------------------------- one population, on the demo

@pytest.fixture(scope="module")
def con(demo):
    return demo


def test_every_case_figure_comes_from_one_population(con):
    slice_ = metrics.default_slice(con)
    top = impact.drivers(con, slice_)[0]
    built = impact.build_case(con, "x", impact.Problem("theme", top.theme_id, None, top.theme), slice_,
                              impact.Investment())
    side = built.rational
    # pandas: the churn population, the customers who spoke in the mention window, who raised the theme
    sql, params = population(con, "churn_rate", slice_)
    counted = con.execute(f"SELECT customer_id, event FROM ({sql})", params).df()
    voices = con.execute('SELECT voice_id, source, customer_id, "at" FROM voices').df()
    tags = con.execute("SELECT voice_id, theme_id FROM voice_themes").df()
    mrr = con.execute("SELECT customer_id, mrr FROM customers").df().set_index("customer_id")["mrr"]
    window = voices[(voices.source != "churn_reason") & voices.customer_id.notna()
                    & (voices["at"] >= pd.Timestamp(add_months(slice_.start, -impact.MENTION_LOOKBACK_MONTHS)))
                    & (voices["at"] < pd.Timestamp(slice_.end))]
    raised = set(window.merge(tags[tags.theme_id == top.theme_id], on="voice_id").customer_id)
    spoke = counted[counted.customer_id.isin(set(window.customer_id))]
    affected = spoke[spoke.customer_id.isin(raised)]
    rest = spoke[~spoke.customer_id.isin(raised)]
    assert (side.affected, side.affected_churned) == (len(affected), int(affected.event.sum())) == (
        top.customers, top.churned)
    assert (side.rest, side.rest_churned) == (len(rest), int(rest.event.sum()))
    churned_now = con.execute("SELECT customer_id, churned FROM customers").df().set_index("customer_id")["churned"]
    kept = affected.customer_id[~affected.customer_id.map(churned_now).astype(bool)]
    assert side.affected_mrr == pytest.approx(float(mrr[kept].sum()), abs=1e-6)  # still customers today
    # The old case took its MRR from a different group: mentions inside the period only.
    in_period = window[window["at"] >= pd.Timestamp(slice_.start)]
    assert set(in_period.merge(tags[tags.theme_id == top.theme_id], on="voice_id").customer_id) < raised
    # revenue at risk is what the excess removes from exactly those customers
    assert side.revenue_at_risk_year == pytest.approx(
        impact.lost_over_year(side.affected_mrr, side.rest_annual, side.excess_annual), abs=1e-6)


def test_a_years_churn_comes_from_the_months_each_customer_was_followed(con):
    # The defects: an all-time case assumed 12 months (the data spans 24), and then spanning the
    # data's 24 months treated every customer as followed for all of them, though most signed up
    # later (SMB annual churn 16% that way, 26% from person-time).
    first, last = metrics.data_span(con)
    side = impact.rational(con, impact.Problem("attribute", "segment", "SMB", "SMB"), Slice())
    assert side.months == pytest.approx(((last - first).days + 1) / (365.25 / 12), abs=1e-9)
    sql, params = population(con, "churn_rate", Slice())
    counted = con.execute(f"SELECT p.customer_id, p.event, c.segment, c.signup_date, c.churn_date FROM ({sql}) p "
                          "JOIN customers c USING (customer_id)", params).df()
    end = pd.Timestamp(last) + pd.Timedelta(days=1)
    start = pd.to_datetime(counted.signup_date).clip(lower=pd.Timestamp(first))
    stop = pd.to_datetime(counted.churn_date).where(counted.event, end).clip(upper=end)
    counted["months"] = ((stop - start).dt.days.clip(lower=0)) / (365.25 / 12)
    smb = counted[counted.segment == "SMB"]
    assert side.affected == len(smb) and side.affected_churned == int(smb.event.sum())
    assert side.affected_exposure == pytest.approx(smb.months.sum(), rel=1e-9)
    rate = smb.event.sum() / smb.months.sum()
    assert side.affected_annual == pytest.approx(1 - math.exp(-12 * rate), abs=1e-12)
    spanned = 1 - (1 - side.affected_rate) ** (12 / side.months)
    assert side.affected_annual - spanned > 0.05  # spanning the data understated it by ~10 points
    assert side.rest == int((counted.segment != "SMB").sum())


def test_a_period_past_the_data_counts_only_the_days_observed(con):
    first, last = metrics.data_span(con)
    beyond = Slice(metrics.quarter_start(last), add_months(metrics.quarter_start(last), 3))
    window = impact.observed_window(con, beyond)
    assert window == (beyond.start, last + pd.Timedelta(days=1).to_pytimedelta())
    side = impact.rational(con, impact.Problem("attribute", "segment", "SMB", "SMB"), beyond)
    assert side.months < 3


def test_a_case_that_is_not_significant_says_so_in_the_headline_and_the_ask(con):
    slice_ = metrics.default_slice(con)
    seen = set()
    for row in impact.drivers(con, slice_):
        built = impact.build_case(con, "x", impact.Problem("theme", row.theme_id, None, row.theme), slice_,
                                  impact.Investment())
        view = content.case_content(con, built, chart_size=None)
        side = built.rational
        if side.excess_low is None:
            continue
        assert side.significant == (side.excess_low > 0 or side.excess_high < 0)
        flagged = "not significant" in view.headline and view.ask_points[0].startswith("Not significant")
        assert flagged == (not side.significant), row.theme
        seen.add(side.significant)
    assert seen == {True, False}  # both kinds occur in the demo


# ---------------------------------------------------------------- scripts

def test_drivers_and_case_as_json(demo_copy, capsys):
    assert cli.main(["drivers", "--workspace", str(demo_copy), "--from", "2026-07-01", "--to", "2026-10-01",
                     "--filter", "segment=SMB", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {"theme_id", "mentions", "nps_impact", "p", "q", "rr", "rr_low", "rr_high",
                     "significant"} <= set(rows[0])
    assert all(r["significant"] == (r["q"] is not None and r["q"] < 0.05) for r in rows)
    theme = rows[0]["theme_id"]
    assert cli.main(["case", "--workspace", str(demo_copy), "--problem", f"theme:{theme}", "--from", "2026-07-01",
                     "--to", "2026-10-01", "--margin", "0.8", "--discount", "0.05", "--json"]) == 0
    case = json.loads(capsys.readouterr().out)
    assert case["months"] == pytest.approx(92 / (365.25 / 12)) and case["investment"]["margin"] == 0.8
    assert case["excess_low"] <= case["excess_churn"] <= case["excess_high"]
    assert [s["scenario"] for s in case["scenarios"]] == list(impact.SCENARIOS)
    assert {"roi", "npv", "payback_months"} <= set(case["scenarios"][0])
    assert cli.main(["case", "--workspace", str(demo_copy), "--problem", "theme:nope"]) == 2
    assert "no theme 'nope'" in capsys.readouterr().err
