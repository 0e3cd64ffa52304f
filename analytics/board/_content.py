"""Gather what a deck or a brief shows: every available metric of a slice with its change, trend
chart and quotes (`overview_content`), or an investment case (`case_content`). Each figure is
computed once here; `_deck` and `_brief` lay the result out.
"""

from __future__ import annotations

from datetime import date, timedelta

from analytics.board._charts import churn_comparison_figure, trend_figure
from analytics.board._render import chart_png, projector_style, warm_up
from analytics.board._views import (MASK_NOTE, QUOTE_METHOD, QUOTES_PER_METRIC,
                                    SIGNIFICANCE_NOTE, UNMASKED_NOTE, CaseView, MetricView, Overview,
                                    RateRow, ScenarioRow, Voice, quote_view)
from analytics.board._wording import change_sentence
from analytics.impact import (DRIVERS_METHOD, Case, Problem, case_stories, impact_digits, payback_range_text,
                             payback_text, roi_text, score_label, signed)
from analytics import workspace
from analytics.voices import pick_unseen, theme_keywords
from analytics.metrics import (ATTRIBUTE_LABELS, METRICS, REGISTRY, Slice, available, compute,
                               data_span, evidence_for, formatting, period_label, retention, series, stats)


def metric_view(con, key: str, slice_: Slice, voice: Voice, shown: set[str],
                 chart_size: tuple[int, int, int, float] | None, quote_chars: int) -> MetricView:
    metric = REGISTRY[key]
    result = compute(con, key, slice_)
    enough = result.enough
    change_text, tone, change, before_label = change_sentence(con, key, result, enough)
    chart, trend = None, tuple(series(con, key, slice_))
    if chart_size is not None:
        width, height, font_size, scale = chart_size
        figure = trend_figure(list(trend), slice_, metric.min_n)
        chart = chart_png(projector_style(figure, width, height, font_size), width, height, scale)
    found = evidence_for(con, key, slice_, order=metric.quote_order, limit=QUOTES_PER_METRIC + 6)
    picked = pick_unseen([q.text for q in found.quotes], shown, QUOTES_PER_METRIC)
    quotes = [quote_view(voice, found.quotes[i], found.label(i), quote_chars) for i in picked]
    if enough:
        figure_text = formatting.value(key, result.value)
        sample_text, interval_text = formatting.sample(result), formatting.interval(result)
        detail = formatting.detail(result)
    else:
        figure_text = "–"
        sample_text = formatting.sample(result)
        interval_text = ""
        detail = (f"Too few {metric.counts} for a reliable figure (minimum {metric.min_n:,})."
                  if result.n else f"No {metric.counts} in this slice.")
    return MetricView(key, metric.label, metric.description, result, enough, figure_text, sample_text,
                      interval_text, detail, change_text, tone, change, before_label, chart,
                      tuple(quotes), found.noun,
                      found.total, trend)


def _slice_note(con, slice_: Slice) -> str:
    low, high = data_span(con)
    span = f" The workspace holds dated rows from {low:%d %b %Y} to {high:%d %b %Y}." if low else ""
    period = period_label(slice_.start, slice_.end)
    if slice_.start and slice_.end:
        last = slice_.end - timedelta(days=1)
        period = f"{period} ({slice_.start:%d %b %Y} to {last:%d %b %Y} inclusive)"
    filters = "; ".join(f"{ATTRIBUTE_LABELS.get(a, a)} = {', '.join(v)}"
                        for a, v in slice_.filters) or "all customers"
    return f"Slice: {period}; {filters}.{span}"


def freshness(con) -> str:
    """When the data was last imported: "data imported 30 Nov 2026" (or "demo data, built …")."""
    last = con.execute("SELECT max(imported_at) FROM imports WHERE undone_at IS NULL").fetchone()[0]
    if last is None:
        return "no data imported"
    return f"{'demo data, built' if workspace.is_demo(con) else 'data imported'} {last:%d %b %Y}"


def overview_content(con, slice_: Slice, mask: bool = True, *,
                     chart_size: tuple[int, int, int, float] | None = (1100, 400, 20, 2),
                     quote_chars: int = 200) -> Overview:
    """Every available headline metric of the slice with its change, trend chart and quotes.
    chart_size: (width px, height px, font size, scale) of the trend PNGs, or None for none."""
    if chart_size is not None:
        warm_up()
    voice = Voice(con, mask)
    shown: set[str] = set()
    views = tuple(metric_view(con, m.key, slice_, voice, shown, chart_size, quote_chars)
                  for m in METRICS if available(con, m.key))
    methodology = tuple((m.label, m.description, available(con, m.key))
                        for m in METRICS)
    notes = (("How quotes are picked", QUOTE_METHOD), ("Intervals and significance", SIGNIFICANCE_NOTE),
             ("This slice", _slice_note(con, slice_)), ("Privacy", MASK_NOTE if mask else UNMASKED_NOTE),
             ("Drivers: many themes tested at once", DRIVERS_METHOD),
             ("Who stays: survival from a landmark", retention.METHOD))
    return Overview(slice_, f"Customer experience · {slice_.describe()}",
                    "Every figure with its n and 95% interval, beside the words of the customers it counts",
                    date.today(), views, methodology, notes, workspace.actor(), freshness(con))


def _rate_row(label: str, n: int, k: int, annual: tuple[float | None, float | None, float | None]) -> RateRow:
    """A group's churn in the period (Wilson interval) and a year (person-time, exact interval)."""
    if not n:
        return RateRow(label, n, k, None, None, None, None, None, None)
    interval = stats.wilson(k, n)
    return RateRow(label, n, k, k / n, interval.low, interval.high, *annual)


def _ask_points(case: Case) -> list[str]:
    """The ask in three sentences: expected return, its range, what is at stake (and a warning when
    the churn gap could be chance)."""
    side, inv = case.rational, case.investment
    by_name = {o.scenario: o for o in case.outcomes}
    low, expected, high = (by_name.get(name) for name in ("pessimistic", "expected", "optimistic"))
    points = []
    if not side.significant:
        points.append("Not significant: the churn gap between affected customers and the rest could be "
                      "chance (its 95% interval includes no gap), so the pessimistic case is plausible.")
    if expected is not None:
        points.append(f"Expected: {formatting.money(expected.retained_per_year)} of revenue retained in the "
                      f"first year it works, NPV {formatting.money(expected.npv)}, ROI {roi_text(expected.roi)} "
                      f"over {inv.horizon_years:g} years, payback {payback_text(expected.payback_months, expected.horizon_months)}.")
    if low is not None and high is not None:
        points.append(f"Range: ROI {roi_text(low.roi)} to {roi_text(high.roi)}, payback "
                      f"{payback_range_text(high.payback_months, low.payback_months, low.horizon_months)}, "
                      "from the 95% interval of the excess churn.")
    at_risk = formatting.money(side.revenue_at_risk_year)
    points.append(f"At stake: {at_risk} of revenue at risk over the next year "
                  + (f"(95% range {formatting.money(side.revenue_at_risk_low)} to "
                     f"{formatting.money(side.revenue_at_risk_high)}) " if side.revenue_at_risk_low is not None else "")
                  + f"from {side.affected:,} affected customers ({formatting.money(side.affected_mrr)} MRR "
                  "still with us).")
    return points


def _affected_phrases(problem: Problem) -> tuple[str, str]:
    label = problem.label or (problem.value if problem.kind == "attribute" else problem.key)
    if problem.kind == "theme":
        return f"Raised {label.lower()}", "Spoke to us about other things"
    attribute = ATTRIBUTE_LABELS.get(problem.key, problem.key)
    return f"{attribute}: {problem.value}", "Everyone else in the slice"


def case_content(con, case: Case, mask: bool = True, *,
                 chart_size: tuple[int, int, int, float] | None = (900, 330, 20, 2),
                 quote_chars: int = 320) -> CaseView:
    """The figures, stories and scenarios of a built case, formatted once for deck and brief."""
    if chart_size is not None:
        warm_up()
    side = case.rational
    if side is None:
        raise ValueError(f"case {case.name!r} has not been computed (use case.build)")
    problem = case.problem
    label = problem.label or (problem.value if problem.kind == "attribute" else problem.key) or "the problem"
    months = side.months
    period = period_label(case.slice.start, case.slice.end)
    affected_label, rest_label = _affected_phrases(problem)
    rates = (_rate_row(affected_label, side.affected, side.affected_churned,
                       (side.affected_annual, side.affected_annual_low, side.affected_annual_high)),
             _rate_row(rest_label, side.rest, side.rest_churned,
                       (side.rest_annual, side.rest_annual_low, side.rest_annual_high)))
    significant = side.significant
    if side.relative_risk is not None:
        rr = (f"{side.relative_risk:.2f}× the churn risk (95% CI {side.rr_low:.2f}–{side.rr_high:.2f}"
              f"{'' if significant else ', could be chance'})")
        headline = (f"{label}: {side.relative_risk:.2f}× the churn of the rest"
                    + ("" if significant else " (not significant)"))
    else:
        rr = "relative risk: not computable (no churn in one of the groups)"
        headline = f"What {label.lower()} costs" + ("" if significant else " (not significant)")
    revenue_range = (f"95% range {formatting.money(side.revenue_at_risk_low)} to "
                     f"{formatting.money(side.revenue_at_risk_high)} a year"
                     if side.revenue_at_risk_low is not None else "")
    score_text = ("" if side.score_impact is None else
                  signed(side.score_impact, impact_digits(side.score_metric)))
    chart = None
    if chart_size is not None:
        width, height, font_size, scale = chart_size
        figure = churn_comparison_figure(list(rates))
        chart = chart_png(projector_style(figure, width, height, font_size), width, height, scale)

    voice = Voice(con, mask)
    ranked = case_stories(con, problem, case.slice, limit=50)
    position = {quote.unit_id: i for i, quote in enumerate(ranked.quotes)}
    terms = theme_keywords(con, problem.key) if problem.kind == "theme" else ()
    quotes = tuple(quote_view(voice, quote, ranked.label(position[quote.unit_id])
                               if quote.unit_id in position else "chosen by the case's author",
                               quote_chars, terms) for quote in case.quotes)

    inv = case.investment
    cost = formatting.money(inv.cost) + (f" + {formatting.money(inv.annual_cost)} a year"
                                         if inv.annual_cost else "")
    timeline = (f"works after {inv.months_to_effect} months; returns counted over "
                f"{inv.horizon_years:g} years at a {inv.margin:.0%} gross margin, discounted {inv.discount:.0%} a year")
    effect = f"fixes it for {inv.effect * 100:.0f}% of the affected customers (they then churn like the rest)"
    scenarios = tuple(ScenarioRow(o.scenario.capitalize(), formatting.percent(o.excess_annual),
                                  formatting.money(o.retained_per_year), roi_text(o.roi),
                                  payback_text(o.payback_months, o.horizon_months), formatting.money(o.npv))
                      for o in case.outcomes)
    ask_points = _ask_points(case)
    methodology = (
        ("The comparison", f"Period: {period} ({months:.1f} months observed, up to the data's last day). " + (
            "Affected: customers counted by the slice's churn rate who raised the theme in a survey "
            "comment or ticket from 3 months before the period to its end; the rest: counted "
            "customers who spoke to us but did not raise it (so 'says anything at all' is not "
            "mistaken for the effect)." if problem.kind == "theme" else
            "Affected: the customers the slice's churn rate counts with this attribute value; "
            "the rest: those with any other value.")),
        ("Churn and relative risk", "Period churn = customers who left ÷ customers counted, Wilson 95% "
         "interval. A year's churn comes from person-time: those who left ÷ the customer-months each "
         "group was followed in the period (from its start or the signup to the churn or its end, never "
         "past the data's last day), as a constant monthly hazard: 1 − e^(−12 × rate), with the exact "
         "Poisson interval of the rate. Excess = affected − rest, its 95% interval by MOVER from the two "
         "groups' intervals; the gap is called significant only when that interval leaves out zero. "
         "Relative risk with the Katz log interval."),
        ("Revenue at risk", "The affected customers who are still customers (their current MRR) lose "
         "revenue month by month: over 12 months, the MRR that churning at the rest's rate "
         "would keep minus the MRR left at their own rate (a customer who leaves in month t pays "
         "nothing from month t on). Its range uses the ends of the excess churn's interval."),
        ("Scenarios", "Pessimistic / expected / optimistic take the low end, centre and high end of "
         "the excess churn's 95% interval (below zero counts as no excess). Once the fix works, the "
         "share it fixes of those still there churn at the rest's rate for the rest of the horizon. "
         f"Value = retained revenue × {inv.margin:.0%} gross margin, discounted {inv.discount:.0%} a year "
         "monthly; NPV = value − one-off cost − running cost over the horizon; ROI = NPV ÷ the costs' "
         "present value; payback = first month the discounted value, net of running cost, covers the "
         "one-off cost (said when it falls after the horizon)."),
        ("Quotes", ("The most typical comments of the slice that raise the theme" if problem.kind == "theme"
                    else "The most typical words of the affected customers who left in the period")
         + " (TF-IDF cosine to the centre of what they say; near-identical texts shown once); "
         "\u201c1 of N\u201d is the rank among the N with words. " + (MASK_NOTE if mask else UNMASKED_NOTE)),
        ("Logo churn, as every Heartbeat figure defines it", REGISTRY["churn_rate"].description),
    )
    return CaseView(
        case.name, label, case.slice, period, date.today(), headline,
        f"{side.affected:,} affected customers, {side.affected_churned:,} of whom left in {period}",
        rates, rr, significant, formatting.money(side.revenue_at_risk_year), revenue_range,
        formatting.money(side.affected_mrr), score_text, score_label(side.score_metric), chart, quotes, ranked.total, ranked.noun,
        cost, timeline, effect, scenarios,
        f"Approve {cost} to fix {label.lower()}" if problem.kind == "theme"
        else f"Approve {cost} to reduce churn among {label}", tuple(ask_points), methodology, workspace.actor(),
        freshness(con))
