"""THE INVARIANT (DESIGN.md): a quote beside a number never comes from outside that number's
population. Checked on many random slices of the demo workspace, for every metric and every side,
plus the count, the orderings and the labels."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import ingest, metrics
from analytics.metrics import Slice
from analytics.metrics import _evidence as evidence
from bench.queries.reference import pd_rank
from tests.strategies import demo_slices, population_ids

EVERYTHING = 1_000_000  # a limit above any side's size: every candidate quote

# The side conditions, written independently of the registry's sides (scales: NPS 0–10, CSAT 1–5,
# CES 1–7, ticket satisfaction 1–5).
SCORE_SIDES = {
    ("nps", "detractors"): lambda s: s <= 6, ("nps", "passives"): lambda s: (s >= 7) & (s <= 8),
    ("nps", "promoters"): lambda s: s >= 9,
    ("csat", "dissatisfied"): lambda s: s <= 3, ("csat", "satisfied"): lambda s: s >= 4,
    ("ces", "hard"): lambda s: s <= 4, ("ces", "easy"): lambda s: s >= 5,
    ("support_csat", "dissatisfied"): lambda s: s <= 3, ("support_csat", "satisfied"): lambda s: s >= 4,
}
SURVEYS = ("nps", "csat", "ces")  # metrics whose units are survey answers


@pytest.fixture(scope="module")
def tables(demo):
    """The workspace's raw tables as pandas frames, for independent checks."""
    customers = demo.execute("SELECT * FROM customers").df().set_index("customer_id")
    responses = demo.execute("SELECT * FROM responses").df().set_index("response_id")
    tickets = demo.execute("SELECT * FROM tickets").df()
    words = tickets["subject"].fillna("") + "\n\n" + tickets["body"].fillna("")
    # Every piece of a customer's text with its time: survey comments, tickets, churn reasons.
    texts = pd.concat([
        pd.DataFrame({"customer_id": responses["customer_id"], "at": responses["responded_at"],
                      "text": responses["comment"]}),
        pd.DataFrame({"customer_id": tickets["customer_id"], "at": tickets["created_at"],
                      "text": words}),
        pd.DataFrame({"customer_id": customers.index, "at": pd.to_datetime(customers["churn_date"]),
                      "text": customers["churn_reason"]}),
    ], ignore_index=True)
    texts = texts[texts["text"].notna() & texts["text"].astype(str).str.strip().ne("")]
    own_words = set(zip(texts["customer_id"], texts["text"]))
    rated = tickets.assign(comment=words.where(tickets["subject"].notna() | tickets["body"].notna()))
    return {"customers": customers, "responses": responses, "texts": texts, "own_words": own_words,
            "tickets": rated.set_index("ticket_id")}


def side_units(con, metric: str, side: str, slice_: Slice, customers: pd.DataFrame) -> pd.DataFrame:
    """The population rows of one side, the side chosen here without the registry's sides."""
    sql, params = metrics.population(con, metric, slice_)
    rows = con.execute(f"SELECT * FROM ({sql})", params).df()
    if (metric, side) in SCORE_SIDES:
        return rows[SCORE_SIDES[metric, side](rows["score"])]
    if metric in ("churn_rate", "revenue_churn"):  # churned inside the period
        churn = pd.to_datetime(customers.loc[rows["customer_id"], "churn_date"]).to_numpy()
        inside = customers.loc[rows["customer_id"], "churned"].to_numpy(dtype=bool)
        if slice_.start:
            inside = inside & (churn >= pd.Timestamp(slice_.start))  # (to_numpy may be read-only)
        if slice_.end:
            inside = inside & (churn < pd.Timestamp(slice_.end))
        return rows[inside]
    if metric in ("grr", "nrr"):
        return rows[rows["end_mrr"] < rows["start_mrr"]]
    return rows  # revenue at risk: every unit


def with_words(metric: str, units: pd.DataFrame, tables) -> int:
    """How many of the units have non-empty words: a response's own comment; for an at-risk
    customer, the comment of the latest NPS answer that put them at risk; for any other customer,
    any text of theirs up to 30 days after the day of the event the unit is about (churn)."""
    if metric in SURVEYS or metric == "support_csat":
        comments = tables[_units_table(metric)].loc[units["unit_id"], "comment"]
        return int((comments.notna() & comments.astype(str).str.strip().ne("")).sum())
    if metric == "revenue_at_risk":  # the comment of the latest NPS answer (its time and score)
        answers = tables["responses"]
        answers = answers[(answers["kind"] == "nps") & answers["comment"].notna()
                          & answers["comment"].astype(str).str.strip().ne("")]
        said = answers.merge(units[["customer_id", "at", "last_nps"]], left_on=["customer_id", "responded_at", "score"],
                             right_on=["customer_id", "at", "last_nps"])
        return said["customer_id"].nunique()
    texts = tables["texts"].merge(units[["customer_id", "at"]].rename(columns={"at": "event"}),
                                  on="customer_id")
    event = pd.to_datetime(texts["event"])
    usable = event.isna() | texts["at"].isna() | (texts["at"] < event + pd.Timedelta(days=31))
    return texts.loc[usable, "customer_id"].nunique()


def check_quotes(quotes, metric: str, side: str, slice_: Slice, ids: set, tables) -> None:
    """Every quote is a unit of the figure's population, from a customer inside the slice, on the
    right side of the figure, in its own words (checked column-wise over all quotes at once)."""
    if not quotes:
        return
    frame = pd.DataFrame([q.__dict__ for q in quotes])
    context = (metric, side, slice_)
    assert frame["unit_id"].isin(ids).all(), context
    assert frame["text"].str.strip().ne("").all() and frame["why"].ne("").all(), context
    linked = frame["customer_id"].notna()
    assert linked.all() or not slice_.filters, "an unlinked answer cannot be in a filtered slice"
    customers = tables["customers"].reindex(frame["customer_id"])
    for attribute, allowed in slice_.filters:
        assert customers[attribute].isin(allowed).all(), (context, attribute)
    if metric in SURVEYS or metric == "support_csat":
        units = tables[_units_table(metric)].reindex(frame["unit_id"])
        score = units["score" if metric in SURVEYS else "satisfaction"]
        assert (units["comment"].to_numpy() == frame["text"].to_numpy()).all(), context
        assert (units["customer_id"].to_numpy() == frame["customer_id"].to_numpy()).all()
        assert (score.to_numpy() == frame["score"].to_numpy()).all(), context
        assert SCORE_SIDES[metric, side](frame["score"]).all(), context
        at = pd.to_datetime(frame["at"])
        assert slice_.start is None or (at >= pd.Timestamp(slice_.start)).all(), context
        assert slice_.end is None or (at < pd.Timestamp(slice_.end)).all(), context
    else:
        assert (frame["unit_id"] == frame["customer_id"]).all(), context
        own = tables["own_words"]
        assert all((c, t) in own for c, t in zip(frame["customer_id"], frame["text"])), \
            "a customer's quote must be that customer's own words"
    if metric in ("churn_rate", "revenue_churn"):
        assert customers["churned"].astype(bool).all(), context
        churned = pd.to_datetime(customers["churn_date"])
        assert slice_.start is None or (churned >= pd.Timestamp(slice_.start)).all(), context
        assert slice_.end is None or (churned < pd.Timestamp(slice_.end)).all(), context
        assert frame["why"].str.contains("churned").all(), context


def _units_table(metric: str) -> str:
    return "responses" if metric in SURVEYS else "tickets"


ALL_SIDES = [(metric, side) for metric, sides in metrics.SIDES.items() for side in sides]


def test_every_metric_has_sides_and_the_sides_are_the_ones_checked_here():
    assert set(metrics.SIDES) == set(metrics.REGISTRY)
    assert {pair for pair in ALL_SIDES if pair[0] in SURVEYS + ("support_csat",)} == set(SCORE_SIDES)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(demo_slices)
def test_every_quote_comes_from_the_population_of_its_figure(demo, tables, slice_):
    for metric, side in ALL_SIDES:
        ids = population_ids(demo, metric, slice_)
        found = evidence.evidence_for(demo, metric, slice_, side=side, order="recent", limit=EVERYTHING)
        units = side_units(demo, metric, side, slice_, tables["customers"])
        assert found.total == with_words(metric, units, tables), (metric, side)
        # Near-identical stories are shown once, so the quotes can be fewer than the units.
        assert len(found.quotes) <= found.total
        assert len({q.unit_id for q in found.quotes}) == len(found.quotes)  # one quote per unit
        assert (len(found.quotes) > 0) == (found.total > 0)
        check_quotes(found.quotes, metric, side, slice_, ids, tables)
        # Every candidate a quote is drawn from, shown or not, is inside the population too.
        sql, params = evidence.candidates_sql(demo, metric, slice_, side)
        candidates = demo.execute(f"SELECT unit_id, customer_id FROM ({sql})", params).df()
        assert len(candidates) == found.total
        assert candidates["unit_id"].isin(ids).all(), (metric, side)
        customers = tables["customers"].reindex(candidates["customer_id"])
        for attribute, allowed in slice_.filters:
            assert customers[attribute].isin(allowed).all(), (metric, side, attribute)
        times = [q.at for q in found.quotes if q.at is not None]
        assert times == sorted(times, reverse=True), "'recent' puts the newest first"
        assert all(q.at is not None for q in found.quotes[:len(times)])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(demo_slices, st.sampled_from(ALL_SIDES), st.sampled_from(list(evidence.ORDERS)))
def test_rankings_are_repeatable_and_stay_inside(demo, tables, slice_, pair, order):
    metric, side = pair
    first = evidence.evidence_for(demo, metric, slice_, side=side, order=order, limit=5)
    again = evidence.evidence_for(demo, metric, slice_, side=side, order=order, limit=5)
    assert first == again
    ids = population_ids(demo, metric, slice_)
    check_quotes(first.quotes, metric, side, slice_, ids, tables)
    if order == "revenue":
        mrr = [q.mrr for q in first.quotes if q.mrr is not None]
        assert mrr == sorted(mrr, reverse=True)
        whole = evidence.evidence_for(demo, metric, slice_, side=side, order="revenue", limit=EVERYTHING)
        top = max((q.mrr for q in whole.quotes if q.mrr is not None), default=None)
        assert (first.quotes[0].mrr if first.quotes else None) == top


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(demo_slices, st.sampled_from(ALL_SIDES), st.sampled_from(list(evidence.ORDERS)),
       st.sampled_from([0, 4, 9]))
def test_the_engine_ranks_as_pandas_does_with_every_candidate_in_memory(demo, slice_, pair, order, offset):
    """The engine sends back only the best-ranked candidates; pandas fetches every candidate and
    ranks them all (bench.queries.reference.pd_rank). Same quotes, same count, the same answer to
    "does another story follow", also when the page crosses the edge of the typicality sample
    (made 6 texts here so every slice crosses it)."""
    metric, side = pair
    sql, params = evidence.candidates_sql(demo, metric, slice_, side, order)
    every = demo.execute(f"SELECT * FROM ({sql})", params).df()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evidence, "TYPICAL_SAMPLE", 6)
        found = evidence.evidence_for(demo, metric, slice_, side=side, order=order, limit=5, offset=offset)
    expected = pd_rank(every, order, sample=6)
    assert [q.unit_id for q in found.quotes] == [str(u) for u in expected["unit_id"].iloc[offset:offset + 5]]
    assert found.total == len(every)
    assert found.more == (len(expected) > offset + 5)


def test_nps_detractors_on_a_fixed_slice(demo, tables):
    slice_ = Slice(date(2026, 4, 1), date(2026, 7, 1)).where("segment", "SMB")
    found = evidence.evidence_for(demo, "nps", slice_, limit=5)
    assert found.side == "detractors" and found.order == "typical" and len(found.quotes) == 5
    assert all(q.score <= 6 and "detractor" in q.why for q in found.quotes)
    assert all(tables["customers"].loc[q.customer_id, "segment"] == "SMB" for q in found.quotes)
    assert found.label(0) == f"1 of {found.total:,} detractor comments, picked as most typical"
    assert re.fullmatch(r"1 of [\d,]+ .+ picked as most typical", found.label(0))
    assert found.label(2).startswith("3 of ")
    later = evidence.evidence_for(demo, "nps", slice_, limit=2, offset=3)
    assert later.quotes == found.quotes[3:5]
    assert later.label(0).startswith(f"4 of {found.total:,} ")


def test_churn_evidence_on_a_fixed_quarter(demo, tables):
    slice_ = Slice(date(2026, 7, 1), date(2026, 10, 1))
    found = evidence.evidence_for(demo, "churn_rate", slice_, order="revenue", limit=EVERYTHING)
    result = metrics.compute(demo, "churn_rate", slice_)
    assert 0 < found.total <= result.parts["churned"]
    customers = tables["customers"]
    for quote in found.quotes:
        churned = pd.Timestamp(customers.loc[quote.customer_id, "churn_date"])
        assert pd.Timestamp(2026, 7, 1) <= churned < pd.Timestamp(2026, 10, 1)
        assert f"churned {churned:%b %Y}" in quote.why
    mrr = [q.mrr for q in found.quotes]
    assert mrr == sorted(mrr, reverse=True)
    assert found.label(0) == (f"1 of {found.total:,} churned customers' words, picked as "
                              "highest revenue")


def test_an_empty_side_has_no_quotes(demo):
    empty = Slice(date(2030, 1, 1), date(2030, 4, 1))
    for metric, side in ALL_SIDES:
        if metric == "revenue_at_risk":
            continue  # measured as of the period's end: today's at-risk customers are at risk then
        found = evidence.evidence_for(demo, metric, empty, side=side)
        assert (found.total, found.quotes) == (0, ()), metric


def test_an_exit_survey_answered_after_leaving_is_quoted_beside_churn(workspace, tmp_path):
    """Customers who left in Q1 answered the exit survey sent when they had gone: their answer, up
    to 30 days after the churn date, is what churn quotes; words from later speak for no churn."""
    (tmp_path / "customers.csv").write_text(
        "customer_id,signup_date,status,churn_date\nA,2025-01-01,churned,2026-03-01\n"
        "B,2025-01-01,churned,2026-02-10\nC,2025-01-01,churned,2026-01-20\nD,2025-01-01,active,\n")
    (tmp_path / "responses.csv").write_text(
        "response_id,customer_id,responded_at,survey,score,comment\n"
        "R1,A,2026-01-05,nps,7,Fine so far\n"
        "R2,A,2026-03-09,nps,2,We left because the reports never matched our invoices\n"
        "R3,B,2026-01-15,nps,8,Good onboarding\n"
        "R4,B,2026-03-25,nps,3,Support stopped answering us after we cancelled\n"
        "R5,C,2026-02-19,nps,1,Too expensive for what we used\n"
        "R6,D,2026-02-01,nps,4,The app is slow\n")
    for kind in ("customers", "responses"):
        ingest.import_file(workspace, tmp_path / f"{kind}.csv", kind=kind)
    found = evidence.evidence_for(workspace, "churn_rate", Slice(date(2026, 1, 1), date(2026, 4, 1)),
                                  order="recent", limit=10)
    said = {q.customer_id: q.text for q in found.quotes}
    # A: 8 days after leaving; B: 43 days after, so its last words before are quoted; C: 30 days after
    assert said == {"A": "We left because the reports never matched our invoices", "B": "Good onboarding",
                    "C": "Too expensive for what we used"}
    assert found.total == 3
