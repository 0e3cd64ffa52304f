"""Every voice's language is detected (offline, restricted to the languages present), shown and
filterable; sentiment is scored only in a language its model reads, so a Portuguese complaint is
"not scored" rather than a confident English guess; `python -m analytics voices --json` prints them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics import ingest, voices, workspace
from analytics.cli import main
from analytics.voices._language import detect

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"M01": "en", "M02": "en", "M03": "pt", "M04": "pt", "M05": "es", "M06": "de", "M07": "sv",
            "M08": "en", "M09": "en", "M10": "en"}


@pytest.fixture(scope="module")
def reviews_file(tmp_path_factory) -> Path:
    """A workspace of ten reviews in five languages, imported and enriched (closed: the command
    line test opens it in another process)."""
    path = tmp_path_factory.mktemp("languages") / "ws.duckdb"
    con = workspace.connect(path)
    ingest.import_file(con, FIXTURES / "multilingual_reviews.csv", kind="responses")
    voices.enrich(con)
    con.close()
    return path


@pytest.fixture
def reviews(reviews_file):
    con = workspace.connect(reviews_file, read_only=True)
    yield con, reviews_file
    con.close()


def test_each_review_is_read_in_its_own_language(reviews):
    con, _ = reviews
    found = dict(con.execute("SELECT split_part(voice_id, ':', 2), language FROM voices_enriched "
                             "WHERE source = 'survey'").fetchall())
    assert {key.split(":")[0]: language for key, language in found.items()} == EXPECTED
    assert voices.languages(con) == {"en": 5, "pt": 2, "de": 1, "es": 1, "sv": 1}


def test_only_english_is_scored_and_the_rest_says_so(reviews):
    con, _ = reviews
    rows = con.execute("SELECT language, sentiment FROM voices_enriched WHERE source = 'survey'").fetchall()
    assert all((sentiment is not None) == (language == "en") for language, sentiment in rows), rows
    english = dict(con.execute("SELECT split_part(voice_id, ':', 2), sentiment FROM voices_enriched "
                               "WHERE language = 'en'").fetchall())
    assert english["M02"] < 0 <= english["M01"]  # M01 praises with no word VADER counts ("quick")


def test_the_language_filter_keeps_those_voices(reviews):
    con, _ = reviews
    page, total = voices.search(con, language=["pt", "es"])
    assert total == 3 and set(page["language"]) == {"pt", "es"}
    page, total = voices.search(con, language="en", sentiment="negative")
    assert set(page["voice_id"].str.split(":").str[1].str[:3]) == {"M02", "M10"}


def test_voices_command_prints_one_json_object_per_voice(reviews_file, capsys):
    path = reviews_file
    done = subprocess.run([sys.executable, "-m", "analytics", "voices", "--workspace", str(path), "--json",
                           "--filter", "language=pt", "--limit", "5"],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 2 and {line["language"] for line in lines} == {"pt"}
    assert set(lines[0]) == {"voice_id", "source", "customer_id", "date", "text", "language", "sentiment",
                             "sentiment_score", "text_sentiment_score", "themes", "score", "score_label",
                             "disagreement"}
    # the words are not scored; the sentiment is the rating's side (M03 rated 2/5, M04 5/5)
    assert all(line["text_sentiment_score"] is None for line in lines)
    by_id = {line["voice_id"].split(":")[1]: line for line in lines}
    assert (by_id["M03"]["sentiment"], by_id["M03"]["sentiment_score"]) == ("negative", -0.7)
    assert (by_id["M04"]["sentiment"], by_id["M04"]["sentiment_score"]) == ("positive", 0.7)
    assert lines[0]["date"] >= lines[1]["date"]  # newest first
    assert main(["voices", "--workspace", str(path), "--json", "--search", "billing",
                 "--filter", "sentiment=negative"]) == 0  # in process this time
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["customer_id"] for line in found] == ["C2"] and found[0]["sentiment"] == "negative"
    assert found[0]["sentiment_score"] < 0


def test_a_short_text_takes_a_language_its_batch_speaks():
    english = "The support team was slow to answer our billing questions"
    assert detect(["meh", "Great", english]) == ["en", "en", "en"]  # alone, "meh" reads as German
    assert detect(["Péssimo!!", "Muito bom, recomendo a todos os meus amigos"]) == ["pt", "pt"]
    assert detect(["meh", "", None, "12 345"]) == [None] * 4  # nothing to be sure of, nothing to take
    german = "Die Synchronisierung mit unserem Kalender funktioniert seit dem letzten Update nicht mehr."
    assert detect([english, german]) == ["en", "de"]  # one German review among English ones


def test_portuguese_reviews_are_portuguese(shared_data):
    texts = pd.read_csv(shared_data / "ptbr_app_reviews_pipe" / "app_reviews.csv", sep="|")["content"]
    assert detect(texts.tolist()) == ["pt"] * len(texts)


def test_swedish_and_german_hotel_reviews_among_english_ones(shared_data):
    # Mac Roman bytes (the file's own encoding), as the import reads them
    raw = (shared_data / "datafiniti_hotel_reviews" / "Datafiniti_Hotel_Reviews.csv").read_bytes()
    texts = pd.read_csv(io.StringIO(raw.decode("mac_roman")))["reviews.text"].dropna().astype(str)
    found = pd.Series(detect(texts.tolist()), index=texts.index)
    swedish = texts[texts.str.contains(r"\b(?:hotell|frukost|mycket)\b", regex=True)]
    assert len(swedish) >= 3 and (found[swedish.index] == "sv").all()
    german = texts[texts.str.contains(r"\b(?:Zimmer|Wir|sehr)\b", regex=True)]
    assert len(german) >= 40 and (found[german.index] == "de").mean() >= 0.95
    assert (found == "en").mean() > 0.9
