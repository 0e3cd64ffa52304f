"""Enrichment of voices: language, sentiment and theme tags, computed once per voice, incrementally.

`enrich(con)` finds the voices (rows of the `voices` view) that have no enrichment yet, or whose
text changed since (an md5 of the text is kept), computes their language (`_language`, among the
languages of their batch), their sentiment (`_sentiment`, only in a language it reads) and theme
tags (`_matching`, with the workspace's taxonomy), and stores them in batches, one transaction per
batch, reporting progress. Nothing else is recomputed: a second call finds nothing to do, and after
an import only the new rows are processed. Enrichment of voices that disappeared (an undone batch)
is deleted. Raw rows are never modified.

`retag(con)` recomputes voice_themes for every enriched voice in one transaction; taxonomy edits
call it, so tags always match the saved taxonomy. Both apply the analyst's corrections last
(`_corrections`), which `correct_tags` records.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime

import numpy as np
import pandas as pd

from analytics.voices import _language as language
from analytics.voices import _sentiment as sentiment
from analytics.voices._corrections import apply_corrections
from analytics.voices._labels import voice_sentiment_sql
from analytics.voices._matching import compile_themes, explain
from analytics.voices._theme import Theme
from analytics.voices._taxonomy import load_taxonomy, taxonomy_version
from analytics.workspace import WRITE_LOCK, actor, get_meta, record, require, set_meta, transaction, version

Progress = Callable[[float, str], None]
Scoring = Callable[[list, tuple], tuple]  # (texts, themes) → (languages, sentiments, tags per text)

ENRICHED_VERSION_KEY = "enriched_version"  # meta: workspace version the last enrich saw
TAGS_VERSION_KEY = "tags_version"          # meta: taxonomy version voice_themes were computed with

# Voices needing work: never enriched, or their text changed since (same id, other text).
_PENDING = """
CREATE OR REPLACE TEMP TABLE enrich_pending AS
SELECT v.voice_id, v.text, v.text_hash, row_number() OVER (ORDER BY v.voice_id) AS n
FROM (SELECT voice_id, any_value(text) AS text, md5(any_value(text)) AS text_hash
      FROM voices GROUP BY voice_id) v
LEFT JOIN voice_enrichment e ON e.voice_id = v.voice_id
WHERE e.voice_id IS NULL OR e.text_hash IS DISTINCT FROM v.text_hash
"""
_RETAG_SOURCE = """
CREATE OR REPLACE TEMP TABLE enrich_pending AS
SELECT v.voice_id, v.text, NULL AS text_hash, row_number() OVER (ORDER BY v.voice_id) AS n
FROM (SELECT voice_id, any_value(text) AS text FROM voices GROUP BY voice_id) v
JOIN voice_enrichment e ON e.voice_id = v.voice_id
"""
_CHUNK = "SELECT voice_id, text, text_hash FROM enrich_pending WHERE n > ? AND n <= ? ORDER BY n"
_DROP_PENDING = "DROP TABLE IF EXISTS enrich_pending"
_DELETE_GONE = """
DELETE FROM voice_enrichment WHERE voice_id NOT IN (SELECT voice_id FROM voices);
DELETE FROM voice_themes WHERE voice_id NOT IN (SELECT voice_id FROM voice_enrichment);
"""
_DELETE_BATCH = """
DELETE FROM voice_enrichment WHERE voice_id IN (SELECT voice_id FROM enrich_batch);
DELETE FROM voice_themes WHERE voice_id IN (SELECT voice_id FROM enrich_batch);
"""
_INSERT_ENRICHMENT = ("INSERT INTO voice_enrichment (voice_id, sentiment, text_hash, enriched_at, language) "
                      "SELECT voice_id, sentiment, text_hash, enriched_at, language FROM enrich_batch")
_INSERT_TAGS = "INSERT INTO voice_themes SELECT voice_id, theme_id, matched FROM enrich_tags"

ENRICH_LOCK = threading.Lock()  # one enrichment at a time in this process


def needs_enrichment(con) -> bool:
    """True when voices were imported (or the taxonomy changed) since the last enrichment."""
    if get_meta(con, ENRICHED_VERSION_KEY) != str(version(con)):
        return True
    return _tags_stale(con)


def ensure_enriched(con, on_progress: Progress | None = None, score: Scoring | None = None) -> dict | None:
    """Run `enrich` once when needed (other sessions wait, then find nothing to do)."""
    with ENRICH_LOCK:
        if not needs_enrichment(con):
            return None
        return enrich(con, on_progress=on_progress, score=score)


def score_texts(texts: list[str | None], themes: tuple[Theme, ...]) -> tuple[list, np.ndarray, list]:
    """Language, sentiment and (theme_id, matched text) tags of each text: the CPU-heavy part of
    enrichment, pure, so that it can run in another process."""
    languages = language.detect(texts)
    return languages, sentiment.score(texts, languages), explain(texts, _compiled(themes))


@functools.lru_cache(maxsize=4)
def _compiled(themes: tuple[Theme, ...]):
    return compile_themes(themes)


def _tag_rows(voice_ids, found_per_voice) -> pd.DataFrame:
    ids, theme_ids, matched = [], [], []
    for voice_id, found in zip(voice_ids, found_per_voice):
        for theme_id, text in found:
            ids.append(voice_id)
            theme_ids.append(theme_id)
            matched.append(text)
    return pd.DataFrame({"voice_id": pd.Series(ids, dtype=object),
                         "theme_id": pd.Series(theme_ids, dtype=object),
                         "matched": pd.Series(matched, dtype=object)})


def _notify(on_progress: Progress | None, fraction: float, message: str) -> None:
    if on_progress is not None:
        on_progress(min(max(fraction, 0.0), 1.0), message)


def _tags_stale(con) -> bool:
    return get_meta(con, TAGS_VERSION_KEY) != str(taxonomy_version(con))


def enrich(con, on_progress: Progress | None = None, batch: int = 5000, score: Scoring | None = None) -> dict:
    """Compute sentiment and theme tags for the voices not enriched yet (or whose text changed),
    `batch` voices per transaction (fewer when that would make less than ten: the demo's first
    visit showed "(0%)" while its first 5,000 were scored), calling on_progress(fraction in [0, 1],
    message) as it goes.
    `score` (default `score_texts`) does the CPU-heavy part; the background worker passes one
    that runs in another process, so a server's pages keep the interpreter; the writes stay here.
    If the taxonomy changed since the tags were computed, re-tags everything first. Returns
    {"new": voices enriched now, "total": voices enriched in all, "retagged": voices re-tagged,
    "seconds": elapsed}. Idempotent: a second call with no new data does nothing."""
    started = time.perf_counter()
    retagged = 0
    if _tags_stale(con):  # the taxonomy changed since the tags were computed
        if con.execute("SELECT count(*) FROM voice_enrichment").fetchone()[0]:
            retagged = retag(con, on_progress=on_progress)["retagged"]
        else:
            with transaction(con, bump=False):
                set_meta(con, TAGS_VERSION_KEY, str(taxonomy_version(con)))
    if get_meta(con, ENRICHED_VERSION_KEY) == str(version(con)):
        _notify(on_progress, 1.0, "Sentiment and themes are up to date")
        return _result(con, 0, retagged, started)
    themes = tuple(load_taxonomy(con))
    with transaction(con, bump=False):
        seen_version = version(con)
        con.execute(_DELETE_GONE)
    with WRITE_LOCK:
        con.execute(_PENDING)
    try:
        total = con.execute("SELECT count(*) FROM enrich_pending").fetchone()[0]
        batch = min(batch, max(500, -(-total // 10)))  # ten steps at least: the pages' note moves
        done = 0
        _notify(on_progress, 0.0, f"Scoring sentiment and themes of {total:,} new voices")
        while done < total:
            frame = con.execute(_CHUNK, [done, done + batch]).df()
            texts = frame["text"].tolist()
            languages, scores, found = (score or score_texts)(texts, themes)
            frame["language"] = pd.Series(languages, dtype=object)
            frame["sentiment"] = scores
            frame["enriched_at"] = datetime.now().replace(microsecond=0)
            _write(con, frame[["voice_id", "sentiment", "text_hash", "enriched_at", "language"]],
                   _tag_rows(frame["voice_id"], found))
            done += len(frame)
            _notify(on_progress, done / total, f"Enriched {done:,} of {total:,} new voices")
    finally:
        con.execute(_DROP_PENDING)
    with transaction(con, bump=bool(total), rows=False):  # pages cache on the version: sentiment and tags changed
        if version(con) == seen_version:  # no import landed while we worked
            set_meta(con, ENRICHED_VERSION_KEY, str(seen_version + (1 if total else 0)))
    _notify(on_progress, 1.0, f"Enriched {total:,} new voices")
    return _result(con, total, retagged, started)


def _write(con, enrichment: pd.DataFrame, tags: pd.DataFrame) -> None:
    """One batch in one transaction: replace any older enrichment of these voices."""
    with WRITE_LOCK:
        con.register("enrich_batch", enrichment)
        con.register("enrich_tags", tags)
        try:
            with transaction(con, bump=False):  # one bump when the whole enrichment is done
                con.execute(_DELETE_BATCH)
                con.execute(_INSERT_ENRICHMENT)
                con.execute(_INSERT_TAGS)
                apply_corrections(con, "c.voice_id IN (SELECT voice_id FROM enrich_batch)")
        finally:
            con.unregister("enrich_batch")
            con.unregister("enrich_tags")


def _result(con, new: int, retagged: int, started: float) -> dict:
    total = con.execute("SELECT count(*) FROM voice_enrichment").fetchone()[0]
    return {"new": int(new), "total": int(total), "retagged": int(retagged),
            "seconds": round(time.perf_counter() - started, 3)}


def retag(con, on_progress: Progress | None = None, batch: int = 20000) -> dict:
    """Recompute voice_themes for every enriched voice with the saved taxonomy, in one transaction
    (readers see the old tags or the new ones, never a mix). Returns {"retagged", "seconds"}."""
    started = time.perf_counter()
    matchers = compile_themes(load_taxonomy(con))
    with WRITE_LOCK:
        con.execute(_RETAG_SOURCE)
        try:
            total = con.execute("SELECT count(*) FROM enrich_pending").fetchone()[0]
            _notify(on_progress, 0.0, f"Re-tagging {total:,} voices with the taxonomy")
            with transaction(con, rows=False):  # the bump: pages cache on the version, and the tags changed
                up_to_date = get_meta(con, ENRICHED_VERSION_KEY) == str(version(con))
                con.execute("DELETE FROM voice_themes")
                done = 0
                while done < total:
                    frame = con.execute(_CHUNK, [done, done + batch]).df()
                    con.register("enrich_tags", _tag_rows(frame["voice_id"], explain(frame["text"], matchers)))
                    try:
                        con.execute(_INSERT_TAGS)
                    finally:
                        con.unregister("enrich_tags")
                    done += len(frame)
                    _notify(on_progress, done / max(total, 1), f"Re-tagged {done:,} of {total:,} voices")
                apply_corrections(con)
                set_meta(con, TAGS_VERSION_KEY, str(taxonomy_version(con)))
                if up_to_date:  # only the tags changed: enrichment stays up to date after the bump
                    set_meta(con, ENRICHED_VERSION_KEY, str(version(con) + 1))
        finally:
            con.execute(_DROP_PENDING)
    return {"retagged": int(total), "seconds": round(time.perf_counter() - started, 3)}


def correct_tags(con, voice_id: str, theme_ids: Iterable[str]) -> None:
    """The voice carries exactly `theme_ids` from now on, whatever the taxonomy's rules say."""
    require("analyst", "correct theme tags")
    wanted = set(theme_ids)
    themes = load_taxonomy(con)
    known = {t.theme_id for t in themes}
    if wanted - known:
        raise ValueError(f"unknown themes: {', '.join(sorted(wanted - known))}")
    found = con.execute("SELECT any_value(text) FROM voices WHERE voice_id = ?", [voice_id]).fetchone()
    if found is None or found[0] is None:
        raise ValueError(f"no voice {voice_id!r}")
    model = dict(explain([found[0]], compile_themes(themes))[0])
    with transaction(con, rows=False):  # the tags changed: pages cache on the version
        up_to_date = get_meta(con, ENRICHED_VERSION_KEY) == str(version(con))
        con.execute("DELETE FROM tag_corrections WHERE voice_id = ?", [voice_id])
        differs = [[voice_id, theme, theme in wanted, actor()] for theme in sorted(known)
                   if (theme in wanted) != (theme in model)]
        if differs:
            con.executemany("INSERT INTO tag_corrections VALUES (?, ?, ?, ?, now())", differs)
        con.execute("DELETE FROM voice_themes WHERE voice_id = ?", [voice_id])
        if model:
            con.executemany("INSERT INTO voice_themes VALUES (?, ?, ?)",
                            [[voice_id, theme, words] for theme, words in model.items()])
        apply_corrections(con, "c.voice_id = ?", [voice_id])
        record(con, "tag correction", voice=voice_id, themes=sorted(wanted))
        if up_to_date:  # only this voice's tags changed: nothing waits for enrichment
            set_meta(con, ENRICHED_VERSION_KEY, str(version(con) + 1))


def theme_counts(con) -> pd.DataFrame:
    """Voices per theme in the current tags: theme_id, name, voices, share of enriched voices,
    mean sentiment of those voices (their words weighed with their scores); in taxonomy order.
    Zero counts before the first enrich."""
    taxonomy = load_taxonomy(con)
    columns = ["theme_id", "name", "voices", "share", "mean_sentiment"]
    counts = con.execute(f"""
        SELECT t.theme_id, count(DISTINCT t.voice_id) AS voices, avg({voice_sentiment_sql()}) AS mean_sentiment
        FROM voice_themes t JOIN voice_enrichment e ON e.voice_id = t.voice_id
        JOIN voices v ON v.voice_id = t.voice_id
        GROUP BY t.theme_id""").df().set_index("theme_id")
    enriched = con.execute("SELECT count(*) FROM voice_enrichment").fetchone()[0]
    rows = []
    for theme in taxonomy:
        voices = int(counts["voices"].get(theme.theme_id, 0)) if len(counts) else 0
        mean = counts["mean_sentiment"].get(theme.theme_id) if len(counts) else None
        rows.append({"theme_id": theme.theme_id, "name": theme.name, "voices": voices,
                     "share": voices / enriched if enriched else 0.0,
                     "mean_sentiment": None if mean is None or pd.isna(mean) else float(mean)})
    return pd.DataFrame(rows, columns=columns)
