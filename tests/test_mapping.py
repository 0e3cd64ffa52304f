"""mapping: column names and question texts onto canonical fields, kinds, formats, memory."""

from __future__ import annotations

import pytest

from analytics import ingest
from analytics.ingest import SPECS, Mapping, describe_missing
from analytics.ingest._propose import detect_date_format, detect_scale, propose_mapping, recognise_kind
from analytics.ingest._sniff import sniff


def shape_of(tmp_path, text: str, name: str = "upload.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sniff(path)


def mapped(tmp_path, text: str, kind: str | None = None) -> tuple[str, dict[str, str]]:
    shape = shape_of(tmp_path, text)
    chosen = kind or recognise_kind(shape)
    return chosen, propose_mapping(shape, chosen).columns


# --- synonyms ------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["Customer ID", "customerID", "account_id", "CustomerId",
                                    "CUSTOMER_ID", "Client ID", "Account Number"])
def test_customer_id_synonyms(tmp_path, header):
    kind, columns = mapped(tmp_path, f"{header},Plan,MRR\nx1,Pro,10\n")
    assert kind == "customers"
    assert columns["customer_id"] == header


def test_email_only_customer_file(tmp_path):
    kind, columns = mapped(tmp_path, "E-mail Address,Plan,Signup Date,Status\n"
                                     "ann@example.com,Pro,2024-01-05,Active\n")
    assert kind == "customers"
    assert columns == {"email": "E-mail Address", "plan": "Plan", "signup_date": "Signup Date",
                       "churned": "Status"}
    assert Mapping("customers", columns).missing_required() == []


def test_nps_question_text(tmp_path):
    kind, columns = mapped(tmp_path, "Response ID,How likely are you to recommend us to a friend?,"
                                     "Anything else you want to tell us?\nr1,9,great\n")
    assert kind == "responses"
    assert columns["nps"] == "How likely are you to recommend us to a friend?"
    assert columns["comment"] == "Anything else you want to tell us?"


@pytest.mark.parametrize("header", ["Churn", "Churn Label", "Exited", "Customer Status", "Churned"])
def test_churn_synonyms(tmp_path, header):
    _, columns = mapped(tmp_path, f"customer_id,{header}\n1,Yes\n", kind="customers")
    assert columns["churned"] == header


def test_the_exact_churn_column_beats_a_churn_score(tmp_path):
    _, columns = mapped(tmp_path, "Customer ID,Churn Score,Churn Label\n1,86,Yes\n", "customers")
    assert columns["churned"] == "Churn Label"


def test_vague_words_do_not_map_longer_names(tmp_path):
    # "Date of Purchase" is not a signup date, "Product Purchased" is not a plan.
    _, columns = mapped(tmp_path, "Customer ID,Date of Purchase,Product Purchased\n1,2024-01-01,TV\n",
                        "customers")
    assert columns == {"customer_id": "Customer ID"}


# --- kinds ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "kind"), [
    ("customer_id,name,segment,plan,signup_date,mrr,churned", "customers"),
    ("customerID,gender,tenure,Contract,MonthlyCharges,TotalCharges,Churn", "customers"),
    ("response_id,customer_id,date,nps,comment", "responses"),
    ("id,submitted_at,csat,feedback", "responses"),
    ("Ticket ID,Customer Email,Subject,Description,Status,Created At,Channel", "tickets"),
    ("Customer ID,Month,MRR", "revenue"),
    ("account_id,billing_month,amount", "revenue"),
])
def test_kind_recognition(tmp_path, header, kind):
    values = ",".join("1" for _ in header.split(","))  # the kind comes from the names alone
    assert recognise_kind(shape_of(tmp_path, f"{header}\n{values}\n")) == kind


def test_survey_tool_layout_is_always_responses(tmp_path):
    text = ("Respondent ID,Collector ID,Start Date,End Date,IP Address,Customer ID,Plan\n"
            ",,,,,Response,Response\n1,2,01/01/2024,01/01/2024,1.2.3.4,C1,Pro\n")
    assert recognise_kind(shape_of(tmp_path, text)) == "responses"


# --- dates and scales ----------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "fmt"), [
    (["2024-01-31", "2024-02-01"], "%Y-%m-%d"),
    (["31/01/2024", "01/02/2024"], "%d/%m/%Y"),
    (["01/31/2024", "02/01/2024"], "%m/%d/%Y"),
    (["31.01.2024", "01.02.2024"], "%d.%m.%Y"),
    (["2024-01-31T10:00:00Z", "2024-02-01T08:30:00Z"], "%Y-%m-%dT%H:%M:%SZ"),
    (["31/01/2024 09:15", "01/02/2024 17:00"], "%d/%m/%Y %H:%M"),
])
def test_date_format_detection(values, fmt):
    assert detect_date_format(values) == fmt


def test_ambiguous_dates_are_month_first_unless_european():
    values = ["01/02/2024", "03/04/2024"]  # no day above 12: both readings fit
    assert detect_date_format(values, european=False) == "%m/%d/%Y"
    assert detect_date_format(values, european=True) == "%d/%m/%Y"
    assert detect_date_format(["01/02/2024 10:00"], european=False) == "%m/%d/%Y %H:%M"


def test_semicolon_file_reads_ambiguous_dates_day_first(tmp_path):
    shape = shape_of(tmp_path, "customer_id;signup_date\n1;01/02/2024\n2;03/04/2024\n")
    assert propose_mapping(shape, "customers").date_formats["signup_date"] == "%d/%m/%Y"


def test_unreadable_dates_fall_back_to_iso():
    assert detect_date_format(["next tuesday", "2024-01-31"]) == "%Y-%m-%d"


@pytest.mark.parametrize(("key", "values", "scale"), [
    ("nps", ["11", "3"], (0, 10)),  # NPS is always 0-10: 11 is an error, not a wider scale
    ("csat", ["1", "5", "6"], (1, 5)),  # a stray 6 stays an error
    ("csat", ["1", "7", "6"], (1, 7)),
    ("csat", ["2", "9"], (1, 10)),
    ("csat", ["0", "4"], (0, 5)),
    ("ces", ["1", "4", "5"], (1, 5)),
    ("ces", ["1", "7"], (1, 7)),
    ("rating", ["10 - Excellent", "3"], (1, 10)),
])
def test_scale_detection(key, values, scale):
    assert detect_scale(SPECS["responses"].field(key), values) == scale


# --- messages and memory -------------------------------------------------------------------------

def test_missing_id_message_names_field_and_names_looked_for():
    message = describe_missing(Mapping("customers", {"plan": "Plan"}))
    assert "customers / accounts file needs a column for Customer ID or Email" in message
    assert "customer id" in message and "email" in message


def test_confirmed_mapping_is_remembered_for_a_file_with_the_same_columns(tmp_path, workspace):
    header = "Acct,Tier,Monthly Fee,Notes\n"
    first = tmp_path / "january.csv"
    first.write_text(header + "A1,Gold,100,vip\nA2,Silver,50,\n")
    preview = ingest.preview_file(workspace, first)
    try:
        assert preview.kind == "customers"
        assert "customer_id" not in preview.mapping.columns  # "Acct" is not a known name
        assert preview.mapping.remembered is False
    finally:
        preview.discard()
    chosen = Mapping("customers", {"customer_id": "Acct", "plan": "Tier", "mrr": "Monthly Fee"})
    ingest.import_file(workspace, first, mapping=chosen)

    second = tmp_path / "february.csv"
    second.write_text(header + "A3,Gold,120,new\n")
    preview = ingest.preview_file(workspace, second)
    try:
        assert preview.mapping.remembered is True
        assert preview.kind == "customers"
        assert preview.mapping.columns == chosen.columns
    finally:
        preview.discard()


def test_remembered_mapping_needs_the_same_column_names(tmp_path, workspace):
    first = tmp_path / "a.csv"
    first.write_text("Acct,Tier\nA1,Gold\n")
    ingest.import_file(workspace, first, kind="customers",
                       mapping=Mapping("customers", {"customer_id": "Acct", "plan": "Tier"}))
    second = tmp_path / "b.csv"
    second.write_text("Acct,Tier,Region\nA2,Gold,EU\n")
    preview = ingest.preview_file(workspace, second, kind="customers")
    try:
        assert preview.mapping.remembered is False
    finally:
        preview.discard()
