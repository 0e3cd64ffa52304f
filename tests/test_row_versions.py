"""Monthly refresh with changed values: next month's export of the same tickets, answers or revenue
gives their new values (a ticket solved and rated, a corrected score, a restated month), and undo
brings back the values the batch replaced. Every figure is checked against pandas on the export
the workspace should hold.
"""

from __future__ import annotations

import random

import pandas as pd

from analytics import ingest, metrics
from analytics import workspace as store
from analytics.metrics import Slice
from tests.exports import write_csv

TICKET_HEADER = ["Id", "Requester email", "Subject", "Status", "Created at", "Satisfaction Score"]


def _tickets(month: int, seed: int) -> list[list]:
    """A help desk's export of every ticket up to `month` (1–3) as it stood then: tickets of the
    month are often still open and unrated; older ones get solved and rated later."""
    rows = []
    for i in range(30 * month):
        rng = random.Random(seed * 1000 + i)  # a ticket's own fate, the same in every export
        solving, rating, rated_as = rng.random(), rng.random(), rng.choice(["Good", "Good", "Bad"])
        created = 1 + i // 30
        age = month - created
        solved = age > 0 or solving < 0.6
        rated = solved and rating < 0.6 + 0.2 * age  # once rated, rated alike in every later export
        rows.append([500 + i, f"r{i % 17}@x.com", f"Ticket {i} about exports", "Solved" if solved else "Open",
                     f"2024-{created:02d}-{1 + i % 28:02d} 09:00",
                     rated_as if rated else "Unoffered"])
    return rows


def _support_csat(rows: list[list]) -> tuple[float, int]:
    frame = pd.DataFrame(rows, columns=TICKET_HEADER)
    rated = frame[frame["Satisfaction Score"] != "Unoffered"]
    return round((rated["Satisfaction Score"] == "Good").mean(), 6), len(rated)


def _csat(con) -> tuple[float, int]:
    result = metrics.compute(con, "support_csat", Slice())
    return round(result.value, 6), result.n


def test_a_help_desks_monthly_export_gives_each_ticket_its_latest_status_and_rating(workspace, tmp_path):
    months = [_tickets(month, seed=3) for month in (1, 2, 3)]
    batches = [ingest.import_file(workspace, write_csv(tmp_path / f"zendesk_{m}.csv", TICKET_HEADER, rows),
                                  kind="tickets") for m, rows in enumerate(months, 1)]
    assert _csat(workspace) == _support_csat(months[2])
    statuses = pd.DataFrame(months[2], columns=TICKET_HEADER)["Status"].value_counts().to_dict()
    assert dict(workspace.execute("SELECT status, count(*) FROM tickets GROUP BY 1").fetchall()) == statuses
    changed = sum(a != b for a, b in zip(months[1], months[2]))
    assert f"{changed} tickets were already in the workspace with another status, satisfaction or description: " \
           "this file's values replace the earlier ones (undo this import to bring them back)." in batches[2].warnings
    late = [999, "r1@x.com", "Ticket 999 about exports", "Open", "2024-01-31 09:00", "Unoffered"]
    older = ingest.import_file(workspace, write_csv(tmp_path / "zendesk_1_again.csv", TICKET_HEADER,
                                                    months[0] + [late]), kind="tickets")  # imported last, by mistake
    assert _csat(workspace) == _support_csat(months[0] + months[2][30:])
    assert any(w.endswith("This file's newest ticket is from 2024-01-31, the workspace's from 2024-03-28: if it is "
                          "an older export, undo it so the newer values count again.") for w in older.warnings)
    assert not any("older export" in w for b in batches for w in b.warnings)
    ingest.undo_batch(workspace, older.batch_id)
    assert _csat(workspace) == _support_csat(months[2])
    ingest.undo_batch(workspace, batches[2].batch_id)  # back to February's export
    assert _csat(workspace) == _support_csat(months[1])
    ingest.undo_batch(workspace, batches[0].batch_id)  # February's export held January's tickets too
    assert _csat(workspace) == _support_csat(months[1])
    assert workspace.execute("SELECT count(*), count(DISTINCT ticket_id) FROM tickets").fetchone() == (60, 60)


def test_a_corrected_answer_replaces_the_first_and_undo_brings_either_back(workspace, tmp_path):
    header = ["Response ID", "Submitted", "How likely are you to recommend us?", "Comments"]
    first = [["R1", "2024-01-05", 3, "Billing errors"], ["R2", "2024-01-06", 10, "Saves hours"],
             ["R3", "2024-01-07", 9, "Quick support"]]
    fixed = [["R1", "2024-01-05", 9, "Billing errors, now fixed"], *first[1:], ["R4", "2024-02-01", 6, ""]]

    def nps(rows):
        scores = pd.Series([row[2] for row in rows])
        return round(100 * ((scores >= 9).mean() - (scores <= 6).mean()), 6), len(scores)

    def stored():
        result = metrics.compute(workspace, "nps", Slice())
        return round(result.value, 6), result.n

    january = ingest.import_file(workspace, write_csv(tmp_path / "jan.csv", header, first))
    again = ingest.import_file(workspace, write_csv(tmp_path / "jan_fixed.csv", header, fixed))
    assert (again.rows_loaded, again.rows_duplicate) == (1, 3)
    assert stored() == nps(fixed)
    assert workspace.execute("SELECT text FROM voices WHERE voice_id LIKE '%R1%'").fetchall() == [
        ("Billing errors, now fixed",)]
    ingest.undo_batch(workspace, again.batch_id)
    assert stored() == nps(first)
    later = fixed + [["R5", "2024-02-02", 10, ""]]
    repeat = ingest.import_file(workspace, write_csv(tmp_path / "feb.csv", header, later))
    ingest.undo_batch(workspace, january.batch_id)  # the correction stays: the later export gave it
    assert stored() == nps(later)
    ingest.undo_batch(workspace, repeat.batch_id)
    assert workspace.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_an_export_repeating_the_values_holds_the_row_once_the_changing_batch_is_undone(workspace, tmp_path):
    """January says open, February solved, March solved again: undoing February leaves March's
    solved, undoing March then January's open."""
    header = ["ticket_id", "subject", "status", "created"]
    solved = ["T1", "Refund", "solved", "2024-01-03"]
    jan = ingest.import_file(workspace, write_csv(tmp_path / "jan.csv", header, [["T1", "Refund", "open", "2024-01-03"]]), kind="tickets")
    feb = ingest.import_file(workspace, write_csv(tmp_path / "feb.csv", header, [solved]), kind="tickets")
    mar = ingest.import_file(workspace, write_csv(tmp_path / "mar.csv", header,
                                                  [solved, ["T2", "Login", "open", "2024-03-01"]]), kind="tickets")
    assert not any("already in the workspace with another" in w for w in mar.warnings)
    status = "SELECT batch_id, status FROM tickets WHERE ticket_id = 'T1'"
    assert workspace.execute(status).fetchall() == [(feb.batch_id, "solved")]
    ingest.undo_batch(workspace, feb.batch_id)
    assert workspace.execute(status).fetchall() == [(mar.batch_id, "solved")]
    ingest.undo_batch(workspace, mar.batch_id)
    assert workspace.execute(status).fetchall() == [(jan.batch_id, "open")]


def test_a_field_the_new_export_lacks_keeps_what_the_row_said_until_that_import_is_undone(workspace, tmp_path):
    """February's export dropped the requester's e-mail and the rating: the ticket's new status is
    taken, its e-mail (which links it to its customer) and rating stay. Undo January, and nothing
    live says either any more: as pandas on February's export, no e-mail and no Support CSAT."""
    january = ingest.import_file(workspace, write_csv(
        tmp_path / "jan.csv", ["ticket_id", "email", "subject", "status", "satisfaction"],
        [["T1", "ann@x.com", "Refund", "open", "Good"], ["T2", "bo@x.com", "Login", "open", "Bad"]]), kind="tickets")
    ingest.import_file(workspace, write_csv(tmp_path / "feb.csv", ["ticket_id", "subject", "status"],
                                            [["T1", "Refund", "solved"], ["T2", "Login", "solved"]]), kind="tickets")
    stored = "SELECT ticket_id, email, status, satisfaction FROM tickets ORDER BY 1"
    assert workspace.execute(stored).fetchall() == [("T1", "ann@x.com", "solved", 5.0), ("T2", "bo@x.com", "solved", 1.0)]
    ingest.undo_batch(workspace, january.batch_id)
    assert workspace.execute(stored).fetchall() == [("T1", None, "solved", None), ("T2", None, "solved", None)]
    assert not metrics.available(workspace, "support_csat")


def test_a_restated_revenue_month_replaces_the_first_figure(workspace, tmp_path):
    header = ["customer_id", "month", "mrr"]
    first = [["C1", "2024-01", 100], ["C2", "2024-01", 200], ["C3", "2024-01", 300],
             ["C1", "2024-02", 100], ["C2", "2024-02", 200], ["C3", "2024-02", 300]]
    restated = [["C1", "2024-02", 100], ["C2", "2024-02", 150], ["C3", "2024-02", 300],
                ["C1", "2024-03", 100], ["C2", "2024-03", 150], ["C3", "2024-03", 300]]
    ingest.import_file(workspace, write_csv(tmp_path / "rev1.csv", header, first))
    later = ingest.import_file(workspace, write_csv(tmp_path / "rev2.csv", header, restated))
    assert any(w.startswith("1 customer's month of revenue was already in the workspace with another amount")
               for w in later.warnings)
    history = pd.DataFrame(first[:3] + restated, columns=header).pivot(index="customer_id", columns="month",
                                                                     values="mrr")

    def grr(start, end):
        kept = history[start].where(history[start] <= history[end], history[end])
        return round(kept.sum() / history[start].sum(), 6)

    for start, end, since in (("2024-01", "2024-02", "2024-02-01"), ("2024-02", "2024-03", "2024-03-01")):
        month = pd.Timestamp(since).date()
        stored = metrics.compute(workspace, "grr", Slice(start=month, end=(month + pd.DateOffset(months=1)).date()))
        assert round(stored.value, 6) == grr(start, end)
    ingest.undo_batch(workspace, later.batch_id)
    assert workspace.execute("SELECT mrr FROM revenue WHERE customer_id = 'C2' AND month = DATE '2024-02-01'"
                             ).fetchall() == [(200.0,)]


def test_a_correction_in_an_export_that_added_a_question_on_every_row_is_taken(workspace, tmp_path):
    """February's Typeform export asks a new question, answered on every row, so each row brings a
    new answer: the corrected score and the edited comment of the old ones are still taken."""
    nps_question, reason = "How likely are you to recommend Acme to a friend or colleague?", "Why that score?"
    ingest.import_file(workspace, write_csv(tmp_path / "jan.csv", ["#", nps_question, reason, "Submit Date (UTC)"], [
        ["r001", 10, "Love the reports", "2024-01-03 10:00:00"], ["r002", 9, "Fast support", "2024-01-04 10:00:00"],
        ["r003", 3, "Too expensive", "2024-01-05 10:00:00"]]))
    rows = [["r001", 2, 4, "Billing broke twice (edited)", "2024-01-03 10:00:00"],
            ["r002", 9, 5, "Fast support", "2024-01-04 10:00:00"], ["r003", 3, 2, "Too expensive", "2024-01-05 10:00:00"]]
    later = ingest.import_file(workspace, write_csv(
        tmp_path / "feb.csv", ["#", nps_question, "How satisfied are you with our support? (1-5)", reason,
                               "Submit Date (UTC)"], rows))
    assert any(w.startswith("1 answer was already in the workspace with another score") for w in later.warnings)
    scores = pd.Series([row[1] for row in rows])
    found = metrics.compute(workspace, "nps", Slice())
    assert (round(found.value, 6), found.n) == (round(100 * ((scores >= 9).mean() - (scores <= 6).mean()), 6), 3)
    assert sorted(r[0] for r in workspace.execute("SELECT text FROM voices").fetchall()) == sorted(r[3] for r in rows)


def test_an_id_a_spreadsheet_wrote_without_its_leading_zeros_is_the_same_ticket(tmp_path):
    """Freshdesk writes '00123'; the same export opened and saved in Excel next month writes '123'
    (or '123.0'): one ticket, its new status taken, as pandas reading the IDs as numbers counts
    them. A workspace written before such IDs were keyed as numbers is keyed again when opened."""
    header = ["Ticket ID", "Subject", "Status", "Created time"]
    january = [["00123", "Cannot login", "Open", "2024-01-05 10:00"], ["00124", "Invoice", "Open", "2024-01-06 10:00"],
               ["ABC-007", "Refund", "Open", "2024-01-07 10:00"]]
    path = tmp_path / "ws.duckdb"
    con = store.connect(path)
    ingest.import_file(con, write_csv(tmp_path / "jan.csv", header, january), kind="tickets")
    con.execute("UPDATE tickets SET natural_key = ticket_id; "  # as schema 12 keyed them
                "UPDATE meta SET value = '12' WHERE key = 'schema_version'")
    con.close()
    con = store.connect(path)
    february = [["123", "Cannot login", "Closed", "2024-01-05 10:00"], ["124.0", "Invoice", "Closed", "2024-01-06 10:00"],
                ["ABC-007", "Refund", "Closed", "2024-01-07 10:00"], ["0", "New", "Open", "2024-02-01 10:00"]]
    ingest.import_file(con, write_csv(tmp_path / "feb.csv", header, february), kind="tickets")
    frame = pd.DataFrame(january + february, columns=header)
    frame["key"] = frame["Ticket ID"].map(lambda v: str(int(float(v))) if v.replace(".", "").isdigit() else v)
    latest = frame.drop_duplicates("key", keep="last").set_index("key")["Status"]
    stored = dict(con.execute("SELECT natural_key, status FROM tickets").fetchall())
    assert stored == latest.to_dict()
    con.close()
