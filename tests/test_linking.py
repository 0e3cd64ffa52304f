"""Linking answers and tickets to customers across files written by different tools: the same
customer's id or e-mail written another way still names them, an id that names no customer falls
back to the row's e-mail, and an import says how many of its rows name no customer. Every figure
is checked against pandas on the true owner of each row, which the test knows because it wrote them."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import ingest, metrics, workspace
from analytics.metrics import Slice

SEGMENTS = ("SMB", "Mid-Market", "Enterprise")


def customers_frame(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"Customer ID": ids, "Email": [f"owner{n}@co{n}.test" for n in range(len(ids))],
                         "Segment": [SEGMENTS[n % 3] for n in range(len(ids))],
                         "MRR": [100 + 10 * n for n in range(len(ids))]})


def nps(scores: pd.Series) -> float:
    return 100 * ((scores >= 9).mean() - (scores <= 6).mean())


def by_segment(con, answers: pd.DataFrame, customers: pd.DataFrame) -> None:
    """NPS per segment = pandas on the rows whose true owner (column `owner`, an index into the
    customer list, -1 for nobody) is in it; and the linked rows are exactly the owned ones."""
    owned = answers[answers["owner"] >= 0].assign(Segment=lambda f: customers["Segment"].to_numpy()[f["owner"]])
    for segment in SEGMENTS:
        found = metrics.compute(con, "nps", Slice().where("segment", segment))
        expected = owned[owned["Segment"] == segment]["Score"]
        assert found.n == len(expected) > 0, segment
        assert found.value == pytest.approx(nps(expected), abs=1e-9), segment
    linked = con.execute("SELECT count(*) FROM responses_linked r JOIN customers c USING (customer_id)").fetchone()[0]
    assert linked == len(owned)


@pytest.fixture
def con(tmp_path):
    connection = workspace.connect(tmp_path / "ws.duckdb")
    yield connection
    connection.close()


def answers_frame(written: list[str], owners: list[int], column: str) -> pd.DataFrame:
    scores = [(3 * n + 1) % 11 for n in range(len(written))]
    return pd.DataFrame({"Response ID": [f"R{n}" for n in range(len(written))], column: written,
                         "Submitted": [f"2026-0{1 + n % 6}-1{n % 10}" for n in range(len(written))],
                         "How likely are you to recommend us? (0-10)": scores,
                         "Why?": [f"answer {n}" for n in range(len(written))], "owner": owners,
                         "Score": scores})


def test_an_email_a_mail_program_wrapped_names_its_customer(con, tmp_path):
    customers = customers_frame([f"C{n}" for n in range(30)])
    customers.to_csv(tmp_path / "crm.csv", index=False)
    forms = ("{}", "mailto:{}", "Ana Ruiz <{}>", "  {}  ", '"{}"')
    owners = [n % 30 for n in range(60)] + [-1, -1]
    written = [forms[n % len(forms)].format(customers["Email"][o].upper() if n % 2 else customers["Email"][o])
               for n, o in enumerate(owners[:60])] + ["mailto:stranger@else.test", "Nobody <nobody@else.test>"]
    answers = answers_frame(written, owners, "Email")
    answers.drop(columns=["owner", "Score"]).to_csv(tmp_path / "survey.csv", index=False)
    ingest.import_file(con, tmp_path / "crm.csv", kind="customers")
    result = ingest.import_file(con, tmp_path / "survey.csv", kind="responses")
    by_segment(con, answers, customers)
    assert any("2 of 62 answers" in note and "stranger@else.test" in note for note in result.warnings)


@pytest.mark.parametrize("customer_ids, written, owner_of", [
    # a spreadsheet wrote the ids as decimals, another padded them, a third prefixed them
    ([str(n) for n in range(1, 31)], lambda n: f"{n}.0", lambda n: n - 1),
    ([str(n) for n in range(1, 31)], lambda n: f"{n:05d}", lambda n: n - 1),
    ([str(n) for n in range(1, 31)], lambda n: f"CUST-{n:05d}", lambda n: n - 1),
    ([f"CUST-{n}" for n in range(1, 31)], lambda n: f"cust-{n:04d}", lambda n: n - 1),
    ([f"CUST-{n:05d}" for n in range(1, 31)], lambda n: str(n), lambda n: n - 1),
    # account numbers as a spreadsheet formats thousands, or written with their prefix and a space
    ([str(1000 + n) for n in range(1, 31)], lambda n: f"{1000 + n:,}", lambda n: n - 1),
    ([str(1000 + n) for n in range(1, 31)], lambda n: f"ACCT {1000 + n}", lambda n: n - 1),
])
def test_an_id_written_another_way_names_its_customer(con, tmp_path, customer_ids, written, owner_of):
    customers = customers_frame(customer_ids)
    customers.to_csv(tmp_path / "billing.csv", index=False)
    numbers = [1 + n % 30 for n in range(75)]
    answers = answers_frame([written(k) for k in numbers], [owner_of(k) for k in numbers], "Customer ID")
    answers.drop(columns=["owner", "Score"]).to_csv(tmp_path / "survey.csv", index=False)
    ingest.import_file(con, tmp_path / "billing.csv", kind="customers")
    result = ingest.import_file(con, tmp_path / "survey.csv", kind="responses")
    by_segment(con, answers, customers)
    assert not any("name no customer" in note for note in result.warnings)


def test_a_salesforce_report_id_names_the_18_character_account(con, tmp_path):
    long_ids = [f"0015g00000sP{n:03d}{'ABC'[n % 3]}{'QRS'[n % 3]}{n % 6}" for n in range(24)]
    assert all(len(i) == 18 for i in long_ids)
    customers = customers_frame(long_ids)
    customers.to_csv(tmp_path / "accounts.csv", index=False)
    owners = [n % 24 for n in range(48)]
    answers = answers_frame([long_ids[o][:15] for o in owners], owners, "Account ID")
    answers.drop(columns=["owner", "Score"]).to_csv(tmp_path / "survey.csv", index=False)
    ingest.import_file(con, tmp_path / "accounts.csv", kind="customers")
    ingest.import_file(con, tmp_path / "survey.csv", kind="responses")
    by_segment(con, answers, customers)


def test_an_id_that_names_several_customers_or_none_falls_back_to_the_email(con, tmp_path):
    # 'A-7' and 'B-7' both end in 7: '7' names neither; its row's e-mail decides. '99' is no one's.
    customers = customers_frame(["A-7", "B-7", "C-8", "D-9"])
    customers.to_csv(tmp_path / "crm.csv", index=False)
    rows = [("7", "owner1@co1.test", 1), ("7", "", -1), ("99", "owner3@co3.test", 3), ("99", "", -1),
            ("c-0008", "owner0@co0.test", 2), ("X", "nobody@x.test", -1)]
    answers = answers_frame([r[0] for r in rows], [r[2] for r in rows], "Customer ID")
    answers.insert(2, "Email", [r[1] for r in rows])
    answers.drop(columns=["owner", "Score"]).to_csv(tmp_path / "survey.csv", index=False)
    ingest.import_file(con, tmp_path / "crm.csv", kind="customers")
    result = ingest.import_file(con, tmp_path / "survey.csv", kind="responses")
    linked = dict(con.execute("SELECT response_id, customer_id FROM responses_linked "
                              "WHERE customer_id IN (SELECT customer_id FROM customers)").fetchall())
    assert linked == {"R0": "B-7", "R2": "D-9", "R4": "C-8"}
    assert any("3 of 6 answers" in note for note in result.warnings)


def test_a_ticket_whose_id_is_no_customers_links_by_its_requesters_email(con, tmp_path):
    customers = customers_frame([f"C{n}" for n in range(6)])
    customers.to_csv(tmp_path / "crm.csv", index=False)
    pd.DataFrame({"Ticket ID": [1, 2, 3], "Organization ID": ["9001", "9002", "9003"],
                  "Requester email": ["Owner2@co2.test", "owner4@co4.test", "x@nowhere.test"],
                  "Subject": ["Export fails", "Slow", "Hi"], "Created at": ["2026-03-01"] * 3}
                 ).to_csv(tmp_path / "tickets.csv", index=False)
    ingest.import_file(con, tmp_path / "crm.csv", kind="customers")
    result = ingest.import_file(con, tmp_path / "tickets.csv", kind="tickets")
    assert any(note.startswith("1 of 3 tickets name no customer") for note in result.warnings)
    found = sorted(con.execute("SELECT customer_id FROM tickets_linked "
                               "WHERE customer_id IN (SELECT customer_id FROM customers)").fetchall())
    assert found == [("C2",), ("C4",)]


def test_an_email_two_customers_share_is_said_apart_from_an_unknown_one(con, tmp_path):
    """A family's address on two customers names neither (a shared address links no one): the note
    says so and how to link them, instead of sending the user looking for a mismatch of IDs; an
    address the list does not have is still said as one."""
    pd.DataFrame({"Customer ID": ["C1", "C2", "C3"], "Email": ["family@gmail.com", "family@gmail.com", "solo@gmail.com"],
                  "Segment": "SMB", "MRR": [10, 20, 30], "Status": "Active"}).to_csv(tmp_path / "crm.csv", index=False)
    pd.DataFrame({"Ticket ID": [1, 2, 3, 4], "Requester email": ["family@gmail.com", "solo@gmail.com",
                                                              "FAMILY@gmail.com", "x@nowhere.test"],
                  "Subject": ["Login", "Bill", "Login again", "Hi"], "Created at": ["2024-05-01"] * 4}
                 ).to_csv(tmp_path / "tickets.csv", index=False)
    ingest.import_file(con, tmp_path / "crm.csv", kind="customers")
    result = ingest.import_file(con, tmp_path / "tickets.csv", kind="tickets")
    note = next(note for note in result.warnings if "name no customer" in note)
    assert note.startswith("3 of 4 tickets name no customer of your customer list")
    assert "1 of the tickets carries a customer ID or e-mail the list does not have (for example 'x@nowhere.test')" in note
    assert "2 carry an e-mail that two or more customers of the list share (for example 'family@gmail.com')" in note


def test_the_command_line_prints_an_unlinked_voice_and_a_large_amount_as_a_reader_expects(con, tmp_path, capsys):
    """A voice of no customer is JSON's null (strict readers refuse NaN); revenue at risk in whole
    units ('34,705', never '3.47e+04')."""
    import json

    from analytics.cli import main

    customers_frame(["C0", "C1"]).assign(MRR=[34_705.0, 25_603.0]).to_csv(tmp_path / "crm.csv", index=False)
    answers = answers_frame(["C0", "C1", ""], [0, 1, -1], "Customer ID").assign(
        **{"How likely are you to recommend us? (0-10)": [2, 3, 4]})
    answers.drop(columns=["owner", "Score"]).to_csv(tmp_path / "survey.csv", index=False)
    ingest.import_file(con, tmp_path / "crm.csv", kind="customers")
    ingest.import_file(con, tmp_path / "survey.csv", kind="responses")
    con.close()
    path = str(tmp_path / "ws.duckdb")
    capsys.readouterr()
    assert main(["voices", "--workspace", path, "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    refuse = {"parse_constant": lambda word: pytest.fail(f"{word} is not JSON")}
    assert sorted(str(json.loads(line, **refuse)["customer_id"]) for line in lines) == ["C0", "C1", "None"]
    assert main(["metrics", "--workspace", path, "--metric", "revenue_at_risk"]) == 0
    printed = capsys.readouterr().out
    assert "60,308" in printed and "e+" not in printed


def test_drivers_on_a_workspace_imported_from_the_command_line_tags_its_voices_first(tmp_path, capsys):
    """The command line never opened the app: `drivers` tags the new voices before it reads their
    themes, instead of printing nothing."""
    import json

    from analytics.cli import main
    from analytics.demo import generate_demo

    frames = generate_demo()
    for kind in ("customers", "responses"):
        frames[kind].to_csv(tmp_path / f"{kind}.csv", index=False)
    path = str(tmp_path / "ws.duckdb")
    for kind in ("customers", "responses"):
        assert main(["import", "--workspace", path, "--kind", kind, str(tmp_path / f"{kind}.csv")]) == 0
    capsys.readouterr()
    assert main(["drivers", "--workspace", path, "--json"]) == 0
    found = capsys.readouterr()
    assert json.loads(found.out) and "Tagging the voices" in found.err


def test_a_colleague_answers_for_the_account_at_their_domain_in_a_list_of_accounts(con, tmp_path):
    """A list of accounts (billing@acme.test): jane@acme.test names Acme when only Acme is at
    acme.test. An address two accounts share, or a domain two accounts share, names no one; in a
    list of people at mailbox providers (gmail.com), a domain names no one either."""
    accounts = pd.DataFrame({"Account ID": ["A1", "A2", "A3", "A4", "A5"],
                             "Email": ["billing@acme.test", "ap@holding.test", "ap@holding.test",
                                       "it@initech.test", "cto@initech.test"],
                             "Segment": ["SMB", "Enterprise", "SMB", "Enterprise", "SMB"]})
    accounts.to_csv(tmp_path / "accounts.csv", index=False)
    rows = [("jane@acme.test", "A1"), ("bob@acme.test", "A1"), ("billing@acme.test", "A1"),
            ("ap@holding.test", None), ("eve@holding.test", None), ("max@initech.test", None),
            ("someone@gmail.com", None)]
    answers = answers_frame([email for email, _ in rows], [0] * len(rows), "Email")
    answers.drop(columns=["owner", "Score"]).to_csv(tmp_path / "survey.csv", index=False)
    ingest.import_file(con, tmp_path / "accounts.csv", kind="customers")
    ingest.import_file(con, tmp_path / "survey.csv", kind="responses")
    linked = dict(con.execute("SELECT email, customer_id FROM responses_linked").fetchall())
    assert linked == {email: owner for email, owner in rows}


def test_in_a_list_of_people_a_domain_names_no_one(con, tmp_path):
    people = pd.DataFrame({"Customer ID": [f"P{n}" for n in range(10)],
                           "Email": [f"p{n}@gmail.com" for n in range(9)] + ["p9@bigcorp.test"]})
    people.to_csv(tmp_path / "people.csv", index=False)
    answers_frame(["p1@gmail.com", "colleague@bigcorp.test"], [1, -1], "Email").drop(
        columns=["owner", "Score"]).to_csv(tmp_path / "survey.csv", index=False)
    ingest.import_file(con, tmp_path / "people.csv", kind="customers")
    ingest.import_file(con, tmp_path / "survey.csv", kind="responses")
    linked = dict(con.execute("SELECT email, customer_id FROM responses_linked").fetchall())
    assert linked == {"p1@gmail.com": "P1", "colleague@bigcorp.test": None}


@pytest.mark.parametrize("written", [lambda n: f"{n}.0", lambda n: f"CUST-{n:05d}"])
def test_a_revenue_history_whose_ids_are_written_another_way_gives_the_revenue_figures(con, tmp_path, written):
    """A revenue history keyed '2001.0' (pandas wrote an int column with a gap) or 'CUST-02001' (a
    billing system's key) beside a CRM list keyed 2001: GRR, NRR and revenue churn per segment =
    pandas on the true owner of each row, not 0% or empty."""
    from datetime import date

    customers = customers_frame([str(2001 + n) for n in range(30)]).assign(
        Churned=["Yes" if n % 7 == 3 else "No" for n in range(30)],
        **{"Churn Date": ["2025-08-15" if n % 7 == 3 else "" for n in range(30)], "MRR": 0})
    customers.to_csv(tmp_path / "crm.csv", index=False)
    months = pd.date_range("2025-05-01", "2025-09-01", freq="MS")
    history = pd.DataFrame([(n, month, 100.0 + 10 * n + (5 * n % 3) * (month.month - 5))
                            for n in range(30) for month in months
                            if not (n % 7 == 3 and month >= pd.Timestamp("2025-08-01"))],
                           columns=["owner", "month", "mrr"])
    keyed = history.assign(customer_id=[written(2001 + n) for n in history["owner"]],
                           month=history["month"].dt.strftime("%Y-%m"))
    keyed[["customer_id", "month", "mrr"]].to_csv(tmp_path / "revenue.csv", index=False)
    ingest.import_file(con, tmp_path / "crm.csv", kind="customers")
    result = ingest.import_file(con, tmp_path / "revenue.csv", kind="revenue")
    assert not any("name no customer" in note for note in result.warnings)
    q3 = Slice(start=date(2025, 7, 1), end=date(2025, 10, 1))
    by_month = history.pivot_table(index="owner", columns="month", values="mrr", aggfunc="sum", fill_value=0)
    start, end = by_month[pd.Timestamp("2025-06-01")], by_month[pd.Timestamp("2025-09-01")]
    segment = pd.Series(customers["Segment"].to_numpy())
    for name in SEGMENTS:
        mine = segment[segment == name].index
        grr = metrics.compute(con, "grr", q3.where("segment", name))
        assert (grr.value, grr.n) == (pytest.approx(end[mine].clip(upper=start[mine]).sum() / start[mine].sum()),
                                      len(mine))
        churn = metrics.compute(con, "revenue_churn", q3.where("segment", name))
        left = [n for n in mine if n % 7 == 3]
        assert churn.value == pytest.approx(start[left].sum() / start[mine].sum()), name


def test_a_small_business_writing_from_a_mailbox_provider_links_no_stranger(con, tmp_path):
    """Accounts named for their domain ('Acme Inc.' at acme.test) link their colleagues; a shop
    writing from a provider (hotmail.de, or one no list names: kabelmail.test) links no one else
    who writes from there."""
    accounts = pd.DataFrame({"Account ID": ["A1", "A2", "A3", "A4", "A5"],
                             "Account Name": ["Acme Inc.", "Meyer Handwerk", "Kiwi Labs Ltd", "Initech", "Umbrella"],
                             "Email": ["billing@acme.test", "meyer.betrieb@hotmail.de", "ap@kiwi0.test",
                                       "it@initech.test", "shop@kabelmail.test"]})
    accounts.to_csv(tmp_path / "accounts.csv", index=False)
    rows = [("jane@acme.test", "A1"), ("someone@hotmail.de", None), ("max@kiwi0.test", "A3"),
            ("bob@initech.test", "A4"), ("stranger@kabelmail.test", None)]
    answers_frame([email for email, _ in rows], [0] * len(rows), "Email").drop(
        columns=["owner", "Score"]).to_csv(tmp_path / "survey.csv", index=False)
    ingest.import_file(con, tmp_path / "accounts.csv", kind="customers")
    ingest.import_file(con, tmp_path / "survey.csv", kind="responses")
    assert dict(con.execute("SELECT email, customer_id FROM responses_linked").fetchall()) == dict(rows)


def test_an_apps_own_user_number_beside_a_customers_email_links_by_the_email(con, tmp_path):
    """An in-app NPS tool sends the product's numeric user id (34) and the person's e-mail; the
    billing list keys customers C0001…: 34 is not C0034 when the row's e-mail is another customer's
    (275 of 300 answers went to the wrong customer, and their plan's NPS with them)."""
    customers = customers_frame([f"C{n:04d}" for n in range(1, 61)])
    customers.to_csv(tmp_path / "crm.csv", index=False)
    owners = [(7 * n) % 60 for n in range(120)]
    users = [str(100 - owner) for owner in owners]  # the app's own numbering, unrelated to billing's
    answers = answers_frame(users, owners, "user_id")
    answers.insert(2, "email", [f"owner{owner}@co{owner}.test" for owner in owners])
    answers.drop(columns=["owner", "Score"]).to_csv(tmp_path / "survey.csv", index=False)
    ingest.import_file(con, tmp_path / "crm.csv", kind="customers")
    ingest.import_file(con, tmp_path / "survey.csv", kind="responses")
    by_segment(con, answers, customers)


def test_a_customer_list_imported_after_the_answers_says_how_many_of_them_it_does_not_name(con, tmp_path):
    """Answers first, the list after: the list's import counts the answers (and tickets) naming a
    customer it does not have, as pandas does, leaving out those that name nobody."""
    answers = pd.DataFrame({"response_id": [f"R{i}" for i in range(8)],
                            "customer_id": ["C1", "C2", "T900", "T901", None, "C3", "T902", "C1"],
                            "nps": [9, 3, 8, 10, 7, 6, 0, 10]})
    answers.to_csv(tmp_path / "answers.csv", index=False)
    pd.DataFrame({"Ticket ID": [1, 2], "Customer ID": ["C2", "X7"], "Subject": ["Login", "Bill"],
                  "Created at": ["2024-05-01"] * 2}).to_csv(tmp_path / "tickets.csv", index=False)
    customers = customers_frame(["C1", "C2", "C3"])
    customers.to_csv(tmp_path / "crm.csv", index=False)
    ingest.import_file(con, tmp_path / "answers.csv")
    ingest.import_file(con, tmp_path / "tickets.csv", kind="tickets")
    result = ingest.import_file(con, tmp_path / "crm.csv", kind="customers")
    named = answers.dropna(subset=["customer_id"])
    unknown = named[~named["customer_id"].isin(customers["Customer ID"])]
    assert f"{len(unknown)} of the {len(named)} answers already in the workspace name a customer this list does not " \
           "have (for example 'T900', 'T901', 'T902')." in " ".join(result.warnings)
    assert any(note.startswith("1 of the 2 tickets already in the workspace names a customer this list does not have "
                               "(for example 'X7')") for note in result.warnings)
