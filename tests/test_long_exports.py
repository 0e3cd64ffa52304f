"""Survey exports written one row per answer: read as one row per response, a column per question,
each figure against pandas pivoting the same file."""

from __future__ import annotations

import random

import pandas as pd

from analytics import ingest, metrics
from analytics.metrics import Slice
from tests.exports import write_csv

REASONS = ["Great product", "Too expensive", "Setup was confusing", "Love the dashboards", "Support answered fast"]
TOPICS = ["the reports", "billing", "the mobile app", "onboarding", "exports"]


def _said(rng: random.Random) -> str:
    return f"{rng.choice(REASONS)}, and {rng.choice(TOPICS)} {rng.choice(['works', 'needs work', 'is fine'])}"


def _long_survey(tmp_path, rng: random.Random):
    """A product-survey tool's answers list: per response an NPS answer, often a reason, sometimes
    a yes/no follow-up, each row with its question's type; who and when repeated on each row."""
    rows = []
    for r in range(160):
        who = [f"rg{1000 + r}", f"v_{rng.randrange(10 ** 8)}", f"u{r}@example.com"]
        when, country = f"2024-{1 + r % 9:02d}-{1 + r % 28:02d}T12:00:00.000Z", rng.choice(["US", "DE", "FR"])
        rows.append([*who, "How likely are you to recommend us to a friend?", "nps", str(rng.randint(0, 10)),
                     when, country])
        if r % 5:
            rows.append([*who, "What is the main reason for your score?", "open", _said(rng), when, country])
        if r % 3 == 0:
            rows.append([*who, "Did you find what you needed?", "yes_no", rng.choice(["Yes", "No"]), when, country])
    header = ["Response Group ID", "Visitor ID", "Email", "Question", "Question Type", "Answer", "Created At",
              "Country"]
    return write_csv(tmp_path / "answers.csv", header, rows)


def test_an_answers_list_is_read_one_row_per_response_with_its_score_and_words(workspace, tmp_path):
    path = _long_survey(tmp_path, random.Random(4))
    frame = pd.read_csv(path, dtype=str)
    wide = frame.pivot(index="Response Group ID", columns="Question", values="Answer")
    preview = ingest.preview_file(workspace, path)
    preview.discard()
    assert preview.kind == "responses"
    assert {key: preview.mapping.columns.get(key) for key in ("nps", "comment", "responded_at", "response_id")} == {
        "nps": "How likely are you to recommend us to a friend?", "comment": "What is the main reason for your score?",
        "responded_at": "Created At", "response_id": "Response Group ID"}
    assert any(f"{len(frame)} answers were read as {len(wide)} responses" in w for w in preview.mapping.warnings)
    result = ingest.import_file(workspace, path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (len(wide), len(wide), 0)
    scores = wide["How likely are you to recommend us to a friend?"].astype(int)
    nps = metrics.compute(workspace, "nps", Slice())
    assert (round(nps.value, 9), nps.n) == (round(100 * ((scores >= 9).mean() - (scores <= 6).mean()), 9), len(wide))
    stored = dict(workspace.execute("SELECT response_id, comment FROM responses WHERE comment IS NOT NULL").fetchall())
    assert stored == wide["What is the main reason for your score?"].dropna().to_dict()
    followed = dict(workspace.execute(
        "SELECT response_id, json_extract_string(extra, '$.\"Did you find what you needed?\"') FROM responses "
        "WHERE json_extract_string(extra, '$.\"Did you find what you needed?\"') IS NOT NULL").fetchall())
    assert followed == wide["Did you find what you needed?"].dropna().to_dict()


def test_a_form_tools_field_and_value_list_without_question_marks(workspace, tmp_path):
    """Questions named as fields ('Satisfaction', 'Comments') in a column named for them; the
    response key is the submission, written as a number."""
    rng = random.Random(9)
    rows = []
    for s in range(90):
        stamp = f"{1 + s % 12:02d}/{1 + s % 28:02d}/2024 10:{s % 60:02d}"
        rows.append([str(5000 + s), stamp, "Satisfaction", str(rng.randint(1, 5))])
        rows.append([str(5000 + s), stamp, "Comments", _said(rng)])
    path = write_csv(tmp_path / "form.csv", ["Submission", "Submitted", "Question", "Value"], rows)
    result = ingest.import_file(workspace, path)
    frame = pd.read_csv(path, dtype=str).pivot(index="Submission", columns="Question", values="Value")
    assert (result.kind, result.rows_loaded) == ("responses", len(frame))
    csat = metrics.compute(workspace, "csat", Slice())
    assert (csat.value, csat.n) == ((frame["Satisfaction"].astype(int) >= 4).mean(), len(frame))


def test_tickets_sorted_by_customer_with_repeated_subjects_stay_one_row_each(workspace, tmp_path):
    """A customer's tickets stand together and their subjects repeat from a template, but the
    subjects are not questions: each row is a ticket."""
    rng = random.Random(2)
    subjects = ["Password reset request", "Invoice is wrong", "Export fails", "Cannot add a user"]
    rows = []
    for c in range(60):
        for t, subject in enumerate(rng.sample(subjects, rng.randint(1, 3))):
            rows.append([f"T{c * 10 + t}", f"c{c}@example.com", subject, _said(rng), f"2024-03-{1 + t:02d}"])
    path = write_csv(tmp_path / "tickets.csv", ["Ticket", "Requester", "Subject", "Description", "Created"], rows)
    result = ingest.import_file(workspace, path)
    assert (result.kind, result.rows_loaded) == ("tickets", len(rows))
