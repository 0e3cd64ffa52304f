"""One-page HTML briefs: the overview of a slice, and an investment case.

The same content as the decks (`overview_content` / `case_content`: figures with n and 95%
intervals, change and significance, trend charts, quotes with who said it and how they were
picked, a short methodology), as one self-contained HTML page: inline CSS, charts embedded as
base64 PNG, no script and no external resource (a Content-Security-Policy says so too). Every
customer text and every uploaded value (attribute values, theme and case names) goes through
`html.escape`; customer text is masked unless `mask=False`.

`to_pdf(html, path)` prints a brief to PDF with headless Chromium (the browser kaleido already
needs), when it is installed.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from analytics.board._content import case_content, overview_content
from analytics.board._palette import BAD, BRAND, GOOD, INK, MUTED, NEUTRAL, PANEL, RULE
from analytics.board._views import CaseView, MetricView, Overview, QuoteView, reveal
from analytics.board._wording import verdict
from analytics.impact import Case
from analytics.metrics import Slice, formatting

OVERVIEW_CHART = (640, 210, 13, 1.5)  # width px, height px, font size, scale
CASE_CHART = (620, 220, 13, 1.5)
TONE_COLOURS = {"good": GOOD, "bad": BAD, "neutral": NEUTRAL}

CSS = f"""
*{{box-sizing:border-box}}
body{{margin:0;background:#fff;color:{INK};font:15px/1.45 Arial,"Liberation Sans",Helvetica,sans-serif}}
main{{max-width:1120px;margin:0 auto;padding:28px 32px 40px}}
header{{border-left:6px solid {BRAND};padding:2px 0 2px 16px;margin-bottom:22px}}
.kicker{{color:{BRAND};font-weight:700;text-transform:uppercase;letter-spacing:.04em;font-size:12px;margin:0}}
h1{{font-size:28px;margin:4px 0 2px}}
h2{{font-size:18px;margin:0 0 4px}}
h3{{font-size:15px;margin:14px 0 4px}}
.sub{{color:{MUTED};margin:0}}
.grid{{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}}
.card{{border:1px solid {RULE};border-radius:8px;padding:14px 16px;break-inside:avoid}}
.figure{{font-size:40px;font-weight:700;color:{BRAND};margin:0;line-height:1.1}}
.figure.few{{color:{NEUTRAL}}}
.stats{{margin:4px 0 0}}
.detail{{color:{MUTED};font-size:13px;margin:2px 0 0}}
.change{{font-weight:700;margin:8px 0 0}}
.change span{{font-weight:400;color:{MUTED};font-size:.88em}}
img{{max-width:100%;height:auto;display:block;margin:10px 0 4px}}
.chart-note{{color:{MUTED};font-size:12px;margin:6px 0 0}}
blockquote{{margin:10px 0 0;padding:2px 0 2px 12px;border-left:4px solid {RULE}}}
blockquote p{{margin:0;font-style:italic;white-space:pre-line}}
blockquote footer{{color:{MUTED};font-size:12px;margin-top:3px}}
.voices{{color:{MUTED};font-size:12px;font-weight:700;text-transform:uppercase;margin:12px 0 0}}
.kpis{{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin-bottom:16px}}
.kpi{{background:{PANEL};border-radius:8px;padding:12px 14px}}
.kpi b{{display:block;font-size:28px}}
.kpi small{{display:block;color:{MUTED}}}
.bad{{color:{BAD}}} .good{{color:{GOOD}}} .neutral{{color:{NEUTRAL}}}
table{{border-collapse:collapse;width:100%;margin:6px 0}}
th{{background:{BRAND};color:#fff;text-align:right;padding:6px 10px;font-size:14px}}
td{{padding:6px 10px;text-align:right;border-bottom:1px solid {RULE}}}
th:first-child,td:first-child{{text-align:left}}
tr:nth-child(even) td{{background:{PANEL}}}
.two{{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px;align-items:start}}
.method{{margin-top:24px;border-top:1px solid {RULE};padding-top:10px;font-size:12.5px;color:{MUTED}}}
.method dt{{font-weight:700;color:{INK};margin-top:6px}}
.method dd{{margin:0}}
ul.ask{{font-size:16px;padding-left:20px}}
@page{{size:A4;margin:10mm}}
@media print{{body{{font-size:9.5px;line-height:1.28}} main{{padding:0;max-width:none}} .figure{{font-size:20px}}
  .card h2{{font-size:12px;margin:0}} header{{margin-bottom:8px}}
  h1{{font-size:18px}} .grid{{gap:6px;grid-template-columns:repeat(3,minmax(0,1fr))}}
  .card{{padding:6px 8px}} .method{{font-size:9.5px}}
  blockquote footer,.detail,.chart-note{{font-size:8.5px}} .kpi b{{font-size:22px}}
  .card img{{margin:2px 0 1px;max-height:19mm;width:100%;object-fit:contain}}
  .card blockquote+blockquote{{display:none}}
  .chart-note,.voices{{display:none}} blockquote{{margin-top:4px}} .change{{margin-top:3px}}
  .grid+.method{{break-before:page}}}}
"""

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _e(text: object) -> str:
    """Escaped for HTML text and attribute values (quotes included), hidden characters revealed."""
    return escape("" if text is None else reveal(str(text)), quote=True)


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body><main>\n{body}\n</main></body></html>\n")


def _img(data: bytes | None, alt: str) -> str:
    if not data:
        return ""
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}">'


def _quote(quote: QuoteView) -> str:
    return (f"<blockquote><p>\u201c{_e(quote.text)}\u201d</p>"
            f"<footer>{_e(quote.why)} · {_e(quote.picked)}</footer></blockquote>")


def _method(entries) -> str:
    items = "".join(f"<dt>{_e(label)}</dt><dd>{_e(text)}</dd>" for label, text in entries)
    return f'<section class="method"><h2>How these figures are made</h2><dl>{items}</dl></section>'


# ---------------------------------------------------------------------- overview

def overview_html(con, slice_: Slice, mask: bool = True) -> str:
    """The one-page HTML brief of a slice's headline metrics, charts and quotes."""
    return render_overview(overview_content(con, slice_, mask, chart_size=OVERVIEW_CHART,
                                                 quote_chars=220))


def render_overview(content: Overview) -> str:
    cards = "\n".join(_metric_card(view) for view in content.metrics)
    description = content.slice.describe()
    header = (f'<header><p class="kicker">Heartbeat · board brief · {content.generated:%d %b %Y} · made by {_e(content.made_by)}</p>'
              f"<h1>Customer experience · {_e(description)}</h1>"
              f'<p class="sub">{_e(content.subtitle)}</p></header>')
    methods = [(label + ("" if available else " (not in this workspace)"), text)
               for label, text, available in content.methodology]
    methods += list(content.notes)
    return _page(f"Heartbeat · {description}",
                 f'{header}\n<section class="grid">\n{cards}\n</section>\n{_method(methods)}')


def _metric_card(view: MetricView) -> str:
    stats = " · ".join(_e(part) for part in (view.interval_text, view.sample_text) if part)
    parts = [f'<article class="card"><h2>{_e(view.label)}</h2>',
             f'<p class="figure{"" if view.enough else " few"}">{_e(view.value_text)}</p>',
             f'<p class="stats">{stats}</p>']
    if view.detail_text:
        parts.append(f'<p class="detail">{_e(view.detail_text)}</p>')
    if view.change_text:
        said, rest = verdict(view)
        parts.append(f'<p class="change {view.tone}">{_e(said)} <span>{_e(rest)}</span></p>')
    if view.chart:
        parts.append('<p class="chart-note">Month by month, last 12 months · band: 95% interval</p>')
        parts.append(_img(view.chart, f"{view.label} month by month"))
    if view.quotes:
        parts.append(f'<p class="voices">In their words: {_e(view.noun)}</p>')
        parts.extend(_quote(quote) for quote in view.quotes)
    else:
        parts.append(f'<p class="detail">No {_e(view.noun)} in this slice.</p>')
    parts.append("</article>")
    return "".join(parts)


# ---------------------------------------------------------------------- case

def case_html(con, case: Case, mask: bool = True) -> str:
    """The one-page HTML brief of an investment case."""
    return render_case(case_content(con, case, mask, chart_size=CASE_CHART))


def render_case(view: CaseView) -> str:
    affected = view.rates[0]
    header = (f'<header><p class="kicker">Heartbeat · investment case · {view.generated:%d %b %Y} · made by {_e(view.made_by)}</p>'
              f"<h1>{_e(view.name)}</h1><p class=\"sub\">{_e(view.problem_label)} · "
              f"{_e(view.period)}</p></header>")
    rr_figure = view.relative_risk_text.split("×")[0] + "×" if "×" in view.relative_risk_text else "–"
    kpis = (
        '<section class="kpis">'
        f'<div class="kpi"><b>{affected.n:,}</b>affected customers<small>{affected.churned:,} left in '
        f"{_e(view.period)}</small></div>"
        f'<div class="kpi"><b class="{"bad" if view.significant else "neutral"}">{_e(view.revenue_at_risk_text)}</b>'
        "revenue at risk a year"
        f"<small>{_e(view.revenue_range_text)}</small></div>"
        f'<div class="kpi"><b class="{"bad" if view.significant else "neutral"}">{_e(rr_figure)}</b>'
        f"relative churn risk<small>{_e(view.relative_risk_text)}</small></div>"
        + (f'<div class="kpi"><b>{_e(view.score_impact_text)}</b>{_e(view.score_label)} points from it'
           f"<small>{_e(view.score_label)} with vs without these comments</small></div>" if view.score_impact_text else
           f'<div class="kpi"><b>{_e(view.affected_mrr_text)}</b>their current MRR'
           "<small>what the affected customers pay a month</small></div>")
        + "</section>")
    rate_rows = "".join(
        f"<tr><td>{_e(row.label)}</td><td>{row.n:,}</td><td>{row.churned:,}</td>"
        f"<td>{_e(formatting.percent(row.rate))}</td><td>{_e(formatting.percent(row.low))}–"
        f"{_e(formatting.percent(row.high))}</td><td>{_e(formatting.percent(row.annual))}</td></tr>"
        for row in view.rates)
    problem = (f'<section><h2>{_e(view.headline)}</h2><div class="two"><div><table>'
               "<tr><th>Group</th><th>Customers</th><th>Left</th><th>Churn</th><th>95% CI</th>"
               f"<th>A year</th></tr>{rate_rows}</table>"
               f'<p class="detail">MRR of those still customers: {_e(view.affected_mrr_text)}</p></div>'
               f"<div>{_img(view.chart, 'Annualised churn, affected vs the rest')}</div></div></section>")
    quotes = "".join(_quote(quote) for quote in view.quotes) or \
        '<p class="detail">No words of affected customers in this slice.</p>'
    stories = f"<section><h3>In their words</h3>{quotes}</section>"
    scenario_rows = "".join(
        f"<tr><td>{_e(row.scenario)}</td><td>{_e(row.excess_text)}</td><td>{_e(row.retained_text)}</td>"
        f"<td>{_e(row.npv_text)}</td>"
        f'<td class="{"bad" if row.roi_text.startswith(chr(0x2212)) else "good"}">{_e(row.roi_text)}</td>'
        f"<td>{_e(row.payback_text)}</td></tr>" for row in view.scenarios)
    investment = (f"<section><h3>The investment: {_e(view.cost_text)}, {_e(view.effect_text)}, "
                  f"{_e(view.timeline_text)}</h3><table><tr><th>Scenario</th><th>Excess churn / yr</th>"
                  f"<th>Kept, first year working</th><th>NPV</th><th>ROI</th><th>Payback</th></tr>{scenario_rows}</table>"
                  '<p class="detail">Pessimistic, expected and optimistic: the low end, centre and high '
                  "end of the 95% interval of the excess churn.</p></section>")
    ask = (f"<section><h3>The ask: {_e(view.ask_title)}</h3><ul class=\"ask\">"
           + "".join(f"<li>{_e(point)}</li>" for point in view.ask_points) + "</ul></section>")
    return _page(f"Heartbeat · {view.name}",
                 f"{header}\n{kpis}\n{problem}\n{stories}\n{investment}\n{ask}\n{_method(view.methodology)}")


# ---------------------------------------------------------------------- PDF

class PdfError(RuntimeError):
    """The brief could not be printed to PDF."""


def chromium_path() -> str | None:
    """The Chromium/Chrome binary: $BROWSER_PATH, else the first of the usual names on PATH."""
    chosen = os.environ.get("BROWSER_PATH")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(html_text: str, path: str | Path, timeout: float = 90) -> Path:
    """Print the HTML to an A4 PDF with headless Chromium (`--print-to-pdf`)."""
    binary = chromium_path()
    if binary is None:
        raise PdfError("PDF needs Chromium (Debian: apt-get install chromium), or BROWSER_PATH")
    target = Path(path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="heartbeat-pdf-") as folder:
        page = Path(folder) / "brief.html"
        page.write_text(html_text, encoding="utf-8")
        command = [binary, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                   f"--user-data-dir={folder}/profile", "--no-pdf-header-footer",
                   f"--print-to-pdf={target}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as err:
            raise PdfError(f"Chromium did not finish printing within {timeout:.0f} s") from err
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise PdfError(f"Chromium could not print the brief (exit {done.returncode}: {tail[0]})")
    return target
