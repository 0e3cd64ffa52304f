"""The registry is data: every entry is well formed, its templates name parts its figure has, and a
metric added as one entry (nothing else changed) is computed, compared, trended, broken down,
quoted and worded, each checked against pandas on the demo's own tables."""

from __future__ import annotations

import string
from datetime import date

import pandas as pd
import pytest

from analytics import ingest, metrics, workspace
from analytics import scores as scores_module
from analytics.metrics import KINDS, METRICS, POPULATIONS, REGISTRY, Metric, Side, Slice, formatting, stats
from analytics.scores import detractor_sql, promoter_sql
from tests.test_metrics import FIXTURES, TABLES, import_all

Q3 = Slice(date(2026, 7, 1), date(2026, 10, 1))
Q3_SMB = Q3.where("segment", "SMB")

# Two metrics the product does not have, each one registry entry.
PROMOTER_SHARE = Metric(
    "promoter_share", "Promoter share", "Share of NPS answers that are 9–10.", "percent", "responses", True,
    "detractor comments", population="responses", answers="nps", kind="share", hit=promoter_sql(),
    part="promoters", sides=(Side("detractors", detractor_sql(), "detractor comments"),),
    detail=("{promoters:,} of {n:,} answers are 9–10",))
MEAN_CSAT = Metric(
    "mean_csat", "Mean CSAT", "Mean satisfaction answer.", "score", "responses", True,
    "comments of dissatisfied customers", population="responses", answers="csat", kind="mean",
    hit="score >= 4", part="satisfied", sides=(Side("low", "score <= 2", "comments scored 1–2"),),
    detail=("{satisfied_share:.1%} answer 4–5",))


@pytest.fixture
def added(monkeypatch):
    for metric in (PROMOTER_SHARE, MEAN_CSAT):
        monkeypatch.setitem(REGISTRY, metric.key, metric)


def answers(con, kind: str, slice_: Slice) -> pd.DataFrame:
    """The slice's scored answers of `kind`, selected with pandas from the workspace's tables."""
    responses = con.execute("SELECT response_id, customer_id, responded_at, score, kind FROM responses").df()
    customers = con.execute("SELECT customer_id, segment FROM customers").df()
    rows = responses[responses["kind"].eq(kind) & responses["score"].notna()]
    rows = rows.merge(customers, on="customer_id", how="left")
    at = pd.to_datetime(rows["responded_at"])
    keep = (at >= pd.Timestamp(slice_.start)) & (at < pd.Timestamp(slice_.end))
    for attribute, values in slice_.filters:
        keep &= rows[attribute].isin(values)
    return rows[keep]


# ------------------------------------------------------------------ every entry is well formed

@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.key)
def test_every_entry_names_a_known_population_kind_and_its_rule(metric):
    assert metric.population in POPULATIONS and metric.kind in KINDS
    assert metric.sides and len(set(metric.side_names)) == len(metric.sides)
    assert (metric.population == "responses") == bool(metric.answers)
    if metric.kind in ("share", "mean", "common_scale_mean"):
        assert metric.hit and metric.part
    assert all(metric.ratio) == (metric.kind == "ratio")
    assert bool(metric.summed) == (metric.kind == "sum")


@pytest.fixture(scope="module")
def every_metric(tmp_path_factory):
    """test_metrics' hand-computed fixture: customers, revenue, surveys, tickets and reviews, so that every
    metric of the registry has a figure."""
    con = workspace.connect(tmp_path_factory.mktemp("every") / "ws.duckdb")
    import_all(con, FIXTURES, TABLES)
    ingest.import_file(con, FIXTURES / "reviews.csv")
    yield con
    con.close()


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.key)
def test_every_template_names_only_what_its_figure_holds(every_metric, metric):
    """A template naming a part its Result never has would silently drop a segment forever."""
    result = metrics.compute(every_metric, metric.key, Slice(date(2026, 1, 1), date(2026, 7, 1)))
    assert result.value is not None
    known = set(result.parts) | {"n", "top_box", "other_scales"}
    if metric.per_month:
        known |= {"monthly", "annualised"}
    for segment in metric.detail + metric.tile:
        names = {name for _, name, _, _ in string.Formatter().parse(segment) if name}
        assert names <= known, (metric.key, segment, names - known)
    assert formatting.detail(result), metric.key  # every figure has a detail line


# ------------------------------------------------------------------ a new entry works end to end

def test_a_new_share_is_computed_compared_and_quoted_from_its_entry_alone(demo, added):
    rows = answers(demo, "nps", Q3_SMB)
    promoters = int((rows["score"] >= 9).sum())
    result = metrics.compute(demo, "promoter_share", Q3_SMB)
    assert (result.n, result.parts["promoters"]) == (len(rows), promoters)
    assert result.value == pytest.approx(promoters / len(rows), abs=1e-12)
    wilson = stats.wilson(promoters, len(rows))
    assert (result.ci_low, result.ci_high) == pytest.approx((wilson.low, wilson.high), abs=1e-12)
    assert formatting.detail(result) == f"{promoters:,} of {len(rows):,} answers are 9–10"
    assert formatting.value("promoter_share", result.value) == f"{promoters / len(rows) * 100:.1f}%"

    before, change = metrics.change(demo, "promoter_share", result)
    earlier = answers(demo, "nps", Q3_SMB.previous())
    expected = stats.proportion_change(promoters, len(rows), int((earlier["score"] >= 9).sum()), len(earlier))
    assert before.n == len(earlier) and change.p_value == pytest.approx(expected.p_value, abs=1e-12)

    quotes = metrics.evidence_for(demo, "promoter_share", Q3_SMB, limit=50)
    detractors = rows[rows["score"] <= 6]
    assert quotes.noun == "detractor comments" and quotes.quotes
    assert {q.unit_id for q in quotes.quotes} <= set(detractors["response_id"])
    assert quotes.total <= len(detractors)


def test_a_new_entry_trends_and_breaks_down_as_it_computes(demo, added):
    trend = metrics.series(demo, "promoter_share", Q3_SMB, months=6)
    for point in trend:
        alone = metrics.compute(demo, "promoter_share", point.slice)
        assert (point.n, point.value) == (alone.n, pytest.approx(alone.value, abs=1e-12))
    split = metrics.breakdown(demo, "promoter_share", Q3, "segment", ["SMB", "Enterprise"])
    for part, segment in zip(split, ["SMB", "Enterprise"]):
        rows = answers(demo, "nps", Q3.where("segment", segment))
        assert part.n == len(rows) and part.value == pytest.approx((rows["score"] >= 9).mean(), abs=1e-12)


def test_a_new_mean_is_the_pandas_mean_with_its_interval(demo, added):
    rows = answers(demo, "csat", Q3)
    result = metrics.compute(demo, "mean_csat", Q3)
    assert result.n == len(rows) and result.value == pytest.approx(rows["score"].mean(), abs=1e-12)
    assert result.se == pytest.approx(rows["score"].std() / len(rows) ** 0.5, abs=1e-12)
    assert result.ci_low < result.value < result.ci_high
    assert formatting.detail(result) == f"{(rows['score'] >= 4).mean():.1%} answer 4–5"
    quotes = metrics.evidence_for(demo, "mean_csat", Q3, limit=20)
    assert quotes.quotes and all(q.score <= 2 for q in quotes.quotes)
    assert metrics.available(demo, "mean_csat")


def test_half_point_answers_are_satisfied_from_the_first_whole_point_of_the_top(workspace, tmp_path):
    """'3,5' of 5 lies in the top 40% of 1–5 (from 3.4) but is not a 4: CSAT counts 4–5, as pandas does."""
    answers = ["5", "4,5", "4", "3,5", "3", "2,5", "1", "3,5", "4", "5"] * 6
    path = tmp_path / "half_points.csv"
    path.write_text("Réponse;Client;Date;Satisfaction globale (sur 5)\n" + "".join(
        f"R{i};C{i};2024-03-{1 + i % 28:02d};{answer}\n" for i, answer in enumerate(answers)), encoding="utf-8")
    ingest.import_file(workspace, path, kind="responses")
    scores = pd.Series([float(answer.replace(",", ".")) for answer in answers])
    found = metrics.compute(workspace, "csat", Slice())
    assert (found.n, found.value) == (len(scores), pytest.approx((scores >= 4).mean()))
    assert [scores_module.is_high(value, 1, 5) for value in (3.5, 4.0)] == [False, True]
    assert [scores_module.is_high(value, 0, 10) for value in (5.5, 6.0)] == [False, True]


@pytest.mark.parametrize(("key", "difference", "shown"), [
    ("nps", 2.13, "+2.1 pts"), ("nps", -2.13, "-2.1 pts"), ("nps", 0.04, "0.0 pts"), ("nps", -0.04, "0.0 pts"),
    ("csat", -0.021, "-2.1 pts"), ("support_csat", 0.0004, "0.0 pts"), ("ces", -0.3, "-0.30"), ("ces", 0.004, "0.00"),
])
def test_a_change_reads_with_its_sign_unless_it_rounds_to_nothing(key, difference, shown):
    """'+0.0 pts' beside an up arrow told of a rise that is not there: a change that rounds to zero
    is written without a sign, and the tile shows it without an arrow."""
    assert formatting.points(key, difference) == shown
