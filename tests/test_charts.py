"""Charts: the traces, customdata, colours and titles each figure promises (no workspace needed)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analytics import board as charts
from analytics.board import BAD, BRAND, GOOD, NEUTRAL
from analytics.board._palette import FAINT
from analytics.metrics import Result, Slice, add_months
from analytics.metrics import retention

Survival = retention.Survival

MONTHS = [add_months(date(2026, 1, 1), i) for i in range(6)]


def monthly(metric: str, values, ns) -> list[Result]:
    return [Result(metric, Slice(m, add_months(m, 1)), v, n, v - 0.01 if v is not None else None,
                   v + 0.01 if v is not None else None) for m, v, n in zip(MONTHS, values, ns)]


def test_charts_and_retention_do_not_import_streamlit():
    code = "import sys, analytics.board, analytics.metrics; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


def test_trend_has_band_line_and_grey_points_below_min_n():
    results = monthly("churn_rate", [0.02, 0.03, 0.025, 0.04, 0.02, 0.03], [500, 500, 10, 500, 500, 500])
    fig = charts.trend(results, 30, y_title="Customers who left that month")
    names = [t.name for t in fig.data]
    assert names == ["95% interval", "95% interval", "Logo churn", "Too few responses"]
    upper, lower, line, few = fig.data
    assert lower.fill == "tonexty" and upper.hoverinfo == "skip" and lower.hoverinfo == "skip"
    assert line.line.color == BRAND
    assert list(line.customdata) == [m.isoformat() for m in MONTHS]
    assert line.y[2] is None and few.y[2] == 0.025  # the thin month moves to the grey trace
    assert [y for y in few.y if y is not None] == [0.025] and few.marker.line.color == NEUTRAL
    assert upper.y[2] is None  # no interval drawn where n is too small
    assert "too few customers" in line.hovertext[2] and "n = 10 customers" in line.hovertext[2]
    assert "95% CI 1.0% to 3.0%" in line.hovertext[0]
    assert fig.layout.yaxis.title.text == "Customers who left that month"
    assert fig.layout.yaxis.tickformat == ".1%"
    assert fig.layout.plot_bgcolor == "white" and fig.layout.paper_bgcolor == "white"
    assert fig.layout.title.text is None  # titles are st.subheader above the chart
    assert list(fig.layout.xaxis.ticktext)[:2] == ["Jan<br>2026", "Feb"]


def test_trend_without_thin_months_has_no_grey_trace_and_formats_nps():
    fig = charts.trend(monthly("nps", [31, 28, 35, 30, 29, 33], [300] * 6), 30)
    assert [t.name for t in fig.data][-1] == "NPS"
    assert fig.layout.yaxis.tickformat == "+.0f"
    assert "NPS +31" in fig.data[2].hovertext[0]
    assert charts.too_few_note(monthly("nps", [31] * 6, [300] * 6), 30) is None
    note = charts.too_few_note(monthly("nps", [31] * 6, [300, 3, 300, 300, 300, 300]), 30)
    assert note == "grey: too few responses for a reliable figure (under 30), 1 of 6"
    assert charts.n_range(monthly("nps", [31] * 6, [300, 3, 300, 310, 300, 300])) == "n = 3–310 responses a month"
    assert charts.n_range(monthly("nps", [31] * 6, [300] * 6)) == "n = 300 responses a month"


def test_breakdown_bars_carry_values_whiskers_and_n():
    slice_ = Slice(date(2026, 7, 1), date(2026, 10, 1))
    results = [Result("churn_rate", slice_.where("segment", s), v, n, v - 0.01, v + 0.02)
               for s, v, n in (("Enterprise", 0.03, 400), ("SMB", 0.08, 1800), ("Tiny", 0.2, 5))]
    overall = Result("churn_rate", slice_, 0.06, 2205)
    fig = charts.breakdown(results, ["Enterprise", "SMB", "Tiny"], 30, attribute="segment", overall=overall)
    bars, figures = fig.data
    assert bars.orientation == "h"
    assert list(bars.customdata) == ["Tiny", "SMB", "Enterprise"]  # highest first
    assert list(bars.marker.color) == [FAINT, BRAND, BRAND]
    assert list(bars.error_x.array) == pytest.approx([0, 0.02, 0.02])
    assert list(bars.error_x.arrayminus) == pytest.approx([0, 0.01, 0.01])
    assert "n = 1,800" in fig.layout.yaxis.ticktext[1]
    assert "Segment: SMB" in bars.hovertext[1] and "too few customers" in bars.hovertext[0]
    assert [t.strip() for t in figures.text] == ["20.0%", "8.0%", "3.0%"]
    assert list(figures.x) == pytest.approx([0.2, 0.1, 0.05])  # past each whisker (none when too few)
    assert list(figures.customdata) == list(bars.customdata)
    assert fig.layout.shapes[0].x0 == 0.06 and fig.layout.annotations[0].text == "All: 6.0%"
    assert fig.layout.xaxis.title.text == "Logo churn"


def test_churned_revenue_bars_are_bad_with_money_whiskers():
    results = [Result("revenue_churn", Slice(m, add_months(m, 1)), 0.05, 1000, 0.04, 0.06,
                      parts={"numerator": 5000.0, "denominator": 100000.0, "affected": 40}) for m in MONTHS]
    (bars,) = charts.churned_revenue(results, 30).data
    assert list(bars.y) == [5000.0] * 6 and set(bars.marker.color) == {BAD}
    assert bars.error_y.array[0] == 1000.0 and bars.error_y.arrayminus[0] == 1000.0
    assert list(bars.customdata) == [m.isoformat() for m in MONTHS]
    assert "$5,000 MRR lost" in bars.hovertext[0] and "40 of 1,000 customers left" in bars.hovertext[0]


def test_score_distribution_colours_each_side():
    frame = pd.DataFrame({"score": [float(s) for s in range(11)],
                          "side": ["detractors"] * 7 + ["passives"] * 2 + ["promoters"] * 2,
                          "responses": [0, 1, 2, 3, 4, 5, 6, 10, 12, 20, 37]})
    frame["share"] = frame["responses"] / frame["responses"].sum()
    fig = charts.score_distribution(frame, "nps")
    (bars,) = fig.data
    assert list(bars.x) == [str(s) for s in range(11)]
    assert list(bars.marker.color) == [BAD] * 7 + [NEUTRAL] * 2 + [GOOD] * 2
    assert list(bars.customdata) == list(frame["side"])
    assert bars.text[0] == "" and bars.text[10] == "37%"
    assert fig.layout.xaxis.title.text == "Score (0–10)"
    assert fig.layout.yaxis.title.text == "Share of answers"


def test_cohort_heatmap_cells_are_clickable_and_small_cohorts_grey():
    table = pd.DataFrame({"cohort": [date(2026, 1, 1)] * 3 + [date(2026, 2, 1)] * 2,
                          "age": [1, 2, 3, 1, 2], "customers": [100] * 3 + [10] * 2,
                          "retained": [98, 95, 90, 10, 9]})
    table["share"] = table["retained"] / table["customers"]
    fig = charts.cohort_heatmap(table, 30)
    main, small, cells = fig.data
    assert main.type == small.type == "heatmap" and cells.type == "scatter"
    assert list(main.y) == ["Jan 2026", "Feb 2026"]
    assert main.text[0] == ["98", "95", "90"] and main.text[1] == ["", "", ""]  # small cohort moved out
    assert small.text[1][:2] == ["100", "90"] and small.showscale is False
    assert [list(c) for c in cells.customdata][:2] == [["2026-01-01", 1], ["2026-01-01", 2]]
    assert "too few customers" in cells.hovertext[3] and "98% still customers on 1 Feb 2026" in cells.hovertext[0]
    assert cells.marker.opacity == 0 and cells.selected.marker.opacity == 1


def test_survival_curves_colour_groups_and_hide_small_ones():
    rows = []
    for group, size in (("promoter", 400), ("detractor", 200), ("no answer", 12)):
        for month in range(4):
            rows.append((group, month, 1 - 0.05 * month, 0.9 - 0.05 * month, 1.0, size))
    curves = pd.DataFrame(rows, columns=["group", "month", "survival", "ci_low", "ci_high", "at_risk"])
    groups = pd.DataFrame({"group": ["promoter", "detractor", "no answer"], "customers": [400, 200, 12],
                           "left": [20, 40, 3]})
    fig = charts.survival_curves(Survival(curves, groups, 0.001, 12.0), 30)
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["Promoters", "Detractors"]
    assert [t.line.color for t in lines] == [GOOD, BAD]
    assert set(lines[1].customdata) == {"detractor"}
    assert all(t.line.shape == "hv" for t in fig.data)
    assert fig.layout.yaxis.tickformat == ".0%" and fig.layout.showlegend


def test_picked_reads_the_selection_state():
    assert charts.picked(None) is None
    assert charts.picked({"selection": {"points": []}}) is None
    assert charts.picked({"selection": {"points": [{"x": 1}, {"customdata": "SMB"}]}}) == ("SMB",)
    assert charts.picked({"selection": {"points": [{"customdata": ["2026-01-01", 3]}]}}) == ("2026-01-01", 3)


def test_slice_label_names_values_then_period():
    slice_ = Slice(date(2026, 7, 1), date(2026, 10, 1)).where("segment", "SMB")
    assert charts.slice_label(slice_) == "SMB · Q3 2026"
    assert charts.slice_label(Slice()) == "All time"
    assert charts.month_key("2026-07-01") == date(2026, 7, 1)
    assert charts.CHART_CONFIG == {"displayModeBar": False}
    assert charts.narrowed(slice_, "segment", "SMB") is slice_
    assert charts.narrowed(slice_, "plan", "Pro").filters[-1] == ("plan", ("Pro",))


def test_retention_near_100_percent_is_zoomed_in_and_churn_starts_at_zero(demo):
    from analytics.metrics import series as monthly

    for key, from_zero in (("grr", False), ("nrr", False), ("churn_rate", True)):
        results = monthly(demo, key, Slice())
        figure = charts.trend(results, 30)
        assert (figure.layout.yaxis.rangemode == "tozero") == from_zero, key
