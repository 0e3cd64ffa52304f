"""The Slice invariant on attributes that came from a review file, not a customer file: a filter on
'Traveller type' narrows the ratings, the would-recommend answers, the churn of the customers who
wrote them, and the quotes of each, to exactly the rows pandas selects from the same files."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import ingest, metrics, workspace
from analytics.metrics import Slice
from tests.exports import CLOSERS, OPENERS, csv_text
from tests.strategies import population_ids

TRAVELLERS = ("Business", "Couple", "Family", "Solo")
COUNTRIES = ("France", "Germany", "Spain")
SEGMENTS = ("SMB", "Enterprise")


def _files(seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    customers = pd.DataFrame({"customer_id": [f"C{i:03d}" for i in range(120)],
                              "segment": [rng.choice(SEGMENTS) for _ in range(120)],
                              "churned": [rng.random() < 0.3 for _ in range(120)]})
    rows = []
    for i in range(600):
        linked = rng.random() < 0.8  # some reviewers are nobody's customer record
        rows.append({"review_id": f"V{i:04d}", "customer_id": f"C{rng.randrange(120):03d}" if linked else "",
                     "at": datetime(2024, 1, 1) + timedelta(days=rng.randrange(365)),
                     "stars": rng.choice((1, 2, 3, 4, 4, 5, 5)), "recommend": rng.random() < 0.7,
                     "traveller": rng.choice(TRAVELLERS), "country": rng.choice(COUNTRIES),
                     "text": f"{rng.choice(OPENERS)}. {rng.choice(CLOSERS)} Review {i}."})
    return customers, pd.DataFrame(rows)


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uploaded")
    customers, reviews = _files()
    (folder / "customers.csv").write_text(csv_text(
        ["Customer ID", "Segment", "Churned"],
        [[c.customer_id, c.segment, "Yes" if c.churned else "No"] for c in customers.itertuples()]))
    (folder / "reviews.csv").write_text(csv_text(
        ["Review ID", "Customer ID", "Date", "Stars", "Would recommend", "Traveller type", "Country", "Review"],
        [[r.review_id, r.customer_id, f"{r.at:%Y-%m-%d}", r.stars, "Yes" if r.recommend else "No", r.traveller,
          r.country, r.text] for r in reviews.itertuples()]))
    con = workspace.connect(folder / "ws.duckdb")
    ingest.import_file(con, folder / "customers.csv")
    ingest.import_file(con, folder / "reviews.csv")
    yield con, customers, reviews
    con.close()


@st.composite
def slices(draw):
    start = end = None
    if draw(st.booleans()):  # a period of 1–6 months in 2024, else all time
        first, months = draw(st.integers(0, 11)), draw(st.integers(1, 6))
        start = date(2024, first + 1, 1)
        end = date(2024 + (first + months) // 12, (first + months) % 12 + 1, 1)
    filters = {}
    for attribute, values in (("Traveller type", TRAVELLERS), ("Country", COUNTRIES), ("segment", SEGMENTS)):
        if draw(st.booleans()):
            filters[attribute] = tuple(draw(st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True)))
    return start, end, filters


def _chosen(reviews: pd.DataFrame, customers: pd.DataFrame, start, end, filters) -> pd.DataFrame:
    """The review rows of the slice, by pandas: their own attributes, their customer's segment."""
    keep = pd.Series(True, index=reviews.index)
    if start:
        keep &= reviews["at"] >= pd.Timestamp(start)
    if end:
        keep &= reviews["at"] < pd.Timestamp(end)
    if "Traveller type" in filters:
        keep &= reviews["traveller"].isin(filters["Traveller type"])
    if "Country" in filters:
        keep &= reviews["country"].isin(filters["Country"])
    if "segment" in filters:
        segment = reviews["customer_id"].map(customers.set_index("customer_id")["segment"])
        keep &= segment.isin(filters["segment"])
    return reviews[keep]


def _slice(start, end, filters) -> Slice:
    slice_ = Slice(start, end)
    for attribute, values in filters.items():
        slice_ = slice_.where(attribute, *values)
    return slice_


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slices())
def test_review_attributes_slice_figures_and_quotes_alike(uploaded, drawn):
    con, customers, reviews = uploaded
    start, end, filters = drawn
    slice_ = _slice(start, end, filters)
    chosen = _chosen(reviews, customers, start, end, filters)
    rating, recommend = metrics.compute(con, "rating", slice_), metrics.compute(con, "recommend", slice_)
    assert rating.n == recommend.n == len(chosen)
    if len(chosen):
        assert rating.value == pytest.approx(chosen["stars"].mean())
        assert recommend.value == pytest.approx(chosen["recommend"].mean())
    for key in ("rating", "recommend"):
        ids = population_ids(con, key, slice_)
        for side in metrics.SIDES[key]:
            found = metrics.evidence_for(con, key, slice_, side=side, limit=1000)
            assert {q.unit_id for q in found.quotes} <= ids, (key, side)
            assert {q.text for q in found.quotes} <= set(chosen["text"]), (key, side)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TRAVELLERS), min_size=1, max_size=2, unique=True))
def test_a_review_attribute_narrows_the_churn_of_the_customers_who_wrote_those_reviews(uploaded, travellers):
    con, customers, reviews = uploaded
    wrote = set(reviews.loc[reviews["traveller"].isin(travellers), "customer_id"]) - {""}
    counted = customers[customers["customer_id"].isin(wrote)]
    result = metrics.compute(con, "churn_rate", Slice().where("Traveller type", *travellers))
    assert (result.n, result.parts["churned"]) == (len(counted), int(counted["churned"].sum()))
