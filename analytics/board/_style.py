"""What every chart shares: one style, the click helpers, and the plain-word notes under charts.

White background, plain-word axis titles, values formatted as on the tiles, BRAND blue for the main
series, grey for anything below the minimum n. Every clickable mark carries in `customdata` the
value that narrows the slice to it, which `picked` reads back from the chart's selection state.
"""

from __future__ import annotations

import html
from datetime import date

import plotly.graph_objects as go

from analytics.board._palette import APP_FONT, FAINT, GRID, INK
from analytics.board._views import reveal
from analytics.metrics import REGISTRY, Result, Slice, formatting, period_label


CONFIG = {"displayModeBar": False}


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


def rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def style(fig: go.Figure, *, height: int, x_title: str | None = None,
           y_title: str | None = None, legend: bool = False) -> go.Figure:
    fig.update_layout(
        template="plotly_white", paper_bgcolor="white", plot_bgcolor="white", height=height,
        margin=dict(l=8, r=8, t=36 if legend else 12, b=8), showlegend=legend,
        font=dict(family=APP_FONT, size=13, color=INK), hovermode="closest",
        hoverlabel=dict(bgcolor="white", bordercolor=FAINT, font=dict(family=APP_FONT, size=13, color=INK)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title_text=""),
        bargap=0.35)
    fig.update_xaxes(title_text=x_title, fixedrange=True, showgrid=False, linecolor=FAINT,
                     ticks="outside", tickcolor=FAINT)
    fig.update_yaxes(title_text=y_title, fixedrange=True, gridcolor=GRID, zeroline=False)
    return fig


def value_axis(metric: str, values: list[float]) -> dict:
    """Tick format for a metric's values, as the tiles write them."""
    unit = REGISTRY[metric].unit
    if unit == "percent":
        return {"tickformat": ".1%" if max(values, default=0) < 0.1 else ".0%"}
    if unit == "nps":
        return {"tickformat": "+.0f"}
    if unit == "currency":
        return {"tickprefix": "$", "tickformat": "~s"}
    return {"tickformat": ".1f"}


def chart_text(text) -> str:
    """Uploaded text (an attribute value, a column or theme name) as plotly shows it: its own
    markup (<b>, <a href>, <img>) escaped, so it reads as typed and never becomes a link or style;
    hidden reordering characters revealed."""
    return html.escape(reveal(str(text)), quote=False)


def point_text(result: Result, min_n: int, label: str) -> str:
    """Hover text of one point; `label` is already chart_text."""
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


def month_axis(fig: go.Figure, months: list[date]) -> None:
    """A tick per month (every other one past 12), the year under the first and every January."""
    ticks = months[::2] if len(months) > 12 else months
    text = [f"{m:%b}<br>{m:%Y}" if i == 0 or m.month == 1 else f"{m:%b}" for i, m in enumerate(ticks)]
    fig.update_xaxes(tickvals=ticks, ticktext=text, tickangle=0)


def month_key(value: str | None) -> date | None:
    """The month a trend point's customdata names (ISO text) as a date."""
    return date.fromisoformat(str(value)[:10]) if value else None
