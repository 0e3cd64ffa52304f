"""Enrichment: sentiment and theme tags computed once per voice, in batches with progress,
incrementally (only new or changed voices), idempotently, and consistent with the sentiment and
theme tagging they store. (How fast it runs is measured in bench/, never here.)"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import ingest, voices, workspace
from analytics.voices import DEFAULT_TAXONOMY, Theme, sentiment

enrich = voices  # enrich, theme_counts


def bump(con) -> None:
    """Rows written straight into a table, as an import would: the version moves."""
    with workspace.transaction(con):
        pass


@pytest.fixture(scope="module")
def enriched(demo_module_copy):
    """The demo workspace with its enrichment removed (as after its import), enriched once
    (batch 5,000), with the progress reports and the result."""
    con = workspace.connect(demo_module_copy)
    with workspace.transaction(con):
        con.execute("DELETE FROM voice_enrichment; DELETE FROM voice_themes;")
        for key in ("enriched_version", "tags_version"):
            workspace.set_meta(con, key, None)
    progress: list[tuple[float, str]] = []
    result = enrich.enrich(con, on_progress=lambda f, m: progress.append((f, m)))
    yield con, result, progress, demo_module_copy.parent
    con.close()


def voice_count(con) -> int:
    return con.execute("SELECT count(DISTINCT voice_id) FROM voices").fetchone()[0]


def test_first_run_enriches_every_voice_with_progress(enriched):
    con, result, progress, _ = enriched
    total = voice_count(con)
    assert result["new"] == result["total"] == total > 10000
    fractions = [f for f, _ in progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(0 <= f <= 1 for f in fractions)
    batch = min(5000, max(500, -(-total // 10)))  # ten batches at least, so the pages' note moves
    assert sum("Enriched" in m and " of " in m for _, m in progress) == -(-total // batch) >= 10  # one per batch
    assert con.execute("SELECT count(*) FROM voice_enrichment").fetchone()[0] == total


def test_second_run_does_nothing(enriched):
    con, _, _, _ = enriched
    version = workspace.version(con)
    stamps = con.execute("SELECT voice_id, enriched_at FROM voice_enrichment ORDER BY 1").fetchall()
    again = enrich.enrich(con)
    assert again["new"] == 0 and again["retagged"] == 0
    assert workspace.version(con) == version
    assert con.execute("SELECT voice_id, enriched_at FROM voice_enrichment ORDER BY 1").fetchall() == stamps


def test_stored_values_match_sentiment_and_themes(enriched):
    con, _, _, _ = enriched
    sample = con.execute("""
        SELECT v.voice_id, v.text, e.sentiment FROM voices v JOIN voice_enrichment e USING (voice_id)
        ORDER BY hash(v.voice_id) LIMIT 400""").df()
    assert np.allclose(sample["sentiment"], sentiment.score(sample["text"]))
    assert sample["sentiment"].between(-1, 1).all()
    stored = con.execute("SELECT voice_id, theme_id, matched FROM voice_themes WHERE voice_id IN "
                         "(SELECT unnest(?))", [sample["voice_id"].tolist()]).fetchall()
    found_by_voice = zip(sample["voice_id"], voices.explain_tags(sample["text"], DEFAULT_TAXONOMY))
    expected = {(v, t, m) for v, found in found_by_voice for t, m in found}
    assert set(stored) == expected
    view = con.execute("SELECT themes, sentiment FROM voices_enriched WHERE voice_id = ?",
                       [sample["voice_id"][0]]).fetchone()
    assert view[1] == pytest.approx(sample["sentiment"][0])


def test_theme_counts(enriched):
    con, _, _, _ = enriched
    counts = enrich.theme_counts(con)
    assert list(counts["theme_id"]) == [t.theme_id for t in DEFAULT_TAXONOMY]
    assert (counts["voices"] > 100).all() and counts["share"].between(0, 1).all()
    billing = counts.set_index("theme_id").loc["billing-invoices"]
    assert billing["voices"] == con.execute(
        "SELECT count(DISTINCT voice_id) FROM voice_themes WHERE theme_id = 'billing-invoices'").fetchone()[0]


def test_theme_counts_before_any_enrichment(tmp_path):
    con = workspace.connect(tmp_path / "ws.duckdb")
    counts = enrich.theme_counts(con)
    assert len(counts) == len(DEFAULT_TAXONOMY) and (counts["voices"] == 0).all()
    result = enrich.enrich(con)
    assert result["new"] == 0 and result["total"] == 0 and result["retagged"] == 0
    con.close()


def test_failed_batch_is_rolled_back_and_the_next_run_finishes(tmp_path, monkeypatch):
    con = workspace.connect(tmp_path / "ws.duckdb")
    con.executemany(
        "INSERT INTO responses (batch_id, response_id, customer_id, responded_at, kind, score, scale_min,"
        " scale_max, comment) VALUES (1, ?, 'C-1', TIMESTAMP '2026-01-01', 'nps', 9, 0, 10, ?)",
        [[f"R-{i:03d}", f"great support number {i}"] for i in range(25)])
    bump(con)
    real_score, calls = sentiment.score, []

    def failing_score(texts, languages=None):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return real_score(texts, languages)

    monkeypatch.setattr(sentiment, "score", failing_score)
    with pytest.raises(RuntimeError):
        enrich.enrich(con, batch=10)
    assert con.execute("SELECT count(*) FROM voice_enrichment").fetchone()[0] == 10  # first batch only
    assert con.execute("SELECT count(DISTINCT voice_id) FROM voice_themes").fetchone()[0] == 10
    monkeypatch.setattr(sentiment, "score", real_score)
    result = enrich.enrich(con, batch=10)
    assert result["new"] == 15 and result["total"] == 25
    assert enrich.enrich(con)["new"] == 0
    con.close()


def test_stale_tags_and_new_rows_are_both_handled(tmp_path):
    """A taxonomy saved without re-tagging, then an import: one enrich re-tags the old voices
    and enriches the new one."""
    con = workspace.connect(tmp_path / "ws.duckdb")
    insert = ("INSERT INTO responses (batch_id, response_id, customer_id, responded_at, kind, score, comment)"
              " VALUES (1, ?, 'C-1', TIMESTAMP '2026-01-01', 'nps', 9, ?)")
    con.execute(insert, ["R-1", "the invoice is wrong"])
    bump(con)
    enrich.enrich(con)
    voices.save_taxonomy(con, [Theme("money", "Money", ("invoice",))], retag=False)
    con.execute(insert, ["R-2", "another invoice"])
    bump(con)
    result = enrich.enrich(con)
    assert result["retagged"] == 1 and result["new"] == 1
    assert con.execute("SELECT voice_id, theme_id FROM voice_themes ORDER BY 1").fetchall() == [
        ("r:R-1", "money"), ("r:R-2", "money")]
    assert enrich.enrich(con)["new"] == 0
    con.close()


def test_changed_text_is_re_enriched(tmp_path):
    con = workspace.connect(tmp_path / "ws.duckdb")
    con.execute("INSERT INTO responses (batch_id, response_id, customer_id, responded_at, kind, score, comment)"
                " VALUES (1, 'R-1', 'C-1', TIMESTAMP '2026-01-01', 'nps', 9, 'love the invoices')")
    bump(con)
    enrich.enrich(con)
    con.execute("UPDATE responses SET comment = 'support is awful' WHERE response_id = 'R-1'")
    bump(con)
    assert enrich.enrich(con)["new"] == 1
    row = con.execute("SELECT e.sentiment, t.theme_id FROM voice_enrichment e JOIN voice_themes t USING (voice_id)"
                      ).fetchall()
    assert row == [(pytest.approx(sentiment.score(["support is awful"])[0]), "support-responsiveness")]
    con.close()


def test_new_import_enriches_only_the_new_rows_and_undo_removes_them(enriched):
    """Runs last: adds a batch to the shared demo workspace."""
    con, _, _, folder = enriched
    before = voice_count(con)
    path = folder / "more_responses.csv"
    pd.DataFrame({
        "response_id": [f"R-9{i:05d}" for i in range(300)],
        "customer_id": [f"C-{(i % 400) + 1:05d}" for i in range(300)],
        "responded_at": ["2026-10-20 10:00:00"] * 300,
        "survey": ["nps"] * 300,
        "score": [i % 11 for i in range(300)],
        "comment": [f"The invoice was wrong again ({i}), and support never replied." for i in range(300)],
    }).to_csv(path, index=False)
    batch = ingest.import_file(con, path, kind="responses")
    assert batch.rows_loaded == 300 and voice_count(con) == before + 300
    progress: list[float] = []
    result = enrich.enrich(con, on_progress=lambda f, m: progress.append(f))
    assert result["new"] == 300 and result["total"] == before + 300 and progress[-1] == 1.0
    new_tags = con.execute("SELECT DISTINCT theme_id FROM voice_themes WHERE voice_id LIKE 'r:R-9%'").fetchall()
    assert sorted(t for (t,) in new_tags) == ["billing-invoices", "support-responsiveness"]
    assert enrich.enrich(con)["new"] == 0

    ingest.undo_batch(con, batch.batch_id)
    assert enrich.enrich(con)["new"] == 0
    assert con.execute("SELECT count(*) FROM voice_enrichment").fetchone()[0] == before
    assert con.execute("SELECT count(*) FROM voice_themes WHERE voice_id LIKE 'r:R-9%'").fetchone()[0] == 0
