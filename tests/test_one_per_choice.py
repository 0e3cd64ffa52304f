"""Single-choice questions exported one column per choice (a survey tool's "expanded" layout):
read as one answer per respondent, each figure against pandas on the same file."""

from __future__ import annotations

import random

import pandas as pd

from analytics import ingest, metrics
from analytics.metrics import Slice
from tests.exports import write_csv

SATISFACTION = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                "Very satisfied"]
QUESTION = "Overall, how satisfied or dissatisfied are you with our company?"
LTR = "How likely is it that you would recommend Acme to a friend or colleague?"


def _expanded(tmp_path, rng: random.Random, two_rows: bool, separator: str = " | "):
    """An NPS answer, a satisfaction question spread over a column per choice (the first choice
    never taken), a tick-all question (several ticked on a row) and a comment."""
    rows = []
    for r in range(200):
        chosen = rng.choices(SATISFACTION, [0, 10, 15, 45, 30])[0] if r % 17 else ""
        ticked = [f for f in ("Price", "Support") if rng.random() < 0.5]
        when = f"01/{1 + r % 28:02d}/2024 09:14:59 AM"
        rows.append([f"{11433587000 + r}", "431298765", when, when, f"15.11.102.{r}", str(rng.randint(0, 10))] + [c if c == chosen else "" for c in SATISFACTION]
                    + [f if f in ticked else "" for f in ("Price", "Support")] + [f"Reason {r}: slow support"])
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", LTR]
    if two_rows:
        above = meta + [QUESTION] + [""] * 4 + ["What mattered most?", "", "Why?"]
        below = [""] * 5 + ["Response"] + SATISFACTION + ["Price", "Support", "Open-Ended Response"]
        return write_csv(tmp_path / "expanded.csv", above, [below] + rows)
    header = meta + [f"{QUESTION}{separator}{c}" for c in SATISFACTION] + [
        f"What mattered most?{separator}{f}" for f in ("Price", "Support")] + ["Why?"]
    return write_csv(tmp_path / "expanded.csv", header, rows)


def _csat_by_pandas(path, skip: list[int]) -> tuple[float, int]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=skip)
    choices = frame.iloc[:, 6:11].apply(lambda row: next((v for v in row if v), ""), axis=1)
    answered = choices[choices != ""]
    return answered.isin(["Satisfied", "Very satisfied"]).mean(), len(answered)


def test_a_surveymonkey_expanded_question_is_one_csat_answer(workspace, tmp_path):
    path = _expanded(tmp_path, random.Random(4), two_rows=True)
    preview = ingest.preview_file(workspace, path)
    preview.discard()
    assert preview.mapping.columns["csat"] == QUESTION
    assert preview.layout.startswith("SurveyMonkey")
    assert any("One column per answer" in w for w in preview.mapping.warnings)
    result = ingest.import_file(workspace, path)
    assert (result.rows_loaded, result.rows_rejected) == (200, 0)
    csat = metrics.compute(workspace, "csat", Slice())
    value, n = _csat_by_pandas(path, skip=[1])
    assert (round(csat.value, 9), csat.n) == (round(value, 9), n)
    assert "What mattered most? | Price" in result.kept_columns  # several ticked on a row: left as it is


def test_choice_columns_named_question_dash_answer_in_a_plain_csv(workspace, tmp_path):
    path = _expanded(tmp_path, random.Random(6), two_rows=False, separator=" - ")
    result = ingest.import_file(workspace, path)
    assert result.rows_rejected == 0
    csat = metrics.compute(workspace, "csat", Slice())
    value, n = _csat_by_pandas(path, skip=[])
    assert (round(csat.value, 9), csat.n) == (round(value, 9), n)
    assert {"What mattered most? - Price", "What mattered most? - Support"} <= set(result.kept_columns)
