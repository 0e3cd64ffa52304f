"""Files people really upload by mistake, and what Heartbeat does with them.

A refused file must leave the workspace exactly as it was (every table's row count and the
version number); an accepted file with bad rows loads the good rows and lists each bad one with
its line, the row as it was in the file, and a reason in plain words.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from analytics import ingest, metrics
from analytics.ingest import Mapping
from analytics import workspace as ws
from analytics.errors import (DuplicateFile, EmptyFile, FileTooLarge, InputError, MissingColumns, MostRowsRejected,
                              NotTabular)
from tests.exports import write_csv

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ("customers", "customer_versions", "responses", "tickets", "revenue", "imports",
          "rejects", "mappings")


def snapshot(con) -> dict[str, int]:
    state = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    return {**state, "version": ws.version(con)}


def write(tmp_path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def rejects(con, batch_id: int) -> list[tuple[int, str, str]]:
    """(line, reason, raw row) for each rejected row of the batch."""
    return [tuple(row) for row in ingest.rejects_for(con, batch_id).itertuples(index=False)]


@pytest.fixture
def busy(workspace, tmp_path):
    """A workspace that already holds one customers batch and one responses batch."""
    ingest.import_file(workspace, write(tmp_path, "base_customers.csv",
                                        "customer_id,name,plan\nB1,Base One,Pro\nB2,Base Two,Basic\n"))
    ingest.import_file(workspace, write(tmp_path, "base_nps.csv",
                                        "response_id,customer_id,nps,comment\nq1,B1,9,fine\n"))
    return workspace


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- refused files change nothing --------------------------------------------------------------

REFUSED = [
    ("png", "chart.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), {},
     NotTabular, "looks like a PNG image, not a table"),
    ("pdf", "report.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", {},
     NotTabular, "looks like a PDF document, not a table"),
    ("zip", "export.zip", _zip({"export.csv": "customer_id\n1\n"}), {},
     NotTabular, "looks like a ZIP archive, not a table"),
    ("empty", "empty.csv", b"", {}, EmptyFile, r"empty \(0 bytes\)"),
    ("whitespace", "blank.csv", b"  \r\n\n\t\n   ", {}, EmptyFile, "no text in it"),
    ("header only", "header.csv", b"customer_id,name,plan\n", {},
     EmptyFile, r"header row \(3 columns\) but no data rows"),
    ("nothing a customer file needs", "people.csv", b"name,plan\nAnn,Pro\n", {"kind": "customers"},
     MissingColumns, "needs a column for Customer ID or Email or Churned"),
    ("most rows rejected", "visits.csv", b"response_id,rating,comment\nr1,4,great\nr2,5,fine\nr3,2,slow\n",
     {"mapping": Mapping("responses", {"response_id": "response_id", "rating": "comment"})},
     MostRowsRejected, "Nothing was imported: 3 of 3 rows"),
    ("too large", "big.csv", b"customer_id,name\n" + b"7,Ann\n" * 400, {"max_bytes": 1000},
     FileTooLarge, r"the upload limit is 1,000 bytes"),
]


@pytest.mark.parametrize(("name", "content", "options", "error", "says"),
                         [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_refused_file_changes_nothing(busy, tmp_path, name, content, options, error, says):
    before = snapshot(busy)
    with pytest.raises(error, match=says):
        ingest.import_file(busy, write(tmp_path, name, content), **options)
    assert snapshot(busy) == before


def test_missing_id_names_the_field_and_the_names_looked_for(workspace, tmp_path):
    path = write(tmp_path, "people.csv", "name,Ref,plan\nAnn,K1,Pro\n")  # no column says or shows a key
    with pytest.raises(MissingColumns) as refused:
        ingest.import_file(workspace, path, kind="customers")
    message = str(refused.value)
    assert "Customer ID or Email" in message
    for looked_for in ("customer id", "account id", "email"):
        assert looked_for in message
    assert "Pick the column in the mapping" in message


def test_too_large_states_size_and_limit(workspace, tmp_path):
    path = write(tmp_path, "big.csv", "customer_id,name\n" + "7,Ann\n" * 1000)
    with pytest.raises(FileTooLarge) as refused:
        ingest.import_file(workspace, path, max_bytes=2048)
    assert "The file is 5.9 KB; the upload limit is 2.0 KB" in str(refused.value)
    assert snapshot(workspace)["imports"] == 0


def test_duplicate_upload_is_refused_and_changes_nothing(busy, tmp_path):
    path = write(tmp_path, "week1.csv", "response_id,nps,comment\nw1,10,great\nw2,4,slow\n")
    first = ingest.import_file(busy, path)
    before = snapshot(busy)
    copy = write(tmp_path, "week1 (1).csv", path.read_bytes())  # same bytes, other name
    with pytest.raises(DuplicateFile) as refused:
        ingest.import_file(busy, copy)
    assert refused.value.batch_id == first.batch_id
    assert f"was already imported (batch {first.batch_id}, 'week1.csv'" in str(refused.value)
    assert "nothing was changed" in str(refused.value)
    assert snapshot(busy) == before


# --- Excel is not bad input ---------------------------------------------------------------------

def _two_sheet_workbook(tmp_path) -> Path:
    book = Workbook()
    accounts = book.active
    accounts.title = "Accounts"
    accounts.append(["Customer ID", "Name", "MRR", "Churn"])
    accounts.append(["C1", "Zoë", 1234.5, "No"])
    accounts.append(["C2", "Bob", 99, "Yes"])
    survey = book.create_sheet("NPS")
    survey.append(["Response ID", "Customer ID", "How likely are you to recommend us?", "Why?"])
    survey.append(["R1", "C1", 9, "Fast, “friendly”"])
    survey.append(["R2", "C2", 3, None])
    path = tmp_path / "export.xlsx"
    book.save(path)
    return path


def test_xlsx_first_sheet_imports_like_csv(workspace, tmp_path):
    result = ingest.import_file(workspace, _two_sheet_workbook(tmp_path))
    assert (result.kind, result.rows_loaded, result.encoding) == ("customers", 2, "Excel workbook")
    assert workspace.execute("SELECT customer_id, name, mrr, churned FROM customers ORDER BY 1"
                             ).fetchall() == [("C1", "Zoë", 1234.5, False), ("C2", "Bob", 99.0, True)]


def test_xlsx_sheet_argument_chooses_the_sheet(workspace, tmp_path):
    path = _two_sheet_workbook(tmp_path)
    preview = ingest.preview_file(workspace, path, sheet="NPS")
    try:
        assert preview.sheets == ["Accounts", "NPS"]
        assert preview.kind == "responses"
    finally:
        preview.discard()
    result = ingest.import_file(workspace, path, sheet="NPS")
    assert result.kind == "responses"
    assert workspace.execute("SELECT response_id, score, comment FROM responses ORDER BY 1"
                             ).fetchall() == [("R1", 9.0, "Fast, “friendly”"), ("R2", 3.0, None)]
    assert snapshot(workspace)["customers"] == 0


def test_a_workbooks_dry_run_names_its_sheet_and_the_others(workspace, tmp_path, capsys):
    """A workbook is read cell by cell: the dry run says which sheet, not "CSV … comma", and when
    the sheet read lacks a required column it names the other sheets, as the import does."""
    from analytics.cli import main

    path = _two_sheet_workbook(tmp_path)
    db = tmp_path / "dry_run.duckdb"  # not the workspace fixture's file, which it holds open
    main(["import", "--workspace", str(db), "--kind", "responses", "--dry-run", "--json", str(path)])
    said = json.loads(capsys.readouterr().out)
    assert (said["layout"], said["delimiter"]) == ("Excel sheet 'Accounts'", "cells")
    assert "This workbook has other sheets (NPS)" in said["refused"]
    result = ingest.import_file(workspace, path, sheet="NPS")
    assert (result.layout, result.delimiter) == ("Excel sheet 'NPS'", "cells")


def test_two_sheets_of_one_workbook_both_import(workspace, tmp_path):
    path = _two_sheet_workbook(tmp_path)
    ingest.import_file(workspace, path, sheet="Accounts")
    ingest.import_file(workspace, path, sheet="NPS")
    assert snapshot(workspace)["customers"] == 2 and snapshot(workspace)["responses"] == 2


# --- bad rows: the good rows land, each bad row is listed --------------------------------------

def test_ragged_rows(workspace):
    result = ingest.import_file(workspace, FIXTURES / "ragged_customers.csv")
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 2, 2)
    assert workspace.execute("SELECT customer_id FROM customers ORDER BY 1").fetchall() == [("1",), ("4",)]
    assert rejects(workspace, result.batch_id) == [
        (3, "has more values than the header has columns (the header has 3 columns)",
         "2,Bob,Basic,EXTRA"),
        (4, "has fewer values than the header has columns (the header has 3 columns)", "3,Cy"),
    ]


def test_scores_out_of_range_or_not_numbers(workspace):
    result = ingest.import_file(workspace, FIXTURES / "nps_scores.csv")
    assert workspace.execute("SELECT response_id, score FROM responses ORDER BY 1").fetchall() == [
        ("r1", 9.0), ("r4", 10.0), ("r6", 0.0)]  # "10 - Extremely likely" reads as 10
    assert rejects(workspace, result.batch_id) == [
        (3, "NPS score (0–10) '11' is outside the scale 0–10", "r2,11,eleven is not on the scale"),
        (4, "NPS score (0–10) '-1' is outside the scale 0–10", "r3,-1,minus one is not on the scale"),
        (6, "NPS score (0–10) 'abc' is not a number on its own (ranges, exponents and words before the "
            "number are not read)", "r5,abc,not a number"),
    ]


def test_csat_six_on_a_five_point_scale(workspace, tmp_path):
    path = write(tmp_path, "csat.csv", "ticket_ref,csat,comment\nt1,5,great\nt2,6,typo\nt3,1,bad\n"
                                       "t4,4,ok\n")
    result = ingest.import_file(workspace, path, kind="responses")
    assert workspace.execute("SELECT DISTINCT scale_min, scale_max FROM responses").fetchall() == [(1, 5)]
    assert rejects(workspace, result.batch_id) == [
        (3, "CSAT score '6' is outside the scale 1–5", "t2,6,typo")]


def test_unparseable_dates_name_line_and_value(workspace, tmp_path):
    path = write(tmp_path, "signups.csv", "customer_id,signup_date\nc1,2024-01-31\nc2,next tuesday\n"
                                          "c3,2024-13-45\nc4,2024-02-29\n")
    result = ingest.import_file(workspace, path)
    assert result.rows_loaded == 2
    assert rejects(workspace, result.batch_id) == [
        (3, "Signup date 'next tuesday' is not a date in the format YYYY-MM-DD", "c2,next tuesday"),
        (4, "Signup date '2024-13-45' is not a date in the format YYYY-MM-DD", "c3,2024-13-45"),
    ]


def test_row_without_id_is_rejected(workspace, tmp_path):
    result = ingest.import_file(workspace, write(tmp_path, "c.csv", "customer_id,name\n1,Ann\n,Nobody\n"))
    assert rejects(workspace, result.batch_id) == [(3, "no Customer ID", ",Nobody")]


def test_response_without_score_or_comment_reason_is_plain(workspace, tmp_path):
    result = ingest.import_file(workspace, write(tmp_path, "r.csv", "response_id,nps,comment\nr1,9,x\nr2,,\n"))
    assert rejects(workspace, result.batch_id) == [(3, "no NPS score (0–10) or Comment", "r2,,")]


def test_reject_line_numbers_count_blank_lines(workspace, tmp_path):
    path = write(tmp_path, "c.csv", "customer_id,mrr\n1,10\n\n2,3,4\n3,abc\n4,5\n5,6\n")
    result = ingest.import_file(workspace, path)
    assert [line for line, *_ in rejects(workspace, result.batch_id)] == [4, 5]


def test_same_id_twice_in_one_file_keeps_the_first(workspace, tmp_path):
    path = write(tmp_path, "c.csv", "customer_id,name\n1,Ann\n2,Bob\n1,Ann again\n")
    result = ingest.import_file(workspace, path)
    assert workspace.execute("SELECT customer_id, name FROM customers ORDER BY 1").fetchall() == [
        ("1", "Ann"), ("2", "Bob")]
    assert rejects(workspace, result.batch_id) == [
        (4, "repeats the key of an earlier row in this file (the first was kept)", "1,Ann again")]


def test_identical_rows_without_an_id_are_both_kept(workspace, tmp_path):
    result = ingest.import_file(workspace, write(tmp_path, "r.csv", "nps,comment\n9,great\n9,great\n3,bad\n"))
    assert result.rows_loaded == 3 and result.rows_rejected == 0
    assert workspace.execute("SELECT count(*) FROM responses WHERE comment = 'great'").fetchone()[0] == 2


def test_an_empty_response_id_does_not_block_later_imports(workspace, tmp_path):
    ingest.import_file(workspace, write(tmp_path, "a.csv", "response_id,nps,comment\nr1,9,a\n,3,no id\n"))
    later = ingest.import_file(workspace, write(tmp_path, "b.csv", "response_id,nps,comment\nr7,9,a\n"))
    assert later.rows_loaded == 1
    assert workspace.execute("SELECT count(*) FROM responses WHERE response_id IS NULL").fetchone()[0] == 0


# --- text that could run somewhere else is stored as typed, and reported -----------------------

def test_formulas_and_html_are_stored_verbatim_and_reported(workspace):
    result = ingest.import_file(workspace, FIXTURES / "formulas_and_html.csv")
    assert [comment for (comment,) in workspace.execute(
        "SELECT comment FROM responses ORDER BY response_id").fetchall()] == [
        '=HYPERLINK("http://x","click")', "+1+1", "@SUM(A1)", "<script>alert(1)</script>",
        "<b>bold</b>", "plain words"]
    formulas = next(w for w in result.warnings if "formula" in w)
    assert formulas.startswith("3 rows have text starting with =, +, - or @")
    html = next(w for w in result.warnings if "HTML" in w)
    assert html.startswith("2 rows have text containing HTML tags")


def test_formula_in_a_customer_name(workspace, tmp_path):
    path = write(tmp_path, "c.csv", 'customer_id,name\n1,"=HYPERLINK(""http://x"",""click"")"\n2,Ann\n')
    result = ingest.import_file(workspace, path)
    assert workspace.execute("SELECT name FROM customers WHERE customer_id = '1'").fetchone()[0] == \
        '=HYPERLINK("http://x","click")'
    assert any(w.startswith("1 row has text starting with =") for w in result.warnings)


def test_formula_in_an_unmapped_column_is_reported(workspace, tmp_path):
    path = write(tmp_path, "c.csv", "customer_id,name,notes\n1,Ann,=1+2\n")
    result = ingest.import_file(workspace, path)
    assert any("formula" in w for w in result.warnings)


def test_a_phone_number_is_no_formula(workspace, tmp_path):
    """'+1 415 555 0100' (Zonka's phone column) holds digits after its '+': no warning; '+1+1' does."""
    path = write(tmp_path, "c.csv", "customer_id,name,phone\n1,Ann,+1 415 555 0100\n2,Bo,+44 (20) 7946-0958\n")
    assert not any("formula" in w for w in ingest.import_file(workspace, path).warnings)
    path = write(tmp_path, "d.csv", "customer_id,name,phone\n3,Cy,+1+1\n")
    assert any("formula" in w for w in ingest.import_file(workspace, path).warnings)


def test_a_mention_is_no_formula(workspace, tmp_path):
    """A social-care export's replies start with the handle they answer ('@united thanks'): no
    warning on every row; '@SUM(1+1)' in a comment or a kept column is one."""
    rows = "".join(f"{i},@united thanks for nothing {i},@AmericanAir\n" for i in range(30))
    path = write(tmp_path, "tweets.csv", "response_id,comment,handle\n" + rows)
    assert not any("formula" in w for w in ingest.import_file(workspace, path).warnings)
    for name, row in (("cell.csv", "99,@SUM(1+1) broke,x\n"), ("kept.csv", "98,fine,@HYPERLINK(\"x\")\n")):
        path = write(tmp_path, name, "response_id,comment,handle\n" + row + rows.replace(",@united", ",@delta"))
        assert any("formula" in w for w in ingest.import_file(workspace, path).warnings), name


# --- odd column names -----------------------------------------------------------------------------

def test_odd_column_names_are_kept_exactly(workspace):
    result = ingest.import_file(workspace, FIXTURES / "odd_headers.csv", kind="customers")
    assert result.rows_loaded == 2
    names = ["Kunden-Nr.", "Zufriedenheit; gesamt", "Commentaire du client", 'Note "NPS" (intern)']
    assert result.kept_columns == names
    extra = json.loads(workspace.execute(
        "SELECT extra FROM customers WHERE customer_id = '2'").fetchone()[0])
    assert extra == dict(zip(names, ["K-2", "5", "ça va, merci", "9"]))


# --- re-imports never double-count ------------------------------------------------------------

def test_a_ticket_re_export_counts_only_the_tickets_that_changed(workspace, tmp_path):
    """Zendesk's satisfaction written as words (Good, Bad, Unoffered) is stored placed on 1–5; a
    re-export that changes nothing said one ticket had changed (its 'Good' against the stored 5), and
    a month's export said 42 where 22 had. Only the tickets whose status or rating changed count."""
    header = "Id,Requester email,Subject,Status,Created at,Satisfaction Score\n"
    rows = [f"{500 + i},r{i}@x.com,Ticket {i} about exports,{'Open' if i % 4 == 0 else 'Closed'},"
            f"2024-01-{1 + i:02d} 09:00,{['Good', 'Bad', 'Unoffered'][i % 3]}\n" for i in range(24)]
    ingest.import_file(workspace, write(tmp_path, "jan.csv", header + "".join(rows)), kind="tickets")
    same = ingest.import_file(workspace, write(tmp_path, "jan_again.csv", header + "".join(rows[1:])), kind="tickets")
    assert not any("already in the workspace with another" in w for w in same.warnings)
    solved = [row.replace(",Open,", ",Closed,") for row in rows]
    later = ingest.import_file(workspace, write(tmp_path, "feb.csv", header + "".join(solved)), kind="tickets")
    changed = sum(a != b for a, b in zip(rows, solved))
    assert any(w.startswith(f"{changed} tickets were already in the workspace with another status")
               for w in later.warnings)


def test_overlapping_survey_exports_count_the_union(workspace, tmp_path):
    header = "response_id,nps,comment\n"
    ingest.import_file(workspace, write(tmp_path, "jan.csv", header + "r1,9,a\nr2,3,b\nr3,10,c\nr4,7,d\n"))
    second = ingest.import_file(workspace, write(tmp_path, "feb.csv", header + "r3,10,c\nr4,7,d\nr5,8,e\nr6,0,f\n"))
    assert (second.rows_loaded, second.rows_duplicate) == (2, 2)
    assert workspace.execute("SELECT list(response_id ORDER BY response_id) FROM responses"
                             ).fetchone()[0] == ["r1", "r2", "r3", "r4", "r5", "r6"]


def test_customer_reexport_with_a_changed_status(workspace, tmp_path):
    header = "customer_id,name,status,plan\n"
    ingest.import_file(workspace, write(tmp_path, "may.csv", header + "1,Ann,active,Pro\n2,Bob,active,Basic\n3,Cy,active,Pro\n"))
    june_rows = "1,Ann,active,Pro\n2,Bob,churned,Basic\n3,Cy,active,Pro\n4,Di,active,Pro\n"
    june = ingest.import_file(workspace, write(tmp_path, "june.csv", header + june_rows))
    assert workspace.execute("SELECT customer_id, status FROM customers ORDER BY 1").fetchall() == [
        ("1", "active"), ("2", "churned"), ("3", "active"), ("4", "active")]
    # Bob changed and Di is new: two rows loaded; Ann and Cy say what the workspace already said
    assert (june.rows_read, june.rows_loaded, june.rows_duplicate) == (4, 2, 2)


def test_undo_removes_exactly_that_batch(workspace, tmp_path):
    header = "customer_id,name,status\n"
    ingest.import_file(workspace, write(tmp_path, "may.csv", header + "1,Ann,active\n2,Bob,active\n"))
    ingest.import_file(workspace, write(tmp_path, "nps.csv", "response_id,customer_id,nps\nr1,1,9\n"))
    before = snapshot(workspace)
    june = ingest.import_file(workspace, write(tmp_path, "june.csv", header + "2,Robert,churned\n3,Cy,active\n"))
    assert workspace.execute("SELECT count(*) FROM customers").fetchone()[0] == 3

    ingest.undo_batch(workspace, june.batch_id)
    assert workspace.execute("SELECT customer_id, name, status FROM customers ORDER BY 1").fetchall() == [
        ("1", "Ann", "active"), ("2", "Bob", "active")]  # Bob falls back to May
    # Only the history line stays (marked undone); the version moved for the import and the undo.
    assert snapshot(workspace) == {**before, "imports": before["imports"] + 1,
                                   "version": before["version"] + 2}
    assert ingest.history(workspace)["Undone"].iloc[0].startswith("undone")
    with pytest.raises(InputError, match=f"Batch {june.batch_id} was already undone"):
        ingest.undo_batch(workspace, june.batch_id)


def test_undone_file_can_be_imported_again(workspace, tmp_path):
    path = write(tmp_path, "nps.csv", "response_id,nps\nr1,9\nr2,5\n")
    first = ingest.import_file(workspace, path)
    ingest.undo_batch(workspace, first.batch_id)
    assert ingest.import_file(workspace, path).rows_loaded == 2


def test_undo_of_an_earlier_overlapping_export_keeps_the_later_rows(workspace, tmp_path):
    header = "response_id,nps,comment\n"
    jan = ingest.import_file(workspace, write(tmp_path, "jan.csv", header + "r1,9,a\nr2,3,b\n"))
    ingest.import_file(workspace, write(tmp_path, "feb.csv", header + "r2,3,b\nr3,8,c\n"))
    ingest.undo_batch(workspace, jan.batch_id)
    assert workspace.execute("SELECT list(response_id ORDER BY response_id) FROM responses"
                             ).fetchone()[0] == ["r2", "r3"]


def test_a_file_duckdb_cannot_sniff_is_read_with_our_dialect_and_rejects_only_bad_rows(workspace, tmp_path):
    # An unquoted thousands separator makes row 1 one field too long; DuckDB's own sniffer gives up
    # on such a file, so the import must not depend on it.
    path = write(tmp_path, "m.csv", 'customer_id,mrr\n1,$1,234.50\n2,"€ 99"\n3,v2\n4,3 seats\n5,USD 10\n'
                                    '6,"1,200"\n')
    result = ingest.import_file(workspace, path)
    assert sorted(workspace.execute("SELECT customer_id, mrr FROM customers").fetchall()) == [
        ("2", 99.0), ("5", 10.0), ("6", 1200.0)]
    assert [(line, reason) for line, reason, _ in rejects(workspace, result.batch_id)] == [
        (2, "has more values than the header has columns (the header has 2 columns)"),
        (4, "MRR (monthly revenue) 'v2' is not a number (a plain number is expected: no words, ranges or exponents)"),
        (5, "MRR (monthly revenue) '3 seats' is not a number (a plain number is expected: no words, ranges or "
            "exponents)")]


def test_a_reports_footer_lines_are_said_to_be_no_rows(tmp_path, workspace):
    """A CRM report ends with 'Grand Totals (3 records)' and a confidentiality line: kept and shown
    as rejected, with a reason a person recognises, while every row of the table loads."""
    path = tmp_path / "report.csv"
    path.write_text('Account ID,Account Name,MRR\nA1,Acme,100\nA2,Beta,200\nA3,Cyan,300\n\n'
                    '"Grand Totals (3 records)"\n"Confidential Information - Do Not Distribute"\n')
    result = ingest.import_file(workspace, path, kind="customers")
    assert (result.rows_loaded, result.rows_rejected) == (3, 2)
    reasons = ingest.rejects_for(workspace, result.batch_id).astype(str).agg(" ".join, axis=1).tolist()
    assert all("one value on its own, not a row of the table" in reason for reason in reasons)


def test_the_empty_rows_and_columns_a_spreadsheet_leaves_are_not_data(tmp_path, workspace):
    """A CSV saved from Excel: a BOM, CRLF, three empty columns without a header after the table and
    rows of bare commas under it. Those are neither rows read nor rejected, nor kept attributes."""
    rows = [f"C{n:03d},Month-to-month,{20 + n}.5,{'Yes' if n % 4 == 0 else 'No'},,," for n in range(30)]
    lines = ["customerID,Contract,MonthlyCharges,Churn,,,", *rows[:10], ",,,,,,", *rows[10:], ",,,,,,", ",,,,,,", ""]
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    result = ingest.import_file(workspace, path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected, result.kept_columns) == (30, 30, 0, [])
    assert workspace.execute("SELECT count(*) FILTER (WHERE churned), sum(mrr) FROM customers").fetchone() == \
        (8, sum(20.5 + n for n in range(30)))


def test_the_row_numbers_pandas_writes_first_without_a_header_are_not_data(tmp_path, workspace):
    """A data set saved with pandas' index (Kaggle's Airline Passenger Satisfaction, Sephora's
    reviews): a first column without a header counting 0, 1, 2… is no attribute to slice by; a
    column without a header holding values of its own still is."""
    rows = [[n, f"P{n:04d}", 1 + n % 5, ["Business", "Eco"][n % 2], ["satisfied", "neutral or dissatisfied"][n % 3 == 0]]
            for n in range(60)]
    path = write_csv(tmp_path / "train.csv", ["", "id", "Seat comfort", "", "satisfaction"], rows)
    result = ingest.import_file(workspace, path)
    assert result.rows_loaded == 60 and "Column 1" not in result.kept_columns and "Column 4" in result.kept_columns
    assert "Column 1" not in metrics.attributes(workspace) and "Column 4" in metrics.attributes(workspace)


def test_a_rejected_row_after_a_row_of_empty_cells_keeps_its_own_line_number(tmp_path, workspace):
    path = tmp_path / "excel.csv"
    path.write_text("customerID,MonthlyCharges,Churn\nC1,10,No\n,,\nC2,12,No\nC3,lots,No\n" + "".join(
        f"D{n},{n},No\n" for n in range(30)))
    result = ingest.import_file(workspace, path)
    assert result.rows_rejected == 1
    assert int(ingest.rejects_for(workspace, result.batch_id).iloc[0, 0]) == 5  # the line of 'C3,lots,No'


@pytest.mark.parametrize("ending, cut", [(",Yes\n", False), (",Yes", False), (",Y", False), ("", True)],
                         ids=["complete", "complete without a line break", "whole cells", "cut mid-row"])
def test_a_file_that_stops_mid_row_says_it_may_be_an_unfinished_download(workspace, tmp_path, ending, cut):
    rows = "".join(f"C{i},Pro,{20 + i}.5,{'Yes' if i % 3 else 'No'}\n" for i in range(30))
    path = tmp_path / "accounts.csv"
    path.write_text("Customer ID,Plan,MRR,Churned\n" + rows + "C30,Pro,50.5" + ending)
    result = ingest.import_file(workspace, path)
    said = [w for w in result.warnings if "stops in the middle of its last row" in w]
    assert (result.rows_loaded, bool(said)) == (30 if cut else 31, cut)
    if cut:
        assert said == ["The file stops in the middle of its last row (line 32, kept with the rejected rows): it "
                        "may be a download or export that did not finish. The rows before it were imported; "
                        "export the file again to be sure nothing is missing."]


@pytest.mark.parametrize(("kind", "header", "row", "every", "said"), [
    # LimeSurvey leaves submitdate empty for responses never submitted
    ("responses", "id,submitdate,nps,comment", "{i},{at},{n},words {i}", 5,
     "8 rows have no response date: they count in figures over all time, but in no month or quarter "
     "(survey tools leave it empty for responses never submitted)."),
    # open tickets dated by their first response have none yet: no survey tool's reason for them
    ("tickets", "Ticket ID,Created,Subject,Description", "T{i},{at},Printer {i} offline,It stopped printing "
     "after update {i}", 4, "10 rows have no creation date: they count in figures over all time, but in no "
     "month or quarter."),
])
def test_rows_without_their_date_are_counted_and_said(workspace, tmp_path, kind, header, row, every, said):
    """Rows without their date load, and the import says they count over all time but in no period."""
    rows = "".join(row.format(i=i, n=i % 11, at="" if i % every == 0 else f"2024-03-{1 + i % 28:02d} 10:00:00") + "\n"
                   for i in range(40))
    path = tmp_path / f"{kind}.csv"
    path.write_text(header + "\n" + rows)
    result = ingest.import_file(workspace, path, kind=kind)
    assert result.rows_loaded == 40
    assert said in result.warnings


def test_a_bare_dash_is_no_formula(workspace, tmp_path):
    """Zendesk writes '-' for a ticket without a priority or a type: nothing, no formula; '-A1' is one."""
    path = write(tmp_path, "c.csv", "customer_id,name,priority,type\n1,Ann,-,-\n2,Bo,High,+\n")
    assert not any("formula" in w for w in ingest.import_file(workspace, path).warnings)
    path = write(tmp_path, "d.csv", "customer_id,name,priority\n3,Cy,-A1\n")
    assert any("formula" in w for w in ingest.import_file(workspace, path).warnings)


def test_the_formula_warning_names_the_columns_that_hold_them(workspace, tmp_path):
    """An NPS tool's flow IDs all start with '-' (Firebase keys): the note says where, so nobody
    reads it as every answer being suspect."""
    path = write(tmp_path, "c.csv", "customer_id,name,flow_id,notes\n1,=SUM(A1),-Mx1aBcD,ok\n2,Bo,-Mx2bCdE,fine\n")
    note = next(w for w in ingest.import_file(workspace, path).warnings if "formula" in w)
    assert note.startswith("2 rows have text starting with =, +, - or @ (in 'flow_id', 'name')")


def test_a_churn_date_before_the_signup_date_is_said(workspace, tmp_path):
    """Such a customer counts in all-time churn but in no period: the import says so."""
    path = write(tmp_path, "c.csv", "customer_id,signup_date,churn_date\n1,2024-05-01,2024-03-02\n"
                                    "2,2024-01-01,2024-06-30\n3,2024-02-01,\n")
    note = next(w for w in ingest.import_file(workspace, path).warnings if "before the signup date" in w)
    assert note.startswith("1 row has a churn date before the signup date (from 2024-03-02)")


def test_a_reports_total_line_raises_no_warning_about_the_scale(workspace, tmp_path):
    """'Total' and 'Average' lines under the answers are rejected as summaries; the proposal does not
    also warn that their sums fall outside 0–10."""
    rows = "".join(f"R{i},2024-03-{1 + i % 28:02d},{i % 11},Reason {i}\n" for i in range(40))
    path = write(tmp_path, "nps.csv", "Response ID,Date,How likely are you to recommend us?,Why?\n" + rows
                 + "Total,,200,\nAverage,,5.0,\n")
    preview = ingest.preview_file(workspace, path)
    preview.discard()
    assert not any("outside" in w for w in preview.mapping.warnings)
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (40, 2)

