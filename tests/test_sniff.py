"""sniff.sniff: delimiter, header rows, survey-tool layouts, column names, decimal commas."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import ingest
from analytics.errors import EmptyFile, NotTabular
from analytics.ingest._files import open_as_text
from analytics.ingest._kinds import recognise_kind
from analytics.ingest._propose import propose_mapping
from analytics.ingest._sniff import sniff
from tests.exports import write_csv

FIXTURES = Path(__file__).parent / "fixtures"


def shape_of(tmp_path, text: str):
    path = tmp_path / "upload.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return sniff(path)


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"),
                                                 ("\t", "tab"), ("|", "pipe")])
def test_delimiters(tmp_path, delimiter, name):
    rows = [["customer_id", "name", "plan"], ["1", "Ann", "Pro"], ["2", "Bob, Jr.", "Basic"]]
    if delimiter == ",":
        rows[2][1] = '"Bob, Jr."'
    shape = shape_of(tmp_path, "".join(delimiter.join(row) + "\n" for row in rows))
    assert shape.delimiter == delimiter
    assert shape.names == ["customer_id", "name", "plan"]
    assert shape.sample[1] == ("2", "Bob, Jr.", "Basic")
    assert shape.layout == "generic" and shape.skip_rows == 1


def test_semicolon_file_with_commas_in_text(tmp_path):
    shape = shape_of(tmp_path, "id;comment\n1;good, fast, cheap\n2;slow, but friendly\n3;ok\n")
    assert shape.delimiter == ";"
    assert shape.values(shape.columns[1]) == ["good, fast, cheap", "slow, but friendly", "ok"]


def test_decimal_comma_in_semicolon_file():
    shape = sniff(FIXTURES / "customers_de.csv")
    assert shape.delimiter == ";"
    assert shape.decimal_comma  # "1.234,50" and "99,00" (and "1.500", which says nothing)


def test_decimal_comma_not_defeated_by_an_ambiguous_thousands_value(tmp_path):
    # "1.500" reads as 1.5 or 1500: it used to switch decimal commas off for the whole file,
    # turning "1.234,50" into 1.2345 and "99,90" into 9990.
    assert shape_of(tmp_path, "id;mrr\n1;1.234,50\n2;1.500\n3;99,90\n").decimal_comma


def test_decimal_point_in_semicolon_file(tmp_path):
    assert not shape_of(tmp_path, "id;mrr;lat\n1;12.50;47.1150\n2;8.25;8.5\n").decimal_comma
    assert not shape_of(tmp_path, "id;mrr\n1;¥7,425\n2;¥74,850\n3;¥1,200\n").decimal_comma  # whole yen


@pytest.mark.parametrize("text", [
    "id;fee\n1;103,83 EUR\n2;1.514,48 EUR\n3;1.408,37 EUR\n4;1.234,50 EUR\n",  # the code after
    "id|mrr\n1|€ 1.111,71\n2|€ 1.408,37\n3|€ 980,00\n",  # the sign before, a pipe file
    "id;mrr\n1;12.000\n2;1.250\n3;990\n",  # whole euros: the dot groups thousands
])
def test_decimal_comma_amounts_with_a_currency_or_without_cents(tmp_path, text):
    assert shape_of(tmp_path, text).decimal_comma


def test_imported_decimal_comma_amounts_keep_their_thousands(workspace, tmp_path):
    """'1.408,37 EUR' is 1,408.37 (it was read as 1.40837: one customer in three at a thousandth)."""
    fees = ["103,83 EUR", "1.514,48 EUR", "1.408,37 EUR", "12.000 EUR", "990,00 EUR"] * 6
    path = tmp_path / "kunden.csv"
    path.write_text("Kundennummer;Monatlicher Betrag;Gekündigt\n" + "".join(
        f"K-{n};{fee};{'ja' if n % 4 == 0 else 'nein'}\n" for n, fee in enumerate(fees)), encoding="utf-8")
    ingest.import_file(workspace, path, kind="customers")
    expected = sum(float(f.split()[0].replace(".", "").replace(",", ".")) for f in fees)
    assert workspace.execute("SELECT sum(mrr) FROM customers").fetchone()[0] == pytest.approx(expected)


def test_comma_file_never_uses_decimal_comma(tmp_path):
    assert not shape_of(tmp_path, 'id,mrr\n1,"99,90"\n2,"1,50"\n').decimal_comma


def test_title_line_above_the_header():
    shape = sniff(FIXTURES / "title_line_customers.csv")
    assert shape.names == ["customer_id", "name", "plan", "mrr"]
    assert shape.skip_rows == 3  # title, blank line, header
    assert shape.sample == (("C1", "Ann", "Pro", "120"), ("C2", "Bob", "Basic", "20"))


def test_title_line_with_trailing_delimiters(tmp_path):
    shape = shape_of(tmp_path, "Report: Customers;;;\ncustomer_id;name;plan;mrr\n1;Ann;Pro;10\n")
    assert shape.names == ["customer_id", "name", "plan", "mrr"]
    assert shape.sample == (("1", "Ann", "Pro", "10"),)


def test_data_rows_ending_with_a_delimiter_the_header_lacks(tmp_path):
    # Every data row is one field wider than the header: the header is still row 1.
    shape = shape_of(tmp_path, "customer_id,name\n1,Ann,\n2,Bob,\n3,Cy,\n")
    assert shape.names == ["customer_id", "name", "Column 3"]
    assert shape.sample[0] == ("1", "Ann", "")
    assert shape.skip_rows == 1


def test_short_third_row_is_not_a_qualtrics_import_id_row(tmp_path):
    shape = shape_of(tmp_path, "customer_id,name\n1,Ann\n2\n3,Cy\n")
    assert shape.layout == "generic"
    assert shape.names == ["customer_id", "name"]


def test_repeated_column_names_get_unique_suffixes(tmp_path):
    shape = shape_of(tmp_path, "id,x,x,x (2),,\n1,a,b,c,d,e\n")
    assert shape.names == ["id", "x", "x (3)", "x (2)", "Column 5", "Column 6"]
    assert len(set(shape.names)) == len(shape.names)


def test_qualtrics_v3_three_header_rows(shared_data):
    shape = sniff(shared_data / "survey_export_layouts/qualtrics/qualtrics_sample_v3.csv")
    assert shape.layout == "qualtrics"
    assert shape.skip_rows == 3
    assert len(shape.columns) == 20
    q2 = next(column for column in shape.columns if column.name == "Q2")
    assert q2.label == "This is a free text question."
    assert shape.values(q2) == ["Hello World!"]


def test_qualtrics_legacy_two_header_rows_bom_and_trailing_comma(shared_data):
    path = shared_data / "survey_export_layouts/qualtrics/qualtrics_sample_legacy.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    text = open_as_text(path)  # drops the BOM
    try:
        shape = sniff(text.path)
    finally:
        text.discard()
    assert shape.layout == "qualtrics_legacy"
    assert shape.skip_rows == 2
    assert shape.names[0] == "ResponseID" and shape.columns[0].label == "V1"
    assert len(shape.columns) == 16  # the trailing comma's empty column is kept, named
    assert shape.names[-1] == "Column 16"
    assert shape.values(shape.columns[11]) == ["Hello World!"]


def test_surveymonkey_two_header_rows_forward_filled():
    shape = sniff(FIXTURES / "surveymonkey_nps.csv")
    assert shape.layout == "surveymonkey"
    assert shape.skip_rows == 2
    assert shape.names[9:] == [
        "How likely is it that you would recommend Acme to a friend or colleague?",
        "What is the primary reason for your score?",
        "Which features do you use? | Reporting",
        "Which features do you use? | Dashboards",
        "Which features do you use? | Other (please specify)",
        "Contact details | Name",
        "Contact details | Email",
    ]
    assert len(shape.sample) == 3


def test_surveymonkey_nps_and_comment_map():
    shape = sniff(FIXTURES / "surveymonkey_nps.csv")
    assert recognise_kind(shape) == "responses"
    mapping = propose_mapping(shape, "responses")
    assert mapping.columns["nps"].startswith("How likely is it that you would recommend")
    assert mapping.columns["comment"] == "What is the primary reason for your score?"
    assert mapping.columns["response_id"] == "Respondent ID"
    assert mapping.date_formats["responded_at"] == "%m/%d/%Y %I:%M:%S %p"


def test_quoted_field_with_line_breaks_is_one_row(tmp_path):
    shape = shape_of(tmp_path, 'id,comment\r\n1,"first line\r\nsecond line"\r\n2,ok\r\n')
    assert shape.sample == (("1", "first line\r\nsecond line"), ("2", "ok"))


def test_old_mac_line_endings(tmp_path):
    # Bare CR line ends ("CSV (Macintosh)" from Excel): read as "The file has no rows" before.
    shape = shape_of(tmp_path, "customer_id,name\rC1,Ann\rC2,Bob\r")
    assert shape.names == ["customer_id", "name"]
    assert shape.sample == (("C1", "Ann"), ("C2", "Bob"))


@pytest.mark.parametrize(("text", "error", "says"), [
    ("   \n\n \t \r\n", EmptyFile, "no text in it"),
    ("customer_id,name\n", EmptyFile, "header row (2 columns) but no data rows"),
    ("customer_id,name\r\n\r\n\r\n", EmptyFile, "header row (2 columns) but no data rows"),
    ("just a sentence\nand another\n", NotTabular, "only one column"),
])
def test_files_without_a_table(tmp_path, text, error, says):
    with pytest.raises(error, match=says.replace("(", r"\(").replace(")", r"\)")):
        shape_of(tmp_path, text)


def test_a_blank_header_above_numbers_names_no_column_and_loses_no_row(tmp_path):
    """',,,' where the names were, then rows of numbers: the first row of numbers is data."""
    shape = shape_of(tmp_path, ",,,\n8,0,38,197.64\n0,0,39,46.03\n10,0,37,1536.52\n")
    assert shape.names == ["Column 1", "Column 2", "Column 3", "Column 4"]
    assert shape.skip_rows == 1 and shape.sample[0] == ("8", "0", "38", "197.64") and len(shape.sample) == 3


def test_a_blank_line_above_a_header_is_not_the_header(tmp_path):
    shape = shape_of(tmp_path, ",,,\nid,plan,seats,mrr\n1,Pro,3,10.5\n2,Basic,1,5\n")
    assert shape.names == ["id", "plan", "seats", "mrr"] and len(shape.sample) == 2


@pytest.mark.parametrize("broken_from", [0, 3000])
def test_rows_read_through_the_file_are_whole_rows_even_where_cells_hold_line_breaks(tmp_path, broken_from):
    """Beyond the first rows the sample is read at places through the file: a line of a comment
    written over several lines is never taken for a row (not even one with as many commas as the
    row has cells), whether the first rows show such comments or not, and the last rows are read."""
    rows = [[f"V{i:05d}", i % 5 + 1, f"Line one of {i}\nline two, with, commas\nline three"
             if i % 2 and i >= broken_from else f"Short {i}"] for i in range(6000)]
    path = tmp_path / "reviews.csv"
    write_csv(path, ["Review ID", "Stars", "Review"], rows)
    shape = sniff(path)
    written = {(row[0], str(row[1]), row[2]) for row in rows}
    assert len(shape.sample) == 1000 and len(shape.spread) >= 500
    assert all(row in written for row in shape.spread)
    assert max(int(row[0][1:]) for row in shape.spread) > 5500
    assert len({row[0] for row in shape.rows}) == len(shape.rows)  # no row read twice


def test_a_small_file_is_read_whole_and_nothing_is_read_twice(tmp_path):
    path = tmp_path / "small.csv"
    write_csv(path, ["id", "plan"], [[f"C{i}", "Pro"] for i in range(1500)])
    shape = sniff(path)
    assert [row[0] for row in shape.rows] == [f"C{i}" for i in range(1000)] + [row[0] for row in shape.spread]
    assert len({row[0] for row in shape.rows}) == len(shape.rows) and int(shape.spread[-1][0][1:]) > 1400
