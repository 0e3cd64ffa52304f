"""Evidence: the verbatims of exactly the population a figure counts, ranked, each with its reason.

`evidence_for(con, metric, slice)` wraps the metric's own population query (see metrics.py), keeps
the side of it that explains the figure (NPS: detractors by default; churn: the customers who
left), joins each unit to its words, and ranks them transparently: most typical (closest to the
centre of what that group says, by TF-IDF cosine), most recent, highest revenue or most negative.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from analytics.metrics._populations import population
from analytics.metrics._registry import RESPONSE_KINDS
from analytics.metrics._scores import (detractor_sql, high_sql, low_rating_sql, nps_band, passive_sql,
                                       promoter_sql, top_box_sql)

ORDERS = {"typical": "most typical", "recent": "most recent", "revenue": "highest revenue",
          "negative": "most negative"}
TYPICAL_SAMPLE = 3000  # candidates scored for typicality (a fixed, hash-ordered sample)

# For each metric: side name -> (condition on the population row, how to call those words).
SIDES = {
    "nps": {"detractors": (detractor_sql(), "detractor comments"),
            "passives": (passive_sql(), "passive comments"),
            "promoters": (promoter_sql(), "promoter comments")},
    "csat": {"dissatisfied": (f"NOT ({high_sql()})", "comments from dissatisfied customers"),
             "satisfied": (high_sql(), "comments from satisfied customers")},
    "ces": {"hard": (f"NOT ({high_sql()})", "comments from customers who found it hard"),
            "easy": (high_sql(), "comments from customers who found it easy")},
    "rating": {"low": (low_rating_sql(), "words of people who rated it low"),
               "middling": (f"NOT ({low_rating_sql()}) AND NOT ({top_box_sql()})",
                            "words of people who rated it in the middle"),
               "top": (top_box_sql(), "words of people who rated it top")},
    "recommend": {"would not": ("score < 1", "words of people who would not recommend"),
                  "would": ("score >= 1", "words of people who would recommend")},
    "churn_rate": {"churned": ("event", "churned customers' words")},
    "revenue_churn": {"churned": ("event", "churned customers' words")},
    "grr": {"lost or shrank": ("end_mrr < start_mrr", "words of customers who left or shrank")},
    "nrr": {"lost or shrank": ("end_mrr < start_mrr", "words of customers who left or shrank")},
    "revenue_at_risk": {"at risk": ("true", "at-risk customers' words")},
}


@dataclass(frozen=True)
class Quote:
    unit_id: str  # the response or customer the metric counts
    customer_id: str | None
    text: str
    at: datetime | None
    source: str  # survey | ticket | churn_reason
    score: float | None
    kind: str | None
    mrr: float | None
    why: str  # "churned Aug 2026 · SMB · $1,240 MRR · detractor 3/10"


@dataclass(frozen=True)
class Evidence:
    metric: str
    side: str
    order: str
    total: int  # how many units of this side have words
    quotes: tuple[Quote, ...]
    offset: int
    noun: str
    distinct: int = 0  # different stories among them (near-identical texts count once)

    def label(self, position: int = 0) -> str:
        """'1 of 214 detractor comments, picked as most typical'."""
        return (f"{self.offset + position + 1} of {self.total:,} {self.noun}, picked as "
                f"{ORDERS[self.order]}")


# The opening words of a text, dates and numbers aside: near-identical stories share it.
OPENING = ("left(regexp_replace(regexp_replace(lower(left(split_part(ltrim({text}), chr(10), 1), 64)), "
           "'\\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|"
           "oct(ober)?|nov(ember)?|dec(ember)?|monday|tuesday|wednesday|thursday|friday|saturday|"
           "sunday)\\b', ' ', 'g'), '[0-9\\s]+', ' ', 'g'), 40)")

RESPONSE_QUOTES = """
SELECT pop.unit_id, pop.customer_id, pop.comment AS text, pop.at, 'survey' AS source, pop.score,
       {kind} AS kind, c.mrr, c.segment, c.plan, c.churned, c.churn_date, {opening} AS opening,
       pop.scale_max
FROM ({population}) pop LEFT JOIN customers c ON c.customer_id = pop.customer_id
WHERE pop.comment IS NOT NULL AND ltrim(pop.comment) <> '' AND ({side})
"""

# A customer's words: the churn reason when there is one, else the latest comment or ticket up to
# the day of the event the figure counts (never words from after it).
CUSTOMER_QUOTES = """
WITH pop AS (SELECT * FROM ({population}) WHERE {side}),
reasons AS (
    SELECT c.customer_id, c.churn_reason AS text, CAST(c.churn_date AS TIMESTAMP) AS at,
           'churn_reason' AS source, NULL::DOUBLE AS score, 'churn' AS kind
    FROM customers c JOIN pop ON pop.customer_id = c.customer_id
    WHERE ltrim(c.churn_reason) <> '' AND (pop.at IS NULL OR c.churn_date IS NULL
                                          OR c.churn_date < pop.at + INTERVAL 1 DAY)
),
need AS (SELECT pop.customer_id, pop.at FROM pop
         WHERE pop.customer_id NOT IN (SELECT customer_id FROM reasons)),
said AS (
    SELECT r.customer_id, r.comment AS text, r.responded_at AS at, 'survey' AS source, r.score, r.kind
    FROM responses_linked r JOIN need ON need.customer_id = r.customer_id
    WHERE ltrim(r.comment) <> '' AND (need.at IS NULL OR r.responded_at IS NULL
                                      OR r.responded_at < need.at + INTERVAL 1 DAY)
    UNION ALL
    SELECT t.customer_id, concat_ws(E'\\n\\n', t.subject, t.body), t.created_at, 'ticket', t.satisfaction, 'ticket'
    FROM tickets_linked t JOIN need ON need.customer_id = t.customer_id
    WHERE coalesce(t.subject, t.body) IS NOT NULL AND (need.at IS NULL OR t.created_at IS NULL
                                                       OR t.created_at < need.at + INTERVAL 1 DAY)
),
words AS (
    SELECT * FROM reasons
    UNION ALL
    SELECT s.customer_id, s.text, s.at, s.source, s.score, s.kind FROM said s
    QUALIFY row_number() OVER (PARTITION BY s.customer_id ORDER BY s.at DESC NULLS LAST, s.text) = 1
)
SELECT pop.unit_id, pop.customer_id, w.text, w.at, w.source, w.score, w.kind, c.mrr, c.segment,
       c.plan, c.churned, c.churn_date, {opening} AS opening
FROM pop JOIN words w ON w.customer_id = pop.customer_id
JOIN customers c ON c.customer_id = pop.customer_id
"""


def default_side(metric: str) -> str:
    return next(iter(SIDES[metric]))


def candidates_sql(con, metric: str, slice_, side: str | None = None) -> tuple[str, dict]:
    """SQL of every quotable unit of the side, built on the metric's population query."""
    side = side or default_side(metric)
    condition = SIDES[metric][side][0]
    sql, params = population(con, metric, slice_)
    if metric in RESPONSE_KINDS:
        return RESPONSE_QUOTES.format(population=sql, side=condition, kind=f"'{metric}'",
                                      opening=OPENING.format(text="pop.comment")), params
    return customer_quotes_sql(sql, condition), params


def evidence_for(con, metric: str, slice_, side: str | None = None, order: str = "typical",
                 limit: int = 3, offset: int = 0) -> Evidence:
    """Quotes `offset..offset+limit` of the side's ranked words (see module docstring)."""
    side = side or default_side(metric)
    sql, params = candidates_sql(con, metric, slice_, side)
    return quotes_from(con, sql, params, metric=metric, side=side, noun=SIDES[metric][side][1],
                       order=order, limit=limit, offset=offset)


def customer_quotes_sql(population: str, side: str = "true") -> str:
    """Quote candidates of a customer population (rows with unit_id, customer_id, at)."""
    return CUSTOMER_QUOTES.format(population=population, side=side, opening=OPENING.format(text="w.text"))


def quotes_from(con, sql: str, params: dict, *, metric: str, side: str, noun: str,
                order: str = "typical", limit: int = 3, offset: int = 0) -> Evidence:
    """Rank the candidate rows of `sql` (columns as RESPONSE_QUOTES / CUSTOMER_QUOTES give them)
    and quote `offset..offset+limit`: the one ranking every page and export shares."""
    frame = con.execute(f"SELECT * FROM ({sql})", params).df()
    ranked = _rank(con, frame, order)
    chosen = ranked.iloc[offset:offset + limit]
    quotes = tuple(_quote(row, metric) for row in chosen.itertuples(index=False))
    return Evidence(metric, side, order, len(frame), quotes, offset, noun, len(ranked))


def _rank(con, frame, order: str):
    """Rank the candidates; near-identical texts (same opening words, numbers aside) are shown
    once, so "show another" moves to a different story."""
    if frame.empty:
        return frame
    frame = frame.sort_values("unit_id", kind="stable")
    frame = frame[~frame["opening"].duplicated()].reset_index(drop=True)
    if order == "recent":
        return frame.sort_values("at", ascending=False, kind="stable", na_position="last")
    if order == "revenue":
        return frame.sort_values("mrr", ascending=False, kind="stable", na_position="last")
    if order == "negative":
        frame = frame.assign(_neg=_negativity(con, frame))
        return frame.sort_values("_neg", ascending=False, kind="stable")
    return frame.iloc[np.argsort(-typicality(frame["text"].tolist()), kind="stable")]


def typicality(texts: list[str]) -> np.ndarray:
    """Cosine similarity of each text's TF-IDF vector to the centroid of the group; texts beyond
    TYPICAL_SAMPLE (chosen by a hash of the text, so the pick is repeatable) score −1."""
    scores = np.full(len(texts), -1.0)
    if not texts:
        return scores
    order = sorted(range(len(texts)), key=lambda i: hashlib.md5(texts[i].encode()).hexdigest())
    sample = sorted(order[:TYPICAL_SAMPLE])
    if len(sample) < 3:
        scores[sample] = 0.0
        return scores
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(
            [texts[i] for i in sample])
    except ValueError:  # every word is a stop word or appears once
        scores[sample] = 0.0
        return scores
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    similarity = matrix @ centroid / norm  # rows are L2-normalised by the vectorizer
    scores[sample] = np.asarray(similarity).ravel()
    return scores


def _negativity(con, frame) -> np.ndarray:
    """Higher = more negative: the score's position on its scale, then sentiment when enriched."""
    score = frame["score"].astype(float)
    low = score.min() if score.notna().any() else 0
    span = (score.max() - low) or 1
    negativity = 1 - (score - low) / span
    return negativity.fillna(0.5).to_numpy() - 0.001 * frame["text"].str.len().clip(upper=500).to_numpy() / 500


def _quote(row, metric: str) -> Quote:
    return Quote(unit_id=str(row.unit_id), customer_id=row.customer_id, text=row.text,
                 at=_py_datetime(row.at), source=row.source,
                 score=None if _missing(row.score) else float(row.score),
                 kind=row.kind, mrr=None if _missing(row.mrr) else float(row.mrr), why=why(row))


def _missing(value) -> bool:
    """None, NaN or NaT (a churned customer without a churn date)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _py_datetime(value):
    if _missing(value) or value is None:
        return None
    return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value


def why(row) -> str:
    """Who said it and why it is here: status, segment, plan, MRR and the score it came with."""
    parts = []
    if getattr(row, "churned", False) is True and not _missing(row.churn_date):
        parts.append(f"churned {row.churn_date:%b %Y}")
    elif getattr(row, "churned", False) is True:
        parts.append("churned")
    for attribute in ("segment", "plan"):
        value = getattr(row, attribute, None)
        if isinstance(value, str) and value and value not in parts:
            parts.append(value)
    if not _missing(row.mrr):
        parts.append(f"${row.mrr:,.0f} MRR")
    if not _missing(row.score):
        score = int(row.score) if float(row.score).is_integer() else round(float(row.score), 1)
        if row.kind == "nps":
            parts.append(f"{nps_band(score)} {score}/10")
        elif row.kind == "recommend":
            parts.append("would recommend" if score >= 1 else "would not recommend")
        elif row.kind == "rating" and not _missing(getattr(row, "scale_max", None)):
            parts.append(f"rated {score}/{row.scale_max:.0f}")
        elif row.kind in ("csat", "ces", "ticket", "rating"):
            label = {"csat": "CSAT", "ces": "effort", "ticket": "ticket rating", "rating": "rating"}[row.kind]
            parts.append(f"{label} {score}")
    if row.source == "churn_reason":
        parts.append("churn reason")
    elif row.source == "ticket":
        parts.append("support ticket")
    return " · ".join(parts)

