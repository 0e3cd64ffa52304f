"""Retention charts: the cohort heatmap and the Kaplan–Meier curves by latest NPS answer.

customdata: [cohort (ISO), months k] for a heatmap cell; the NPS group for a curve.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.board._palette import BRAND, GRID, GROUP_COLOURS, GROUP_DASHES, INK, MUTED
from analytics.board._style import rgba, style
from analytics.metrics import add_months, period_label, retention


def cohort_heatmap(table: pd.DataFrame, min_n: int) -> go.Figure:
    """Share of each signup-month cohort still customers k months on; cohorts smaller than
    min_n in grey. An invisible marker per cell makes cells clickable (heatmaps cannot be
    selected in plotly) and outlines the chosen one. customdata: [cohort (ISO), k]."""
    fig = go.Figure()
    if table.empty:
        return style(fig, height=200)
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
    style(fig, height=max(260, 70 + 24 * len(cohorts)), x_title="Months after the signup month",
           y_title=None)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, ticks="")
    fig.update_xaxes(dtick=1 if len(ages) <= 12 else 3, showgrid=False, ticks="", side="top",
                     range=[0.5, len(ages) + 0.5], zeroline=False)
    fig.update_layout(margin=dict(t=44))
    return fig


def _cell_text(grid: pd.DataFrame) -> list[list[str]]:
    return [["" if pd.isna(v) else f"{v * 100:.0f}" for v in row] for row in grid.to_numpy()]


def survival_curves(result: retention.Survival, min_n: int) -> go.Figure:
    """Kaplan–Meier curves by NPS group at the landmark, from the landmark on, steps with shaded 95%
    intervals and a dotted line at the landmark; groups with fewer than min_n customers are left
    out. customdata: the group."""
    fig = go.Figure()
    sizes = dict(zip(result.groups.get("group", []), result.groups.get("customers", [])))
    for group in retention.GROUPS:
        if sizes.get(group, 0) < min_n:
            continue
        curve = result.curves[result.curves["group"] == group]
        colour, name = GROUP_COLOURS[group], retention.GROUP_LABELS[group]
        common = dict(x=curve["month"], line_shape="hv", legendgroup=group)
        fig.add_trace(go.Scatter(y=curve["ci_high"], mode="lines", line=dict(width=0), hoverinfo="skip",
                                 showlegend=False, **common))
        fig.add_trace(go.Scatter(y=curve["ci_low"], mode="lines", line=dict(width=0), fill="tonexty",
                                 fillcolor=rgba(colour, 0.12), hoverinfo="skip", showlegend=False,
                                 **common))
        hover = [f"<b>{name}</b> · {sizes[group]:,} customers still with us at month {result.landmark}<br>"
                 f"{month} months after signing up: {s:.0%} of them still customers (95% CI {lo:.0%} to "
                 f"{hi:.0%})<br>{risk:,} still followed then"
                 for month, s, lo, hi, risk in zip(curve["month"], curve["survival"], curve["ci_low"],
                                                   curve["ci_high"], curve["at_risk"])]
        fig.add_trace(go.Scatter(y=curve["survival"], mode="lines+markers", name=name.split(" (")[0],
                                 line=dict(color=colour, width=2.5, dash=GROUP_DASHES[group]),
                                 marker=dict(size=4, color=colour), customdata=[group] * len(curve),
                                 hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", **common))
    fig.add_vline(x=result.landmark, line=dict(color=MUTED, width=1.5, dash="dot"),
                  annotation=dict(text=f"landmark: groups by the answer given by month {result.landmark}",
                                  font=dict(size=11, color=MUTED), xanchor="left", yanchor="bottom"),
                  annotation_position="bottom right")
    style(fig, height=380, x_title="Months since signing up", y_title="Still customers", legend=True)
    fig.update_layout(legend=dict(y=1.02, font=dict(size=12), itemwidth=30))
    fig.update_yaxes(tickformat=".0%")
    fig.update_xaxes(dtick=3, showgrid=True, gridcolor=GRID)
    return fig
