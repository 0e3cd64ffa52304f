"""Real exports from the shared folder (../shared/data), imported the way a user would: Heartbeat's
own proposal, no hand mapping, each file into a fresh workspace of its own.

For each file this checks (1) the proposal: the kind and the key fields mapped (and the columns it
must not take, such as a US state as ticket status); (2) the row accounting: loaded + rejected ==
read == the rows pandas reads from the same file (and the published row count); (3) every headline
figure Heartbeat computes equals an independent pandas computation on the raw file, and the
published figure where the source publishes one. Expected values are never copied from
Heartbeat's output. A smoke test runs the dry-run proposal on every CSV/TSV in the folder.
Everything skips cleanly when the folder is absent (the `shared_data` fixture).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from analytics import ingest, metrics, workspace
from analytics.ingest._words import NO_COMMENT


@dataclass(frozen=True)
class Export:
    path: str  # inside the shared folder
    read: dict = field(default_factory=dict)  # pandas.read_csv options that read it as SOURCE.md says
    rows: int | None = None  # published row count


ALEXA = Export("amazon_alexa_reviews/amazon_alexa.tsv", {"sep": "\t", "encoding": "utf-8-sig"}, 3150)
HOTELS = Export("datafiniti_hotel_reviews/Datafiniti_Hotel_Reviews.csv", {"encoding": "mac_roman"}, 1427)
CLOTHING = Export("womens_clothing_reviews/Womens Clothing E-Commerce Reviews.csv", {}, 23486)
R_SURVEY = Export("r_community_survey_2019/2019 English R Community Survey Responses.csv", {}, 1838)
VEGAS = Export("las_vegas_tripadvisor_semicolon/LasVegasTripAdvisorReviews-Dataset.csv", {"sep": ";"}, 504)
APP_PTBR = Export("ptbr_app_reviews_pipe/app_reviews.csv", {"sep": "|"}, 90)
CFPB = Export("cfpb_consumer_complaints/Consumer_Complaints.csv", {}, 268)
IRAN = Export("iranian_telecom_churn/Customer_Churn.csv", {}, 3150)
IBM_STATUS = Export("ibm_telco_churn_v11/Telco_customer_churn_status.csv", {}, 7043)
IBM_33 = Export("ibm_telco_churn_v11/Telco_customer_churn.csv", {}, 7043)
TELCO = Export("telco_churn_classic/WA_Fn-UseC_-Telco-Customer-Churn.csv", {}, 7043)
BANK = Export("bank_churn/Churn_Modelling.csv", {}, 10000)
BANK_RECORDS = Export("bank_churn/Customer-Churn-Records.csv", {}, 10000)
TICKETS = Export("support_tickets_synthetic/customer_support_tickets.csv", {}, 8469)
QUALTRICS_V3 = Export("survey_export_layouts/qualtrics/qualtrics_sample_v3.csv", {"skiprows": [1, 2]}, 1)
QUALTRICS_LEGACY = Export("survey_export_layouts/qualtrics/qualtrics_sample_legacy.csv",
                          {"header": 1, "encoding": "utf-8-sig"}, 1)
EXPORTS = (ALEXA, HOTELS, CLOTHING, R_SURVEY, VEGAS, APP_PTBR, CFPB, IRAN, IBM_STATUS, IBM_33, TELCO,
           BANK, BANK_RECORDS, TICKETS, QUALTRICS_V3, QUALTRICS_LEGACY)

R_RECOMMEND = "How likely are you to recommend R to a colleague, friend, or family member?"
R_BEST = "What do you like best about using R?"
R_LEAST = "What do you like least about using R?"


def _id(export: Export) -> str:
    return export.path.split("/")[-1]


# ---------------------------------------------------------------- one import per file and module

@dataclass
class Imported:
    con: object
    result: ingest.ImportResult
    proposal: ingest.Mapping  # the preview's mapping, as proposed, before the import
    encoding: str  # as the preview reported it
    frame: pd.DataFrame  # the same file read by pandas: every cell a string, empty cells ""

    def figure(self, key: str) -> metrics.Result:
        return metrics.compute(self.con, key, metrics.Slice())

    def scalar(self, sql: str):
        return self.con.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """imported(folder, export): the file previewed and imported with the proposal, once per module."""
    cache: dict[str, Imported] = {}

    def load(folder: Path, export: Export) -> Imported:
        if export.path not in cache:
            path = folder / export.path
            con = workspace.connect(tmp_path_factory.mktemp("ws") / "ws.duckdb")
            preview = ingest.preview_file(con, path)
            proposal, encoding = copy.deepcopy(preview.mapping), preview.text.encoding
            result = ingest.import_file(con, path, preview=preview)
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, **export.read)
            cache[export.path] = Imported(con, result, proposal, encoding, frame)
        return cache[export.path]

    yield load
    for got in cache.values():
        got.con.close()


# ---------------------------------------------------------------- pandas side

def numbers(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column.str.strip(), errors="coerce")


def dates(column: pd.Series, fmt: str) -> pd.Series:
    return pd.to_datetime(column.str.strip(), format=fmt, errors="coerce")


def blank(column: pd.Series) -> pd.Series:
    return column.str.strip() == ""


def said_nothing(column: pd.Series) -> pd.Series:
    """A text box left empty, or holding a word for nothing ('-', 'N/A', 'No comment': the policy
    list `NO_COMMENT`): no voice."""
    return blank(column) | column.str.strip().str.lower().isin(NO_COMMENT)


def rejected_rows(frame: pd.DataFrame, score: str, scale: tuple[int, int], words: str | None = None,
                  date: tuple[str, str] | None = None) -> pd.Series:
    """Rows a response import must reject, by its stated rules: a score that is not a number on
    its scale, a date not in the file's format, or neither a score nor words."""
    value = numbers(frame[score])
    bad = ~blank(frame[score]) & ~value.between(*scale)
    if date:
        column, fmt = date
        bad |= ~blank(frame[column]) & dates(frame[column], fmt).isna()
    no_words = said_nothing(frame[words]) if words else True
    return bad | (blank(frame[score]) & no_words)


def assert_rating(got: Imported, scores: pd.Series, scale: tuple[int, int]) -> None:
    """The rating figure equals pandas on the same answers: mean, n and top-two-box share."""
    rating = got.figure("rating")
    assert (rating.parts["scale_min"], rating.parts["scale_max"]) == scale
    assert rating.n == len(scores)
    assert rating.value == pytest.approx(scores.mean(), rel=1e-9)
    assert rating.parts["top_share"] == pytest.approx((scores >= scale[1] - 1).mean(), rel=1e-9)


def assert_span(got: Imported, column: str, expected: pd.Series) -> None:
    low, high = got.con.execute(f"SELECT min({column}), max({column}) FROM "
                                f"{'tickets' if column == 'created_at' else 'responses'}").fetchone()
    assert (pd.Timestamp(low), pd.Timestamp(high)) == (expected.min(), expected.max())


# ---------------------------------------------------------------- every file

def test_every_export_gets_a_proposal(shared_data, workspace):
    """Dry run on every CSV/TSV in the folder (new files are covered): no exception, a kind."""
    files = sorted(p for p in shared_data.rglob("*") if p.is_file() and p.suffix.lower() in (".csv", ".tsv"))
    assert files
    kinds, failures = {}, {}
    for path in files:
        name = str(path.relative_to(shared_data))
        try:
            preview = ingest.preview_file(workspace, path)
        except Exception as err:  # noqa: BLE001 - report every file, not the first
            failures[name] = f"{type(err).__name__}: {err}"
            continue
        kinds[name] = preview.kind
        preview.discard()
    assert failures == {}
    assert {name: kind for name, kind in kinds.items() if kind not in ingest.KINDS} == {}


@pytest.mark.parametrize("export", EXPORTS, ids=_id)
def test_rows_add_up_to_what_pandas_reads(shared_data, imported, export):
    got = imported(shared_data, export)
    result = got.result
    assert result.rows_loaded + result.rows_rejected == result.rows_read == len(got.frame) == export.rows
    assert result.delimiter == ingest.DELIMITER_NAMES[export.read.get("sep", ",")]


PROPOSALS = [
    (ALEXA, "responses", {"rating": "rating", "comment": "verified_reviews", "responded_at": "date"}, {}),
    (HOTELS, "responses", {"rating": "reviews.rating", "comment": "reviews.text"}, {}),
    (CLOTHING, "responses", {"rating": "Rating", "recommend": "Recommended IND", "comment": "Review Text"}, {}),
    (R_SURVEY, "responses", {"rating": R_RECOMMEND, "comment": R_BEST, "responded_at": "Timestamp"},
     {"nps": R_RECOMMEND}),
    (VEGAS, "responses", {"rating": "Score"}, {}),
    (APP_PTBR, "responses", {"rating": "score", "comment": "content", "responded_at": "at"}, {}),
    (CFPB, "tickets", {"ticket_id": "Complaint ID", "created_at": "Date received", "topic": "Issue",
                       "body": "Consumer complaint narrative"}, {"status": "State", "subject": "Issue"}),
    (IRAN, "customers", {"churned": "Churn"}, {"churned": "Status", "mrr": "Charge  Amount"}),
    (IBM_STATUS, "customers", {"customer_id": "Customer ID", "churn_reason": "Churn Reason",
                               "churned": ("Customer Status", "Churn Label", "Churn Value")}, {}),
    (IBM_33, "customers", {"customer_id": "CustomerID", "churned": ("Churn Label", "Churn Value")}, {}),
    (TELCO, "customers", {"customer_id": "customerID", "churned": "Churn"}, {}),
    (BANK, "customers", {"customer_id": "CustomerId", "churned": "Exited"}, {}),
    (QUALTRICS_V3, "responses", {"response_id": "ResponseId", "comment": "Q2"}, {}),
    (QUALTRICS_LEGACY, "responses", {"response_id": "ResponseID", "comment": "This is a free text question."}, {}),
]


@pytest.mark.parametrize("export, kind, mapped, never", PROPOSALS, ids=[_id(p[0]) for p in PROPOSALS])
def test_proposal(shared_data, imported, export, kind, mapped, never):
    """The kind and key fields proposed (a tuple lists acceptable columns), and columns never taken."""
    got = imported(shared_data, export)
    assert got.proposal.kind == got.result.kind == kind
    columns = got.proposal.columns
    for key, wanted in mapped.items():
        assert columns.get(key) in (wanted if isinstance(wanted, tuple) else (wanted,)), key
    for key, column in never.items():
        assert columns.get(key) != column, key


# ---------------------------------------------------------------- review and survey exports

def test_alexa_reviews(shared_data, imported):
    got = imported(shared_data, ALEXA)
    frame = got.frame
    assert got.result.encoding == got.encoding == "UTF-8 with BOM"
    assert got.proposal.date_formats["responded_at"] == "%d-%b-%y"  # like 31-Jul-18
    rejected = rejected_rows(frame, "rating", (1, 5), "verified_reviews", ("date", "%d-%b-%y"))
    assert got.result.rows_rejected == rejected.sum()
    kept = frame[~rejected]
    assert_rating(got, numbers(kept["rating"]), (1, 5))
    assert_span(got, "responded_at", dates(kept["date"], "%d-%b-%y"))


def test_hotel_reviews_in_mac_roman_reject_the_zero_ratings(shared_data, imported):
    got = imported(shared_data, HOTELS)
    frame = got.frame
    assert got.encoding.startswith("Mac Roman") and got.result.encoding == got.encoding
    rating = numbers(frame["reviews.rating"])
    off_scale = ~blank(frame["reviews.rating"]) & ~rating.between(1, 5)
    assert off_scale.sum() == (rating == 0).sum() > 0  # the strays are the 0s
    rejected = rejected_rows(frame, "reviews.rating", (1, 5), "reviews.text",
                             ("reviews.date", "%Y-%m-%dT%H:%M:%SZ"))
    assert got.result.rows_rejected == rejected.sum()
    naming_scale = got.scalar("SELECT count(*) FROM rejects WHERE reason LIKE '%outside the scale 1–5%'")
    assert naming_scale == off_scale.sum()
    kept = rating[~rejected]
    assert_rating(got, kept[kept.between(1, 5)], (1, 5))


def test_womens_clothing_rating_and_recommend(shared_data, imported):
    got = imported(shared_data, CLOTHING)
    frame = got.frame
    assert_rating(got, numbers(frame["Rating"]), (1, 5))
    recommend = numbers(frame["Recommended IND"])
    share = got.figure("recommend")
    assert share.n == recommend.notna().sum() == 23486  # published
    assert share.parts["yes"] == (recommend == 1).sum() == 19314  # published
    assert share.value == pytest.approx((recommend == 1).mean(), rel=1e-9)
    assert f"{share.value:.1%}" == "82.2%"  # published
    # Loaded counts rows of the file, not answers: each row gave a rating and a recommendation.
    assert got.result.rows_loaded == len(frame)
    assert got.scalar("SELECT count(DISTINCT respondent_id) FROM responses") == len(frame)
    answers = numbers(frame["Rating"]).notna().sum() + recommend.notna().sum()
    assert got.scalar("SELECT count(*) FROM responses") == answers


def test_r_survey_recommend_question_on_1_to_10_is_a_rating(shared_data, imported):
    got = imported(shared_data, R_SURVEY)
    frame = got.frame
    assert got.proposal.scales["rating"] == (1, 10)
    assert any(R_RECOMMEND in w and "1–10" in w and "NPS" in w for w in got.proposal.warnings)
    assert not metrics.available(got.con, "nps")
    assert got.proposal.date_formats["responded_at"].startswith("%m/%d")  # Google Forms: month first
    timestamp = "%m/%d/%Y %H:%M:%S"
    rejected = rejected_rows(frame, R_RECOMMEND, (1, 10), R_BEST, ("Timestamp", timestamp))
    assert got.result.rows_rejected == rejected.sum()
    kept = frame[~rejected]
    scores = numbers(kept[R_RECOMMEND])
    assert_rating(got, scores[scores.notna()], (1, 10))
    assert_span(got, "responded_at", dates(kept["Timestamp"], timestamp))


def test_r_survey_what_users_like_least_is_quoted_with_what_they_like_best(shared_data, imported):
    """Both open questions are the respondent's words (one paragraph each), not one of them."""
    got = imported(shared_data, R_SURVEY)
    assert got.proposal.more_comments == [R_LEAST]  # not the choice questions few respondents saw
    frame = got.frame
    texts = frame[[R_BEST, R_LEAST]].apply(
        lambda row: "\n\n".join(t for t in row if t.strip() and t.strip().lower() not in NO_COMMENT), axis=1)
    kept = ~rejected_rows(frame, R_RECOMMEND, (1, 10), R_BEST, ("Timestamp", "%m/%d/%Y %H:%M:%S")) | (
        blank(frame[R_RECOMMEND]) & ~said_nothing(frame[R_LEAST]))
    said = sorted(texts[kept & (texts != "")])
    assert sorted(got.con.execute("SELECT text FROM voices WHERE source = 'survey'").df()["text"]) == said
    assert sum("\n\n" in t for t in said) > 500  # many answered both


def test_las_vegas_semicolon_file(shared_data, imported):
    got = imported(shared_data, VEGAS)
    rejected = rejected_rows(got.frame, "Score", (1, 5))
    assert got.result.rows_rejected == rejected.sum()
    assert_rating(got, numbers(got.frame["Score"][~rejected]), (1, 5))


def test_portuguese_app_reviews_pipe_file(shared_data, imported):
    got = imported(shared_data, APP_PTBR)
    frame = got.frame
    fmt = "%Y-%m-%d %H:%M:%S"
    rejected = rejected_rows(frame, "score", (1, 5), "content", ("at", fmt))
    assert got.result.rows_rejected == rejected.sum()
    kept = frame[~rejected]
    assert_rating(got, numbers(kept["score"]), (1, 5))
    assert_span(got, "responded_at", dates(kept["at"], fmt))


@pytest.mark.parametrize("export", [QUALTRICS_V3, QUALTRICS_LEGACY], ids=_id)
def test_qualtrics_response_says_hello_world(shared_data, imported, export):
    got = imported(shared_data, export)
    frame = got.frame
    id_column, comment_column = got.proposal.columns["response_id"], got.proposal.columns["comment"]
    assert id_column.lower() == "responseid"
    assert frame[comment_column].tolist() == ["Hello World!"]
    stored = got.con.execute("SELECT response_id, comment FROM responses").fetchall()
    assert stored == [(frame[id_column].iloc[0], "Hello World!")]


# ---------------------------------------------------------------- tickets

def test_cfpb_complaints_are_tickets(shared_data, imported):
    got = imported(shared_data, CFPB)
    frame = got.frame
    assert "State" in got.result.kept_columns
    stored = {row[0] for row in got.con.execute("SELECT ticket_id FROM tickets").fetchall()}
    assert stored == set(frame["Complaint ID"].str.strip())
    assert len(stored) == len(frame) == 268
    assert_span(got, "created_at", dates(frame["Date received"], "%Y-%m-%d"))
    # the Issue is what each complaint was filed under: it slices, and only the narratives are quoted
    narratives = frame["Consumer complaint narrative"].str.strip().ne("")
    assert got.con.execute("SELECT count(*) FROM voices WHERE source = 'ticket'").fetchone()[0] == narratives.sum()
    top = frame["Issue"].value_counts().index[0]
    stored = got.con.execute("SELECT count(*) FROM tickets WHERE extra->>'Issue' = ?", [top]).fetchone()[0]
    assert stored == frame["Issue"].eq(top).sum()


# ---------------------------------------------------------------- churn

CHURN = [  # export, the rows pandas counts as churned, published churned, published percent
    pytest.param(IRAN, lambda f: f["Churn"] == "1", 495, "15.7", id="iranian"),
    pytest.param(IBM_STATUS, lambda f: f["Churn Value"] == "1", 1869, "26.54", id="ibm-status"),
    pytest.param(IBM_33, lambda f: f["Churn Value"] == "1", 1869, "26.54", id="ibm-33-columns"),
    pytest.param(TELCO, lambda f: f["Churn"] == "Yes", 1869, "26.54", id="telco-classic"),
    pytest.param(BANK, lambda f: f["Exited"] == "1", 2037, "20.37", id="bank"),
    pytest.param(BANK_RECORDS, lambda f: f["Exited"] == "1", 2038, None, id="bank-records"),
]


@pytest.mark.parametrize("export, churned_rows, published, percent", CHURN)
def test_churn_rate_equals_pandas(shared_data, imported, export, churned_rows, published, percent):
    got = imported(shared_data, export)
    churned = churned_rows(got.frame)
    rate = got.figure("churn_rate")
    assert rate.n == len(got.frame) == export.rows
    assert rate.parts["churned"] == churned.sum() == published
    assert rate.value == pytest.approx(churned.mean(), rel=1e-12)
    if percent:
        assert f"{rate.value * 100:.{len(percent.split('.')[1])}f}" == percent


def test_ibm_churn_reasons_without_dates_are_quoted(shared_data, imported):
    """Churned customers with reasons but no churn dates: evidence works (it once crashed on NaT)
    and every quote is a churned customer's own reason."""
    got = imported(shared_data, IBM_STATUS)
    frame = got.frame
    churned = frame[frame["Churn Value"] == "1"]
    reasons = dict(zip(churned["Customer ID"], churned["Churn Reason"]))
    evidence = metrics.evidence_for(got.con, "churn_rate", metrics.Slice())
    assert evidence.total == (~blank(churned["Churn Reason"])).sum()
    assert evidence.quotes
    for quote in evidence.quotes:
        assert quote.text == reasons[quote.customer_id]
        assert quote.at is None
