"""One customer, whole: who they are, what they paid month by month, and everything they told us.

`profile` is the current customer record (customers table) with counts of what they said;
`revenue` their monthly MRR history; `timeline` one row per event — every survey answer (with or
without a comment), every support ticket, the signup and the churn — each with its time, source,
score, text and a one-line detail, plus the sentiment and themes of its text when enriched.
No Streamlit here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
import pandas as pd

from analytics import metrics
from analytics.metrics import formatting
from analytics.voices._labels import KIND_LABELS, band_of, score_label, voice_sentiment_sql

@dataclass(frozen=True)
class Profile:
    customer_id: str
    name: str | None
    email: str | None
    segment: str | None
    plan: str | None
    region: str | None
    signup_date: date | None
    mrr: float | None
    status: str | None
    churned: bool
    churn_date: date | None
    churn_reason: str | None
    extra: dict = field(default_factory=dict, compare=False)
    responses: int = 0  # survey answers, with or without a comment
    comments: int = 0
    tickets: int = 0
    last_nps: float | None = None
    last_nps_at: datetime | None = None

    @property
    def tenure_months(self) -> int | None:
        """Whole months from signup to churn (or to `today` for an active customer)."""
        if self.signup_date is None:
            return None
        end = self.churn_date if self.churned and self.churn_date else date.today()
        return max((end.year - self.signup_date.year) * 12 + end.month - self.signup_date.month
                   - (end.day < self.signup_date.day), 0)


PROFILE = """
SELECT c.customer_id, c.name, c.email, c.segment, c.plan, c.region, c.signup_date, c.mrr,
       c.status, c.churned, c.churn_date, c.churn_reason, c.extra,
       (SELECT count(*) FROM responses_linked r WHERE r.customer_id = c.customer_id) AS responses,
       (SELECT count(r.comment) FROM responses_linked r WHERE r.customer_id = c.customer_id) AS comments,
       (SELECT count(*) FROM tickets_linked t WHERE t.customer_id = c.customer_id) AS tickets,
       (SELECT arg_max(r.score, r.responded_at) FROM responses_linked r
        WHERE r.customer_id = c.customer_id AND r.kind = 'nps' AND r.score IS NOT NULL) AS last_nps,
       (SELECT max(r.responded_at) FROM responses_linked r
        WHERE r.customer_id = c.customer_id AND r.kind = 'nps' AND r.score IS NOT NULL) AS last_nps_at
FROM customers c WHERE c.customer_id = $customer
"""


def profile(con, customer_id: str) -> Profile | None:
    """The customer's current record and counts, or None when no such customer exists."""
    cursor = con.execute(PROFILE, {"customer": customer_id})
    row = cursor.fetchone()
    if row is None:
        return None
    data = dict(zip([column[0] for column in cursor.description], row))
    data["extra"] = json.loads(data["extra"]) if isinstance(data["extra"], str) else (data["extra"] or {})
    for key in ("signup_date", "churn_date"):
        if isinstance(data[key], datetime):
            data[key] = data[key].date()
    data["churned"] = bool(data["churned"])
    return Profile(**data)


REVENUE = """
SELECT month, sum(mrr) AS mrr FROM revenue_linked WHERE customer_id = $customer
GROUP BY month ORDER BY month
"""


def revenue(con, customer_id: str) -> pd.DataFrame:
    """Monthly MRR of the customer (month, mrr), oldest first; empty without revenue history."""
    return con.execute(REVENUE, {"customer": customer_id}).df()


TIMELINE = f"""
WITH events AS (
    SELECT r.responded_at AS "at", 'survey' AS source, r.kind, r.score, r.scale_min, r.scale_max,
           r.comment AS text, 'r:' || r.response_id AS voice_id, NULL AS status, NULL AS channel
    FROM responses_linked r WHERE r.customer_id = $customer
    UNION ALL
    SELECT t.created_at, 'ticket', 'ticket', t.satisfaction, 1, 5,
           NULLIF(concat_ws(E'\\n\\n', t.subject, t.body), ''), 't:' || t.ticket_id, t.status, t.channel
    FROM tickets_linked t WHERE t.customer_id = $customer
    UNION ALL
    SELECT CAST(c.churn_date AS TIMESTAMP), 'churn', 'churn', NULL, NULL, NULL, c.churn_reason,
           'c:' || c.customer_id, NULL, NULL
    FROM customers c WHERE c.customer_id = $customer AND c.churned
    UNION ALL
    SELECT CAST(c.signup_date AS TIMESTAMP), 'signup', 'signup', NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM customers c WHERE c.customer_id = $customer AND c.signup_date IS NOT NULL
),
tags AS (
    SELECT voice_id, list(DISTINCT theme_id ORDER BY theme_id) AS themes FROM voice_themes
    WHERE voice_id IN (SELECT voice_id FROM events) GROUP BY voice_id
)
SELECT ev.*, {voice_sentiment_sql(unit="ev")} AS sentiment, coalesce(tags.themes, []::VARCHAR[]) AS themes
FROM events ev
LEFT JOIN voice_enrichment e ON e.voice_id = ev.voice_id
LEFT JOIN tags ON tags.voice_id = ev.voice_id
"""
SOURCE_LABELS = {"survey": "Survey", "ticket": "Support ticket", "churn": "Churned",
                 "signup": "Signed up"}
# Same instant: the signup opens and the churn closes the story.
_SAME_TIME_ORDER = {"signup": 0, "survey": 1, "ticket": 2, "churn": 3}


def timeline(con, customer_id: str, newest_first: bool = True) -> pd.DataFrame:
    """Every event of the customer, one row each: at, source (survey | ticket | churn | signup),
    kind (nps, csat, ces, rating, ticket, churn, signup), score (NaN without one), text (comment,
    ticket subject and body, churn reason; None when there was none), detail (one line: 'NPS 3/10
    · detractor', 'closed · email · rated 2/5', 'churned at $1,240 MRR'), plus voice_id,
    sentiment (its words weighed with its score, `_labels.voice_sentiment`) and themes (theme ids)
    of the text. Undated events come last."""
    frame = con.execute(TIMELINE, {"customer": customer_id}).df()
    mrr = con.execute("SELECT mrr FROM customers WHERE customer_id = $customer",
                      {"customer": customer_id}).fetchone()
    said = metrics.ticket_points(con) if (frame["source"] == "ticket").any() else {}
    frame["detail"] = [_detail(row, mrr[0] if mrr else None, said) for row in frame.itertuples(index=False)]
    frame["_same"] = frame["source"].map(_SAME_TIME_ORDER)
    if not newest_first:
        frame = frame.sort_values(["at", "_same", "voice_id"], ascending=[True, True, True],
                                  na_position="last", kind="stable")
    else:
        frame = frame.sort_values(["at", "_same", "voice_id"], ascending=[False, False, False],
                                  na_position="last", kind="stable")
    columns = ["at", "source", "kind", "score", "text", "detail", "scale_min", "scale_max",
               "voice_id", "sentiment", "themes"]
    return frame[columns].reset_index(drop=True)


def _detail(row, mrr: float | None, said: dict[float, str]) -> str:
    if row.source == "survey":
        label = score_label(row.kind, row.score, row.scale_min, row.scale_max)
        return label or f"{KIND_LABELS.get(row.kind, row.kind)} survey, no score"
    if row.source == "ticket":
        parts = [p for p in (row.status, row.channel) if isinstance(p, str) and p]
        if not pd.isna(row.score):
            rated = metrics.ticket_word(said, row.score) or f"{_number(row.score)}/5"  # as the helpdesk wrote it
            parts.append(f"rated {rated} ({band_of('ticket', row.score, 1, 5)})")
        return " · ".join(parts) or "support ticket"
    if row.source == "churn":
        return "churned" + (f" at {formatting.money(mrr)} MRR" if mrr is not None and not pd.isna(mrr) else "")
    return "signed up"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


FIND = """
SELECT customer_id, name, email, segment, plan, mrr, status FROM customers
WHERE contains(lower(customer_id), $q) OR contains(lower(coalesce(name, '')), $q)
   OR contains(lower(coalesce(email, '')), $q)
ORDER BY lower(customer_id) = $q DESC, starts_with(lower(customer_id), $q) DESC, mrr DESC NULLS LAST,
         customer_id
LIMIT $limit
"""


def find(con, text: str, limit: int = 20) -> pd.DataFrame:
    """Customers whose id, name or e-mail contains `text` (case-insensitive): exact id first,
    then ids that start with it, then by MRR."""
    query = (text or "").strip().lower()
    if not query:
        return pd.DataFrame(columns=["customer_id", "name", "email", "segment", "plan", "mrr", "status"])
    return con.execute(FIND, {"q": query, "limit": int(limit)}).df()


def names_of(con, customer_ids) -> dict[str, str]:
    """Customer id → name for the given ids (those with a name), to mask names in their quotes."""
    ids = sorted({str(i) for i in customer_ids if i is not None})
    if not ids:
        return {}
    rows = con.execute("SELECT customer_id, name FROM customers WHERE list_contains($ids, customer_id) "
                       "AND name IS NOT NULL", {"ids": ids}).fetchall()
    return dict(rows)
