"""Monthly refresh: next month's export of the same survey, in another layout, adds only its new rows.

A question added, a column added, dropped, renamed or moved: the answers already imported are
recognised by their ID and kind, or (without an ID) by what they say, and counted as already there.
Every figure is checked against pandas on the union of the answers.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from analytics import ingest, metrics
from analytics import workspace as store
from analytics.metrics import Slice
from tests.exports import write_csv

NPS_QUESTION = "How likely are you to recommend us to a friend?"
CSAT_QUESTION = "How satisfied were you overall? (1-5)"


def _answers(count: int = 120) -> list[dict]:
    rng = random.Random(7)
    return [{"id": f"R{i}", "when": f"2026-0{1 + i % 3}-{10 + i % 15} 10:{i % 60:02d}:00",
             "nps": rng.randint(0, 10), "csat": rng.randint(1, 5), "team": rng.choice(["Ops", "IT"]),
             "comment": rng.choice(["", f"Support answered ticket {i} within the hour",
                                    f"The export of report {i} is too slow to use", f"Love dashboard {i}"])}
            for i in range(count)]


# (name, first month's header and cells, next month's header and cells): the next month holds every
# answer of the first (80) and 40 new ones; a CSAT question added shows empty on the old rows.
LAYOUTS = {
    "a question added, with IDs": (
        ["Response ID", "Submitted", NPS_QUESTION, "Comments"],
        lambda a: [a["id"], a["when"], a["nps"], a["comment"]],
        ["Response ID", "Submitted", NPS_QUESTION, CSAT_QUESTION, "Comments"],
        lambda a, new: [a["id"], a["when"], a["nps"], a["csat"] if new else "", a["comment"]]),
    "a question added, without IDs": (
        ["Timestamp", NPS_QUESTION, "Comments"],
        lambda a: [a["when"], a["nps"], a["comment"]],
        ["Timestamp", NPS_QUESTION, CSAT_QUESTION, "Comments"],
        lambda a, new: [a["when"], a["nps"], a["csat"] if new else "", a["comment"]]),
    "a column added, without IDs": (
        ["Timestamp", NPS_QUESTION, "Comments"],
        lambda a: [a["when"], a["nps"], a["comment"]],
        ["Timestamp", NPS_QUESTION, "Comments", "Team"],
        lambda a, new: [a["when"], a["nps"], a["comment"], a["team"]]),
    "a column dropped, without IDs": (
        ["Timestamp", NPS_QUESTION, "Comments", "Team"],
        lambda a: [a["when"], a["nps"], a["comment"], a["team"]],
        ["Timestamp", NPS_QUESTION, "Comments"],
        lambda a, new: [a["when"], a["nps"], a["comment"]]),
    "headers renamed and columns moved, without IDs": (
        ["Timestamp", NPS_QUESTION, "Comments"],
        lambda a: [a["when"], a["nps"], a["comment"]],
        ["Any other comments?", "How likely is it that you would recommend us?", "Timestamp"],
        lambda a, new: [a["comment"], a["nps"], a["when"]]),
}


def _months(tmp_path: Path, layout: str) -> tuple[Path, Path, list[dict]]:
    first_header, first_row, next_header, next_row = LAYOUTS[layout]
    answers = _answers()
    first = write_csv(tmp_path / "january.csv", first_header, [first_row(a) for a in answers[:80]])
    following = write_csv(tmp_path / "february.csv", next_header,
                       [next_row(a, i >= 80) for i, a in enumerate(answers)])
    return first, following, answers


def _nps(scores: pd.Series) -> float:
    return round(100 * ((scores >= 9).mean() - (scores <= 6).mean()), 6)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_next_months_export_in_another_layout_adds_only_its_new_answers(workspace, tmp_path, layout):
    first, following, answers = _months(tmp_path, layout)
    assert ingest.import_file(workspace, first).rows_loaded == 80
    result = ingest.import_file(workspace, following)
    assert (result.rows_loaded, result.rows_duplicate, result.rows_rejected) == (40, 80, 0)
    frame = pd.DataFrame(answers)
    counts = dict(workspace.execute("SELECT kind, count(*) FROM responses GROUP BY kind").fetchall())
    assert counts.pop("nps") == len(frame)
    assert counts == ({"csat": 40} if CSAT_QUESTION in following.read_text().splitlines()[0] else {})
    nps = metrics.compute(workspace, "nps", Slice())
    assert (round(nps.value, 6), nps.n) == (_nps(frame["nps"]), len(frame))
    voices = workspace.execute("SELECT count(*) FROM voices WHERE source = 'survey'").fetchone()[0]
    assert voices == (frame["comment"] != "").sum()  # each comment once, however many answers its row gave


def test_undoing_the_first_month_keeps_what_the_next_month_also_held(workspace, tmp_path):
    first, following, answers = _months(tmp_path, "a question added, without IDs")
    january = ingest.import_file(workspace, first).batch_id
    ingest.import_file(workspace, following)
    ingest.undo_batch(workspace, january)
    counts = dict(workspace.execute("SELECT kind, count(*) FROM responses GROUP BY kind").fetchall())
    assert counts == {"nps": len(answers), "csat": 40}


def test_the_same_id_on_another_kind_of_answer_is_another_answer(workspace, tmp_path):
    """Two surveys of one tool, numbered alike: response R1 of the NPS survey is not R1 of the CSAT one."""
    nps = write_csv(tmp_path / "nps.csv", ["Response ID", "Submitted", NPS_QUESTION],
                 [[f"R{i}", "2026-03-01", i % 11] for i in range(10)])
    csat = write_csv(tmp_path / "csat.csv", ["Response ID", "Submitted", CSAT_QUESTION],
                  [[f"R{i}", "2026-03-02", 1 + i % 5] for i in range(10)])
    ingest.import_file(workspace, nps)
    assert ingest.import_file(workspace, csat).rows_loaded == 10
    ids = workspace.execute("SELECT count(DISTINCT response_id), count(*) FROM responses").fetchone()
    assert ids == (20, 20)  # each answer keeps a voice ID of its own


def _keys(con) -> list[tuple]:
    return con.execute("SELECT 'responses', response_id, natural_key FROM responses UNION ALL "
                       "SELECT 'tickets', ticket_id, natural_key FROM tickets UNION ALL "
                       "SELECT 'revenue', customer_id, natural_key FROM revenue ORDER BY ALL").fetchall()


def test_a_workspace_from_before_natural_keys_gets_the_keys_an_import_gives(tmp_path):
    """Schema 9 keys the stored answers and tickets once, as an import does: next month's export in
    another layout then adds only its new rows to a workspace written by an older Heartbeat."""
    path = tmp_path / "ws.duckdb"
    con = store.connect(path)
    first, following, answers = _months(tmp_path, "a question added, without IDs")
    ingest.import_file(con, first)
    reviews = write_csv(tmp_path / "reviews.csv", ["review_id", "date", "rating", "recommended", "review"],
                     [["V1", "2026-03-01", 2, "No", "Too slow"], ["V2", "2026-03-02", 5, "Yes", ""]])
    ingest.import_file(con, reviews)
    tickets = write_csv(tmp_path / "tickets.csv", ["Created", "Subject", "Status"],
                     [["2026-03-01", "Login fails", "open"], ["2026-03-01", "Login fails", "open"],
                      ["2026-03-02", "Invoice wrong", "solved"]])
    ingest.import_file(con, tickets)
    revenue = write_csv(tmp_path / "revenue.csv", ["customer_id", "month", "mrr"], [["C1", "2024-01", 100]])
    ingest.import_file(con, revenue)
    imported = _keys(con)
    con.execute("UPDATE responses SET natural_key = NULL; UPDATE tickets SET natural_key = NULL; "
                "UPDATE revenue SET natural_key = NULL; "
                "UPDATE meta SET value = '8' WHERE key = 'schema_version'")  # as schema 8 left them
    con.close()
    con = store.connect(path)
    assert _keys(con) == imported
    result = ingest.import_file(con, following)
    assert (result.rows_loaded, result.rows_duplicate) == (40, 80)
    con.close()


def test_a_snapshot_from_before_natural_keys_restores_with_them(workspace, tmp_path):
    first, following, _ = _months(tmp_path, "a column added, without IDs")
    ingest.import_file(workspace, first)
    imported = _keys(workspace)
    snapshot = store.empty(workspace, "before the refresh")
    workspace.execute(f"UPDATE snapshot_{snapshot}.responses SET natural_key = NULL")
    workspace.execute("UPDATE snapshots SET schema_version = 8 WHERE snapshot_id = ?", [snapshot])
    store.restore(workspace, snapshot)
    assert _keys(workspace) == imported
    assert ingest.import_file(workspace, following).rows_duplicate == 80


def test_a_question_added_before_the_others_leaves_each_comment_on_its_answer(workspace, tmp_path):
    """A CSAT survey gains an NPS question: the old rows' comments stay with their CSAT answer, so
    the re-export adds no answer without a score and no comment twice."""
    answers = _answers()
    first = write_csv(tmp_path / "january.csv", ["Timestamp", CSAT_QUESTION, "Comments"],
                   [[a["when"], a["csat"], a["comment"]] for a in answers[:80]])
    following = write_csv(tmp_path / "february.csv", ["Timestamp", NPS_QUESTION, CSAT_QUESTION, "Comments"],
                       [[a["when"], a["nps"] if i >= 80 else "", a["csat"], a["comment"]]
                        for i, a in enumerate(answers)])
    ingest.import_file(workspace, first)
    result = ingest.import_file(workspace, following)
    assert (result.rows_loaded, result.rows_duplicate) == (40, 80)
    counts = dict(workspace.execute("SELECT kind, count(*) FROM responses GROUP BY kind").fetchall())
    assert counts == {"csat": 120, "nps": 40}
    frame = pd.DataFrame(answers)
    voices = workspace.execute("SELECT count(*) FROM voices WHERE source = 'survey'").fetchone()[0]
    assert voices == (frame["comment"] != "").sum()


def _customer_lists(tmp_path: Path) -> tuple[Path, Path, pd.DataFrame]:
    """September's list (nobody has churned: 'churn_date' is empty) and October's (12 of 180 have)."""
    october = pd.DataFrame({"id": [f"C{i:03d}" for i in range(180)], "email": [f"c{i}@x.test" for i in range(180)],
                            "mrr": [50 + i for i in range(180)], "status": "active", "churn_date": ""})
    september = october.iloc[:150].copy()
    october.loc[range(0, 180, 15), ["status", "churn_date"]] = ["cancelled", "2025-10-14"]
    paths = tmp_path / "customers_2025-09-30.csv", tmp_path / "customers_2025-10-31.csv"
    september.to_csv(paths[0], index=False)
    october.to_csv(paths[1], index=False)
    return *paths, october


def test_a_column_empty_last_month_is_read_once_it_holds_values(workspace, tmp_path):
    september, october, expected = _customer_lists(tmp_path)
    ingest.import_file(workspace, september)
    result = ingest.import_file(workspace, october)
    assert any("'churn_date' was empty" in note for note in result.warnings)
    stored = dict(workspace.execute("SELECT customer_id, CAST(churn_date AS VARCHAR) FROM customers "
                                    "WHERE churn_date IS NOT NULL").fetchall())
    assert stored == dict(expected[expected["churn_date"] != ""][["id", "churn_date"]].to_numpy().tolist())
    october_churn = metrics.compute(workspace, "churn_rate", Slice(start=pd.Timestamp("2025-10-01").date(),
                                                                   end=pd.Timestamp("2025-11-01").date()))
    march = metrics.compute(workspace, "churn_rate", Slice(start=pd.Timestamp("2025-03-01").date(),
                                                           end=pd.Timestamp("2025-04-01").date()))
    assert (october_churn.value, october_churn.n) == (pytest.approx(12 / 180), 180)
    assert march.value == 0


def test_a_column_the_analyst_left_unmapped_stays_unmapped(workspace, tmp_path):
    _, october, _ = _customer_lists(tmp_path)
    chosen = ingest.preview_file(workspace, october)
    chosen.discard()
    mapping = chosen.mapping
    del mapping.columns["churn_date"]  # the analyst's choice, on a file where it holds dates
    ingest.import_file(workspace, october, mapping=mapping)
    again = tmp_path / "customers_2025-11-30.csv"
    pd.read_csv(october, keep_default_na=False).to_csv(again, index=False)
    with again.open("a") as handle:
        handle.write("C999,c999@x.test,80,active,\n")
    result = ingest.import_file(workspace, again)
    assert not any("was empty" in note for note in result.warnings)
    assert workspace.execute("SELECT count(churn_date) FROM customers").fetchone()[0] == 0


def test_a_rating_column_with_next_to_no_ratings_last_month_is_read_once_it_fills(workspace, tmp_path):
    """A help desk's first export, days after switching surveys on: 'Satisfaction Score' says
    'Unoffered' or 'Offered' on all but one ticket, too little to read as ratings. Next month's
    export, same header, has them: its remembered mapping takes the column, and Support CSAT equals
    pandas' on that export."""
    header = ["Id", "Subject", "Status", "Satisfaction Score", "Created at"]
    january = write_csv(tmp_path / "zendesk_jan.csv", header, [
        [i, f"Ticket {i}", "solved", "Bad" if i == 3 else ["Unoffered", "Offered"][i % 2], f"2024-01-{i:02d} 10:00"]
        for i in range(1, 25)])
    rows = [[i, f"Ticket {i}", "closed", ["Good", "Good", "Bad", "Unoffered"][i % 4], f"2024-01-{i:02d} 10:00"]
            for i in range(1, 25)]
    february = write_csv(tmp_path / "zendesk_feb.csv", header, rows)
    ingest.import_file(workspace, january, kind="tickets")
    result = ingest.import_file(workspace, february, kind="tickets")
    assert any(note.startswith("'Satisfaction Score' was empty or nearly") for note in result.warnings)
    rated = pd.Series([row[3] for row in rows])
    rated = rated[rated.isin(["Good", "Bad"])]
    found = metrics.compute(workspace, "support_csat", Slice())
    assert (found.value, found.n) == (pytest.approx((rated == "Good").mean()), len(rated))
    # the rated tickets' January attribute ('Offered') went with the column it now reads
    assert workspace.execute("SELECT count(*) FROM tickets WHERE satisfaction IS NOT NULL "
                             "AND extra ->> 'Satisfaction Score' IS NOT NULL").fetchone()[0] == 0


def test_next_months_list_of_active_customers_says_who_is_missing_from_it(workspace, tmp_path):
    """A billing tool's 'active customers' export, a month on: those who left are not in it, and
    would stay customers without a word. The import says how many are missing; a list of other
    customers (a second region) says nothing."""
    header = ["Customer ID", "Plan", "MRR"]
    first = [[f"C{i:04d}", "Pro", "100.00"] for i in range(100)]
    ingest.import_file(workspace, write_csv(tmp_path / "customers.csv", header, first))
    gone = {f"C{i:04d}" for i in range(0, 100, 9)}  # twelve left during the month
    later = [row for row in first if row[0] not in gone] + [[f"C{i:04d}", "Pro", "100.00"] for i in range(100, 110)]
    result = ingest.import_file(workspace, write_csv(tmp_path / "customers-next.csv", header, later))
    note = next(w for w in result.warnings if "are not in this one" in w)
    assert note.startswith(f"{len(gone)} customers of the earlier customer list are not in this one")
    other = [[f"E{i:04d}", "Pro", "100.00"] for i in range(50)]
    result = ingest.import_file(workspace, write_csv(tmp_path / "europe.csv", header, other))
    assert not any("are not in this one" in w for w in result.warnings)



def test_one_customer_missing_from_next_months_list_is_said_in_the_singular(workspace, tmp_path):
    header = ["Customer ID", "Plan", "MRR"]
    first = [[f"C{i:04d}", "Pro", "100.00"] for i in range(40)]
    ingest.import_file(workspace, write_csv(tmp_path / "customers.csv", header, first))
    result = ingest.import_file(workspace, write_csv(tmp_path / "customers-next.csv", header, first[1:]))
    assert any(w.startswith("1 customer of the earlier customer list is not in this one and still counts as a "
                            "customer (for example 'C0000')") for w in result.warnings)
