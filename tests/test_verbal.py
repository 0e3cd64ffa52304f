"""Scores written as words (analytics.ingest._verbal): the labels survey and helpdesk tools export
instead of numbers are read on their scale, imported as the points a person would count, and a
word that says there was no answer is an empty cell."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import ingest, metrics
from analytics.ingest import Mapping
from analytics.ingest._verbal import scale_of
from tests.test_mapping import imported, mapped

SATISFACTION = {"Very dissatisfied": 1, "Dissatisfied": 2, "Neither satisfied nor dissatisfied": 3,
                "Satisfied": 4, "Very satisfied": 5}
AGREEMENT_7 = {"Strongly disagree": 1, "Disagree": 2, "Somewhat disagree": 3, "Neither agree nor disagree": 4,
               "Somewhat agree": 5, "Agree": 6, "Strongly agree": 7}


@pytest.mark.parametrize("cells, scale", [
    (["Very satisfied", "Satisfied", "Dissatisfied", "N/A"], ("satisfaction", 5)),
    (["Strongly agree", "Somewhat agree", "Neither agree nor disagree"], ("agreement", 5)),
    (["Strongly agree", "Agree", "Somewhat agree", "Disagree"], ("agreement", 7)),  # 'Agree' ≠ 'Somewhat agree'
    (["Poor", "Fair", "Good", "Very good", "Excellent"], ("quality", 5)),
    (["Good", "Bad", "Offered", "Unoffered"], ("good or bad", 2)),  # Zendesk
    (["Muito satisfeito", "Insatisfeito", "Neutro"], ("satisfaction", 5)),
    (["Stimme voll zu", "Stimme eher nicht zu"], ("agreement", 5)),
    (["Very likely", "Likely", "Not sure", "Unlikely"], ("likelihood", 5)),
    (["Great", "Okay", "Not Good"], ("three faces", 3)),  # a helpdesk's three faces (Help Scout)
    (["Awesome", "Just Okay", "Not Good"], ("three faces", 3)),  # Freshdesk's three (Not Good was 2 of 5)
    (["Excellent", "Good", "Average", "Poor", "Bad"], ("review words", 5)),  # Feefo's (were left as text)
    (["Excellent", "Great", "Average", "Poor", "Bad"], ("review words", 5)),  # Trustpilot's
    (["Great", "OK", "Bad", "Amazing"], ("experience", 5)),  # Intercom's five, its ends rarely used
    (["FIVE", "FOUR", "ONE", "STAR_RATING_UNSPECIFIED"], ("stars", 5)),  # Google's review stars
    (["very_satisfied", "satisfied", "dissatisfied"], ("satisfaction", 5)),  # a form tool's choice names (Kobo)
    (["rated_good", "rated_bad", "not_rated"], ("good or bad", 2)),  # a chat tool's ratings (LiveChat)
    (["👍", "👎"], ("good or bad", 2)),  # a chat's thumbs
    (["Yes, this helped", "No"], ("helped", 2)),  # a help centre's 'Was this article helpful?'
    (["Hate", "Dislike", "Neutral", "Like", "Love"], ("feeling", 5)),  # a feedback widget's reactions
    (["Muy fácil", "Fácil", "Ni fácil ni difícil", "Difícil"], ("ease", 5)),
])
def test_the_scale_is_the_one_that_reads_every_answer_on_a_point_of_its_own(cells, scale):
    found = scale_of(cells)
    assert (found.name, found.high) == scale


@pytest.mark.parametrize("cells", [["Very satisfied"], ["Good", "Bad", "Purple"], ["Enterprise", "SMB", "Mid-Market"],
                                   ["Yes", "No"]])
def test_a_single_answer_or_words_outside_every_scale_are_not_scores(cells):
    assert scale_of(cells) is None


def survey(n: int = 60) -> tuple[str, pd.DataFrame]:
    """A SurveyMonkey-style export: satisfaction and 7-point agreement as words, some skipped."""
    sat, agree = list(SATISFACTION), list(AGREEMENT_7)
    rows = pd.DataFrame({
        "Respondent ID": range(114000000, 114000000 + n),
        "Start Date": [f"03/{1 + i % 28:02d}/2024 10:15:00 AM" for i in range(n)],
        "Overall, how satisfied or dissatisfied are you with us?": ["" if i % 9 == 0 else sat[(i * 7) % 5]
                                                                   for i in range(n)],
        "The company made it easy for me to handle my issue.": [agree[(i * 3) % 7] for i in range(n)],
        "What could we do better?": [f"Answer number {i} about the delivery and the fit" for i in range(n)]})
    return rows.to_csv(index=False), rows


def test_a_survey_of_words_is_csat_and_ces_with_the_figures_pandas_counts(tmp_path, workspace):
    text, rows = survey()
    kind, columns = mapped(tmp_path, text)
    assert kind == "responses"
    assert columns["csat"].startswith("Overall, how satisfied") and columns["ces"].startswith("The company made")
    result = imported(tmp_path, workspace, text, "survey.csv")
    assert (result.rows_loaded, result.rows_rejected) == (60, 0)
    answered = rows.iloc[:, 2].map(SATISFACTION).dropna()
    csat = metrics.compute(workspace, "csat", metrics.Slice())
    assert (csat.n, csat.value) == (len(answered), pytest.approx((answered >= 4).mean()))
    ces = metrics.compute(workspace, "ces", metrics.Slice())
    assert (ces.n, ces.value) == (60, pytest.approx(rows.iloc[:, 3].map(AGREEMENT_7).mean()))
    assert workspace.execute("SELECT DISTINCT scale_min, scale_max FROM responses WHERE kind = 'ces'").fetchall() \
        == [(1, 7)]


def test_a_helpdesk_good_or_bad_rating_is_ticket_satisfaction_and_unoffered_is_no_answer(tmp_path, workspace):
    marks = ["Good", "Bad", "Offered", "Unoffered", "Good", "Good"]
    body = "".join(f"{5000 + i},Login problem {i},The app logs me out every time I switch tabs,"
                   f"2024-02-{1 + i % 28:02d} 10:{i % 60:02d},{marks[i % 6]}\n" for i in range(36))
    path = tmp_path / "tickets.csv"
    path.write_text("Id,Subject,Description,Created at,Satisfaction Score\n" + body)
    result = ingest.import_file(workspace, path)
    assert (result.kind, result.rows_loaded, result.rows_rejected) == ("tickets", 36, 0)
    found = dict(workspace.execute("SELECT coalesce(CAST(satisfaction AS VARCHAR), 'none'), count(*) FROM tickets "
                                   "GROUP BY 1").fetchall())
    assert found == {"5.0": 18, "1.0": 6, "none": 12}  # placed on tickets' 1–5: Good is its top, Bad its bottom


def test_an_answer_off_the_scale_is_rejected_with_its_reason(tmp_path, workspace):
    text, _ = survey()
    text = text.replace("Very satisfied", "Very satisifed", 1)  # a typo in one row
    result = imported(tmp_path, workspace, text, "survey.csv")
    assert result.rows_rejected == 1
    reason = ingest.rejects_for(workspace, result.batch_id).iloc[0].tolist()
    assert any("'Very satisifed' is not one of the answers of its scale" in str(cell) for cell in reason)


def test_a_remembered_mapping_keeps_the_scale_of_words():
    mapping = Mapping("responses", {"csat": "Q1"}, scales={"csat": (1, 5)}, verbal={"csat": "satisfaction:5"})
    assert Mapping.from_json(mapping.to_json()).verbal == {"csat": "satisfaction:5"}


def test_a_recommend_question_answered_in_words_is_a_rating_not_nps(tmp_path, workspace):
    """'How likely are you to recommend us?' answered 'Very likely' … 'Very unlikely': no 0–10
    number, so no NPS; read as a Rating 1–5 with the reason, every row loaded."""
    words = ["Very likely", "Likely", "Not sure", "Unlikely", "Very unlikely", "Very likely"]
    text = "ID,How likely are you to recommend us?,Why?\n" + "".join(
        f"{n},{words[n % 6]},Reason number {n} for the answer given\n" for n in range(36))
    kind, columns = mapped(tmp_path, text)
    assert columns.get("rating") == "How likely are you to recommend us?" and "nps" not in columns
    assert imported(tmp_path, workspace, text, "likely.csv").rows_rejected == 0
    rating = metrics.compute(workspace, "rating", metrics.Slice())
    points = {"Very likely": 5, "Likely": 4, "Not sure": 3, "Unlikely": 2, "Very unlikely": 1}
    assert (rating.n, rating.value) == (36, pytest.approx(sum(points[words[n % 6]] for n in range(36)) / 36))


def test_google_review_stars_in_words_and_times_with_and_without_fractions(tmp_path, workspace):
    """Google's review export: stars as 'FIVE' … 'ONE', times written with '.123456Z' only when
    the fraction is not zero. Every review imports with its stars and its time."""
    stars = ["FIVE", "FOUR", "FIVE", "THREE", "ONE", "FIVE", "TWO", "FOUR"]
    times = ["2024-01-10T10:47:27Z", "2024-01-11T08:00:01.250000Z"]
    text = "reviewId,starRating,comment,createTime\n" + "".join(
        f"AIe9_{i},{stars[i % 8]},Visit {i} was {'great' if i % 3 else 'slow'} overall,{times[i % 2]}\n"
        for i in range(40))
    result = imported(tmp_path, workspace, text)
    assert (result.rows_loaded, result.rows_rejected) == (40, 0)
    points = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
    expected = sum(points[stars[i % 8]] for i in range(40)) / 40
    assert metrics.compute(workspace, "rating", metrics.Slice(None, None)).value == pytest.approx(expected)
    assert workspace.execute("SELECT count(DISTINCT responded_at), min(responded_at) FROM responses").fetchone() == (
        2, pd.Timestamp("2024-01-10 10:47:27").to_pydatetime())
