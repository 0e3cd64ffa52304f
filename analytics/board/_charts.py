"""Charts: pure functions from metric Results or DataFrames to plotly Figures, for the explore
pages and (restyled by `_render.projector_style`) for slides and briefs.

Every clickable mark carries in `customdata` the value that narrows the slice to it: a month's
first day as ISO text, an attribute value, a score side.
"""

from __future__ import annotations

import math
from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go

from analytics.board._palette import (APP_FONT, BAD, BRAND, FAINT, GOOD, GRID, INK, LIGHT_BAD, MUTED,
                                      NEUTRAL, PANEL, SIDE_COLOURS)
from analytics.board._style import chart_text, enough, month_axis, point_text, rgba, style, value_axis
from analytics.metrics import ATTRIBUTE_LABELS, REGISTRY, Result, Slice, formatting, period_label


def trend(results: list[Result], min_n: int, *, y_title: str | None = None) -> go.Figure:
    """One point per period (Result.slice.start), a shaded 95% interval, grey points below
    min_n. customdata: the period's first day (ISO)."""
    fig = go.Figure()
    if not results:
        return style(fig, height=320)
    metric = results[0].metric
    months = [r.slice.start for r in results]
    ok = [enough(r, min_n) for r in results]
    keys = [m.isoformat() for m in months]
    text = [point_text(r, min_n, period_label(r.slice.start, r.slice.end)) for r in results]
    upper = [r.ci_high if good else None for r, good in zip(results, ok)]
    lower = [r.ci_low if good else None for r, good in zip(results, ok)]
    fig.add_trace(go.Scatter(x=months, y=upper, mode="lines", line=dict(width=0), hoverinfo="skip",
                             name="95% interval", showlegend=False))
    fig.add_trace(go.Scatter(x=months, y=lower, mode="lines", line=dict(width=0), fill="tonexty",
                             fillcolor=rgba(BRAND, 0.14), hoverinfo="skip", name="95% interval"))
    fig.add_trace(go.Scatter(
        x=months, y=[r.value if good else None for r, good in zip(results, ok)], name=REGISTRY[metric].label,
        mode="lines+markers", line=dict(color=BRAND, width=2.5), marker=dict(size=8, color=BRAND),
        customdata=keys, hovertext=text, hovertemplate="%{hovertext}<extra></extra>"))
    few = [r.value if (not good and r.value is not None) else None for r, good in zip(results, ok)]
    if any(v is not None for v in few):
        fig.add_trace(go.Scatter(
            x=months, y=few, name="Too few responses", mode="markers",
            marker=dict(size=8, color="white", line=dict(color=NEUTRAL, width=1.5)),
            customdata=keys, hovertext=text, hovertemplate="%{hovertext}<extra></extra>"))
    values = [v for r in results for v in (r.value, r.ci_high) if v is not None]
    style(fig, height=320, y_title=y_title or REGISTRY[metric].label)
    fig.update_yaxes(**value_axis(metric, values))
    if REGISTRY[metric].unit == "percent" and values and max(values) <= 0.5:
        fig.update_yaxes(rangemode="tozero")  # small shares (churn) from zero; retention near 100% zoomed in
    month_axis(fig, months)
    return fig


def churned_revenue(results: list[Result], min_n: int) -> go.Figure:
    """Churned MRR per month from revenue_churn Results: bars of the MRR lost (the rate's
    numerator) with whiskers of its 95% interval scaled to money. customdata: month (ISO)."""
    fig = go.Figure()
    months, lost, plus, minus, colours, text = [], [], [], [], [], []
    for r in results:
        numerator, denominator = r.parts.get("numerator"), r.parts.get("denominator")
        months.append(r.slice.start)
        lost.append(numerator or 0.0)
        good = enough(r, min_n) and r.ci_low is not None and denominator
        plus.append((r.ci_high * denominator - numerator) if good else 0)
        minus.append((numerator - max(r.ci_low, 0) * denominator) if good else 0)
        colours.append(BAD if enough(r, min_n) else FAINT)
        label = f"<b>{period_label(r.slice.start, r.slice.end)}</b>"
        if r.value is None:
            text.append(f"{label}<br>no customers")
            continue
        line = (f"{label}<br>{formatting.money(numerator)} MRR lost: {formatting.value('revenue_churn', r.value)} "
                f"of the MRR at the month's start")
        line += f"<br>{formatting.interval(r)}" if good else f"<br><i>too few customers (minimum {min_n:,})</i>"
        text.append(f"{line}<br>{r.parts.get('affected', 0):,} of {r.n:,} customers left")
    fig.add_trace(go.Bar(x=months, y=lost, marker_color=colours, name="MRR lost",
                         error_y=dict(type="data", array=plus, arrayminus=minus, color=INK,
                                      thickness=1.2, width=3),
                         customdata=[m.isoformat() for m in months], hovertext=text,
                         hovertemplate="%{hovertext}<extra></extra>"))
    style(fig, height=300, y_title="MRR lost to churn")
    fig.update_yaxes(tickprefix="$", tickformat="~s", rangemode="tozero")
    month_axis(fig, months)
    return fig


def breakdown(results: list[Result], values: list[str], min_n: int, *, attribute: str,
              overall: Result | None = None) -> go.Figure:
    """Horizontal bars, one per value of `attribute`, highest first, with 95% whiskers, n in the
    label and hover, grey below min_n and a dashed line at the whole slice's figure.
    customdata: the attribute value."""
    fig = go.Figure()
    if not results:
        return style(fig, height=160)
    metric = results[0].metric
    rows = sorted(zip(results, values), key=lambda pair: -math.inf if pair[0].value is None
                  else pair[0].value, reverse=True)
    shown = [r.value if r.value is not None else 0 for r, _ in rows]
    ok = [enough(r, min_n) for r, _ in rows]
    ticks = [f"{chart_text(value)}<br><span style='font-size:11px;color:{NEUTRAL}'>n = {r.n:,}</span>" for r, value in rows]
    label = ATTRIBUTE_LABELS.get(attribute, attribute)
    fig.add_trace(go.Bar(
        y=[value for _, value in rows], x=shown, orientation="h",
        marker_color=[BRAND if good else FAINT for good in ok],
        error_x=dict(type="data", array=[(r.ci_high - r.value) if good and r.ci_high is not None else 0
                                         for (r, _), good in zip(rows, ok)],
                     arrayminus=[(r.value - r.ci_low) if good and r.ci_low is not None else 0
                                 for (r, _), good in zip(rows, ok)],
                     color=INK, thickness=1.2, width=4),
        customdata=[value for _, value in rows],
        hovertext=[point_text(r, min_n, chart_text(f"{label}: {value}")) for r, value in rows],
        hovertemplate="%{hovertext}<extra></extra>", name=REGISTRY[metric].label))
    ends = [max(v, r.ci_high if good and r.ci_high is not None else v) for (r, _), v, good in zip(rows, shown, ok)]
    fig.add_trace(go.Scatter(  # the figures, just past each whisker, so bars and whiskers stay clear
        x=ends, y=[value for _, value in rows], mode="text", textposition="middle right",
        text=[f"  {formatting.value(metric, r.value)}" if r.value is not None else "  –" for r, _ in rows],
        textfont=dict(color=[INK if good else NEUTRAL for good in ok], size=13), hoverinfo="skip",
        customdata=[value for _, value in rows], name="figures", cliponaxis=False,
        unselected=dict(textfont=dict(color=INK))))  # a click dims the other bars, not the figures
    if overall is not None and overall.value is not None:
        fig.add_vline(x=overall.value, line=dict(color=NEUTRAL, dash="dash", width=1.2),
                      annotation=dict(text=f"All: {formatting.value(metric, overall.value)}",
                                      font=dict(color=NEUTRAL, size=12)),
                      annotation_position="top")
    values_seen = [v for r, _ in rows for v in (r.value, r.ci_high) if v is not None]
    style(fig, height=max(170, 70 + 50 * len(rows)), x_title=REGISTRY[metric].label)
    fig.update_layout(margin=dict(t=28, r=56))
    fig.update_yaxes(autorange="reversed", tickvals=[value for _, value in rows], ticktext=ticks,
                     showgrid=False, automargin=True, ticks="")
    fig.update_xaxes(**value_axis(metric, values_seen), showgrid=True, gridcolor=GRID)
    if REGISTRY[metric].unit in ("percent", "currency") and min(shown, default=0) >= 0:
        fig.update_xaxes(rangemode="tozero")
    return fig


def score_distribution(frame: pd.DataFrame, metric: str) -> go.Figure:
    """Share of answers at each score, coloured by side (detractor / passive / promoter, or
    dissatisfied / satisfied, hard / easy). customdata: the side."""
    fig = go.Figure()
    scores = frame["score"].tolist() if not frame.empty else []
    worded = "label" in frame  # a helpdesk's Good / Bad, as its tool wrote them
    labels = frame["label"].tolist() if worded else [f"{s:g}" for s in scores]
    total = int(frame["responses"].sum()) if not frame.empty else 0
    fig.add_trace(go.Bar(
        x=labels, y=frame["share"].tolist() if total else [],
        marker_color=[SIDE_COLOURS.get(side, NEUTRAL) for side in frame.get("side", [])],
        text=[f"{share:.0%}" if share >= 0.005 else "" for share, responses in
              zip(frame.get("share", []), frame.get("responses", []))],
        textposition="outside", cliponaxis=False, textfont=dict(size=12, color=INK),
        customdata=frame.get("side", pd.Series()).tolist(),
        hovertext=[f"<b>{label if worded else f'Score {label}'}</b> · {side}<br>{responses:,} of {total:,} answers "
                   f"({share:.1%})"
                   for label, side, responses, share in
                   zip(labels, frame.get("side", []), frame.get("responses", []), frame.get("share", []))],
        hovertemplate="%{hovertext}<extra></extra>", name="Answers"))
    scale = f" ({labels[0]}–{labels[-1]})" if labels and not worded else ""
    style(fig, height=300, x_title="Rating" if worded else f"Score{scale}", y_title="Share of answers")
    fig.update_xaxes(type="category", ticks="")
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    fig.update_layout(margin=dict(t=24))
    return fig


# ---------------------------------------------------------------- for slides and briefs

def trend_figure(results: list[Result], slice_: Slice, min_n: int) -> go.Figure:
    """The monthly trend of the app (charts.trend) with the slice's own months shaded."""
    figure = trend(results, min_n)
    if slice_.start and slice_.end and results:
        months = [r.slice.start for r in results]
        inside = [m for m in months if slice_.start <= m < slice_.end]
        if inside:
            figure.add_vrect(x0=inside[0] - timedelta(days=15), x1=inside[-1] + timedelta(days=15),
                             fillcolor=PANEL, line_width=0, layer="below",
                             annotation_text=period_label(slice_.start, slice_.end),
                             annotation_position="top left",
                             annotation_font=dict(color=MUTED))
    return figure


def churn_comparison_figure(rows: list) -> go.Figure:
    """Annualised churn of the affected customers and the rest, with 95% whiskers."""
    names = ["Affected", "The rest"]
    figure = go.Figure(go.Bar(
        y=[f"{names[i] if i < 2 else chart_text(row.label)} (n = {row.n:,})" for i, row in enumerate(rows)],
        x=[row.annual or 0 for row in rows], orientation="h",
        marker_color=[BAD if i == 0 else NEUTRAL for i in range(len(rows))],
        error_x=dict(type="data", array=[max((row.annual_high or 0) - (row.annual or 0), 0) for row in rows],
                     arrayminus=[max((row.annual or 0) - (row.annual_low or 0), 0) for row in rows],
                     color=INK, thickness=1.5, width=6),
        text=[f"{names[i] if i < 2 else chart_text(row.label)} (n = {row.n:,}): {formatting.percent(row.annual)} a year"
              for i, row in enumerate(rows)], textposition="inside",
        insidetextanchor="start", textfont=dict(color="white"), hoverinfo="skip"))
    figure.update_layout(template="plotly_white", showlegend=False, bargap=0.35,
                         paper_bgcolor="white", plot_bgcolor="white")
    figure.update_xaxes(tickformat=".0%", rangemode="tozero", gridcolor="#eaeef2",
                        title_text="churn per year (annualised), 95% interval")
    figure.update_yaxes(autorange="reversed", showticklabels=False)
    return figure


# ---------------------------------------------------------------- what a theme and a customer cost

def theme_money(rows: list) -> go.Figure:
    """Churned and at-risk MRR per theme (impact.Driver rows), stacked, the costliest on top."""
    ordered = list(reversed(rows))
    names = [chart_text(row.theme) for row in ordered]
    fig = go.Figure()
    for label, values, colour in (("Churned MRR", [r.churned_mrr for r in ordered], BAD),
                                  ("At-risk MRR", [r.at_risk_mrr for r in ordered], LIGHT_BAD)):
        fig.add_bar(y=names, x=values, name=label, orientation="h", marker_color=colour,
                    customdata=[formatting.money(v) for v in values],
                    hovertemplate=f"<b>%{{y}}</b><br>{label}: %{{customdata}}<extra></extra>")
    fig.update_layout(barmode="stack", template="plotly_white", height=max(260, 34 * len(rows) + 60),
                      margin=dict(l=8, r=8, t=36, b=8), font=dict(family=APP_FONT, size=13, color=INK),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0,
                                  traceorder="normal"),
                      bargap=0.35)
    fig.update_xaxes(tickprefix="$", tickformat="~s", fixedrange=True, gridcolor=GRID)
    fig.update_yaxes(fixedrange=True, automargin=True)
    return fig


def theme_impact(rows: list, score: str, unit: str) -> go.Figure:
    """Each theme's impact on the score (impact.Driver rows), in the rows' order from the top:
    red when it clearly pulls the score down, green when up, grey when within chance or too few mentions."""
    ordered = [row for row in reversed(rows) if row.score_impact is not None]
    colours = [NEUTRAL if not row.score_significant else BAD if row.score_impact < 0 else GOOD for row in ordered]
    fig = go.Figure(go.Bar(
        y=[chart_text(row.theme) for row in ordered], x=[row.score_impact for row in ordered], orientation="h",
        marker_color=colours, customdata=[[row.score_mentions, "" if row.score_significant else
                                           " (not enough mentions)" if not row.score_enough else " (within chance)"]
                                          for row in ordered],
        hovertemplate=f"<b>%{{y}}</b><br>{score} impact %{{x:+.2f}} {unit}%{{customdata[1]}}"
                      "<br>%{customdata[0]:,} answers mention it<extra></extra>"))
    fig.update_layout(template="plotly_white", height=max(260, 34 * len(ordered) + 60),
                      margin=dict(l=8, r=8, t=16, b=8), font=dict(family=APP_FONT, size=13, color=INK),
                      showlegend=False, bargap=0.35)
    fig.update_xaxes(title=f"{score} impact ({unit})", zeroline=True, zerolinecolor=INK, fixedrange=True,
                     gridcolor=GRID)
    fig.update_yaxes(fixedrange=True, automargin=True)
    return fig


def customer_revenue(history: pd.DataFrame, churn_date=None) -> go.Figure:
    """One customer's monthly MRR (columns month, mrr) as steps, with their churn date marked."""
    fig = go.Figure(go.Scatter(
        x=history["month"], y=history["mrr"], mode="lines+markers", line=dict(color=BRAND, width=2, shape="hv"),
        marker=dict(size=5), fill="tozeroy", fillcolor=rgba(BRAND, 0.08),
        customdata=[formatting.money(v) for v in history["mrr"]],
        hovertemplate="%{x|%b %Y}: %{customdata} MRR<extra></extra>"))
    if churn_date is not None:
        fig.add_vline(x=pd.Timestamp(churn_date).timestamp() * 1000, line=dict(color=BAD, dash="dash"),
                      annotation_text="churned", annotation_font_color=BAD)
    fig.update_layout(template="plotly_white", height=240, margin=dict(l=8, r=8, t=24, b=8), showlegend=False,
                      font=dict(family=APP_FONT, size=13, color=INK))
    fig.update_yaxes(tickprefix="$", tickformat="~s", rangemode="tozero", fixedrange=True, gridcolor=GRID)
    fig.update_xaxes(fixedrange=True, tickformat="%b %Y", showgrid=False)
    return fig
