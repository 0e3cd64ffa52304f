"""Board decks (.pptx): the overview of a slice, and an investment case.

`overview_deck(con, slice_, path)` writes a title slide, an "at a glance" table, one slide per
headline metric the workspace holds (figure, n, 95% interval, change against the previous period
with its significance, a 12-month trend chart, and 1–2 verbatims of exactly that figure's
population with who said it and how it was picked) and a methodology appendix built from the
metric registry's descriptions. `case_deck(con, case, path)` writes title, problem, stories,
investment (with the pessimistic / expected / optimistic table), the ask and a methodology
appendix. The figures and quotes are gathered once into plain dataclasses (`overview_content`,
`case_content`) that the HTML brief (brief.py) renders too, so both say the same thing.

Customer text is masked with `pii.mask` unless `mask=False`, and always placed as plain text
runs. Charts are plotly figures rendered to PNG by one warm Kaleido (Chromium) session; when it
cannot render, `ChartError` says why — a deck never silently loses its charts.
"""

from __future__ import annotations

import asyncio
import atexit
import re
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from analytics import case as case_module
from analytics import charts, evidence, formatting, metrics, pii, slices, stats
from analytics.formatting import BAD, BRAND, GOOD, NEUTRAL
from analytics.metrics import REGISTRY

INK = "#1f2328"
MUTED = "#57606a"
RULE = "#d0d7de"
PANEL = "#f6f8fa"
FONT = "Arial"  # rendered as Liberation Sans where Arial is absent: same metrics
CHART_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
TONES = {"good": GOOD, "bad": BAD, "neutral": NEUTRAL}

QUOTES_PER_METRIC = 2
QUOTE_CHARS = 260  # longer verbatims are cut at a word boundary and end with "…"
# Which quotes stand beside each figure: the revenue figures show the largest accounts' words.
QUOTE_ORDER = {"revenue_churn": "revenue", "revenue_at_risk": "revenue"}
QUOTE_METHOD = (
    "Every quote comes from the population its figure counts, in the same slice: NPS from "
    "detractors, CSAT from dissatisfied and CES from customers who found it hard, churn and "
    "revenue figures from the customers who left (or shrank), revenue at risk from the at-risk "
    "accounts. Within that group, quotes are ranked as most typical (TF-IDF cosine similarity to "
    "the centre of what the group says; near-identical texts shown once; ties broken by id, so "
    "the pick is repeatable), or — for the revenue figures — by the account's MRR. "
    "\u201c1 of N\u201d gives the quote's rank among the N members of the group who left words. "
    "A quote already shown on an earlier slide is skipped for the next one.")
MASK_NOTE = ("Personal data in customer text (e-mail addresses, phone and card numbers, person "
             "names) is masked as [email], [phone], [card] and [name].")
UNMASKED_NOTE = "Customer text is shown unmasked, as written."
SIGNIFICANCE_NOTE = (
    "All intervals are 95%. A change against the previous period of the same length is called "
    "significant only when p < 0.05 (two-proportion z-test for rates; difference of the two "
    "estimates with both standard errors otherwise); otherwise it reads \u201cno significant "
    "change\u201d.")


# ====================================================================== charts → PNG

class ChartError(RuntimeError):
    """A chart could not be rendered (Kaleido or Chromium missing or failing)."""


class _Renderer:
    """One warm Kaleido session (a headless Chromium) on its own event loop, with timeouts.

    kaleido's global sync server waits forever when Chromium fails to start, so the session is
    kept here instead: every call has a timeout and failures surface as ChartError."""

    OPEN_TIMEOUT = 60.0
    RENDER_TIMEOUT = 60.0

    def __init__(self) -> None:
        try:
            import kaleido
        except ImportError as err:  # pragma: no cover - kaleido is a pinned requirement
            raise ChartError("charts need the kaleido package (pip install 'kaleido>=1')") from err
        self._kaleido_module = kaleido
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="heartbeat-kaleido")
        self._thread.start()
        try:
            self._session = self._run(self._open(), self.OPEN_TIMEOUT)
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise

    async def _open(self):
        session = self._kaleido_module.Kaleido(n=1)
        await session.open()
        return session

    def _run(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except TimeoutError as err:
            future.cancel()
            raise ChartError(f"Chromium did not answer within {timeout:.0f} s while rendering a "
                             "chart (kaleido)") from err
        except ChartError:
            raise
        except Exception as err:
            raise ChartError(_chart_failure(err)) from err

    def png(self, figure: go.Figure, width: int, height: int, scale: float) -> bytes:
        opts = {"format": "png", "width": width, "height": height, "scale": scale}
        return self._run(self._session.calc_fig(figure.to_dict(), opts=opts), self.RENDER_TIMEOUT)

    def close(self) -> None:
        try:
            self._run(self._session.close(), 10)
        except ChartError:
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)


def _chart_failure(err: Exception) -> str:
    name = type(err).__name__
    if "ChromeNotFound" in name or "chrome" in str(err).lower() and "not" in str(err).lower():
        return ("charts need Chromium for kaleido, and none was found: install it (Debian: "
                "apt-get install chromium) or point BROWSER_PATH at a Chrome/Chromium binary "
                f"({name}: {str(err).strip().splitlines()[0] if str(err).strip() else ''})")
    first = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"kaleido could not render a chart ({name}: {first})"


_SESSION: Future | None = None  # resolves to the warm _Renderer
_SESSION_LOCK = threading.Lock()


def warm_up() -> Future:
    """Start the chart session (Chromium, ~2–3 s) in the background, so it opens while the
    figures are computed; returns its future. A no-op once started."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is not None:
            return _SESSION
        future: Future = Future()
        _SESSION = future

    def start() -> None:
        try:
            future.set_result(_Renderer())
        except BaseException as err:  # handed to whoever waits for the session
            future.set_exception(err)

    threading.Thread(target=start, daemon=True, name="heartbeat-kaleido-start").start()
    return future


def _drop(future: Future) -> None:
    """Forget a session that failed, so the next chart starts a fresh one."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is future:
            _SESSION = None


@atexit.register
def _close_session() -> None:
    future = _SESSION
    if future is not None and future.done() and future.exception() is None:
        future.result().close()


def chart_png(figure: go.Figure, width: int, height: int, scale: float = 2) -> bytes:
    """PNG bytes of a plotly figure (width × height CSS pixels × scale), from the warm session.
    Raises ChartError when Kaleido/Chromium cannot render it."""
    future = warm_up()
    try:
        renderer = future.result()
    except BaseException:
        _drop(future)
        raise
    try:
        data = renderer.png(figure, width, height, scale)
    except ChartError:
        _drop(future)
        threading.Thread(target=renderer.close, daemon=True).start()
        raise
    if not data or not data.startswith(b"\x89PNG"):
        raise ChartError("kaleido returned no PNG for a chart")
    return data


def _projector_style(figure: go.Figure, width: int, height: int, font_size: int) -> go.Figure:
    """The app's chart restyled for a slide or a printed page: fixed size, larger type."""
    figure.update_layout(width=width, height=height, font=dict(family=CHART_FONT, size=font_size,
                                                               color=INK),
                         margin=dict(l=10, r=20, t=16, b=10))
    figure.update_xaxes(tickfont=dict(size=font_size - 2))
    figure.update_yaxes(tickfont=dict(size=font_size - 2), title_font=dict(size=font_size - 2))
    return figure


def trend_figure(results: list[metrics.Result], slice_: slices.Slice, min_n: int) -> go.Figure:
    """The monthly trend of the app (charts.trend) with the slice's own months shaded."""
    figure = charts.trend(results, min_n)
    if slice_.start and slice_.end and results:
        months = [r.slice.start for r in results]
        inside = [m for m in months if slice_.start <= m < slice_.end]
        if inside:
            figure.add_vrect(x0=inside[0] - timedelta(days=15), x1=inside[-1] + timedelta(days=15),
                             fillcolor=PANEL, line_width=0, layer="below",
                             annotation_text=slices.period_label(slice_.start, slice_.end),
                             annotation_position="top left",
                             annotation_font=dict(color=MUTED))
    return figure


def churn_comparison_figure(rows: list["RateRow"]) -> go.Figure:
    """Annualised churn of the affected customers and the rest, with 95% whiskers."""
    names = ["Affected", "The rest"]
    figure = go.Figure(go.Bar(
        y=[f"{names[i] if i < 2 else row.label} (n = {row.n:,})" for i, row in enumerate(rows)],
        x=[row.annual or 0 for row in rows], orientation="h",
        marker_color=[BAD if i == 0 else NEUTRAL for i in range(len(rows))],
        error_x=dict(type="data", array=[max((row.annual_high or 0) - (row.annual or 0), 0) for row in rows],
                     arrayminus=[max((row.annual or 0) - (row.annual_low or 0), 0) for row in rows],
                     color=INK, thickness=1.5, width=6),
        text=[f"{names[i] if i < 2 else row.label} (n = {row.n:,}): {percent(row.annual)} a year"
              for i, row in enumerate(rows)], textposition="inside",
        insidetextanchor="start", textfont=dict(color="white"), hoverinfo="skip"))
    figure.update_layout(template="plotly_white", showlegend=False, bargap=0.35,
                         paper_bgcolor="white", plot_bgcolor="white")
    figure.update_xaxes(tickformat=".0%", rangemode="tozero", gridcolor="#eaeef2",
                        title_text="churn per year (annualised), 95% interval")
    figure.update_yaxes(autorange="reversed", showticklabels=False)
    return figure


# ====================================================================== content

@dataclass(frozen=True)
class QuoteView:
    text: str  # masked (unless asked otherwise), possibly shortened with "…"
    full_text: str  # masked, whole
    why: str  # who said it: "churned Aug 2026 · SMB · $1,240 MRR · detractor 3/10"
    picked: str  # "1 of 168 detractor comments, picked as most typical"


@dataclass(frozen=True)
class MetricView:
    key: str
    label: str
    description: str
    result: metrics.Result
    enough: bool
    value_text: str
    sample_text: str
    interval_text: str
    detail_text: str
    change_text: str  # "no significant change vs Q2 2026 (+0.2 pts, p = 0.94)" or a reason
    tone: str  # good | bad | neutral
    change: stats.Change | None  # against the previous period (None: not compared)
    before_label: str  # "Q2 2026"
    chart: bytes | None
    quotes: tuple[QuoteView, ...]
    noun: str  # whose words these are
    quote_total: int


@dataclass(frozen=True)
class Overview:
    slice: slices.Slice
    title: str
    subtitle: str
    generated: date
    metrics: tuple[MetricView, ...]
    methodology: tuple[tuple[str, str, bool], ...]  # (label, description, available here)
    notes: tuple[str, ...]  # quotes, significance, slice, masking


@dataclass(frozen=True)
class RateRow:
    label: str
    n: int
    churned: int
    rate: float | None
    low: float | None
    high: float | None
    annual: float | None
    annual_low: float | None
    annual_high: float | None


@dataclass(frozen=True)
class ScenarioRow:
    scenario: str
    excess_text: str
    retained_text: str
    roi_text: str
    payback_text: str


@dataclass(frozen=True)
class CaseView:
    name: str
    problem_label: str
    slice: slices.Slice
    period: str
    generated: date
    headline: str
    affected_text: str
    rates: tuple[RateRow, ...]
    relative_risk_text: str
    significant: bool
    revenue_at_risk_text: str
    revenue_range_text: str
    affected_mrr_text: str
    nps_impact_text: str
    chart: bytes | None
    quotes: tuple[QuoteView, ...]
    quote_total: int
    quote_noun: str
    cost_text: str
    timeline_text: str
    effect_text: str
    scenarios: tuple[ScenarioRow, ...]
    ask_title: str
    ask_points: tuple[str, ...]
    methodology: tuple[tuple[str, str], ...]


def percent(share: float | None, digits: int = 1) -> str:
    return "–" if share is None else f"{share * 100:.{digits}f}%"


def roi_text(roi: float | None) -> str:
    """'+56%' / '−100%': return on the investment over the horizon."""
    if roi is None:
        return "–"
    return f"{roi * 100:+.0f}%".replace("-", "\u2212")


def payback_text(months: float | None) -> str:
    if months is None:
        return "never"
    return f"{months:.0f} months"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str | None) -> str:
    """Text safe for an XML document (pptx/xlsx/html): control characters dropped, CRLF → LF."""
    if not text:
        return ""
    return _XML_ILLEGAL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """The text, or its first `limit` characters cut at a word boundary with '…'."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(None, 1)[0].rstrip(" ,;:.-\u2013\u2014")
    return cut + "\u2026"


class _Voice:
    """Masks quotes for presentation: the workspace's PII rules plus the customer's own name."""

    def __init__(self, con, mask: bool) -> None:
        self._con, self._mask = con, mask

    def __call__(self, text: str | None, customer_id: str | None = None) -> str:
        text = clean(text)
        if not self._mask:
            return text
        names: tuple[str, ...] = ()
        if customer_id is not None:
            row = self._con.execute("SELECT name FROM customers WHERE customer_id = ?",
                                    [customer_id]).fetchone()
            names = (row[0],) if row and row[0] else ()
        return pii.mask(text, names) or ""


def _quote_view(voice: _Voice, quote: evidence.Quote, picked: str, limit: int) -> QuoteView:
    text = voice(quote.text, quote.customer_id)
    return QuoteView(shorten(text, limit), text, voice(quote.why), picked)


NOT_COMPARED = "Not compared across periods: a sum over today's accounts, not a sample."
NO_PREVIOUS = "Not compared: an open-ended period has no previous one."


def _change(con, key: str, result: metrics.Result, enough: bool
            ) -> tuple[str, str, stats.Change | None, str]:
    """(sentence, tone, change, previous period's label) against the previous period."""
    if key == "revenue_at_risk":
        return NOT_COMPARED, "neutral", None, ""
    if not enough:
        return "", "neutral", None, ""
    before, change = metrics.change(con, key, result)
    if before is None:
        return NO_PREVIOUS, "neutral", None, ""
    label = slices.period_label(before.slice.start, before.slice.end)
    if change.difference is None:
        return f"Not compared: no figure for {label}.", "neutral", None, label
    text = formatting.change_text(key, change, label)
    if not change.significant:
        return text, "neutral", change, label
    return text, "good" if formatting.is_good(key, change.difference) else "bad", change, label


def _detail(key: str, result: metrics.Result) -> str:
    parts = result.parts
    if result.value is None:
        return ""
    if key == "nps":
        return (f"{parts['promoters']:,} promoters · {parts['passives']:,} passives · "
                f"{parts['detractors']:,} detractors")
    if key == "csat":
        return f"{parts['satisfied']:,} of {result.n:,} answers in the top two boxes"
    if key == "ces":
        return f"scale 1–{parts['scale_max']:.0f} · {percent(parts['easy_share'])} found it easy"
    if key == "churn_rate":
        line = f"{parts['churned']:,} of {result.n:,} customers left"
        if "monthly" in parts:
            line += f" · {percent(parts['monthly'])} a month, {percent(parts['annualised'])} a year"
        return line
    if key == "revenue_churn":
        return (f"{formatting.money(parts['numerator'])} of {formatting.money(parts['denominator'])} "
                f"MRR lost · {parts.get('affected', 0):,} customers left")
    if key in ("grr", "nrr"):
        return (f"{formatting.money(parts['numerator'])} of {formatting.money(parts['denominator'])} "
                f"start MRR kept · {parts.get('affected', 0):,} customers left or shrank")
    if key == "revenue_at_risk":
        return (f"{percent(parts['share'])} of active MRR · rule: {parts['rule']}")
    return ""


def _gist(text: str) -> str:
    """What a quote says, for skipping repeats: letters only, without a 'Customer said:' lead."""
    head, colon, rest = text.partition(":")
    body = rest if colon and len(head) <= 25 else text
    return re.sub(r"[^a-z]+", "", body.lower())[:80]


def _metric_view(con, key: str, slice_: slices.Slice, voice: _Voice, shown: set[str],
                 chart_size: tuple[int, int, int, float] | None, quote_chars: int) -> MetricView:
    metric = REGISTRY[key]
    result = metrics.compute(con, key, slice_)
    enough = result.enough
    change_text, tone, change, before_label = _change(con, key, result, enough)
    chart = None
    if chart_size is not None:
        width, height, font_size, scale = chart_size
        figure = trend_figure(metrics.series(con, key, slice_), slice_, metric.min_n)
        chart = chart_png(_projector_style(figure, width, height, font_size), width, height, scale)
    order = QUOTE_ORDER.get(key, "typical")
    found = evidence.evidence_for(con, key, slice_, order=order, limit=QUOTES_PER_METRIC + 6)
    picked: list[tuple[int, evidence.Quote]] = []
    for position, quote in enumerate(found.quotes):
        if len(picked) < QUOTES_PER_METRIC and _gist(quote.text) not in shown:
            picked.append((position, quote))
            shown.add(_gist(quote.text))
    if not picked and found.quotes:  # every quote was on an earlier slide: repeat one, not none
        picked = [(0, found.quotes[0])]
    quotes = [_quote_view(voice, q, found.label(i), quote_chars) for i, q in picked]
    if enough:
        figure_text = formatting.value(key, result.value)
        sample_text, interval_text = formatting.sample(result), formatting.interval(result)
        detail = _detail(key, result)
    else:
        figure_text = "–"
        sample_text = formatting.sample(result)
        interval_text = ""
        detail = (f"Too few {metric.counts} for a reliable figure (minimum {metric.min_n:,})."
                  if result.n else f"No {metric.counts} in this slice.")
    return MetricView(key, metric.label, metric.description, result, enough, figure_text, sample_text,
                      interval_text, detail, change_text, tone, change, before_label, chart,
                      tuple(quotes), found.noun,
                      found.total)


def _slice_note(con, slice_: slices.Slice) -> str:
    low, high = slices.data_span(con)
    span = f" The workspace holds dated rows from {low:%d %b %Y} to {high:%d %b %Y}." if low else ""
    period = slices.period_label(slice_.start, slice_.end)
    if slice_.start and slice_.end:
        last = slice_.end - timedelta(days=1)
        period = f"{period} ({slice_.start:%d %b %Y} to {last:%d %b %Y} inclusive)"
    filters = "; ".join(f"{slices.ATTRIBUTE_LABELS.get(a, a)} = {', '.join(v)}"
                        for a, v in slice_.filters) or "all customers"
    return f"Slice: {period}; {filters}.{span}"


def overview_content(con, slice_: slices.Slice, mask: bool = True, *,
                     chart_size: tuple[int, int, int, float] | None = (1100, 400, 20, 2),
                     quote_chars: int = 200) -> Overview:
    """Every available headline metric of the slice with its change, trend chart and quotes.
    chart_size: (width px, height px, font size, scale) of the trend PNGs, or None for none."""
    if chart_size is not None:
        warm_up()
    voice = _Voice(con, mask)
    shown: set[str] = set()
    views = tuple(_metric_view(con, m.key, slice_, voice, shown, chart_size, quote_chars)
                  for m in metrics.METRICS if metrics.available(con, m.key))
    methodology = tuple((m.label, m.description, metrics.available(con, m.key))
                        for m in metrics.METRICS)
    notes = (QUOTE_METHOD, SIGNIFICANCE_NOTE, _slice_note(con, slice_),
             MASK_NOTE if mask else UNMASKED_NOTE)
    return Overview(slice_, f"Customer experience · {slice_.describe()}",
                    "Every figure with its n and 95% interval, beside the words of the customers it counts",
                    date.today(), views, methodology, notes)


# ---------------------------------------------------------------------- the case

def _rate_row(label: str, n: int, k: int, months: int) -> RateRow:
    if not n:
        return RateRow(label, n, k, None, None, None, None, None, None)
    interval = stats.wilson(k, n)

    def annual(rate):
        if rate is None:
            return None
        return stats.annual_rate(stats.monthly_rate(min(max(rate, 0.0), 0.999999), months))

    rate = k / n
    return RateRow(label, n, k, rate, interval.low, interval.high, annual(rate),
                   annual(interval.low), annual(interval.high))


def _affected_phrases(problem: case_module.Problem) -> tuple[str, str]:
    label = problem.label or (problem.value if problem.kind == "attribute" else problem.key)
    if problem.kind == "theme":
        return f"Raised {label.lower()}", "Spoke to us about other things"
    attribute = slices.ATTRIBUTE_LABELS.get(problem.key, problem.key)
    return f"{attribute}: {problem.value}", "Everyone else in the slice"


def case_content(con, case: case_module.Case, mask: bool = True, *,
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
    period = slices.period_label(case.slice.start, case.slice.end)
    affected_label, rest_label = _affected_phrases(problem)
    rates = (_rate_row(affected_label, side.affected, side.affected_churned, months),
             _rate_row(rest_label, side.rest, side.rest_churned, months))
    significant = side.rr_low is not None and (side.rr_low > 1 or side.rr_high < 1)
    if side.relative_risk is not None:
        rr = (f"{side.relative_risk:.2f}× the churn risk (95% CI {side.rr_low:.2f}–{side.rr_high:.2f}"
              f"{'' if significant else ', not significant'})")
        headline = (f"{label}: {side.relative_risk:.2f}× the churn of the rest"
                    + ("" if significant else " (not yet significant)"))
    else:
        rr = "relative risk: not computable (no churn in one of the groups)"
        headline = f"What {label.lower()} costs"
    arr = side.affected_mrr * 12
    low = None if side.excess_low is None else arr * max(side.excess_low, 0.0)
    high = None if side.excess_high is None else arr * max(side.excess_high, 0.0)
    revenue_range = (f"95% range {formatting.money(low)} to {formatting.money(high)} a year"
                     if low is not None else "")
    nps_text = ("" if side.nps_impact is None else
                f"{side.nps_impact:+.1f}".replace("-", "\u2212"))
    chart = None
    if chart_size is not None:
        width, height, font_size, scale = chart_size
        figure = churn_comparison_figure(list(rates))
        chart = chart_png(_projector_style(figure, width, height, font_size), width, height, scale)

    voice = _Voice(con, mask)
    ranked = case_module.stories(con, problem, case.slice, limit=50)
    position = {quote.unit_id: i for i, quote in enumerate(ranked.quotes)}
    quotes = tuple(_quote_view(voice, quote, ranked.label(position[quote.unit_id])
                               if quote.unit_id in position else "chosen by the case's author",
                               quote_chars) for quote in case.quotes)

    inv = case.investment
    cost = formatting.money(inv.cost) + (f" + {formatting.money(inv.annual_cost)} a year"
                                         if inv.annual_cost else "")
    timeline = (f"works after {inv.months_to_effect} months; returns counted over "
                f"{inv.horizon_years:g} years")
    effect = f"removes {inv.effect * 100:.0f}% of the excess churn"
    scenarios = tuple(ScenarioRow(o.scenario.capitalize(), percent(o.excess_annual),
                                  formatting.money(o.retained_per_year), roi_text(o.roi),
                                  payback_text(o.payback_months)) for o in case.outcomes)
    by_name = {o.scenario: o for o in case.outcomes}
    expected = by_name.get("expected")
    ask_points = []
    if expected is not None:
        ask_points.append(f"Expected: {formatting.money(expected.retained_per_year)} of revenue "
                          f"retained a year, ROI {roi_text(expected.roi)} over "
                          f"{inv.horizon_years:g} years, payback in {payback_text(expected.payback_months)}.")
    if "pessimistic" in by_name and "optimistic" in by_name:
        ask_points.append(f"Range: ROI {roi_text(by_name['pessimistic'].roi)} (pessimistic) to "
                          f"{roi_text(by_name['optimistic'].roi)} (optimistic), from the 95% "
                          "interval of the excess churn.")
    ask_points.append(f"At stake: {formatting.money(side.revenue_at_risk_year)} of revenue at risk a "
                      f"year from {side.affected:,} affected customers ({formatting.money(side.affected_mrr)} MRR).")
    methodology = (
        ("The comparison", f"Period: {period} ({months} months). " + (
            "Affected: customers counted by the slice's churn rate who raised the theme in a survey "
            "comment or ticket from 3 months before the period to its end; the rest: counted "
            "customers who spoke to us but did not raise it (so 'says anything at all' is not "
            "mistaken for the effect)." if problem.kind == "theme" else
            "Affected: the customers the slice's churn rate counts with this attribute value; "
            "the rest: those with any other value.")),
        ("Churn and relative risk", "Period churn = customers who left ÷ customers counted, Wilson 95% "
         "interval; annualised as 1 − (1 − monthly)^12 with monthly = 1 − (1 − period)^(1/months). "
         "Relative risk with the Katz log interval."),
        ("Revenue at risk", "Affected customers' current MRR × 12 × the excess annual churn "
         "(affected − rest). Its range uses the ends of the 95% interval of the excess."),
        ("Scenarios", "Pessimistic / expected / optimistic take the low end, centre and high end of "
         "the excess churn's 95% interval. Retained a year = affected ARR × excess × effect; ROI = "
         "(retained × years working − total cost) ÷ total cost over the horizon; payback = months "
         "to effect + cost ÷ net monthly retained."),
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
        formatting.money(side.affected_mrr), nps_text, chart, quotes, ranked.total, ranked.noun,
        cost, timeline, effect, scenarios,
        f"Approve {cost} to fix {label.lower()}" if problem.kind == "theme"
        else f"Approve {cost} to reduce churn among {label}", tuple(ask_points), methodology)


# ====================================================================== pptx drawing

WIDE, TALL = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: 16:9
MARGIN = Inches(0.6)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


class _Deck:
    """A 16:9 presentation with one look: white slides, a brand rule, Arial, large type."""

    def __init__(self, footer: str) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDE, TALL
        self.footer = footer
        self.count = 0

    def slide(self, title: str | None = None, kicker: str | None = None):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # blank
        self.count += 1
        if title is not None:
            bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.18), TALL)
            _fill(bar, BRAND)
            if kicker:
                self.text(slide, MARGIN, Inches(0.32), WIDE - 2 * MARGIN, Inches(0.4),
                          [[(kicker.upper(), 14, True, BRAND, False)]])
            self.text(slide, MARGIN, Inches(0.62), WIDE - 2 * MARGIN, Inches(0.9),
                      [[(title, 30 if len(title) <= 52 else 26, True, INK, False)]])
            self._footer(slide)
        return slide

    def _footer(self, slide) -> None:
        self.text(slide, MARGIN, Inches(7.0), Inches(10), Inches(0.35),
                  [[(self.footer, 11, False, MUTED, False)]])
        self.text(slide, WIDE - MARGIN - Inches(1), Inches(7.0), Inches(1), Inches(0.35),
                  [[(str(self.count), 11, False, MUTED, False)]], align=PP_ALIGN.RIGHT)

    @staticmethod
    def text(slide, left, top, width, height, paragraphs, align=PP_ALIGN.LEFT,
             anchor=MSO_ANCHOR.TOP, space_after: int = 0):
        """A text box of paragraphs; each paragraph a list of runs (text, size, bold, colour,
        italic). Text is written as plain runs; line feeds become line breaks."""
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = Inches(0.04)
        frame.margin_top = frame.margin_bottom = Inches(0.02)
        for index, runs in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = align
            if space_after:
                paragraph.space_after = Pt(space_after)
            for text, size, bold, colour, italic in runs:
                lines = clean(text).split("\n")
                for number, line in enumerate(lines):
                    if number:
                        paragraph.add_line_break()
                    run = paragraph.add_run()
                    run.text = line
                    font = run.font
                    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
                    font.color.rgb = _rgb(colour)
        return box

    def picture(self, slide, data: bytes, left, top, width=None, height=None):
        return slide.shapes.add_picture(BytesIO(data), left, top, width, height)

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.prs.save(str(target))
        return target


def _fill(shape, colour: str, line: str | None = None) -> None:
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = _rgb(line)
    shape.shadow.inherit = False


def _title_slide(deck: _Deck, kicker: str, title: str, subtitle: str, lines: list[str]) -> None:
    slide = deck.slide()
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(4.3), TALL)
    _fill(band, BRAND)
    deck.text(slide, Inches(0.6), Inches(0.6), Inches(3.4), Inches(1.2),
              [[("Heartbeat", 34, True, "#ffffff", False)]])
    deck.text(slide, Inches(0.6), Inches(1.35), Inches(3.4), Inches(1.5),
              [[("Customer experience, with the customers behind every figure", 16, False,
                 "#ffffff", False)]])
    deck.text(slide, Inches(4.9), Inches(1.9), Inches(7.9), Inches(0.5),
              [[(kicker.upper(), 16, True, BRAND, False)]])
    deck.text(slide, Inches(4.9), Inches(2.4), Inches(7.9), Inches(2.2),
              [[(title, 40, True, INK, False)]], anchor=MSO_ANCHOR.TOP)
    deck.text(slide, Inches(4.9), Inches(4.5), Inches(7.9), Inches(1.0),
              [[(subtitle, 20, False, MUTED, False)]])
    deck.text(slide, Inches(4.9), Inches(5.7), Inches(7.9), Inches(1.2),
              [[(line, 14, False, MUTED, False)] for line in lines], space_after=4)


def _quote_block(deck: _Deck, slide, quote: QuoteView, left, top, width, height, size: int = 17) -> None:
    mark = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, Inches(0.07), height)
    _fill(mark, RULE)
    deck.text(slide, left + Inches(0.2), top, width - Inches(0.2), height, [
        [(f"\u201c{quote.text}\u201d", size, False, INK, True)],
        [(quote.why, 12, False, MUTED, False)],
        [(quote.picked, 12, False, MUTED, False)],
    ], space_after=4)


def _appendix_slides(deck: _Deck, footer_title: str, entries: list[tuple[str, str]],
                     notes: list[tuple[str, str]]) -> None:
    """Methodology: label + text pairs in two columns, as many slides as needed."""
    per_slide = 4
    pages = [entries[i:i + per_slide * 2] for i in range(0, len(entries), per_slide * 2)] or [[]]
    for number, page in enumerate(pages, 1):
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        slide = deck.slide(f"How each figure is computed{suffix}", f"Appendix · {footer_title}")
        column_width = (WIDE - 2 * MARGIN - Inches(0.5)) / 2
        for column in range(2):
            chunk = page[column * per_slide:(column + 1) * per_slide]
            if not chunk:
                continue
            paragraphs = []
            for label, text in chunk:
                paragraphs.append([(label, 16, True, INK, False)])
                paragraphs.append([(text, 13, False, INK, False)])
            deck.text(slide, MARGIN + column * (column_width + Inches(0.5)), Inches(1.55),
                      column_width, Inches(5.3), paragraphs, space_after=5)
    if notes:
        slide = deck.slide("Quotes, significance and this slice", f"Appendix · {footer_title}")
        paragraphs = []
        for label, text in notes:
            paragraphs.append([(label, 16, True, INK, False)])
            paragraphs.append([(text, 14, False, INK, False)])
        deck.text(slide, MARGIN, Inches(1.55), WIDE - 2 * MARGIN, Inches(5.3), paragraphs,
                  space_after=6)


def _table(deck: _Deck, slide, rows: list[list[tuple[str, str]]], left, top, width, widths,
           row_height=Inches(0.5), size: int = 16):
    """A plain table: the first row is the header; each cell is (text, colour)."""
    shape = slide.shapes.add_table(len(rows), len(rows[0]), left, top, width,
                                   row_height * len(rows))
    table = shape.table
    table.first_row = True
    total = sum(widths)
    for index, share in enumerate(widths):
        table.columns[index].width = Emu(int(width * share / total))
    for r, row in enumerate(rows):
        table.rows[r].height = row_height
        for c, (text, colour) in enumerate(row):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(BRAND if r == 0 else ("#ffffff" if r % 2 else PANEL))
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_left = cell.margin_right = Inches(0.1)
            frame = cell.text_frame
            frame.word_wrap = True
            paragraph = frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if c == 0 else PP_ALIGN.RIGHT
            run = paragraph.add_run()
            run.text = clean(text)
            run.font.name, run.font.size = FONT, Pt(size)
            run.font.bold = r == 0 or c == 0
            run.font.color.rgb = _rgb("#ffffff" if r == 0 else colour)
    return shape


# ---------------------------------------------------------------------- overview deck

def overview_deck(con, slice_: slices.Slice, path: str | Path, mask: bool = True) -> Path:
    """Write the board deck of a slice to `path` (.pptx) and return the path."""
    content = overview_content(con, slice_, mask)
    return write_overview(content, path)


def write_overview(content: Overview, path: str | Path) -> Path:
    period = content.slice.describe()
    deck = _Deck(f"Heartbeat · {period} · {content.generated:%d %b %Y}")
    _title_slide(deck, "Board pack", f"Customer experience\n{period}",
                 content.subtitle,
                 [f"Prepared {content.generated:%d %B %Y}",
                  "Masked customer quotes" if MASK_NOTE in content.notes else "Unmasked customer quotes"])
    _glance_slide(deck, content)
    for view in content.metrics:
        _metric_slide(deck, content, view)
    entries = [(label + ("" if available else " (not in this workspace)"), description)
               for label, description, available in content.methodology]
    notes = [("How quotes are picked", content.notes[0]), ("Intervals and significance", content.notes[1]),
             ("This slice", content.notes[2]), ("Privacy", content.notes[3])]
    _appendix_slides(deck, period, entries, notes)
    return deck.save(path)


def _glance_slide(deck: _Deck, content: Overview) -> None:
    slide = deck.slide("At a glance", content.slice.describe())
    rows = [[("Metric", INK), ("Figure", INK), ("95% interval", INK), ("n", INK),
             ("Against the previous period", INK)]]
    for view in content.metrics:
        interval = view.interval_text.replace("95% CI ", "")
        change = _short_change(view)
        rows.append([(view.label, INK), (view.value_text, INK), (interval or "–", MUTED),
                     (f"{view.result.n:,}", MUTED), (change, TONES[view.tone])])
    height = Inches(min(0.55, 5.0 / len(rows)))
    _table(deck, slide, rows, MARGIN, Inches(1.6), WIDE - 2 * MARGIN, [2.6, 1.3, 2.4, 1.1, 4.2],
           row_height=height, size=16)


def _short_change(view: MetricView) -> str:
    """'+2.1 pts, significant' / '+0.2 pts, no significant change' for the glance table."""
    if view.key == "revenue_at_risk":
        return "not compared (a sum, not a sample)"
    if view.change is None or view.change.difference is None:
        return "–"
    amount = formatting.points(view.key, view.change.difference)
    return f"{amount}, {'significant' if view.change.significant else 'no significant change'}"


def headline(view: MetricView) -> str:
    """The slide's title: the figure and what changed, e.g. 'NPS +30, no significant change vs Q2 2026'."""
    if not view.enough:
        return f"{view.label}: too few {REGISTRY[view.key].counts} for a reliable figure"
    if view.change is None or view.change.difference is None:
        return f"{view.label}: {view.value_text}"
    if not view.change.significant:
        return f"{view.label}: {view.value_text}, no significant change vs {view.before_label}"
    direction = "up" if view.change.difference > 0 else "down"
    amount = formatting.points(view.key, abs(view.change.difference)).lstrip("+")
    return f"{view.label}: {view.value_text}, {direction} {amount} vs {view.before_label}"


def verdict(view: MetricView) -> tuple[str, str]:
    """('No significant change', 'vs Q2 2026: +0.2 pts, p = 0.43') for the figure's side panel."""
    change = view.change
    if change is None or change.difference is None or change.p_value is None:
        head, _, rest = view.change_text.partition(": ")
        return head, rest.rstrip(".")
    p = "p < 0.01" if change.p_value < 0.01 else f"p = {change.p_value:.2f}"
    amount = formatting.points(view.key, change.difference)
    if not change.significant:
        return "No significant change", f"vs {view.before_label}: {amount}, {p}"
    word = "Better" if view.tone == "good" else "Worse"
    return f"{word}: {amount}, significant", f"vs {view.before_label} ({p})"


def _metric_slide(deck: _Deck, content: Overview, view: MetricView) -> None:
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
    if view.chart is not None:
        chart_left = MARGIN + left_width + Inches(0.3)
        chart_width = WIDE - chart_left - MARGIN
        deck.text(slide, chart_left, top - Inches(0.05), chart_width, Inches(0.35),
                  [[("Month by month, last 12 months · shaded band: 95% interval", 12, False, MUTED, False)]])
        deck.picture(slide, view.chart, chart_left, top + Inches(0.3), width=chart_width)
    quote_top = Inches(4.85)
    if view.quotes:
        deck.text(slide, MARGIN, quote_top, WIDE - 2 * MARGIN, Inches(0.35),
                  [[(f"In their words: {view.noun}".upper(), 12, True, MUTED, False)]])
        width = (WIDE - 2 * MARGIN - Inches(0.4)) / len(view.quotes)
        for index, quote in enumerate(view.quotes):
            _quote_block(deck, slide, quote, MARGIN + index * (width + Inches(0.4)),
                         quote_top + Inches(0.35), width, Inches(1.7),
                         size=16 if len(view.quotes) > 1 else 18)
    else:
        deck.text(slide, MARGIN, quote_top, WIDE - 2 * MARGIN, Inches(0.5),
                  [[(f"No {view.noun} in this slice.", 14, False, MUTED, True)]])


# ---------------------------------------------------------------------- case deck

def case_deck(con, case: case_module.Case, path: str | Path, mask: bool = True) -> Path:
    """Write the investment case's deck to `path` (.pptx) and return the path."""
    return write_case(case_content(con, case, mask), path)


def write_case(view: CaseView, path: str | Path) -> Path:
    deck = _Deck(f"Heartbeat · {view.name} · {view.period} · {view.generated:%d %b %Y}")
    _title_slide(deck, "Investment case", view.name, f"{view.problem_label} · {view.period}",
                 [f"Prepared {view.generated:%d %B %Y}",
                  "Figures with 95% intervals; quotes from the affected customers"])
    _problem_slide(deck, view)
    _stories_slide(deck, view)
    _investment_slide(deck, view)
    _ask_slide(deck, view)
    _appendix_slides(deck, view.name, list(view.methodology), [])
    return deck.save(path)


def _kpi(deck: _Deck, slide, left, top, width, figure: str, label: str, note: str = "",
         colour: str = INK) -> None:
    panel = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, Inches(1.6))
    _fill(panel, PANEL)
    paragraphs = [[(figure, 34, True, colour, False)], [(label, 15, False, INK, False)]]
    if note:
        paragraphs.append([(note, 12, False, MUTED, False)])
    deck.text(slide, left + Inches(0.15), top + Inches(0.1), width - Inches(0.3), Inches(1.45),
              paragraphs, space_after=2)


def _problem_slide(deck: _Deck, view: CaseView) -> None:
    slide = deck.slide(view.headline, f"The problem · {view.problem_label} · {view.period}")
    affected, rest = view.rates
    width = (WIDE - 2 * MARGIN - Inches(0.6)) / 4
    top = Inches(1.75)
    kpis = [
        (f"{affected.n:,}", "affected customers", f"{affected.churned:,} left in {view.period}", INK),
        (view.revenue_at_risk_text, "revenue at risk a year", view.revenue_range_text, BAD),
        (view.relative_risk_text.split("×")[0] + "×", "the churn risk of the rest",
         view.relative_risk_text.split("(", 1)[1].rstrip(")") if "(" in view.relative_risk_text else "",
         BAD if view.significant else NEUTRAL),
        (view.nps_impact_text, "NPS points from it", "the slice's NPS with vs without these comments", INK)
        if view.nps_impact_text else
        (view.affected_mrr_text, "their current MRR", "what the affected customers pay a month", INK),
    ]
    for index, (figure, label, note, colour) in enumerate(kpis):
        _kpi(deck, slide, MARGIN + index * (width + Inches(0.2)), top, width, figure, label, note, colour)
    lines = []
    for row in view.rates:
        lines.append([(f"{row.label} ({row.n:,} customers, {row.churned:,} left)", 15, True, INK, False)])
        lines.append([(f"{percent(row.rate)} left in the period (95% CI {percent(row.low)}–"
                       f"{percent(row.high)}) · {percent(row.annual)} a year", 15, False, INK, False)])
    lines.append([(f"Their current MRR: {view.affected_mrr_text}", 14, False, MUTED, False)])
    deck.text(slide, MARGIN, Inches(3.65), Inches(5.2), Inches(3.2), lines, space_after=3)
    if view.chart is not None:
        deck.picture(slide, view.chart, MARGIN + Inches(5.5), Inches(3.6),
                     width=WIDE - 2 * MARGIN - Inches(5.5))


def _stories_slide(deck: _Deck, view: CaseView) -> None:
    slide = deck.slide("In their words", f"The stories · {view.problem_label}")
    if not view.quotes:
        deck.text(slide, MARGIN, Inches(1.7), WIDE - 2 * MARGIN, Inches(1),
                  [[("No words of affected customers in this slice.", 18, False, MUTED, True)]])
        return
    count = len(view.quotes)
    height = Inches(5.1 / count)
    for index, quote in enumerate(view.quotes):
        _quote_block(deck, slide, quote, MARGIN, Inches(1.65) + index * height,
                     WIDE - 2 * MARGIN, height - Inches(0.15), size=20 if count < 3 else 18)


def _investment_slide(deck: _Deck, view: CaseView) -> None:
    slide = deck.slide("What fixing it returns", f"The investment · {view.problem_label}")
    width = Inches(3.7)
    for index, (figure, label) in enumerate(((view.cost_text, "one-off cost"),
                                              (view.effect_text.split(" ")[1], "of the excess churn removed"))):
        _kpi(deck, slide, MARGIN, Inches(1.7) + index * Inches(1.8), width, figure, label)
    deck.text(slide, MARGIN, Inches(5.35), width, Inches(1.5),
              [[("Timeline", 15, True, INK, False)], [(view.timeline_text, 15, False, INK, False)]],
              space_after=3)
    rows = [[("Scenario", INK), ("Excess churn", INK), ("Retained a year", INK), ("ROI", INK),
             ("Payback", INK)]]
    for row in view.scenarios:
        colour = BAD if row.roi_text.startswith("\u2212") else GOOD if row.roi_text.startswith("+") else INK
        rows.append([(row.scenario, INK), (row.excess_text, INK), (row.retained_text, INK),
                     (row.roi_text, colour), (row.payback_text, INK)])
    left = MARGIN + width + Inches(0.5)
    _table(deck, slide, rows, left, Inches(1.75), WIDE - left - MARGIN, [2.0, 1.9, 2.3, 1.2, 1.8],
           row_height=Inches(0.6), size=18)
    deck.text(slide, left, Inches(4.4), WIDE - left - MARGIN, Inches(2.4),
              [[("Pessimistic, expected and optimistic use the low end, centre and high end of the "
                 "95% interval of the affected customers' excess churn. ROI over the horizon, after "
                 "the months before the fix works.", 14, False, MUTED, False)]])


def _ask_slide(deck: _Deck, view: CaseView) -> None:
    slide = deck.slide(view.ask_title, "The ask")
    deck.text(slide, MARGIN, Inches(1.8), WIDE - 2 * MARGIN, Inches(4.8),
              [[("\u2022  " + point, 22, False, INK, False)] for point in view.ask_points],
              space_after=14)
