"""Exports nobody here wrote, as small synthetic files: what the proposal reads from the values,
how scales, dates, numbers and identifiers import, and the figures they give, each against what
the file says (tests/exports.py builds the files with the values every row should import as)."""

from __future__ import annotations

import random
import statistics
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest
from openpyxl import Workbook

from analytics import ingest, metrics, voices, workspace
from analytics.errors import InputError, MostRowsRejected
from analytics.metrics import Slice
from tests.exports import csv_text, review_export


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def proposal(con, path):
    preview = ingest.preview_file(con, path)
    preview.discard()
    return preview


def stored(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


# --- a review export ----------------------------------------------------------------------------

@pytest.fixture
def reviews(workspace, tmp_path):
    text, expected = review_export()
    return workspace, write(tmp_path, "hotel_reviews.csv", text), expected


def test_a_review_export_is_proposed_as_responses_from_its_values(reviews):
    con, path, _ = reviews
    found = proposal(con, path)
    assert found.kind == "responses"
    assert found.mapping.columns == {"response_id": "Review ID", "rating": "Overall score",
                                     "responded_at": "Stay date", "comment": "Review",
                                     "recommend": "Would recommend"}
    assert found.mapping.scales["rating"] == (1, 10)
    assert found.mapping.reasons["rating"] == "Overall score: whole numbers 2–10 → Rating 1–10"
    assert "Survey responses / reviews" in found.kind_reason


def test_a_review_export_imports_every_row_with_its_date_rating_and_recommendation(reviews):
    con, path, expected = reviews
    result = ingest.import_file(con, path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (len(expected), len(expected), 0)
    ratings = dict(stored(con, "SELECT respondent_id, score FROM responses WHERE kind = 'rating'"))
    dates = dict(stored(con, "SELECT respondent_id, responded_at FROM responses WHERE kind = 'rating'"))
    assert sorted(ratings.values()) == sorted(float(row["rating"]) for row in expected)
    assert sorted(dates.values()) == sorted(row["at"] for row in expected)
    rating = metrics.compute(con, "rating", Slice())
    assert rating.n == len(expected)
    assert rating.value == pytest.approx(statistics.mean(row["rating"] for row in expected))
    assert rating.parts["top_share"] == pytest.approx(
        sum(row["rating"] >= 9 for row in expected) / len(expected))
    recommend = metrics.compute(con, "recommend", Slice())
    assert recommend.value == pytest.approx(sum(row["recommend"] for row in expected) / len(expected))


def test_attributes_of_a_review_file_slice_the_figures_and_their_quotes(reviews):
    con, path, expected = reviews
    ingest.import_file(con, path)
    assert "Traveller type" in metrics.attributes(con)
    business = Slice().where("Traveller type", "Business")
    chosen = [row for row in expected if row["traveller"] == "Business"]
    result = metrics.compute(con, "rating", business)
    assert result.n == len(chosen)
    assert result.value == pytest.approx(statistics.mean(row["rating"] for row in chosen))
    sql, params = metrics.population(con, "rating", business)
    units = {row[0] for row in con.execute(f"SELECT unit_id FROM ({sql})", params).fetchall()}
    for side in metrics.SIDES["rating"]:
        found = metrics.evidence_for(con, "rating", business, side=side, limit=50)
        assert {quote.unit_id for quote in found.quotes} <= units
        assert all(quote.text in {row["text"] for row in chosen} for quote in found.quotes)
    # "would not recommend" quotes come from the same rows' text (a recommendation has no comment of its own)
    found = metrics.evidence_for(con, "recommend", business, side="would not", limit=50)
    wanted = {row["text"] for row in chosen if not row["recommend"]}
    assert found.total == len(wanted) and {q.text for q in found.quotes} <= wanted


def test_a_survey_with_a_portuguese_header_is_read_not_refused(workspace, tmp_path):
    rows = [[f"{day} de {month} de 2023", nota, texto] for day, month, nota, texto in (
        (3, "março", 5, "Aplicativo ótimo, resolve tudo"), (14, "abril", 2, "Trava toda hora depois da atualização"),
        (21, "maio", 4, "Bom, mas poderia ser mais rápido"), (2, "junho", 1, "Não consigo entrar na minha conta"),
        (9, "julho", 5, "Excelente atendimento e muito fácil"), (30, "agosto", 3, "Razoável, faltam funções"))]
    rows = [[day, nota, f"{texto} ({i})"] for i, (day, nota, texto) in enumerate(rows * 4)]
    path = write(tmp_path, "avaliacoes.csv", csv_text(["Data", "Nota", "Comentário"], rows))
    found = proposal(workspace, path)
    assert found.kind == "responses"
    assert found.mapping.columns == {"responded_at": "Data", "rating": "Nota", "comment": "Comentário"}
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (24, 0)
    assert stored(workspace, "SELECT min(responded_at), max(responded_at) FROM responses") == [
        (datetime(2023, 3, 3), datetime(2023, 8, 30))]


# --- scales -------------------------------------------------------------------------------------

def test_a_1_to_10_likelihood_to_recommend_is_a_rating_with_a_warning_or_nps_by_the_rule_shown(workspace, tmp_path):
    scores = [1, 1, 1, 3, 5, 6, 7, 8, 8, 9, 9, 10, 10, 10] * 3
    path = write(tmp_path, "ltr.csv", csv_text(
        ["id", "How likely are you to recommend us to a friend?"], [[f"r{i}", s] for i, s in enumerate(scores)]))
    preview = ingest.preview_file(workspace, path)
    try:
        assert preview.mapping.columns.get("rating") == "How likely are you to recommend us to a friend?"
        assert "nps" not in preview.mapping.columns
        assert any("NPS needs a 0–10 question" in w for w in preview.mapping.warnings)
        as_nps = ingest.choose(preview, columns={"nps": "How likely are you to recommend us to a friend?"},
                               scales={"nps": (1, 10)})
    finally:
        preview.discard()
    assert "9–10 promoters, 7–8 passives, 1–6 detractors" in as_nps.reasons["nps"]
    ingest.import_file(workspace, path, mapping=as_nps)
    promoters, detractors = sum(s >= 9 for s in scores), sum(s <= 6 for s in scores)
    result = metrics.compute(workspace, "nps", Slice())
    assert result.value == pytest.approx((promoters - detractors) / len(scores) * 100)


def test_a_stray_answer_outside_the_scale_is_rejected_and_never_widens_it(workspace, tmp_path):
    answers = [1, 2, 3, 4, 5, 4, 5, 4] * 25 + [8]  # 200 answers on 1–5 and one 8
    path = write(tmp_path, "csat.csv", csv_text(["response_id", "CSAT"], [[f"c{i}", a] for i, a in enumerate(answers)]))
    result = ingest.import_file(workspace, path)
    assert stored(workspace, "SELECT DISTINCT scale_min, scale_max FROM responses") == [(1, 5)]
    assert result.rows_rejected == 1
    assert list(ingest.rejects_for(workspace, result.batch_id)["Why it was not imported"]) == [
        "CSAT score '8' is outside the scale 1–5"]
    assert metrics.compute(workspace, "csat", Slice()).value == pytest.approx(
        sum(a >= 4 for a in answers[:-1]) / 200)


def test_a_rating_that_moved_from_five_to_ten_stars_keeps_each_answer_on_its_own_scale(workspace, tmp_path):
    day = datetime(2024, 1, 1)
    before = [(day + timedelta(days=i), 1 + i % 5) for i in range(60)]
    after = [(day + timedelta(days=60 + i), 1 + (i * 7 + 5) % 10) for i in range(60)]  # from a 6 on Mar 1
    rows = [[f"s{i}", when.strftime("%Y-%m-%d"), stars] for i, (when, stars) in enumerate(before + after)]
    path = write(tmp_path, "stars.csv", csv_text(["review_id", "date", "stars"], rows))
    found = proposal(workspace, path)
    assert found.mapping.scales["rating"] == (1, 5)
    assert found.mapping.scale_changes["rating"] == ("2024-03-01", 1, 10)
    result = ingest.import_file(workspace, path)
    assert result.rows_rejected == 0
    # the most common scale is a tie (60 and 60): the larger one; 1–5 answers placed on 1–10
    placed = [1 + (s - 1) * 9 / 4 for _, s in before] + [s for _, s in after]
    rating = metrics.compute(workspace, "rating", Slice())
    assert (rating.parts["scale_max"], rating.parts["mixed_scales"]) == (10, True)
    assert rating.value == pytest.approx(statistics.mean(placed))


@pytest.mark.parametrize(("cell", "why"), [
    ("1e3", "is not a number on its own"), ("7-8", "is not a number on its own"),
    ("0x10", "is not a number on its own"), ("12 apples", "is outside the scale"),
    ("1/2", "is not a number on its own"), ("", None)])
def test_numbers_with_exponents_ranges_hex_or_words_are_rejected_with_a_reason(workspace, tmp_path, cell, why):
    rows = [[f"r{i}", 1 + i % 5, f"fine, answer {i}"] for i in range(20)] + [["odd", cell, "odd one"]]
    path = write(tmp_path, "scores.csv", csv_text(["response_id", "rating", "comment"], rows))
    result = ingest.import_file(workspace, path)
    reasons = list(ingest.rejects_for(workspace, result.batch_id)["Why it was not imported"])
    if why is None:  # an empty score with a comment is a comment-only answer
        assert reasons == []
    else:
        assert len(reasons) == 1 and why in reasons[0] and f"'{cell}'" in reasons[0]


def test_a_score_written_over_the_top_of_its_scale_reads_as_its_number(workspace, tmp_path):
    rows = [[f"r{i}", f"{1 + i % 5}/5" if i % 2 else f"{1 + i % 5} / 5", f"fine, answer {i}"] for i in range(20)]
    path = write(tmp_path, "scores.csv", csv_text(["response_id", "rating", "comment"], rows))
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (20, 0)
    assert stored(workspace, "SELECT sum(score), min(scale_max) FROM responses") == [
        (sum(1 + i % 5 for i in range(20)), 5)]


# --- dates --------------------------------------------------------------------------------------

UTC = timezone.utc
DATE_STYLES = {
    "ordinal and month name": (lambda d: f"{d.day}{'st' if d.day in (1, 21, 31) else 'th'} {d:%B %Y}", False),
    "American with time": (lambda d: f"{d:%b} {d.day}, {d:%Y} {d:%I}:{d:%M} {d:%p}", True),
    "ISO with time zone": (lambda d: d.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=1))).isoformat(), True),
    "French": (lambda d: f"{d.day} {('janvier', 'février', 'mars', 'avril')[d.month - 1]} {d.year}", False),
    "German": (lambda d: f"{d.day}. {('Januar', 'Februar', 'März', 'April')[d.month - 1]} {d.year}", False),
    "Spanish": (lambda d: f"{d.day} de {('enero', 'febrero', 'marzo', 'abril')[d.month - 1]} de {d.year}", False),
    "Excel serial days": (lambda d: f"{(d - datetime(1899, 12, 30)).total_seconds() / 86400:.10f}", True),
    "Unix seconds": (lambda d: str(int(d.replace(tzinfo=UTC).timestamp())), True),
    "Unix milliseconds": (lambda d: str(int(d.replace(tzinfo=UTC).timestamp() * 1000)), True),
}


@pytest.mark.parametrize("style", list(DATE_STYLES))
def test_common_dates_are_read_as_written(workspace, tmp_path, style):
    written, timed = DATE_STYLES[style]
    moments = [datetime(2024, 1 + i % 4, 1 + (i * 7) % 28, 13 if timed else 0, 22 if timed else 0) for i in range(30)]
    rows = [[f"t{i}", written(m), f"Ticket text number {i} about a login problem"] for i, m in enumerate(moments)]
    path = write(tmp_path, "dated.csv", csv_text(["Ticket ID", "Created", "Description"], rows))
    result = ingest.import_file(workspace, path, kind="tickets")
    assert (result.rows_loaded, result.rows_rejected) == (30, 0)
    assert sorted(r[0] for r in stored(workspace, "SELECT created_at FROM tickets")) == sorted(moments)



@pytest.mark.parametrize("between", [" ", " às ", " at ", ", "])
def test_dates_with_a_time_on_some_rows_only_are_read_on_every_row(workspace, tmp_path, between):
    """A scrape or a tool that leaves out a time of midnight, or one it does not know
    ('22/02/2023' beside '04/03/2023 às 21:21', as Reclame Aqui shows them): every row is read,
    the time where it is written, as pandas reads them."""
    moments = [datetime(2023, 1 + i % 6, 13 + i % 15, (i * 5) % 24 if i % 3 else 0, (i * 7) % 60 if i % 3 else 0)
               for i in range(60)]
    written = [m.strftime("%d/%m/%Y") + (between + m.strftime("%H:%M") if i % 3 else "") for i, m in enumerate(moments)]
    rows = [[f"Reclamação {i}", f"Comprei e não recebi, pedido {i} sem resposta da loja.", w] for i, w in enumerate(written)]
    path = write(tmp_path, "reclamacoes.csv", csv_text(["titulo", "texto", "data"], rows))
    result = ingest.import_file(workspace, path, kind="responses")
    assert (result.rows_loaded, result.rows_rejected) == (60, 0)
    expected = pd.to_datetime(pd.Series(written).str.replace(between, " ", regex=False), format="mixed", dayfirst=True)
    assert sorted(r[0] for r in stored(workspace, "SELECT responded_at FROM responses")) == sorted(expected)

def test_ambiguous_day_and_month_are_read_one_way_and_the_other_is_offered(workspace, tmp_path):
    rows = [[f"c{i}", f"{1 + i % 12:02d}/{1 + i % 9:02d}/2024"] for i in range(30)]
    path = write(tmp_path, "signups.csv", csv_text(["customer_id", "signup_date"], rows))
    found = proposal(workspace, path)
    assert found.mapping.date_formats["signup_date"] == "%m/%d/%Y"
    assert any("day-first and month-first" in w and "DD/MM/YYYY" in w for w in found.mapping.warnings)


def test_implausible_dates_are_flagged_and_never_set_the_default_period(workspace, tmp_path):
    rows = [[f"r{i}", f"2025-0{1 + i % 6}-1{i % 9}", 4, "fine"] for i in range(40)]
    rows += [["z1", "1970-01-01", 3, "epoch"], ["z2", "2099-05-01", 3, "typo"]]
    path = write(tmp_path, "answers.csv", csv_text(["response_id", "date", "rating", "comment"], rows))
    result = ingest.import_file(workspace, path)
    assert any("before 1990 or more than a year ahead" in w and "2 rows" in w for w in result.warnings)
    plausible = sorted(datetime.strptime(row[1], "%Y-%m-%d").date() for row in rows[:-2])
    assert metrics.data_span(workspace) == (plausible[0], plausible[-1])
    assert metrics.default_slice(workspace).start.year == 2025


def test_a_file_whose_dates_do_not_read_is_refused_with_the_fix(workspace, tmp_path):
    text, _ = review_export(rows=30)
    path = write(tmp_path, "reviews.csv", text)
    preview = ingest.preview_file(workspace, path)
    try:
        wrong = ingest.choose(preview, date_format="YYYY-MM-DD")
    finally:
        preview.discard()
    with pytest.raises(MostRowsRejected) as refused:
        ingest.import_file(workspace, path, mapping=wrong)
    message = str(refused.value)
    assert message.startswith("Nothing was imported: 30 of 30 rows would have been rejected")
    assert "'Stay date' holds dates like '8th January 2024'" in message and "choose its date format" in message
    assert len(refused.value.sample) == 20 and workspace.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_a_date_column_of_mixed_layouts_is_refused_with_a_fix_that_can_work(workspace, tmp_path):
    """No date format reads '19/09/2019', '10/25/2019' and '08-Nov-19' alike: the message says the
    column mixes layouts and how to import without it, not to choose a format."""
    layouts = ["{:02d}/09/2019", "10/{:02d}/2019", "{:02d}-Nov-19", "2019-09-{:02d}"]
    rows = [[f"T{i}", layouts[i % 4].format(13 + i % 15), f"My card was charged twice, case {i}"] for i in range(40)]
    path = write(tmp_path, "complaints.csv", csv_text(["Ticket ID", "Created", "Description"], rows))
    with pytest.raises(MostRowsRejected) as refused:
        ingest.import_file(workspace, path, kind="tickets")
    message = str(refused.value)
    assert "'Created' mixes date layouts" in message and "--map created_at=" in message
    assert "choose its date format" not in message


# --- file layouts -------------------------------------------------------------------------------

def test_mixed_line_endings_and_a_byte_order_mark_inside_are_read(workspace, tmp_path):
    text = ("id,score,comment\r\n" + "".join(f"r{i},{1 + i % 5},ok {i}{chr(13) if i % 2 else ''}\n" for i in range(20))
            + "\ufeffid,score,comment\n" + "".join(f"s{i},{1 + i % 5},fine {i}\r\n" for i in range(20)))
    result = ingest.import_file(workspace, write(tmp_path, "mixed.csv", text), kind="responses")
    assert (result.rows_loaded, result.rows_rejected) == (40, 1)  # the repeated header is refused, not read
    assert list(ingest.rejects_for(workspace, result.batch_id)["Why it was not imported"]) == [
        "repeats the header row (two exports pasted into one file?)"]


def test_two_exports_pasted_with_their_columns_in_another_order_are_refused_not_read_by_position(
        workspace, tmp_path):
    """The second export's header moves the monthly amount: read by position its rows would put
    each customer's total where the monthly amount goes. Nothing is imported, and the line where
    the second export starts is named."""
    first = "Customer ID,Plan,Monthly,Total,Churned\n" + "".join(
        f"C{i},Pro,{50 + i},{(50 + i) * 12},{'Yes' if i % 4 == 0 else 'No'}\n" for i in range(30))
    second = "Customer ID,Plan,Total,Monthly,Churned\n" + "".join(
        f"D{i},Pro,{(60 + i) * 12},{60 + i},No\n" for i in range(30))
    path = write(tmp_path, "pasted.csv", first + second)
    with pytest.raises(InputError) as refused:
        ingest.import_file(workspace, path, kind="customers")
    assert "line 32 repeats the header with its columns moved ('Total' stands where 'Monthly' was)" \
        in str(refused.value)
    assert stored(workspace, "SELECT count(*) FROM imports") == [(0,)]
    assert stored(workspace, "SELECT count(*) FROM customer_versions") == [(0,)]


def test_thousands_of_columns_and_a_huge_first_row(workspace, tmp_path):
    names = [f"q{i}" for i in range(2000)]
    header = ["customer_id", *names, "churned"]
    rows = [[f"C{i}", *("x" * 3 for _ in names), "yes" if i % 3 == 0 else "no"] for i in range(30)]
    rows[0][1] = "long answer " * 150_000  # a 1.8 MB first data row
    result = ingest.import_file(workspace, write(tmp_path, "wide.csv", csv_text(header, rows)))
    assert (result.kind, result.rows_loaded, result.rows_rejected) == ("customers", 30, 0)
    assert metrics.compute(workspace, "churn_rate", Slice()).parts["churned"] == 10


def test_excel_serial_dates_and_merged_cells_with_a_warning(workspace, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Customer ID", "Segment", "Signup date", "Churned"])
    for i in range(6):
        sheet.append([f"C{i}", "Enterprise" if i < 3 else "SMB", 45292 + i, "No"])
    sheet.merge_cells("B2:B4")  # Excel keeps the value in B2 only
    path = tmp_path / "accounts.xlsx"
    book.save(path)
    result = ingest.import_file(workspace, path, mapping=None)
    assert any("merged cell" in w for w in result.warnings)
    assert stored(workspace, "SELECT customer_id, segment, signup_date FROM customers ORDER BY 1") == [
        (f"C{i}", "Enterprise" if i < 3 else "SMB", (datetime(2024, 1, 1) + timedelta(days=i)).date())
        for i in range(6)]


def test_a_workbook_row_grouping_columns_above_the_header_is_not_the_header(workspace, tmp_path):
    """'Account' merged over three columns and 'Billing' over two: the header is the row below,
    and every customer under it imports with its plan, revenue and churn."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Account", None, None, "Billing", None])
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("D1:E1")
    sheet.append(["Customer ID", "Segment", "Churned", "Plan", "MRR"])
    for i in range(20):
        sheet.append([f"C{i}", "SMB" if i % 2 else "Enterprise", "Yes" if i % 5 == 0 else "No", "Pro", 100 + i])
    path = tmp_path / "grouped.xlsx"
    book.save(path)
    result = ingest.import_file(workspace, path)
    assert (result.kind, result.rows_loaded, result.rows_rejected) == ("customers", 20, 0)
    assert stored(workspace, "SELECT count_if(churned), sum(mrr) FROM customers") == [
        (4, sum(100 + i for i in range(20)))]


def test_a_workbook_whose_first_sheet_is_a_summary_names_its_other_sheets(workspace, tmp_path):
    """The first sheet holds a summary, the answers are on 'Responses': they are read from there,
    and choosing the summary is refused with a message saying where to look."""
    book = Workbook()
    book.active.title = "Summary"
    book.active.append(["Report", "Q1 2024"])
    book.active.append(["Answers", 40])
    answers = book.create_sheet("Responses")
    answers.append(["Response ID", "How likely are you to recommend us?"])
    for i in range(40):
        answers.append([f"r{i}", i % 11])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    with pytest.raises(InputError, match=r"other sheets \(Responses\)"):
        ingest.import_file(workspace, path, sheet="Summary")
    assert ingest.import_file(workspace, path).rows_loaded == 40


def test_a_category_written_null_or_nan_is_no_value_not_a_group(workspace, tmp_path):
    """A database export writes 'NULL', pandas 'nan', a spreadsheet 'N/A' where a customer has no
    region: that is no region, so a breakdown by region has no 'NULL' group and the customers
    without one are in none, as pandas' groupby leaves them out."""
    rows = [[f"C{n}", ["PRT", "GBR", "NULL", "nan", "N/A", "ESP"][n % 6], "Yes" if n % 3 == 0 else "No"]
            for n in range(60)]
    path = write(tmp_path, "bookings.csv", csv_text(["Customer ID", "Country", "Churned"], rows))
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, na_values=["NULL", "nan", "N/A"])
    assert dict(stored(workspace, "SELECT region, count(*) FROM customers GROUP BY ALL")) == \
        {**frame["Country"].value_counts().to_dict(), None: frame["Country"].isna().sum()}


def test_whitespace_variants_of_one_id_are_one_customer(workspace, tmp_path):
    customers = csv_text(["customer_id", "plan"], [["C-001", "Pro"], ["C-002", "Team"]])
    answers = csv_text(["response_id", "customer_id", "nps"],
                       [["a", " C-001", 9], ["b", "C-001\u00a0", 3], ["c", "\u200bC-001", 10], ["d", "C-002 ", 7]])
    ingest.import_file(workspace, write(tmp_path, "customers.csv", customers))
    ingest.import_file(workspace, write(tmp_path, "answers.csv", answers))
    assert stored(workspace, "SELECT customer_id, count(*) FROM responses GROUP BY 1 ORDER BY 1") == [
        ("C-001", 3), ("C-002", 1)]
    assert metrics.compute(workspace, "nps", Slice().where("plan", "Pro")).n == 3


@pytest.mark.parametrize("written, value", [
    (["USD 1,250.00", "(250.00)", "($1,000.50)"], [1250, -250, -1000.5]),  # QuickBooks, Xero: a credit in brackets
    (["342.40", "283.18-", "1,637.30-"], [342.4, -283.18, -1637.3]),  # SAP lists: the minus after
    (["₹15,420.76", "1,04,293.01", "₹12,34,567.00"], [15420.76, 104293.01, 1234567]),  # India: lakhs, crores
    (["1'730.56", "CHF 1’069.43", "12'000"], [1730.56, 1069.43, 12000]),  # Switzerland
])
def test_amounts_as_accounting_and_national_formats_write_them(workspace, tmp_path, written, value):
    """Negative amounts in brackets or with the minus after, Indian digit groups and the Swiss
    apostrophe are the amounts they say, not rows rejected as 'not a number'."""
    rows = [[f"C-{n % 3}", f"2024-{1 + n // 3:02d}", amount] for n, amount in enumerate(written * 6)]
    path = write(tmp_path, "revenue.csv", csv_text(["Customer ID", "Month", "Net amount"], rows))
    result = ingest.import_file(workspace, path, kind="revenue")
    assert result.rows_rejected == 0
    assert stored(workspace, "SELECT sum(mrr) FROM revenue")[0][0] == pytest.approx(6 * sum(value))


def test_a_comment_of_spaces_is_no_comment(workspace, tmp_path):
    """An emptied text box exports as ' ' (or a no-break space): no voice, and a row with nothing
    else is rejected as unanswered rather than loaded as a blank quote."""
    said = ["Slow to answer", " ", "\u00a0", " \t ", "", "Kind people"]
    rows = [[f"r{i}", 8 if i < 4 else "", text] for i, text in enumerate(said)]
    text = csv_text(["response_id", "nps", "comment"], rows)
    result = ingest.import_file(workspace, write(tmp_path, "answers.csv", text))
    assert (result.rows_loaded, result.rows_rejected) == (5, 1)  # r4: no score, no comment
    assert stored(workspace, "SELECT response_id FROM responses WHERE comment IS NOT NULL ORDER BY 1") == [
        ("r0",), ("r5",)]


def test_a_spreadsheets_text_apostrophe_before_a_long_number_id_is_not_part_of_it(workspace, tmp_path):
    """Shopify writes '7205883080955 so Excel keeps the digits; the survey tool writes the same
    customer without it. One customer, and the answers count in its plan."""
    customers = "Customer ID,Email,Tags\n" + "".join(
        f"'72058830809{i:02d},shopper{i}@mail.example,{'VIP' if i % 2 else 'wholesale'}\n" for i in range(30))
    ingest.import_file(workspace, write(tmp_path, "customers_export.csv", customers), kind="customers")
    assert stored(workspace, "SELECT count(*), count_if(starts_with(customer_id, chr(39))) FROM customers") == [(30, 0)]
    answers = csv_text(["response_id", "customer_id", "nps"], [[f"a{i}", f"72058830809{i:02d}", 9] for i in range(30)])
    ingest.import_file(workspace, write(tmp_path, "answers.csv", answers))
    assert stored(workspace, "SELECT count(*) FROM responses r JOIN customers c USING (customer_id)") == [(30,)]


def test_base64_keys_link_a_churn_list_to_its_members_and_compact_dates_read(workspace, tmp_path):
    """A data warehouse's hashed member keys ('Q3hF…Bw=', some starting with '+' or '/') key both
    files, and its dates written as one number ('20120831') are the signup dates: each member is
    one customer with the churn of one file and the signup date of the other, as pandas reads them."""
    import base64
    import random

    rng = random.Random(3)
    keys = [base64.b64encode(rng.randbytes(32)).decode() for _ in range(60)]
    assert any(key[0] in "+/" for key in keys)  # the case a phone number's '+' rule must not exclude
    churn = write(tmp_path, "train.csv", csv_text(["msno", "is_churn"], [[k, int(rng.random() < 0.2)] for k in keys]))
    members = write(tmp_path, "members.csv", csv_text(
        ["msno", "city", "gender", "registration_init_time"],
        [[k, rng.randint(1, 22), rng.choice(["female", "male", ""]),
          (date(2004, 1, 1) + timedelta(days=rng.randint(0, 4700))).strftime("%Y%m%d")] for k in keys]))
    for path in (churn, members):
        assert ingest.import_file(workspace, path).rows_rejected == 0
    flags, signups = pd.read_csv(churn), pd.read_csv(members, dtype={"registration_init_time": str})
    expected = flags.merge(signups, on="msno")
    expected["signup"] = pd.to_datetime(expected["registration_init_time"], format="%Y%m%d").dt.date
    assert sorted(stored(workspace, "SELECT customer_id, churned, signup_date FROM customers")) == sorted(
        zip(expected["msno"], expected["is_churn"].astype(bool), expected["signup"]))


# --- first themes -------------------------------------------------------------------------------

def test_a_workspace_of_uploads_gets_themes_from_its_own_words(workspace, tmp_path):
    text, _ = review_export(rows=80)
    ingest.import_file(workspace, write(tmp_path, "reviews.csv", text))
    assert voices.discover_first_themes(workspace) is True
    assert voices.discovered(workspace)
    names = {theme.theme_id for theme in voices.load_taxonomy(workspace)}
    assert names.isdisjoint(theme.theme_id for theme in voices.DEFAULT_TAXONOMY)
    assert voices.discover_first_themes(workspace) is False  # once only


def test_the_demo_keeps_its_taxonomy(demo_copy):
    con = workspace.connect(demo_copy)
    try:
        assert voices.discover_first_themes(con) is False
        assert voices.is_default_taxonomy(con)
    finally:
        con.close()


def test_a_scale_column_puts_each_answer_on_its_own_scale(workspace, tmp_path):
    rows = [[f"m{i}", 1 + i % 5, 5, f"answer {i}"] for i in range(40)] + \
           [[f"t{i}", 1 + (i * 3) % 10, 10, f"answer {i}"] for i in range(60)] + [["x", 4, "", "no scale"]]
    path = write(tmp_path, "mixed.csv", csv_text(["response_id", "rating", "scale_max", "comment"], rows))
    found = proposal(workspace, path)
    assert found.mapping.scale_columns == {"rating": "scale_max"}
    assert "each on the scale its row's 'scale_max' gives (1–5, 1–10)" in found.mapping.reasons["rating"]
    result = ingest.import_file(workspace, path)
    assert list(ingest.rejects_for(workspace, result.batch_id)["Why it was not imported"]) == [
        "Rating has no scale on this row (its scale column is empty or not a number)"]
    assert stored(workspace, "SELECT scale_max, count(*) FROM responses GROUP BY 1 ORDER BY 1") == [(5, 40), (10, 60)]
    placed = [1 + (r[1] - 1) * 9 / 4 for r in rows[:40]] + [r[1] for r in rows[40:100]]
    assert metrics.compute(workspace, "rating", Slice()).value == pytest.approx(statistics.mean(placed))


def test_a_customer_list_without_churn_says_churn_is_unknown_not_zero(workspace, tmp_path):
    """A contact list (ids, plan, revenue, no churn flag or date) gives MRR but no churn figure,
    no churn side on Drivers and no investment case; a later file with churn dates brings it."""
    contacts = "Customer ID,Email,Plan,MRR\n" + "".join(
        f"C{i:03d},c{i}@example.com,{'Pro' if i % 2 else 'Basic'},{100 + i}\n" for i in range(40))
    ingest.import_file(workspace, write(tmp_path, "contacts.csv", contacts))
    assert not metrics.available(workspace, "churn_rate")
    assert not metrics.available(workspace, "revenue_churn")
    assert stored(workspace, "SELECT count(*), count(mrr), count(status), count_if(churned) FROM customers") == [
        (40, 40, 0, 0)]

    churn = "Customer ID,Churn date\n" + "".join(
        f"C{i:03d},{'2026-05-03' if i < 10 else ''}\n" for i in range(40))
    ingest.import_file(workspace, write(tmp_path, "churn.csv", churn), kind="customers")
    assert metrics.available(workspace, "churn_rate")
    result = metrics.compute(workspace, "churn_rate", Slice(None, None))
    assert (result.n, result.parts["churned"]) == (40, 10)


def test_an_iso_date_is_never_said_to_be_ambiguous(workspace, tmp_path):
    """Year first is year-month-day: a sample whose days are all 12 or less raises no doubt."""
    rows = [[f"r{i}", f"2025-01-{1 + i % 12:02d} 10:00:00", i % 11] for i in range(40)]
    path = write(tmp_path, "answers.csv", csv_text(["response_id", "responded_at", "nps"], rows))
    preview = proposal(workspace, path)
    assert preview.mapping.date_formats["responded_at"] == "%Y-%m-%d %H:%M:%S"
    assert not [w for w in preview.mapping.warnings if "day-first and month-first" in w]


def test_churn_dates_ahead_never_open_the_pages_on_a_future_quarter(workspace, tmp_path):
    """Subscriptions cancelled to end next year carry churn dates ahead: the pages open on the
    latest quarter that has happened."""
    today = date.today()
    ahead = (today + timedelta(days=200)).isoformat()
    rows = [[f"C{i}", f"{today.year - 1}-0{1 + i % 9}-1{i % 9}", ahead if i % 4 == 0 else "", 50] for i in range(40)]
    path = write(tmp_path, "subscriptions.csv", csv_text(["Customer ID", "Signup date", "Churn date", "MRR"], rows))
    ingest.import_file(workspace, path)
    assert metrics.default_slice(workspace) == Slice()  # nothing dated has happened yet: all time
    answers = csv_text(["response_id", "responded_at", "nps"], [[f"r{i}", f"{today.year - 1}-11-{1 + i:02d}", 9]
                                                                 for i in range(20)])
    ingest.import_file(workspace, write(tmp_path, "answers.csv", answers))
    assert metrics.default_slice(workspace).start <= today


def test_european_amounts_quoted_in_a_comma_separated_file_keep_their_thousands(workspace, tmp_path):
    """'1.864,00' beside '19,65' in a comma-separated export: one thousand eight hundred, not 1.864."""
    amounts = ["1.864,00", "19,65", "2.375,10", "24,90", "980,00"]
    rows = [[f"C{i}", amounts[i % 5], "nein" if i % 3 else "ja"] for i in range(30)]
    path = write(tmp_path, "kunden.csv", csv_text(["Customer ID", "MRR", "Churned"], rows))
    ingest.import_file(workspace, path)
    expected = sum(float(amounts[i % 5].replace(".", "").replace(",", ".")) for i in range(30))
    assert stored(workspace, "SELECT round(sum(mrr), 2) FROM customers") == [(round(expected, 2),)]


def test_a_reports_total_and_count_lines_are_not_customers(workspace, tmp_path):
    rows = [[f"C{i}", 100 + i, "Yes" if i % 5 == 0 else "No"] for i in range(20)]
    rows += [["Total", sum(100 + i for i in range(20)), ""], ["Count:", 20, ""]]
    path = write(tmp_path, "accounts.csv", csv_text(["Account", "MRR", "Churned"], rows))
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (20, 2)
    assert stored(workspace, "SELECT count(*), sum(mrr) FROM customers") == [(20, sum(100 + i for i in range(20)))]
    assert set(ingest.rejects_for(workspace, result.batch_id)["Why it was not imported"]) == {
        "is a total or summary line of the report, not a row of data"}


def test_a_rated_ticket_without_words_is_kept_with_its_rating(workspace, tmp_path):
    """A satisfaction tool's export (Nicereply): half the ratings come without a comment."""
    rows = [[f"99{i:04d}", f"2024-01-{1 + i % 28:02d}", ("Great", "Okay", "Bad")[i % 3], f"T{i}", "Agent Omar",
             f"Answer {i} took two days" if i % 2 else ""] for i in range(30)]
    path = write(tmp_path, "ratings.csv", csv_text(["ID", "Date", "Rating", "Ticket ID", "Agent", "Comment"], rows))
    result = ingest.import_file(workspace, path, kind="tickets")
    assert (result.rows_loaded, result.rows_rejected) == (30, 0)
    assert stored(workspace, "SELECT count(satisfaction), count(body) FROM tickets") == [(30, 15)]


def test_a_remembered_date_format_is_tried_on_next_months_dates(workspace, tmp_path):
    """Last month's export wrote 12/13/2019; this month's, from the same tool, writes ISO (read anew
    and said) or 01/02/2020 with no day above 12 (read as remembered, and said)."""
    header = ["response_id", "Timestamp", "nps"]
    december = [[f"d{i}", f"12/{13 + i % 18}/2019 09:{i % 60:02d}:00", i % 11] for i in range(30)]
    ingest.import_file(workspace, write(tmp_path, "december.csv", csv_text(header, december)))
    small_days = [[f"j{i}", f"01/{1 + i % 9:02d}/2020 09:00:00", i % 11] for i in range(30)]
    preview = proposal(workspace, write(tmp_path, "january.csv", csv_text(header, small_days)))
    assert preview.mapping.remembered and preview.mapping.date_formats["responded_at"] == "%m/%d/%Y %H:%M:%S"
    assert any("as remembered from an earlier import" in w for w in preview.mapping.warnings)
    iso = [[f"j{i}", f"2020-01-{1 + i % 28:02d} 09:{i % 60:02d}:00", i % 11] for i in range(30)]
    result = ingest.import_file(workspace, write(tmp_path, "january_iso.csv", csv_text(header, iso)))
    assert (result.rows_loaded, result.rows_rejected) == (30, 0)
    assert any("the date format remembered from an earlier import" in w for w in result.warnings)
    assert stored(workspace, "SELECT count(*) FROM responses WHERE responded_at >= '2020-01-01'") == [(30,)]


def test_all_time_revenue_churn_reads_what_those_who_left_last_paid(workspace, tmp_path):
    """A customer list carries today's MRR (0 for those who left, as billing exports give it); with
    the revenue history beside it, all-time revenue churn is what they last paid over that plus the
    others' MRR (it read a confident 0%, every lost dollar taken from the list's zeros)."""
    rows, history = [], []
    for i in range(60):
        mrr, left = 100 + 10 * (i % 7), i % 5 == 0
        rows.append(f"C{i:03d},2024-01-0{1 + i % 9},{'Churned' if left else 'Active'},"
                    f"{'2024-07-15' if left else ''},{0 if left else mrr}.00\n")
        for month in range(1, 8 if left else 13):
            history.append(f"C{i:03d},2024-{month:02d},{mrr + (10 if month > 3 else 0)}.00\n")
    customers = write(tmp_path, "customers.csv", "customer_id,signup_date,status,churn_date,current_mrr\n" + "".join(rows))
    revenue = write(tmp_path, "revenue.csv", "customer_id,month,mrr\n" + "".join(history))
    ingest.import_file(workspace, customers)
    ingest.import_file(workspace, revenue)
    listed, paid = pd.read_csv(customers), pd.read_csv(revenue)
    last = paid.sort_values("month").groupby("customer_id")["mrr"].last()
    left = listed["status"] == "Churned"
    lost = listed.loc[left, "customer_id"].map(last).sum()
    churn = metrics.compute(workspace, "revenue_churn", Slice())
    assert churn.value == pytest.approx(lost / (lost + listed.loc[~left, "current_mrr"].sum()))
    assert churn.value > 0


def test_all_time_revenue_churn_of_a_churn_flag_beside_payments_values_those_who_stay_too(workspace, tmp_path):
    """KKBox's layout: a list saying only who left (`msno`, `is_churn`) beside every payment. Those
    who left count what they last paid; those who stay, what they paid in the history's last month
    (the list gives no MRR). It read 100%: every stayer was left out of the denominator."""
    rows, history = [], []
    for i in range(80):
        left, mrr = i % 8 == 0, 99 + 10 * (i % 5)
        rows.append(f"u{i:03d}+k=,{int(left)}\n")
        for month in range(1, (5 + i % 4 if left else 13)):
            history.append(f"u{i:03d}+k=,2016{month:02d}15,{mrr + (30 if month > 6 else 0)}\n")
    listed = write(tmp_path, "train.csv", "msno,is_churn\n" + "".join(rows))
    paid = write(tmp_path, "transactions.csv", "msno,transaction_date,actual_amount_paid\n" + "".join(history))
    ingest.import_file(workspace, listed)
    mapping = ingest.preview_file(workspace, paid, kind="revenue")
    mapping.discard()
    mapping = mapping.mapping
    mapping.columns.update(customer_id="msno", mrr="actual_amount_paid")
    ingest.import_file(workspace, paid, mapping=mapping)
    flags, payments = pd.read_csv(listed), pd.read_csv(paid)
    payments["month"] = payments["transaction_date"] // 100
    last_paid = payments.sort_values("month").groupby("msno")["actual_amount_paid"].last()
    in_last_month = payments[payments["month"] == payments["month"].max()].groupby("msno")["actual_amount_paid"].sum()
    lost = flags.loc[flags["is_churn"] == 1, "msno"].map(last_paid).sum()
    kept = flags.loc[flags["is_churn"] == 0, "msno"].map(in_last_month).sum()
    churn = metrics.compute(workspace, "revenue_churn", Slice())
    assert (churn.value, churn.n) == (pytest.approx(lost / (lost + kept)), len(flags))


# --- a sorted export: what its first rows do not show ---------------------------------------------

_WHY = ["Found a cheaper tool for the team", "The reports never matched our books", "Support took a week to answer",
        "We merged with a company on another system", "Too many seats we did not use", "Onboarding was confusing"]


def _sorted_customers(stayers_first: bool) -> tuple[str, pd.DataFrame]:
    """3,000 customers sorted by their churn flag (as IBM's Telco file is): 1,800 who stayed and
    1,200 who left, each leaver with a reason in their own words."""
    rows = [[f"C{i:05d}", "Pro" if i % 3 else "Basic", 40 + i % 50, "Yes" if i >= 1800 else "No",
             f"{_WHY[i % len(_WHY)]} (account {i})" if i >= 1800 else ""] for i in range(3000)]
    frame = pd.DataFrame(rows, columns=["Customer ID", "Plan", "Monthly Charges", "Churn Label", "Churn Reason"])
    frame = frame if stayers_first else frame.iloc[::-1]
    return csv_text(list(frame.columns), frame.values.tolist()), frame


@pytest.mark.parametrize("stayers_first", [True, False])
def test_a_sorted_export_is_read_from_rows_throughout_the_file(workspace, tmp_path, stayers_first):
    """Sorted stayers first, the first thousand rows have no churn reason: it is still the churn
    reason. Sorted leavers first, they all left: the file is still not one of leavers only."""
    text, frame = _sorted_customers(stayers_first)
    path = write(tmp_path, "customers.csv", text)
    preview = proposal(workspace, path)
    assert preview.mapping.columns["churn_reason"] == "Churn Reason"
    assert not [w for w in preview.mapping.warnings if "Every row of this file is a customer who left" in w]
    ingest.import_file(workspace, path)
    result = metrics.compute(workspace, "churn_rate", Slice(None, None))
    assert (result.n, result.parts["churned"]) == (len(frame), int((frame["Churn Label"] == "Yes").sum()))
    said = stored(workspace, "SELECT count(churn_reason) FROM customers")[0][0]
    assert said == int((frame["Churn Reason"] != "").sum()) == 1200


def test_a_question_added_late_in_a_date_sorted_survey_is_its_comment(workspace, tmp_path):
    """A survey export sorted by date whose open question was added after 1,500 answers: the
    question is read as the comment, and every later answer is a voice."""
    rows = [[f"R{i:05d}", f"2025-{1 + i * 12 // 2000:02d}-{1 + i % 28:02d}", i % 11,
             f"Answer {i}: the {_WHY[i % len(_WHY)].lower()}" if i >= 1500 else ""] for i in range(2000)]
    frame = pd.DataFrame(rows, columns=["Response ID", "Date", "How likely are you to recommend us?",
                                        "What should we improve?"])
    path = write(tmp_path, "survey.csv", csv_text(list(frame.columns), rows))
    assert proposal(workspace, path).mapping.columns.get("comment") == "What should we improve?"
    ingest.import_file(workspace, path)
    written = int((frame["What should we improve?"] != "").sum())
    assert stored(workspace, "SELECT count(comment) FROM responses")[0][0] == written == 500



def test_leavers_only_in_the_last_rows_of_a_long_file_are_seen(workspace, tmp_path):
    """A bank's churn list sorted by its 0/1 'Exited' flag, the 600 leavers of 20,000 in its last
    rows (3%): Exited is the churn flag, not the other 0/1 column the first rows vary in."""
    rng = random.Random(20000)
    rows = [[i + 1, 15_000_000 + i, rng.choice(["France", "Spain", "Germany"]), rng.randint(18, 90),
             rng.randint(0, 1), rng.randint(0, 1), 1 if i >= 19_400 else 0] for i in range(20_000)]
    path = write(tmp_path, "Churn_Modelling.csv", csv_text(
        ["RowNumber", "CustomerId", "Geography", "Age", "HasCrCard", "IsActiveMember", "Exited"], rows))
    assert proposal(workspace, path).mapping.columns["churned"] == "Exited"
    ingest.import_file(workspace, path)
    exited = pd.read_csv(path)["Exited"]
    result = metrics.compute(workspace, "churn_rate", Slice(None, None))
    assert (result.n, result.parts["churned"]) == (len(exited), int(exited.sum()))


def test_a_score_answered_as_points_then_as_their_words_reads_every_answer(workspace, tmp_path):
    """Two survey exports appended, one of values ('4'), one of labels ('Satisfied'), as a survey
    tool exports either: every answer is read on the one scale, as pandas maps the words."""
    rng = random.Random(3)
    words = {1: "Very dissatisfied", 2: "Dissatisfied", 3: "Neutral", 4: "Satisfied", 5: "Very satisfied"}
    points = [rng.choice([1, 2, 3, 4, 4, 5, 5]) for _ in range(3000)]
    rows = [[f"R_{i:05d}", f"2023-{1 + i // 300:02d}-{1 + i % 28:02d} 10:00:00",
             str(n) if i < 1500 else words[n], f"Comment number {i} about the delivery"] for i, n in enumerate(points)]
    path = write(tmp_path, "csat.csv", csv_text(["ResponseId", "RecordedDate", "How satisfied are you with our service?",
                                                "Comment"], rows))
    assert ingest.import_file(workspace, path).rows_rejected == 0
    said = pd.read_csv(path, dtype=str)["How satisfied are you with our service?"]
    read = said.map(lambda cell: int(cell) if cell.isdigit() else {w: n for n, w in words.items()}[cell])
    found = metrics.compute(workspace, "csat", Slice(None, None))
    assert (found.n, found.parts["satisfied"]) == (len(read), int(read.ge(4).sum()))


def test_a_date_layout_that_changes_part_way_reads_every_row_each_its_own_way(workspace, tmp_path):
    """A helpdesk export whose dates are ISO for a year, then DD/MM/YYYY hh:mm (its locale changed):
    both layouts are read, each row its own way, as pandas reads them; none is rejected."""
    start = datetime(2023, 1, 1, 8, 0)
    moments = [start + timedelta(hours=7 * i + i % 5) for i in range(3000)]
    written = [m.strftime("%Y-%m-%d %H:%M:%S") if i < 1800 else m.strftime("%d/%m/%Y %H:%M")
               for i, m in enumerate(moments)]
    rows = [[f"T{i}", w, f"Ticket {i}: the export to Excel fails again"] for i, w in enumerate(written)]
    path = write(tmp_path, "tickets.csv", csv_text(["Ticket ID", "Created at", "Description"], rows))
    assert "or DD/MM/YYYY hh:mm" in ingest.date_format_label(proposal(workspace, path).mapping.date_formats["created_at"])
    result = ingest.import_file(workspace, path, kind="tickets")
    assert (result.rows_loaded, result.rows_rejected) == (3000, 0)
    said = pd.Series(written)  # pandas' 'mixed' with dayfirst reads ISO's 2023-01-02 as 1 February: each its own way
    expected = pd.to_datetime(said, format="%Y-%m-%d %H:%M:%S", errors="coerce").fillna(
        pd.to_datetime(said, format="%d/%m/%Y %H:%M", errors="coerce"))
    assert expected.notna().all()
    assert sorted(r[0] for r in stored(workspace, "SELECT created_at FROM tickets")) == sorted(expected)


def test_a_scale_change_begins_at_the_first_answer_above_the_old_top_in_the_whole_file(workspace, tmp_path):
    """A rating asked on 1–5 for 8,000 answers, then on 1–10 (20,000 in date order): the change
    begins at the file's first answer above 5, not at the first the proposal's sample holds, so no
    answer on the new scale is rejected and every answer from then on is read on 1–10."""
    rng = random.Random(510)
    start = datetime(2023, 1, 1)
    rows = [[f"R{i:05d}", (start + timedelta(minutes=37 * i)).strftime("%Y-%m-%d %H:%M:%S"),
             rng.randint(1, 5) if i < 8000 else rng.randint(1, 10), f"Comment {i} on the delivery"] for i in range(20000)]
    path = write(tmp_path, "ratings.csv", csv_text(["ResponseId", "RecordedDate", "Rating", "Comment"], rows))
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path, parse_dates=["RecordedDate"])
    began = frame.loc[frame["Rating"] > 5, "RecordedDate"].min()
    on_ten = int((frame["RecordedDate"] >= began).sum())
    assert stored(workspace, "SELECT count(*) FROM responses WHERE scale_max = 10")[0][0] == on_ten
