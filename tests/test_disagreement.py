"""Where a voice's words contradict its own score: the words that decided its sentiment, the two
sides of a score, the Voices filter (SQL) against the card's wording (Python) and an independent
pandas reading of the same voices, and the `voices` command's fields."""

from __future__ import annotations

import json

import duckdb
import numpy as np
import pytest

from analytics import voices, workspace
from analytics.cli import main
from analytics.metrics import Slice
from analytics.scores import low_rating_sql, top_box_sql
from analytics.voices import sentiment


@pytest.fixture(scope="module")
def con(demo_module_copy):
    connection = workspace.connect(demo_module_copy)
    yield connection
    connection.close()


def words(text: str) -> str | None:
    return voices.decisive_words(text, sentiment.score([text])[0])


def test_the_words_that_decide_a_sentiment():
    assert words("We love it, the new alerts save us hours.") == "love"
    assert words("The agent was not helpful.") == "not helpful"  # a negation turns the word, as VADER does
    assert words("Terrible onboarding, but a great team.") in ("great", "Terrible")
    assert words("The invoice is attached.") is None  # neutral: nothing decided it
    assert voices.decisive_words("We love it", float("nan")) is None  # not scored (another language)
    assert voices.decisive_words(None, 0.5) is None


@pytest.mark.parametrize("low, high", [(0, 10), (1, 5), (1, 7), (1, 10)])
def test_score_sides_in_python_agree_with_their_sql(low, high):
    scores = np.arange(low, high + 1, dtype=float)
    sql = duckdb.sql(f"SELECT score, {low_rating_sql('score', str(low), str(high))} AS low, "
                     f"{top_box_sql('score', str(high))} AS top FROM unnest($scores) AS t(score) ORDER BY score",
                     params={"scores": scores.tolist()}).fetchall()
    for score, low_side, top in sql:
        assert voices.score_side("csat", score, low, high) == ("low" if low_side else "top" if top else None)
    assert [voices.score_side("csat", s, 1, 5) for s in (1, 2, 3, 4, 5)] == ["low", "low", None, "top", "top"]
    assert [voices.score_side("nps", s, 0, 10) for s in (3, 4, 8, 9)] == ["low", None, None, "top"]
    assert voices.score_side("nps", 2) == "low" and voices.score_side("csat", 2) == "low"  # default scales
    assert voices.score_side("csat", None, 1, 5) is None


def test_the_card_says_which_words_contradict_which_score():
    text = "We love it, the new alerts save us hours."
    value = sentiment.score([text])[0]
    assert voices.disagreement(text, value, "csat", 2, 1, 5) == "says “love”, but CSAT 2/5"
    assert voices.disagreement(text, value, "nps", 3, 0, 10) == "says “love”, but NPS 3/10 · detractor"
    assert voices.disagreement(text, value, "csat", 3, 1, 5) is None  # a middling score contradicts nothing
    assert voices.disagreement(text, value, "nps", 10, 0, 10) is None  # they agree
    assert voices.disagreement(text, value, "churn", None) is None
    bad = "Terrible onboarding."
    assert voices.disagreement(bad, sentiment.score([bad])[0], "ces", 7, 1, 7) == "says “Terrible”, but Effort 7/7"


def test_the_filter_keeps_exactly_the_voices_whose_card_shows_a_contradiction(con):
    everything, total = voices.search(con, Slice(), limit=10**6)
    kept, count = voices.search(con, Slice(), disagree=True, limit=10**6)
    shown = {row.voice_id for row in everything.itertuples()
             if voices.disagreement(row.text, row.text_sentiment, row.kind, row.score, row.scale_min, row.scale_max)}
    # pandas, independently: the enriched voices with a score on a known scale
    frame = con.execute("SELECT v.voice_id, v.score, v.scale_min AS lo, v.scale_max AS hi, e.sentiment "
                        "FROM voices v JOIN voice_enrichment e USING (voice_id) WHERE v.score IS NOT NULL").df()
    low = frame.score < frame.lo + 0.4 * (frame.hi - frame.lo)
    top = frame.score >= frame.hi - 1
    expected = set(frame.voice_id[((frame.sentiment >= 0.05) & low) | ((frame.sentiment <= -0.05) & top)])
    assert 0 < count == len(expected) < total
    assert set(kept.voice_id) == shown == expected
    narrowed, both = voices.search(con, Slice(), disagree=True, band="promoter")
    assert 0 < both < count and (narrowed.score >= 9).all() and (narrowed.text_sentiment <= -0.05).all()
    assert (narrowed.sentiment > 0.05).all()  # the promoter's score outweighs the words


def test_a_voices_sentiment_weighs_its_words_with_its_score(con):
    assert voices.voice_sentiment(0.8, "csat", 2, 1, 5) == pytest.approx(0.3 * 0.8 - 0.7)  # the low score decides
    assert voices.voice_sentiment(-0.5, "nps", 10, 0, 10) == pytest.approx(0.3 * -0.5 + 0.7)
    assert voices.voice_sentiment(0.5, "csat", 3, 1, 5) == pytest.approx(0.15)  # between the sides: words, damped
    assert voices.voice_sentiment(0.5, "ticket", None) == 0.5  # no score: the words alone
    assert voices.voice_sentiment(None, "csat", 1, 1, 5) == pytest.approx(-0.7)  # words not read: the score
    assert voices.voice_sentiment(None, "csat", 3, 1, 5) is None and voices.voice_sentiment(None, "churn", None) is None
    # the search's SQL gives every demo voice the value of the Python rule
    rows, _ = voices.search(con, Slice(), limit=10**6)
    python = [voices.voice_sentiment(r.text_sentiment, r.kind, r.score, r.scale_min, r.scale_max)
              for r in rows.itertuples()]
    assert np.allclose(rows["sentiment"].astype(float), np.array(python, dtype=float), equal_nan=True)
    assert (rows["sentiment"] != rows["text_sentiment"]).sum() > 1000  # the scores moved many of them


def test_the_voices_command_prints_the_score_and_the_contradiction(demo_copy, capsys):
    assert main(["voices", "--workspace", str(demo_copy), "--json", "--filter", "disagree=yes",
                 "--filter", "source=survey", "--limit", "4"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 4
    for line in lines:
        assert line["disagreement"].startswith(("says ", "reads ")) and line["score_label"] in line["disagreement"]
        assert line["score"] is not None and line["sentiment"] in ("positive", "negative")
    assert main(["voices", "--workspace", str(demo_copy), "--filter", "disagree=maybe"]) == 2
    assert "disagree= takes yes or no" in capsys.readouterr().err
