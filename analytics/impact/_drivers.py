"""Drivers: what each theme costs — its NPS impact, its effect on churn and the revenue it carries.

For a Slice and the workspace's theme tags (enrich.py):
- NPS impact = NPS(all NPS answers of the slice) − NPS(answers whose comment does not mention the
  theme). Significance: z-test of NPS(with) vs NPS(without), each with its own SE.
- Effect on churn = churn rate of customers who mentioned the theme vs those who spoke to us but
  did not, among the customers the slice's churn rate counts: relative risk with a Katz log
  interval. Words count from 3 months before the period until its end (in a survey comment or a
  ticket; churn reasons are not mentions, since only customers who left have one). Comparing
  with customers who also spoke keeps "says anything at all" out of the effect.
- Revenue: start-of-period MRR of the mentioning customers who churned, and current MRR of those
  still active ("at risk"). Rows are sorted by the sum.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.metrics import (OPENING, Evidence, Slice, add_months, customer_filter, detractor_sql,
                               period_filter, population, promoter_sql, quotes_from, stats)
from analytics.sql import Params
from analytics.voices import load_taxonomy

NPS_MENTIONS = f"""
SELECT t.theme_id, count(*) AS n, count_if({promoter_sql("p.score")}) AS promoters,
       count_if({detractor_sql("p.score")}) AS detractors
FROM ({{population}}) p JOIN voice_themes t ON t.voice_id = 'r:' || p.unit_id
GROUP BY t.theme_id
"""

NPS_ALL = f"SELECT count(*), count_if({promoter_sql()}), count_if({detractor_sql()}) FROM ({{population}})"

CHURN_MENTIONS = """
WITH pop AS ({population}),
spoke AS (
    SELECT v.voice_id, v.customer_id FROM voices v
    WHERE v.source <> 'churn_reason' AND v.customer_id IS NOT NULL AND {window}
),
mentions AS (
    SELECT DISTINCT t.theme_id, s.customer_id FROM spoke s JOIN voice_themes t USING (voice_id)
)
SELECT m.theme_id, count(*) AS n, count_if(pop.event) AS churned,
       coalesce(sum(pop.start_mrr) FILTER (WHERE pop.event), 0) AS churned_mrr
FROM pop JOIN mentions m ON m.customer_id = pop.customer_id
GROUP BY m.theme_id
UNION ALL  -- the comparison base: every counted customer who said anything in the window
SELECT NULL, count(*), count_if(pop.event), 0
FROM pop WHERE pop.customer_id IN (SELECT customer_id FROM spoke)
"""

AT_RISK_MENTIONS = """
SELECT theme_id, count(*) AS active_customers, coalesce(sum(mrr), 0) AS at_risk_mrr
FROM (SELECT DISTINCT t.theme_id, c.customer_id, c.mrr
      FROM voices v JOIN voice_themes t ON t.voice_id = v.voice_id
      JOIN customers c ON c.customer_id = v.customer_id
      WHERE v.source <> 'churn_reason' AND {active} AND {customers} AND {in_period})
GROUP BY theme_id
"""


@dataclass(frozen=True)
class Driver:
    theme_id: str
    theme: str
    nps_mentions: int
    nps_with: float | None
    nps_without: float | None
    nps_impact: float | None
    nps_p: float | None
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

    @property
    def money(self) -> float:
        return self.churned_mrr + self.at_risk_mrr

    @property
    def nps_significant(self) -> bool:
        return self.nps_p is not None and self.nps_p < 0.05

    @property
    def churn_significant(self) -> bool:
        return self.rr_low is not None and (self.rr_low > 1 or self.rr_high < 1)


def _nps(promoters: int, detractors: int, n: int) -> float | None:
    return (promoters - detractors) / n * 100 if n else None


def drivers(con, slice_: Slice) -> list[Driver]:
    """One Driver per theme of the taxonomy, sorted by the revenue it carries (largest first)."""
    taxonomy = load_taxonomy(con)
    if not taxonomy or not _tagged(con):
        return []
    nps_sql, nps_params = population(con, "nps", slice_)
    n_all, p_all, d_all = con.execute(NPS_ALL.format(population=nps_sql), nps_params).fetchone()
    nps_rows = {row[0]: row[1:] for row in con.execute(
        NPS_MENTIONS.format(population=nps_sql), nps_params).fetchall()}

    churn_sql, churn_params = population(con, "churn_rate", slice_)
    p = Params(dict(churn_params))
    window = _mention_window(slice_, p)
    churn_rows = {row[0]: row[1:] for row in con.execute(
        CHURN_MENTIONS.format(population=churn_sql, window=window), p.values).fetchall()}
    churn_all_n, churn_all_k, _ = churn_rows.pop(None, (0, 0, 0))

    q = Params()
    active = (f"(NOT c.churned OR c.churn_date >= {q(slice_.end)})" if slice_.end else "NOT c.churned")
    risk_rows = {row[0]: row[1:] for row in con.execute(AT_RISK_MENTIONS.format(
        active=active, customers=customer_filter(slice_, q),
        in_period=period_filter(slice_, "v.at", q)), q.values).fetchall()}

    result = []
    for theme in taxonomy:
        n_with, p_with, d_with = nps_rows.get(theme.theme_id, (0, 0, 0))
        n_without = n_all - n_with
        nps_with = _nps(p_with, d_with, n_with)
        nps_without = _nps(p_all - p_with, d_all - d_with, n_without)
        nps_all = _nps(p_all, d_all, n_all)
        change = stats.difference_change(
            nps_with, _se(p_with, d_with, n_with), nps_without,
            _se(p_all - p_with, d_all - d_with, n_without))
        k_n, k_churned, churned_mrr = churn_rows.get(theme.theme_id, (0, 0, 0.0))
        rest_n, rest_churned = churn_all_n - k_n, churn_all_k - k_churned
        ratio, interval = stats.relative_risk(k_churned, k_n, rest_churned, rest_n)
        _, at_risk = risk_rows.get(theme.theme_id, (0, 0.0))
        result.append(Driver(
            theme.theme_id, theme.name, int(n_with), nps_with, nps_without,
            None if nps_all is None or nps_without is None else nps_all - nps_without,
            change.p_value, int(k_n), int(k_churned), int(rest_n), int(rest_churned),
            k_churned / k_n if k_n else None,
            rest_churned / rest_n if rest_n else None, ratio, interval.low, interval.high,
            float(churned_mrr or 0), float(at_risk or 0)))
    return sorted(result, key=lambda d: (-d.money, d.theme))


MENTION_LOOKBACK_MONTHS = 3


def _mention_window(slice_: Slice, p: Params) -> str:
    """Mentions that count for a period: from 3 months before it starts until it ends (older words
    say more about tenure than about this period's churn; later ones can't explain it)."""
    conditions = ["v.at IS NOT NULL"]
    if slice_.start:
        conditions.append(f"v.at >= {p(add_months(slice_.start, -MENTION_LOOKBACK_MONTHS))}::TIMESTAMP")
    if slice_.end:
        conditions.append(f"v.at < {p(slice_.end)}::TIMESTAMP")
    return " AND ".join(conditions) if len(conditions) > 1 else "true"


def _se(promoters: int, detractors: int, n: int) -> float | None:
    se = stats.nps_se(promoters, detractors, n)
    return None if se is None else se * 100


def _tagged(con) -> bool:
    return con.execute("SELECT count(*) > 0 FROM voice_themes").fetchone()[0]


THEME_QUOTES = """
SELECT v.voice_id AS unit_id, v.customer_id, v.text, v.at, v.source, v.score, v.kind, c.mrr,
       c.segment, c.plan, c.churned, c.churn_date, {opening} AS opening
FROM voices v JOIN voice_themes t ON t.voice_id = v.voice_id
LEFT JOIN customers c ON c.customer_id = v.customer_id
WHERE t.theme_id = {theme} AND ltrim(v.text) <> '' AND {period} AND {customers} AND {tone}
"""

# A critical voice: negative sentiment, or a score in the lower half of its scale.
CRITICAL = ("(v.voice_id IN (SELECT voice_id FROM voice_enrichment WHERE sentiment < -0.05) "
            "OR v.score <= v.scale_min + 0.5 * (v.scale_max - v.scale_min) OR v.source = 'churn_reason')")


def theme_population(slice_: Slice, theme_id: str, critical: bool = False) -> tuple[str, dict]:
    """SQL of the voices of the slice that carry the theme (the population of its quotes);
    with `critical`, only the critical ones."""
    p = Params()
    sql = THEME_QUOTES.format(theme=p(theme_id), period=period_filter(slice_, "v.at", p),
                              customers=customer_filter(slice_, p, unit="v"), tone=CRITICAL if critical else "true",
                              opening=OPENING.format(text="v.text"))
    return sql, p.values


def theme_evidence(con, slice_: Slice, theme_id: str, order: str = "typical", limit: int = 3,
                   offset: int = 0, critical: bool = False) -> Evidence:
    """Ranked quotes of the theme inside the slice, labelled like every other evidence."""
    sql, params = theme_population(slice_, theme_id, critical)
    name = next((t.name for t in load_taxonomy(con) if t.theme_id == theme_id), theme_id)
    return quotes_from(con, sql, params, metric="theme", side=theme_id, order=order, limit=limit,
                       offset=offset, noun=f"{'critical ' if critical else ''}comments about {name.lower()}")
