"""voices.search on the demo workspace: every filter narrows to exactly the voices an independent
pandas computation over the raw rows keeps; words are AND-ed; the slice applies."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from analytics import voices, workspace
from analytics.metrics import Slice
from analytics.voices import _search as search_module
from analytics.voices import sentiment

ALL = 1_000_000  # a limit that returns every match


@pytest.fixture(scope="module")
def con(demo_module_copy):
    """The demo workspace, enriched; the last test here adds a batch to it."""
    connection = workspace.connect(demo_module_copy)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def raw(con) -> pd.DataFrame:
    """Every voice with its customer, sentiment and themes, assembled in pandas from plain tables."""
    frame = con.execute('SELECT voice_id, source, customer_id, "at", text, kind, score, scale_min, '
                        "scale_max FROM voices").df()
    people = con.execute("SELECT customer_id, segment, plan, region, churned, mrr FROM customers").df()
    moods = con.execute("SELECT voice_id, sentiment AS words FROM voice_enrichment").df()
    tags = con.execute("SELECT voice_id, theme_id FROM voice_themes").df()
    themes_of = tags.groupby("voice_id")["theme_id"].apply(set)
    frame = frame.merge(people, on="customer_id", how="left").merge(moods, on="voice_id", how="left")
    frame["themes"] = frame["voice_id"].map(themes_of).apply(lambda s: s if isinstance(s, set) else set())
    # the voice's sentiment: on a score's side 0.3 × words ± 0.7, between the sides 0.3 × words,
    # without a score the words (analytics.voices._labels)
    nps = frame["kind"] == "nps"
    low = frame["scale_min"].fillna(nps.map({True: 0, False: 1}).astype(float))
    high = frame["scale_max"].fillna(nps.map({True: 10, False: 5}).astype(float))
    score = frame["score"].astype(float)
    side = np.select([(score < low + 0.4 * (high - low)).to_numpy(bool, na_value=False), (score >= high - 1).to_numpy(bool, na_value=False)],
                     [-1.0, 1.0], 0.0)
    frame["sentiment"] = np.where(score.isna(), frame["words"],
                                  np.where(side == 0, 0.3 * frame["words"], 0.3 * frame["words"].fillna(0) + 0.7 * side))
    return frame


def ids(con, slice_=Slice(), **filters) -> set[str]:
    rows, total = voices.search(con, slice_, limit=ALL, **filters)
    assert len(rows) == total
    return set(rows["voice_id"])


def expect(frame: pd.DataFrame) -> set[str]:
    return set(frame["voice_id"])


def has(text: pd.Series, word: str) -> pd.Series:
    return text.str.lower().str.contains(word.lower(), regex=False)


def test_no_filter_returns_every_voice(con, raw):
    rows, total = voices.search(con)
    assert total == len(raw) > 10_000
    assert len(rows) == voices.PAGE_SIZE
    assert list(rows.columns) == search_module.COLUMNS


def test_every_word_must_match(con, raw):
    invoice, charged = ids(con, words="invoice"), ids(con, words="charged")
    both = ids(con, words="invoice charged")
    assert invoice == expect(raw[has(raw.text, "invoice")])
    assert both == invoice & charged == expect(raw[has(raw.text, "invoice") & has(raw.text, "charged")])
    assert 0 < len(both) < min(len(invoice), len(charged))
    assert ids(con, words="INVOICE Charged") == both  # case-insensitive
    assert ids(con, words=["invoice", "charged"]) == both


def test_a_quoted_phrase_is_one_term(con, raw):
    phrase = ids(con, words='"set up"')
    assert phrase == expect(raw[has(raw.text, "set up")])
    assert phrase < ids(con, words="set up")  # the two words anywhere match more


def test_search_words_are_values_not_sql(con, raw):
    assert ids(con, words="'; DROP TABLE customers; --") == set()
    assert con.execute("SELECT count(*) FROM customers").fetchone()[0] > 0
    assert ids(con, words="%") == expect(raw[has(raw.text, "%")])  # no LIKE wildcards
    assert ids(con, words="_") == expect(raw[has(raw.text, "_")])


@pytest.mark.parametrize("source", list(voices.SOURCES))
def test_source_filter(con, raw, source):
    assert ids(con, sources=[source]) == expect(raw[raw.source == source])
    assert ids(con, sources=source) == expect(raw[raw.source == source])


def test_several_sources_are_or_ed(con, raw):
    assert ids(con, sources=["ticket", "churn_reason"]) == expect(raw[raw.source.isin(["ticket", "churn_reason"])])


@pytest.mark.parametrize("mood", voices.SENTIMENTS)
def test_sentiment_filter(con, raw, mood):
    labels = pd.Series(sentiment.label(raw.sentiment.fillna(0)), index=raw.index)
    expected = raw[raw.sentiment.notna() & (labels == mood)]
    assert len(expected) > 0
    assert ids(con, sentiment=[mood]) == expect(expected)


def test_sentiment_thresholds_are_vaders(con):
    rows, _ = voices.search(con, sentiment="negative", limit=ALL)
    assert (rows.sentiment <= sentiment.NEGATIVE_BELOW).all()
    rows, _ = voices.search(con, sentiment="positive", limit=ALL)
    assert (rows.sentiment >= sentiment.POSITIVE_ABOVE).all()
    assert len(ids(con, sentiment=["negative", "positive"])) == len(ids(con, sentiment="negative")) + len(
        ids(con, sentiment="positive"))


def test_theme_filter(con, raw):
    for theme_id in ("billing-invoices", "onboarding-setup"):
        expected = expect(raw[raw.themes.apply(lambda s: theme_id in s)])
        assert expected and ids(con, theme=theme_id) == expected
    either = ids(con, theme=["billing-invoices", "pricing-value"])
    assert either == expect(raw[raw.themes.apply(lambda s: bool(s & {"billing-invoices", "pricing-value"}))])


def test_themes_column_lists_every_tag(con, raw):
    rows, _ = voices.search(con, theme="integrations", limit=50)
    truth = raw.set_index("voice_id").themes
    for voice_id, tags in zip(rows.voice_id, rows.themes):
        assert set(tags) == truth[voice_id]


def test_each_tag_comes_with_the_words_that_decided_it(con):
    rows, _ = voices.search(con, theme=["billing-invoices", "ease-of-use"], limit=80)
    stored = dict(((v, t), m) for v, t, m in con.execute("SELECT voice_id, theme_id, matched FROM voice_themes").fetchall())
    for row in rows.itertuples(index=False):
        assert len(row.matched) == len(row.themes)
        for theme_id, why in zip(row.themes, row.matched):
            assert why == stored[(row.voice_id, theme_id)]
            assert why.lower() in row.text.lower(), (row.text, theme_id, why)  # words of this very text


def bands(frame: pd.DataFrame) -> pd.Series:
    high = frame.score >= frame.scale_max - 0.4 * (frame.scale_max - frame.scale_min)
    nps = frame.kind == "nps"
    out = pd.Series(None, index=frame.index, dtype=object)
    out[nps & (frame.score <= 6)] = "detractor"
    out[nps & (frame.score > 6) & (frame.score < 9)] = "passive"
    out[nps & (frame.score >= 9)] = "promoter"
    out[~nps & frame.score.notna() & high] = "high"
    out[~nps & frame.score.notna() & ~high] = "low"
    return out


@pytest.mark.parametrize("band", voices.BANDS)
def test_score_band_filter(con, raw, band):
    expected = expect(raw[bands(raw) == band])
    assert expected and ids(con, band=[band]) == expected


def test_churned_filter(con, raw):
    assert ids(con, churned=True) == expect(raw[raw.churned == True])  # noqa: E712
    assert ids(con, churned=False) == expect(raw[raw.churned == False])  # noqa: E712
    assert ids(con, churned=True).isdisjoint(ids(con, churned=False))


def test_slice_period_and_segment(con, raw):
    q3 = Slice(date(2026, 7, 1), date(2026, 10, 1))
    in_q3 = (raw["at"] >= datetime(2026, 7, 1)) & (raw["at"] < datetime(2026, 10, 1))
    assert ids(con, q3) == expect(raw[in_q3])
    smb = q3.where("segment", "SMB")
    assert ids(con, smb) == expect(raw[in_q3 & (raw.segment == "SMB")])
    two = q3.where("plan", "Pro", "Growth")
    assert ids(con, two) == expect(raw[in_q3 & raw.plan.isin(["Pro", "Growth"])])


def test_all_filters_together(con, raw):
    slice_ = Slice(date(2026, 1, 1), date(2026, 10, 1)).where("region", "EMEA", "North America")
    found = ids(con, slice_, words="support", sources=["survey", "ticket"], sentiment=["negative", "neutral"],
                theme="support-responsiveness", band=["detractor", "low"], churned=False)
    labels = pd.Series(sentiment.label(raw.sentiment.fillna(0)), index=raw.index)
    expected = raw[(raw["at"] >= datetime(2026, 1, 1)) & (raw["at"] < datetime(2026, 10, 1))
                   & raw.region.isin(["EMEA", "North America"]) & has(raw.text, "support")
                   & raw.source.isin(["survey", "ticket"]) & raw.sentiment.notna()
                   & labels.isin(["negative", "neutral"])
                   & raw.themes.apply(lambda s: "support-responsiveness" in s)
                   & bands(raw).isin(["detractor", "low"]) & (raw.churned == False)]  # noqa: E712
    assert len(expected) > 0
    assert found == expect(expected)


def test_pages_cover_every_match_once_newest_first(con):
    slice_ = Slice(date(2026, 7, 1), date(2026, 10, 1)).where("segment", "Enterprise")
    _, total = voices.search(con, slice_, sources="survey")
    seen, previous = [], None
    for offset in range(0, total, 25):
        rows, again = voices.search(con, slice_, sources="survey", limit=25, offset=offset)
        assert again == total and len(rows) == min(25, total - offset)
        seen += list(rows.voice_id)
        times = list(rows["at"])
        assert times == sorted(times, reverse=True)
        assert previous is None or previous >= times[0]
        previous = times[-1]
    assert len(seen) == len(set(seen)) == total
    rows, again = voices.search(con, slice_, sources="survey", offset=total + 5)
    assert rows.empty and again == total


def test_orders(con):
    slice_ = Slice(date(2026, 7, 1), date(2026, 10, 1))
    rows, _ = voices.search(con, slice_, order="revenue", limit=200)
    assert list(rows.mrr.dropna()) == sorted(rows.mrr.dropna(), reverse=True)
    rows, _ = voices.search(con, slice_, order="negative", limit=200)
    assert list(rows.sentiment) == sorted(rows.sentiment)
    rows, _ = voices.search(con, slice_, order="oldest", limit=50)
    assert list(rows["at"]) == sorted(rows["at"])
    with pytest.raises(ValueError):
        voices.search(con, slice_, order="loudest")
    for order in voices.SEARCH_ORDERS:  # a page is that stretch of the whole ordering
        whole, total = voices.search(con, slice_, order=order, limit=ALL)
        page, again = voices.search(con, slice_, order=order, limit=20, offset=40)
        assert again == total == len(whole) and list(page.voice_id) == list(whole.voice_id[40:60]), order


def test_unknown_filter_values_are_refused(con):
    for bad in ({"sources": ["email"]}, {"sentiment": ["angry"]}, {"band": ["neutral"]}):
        with pytest.raises(ValueError):
            voices.search(con, **bad)


def test_rows_carry_customer_mrr_and_name(con, raw):
    rows, _ = voices.search(con, sources="survey", limit=20)
    people = con.execute("SELECT customer_id, name, mrr FROM customers").df().set_index("customer_id")
    for row in rows.itertuples(index=False):
        assert row.mrr == people.mrr[row.customer_id]
        assert row.name == people.name[row.customer_id]


def test_score_labels_and_tones():
    assert voices.score_label("nps", 3.0, 0, 10) == "NPS 3/10 · detractor"
    assert voices.score_label("nps", 8.0, 0, 10) == "NPS 8/10 · passive"
    assert voices.score_label("csat", 4.0, 1, 5) == "CSAT 4/5"
    assert voices.score_label("ces", 6.0, 1, 7) == "Effort 6/7"
    assert voices.score_label("churn", None) is None
    assert voices.score_tone("nps", 10, 0, 10) == "good" and voices.score_tone("nps", 7, 0, 10) == "neutral"
    assert voices.score_tone("csat", 3, 1, 5) == "bad" and voices.score_tone("csat", 4, 1, 5) == "good"
    assert voices.score_tone("ces", 4, 1, 7) == "bad" and voices.score_tone("ces", 5, 1, 7) == "good"
    assert voices.sentiment_label(-0.3) == "negative" and voices.sentiment_label(None) is None


def test_terms():
    assert voices.terms('Invoice  "Set up"  charged') == ["invoice", "set up", "charged"]
    assert voices.terms("") == [] and voices.terms(None) == []
    assert voices.terms("a a A") == ["a"]


def test_enrichment_is_needed_after_an_import_only(con, tmp_path):
    assert not voices.needs_enrichment(con)
    assert voices.ensure_enriched(con) is None
    path = tmp_path / "more.csv"
    path.write_text("response_id,customer_id,date,nps,comment\n"
                    "X-1,C-00001,2026-09-01,2,The invoice was wrong again\n")
    from analytics import ingest

    ingest.import_file(con, path, kind="responses")
    assert voices.needs_enrichment(con)
    assert voices.ensure_enriched(con)["new"] == 1
    assert not voices.needs_enrichment(con)
    assert "r:X-1" in ids(con, words="invoice was wrong again")


def test_sample_texts_is_repeatable_and_bounded(con):
    first = voices.sample_texts(con, 500)
    assert len(first) == 500 and first == voices.sample_texts(con, 500)
    assert all(isinstance(t, str) and len(t.strip()) >= 3 for t in first)
