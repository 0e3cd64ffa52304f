"""Charts of the explore pages: pure functions from metric Results or DataFrames to plotly Figures.

One look everywhere: white background, plain-word axis titles, values formatted as on the tiles,
BRAND blue for the main series, GOOD / BAD for the good and bad sides of a score, NEUTRAL grey
for the middle and for anything below the minimum n (drawn grey, without an interval, and named
in the hover). Every clickable mark carries in `customdata` the value that narrows the slice to
it (a month's first day as ISO text, a segment value, a score side, a cohort and age, an NPS
group), which `picked` reads back from Streamlit's selection state.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from analytics import formatting
from analytics.formatting import BAD, BRAND, GOOD, NEUTRAL
from analytics.metrics import REGISTRY, Result
from analytics.retention import GROUP_LABELS, GROUPS, Survival
from analytics.slices import ATTRIBUTE_LABELS, Slice, add_months, period_label

CONFIG = {"displayModeBar": False}
FONT = '"Source Sans", "Source Sans Pro", sans-serif'
INK = "#1f2328"
GRID = "#eaeef2"
FAINT = "#d0d7de"  # bars and points below the minimum n
SIDE_COLOURS = {"detractors": BAD, "passives": NEUTRAL, "promoters": GOOD, "dissatisfied": BAD,
                "satisfied": GOOD, "hard": BAD, "easy": GOOD}
GROUP_COLOURS = {"promoter": GOOD, "passive": NEUTRAL, "detractor": BAD, "no answer": "#8c959f"}
GROUP_DASHES = {"promoter": "solid", "passive": "solid", "detractor": "solid", "no answer": "dot"}


# ---------------------------------------------------------------- shared pieces

def picked(state) -> tuple | None:
    """The customdata of the first selected point in a `st.plotly_chart(on_select=...)` state,
    as a tuple (None when nothing carrying customdata is selected)."""
    try:
        points = state["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or ():
        data = point.get("customdata") if isinstance(point, dict) else None
        if data is not None:
            return tuple(data) if isinstance(data, (list, tuple)) else (data,)
    return None


def slice_label(slice_: Slice) -> str:
    """'SMB · Q3 2026': the attribute values first, then the period."""
    values = [", ".join(v) for _, v in slice_.filters]
    return " · ".join([*values, period_label(slice_.start, slice_.end)])


def enough(result: Result, min_n: int) -> bool:
    return result.value is not None and result.n >= min_n


def too_few_note(results: list[Result], min_n: int, noun: str = "responses") -> str | None:
    """'grey: too few responses for a reliable figure (under 30), 2 of 12' or None."""
    few = [r for r in results if r.value is not None and r.n < min_n]
    if not few:
        return None
    return f"grey: too few {noun} for a reliable figure (under {min_n:,}), {len(few)} of {len(results)}"


def n_range(results: list[Result]) -> str:
    """'n = 3,150–3,331 customers a month' (or 'n = 310 responses a month' when all equal)."""
    counts = [r.n for r in results if r.n]
    if not counts:
        return ""
    noun = REGISTRY[results[0].metric].counts
    low, high = min(counts), max(counts)
    return f"n = {low:,}{'' if low == high else f'–{high:,}'} {noun} a month"


def narrowed(slice_: Slice, attribute: str, value: str) -> Slice:
    """The slice narrowed to one value of an attribute (the slice itself when it already is)."""
    return slice_ if dict(slice_.filters).get(attribute) == (value,) else slice_.where(attribute, value)


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _style(fig: go.Figure, *, height: int, x_title: str | None = None,
           y_title: str | None = None, legend: bool = False) -> go.Figure:
    fig.update_layout(
        template="plotly_white", paper_bgcolor="white", plot_bgcolor="white", height=height,
        margin=dict(l=8, r=8, t=36 if legend else 12, b=8), showlegend=legend,
        font=dict(family=FONT, size=13, color=INK), hovermode="closest",
        hoverlabel=dict(bgcolor="white", bordercolor=FAINT, font=dict(family=FONT, size=13, color=INK)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title_text=""),
        bargap=0.35)
    fig.update_xaxes(title_text=x_title, fixedrange=True, showgrid=False, linecolor=FAINT,
                     ticks="outside", tickcolor=FAINT)
    fig.update_yaxes(title_text=y_title, fixedrange=True, gridcolor=GRID, zeroline=False)
    return fig


def _value_axis(metric: str, values: list[float]) -> dict:
    """Tick format for a metric's values, as the tiles write them."""
    unit = REGISTRY[metric].unit
    if unit == "percent":
        return {"tickformat": ".1%" if max(values, default=0) < 0.1 else ".0%"}
    if unit == "nps":
        return {"tickformat": "+.0f"}
    if unit == "currency":
        return {"tickprefix": "$", "tickformat": "~s"}
    return {"tickformat": ".1f"}


def _point_text(result: Result, min_n: int, label: str) -> str:
    metric = REGISTRY[result.metric]
    if result.value is None:
        return f"<b>{label}</b><br>no {metric.counts}"
    text = f"<b>{label}</b><br>{metric.label} {formatting.value(result.metric, result.value)}"
    if enough(result, min_n):
        interval = formatting.interval(result)
        text += f"<br>{interval}" if interval else ""
    else:
        text += f"<br><i>too few {metric.counts} (minimum {min_n:,})</i>"
    return text + f"<br>{formatting.sample(result)}"


# ---------------------------------------------------------------- a figure over time

def trend(results: list[Result], min_n: int, *, y_title: str | None = None) -> go.Figure:
    """One point per period (Result.slice.start), a shaded 95% interval, grey points below
    min_n. customdata: the period's first day (ISO)."""
    fig = go.Figure()
    if not results:
        return _style(fig, height=320)
    metric = results[0].metric
    months = [r.slice.start for r in results]
    ok = [enough(r, min_n) for r in results]
    keys = [m.isoformat() for m in months]
    text = [_point_text(r, min_n, period_label(r.slice.start, r.slice.end)) for r in results]
    upper = [r.ci_high if good else None for r, good in zip(results, ok)]
    lower = [r.ci_low if good else None for r, good in zip(results, ok)]
    fig.add_trace(go.Scatter(x=months, y=upper, mode="lines", line=dict(width=0), hoverinfo="skip",
                             name="95% interval", showlegend=False))
    fig.add_trace(go.Scatter(x=months, y=lower, mode="lines", line=dict(width=0), fill="tonexty",
                             fillcolor=_rgba(BRAND, 0.14), hoverinfo="skip", name="95% interval"))
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
    _style(fig, height=320, y_title=y_title or REGISTRY[metric].label)
    fig.update_yaxes(**_value_axis(metric, values))
    if REGISTRY[metric].unit == "percent" and metric != "csat":
        fig.update_yaxes(rangemode="tozero")
    _month_axis(fig, months)
    return fig


def _month_axis(fig: go.Figure, months: list[date]) -> None:
    """A tick per month (every other one past 12), the year under the first and every January."""
    ticks = months[::2] if len(months) > 12 else months
    text = [f"{m:%b}<br>{m:%Y}" if i == 0 or m.month == 1 else f"{m:%b}" for i, m in enumerate(ticks)]
    fig.update_xaxes(tickvals=ticks, ticktext=text, tickangle=0)


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
    _style(fig, height=300, y_title="MRR lost to churn")
    fig.update_yaxes(tickprefix="$", tickformat="~s", rangemode="tozero")
    _month_axis(fig, months)
    return fig


# ---------------------------------------------------------------- a figure by group

def breakdown(results: list[Result], values: list[str], min_n: int, *, attribute: str,
              overall: Result | None = None) -> go.Figure:
    """Horizontal bars, one per value of `attribute`, highest first, with 95% whiskers, n in the
    label and hover, grey below min_n and a dashed line at the whole slice's figure.
    customdata: the attribute value."""
    fig = go.Figure()
    if not results:
        return _style(fig, height=160)
    metric = results[0].metric
    rows = sorted(zip(results, values), key=lambda pair: -math.inf if pair[0].value is None
                  else pair[0].value, reverse=True)
    shown = [r.value if r.value is not None else 0 for r, _ in rows]
    ok = [enough(r, min_n) for r, _ in rows]
    ticks = [f"{value}<br><span style='font-size:11px;color:{NEUTRAL}'>n = {r.n:,}</span>" for r, value in rows]
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
        hovertext=[_point_text(r, min_n, f"{label}: {value}") for r, value in rows],
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
    _style(fig, height=max(170, 70 + 50 * len(rows)), x_title=REGISTRY[metric].label)
    fig.update_layout(margin=dict(t=28, r=56))
    fig.update_yaxes(autorange="reversed", tickvals=[value for _, value in rows], ticktext=ticks,
                     showgrid=False, automargin=True, ticks="")
    fig.update_xaxes(**_value_axis(metric, values_seen), showgrid=True, gridcolor=GRID)
    if REGISTRY[metric].unit in ("percent", "currency") and min(shown, default=0) >= 0:
        fig.update_xaxes(rangemode="tozero")
    return fig


def score_distribution(frame: pd.DataFrame, metric: str) -> go.Figure:
    """Share of answers at each score, coloured by side (detractor / passive / promoter, or
    dissatisfied / satisfied, hard / easy). customdata: the side."""
    fig = go.Figure()
    scores = frame["score"].tolist() if not frame.empty else []
    labels = [f"{s:g}" for s in scores]
    total = int(frame["responses"].sum()) if not frame.empty else 0
    fig.add_trace(go.Bar(
        x=labels, y=frame["share"].tolist() if total else [],
        marker_color=[SIDE_COLOURS.get(side, NEUTRAL) for side in frame.get("side", [])],
        text=[f"{share:.0%}" if share >= 0.005 else "" for share, responses in
              zip(frame.get("share", []), frame.get("responses", []))],
        textposition="outside", cliponaxis=False, textfont=dict(size=12, color=INK),
        customdata=frame.get("side", pd.Series()).tolist(),
        hovertext=[f"<b>Score {label}</b> · {side}<br>{responses:,} of {total:,} answers ({share:.1%})"
                   for label, side, responses, share in
                   zip(labels, frame.get("side", []), frame.get("responses", []), frame.get("share", []))],
        hovertemplate="%{hovertext}<extra></extra>", name="Answers"))
    scale = f" ({labels[0]}–{labels[-1]})" if labels else ""
    _style(fig, height=300, x_title=f"Score{scale}", y_title="Share of answers")
    fig.update_xaxes(type="category", ticks="")
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    fig.update_layout(margin=dict(t=24))
    return fig


# ---------------------------------------------------------------- retention

def cohort_heatmap(table: pd.DataFrame, min_n: int) -> go.Figure:
    """Share of each signup-month cohort still customers k months on; cohorts smaller than
    min_n in grey. An invisible marker per cell makes cells clickable (heatmaps cannot be
    selected in plotly) and outlines the chosen one. customdata: [cohort (ISO), k]."""
    fig = go.Figure()
    if table.empty:
        return _style(fig, height=200)
    cohorts = sorted(table["cohort"].unique())
    ages = list(range(1, int(table["age"].max()) + 1))
    names = [period_label(c, add_months(c, 1)) for c in cohorts]
    sizes = table.groupby("cohort")["customers"].first()
    grid = table.pivot(index="cohort", columns="age", values="share").reindex(index=cohorts, columns=ages)
    big = [sizes[c] >= min_n for c in cohorts]
    main = grid.where(pd.Series(big, index=cohorts), axis=0)
    small = grid.where(~pd.Series(big, index=cohorts), axis=0)
    low = float(table.loc[table["customers"] >= min_n, "share"].min()) if any(big) else 0.0
    common = dict(x=ages, y=names, xgap=1, ygap=1, hoverinfo="skip", texttemplate="%{text}",
                  textfont=dict(size=10))
    fig.add_trace(go.Heatmap(z=main.to_numpy(), text=_cell_text(main), zmin=min(low, 0.95), zmax=1,
                             colorscale=[[0, "#f7c1c4"], [0.45, "#f6f8fa"], [1, BRAND]],
                             colorbar=dict(title=dict(text="Still<br>customers", side="top"),
                                           tickformat=".0%", thickness=10, len=0.5, y=1, yanchor="top"),
                             **common))
    if not all(big):
        fig.add_trace(go.Heatmap(z=small.to_numpy(), text=_cell_text(small), zmin=0, zmax=1,
                                 colorscale=[[0, "#f6f8fa"], [1, "#eaeef2"]], showscale=False, **common))
    cells = table.assign(name=[period_label(c, add_months(c, 1)) for c in table["cohort"]])
    hover = [f"<b>Signed up {row.name}</b> ({row.customers:,} customers)<br>"
             f"{row.share:.0%} still customers on {add_months(row.cohort, row.age):%-d %b %Y}, "
             f"{row.age} month{'s' if row.age != 1 else ''} on"
             + ("" if row.customers >= min_n else f"<br><i>too few customers (minimum {min_n:,})</i>")
             for row in cells.itertuples(index=False)]
    fig.add_trace(go.Scatter(
        x=cells["age"], y=cells["name"], mode="markers", name="cells",
        marker=dict(symbol="square-open", size=16, color=INK, opacity=0, line=dict(width=2)),
        selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=0)),
        customdata=[[c.isoformat(), int(a)] for c, a in zip(cells["cohort"], cells["age"])],
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
    _style(fig, height=max(260, 70 + 24 * len(cohorts)), x_title="Months after the signup month",
           y_title=None)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, ticks="")
    fig.update_xaxes(dtick=1 if len(ages) <= 12 else 3, showgrid=False, ticks="", side="top",
                     range=[0.5, len(ages) + 0.5], zeroline=False)
    fig.update_layout(margin=dict(t=44))
    return fig


def _cell_text(grid: pd.DataFrame) -> list[list[str]]:
    return [["" if pd.isna(v) else f"{v * 100:.0f}" for v in row] for row in grid.to_numpy()]


def survival_curves(result: Survival, min_n: int) -> go.Figure:
    """Kaplan–Meier curves by latest NPS answer, steps with shaded 95% intervals; groups with
    fewer than min_n customers are left out. customdata: the group."""
    fig = go.Figure()
    sizes = dict(zip(result.groups.get("group", []), result.groups.get("customers", [])))
    for group in GROUPS:
        if sizes.get(group, 0) < min_n:
            continue
        curve = result.curves[result.curves["group"] == group]
        colour, name = GROUP_COLOURS[group], GROUP_LABELS[group]
        common = dict(x=curve["month"], line_shape="hv", legendgroup=group)
        fig.add_trace(go.Scatter(y=curve["ci_high"], mode="lines", line=dict(width=0), hoverinfo="skip",
                                 showlegend=False, **common))
        fig.add_trace(go.Scatter(y=curve["ci_low"], mode="lines", line=dict(width=0), fill="tonexty",
                                 fillcolor=_rgba(colour, 0.12), hoverinfo="skip", showlegend=False,
                                 **common))
        hover = [f"<b>{name}</b> · {sizes[group]:,} customers<br>{month} months after signing up: "
                 f"{s:.0%} still customers (95% CI {lo:.0%} to {hi:.0%})<br>{risk:,} still followed then"
                 for month, s, lo, hi, risk in zip(curve["month"], curve["survival"], curve["ci_low"],
                                                   curve["ci_high"], curve["at_risk"])]
        fig.add_trace(go.Scatter(y=curve["survival"], mode="lines+markers", name=name.split(" (")[0],
                                 line=dict(color=colour, width=2.5, dash=GROUP_DASHES[group]),
                                 marker=dict(size=4, color=colour), customdata=[group] * len(curve),
                                 hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", **common))
    _style(fig, height=380, x_title="Months since signing up", y_title="Still customers", legend=True)
    fig.update_layout(legend=dict(y=1.02, font=dict(size=12), itemwidth=30))
    fig.update_yaxes(tickformat=".0%")
    fig.update_xaxes(dtick=3, showgrid=True, gridcolor=GRID)
    return fig


def month_key(value: str | None) -> date | None:
    """The month a trend point's customdata names (ISO text) as a date."""
    return date.fromisoformat(str(value)[:10]) if value else None
