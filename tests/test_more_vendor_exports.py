"""More exports in the layouts their tools write (Sweep Q): a feedback tool mixing survey types in
one score column, billing states it has its own word for, summary lines in other languages, and
amounts that are not plans. Each figure against pandas on the same file."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd

from analytics import ingest, metrics
from analytics.metrics import Slice
from tests.exports import write_csv


def _mapped(con, path) -> ingest.Mapping:
    preview = ingest.preview_file(con, path)
    preview.discard()
    return preview.mapping


def test_one_score_column_split_by_a_type_column_naming_its_stars_and_a_type_it_does_not_read(workspace, tmp_path):
    """A feedback tool's `Metric` column names each row's survey (NPS, CSAT, CES, and '5STAR' for
    stars on 1–5) beside one `Score`: each type is its own figure, never NPS on every row; a type
    Heartbeat does not read ('Pulse') is rejected with its reason, not scored as NPS."""
    rng = random.Random(11)
    tops = {"NPS": 10, "CSAT": 5, "CES": 7, "5STAR": 5, "Pulse": 10}
    types = rng.choices(list(tops), [50, 22, 12, 10, 6], k=300)
    rows = [[f"2024-03-{1 + i % 28:02d} 08:{i % 60:02d}:00", f"p{i}@client{i % 40}.io", kind,
             rng.randint(0 if kind in ("NPS", "Pulse") else 1, tops[kind]), f"Feedback number {i} on the app"]
            for i, kind in enumerate(types)]
    path = write_csv(tmp_path / "feedback.csv", ["Date", "Email", "Metric", "Score", "Feedback"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.columns["survey"], mapping.columns["score"]) == ("Metric", "Score")
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    assert result.rows_rejected == (frame["Metric"] == "Pulse").sum() and result.rows_rejected > 0
    reasons = ingest.rejects_for(workspace, result.batch_id).iloc[:, 1]
    assert reasons.str.contains("'Pulse' is not nps, csat, ces or rating").all()
    score = {kind: frame.loc[frame["Metric"] == kind, "Score"] for kind in tops}
    nps = metrics.compute(workspace, "nps", Slice())
    expected = 100 * ((score["NPS"] >= 9).mean() - (score["NPS"] <= 6).mean())
    assert (round(nps.value, 9), nps.n) == (round(expected, 9), len(score["NPS"]))
    csat = metrics.compute(workspace, "csat", Slice())
    assert (round(csat.value, 9), csat.n) == (round((score["CSAT"] >= 4).mean(), 9), len(score["CSAT"]))
    ces = metrics.compute(workspace, "ces", Slice())
    assert (round(ces.value, 9), ces.n) == (round(score["CES"].mean(), 9), len(score["CES"]))
    rating = metrics.compute(workspace, "rating", Slice())
    assert (round(rating.value, 9), rating.n) == (round(score["5STAR"].mean(), 9), len(score["5STAR"]))


def test_a_subscription_state_with_its_own_word_for_ended_is_the_churn_and_its_last_payment_the_mrr(workspace,
                                                                                                  tmp_path):
    """Paddle Classic's subscription users: `state` is active, trialing, past_due, paused or
    deleted (its word for ended), never a region; `last_payment_amount` beside `billing_type`
    (month or year) is the price per period, so MRR is it over the period's months."""
    rng = random.Random(21)
    states = rng.choices(["active", "trialing", "past_due", "paused", "deleted"], [60, 8, 6, 4, 22], k=160)
    rows = []
    for i, state in enumerate(states):
        yearly = rng.random() < 0.3
        rows.append([3400000 + i, 51000 + yearly, "Pro Annual" if yearly else "Pro Monthly", 890000 + i,
                     f"buyer{i}@shop{i}.com", state, f"2023-{1 + i % 12:02d}-{1 + i % 27:02d} 10:00:00",
                     "year" if yearly else "month", 1, 290.0 if yearly else 29.0 + i % 3, "USD"])
    header = ["subscription_id", "plan_id", "plan_name", "user_id", "user_email", "state", "signup_date",
              "billing_type", "billing_period", "last_payment_amount", "last_payment_currency"]
    path = write_csv(tmp_path / "subscription_users.csv", header, rows)
    mapping = _mapped(workspace, path)
    assert (mapping.columns["churned"], mapping.columns["mrr"]) == ("state", "last_payment_amount")
    assert "region" not in mapping.columns
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path)
    left = frame["state"] == "deleted"
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (round(churn.value, 9), churn.n) == (round(left.mean(), 9), len(frame))
    monthly = frame["last_payment_amount"] / frame["billing_type"].map({"month": 1, "year": 12})
    paying = monthly.where(~frame["state"].isin(["trialing", "paused"]), 0)  # not paying yet, as MRR reads them
    revenue = metrics.compute(workspace, "revenue_churn", Slice())
    assert round(revenue.value, 9) == round(paying[left].sum() / paying.sum(), 9)


def test_a_reports_statistics_lines_in_its_own_language_are_not_answers(workspace, tmp_path):
    """A German survey report ends with its count and average ('Anzahl', 'Durchschnitt'): with a
    date column or without one, those lines are the report's summary, rejected as such (and no date
    format warning), and the figures are the answers' own."""
    rng = random.Random(4)
    header = ["Kundennummer", "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen? (0-10)",
              "Wie zufrieden sind Sie insgesamt? (1-5)", "Was können wir verbessern?"]
    answers = [[f"K{10000 + i}", rng.randint(0, 10), rng.randint(1, 5), f"Kommentar {i}: die Lieferung kam spät"]
               for i in range(120)]
    frame = pd.DataFrame(answers, columns=header)
    statistics = [["Anzahl", 120, 120, ""], ["Durchschnitt", "7,7", "3,6", ""]]
    dated = [[f"{1 + i % 28:02d}.03.2024 10:00"] + row for i, row in enumerate(answers)]
    for name, columns, rows in (("ohne_datum.csv", header, answers + [[""] * 4] + statistics),
                                ("mit_datum.csv", ["Datum"] + header, dated + [[s[0], ""] + s[1:] for s in statistics])):
        path = write_csv(tmp_path / name, columns, rows, ";")
        preview = ingest.preview_file(workspace, path)
        preview.discard()
        assert not any("not written" in warning for warning in preview.mapping.warnings), name
        result = ingest.import_file(workspace, path)
        assert (result.rows_loaded, result.rows_rejected) == (120, 2), name
        assert ingest.rejects_for(workspace, result.batch_id).iloc[:, 1].str.contains("summary line").all(), name
        nps, score = metrics.compute(workspace, "nps", Slice()), frame[header[1]]
        assert (round(nps.value, 9), nps.n) == (round(100 * ((score >= 9).mean() - (score <= 6).mean()), 9), 120)
        csat = metrics.compute(workspace, "csat", Slice())
        assert (round(csat.value, 9), csat.n) == (round((frame[header[2]] >= 4).mean(), 9), 120)
        ingest.undo_batch(workspace, result.batch_id)


def test_a_contracts_end_beside_an_active_flag_is_no_list_of_leavers_and_its_value_no_plan(workspace, tmp_path):
    """A customer-success tool's accounts: `Is Active` says who left, `End Date` closes every row's
    contract (the leavers' is when they left), `Total Contract Amount` is money. No note that every
    row left, no plan of amounts, and a quarter's churn as pandas counts it."""
    rng = random.Random(9)
    rows = []
    for i in range(180):
        start = date(2022, 1, 1) + timedelta(days=rng.randrange(700))
        rows.append([f"001Dn{i:013d}", f"Account {i} LLC", "FALSE" if rng.random() < 0.2 else "TRUE",
                     f"{rng.choice([12000, 24000, 48000])}.00", f"{start:%m/%d/%Y}",
                     f"{start + timedelta(days=365):%m/%d/%Y}", rng.choice(["SaaS", "Retail", "Health"])])
    header = ["Account External ID", "Account Name", "Is Active", "Total Contract Amount", "Start Date", "End Date",
              "Industry"]
    path = write_csv(tmp_path / "accounts.csv", header, rows)
    mapping = _mapped(workspace, path)
    assert not any("Every row of this file is a customer who left" in w for w in mapping.warnings)
    assert mapping.columns.get("plan") != "Total Contract Amount"
    assert (mapping.columns["churned"], mapping.columns["signup_date"]) == ("Is Active", "Start Date")
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path, parse_dates=["Start Date", "End Date"], date_format="%m/%d/%Y")
    left = frame["Is Active"] == False  # noqa: E712 (pandas reads TRUE/FALSE as booleans)
    start, end = pd.Timestamp("2023-04-01"), pd.Timestamp("2023-07-01")
    active = (frame["Start Date"] < start) & ~(left & (frame["End Date"] < start))
    churned = active & left & (frame["End Date"] >= start) & (frame["End Date"] < end)
    churn = metrics.compute(workspace, "churn_rate", Slice(start.date(), end.date()))
    assert (round(churn.value, 9), churn.n) == (round(churned.sum() / active.sum(), 9), active.sum())


def test_anonymous_answers_beside_named_ones_still_link_the_named_ones_by_their_address(workspace, tmp_path):
    """Microsoft Forms writes 'anonymous' in `Email` for an anonymous response: the column is still
    the answers' e-mail, the named answers join their customers' segment, the anonymous ones none."""
    rng = random.Random(13)
    customers = [[f"C{i:03d}", f"person{i}@contoso.com", rng.choice(["SMB", "Enterprise"])] for i in range(60)]
    write_csv(tmp_path / "customers.csv", ["Customer ID", "Email", "Segment"], customers)
    ingest.import_file(workspace, tmp_path / "customers.csv")
    rows = [[i + 1, f"3/{1 + i % 28}/24 10:{i % 60:02d}:00", f"3/{1 + i % 28}/24 10:{i % 60:02d}:30",
             "anonymous" if rng.random() < 0.3 else f"person{rng.randrange(60)}@contoso.com", rng.randint(0, 10),
             f"Answer {i}: the setup took a while"] for i in range(170)]
    header = ["ID", "Start time", "Completion time", "Email", "How likely are you to recommend Contoso to a friend?",
              "What could we do better?"]
    path = write_csv(tmp_path / "forms.csv", header, rows)
    assert _mapped(workspace, path).columns["email"] == "Email"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    answers = pd.read_csv(path).merge(pd.DataFrame(customers, columns=["Customer ID", "Email", "Segment"]),
                                      on="Email", how="left")
    for segment in ("SMB", "Enterprise"):
        score = answers.loc[answers["Segment"] == segment, header[4]]
        nps = metrics.compute(workspace, "nps", Slice().where("segment", segment))
        assert (round(nps.value, 9), nps.n) == (round(100 * ((score >= 9).mean() - (score <= 6).mean()), 9), len(score))
    everyone = metrics.compute(workspace, "nps", Slice())
    assert everyone.n == 170


def test_an_answer_per_row_with_a_number_column_and_a_text_column_keeps_the_words(workspace, tmp_path):
    """ServiceNow's survey results, one row per answer: a rating sits in `actual_value`; an open
    question's words in `string_value`, with -1 in `actual_value`. Every response keeps its words,
    and its scores are those of the number column."""
    rng = random.Random(17)
    csat_q, nps_q = "How satisfied are you with the resolution?", "How likely are you to recommend the Service Desk?"
    open_q = "Please tell us how we could improve our service?"
    rows = []
    for i in range(150):
        instance, created = f"AINST{10010000 + i}", f"2024-03-{1 + i % 28:02d} 19:{i % 60:02d}:00"
        rows += [[instance, csat_q, rng.randint(1, 5), "", f"INC{30000 + i}", created],
                 [instance, nps_q, rng.randint(0, 10), "", f"INC{30000 + i}", created]]
        if rng.random() < 0.45:
            rows.append([instance, open_q, -1, f"Ticket {i}: the fix took three days", f"INC{30000 + i}", created])
    path = write_csv(tmp_path / "asmt_metric_result.csv",
                     ["instance", "metric", "actual_value", "string_value", "source_id", "sys_created_on"], rows)
    assert ingest.import_file(workspace, path).rows_loaded == 150
    frame = pd.read_csv(path)
    nps_scores = frame.loc[frame["metric"] == nps_q, "actual_value"]
    nps = metrics.compute(workspace, "nps", Slice())
    assert (round(nps.value, 9), nps.n) == (round(100 * ((nps_scores >= 9).mean() - (nps_scores <= 6).mean()), 9), 150)
    csat = metrics.compute(workspace, "csat", Slice())
    assert (round(csat.value, 9), csat.n) == (round((frame.loc[frame["metric"] == csat_q, "actual_value"] >= 4).mean(), 9), 150)
    said = workspace.execute("SELECT comment FROM responses WHERE comment IS NOT NULL").df()["comment"]
    assert sorted(said) == sorted(frame.loc[frame["metric"] == open_q, "string_value"])


def test_a_companys_first_contract_date_is_when_it_became_a_customer(workspace, tmp_path):
    """A customer-success tool's companies: `Original Contract Date` is the only start date, so a
    quarter's churn counts only the companies that were customers when it began."""
    rng = random.Random(23)
    rows = []
    for i in range(200):
        signed = date(2021, 6, 1) + timedelta(days=rng.randrange(800))
        left = rng.random() < 0.25
        ended = signed + timedelta(days=rng.randrange(60, 500)) if left else None
        rows.append([f"1P02{i:014d}", f"Company {i}", "Churned" if left else "Active", f"${rng.choice([12, 24, 60])},000.00",
                     f"{signed:%m/%d/%Y}", f"{ended:%m/%d/%Y}" if ended else ""])
    path = write_csv(tmp_path / "companies.csv", ["GSID", "Name", "Status", "ARR", "Original Contract Date", "Churn Date"],
                     rows)
    assert _mapped(workspace, path).columns["signup_date"] == "Original Contract Date"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path, parse_dates=["Original Contract Date", "Churn Date"], date_format="%m/%d/%Y")
    start, end = pd.Timestamp("2022-01-01"), pd.Timestamp("2022-04-01")
    active = (frame["Original Contract Date"] < start) & ~(frame["Churn Date"] < start)
    churned = active & (frame["Churn Date"] >= start) & (frame["Churn Date"] < end)
    churn = metrics.compute(workspace, "churn_rate", Slice(start.date(), end.date()))
    assert (round(churn.value, 9), churn.n) == (round(churned.sum() / active.sum(), 9), active.sum())


def test_a_satisfaction_question_asked_in_japanese_is_csat_and_an_unread_scale_is_said(workspace, tmp_path):
    """Google Forms in Japanese: 'どの程度満足していますか？' ('how satisfied are you…?') is CSAT, as
    the noun 満足度 is. A 1–5 question whose header says nothing Heartbeat reads is named in a note
    rather than left out in silence."""
    rng = random.Random(29)
    rows = [[f"2024/03/{1 + i % 28:02d} 08:{i % 60:02d}:00", f"cliente{i}@correo.example", rng.randint(0, 10),
             rng.randint(1, 5), rng.randint(1, 5)] for i in range(120)]  # no open question: Q7 is not read as a rating
    rows = [row + [""] for row in rows]  # and a question nobody answered: no note, no error
    header = ["タイムスタンプ", "メールアドレス", "友人や同僚に薦める可能性はどのくらいありますか？",
              "前回のご注文にどの程度満足していますか？", "Q7", "Q8"]
    path = write_csv(tmp_path / "forms_ja.csv", header, rows)
    mapping = _mapped(workspace, path)
    assert mapping.columns["csat"] == header[3]
    assert any("'Q7' (1–5) holds answers on a survey's scale" in warning for warning in mapping.warnings)
    assert not any("'Q8'" in warning for warning in mapping.warnings)
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    csat = metrics.compute(workspace, "csat", Slice())
    assert (round(csat.value, 9), csat.n) == (round((frame[header[3]] >= 4).mean(), 9), 120)


def test_a_recommend_question_asked_in_other_languages_is_would_recommend(workspace, tmp_path):
    """Google Forms' yes/no 'would you recommend us?' asked with the language's own verb
    (weiterempfehlen, recommanderiez, recomendarías, consiglieresti, 薦めますか) is Would recommend:
    every answer counts, and one without a reason is not rejected."""
    asked = {"de": ("Würden Sie uns weiterempfehlen?", "Ja", "Nein"),
             "fr": ("Recommanderiez-vous Boutique Soleil à un proche ?", "Oui", "Non"),
             "es": ("¿Recomendarías Tienda Sol a un amigo?", "Sí", "No"),
             "it": ("Consiglieresti il nostro negozio a un amico?", "Sì", "No"),
             "ja": ("サンライズストアを友人に薦めますか？", "はい", "いいえ")}
    rng = random.Random(31)
    for language, (question, yes, no) in asked.items():
        rows = [[f"{1 + i % 28:02d}/02/2024 10:{i % 60:02d}:00", yes if rng.random() < 0.75 else no,
                 f"Grund {i}: schnelle Lieferung" if rng.random() < 0.6 else ""] for i in range(120)]
        path = write_csv(tmp_path / f"forms_{language}.csv", ["Zeitstempel", question, "Warum?"], rows)
        assert _mapped(workspace, path).columns.get("recommend") == question, language
        result = ingest.import_file(workspace, path)
        assert (result.rows_loaded, result.rows_rejected) == (120, 0), language
        frame = pd.read_csv(path, keep_default_na=False)
        recommend = metrics.compute(workspace, "recommend", Slice())
        assert (round(recommend.value, 9), recommend.n) == (round((frame[question] == yes).mean(), 9), 120), language
        ingest.undo_batch(workspace, result.batch_id)


def test_a_shops_replies_beside_its_reviews_are_never_the_customers_words(workspace, tmp_path):
    """A reviews export with the shop's public reply beside each review (Yotpo's `Comment Content`,
    named for comments, filled on under half the rows, each opening as a reply does: 'Hi Li, thank
    you…'): the review is the customer's words, the reply is kept apart."""
    rng = random.Random(37)
    names = ["Li", "Tom", "Ana", "Sam", "Eva"]
    rows = []
    for i in range(200):
        name = rng.choice(names)
        reply = rng.choice([f"Hi {name}, thank you so much for your kind words!", f"Thanks for the feedback {name}!",
                            f"Hello {name}, we're sorry the parcel was late."]) if rng.random() < 0.45 else ""
        rows.append(["review", 900000 + i, rng.randint(1, 5), f"Order {i}: the fabric feels cheap but fits well",
                     f"2024-02-{1 + i % 28:02d}", name, reply])
    header = ["Review Type", "Review ID", "Review Score", "Review Content", "Review Creation Date",
              "Reviewer Display Name", "Comment Content"]
    path = write_csv(tmp_path / "reviews.csv", header, rows)
    assert _mapped(workspace, path).columns["comment"] == "Review Content"
    ingest.import_file(workspace, path)
    said = workspace.execute("SELECT comment FROM responses WHERE comment IS NOT NULL").df()["comment"]
    frame = pd.read_csv(path)
    assert sorted(said) == sorted(frame["Review Content"])
    rating = metrics.compute(workspace, "rating", Slice())
    assert (round(rating.value, 9), rating.n) == (round(frame["Review Score"].mean(), 9), 200)


def test_a_chat_rating_withdrawn_is_no_answer_and_the_ratings_still_make_support_csat(workspace, tmp_path):
    """LiveChat's `rate`: rated good, rated bad, not rated, and 'rate canceled' (a rating taken
    back). The withdrawn ones are no answer, as 'not rated' is; the rest make Support CSAT."""
    rng = random.Random(41)
    rates = rng.choices(["rated good", "rated bad", "not rated", "rate canceled"], [25, 9, 60, 6], k=300)
    rows = [[f"Q{1000 + i}", f"2024-05-{1 + i % 28:02d} 09:{i % 60:02d}:00", f"v{i}@example.com",
             rng.choice(["Lena", "Eva"]), rate, "slow answer" if rate == "rated bad" else "",
             f"Hello, my order {i} has not arrived yet"] for i, rate in enumerate(rates)]
    path = write_csv(tmp_path / "chats.csv", ["chat id", "chat start date", "visitor email", "agent name", "rate",
                                              "rate comment", "first message"], rows)
    assert _mapped(workspace, path).columns["satisfaction"] == "rate"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path)
    rated = frame["rate"].isin(["rated good", "rated bad"])
    csat = metrics.compute(workspace, "support_csat", Slice())
    assert (round(csat.value, 9), csat.n) == (round((frame["rate"] == "rated good").sum() / rated.sum(), 9), rated.sum())


def test_a_count_of_nights_is_never_the_rating_beside_a_scored_question(workspace, tmp_path):
    """A hotel survey: `Nights` (1–7, a length of stay) is a count, never a rating; the question
    put on a scale by its header, `Room Cleanliness (1-5)`, is the rating."""
    rng = random.Random(43)
    rows = [[f"{1 + i % 28:02d}.03.2024", rng.randint(0, 10), rng.choice([1, 2, 3, 4, 5, "N/A"]), rng.randint(1, 7),
             f"Zimmer {i}: sauber, aber laut"] for i in range(300)]
    header = ["Response Date", "Likelihood to Recommend (0-10)", "Room Cleanliness (1-5)", "Nights", "LTR Comment"]
    path = write_csv(tmp_path / "hotel.csv", header, rows, ";")
    mapping = _mapped(workspace, path)
    assert mapping.columns["rating"] == "Room Cleanliness (1-5)" and "Nights" not in mapping.columns.values()
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, sep=";", na_values=["N/A"])
    rating = metrics.compute(workspace, "rating", Slice())
    cleanliness = frame["Room Cleanliness (1-5)"].dropna()
    assert (round(rating.value, 9), rating.n) == (round(cleanliness.mean(), 9), len(cleanliness))


def test_invoice_lists_in_other_languages_count_only_what_was_paid(workspace, tmp_path):
    """Invoicing tools in Spanish, French and German: an invoice per row, its net amount (Subtotal,
    Montant HT, Netto) and a status in the tool's language. Paid invoices are revenue; cancelled,
    pending and overdue ones are rejected with their status, as their English words are."""
    layouts = {"es": (["Num", "Fecha", "Cliente", "Subtotal", "IVA", "Total", "Estado"], "Pagada",
                      ["Pendiente", "Vencida", "Anulada"]),
               "fr": (["Numéro", "Date", "Client", "Montant HT", "TVA", "Montant TTC", "Statut"], "Payée",
                      ["En retard", "Annulée", "Brouillon"]),
               "de": (["Rechnungsnummer", "Rechnungsdatum", "Kunde", "Netto", "MwSt", "Brutto", "Status"], "Bezahlt",
                      ["Offen", "Überfällig", "Storniert"])}
    rng = random.Random(47)
    for language, (header, paid, unpaid) in layouts.items():
        rows = []
        for i in range(240):
            net = rng.choice([90, 150, 1200])
            rows.append([f"F24{i:05d}", f"{1 + i % 28:02d}/{1 + i % 6:02d}/2024", f"Cliente {i % 30}", f"{net},00",
                         f"{net * 0.21:.2f}".replace(".", ","), f"{net * 1.21:.2f}".replace(".", ","),
                         paid if rng.random() < 0.75 else rng.choice(unpaid)])
        path = write_csv(tmp_path / f"invoices_{language}.csv", header, rows, ";")
        result = ingest.import_file(workspace, path)
        frame = pd.read_csv(path, sep=";", decimal=",")
        kept = frame[frame[header[6]] == paid]
        assert (result.kind, result.rows_loaded, result.rows_rejected) == ("revenue", len(kept), len(frame) - len(kept))
        stored = workspace.execute("SELECT sum(mrr) FROM revenue").fetchone()[0]
        assert round(stored, 6) == round(kept[header[3]].sum(), 6), language
        ingest.undo_batch(workspace, result.batch_id)


def test_an_invoices_total_with_its_tax_beside_the_net_amount_is_read_before_tax(workspace, tmp_path):
    """Lago's invoices: `total_amount_cents` is `fees_amount_cents` plus `taxes_amount_cents` on every
    row. Revenue is the amount before tax, as billing tools report MRR, and the proposal says so."""
    rng = random.Random(53)
    rows = []
    for i in range(150):
        fees = rng.choice([2900, 9900, 26400])
        taxes = fees // 5
        rows.append([f"inv-{i:05d}", f"2024-{1 + i % 6:02d}-01", f"acme_{i % 25:03d}", "finalized", "succeeded",
                     fees, taxes, fees + taxes])
    header = ["lago_id", "issuing_date", "customer_external_id", "status", "payment_status", "fees_amount_cents",
              "taxes_amount_cents", "total_amount_cents"]
    path = write_csv(tmp_path / "lago_invoices.csv", header, rows)
    mapping = _mapped(workspace, path)
    assert mapping.columns["mrr"] == "fees_amount_cents"
    assert any("read before tax" in warning for warning in mapping.warnings)
    assert ingest.import_file(workspace, path).rows_rejected == 0
    stored = workspace.execute("SELECT sum(mrr) FROM revenue").fetchone()[0]
    assert round(stored, 6) == round(pd.read_csv(path)["fees_amount_cents"].sum() / 100, 6)
