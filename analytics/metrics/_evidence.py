"""Evidence: the verbatims of exactly the population a figure counts, ranked, each with its reason.

`evidence_for(con, metric, slice)` wraps the metric's own population query (see metrics.py), keeps
the side of it that explains the figure (NPS: detractors by default; churn: the customers who
left), joins each unit to its words, and ranks them transparently: most typical (closest to the
centre of what that group says, by TF-IDF cosine), most recent, highest revenue or most negative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

import numpy as np
import pandas as pd

from analytics.metrics._populations import population
from analytics.metrics._registry import REGISTRY
from analytics.metrics._ticket_points import ticket_points, ticket_word
from analytics.scores import nps_band
from analytics.sql import Params

ORDERS = {"typical": "most typical", "recent": "most recent", "revenue": "highest revenue",
          "negative": "most negative"}
TYPICAL_SAMPLE = 1000  # candidates scored for typicality (a fixed, hash-ordered sample)

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
    more: bool = False  # another story follows these (near-identical texts count once)

    def label(self, position: int = 0) -> str:
        """'1 of 214 detractor comments, picked as most typical'."""
        return (f"{self.offset + position + 1} of {self.total:,} {self.noun}, picked as "
                f"{ORDERS[self.order]}")


# The opening words of a text, dates and numbers aside: near-identical stories share them.
_DATE_WORDS = re.compile(r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|"
                         r"oct(ober)?|nov(ember)?|dec(ember)?|monday|tuesday|wednesday|thursday|friday|"
                         r"saturday|sunday)\b")
_DIGITS_AND_SPACES = re.compile(r"[0-9\s]+")


def opening(text: str) -> str:
    """'order #4411 late again' and 'order #5120 late again' open alike: the first line, lower
    case, its first 64 characters with day and month names and runs of digits and spaces made one
    space, cut to 40."""
    first = text.lstrip(" ").split("\n", 1)[0][:64].lower()
    return _DIGITS_AND_SPACES.sub(" ", _DATE_WORDS.sub(" ", first))[:40]


# The candidates carry what ranks them; who said it (their customer's segment, plan, MRR, status:
# the caption) is looked up for the quotes shown only (CAPTIONS). An answer's MRR is its customer's,
# joined only to rank by revenue: the join was a quarter of the candidates' query at 2M.
RESPONSE_QUOTES = """
SELECT pop.unit_id, pop.customer_id, pop.comment AS text, pop.at, {source} AS source, pop.score,
       {kind} AS kind, pop.scale_max{revenue}
WHERE pop.comment IS NOT NULL AND ltrim(pop.comment) <> '' AND ({side})
"""
BY_REVENUE = (", c.mrr\nFROM ({population}) pop LEFT JOIN customers c ON c.customer_id = pop.customer_id",
              "\nFROM ({population}) pop")
CAPTION_COLUMNS = ["mrr", "segment", "plan", "churned", "churn_date"]
CAPTIONS = ("SELECT customer_id, " + ", ".join(CAPTION_COLUMNS) +
            " FROM customers WHERE list_contains({ids}::VARCHAR[], customer_id)")

# A customer's words: the churn reason when there is one, else the latest comment or ticket up to
# 30 days after the day of the event the figure counts: an exit survey is often sent, and
# answered, once the customer has gone, and says why better than anything before it.
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
                                      OR r.responded_at < need.at + INTERVAL 31 DAY)
    UNION ALL
    SELECT t.customer_id, concat_ws(E'\\n\\n', t.subject, t.body), t.created_at, 'ticket', t.satisfaction, 'ticket'
    FROM tickets_linked t JOIN need ON need.customer_id = t.customer_id
    WHERE coalesce(t.subject, t.body) IS NOT NULL AND (need.at IS NULL OR t.created_at IS NULL
                                                       OR t.created_at < need.at + INTERVAL 31 DAY)
),
words AS (
    SELECT * FROM reasons
    UNION ALL
    SELECT s.customer_id, s.text, s.at, s.source, s.score, s.kind FROM said s
    QUALIFY row_number() OVER (PARTITION BY s.customer_id ORDER BY s.at DESC NULLS LAST, s.text) = 1
)
SELECT pop.unit_id, pop.customer_id, w.text, w.at, w.source, w.score, w.kind, c.mrr
FROM pop JOIN words w ON w.customer_id = pop.customer_id
JOIN customers c ON c.customer_id = pop.customer_id
"""


# Revenue at risk: what each at-risk customer said with the NPS answer that put them at risk
# (their latest; of two at one instant, the lower), which the population carries.
AT_RISK_QUOTES = """
SELECT pop.unit_id, pop.customer_id, pop.comment AS text, pop.at, 'survey' AS source, pop.last_nps AS score,
       'nps' AS kind, pop.mrr
FROM ({population}) pop
WHERE pop.comment IS NOT NULL AND ({side})
"""


def default_side(metric: str) -> str:
    return REGISTRY[metric].sides[0].name


def candidates_sql(con, metric: str, slice_, side: str | None = None, order: str = "typical") -> tuple[str, dict]:
    """SQL of every quotable unit of the side, built on the metric's population query, with what
    `order` ranks by."""
    found = REGISTRY[metric]
    condition = found.side(side).condition
    sql, params = population(con, metric, slice_)
    if found.population in ("responses", "tickets"):
        kind = f"'{found.answers}'" if found.population == "responses" else "'ticket'"
        source = "'survey'" if found.population == "responses" else "'ticket'"
        revenue = BY_REVENUE[0 if order == "revenue" else 1].format(population=sql)
        return RESPONSE_QUOTES.format(revenue=revenue, side=condition, kind=kind, source=source), params
    if found.population == "at_risk":
        return AT_RISK_QUOTES.format(population=sql, side=condition), params
    return customer_quotes_sql(sql, condition), params


def evidence_for(con, metric: str, slice_, side: str | None = None, order: str = "typical",
                 limit: int = 3, offset: int = 0) -> Evidence:
    """Quotes `offset..offset+limit` of the side's ranked words (see module docstring)."""
    chosen = REGISTRY[metric].side(side)
    sql, params = candidates_sql(con, metric, slice_, chosen.name, order)
    return quotes_from(con, sql, params, metric=metric, side=chosen.name, noun=chosen.noun,
                       order=order, limit=limit, offset=offset)


def customer_quotes_sql(population: str, side: str = "true") -> str:
    """Quote candidates of a customer population (rows with unit_id, customer_id, at)."""
    return CUSTOMER_QUOTES.format(population=population, side=side)


def quotes_from(con, sql: str, params: dict, *, metric: str, side: str, noun: str,
                order: str = "typical", limit: int = 3, offset: int = 0) -> Evidence:
    """Rank the candidate rows of `sql` (columns as RESPONSE_QUOTES / CUSTOMER_QUOTES give them)
    and quote stories `offset..offset+limit`: the one ranking every page and export shares.

    The engine counts the candidates and sends back only the best-ranked ones: by time, MRR or
    negativity (ties by unit_id), or, for "typical", a fixed sample of TYPICAL_SAMPLE texts (the
    first by an MD5 hash of the text) ranked here by typicality, every text outside it after them by
    unit_id. Walking down that ranking, a text that opens like one above it (`opening`) is the same
    story and is skipped. The caption of each quote shown (CAPTIONS) is read for those rows alone.
    So the cost does not grow with the population beyond the engine's count."""
    wanted = offset + limit + 1  # stories to fill the page and to know whether another follows
    seen: set[str] = set()
    stories: list = []
    if order == "typical":
        sample, total = _ranked(con, sql, params, "md5(text)", "candidates", TYPICAL_SAMPLE)
        sample = sample.sort_values("unit_id", kind="stable").reset_index(drop=True)
        ranked = sample.iloc[np.argsort(-typicality(sample["text"].tolist()), kind="stable")]
        _keep_new(ranked, seen, stories, wanted)
        if len(stories) < wanted and total > len(sample):
            beyond = (f"(SELECT * FROM candidates QUALIFY row_number() OVER (ORDER BY md5(text)) "
                      f"> {TYPICAL_SAMPLE})")
            _walk(con, sql, params, "unit_id", beyond, seen, stories, wanted)
    else:
        total = _walk(con, sql, params, _ORDER_BY[order], "candidates", seen, stories, wanted)
    shown = _with_captions(con, stories[offset:offset + limit])
    points = ticket_points(con) if any(row.kind == "ticket" for row in shown) else {}
    quotes = tuple(_quote(row, metric, points) for row in shown)
    return Evidence(metric, side, order, total, quotes, offset, noun, len(stories) > offset + limit)


def _with_captions(con, rows: list) -> list:
    """`rows` with their customer's caption columns (CAPTION_COLUMNS), looked up for these rows only."""
    if not rows:
        return rows
    p = Params()
    ids = sorted({row.customer_id for row in rows if isinstance(row.customer_id, str)})
    found = {said[0]: dict(zip(CAPTION_COLUMNS, said[1:]))
             for said in con.execute(CAPTIONS.format(ids=p(ids)), p.values).fetchall()}
    nobody = dict.fromkeys(CAPTION_COLUMNS)
    return [SimpleNamespace(**{**row._asdict(), **found.get(row.customer_id, nobody)}) for row in rows]


def _keep_new(rows: pd.DataFrame, seen: set, stories: list, wanted: int) -> None:
    """Append to `stories` the rows (in order) that open unlike any before, up to `wanted`."""
    for row in rows.itertuples(index=False):
        if len(stories) >= wanted:
            return
        key = opening(row.text)
        if key not in seen:
            seen.add(key)
            stories.append(row)


def _walk(con, sql: str, params: dict, order_by: str, chosen: str, seen: set, stories: list,
          wanted: int) -> int:
    """Fetch `chosen`'s rows in `order_by` order, in growing batches, until `stories` holds
    `wanted` different ones or none is left. Returns the count of candidates."""
    fetched, batch = 0, 4 * wanted + 20
    while True:
        rows, total = _ranked(con, sql, params, order_by, chosen, batch, fetched)
        _keep_new(rows, seen, stories, wanted)
        fetched += len(rows)
        if len(stories) >= wanted or len(rows) < batch:
            return total
        batch *= 4


# The engine's order of the candidates for each ranking (ties: by unit_id).
_NEGATIVITY = ("coalesce(1 - (score::DOUBLE - _low) / coalesce(nullif(_high - _low, 0), 1), 0.5) "
               "- 0.001::DOUBLE * least(length(text), 500) / 500")  # the score's place on its scale
_ORDER_BY = {"recent": "\"at\" DESC NULLS LAST, unit_id", "revenue": "mrr DESC NULLS LAST, unit_id",
             "negative": f"{_NEGATIVITY} DESC, unit_id"}

_RANKED = """
WITH candidates AS MATERIALIZED ({sql}),
counts AS (SELECT count(*) AS _total, min(score::DOUBLE) AS _low, max(score::DOUBLE) AS _high FROM candidates),
page AS (SELECT k.* FROM {chosen} k, counts ORDER BY {order_by} LIMIT {limit} OFFSET {offset})
SELECT counts._total, page.* FROM counts LEFT JOIN page ON true ORDER BY {order_by}
"""


def _ranked(con, sql: str, params: dict, order_by: str, chosen: str, limit: int,
            offset: int = 0) -> tuple[pd.DataFrame, int]:
    """(rows `offset..offset+limit` of `chosen` — the candidates, or a subset of them — in
    `order_by` order, the number of candidates)."""
    frame = con.execute(_RANKED.format(sql=sql, chosen=chosen, order_by=order_by, limit=int(limit),
                                       offset=int(offset)), params).df()
    total = int(frame["_total"].iat[0]) if len(frame) else 0
    return frame[frame["unit_id"].notna()].drop(columns=["_total"]).reset_index(drop=True), total


def typicality(texts: list[str]) -> np.ndarray:
    """Cosine similarity of each text's TF-IDF vector to the centroid of the texts (0 for every
    text when fewer than 3, or when no word but stop words repeats)."""
    scores = np.zeros(len(texts))
    if len(texts) < 3:
        return scores
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(texts)
    except ValueError:  # every word is a stop word or appears once
        return scores
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    return np.asarray(matrix @ centroid / norm).ravel()  # rows are L2-normalised by the vectorizer


def _quote(row, metric: str, points: dict[float, str]) -> Quote:
    return Quote(unit_id=str(row.unit_id), customer_id=row.customer_id, text=row.text,
                 at=_py_datetime(row.at), source=row.source,
                 score=None if _missing(row.score) else float(row.score),
                 kind=row.kind, mrr=None if _missing(row.mrr) else float(row.mrr), why=why(row, points))


def _missing(value) -> bool:
    """None, NaN or NaT (a churned customer without a churn date)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _py_datetime(value):
    if _missing(value) or value is None:
        return None
    return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value


def why(row, points: dict[float, str] | None = None) -> str:
    """Who said it and why it is here: status, segment, plan, MRR and the score it came with (a
    ticket's as its tool wrote it, `points`: 'rated Bad')."""
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
        elif row.kind == "ticket":  # tickets are read on 1–5, whatever their tool's scale
            parts.append(f"support ticket rated {ticket_word(points or {}, row.score) or f'{score}/5'}")
        elif row.kind in ("csat", "ces", "rating"):
            label = {"csat": "CSAT", "ces": "effort", "rating": "rating"}[row.kind]
            parts.append(f"{label} {score}")
    if row.source == "churn_reason":
        parts.append("churn reason")
    elif row.source == "ticket" and _missing(row.score):
        parts.append("support ticket")
    return " · ".join(parts)

