"""The demo generator: deterministic, the right shape, consistent dates, and the links an analyst
should find (detractors churn more, themes differ by segment, slow themes are rated lower, a few
themes drive churn and most don't: checked through the real import, enrichment and Drivers page)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analytics import impact, voices, workspace
from analytics.demo import THEMES, generate_demo
from analytics.demo._texts import COMPLAINTS, PRAISE, SHORT_COMPLAINTS, SHORT_PRAISE, SLOTS, TICKETS
from analytics.impact import Driver
from analytics.metrics import Slice

WINDOW_START = pd.Timestamp("2024-11-01")
WINDOW_END = pd.Timestamp("2026-11-01")  # exclusive: the default end_month is 2026-10
TEXT_COLUMNS = {"customers": ["name", "email", "churn_reason"], "responses": ["comment"],
                "tickets": ["subject", "body"]}


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    """The demo's frames (how fast they are generated is measured in bench/, not here)."""
    return generate_demo()


@pytest.fixture(scope="module")
def nps(demo) -> pd.DataFrame:
    """NPS responses with the respondent's segment and status, and a promoter/passive/detractor label."""
    rows = demo["responses"].query("survey == 'nps'").merge(
        demo["customers"][["customer_id", "segment", "status"]], on="customer_id", validate="m:1")
    rows["group"] = pd.cut(rows["score"], [-1, 6, 8, 10], labels=["detractor", "passive", "promoter"])
    return rows


def test_same_seed_same_data_other_seed_other_data():
    first, again, other = (generate_demo(seed=s, customers=300) for s in (3, 3, 4))
    for name in ("customers", "responses", "tickets", "revenue"):
        pd.testing.assert_frame_equal(first[name], again[name])
    assert not first["customers"].equals(other["customers"])
    assert not first["responses"]["comment"].equals(other["responses"]["comment"])


def test_columns_are_exactly_the_importer_headers(demo):
    assert list(demo["customers"].columns) == [
        "customer_id", "name", "email", "segment", "plan", "region", "signup_date", "mrr", "status",
        "churn_date", "churn_reason"]
    assert list(demo["responses"].columns) == [
        "response_id", "customer_id", "responded_at", "survey", "score", "comment"]
    assert list(demo["tickets"].columns) == [
        "ticket_id", "customer_id", "created_at", "subject", "body", "satisfaction", "status", "channel"]
    assert list(demo["revenue"].columns) == ["customer_id", "month", "mrr"]


def test_sizes(demo):
    customers = demo["customers"]
    assert len(customers) == 5000
    assert 1000 <= (customers["status"] == "churned").sum() <= 1600
    assert 12_000 <= len(demo["responses"]) <= 25_000
    assert 6_000 <= len(demo["tickets"]) <= 12_000
    assert set(demo["responses"]["survey"]) == {"nps", "csat", "ces"}
    share = customers["segment"].value_counts(normalize=True)
    assert share["SMB"] == pytest.approx(0.6, abs=0.05)
    assert share["Mid-Market"] == pytest.approx(0.3, abs=0.05)
    assert share["Enterprise"] == pytest.approx(0.1, abs=0.03)
    assert set(customers["plan"]) == {"Starter", "Growth", "Pro", "Enterprise"}
    assert set(customers["region"]) == {"North America", "EMEA", "APAC", "LATAM"}


def test_ids_are_unique_and_well_formed(demo):
    for name, column, pattern in (("customers", "customer_id", r"C-\d{5}"),
                                  ("responses", "response_id", r"R-\d{6}"),
                                  ("tickets", "ticket_id", r"T-\d{6}")):
        ids = demo[name][column]
        assert ids.is_unique
        assert ids.str.fullmatch(pattern).all()
    known = set(demo["customers"]["customer_id"])
    for name in ("responses", "tickets", "revenue"):
        assert set(demo[name]["customer_id"]) <= known
    assert demo["customers"]["email"].is_unique


def test_monthly_churn_rate_is_plausible(demo):
    customers, revenue = demo["customers"], demo["revenue"]
    active_at_start = revenue.groupby("month")["customer_id"].nunique()
    churned = customers.query("status == 'churned'")
    churns = churned["churn_date"].str[:7].add("-01").value_counts()
    monthly = churns.reindex(active_at_start.index, fill_value=0) / active_at_start
    assert 0.015 <= monthly.mean() <= 0.03
    by_segment = (customers["status"] == "churned").groupby(customers["segment"]).mean()
    assert by_segment["SMB"] > by_segment["Mid-Market"] > by_segment["Enterprise"]


def test_dates_are_inside_the_window(demo):
    stamps = {"responses": "responded_at", "tickets": "created_at"}
    for name, column in stamps.items():
        text = demo[name][column]
        assert text.str.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}").all()
        at = pd.to_datetime(text)
        assert at.min() >= WINDOW_START and at.max() < WINDOW_END
    customers = demo["customers"]
    churned = customers.query("status == 'churned'")
    churn = pd.to_datetime(churned["churn_date"], format="%Y-%m-%d")
    assert churn.min() >= WINDOW_START and churn.max() < WINDOW_END
    signup = pd.to_datetime(customers["signup_date"], format="%Y-%m-%d")
    assert signup.max() < WINDOW_END
    assert (signup < WINDOW_START).mean() > 0.2  # a base of older customers
    months = pd.to_datetime(demo["revenue"]["month"], format="%Y-%m-%d")
    assert months.min() == WINDOW_START and months.max() == pd.Timestamp("2026-10-01")
    assert (months.dt.day == 1).all()


def test_churn_date_and_reason_present_iff_churned(demo):
    customers = demo["customers"]
    assert set(customers["status"]) == {"active", "churned"}
    churned = customers["status"] == "churned"
    assert (customers["churn_date"] != "").eq(churned).all()
    assert (customers["churn_reason"] != "").eq(churned).all()
    assert (pd.to_datetime(customers.loc[churned, "churn_date"])
            > pd.to_datetime(customers.loc[churned, "signup_date"])).all()


@pytest.mark.parametrize(("frame", "column"), [("responses", "responded_at"), ("tickets", "created_at")])
def test_no_event_before_signup_or_after_churn(demo, frame, column):
    life = demo["customers"][["customer_id", "signup_date", "status", "churn_date"]]
    rows = demo[frame].drop(columns="status", errors="ignore").merge(life, on="customer_id", validate="m:1")
    at = pd.to_datetime(rows[column])
    assert (at >= pd.to_datetime(rows["signup_date"])).all()
    churned = rows["status"] == "churned"
    assert (at[churned].dt.normalize() <= pd.to_datetime(rows.loc[churned, "churn_date"])).all()


def test_score_ranges_per_survey(demo):
    responses = demo["responses"]
    assert pd.api.types.is_integer_dtype(responses["score"])
    for survey, low, high in (("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7)):
        scores = responses.loc[responses["survey"] == survey, "score"]
        assert scores.between(low, high).all()
        assert scores.nunique() >= (high - low)  # the whole scale is used, not a constant
    satisfaction = demo["tickets"]["satisfaction"]
    rated = satisfaction[satisfaction != ""]
    assert 0.3 < len(rated) / len(satisfaction) < 0.8
    assert rated.astype(int).between(1, 5).all()
    assert set(demo["tickets"]["status"]) == {"solved", "open"}
    assert set(demo["tickets"]["channel"]) == {"email", "chat", "phone"}


def test_nps_is_a_plausible_b2b_figure(nps):
    share = nps["group"].value_counts(normalize=True)
    score = 100 * (share["promoter"] - share["detractor"])
    assert 10 <= score <= 50
    assert 0.55 <= (nps["comment"] != "").mean() <= 0.75


def test_csat_and_ces_have_fewer_comments_than_nps(demo, nps):
    responses = demo["responses"]
    nps_rate = (nps["comment"] != "").mean()
    for survey in ("csat", "ces"):
        rate = (responses.loc[responses["survey"] == survey, "comment"] != "").mean()
        assert 0.1 < rate < nps_rate


def test_mrr_depends_on_segment(demo):
    customers = demo["customers"]
    assert (customers["mrr"] == customers["mrr"].round(2)).all()
    for segment, low, high in (("SMB", 50, 800), ("Mid-Market", 500, 5000), ("Enterprise", 3000, 40000)):
        mrr = customers.loc[customers["segment"] == segment, "mrr"]
        assert mrr.between(low, high).all()
        assert mrr.nunique() > 0.9 * len(mrr)  # lognormal-ish, not a few price points
    medians = customers.groupby("segment")["mrr"].median()
    assert medians["SMB"] * 5 < medians["Mid-Market"] < medians["Enterprise"] / 3


def test_revenue_matches_customers(demo):
    customers = demo["customers"].set_index("customer_id")
    revenue = demo["revenue"]
    assert not revenue.duplicated(["customer_id", "month"]).any()
    last = revenue.sort_values("month").groupby("customer_id").tail(1).set_index("customer_id")
    assert set(last.index) == set(customers.index)
    active = customers.index[customers["status"] == "active"]
    assert (last.loc[active, "month"] == "2026-10-01").all()
    assert (last.loc[active, "mrr"] == customers.loc[active, "mrr"]).all()
    churned = customers[customers["status"] == "churned"]
    assert (last.loc[churned.index, "month"] <= churned["churn_date"].str[:7] + "-01").all()
    first = revenue.sort_values("month").groupby("customer_id")["month"].first()
    assert (first >= customers["signup_date"].str[:7].add("-01").clip(lower="2024-11-01")).all()
    months_per_customer = revenue.groupby("customer_id").size()
    span = (pd.to_datetime(last["month"]).dt.to_period("M")
            - pd.to_datetime(first).dt.to_period("M")).map(lambda d: d.n) + 1
    assert (months_per_customer == span.reindex(months_per_customer.index)).all()  # no gaps


def test_revenue_has_expansion_and_contraction(demo):
    revenue = demo["revenue"].sort_values(["customer_id", "month"])
    change = revenue.groupby("customer_id")["mrr"].diff().dropna()
    assert (change > 0).mean() > 0.01
    assert (change < 0).mean() > 0.005
    start = revenue[revenue["month"] == "2025-10-01"].set_index("customer_id")["mrr"]
    end = revenue[revenue["month"] == "2026-10-01"].set_index("customer_id")["mrr"]
    nrr = end.reindex(start.index, fill_value=0).sum() / start.sum()
    grr = end.reindex(start.index, fill_value=0).clip(upper=start).sum() / start.sum()
    assert 0.75 < grr < nrr < 1.15


def test_detractors_churn_more_than_promoters(nps):
    last = nps.sort_values("responded_at").groupby("customer_id").tail(1)
    churn_rate = (last["status"] == "churned").groupby(last["group"], observed=True).mean()
    assert churn_rate["detractor"] >= 2 * churn_rate["promoter"]
    assert churn_rate["detractor"] > churn_rate["passive"] > churn_rate["promoter"]
    promoters_who_left = ((last["group"] == "promoter") & (last["status"] == "churned")).sum()
    assert promoters_who_left >= 20


def test_churn_reasons_vary_and_include_outside_causes(demo):
    reasons = demo["customers"].query("status == 'churned'")["churn_reason"]
    assert reasons.nunique() >= 100
    assert reasons.str.contains(r"acquired|budget|champion", case=False).mean() > 0.05
    assert reasons.str.contains(r"price|expensive|cost", case=False).mean() > 0.05


def _mention_share(rows: pd.DataFrame, pattern: str) -> pd.Series:
    commented = rows[rows["comment"] != ""]
    return commented["comment"].str.contains(pattern, case=False, regex=True).groupby(commented["segment"]).mean()


def test_themes_differ_by_segment(nps):
    pricing = _mention_share(nps, r"price|pricing|expensive")
    assert pricing["SMB"] > 2 * pricing["Enterprise"]
    security = _mention_share(nps, r"\bSSO\b|security|SCIM|audit log")
    assert security["Enterprise"] > 2 * security["SMB"]


def test_promoters_praise_and_detractors_complain(nps):
    commented = nps[nps["comment"] != ""]
    praise = commented["comment"].str.contains(r"great|love|easy|fast|fantastic|recommend", case=False)
    by_group = praise.groupby(commented["group"], observed=True).mean()
    assert by_group["promoter"] > by_group["passive"] > by_group["detractor"]


def test_comments_vary(nps):
    comments = nps.loc[nps["comment"] != "", "comment"]
    assert comments.nunique() >= 0.7 * len(comments)
    words = comments.str.split().str.len()
    assert words.min() <= 3 and words.max() >= 30
    assert comments.str.count(r"[.!?](\s|$)").max() >= 3  # some run to several sentences
    assert 0.05 < comments.str[0].str.islower().mean() < 0.5  # informal sometimes, not always


def test_ticket_satisfaction_is_lower_for_slow_themes(demo):
    tickets = demo["tickets"]
    rated = tickets[tickets["satisfaction"] != ""].assign(score=lambda t: t["satisfaction"].astype(int))
    slow = rated["subject"].str.contains(r"Okta|SCIM|questionnaire|not loading|timing out|Sync stopped"
                                         r"|integration disconnected|sync missing")
    fast = rated["subject"].str.contains(r"notification settings|filter a dashboard|Invites not|CSV import")
    assert slow.sum() > 100 and fast.sum() > 100
    assert rated.loc[slow, "score"].mean() < rated.loc[fast, "score"].mean() - 0.4


def test_text_hazards_for_the_importer_and_the_masker(demo):
    comments = demo["responses"]["comment"]
    assert comments.str.contains('"', regex=False).sum() >= 2
    assert comments.str.contains("\n", regex=False).sum() >= 2
    assert comments.str.contains(r"[\w.]+@[\w.]+\.\w+").sum() >= 1
    assert comments.str.contains(r"\d{3}-\d{4}").sum() >= 1
    names = demo["customers"]["name"]
    assert names.str.contains("'", regex=False).any()
    assert names.map(lambda n: not n.isascii()).any()
    assert demo["customers"]["email"].map(str.isascii).all()
    assert demo["tickets"]["body"].str.contains("\n", regex=False).any()


@pytest.mark.parametrize(("frame", "columns"), TEXT_COLUMNS.items())
def test_no_html_or_formula_like_cells(demo, frame, columns):
    for column in columns:
        text = demo[frame][column]
        assert not text.str.match(r"[=+\-@]").any(), column
        assert not text.str.contains(r"<[a-zA-Z/]").any(), column


def test_end_month_moves_the_window():
    frames = generate_demo(seed=1, customers=400, end_month="2025-06")
    assert pd.to_datetime(frames["responses"]["responded_at"]).max() < pd.Timestamp("2025-07-01")
    assert pd.to_datetime(frames["tickets"]["created_at"]).min() >= pd.Timestamp("2023-07-01")
    assert frames["revenue"]["month"].min() == "2023-07-01"
    assert frames["revenue"]["month"].max() == "2025-06-01"
    assert re.fullmatch(r"C-\d{5}", frames["customers"]["customer_id"].iloc[-1])


# --- the Drivers page on the demo ------------------------------------------------------------------

THEME_IDS = dict(zip(THEMES, ("onboarding-setup", "billing-invoices", "pricing-value",
                              "support-responsiveness", "reliability-performance",
                              "security-compliance", "missing-features", "ease-of-use",
                              "integrations", "account-management")))
EVERYDAY_GRIPES = ("ease-of-use", "missing-features", "integrations")


@pytest.fixture(scope="module")
def workspace_con(demo_file):
    """The session's demo workspace, imported and enriched, read-only."""
    con = workspace.connect(demo_file, read_only=True)
    yield con
    con.close()


def _drivers(con, slice_: Slice) -> dict[str, Driver]:
    return {row.theme_id: row for row in impact.drivers(con, slice_)}


def _not_significant(rows: dict[str, Driver]) -> list[str]:
    return [t for t, row in rows.items()
            if row.rr_low is not None and row.rr_low <= 1 <= row.rr_high]


def test_fragments_carry_their_own_theme_and_no_other():
    """Every complaint, praise and ticket template tags as its theme and only as its theme, whatever
    fills its slots, so the Drivers page sees what the generator meant."""
    matchers = voices.compile_themes(voices.DEFAULT_TAXONOMY)
    pools = [(COMPLAINTS, str), (PRAISE, str), (SHORT_COMPLAINTS, str), (SHORT_PRAISE, str),
             (TICKETS, lambda pair: "\n\n".join(pair))]
    for pool, as_text in pools:
        for theme, templates in pool.items():
            for template in templates:
                for k in range(12):  # every value of every slot: the tags must not change
                    text = re.sub(r"\{(\w+)\}", lambda m: SLOTS[m[1]][k % len(SLOTS[m[1]])],
                                  as_text(template))
                    assert voices.tag_texts([text], matchers)[0] == [THEME_IDS[theme]], text


def test_words_before_a_churn_are_about_why_the_customer_left(demo):
    """Churned customers' comments and tickets in their last six months mostly carry the theme of
    their churn reason; earlier on, no more than other complaints do."""
    churned = demo["customers"].query("status == 'churned'")
    reason_themes = voices.tag_texts(churned["churn_reason"].tolist(), voices.DEFAULT_TAXONOMY)
    reasons = churned.assign(theme=[t[0] if len(t) == 1 else None for t in reason_themes]).dropna()
    responses, tickets = demo["responses"], demo["tickets"]
    said = pd.concat([
        pd.DataFrame({"customer_id": responses["customer_id"], "at": responses["responded_at"],
                      "text": responses["comment"]}),
        pd.DataFrame({"customer_id": tickets["customer_id"], "at": tickets["created_at"],
                      "text": tickets["subject"] + "\n\n" + tickets["body"]})])
    said = said[said["text"] != ""].merge(reasons[["customer_id", "churn_date", "theme"]])
    tags = voices.tag_texts(said["text"].tolist(), voices.DEFAULT_TAXONOMY)
    said["about_it"] = [theme in tagged for theme, tagged in zip(said["theme"], tags)]
    days_left = (pd.to_datetime(said["churn_date"]) - pd.to_datetime(said["at"])).dt.days
    last_months, earlier = said[days_left < 183], said[days_left > 243]
    assert len(last_months) > 1000 and len(earlier) > 200
    assert last_months["about_it"].mean() > 0.6
    assert earlier["about_it"].mean() < 0.4


def test_pricing_and_onboarding_drive_smb_churn(workspace_con):
    smb = _drivers(workspace_con, Slice().where("segment", "SMB"))
    for theme in ("pricing-value", "onboarding-setup"):
        assert smb[theme].relative_risk > 1.5, theme
        assert smb[theme].rr_low > 1, theme


def test_reliability_costs_customers_everywhere_and_support_in_mid_market(workspace_con):
    overall = _drivers(workspace_con, Slice())
    assert overall["reliability-performance"].relative_risk > 1.2
    assert overall["reliability-performance"].rr_low > 1
    mid_market = _drivers(workspace_con, Slice().where("segment", "Mid-Market"))
    assert mid_market["support-responsiveness"].relative_risk > 1.5
    assert mid_market["support-responsiveness"].rr_low > 1


@pytest.mark.parametrize("segment", [None, "SMB"])
def test_most_complaints_do_not_cost_customers(workspace_con, segment):
    slice_ = Slice().where("segment", segment) if segment else Slice()
    rows = _drivers(workspace_con, slice_)
    assert len(rows) == len(THEMES)
    assert len(_not_significant(rows)) >= 2
    for theme in EVERYDAY_GRIPES:
        assert 0.7 < rows[theme].relative_risk < 1.35, theme
