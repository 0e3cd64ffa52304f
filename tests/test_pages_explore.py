"""AppTest for the Churn and Satisfaction pages: the figures equal metrics.compute for the current
slice, the quotes beside them come from that slice, and filters and clicks narrow both."""

from __future__ import annotations

import json
from datetime import date

import pytest

from analytics import ingest, metrics, workspace
from analytics.metrics import Slice, formatting
from tests.apptest_support import app_factory, workspace_file  # noqa: F401 (fixture)

Q3 = Slice(date(2026, 7, 1), date(2026, 10, 1))  # the demo's default period


def compute(key: str, slice_: Slice) -> metrics.Result:
    con = workspace.connect(workspace_file())
    try:
        return metrics.compute(con, key, slice_)
    finally:
        con.close()


def metric(at, label: str):
    return next(m for m in at.metric if m.label == label)


def quotes(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("“")]


def whys(at) -> list[str]:
    """The who/why caption under every quote."""
    return [c.value for c in at.caption if "picked as" in c.value]


def stories_of(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("Stories of:")]


def click(at, key: str, customdata):
    """Select the point carrying `customdata` in the chart with `key`, as a click in the browser
    would (AppTest has no plotly element, so the selection goes in as the widget's UI value)."""
    chart = next(e for e in at.get("plotly_chart") if e.key == key)
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = chart.proto.id
    state.string_value = json.dumps({"selection": {"points": [{"customdata": customdata}],
                                                   "point_indices": [0], "box": [], "lasso": []}})
    return at._run(states)


@pytest.fixture
def churn(app_factory):  # noqa: F811
    at = app_factory()
    at.run()
    at.switch_page("pages/churn.py").run()
    assert not at.exception
    return at


@pytest.fixture
def satisfaction(app_factory):  # noqa: F811
    at = app_factory()
    at.run()
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception
    return at


def test_churn_page_shows_the_slice_figures_with_their_words(churn):
    assert churn.title[0].value == "Churn"
    rate = compute("churn_rate", Q3)
    assert metric(churn, "Logo churn").value == formatting.value("churn_rate", rate.value)
    assert any(f"n = {rate.n:,} customers" in c.value for c in churn.caption)
    assert metric(churn, "Gross revenue churn").value == formatting.value("revenue_churn",
                                                                          compute("revenue_churn", Q3).value)
    assert [s.value for s in churn.subheader] == [
        "Customers leaving each month", "Churn by segment", "Revenue lost to churn each month",
        "Do new customers stay? Retention by signup month", "Who stays, by their NPS answer in the first 3 months"]
    assert len(churn.get("plotly_chart")) == 5
    assert len(quotes(churn)) >= 8
    assert stories_of(churn)[0] == "Stories of: Q3 2026 — click a month to narrow"
    assert stories_of(churn)[1].startswith("Stories of: SMB · Q3 2026 — highest churn")
    assert any("more than chance" in m.value and "association" in m.value for m in churn.markdown)
    con = workspace.connect(workspace_file())
    try:
        monthly = metrics.series(con, "churn_rate", Q3, 12)
    finally:
        con.close()
    n_range = f"n = {min(r.n for r in monthly):,}–{max(r.n for r in monthly):,} customers a month"
    assert any(n_range in c.value for c in churn.caption)
    # Beside the monthly chart: only customers who churned inside Q3 2026.
    beside_trend = whys(churn)[:2]
    assert all(any(f"churned {m} 2026" in why for m in ("Jul", "Aug", "Sep")) for why in beside_trend)


def test_churn_follows_the_segment_filter(churn):
    before_value, before_quotes = metric(churn, "Logo churn").value, quotes(churn)
    churn.multiselect(key="filter_segment").set_value(["Enterprise"]).run()
    assert not churn.exception
    rate = compute("churn_rate", Q3.where("segment", "Enterprise"))
    assert metric(churn, "Logo churn").value == formatting.value("churn_rate", rate.value) != before_value
    assert quotes(churn) != before_quotes
    assert whys(churn) and all("Enterprise" in why for why in whys(churn))
    assert stories_of(churn)[0].startswith("Stories of: Enterprise · Q3 2026")


def test_clicking_a_month_or_a_segment_narrows_the_stories(churn):
    click(churn, "churn-trend-12", "2026-07-01")
    assert not churn.exception
    assert stories_of(churn)[0] == "Stories of: Jul 2026"
    assert all("churned Jul 2026" in why for why in whys(churn)[:2])
    click(churn, "churn-by-segment", "Mid-Market")
    assert not churn.exception
    assert "Stories of: Mid\\-Market · Q3 2026" in stories_of(churn)
    position = stories_of(churn).index("Stories of: Mid\\-Market · Q3 2026")
    assert position == 1 and all("Mid" in why for why in whys(churn)[2:4])


def test_clicking_a_cohort_cell_or_a_curve_shows_those_leavers(churn):
    click(churn, "churn-cohorts", ["2025-03-01", 6])
    assert not churn.exception
    caption = next(s for s in stories_of(churn) if "signed up in" in s)
    assert caption.startswith("Stories of: customers who signed up in Mar 2025 and left within 6 months")
    click(churn, "churn-survival", "promoter")
    assert not churn.exception
    assert any(s.startswith("Stories of: promoters (9–10) at month 3 who left") for s in stories_of(churn))


def test_churn_without_dates_says_so_and_shows_all_time_rates(app_factory, tmp_path):  # noqa: F811
    path = tmp_path / "accounts.csv"
    rows = "\n".join(f"A-{i},{'Yes' if i % 4 == 0 else 'No'},{'Pro' if i % 2 else 'Starter'}" for i in range(80))
    path.write_text("Customer ID,Churn,Plan\n" + rows + "\n")
    con = workspace.connect(tmp_path / "telco.duckdb")
    ingest.import_file(con, path, kind="customers")
    con.close()
    at = app_factory(tmp_path / "telco.duckdb")
    at.run()
    at.switch_page("pages/churn.py").run()
    assert not at.exception
    assert "not when" in at.info[0].value
    assert metric(at, "Logo churn").value == "25.0%"
    assert [s.value for s in at.subheader] == ["Churn by plan"]
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception and "No survey answers" in at.info[0].value


def test_a_quarters_churn_without_churn_dates_is_labelled_all_time(app_factory, tmp_path):  # noqa: F811
    """Survey answers give the pages quarters; the customers say who left but not when, so the
    churn tile shows the all-time rate and says so."""
    accounts, answers = tmp_path / "accounts.csv", tmp_path / "answers.csv"
    accounts.write_text("Customer ID,Churn\n" + "".join(f"A-{i},{'Yes' if i % 4 == 0 else 'No'}\n" for i in range(80)))
    answers.write_text("Response ID,Customer ID,Date,How likely are you to recommend us?\n" + "".join(
        f"r{i},A-{i},2024-0{1 + i % 6}-15,{i % 11}\n" for i in range(80)))
    con = workspace.connect(tmp_path / "mixed.duckdb")
    ingest.import_file(con, accounts, kind="customers")
    ingest.import_file(con, answers, kind="responses")
    con.close()
    at = app_factory(tmp_path / "mixed.duckdb")
    at.run()
    assert not at.exception
    assert metric(at, "Logo churn").value == "25.0%"
    assert any("All time: this data says who left, not when." in c.value for c in at.caption)


def test_satisfaction_page_shows_the_slice_figures_with_both_sides(satisfaction):
    at = satisfaction
    nps = compute("nps", Q3)
    assert metric(at, "NPS").value == formatting.value("nps", nps.value)
    assert metric(at, "CSAT").value == formatting.value("csat", compute("csat", Q3).value)
    assert metric(at, "Customer effort (CES)").value == formatting.value("ces", compute("ces", Q3).value)
    assert [s.value for s in at.subheader] == ["NPS month by month", "How the answers spread", "NPS by segment"]
    headers = [m.value for m in at.markdown if m.value.startswith(":")]
    assert headers[:2] == [":red[**Detractors**]", ":green[**Promoters**]"]
    assert len(quotes(at)) >= 8
    first = whys(at)[:4]
    assert all("detractor" in why for why in first[:2]) and all("promoter" in why for why in first[2:4])
    assert f"{nps.n:,} answers in Q3 2026" in " ".join(c.value for c in at.caption)


def test_satisfaction_follows_the_segment_filter_and_clicks(satisfaction):
    at = satisfaction
    before = quotes(at)
    at.multiselect(key="filter_segment").set_value(["SMB"]).run()
    assert not at.exception
    assert metric(at, "NPS").value == formatting.value("nps", compute("nps", Q3.where("segment", "SMB")).value)
    assert quotes(at) != before and all("SMB" in why for why in whys(at))
    click(at, "spread-nps", "passives")
    assert not at.exception
    assert stories_of(at)[0] == "Stories of: SMB · Q3 2026 · passives"
    assert all("passive" in why for why in whys(at)[:2])
    click(at, "trend-nps", "2026-08-01")
    assert not at.exception
    assert stories_of(at)[0] == "Stories of: SMB · Aug 2026 · passives"


def test_satisfaction_explores_csat_and_effort(satisfaction):
    at = satisfaction
    at.segmented_control(key="satisfaction_metric").set_value("ces").run()
    assert not at.exception
    assert at.subheader[0].value == "Customer effort (CES) month by month"
    headers = [m.value for m in at.markdown if m.value.startswith(":")]
    assert headers[:2] == [":red[**Hard**]", ":green[**Easy**]"]
    at.segmented_control(key="satisfaction_metric").set_value("csat").run()
    assert not at.exception
    assert [m.value for m in at.markdown if m.value.startswith(":")][:2] == [
        ":red[**Dissatisfied**]", ":green[**Satisfied**]"]


def test_satisfaction_explores_support_csat_from_the_rated_tickets(satisfaction):
    at = satisfaction
    support = compute("support_csat", Q3)
    assert metric(at, "Support CSAT").value == formatting.value("support_csat", support.value)
    at.segmented_control(key="satisfaction_metric").set_value("support_csat").run()
    assert not at.exception
    assert at.subheader[0].value == "Support CSAT month by month"
    assert f"{support.n:,} rated tickets in Q3 2026" in " ".join(c.value for c in at.caption)
    said = whys(at)
    assert all("support ticket rated" in why for why in said)
    assert "tickets rated low" in said[0] and any("tickets rated high" in why for why in said)
