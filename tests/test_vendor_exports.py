"""Billing, helpdesk and survey exports in the layouts their tools write, each as a small seeded
file: what the proposal maps, what is kept, and each figure against pandas on the same file."""

from __future__ import annotations

import json
import random
import string
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from analytics import ingest, metrics, voices
from analytics.cli import main
from analytics.errors import InputError
from analytics.metrics import Slice
from tests.exports import write_csv


def _csv(tmp_path, name: str, header: list[str], rows: list[list], delimiter: str = ","):
    return write_csv(tmp_path / name, header, rows, delimiter)


def _mapped(con, path) -> ingest.Mapping:
    preview = ingest.preview_file(con, path)
    preview.discard()
    return preview.mapping


def test_a_stripe_customer_export_reads_its_statuses_and_its_keys(workspace, tmp_path):
    """Stripe's `Status`: a trial, a late payment or a pause is still a customer; `id` holds
    `cus_…` keys, some of them without a digit."""
    rng = random.Random(3)
    letters = string.ascii_letters
    statuses = rng.choices(["active", "canceled", "past_due", "trialing", "paused"], [60, 20, 8, 8, 4], k=200)
    rows = [["cus_" + "".join(rng.choice(letters + ("" if i % 4 else string.digits)) for _ in range(14)),
             f"user{i}@example.com", f"2023-0{1 + i % 9}-1{i % 10} 08:00", "Pro", status]
            for i, status in enumerate(statuses)]
    path = _csv(tmp_path, "customers.csv", ["id", "Email", "Created (UTC)", "Plan", "Status"], rows)
    assert _mapped(workspace, path).columns == {"customer_id": "id", "email": "Email",
                                                      "signup_date": "Created (UTC)", "plan": "Plan",
                                                      "churned": "Status"}
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (200, 0)
    frame = pd.read_csv(path)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == ((frame["Status"] == "canceled").mean(), len(frame))


def test_an_nps_tool_export_with_two_zeros_is_nps(workspace, tmp_path):
    """Delighted's bare `Score` column on 0–10: two zeros among 240 answers are the bottom of the
    scale, not strays of a 1–10 rating."""
    rng = random.Random(5)
    scores = [0, 0] + [rng.choice([1, 3, 5, 6, 7, 8, 8, 9, 9, 10, 10, 10]) for _ in range(238)]
    rows = [[f"{9000 + i}", f"p{i}@example.com", f"2024-03-{1 + i % 28:02d} 10:00:00 -0700", score,
             f"Comment number {i} about onboarding"] for i, score in enumerate(scores)]
    path = _csv(tmp_path, "delighted.csv", ["Response ID", "Email", "Created At", "Score", "Comment"], rows)
    assert _mapped(workspace, path).columns["nps"] == "Score"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path)
    nps = metrics.compute(workspace, "nps", Slice())
    expected = 100 * ((frame["Score"] >= 9).mean() - (frame["Score"] <= 6).mean())
    assert (round(nps.value, 9), nps.n) == (round(expected, 9), 240)


def test_qualtrics_derived_nps_group_is_not_the_recommend_question(workspace, tmp_path):
    """Qualtrics writes `Q1_NPS_GROUP` (1 detractor, 2 passive, 3 promoter) beside the 0–10 answer
    `Q1`, and names both after the question: the answer is NPS, the group is not."""
    rng = random.Random(8)
    question = "How likely are you to recommend Acme to a friend or colleague?"
    scores = [rng.choice([0, 2, 4, 5, 6, 7, 7, 8, 8, 9, 9, 10, 10]) for _ in range(120)]
    rows = [[f"2024-04-{1 + i % 28:02d} 09:{i % 60:02d}:00", f"R_{i:015d}", score,
             1 if score <= 6 else 2 if score <= 8 else 3, f"Reason {i}: the onboarding was slow for us"]
            for i, score in enumerate(scores)]
    labels = ["End Date", "Response ID", question, f"{question} - Group", "Why did you give this score?"]
    imports = ['{"ImportId":"endDate"}', '{"ImportId":"_recordId"}', '{"ImportId":"QID1"}',
               '{"ImportId":"QID1_NPS_GROUP"}', '{"ImportId":"QID2_TEXT"}']
    header = ["EndDate", "ResponseId", "Q1", "Q1_NPS_GROUP", "Q2"]
    path = _csv(tmp_path, "qualtrics.csv", header, [labels, imports] + rows)
    assert _mapped(workspace, path).columns["nps"] == "Q1"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    nps = metrics.compute(workspace, "nps", Slice())
    frame = pd.Series(scores)
    assert (round(nps.value, 9), nps.n) == (round(100 * ((frame >= 9).mean() - (frame <= 6).mean()), 9), 120)


def test_half_stars_from_half_a_star_keep_every_review_and_its_recommend_answer(workspace, tmp_path):
    """G2's star ratings go from 0.5 to 5 in halves; a half star is an answer (the angriest), so
    no review is rejected and its 0–10 answer counts in NPS."""
    rng = random.Random(13)
    stars = [0.5, 0.5, 1.0, 1.5] + [rng.choice([2, 2.5, 3, 3.5, 4, 4, 4.5, 4.5, 5, 5]) for _ in range(116)]
    rows = [[f"{4000 + i}", f"March {1 + i % 28}, 2024", f"{star:.1f}", f"{min(10, int(2 * star))}/10",
             f"What I like best: review {i} says the reporting is useful"] for i, star in enumerate(stars)]
    header = ["Review ID", "Submitted At", "Star Rating", "Likelihood to Recommend", "What do you like best?"]
    path = _csv(tmp_path, "g2.csv", header, rows)
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path)
    recommend = frame["Likelihood to Recommend"].str.split("/").str[0].astype(int)
    nps, rating = metrics.compute(workspace, "nps", Slice()), metrics.compute(workspace, "rating", Slice())
    assert (round(nps.value, 9), nps.n) == (round(100 * ((recommend >= 9).mean() - (recommend <= 6).mean()), 9), 120)
    assert (round(rating.value, 9), rating.n) == (round(frame["Star Rating"].mean(), 9), 120)
    assert rating.parts["top_share"] == pytest.approx((frame["Star Rating"] >= 4).mean())


@pytest.mark.parametrize("name", ["LTR Reason", "Reason for your score", "NPS reason", "OSAT Reason"])
def test_the_reason_given_for_a_score_is_the_comment(workspace, tmp_path, name):
    """Medallia's 'LTR Reason' and the like: short words of the customer's own about the score
    they gave (a third left blank) are the comment, and every one is a voice."""
    rng = random.Random(21)
    words = ["quick", "slow", "friendly", "rude", "agent", "refund", "late", "great", "service", "helpful"]
    said = ["" if i % 3 == 0 else " ".join(rng.choice(words) for _ in range(rng.randint(2, 6))).capitalize()
            for i in range(150)]
    rows = [[f"SRV-{7000 + i}", f"2024-0{1 + i % 9}-1{i % 10}", rng.randint(0, 10), text, "EMEA"]
            for i, text in enumerate(said)]
    path = _csv(tmp_path, "medallia.csv", ["Survey ID", "Response Date", "LTR", name, "Region"], rows)
    assert _mapped(workspace, path).columns["comment"] == name
    ingest.import_file(workspace, path)
    stored = workspace.execute("SELECT count(*) FROM responses WHERE comment IS NOT NULL").fetchone()[0]
    assert stored == sum(bool(text) for text in said)


def test_a_ratings_export_naming_its_tickets_is_survey_answers_and_keeps_the_silent_ones(workspace, tmp_path):
    """Nicereply: one 1–10 rating a row, a comment on two of three, the rated ticket and agent
    beside it. Read as tickets, every rating without words would be rejected for lacking a
    description; as answers, every rating counts."""
    rng = random.Random(34)
    rows = [[f"{1 + i % 28:02d}.0{1 + i % 9}.2024 17:14", rng.choice([3, 6, 8, 9, 9, 10, 10]),
             "" if i % 3 == 0 else f"Danke, Antwort {i} kam schnell und war hilfreich", f"c{i}@example.de",
             rng.choice(["Petra", "Mia", "Jonas"]), 50000 + i] for i in range(150)]
    path = _csv(tmp_path, "nicereply.csv", ["Date", "Score", "Comment", "Customer", "Agent", "Ticket ID"], rows, ";")
    result = ingest.import_file(workspace, path)
    assert (result.kind, result.rows_loaded, result.rows_rejected) == ("responses", 150, 0)
    rating = metrics.compute(workspace, "rating", Slice())
    assert (round(rating.value, 9), rating.n) == (round(pd.read_csv(path, sep=";")["Score"].mean(), 9), 150)


@pytest.mark.parametrize("said, good", [(("rated good", "rated bad", "not rated"), "rated good"),
                                        (("Great", "OK", "Bad"), "Great"),
                                        (("Yes, this helped", "No"), "Yes, this helped")])
def test_good_or_bad_and_three_faces_are_csat_the_share_of_the_best_answer(workspace, tmp_path, said, good):
    """A chat's thumbs (LiveChat) or a widget's three faces (Nicereply) have no mean on 1–5: the
    figure is the share of the best answer among those who answered."""
    rng = random.Random(55)
    marks = [rng.choice(said + (said[0],)) for _ in range(120)]
    rows = [[f"chat-{i}", f"2024-05-{1 + i % 28:02d} 10:00:00", mark, f"Words number {i} about the chat"]
            for i, mark in enumerate(marks)]
    path = _csv(tmp_path, "chats.csv", ["chat id", "chat creation date", "rating", "rate comment"], rows)
    ingest.import_file(workspace, path)
    answered = [m for m in marks if m != "not rated"]
    csat = metrics.compute(workspace, "csat", Slice())
    assert (csat.value, csat.n) == (pytest.approx(answered.count(good) / len(answered)), len(answered))
    assert metrics.compute(workspace, "rating", Slice()).n == 0


@pytest.mark.parametrize("header, statuses, excluded", [
    ("Status", ["Complete", "Complete", "Partial", "Disqualified"], {"Disqualified"}),  # Alchemer
    ("Response Status", ["Completed", "Completed", "Terminated"], {"Terminated"}),  # QuestionPro
    ("Status", ["IP Address", "IP Address", "Survey Preview", "Spam"], {"Survey Preview", "Spam"}),  # Qualtrics
    ("excluded_from_calculations", ["false", "false", "false", "true"], {"true"}),  # Wootric
])
def test_answers_the_survey_tool_does_not_count_are_rejected_with_their_status(workspace, tmp_path, header,
                                                                               statuses, excluded):
    """Previews, spam, screened-out and excluded answers are left out of NPS (rejected, with the
    status as the reason), as the tool's own reports leave them out; partial answers count."""
    rng = random.Random(61)
    rows = [[f"R{i}", f"2024-02-{1 + i % 28:02d} 10:00", rng.choice([0, 3, 6, 7, 8, 9, 10, 10]),
             statuses[i % len(statuses)], f"Comment {i} on the rollout"] for i in range(160)]
    path = _csv(tmp_path, "survey.csv", ["Response ID", "Date Submitted", "How likely are you to recommend us?",
                                         header, "Why?"], rows)
    result = ingest.import_file(workspace, path)
    counted = [row[2] for row in rows if row[3] not in excluded]
    assert (result.rows_loaded, result.rows_rejected) == (len(counted), 160 - len(counted))
    nps = metrics.compute(workspace, "nps", Slice())
    scores = pd.Series(counted)
    assert (nps.n, nps.value) == (len(counted), pytest.approx(100 * ((scores >= 9).mean() - (scores <= 6).mean())))
    reasons = " ".join(map(str, ingest.rejects_for(workspace, result.batch_id).iloc[0].tolist()))
    assert header in reasons


@pytest.mark.parametrize("header, statuses, held_back", [
    ("published", ["true", "true", "true", "true", "true", "true", "false"], {"false"}),  # Yotpo
    ("curated", ["ok", "ok", "not-yet", "ok", "spam"], {"spam"}),  # Judge.me
    ("Moderation status", ["Approved", "Approved", "Pending", "Rejected"], {"Rejected"}),
])
def test_reviews_the_platform_holds_back_are_not_in_the_rating(workspace, tmp_path, header, statuses, held_back):
    """A review platform counts only the reviews it publishes: unpublished, spam and rejected ones
    are rejected with their status; those awaiting moderation count."""
    rng = random.Random(67)
    rows = [[f"rv{i}", f"2024-03-{1 + i % 28:02d}", rng.choice([1, 2, 4, 5, 5]), statuses[i % len(statuses)],
             f"Review {i}: the parcel came in two days"] for i in range(210)]
    path = _csv(tmp_path, "reviews.csv", ["Review ID", "Created at", "Review score", header, "Review body"], rows)
    result = ingest.import_file(workspace, path)
    counted = pd.Series([row[2] for row in rows if row[3] not in held_back])
    assert (result.rows_loaded, result.rows_rejected) == (len(counted), 210 - len(counted))
    rating = metrics.compute(workspace, "rating", Slice())
    assert (rating.n, rating.value) == (len(counted), pytest.approx(counted.mean()))
    reasons = " ".join(map(str, ingest.rejects_for(workspace, result.batch_id).iloc[0].tolist()))
    assert header in reasons


def test_stars_drawn_as_characters_are_the_rating(workspace, tmp_path):
    """A review site's '★★★★☆': four filled stars of five."""
    rng = random.Random(83)
    filled = [rng.choice([1, 2, 3, 4, 4, 5, 5, 5]) for _ in range(120)]
    rows = [[f"rv{i}", f"2024-06-{1 + i % 28:02d} 06:26:33", "★" * n + "☆" * (5 - n), f"Review text number {i} here"]
            for i, n in enumerate(filled)]
    path = _csv(tmp_path, "reviews.csv", ["Review ID", "Review Created (UTC)", "Stars", "Review Content"], rows)
    assert ingest.import_file(workspace, path).rows_rejected == 0
    rating = metrics.compute(workspace, "rating", Slice())
    assert (rating.value, rating.n) == (pytest.approx(sum(filled) / 120), 120)
    assert rating.parts["top_share"] == pytest.approx(sum(n >= 4 for n in filled) / 120)



@pytest.mark.parametrize(("written", "top"), [("Rated {n} out of 5 stars", 5), ("Note : {n} sur 5", 5),
                                              ("Nota {n} de 10", 10)])
def test_a_score_written_after_words_with_its_scale_is_the_rating(workspace, tmp_path, written, top):
    """A scraped review site's 'Rated 4 out of 5 stars' (Trustpilot), in other languages too: the
    number before the top of its scale, whatever words come before it."""
    rng = random.Random(84)
    given = [rng.randint(1, top) for _ in range(120)]
    rows = [["Acme Shop", f"Reviewer {i}", written.format(n=n), f"2024-03-{1 + i % 28:02d}T14:22:10.000Z",
             f"What reviewer {i} wrote about the order, in a sentence of their own"] for i, n in enumerate(given)]
    path = _csv(tmp_path, "reviews.csv", ["company", "reviewer_name", "rating", "review_date", "text"], rows)
    assert _mapped(workspace, path).columns["rating"] == "rating"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    rating = metrics.compute(workspace, "rating", Slice())
    frame = pd.read_csv(path)
    expected = frame["rating"].str.extract(r"(\d+) (?:out of|sur|de)")[0].astype(float)
    assert (rating.value, rating.n) == (pytest.approx(expected.mean()), len(expected))
    assert (rating.parts["scale_min"], rating.parts["scale_max"]) == (1, top)

def test_a_tickets_first_message_is_its_description_not_the_survey_comment(workspace, tmp_path):
    """Gorgias: the customer's 'First message' is the ticket; the 'Satisfaction survey comment',
    on a third of them, is words about the support afterwards."""
    rng = random.Random(90)
    rows = [[f"{30000000 + i}", "email", "closed", f"2024-01-{1 + i % 28:02d} 22:42:39", f"g{i}@gmail.com",
             "Invoice wrong amount", f"My invoice {i} shows the wrong amount since the last upgrade",
             rng.randint(1, 5), f"Agent {i} was quick to help" if i % 3 == 0 else ""] for i in range(90)]
    header = ["Ticket id", "Channel", "Status", "Created date", "Customer email", "Subject", "First message",
              "Satisfaction survey score", "Satisfaction survey comment"]
    assert _mapped(workspace, _csv(tmp_path, "gorgias.csv", header, rows)).columns["body"] == "First message"


def test_the_comment_is_the_text_beside_the_rating_it_explains(workspace, tmp_path):
    """Feefo: a service rating and review, then a product rating and review; the rating read is the
    service's, so its quotes are the service reviews, not the product's."""
    rng = random.Random(107)
    rows = [[f"c{i}@x.co.uk", f"0{1 + i % 9}/05/2024", rng.randint(1, 5), f"Support answer {i} came quickly enough",
             rng.randint(1, 5), f"The toaster {i} browns unevenly but works"] for i in range(90)]
    header = ["Email", "Date", "Service rating", "Service review", "Product rating", "Product review"]
    mapping = _mapped(workspace, _csv(tmp_path, "feefo.csv", header, rows))
    assert (mapping.columns["rating"], mapping.columns["comment"]) == ("Service rating", "Service review")
    assert mapping.more_comments == []  # the product review is the product rating's words, not these


_G2_WORDS = ["What do you like best about Acme?", "What do you dislike about Acme?",
             "What problems is Acme solving and how is that benefiting you?"]


def _g2_review(rng: random.Random, i: int) -> list:
    """A G2 review: three open questions (any may be skipped), ticked features, and a choice
    question few reviewers were shown (its long options repeat)."""
    like = f"The dashboards are clear, review {i} says, and onboarding took a day" if rng.random() < 0.9 else ""
    dislike = f"Exports time out on account {i} at month end, which blocks us" if rng.random() < 0.8 else " "
    problem = f"We replaced {i} spreadsheets and a shared inbox with it" if rng.random() < 0.6 else ""
    shown = i < 12
    return [f"G2-{1000 + i}", f"December {1 + i % 28}, 2024", rng.choice([1, 2, 3, 4, 5]), f"{rng.randint(0, 10)}/10",
            like, dislike, problem,
            ", ".join(rng.sample(["Reports", "Exports", "Alerts", "API", "Dashboards"], 3)),
            rng.choice(["By myself using a book or online documentation", "Through an online course"])
            if shown else ""]


def test_every_open_question_of_a_survey_is_the_respondents_words(workspace, tmp_path):
    """G2: 'like best', 'dislike' and 'problems solved' are one respondent's words. The dislike
    explains a detractor, so it is quoted, tagged and scored with the rest, a paragraph each;
    ticked features and a choice's long options stay attributes."""
    rng = random.Random(131)
    rows = [_g2_review(rng, i) for i in range(160)]
    header = ["Review ID", "Submitted At", "Star Rating", "Likelihood to Recommend", *_G2_WORDS, "Used features",
              "How did you learn Acme?"]
    path = _csv(tmp_path, "g2.csv", header, rows)
    mapping = _mapped(workspace, path)
    assert mapping.columns["comment"] == _G2_WORDS[0] and mapping.more_comments == _G2_WORDS[1:]
    result = ingest.import_file(workspace, path)
    assert not any(_G2_WORDS[1] in w for w in result.warnings)  # not listed as a column left unmapped
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    parts = frame[_G2_WORDS].apply(lambda row: [t for t in row if t.strip()], axis=1)
    said = parts.map(lambda texts: "\n\n".join(texts))
    stored = workspace.execute("SELECT respondent_id, max(comment) AS comment, any_value(extra) AS extra "
                               "FROM responses GROUP BY respondent_id").df().set_index("respondent_id")
    expected = said.set_axis(frame["Review ID"])
    assert stored["comment"].fillna("").to_dict() == expected.to_dict()
    extra = json.loads(stored["extra"].iloc[0])
    assert set(extra) == {"Used features", "How did you learn Acme?"}
    nps = frame["Likelihood to Recommend"].str.split("/").str[0].astype(int)
    detractors_with_words = int(((nps <= 6) & (said != "")).sum())
    quotes = metrics.evidence_for(workspace, "nps", Slice(), order="recent", limit=3)
    assert quotes.total == detractors_with_words
    assert all("Exports time out" in q.text or _G2_WORDS[1] not in q.text for q in quotes.quotes)
    assert any("Exports time out" in q.text for q in quotes.quotes)
    later = _csv(tmp_path, "g2_next_month.csv", header, rows + [_g2_review(rng, i) for i in range(160, 190)])
    again = ingest.import_file(workspace, later)  # next month's export repeats every review so far
    assert (again.rows_loaded, again.rows_duplicate) == (30, 160) and not any("another" in w for w in again.warnings)


@pytest.mark.parametrize("header, said, best", [
    (["Ticket ID", "Requester", "Assignee", "Satisfaction", "Satisfaction Comment", "Created at"],
     ["good", "good", "bad", "offered"], "good"),  # Zendesk's satisfaction ratings
    (["Ticket Id", "Requester", "Agent", "Survey results", "Feedback", "Created time"],
     ["Happy", "Happy", "Neutral", "Unhappy"], "Happy"),  # Freshdesk's
    (["Ticket ID", "Requester", "Assignee", "Rating", "Comment", "Rated at"],
     ["Good", "Good", "Bad", "Offered"], "Good"),  # Zendesk's, its comments on a quarter of the ratings
])
def test_a_satisfaction_ratings_export_keyed_by_ticket_is_csat(workspace, tmp_path, header, said, best):
    """One rated ticket a row, the rating's comment its only words and no subject: survey answers
    about tickets, whose CSAT is the share of the best answer; a survey only offered is no answer."""
    rng = random.Random(113)
    marks = [rng.choice(said) for _ in range(150)]
    said_too = [f"Quick and kind answer about invoice {i}" if i % 4 == 0 else "" for i in range(150)]
    rows = [[f"{62000 + i}", f"user{i}@acme.com", "Tom Ruiz", mark, said_too[i], f"2024-10-{1 + i % 28:02d} 18:04:49"]
            for i, mark in enumerate(marks)]
    result = ingest.import_file(workspace, _csv(tmp_path, "ratings.csv", header, rows))
    assert result.kind == "responses"
    answered = [m for m in marks if m.lower() != "offered"]
    csat = metrics.compute(workspace, "csat", Slice())
    assert (csat.value, csat.n) == (pytest.approx(answered.count(best) / len(answered)), len(answered))


def test_helpdesk_ratings_in_words_and_by_name_keep_every_ticket(workspace, tmp_path):
    """Freshdesk's `Survey results` (Awesome / Just Okay / Not Good) and Intercom's `Conversation
    rating` are the ticket's satisfaction; a rated conversation without words is kept."""
    answers = {"Awesome": 5, "Just Okay": 3, "Not Good": 1, "": None}  # three faces, as Help Scout's
    rows = [[str(100 + i), f"Printer {i} offline", "Closed", "Email", word, "2024-03-05 10:00"]
            for i, word in enumerate(list(answers) * 10)]
    freshdesk = _csv(tmp_path, "freshdesk.csv",
                     ["Ticket ID", "Subject", "Status", "Source", "Survey results", "Created time"], rows)
    result = ingest.import_file(workspace, freshdesk)
    assert (result.rows_loaded, result.rows_rejected) == (40, 0)
    stored = dict(workspace.execute("SELECT subject, satisfaction FROM tickets").fetchall())
    assert stored == {row[1]: answers[row[4]] for row in rows}
    rng = random.Random(11)
    said = ["the invoice is missing", "export to Excel fails", "I cannot add a teammate", "sync stopped",
            "thanks for the quick fix", "pricing is confusing", "the app logs me out", "SSO setup help"]
    rows = [[f"c{i}", "2024-03-01", "closed", ["", 1, 2, 3, 4, 5, 5, 4][i % 8],
             rng.choice(["Billing", "Bug", "How to"]), rng.choice(["Tom B.", "Unassigned"]),
             "" if i % 10 == 1 else f"Hi, {rng.choice(said)} and {rng.choice(said)} since {i} days."]
            for i in range(40)]
    intercom = _csv(tmp_path, "intercom.csv", ["Conversation ID", "Created at", "State", "Conversation rating",
                                               "Conversation subject", "Assignee", "First message"], rows)
    assert _mapped(workspace, intercom).columns["satisfaction"] == "Conversation rating"
    assert ingest.import_file(workspace, intercom).rows_loaded == 40


def test_an_intercom_conversations_title_is_its_subject(workspace, tmp_path):
    """Intercom's conversations export names the subject 'Conversation title' ('Cannot login #763'):
    it is the ticket's subject, quoted above its first message, not an attribute."""
    rng = random.Random(17)
    rows = [[str(20000000000 + i), f"{1 + i % 28:02d}/01/2024 05:59", f"c{i}@quill.co.uk",
             f"{rng.choice(['Cannot login', 'Feature request', 'Invoice wrong'])} #{700 + i}",
             f"The integration is {rng.choice(['buggy', 'slow'])} every week, ticket {i}.", ["", 3, 5][i % 3]]
            for i in range(40)]
    path = _csv(tmp_path, "intercom_conversations.csv", ["Conversation ID", "Conversation started at",
                                                         "Customer email", "Conversation title", "First message",
                                                         "Conversation rating"], rows)
    ingest.import_file(workspace, path)
    assert dict(workspace.execute("SELECT ticket_id, subject FROM tickets").fetchall()) == {r[0]: r[3] for r in rows}


@pytest.mark.parametrize(("rating", "words", "best"), [
    ("Happiness Rating", ["Great", "Okay", "Not Good", ""], "Great"),  # Help Scout's three faces
    ("Satisfaction", ["Good", "Bad", "Offered", "Unoffered"], "Good"),  # Zendesk's tickets
    ("Satisfaction Score", ["Good", "Good with Comment", "Bad", "Bad with Comment", "Offered", "Unoffered"],
     ("Good", "Good with Comment")),  # Zendesk's, a rating with its comment said so
    ("Rating", ["👍", "👎", ""], "👍"),  # a chat widget's thumbs
    ("satisfaction_survey_score", [5, 4, 3, 2, 1, ""], None),  # Gorgias: 1–5, satisfied 4–5
])
def test_a_helpdesks_ticket_ratings_make_support_csat(workspace, tmp_path, rating, words, best):
    """A rated helpdesk export makes Support CSAT: the share of rated tickets rated best (4–5 of a
    1–5 score), equal to pandas over all time, by month, by the customers' segment and by the
    tickets' channel, quoted from
    the rated tickets' own words; tickets never rated, and the spam folder, count nowhere."""
    rng = random.Random(17)
    segments = {f"cust{i}@example.com": rng.choice(["SMB", "Enterprise"]) for i in range(40)}
    customers = _csv(tmp_path, "customers.csv", ["Customer ID", "Email", "Segment"],
                     [[f"C{i}", email, segment] for i, (email, segment) in enumerate(segments.items())])
    ingest.import_file(workspace, customers, kind="customers")
    asks = ["the invoice is missing", "export to Excel fails", "I cannot add a teammate", "sync stopped",
            "pricing is confusing", "the app logs me out", "SSO setup help", "a refund for March"]
    rows = [[f"{5000 + i}", f"Ticket {i}: {rng.choice(asks)}", f"Hello, {rng.choice(asks)} and "
             f"{rng.choice(asks)} since {i % 9 + 1} days.", "spam" if i % 23 == 0 else "closed",
             rng.choice(list(segments)), f"2024-{1 + i % 3:02d}-{1 + i % 27:02d} 09:{i % 60:02d}",
             rng.choice(words), rng.choice(["Email", "Chat", "Web form"])] for i in range(180)]
    path = _csv(tmp_path, "helpdesk.csv", ["Ticket ID", "Subject", "Description", "Status", "Email",
                                           "Created At", rating, "Channel"], rows)
    assert ingest.import_file(workspace, path).kind == "tickets"
    frame = pd.read_csv(path, dtype={rating: str}, keep_default_na=False)
    frame = frame[frame["Status"].ne("spam")]
    rated = frame[~frame[rating].isin(["", "Offered", "Unoffered"])]  # offered, never answered
    good = pd.to_numeric(rated[rating]).ge(4) if best is None else rated[rating].isin(
        best if isinstance(best, tuple) else (best,))
    found = metrics.compute(workspace, "support_csat", Slice())
    assert (found.n, found.parts["satisfied"]) == (len(rated), int(good.sum()))
    assert found.value == pytest.approx(good.mean(), abs=1e-12)
    month = pd.to_datetime(rated["Created At"]).dt.month
    trend = metrics.series(workspace, "support_csat", Slice(date(2024, 1, 1), date(2024, 4, 1)), months=3)
    assert [(r.n, r.parts.get("satisfied", 0)) for r in trend] == [
        (int(month.eq(m).sum()), int(good[month.eq(m)].sum())) for m in (1, 2, 3)]
    smb = rated["Email"].map(segments).eq("SMB")
    by_segment = metrics.compute(workspace, "support_csat", Slice().where("segment", "SMB"))
    assert (by_segment.n, by_segment.parts["satisfied"]) == (int(smb.sum()), int(good[smb].sum()))
    assert "Channel" in metrics.attributes(workspace)  # the ticket's channel slices its figures
    for channel, part in good.groupby(rated["Channel"]):
        by_channel = metrics.compute(workspace, "support_csat", Slice().where("Channel", channel))
        assert (by_channel.n, by_channel.parts["satisfied"]) == (len(part), int(part.sum()))
    low = metrics.evidence_for(workspace, "support_csat", Slice(), limit=500)
    unhappy = rated[~good]
    assert low.total == len(unhappy) and low.noun == "tickets rated low"
    said = dict(zip(unhappy["Ticket ID"].astype(str), unhappy["Subject"] + "\n\n" + unhappy["Description"]))
    assert all(said[q.unit_id] == q.text and q.source == "ticket" for q in low.quotes)
    # each rating said as the tool showed it ('rated Bad', not '1/5'), and spread over its own points
    word = {"Okay": "Ok", "Not Good": "Bad", "Great": "Good", "👎": "Bad", "👍": "Good", "Good with Comment": "Good",
            "Bad with Comment": "Bad"}
    shown = {str(t): word.get(w, w) if best else f"{w}/5" for t, w in zip(rated["Ticket ID"], rated[rating])}
    assert all(f"support ticket rated {shown[q.unit_id]}" in q.why for q in low.quotes)
    spread = metrics.retention.distribution(workspace, "support_csat", Slice())
    counts = rated[rating].map(lambda w: word.get(w, w) if best else f"{float(w):g}").value_counts()
    labels = spread["label"] if best else spread["score"].map(lambda s: f"{s:g}")
    assert dict(zip(labels, spread["responses"])) == {label: counts.get(label, 0) for label in labels}
    assert set(labels) == ({"Bad", "Ok", "Good"} if rating == "Happiness Rating" else {"Bad", "Good"} if best
                           else {"1", "2", "3", "4", "5"})
    # and so do the Voices cards and a customer's timeline
    said = metrics.ticket_points(workspace)
    for ticket, customer, score in workspace.execute("SELECT ticket_id, customer_id, satisfaction FROM tickets_linked "
                                                     "WHERE satisfaction IS NOT NULL LIMIT 5").fetchall():
        assert voices.score_label("ticket", score, 1, 5, said) == f"Ticket rating {shown[ticket]}"
        events = voices.timeline(workspace, customer)
        assert any(f"rated {shown[ticket]} (" in detail for detail in events["detail"])


def test_freshdesks_five_happiness_words_make_support_csat(workspace, tmp_path):
    """Freshdesk's five-point survey ('Extremely happy' … 'Not happy', 'Extremely unhappy'): the
    ticket's satisfaction on 1–5, happy or extremely happy counting as satisfied, as pandas counts."""
    words = {"Extremely happy": 5, "Happy": 4, "Neutral": 3, "Not happy": 2, "Extremely unhappy": 1, "": None}
    rng = random.Random(4)
    rows = [[str(100 + i), f"Printer {i} offline", "Closed", "Email", rng.choice(list(words)), "2024-03-05 10:00"]
            for i in range(60)]
    path = _csv(tmp_path, "freshdesk.csv", ["Ticket ID", "Subject", "Status", "Source", "Customer Satisfaction",
                                            "Created time"], rows)
    ingest.import_file(workspace, path)
    rated = pd.Series([words[row[4]] for row in rows]).dropna()
    found = metrics.compute(workspace, "support_csat", Slice())
    assert (found.value, found.n) == (pytest.approx((rated >= 4).mean()), len(rated))


def test_a_helpdesk_satisfaction_export_is_survey_answers(workspace, tmp_path):
    """Zendesk's satisfaction ratings: one answer per row (its `Rating ID`) about a ticket; a rating
    'Offered' and never answered is rejected as not answered."""
    words = ["Good"] * 30 + ["Bad"] * 8 + ["Offered"] * 6
    rows = [[str(7000 + i), str(23000 + i), word, "Fast reply" if i % 3 == 0 else "", "2024-03-01T10:00:00Z"]
            for i, word in enumerate(words)]
    path = _csv(tmp_path, "ratings.csv", ["Rating ID", "Ticket ID", "Satisfaction rating", "Comment", "Created at"],
                rows)
    preview = ingest.preview_file(workspace, path)
    preview.discard()
    assert (preview.kind, preview.mapping.columns["csat"]) == ("responses", "Satisfaction rating")
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path, keep_default_na=False)
    answered = frame[frame["Satisfaction rating"] != "Offered"]
    csat = metrics.compute(workspace, "csat", Slice())
    assert (csat.value, csat.n) == ((answered["Satisfaction rating"] == "Good").mean(), len(answered))
    reasons = set(ingest.rejects_for(workspace, result.batch_id)["Why it was not imported"])
    unanswered = frame[(frame["Satisfaction rating"] == "Offered") & (frame["Comment"] == "")]
    assert result.rows_rejected == len(unanswered)
    assert reasons == {"no CSAT score or Comment (not answered: Offered)"}


@pytest.mark.parametrize("question", ["Hoe tevreden bent u over onze klantenservice? (1-5)",
                                      "Wie zufrieden sind Sie mit unserem Service? (1-5)",
                                      "Êtes-vous satisfait de notre service ? (1-5)", "Soddisfazione",
                                      "Tevredenheid"])
def test_a_satisfaction_question_in_another_language_is_csat(workspace, tmp_path, question):
    rows = [[f"R{i}", f"0{1 + i % 9}-03-2024", 1 + i % 5, f"Opmerking {i} over de levering"] for i in range(60)]
    path = _csv(tmp_path, "survey.csv", ["Respondent ID", "Datum", question, "Toelichting"], rows, delimiter=";")
    assert _mapped(workspace, path).columns["csat"] == question
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, sep=";")
    csat = metrics.compute(workspace, "csat", Slice())
    assert (csat.value, csat.n) == ((frame[question] >= 4).mean(), len(frame))


@pytest.mark.parametrize("labels", [
    ["Sehr unzufrieden", "Eher unzufrieden", "Teils/teils", "Eher zufrieden", "Sehr zufrieden"],
    ["Pas du tout satisfait", "Plutôt insatisfait", "Ni satisfait ni insatisfait", "Plutôt satisfait",
     "Tout à fait satisfait"]])
def test_satisfaction_answered_in_words_of_another_language_is_csat(workspace, tmp_path, labels):
    """A German form's middle answer is "Teils/teils"; a French one's soft answers are "plutôt": a
    scale with one answer unknown was dropped, and every row without a comment rejected."""
    rng = random.Random(5)
    answers = rng.choices(labels, [5, 10, 15, 35, 35], k=120)
    rows = [[f"2024-03-{1 + i % 28:02d} 10:00", answer, "Gut" if i % 3 == 0 else ""] for i, answer in enumerate(answers)]
    path = _csv(tmp_path, "form.csv", ["Zeitstempel", "Wie zufrieden sind Sie mit uns?", "Kommentar"], rows, ";")
    report = ingest.import_file(workspace, path)
    csat = metrics.compute(workspace, "csat", Slice())
    satisfied = sum(answer in labels[3:] for answer in answers)
    assert (report.rows_loaded, csat.n, csat.value) == (120, 120, pytest.approx(satisfied / 120))


@pytest.mark.parametrize("name, yes, no", [("Active", "Y", "N"), ("Is Active", "TRUE", "FALSE"),
                                          ("Retained", "Yes", "No"), ("Aktiv", "ja", "nein"),
                                          ("Current Customer", "Yes", "No"), ("Subscribed", "TRUE", "FALSE")])
def test_a_yes_no_column_named_for_staying_is_churn_read_the_other_way_round(workspace, tmp_path, name, yes, no):
    """'Active: Y' is a customer who stayed: proposed as who churned, its no counts as churned,
    and so does a hand mapping of it."""
    rng = random.Random(40)
    stayed = [rng.random() > 0.27 for _ in range(120)]
    rows = [[f"AC{9000 + i}", f"Shop {i}", f"{100 + i}.50", yes if kept else no] for i, kept in enumerate(stayed)]
    path = _csv(tmp_path, "accounts.csv", ["Account", "Account name", "Monthly Price", name], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.columns["churned"], mapping.columns["mrr"]) == (name, "Monthly Price")
    assert "the other way round" in mapping.reasons["churned"]
    ingest.import_file(workspace, path)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx(stayed.count(False) / 120), 120)


def test_one_word_churn_reasons_under_their_name_are_the_churn_reason(workspace, tmp_path):
    """A CRM picklist: 'Budget', 'Competitor', 'Product gaps' under 'Churn Reason'; each churned
    customer's reason is a voice."""
    rng = random.Random(44)
    churned = [rng.random() < 0.3 for _ in range(90)]
    rows = [[f"A-{i}", f"{200 + i}", "TRUE" if left else "FALSE",
             rng.choice(["Budget", "Competitor", "Price", "Product gaps"]) if left else ""]
            for i, left in enumerate(churned)]
    path = _csv(tmp_path, "accounts.csv", ["Account ID", "MRR", "Churned", "Churn Reason"], rows)
    assert _mapped(workspace, path).columns["churn_reason"] == "Churn Reason"
    ingest.import_file(workspace, path)
    said = workspace.execute("SELECT count(churn_reason) FROM customers").fetchone()[0]
    assert said == sum(churned)


@pytest.mark.parametrize("waiting", ["trialing", "paused", "on_hold", "Frozen"])
def test_a_subscription_in_trial_or_paused_is_a_customer_without_mrr(workspace, tmp_path, waiting):
    """Stripe's 'trialing' and 'paused', Maxio's 'on_hold', a gym's 'Frozen': still a customer (no
    churn), but paying nothing now, so it adds nothing to the MRR a revenue churn is a share of, as
    billing tools' own MRR leaves them out (a pause kept its full MRR)."""
    statuses = ["active", waiting, "canceled", "past_due", "active"] * 12
    rows = [[f"cus_{i:06d}", f"{50 + i}.00", status] for i, status in enumerate(statuses)]
    path = _csv(tmp_path, "customers.csv", ["id", "MRR", "Status"], rows)
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    assert workspace.execute("SELECT count(*), sum(mrr) FROM customers").fetchone() == (
        60, pytest.approx(frame.loc[frame["Status"] != waiting, "MRR"].sum()))
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx(12 / 60), 60)


def test_a_crm_lifecycle_stage_and_excel_text_ids(workspace, tmp_path):
    """HubSpot's 'Lifecycle Stage' (Customer, Former customer, Churned) says who left; IDs written
    ="00123" so Excel keeps their zeros are 00123, as the next file writes them."""
    rng = random.Random(71)
    stages = [rng.choice(["Customer", "Customer", "Customer", "Former customer", "Churned"]) for _ in range(90)]
    rows = [[f'="{i:05d}"', f"Co {i} Ltd", f"2023-0{1 + i % 9}-1{i % 10} 12:45", stage, f"{100 + i}"]
            for i, stage in enumerate(stages)]
    path = _csv(tmp_path, "companies.csv", ["Kundennummer", "Firma", "Erstellt am", "Lifecycle Stage", "MRR"], rows)
    assert _mapped(workspace, path).columns == {"customer_id": "Kundennummer", "name": "Firma",
                                                "signup_date": "Erstellt am", "churned": "Lifecycle Stage",
                                                "mrr": "MRR"}
    ingest.import_file(workspace, path)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx(sum(s != "Customer" for s in stages) / 90), 90)
    assert workspace.execute("SELECT min(customer_id) FROM customers").fetchone()[0] == "00000"


@pytest.mark.parametrize("header, stayed, left", [
    (["Код клиента", "Наименование", "Дата подключения", "Абонентская плата", "Статус", "Дата отключения"],
     "Активен", "Расторгнут"),
    (["Nr klienta", "Nazwa firmy", "Data rejestracji", "Opłata miesięczna (zł)", "Status", "Data rezygnacji"],
     "Aktywny", "Rezygnacja"),
    (["Müşteri No", "Firma Adı", "Kayıt Tarihi", "Aylık Ücret", "Durum", "İptal Tarihi"], "Aktif", "İptal Edildi"),
    (["顧客ID", "会社名", "契約開始日", "月額", "ステータス", "解約日"], "契約中", "解約"),
], ids=["russian", "polish", "turkish", "japanese"])
def test_customer_lists_headed_in_other_scripts(workspace, tmp_path, header, stayed, left):
    """Headers in Cyrillic, Polish and Turkish letters or Japanese are words too: each column is
    proposed for its field, and the churn is pandas'."""
    rng = random.Random(101)
    gone = [rng.random() < 0.3 for _ in range(80)]
    rows = [[f"{10000 + i}", f"Firma {i}", f"1{i % 9}.0{1 + i % 9}.2023", f"{500 + i},50",
             left if g else stayed, f"0{1 + i % 9}.03.2024" if g else ""] for i, g in enumerate(gone)]
    path = _csv(tmp_path, "klienci.csv", header, rows, ";")
    assert _mapped(workspace, path).columns == dict(zip(
        ["customer_id", "name", "signup_date", "mrr", "churned", "churn_date"], header))
    ingest.import_file(workspace, path)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx(sum(gone) / 80), 80)


def test_customers_who_left_with_an_mrr_of_zero_give_no_revenue_churn(workspace, tmp_path):
    """An export of today's MRR gives every cancelled customer 0: what they took is unknown (never
    0%), while logo churn stands."""
    rows = [[f"C{i}", "Cancelled" if i % 5 == 0 else "Active", 0 if i % 5 == 0 else 100 + i] for i in range(50)]
    path = _csv(tmp_path, "chartmogul.csv", ["UUID", "Status", "MRR"], rows)
    ingest.import_file(workspace, path, mapping=ingest.Mapping("customers", {
        "customer_id": "UUID", "churned": "Status", "mrr": "MRR"}))
    assert metrics.available(workspace, "churn_rate") and not metrics.available(workspace, "revenue_churn")
    assert "before they left" in metrics.needs("revenue_churn")
    assert metrics.compute(workspace, "churn_rate", Slice()).value == 10 / 50


def test_danish_customer_fields(workspace, tmp_path):
    rows = [[f"K{i}", f"{1 + i % 28:02d}-0{1 + i % 9}-2023", "TRUE" if i % 4 == 0 else "FALSE", 300 + i]
            for i in range(40)]
    path = _csv(tmp_path, "kunder.csv", ["Kundenr", "Oprettet", "Opsagt", "MRR (DKK)"], rows)
    columns = _mapped(workspace, path).columns
    assert (columns["signup_date"], columns["churned"]) == ("Oprettet", "Opsagt")


def test_the_command_line_prints_a_batchs_rejected_rows(workspace, tmp_path, capsys):
    path = _csv(tmp_path, "ratings.csv", ["Rating ID", "Satisfaction rating", "Comment", "Created at"],
                [["1", "Good", "", "2024-03-01"], ["2", "Offered", "", "2024-03-01"],
                 ["3", "Bad", "Slow", "2024-03-02"]])
    batch = ingest.import_file(workspace, path).batch_id
    target = str(tmp_path / "ws.duckdb")  # the workspace fixture's file
    workspace.close()
    assert main(["history", "--rejects", str(batch), "--json", "--workspace", target]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert printed == [{"batch": batch, "line": 3, "reason": "no CSAT score or Comment (not answered: Offered)",
                        "row": "2,Offered,,2024-03-01"}]
    assert main(["history", "--rejects", "99", "--workspace", target]) == 1
    assert "no import batch 99" in capsys.readouterr().err


def test_the_command_lines_help_prints(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0 and "95% intervals" in capsys.readouterr().out


def _said(rng: random.Random, i: int) -> str:
    parts = ["the export fails", "I cannot log in", "invoices are wrong", "reports load slowly", "SSO broke",
             "thanks for the fix", "the mobile app crashes", "we need a refund"]
    return f"Since {i % 9 + 1} days {rng.choice(parts)} and {rng.choice(parts)}, ref {i}."


def test_helpdesk_names_for_a_tickets_subject_status_date_and_contact(workspace, tmp_path):
    """ServiceNow's `Short description` and `State`, HubSpot's `Ticket name` and `Create date`,
    Salesforce's `4/21/2024, 10:19 PM`, Front's `Contact handle` (an address on every row)."""
    rng = random.Random(2)
    rows = [[f"INC00{1000 + i}", f"{1 + i % 12}/{1 + i % 28}/2024, {1 + i % 12}:{i % 60:02d} {'AM' if i % 2 else 'PM'}",
             f"Issue {i}: {rng.choice(['login', 'billing', 'export'])}", "" if i % 7 == 0 else _said(rng, i),
             rng.choice(["New", "In Progress", "Resolved"]), f"user{i}@example.com"] for i in range(60)]
    path = _csv(tmp_path, "incidents.csv", ["Number", "Date/Time Opened", "Short description", "Description",
                                            "State", "Contact handle"], rows)
    assert _mapped(workspace, path).columns == {
        "ticket_id": "Number", "created_at": "Date/Time Opened", "subject": "Short description",
        "body": "Description", "status": "State", "email": "Contact handle"}
    assert ingest.import_file(workspace, path).rows_loaded == 60  # an incident without a description too
    frame = pd.read_csv(path)
    opened = pd.to_datetime(frame["Date/Time Opened"], format="%m/%d/%Y, %I:%M %p")
    stored = workspace.execute("SELECT created_at FROM tickets ORDER BY ticket_id").fetchall()
    assert [row[0] for row in stored] == list(opened)  # the numbers are in file order
    hubspot = _csv(tmp_path, "hubspot.csv", ["Ticket ID", "Ticket name", "Ticket status", "Create date",
                                             "Ticket description"],
                   [[str(1843500000 + i), f"Discount code {i} not applied", "Waiting on contact",
                     "2024-03-07 07:38", "" if i % 5 == 0 else _said(rng, i)] for i in range(40)])
    assert _mapped(workspace, hubspot).columns["subject"] == "Ticket name"


def test_crm_names_for_a_customers_key_and_creation_date(workspace, tmp_path):
    companies = _csv(tmp_path, "companies.csv", ["Record ID", "Company name", "Create Date", "Country/Region"],
                     [[str(5641554766 + i * 7), f"Company {i}", f"2024-0{1 + i % 9}-1{i % 10} 15:37", "France"]
                      for i in range(30)])
    assert _mapped(workspace, companies).columns["signup_date"] == "Create Date"
    organisations = _csv(tmp_path, "organizations.csv", ["Organization - ID", "Organization - Name",
                                                         "Organization - Organization created"],
                         [[str(i + 1), f"Org {i}", f"2022-04-{1 + i % 28:02d} 06:14:18"] for i in range(30)])
    columns = _mapped(workspace, organisations).columns
    assert (columns["customer_id"], columns["signup_date"]) == ("Organization - ID",
                                                                "Organization - Organization created")


def test_the_command_line_says_when_a_workspace_holds_nothing_yet(tmp_path, capsys):
    empty = str(tmp_path / "empty.duckdb")
    assert main(["history", "--workspace", empty]) == 0
    assert "No imports yet" in capsys.readouterr().out
    assert main(["metrics", "--workspace", empty]) == 1
    assert "holds no figures yet" in capsys.readouterr().err
    contacts = write_csv(tmp_path / "contacts.csv", ["id", "name", "email"], [["1", "Ann", "a@x.com"]])
    assert main(["import", str(contacts), "--workspace", empty]) == 0
    capsys.readouterr()
    assert main(["metrics", "--workspace", empty]) == 1
    assert "churn_rate needs a customer file and who churned" in capsys.readouterr().err


def _subscriptions(rng: random.Random, customers: int) -> list[list]:
    rows = []
    for c in range(customers):
        for s in range(rng.choice([1, 1, 2, 3])):
            status = rng.choices(["active", "canceled", "trialing", "past_due", "incomplete_expired"],
                                 [60, 25, 8, 4, 3])[0]
            ended = status in ("canceled", "incomplete_expired")
            rows.append([f"sub_{c:03d}x{s}", f"cus_{c:04d}", f"c{c}@example.com", rng.choice(["Basic", "Pro", "Seat"]),
                         rng.choice([1, 1, 5]), rng.choice(["month", "month", "year"]), rng.choice([19, 49, 490]),
                         status, f"2023-{1 + s * 3 + c % 3:02d}-0{1 + c % 9} 10:00",
                         f"2024-05-0{1 + s} 12:00" if ended else ""])
    return rows


def test_a_subscriptions_export_makes_one_customer_of_each_customers_subscriptions(workspace, tmp_path):
    """Stripe's subscriptions: several rows per customer, each keyed by its 'sub_…' id. A customer
    churned when every subscription ended; MRR is the live subscriptions' Amount × Quantity per
    month (all of them once all ended; a trial's none); checked against pandas doing the same by hand."""
    path = _csv(tmp_path, "subscriptions.csv", ["id", "Customer ID", "Customer Email", "Plan", "Quantity",
                                                 "Plan Interval", "Amount", "Status", "Created (UTC)",
                                                 "Canceled At (UTC)"], _subscriptions(random.Random(4), 80))
    mapping = _mapped(workspace, path)
    assert (mapping.row_key, mapping.quantities) == ("id", {"mrr": "Quantity"})
    assert any("Each row is a subscription" in warning for warning in mapping.warnings)
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    frame["mrr"] = frame["Amount"] * frame["Quantity"] / frame["Plan Interval"].map({"month": 1, "year": 12})
    frame.loc[frame["Status"] == "trialing", "mrr"] = 0  # a trial pays nothing yet (Stripe's MRR)
    frame["ended"] = frame["Status"].isin(["canceled", "incomplete_expired"])
    per = frame.groupby("Customer ID")
    churned = per["ended"].all()
    mrr = per.apply(lambda rows: rows["mrr"].sum() if rows["ended"].all() else rows.loc[~rows["ended"], "mrr"].sum())
    assert (result.rows_loaded, result.rows_rejected) == (len(churned), 0)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (churned.mean(), len(churned))
    revenue = metrics.compute(workspace, "revenue_churn", Slice())
    assert revenue.value == pytest.approx(mrr[churned].sum() / mrr.sum(), rel=1e-12)
    assert workspace.execute("SELECT sum(mrr) FROM customers").fetchone()[0] == pytest.approx(mrr.sum(), rel=1e-12)
    signups = dict(workspace.execute("SELECT customer_id, signup_date FROM customers").fetchall())
    assert signups == pd.to_datetime(per["Created (UTC)"].min()).dt.date.to_dict()


def test_a_subscription_key_repeated_on_one_row_rejects_that_row_not_the_roll_up(workspace, tmp_path):
    """One 'sub_…' key written twice (a clash, or a line exported twice with a later status) is
    that one row's problem: the other rows still make one customer of each customer's subscriptions."""
    rows = _subscriptions(random.Random(4), 80)
    clash = next(i for i, row in enumerate(rows) if row[1] != rows[0][1])
    rows[clash][0] = rows[0][0]  # another customer's subscription under the first row's key
    path = _csv(tmp_path, "subscriptions.csv", ["id", "Customer ID", "Customer Email", "Plan", "Quantity",
                                                 "Plan Interval", "Amount", "Status", "Created (UTC)",
                                                 "Canceled At (UTC)"], rows)
    assert _mapped(workspace, path).row_key == "id"
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path).drop_duplicates("id")  # the first row of a key is kept
    churned = frame.assign(ended=frame["Status"].isin(["canceled", "incomplete_expired"])) \
        .groupby("Customer ID")["ended"].all()
    assert (result.rows_loaded, result.rows_rejected) == (len(churned), 1)
    reasons = workspace.execute("SELECT reason FROM rejects").fetchall()
    assert len(reasons) == 1 and reasons[0][0].startswith("repeats the key of an earlier row")
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (churned.mean(), len(churned))


def test_a_subscriptions_file_with_one_subscription_per_customer_reads_each_as_it_is(workspace, tmp_path):
    rows = _subscriptions(random.Random(4), 80)
    first = {row[1]: row for row in reversed(rows)}  # one subscription per customer
    path = _csv(tmp_path, "subscriptions.csv", ["Subscription ID", "Customer ID", "Email", "Plan", "Quantity",
                                                 "Interval", "Amount", "Status", "Created", "Canceled At"],
                list(first.values()))
    assert _mapped(workspace, path).row_key == "Subscription ID"  # named so: one customer each, as they are
    assert ingest.import_file(workspace, path).rows_loaded == len(first)
    frame = pd.DataFrame(list(first.values()), columns=range(10))
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (frame[7].isin(["canceled", "incomplete_expired"]).mean(), len(first))


def test_identifiers_a_spreadsheet_rounded_are_said(workspace, tmp_path):
    """Excel shows a 12-digit ID as 1.23457E+11 and saves it so: many customers share one."""
    rows = [["1.23457E+11", f"{i + 1}/5/2024", "Pro", f"${100 + i}.00", "Active"] for i in range(30)]
    path = _csv(tmp_path, "resaved.csv", ["Customer ID", "Signup Date", "Plan", "MRR", "Status"], rows)
    mapping = _mapped(workspace, path)
    assert "customer_id" not in mapping.columns
    assert any("'Customer ID' holds numbers like '1.23457E+11'" in warning for warning in mapping.warnings)


def test_contracts_ending_later_are_live_and_only_theirs_count(workspace, tmp_path):
    """Annual contracts (one row each, ARR): an end date still to come is a renewal date, not a
    churn; a customer left when all their contracts have ended, and MRR is the live ones' ARR ÷ 12."""
    today = pd.Timestamp.today().normalize()
    rng = random.Random(8)
    rows = []
    for c in range(40):
        ends = [today - pd.Timedelta(days=rng.randint(30, 700))] + \
               ([today + pd.Timedelta(days=rng.randint(30, 700))] if c % 4 else [])
        rows += [[f"CT-{c}-{i}", f"ACME-{c}", (end - pd.Timedelta(days=365)).date().isoformat(), end.date().isoformat(),
                  f"{rng.choice([12, 36, 60]) * 1000:,}"] for i, end in enumerate(ends)]
    path = _csv(tmp_path, "contracts.csv", ["Contract ID", "Customer ID", "Start Date", "End Date", "ARR"], rows)
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, thousands=",", parse_dates=["End Date"])
    frame["live"] = frame["End Date"] > today
    per = frame.groupby("Customer ID")
    churned = ~per["live"].any()
    live_mrr = frame.loc[frame["live"], "ARR"].sum() / 12
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (churned.mean(), len(churned))
    stored = workspace.execute("SELECT sum(mrr) FILTER (WHERE NOT churned) FROM customers").fetchone()[0]
    assert stored == pytest.approx(live_mrr, rel=1e-12)


def _payments(rng: random.Random) -> list[list]:
    """Invoices of 30 customers over six months: paid ones, a void one re-issued and paid, a
    proration in the month of an upgrade, an uncollectible one."""
    rows, n = [], 0
    for c in range(30):
        price = rng.choice([49.0, 99.0, 490.0])
        for month in range(1, 7):
            if c % 7 == 0 and month > 4:
                break  # left
            statuses = ["paid"] if rng.random() > 0.15 else [rng.choice(["void", "uncollectible"]), "paid"]
            if rng.random() < 0.1:
                statuses.append("paid")  # a proration
            for status in statuses:
                n += 1
                rows.append([f"in_{n:05d}AbCd", f"cus_{c:03d}", status, f"{price if status == 'paid' else 0:.2f}",
                             f"{price:.2f}", f"2024-{month:02d}-{1 + n % 27:02d} 00:00:00"])
    return rows


def test_an_invoices_export_adds_up_each_customers_paid_invoices_per_month(workspace, tmp_path):
    path = _csv(tmp_path, "invoices.csv", ["id", "Customer", "Status", "Amount Paid", "Amount Due",
                                          "Period Start (UTC)"], _payments(random.Random(6)))
    preview = ingest.preview_file(workspace, path)
    preview.discard()
    assert (preview.kind, preview.mapping.columns["mrr"], preview.mapping.payment_status) == (
        "revenue", "Amount Paid", "Status")
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path, parse_dates=["Period Start (UTC)"])
    paid = frame[frame["Status"] == "paid"]
    expected = paid.groupby(["Customer", paid["Period Start (UTC)"].dt.to_period("M").dt.start_time.dt.date])[
        "Amount Paid"].sum().round(2).to_dict()
    stored = {(customer, month): round(mrr, 2) for customer, month, mrr in workspace.execute(
        "SELECT customer_id, month, sum(mrr) FROM revenue GROUP BY ALL").fetchall()}  # each invoice is a row
    assert stored == expected
    reasons = ingest.rejects_for(workspace, result.batch_id)["Why it was not imported"].value_counts().to_dict()
    assert reasons == {f"is a payment that was not collected ({status}): not revenue": count
                       for status, count in frame.loc[frame["Status"] != "paid", "Status"].value_counts().items()}


@pytest.mark.parametrize("header", [["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price",
                                     "Customer ID", "Country"],
                                    ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
                                     "CustomerID", "Country"]])
def test_a_sales_log_is_revenue_of_quantity_times_price_net_of_its_cancellations(workspace, tmp_path, header):
    """UCI's Online Retail (I and II): one row per line of an invoice, a unit's price beside the
    quantity, a cancelled line ('C…' invoice) a negative quantity, no customer on a guest's line,
    ids written '13702.0' where a column held an empty cell. Each customer's month is the sum of
    quantity × price, cancellations taken off, as pandas computes it; a guest's line is rejected."""
    rng = random.Random(12)
    products = [(f"{rng.randint(20000, 90000)}{rng.choice(['', 'A', 'B'])}", rng.choice([0.85, 2.1, 3.75, 5.95]))
                for _ in range(12)]
    rows = []
    for n in range(70):
        invoice, customer = 489000 + n, ("" if n % 4 == 1 else f"{rng.randint(12346, 12360)}.0")  # a guest
        when = f"2010-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 19)}:{rng.randint(0, 59):02d}:00"
        cancelled = n % 9 == 0
        for code, price in rng.sample(products, rng.randint(1, 5)):
            quantity = rng.choice([1, 2, 6, 12]) * (-1 if cancelled else 1)
            rows.append([f"C{invoice}" if cancelled else invoice, code, f"ITEM {code}", quantity, when, price,
                         customer or "", "United Kingdom"])
    path = _csv(tmp_path, "online_retail.csv", header, rows)
    mapping = _mapped(workspace, path)
    assert (mapping.kind, mapping.row_key, mapping.quantities) == ("revenue", None, {"mrr": "Quantity"})
    result = ingest.import_file(workspace, path, mapping=mapping)
    frame = pd.read_csv(path, dtype={header[6]: str})
    assert result.rows_rejected == frame[header[6]].isna().sum() > 0
    sold = frame.dropna(subset=[header[6]])
    month = pd.to_datetime(sold["InvoiceDate"]).dt.to_period("M").dt.start_time.dt.date
    expected = (sold["Quantity"] * sold[header[5]]).groupby([sold[header[6]], month]).sum().round(2)
    stored = {(customer, month): round(mrr, 2) for customer, month, mrr in workspace.execute(
        "SELECT customer_id, month, sum(mrr) FROM revenue GROUP BY ALL").fetchall()}
    assert stored == expected.to_dict() and (expected < 0).any()  # a month of only cancellations


def test_a_transactions_export_takes_refunds_off_and_leaves_declined_payments_out(workspace, tmp_path):
    rows = [["t1", "acct-1", "2024-01-02 00:00:00 UTC", "purchase", "success", "199.00"],
            ["t2", "acct-1", "2024-02-01 00:00:00 UTC", "purchase", "declined", "199.00"],
            ["t3", "acct-1", "2024-02-03 00:00:00 UTC", "purchase", "success", "199.00"],
            ["t4", "acct-1", "2024-02-10 00:00:00 UTC", "refund", "success", "50.00"],
            ["t5", "acct-2", "2024-01-05 00:00:00 UTC", "purchase", "success", "99.00"],
            ["t6", "acct-2", "2024-02-05 00:00:00 UTC", "purchase", "success", "99.00"]]
    path = _csv(tmp_path, "transactions.csv", ["id", "account_code", "date", "type", "status", "amount"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.kind, mapping.row_key, mapping.payment_status, mapping.refund_type) == (
        "revenue", "id", "status", "type")
    ingest.import_file(workspace, path, mapping=mapping)
    stored = workspace.execute("SELECT customer_id, CAST(month AS VARCHAR), sum(mrr) FROM revenue "
                               "GROUP BY ALL ORDER BY 1, 2").fetchall()
    assert stored == [("acct-1", "2024-01-01", 199.0), ("acct-1", "2024-02-01", 149.0),
                      ("acct-2", "2024-01-01", 99.0), ("acct-2", "2024-02-01", 99.0)]


def test_a_charge_refunded_in_full_is_not_revenue(workspace, tmp_path):
    """Stripe's payments export: a charge whose Status is `Refunded` (its `Amount Refunded` the whole
    amount) was given back, so it is rejected with that reason; each month is pandas' sum of the
    charges still paid."""
    rows = [[f"ch_3Oa{c}{m}", f"2024-0{m}-0{c + 2} 10:00:00", f"{100 * (c + 1)}.00",
             f"{100 * (c + 1)}.00" if (c, m) == (1, 1) else "0.00", "usd", "true",
             "Refunded" if (c, m) == (1, 1) else "Paid", f"cus_Pa{c}", f"c{c}@x.com"] for m in (1, 2) for c in range(4)]
    header = ["id", "Created (UTC)", "Amount", "Amount Refunded", "Currency", "Captured", "Status", "Customer ID",
              "Customer Email"]
    path = _csv(tmp_path, "unified_payments.csv", header, rows)
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path, parse_dates=["Created (UTC)"])
    assert result.rows_rejected == (frame["Status"] == "Refunded").sum() == 1
    reasons = ingest.rejects_for(workspace, result.batch_id).astype(str).agg(" ".join, axis=1)
    assert "given back (refunded)" in " ".join(reasons)
    paid = frame[frame["Status"] == "Paid"]
    month = paid["Created (UTC)"].dt.to_period("M").dt.start_time.dt.date
    expected = paid.groupby(["Customer ID", month])["Amount"].sum()
    stored = {(c, m): v for c, m, v in workspace.execute(
        "SELECT customer_id, month, sum(mrr) FROM revenue GROUP BY ALL").fetchall()}
    assert stored == expected.to_dict()


def test_what_a_payment_gave_back_is_taken_off_it(workspace, tmp_path):
    """Stripe's payments export: a charge partly refunded keeps its Status ('Paid' or 'Partially
    refunded') and says what was given back in `Amount Refunded`; the month's revenue is what was
    kept: pandas' Amount − Amount Refunded over the charges not refunded in full nor failed."""
    rng = random.Random(366)
    rows = []
    for n in range(60):
        amount = rng.choice([49, 99, 199])
        status = rng.choices(["Paid", "Partially refunded", "Refunded", "Failed"], [70, 15, 10, 5])[0]
        back = {"Partially refunded": amount // 3, "Refunded": amount}.get(status, 0)
        rows.append([f"ch_3P{n:04d}x", f"2024-0{1 + n % 4}-{1 + n % 27:02d} 10:00:00", f"{amount:,.2f}", f"{back:.2f}",
                     "usd", status, f"cus_Q{n % 9}"])
    header = ["id", "Created (UTC)", "Amount", "Amount Refunded", "Currency", "Status", "Customer ID"]
    path = _csv(tmp_path, "unified_payments.csv", header, rows)
    mapping = _mapped(workspace, path)
    assert (mapping.payment_status, mapping.refunded) == ("Status", "Amount Refunded")
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, parse_dates=["Created (UTC)"])
    kept = frame[frame["Status"].isin(["Paid", "Partially refunded"])]
    month = kept["Created (UTC)"].dt.to_period("M").dt.start_time.dt.date
    expected = (kept["Amount"] - kept["Amount Refunded"]).groupby([kept["Customer ID"], month]).sum()
    stored = {(c, m): v for c, m, v in workspace.execute(
        "SELECT customer_id, month, sum(mrr) FROM revenue GROUP BY ALL").fetchall()}
    assert stored == pytest.approx(expected.to_dict())


def test_a_german_revenue_export_with_months_written_01_2024(workspace, tmp_path):
    """DATEV-like: semicolons, decimal commas, `Monat` as 01.2024. A period inside the history's
    first month has no month before it: GRR is unknown there, never 100%."""
    rows = [[str(10000 + c), f"{month:02d}.2024", f"{(c + 1) * 250 - (month > 6) * c * 10:,.2f}".replace(",", "X")
             .replace(".", ",").replace("X", "."), "EUR"] for c in range(12) for month in range(1, 13)]
    path = _csv(tmp_path, "umsatz.csv", ["Kundennummer", "Monat", "Umsatz", "Währung"], rows, delimiter=";")
    preview = ingest.preview_file(workspace, path)
    preview.discard()
    assert (preview.kind, preview.mapping.columns["month"]) == ("revenue", "Monat")
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, sep=";", decimal=",", thousands=".", dtype={"Kundennummer": str, "Monat": str})
    frame["month"] = pd.to_datetime(frame["Monat"], format="%m.%Y").dt.date
    stored = {(c, m): v for c, m, v in workspace.execute("SELECT customer_id, month, mrr FROM revenue").fetchall()}
    assert stored == {(c, m): v for c, m, v in frame[["Kundennummer", "month", "Umsatz"]].itertuples(index=False)}
    june, then = frame[frame["Monat"] == "06.2024"], frame[frame["Monat"] == "07.2024"]
    kept = sum(min(a, b) for a, b in zip(june["Umsatz"], then["Umsatz"]))
    alone = metrics.compute(workspace, "grr", Slice(date(2024, 7, 1), date(2024, 8, 1)))  # no customer file
    assert (alone.value, alone.n) == (pytest.approx(kept / june["Umsatz"].sum(), rel=1e-12), 12)
    customers = _csv(tmp_path, "kunden.csv", ["Kundennummer", "Gekündigt"], [[str(10000 + c), "Nein"] for c in range(12)])
    ingest.import_file(workspace, customers)
    first = metrics.compute(workspace, "grr", Slice(date(2024, 1, 1), date(2024, 2, 1)))
    assert (first.value, first.n) == (None, 0)
    july = metrics.compute(workspace, "grr", Slice(date(2024, 7, 1), date(2024, 8, 1)))
    assert (july.value, july.n) == (alone.value, 12)


@pytest.mark.parametrize("churn", ["churn", "churn_voluntary", "churn_delinquent"])  # ChartMogul's, ProfitWell's
def test_mrr_movements_become_each_customers_mrr_month_by_month(workspace, tmp_path, churn):
    """ChartMogul's and ProfitWell's MRR movements (new business, expansion, contraction, churn):
    their running sum per customer is the MRR, carried to the file's last month; pandas does the
    same by hand."""
    rng = random.Random(9)
    rows = []
    for c in range(20):
        mrr, month = rng.choice([199, 299, 990]), rng.randint(1, 4)
        rows.append([f"2024-{month:02d}-0{1 + c % 9}", f"cus_{c:04d}", "new_biz", f"{mrr:.2f}"])
        for later in range(month + 1, 12):
            if rng.random() < 0.15:
                change = rng.choice([100, -50])
                mrr += change
                rows.append([f"2024-{later:02d}-15", f"cus_{c:04d}", "expansion" if change > 0 else "contraction",
                             f"{change:.2f}"])
            if c % 3 == 0 and later == 8:  # a sixth of the rows or more: every movement word must be known
                rows.append([f"2024-{later:02d}-20", f"cus_{c:04d}", churn, f"{-mrr:.2f}"])
                break
    path = _csv(tmp_path, "movements.csv", ["Date", "Customer UUID", "Type", "MRR Movement"], rows)
    preview = ingest.preview_file(workspace, path)
    preview.discard()
    assert (preview.kind, preview.mapping.movement_type) == ("revenue", "Type")
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, parse_dates=["Date"])
    frame["month"] = frame["Date"].dt.to_period("M")
    moved = frame.groupby(["Customer UUID", "month"])["MRR Movement"].sum()
    last, expected = frame["month"].max(), {}
    for customer, series in moved.groupby(level=0):
        months = pd.period_range(series.index.get_level_values(1).min(), last, freq="M")
        running = series.droplevel(0).reindex(months, fill_value=0.0).cumsum()
        expected.update({(customer, m.start_time.date()): round(v, 2) for m, v in running.items()})
    stored = {(c, m): round(v, 2) for c, m, v in workspace.execute("SELECT customer_id, month, mrr FROM revenue").fetchall()}
    assert stored == expected


def test_next_months_invoices_add_a_late_invoice_and_nothing_twice(workspace, tmp_path):
    """February's export repeats January's invoices and holds a January invoice paid late: only the
    new invoices are added, the late one to January."""
    header = ["id", "Customer", "Status", "Amount Paid", "Period Start (UTC)"]
    january = [[f"in_{i:03d}Xy", f"cus_{i % 10:02d}", "paid", "99.00", f"2024-01-{1 + i:02d} 00:00:00"]
               for i in range(20)]
    february = january + [[f"in_{i:03d}Xy", f"cus_{i % 10:02d}", "paid", "99.00", f"2024-02-{i - 19:02d} 00:00:00"]
                          for i in range(20, 40)] + [["in_late01Xy", "cus_03", "paid", "25.00", "2024-01-28 00:00:00"]]
    ingest.import_file(workspace, _csv(tmp_path, "january.csv", header, january))
    result = ingest.import_file(workspace, _csv(tmp_path, "february.csv", header, february))
    assert (result.rows_loaded, result.rows_duplicate) == (21, 20)
    frame = pd.read_csv(tmp_path / "february.csv", parse_dates=["Period Start (UTC)"])
    expected = frame.groupby(["Customer", frame["Period Start (UTC)"].dt.to_period("M").dt.start_time.dt.date])[
        "Amount Paid"].sum().to_dict()
    stored = {(c, m): v for c, m, v in workspace.execute(
        "SELECT customer_id, month, sum(mrr) FROM revenue GROUP BY ALL").fetchall()}
    assert stored == expected


def test_a_plan_paid_every_30_days_counts_both_payments_of_a_month(workspace, tmp_path):
    """KKBox's transactions (`msno`, `actual_amount_paid`, `transaction_date` as YYYYMMDD): a 30-day
    plan renewed on the 1st and the 31st is paid twice that month, the same amount on two days. Both
    are that month's revenue, as pandas adds them up."""
    rng = random.Random(363)
    rows = []
    for person in range(30):
        day = date(2016, 1, 1) + timedelta(days=rng.randint(0, 20))
        price = rng.choice([99, 129, 149])
        for _ in range(8):
            rows.append([f"u{person:03d}+xYz=", 41, 30, price, price, 1, f"{day:%Y%m%d}", f"{day + timedelta(days=30):%Y%m%d}", 0])
            day += timedelta(days=30)
    header = ["msno", "payment_method_id", "payment_plan_days", "plan_list_price", "actual_amount_paid",
              "is_auto_renew", "transaction_date", "membership_expire_date", "is_cancel"]
    path = _csv(tmp_path, "transactions.csv", header, rows)
    mapping = ingest.preview_file(workspace, path, kind="revenue")
    mapping.discard()
    mapping = mapping.mapping
    mapping.columns.update(customer_id="msno", mrr="actual_amount_paid")
    result = ingest.import_file(workspace, path, mapping=mapping)
    assert (result.rows_loaded, result.rows_rejected) == (len(rows), 0)
    frame = pd.read_csv(path)
    month = pd.to_datetime(frame["transaction_date"].astype(str), format="%Y%m%d").dt.to_period("M").dt.start_time.dt.date
    expected = frame.groupby(["msno", month])["actual_amount_paid"].sum().to_dict()
    assert max(frame.groupby(["msno", month]).size()) == 2  # some months hold two payments
    stored = {(c, m): v for c, m, v in workspace.execute(
        "SELECT customer_id, month, sum(mrr) FROM revenue GROUP BY ALL").fetchall()}
    assert stored == expected


def test_undoing_last_months_revenue_keeps_what_this_month_repeated(workspace, tmp_path):
    header = ["customer_id", "month", "mrr"]
    january = [[f"C{c}", "2024-01", 100 + c] for c in range(5)]
    february = january + [[f"C{c}", "2024-02", 110 + c] for c in range(5)]
    first = ingest.import_file(workspace, _csv(tmp_path, "january.csv", header, january)).batch_id
    ingest.import_file(workspace, _csv(tmp_path, "february.csv", header, february))
    ingest.undo_batch(workspace, first)
    stored = workspace.execute("SELECT count(*), sum(mrr) FROM revenue").fetchone()
    assert stored == (10, sum(row[2] for row in february))


def test_a_subscriptions_file_sorted_by_date_quantity_credits_and_german_statuses(workspace, tmp_path):
    """Sorted by date, the first rows may show each customer once: a column named for what it keys
    ('Subscription ID') still marks the file. A negative quantity is a credit, 'storniert' a
    cancellation, and a subscription without its customer is rejected, not dropped."""
    rows = [[f"S{i:03d}", f"C{i % 40:02d}", ["aktiv", "storniert"][i % 7 == 0], -1 if i == 5 else 1 + i % 3,
             "month", "30", f"2024-01-01 00:{i % 60:02d}"] for i in range(100)]
    rows.append(["S999", "", "aktiv", 1, "month", "30", "2024-02-01 00:00"])
    path = _csv(tmp_path, "abos.csv", ["Subscription ID", "Customer ID", "Status", "Quantity", "Interval", "Amount",
                                       "Created"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.row_key, mapping.columns["churned"], mapping.quantities) == (
        "Subscription ID", "Status", {"mrr": "Quantity"})
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path, dtype={"Customer ID": str}).dropna(subset=["Customer ID"])
    frame["live"] = frame["Status"] == "aktiv"
    frame["mrr"] = frame["Amount"] * frame["Quantity"]
    per = frame.groupby("Customer ID")
    churned = ~per["live"].any()
    live = frame[frame["live"]].groupby("Customer ID")["mrr"].sum()
    assert (result.rows_loaded, result.rows_rejected) == (len(churned), 1)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (churned.mean(), len(churned))
    stored = dict(workspace.execute("SELECT customer_id, mrr FROM customers WHERE NOT churned").fetchall())
    assert stored == pytest.approx(live.to_dict())


def test_a_revenue_list_of_lines_adds_up_each_customers_month(workspace, tmp_path):
    """An accounting list without line IDs (SAP): an invoice and its credit note in one month are
    two lines of that month, added up, not a repeated month rejected; the same lines exported
    again with a later month add only that month."""
    rng = random.Random(97)
    lines = []
    for customer in range(12):
        for month in (1, 2, 3):
            lines.append([f"{100000 + customer}", f"01.{month:02d}.2024", f"{rng.randint(200, 900)}.40"])
            if rng.random() < 0.3:
                lines.append([f"{100000 + customer}", f"01.{month:02d}.2024", f"{rng.randint(10, 150)}.18-"])
    path = _csv(tmp_path, "revenue.csv", ["Customer", "Month", "Revenue"], lines, ";")
    mapping = _mapped(workspace, path)
    assert any("each row is read as a line" in warning for warning in mapping.warnings)
    assert ingest.import_file(workspace, path).rows_rejected == 0

    def amount(text: str) -> float:
        return -float(text[:-1]) if text.endswith("-") else float(text)

    total = sum(amount(line[2]) for line in lines)
    assert workspace.execute("SELECT sum(mrr) FROM revenue").fetchone()[0] == pytest.approx(total)
    april = [[f"{100000 + c}", "01.04.2024", "500.40"] for c in range(12)]
    again = _csv(tmp_path, "revenue_april.csv", ["Customer", "Month", "Revenue"], lines + april, ";")
    result = ingest.import_file(workspace, again)
    assert result.rows_loaded == 12
    assert workspace.execute("SELECT sum(mrr) FROM revenue").fetchone()[0] == pytest.approx(total + 12 * 500.4)


@pytest.mark.parametrize("header", ["Amount in LC", "Amount in USD", "line_amount"])
def test_an_amount_named_with_its_currency_or_as_a_line_is_revenue(workspace, tmp_path, header):
    """SAP's 'Amount in LC' (local currency) beside 'Posting period', or an invoice list's
    'line_amount': the revenue of each customer's month."""
    rows = [[f"{100000 + c}", f"2024-0{m}", f"{100 + 10 * c + m}.40"] for c in range(20) for m in range(1, 7)]
    path = _csv(tmp_path, "revenue.tsv", ["Customer", "Posting period", header], rows, "\t")
    assert ingest.import_file(workspace, path).kind == "revenue"
    assert workspace.execute("SELECT sum(mrr) FROM revenue").fetchone()[0] == pytest.approx(
        sum(float(row[2]) for row in rows))


def test_an_open_invoice_is_not_revenue_yet(workspace, tmp_path):
    rows = [[f"in_{i:03d}Ab", f"cus_{i % 8}", ["paid", "paid", "open", "paid", "void", "paid"][i % 6], "50.00",
             f"2024-03-{1 + i:02d}"] for i in range(24)]
    path = _csv(tmp_path, "invoices.csv", ["id", "Customer", "Status", "Amount Paid", "Invoice Date"], rows)
    assert ingest.import_file(workspace, path).rows_rejected == 8
    assert workspace.execute("SELECT sum(mrr) FROM revenue").fetchone()[0] == 50.0 * 16  # the paid ones


def test_a_customer_who_came_back_counts_as_active_again(workspace, tmp_path):
    """January: C1 cancelled on 15 January. February: C1 is a customer again (a new subscription). The
    old churn date goes: C1 is among the customers active at the start of March."""
    header = ["Customer ID", "Churned", "Churn Date", "MRR"]
    january = [["C1", "Yes", "2024-01-15", 100]] + [[f"C{i}", "No", "", 100] for i in range(2, 10)]
    february = [["C1", "No", "", 120]] + [[f"C{i}", "No", "", 100] for i in range(2, 10)]
    ingest.import_file(workspace, _csv(tmp_path, "january.csv", header, january))
    ingest.import_file(workspace, _csv(tmp_path, "february.csv", header, february))
    assert workspace.execute("SELECT churned, churn_date FROM customers WHERE customer_id = 'C1'").fetchone() == (
        False, None)
    march = metrics.compute(workspace, "churn_rate", Slice(date(2024, 3, 1), date(2024, 4, 1)))
    assert (march.value, march.n) == (0.0, 9)


def test_a_stripe_subscriptions_file_sorted_by_date_is_still_subscriptions(workspace, tmp_path):
    """The first rows of a file sorted by date may show each customer once (here every customer
    has one subscription): the 'sub_…' keys, not repeats, say what the rows are."""
    once = {row[1]: row for row in _subscriptions(random.Random(4), 80)}
    rows = sorted(once.values(), key=lambda row: row[8])
    path = _csv(tmp_path, "subscriptions.csv", ["id", "Customer ID", "Customer Email", "Plan", "Quantity",
                                                 "Plan Interval", "Amount", "Status", "Created (UTC)",
                                                 "Canceled At (UTC)"], rows)
    assert _mapped(workspace, path).row_key == "id"
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (frame["Status"].isin(["canceled", "incomplete_expired"]).mean(), len(frame))


def test_the_proposal_says_what_a_billing_files_rows_are(workspace, tmp_path):
    subscriptions = _csv(tmp_path, "subscriptions.csv", ["id", "Customer ID", "Plan", "Quantity", "Plan Interval",
                                                          "Amount", "Status", "Created (UTC)", "Canceled At (UTC)"],
                         [row[:2] + row[3:] for row in _subscriptions(random.Random(4), 40)])
    invoices = _csv(tmp_path, "invoices.csv", ["id", "Customer", "Status", "Amount Paid", "Amount Due",
                                              "Period Start (UTC)"], _payments(random.Random(6)))
    assert "one row per subscription" in ingest.kind_reason(_mapped(workspace, subscriptions))
    assert "a payment or invoice per row" in ingest.kind_reason(_mapped(workspace, invoices))


def test_choices_made_by_hand_are_warned_of_as_a_proposal_would_be(workspace, tmp_path):
    """An amount chosen by hand beside a column of two currencies is warned of; a date format
    chosen by hand answers the proposal's 'does not read as dates'."""
    rows = [[f"C{i}", ["EUR", "USD"][i % 2], f"{100 + i}", f"{1 + i % 28:02d}.{1 + i % 12:02d}.2024 à {i % 24}h", "No"]
            for i in range(40)]
    path = _csv(tmp_path, "accounts.csv", ["Customer ID", "Currency", "Contract value", "Signup date", "Churned"], rows)
    preview = ingest.preview_file(workspace, path)
    preview.discard()
    assert any("Signup date does not read as dates" in warning for warning in preview.mapping.warnings)
    chosen = ingest.choose(preview, columns={"mrr": "Contract value"})
    assert any(warning.startswith("The amounts are in 2 currencies") for warning in chosen.warnings)
    dated = ingest.choose(preview, date_format="%d.%m.%Y à %Hh")
    assert not any("does not read as dates" in warning for warning in dated.warnings)


@pytest.mark.parametrize("header, yes, no", [
    ("Uppsagd", "Ja", "Nej"), ("Opsagt", "Ja", "Nej"), ("Oppsagt", "Ja", "Nei"), ("Irtisanottu", "Kyllä", "Ei"),
    ("¿Dado de baja?", "Sí", "No"),
])
def test_nordic_and_spanish_yes_no_churn_flags(workspace, tmp_path, header, yes, no):
    """Swedish, Danish, Norwegian, Finnish and Spanish customer lists say who left with their own
    yes and no: churn and revenue churn equal pandas' on the same rows."""
    rng = random.Random(151)
    rows = [[f"K-{i:03d}", yes if rng.random() < 0.22 else no, f"{rng.randint(20, 900)},00"] for i in range(80)]
    path = _csv(tmp_path, "kunder.csv", ["Kundnummer", header, "MRR"], rows, delimiter=";")
    assert _mapped(workspace, path).columns["churned"] == header
    assert ingest.import_file(workspace, path).rows_rejected == 0
    left = pd.Series([row[1] == yes for row in rows])
    mrr = pd.Series([float(row[2].replace(",", ".")) for row in rows])
    assert metrics.compute(workspace, "churn_rate", Slice()).value == pytest.approx(left.mean())
    assert metrics.compute(workspace, "revenue_churn", Slice()).value == pytest.approx(mrr[left].sum() / mrr.sum())


def test_a_billing_tools_state_column_says_who_left_and_who_pays(workspace, tmp_path):
    """Recurly's and Maxio's `state`: expired and canceled subscriptions ended; a trial pays nothing
    yet; Maxio's 'soft_failure' (a payment being retried) is still a customer. A US `State` of a
    customer list is a region, never churn."""
    rng = random.Random(157)
    states = ["active", "active", "active", "expired", "canceled", "in_trial", "soft_failure", "trial_ended"]
    rows = [[f"acct-{i:03d}", rng.choice(states), f"{rng.choice([29, 99, 490])}.00", rng.choice(["CA", "NY", "TX"]),
             "Too expensive for us now" if i % 3 == 0 else ""] for i in range(120)]
    path = _csv(tmp_path, "accounts.csv", ["account_code", "state", "mrr", "State", "cancellation_message"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.columns["churned"], mapping.columns["region"]) == ("state", "State")
    assert mapping.columns["churn_reason"] == "cancellation_message"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.DataFrame(rows, columns=["id", "state", "mrr", "region", "reason"]).astype({"mrr": float})
    left = frame["state"].isin(["expired", "canceled", "trial_ended"])
    paying = frame["mrr"].where(frame["state"] != "in_trial", 0.0)
    assert metrics.compute(workspace, "churn_rate", Slice()).value == pytest.approx(left.mean())
    assert metrics.compute(workspace, "revenue_churn", Slice()).value == pytest.approx(
        paying[left].sum() / paying.sum())


def test_a_dutch_churn_reason_is_the_churn_reason(workspace, tmp_path):
    rows = [[f"NL{i}", "Ja" if i % 4 == 0 else "Nee", "Te duur geworden voor ons team" if i % 4 == 0 else "", 120 + i]
            for i in range(60)]
    path = _csv(tmp_path, "klanten.csv", ["Klantnummer", "Opgezegd", "Reden opzegging", "MRR"], rows, delimiter=";")
    assert _mapped(workspace, path).columns["churn_reason"] == "Reden opzegging"


def test_a_surveys_published_column_is_a_testimonial_not_an_exclusion(workspace, tmp_path):
    """AskNicely's `Published`: whether a comment was shown as a testimonial. Every answer still
    counts in the NPS; only a review site's unpublished reviews are held back."""
    rng = random.Random(163)
    rows = [[f"r{i}", f"2024-05-{1 + i % 28:02d}", rng.randint(0, 10), "true" if i % 2 else "false",
             f"Answer {i}: onboarding went fine"] for i in range(130)]
    path = _csv(tmp_path, "asknicely.csv", ["Response ID", "Responded", "Score", "Published", "Comment"], rows)
    assert ingest.import_file(workspace, path).rows_rejected == 0
    scores = pd.Series([row[2] for row in rows])
    nps = metrics.compute(workspace, "nps", Slice())
    assert (nps.n, nps.value) == (130, pytest.approx(100 * ((scores >= 9).mean() - (scores <= 6).mean())))


def test_a_ticket_id_written_with_a_hash_is_the_id(workspace, tmp_path):
    """HappyFox's '#SUP00025' is the ticket's own ID (not a key made from its content): stored as
    written, and a second row with the same ID is a repeat."""
    rows = [[f"#SUP{i:05d}", f"2024-04-{1 + i % 28:02d} 09:00", f"Printer {i} offline", f"It stopped at {i} pm"]
            for i in range(40)]
    rows.append(rows[3][:3] + ["The same ticket exported twice"])
    path = _csv(tmp_path, "happyfox.csv", ["Ticket ID", "Created On", "Subject", "Message"], rows)
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (40, 1)
    ids = [row[0] for row in workspace.execute("SELECT ticket_id FROM tickets ORDER BY ticket_id").fetchall()]
    assert ids == [f"#SUP{i:05d}" for i in range(40)]


def test_a_reviews_pros_and_cons_are_both_its_words(workspace, tmp_path):
    """Capterra: 'Pros', 'Cons' and 'Overall Experience' are one review's words; the cons explain a
    low rating."""
    rng = random.Random(167)
    rows = [[f"2024-02-{1 + i % 28:02d}", rng.randint(1, 5), f"Pro {i}: the reports save us hours every week",
             f"Con {i}: exports keep failing at month end", f"Overall {i}: worth it once set up"] for i in range(60)]
    path = _csv(tmp_path, "capterra.csv", ["Review Date", "Overall Rating", "Pros", "Cons", "Overall Experience"], rows)
    assert _mapped(workspace, path).more_comments == ["Cons", "Overall Experience"]
    ingest.import_file(workspace, path)
    texts = sorted(row[0] for row in workspace.execute("SELECT text FROM voices").fetchall())
    assert texts == sorted(f"{row[2]}\n\n{row[3]}\n\n{row[4]}" for row in rows)


def test_a_leading_visitor_id_is_who_answered_not_the_answers_key(workspace, tmp_path):
    """Pendo: a visitor asked again next quarter answers twice; both answers count (a 'Visitor ID'
    keying the answers rejected the second as a repeat)."""
    rng = random.Random(173)
    rows = [[f"visitor-{rng.randint(10000, 99999)}", f"acct_{i % 40}", rng.randint(0, 10),
             f"Reason {i}: reporting could be faster"] for i in range(139)]
    rows.append([rows[5][0], rows[5][1], 10, "Much better since the new exports"])  # the same visitor, later
    path = _csv(tmp_path, "pendo.csv", ["Visitor ID", "Account ID", "NPS Score", "NPS Reason"], rows)
    assert "response_id" not in _mapped(workspace, path).columns
    assert ingest.import_file(workspace, path).rows_rejected == 0
    scores = pd.Series([row[2] for row in rows])
    nps = metrics.compute(workspace, "nps", Slice())
    assert (nps.n, nps.value) == (140, pytest.approx(100 * ((scores >= 9).mean() - (scores <= 6).mean())))


def test_zuoras_subscriptions_keep_their_monthly_mrr_and_suspended_customers(workspace, tmp_path):
    """Zuora's `RatePlanCharge.MRR` is a month's revenue already (never divided by the billing period
    nor multiplied by the quantity beside it); a `Suspended` subscription is still a customer."""
    rng = random.Random(179)
    rows = [[f"A-S{i:05d}", rng.choice(["Active"] * 5 + ["Cancelled", "Expired", "Suspended"]), f"A{i:05d}",
             rng.choice(["Month", "Quarter", "Annual"]), rng.randint(1, 5), f"{rng.choice([49, 199, 990])}.00"]
            for i in range(90)]
    path = _csv(tmp_path, "zuora.csv", ["Subscription.Name", "Subscription.Status", "Account.AccountNumber",
                                        "RatePlanCharge.BillingPeriod", "RatePlanCharge.Quantity",
                                        "RatePlanCharge.MRR"], rows)
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.DataFrame(rows, columns=["sub", "status", "account", "period", "quantity", "mrr"]).astype({"mrr": float})
    left = frame["status"].isin(["Cancelled", "Expired"])
    assert metrics.compute(workspace, "churn_rate", Slice()).value == pytest.approx(left.mean())
    assert metrics.compute(workspace, "revenue_churn", Slice()).value == pytest.approx(
        frame["mrr"][left].sum() / frame["mrr"].sum())


def test_a_revenue_analytics_status_list_leaves_leads_out(workspace, tmp_path):
    """ChartMogul's customer `Status` as its screen writes it: 'Past Due' and 'Free Trial' are
    customers (a trial pays nothing yet), 'Cancelled' left, a 'Lead' is not a customer yet."""
    rng = random.Random(181)
    statuses = ["Active"] * 6 + ["Cancelled", "Cancelled", "Past Due", "Free Trial", "Lead"]
    rows = [[f"cus_{i:04d}", f"billing{i}@acme{i}.com", rng.choice(statuses), f"{rng.choice([0, 49, 250])}.00"]
            for i in range(150)]
    path = _csv(tmp_path, "chartmogul.csv", ["UUID", "Email", "Status", "MRR"], rows)
    assert _mapped(workspace, path).columns["churned"] == "Status"
    result = ingest.import_file(workspace, path)
    frame = pd.DataFrame(rows, columns=["id", "email", "status", "mrr"]).astype({"mrr": float})
    customers = frame[frame["status"] != "Lead"]
    assert result.rows_rejected == (frame["status"] == "Lead").sum()
    assert "not a customer" in " ".join(map(str, ingest.rejects_for(workspace, result.batch_id).iloc[0].tolist()))
    left = customers["status"] == "Cancelled"
    paying = customers["mrr"].where(customers["status"] != "Free Trial", 0.0)
    assert metrics.compute(workspace, "churn_rate", Slice()).value == pytest.approx(left.mean())
    assert metrics.compute(workspace, "revenue_churn", Slice()).value == pytest.approx(
        paying[left].sum() / paying.sum())


def test_zuoras_draft_and_canceled_invoices_are_not_revenue(workspace, tmp_path):
    """Zuora's `Invoice.Status`: a Posted invoice is revenue (it keeps that status once paid); a
    Draft or Canceled one is not."""
    rng = random.Random(191)
    rows = [[f"INV{i:05d}", f"A{i % 12:05d}", f"{1 + i % 6:02d}/15/2024", f"{rng.choice([100, 250, 990])}.00",
             rng.choice(["Posted"] * 8 + ["Draft", "Canceled"])] for i in range(120)]
    path = _csv(tmp_path, "invoices.csv", ["Invoice.InvoiceNumber", "Account.AccountNumber", "Invoice.InvoiceDate",
                                           "Invoice.Amount", "Invoice.Status"], rows)
    result = ingest.import_file(workspace, path)
    posted = [float(row[3]) for row in rows if row[4] == "Posted"]
    assert result.rows_loaded == len(posted)
    assert workspace.execute("SELECT sum(mrr) FROM revenue").fetchone()[0] == pytest.approx(sum(posted))


def test_a_german_overall_score_is_the_rating(workspace, tmp_path):
    rows = [[f"G{i}", f"{1 + i % 28:02d}.03.2024", f"{5 + i % 5},{i % 10}", f"Zimmer {i} war sauber und ruhig"]
            for i in range(60)]
    path = _csv(tmp_path, "hotel.csv", ["Gast", "Abreisedatum", "Gesamtbewertung (1-10)", "Kommentar"], rows,
                delimiter=";")
    assert _mapped(workspace, path).columns["rating"] == "Gesamtbewertung (1-10)"


@pytest.mark.parametrize("named", ["Satisfaction Comment", "Rate comment"])  # Kustomer's, LiveChat's
def test_a_tickets_satisfaction_comment_is_quoted_with_the_ticket(workspace, tmp_path, named):
    """Kustomer's `Satisfaction Comment` ('Useless bot'): the customer's verdict on the support joins
    the ticket's words, after the request, instead of an attribute no search finds."""
    rng = random.Random(193)
    rows = [[f"conv{i}", f"c{i}@shop.example", rng.choice(["chat", "email"]), rng.choice(["open", "done"]),
             f"2024-03-{1 + i % 28:02d} 17:06", _said(rng, i), rng.choice(["1", "2", "4", "5", ""]),
             f"Useless bot, waited {i} days" if i % 3 == 0 else ""] for i in range(90)]
    path = _csv(tmp_path, "kustomer.csv", ["Conversation ID", "Customer Email", "Channel", "Status", "Created At",
                                           "First Message Preview", "Satisfaction", named], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.kind, mapping.columns["body"], mapping.more_comments) == (
        "tickets", "First Message Preview", [named])
    ingest.import_file(workspace, path)
    texts = sorted(row[0] for row in workspace.execute("SELECT text FROM voices").fetchall())
    assert texts == sorted("\n\n".join(t for t in (row[5], row[7]) if t) for row in rows)


def test_an_orders_export_with_a_row_per_line_says_why_it_is_not_a_customer_list(workspace, tmp_path):
    """Shopify's orders export repeats each order's buyer on every line item: read as a customer
    list, most rows repeat the key, and the refusal says so (not that the rows do not split)."""
    from analytics.errors import MostRowsRejected

    rows = [[f"#{1001 + i // 3}", f"shopper{i // 3}@mail.com", f"2024-08-{1 + i // 9:02d} 02:34:00 -0500",
             rng_line, "12.50"] for i, rng_line in enumerate(["Mug", "Beans", "Filter"] * 40)]
    path = _csv(tmp_path, "orders.csv", ["Name", "Email", "Created at", "Lineitem name", "Lineitem price"], rows)
    with pytest.raises(MostRowsRejected, match="Most rows repeat the 'Email' of an earlier row") as refused:
        ingest.import_file(workspace, path, kind="customers")
    assert "do not split" not in str(refused.value)
    assert workspace.execute("SELECT count(*) FROM customers").fetchone()[0] == 0


def test_a_second_comment_of_the_same_name_is_joined_and_not_called_kept(workspace, tmp_path):
    """Two 'Comment' headers (one per question): the second is read with the first, so no warning
    says it is kept as an attribute."""
    rng = random.Random(197)
    rows = [[f"2024-05-{1 + i % 28:02d}", rng.randint(1, 5), f"The agent {i} sorted my refund quickly enough",
             rng.randint(1, 7), f"The form {i} was long and asked twice for my order number"] for i in range(80)]
    path = _csv(tmp_path, "csat.csv", ["Date", "Satisfaction (1-5)", "Comment", "Effort (1-7)", "Comment"], rows)
    mapping = _mapped(workspace, path)
    assert len(mapping.more_comments) == 1
    assert not any("kept as an attribute" in w for w in mapping.warnings)


def test_a_reviews_title_is_its_first_words(workspace, tmp_path):
    """App Store Connect: 'Crashes on launch' is the review's title, its punchline; it opens the
    review's words, and a review with a title only is quoted too."""
    rng = random.Random(199)
    rows = [[f"{1000 + i}", f"2024-07-{1 + i % 28:02d}", rng.randint(1, 5), f"Crashes on launch, build {i}",
             f"Since update {i} the app closes when I open my library" if i % 4 else "", "iPhone"]
            for i in range(80)]
    path = _csv(tmp_path, "appstore.csv", ["Review ID", "Date", "Rating", "Title", "Review", "Device"], rows)
    assert _mapped(workspace, path).more_comments == ["Title"]
    ingest.import_file(workspace, path)
    texts = sorted(row[0] for row in workspace.execute("SELECT text FROM voices").fetchall())
    assert texts == sorted("\n\n".join(t for t in (row[3], row[4]) if t) for row in rows)


@pytest.mark.parametrize("style", ["ap", "numbers"])
def test_a_scraped_reviews_dates_after_a_word_and_its_placeholders(workspace, tmp_path, style):
    """A review site scraped (Starbucks' reviews_data.csv): 'Reviewed Sept. 13, 2023' in AP style
    (June spelled out, Sept. and Dec. abbreviated with a dot), or 'Reviewed 13/09/2023'; 'No
    Rating Found' where a review gave no stars and 'No Review Text' where it wrote nothing. Every
    date equals pandas', the rating is pandas' over the rated reviews, and every review with words
    is a voice, placeholders none."""
    rng = random.Random(91)
    months = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
    rows, truth = [], []
    for n in range(200):
        day = date(2005, 1, 1) + timedelta(days=rng.randint(0, 6500))
        written = (f"Reviewed {months[day.month - 1]} {day.day}, {day.year}" if style == "ap"
                   else f"Reviewed {day:%d/%m/%Y}")
        rating = "No Rating Found" if n % 7 == 0 else str(rng.randint(1, 5))
        review = "No Review Text" if n % 11 == 0 else f"Visit {n}: {rng.choice(['cold latte', 'friendly barista'])}"
        rows.append([f"Guest {n}", "Seattle, WA", written, rating, review, "['No Images']"])
        truth.append(day)
    path = _csv(tmp_path, "reviews_data.csv", ["name", "location", "Date", "Rating", "Review", "Image_Links"], rows)
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    stored = dict(workspace.execute("SELECT comment, CAST(responded_at AS DATE) FROM responses "
                                    "WHERE comment IS NOT NULL").fetchall())
    said = frame["Review"].ne("No Review Text")
    assert stored == {review: day for review, day, keep in zip(frame["Review"], truth, said) if keep}
    rated = pd.to_numeric(frame["Rating"], errors="coerce").dropna()
    found = metrics.compute(workspace, "rating", Slice())
    assert (found.value, found.n) == (pytest.approx(rated.mean()), len(rated))


def test_a_platforms_label_in_place_of_the_review_is_no_voice(workspace, tmp_path):
    """Steam's scraped reviews write 'Early Access Review' where the text was (about 6% of the real
    file): a label, not a customer's words. It makes no voice, and the row's thumb still counts
    towards 'would recommend', as pandas counts it; a review saying 'Great review' is a voice."""
    rng = random.Random(5)
    texts = ["Early Access Review" if n % 9 == 0 else "Great review" if n % 31 == 0 else
             f"Match {n}: {rng.choice(['servers lag every evening', 'friendly community, great maps'])}"
             for n in range(120)]
    rows = [[570 + n % 3, "Dota 2", text, rng.choice([1, 1, 1, -1]), n % 4] for n, text in enumerate(texts)]
    path = _csv(tmp_path, "steam_reviews.csv", ["app_id", "app_name", "review_text", "review_score", "review_votes"],
                rows)
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    said = frame[frame["review_text"] != "Early Access Review"]["review_text"]
    assert sorted(row[0] for row in workspace.execute("SELECT text FROM voices").fetchall()) == sorted(said)
    found = metrics.compute(workspace, "recommend", Slice())
    assert (found.value, found.n) == (pytest.approx((frame["review_score"] == 1).mean()), len(frame))


def test_review_times_counted_back_from_the_scrape_are_no_date(workspace, tmp_path):
    """A maps scrape (McDonald's store reviews) writes when each review was posted as '3 months
    ago' or 'a year ago': no date ('ago' is also August's short name in Spanish). The column is
    kept, not proposed as the date, and said; every review is imported without a date, and the
    rating equals pandas'. Choosing the written-out reader by hand dates none of them from today."""
    rng = random.Random(361)
    ago = ["8 hours ago", "a day ago", "3 days ago", "a week ago", "2 weeks ago", "a month ago",
           "3 months ago", "a year ago", "4 years ago"]
    rows = [[f"{n + 1}", "McDonald's", f"{rng.randint(1, 5)} star{'s' if n % 5 else ''}".replace("1 stars", "1 star"),
             f"Visit {n}: {rng.choice(['cold fries', 'quick service', 'dirty tables'])}", rng.choice(ago)]
            for n in range(120)]
    path = _csv(tmp_path, "McDonald_s_Reviews.csv", ["reviewer_id", "store_name", "rating", "review", "review_time"], rows)
    mapping = _mapped(workspace, path)
    assert "responded_at" not in mapping.columns
    assert any("'review_time' counts back from when the file was saved" in w for w in mapping.warnings)
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    stars = frame["rating"].str.extract(r"(\d)")[0].astype(int)
    assert result.rows_loaded == len(frame) and result.rows_rejected == 0
    assert workspace.execute("SELECT count(*) FROM responses WHERE responded_at IS NOT NULL").fetchone()[0] == 0
    found = metrics.compute(workspace, "rating", Slice())
    assert (found.value, found.n) == (pytest.approx(stars.mean()), len(stars))
    by_hand = _mapped(workspace, path)
    by_hand.columns["responded_at"] = "review_time"
    by_hand.date_formats["responded_at"] = "parser"
    with pytest.raises(InputError, match="not a date"):
        ingest.import_file(workspace, path, file_name="again.csv", mapping=by_hand)


def test_a_reviewers_id_names_who_wrote_never_the_review(workspace, tmp_path):
    """Amazon's product reviews ('reviewerID', 'asin', 'overall'): in one export every reviewer
    appears once, so the column looks like the reviews' own key. The next export has more reviews
    by some of them, of other products: each is a new review, from the same customer."""
    rng = random.Random(362)
    people = ["A" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(13)) for _ in range(90)]
    header = ["reviewerID", "asin", "reviewText", "overall", "unixReviewTime"]

    def reviews(who, product):
        return [[person, f"B00{product}{i:04d}", f"Review {product}{i}: {rng.choice(['works', 'broke', 'fine'])} "
                 "after a month of use on stage", f"{rng.randint(1, 5)}.0", 1_360_000_000 + 86_400 * rng.randint(0, 900)]
                for i, person in enumerate(who)]

    first = _csv(tmp_path, "reviews_1.csv", header, reviews(people[:60], "X"))
    later = _csv(tmp_path, "reviews_2.csv", header, reviews(people[40:], "Y"))  # 20 of them again
    mapping = _mapped(workspace, first)
    assert mapping.columns.get("customer_id") == "reviewerID" and "response_id" not in mapping.columns
    assert ingest.import_file(workspace, first).rows_loaded == 60
    assert ingest.import_file(workspace, later).rows_loaded == 50
    frame = pd.concat([pd.read_csv(first), pd.read_csv(later)])
    found = metrics.compute(workspace, "rating", Slice())
    assert (found.value, found.n) == (pytest.approx(frame["overall"].mean()), len(frame))
    stored = workspace.execute("SELECT count(DISTINCT customer_id) FROM responses").fetchone()[0]
    assert stored == frame["reviewerID"].nunique() == 90


def test_a_named_comment_of_sentences_customers_repeat_is_still_their_words(workspace, tmp_path):
    """Olist's order reviews: `review_comment_message` is empty on most rows, and a shop's customers
    write the same few sentences ('Chegou antes do prazo.'): 40 different texts among 140. They are
    still the customers' words: every one is a voice, as many as pandas' filled cells."""
    rng = random.Random(364)
    said = [f"{rng.choice(['Chegou antes do prazo', 'Produto muito bom', 'Recomendo a loja', 'Veio com defeito'])} "
            f"e {rng.choice(['bem embalado', 'atendimento ótimo', 'não recomendo', 'prazo longo', 'bom preço'])} "
            f"{rng.choice(['mesmo', 'agora'])}." for _ in range(40)]
    rows = [[f"{rng.getrandbits(128):032x}", f"{rng.getrandbits(128):032x}", rng.randint(1, 5), "",
             rng.choice(said) if n % 3 == 0 else "", f"2018-0{1 + n % 9}-1{n % 10} 00:00:00",
             f"2018-0{1 + n % 9}-1{n % 10} 0{n % 10}:11:26"] for n in range(420)]
    header = ["review_id", "order_id", "review_score", "review_comment_title", "review_comment_message",
              "review_creation_date", "review_answer_timestamp"]
    path = _csv(tmp_path, "olist_order_reviews_dataset.csv", header, rows)
    frame = pd.read_csv(path)
    messages = frame["review_comment_message"].dropna()
    assert messages.nunique() / len(messages) < 0.3  # repeated: no free text by the values alone
    assert _mapped(workspace, path).columns["comment"] == "review_comment_message"
    ingest.import_file(workspace, path)
    assert workspace.execute("SELECT count(*) FROM voices").fetchone()[0] == len(messages)


def test_a_support_survey_is_dated_when_the_survey_was_answered(workspace, tmp_path):
    """Flipkart's customer service satisfaction export: the issue's times (reported, responded by an
    agent) come before `Survey_response_Date` ('13-Aug-23'), when the customer answered. The answer
    is dated by the survey, so each month's CSAT counts the answers pandas puts in it."""
    rng = random.Random(365)
    rows = []
    for n in range(200):
        reported = datetime(2023, 7, 20) + timedelta(hours=rng.randint(0, 24 * 40))
        answered = reported + timedelta(days=rng.randint(0, 6))
        rows.append([f"{rng.getrandbits(64):016x}", "Inbound", "Returns", f"Remark {n}: refund was quick enough",
                     f"{reported:%d/%m/%Y %H:%M}", f"{reported + timedelta(hours=2):%d/%m/%Y %H:%M}",
                     f"{answered:%d-%b-%y}", rng.choice([1, 2, 3, 4, 5, 5, 5])])
    header = ["Unique id", "channel_name", "category", "Customer Remarks", "Issue_reported at", "issue_responded",
              "Survey_response_Date", "CSAT Score"]
    path = _csv(tmp_path, "Customer_support_data.csv", header, rows)
    assert _mapped(workspace, path).columns["responded_at"] == "Survey_response_Date"
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    month = pd.to_datetime(frame["Survey_response_Date"], format="%d-%b-%y").dt.to_period("M")
    for period in sorted(month.unique()):
        start = period.start_time.date()
        found = metrics.compute(workspace, "csat", Slice(start, (period + 1).start_time.date()))
        chosen = frame.loc[month == period, "CSAT Score"]
        assert (found.n, found.value) == (len(chosen), pytest.approx((chosen >= 4).mean())), period


def test_satisfaction_labels_written_after_their_codes_read_by_their_words(workspace, tmp_path):
    """Kaggle's IT Help Desk tickets: 'Satisfaction' is '0 - Unknown', '1 - Unsatisfied',
    '2 - Satisfied' or '3 - Highly satisfied', and Severity and Priority are coded the same way.
    The words decide: Unknown is no answer (never a 0), and CSAT is the share satisfied or highly
    satisfied of those who answered, as pandas counts it; before, the codes were read as 0–3 on 0–5.
    Each row is a ticket filed under its TicketType: Support CSAT, every ticket kept, the unrated too."""
    rng = random.Random(88)
    said = ["0 - Unknown", "1 - Unsatisfied", "2 - Satisfied", "3 - Highly satisfied"]
    rows = [[n, rng.randint(1, 200), rng.choice(["1 - Junior", "4 - Management"]), rng.randint(1, 50),
             rng.choice(["Access/Login", "Systems", "Software"]), rng.choice(["Issue", "Request"]),
             rng.choice(["1 - Minor", "2 - Normal"]), rng.choice(["0 - Unassigned", "3 - High"]), rng.randint(0, 60),
             rng.choices(said, [6, 25, 34, 35])[0]] for n in range(1, 241)]
    path = _csv(tmp_path, "it_helpdesk.csv", ["ticket", "requestor", "RequestorSeniority", "ITOwner", "FiledAgainst",
                                               "TicketType", "Severity", "Priority", "daysOpen", "Satisfaction"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.kind, mapping.columns["satisfaction"], mapping.columns["topic"]) == (
        "tickets", "Satisfaction", "TicketType")
    assert ingest.import_file(workspace, path).rows_loaded == 240
    answered = pd.read_csv(path)["Satisfaction"].loc[lambda s: s != "0 - Unknown"]
    found = metrics.compute(workspace, "support_csat", Slice())
    assert (found.value, found.n) == (pytest.approx(answered.isin(said[2:]).mean()), len(answered))


def test_a_thumb_up_or_down_written_1_and_minus_1_is_would_recommend(workspace, tmp_path):
    """Steam's reviews: review_score 1 recommends the game, −1 does not; review_votes 0/1 says
    whether others found it helpful. Would recommend = pandas' share of 1s, every review kept."""
    rng = random.Random(31)
    rows = [[rng.choice([570, 730, 440]), "Game", f"Review {i}: {rng.choice(['fun with friends', 'crashes a lot'])}",
             rng.choices([1, -1], [84, 16])[0], rng.choice([0, 1])] for i in range(120)]
    path = _csv(tmp_path, "steam.csv", ["app_id", "app_name", "review_text", "review_score", "review_votes"], rows)
    assert _mapped(workspace, path).columns["recommend"] == "review_score"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    scores = pd.read_csv(path)["review_score"]
    found = metrics.compute(workspace, "recommend", Slice())
    assert (found.value, found.n) == (pytest.approx((scores == 1).mean()), len(scores)) and found.value < 1


@pytest.mark.parametrize("header, joins", [("review_comment_title", True), ("reviews.title", True),
                                           ("Summary", True), ("Title", False)])
def test_a_review_title_that_repeats_joins_its_review_but_a_job_title_does_not(workspace, tmp_path, header, joins):
    """Olist's and Datafiniti's titles repeat ('Super recomendo', 'Great tablet' on many reviews) as
    people's titles do; named for a review's title, or a summary, they still open its words. A bare
    'Title' repeating a few values is the respondent's job ('CEO', 'Head of Support'), kept apart."""
    rng = random.Random(7)
    said = ["Super recomendo", "Great tablet", "Not happy"]  # three in four, and twenty titles of their own
    titles = [rng.choice(said) if i % 4 else f"{rng.choice(['Late', 'Broken', 'Lovely'])} parcel number {i}"
              for i in range(80)] if joins else [["CEO", "Head of Support", "Analyst"][i % 3] for i in range(80)]
    rows = [[f"r{i}", f"2024-07-{1 + i % 28:02d}", rng.randint(1, 5), titles[i],
             f"Delivery {i} took {rng.randint(3, 30)} days and the box was {rng.choice(['fine', 'torn'])}"]
            for i in range(80)]
    path = _csv(tmp_path, "reviews.csv", ["review_id", "date", "review_score", header, "review_comment_message"], rows)
    assert _mapped(workspace, path).more_comments == ([header] if joins else [])
    ingest.import_file(workspace, path)
    texts = sorted(row[0] for row in workspace.execute("SELECT text FROM voices").fetchall())
    assert texts == sorted("\n\n".join((row[3], row[4])) if joins else row[4] for row in rows)


def test_an_email_address_is_never_read_as_a_date(workspace, tmp_path):
    """'shopper16@mail.com' holds "mai" (French for May) and a number: it is still an address, so
    the orders' 'Created at' is the month, not the 'Email' beside it."""
    from analytics.ingest._dates import looks_like_date

    assert not looks_like_date("shopper16@mail.com") and looks_like_date("12 mai 2024")
    rows = [[f"#{1001 + i}", f"shopper{i}@mail.com", f"2024-08-{1 + i % 28:02d} 02:34:00 -0500", f"{20 + i}.50"]
            for i in range(60)]
    path = _csv(tmp_path, "orders.csv", ["Name", "Email", "Created at", "Subtotal"], rows)
    preview = ingest.preview_file(workspace, path, kind="revenue")
    preview.discard()
    assert preview.mapping.columns.get("month") == "Created at"


def test_a_revenue_history_gives_revenue_churn_to_a_customer_list_without_mrr(workspace, tmp_path):
    """A billing history (customer, month, MRR) and a CRM list saying who left, without MRR: a
    quarter's revenue churn is the leavers' MRR the month before it over everyone's then."""
    months = [f"2024-{m:02d}-01" for m in range(1, 13)]
    history, customers = [], []
    for c in range(30):
        mrr, left = 100 + 10 * c, (f"2024-05-{10 + c % 10}" if c % 6 == 0 else "")
        history += [[f"C{c:03d}", month, mrr] for month in months if not left or month < left]
        customers.append([f"C{c:03d}", f"Acme {c}", "Churned" if left else "Active", left])
    ingest.import_file(workspace, _csv(tmp_path, "revenue.csv", ["customer_id", "month", "mrr"], history))
    ingest.import_file(workspace, _csv(tmp_path, "crm.csv", ["customer_id", "company", "status", "churn_date"],
                                       customers))
    assert metrics.available(workspace, "revenue_churn")  # offered on every page and in the CLI
    q2 = Slice(start=date(2024, 4, 1), end=date(2024, 7, 1))
    churn = metrics.compute(workspace, "revenue_churn", q2)
    march = {row[0]: row[2] for row in history if row[1] == "2024-03-01"}
    lost = sum(march[row[0]] for row in customers if row[3])
    assert (churn.value, churn.n) == (pytest.approx(lost / sum(march.values())), 30)


def test_a_reports_total_right_under_the_header_is_said_to_be_one(workspace, tmp_path):
    """A BI report puts its Total line first: it is rejected as a total, not as a bad yes/no."""
    rows = [["Total", "", "", "213,962.30", "32"]] + [
        [f"A{i:03d}", f"Acme {i}", "Enterprise", f"{1000 + i}.50", "1" if i % 4 == 0 else "0"] for i in range(130)]
    path = _csv(tmp_path, "accounts.csv", ["Account ID", "Account Name", "Segment", "MRR", "Churned"], rows)
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (130, 1)
    reason = ingest.rejects_for(workspace, result.batch_id)["Why it was not imported"].iloc[0]
    assert reason == "is a total or summary line of the report, not a row of data"


def test_a_ticket_rating_on_two_or_three_points_reads_as_its_words_say(workspace, tmp_path):
    """Help Scout's `Happiness Rating` (Great / Okay / Not Good) and Zendesk's (Good / Bad) are the
    top, middle and bottom of the scale tickets are read on: a Good ticket is no complaint and an
    Okay one leaves its words to decide its sentiment; Help Scout's `Preview` is the customer's
    message and its `Rating Comments` join it."""
    from analytics.voices import score_side

    rng = random.Random(211)
    words = {"Great": "top", "Okay": None, "Not Good": "low", "": None}
    rows = [[str(2500 + i), f"Question {i}", "closed", f"c{i}@x.example", f"2026-06-{1 + i % 28:02d}T11:02:00Z",
             word, f"Thanks, fixed in {i} minutes" if word else "", _said(rng, i)]
            for i, word in enumerate(list(words) * 12)]
    helpscout = _csv(tmp_path, "helpscout.csv", ["Conversation ID", "Subject", "Status", "Customer Email",
                                                 "Created At", "Happiness Rating", "Rating Comments", "Preview"], rows)
    mapping = _mapped(workspace, helpscout)
    assert (mapping.columns["body"], mapping.more_comments) == ("Preview", ["Rating Comments"])
    ingest.import_file(workspace, helpscout)
    zendesk = [[str(9000 + i), f"Printer {i} offline", "2026-06-03 10:00", word]
               for i, word in enumerate(["Good", "Bad", "Offered"] * 10)]
    ingest.import_file(workspace, _csv(tmp_path, "zendesk.csv", ["Id", "Subject", "Created at", "Satisfaction Score"],
                                       zendesk))
    sides = workspace.execute("SELECT split_part(text, chr(10), 1), kind, score, scale_min, scale_max "
                              "FROM voices").fetchall()
    found = {subject: score_side(kind, score, low, high) for subject, kind, score, low, high in sides}
    assert found == {**{row[1]: words[row[5]] for row in rows},
                     **{row[1]: {"Good": "top", "Bad": "low", "Offered": None}[row[3]] for row in zendesk}}
    texts = dict(workspace.execute("SELECT subject, body FROM tickets WHERE subject LIKE 'Question%'").fetchall())
    assert texts == {row[1]: "\n\n".join(t for t in (row[6], row[7]) if t) for row in rows}  # file order


def test_a_japanese_survey_names_its_recommend_question_and_its_reason(workspace, tmp_path):
    """Google Forms in Japanese: '…薦める可能性は…（0〜10）' is the NPS question and '…理由を教えて
    ください' the comment, as their English twins are."""
    rng = random.Random(223)
    said = ["動作が遅い", "価格が高い", "使いやすい", "満足です"]  # short answers: not told by their values
    rows = [[f"2026/10/{1 + i % 28:02d} 16:08:00", f"tanaka{i}@example.co.jp", rng.randint(0, 10),
             f"{rng.choice(said)}{i}" if i % 8 else "", rng.randint(1, 5)] for i in range(120)]
    path = _csv(tmp_path, "japanese.csv", ["タイムスタンプ", "メールアドレス",
                                           "当社のサービスを友人や同僚に薦める可能性はどのくらいありますか？（0〜10）",
                                           "その点数をつけた理由を教えてください", "サービス全体の満足度（1：不満 〜 5：満足）"], rows)
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    scores = frame.iloc[:, 2]
    found = metrics.compute(workspace, "nps", Slice())
    assert (found.value, found.n) == (pytest.approx(100 * ((scores >= 9).mean() - (scores <= 6).mean())), 120)
    assert workspace.execute("SELECT count(*) FROM voices").fetchone()[0] == frame.iloc[:, 3].notna().sum()


def test_a_months_invoices_with_only_their_total_are_revenue_not_more_customers(workspace, tmp_path):
    """A short invoice export (ContactName, EmailAddress, InvoiceNumber, InvoiceDate, Total, Status,
    Currency) imported beside the customer list and an NPS survey naming customers by e-mail. As a
    customer list it added a second customer per address: churn fell from 2 of 6 to 2 of 11 and
    revenue at risk from 1,040 to 0, the survey's e-mails now naming two customers each."""
    crm = _csv(tmp_path, "customers.csv", ["Customer ID", "Email", "Segment", "MRR", "Status", "Churn Date"],
               [["C0034", "ana@alpha.com", "SMB", 100, "Active", ""], ["C0099", "ben@beta.com", "Enterprise", 900, "Active", ""],
                ["C0007", "cy@gamma.com", "SMB", 50, "Churned", "2024-08-10"], ["C0008", "dee@delta.com", "SMB", 60, "Active", ""],
                ["C0009", "eve@eps.com", "Enterprise", 70, "Churned", "2024-06-20"], ["C0010", "fay@zeta.com", "SMB", 80, "Active", ""]])
    survey = _csv(tmp_path, "nps.csv", ["Response ID", "Email", "How likely are you to recommend us?", "Comment", "Date"],
                  [["q1", "ben@beta.com", 2, "too expensive for us", "2024-05-01"],
                   ["q2", "dee@delta.com", 1, "support never answers", "2024-05-03"],
                   ["q3", "fay@zeta.com", 0, "thinking of leaving", "2024-05-05"]])
    invoices = _csv(tmp_path, "invoices.csv", ["ContactName", "EmailAddress", "InvoiceNumber", "InvoiceDate", "Total",
                                               "Status", "Currency"],
                    [[f"{name} Ltd", email, f"INV-00{31 + i}", "01/06/2024", f"{total:.2f}", "PAID", "NZD"]
                     for i, (name, email, total) in enumerate([("Alpha", "ANA@ALPHA.COM", 100), ("Beta", "ben@beta.com", 900),
                                                               ("Gamma", "CY@GAMMA.COM", 50), ("Delta", "dee@delta.com", 60),
                                                               ("Zeta", "FAY@ZETA.COM", 80)])])
    for path in (crm, survey, invoices):
        ingest.import_file(workspace, path)
    assert _mapped(workspace, invoices).kind == "revenue"
    listed, paid = pd.read_csv(crm), pd.read_csv(invoices)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == ((listed["Status"] == "Churned").mean(), len(listed))
    detractors = listed[listed["Email"].isin(pd.read_csv(survey)["Email"]) & (listed["Status"] == "Active")]
    assert metrics.compute(workspace, "revenue_at_risk", Slice()).value == detractors["MRR"].sum() == 1040
    stored = workspace.execute("SELECT sum(mrr) FROM revenue").fetchone()[0]
    assert stored == paid["Total"].sum()


def test_an_accounting_invoice_export_is_revenue_by_contact_and_its_voided_invoices_are_not(workspace, tmp_path):
    """Xero's invoice export (New Zealand): a line per row, contacts named by e-mail, the ledger's
    AccountCode (200 on every row) beside them, dates of the 1st written day-first, NZD, and
    VOIDED or DRAFT invoices that were never revenue. GRR and NRR over Feb–Aug = pandas on the
    PAID and AUTHORISED lines summed per contact and month."""
    rng = random.Random(227)
    rows = []
    for contact in range(30):
        last = rng.choice([8, 8, 8, 5, 6]) if contact % 4 else 8  # some leave
        seats = rng.randint(0, 3)
        for month in range(1, last + 1):
            status = rng.choices(["PAID", "AUTHORISED", "VOIDED", "DRAFT"], [80, 10, 5, 5])[0]
            seats += month == 4 and contact % 5 == 0  # some grow
            for item, amount in (("SUB-99", 99.0), ("SEAT", 15.0 * seats)):
                if amount:
                    rows.append([f"Kiwi Labs {contact} Ltd", f"accounts@kiwi{contact}.co.nz",
                                 f"INV-{1000 + contact * 10 + month}", f"01/{month:02d}/2026", item,
                                 f"{amount:.2f}", "200", "NZD", status])
    path = _csv(tmp_path, "xero.csv", ["ContactName", "EmailAddress", "InvoiceNumber", "InvoiceDate",
                                       "InventoryItemCode", "LineAmount", "AccountCode", "Currency", "Status"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.kind, mapping.columns["customer_id"], mapping.date_formats["month"]) == (
        "revenue", "EmailAddress", "%d/%m/%Y")
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    assert result.rows_rejected == frame["Status"].isin(["VOIDED", "DRAFT"]).sum() > 0
    billed = frame[frame["Status"].isin(["PAID", "AUTHORISED"])]
    months = billed.assign(month=billed["InvoiceDate"].str[3:5].astype(int)).pivot_table(
        index="EmailAddress", columns="month", values="LineAmount", aggfunc="sum", fill_value=0)
    start, end = months[1][months[1] > 0], months[8].reindex(months[1][months[1] > 0].index, fill_value=0)
    window = Slice(start=date(2026, 2, 1), end=date(2026, 9, 1))
    grr, nrr = metrics.compute(workspace, "grr", window), metrics.compute(workspace, "nrr", window)
    assert (grr.value, grr.n) == (pytest.approx((end.clip(upper=start)).sum() / start.sum()), len(start))
    assert (nrr.value, nrr.n) == (pytest.approx(end.sum() / start.sum()), len(start))


def test_a_hotel_review_in_two_halves_is_one_voice_without_its_placeholders(workspace, tmp_path):
    """Booking.com's `Positive review` and `Negative review` are one guest's words, in two
    paragraphs; 'There are no comments available for this review', 'No Negative' or 'N/A' say
    nothing and make no voice."""
    rng = random.Random(229)
    liked = ["Location", "Quiet room", "Great breakfast", "Friendly staff at the desk", "Rooftop bar"]
    disliked = ["Noisy air conditioning", "Check-in took 40 minutes", "Small bathroom", "Parking was expensive"]
    nothing = ["There are no comments available for this review", "No Negative", "N/A", "nothing", ""]
    rows = [[f"2026-07-{1 + i % 28:02d}", f"Guest{i}", rng.choice(["Superb", "Good"]),
             rng.choice(liked + ["No Positive", ""]) + (f", room {i} was ready early" if i % 2 else ""),
             rng.choice(disliked + nothing) + (f" on night {i}" if i % 2 else ""), f"{rng.randint(2, 10)}.0"]
            for i in range(150)]  # half of the answers differ, half are a few words guests repeat
    path = _csv(tmp_path, "booking.csv", ["Review date", "Guest name", "Review title", "Positive review",
                                          "Negative review", "Review score"], rows)
    mapping = _mapped(workspace, path)
    assert {mapping.columns["comment"], *mapping.more_comments} == {"Positive review", "Negative review"}
    ingest.import_file(workspace, path)
    said = {"no positive", "n/a", "nothing", "no negative", "there are no comments available for this review", ""}
    expected = sorted("\n\n".join(t for t in (row[3], row[4]) if t.strip().lower() not in said) for row in rows)
    assert sorted(row[0] for row in workspace.execute("SELECT text FROM voices").fetchall()) == \
        [text for text in expected if text]
    frame = pd.read_csv(path)
    found = metrics.compute(workspace, "rating", Slice())
    assert (found.value, found.n) == (pytest.approx(frame["Review score"].mean()), len(frame))


def test_a_cancellations_export_gives_why_they_left_and_joins_the_full_list(workspace, tmp_path):
    """RavenStack's churn events: one row per account that left, a reason code and the customer's
    own words. The words are the churn reason (not the code); alone the file would say 100% churn,
    which the proposal says; beside the accounts list churn is pandas' over all accounts, and each
    leaver's words are quoted."""
    rng = random.Random(57)
    accounts = [[f"A-{n:04x}", f"Acct {n}", rng.choice(["2023-02-01", "2023-06-15"]), rng.choice(["EU", "US"])]
                for n in range(120)]
    leavers = rng.sample(accounts, 30)
    codes = {"pricing": "too expensive for what we use", "features": "missing the reports we need",
             "support": "support took a week to answer"}
    events = [[f"C-{i:05d}", account[0], f"2024-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}", code,
               f"{rng.choice([0, 12.5, 99])}", "" if i % 6 == 0 else f"{codes[code]} ({i})"]
              for i, (account, code) in enumerate(zip(leavers, rng.choices(list(codes), k=30)))]
    path = _csv(tmp_path, "churn_events.csv", ["churn_event_id", "account_id", "churn_date", "reason_code",
                                                "refund_amount_usd", "feedback_text"], events)
    mapping = _mapped(workspace, path)
    assert mapping.columns["churn_reason"] == "feedback_text"
    assert any(warning.startswith("Every row of this file is a customer who left") for warning in mapping.warnings)
    ingest.import_file(workspace, path)
    ingest.import_file(workspace, _csv(tmp_path, "accounts.csv", ["account_id", "account_name", "signup_date",
                                                                  "country"], accounts))  # a CRM's list
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (30 / 120, 120)
    said = sorted(row[5] for row in events if row[5])
    assert sorted(t for (t,) in workspace.execute("SELECT text FROM voices WHERE source = 'churn_reason'").fetchall()) \
        == said


@pytest.mark.parametrize("column, filled_for, reason", [("Comments", "leavers", True), ("Comments", "everyone", False),
                                                       ("Cancelled by", "leavers", False)])
def test_a_comment_written_only_beside_customers_who_left_is_their_churn_reason(workspace, tmp_path, column,
                                                                               filled_for, reason):
    """A CRM's comments filled in only for the accounts that left say why; the same column filled
    in for everyone does not, nor the name of the agent who cancelled them."""
    rng = random.Random(58)
    rows = []
    for n in range(60):
        left = n % 4 == 0
        note = (rng.choice(["Ana Ruiz", "Tom Berg"]) if column == "Cancelled by"
                else f"{rng.choice(['Budget cut', 'Moved to a rival', 'Onboarding was slow'])} in call {n}")
        rows.append([f"K{n}", "Cancelled" if left else "Active", note if left or filled_for == "everyone" else ""])
    path = _csv(tmp_path, "crm.csv", ["Customer ID", "Status", column], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.columns.get("churn_reason") == column) is reason
    assert ("written only beside customers who left" in mapping.reasons.get("churn_reason", "")) is reason


def test_a_subscription_cancelled_until_its_period_ends_is_still_a_customer(workspace, tmp_path):
    """Lemon Squeezy's `Status` (active, on_trial, paused, past_due, expired, cancelled) and `Ends
    at`: a subscription cancelled but paid up until a day still to come is a customer today; one
    whose end has passed left. Churn = pandas on the statuses and the dates."""
    from datetime import timedelta

    rng = random.Random(233)
    today = date.today()
    rows = []
    for i in range(200):
        status = rng.choices(["active", "on_trial", "paused", "past_due", "expired", "cancelled"],
                             [55, 6, 4, 3, 18, 14])[0]
        ends = "" if status not in ("expired", "cancelled") else (
            today + timedelta(days=rng.randint(3, 25)) if status == "cancelled" and i % 2 else
            today - timedelta(days=rng.randint(10, 300)))
        rows.append([str(300000 + i), str(1200000 + i), f"buyer{i}@mail{i}.com", "Pixel Pro", status,
                     f"${rng.choice([29, 79])}.00", "" if not ends else f"{ends:%Y-%m-%d}T00:00:00.000000Z",
                     f"{today - timedelta(days=400 - i):%Y-%m-%d}T07:46:00.000000Z"])
    path = _csv(tmp_path, "lemon.csv", ["ID", "Customer ID", "Email", "Product", "Status", "Price", "Ends at",
                                        "Created at"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.columns["churned"], mapping.columns["churn_date"]) == ("Status", "Ends at")
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path, keep_default_na=False)
    ended = pd.to_datetime(frame["Ends at"].replace("", None), utc=True).dt.date
    left = frame["Status"].isin(["expired", "cancelled"]) & (ended <= today)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx(left.mean()), 200)
    assert left.sum() < frame["Status"].isin(["expired", "cancelled"]).sum()  # some are still paid up


def test_a_brazilian_customer_list_reads_its_situacao(workspace, tmp_path):
    """`Situação` (Ativo / Cancelado / Inadimplente / Suspenso) is the churn flag: a customer late
    with a payment, or suspended, is still a customer."""
    rng = random.Random(239)
    rows = [[f"CLI-{10000 + i}", f"Comércio {i} Ltda", f"contato{i}@empresa{i}.com.br",
             f"R$ {rng.choice([89, 599])},90",
             rng.choices(["Ativo", "Cancelado", "Inadimplente", "Suspenso"], [70, 20, 6, 4])[0]] for i in range(120)]
    path = _csv(tmp_path, "clientes.csv", ["Código", "Razão Social", "E-mail", "Mensalidade", "Situação"], rows, ";")
    assert _mapped(workspace, path).columns["churned"] == "Situação"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path, sep=";")
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx((frame["Situação"] == "Cancelado").mean()), 120)


def test_a_french_qualtrics_export_names_its_nps_question_its_reason_and_its_previews(workspace, tmp_path):
    """'…quelle est la probabilité que vous recommandiez…' is NPS, 'Pourquoi avez-vous donné cette
    note ?' its comment, and a Status of 'Aperçu de l'enquête', 'Test d'enquête' or 'Spam' is left out."""
    rng = random.Random(241)
    statuses = rng.choices(["Adresse IP", "Aperçu de l'enquête", "Test d'enquête", "Spam"], [85, 6, 5, 4], k=160)
    rows = [[f"2025-0{1 + i % 9}-1{i % 10} 10:00:00", status, f"R_{i:05d}", rng.randint(0, 10),
             f"Le support a répondu en {i} minutes" if i % 3 else ""] for i, status in enumerate(statuses)]
    path = _csv(tmp_path, "qualtrics_fr.csv", ["RecordedDate", "Status", "ResponseId",
                                               "Sur une échelle de 0 à 10, quelle est la probabilité que vous "
                                               "recommandiez notre entreprise à un ami ?",
                                               "Pourquoi avez-vous donné cette note ?"], rows)
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    kept = frame[frame["Status"] == "Adresse IP"]
    scores = kept.iloc[:, 3]
    found = metrics.compute(workspace, "nps", Slice())
    assert (found.value, found.n) == (pytest.approx(100 * ((scores >= 9).mean() - (scores <= 6).mean())), len(kept))
    assert workspace.execute("SELECT count(*) FROM voices").fetchone()[0] == kept.iloc[:, 4].notna().sum()


@pytest.mark.parametrize("header, words, trial", [
    (["Codice cliente", "Ragione sociale", "Piano", "Regione", "Data attivazione", "Stato", "Data disdetta"],
     ("Attivo", "Disdetto", "In prova"), "In prova"),
    (["ID klienta", "Klient", "Plan", "Województwo", "Data rozpoczęcia", "Status", "Rezygnacja"],
     ("Aktywny", "Zrezygnował", "Zawieszony"), None),
])
def test_an_italian_or_polish_customer_list_reads_its_status_and_dates(workspace, tmp_path, header, words, trial):
    rng = random.Random(251)
    rows = []
    for i in range(150):
        status = rng.choices(words, [70, 20, 10])[0]
        rows.append([f"C{i:05d}", f"Azienda {i}", rng.choice(["Pro", "Base"]), rng.choice(["Nord", "Sud"]),
                     f"{1 + i % 28:02d}.0{1 + i % 9}.2024", status,
                     f"{1 + i % 28:02d}.0{1 + i % 9}.2025" if status == words[1] else ""])
    path = _csv(tmp_path, "clienti.csv", header, rows, ";")
    mapping = _mapped(workspace, path)
    assert (mapping.columns["churned"], mapping.columns["churn_date"], mapping.columns["signup_date"],
            mapping.columns["plan"], mapping.columns["region"]) == (header[5], header[6], header[4], header[2], header[3])
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path, sep=";")
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx((frame[header[5]] == words[1]).mean()), 150)


def test_a_crm_export_leaves_its_prospects_out_and_a_count_is_no_rating(workspace, tmp_path):
    """Close's `status_label`: Potential, Qualified and Bad Fit are leads, rejected as not customers
    yet; Re:amaze's `Message Count` (1–5) is how many messages, never a rating."""
    rng = random.Random(257)
    labels = rng.choices(["Customer", "Churned", "Potential", "Qualified", "Bad Fit"], [45, 15, 20, 12, 8], k=150)
    rows = [[f"lead_{i:05d}", f"Initech {i}", label, f"2024-0{1 + i % 9}-01T00:00:00+00:00"]
            for i, label in enumerate(labels)]
    path = _csv(tmp_path, "close.csv", ["id", "display_name", "status_label", "date_created"], rows)
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    customers = frame[frame["status_label"].isin(["Customer", "Churned"])]
    assert result.rows_rejected == len(frame) - len(customers)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx((customers["status_label"] == "Churned").mean()), len(customers))
    said = ["the refund has not arrived", "cannot log in since the update", "thanks, solved quickly"]
    tickets = [[str(976051000 + i), f"Question {i}", f"{rng.choice(said)} (order {i})", rng.randint(1, 5)]
               for i in range(120)]
    mapping = _mapped(workspace, _csv(tmp_path, "reamaze.csv", ["Conversation ID", "Subject", "Body", "Message Count"],
                                      tickets))
    assert "Message Count" not in mapping.columns.values()


def test_a_status_that_varies_is_the_churn_flag_over_one_constant_on_every_row(workspace, tmp_path):
    """HubSpot's companies: `Lifecycle Stage` says 'Customer' on every row, `Customer Status` says
    who left (Active / Churned): churn = pandas on the second, never 0 from the first."""
    rng = random.Random(263)
    rows = [[str(9427272360 + i), f"Northwind {i}", "Customer", rng.choices(["Active", "Churned"], [76, 24])[0],
             str(rng.randint(100, 4000))] for i in range(100)]
    path = _csv(tmp_path, "companies.csv", ["Record ID", "Company name", "Lifecycle Stage", "Customer Status", "MRR"],
                rows)
    assert _mapped(workspace, path).columns["churned"] == "Customer Status"
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx((frame["Customer Status"] == "Churned").mean()), 100)


def test_a_direct_debit_payments_export_is_revenue_by_the_customer_it_names_and_its_charge_date(workspace, tmp_path):
    """GoCardless-like: each row a payment keyed by its own `id`, the customer in `customers.id` (a
    table-qualified, plural name), the money moving on `charge_date` days after `created_at`, and
    statuses of a direct debit: paid out and confirmed are collected, the others are not."""
    rng = random.Random(11)
    statuses = ["paid_out", "confirmed", "failed", "cancelled", "charged_back", "pending_submission"]
    rows = []
    for c in range(40):
        for m in range(rng.randint(2, 6)):
            charge = date(2024, 1 + m, 2 + c % 26)
            rows.append([f"PM{rng.randrange(16 ** 10):010X}", f"{charge - timedelta(days=3):%Y-%m-%d}T09:30:00.000Z",
                         f"{charge:%Y-%m-%d}", f"{rng.choice([29, 49, 99])}.00", "GBP",
                         rng.choices(statuses, [80, 8, 5, 3, 1, 3])[0], f"CU{c:010d}", f"ann{c}@firm{c}.co.uk"])
    path = _csv(tmp_path, "payments.csv", ["id", "created_at", "charge_date", "amount", "currency", "status",
                                           "customers.id", "customers.email"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.kind, mapping.row_key, mapping.payment_status) == ("revenue", "id", "status")
    assert {key: mapping.columns[key] for key in ("customer_id", "month", "mrr")} == {
        "customer_id": "customers.id", "month": "charge_date", "mrr": "amount"}
    result = ingest.import_file(workspace, path, mapping=mapping)
    frame = pd.read_csv(path, parse_dates=["charge_date"])
    paid = frame[frame["status"].isin(["paid_out", "confirmed"])]
    expected = paid.groupby(["customers.id", paid["charge_date"].dt.to_period("M").dt.start_time.dt.date])[
        "amount"].sum().round(2).to_dict()
    stored = {(customer, month): round(mrr, 2) for customer, month, mrr in workspace.execute(
        "SELECT customer_id, month, sum(mrr) FROM revenue GROUP BY ALL").fetchall()}
    assert stored == expected
    assert result.rows_rejected == len(frame) - len(paid)


def test_a_recommendation_given_instead_of_stars_is_kept_as_the_recommendation(workspace, tmp_path):
    """A review platform's export across sites: Google gives 1–5 stars, Facebook 'Recommended' or
    'Not Recommended' in the same Rating column. Each review is kept with its words; the stars make
    the rating, the recommendations the recommend share (a '1' is one star, never a yes)."""
    rng = random.Random(8)
    rows = []
    for r in range(120):
        site = rng.choice(["Google", "Google", "Yelp", "Facebook"])
        rating = rng.choice(["Recommended", "Not Recommended"]) if site == "Facebook" else str(rng.randint(1, 5))
        rows.append([f"{1 + r % 12:02d}/{1 + r % 28:02d}/2024", f"Pat {r}", site, rating,
                     f"{rng.choice(['Friendly staff', 'Waited an hour', 'Okay visit'])} on visit {r}"])
    path = _csv(tmp_path, "reviews.csv", ["Review Date", "Reviewer Name", "Source", "Rating", "Review"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.columns["rating"], mapping.columns["recommend"], mapping.columns["comment"]) == (
        "Rating", "Rating", "Review")
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (120, 0)
    frame = pd.read_csv(path)
    stars = pd.to_numeric(frame["Rating"], errors="coerce").dropna()
    said = frame.loc[frame["Rating"].isin(["Recommended", "Not Recommended"]), "Rating"]
    rating, recommend = (metrics.compute(workspace, key, Slice()) for key in ("rating", "recommend"))
    assert (round(rating.value, 9), rating.n) == (round(stars.mean(), 9), len(stars))
    assert (recommend.value, recommend.n) == ((said == "Recommended").mean(), len(said))
    voices = workspace.execute("SELECT count(*) FROM responses WHERE comment IS NOT NULL").fetchone()[0]
    assert voices == len(frame)


def test_the_reason_for_the_score_is_the_comment_and_anything_else_joins_it(workspace, tmp_path):
    """Typeform-like: the NPS follow-up asks for the reason for the score; a later 'Anything else'
    question (answered by fewer) joins it as a second paragraph, not the other way round."""
    rng = random.Random(12)
    reasons = ["The reports save me hours", "Too expensive for a team our size", "Support never called back",
               "Setup took a week", "Dashboards are clear"]
    rows = []
    for r in range(150):
        reason = f"{rng.choice(reasons)} ({r})" if r % 3 else ""
        asked = rng.choice(['SSO', 'a mobile app', 'Excel export'])
        extra = f"Please add {asked} soon, ticket {r}" if r % 4 == 0 else ""
        rows.append([str(r + 1), str(rng.randint(0, 10)), reason, str(rng.randint(1, 5)), extra,
                     f"2024-05-{1 + r % 28:02d} 10:00:00"])
    header = ["#", "How likely are you to recommend Acme to a friend or colleague?",
              "What's the main reason for your score?", "Overall, how satisfied are you with Acme?",
              "Anything else you'd like to tell us?", "Submit Date (UTC)"]
    path = _csv(tmp_path, "typeform.csv", header, rows)
    mapping = _mapped(workspace, path)
    assert (mapping.columns["comment"], mapping.more_comments) == (header[2], [header[4]])
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, dtype=str).fillna("")
    wrote = frame[(frame[header[2]] != "") | (frame[header[4]] != "")]
    expected = sorted("\n\n".join(t for t in (row[header[2]], row[header[4]]) if t) for _, row in wrote.iterrows())
    stored = sorted(text for (text,) in workspace.execute(
        "SELECT comment FROM responses WHERE comment IS NOT NULL").fetchall())
    assert stored == expected


def test_surveymonkeys_seven_points_from_extremely_difficult_to_extremely_easy_are_ces(workspace, tmp_path):
    labels = ["Extremely difficult", "Very difficult", "Somewhat difficult", "Neither easy nor difficult",
              "Somewhat easy", "Very easy", "Extremely easy"]
    rng = random.Random(13)
    rows = [[str(1000 + r), f"05/{1 + r % 28:02d}/2024 10:00:00 AM", rng.choices(labels, [1, 1, 2, 3, 4, 6, 5])[0]]
            for r in range(140)]
    path = _csv(tmp_path, "ease.csv", ["Respondent ID", "End Date", "How easy was it to get the help you needed?"],
                rows)
    assert ingest.import_file(workspace, path).rows_rejected == 0
    points = pd.read_csv(path)[path.read_text().splitlines()[0].split(",")[2]].map(
        {label: point for point, label in enumerate(labels, start=1)})
    ces = metrics.compute(workspace, "ces", Slice())
    assert (round(ces.value, 9), ces.n) == (round(points.mean(), 9), len(points))


def _billing_subscriptions(rng: random.Random, statuses: dict[str, bool], today: date) -> list[list[str]]:
    """Subscriptions with base62 keys (some without a digit), one or two per customer; a status of
    `statuses` (True: ended) and, for an ended or cancelled one, the day it was cancelled and the
    day it expires (a cancellation at the period's end expires after today)."""
    letters = string.ascii_letters
    rows = []
    for c in range(90):
        customer = "".join(rng.choice(letters + string.digits) for _ in range(16))
        for _ in range(rng.choice([1, 1, 2])):
            key = "".join(rng.choice(letters if rng.random() < 0.3 else letters + string.digits) for _ in range(16))
            status = rng.choice(list(statuses))
            cancelled = today - timedelta(days=rng.randint(5, 200)) if statuses[status] or rng.random() < 0.3 else None
            expires = (cancelled + timedelta(days=30 if statuses[status] else 400)) if cancelled else None
            rows.append([key, customer, f"{customer[:6].lower()}@example.com", status, str(rng.choice([50, 90, 150])),
                         f"{cancelled or ''}", f"{expires or ''}", rng.choice(["true", "false"])])
    return rows


@pytest.mark.parametrize("statuses", [
    {"Live": False, "Non Renewing": False, "Dunning": False, "Cancelled": True, "Expired": True},  # Zoho's
    {"wc-active": False, "wc-on-hold": False, "wc-pending-cancel": False, "wc-cancelled": True,
     "wc-expired": True}])  # WooCommerce's
def test_subscription_exports_in_their_own_words_with_keys_without_digits(workspace, tmp_path, statuses):
    """A subscriptions export (Chargebee's `subscriptions.id`, base62, often without a digit) in the
    billing tool's own status words; a subscription cancelled to end at its term leaves on its expiry
    date, not on the day it was cancelled; a true/false column is never the plan."""
    today = date.today()
    header = ["subscriptions.id", "subscriptions.customer_id", "customers.email", "subscriptions.status",
              "subscriptions.mrr", "subscriptions.cancelled_at", "subscriptions.expires_at", "auto_collection"]
    path = _csv(tmp_path, "subscriptions.csv", header, _billing_subscriptions(random.Random(21), statuses, today))
    mapping = _mapped(workspace, path)
    assert (mapping.row_key, mapping.columns["churn_date"]) == ("subscriptions.id", "subscriptions.expires_at")
    assert "plan" not in mapping.columns
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path, parse_dates=["subscriptions.expires_at"])
    frame["ended"] = frame["subscriptions.status"].map(statuses) & (frame["subscriptions.expires_at"].dt.date <= today)
    per = frame.groupby("subscriptions.customer_id")
    churned = per["ended"].all()
    assert (result.rows_loaded, result.rows_rejected) == (len(churned), 0)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (churned.mean(), len(churned))
    live = frame.loc[~frame["ended"]].groupby("subscriptions.customer_id")["subscriptions.mrr"].sum()
    stored = dict(workspace.execute("SELECT customer_id, mrr FROM customers WHERE NOT churned").fetchall())
    assert stored == live.to_dict()


@pytest.mark.parametrize("statuses", [["Paid", "Partial", "Open", "Overdue", "Voided"],  # QuickBooks'
                                      ["paid", "partial", "sent", "viewed", "disputed", "draft"],  # FreshBooks'
                                      ["completed", "paid", "billed", "past_due", "canceled"]])  # Paddle's
def test_an_invoice_list_naming_its_customers_counts_what_was_paid(workspace, tmp_path, statuses):
    """An invoice list keyed by the customer's name ('Wonka GmbH'), with its tool's statuses: what
    was paid (in part too: the paid amount) is revenue; an invoice issued but not paid, a draft, a
    dispute, a void is not, and is rejected with its status."""
    rng = random.Random(14)
    collected = {"paid", "partial", "completed"}
    rows = [[f"{month:02d}/{rng.randint(1, 28):02d}/2024", "Invoice", f"{1000 + i}", f"Wonka GmbH {i % 12}",
             f"{rng.choice([400, 1250, 2000]):,}.00", rng.choices(statuses, [8] + [1] * (len(statuses) - 1))[0]]
            for i, month in enumerate(rng.choices(range(1, 13), k=200))]
    header = ["Date", "Transaction type", "Num", "Customer", "Amount Paid", "Status"]
    path = _csv(tmp_path, "invoices.csv", header, rows)
    mapping = _mapped(workspace, path)
    assert (mapping.kind, mapping.columns["customer_id"], mapping.payment_status) == ("revenue", "Customer", "Status")
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path, thousands=",", parse_dates=["Date"], date_format="%m/%d/%Y")
    paid = frame[frame["Status"].str.lower().isin(collected)]
    expected = paid.groupby(["Customer", paid["Date"].dt.to_period("M").dt.start_time.dt.date])[
        "Amount Paid"].sum().to_dict()
    stored = dict(((customer, month), mrr) for customer, month, mrr in workspace.execute(
        "SELECT customer_id, month, sum(mrr) FROM revenue GROUP BY ALL").fetchall())
    assert stored == expected
    assert result.rows_rejected == len(frame) - len(paid)


@pytest.mark.parametrize("answers, scale", [(range(1, 6), (1, 5)), (range(1, 8), (1, 7))])
def test_an_effort_score_is_on_the_scale_its_answers_reach(workspace, tmp_path, answers, scale):
    """A bare 'Customer Effort Score' column: 1–7 when someone answered above 5, else 1–5 (read
    on 1–7, a 5 would count as barely easy and the mean as out of 7)."""
    rng = random.Random(15)
    rows = [[f"r{i}", f"2024-06-{1 + i % 28:02d}", str(rng.choice(list(answers)))] for i in range(60)]
    path = _csv(tmp_path, "ces.csv", ["Response ID", "Date", "Customer Effort Score"], rows)
    assert tuple(_mapped(workspace, path).scales["ces"]) == scale
    ingest.import_file(workspace, path)
    stored = workspace.execute("SELECT min(scale_min), max(scale_max), avg(score) FROM responses").fetchone()
    assert stored == (*scale, pytest.approx(pd.read_csv(path)["Customer Effort Score"].mean(), rel=1e-12))


def test_an_nps_export_with_its_groups_and_a_bare_answer_column_is_nps(workspace, tmp_path):
    """AskNicely-like: the 0–10 score in `answer`, its group (promoter, passive, detractor) beside
    it, `question_type` saying nps, a comment on some rows, Unix times: survey answers, every one
    kept (a score without words too), not tickets."""
    rng = random.Random(16)
    rows = []
    for i in range(150):
        score = rng.randint(0, 10)
        group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        said = f"{rng.choice(['Waited on chat', 'Great onboarding', 'Pricing is steep'])}, case {i}" if i % 3 else ""
        rows.append([str(220000 + i), f"p{i}@example.com", str(score), group, said, "responded",
                     str(1704274439 + 3600 * i), "nps"])
    path = _csv(tmp_path, "asknicely.csv", ["id", "email", "answer", "answerlabel", "comment", "status", "responded",
                                            "question_type"], rows)
    result = ingest.import_file(workspace, path)
    assert (result.kind, result.rows_loaded, result.rows_rejected) == ("responses", 150, 0)
    scores = pd.read_csv(path)["answer"]
    nps = metrics.compute(workspace, "nps", Slice())
    assert (round(nps.value, 9), nps.n) == (round(100 * ((scores >= 9).mean() - (scores <= 6).mean()), 9), 150)


@pytest.mark.parametrize("header, stages, customers", [
    ("Lifecycle Stage", ["Customer", "Evangelist", "Lead", "Marketing Qualified Lead", "Opportunity", "Subscriber",
                         "Other"], {"Customer", "Evangelist"}),  # HubSpot's
    ("Type", ["Customer - Direct", "Customer - Channel", "Former Customer", "Prospect", "Partner", "Other"],
     {"Customer - Direct", "Customer - Channel", "Former Customer"})])  # Salesforce's
def test_a_crm_export_counts_only_its_customers_among_its_accounts(workspace, tmp_path, header, stages, customers):
    """A CRM's accounts: customers beside leads, prospects, partners. Only the customers are; the
    others are rejected with their stage, and churn is counted among the customers."""
    rng = random.Random(17)
    rows = []
    for i in range(200):
        stage = rng.choice(stages)
        gone = stage == "Former Customer" or stage in customers and i % 7 == 0
        left = f"{1 + i % 12}/{1 + i % 28}/2024" if gone else ""
        rows.append([str(900000 + i), f"Acme {i} Ltd", stage, f"{1 + i % 12}/5/2023", left])
    path = _csv(tmp_path, "accounts.csv", ["Account ID", "Account Name", header, "Customer Since", "Churn Date"], rows)
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    kept = frame[frame[header].isin(customers)]
    assert (result.rows_loaded, result.rows_rejected) == (len(kept), len(frame) - len(kept))
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (kept["Churn Date"].notna().mean(), len(kept))


def test_a_prospects_empty_status_is_no_customer_left_out_of_churn(workspace, tmp_path):
    """Salesforce accounts: prospects have no status, and are rejected as prospects. The proposal
    said their empty status left customers out of churn figures; only a customer's empty status
    does, and churn is pandas' over the customers."""
    rows = [[f"0015g{i:05d}", f"Acme {i}", "Prospect" if i % 9 == 4 else "Customer - Direct", 100 + i,
             "" if i % 9 == 4 else "Churned" if i % 5 == 0 else "Active"] for i in range(90)]
    header = ["Account ID", "Account Name", "Type", "MRR__c", "Account_Status__c"]
    path = _csv(tmp_path, "accounts.csv", header, rows)
    assert not any("left out of churn figures" in w for w in _mapped(workspace, path).warnings)
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    customers = frame[frame["Type"] != "Prospect"]
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == (pytest.approx((customers["Account_Status__c"] == "Churned").mean()),
                                      len(customers))
    rows[0][4] = ""  # a customer's status left empty is still said
    again = _csv(tmp_path, "accounts_2.csv", header, rows)
    assert any(w.startswith("Account_Status__c: 1 of") and "left out of churn figures" in w
               for w in _mapped(workspace, again).warnings)


def test_headers_prefixed_with_their_object_are_read_by_their_field(workspace, tmp_path):
    """Pipedrive writes 'Organization - Name', 'Organization - Label': the field after the object."""
    rows = [[str(100 + i), f"Initech {i}", rng_label, f"2024-0{1 + i % 9}-10"]
            for i, rng_label in enumerate(["Customer", "Hot lead", "Customer", "Cold lead"] * 15)]
    path = _csv(tmp_path, "organizations.csv", ["Organization - ID", "Organization - Name", "Organization - Label",
                                                "Organization - Organization created"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.columns["customer_id"], mapping.columns["name"], mapping.excluding) == (
        "Organization - ID", "Organization - Name", "Organization - Label")
    assert ingest.import_file(workspace, path).rows_loaded == 30


@pytest.mark.parametrize("top, field", [(7, "ces"), (5, "rating")])
def test_a_bare_score_on_one_to_seven_is_effort_and_on_one_to_five_a_rating(workspace, tmp_path, top, field):
    """Delighted's CES export: `Score` on 1–7, as its NPS export is `Score` on 0–10."""
    rng = random.Random(18)
    rows = [[str(500 + i), str(rng.randint(1, top)), f"Comment {i} on setup",
             f"2024-04-{1 + i % 28:02d} 09:00:00 -0700"] for i in range(120)]
    path = _csv(tmp_path, "delighted.csv", ["Response ID", "Score", "Comment", "Created At"], rows)
    assert _mapped(workspace, path).columns[field] == "Score"
    ingest.import_file(workspace, path)
    figure = metrics.compute(workspace, field, Slice())
    assert (round(figure.value, 9), figure.n) == (round(pd.read_csv(path)["Score"].mean(), 9), 120)


def test_a_conversation_rating_is_dated_when_it_was_given(workspace, tmp_path):
    """Intercom's ratings: the conversation starts one day, the rating comes later (`Rated at`),
    and the rating's month is the month it was given."""
    rows = [[str(62703114198024 + i), f"2024-01-{28 + i % 3:02d} 15:20:16 UTC", str(1 + i % 5), f"Remark {i}",
             f"2024-02-0{1 + i % 3} 14:20:16 UTC"] for i in range(60)]
    path = _csv(tmp_path, "ratings.csv", ["Conversation ID", "Conversation started at", "Rating", "Rating remark",
                                          "Rated at"], rows)
    assert _mapped(workspace, path).columns["responded_at"] == "Rated at"
    ingest.import_file(workspace, path)
    months = workspace.execute("SELECT DISTINCT strftime(responded_at, '%Y-%m') FROM responses").fetchall()
    assert months == [("2024-02",)]


def _unsubmitted_answers(tmp_path, with_interaction: bool):
    """A Refiner-like NPS export: every answer says when it was shown and first answered, only the
    submitted ones when they were completed; the signup date is months before any of them."""
    rng = random.Random(32)
    rows = []
    for i in range(150):
        shown = datetime(2024, 1, 1, 8) + timedelta(days=rng.randrange(0, 180), minutes=rng.randrange(0, 900))
        first = shown + timedelta(seconds=rng.randrange(5, 90))
        completed = "" if i % 12 == 5 else (first + timedelta(seconds=rng.randrange(10, 600))).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        signup = (shown - timedelta(days=rng.randrange(60, 700))).strftime("%Y-%m-%d")
        rows.append([f"r{i}", f"u{i}@example.com", shown.strftime("%Y-%m-%dT%H:%M:%SZ")]
                    + ([first.strftime("%Y-%m-%dT%H:%M:%SZ")] if with_interaction else [])
                    + [completed, rng.choice([0, 3, 6, 7, 8, 9, 10, 10]), f"Reason {i}", signup])
    header = (["Response ID", "Email", "Shown at"] + (["First interaction at"] if with_interaction else [])
              + ["Completed at", "How likely are you to recommend us?", "What is the main reason for your score?",
                 "Signup date"])
    return _csv(tmp_path, "refiner.csv", header, rows)


def test_an_answer_never_submitted_is_dated_by_when_it_was_answered(workspace, tmp_path):
    """A response dismissed after its score has no 'Completed at' but says when it was first
    answered: that date stands in, so each month counts every answer given in it (it counted
    over all time and in no month)."""
    path = _unsubmitted_answers(tmp_path, with_interaction=True)
    mapping = _mapped(workspace, path)
    assert mapping.columns["responded_at"] == "Completed at"
    assert mapping.date_fallbacks["responded_at"][0] == "First interaction at"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path)
    when = pd.to_datetime(frame["Completed at"]).fillna(pd.to_datetime(frame["First interaction at"]))
    score = frame["How likely are you to recommend us?"]
    for month in range(1, 8):
        start, end = date(2024, month, 1), date(2024 + month // 12, month % 12 + 1, 1)
        rows = score[(when.dt.date >= start) & (when.dt.date < end)]
        nps = metrics.compute(workspace, "nps", Slice(start=start, end=end))
        expected = 100 * ((rows >= 9).mean() - (rows <= 6).mean()) if len(rows) else None
        assert (nps.n, None if nps.value is None else round(nps.value, 9)) == (
            len(rows), None if expected is None else round(expected, 9))
    assert frame["Completed at"].isna().sum() == 13


def test_a_signup_date_months_away_never_stands_in_for_the_answer_date(workspace, tmp_path):
    path = _unsubmitted_answers(tmp_path, with_interaction=False)
    mapping = _mapped(workspace, path)
    assert mapping.columns["responded_at"] == "Completed at"
    assert mapping.date_fallbacks["responded_at"][0] == "Shown at"  # a minute before the answer
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["Shown at"])
    frame.to_csv(path, index=False)
    assert "responded_at" not in _mapped(workspace, path).date_fallbacks  # the signup date is months away


def test_a_contact_list_with_postal_addresses_is_customers_not_tickets(workspace, tmp_path):
    """QuickBooks' Customer Contact List, under its report title: a billing address is where a
    customer lives, not words they wrote, so the file is a customer list (it was read as 160
    support tickets whose descriptions were addresses)."""
    rng = random.Random(12)
    streets = ["Oak Ave", "Main St", "Hauptstraße", "Market Street", "Rue de la Paix"]
    cities = ["Austin, TX 78701", "Denver, CO 80202", "10115 Berlin", "London SW1A 2AA", "75002 Paris"]
    rows = []
    for i in range(160):
        street, city = rng.randrange(5), rng.randrange(5)
        address = (f"{streets[street]} {rng.randint(1, 90)}, Etage 2, {cities[city]}" if street == 2
                   else f"{rng.randint(10, 999)} {streets[street]}, Suite {rng.randint(1, 400)}, {cities[city]}")
        rows.append([f"Company {i} LLC #{i}", f"Company {i} LLC", f"(619) 873-{5000 + i}", f"ap{i}@company{i}.com",
                     f"Person {i}", address, f"{rng.choice([0, 0, 1200])}.00", ""])
    path = tmp_path / "contacts.csv"
    path.write_text("Customer Contact List\nSample Company LLC\nAll Dates\n\n", encoding="utf-8")
    with path.open("a", encoding="utf-8", newline="") as sink:
        pd.DataFrame(rows, columns=["Customer", "Company name", "Phone", "Email", "Full name", "Billing address",
                                    "Open balance", "Notes"]).to_csv(sink, index=False)
    mapping = _mapped(workspace, path)
    assert mapping.kind == "customers"
    assert "Billing address" not in mapping.columns.values()
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (160, 0)
    assert "Billing address" in result.kept_columns


def test_an_account_with_a_canceled_subscription_and_a_live_one_is_still_a_customer(workspace, tmp_path):
    """Recurly's accounts export: `has_canceled_subscription` is true for an account that switched
    plans and still pays, so churn is the accounts without a live subscription (it read 0.37)."""
    rng = random.Random(21)
    rows = []
    for i in range(150):
        live = rng.random() < 0.73
        canceled = (not live) or rng.random() < 0.35  # a switch of plan cancels the old subscription
        rows.append([f"acct-{10000 + i}", "closed" if not live and rng.random() < 0.3 else "active",
                     f"a{i}@example.com", f"2022-{1 + i % 12:02d}-12 19:05:34 UTC", "", rng.choice(["GB", "DE", "US"]),
                     str(live).lower(), str(live).lower(), str(canceled).lower(), "false"])
    header = ["account_code", "account_state", "email", "created_at", "closed_at", "billing_country",
              "has_live_subscription", "has_active_subscription", "has_canceled_subscription", "has_past_due_invoice"]
    path = _csv(tmp_path, "accounts.csv", header, rows)
    assert _mapped(workspace, path).columns["churned"] == "has_live_subscription"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == ((~frame["has_live_subscription"]).mean(), 150)


def test_a_satisfaction_ratings_export_with_a_survey_date_is_answers_not_tickets(workspace, tmp_path):
    """Zendesk's satisfaction ratings: each row rates a ticket (its ID, group and assignee) and
    most bad ones say why in `Comment`; dated by `Survey date`. As tickets it gave no CSAT."""
    rng = random.Random(33)
    said = ["Very helpful, really appreciated.", "Took three days to get an answer", "Fixed it fast, thanks!",
            "Nobody read my message properly", "Great agent, patient and clear", "Still not solved, ticket closed"]
    rows = []
    for i in range(180):
        rating = rng.choices(["Good", "Bad", "Offered"], [60, 21, 19])[0]
        comment = f"{rng.choice(said)} ({i})" if rating != "Offered" and rng.random() < 0.7 else ""
        rows.append([5000 + i, rating, comment, "Issue took too long" if rating == "Bad" else "",
                     rng.choice(["Billing", "Support"]), rng.choice(["Jonas Kim", "Maya Patel"]), f"Person {i}",
                     f"p{i}@example.com", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} 08:29:00"])
    header = ["Ticket ID", "Satisfaction", "Comment", "Reason", "Ticket group", "Assignee", "Requester",
              "Requester email", "Survey date"]
    path = _csv(tmp_path, "satisfaction.csv", header, rows)
    assert _mapped(workspace, path).kind == "responses"
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    answered = frame[frame["Satisfaction"] != "Offered"]
    assert (result.rows_loaded, result.rows_rejected) == (len(answered), 180 - len(answered))
    csat = metrics.compute(workspace, "csat", Slice())
    assert (csat.value, csat.n) == ((answered["Satisfaction"] == "Good").mean(), len(answered))


def test_a_helpdesks_spam_folder_is_not_tickets(workspace, tmp_path):
    """Help Scout's conversations export lists the spam folder beside real requests (`Status`
    spam): those are rejected with their status, as the helpdesk's reports leave them out."""
    rng = random.Random(34)
    rows = []
    for i in range(150):
        status = rng.choices(["active", "pending", "closed", "spam"], [30, 15, 80, 25])[0]
        text = ("WIN A FREE IPHONE click here now" if status == "spam"
                else f"Hi, the export to Excel fails since Tuesday ({i}), can you check?")
        rows.append([f"{2700000 + i}", str(1000 + i), status, f"Subject {i}", f"Person {i}", f"p{i}@example.com",
                     f"Jan {1 + i % 28}, 2024 10:{i % 60:02d} AM", text])
    header = ["Conversation ID", "Number", "Status", "Subject", "Customer", "Customer Email", "Created At", "Preview"]
    path = _csv(tmp_path, "conversations.csv", header, rows)
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    spam = frame["Status"] == "spam"
    assert (result.kind, result.rows_loaded, result.rows_rejected) == ("tickets", (~spam).sum(), spam.sum())
    rejected = workspace.execute("SELECT count(*) FROM rejects WHERE reason LIKE '%spam%'").fetchone()[0]
    assert rejected == spam.sum()


def test_a_crm_contact_written_name_then_address_in_brackets_is_the_email(workspace, tmp_path):
    """HubSpot's tickets name their contact 'Yara Kim (yara.kim@wonka.de)': the address links the
    ticket to its customer (it was kept as an attribute, and no ticket had an e-mail)."""
    rows = [[f"{700 + i}", f"Export fails ({i})", f"The CSV export stops at 10,000 rows, case {i}",
             "Support Pipeline", "Open", f"2024-03-{1 + i % 28:02d} 10:00", f"Person {i} (p{i}@wonka.de)"]
            for i in range(60)]
    header = ["Ticket ID", "Ticket name", "Ticket description", "Pipeline", "Ticket status", "Create date",
              "Associated Contact"]
    path = _csv(tmp_path, "tickets.csv", header, rows)
    assert _mapped(workspace, path).columns["email"] == "Associated Contact"
    ingest.import_file(workspace, path)
    emails = {row[0] for row in workspace.execute("SELECT email FROM tickets").fetchall()}
    assert emails == {f"p{i}@wonka.de" for i in range(60)}


def test_a_review_platforms_rating_words_are_its_stars(workspace, tmp_path):
    """Feefo's `Service Rating` in words, Bad … Excellent: a Rating 1–5 (it was left as text, and the
    file gave no figure at all)."""
    rng = random.Random(35)
    words = ["Bad", "Poor", "Average", "Good", "Excellent"]
    rows = [[f"ORD{200000 + i}", f"{1 + i % 28:02d}/0{1 + i % 6}/2024 23:36", f"Person {i}",
             rng.choices(words, [12, 10, 15, 30, 33])[0], f"Delivery took {rng.randint(2, 9)} days, order {i}"]
            for i in range(170)]
    path = _csv(tmp_path, "feefo.csv", ["Order Ref", "Date", "Customer", "Service Rating", "Service Review"], rows)
    assert ingest.import_file(workspace, path).rows_rejected == 0
    stars = pd.read_csv(path)["Service Rating"].map({w: i + 1 for i, w in enumerate(words)})
    rating = metrics.compute(workspace, "rating", Slice())
    assert (round(rating.value, 9), rating.n) == (round(stars.mean(), 9), 170)


def test_an_answer_is_dated_when_it_ended_not_when_it_started(workspace, tmp_path):
    """Checkbox writes `Started` then `Ended`: an answer begun at 23:50 on the last day of a month
    and ended after midnight counts in the month it was given."""
    rows = [[str(i), "True", f"01/31/2024 11:5{i % 10}:00 PM", f"02/01/2024 12:0{i % 10}:30 AM", str(i % 11),
             f"Reason {i}"] for i in range(40)]
    path = _csv(tmp_path, "checkbox.csv", ["ResponseID", "IsComplete", "Started", "Ended",
                                           "How likely are you to recommend us?", "Why?"], rows)
    assert _mapped(workspace, path).columns["responded_at"] == "Ended"
    ingest.import_file(workspace, path)
    february = metrics.compute(workspace, "nps", Slice(start=date(2024, 2, 1), end=date(2024, 3, 1)))
    assert february.n == 40


def test_excel_serial_days_under_a_header_naming_a_date_are_the_answers_dates(workspace, tmp_path):
    """'Feedback Date' holding 45293 (a spreadsheet's serial days): the answers' date. It was
    dropped without a word, and every answer counted in no month."""
    rows = [[f"ORD{i}", 45293 + 3 * i, 1 + i % 5, f"Comment {i}: delivery was on time"] for i in range(60)]
    path = _csv(tmp_path, "feedback.csv", ["Order ID", "Feedback Date", "Rating", "Comments"], rows)
    assert _mapped(workspace, path).columns["responded_at"] == "Feedback Date"
    ingest.import_file(workspace, path)
    days = pd.to_datetime(pd.read_csv(path)["Feedback Date"], unit="D", origin="1899-12-30")
    february = metrics.compute(workspace, "rating", Slice(start=date(2024, 2, 1), end=date(2024, 3, 1)))
    assert february.n == ((days >= "2024-02-01") & (days < "2024-03-01")).sum() > 0


def test_an_annual_contract_value_is_a_total_read_as_a_twelfth_a_month(workspace, tmp_path):
    """'Contract value (annual)' beside 'Seats': a year's total for the account, so a month is a
    twelfth of it and the seats do not multiply it (it was not read at all, and no revenue churn)."""
    rng = random.Random(36)
    rows = [[f"Acct {i}", f"cust{i}.com", f"2023-{1 + i % 12:02d}-22", rng.choice(["Scale", "Team"]),
             rng.randint(1, 40), f"{rng.choice([0, 6000, 12000, 24000, 60000]):,.2f}",
             rng.choices(["Active", "Cancelled"], [80, 20])[0]] for i in range(120)]
    path = _csv(tmp_path, "accounts.csv", ["Customer", "Domain", "Customer since", "Plan", "Seats",
                                           "Contract value (annual)", "Status"], rows)
    assert _mapped(workspace, path).columns["mrr"] == "Contract value (annual)"
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, thousands=",")
    lost = frame["Status"] == "Cancelled"
    churn = metrics.compute(workspace, "revenue_churn", Slice())
    expected = frame.loc[lost, "Contract value (annual)"].sum() / frame["Contract value (annual)"].sum()
    assert round(churn.value, 9) == round(expected, 9)
    mrr = workspace.execute("SELECT sum(mrr) FROM customers").fetchone()[0]
    assert round(mrr, 6) == round(frame["Contract value (annual)"].sum() / 12, 6)


def test_a_german_monthly_revenue_and_a_french_lists_plan_signup_and_region(workspace, tmp_path):
    german = _csv(tmp_path, "kunden.csv", ["Kundennummer", "Firma", "Tarif", "Monatlicher Umsatz", "Status"],
                  [[f"K-{i}", f"Firma {i}", "Profi", f"{49 + i},50", "Aktiv" if i % 5 else "Gekündigt"]
                   for i in range(40)], delimiter=";")
    assert _mapped(workspace, german).columns["mrr"] == "Monatlicher Umsatz"
    french = _csv(tmp_path, "clients.csv", ["id_client", "offre", "montant_mensuel_HT", "date_de_souscription",
                                            "statut", "région"],
                  [[f"FR{i}", "Essentiel", f"{29 + i},00", f"12/0{1 + i % 9}/2022", "Actif" if i % 4 else "Résilié",
                    ["Occitanie", "Bretagne"][i % 2]] for i in range(40)], delimiter=";")
    columns = _mapped(workspace, french).columns
    assert (columns["plan"], columns["signup_date"], columns["region"]) == ("offre", "date_de_souscription", "région")


def test_a_team_inbox_on_every_row_is_not_the_customers_email(workspace, tmp_path):
    """Front names the inbox a message reached (support@… on every row) and its author: the author is
    the customer (with the inbox, no ticket linked to anyone)."""
    rows = [[f"cnv_{i}", "support@ourapp.com", f"Export fails ({i})", f"user{i}@client{i % 7}.io",
             f"Hello team, the CSV export drops columns since Monday, case {i}", f"03/0{1 + i % 9}/2024 16:13"]
            for i in range(60)]
    path = _csv(tmp_path, "front.csv", ["Conversation ID", "Inbox", "Subject", "Author", "Extract", "Message date"],
                rows)
    assert _mapped(workspace, path).columns["email"] == "Author"


def test_a_conversation_ratings_remark_joins_its_words(workspace, tmp_path):
    rng = random.Random(37)
    rows = [[f"{9000 + i}", f"u{i}@example.com", "2024-03-01 10:00", f"Hi, the invoice for March is wrong ({i})",
             rng.choice(["", "1", "3", "5"]), "Slow answer, two days" if i % 3 == 0 else ""] for i in range(60)]
    path = _csv(tmp_path, "intercom.csv", ["Conversation ID", "User email", "Created at", "First message",
                                           "Conversation rating", "Conversation rating remark"], rows)
    assert _mapped(workspace, path).more_comments == ["Conversation rating remark"]


def test_a_crms_deals_read_as_customers_are_said_to_be_deals(workspace, tmp_path):
    """HubSpot's deals export: a row per deal, most still in the pipeline. Counting them as customers
    is wrong, and the proposal says so; a churn list's 'Won back' status is no pipeline."""
    stages = ["Appointment Scheduled", "Qualified To Buy", "Contract Sent", "Closed Won", "Closed Lost"]
    rows = [[f"{9000000000 + 17 * i}", f"Acme {i} - renewal", stages[i % 5], f"2024-0{1 + i % 9}-01 12:00",
             f"{800 + 10 * i}", f"Acme {i} Inc"] for i in range(60)]
    path = _csv(tmp_path, "deals.csv", ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount",
                                         "Associated Company"], rows)
    assert any("'Deal Stage' holds a sales pipeline's stages" in w for w in _mapped(workspace, path).warnings)
    statuses = ["Active", "Lost", "Won back", "Paused"]
    rows = [[f"C{i}", statuses[i % 4], f"{20 + i}"] for i in range(60)]
    path = _csv(tmp_path, "customers.csv", ["Customer ID", "Lifecycle", "MRR"], rows)
    assert not any("pipeline" in w for w in _mapped(workspace, path).warnings)


def test_a_bare_score_nobody_answered_0_or_1_is_still_nps(workspace, tmp_path):
    """Delighted's `Score` from a happy base: answers 2–10, no 0 or 1. It is NPS, with a warning
    that says how to read it as a 1–10 rating instead (it was a Rating 1–10, and NPS was lost)."""
    rng = random.Random(38)
    scores = [rng.choice([2, 5, 6, 7, 8, 8, 9, 9, 10, 10, 10]) for _ in range(200)]
    rows = [[f"{700000 + i}", score, f"Comment {i}: integrations save us hours", f"p{i}@example.com",
             f"2024-09-{1 + i % 28:02d} 08:58:59 -0000"] for i, score in enumerate(scores)]
    path = _csv(tmp_path, "delighted.csv", ["Response ID", "Score", "Comment", "Email", "Created At"], rows)
    mapping = _mapped(workspace, path)
    assert mapping.columns["nps"] == "Score"
    assert any("no one answered 0" in w for w in mapping.warnings)
    ingest.import_file(workspace, path)
    nps = metrics.compute(workspace, "nps", Slice())
    frame = pd.read_csv(path)
    expected = 100 * ((frame["Score"] >= 9).mean() - (frame["Score"] <= 6).mean())
    assert (round(nps.value, 9), nps.n) == (round(expected, 9), 200)


@pytest.mark.parametrize("flag, left, stayed", [
    ("Membership Status", "Cancelled", ["Active", "Frozen", "Pending Cancellation"]),  # a gym's
    ("Policy Status", "Lapsed", ["In Force", "Reinstated"]),  # an insurer's (and 'Surrendered')
    ("Attrition_Flag", "Attrited Customer", ["Existing Customer"]),  # a bank's (Kaggle's BankChurners)
    ("Rezygnacja", "Tak", ["Nie"]),  # a Polish telecom's yes/no
    ("Disdetta", "Sì", ["No"]),  # an Italian one's
    ("解約", "済", [""]),  # a Japanese one's: 'done' where the customer left, blank elsewhere
])
def test_churn_lists_from_other_industries_say_who_left(workspace, tmp_path, flag, left, stayed):
    """Every one of these gave no churn at all: the header or its words were not known."""
    rng = random.Random(39)
    rows = [[f"M{i:04d}", f"m{i}@example.com", rng.choice(["Basic", "Plus"]),
             left if rng.random() < 0.23 else rng.choice(stayed), f"{rng.randint(20, 90)}.00"] for i in range(200)]
    path = _csv(tmp_path, "members.csv", ["Member ID", "Email", "Membership Type", flag, "Monthly Fee"], rows)
    columns = _mapped(workspace, path).columns
    assert (columns["churned"], columns["plan"]) == (flag, "Membership Type")
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path, keep_default_na=False)
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.value, churn.n) == ((frame[flag] == left).mean(), 200)


def test_an_insurers_policy_list_reads_its_premium_inception_and_lapse(workspace, tmp_path):
    """An insurer's policies: `Annual Premium` a year's amount (÷ 12 a month), `Inception Date` the
    signup, `Lapse/Surrender Date` the churn date (none of them was read, so no revenue churn)."""
    rng = random.Random(40)
    rows = []
    for i in range(150):
        status = rng.choices(["In Force", "Lapsed", "Surrendered"], [78, 15, 7])[0]
        rows.append([f"POL-{i:05d}", f"2023-{1 + i % 12:02d}-05", status,
                     "" if status == "In Force" else f"2025-0{1 + i % 9}-15", f"{rng.randint(400, 2400):,}.00"])
    path = _csv(tmp_path, "policies.csv", ["Policy Number", "Inception Date", "Policy Status", "Lapse/Surrender Date",
                                           "Annual Premium"], rows)
    columns = _mapped(workspace, path).columns
    assert (columns["signup_date"], columns["churn_date"], columns["mrr"]) == (
        "Inception Date", "Lapse/Surrender Date", "Annual Premium")
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, thousands=",")
    left = frame["Policy Status"] != "In Force"
    churn = metrics.compute(workspace, "revenue_churn", Slice())
    assert round(churn.value, 9) == round(frame.loc[left, "Annual Premium"].sum() / frame["Annual Premium"].sum(), 9)


def test_a_revenue_history_keyed_by_customer_name_is_revenue(workspace, tmp_path):
    """'Customer Name, Plan, Month, MRR': a spreadsheet's revenue history names its customers; it was
    read as 1,089 customers with twelve months of MRR added up."""
    rng = random.Random(41)
    rows = []
    for i in range(40):
        mrr, start, stop = rng.choice([99, 199, 499]), rng.randint(1, 6), rng.randint(7, 13)
        rows += [[f"Quill Studio {i}", "Pro", f"2024-{month:02d}", f"{mrr}.00"] for month in range(start, stop)]
    path = _csv(tmp_path, "revenue.csv", ["Customer Name", "Plan", "Month", "MRR"], rows)
    assert ingest.import_file(workspace, path).kind == "revenue"
    frame = pd.read_csv(path)
    assert workspace.execute("SELECT count(DISTINCT customer_id), sum(mrr) FROM revenue").fetchone() == (
        frame["Customer Name"].nunique(), pytest.approx(frame["MRR"].sum()))


@pytest.mark.parametrize("written, encoding", [("\\{:,}", "cp932"), ("￥{:,}", "utf-8"), ("{:,}円", "utf-8")])
def test_yen_amounts_as_japanese_files_write_them_are_mrr(workspace, tmp_path, written, encoding):
    """A Shift-JIS file's yen sign is the byte ASCII calls '\\'; UTF-8 files write '￥' or '円' after
    the number: each is MRR (the column was dropped, so no revenue churn)."""
    rng = random.Random(42)
    rows = [[f"{1000 + i}", f"2024/0{1 + i % 9}/11", written.format(rng.choice([1980, 2462, 4980])),
             "2025/03/31" if i % 4 == 0 else "", rng.choice(["月額プラン", "年間プラン", "2年契約"]),
             rng.choice(["東京都", "大阪府", "福岡県"])] for i in range(120)]
    path = tmp_path / "kaiyaku.csv"
    pd.DataFrame(rows, columns=["顧客ID", "契約開始日", "月額料金", "解約日", "プラン", "都道府県"]).to_csv(
        path, index=False, encoding=encoding)
    assert _mapped(workspace, path).columns["mrr"] == "月額料金"
    ingest.import_file(workspace, path)
    fee = pd.Series([int("".join(ch for ch in row[2] if ch.isdigit())) for row in rows])
    left = pd.Series([bool(row[3]) for row in rows])
    churn = metrics.compute(workspace, "revenue_churn", Slice())
    assert round(churn.value, 9) == round(fee[left].sum() / fee.sum(), 9)


@pytest.mark.parametrize("named", ["Bubble Rating", "Rating"])
def test_bubbles_10_to_50_are_a_rating_of_1_to_5(workspace, tmp_path, named):
    """Tripadvisor writes its bubbles as tens (50 for five): the overall rating is read ÷ 10 (it was
    passed over and the 'Cleanliness' sub-rating became the headline, 3.44 where the file says 3.99)."""
    rng = random.Random(43)
    rows = [[f"{941690595 + i}", f"Jan {1 + i % 28:02d}, 2024", rng.choice([10, 20, 30, 40, 40, 50, 50, 50]),
             f"Review {i}: the staff were lovely, the room was small", rng.randint(1, 5)] for i in range(150)]
    path = _csv(tmp_path, "tripadvisor.csv", ["Review ID", "Published Date", named, "Review Text", "Cleanliness"], rows)
    assert _mapped(workspace, path).columns["rating"] == named
    assert ingest.import_file(workspace, path).rows_rejected == 0
    stars = pd.read_csv(path)[named] / 10
    rating = metrics.compute(workspace, "rating", Slice())
    assert (round(rating.value, 9), rating.n, rating.parts["top"]) == (round(stars.mean(), 9), 150, (stars >= 4).sum())


@pytest.mark.parametrize("named", ["Unique ID", "Bewertungs-ID", "Entry ID"])  # Formstack's, a German tool's
def test_a_forms_own_answer_number_keys_its_answers(workspace, tmp_path, named):
    """The form tool's number for each answer keys it, so a re-export's answers are known again by it
    (they were matched by their content only)."""
    rows = [[str(50000 + i), f"2024-03-{1 + i % 28:02d} 10:00", i % 11, f"Comment {i} on the exports"] for i in range(40)]
    path = _csv(tmp_path, "form.csv", [named, "Time", "How likely are you to recommend us?", "Comments"], rows)
    assert _mapped(workspace, path).columns["response_id"] == named


@pytest.mark.parametrize("plan, region", [("Tipo contratto", "Regione"), ("Rodzaj umowy", "Województwo"),
                                          ("契約種別", "都道府県"), ("Vertragsart", "Bundesland")])
def test_a_contract_type_is_the_plan_and_a_province_the_region(workspace, tmp_path, plan, region):
    """Telecom lists in Italian, Polish, Japanese and German: churn by contract type and by region
    (both were kept as attributes, so neither broke the churn down)."""
    rows = [[f"{1001 + i}", ["Mensile", "Annuale", "Biennale"][i % 3], ["Nord", "Sud"][i % 2], "Sì" if i % 4 else "No"]
            for i in range(60)]
    path = _csv(tmp_path, "clienti.csv", ["Codice cliente", plan, region, "Disdetta"], rows, ";")
    columns = _mapped(workspace, path).columns
    assert (columns["plan"], columns["region"]) == (plan, region)


def test_a_jira_issue_is_keyed_by_the_key_people_quote(workspace, tmp_path):
    """Jira Service Management writes `Issue key` (SUP-1200, what customers and agents quote) before
    `Issue id` (40200): the key is the ticket's ID."""
    rows = [[f"Export fails, case {i}", f"SUP-{1200 + i}", str(40200 + i), "Closed", f"15/Feb/24 05:{i % 60:02d} PM",
             f"The CSV export stops at 10,000 rows ({i})"] for i in range(40)]
    path = _csv(tmp_path, "jira.csv", ["Summary", "Issue key", "Issue id", "Status", "Created", "Description"], rows)
    assert _mapped(workspace, path).columns["ticket_id"] == "Issue key"


def test_a_churn_flag_written_as_floats_is_the_churn(workspace, tmp_path):
    """pandas writes a 0/1 column holding an empty cell as floats: Kaggle's churn dataset says
    `Churn` 1.0 / 0.0 (and every other number with '.0'); that is who churned."""
    rng = random.Random(23)
    rows = [[f"{i + 2}.0", f"{rng.randint(18, 65)}.0", rng.choice(["Basic", "Standard", "Premium"]),
             rng.choice(["Monthly", "Annual"]), f"{rng.randint(100, 999)}.0", rng.choice(["1.0", "0.0", "0.0"])]
            for i in range(150)] + [[""] * 6]
    path = _csv(tmp_path, "customer_churn_dataset.csv",
                ["CustomerID", "Age", "Subscription Type", "Contract Length", "Total Spend", "Churn"], rows)
    assert _mapped(workspace, path).columns["churned"] == "Churn"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path).dropna(how="all")
    churn = metrics.compute(workspace, "churn_rate", Slice())
    assert (churn.n, churn.parts["churned"]) == (len(frame), int(frame["Churn"].sum()))


def test_an_amount_named_mrr_is_a_month_whatever_the_seats_and_billing_period_beside_it(workspace, tmp_path):
    """A SaaS subscriptions export's `mrr_amount` is already a month's revenue for the whole
    subscription: not multiplied by its `seats`, not divided by 12 on `annual` rows."""
    rng = random.Random(29)
    rows = []
    for i in range(120):
        seats, price, annual = rng.randint(1, 40), rng.choice([19, 49, 99]), rng.random() < 0.3
        ended = rng.random() < 0.2
        rows.append([f"S-{i:04d}", f"A-{i:03d}", "2024-01-15", "2024-09-30" if ended else "", seats,
                     seats * price, 12 * seats * price, "annual" if annual else "monthly",
                     "True" if ended else "False"])
    path = _csv(tmp_path, "subscriptions.csv", ["subscription_id", "account_id", "start_date", "end_date", "seats",
                                                "mrr_amount", "arr_amount", "billing_frequency", "churn_flag"], rows)
    assert _mapped(workspace, path).columns["mrr"] == "mrr_amount"
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path)
    lost = metrics.compute(workspace, "revenue_churn", Slice())
    assert lost.parts["denominator"] == pytest.approx(frame["mrr_amount"].sum())
    assert lost.value == pytest.approx(frame.loc[frame["churn_flag"], "mrr_amount"].sum() / frame["mrr_amount"].sum())


def test_dates_written_as_twitter_writes_them_are_read(workspace, tmp_path):
    """Twitter's API (the 'Customer Support on Twitter' data set) writes `Tue Oct 31 22:10:47 +0000
    2017`: the time inside the date, the offset before the year. Every message keeps its moment."""
    rng = random.Random(31)
    moments = [datetime(2017, 10, 1, 4, 17) + timedelta(minutes=rng.randint(0, 60 * 24 * 58)) for _ in range(120)]
    rows = [[str(i + 1), str(100000 + i), moment.strftime("%a %b %d %H:%M:%S +0000 %Y"),
             f"@Brand my order #{rng.randint(100, 999)} {rng.choice(['never arrived', 'was charged twice', 'is late'])}"]
            for i, moment in enumerate(moments)]
    path = _csv(tmp_path, "twcs.csv", ["tweet_id", "author_id", "created_at", "text"], rows)
    assert ingest.import_file(workspace, path).rows_rejected == 0
    stored = workspace.execute('SELECT "at" FROM voices ORDER BY "at"').df()["at"]
    assert stored.tolist() == sorted(pd.Timestamp(m) for m in moments)


@pytest.mark.parametrize(("column", "customer", "company"), [
    ("inbound", "True", "False"),  # Customer Support on Twitter
    ("Direction", "Inbound", "Outbound"),  # a helpdesk's messages export
])
def test_the_companys_own_replies_in_a_conversations_export_are_no_customers_words(workspace, tmp_path, column,
                                                                                      customer, company):
    """An export of whole conversations holds the company's replies beside the customers'
    messages; only the customers' are voices, the replies rejected with that reason, even where
    the company wrote most of the messages."""
    rng = random.Random(37)
    said = ["my parcel never arrived", "I was charged twice", "the app crashes on login", "refund please"]
    replied = ["Sorry to hear that, please DM us", "We are looking into it", "Thanks, fixed now", "Can you share your order?"]
    rows = []
    for i in range(150):
        ours = i % 5 < 3  # three replies for every two customer messages
        rows.append([str(i + 1), f"2024-03-{1 + i % 28:02d} 10:{i % 60:02d}:00",
                     f"@brand {rng.choice(said)} #{i}" if not ours else f"@user{i} {rng.choice(replied)} #{i}",
                     company if ours else customer])
    path = _csv(tmp_path, "conversations.csv", ["Message ID", "Created at", "Text", column], rows)
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path, dtype=str)
    customers = frame[frame[column] == customer]
    assert (result.rows_loaded, result.rows_rejected) == (len(customers), len(frame) - len(customers))
    texts = set(workspace.execute("SELECT text FROM voices").df()["text"])
    assert texts == set(customers["Text"])
    reasons = workspace.execute("SELECT DISTINCT reason FROM rejects").df()["reason"]
    assert reasons.str.startswith("is a message the company sent").all()


def test_satisfied_or_neutral_or_dissatisfied_is_csat(workspace, tmp_path):
    """The airline passenger survey's `satisfaction` is 'satisfied' or 'neutral or dissatisfied':
    a two-point answer whose CSAT is the satisfied share, by any of the survey's own columns."""
    rng = random.Random(41)
    rows = [[str(70000 + i), rng.choice(["Business", "Eco", "Eco Plus"]), rng.randint(0, 5), rng.randint(0, 5),
             rng.choice(["satisfied", "neutral or dissatisfied", "neutral or dissatisfied"])] for i in range(200)]
    path = _csv(tmp_path, "train.csv", ["id", "Class", "Inflight wifi service", "Seat comfort", "satisfaction"], rows)
    assert _mapped(workspace, path).columns["csat"] == "satisfaction"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path)
    satisfied = frame["satisfaction"].eq("satisfied")
    csat = metrics.compute(workspace, "csat", Slice())
    assert (csat.n, csat.parts["satisfied"]) == (len(frame), int(satisfied.sum()))
    eco = metrics.compute(workspace, "csat", Slice().where("Class", "Eco"))
    assert (eco.n, eco.parts["satisfied"]) == (int(frame["Class"].eq("Eco").sum()),
                                               int(satisfied[frame["Class"].eq("Eco")].sum()))


def test_a_reviewers_decimal_score_is_the_rating_beside_the_hotels_average(workspace, tmp_path):
    """The 515K European hotel reviews: `Reviewer_Score` 2.5–10 with one decimal is the review's
    rating (the hotel's `Average_Score` beside it is not), and a review whose two texts say
    'No Negative' / 'No Positive' still counts its score."""
    rng = random.Random(43)
    rows = []
    for i in range(200):
        negative = rng.choice(["No Negative", f"Room {i} was small and noisy", "Breakfast was cold"])
        positive = rng.choice(["No Positive", f"Great location near stop {i}", "Friendly staff"])
        rows.append([f"Hotel {i % 7}", f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/2017", f"{rng.uniform(7, 9):.1f}",
                     negative, positive, f"{rng.choice(range(25, 101)) / 10:.1f}"])
    path = _csv(tmp_path, "Hotel_Reviews.csv", ["Hotel_Name", "Review_Date", "Average_Score", "Negative_Review",
                                                "Positive_Review", "Reviewer_Score"], rows)
    assert _mapped(workspace, path).columns["rating"] == "Reviewer_Score"
    assert ingest.import_file(workspace, path).rows_rejected == 0
    frame = pd.read_csv(path)
    rating = metrics.compute(workspace, "rating", Slice())
    assert (rating.n, rating.value) == (len(frame), pytest.approx(frame["Reviewer_Score"].mean(), abs=1e-9))
    assert rating.parts["top"] == int((frame["Reviewer_Score"] >= 9).sum())


@pytest.mark.parametrize("header", [
    ["cliente_id", "data_adesao", "plano", "status", "data_cancelamento"],  # Portuguese, written as identifiers
    ["id_cliente", "fecha_alta", "plan", "estado", "fecha_baja"],  # Spanish
])
def test_date_names_written_as_one_identifier_are_read_without_their_joining_word(workspace, tmp_path, header):
    """'data_adesao' is 'data de adesão' and 'fecha_baja' 'fecha de baja': the signup and churn
    dates, so churn in 2023 counts the customers active on 1 Jan 2023 and who left during it."""
    rng = random.Random(47)
    rows = []
    for i in range(200):
        signup = date(2021, 1, 1) + timedelta(days=rng.randint(0, 900))
        left = signup + timedelta(days=rng.randint(30, 700)) if rng.random() < 0.3 else None
        left = left if left and left < date(2024, 6, 1) else None
        rows.append([f"C{i}", signup.strftime("%d/%m/%Y"), rng.choice(["Básico", "Pro"]),
                     "Cancelado" if left else "Ativo", left.strftime("%d/%m/%Y") if left else ""])
    path = _csv(tmp_path, "clientes.csv", header, rows, delimiter=";")
    mapped = _mapped(workspace, path).columns
    assert (mapped["signup_date"], mapped["churn_date"]) == (header[1], header[4])
    ingest.import_file(workspace, path)
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    signup = pd.to_datetime(frame[header[1]], format="%d/%m/%Y")
    left = pd.to_datetime(frame[header[4]], format="%d/%m/%Y", errors="coerce")
    start, end = pd.Timestamp(2023, 1, 1), pd.Timestamp(2024, 1, 1)
    active = (signup < start) & ~(left < start)
    churned = active & (left >= start) & (left < end)
    found = metrics.compute(workspace, "churn_rate", Slice(date(2023, 1, 1), date(2024, 1, 1)))
    assert (found.n, found.parts["churned"]) == (int(active.sum()), int(churned.sum()))


def test_a_web_forms_line_breaks_are_line_breaks_in_the_words(workspace, tmp_path):
    """Amazon's fine food reviews write a paragraph break as `<br /><br />`: the quote shows two
    paragraphs, not the tags. Any other markup stays as the text it is (never run as HTML)."""
    rng = random.Random(53)
    rows = [[str(i + 1), f"A{i:05d}", rng.randint(1, 5), 1_300_000_000 + i * 86_400,
             f"Arrived fast, tin {i} was dented.<br /><br />Taste is fine<br>but pricey."
             + (" <script>alert(1)</script>" if i % 10 == 0 else "")] for i in range(60)]
    path = _csv(tmp_path, "Reviews.csv", ["Id", "UserId", "Score", "Time", "Text"], rows)
    ingest.import_file(workspace, path)
    stored = dict(workspace.execute("SELECT response_id, comment FROM responses WHERE comment IS NOT NULL").fetchall())
    frame = pd.read_csv(path, dtype=str)
    expected = {row.Id: row.Text.replace("<br /><br />", "\n\n").replace("<br>", "\n") for row in frame.itertuples()}
    assert stored == expected


def test_a_call_centre_log_files_each_call_under_a_topic_that_slices_and_is_never_quoted(workspace, tmp_path):
    """A call centre's log (PwC's layout: Topic, Answered, Satisfaction rating, unanswered calls
    unrated): every call is a ticket, Support CSAT is pandas' share of 4–5 among rated calls, and
    the Topic menu slices it as a kept column does; the topic is what the call was filed under,
    not what the caller said, so no call is quoted for it."""
    rng = random.Random(35)
    topics = ["Admin Support", "Contract related", "Payment related", "Streaming", "Technical Support"]
    rows = []
    for i in range(300):
        answered = rng.random() < 0.8
        rows.append([f"ID{i + 1:04d}", rng.choice(["Diane", "Joe", "Becky"]), f"{1 + i % 3}/{1 + i % 28}/2021",
                     f"{9 + i % 8}:{i % 60:02d}:01", rng.choice(topics), "Y" if answered else "N",
                     rng.choice(["Y", "N"]) if answered else "N", rng.randint(10, 125) if answered else "",
                     "00:03:12" if answered else "", rng.randint(1, 5) if answered else ""])
    path = _csv(tmp_path, "01_Call_Center_Dataset.csv", [
        "Call Id", "Agent", "Date", "Time", "Topic", "Answered (Y/N)", "Resolved", "Speed of answer in seconds",
        "AvgTalkDuration", "Satisfaction rating"], rows)
    mapping = _mapped(workspace, path)
    assert (mapping.kind, mapping.columns.get("topic"), mapping.columns.get("subject")) == ("tickets", "Topic", None)
    assert "a ticket or a call per row, filed under its topic" in ingest.kind_reason(mapping)
    assert ingest.import_file(workspace, path).rows_loaded == 300
    frame = pd.read_csv(path)
    rated = frame.dropna(subset=["Satisfaction rating"])
    good = rated["Satisfaction rating"].ge(4)
    found = metrics.compute(workspace, "support_csat", Slice())
    assert (found.n, found.parts["satisfied"]) == (len(rated), int(good.sum()))
    for topic, part in good.groupby(rated["Topic"]):
        by_topic = metrics.compute(workspace, "support_csat", Slice().where("Topic", topic))
        assert (by_topic.n, by_topic.parts["satisfied"]) == (len(part), int(part.sum()))
    assert workspace.execute("SELECT count(*) FROM voices").fetchone() == (0,)
    assert not metrics.evidence_for(workspace, "support_csat", Slice(), limit=50).quotes


def test_a_complaint_register_without_words_is_tickets_by_type_and_state_is_no_status(workspace, tmp_path):
    """A city's or a regulator's complaint register (NYC 311, the FCC's Comcast file): a key, a
    date, the complaint's type, the state it came from and its status. It is tickets, long or
    short, filed under their type; forty US states are places, not the tickets' status."""
    rng = random.Random(311)
    kinds = ["Illegal Parking", "Noise - Residential", "Heat/Hot Water", "Blocked Driveway", "Street Condition",
             "Noise - Street/Sidewalk", "Water System", "Sanitation Condition"]
    states = ["Maryland", "Georgia", "Illinois", "California", "Texas", "Florida", "Colorado", "Washington",
              "Michigan", "Oregon", "New Jersey", "Virginia", "Tennessee", "Utah", "Indiana", "Ohio",
              "Arizona", "Nevada"]
    for count in (40, 400):
        rows = [[45000000 + i, f"{1 + i % 12:02d}/{1 + i % 28:02d}/2020 0{i % 10}:33:54 PM", rng.choice(kinds),
                 rng.choice(states), rng.choice(["Closed", "Closed", "Open", "Pending", "Solved"]),
                 rng.choice(["Internet", "Customer Care Call"])] for i in range(count)]
        path = _csv(tmp_path, f"complaints_{count}.csv", ["Unique Key", "Created Date", "Complaint Type", "State",
                                                        "Status", "Received Via"], rows)
        mapping = _mapped(workspace, path)
        assert mapping.kind == "tickets", count
        assert (mapping.columns.get("topic"), mapping.columns.get("status"), mapping.columns.get("channel")) == (
            "Complaint Type", "Status", "Received Via")
