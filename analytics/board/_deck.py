"""Board decks (.pptx): the overview of a slice, and an investment case.

`overview_deck` writes a title slide, an "at a glance" table, one slide per headline metric the
workspace holds (figure, n, 95% interval, change with its significance, a native 12-month trend
chart with its data embedded, 1–2 quotes of exactly that figure's population, a source footnote and
speaker notes) and a methodology appendix from the registry.
`case_deck` writes title, problem, stories, investment (pessimistic / expected / optimistic), the
ask and a methodology appendix. Customer text is masked unless `mask=False`.
"""

from __future__ import annotations

from pathlib import Path

from pptx.util import Inches

from analytics.board._content import case_content, overview_content
from analytics.board._palette import BAD, BRAND, GOOD, INK, MUTED, NEUTRAL, TONES
from analytics.board._slides import (MARGIN, WIDE, Deck, appendix_slides, kpi, quote_block, table,
                                     comparison_chart, title_slide, trend_chart)
from analytics.board._views import MASK_NOTE, CaseView, MetricView, Overview
from analytics.board._wording import headline, short_change, verdict
from analytics.impact import Case
from analytics.voices import excerpt
from analytics.metrics import REGISTRY, Slice, formatting

def overview_deck(con, slice_: Slice, path: str | Path, mask: bool = True, template=None) -> Path:
    """Write the board deck of a slice to `path` (.pptx) and return the path; `template`: a
    company .pptx (path or file object) whose masters, theme fonts and colours the deck takes."""
    # Charts are drawn natively in the deck (editable, data embedded): no pictures to render.
    content = overview_content(con, slice_, mask, chart_size=None, quote_chars=150)  # 2 quotes fit above the source
    return write_overview(content, path, template)


def write_overview(content: Overview, path: str | Path, template=None) -> Path:
    period = content.slice.describe()
    deck = Deck(f"Heartbeat · {period} · made by {content.made_by}, {content.generated:%d %b %Y}", template)
    deck.default_source = _source(content)
    title_slide(deck, "Board pack", f"Customer experience\n{period}",
                 content.subtitle,
                 [f"Prepared {content.generated:%d %B %Y} by {content.made_by}",
                  "Masked customer quotes" if MASK_NOTE in dict(content.notes).values() else "Unmasked customer quotes"])
    _glance_slide(deck, content)
    for view in content.metrics:
        _metric_slide(deck, content, view)
    entries = [(label + ("" if available else " (not in this workspace)"), description)
               for label, description, available in content.methodology]
    appendix_slides(deck, period, entries, list(content.notes))
    return deck.save(path)


def _quote_notes(quotes) -> list[str]:
    """Each quote in full, with who said it and how it was picked, for the speaker notes."""
    return [f"Quote {i} ({quote.why}; {quote.picked}):\n\u201c{quote.full_text}\u201d"
            for i, quote in enumerate(quotes, start=1)]


def _metric_notes(view: MetricView) -> str:
    figure = (f"{view.label} is {view.value_text}" + (f", {view.interval_text}" if view.interval_text else "")
              + f", from {view.sample_text}." if view.enough else view.detail_text)
    said = " ".join(verdict(view)) if view.change_text else "No earlier period to compare with."
    talk = [figure, said, f"What it counts: {view.description}",
            "The 95% interval is the range the true figure is likely in; a change is called a change "
            "only when it is statistically significant." if view.enough else ""]
    return "\n\n".join(p for p in [" ".join(t for t in talk if t), *_quote_notes(view.quotes)] if p)


def _source(content: Overview, view: MetricView | None = None) -> str:
    parts = [f"Source: Heartbeat · {content.slice.describe()}"]
    if view is not None:
        parts += [f"n = {view.result.n:,} {REGISTRY[view.key].counts}", view.description.split(". ")[0].rstrip(".")]
    return " · ".join([*parts, content.freshness]) + "."


def _glance_slide(deck: Deck, content: Overview) -> None:
    slide = deck.slide("At a glance", content.slice.describe())
    rows = [[("Metric", INK), ("Figure", INK), ("95% interval", INK), ("n", INK),
             ("Against the previous period", INK)]]
    for view in content.metrics:
        interval = view.interval_text.replace("95% CI ", "")
        change = short_change(view)
        rows.append([(view.label, INK), (view.value_text, INK), (interval or "–", MUTED),
                     (f"{view.result.n:,}", MUTED), (change, TONES[view.tone])])
    height = Inches(min(0.55, 4.8 / len(rows)))
    table(deck, slide, rows, MARGIN, Inches(1.6), WIDE - 2 * MARGIN, [2.6, 1.3, 2.4, 1.1, 4.2],
           row_height=height, size=16)
    deck.source(slide, _source(content))
    deck.notes(slide, "\n".join(f"{view.label}: {view.value_text} ({short_change(view)})." for view in content.metrics)
               + "\n\nEvery figure has its own slide with its trend and the words of the customers it counts.")


def _metric_slide(deck: Deck, content: Overview, view: MetricView) -> None:
    slide = deck.slide(headline(view), content.slice.describe())
    left_width = Inches(4.7)
    top = Inches(1.6)
    deck.text(slide, MARGIN, top, left_width, Inches(1.2),
              [[(view.value_text, 66, True, BRAND if view.enough else NEUTRAL, False)]])
    lines = []
    if view.interval_text:
        lines.append([(view.interval_text, 18, False, INK, False)])
    lines.append([(view.sample_text, 18, False, INK, False)])
    if view.detail_text:
        lines.append([(view.detail_text, 13, False, MUTED, False)])
    deck.text(slide, MARGIN, top + Inches(1.2), left_width, Inches(1.3), lines, space_after=3)
    if view.change_text:
        said, rest = verdict(view)
        deck.text(slide, MARGIN, top + Inches(2.5), left_width, Inches(0.8),
                  [[(said, 18, True, TONES[view.tone], False)],
                   [(rest, 14, False, MUTED, False)]], space_after=2)
    if view.trend:
        chart_left = MARGIN + left_width + Inches(0.3)
        chart_width = WIDE - chart_left - MARGIN
        banded = any(r.ci_low is not None for r in view.trend)
        deck.text(slide, chart_left, top - Inches(0.05), chart_width, Inches(0.35),
                  [[("Month by month, last 12 months" + (" · dotted lines: 95% interval" if banded else ""),
                     12, False, MUTED, False)]])
        trend_chart(deck, slide, view, chart_left, top + Inches(0.3), chart_width, Inches(2.85))
    quote_top = Inches(4.85)
    if view.quotes:
        deck.text(slide, MARGIN, quote_top, WIDE - 2 * MARGIN, Inches(0.35),
                  [[(f"In their words: {view.noun}".upper(), 12, True, MUTED, False)]])
        width = (WIDE - 2 * MARGIN - Inches(0.4)) / len(view.quotes)
        for index, quote in enumerate(view.quotes):
            quote_block(deck, slide, quote, MARGIN + index * (width + Inches(0.4)),
                         quote_top + Inches(0.35), width, Inches(1.45),
                         size=15 if len(view.quotes) > 1 else 18)
    else:
        deck.text(slide, MARGIN, quote_top, WIDE - 2 * MARGIN, Inches(0.5),
                  [[(f"No {view.noun} in this slice.", 14, False, MUTED, True)]])
    deck.source(slide, _source(content, view))
    deck.notes(slide, _metric_notes(view))


def case_deck(con, case: Case, path: str | Path, mask: bool = True, template=None) -> Path:
    """Write the investment case's deck to `path` (.pptx) and return the path (`template`: as
    for `overview_deck`)."""
    return write_case(case_content(con, case, mask, chart_size=None), path, template)  # charts drawn natively


def write_case(view: CaseView, path: str | Path, template=None) -> Path:
    deck = Deck(f"Heartbeat · {view.name} · {view.period} · made by {view.made_by}, {view.generated:%d %b %Y}",
                template)
    deck.default_source = _case_source(view)
    title_slide(deck, "Investment case", view.name, f"{view.problem_label} · {view.period}",
                 [f"Prepared {view.generated:%d %B %Y} by {view.made_by}",
                  "Figures with 95% intervals; quotes from the affected customers"])
    _problem_slide(deck, view)
    _stories_slide(deck, view)
    _investment_slide(deck, view)
    _ask_slide(deck, view)
    appendix_slides(deck, view.name, list(view.methodology), [])
    return deck.save(path)


def _case_source(view: CaseView) -> str:
    affected, rest = view.rates
    return (f"Source: Heartbeat · {view.slice.describe()} · {affected.n:,} affected customers against "
            f"{rest.n:,} others · churn per customer-month, 95% intervals · {view.freshness}.")


def _problem_slide(deck: Deck, view: CaseView) -> None:
    slide = deck.slide(view.headline, f"The problem · {view.problem_label} · {view.period}")
    affected, rest = view.rates
    width = (WIDE - 2 * MARGIN - Inches(0.6)) / 4
    top = Inches(1.75)
    kpis = [
        (f"{affected.n:,}", "affected customers", f"{affected.churned:,} left in {view.period}", INK),
        (view.revenue_at_risk_text, "revenue at risk a year", view.revenue_range_text,
         BAD if view.significant else NEUTRAL),
        (view.relative_risk_text.split("×")[0] + "×", "the churn risk of the rest",
         view.relative_risk_text.split("(", 1)[1].rstrip(")") if "(" in view.relative_risk_text else "",
         BAD if view.significant else NEUTRAL),
        (view.score_impact_text, f"{view.score_label} points from it",
         f"the slice's {view.score_label} with vs without these comments", INK)
        if view.score_impact_text else
        (view.affected_mrr_text, "MRR still with us", "what the affected customers still pay a month", INK),
    ]
    for index, (figure, label, note, colour) in enumerate(kpis):
        kpi(deck, slide, MARGIN + index * (width + Inches(0.2)), top, width, figure, label, note, colour)
    lines = []
    for row in view.rates:
        lines.append([(f"{row.label} ({row.n:,} customers, {row.churned:,} left)", 13, True, INK, False)])
        lines.append([(f"{formatting.percent(row.rate)} left in the period (95% CI {formatting.percent(row.low)}–"
                       f"{formatting.percent(row.high)}) · {formatting.percent(row.annual)} a year", 13, False, INK, False)])
    lines.append([(f"Their current MRR: {view.affected_mrr_text}", 12, False, MUTED, False)])
    deck.text(slide, MARGIN, Inches(3.55), Inches(5.2), Inches(1.85), lines, space_after=2)
    if view.quotes:  # the problem in one voice; the stories follow on the next slide
        voice = view.quotes[0]
        shown, _ = excerpt(voice.full_text, 100)
        deck.text(slide, MARGIN, Inches(5.5), Inches(5.2), Inches(1.1),
                  [[(f"\u201c{shown}\u201d", 14, False, INK, True)], [(voice.why, 11, False, MUTED, False)]],
                  space_after=2)
    comparison_chart(deck, slide, view.rates, MARGIN + Inches(5.5), Inches(3.55), WIDE - 2 * MARGIN - Inches(5.5),
                     Inches(3.0))
    deck.source(slide, _case_source(view))
    deck.notes(slide, f"{view.headline}.\n\n{view.relative_risk_text}; revenue at risk {view.revenue_at_risk_text} "
               f"a year ({view.revenue_range_text}).\n\n"
               + "\n".join(f"{row.label}: {row.n:,} customers, {row.churned:,} left; {formatting.percent(row.rate)} "
                            f"in the period (95% CI {formatting.percent(row.low)} to {formatting.percent(row.high)})."
                            for row in view.rates))


def _stories_slide(deck: Deck, view: CaseView) -> None:
    slide = deck.slide("In their words", f"The stories · {view.problem_label}")
    if not view.quotes:
        deck.text(slide, MARGIN, Inches(1.7), WIDE - 2 * MARGIN, Inches(1),
                  [[("No words of affected customers in this slice.", 18, False, MUTED, True)]])
        return
    count = len(view.quotes)
    height = Inches(4.9 / count)
    for index, quote in enumerate(view.quotes):
        quote_block(deck, slide, quote, MARGIN, Inches(1.65) + index * height,
                     WIDE - 2 * MARGIN, height - Inches(0.15), size=20 if count < 3 else 18)
    deck.source(slide, _case_source(view))
    deck.notes(slide, "\n\n".join(_quote_notes(view.quotes)))


def _investment_slide(deck: Deck, view: CaseView) -> None:
    slide = deck.slide("What fixing it returns", f"The investment · {view.problem_label}")
    width = Inches(3.7)
    for index, (figure, label) in enumerate(((view.cost_text, "one-off cost"),
                                              (next(w for w in view.effect_text.split() if w.endswith("%")),
                                               "of affected customers brought to the rest's churn"))):
        kpi(deck, slide, MARGIN, Inches(1.7) + index * Inches(1.8), width, figure, label)
    deck.text(slide, MARGIN, Inches(5.35), width, Inches(1.5),
              [[("Timeline", 15, True, INK, False)], [(view.timeline_text, 15, False, INK, False)]],
              space_after=3)
    rows = [[("Scenario", INK), ("Excess churn", INK), ("Kept, first year working", INK), ("NPV", INK), ("ROI", INK),
             ("Payback", INK)]]
    for row in view.scenarios:
        colour = BAD if row.roi_text.startswith("\u2212") else GOOD if row.roi_text.startswith("+") else INK
        rows.append([(row.scenario, INK), (row.excess_text, INK), (row.retained_text, INK), (row.npv_text, colour),
                     (row.roi_text, colour), (row.payback_text, INK)])
    left = MARGIN + width + Inches(0.5)
    table(deck, slide, rows, left, Inches(1.75), WIDE - left - MARGIN, [1.7, 1.5, 1.8, 1.4, 1.2, 2.2],
           row_height=Inches(0.6), size=16)
    deck.text(slide, left, Inches(4.4), WIDE - left - MARGIN, Inches(2.4),
              [[("Pessimistic, expected and optimistic use the low end, centre and high end of the "
                 "95% interval of the affected customers' excess churn. NPV and ROI over the horizon on "
                 "the gross margin of the revenue kept, discounted; the fix works only after its first "
                 "months.", 14, False, MUTED, False)]])
    deck.source(slide, _case_source(view))
    deck.notes(slide, f"Cost: {view.cost_text}; {view.effect_text}; {view.timeline_text}.\n\n"
               + "\n".join(f"{row.scenario}: excess churn {row.excess_text}, NPV {row.npv_text}, ROI {row.roi_text}, "
                            f"payback {row.payback_text}." for row in view.scenarios))


def _ask_slide(deck: Deck, view: CaseView) -> None:
    slide = deck.slide(view.ask_title, "The ask")
    deck.text(slide, MARGIN, Inches(1.8), WIDE - 2 * MARGIN, Inches(4.8),
              [[("\u2022  " + point, 22, False, INK, False)] for point in view.ask_points],
              space_after=14)
    deck.source(slide, _case_source(view))
    deck.notes(slide, f"{view.ask_title}.\n\n" + "\n".join(view.ask_points))
