"""Retention: the cohort matrix and the Kaplan–Meier curves checked against independent pandas /
lifelines computations on the demo workspace, the log-rank test, filters, and the words beside them."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from lifelines import KaplanMeierFitter

from analytics import ingest, metrics, workspace
from analytics.metrics import Slice, retention

Q3 = Slice(date(2026, 7, 1), date(2026, 10, 1))


@pytest.fixture(scope="module")
def raw(demo):
    """The raw tables as pandas frames: the reference computations below use nothing else."""
    customers = demo.execute("SELECT * FROM customers").df()
    responses = demo.execute("SELECT * FROM responses").df()
    tickets = demo.execute("SELECT created_at FROM tickets").df()
    for frame, column in ((customers, "signup_date"), (customers, "churn_date")):
        frame[column] = pd.to_datetime(frame[column])
    return customers, responses, tickets


def reference_lives(raw, slice_: Slice) -> tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    """Counted customers, written from the definition in pandas: signed up from the month of the
    first churn date on record, before the as-of date; left = churned before it."""
    customers, responses, tickets = raw
    last = max(responses["responded_at"].max(), customers["churn_date"].max(), tickets["created_at"].max())
    data_end = pd.Timestamp(last.date()) + timedelta(days=1)
    as_of = min(pd.Timestamp(slice_.end), data_end) if slice_.end else data_end
    first = customers["churn_date"].min()
    records_start = pd.Timestamp(first.year, first.month, 1)
    frame = customers[(customers["signup_date"] >= records_start) & (customers["signup_date"] < as_of)
                      & ~(customers["churned"] & customers["churn_date"].isna())]
    for attribute, values in slice_.filters:
        frame = frame[frame[attribute].isin(values)]
    frame = frame.assign(left=frame["churned"] & (frame["churn_date"] < as_of))
    end = frame["churn_date"].where(frame["left"], as_of)
    frame = frame.assign(months=(end - frame["signup_date"]).dt.days / (365.25 / 12),
                         cohort=frame["signup_date"].dt.to_period("M").dt.to_timestamp())
    # The landmark: groups by the latest NPS answer given in the first 3 months after signup.
    nps = responses[(responses["kind"] == "nps") & responses["score"].notna()
                    & (responses["responded_at"] < as_of)]
    signup = nps["customer_id"].map(customers.set_index("customer_id")["signup_date"])
    nps = nps[(nps["responded_at"] - signup).dt.days / (365.25 / 12) < 3]
    latest = nps.sort_values(["responded_at", "response_id"]).groupby("customer_id")["score"].last()
    score = frame["customer_id"].map(latest)
    group = np.select([score >= 9, score >= 7, score >= 0], ["promoter", "passive", "detractor"], "no answer")
    return frame.assign(group=group, landmarked=frame["months"] >= 3), records_start, as_of


def reference_cohorts(raw, slice_: Slice) -> pd.DataFrame:
    frame, records_start, as_of = reference_lives(raw, slice_)
    first = max(records_start, pd.Timestamp(as_of.year, as_of.month, 1) - pd.DateOffset(months=24))
    rows = []
    for cohort, members in frame[frame["cohort"] >= first].groupby("cohort"):
        age = 1
        while cohort + pd.DateOffset(months=age) <= as_of:
            edge = cohort + pd.DateOffset(months=age)
            gone = (members["left"] & (members["churn_date"] < edge)).sum()
            rows.append((cohort.date(), age, len(members), len(members) - int(gone)))
            age += 1
    return pd.DataFrame(rows, columns=["cohort", "age", "customers", "retained"])


@pytest.mark.parametrize("slice_", [Slice(), Q3, Q3.where("segment", "SMB")], ids=["all", "q3", "q3-smb"])
def test_cohort_matrix_matches_pandas(demo, raw, slice_):
    table = retention.cohort_table(demo, slice_)
    expected = reference_cohorts(raw, slice_)
    assert len(table) == len(expected) > 100
    got = table[["cohort", "age", "customers", "retained"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert np.allclose(table["share"], table["retained"] / table["customers"])
    assert table["share"].between(0, 1).all()


def test_cohort_shares_never_rise_with_age(demo):
    table = retention.cohort_table(demo, Q3)
    for _, cohort in table.groupby("cohort"):
        assert (cohort.sort_values("age")["retained"].diff().dropna() <= 0).all()


def test_cohorts_stop_at_the_slice_end(demo):
    table = retention.cohort_table(demo, Q3)
    assert max(table["cohort"]) == date(2026, 9, 1)
    ends = [pd.Timestamp(c) + pd.DateOffset(months=int(a)) for c, a in zip(table["cohort"], table["age"])]
    assert max(ends) <= pd.Timestamp(Q3.end)


@pytest.mark.parametrize("slice_", [Slice(), Q3.where("segment", "SMB")], ids=["all", "q3-smb"])
def test_kaplan_meier_matches_lifelines_on_pandas(demo, raw, slice_):
    frame, _, _ = reference_lives(raw, slice_)
    followed = frame[frame["landmarked"]]  # still customers 3 months after signing up
    result = retention.survival(demo, slice_)
    assert dict(zip(result.groups["group"], result.groups["customers"])) == followed["group"].value_counts().to_dict()
    for group in retention.GROUPS:
        part = followed[followed["group"] == group]
        fitter = KaplanMeierFitter().fit(part["months"] - 3, part["left"])  # time from the landmark
        for month in (3, 6, 12):
            assert result.at(group, month) == pytest.approx(float(fitter.predict(month - 3)), abs=1e-9)
    assert result.at("promoter", 2) is None  # nothing is drawn before the landmark


def test_groups_use_only_what_was_known_at_the_landmark(demo, raw):
    # The immortal-time bias this fixes: grouped by their latest answer, customers who answered late
    # had to survive until then, so answerers looked loyal. A customer whose first NPS answer came
    # after month 3 is "no answer" here; one who left before month 3 is not followed at all.
    customers, responses, _ = raw
    lives = retention.lives(demo, Slice()).set_index("customer_id")
    nps = responses[(responses["kind"] == "nps") & responses["score"].notna()]
    first = nps.groupby("customer_id")["responded_at"].min()
    signup = customers.set_index("customer_id")["signup_date"]
    late = [c for c in lives.index if c in first.index and (first[c] - signup[c]).days > 120]
    assert len(late) > 50
    assert (lives.loc[late, "nps_group"] == "no answer").all()
    early_leavers = lives[lives["event"] & (lives["months"] < 3)]
    assert len(early_leavers) > 0 and not early_leavers["landmarked"].any()
    followed = retention.survival(demo, Slice()).groups["customers"].sum()
    assert followed == lives["landmarked"].sum() < len(lives)


def test_detractors_leave_sooner_and_the_test_says_so(demo):
    result = retention.survival(demo, Q3)
    assert result.p_value < 0.05
    assert result.at("detractor", 12) < result.at("passive", 12) < result.at("promoter", 12)
    words = retention.verdict(result)
    assert "more than chance" in words and "detractors" in words
    assert "association" in words and "p <" not in words  # plain words; never read as cause


def test_verdict_without_a_difference_says_no_clear_difference():
    curves = pd.DataFrame({"group": ["promoter", "detractor"], "month": [12, 12], "survival": [0.9, 0.88]})
    result = retention.Survival(curves, pd.DataFrame(), 0.41, 0.7)
    assert "does not clearly differ" in retention.verdict(result)
    assert "within chance" in retention.verdict(result) and "p =" not in retention.verdict(result)


def test_filters_change_the_populations(demo, raw):
    everyone, smb = retention.lives(demo, Slice()), retention.lives(demo, Slice().where("segment", "SMB"))
    customers = raw[0].set_index("customer_id")
    assert 0 < len(smb) < len(everyone)
    assert set(customers.loc[smb["customer_id"], "segment"]) == {"SMB"}
    assert retention.survival(demo, Slice().where("segment", "SMB")).groups["customers"].sum() == smb["landmarked"].sum()
    enterprise = retention.cohort_table(demo, Slice().where("segment", "Enterprise"))
    assert enterprise["customers"].max() < retention.cohort_table(demo, Slice())["customers"].min()


def test_leavers_words_come_from_exactly_the_counted_customers(demo):
    lives = retention.lives(demo, Q3).set_index("customer_id")
    detractors = retention.leavers_evidence(demo, Q3, group="detractor", limit=50)
    assert detractors.total > 10 and detractors.quotes
    for quote in detractors.quotes:
        assert lives.loc[quote.customer_id, "nps_group"] == "detractor"
        assert lives.loc[quote.customer_id, "event"]
    cohort = retention.leavers_evidence(demo, Q3, cohort=date(2025, 3, 1), age=6, limit=50)
    for quote in cohort.quotes:
        row = lives.loc[quote.customer_id]
        assert row["cohort"] == date(2025, 3, 1) or pd.Timestamp(row["cohort"]) == pd.Timestamp(2025, 3, 1)
        assert pd.Timestamp(row["churn_date"]) < pd.Timestamp(2025, 9, 1)
    texts = [q.text for q in detractors.quotes]
    assert len(texts) == len(set(texts))  # one of each exit reason


def test_distribution_counts_the_metric_population(demo):
    for key, sides in (("nps", {"detractors", "passives", "promoters"}), ("csat", {"dissatisfied", "satisfied"}),
                       ("ces", {"hard", "easy"})):
        frame = retention.distribution(demo, key, Q3)
        assert frame["responses"].sum() == metrics.compute(demo, key, Q3).n
        assert set(frame["side"]) == sides
        assert frame["share"].sum() == pytest.approx(1)
    nps = retention.distribution(demo, "nps", Q3)
    assert nps["score"].tolist() == list(range(0, 11))  # every score of the scale, even unused ones
    assert nps.set_index("score").loc[6, "side"] == "detractors"
    assert nps.set_index("score").loc[7, "side"] == "passives"


def test_without_churn_dates_nothing_pretends(tmp_path):
    con = workspace.connect(tmp_path / "ws.duckdb")
    path = tmp_path / "accounts.csv"
    path.write_text("Customer ID,Churn,Plan\nA-1,Yes,Pro\nA-2,No,Starter\nA-3,No,Pro\n")
    ingest.import_file(con, path, kind="customers")
    assert not retention.churn_dated(con)
    assert retention.window(con, Slice()) is None
    assert retention.cohort_table(con, Slice()).empty
    result = retention.survival(con, Slice())
    assert result.curves.empty and result.p_value is None
    con.close()
