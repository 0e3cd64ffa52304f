"""mapping: column names and question texts onto canonical fields, kinds, formats, memory."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analytics import ingest, metrics
from analytics.ingest import SPECS, Mapping, describe_missing
from analytics.ingest._dates import read_dates
from analytics.ingest._day_order import day_first_named
from analytics.ingest._profile import profile
from analytics.ingest._kinds import recognise_kind
from analytics.ingest._propose import propose_mapping
from analytics.ingest._scales import bulk_scale
from analytics.ingest._sniff import sniff


def shape_of(tmp_path, text: str, name: str = "upload.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sniff(path)


def imported(tmp_path, workspace, text: str, name: str = "upload.csv"):
    """`text` as an uploaded file, imported into `workspace` as the proposal reads it: the result."""
    path = tmp_path / name
    path.write_text(text)
    return ingest.import_file(workspace, path)


def mapped(tmp_path, text: str, kind: str | None = None) -> tuple[str, dict[str, str]]:
    shape = shape_of(tmp_path, text)
    chosen = kind or recognise_kind(shape)
    return chosen, propose_mapping(shape, chosen).columns


# --- synonyms ------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["Customer ID", "customerID", "account_id", "CustomerId",
                                    "CUSTOMER_ID", "Client ID", "Account Number", "Client Number"])
def test_customer_id_synonyms(tmp_path, header):
    kind, columns = mapped(tmp_path, f"{header},Plan,MRR\nx1,Pro,10\n")
    assert kind == "customers"
    assert columns["customer_id"] == header


@pytest.mark.parametrize("header, field", [("plan_tier", "plan"), ("Subscription Tier", "plan"),
                                           ("Customer Tier", "segment"), ("tier", "segment"),
                                           ("customer_state", "region"), ("client_region", "region"),
                                           ("account_size", "segment")])
def test_an_attribute_named_with_its_owner_or_a_classifying_word_is_that_attribute(tmp_path, header, field):
    """'plan_tier' is the plan's tier (Basic, Pro), not the customer's segment; 'customer_state' is
    where the customer lives (SP, RJ), not a subscription's state."""
    values = {"plan": ["Basic", "Pro", "Enterprise"], "segment": ["SMB", "Mid-Market", "Enterprise"],
              "region": ["SP", "RJ", "MG", "PR"]}[field]
    rows = "".join(f"C{n:03d},{values[n % len(values)]},{'Yes' if n % 5 == 0 else 'No'}\n" for n in range(40))
    kind, columns = mapped(tmp_path, f"Customer ID,{header},Churned\n" + rows)
    assert kind == "customers" and {key for key, name in columns.items() if name == header} == {field}


def test_a_customer_lists_leading_column_of_distinct_ids_is_its_key_whatever_its_name(tmp_path):
    """A billing export keyed by a column whose name says nothing ('Ref'): the values do."""
    rows = "".join(f"{code}-{n:04d}{chr(65 + n % 26)},{'Yes' if n % 4 == 0 else 'No'},{20 + n}.50\n"
                   for n, code in zip(range(40), ["AC", "BX", "QZ", "LM"] * 10))
    kind, columns = mapped(tmp_path, "Ref,Cancelled?,Monthly Fee\n" + rows)
    assert kind == "customers" and columns["customer_id"] == "Ref"


def test_a_leading_row_number_is_not_a_customer_key(tmp_path):
    """1, 2, 3 … counts the rows of this export; the next one renumbers them, so it names no one."""
    rows = "".join(f"{n},{'Yes' if n % 4 == 0 else 'No'},{20 + n}.50\n" for n in range(1, 41))
    kind, columns = mapped(tmp_path, "Row,Cancelled?,Monthly Fee\n" + rows)
    assert kind == "customers" and "customer_id" not in columns


@pytest.mark.parametrize("header", ["Empfehlung", "Recomendación", "Recommandation", "Recommended IND"])
def test_would_recommend_in_several_languages(tmp_path, header):
    rows = "".join(f"{1 + n % 5},{n % 2},Words number {n} about the dress and how it fits\n" for n in range(30))
    kind, columns = mapped(tmp_path, f"Stars,{header},Review\n" + rows)
    assert kind == "responses" and columns["recommend"] == header


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

@pytest.mark.parametrize(("text", "kind"), [
    ("customer_id,name,segment,plan,signup_date,mrr,churned\n"
     "C1,Acme,SMB,Pro,2024-01-05,120,no\nC2,Beta,Enterprise,Team,2023-11-02,900,yes\n", "customers"),
    ("customerID,gender,tenure,Contract,MonthlyCharges,TotalCharges,Churn\n"
     "7590-VHVEG,Female,1,Month-to-month,29.85,29.85,No\n5575-GNVDE,Male,34,One year,56.95,1889.5,Yes\n",
     "customers"),
    ("response_id,customer_id,date,nps,comment\nR1,C1,2024-03-01,9,Support sorted it out within the hour\n"
     "R2,C2,2024-03-02,3,The export keeps failing and nobody answers\n", "responses"),
    ("id,submitted_at,csat,feedback\n1,2024-03-01 10:00,5,Quick and friendly help\n"
     "2,2024-03-02 11:30,2,Took three emails to get an answer\n", "responses"),
    ("Ticket ID,Customer Email,Subject,Description,Status,Created At,Channel\n"
     "T1,ann@example.com,Login fails,I cannot log in since the update this morning,Open,2024-03-01,Email\n"
     "T2,bob@example.com,Invoice,The invoice shows the wrong VAT number for our company,Closed,2024-03-02,Chat\n",
     "tickets"),
    ("Customer ID,Month,MRR\nC1,2024-01,100\nC1,2024-02,100\nC2,2024-01,250\n", "revenue"),
    ("account_id,billing_month,amount\nA1,2024-01-01,100\nA2,2024-01-01,80\n", "revenue"),
])
def test_kind_recognition(tmp_path, text, kind):
    assert recognise_kind(shape_of(tmp_path, text)) == kind


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
    assert read_dates(values).format == fmt


def test_ambiguous_dates_are_month_first_unless_european_and_offer_the_other_order():
    values = ["01/02/2024", "03/04/2024"]  # no day above 12: both readings fit
    us, european = read_dates(values, day_first=False), read_dates(values, day_first=True)
    assert (us.format, us.ambiguous, us.alternative) == ("%m/%d/%Y", True, "%d/%m/%Y")
    assert (european.format, european.alternative) == ("%d/%m/%Y", "%m/%d/%Y")
    assert read_dates(["01/02/2024 10:00"]).format == "%m/%d/%Y %H:%M"


def test_semicolon_file_reads_ambiguous_dates_day_first(tmp_path):
    shape = shape_of(tmp_path, "customer_id;signup_date\n1;01/02/2024\n2;03/04/2024\n")
    assert propose_mapping(shape, "customers").date_formats["signup_date"] == "%d/%m/%Y"


@pytest.mark.parametrize(("header", "delimiter", "fmt"), [
    ("Timestamp (dd/mm/yyyy)", ",", "%d/%m/%Y"),  # QuestionPro in a day-first account, a comma file
    ("Datum (TT.MM.JJJJ)", ",", "%d.%m.%Y"),
    ("Date de réponse (JJ/MM/AAAA)", ",", "%d/%m/%Y"),
    ("Date (mm/dd/yyyy)", ";", "%m/%d/%Y"),  # a semicolon file that says it is month-first
])
def test_a_date_format_written_in_the_header_decides_day_and_month(tmp_path, header, delimiter, fmt):
    """With no day above 12 the values read both ways; the column's name says which, so the
    dates are read that way without asking."""
    day, month = ("05", "03") if fmt.startswith("%d") else ("03", "05")
    separator = fmt[2]
    text = f"Response ID{delimiter}{header}{delimiter}How likely are you to recommend us?\n" + "".join(
        f"{n}{delimiter}{day}{separator}{month}{separator}2024{delimiter}{n % 11}\n" for n in range(1, 40))
    mapping = propose_mapping(shape_of(tmp_path, text), "responses")
    assert mapping.date_formats["responded_at"] == fmt
    assert not [w for w in mapping.warnings if "no day above 12" in w]


def test_day_first_is_read_from_a_format_name_and_only_from_one():
    assert [day_first_named(h) for h in ("Data (gg/mm/aaaa)", "Datum (TT.MM.JJ)", "jj/mm/aa", "yyyy-mm-dd")] \
        == [True, True, True, False]
    assert [day_first_named(h) for h in ("Created (UTC)", "Start hh:mm", "Date", "Amount (mm)")] == [None] * 4


@pytest.mark.parametrize("written", ["{y}年{m}月{d}日", "{y}년 {m}월 {d}일",
                                     "Sat Mar {d} {y} 11:49:57 GMT+0100 (Central European Standard Time)"])
def test_cjk_dates_and_javascripts_date_text_are_dates(tmp_path, workspace, written):
    """Japanese and Chinese '2024年3月5日', Korean '2024년 3월 5일', and the text JavaScript's Date
    writes (a Node backend's or Apps Script's export) are the days they say."""
    days = [1 + n % 28 for n in range(40)]
    text = "Response ID,Submitted,Score,Comment\n" + "".join(
        f"r{n},{written.format(y=2024, m=3, d=day)},{n % 11},Words number {n}\n" for n, day in enumerate(days))
    assert mapped(tmp_path, text)[1]["responded_at"] == "Submitted"
    imported(tmp_path, workspace, text)
    stored = workspace.execute("SELECT strftime(responded_at, '%Y-%m-%d') FROM responses ORDER BY response_id")
    expected = sorted((f"r{n}", f"2024-03-{day:02d}") for n, day in enumerate(days))
    assert [d for (d,) in stored.fetchall()] == [d for _, d in expected]


def test_times_with_and_without_a_fraction_of_a_second_are_one_format(tmp_path, workspace):
    """Google's review times write '.631Z' only when the milliseconds are not zero: half of a
    column each way is still one column of dates."""
    fraction = [n % 2 == 1 and n != 19 for n in range(20)] + [n % 5 != 0 for n in range(20)]  # 9 of 20, 16 of 20
    times = [f"2024-03-{1 + n % 28:02d}T01:26:{n % 60:02d}" + (f".{n:03d}Z" if fraction[n] else "Z") for n in range(40)]
    stars = ["FIVE", "FOUR", "ONE", "THREE", "FIVE"]
    text = "reviewId,starRating,comment,createTime\n" + "".join(
        f"g{n},{stars[n % 5]},Review number {n} of the place,{t}\n" for n, t in enumerate(times))
    result = imported(tmp_path, workspace, text)
    assert (result.rows_loaded, result.rows_rejected) == (40, 0)
    assert workspace.execute("SELECT count(responded_at) FROM responses").fetchone()[0] == 40


def test_a_column_named_as_the_date_whose_values_are_not_dates_is_said(tmp_path):
    text = "Response ID,Submitted,Score\n" + "".join(f"r{n},in week {n},{n % 11}\n" for n in range(30))
    warnings = propose_mapping(shape_of(tmp_path, text), "responses").warnings
    assert any("'Submitted' is named like the response date" in w and "no month" in w for w in warnings)


def test_values_that_are_not_dates_have_no_reading():
    assert read_dates(["next tuesday", "soon", "2024-01-31"]) is None


@pytest.mark.parametrize(("key", "values", "scale"), [
    ("nps", ["11", "3"], (0, 10)),  # NPS stays 0-10: 11 is an error, not a wider scale
    ("csat", ["1", "5", "6"] + ["4"] * 60, (1, 5)),  # a stray 6 among many 1-5 answers stays an error
    ("csat", ["1", "7", "6"], (1, 7)),
    ("csat", ["2", "9"], (1, 10)),
    ("csat", ["0", "4"], (0, 5)),
    ("ces", ["1", "4", "5"], (1, 7)),  # nothing says otherwise: CES's usual 1-7
    ("ces", ["1", "7"], (1, 7)),
    ("rating", ["10 - Excellent", "3"], (1, 10)),
    ("nps", ["0", "1", "9", "10"], (0, 10)),
    ("nps", ["1", "1", "1", "9", "10"], (1, 10)),  # three 1s and not one 0: the bottom is 1
])
def test_scale_detection(key, values, scale):
    assert bulk_scale(profile(values).counts, SPECS["responses"].field(key).scale) == scale


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
        assert preview.mapping.columns.get("plan") != "Tier"  # the proposal reads Tier otherwise
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


def test_a_german_customer_export_with_decimal_commas_maps_its_monthly_fee(tmp_path):
    rows = "".join(f"K-{n:04d};{'Ja' if n % 4 == 0 else 'Nein'};{20 + n},{n % 100:02d}\n" for n in range(40))
    kind, columns = mapped(tmp_path, "Kundennummer;Gekündigt;Monatsbeitrag\n" + rows)
    assert kind == "customers"
    assert columns == {"customer_id": "Kundennummer", "churned": "Gekündigt", "mrr": "Monatsbeitrag"}


def test_a_spanish_helpdesk_export_maps_its_satisfaction(tmp_path):
    rows = "".join(f"cliente{n}@example.com,Factura duplicada,Me cobraron {n + 2} veces el pedido {900 + n} y "
                   f"nadie responde desde hace {n} días,Correo,{1 + n % 5}\n" for n in range(30))
    kind, columns = mapped(tmp_path, "Correo,Asunto,Descripción,Canal,Satisfacción\n" + rows, kind="tickets")
    assert columns["satisfaction"] == "Satisfacción" and columns["body"] == "Descripción"


@pytest.mark.parametrize("header, scale", [("Score (1-5)", [1, 5]), ("Rating out of 10", [1, 10]),
                                           ("Stars /5", [1, 5])])
def test_a_scale_written_in_the_header_leaves_its_name_to_be_read(tmp_path, header, scale):
    """'Score (1-5)' is a score whose scale is 1–5, though 'score' alone says too little inside a
    longer name."""
    top = scale[1]
    rows = "".join(f"{1 + n % top},Words number {n} about the speaker and how it sounds\n" for n in range(30))
    shape = shape_of(tmp_path, f"{header},Your feedback\n" + rows)
    mapping = propose_mapping(shape, recognise_kind(shape))
    assert mapping.kind == "responses" and mapping.columns["rating"] == header
    assert list(mapping.scales["rating"]) == scale


def test_a_complaint_register_keyed_by_case(tmp_path):
    """'Case' names the ticket id even as the last column (no leading-column rule applies)."""
    rows = "".join(f"Billing dispute,They charged me twice for order {n} and never answered,{3384392 + 7 * n}\n"
                   for n in range(30))
    kind, columns = mapped(tmp_path, "Problem,What happened,Case\n" + rows, kind="tickets")
    assert columns["ticket_id"] == "Case" and columns["body"] == "What happened"


def test_a_churn_question_written_as_a_sentence_is_churned(tmp_path):
    """'Left the bank?' with 0/1 answers beside a customer id: a churn file, not a survey, even with
    a satisfaction score in it."""
    rows = "".join(f"{15600000 + 13 * n},{n % 5 == 0:d},{1 + n % 5}\n" for n in range(40))
    kind, columns = mapped(tmp_path, "Customer,Left the bank?,Satisfaction (1-5)\n" + rows)
    assert kind == "customers" and columns["churned"] == "Left the bank?" and columns["customer_id"] == "Customer"


@pytest.mark.parametrize("first", ["Signed up", "Fee"])
def test_a_leading_column_of_dates_or_amounts_is_not_a_customer_key(tmp_path, first):
    """Distinct values are not enough: a date or an amount with decimals names no one."""
    values = {"Signed up": lambda n: f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}", "Fee": lambda n: f"{20 + n}.{n % 90 + 10}"}
    rows = "".join(f"{values[first](n)},{'Yes' if n % 4 == 0 else 'No'},Gold\n" for n in range(40))
    kind, columns = mapped(tmp_path, f"{first},Cancelled?,Tier\n" + rows, kind="customers")
    assert "customer_id" not in columns


def test_a_german_revenue_history_is_read_as_one(tmp_path):
    rows = "".join(f"K{c:03d};2025-{m:02d};{100 + c},{m}0\n" for c in range(10) for m in range(1, 13))
    kind, columns = mapped(tmp_path, "Kunde;Monat;Umsatz\n" + rows)
    assert kind == "revenue" and columns == {"customer_id": "Kunde", "month": "Monat", "mrr": "Umsatz"}


def test_a_billing_export_with_time_zones_in_its_headers(tmp_path, workspace):
    """A subscription export ('Created (UTC)', 'Canceled At (UTC)', 'Status' active/canceled): the
    zone in brackets leaves the name to be read, so signup and churn dates are found and loaded."""
    rows = "".join(f"cus_{n:05d},cus{n}@example.net,{'canceled' if n % 4 == 0 else 'active'},"
                   f"2023-0{1 + n % 9}-1{n % 10} 09:30,{f'2024-02-0{1 + n % 9} 17:05' if n % 4 == 0 else ''}\n"
                   for n in range(40))
    text = "Customer ID,Customer Email,Status,Created (UTC),Canceled At (UTC)\n" + rows
    kind, columns = mapped(tmp_path, text)
    assert kind == "customers"
    assert columns["signup_date"] == "Created (UTC)" and columns["churn_date"] == "Canceled At (UTC)"
    assert imported(tmp_path, workspace, text, "subscriptions.csv").rows_loaded == 40
    churned = workspace.execute("SELECT count(*), min(churn_date), max(churn_date) FROM customers "
                                "WHERE churned").fetchone()
    assert churned[0] == 10 and str(churned[1]) == "2024-02-01" and str(churned[2]) == "2024-02-09"


def test_a_timestamp_with_an_offset_after_a_space_is_read_in_utc(tmp_path, workspace):
    """'2024-05-01 08:00:00 -0700' (Delighted, Rails exports): the same instant, 15:00 UTC."""
    rows = "".join(f"{9000 + n},{n % 11},Reason number {n} for the score,2024-05-{1 + n % 28:02d} 08:00:00 -0700\n"
                   for n in range(40))
    path = tmp_path / "nps.csv"
    path.write_text("Response ID,How likely are you to recommend us?,Comment,Created at\n" + rows)
    assert ingest.import_file(workspace, path).rows_rejected == 0
    hours = workspace.execute("SELECT DISTINCT hour(responded_at) FROM responses").fetchall()
    assert hours == [(15,)]


def test_a_plain_score_on_0_to_10_is_nps_and_its_zeros_are_answers(tmp_path, workspace):
    """An NPS tool's export ('Score', 'Comment'): answers 0–10, a few of them 0. The zeros are the
    bottom of a 0–10 question, not strays of a 1–10 one, and the question is NPS."""
    scores = [0, 10, 9, 8, 7, 10, 9, 6, 5, 3] * 4 + [10, 9] * 130  # 4 zeros in 300 answers
    text = "Response ID,Score,Comment,Created at\n" + "".join(
        f"{90001 + i},{score},Because of reason number {i},2024-05-{1 + i % 28:02d} 08:00:00\n"
        for i, score in enumerate(scores))
    kind, columns = mapped(tmp_path, text)
    assert columns.get("nps") == "Score" and "rating" not in columns
    assert imported(tmp_path, workspace, text, "nps.csv").rows_rejected == 0
    nps = metrics.compute(workspace, "nps", metrics.Slice())
    expected = 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
    assert (nps.n, nps.value) == (300, pytest.approx(expected))


def test_a_rating_named_so_stays_a_rating_whatever_its_scale(tmp_path):
    rows = "".join(f"{n % 11},Words number {n} about the hotel room and the breakfast\n" for n in range(60))
    kind, columns = mapped(tmp_path, "Rating,Review\n" + rows)
    assert columns["rating"] == "Rating" and "nps" not in columns


def subscriptions(periods: list[str], amount_header: str = "Amount") -> str:
    return f"Customer ID,Status,{amount_header},Interval\n" + "".join(
        f"cus_{n:04d},{'canceled' if n % 5 == 0 else 'active'},{100 + n}.50,{period}\n"
        for n, period in enumerate(periods))


def test_an_amount_per_billing_period_is_read_as_its_monthly_share(tmp_path, workspace):
    """A billing export's 'Amount' per 'Interval' (month, year, quarter): MRR is each amount over
    the months its period spans, as pandas computes it."""
    periods = ["month", "year", "Monthly", "quarter", "Annual"] * 8
    text = subscriptions(periods)
    kind, columns = mapped(tmp_path, text)
    assert kind == "customers" and columns["mrr"] == "Amount"
    assert imported(tmp_path, workspace, text, "subscriptions.csv").rows_rejected == 0
    months = {"month": 1, "monthly": 1, "year": 12, "annual": 12, "quarter": 3}
    expected = sum((100 + n + 0.5) / months[p.lower()] for n, p in enumerate(periods))
    assert workspace.execute("SELECT sum(mrr) FROM customers").fetchone()[0] == pytest.approx(expected)


@pytest.mark.parametrize("unit, length", [("plan_interval_unit", "plan_interval_length"),
                                          ("subscriptions.billing_period_unit", "subscriptions.billing_period")],
                         ids=["recurly", "chargebee"])
def test_an_amount_per_several_periods_is_divided_by_all_of_them(tmp_path, workspace, unit, length):
    """12 'months' is a year: a yearly plan's amount is twelve months of revenue, not one."""
    counts = [1, 12, 1, 3, 12] * 6
    text = f"account_code,unit_amount,{unit},{length}\n" + "".join(
        f"acct-{n},{100 + n}.5,months,{count}\n" for n, count in enumerate(counts))
    kind, columns = mapped(tmp_path, text)
    assert kind == "customers" and columns["mrr"] == "unit_amount" and columns["customer_id"] == "account_code"
    assert imported(tmp_path, workspace, text, "subscriptions.csv").rows_rejected == 0
    expected = sum((100 + n + 0.5) / count for n, count in enumerate(counts))
    assert workspace.execute("SELECT sum(mrr) FROM customers").fetchone()[0] == pytest.approx(expected)


def test_the_count_beside_the_unit_column_divides_where_a_file_has_two_counts(tmp_path, workspace):
    """A Recharge-style export: each box's price per 'order_interval_frequency' of the
    'order_interval_unit' (every 30 days, every 2 months), and a charge interval beside it that
    covers several boxes; the MRR is the price over the order interval, as pandas computes it."""
    rows = [(1, "month"), (30, "day"), (2, "month"), (4, "week"), (3, "month")] * 6  # order interval, unit
    text = "subscription_id,price,quantity,charge_interval_frequency,order_interval_frequency,order_interval_unit\n"
    text += "".join(f"sub-{n},{10 + n}.25,1,{order * 3},{order},{unit}\n" for n, (order, unit) in enumerate(rows))
    kind, columns = mapped(tmp_path, text)
    assert kind == "customers" and columns["mrr"] == "price"
    result = imported(tmp_path, workspace, text, "subscriptions.csv")
    assert result.rows_rejected == 0
    unmapped = next(w for w in result.warnings if "not mapped" in w)  # the columns MRR is read with are used
    assert "charge_interval_frequency" in unmapped and "order_interval" not in unmapped and "quantity" not in unmapped
    months = {"month": 1, "week": 12 / 52, "day": 12 / 365}
    expected = sum((10 + n + 0.25) / (order * months[unit]) for n, (order, unit) in enumerate(rows))
    assert workspace.execute("SELECT sum(mrr) FROM customers").fetchone()[0] == pytest.approx(expected)


def test_a_row_whose_period_is_not_one_is_rejected_with_its_reason(tmp_path, workspace):
    path = tmp_path / "subscriptions.csv"
    path.write_text(subscriptions(["month"] * 30 + ["lifetime"]))
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (30, 1)
    reason = " ".join(map(str, ingest.rejects_for(workspace, result.batch_id).iloc[0].tolist()))
    assert "not one (month, year, quarter, week or day): lifetime" in reason


def test_a_column_named_monthly_is_never_divided(tmp_path, workspace):
    path = tmp_path / "subscriptions.csv"
    path.write_text(subscriptions(["year"] * 30, amount_header="MRR"))
    ingest.import_file(workspace, path)
    total = workspace.execute("SELECT sum(mrr) FROM customers").fetchone()[0]
    assert total == pytest.approx(sum(100.5 + n for n in range(30)))


def test_a_placeholder_for_nothing_is_an_empty_value_not_a_problem(tmp_path, workspace):
    """'N/A', '-', 'null', 'None', '#N/A' where an active customer has no churn date (or an account
    no amount): the column is still the churn date, and those cells are empty, never rejected."""
    placeholders = ["N/A", "-", "null", "", "None", "NaT", "n/a", "#N/A"]
    rows = "".join(f"A{i:04d},Acme {i},{'-' if i % 10 == 3 else f'{100 + i}.00'},"
                   f"{'2024-03-15' if i % 4 == 0 else placeholders[i % 8]}\n" for i in range(40))
    text = "Account ID,Account Name,MRR,Churn Date\n" + rows
    kind, columns = mapped(tmp_path, text)
    assert kind == "customers" and columns["churn_date"] == "Churn Date"
    result = imported(tmp_path, workspace, text, "accounts.csv")
    assert (result.rows_loaded, result.rows_rejected) == (40, 0)
    assert workspace.execute("SELECT count(churn_date), count(*) FILTER (WHERE churned), count(mrr) "
                             "FROM customers").fetchone() == (10, 10, 36)


def test_a_form_tools_submit_date_is_the_response_date(tmp_path):
    """Typeform writes when a respondent started and when they submitted: the answer dates from its
    submission."""
    rows = "".join(f"tok{n:05d},{n % 11},Reason {n} for the score given,2024-05-01 10:{n % 60:02d}:00,"
                   f"2024-05-01 10:{n % 60:02d}:30\n" for n in range(30))
    header = "#,How likely are you to recommend us?,Why?,Start Date (UTC),Submit Date (UTC)\n"
    kind, columns = mapped(tmp_path, header + rows)
    assert columns["responded_at"] == "Submit Date (UTC)"


def test_a_chat_tools_conversation_id_keys_its_ratings(tmp_path):
    """Intercom's export of conversation ratings: each rating is keyed by its conversation, so a
    re-export matches the rows already imported."""
    rows = "".join(f"{215000000000 + n},{1714550400 + 3600 * n},{1 + n % 5},Remark number {n} on the chat\n"
                   for n in range(30))
    kind, columns = mapped(tmp_path, "Conversation ID,Created at,Rating,Rating remark\n" + rows)
    assert kind == "responses" and columns["response_id"] == "Conversation ID"


# Likelihood to recommend as people answer it: every point used, the top most often.
_LIKELY = [10, 9, 8, 10, 7, 9, 0, 10, 6, 5, 3, 9, 10, 8, 2, 4, 1, 10]


def test_a_japanese_survey_in_shift_jis_gives_its_nps_and_csat(tmp_path, workspace):
    """No spaces between words, headers no Western rule reads, an encoding older than UTF-8: the
    comments are free text, 0–10 answers NPS, a satisfaction question CSAT, as counted here."""
    comments = ["アプリがよく落ちるので改善してほしい。", "機能は十分ですが、画面が分かりにくいです。",
                "サポートの返事が早くて助かりました。", "料金が高すぎると思います。"]
    rows = [(f"{100 + i}", f"2024/03/{1 + i % 28:02d} 10:{i % 60:02d}", _LIKELY[i % len(_LIKELY)], 1 + i * 3 % 5,
             f"{comments[i % 4]}注文番号{i}。") for i in range(60)]
    text = "回答ID,回答日時,おすすめ度（0～10）,満足度（1～5）,ご意見・ご要望\n" + "".join(
        f"{rid},{at},{nps},{sat},{said}\n" for rid, at, nps, sat, said in rows)
    path = tmp_path / "anketo.csv"
    path.write_bytes(text.encode("cp932"))
    result = ingest.import_file(workspace, path)
    assert (result.kind, result.encoding, result.rows_loaded, result.rows_rejected) == \
        ("responses", "Shift-JIS (Japanese)", 60, 0)
    everything = metrics.Slice(None, None)
    scores = [nps for _, _, nps, _, _ in rows]
    expected_nps = 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
    assert metrics.compute(workspace, "nps", everything).value == pytest.approx(expected_nps)
    expected_csat = sum(sat >= 4 for _, _, _, sat, _ in rows) / len(rows)
    assert metrics.compute(workspace, "csat", everything).value == pytest.approx(expected_csat)
    assert workspace.execute("SELECT count(DISTINCT comment) FROM responses").fetchone()[0] == 60


def test_answers_on_0_to_10_beside_comments_are_nps_whatever_the_column_is_called(tmp_path):
    """An NPS tool's 'answer' column: its values, not its name, say likelihood to recommend. A
    helpdesk's counts that stop at 7 are not a satisfaction score."""
    said = ["The onboarding was slow and confusing for us", "Great support team, quick and kind answers",
            "Pricing went up again without any notice at all", "Reports are exactly what our board needs"]
    survey = "response_id,email,answer,comment,responded\n" + "".join(
        f"R{i},p{i}@example.com,{_LIKELY[i % len(_LIKELY)]},{said[i % 4]} {i},2024-05-{1 + i % 28:02d}\n"
        for i in range(80))
    kind, columns = mapped(tmp_path, survey)
    assert (kind, columns.get("nps"), columns.get("responded_at")) == ("responses", "answer", "responded")
    tickets = "Ticket ID,Subject,Description,Created,Replies\n" + "".join(
        f"T{i},Help {i},{said[i % 4]} {i},2024-05-{1 + i % 28:02d},{1 + i % 7}\n" for i in range(80))
    kind, columns = mapped(tmp_path, tickets)
    assert kind == "tickets" and "satisfaction" not in columns


def test_a_few_rows_split_by_a_stray_delimiter_do_not_hide_a_column(tmp_path, workspace):
    """Three rows with an unquoted 'Bank transfer, automatic' shift their churn flag one column
    right; they are rejected at import and say nothing of what the Churn column holds."""
    rows = [f"C{i:03d},Mailed check,{20 + i % 50}.5,{'Yes' if i % 4 == 0 else 'No'}" for i in range(60)]
    for i in (5, 17, 33):
        rows[i] = f"C{i:03d},Bank transfer, automatic,{20 + i % 50}.5,{'Yes' if i % 4 == 0 else 'No'}"
    text = "customerID,PaymentMethod,MonthlyCharges,Churn\n" + "\n".join(rows) + "\n"
    kind, columns = mapped(tmp_path, text)
    assert (kind, columns.get("churned"), columns.get("mrr")) == ("customers", "Churn", "MonthlyCharges")
    result = imported(tmp_path, workspace, text)
    assert (result.rows_loaded, result.rows_rejected) == (57, 3)


def test_two_columns_of_one_name_are_said_when_one_is_mapped(tmp_path):
    text = "Customer ID,MonthlyCharges,Plan,MonthlyCharges\n" + "".join(
        f"C{i},{i % 70},Pro,{20 + i}.25\n" for i in range(30))
    path = tmp_path / "twins.csv"
    path.write_text(text)
    mapping = propose_mapping(sniff(path), "customers")
    assert mapping.columns["mrr"] == "MonthlyCharges"
    assert ("2 columns are named 'MonthlyCharges': 'MonthlyCharges' is read as MRR (monthly revenue), and "
            "'MonthlyCharges (2)' is kept as an attribute. Check the preview, or map the other one.") \
        in mapping.warnings


def test_a_german_customer_export_names_its_dates_and_monthly_amount(tmp_path):
    text = ("Kundennummer;Vertragsbeginn;Kündigungsdatum;Monatlicher Betrag (€);Status\n" + "".join(
        f"K-{i};{1 + i % 28:02d}.01.2022;{'' if i % 4 else f'{1 + i % 28:02d}.06.2024'};{80 + i},50;"
        f"{'Gekündigt' if i % 4 == 0 else 'Aktiv'}\n" for i in range(30)))
    kind, columns = mapped(tmp_path, text)
    assert kind == "customers"
    assert (columns.get("signup_date"), columns.get("churn_date"), columns.get("mrr")) == (
        "Vertragsbeginn", "Kündigungsdatum", "Monatlicher Betrag (€)")


@pytest.mark.parametrize("left", ["Uppsagd", "Expired", "Opgezegd"])
def test_a_customer_status_in_other_words_reads_who_left(tmp_path, workspace, left):
    text = "Kundnummer,Status,MRR\n" + "".join(
        f"K{i},{left if i % 4 == 0 else 'Aktiv'},{50 + i}\n" for i in range(40))
    assert mapped(tmp_path, text)[1].get("churned") == "Status"
    reason = propose_mapping(shape_of(tmp_path, text), "customers").reasons["churned"]
    assert reason.startswith("Status: statuses (") and left in reason
    result = imported(tmp_path, workspace, text)
    assert (result.rows_loaded, result.rows_rejected) == (40, 0)
    assert metrics.compute(workspace, "churn_rate", metrics.Slice(None, None)).parts["churned"] == 10


def test_a_status_word_heartbeat_does_not_know_is_not_read_as_yes_or_no(tmp_path, workspace):
    """'Ausgetreten' is no word Heartbeat knows: read as yes/no, the ten customers who left would be
    rejected and churn would read 0%. The status is kept, and churn is unknown."""
    text = "Kundennummer,Status,MRR\n" + "".join(
        f"K{i},{'Ausgetreten' if i % 4 == 0 else 'Aktiv'},{50 + i}\n" for i in range(40))
    assert "churned" not in mapped(tmp_path, text)[1]
    result = imported(tmp_path, workspace, text)
    assert (result.rows_loaded, result.rows_rejected) == (40, 0)
    assert not metrics.available(workspace, "churn_rate")


def test_headers_qualified_by_their_table_are_read_and_mixed_currencies_said(tmp_path):
    """A billing system's export names each column after its object ('Subscription.Status')."""
    text = ("Account.AccountNumber,Subscription.Status,Subscription.CancelledDate,RatePlanCharge.MRR,"
            "Account.Currency\n" + "".join(
                f"A{i:04d},{'Cancelled' if i % 4 == 0 else 'Active'},{'2024-03-31' if i % 4 == 0 else ''},"
                f"{50 + i}.5,{('USD', 'EUR', 'GBP')[i % 3]}\n" for i in range(30)))
    mapping = propose_mapping(shape_of(tmp_path, text), "customers")
    assert mapping.columns == {"customer_id": "Account.AccountNumber", "churned": "Subscription.Status",
                               "churn_date": "Subscription.CancelledDate", "mrr": "RatePlanCharge.MRR"}
    assert any(w.startswith("The amounts are in 3 currencies (EUR, GBP, USD, in 'Account.Currency')")
               for w in mapping.warnings)


def test_a_recommend_question_in_spanish_is_nps(tmp_path):
    question = "¿Qué probabilidad hay de que recomiende nuestra empresa a un amigo o colega?"
    text = f'id,"{question}",Comentarios\n' + "".join(
        f"{i},{_LIKELY[i % len(_LIKELY)]},Opinión número {i} sobre el servicio\n" for i in range(40))
    assert mapped(tmp_path, text)[1].get("nps") == question


def test_a_review_score_out_of_ten_with_decimals_is_the_rating(tmp_path, workspace):
    """Booking.com: 'Review score' 8.8, 6.3, 10 beside the guests' words."""
    scores = [8.8, 6.3, 10, 7.5, 9.2, 5.0, 8.3]
    text = "Review date,Positive review,Review score\n" + "".join(
        f"2024-01-{1 + i % 28:02d},Stay number {i} was lovely and the staff kind,{scores[i % 7]}\n" for i in range(35))
    mapping = propose_mapping(shape_of(tmp_path, text), "responses")
    assert mapping.columns["rating"] == "Review score" and mapping.scales["rating"] == (1, 10)
    assert mapping.reasons["rating"] == "Review score: numbers 5–10, some with decimals → Rating 1–10"
    imported(tmp_path, workspace, text)
    expected = sum(scores[i % 7] for i in range(35)) / 35
    assert metrics.compute(workspace, "rating", metrics.Slice(None, None)).value == pytest.approx(expected)


@pytest.mark.parametrize("header, written, monthly", [
    ("ARR", "1200", 100.0), ("Annual contract value", "2400.00", 200.0), ("MRR in cents", "4990", 49.9)],
    ids=["arr", "acv", "cents"])
def test_an_amount_whose_header_names_its_unit_is_read_per_month_in_currency(tmp_path, workspace, header, written,
                                                                             monthly):
    text = f"Company ID,{header},Status\n" + "".join(
        f"C{i},{written},{'Churned' if i % 5 == 0 else 'Active'}\n" for i in range(20))
    mapping = propose_mapping(shape_of(tmp_path, text), "customers")
    assert mapping.columns["mrr"] == header
    imported(tmp_path, workspace, text)
    assert workspace.execute("SELECT sum(mrr) FROM customers").fetchone()[0] == pytest.approx(20 * monthly)


def test_a_revenue_history_laid_out_one_column_per_month_is_said(tmp_path):
    text = "Customer ID,Customer Name,Jan-2024,Feb-2024,Mar-2024,Apr-2024\n" + "".join(
        f"C{i},Company {i},{99.5 + i},{99.5 + i},{105 + i},{105 + i}\n" for i in range(20))
    mapping = propose_mapping(shape_of(tmp_path, text), "customers")
    assert any(w.startswith("4 columns are named for months (Jan-2024 … Apr-2024): this looks like a revenue "
                            "history with one column per month.") for w in mapping.warnings)


def test_a_swedish_customer_export_with_amounts_in_kronor(tmp_path, workspace):
    """'1 585,50 kr' (a no-break space between thousands; French Windows writes a narrow one,
    Swiss a thin one), 'E-post', Swedish dates' names."""
    fees = ["35,10 kr", "1\u00a0585,50 kr", "249,00 kr", "12\u202f345,67 kr", "2\u2009100,00 kr"]
    text = "Kundnummer;E-post;Registreringsdatum;Månadsavgift;Status;Uppsägningsdatum\n" + "".join(
        f"K{i};k{i}@example.se;2022-03-{1 + i % 28:02d};{fees[i % 5]};{'Uppsagd' if i % 5 == 0 else 'Aktiv'};"
        f"{'2024-05-31' if i % 5 == 0 else ''}\n" for i in range(40))
    kind, columns = mapped(tmp_path, text)
    assert (kind, columns.get("email"), columns.get("mrr"), columns.get("signup_date"), columns.get("churn_date")) == (
        "customers", "E-post", "Månadsavgift", "Registreringsdatum", "Uppsägningsdatum")
    imported(tmp_path, workspace, text)
    expected = sum(float(re.sub(r"\s", "", fees[i % 5].removesuffix(" kr")).replace(",", ".")) for i in range(40))
    assert workspace.execute("SELECT sum(mrr) FROM customers").fetchone()[0] == pytest.approx(expected)


def test_a_yes_no_column_chosen_by_hand_says_which_values_will_not_read(workspace, tmp_path):
    """A column mapped as churned by hand whose sample holds values that are not a yes or no: the
    proposal says which and how many, before the import rejects those rows."""
    rows = "".join(f"C{n},{['Yes', 'No', 'No', 'Unknown'][n % 4]},{n % 3}\n" for n in range(40))
    path = tmp_path / "accounts.csv"
    path.write_text("Customer ID,Left?,Tier\n" + rows)
    preview = ingest.preview_file(workspace, path)
    preview.discard()
    mapping = ingest.choose(preview, columns={"churned": "Left?"})
    assert "Left?: 10 of 40 sample values are not a yes or no ('Unknown'); those rows will be rejected " \
           "with the reason." in mapping.warnings
    assert not any("not a yes or no" in w for w in ingest.choose(preview, columns={"churned": ""}).warnings)


def test_a_category_of_one_value_is_said_so_in_its_reason(tmp_path):
    rows = "".join(f"C{i},United States,{'Month-to-month' if i % 2 else 'Two year'},Yes\n" for i in range(40))
    mapping = propose_mapping(shape_of(tmp_path, "CustomerID,Country,Contract,Churn\n" + rows), "customers")
    assert mapping.reasons["region"] == "Country: one value on every row ('United States') → Region"
    assert mapping.reasons["plan"] == "Contract: 2 different values → Plan"


@pytest.mark.parametrize("header", ["Dt_Customer", "Customer Date", "Became a Customer Date"])
def test_the_date_someone_became_a_customer_is_their_signup_date(tmp_path, workspace, header):
    """A marketing base's 'Dt_Customer' (enrolment, DD-MM-YYYY), HubSpot's 'Became a Customer Date':
    kept as an attribute, they gave no tenure; as the signup date, each reads as pandas reads it."""
    days = [f"{1 + (7 * i) % 28:02d}-{1 + i % 12:02d}-{2012 + i % 3}" for i in range(30)]
    ids = [str(7000 + (379 * i) % 1000) for i in range(30)]
    result = imported(tmp_path, workspace, f"ID\tIncome\t{header}\tRecency\n"
                      + "".join(f"{key}\t{50000 + 1000 * i}\t{day}\t{10 * i}\n"
                                for i, (key, day) in enumerate(zip(ids, days))))
    assert result.kind == "customers"
    expected = pd.Series(pd.to_datetime(pd.Series(days), format="%d-%m-%Y").dt.date.to_numpy(), index=ids)
    assert dict(workspace.execute("SELECT customer_id, signup_date FROM customers").fetchall()) == expected.to_dict()
