"""The customer view's data: profile, revenue and a timeline holding every answer, ticket and the churn."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from analytics import ingest, voices, workspace
from ui.links import customer_url


@pytest.fixture(scope="module")
def con(demo_module_copy, tmp_path_factory):
    folder = tmp_path_factory.mktemp("customer")
    connection = workspace.connect(demo_module_copy)
    # One more answer that carries only the customer's e-mail: it must link to them by e-mail.
    email = connection.execute("SELECT email FROM customers WHERE customer_id = 'C-00023'").fetchone()[0]
    extra = folder / "by_email.csv"
    extra.write_text(f"response_id,email,date,nps,comment\nE-1,{email.upper()},2026-09-01,3,Linked by e-mail only\n")
    ingest.import_file(connection, extra, kind="responses")
    voices.enrich(connection)
    yield connection
    connection.close()


def busiest(con, churned: bool) -> str:
    return con.execute("""
        SELECT c.customer_id FROM customers c JOIN tickets t USING (customer_id)
        WHERE c.churned = ? AND c.churn_reason IS NOT NULL = ? GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
                       [churned, churned]).fetchone()[0]


def test_timeline_holds_every_response_and_ticket(con):
    for customer_id in (busiest(con, True), busiest(con, False), "C-00023"):
        events = voices.timeline(con, customer_id)
        responses = {r[0] for r in con.execute(
            "SELECT 'r:' || response_id FROM responses_linked WHERE customer_id = ?", [customer_id]).fetchall()}
        tickets = {r[0] for r in con.execute(
            "SELECT 't:' || ticket_id FROM tickets WHERE customer_id = ?", [customer_id]).fetchall()}
        assert responses and tickets
        assert set(events.loc[events.source == "survey", "voice_id"]) == responses
        assert set(events.loc[events.source == "ticket", "voice_id"]) == tickets
        assert len(events) == len(responses) + len(tickets) + (events.source == "churn").sum() + 1  # + signup


def test_answers_without_a_comment_are_on_the_timeline(con):
    customer_id = con.execute("""SELECT customer_id FROM responses WHERE comment IS NULL AND customer_id
                                 IS NOT NULL ORDER BY response_id LIMIT 1""").fetchone()[0]
    events = voices.timeline(con, customer_id)
    silent = events[(events.source == "survey") & events.text.isna()]
    assert len(silent) > 0 and silent.score.notna().all()


def test_a_response_linked_by_email_is_on_the_timeline(con):
    events = voices.timeline(con, "C-00023")
    row = events[events.voice_id == "r:E-1"]
    assert len(row) == 1 and row.text.iloc[0] == "Linked by e-mail only"
    assert row.detail.iloc[0] == "NPS 3/10 · detractor"


def test_churned_customer_has_the_churn_event_with_its_reason(con):
    customer_id = busiest(con, True)
    person = con.execute("SELECT churn_date, churn_reason FROM customers WHERE customer_id = ?",
                         [customer_id]).fetchone()
    events = voices.timeline(con, customer_id)
    churn = events[events.source == "churn"]
    assert len(churn) == 1
    assert churn["at"].iloc[0].date() == person[0]
    assert churn.text.iloc[0] == person[1]
    assert churn.detail.iloc[0].startswith("churned")
    assert events.iloc[0].source == "churn"  # newest first: nothing after the churn in the demo


def test_active_customer_has_no_churn_event(con):
    events = voices.timeline(con, busiest(con, False))
    assert not (events.source == "churn").any()
    assert (events.source == "signup").sum() == 1


def test_order_toggle_reverses_the_timeline(con):
    customer_id = busiest(con, True)
    newest, oldest = voices.timeline(con, customer_id), voices.timeline(con, customer_id, newest_first=False)
    assert list(newest["at"]) == sorted(newest["at"], reverse=True)
    assert list(oldest["at"]) == sorted(oldest["at"])
    assert oldest.iloc[0].source == "signup"
    assert sorted(newest.voice_id.dropna()) == sorted(oldest.voice_id.dropna())


def test_timeline_details_and_enrichment(con):
    events = voices.timeline(con, busiest(con, True))
    said = events[events.text.notna() & events.source.isin(["survey", "ticket"])]
    assert said.sentiment.notna().all()
    assert all(isinstance(t, (list, tuple)) or hasattr(t, "__len__") for t in events.themes)
    for row in events[events.source == "ticket"].itertuples():
        assert row.detail
    assert list(events.columns)[:6] == ["at", "source", "kind", "score", "text", "detail"]


def test_profile_matches_the_customer_record(con):
    customer_id = busiest(con, True)
    person = voices.profile(con, customer_id)
    row = con.execute("SELECT name, segment, plan, mrr, churn_date, churn_reason, status FROM customers "
                      "WHERE customer_id = ?", [customer_id]).fetchone()
    assert (person.name, person.segment, person.plan, person.mrr, person.churn_date, person.churn_reason,
            person.status) == row
    assert person.churned and person.tickets == con.execute(
        "SELECT count(*) FROM tickets WHERE customer_id = ?", [customer_id]).fetchone()[0]
    assert person.tenure_months is not None and person.tenure_months >= 0
    assert voices.profile(con, "no-such-customer") is None


def test_revenue_history(con):
    customer_id = busiest(con, False)
    history = voices.customer_revenue(con, customer_id)
    expected = con.execute("SELECT month, sum(mrr) FROM revenue WHERE customer_id = ? GROUP BY 1 ORDER BY 1",
                           [customer_id]).df()
    assert len(history) == len(expected) > 0
    assert history.mrr.round(2).tolist() == expected.iloc[:, 1].round(2).tolist()
    assert voices.customer_revenue(con, "no-such-customer").empty


def test_customer_url_encodes_the_id():
    assert customer_url("C-00001") == "customer?customer=C-00001"
    odd = "A&B (x)/1?=ü"
    url = customer_url(odd)
    assert all(c not in url.split("?", 1)[1].split("=", 1)[1] for c in "&()/?= ")
    assert parse_qs(urlsplit(url).query)["customer"] == [odd]


def test_find_by_id_name_or_email(con):
    assert voices.find_customers(con, "c-00023").customer_id.iloc[0] == "C-00023"
    name = con.execute("SELECT name FROM customers WHERE customer_id = 'C-00023'").fetchone()[0]
    assert "C-00023" in set(voices.find_customers(con, name.split()[0].lower(), limit=5000).customer_id)
    assert voices.find_customers(con, "   ").empty


def test_names_of(con):
    names = voices.names_of(con, ["C-00023", None, "nobody"])
    assert set(names) == {"C-00023"} and isinstance(names["C-00023"], str)
    assert voices.names_of(con, []) == {}


def test_timeline_of_unknown_customer_is_empty(con):
    assert voices.timeline(con, "nobody").empty
    assert isinstance(voices.timeline(con, "nobody"), pd.DataFrame)
