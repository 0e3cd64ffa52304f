"""Drivers: what each theme costs — its score impact, its effect on churn and the revenue it carries.

For a Slice and the workspace's theme tags (enrich.py):
- Score impact, on the workspace's score (NPS, else the rating, else CSAT): the score of all its
  answers in the slice − the score of the answers whose comment does not mention the theme
  (NPS and CSAT in points, a rating on its scale). Significance: z-test of with vs without,
  each with its own SE. Without any score the impact is None.
- Effect on churn = churn rate of customers who mentioned the theme vs those who spoke to us but
  did not, among the customers the slice's churn rate counts: relative risk with a Katz log
  interval and the matching z-test on log(RR).
- Many themes are tested at once, so a theme is called significant only when its
  Benjamini–Hochberg adjusted p (q, across the themes tested on that side) is below 0.05, and only
  with at least `min_mentions` mentions (answers for the score, customers for churn): below that
  no test is counted and the theme reads "not enough mentions". Words count from 3 months before the period until its end (in a survey comment or a
  ticket; churn reasons are not mentions, since only customers who left have one). Comparing
  with customers who also spoke keeps "says anything at all" out of the effect.
- Revenue: start-of-period MRR of the mentioning customers who churned, and current MRR of those
  still active who raised it critically, in negative words or beside a score in the lower half of
  its scale ("at risk": praise of a theme puts nothing at risk). Rows are sorted by the sum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from analytics.metrics import (REGISTRY, Evidence, Slice, add_months, available, compute, customer_filter,
                               period_filter, population, quotes_from, stats, unit_value_sql)
from analytics.sql import Params
from analytics.voices import load_taxonomy

# Each answer as a number whose mean is the figure: NPS ±100/0, CSAT 100/0 (a share in points),
# a rating on the slice's most common scale. With and without a theme, compared by their means.
SCORE_MENTIONS = """
SELECT t.theme_id, count(*) AS n, sum(p.x) AS total, sum(p.x * p.x) AS squares
FROM (SELECT unit_id, CAST({value} AS DOUBLE) AS x FROM ({population})) p
JOIN voice_themes t ON t.voice_id = {voice} || p.unit_id
GROUP BY t.theme_id
"""

SCORE_ALL = ("SELECT count(*), coalesce(sum(x), 0), coalesce(sum(x * x), 0) "
             "FROM (SELECT CAST({value} AS DOUBLE) AS x FROM ({population}))")
# The first one the workspace holds is the drivers' score (a helpdesk alone: its tickets' ratings).
SCORE_METRICS = ("nps", "rating", "csat", "support_csat")

# Words that count as speaking to us: a survey comment or ticket of a known customer (churn reasons
# are not mentions, since only customers who left have one).
SPOKE = "v.source <> 'churn_reason' AND v.customer_id IS NOT NULL"

CHURN_MENTIONS = """
WITH pop AS ({population}),
spoke AS (
    SELECT v.voice_id, v.customer_id FROM voices v
    WHERE {spoke} AND {window}
),
mentions AS (
    SELECT DISTINCT t.theme_id, s.customer_id FROM spoke s JOIN voice_themes t USING (voice_id)
)
SELECT m.theme_id, count(*) AS n, count_if(pop.event) AS churned,
       coalesce(sum(pop.start_mrr) FILTER (WHERE pop.event), 0) AS churned_mrr
FROM pop JOIN mentions m ON m.customer_id = pop.customer_id
GROUP BY m.theme_id
UNION ALL  -- the comparison base: every counted customer who said anything in the window
SELECT NULL, count(*), coalesce(count_if(pop.event), 0), 0  -- count_if of no rows is NULL
FROM pop WHERE pop.customer_id IN (SELECT customer_id FROM spoke)
"""

# A critical voice: negative sentiment, or a score in the lower half of its scale.
CRITICAL = ("(v.voice_id IN (SELECT voice_id FROM voice_enrichment WHERE sentiment < -0.05) "
            "OR v.score <= v.scale_min + 0.5 * (v.scale_max - v.scale_min) OR v.source = 'churn_reason')")

# At risk: still a customer, and raised the theme critically (praise of a theme puts no revenue at risk)
AT_RISK_MENTIONS = f"""
SELECT theme_id, count(*) AS active_customers, coalesce(sum(mrr), 0) AS at_risk_mrr
FROM (SELECT DISTINCT t.theme_id, c.customer_id, c.mrr
      FROM voices v JOIN voice_themes t ON t.voice_id = v.voice_id
      JOIN customers c ON c.customer_id = v.customer_id
      WHERE v.source <> 'churn_reason' AND {CRITICAL} AND {{active}} AND {{customers}} AND {{in_period}})
GROUP BY theme_id
"""


@dataclass(frozen=True)
class Driver:
    theme_id: str
    theme: str
    score_metric: str | None  # one of SCORE_METRICS: the score compared with and without the theme
    score_mentions: int
    score_with: float | None
    score_without: float | None
    score_impact: float | None
    score_p: float | None
    customers: int  # counted customers who raised the theme
    churned: int  # ... of whom churned in the period
    others: int  # counted customers who spoke but did not raise it
    others_churned: int
    churn_with: float | None
    churn_without: float | None
    relative_risk: float | None
    rr_low: float | None
    rr_high: float | None
    churned_mrr: float
    at_risk_mrr: float
    churn_p: float | None = None  # z-test of log(RR) = 0, unadjusted
    score_q: float | None = None  # Benjamini–Hochberg adjusted p across the themes tested
    churn_q: float | None = None
    min_mentions: int = 30

    @property
    def money(self) -> float:
        return self.churned_mrr + self.at_risk_mrr

    @property
    def score_enough(self) -> bool:
        return self.score_mentions >= self.min_mentions

    @property
    def churn_enough(self) -> bool:
        return self.customers >= self.min_mentions

    @property
    def score_significant(self) -> bool:
        return self.score_q is not None and self.score_q < 0.05

    @property
    def churn_significant(self) -> bool:
        return self.churn_q is not None and self.churn_q < 0.05

    def as_dict(self) -> dict:
        """The row for scripts: `python -m analytics drivers --json`."""
        return {"theme_id": self.theme_id, "theme": self.theme, "mentions": self.score_mentions,
                "score_metric": self.score_metric, "score_impact": self.score_impact,
                "nps_impact": self.score_impact if self.score_metric == "nps" else None,
                "p": self.score_p, "q": self.score_q, "significant": self.score_significant,
                "customers": self.customers, "churned": self.churned, "churn_with": self.churn_with,
                "churn_without": self.churn_without, "rr": self.relative_risk, "rr_low": self.rr_low,
                "rr_high": self.rr_high, "rr_p": self.churn_p, "rr_q": self.churn_q,
                "churn_significant": self.churn_significant, "enough_mentions": self.score_enough,
                "churned_mrr": self.churned_mrr, "at_risk_mrr": self.at_risk_mrr}


def score_metric(con) -> str | None:
    """The score drivers compare: NPS, else the rating, else CSAT, else Support CSAT (None without
    any of them)."""
    return next((key for key in SCORE_METRICS if available(con, key)), None)


def _score_value(con, key: str, slice_: Slice) -> str:
    """SQL of one answer as a number whose mean is the figure (see SCORE_MENTIONS); a rating is
    placed on the scale the Rating figure reads."""
    metric = REGISTRY[key]
    scale = (1, 5)
    if metric.kind == "common_scale_mean":
        parts = compute(con, key, slice_).parts
        scale = (parts.get("scale_min", 1), parts.get("scale_max", 5))
    return unit_value_sql(metric, scale)


def _mean(n: int, total: float, squares: float) -> tuple[float | None, float | None]:
    """Mean and its standard error (population variance: for NPS this is the usual NPS SE)."""
    if not n:
        return None, None
    mean = total / n
    return mean, math.sqrt(max(squares / n - mean * mean, 0.0) / n)


def _scores(con, slice_: Slice) -> tuple[str | None, tuple, dict]:
    """(score metric, (n, sum, sum of squares) over all its answers, the same per theme)."""
    key = score_metric(con)
    if key is None:
        return None, (0, 0.0, 0.0), {}
    sql, params = population(con, key, slice_)
    value = _score_value(con, key, slice_)
    overall = con.execute(SCORE_ALL.format(value=value, population=sql), params).fetchone()
    voice = "'t:'" if REGISTRY[key].population == "tickets" else "'r:'"  # a ticket's voice, or an answer's
    per_theme = {row[0]: row[1:] for row in con.execute(
        SCORE_MENTIONS.format(value=value, population=sql, voice=voice), params).fetchall()}
    return key, overall, per_theme


def _churn_rows(con, slice_: Slice) -> dict:
    """Per theme (and None: everyone who spoke), (customers, churned, churned MRR)."""
    churn_sql, churn_params = population(con, "churn_rate", slice_)
    p = Params(dict(churn_params))
    window = mention_window(slice_, p)
    return {row[0]: row[1:] for row in con.execute(
        CHURN_MENTIONS.format(population=churn_sql, window=window, spoke=SPOKE), p.values).fetchall()}


MENTION_LOOKBACK_MONTHS = 3
MIN_MENTIONS = 30
METHOD = (
    "Drivers compare, per theme, the score of the answers whose comment raises it with those that do "
    "not (z-test of the two means, each with its own standard error), and the churn of customers who "
    f"raised it (in a comment or ticket from {MENTION_LOOKBACK_MONTHS} months before the period to its end) with customers who "
    "spoke to us about other things (relative risk, Katz 95% interval, z-test on its logarithm). Ten "
    "themes tested at once would flag some by chance, so each side's p-values are adjusted with "
    "Benjamini–Hochberg across the themes tested (q, the false discovery rate); a theme counts as a "
    "driver only when q < 0.05, and is tested only with the minimum number of mentions "
    f"(default {MIN_MENTIONS}; below it: \u201cnot enough mentions\u201d).")


def drivers(con, slice_: Slice, min_mentions: int = MIN_MENTIONS) -> list[Driver]:
    """One Driver per theme of the taxonomy, sorted by the revenue it carries (largest first);
    significance adjusted for the themes tested, each needing `min_mentions` (module docstring)."""
    taxonomy = load_taxonomy(con)
    if not taxonomy or not _tagged(con):
        return []
    key, (n_all, sum_all, squares_all), score_rows = _scores(con, slice_)
    mean_all, _ = _mean(n_all, sum_all, squares_all)

    churn_rows = _churn_rows(con, slice_) if available(con, "churn_rate") else {}  # unknown: no churn side
    churn_all_n, churn_all_k, _ = churn_rows.pop(None, (0, 0, 0))

    q = Params()
    active = (f"(NOT c.churned OR c.churn_date >= {q(slice_.end)})" if slice_.end else "NOT c.churned")
    risk_rows = {row[0]: row[1:] for row in con.execute(AT_RISK_MENTIONS.format(
        active=active, customers=customer_filter(slice_, q),
        in_period=period_filter(slice_, "v.at", q)), q.values).fetchall()}

    result = []
    for theme in taxonomy:
        n_with, sum_with, squares_with = score_rows.get(theme.theme_id, (0, 0.0, 0.0))
        score_with, se_with = _mean(n_with, sum_with, squares_with)
        score_without, se_without = _mean(n_all - n_with, sum_all - sum_with, squares_all - squares_with)
        change = stats.difference_change(score_with, se_with, score_without, se_without)
        k_n, k_churned, churned_mrr = churn_rows.get(theme.theme_id, (0, 0, 0.0))
        rest_n, rest_churned = churn_all_n - k_n, churn_all_k - k_churned
        ratio, interval = stats.relative_risk(k_churned, k_n, rest_churned, rest_n)
        _, at_risk = risk_rows.get(theme.theme_id, (0, 0.0))
        result.append(Driver(
            theme.theme_id, theme.name, key, int(n_with), score_with, score_without,
            None if mean_all is None or score_without is None else mean_all - score_without,
            change.p_value, int(k_n), int(k_churned), int(rest_n), int(rest_churned),
            k_churned / k_n if k_n else None,
            rest_churned / rest_n if rest_n else None, ratio, interval.low, interval.high,
            float(churned_mrr or 0), float(at_risk or 0),
            stats.relative_risk_p(int(k_churned), int(k_n), int(rest_churned), int(rest_n)),
            min_mentions=min_mentions))
    result = _adjusted(result)
    # Costliest first; without revenue (reviews, surveys alone), the themes that pull the score down most.
    return sorted(result, key=lambda d: (-d.money, d.score_impact if d.score_impact is not None else 0.0, d.theme))


def _adjusted(rows: list[Driver]) -> list[Driver]:
    """The rows with their q values: Benjamini–Hochberg over the themes with enough mentions, on
    each side (score, churn) separately."""
    score_q = stats.benjamini_hochberg([r.score_p if r.score_enough else None for r in rows])
    churn_q = stats.benjamini_hochberg([r.churn_p if r.churn_enough else None for r in rows])
    return [replace(r, score_q=sq, churn_q=cq) for r, sq, cq in zip(rows, score_q, churn_q)]



def mention_window(slice_: Slice, p: Params) -> str:
    """Mentions that count for a period: from 3 months before it starts until it ends (older words
    say more about tenure than about this period's churn; later ones can't explain it)."""
    conditions = ["v.at IS NOT NULL"]
    if slice_.start:
        conditions.append(f"v.at >= {p(add_months(slice_.start, -MENTION_LOOKBACK_MONTHS))}::TIMESTAMP")
    if slice_.end:
        conditions.append(f"v.at < {p(slice_.end)}::TIMESTAMP")
    return " AND ".join(conditions) if len(conditions) > 1 else "true"


def _tagged(con) -> bool:
    return con.execute("SELECT count(*) > 0 FROM voice_themes").fetchone()[0]


THEME_QUOTES = """
SELECT v.voice_id AS unit_id, v.customer_id, v.text, v.at, v.source, v.score, v.kind, c.mrr, v.scale_max
FROM voices v JOIN voice_themes t ON t.voice_id = v.voice_id
LEFT JOIN customers c ON c.customer_id = v.customer_id
WHERE t.theme_id = {theme} AND ltrim(v.text) <> '' AND {period} AND {customers} AND {tone}
"""

def theme_population(slice_: Slice, theme_id: str, critical: bool = False) -> tuple[str, dict]:
    """SQL of the voices of the slice that carry the theme (the population of its quotes);
    with `critical`, only the critical ones."""
    p = Params()
    sql = THEME_QUOTES.format(theme=p(theme_id), period=period_filter(slice_, "v.at", p),
                              customers=customer_filter(slice_, p, unit="v"), tone=CRITICAL if critical else "true")
    return sql, p.values


def theme_evidence(con, slice_: Slice, theme_id: str, order: str = "typical", limit: int = 3,
                   offset: int = 0, critical: bool = False) -> Evidence:
    """Ranked quotes of the theme inside the slice, labelled like every other evidence."""
    sql, params = theme_population(slice_, theme_id, critical)
    name = next((t.name for t in load_taxonomy(con) if t.theme_id == theme_id), theme_id)
    return quotes_from(con, sql, params, metric="theme", side=theme_id, order=order, limit=limit,
                       offset=offset, noun=f"{'critical ' if critical else ''}comments about {name.lower()}")
