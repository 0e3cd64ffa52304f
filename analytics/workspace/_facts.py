"""Facts derived from the rows when they are written, so that pages read them instead of
recomputing them on every visit.

`email_links`: each email that an uploaded row without a customer id carries (a response or a
ticket) and that exactly one customer has, with that customer: the linked views join it (a shared
inbox links no one).

`nps_spans`: every detractor's NPS answer linked to a customer, with the time the customer's next
answer (of any score) replaced it (`next_at`, NULL for their latest) and its comment (the words
revenue at risk quotes). The answer that holds at a moment is the one whose span covers it: revenue
at risk reads the detractors' that hold at any period end, or twelve, in one scan. Of answers at one
instant the lower score holds (ordered last, the others get an empty span), and of equal ones the
first comment. Only the comments that can be quoted are carried through the ordering.

The facts are rebuilt inside every transaction that bumps the version after changing rows, and
stamped with that version; `spans` gives the table only while the stamp is the current version,
and otherwise the same rows computed from the answers (a workspace opened read-only before its
first write under this schema).
"""

from __future__ import annotations

from analytics.scores import detractor_sql

EMAIL_LINKS = """
SELECT email, min(customer_id) AS customer_id FROM customers
WHERE email IN (SELECT email FROM responses WHERE customer_id IS NULL AND email IS NOT NULL
                UNION SELECT email FROM tickets WHERE customer_id IS NULL AND email IS NOT NULL)
GROUP BY email HAVING count(*) = 1
"""

SPANS = f"""
SELECT customer_id, "at", score, next_at, comment FROM (
    SELECT customer_id, "at", score, said AS comment,
           lead("at") OVER (PARTITION BY customer_id ORDER BY "at", score DESC, said DESC NULLS FIRST) AS next_at
    FROM (SELECT customer_id, responded_at AS "at", score,
                 CASE WHEN {detractor_sql()} AND ltrim(comment) <> '' THEN comment END AS said
          FROM responses_linked
          WHERE kind = 'nps' AND score IS NOT NULL AND customer_id IS NOT NULL)
)
WHERE {detractor_sql()}
"""

_STAMP = "INSERT OR REPLACE INTO meta SELECT 'facts_version', value FROM meta WHERE key = 'version'"


def refresh_facts(con) -> None:
    """Rebuild the facts from the rows and stamp them with the current version (the links first:
    the spans read the linked answers)."""
    con.execute(f"DELETE FROM email_links; INSERT INTO email_links {EMAIL_LINKS}")
    con.execute(f"DELETE FROM nps_spans; INSERT INTO nps_spans {SPANS}")
    con.execute(_STAMP)


def carry_facts(con, was_fresh: bool) -> None:
    """After a write that changed no row the facts read (enrichment, tags): fresh if they were."""
    if was_fresh:
        con.execute(_STAMP)


def facts_fresh(con) -> bool:
    """Whether the facts were built for the workspace's current version."""
    found = con.execute("SELECT count(*) = 2 AND count(DISTINCT value) = 1 FROM meta "
                        "WHERE key IN ('version', 'facts_version')").fetchone()
    return bool(found[0])


def spans(con) -> str:
    """A FROM item listing the NPS spans: the stored table when fresh, else computed here."""
    return "nps_spans" if facts_fresh(con) else f"({SPANS})"
