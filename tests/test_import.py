"""End-to-end imports: encodings, delimiters, dates, survey layouts, the real data sets, and
properties every import must keep (the same file twice changes nothing; row order does not matter)."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import random
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import ingest
from analytics import workspace as ws
from analytics.errors import DuplicateFile
from analytics.ingest._customers import CURRENT_CUSTOMERS

FIXTURES = Path(__file__).parent / "fixtures"


def write(tmp_path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


# --- encodings and delimiters -------------------------------------------------------------------

CUSTOMERS = "customer_id,name,plan\nC1,Zoë,“great” plan\nC2,Łukasz,€5 Basic\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (CUSTOMERS.encode("utf-8"), "UTF-8"),
    (codecs.BOM_UTF8 + CUSTOMERS.encode("utf-8"), "UTF-8 with BOM"),
    (CUSTOMERS.encode("utf-16"), "UTF-16"),
    (codecs.BOM_UTF16_BE + CUSTOMERS.encode("utf-16-be"), "UTF-16"),
], ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom"])
def test_unicode_files_import_exactly(workspace, tmp_path, data, encoding):
    result = ingest.import_file(workspace, write(tmp_path, "c.csv", data))
    assert result.encoding == encoding
    assert rows(workspace, "SELECT customer_id, name, plan FROM customers ORDER BY 1") == [
        ("C1", "Zoë", "“great” plan"), ("C2", "Łukasz", "€5 Basic")]


def test_windows_1252_file_imports_exactly(workspace, tmp_path):
    data = "customer_id,name,plan\nC1,Zoë,“great” plan\nC2,Renée,€5 Basic\n".encode("cp1252")
    result = ingest.import_file(workspace, write(tmp_path, "c.csv", data))
    assert result.encoding == "Windows-1252 (Western European)"
    assert rows(workspace, "SELECT name, plan FROM customers ORDER BY customer_id") == [
        ("Zoë", "“great” plan"), ("Renée", "€5 Basic")]


def test_latin1_file_imports_exactly(workspace, tmp_path):
    data = "customer_id,name,region\nC1,Zoë,Köln\nC2,Åse,Besançon\n".encode("latin-1")
    ingest.import_file(workspace, write(tmp_path, "c.csv", data))
    assert rows(workspace, "SELECT name, region FROM customers ORDER BY customer_id") == [
        ("Zoë", "Köln"), ("Åse", "Besançon")]


@pytest.mark.parametrize(("delimiter", "named"), [(",", "comma"), (";", "semicolon"),
                                                  ("\t", "tab"), ("|", "pipe")])
def test_delimiters(workspace, tmp_path, delimiter, named):
    text = "".join(delimiter.join(row) + "\n" for row in
                   [["customer_id", "name", "mrr"], ["1", "Ann", "10"], ["2", "Bob", "20"]])
    result = ingest.import_file(workspace, write(tmp_path, "c.csv", text))
    assert result.delimiter == named
    assert rows(workspace, "SELECT customer_id, name, mrr FROM customers ORDER BY 1") == [
        ("1", "Ann", 10.0), ("2", "Bob", 20.0)]


def test_semicolon_file_with_decimal_commas_and_dotted_dates(workspace):
    ingest.import_file(workspace, FIXTURES / "customers_de.csv")
    assert rows(workspace, "SELECT customer_id, name, mrr, signup_date FROM customers ORDER BY 1") == [
        ("K-1001", "Jörg Müller", 1234.5, datetime.date(2024, 1, 31)),
        ("K-1002", "Anaïs Dubois", 99.0, datetime.date(2024, 2, 1)),
        ("K-1003", "Zoë Brandt", 1500.0, datetime.date(2024, 3, 15)),
    ]


def test_title_line_above_the_header(workspace):
    result = ingest.import_file(workspace, FIXTURES / "title_line_customers.csv")
    assert result.rows_loaded == 2
    assert rows(workspace, "SELECT customer_id, plan, mrr FROM customers ORDER BY 1") == [
        ("C1", "Pro", 120.0), ("C2", "Basic", 20.0)]


def test_data_rows_with_a_trailing_delimiter(workspace, tmp_path):
    result = ingest.import_file(workspace, write(tmp_path, "c.csv", "customer_id,name\n1,Ann,\n2,Bob,\n"))
    assert (result.rows_loaded, result.rows_rejected) == (2, 0)
    assert rows(workspace, "SELECT customer_id, name FROM customers ORDER BY 1") == [("1", "Ann"), ("2", "Bob")]


def test_old_mac_line_endings(workspace, tmp_path):
    ingest.import_file(workspace, write(tmp_path, "c.csv", "customer_id,name\rC1,Ann\rC2,Bob\r"))
    assert rows(workspace, "SELECT customer_id, name FROM customers ORDER BY 1") == [("C1", "Ann"), ("C2", "Bob")]


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("first", "second"), [
    ("2024-01-31", "2024-02-01"),
    ("31/01/2024", "01/02/2024"),  # day > 12 present: day-first
    ("01/31/2024", "02/01/2024"),  # day > 12 present: month-first
    ("31.01.2024", "01.02.2024"),
    ("2024-01-31T10:00:00Z", "2024-02-01T08:30:00Z"),
])
def test_date_formats(workspace, tmp_path, first, second):
    path = write(tmp_path, "c.csv", f"customer_id,signup_date\nc1,{first}\nc2,{second}\n")
    result = ingest.import_file(workspace, path)
    assert result.rows_rejected == 0
    assert rows(workspace, "SELECT signup_date FROM customers ORDER BY 1") == [
        (datetime.date(2024, 1, 31),), (datetime.date(2024, 2, 1),)]


def test_iso_timestamps_keep_the_time(workspace, tmp_path):
    path = write(tmp_path, "r.csv", "response_id,submitted_at,nps\nr1,2024-01-31T10:00:00Z,9\n"
                                    "r2,2024-02-01T08:30:15Z,3\n")
    ingest.import_file(workspace, path)
    assert rows(workspace, "SELECT responded_at FROM responses ORDER BY 1") == [
        (datetime.datetime(2024, 1, 31, 10, 0),), (datetime.datetime(2024, 2, 1, 8, 30, 15),)]


def test_mixed_day_first_and_month_first_dates_are_rejected_not_guessed(workspace, tmp_path):
    path = write(tmp_path, "c.csv", "customer_id,signup_date\nc1,01/31/2024\nc2,31/01/2024\n"
                                    "c3,02/28/2024\nc4,03/30/2024\nc5,04/15/2024\n")
    result = ingest.import_file(workspace, path)  # the days above 12 say month first; 31/01 is then wrong
    assert result.rows_loaded == 4
    assert list(ingest.rejects_for(workspace, result.batch_id)["Why it was not imported"]) == [
        "Signup date '31/01/2024' is not a date in the format MM/DD/YYYY"]


# --- survey tools ------------------------------------------------------------------------------

def test_surveymonkey_export(workspace):
    result = ingest.import_file(workspace, FIXTURES / "surveymonkey_nps.csv")
    assert (result.kind, result.layout) == ("responses", "SurveyMonkey export (2 header rows)")
    assert rows(workspace, "SELECT response_id, kind, score, email, comment, responded_at FROM responses "
                           "ORDER BY 1") == [
        ("114200001", "nps", 10.0, "ann@example.com",
         "Setup took minutes, and support answered the same day.", datetime.datetime(2024, 11, 20, 9, 18, 1)),
        ("114200002", "nps", 3.0, "bob@example.com",
         "Exports keep failing; I lost a week of data.", datetime.datetime(2024, 11, 21, 14, 5, 44)),
        ("114200003", "nps", 7.0, None, None, datetime.datetime(2024, 11, 22, 10, 41, 12)),
    ]
    extra = json.loads(rows(workspace, "SELECT extra FROM responses WHERE response_id = '114200002'")[0][0])
    assert extra["Which features do you use? | Other (please specify)"] == "API"


@pytest.mark.parametrize("name", ["qualtrics_sample_v3.csv", "qualtrics_sample_legacy.csv"])
def test_qualtrics_samples(workspace, shared_data, name):
    result = ingest.import_file(workspace, shared_data / "survey_export_layouts/qualtrics" / name)
    assert result.kind == "responses" and result.rows_loaded == 1
    assert rows(workspace, "SELECT response_id, comment, responded_at FROM responses") == [
        ("R_2YPOQ602ER1jkf1", "Hello World!", datetime.datetime(2017, 7, 18, 8, 28, 48))]


# --- the real data sets ------------------------------------------------------------------------

def test_telco_classic(workspace, shared_data):
    ingest.import_file(workspace, shared_data / "telco_churn_classic/WA_Fn-UseC_-Telco-Customer-Churn.csv")
    assert rows(workspace, "SELECT count(*), count(*) FILTER (WHERE churned) FROM customers") == [(7043, 1869)]


def test_ibm_v11_three_files_combine_by_customer_id(workspace, shared_data):
    folder = shared_data / "ibm_telco_churn_v11"
    for name in ("status", "services", "demographics"):
        result = ingest.import_file(workspace, folder / f"Telco_customer_churn_{name}.csv", kind="customers")
        assert (result.rows_loaded, result.rows_rejected) == (7043, 0)
    assert rows(workspace, "SELECT count(*), count(*) FILTER (WHERE churned), count(churn_reason), "
                           "count(mrr), count(extra->>'Age') FROM customers") == [(7043, 1869, 1869, 7043, 7043)]
    assert rows(workspace, "SELECT churned, churn_reason, mrr, extra->>'Age', extra->>'Satisfaction Score' "
                           "FROM customers WHERE customer_id = '8779-QRDMV'") == [
        (True, "Competitor offered more data", 39.65, "78", "3")]


def test_womens_clothing_reviews(workspace, shared_data):
    result = ingest.import_file(
        workspace, shared_data / "womens_clothing_reviews/Womens Clothing E-Commerce Reviews.csv")
    assert (result.rows_read, result.rows_rejected) == (23486, 0)
    assert result.rows_loaded == 23486  # counted in rows of the file: each gives a rating and a recommendation
    assert rows(workspace, "SELECT kind, count(*), min(score), max(score) FROM responses GROUP BY 1 ORDER BY 1") == [
        ("rating", 23486, 1.0, 5.0), ("recommend", 23486, 0.0, 1.0)]
    # each review's words: its title, then its text (2,024 of which hold line breaks), a paragraph each
    frame = pd.read_csv(shared_data / "womens_clothing_reviews/Womens Clothing E-Commerce Reviews.csv", dtype=str,
                        keep_default_na=False)
    said = frame[["Title", "Review Text"]].apply(lambda row: "\n\n".join(t for t in row if t.strip()), axis=1)
    stored = [text.replace("\r\n", "\n") for (text,) in
              rows(workspace, "SELECT comment FROM responses WHERE kind = 'rating' AND comment IS NOT NULL")]
    assert sorted(stored) == sorted(t.replace("\r\n", "\n") for t in said if t)


def test_support_tickets(workspace, shared_data):
    ingest.import_file(workspace, shared_data / "support_tickets_synthetic/customer_support_tickets.csv")
    assert rows(workspace, "SELECT count(*), count(satisfaction) FROM tickets") == [(8469, 2769)]


def test_bank_churn(workspace, shared_data):
    ingest.import_file(workspace, shared_data / "bank_churn/Churn_Modelling.csv")
    assert rows(workspace, "SELECT count(*), count(*) FILTER (WHERE churned) FROM customers") == [(10000, 2037)]


# --- properties --------------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda s: s.strip() == s)
_customer = st.fixed_dictionaries({
    "name": _text,
    "plan": st.sampled_from(["Basic", "Pro", "Enterprise", ""]),
    "mrr": st.decimals(min_value=0, max_value=100_000, places=2).map(str),
    "churned": st.sampled_from(["Yes", "No"]),
    "signup_date": st.dates(datetime.date(2015, 1, 1), datetime.date(2026, 1, 1)).map(str),
})
_customers = st.lists(_customer, min_size=1, max_size=25).map(
    lambda found: [{"customer_id": f"C-{i:04d}", **row} for i, row in enumerate(found)])


def _csv(records: list[dict], line_end: str = "\n") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator=line_end)
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue().encode("utf-8")


CUSTOMERS_TABLE = "SELECT * FROM customers"


def _state(con) -> tuple[set, dict]:
    counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("customers", "customer_versions", "imports", "rejects")}
    return set(con.execute(CUSTOMERS_TABLE).fetchall()), {**counts, "version": ws.version(con)}


PROPERTY = settings(max_examples=15, deadline=None)


@PROPERTY
@given(records=_customers)
def test_the_same_file_twice_changes_nothing(records):
    with tempfile.TemporaryDirectory() as folder:
        con = ws.connect(Path(folder) / "ws.duckdb")
        try:
            path = write(Path(folder), "customers.csv", _csv(records))
            ingest.import_file(con, path, kind="customers")
            before = _state(con)
            with pytest.raises(DuplicateFile):
                ingest.import_file(con, path, kind="customers")
            assert _state(con) == before
            assert len(before[0]) == len(records)
        finally:
            con.close()


@PROPERTY
@given(records=_customers, seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_change_the_result(records, seed):
    shuffled = records[:]
    random.Random(seed).shuffle(shuffled)
    tables = []
    with tempfile.TemporaryDirectory() as folder:
        for name, version in (("a", records), ("b", shuffled)):
            con = ws.connect(Path(folder) / f"{name}.duckdb")
            try:
                ingest.import_file(con, write(Path(folder), f"{name}.csv", _csv(version)), kind="customers")
                tables.append(set(con.execute(CUSTOMERS_TABLE).fetchall()))
            finally:
                con.close()
    assert tables[0] == tables[1]
    assert len(tables[0]) == len(records)


@PROPERTY
@given(records=_customers, seed=st.integers(0, 2**32 - 1))
def test_a_reordered_reexport_adds_no_customers(records, seed):
    shuffled = records[:]
    random.Random(seed).shuffle(shuffled)
    with tempfile.TemporaryDirectory() as folder:
        con = ws.connect(Path(folder) / "ws.duckdb")
        try:
            ingest.import_file(con, write(Path(folder), "a.csv", _csv(records)), kind="customers")
            before = set(con.execute(CUSTOMERS_TABLE).fetchall())
            reexport = _csv(shuffled, line_end="\r\n")  # other bytes, same rows
            ingest.import_file(con, write(Path(folder), "b.csv", reexport), kind="customers")
            assert set(con.execute(CUSTOMERS_TABLE).fetchall()) == before
        finally:
            con.close()


@PROPERTY
@given(records=_customers, seed=st.integers(0, 2**32 - 1))
def test_the_current_customers_are_every_live_version_merged(records, seed):
    """A first file's customers are taken as they stand (one version each); a later file changing
    some of them and adding a column, and an undo, go through the merge of every live version.
    After each step the table equals that merge computed over all customers at once."""
    rng = random.Random(seed)
    changed = [{**row, "plan": rng.choice(["Basic", "Pro", ""]), "region": rng.choice(["EMEA", ""])}
               for row in records if rng.random() < 0.5] or [{**records[0], "region": "APAC"}]
    merged = "SELECT * FROM (" + CURRENT_CUSTOMERS.format(which="true") + ")"
    with tempfile.TemporaryDirectory() as folder:
        con = ws.connect(Path(folder) / "ws.duckdb")
        try:
            first = ingest.import_file(con, write(Path(folder), "a.csv", _csv(records)), kind="customers")
            for step in ("first file", "later file", "first file undone"):
                if step == "later file":
                    ingest.import_file(con, write(Path(folder), "b.csv", _csv(changed)), kind="customers")
                elif step == "first file undone":
                    ingest.undo_batch(con, first.batch_id)
                assert set(con.execute(CUSTOMERS_TABLE).fetchall()) == set(con.execute(merged).fetchall()), step
        finally:
            con.close()
