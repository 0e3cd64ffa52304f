"""Voices: every piece of customer text (survey comments, ticket text, churn reasons), searchable.

`search(con, slice_, words, ...)` returns one page of the voices that match every filter, newest
first, with the customer each came from (name, MRR, churned), its sentiment and its themes, and
the total number of matches. The filters:

- words: every word must occur in the text (case-insensitive substring, `contains(lower(text),
  lower(word))`); a phrase in double quotes counts as one word ("set up" matches those two words
  side by side). No index needed: a scan of 2M comments takes ~0.1–0.3 s on two cores.
- sources: survey | ticket | churn_reason.
- sentiment: negative (≤ −0.05) | neutral | positive (≥ 0.05), VADER's conventional cut-offs,
  on the voice's sentiment: its words weighed with the score beside them (`_labels.voice_sentiment`);
  a voice with neither (words not scored yet or in a language VADER does not read, and no score
  on a side) matches none of them.
- theme: theme ids; a voice matches when it carries any of them (analytics.enrich tags).
- language: ISO 639-1 codes (`_language`), "unknown" for a voice whose language is not known;
  voices not enriched yet have no language and match none.
- disagree: True keeps the voices whose words contradict their own score: a text that reads
  positive with a score in the bottom 40% of its scale, or negative with one in its top two points
  (`_labels.score_side`); a CX lead's check on the sentiment model, and the stories where customers
  say one thing and score another.
- band: detractor (0–6) | passive (7–8) | promoter (9–10) for NPS answers; low | high for every
  other score (high = the top 40% of its scale, as CSAT counts "satisfied": 4–5 of 5, 5–7 of 7).
- churned: True / False keeps the voices of customers who churned / did not; None keeps all
  (text that is not linked to a customer has no status and matches neither True nor False).
- slice: the period on the voice's time, segment/plan/region/attributes on its customer, with
  the same SQL as every metric (slices.period_filter, slices.customer_filter).

No Streamlit here; values are always query parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from analytics.metrics import Slice, customer_filter, detractor_sql, high_sql, passive_sql, period_filter, promoter_sql
from analytics.sql import Params
from analytics.voices import _sentiment as sentiment
from analytics.voices._discovery import MAX_TEXTS
from analytics.voices._labels import side_sql, voice_sentiment_sql
from analytics.voices._language import UNKNOWN
from analytics.voices._taxonomy import load_taxonomy

SOURCES = {"survey": "Survey comment", "ticket": "Support ticket", "churn_reason": "Churn reason"}
SENTIMENTS = ("negative", "neutral", "positive")
NPS_BANDS = ("detractor", "passive", "promoter")
OTHER_BANDS = ("low", "high")
BANDS = NPS_BANDS + OTHER_BANDS
BAND_LABELS = {"detractor": "Detractors (0–6)", "passive": "Passives (7–8)",
               "promoter": "Promoters (9–10)", "low": "Low scores (CSAT, CES, tickets)",
               "high": "High scores (CSAT, CES, tickets)"}
ORDERS = {"recent": "Newest first", "oldest": "Oldest first", "revenue": "Highest MRR first",
          "negative": "Most negative first"}
PAGE_SIZE = 25

HIGH = high_sql("v.score", "v.scale_min", "v.scale_max")
_BAND_SQL = {
    "detractor": f"(v.kind = 'nps' AND {detractor_sql('v.score')})",
    "passive": f"(v.kind = 'nps' AND {passive_sql('v.score')})",
    "promoter": f"(v.kind = 'nps' AND {promoter_sql('v.score')})",
    "low": f"(v.kind <> 'nps' AND v.score IS NOT NULL AND NOT ({HIGH}))",
    "high": f"(v.kind <> 'nps' AND {HIGH})",
}
# The words against the score: positive words on the low side, negative words on the top side.
_DISAGREE_SQL = (f"(({side_sql()} = -1 AND v.voice_id IN (SELECT voice_id FROM voice_enrichment WHERE "
                 "sentiment >= {positive})) OR "
                 f"({side_sql()} = 1 AND v.voice_id IN (SELECT voice_id FROM voice_enrichment WHERE "
                 "sentiment <= {negative})))")
# The voice's sentiment: its words weighed with its score (voices._labels).
MOOD = voice_sentiment_sql()
# Each order over the matches ({u}: their alias), on the columns _SORT_COLUMNS adds to them.
_ORDER_SQL = {
    "recent": '{u}."at" DESC NULLS LAST, {u}.voice_id',
    "oldest": '{u}."at" ASC NULLS LAST, {u}.voice_id',
    "revenue": '{u}._mrr DESC NULLS LAST, {u}."at" DESC NULLS LAST, {u}.voice_id',
    "negative": '{u}._sentiment ASC NULLS LAST, {u}."at" DESC NULLS LAST, {u}.voice_id',
}
_JOIN_CUSTOMERS = "LEFT JOIN customers c ON c.customer_id = v.customer_id"
_JOIN_ENRICHMENT = "LEFT JOIN voice_enrichment e ON e.voice_id = v.voice_id"

# One pass over the voices: the matches are kept (their text is searched once), counted, and the
# page is the first of them in order, with its customers, sentiment and themes joined.
PAGE = """
WITH matched AS MATERIALIZED (
    SELECT v.voice_id, v.source, v.customer_id, v."at", v.text, v.kind, v.score, v.scale_min,
           v.scale_max{sort_columns}
    FROM voices v {joins}
    WHERE {where}
),
hits AS (SELECT * FROM matched m ORDER BY {order} LIMIT {limit} OFFSET {offset}),
tags AS (
    SELECT t.voice_id, list(t.theme_id ORDER BY t.theme_id) AS themes,
           list(t.matched ORDER BY t.theme_id) AS matched  -- why each tag: the words that decided it
    FROM voice_themes t WHERE t.voice_id IN (SELECT voice_id FROM hits)
    GROUP BY t.voice_id
)
SELECT counted._total, h.voice_id, h.source, h.customer_id, h."at", h.text, h.kind, h.score,
       h.scale_min, h.scale_max, c.name, c.mrr, c.segment, c.plan, c.region, c.churned, c.churn_date,
       {mood} AS sentiment, e.sentiment AS text_sentiment, e.language,
       coalesce(tags.themes, []::VARCHAR[]) AS themes,
       coalesce(tags.matched, []::VARCHAR[]) AS matched
FROM (SELECT count(*) AS _total FROM matched) counted
LEFT JOIN hits h ON true
LEFT JOIN customers c ON c.customer_id = h.customer_id
LEFT JOIN voice_enrichment e ON e.voice_id = h.voice_id
LEFT JOIN tags ON tags.voice_id = h.voice_id
ORDER BY {final_order}
"""
# What an order sorts on beyond the voice itself, carried with the matches.
_SORT_COLUMNS = {"revenue": ", c.mrr AS _mrr", "negative": f", {MOOD} AS _sentiment"}
COLUMNS = ["voice_id", "source", "customer_id", "at", "text", "kind", "score", "scale_min",
           "scale_max", "name", "mrr", "segment", "plan", "region", "churned", "churn_date",
           "sentiment", "text_sentiment", "language", "themes", "matched"]

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def terms(words: str | Iterable[str] | None) -> list[str]:
    """The search terms of a query, lower-cased: words, and phrases written in double quotes."""
    if not words:
        return []
    if not isinstance(words, str):
        words = " ".join(f'"{w}"' if " " in w.strip() else w for w in words)
    found = [(phrase or word).strip().lower() for phrase, word in _TERM.findall(words)]
    return list(dict.fromkeys(t for t in found if t and t != '"'))


def _as_tuple(value) -> tuple:
    if value is None or value == "":
        return ()
    if isinstance(value, (str, bool)):
        return (value,)
    return tuple(value)


def _check(values: tuple, allowed: Iterable[str], what: str) -> None:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(map(str, unknown))}; known: {', '.join(allowed)}")


def _conditions(slice_: Slice, words, sources, sentiment_, theme, band, churned, language, disagree: bool,
                p: Params) -> tuple[list[str], set[str]]:
    """WHERE conditions and the joins they need ({"customers", "enrichment"}); themes, languages
    and the words' sentiment filter by semi-join (`IN`), which DuckDB runs faster than a join over
    millions of voices; the voice's sentiment, which needs the score too, by the join."""
    where, needs = [], set()
    for term in terms(words):
        where.append(f"contains(lower(v.text), {p(term)})")
    sources = _as_tuple(sources)
    _check(sources, SOURCES, "source")
    if sources:
        where.append(f"list_contains({p(list(sources))}::VARCHAR[], v.source)")
    moods = _as_tuple(sentiment_)
    _check(moods, SENTIMENTS, "sentiment")
    if moods:
        low = p(sentiment.NEGATIVE_BELOW) if {"negative", "neutral"} & set(moods) else None
        high = p(sentiment.POSITIVE_ABOVE) if {"positive", "neutral"} & set(moods) else None
        parts = {"negative": f"{MOOD} <= {low}", "positive": f"{MOOD} >= {high}",
                 "neutral": f"({MOOD} > {low} AND {MOOD} < {high})"}
        where.append("(" + " OR ".join(parts[m] for m in moods) + ")")
        needs.add("enrichment")
    chosen_themes = _as_tuple(theme)
    if chosen_themes:
        where.append("v.voice_id IN (SELECT voice_id FROM voice_themes "
                     f"WHERE list_contains({p(list(chosen_themes))}::VARCHAR[], theme_id))")
    languages = _as_tuple(language)
    if languages:
        known = [code for code in languages if code != UNKNOWN]
        either = [f"list_contains({p(known)}::VARCHAR[], language)"] if known else []
        either += ["(enriched_at IS NOT NULL AND language IS NULL)"] if UNKNOWN in languages else []
        where.append(f"v.voice_id IN (SELECT voice_id FROM voice_enrichment WHERE {' OR '.join(either)})")
    if disagree:
        where.append(_DISAGREE_SQL.format(positive=p(sentiment.POSITIVE_ABOVE), negative=p(sentiment.NEGATIVE_BELOW)))
    bands = _as_tuple(band)
    _check(bands, BANDS, "score band")
    if bands:
        where.append("(" + " OR ".join(_BAND_SQL[b] for b in bands) + ")")
    if churned is not None:
        where.append(f"c.churned = {p(bool(churned))}")
        needs.add("customers")
    period = period_filter(slice_, 'v."at"', p)
    if period != "true":
        where.append(period)
    customers = customer_filter(slice_, p, unit="v")
    if customers != "true":
        where.append(customers)
        needs.add("customers")
    return where or ["true"], needs


def _joins(needs: set[str]) -> str:
    return " ".join(j for key, j in (("customers", _JOIN_CUSTOMERS), ("enrichment", _JOIN_ENRICHMENT))
                    if key in needs)


def search(con, slice_: Slice = Slice(), words: str | Iterable[str] | None = None,
           sources: Iterable[str] | str | None = None, sentiment: Iterable[str] | str | None = None,
           theme: Iterable[str] | str | None = None, band: Iterable[str] | str | None = None,
           churned: bool | None = None, limit: int = PAGE_SIZE, offset: int = 0,
           order: str = "recent", language: Iterable[str] | str | None = None,
           disagree: bool = False) -> tuple[pd.DataFrame, int]:
    """One page (`limit` rows from `offset`) of the voices matching every filter (see the module
    docstring) in `order` (ORDERS), and the total number of matching voices. Columns: COLUMNS
    (`themes` is a list of theme ids and `matched` the words that tagged each; `sentiment` the
    voice's, in [−1, 1], words weighed with score, NaN when neither speaks; `text_sentiment` the
    words alone, NaN before enrichment and for a language VADER does not read; `language` a code
    or None)."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; known: {', '.join(ORDERS)}")
    p = Params()
    where, needs = _conditions(slice_, words, sources, sentiment, theme, band, churned, language, disagree, p)
    condition = " AND ".join(where)
    needs |= {"revenue": {"customers"}, "negative": {"enrichment"}}.get(order, set())
    limit_sql, offset_sql = p(int(limit)), p(int(max(offset, 0)))
    sql = PAGE.format(joins=_joins(needs), where=condition, sort_columns=_SORT_COLUMNS.get(order, ""),
                      order=_ORDER_SQL[order].format(u="m"), limit=limit_sql, offset=offset_sql,
                      final_order=_ORDER_SQL[order].format(u="h"), mood=voice_sentiment_sql(unit="h"))
    frame = con.execute(sql, p.values).df()
    total = int(frame["_total"].iat[0])
    frame = frame[frame["voice_id"].notna()].reset_index(drop=True)
    return frame[COLUMNS], int(total)


# ---------------------------------------------------------------- for discovery and labels

SAMPLE = """
SELECT text FROM voices WHERE text IS NOT NULL AND length(trim(text)) >= 3
ORDER BY hash(voice_id), voice_id LIMIT $limit
"""


def sample_texts(con, limit: int = MAX_TEXTS) -> list[str]:
    """Up to `limit` voice texts of the workspace, a fixed pseudo-random sample (by a hash of the
    voice id, so the same workspace gives the same sample): what theme discovery reads."""
    return [row[0] for row in con.execute(SAMPLE, {"limit": int(limit)}).fetchall()]


def languages(con) -> dict[str, int]:
    """Enriched voices per language (a code, or UNKNOWN), the most common first."""
    return dict(con.execute("SELECT coalesce(language, $unknown), count(*) FROM voice_enrichment "
                            "GROUP BY ALL ORDER BY count(*) DESC, 1", {"unknown": UNKNOWN}).fetchall())


def tag_reasons(con, theme_id: str, voice_ids: Iterable[str]) -> dict[str, str | None]:
    """Why each of these voices carries the theme: the words of its text that tagged it, or None
    where the analyst added the tag by hand. Voices without the theme are left out."""
    return dict(con.execute("SELECT voice_id, matched FROM voice_themes WHERE theme_id = $theme "
                            "AND list_contains($ids::VARCHAR[], voice_id)",
                            {"theme": theme_id, "ids": list(voice_ids)}).fetchall())


def theme_names(con) -> dict[str, str]:
    """Theme id → name for the workspace's taxonomy (ids no longer in it keep their id)."""
    return {t.theme_id: t.name for t in load_taxonomy(con)}
