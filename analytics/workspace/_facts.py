"""Facts derived from the rows when they are written, so that pages read them instead of
recomputing them on every visit.

`id_links`: each customer id written on a response, ticket or revenue row that is no customer's
id, with the one customer it names when written another way (NULL when none or several): '60.0',
'00060' and 'CUST-00060' name customer 60 (the same digits, and the same letters before them or
letters on one side only); a 15-character Salesforce id names the 18-character one it begins. A
number with letters on one side only that a row's own email contradicts (the email is one
customer's, the number would name another) names no one. The linked views join it, and an answer's or ticket's id that
names no customer falls back to its email.

`email_links`: each email that an uploaded row carries where its customer id is missing or names
no customer (a response or a ticket), and that exactly one customer has, with that customer: the
linked views join it (a shared inbox links no one). In a list of accounts (four in five of its
emails at a company's own domain, not a mailbox provider's), an address no customer has names
the one account at its domain: a colleague answering for the company.

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

# An id's letters before its number (lower case) and the number without leading zeros, '.0' or the
# commas a spreadsheet groups thousands with ('1,155')
_FORM = "'^([A-Za-z]*)[-_ #/.]?0*([0-9]+)(\\.0+)?$'"
_BARE = "replace({id}, ',', '')"
_FORMS = (f"lower(regexp_extract({_BARE}, {_FORM}, 1)) AS prefix, "
          f"regexp_extract({_BARE}, {_FORM}, 2) AS number")

ID_LINKS = f"""
WITH written AS (
    (SELECT customer_id AS written FROM responses WHERE customer_id IS NOT NULL
     UNION SELECT customer_id FROM tickets WHERE customer_id IS NOT NULL
     UNION SELECT customer_id FROM revenue WHERE customer_id IS NOT NULL)
    EXCEPT SELECT customer_id FROM customers
),
w AS (SELECT written, {_FORMS.format(id="written")} FROM written),
c AS (SELECT customer_id, {_FORMS.format(id="customer_id")} FROM customers
      WHERE (SELECT count(*) FROM written) > 0),
candidates AS (
    SELECT w.written, c.customer_id, 1 AS level FROM w JOIN c
        ON c.number <> '' AND c.number = w.number AND c.prefix = w.prefix
    UNION ALL
    SELECT w.written, c.customer_id, 2 FROM w JOIN c
        ON c.number <> '' AND c.number = w.number AND (c.prefix = '') <> (w.prefix = '')
    UNION ALL
    SELECT w.written, c.customer_id, 3 FROM w JOIN customers c ON left(c.customer_id, 15) = w.written
    WHERE regexp_full_match(w.written, '[A-Za-z0-9]{{15}}')
      AND regexp_full_match(c.customer_id, '[A-Za-z0-9]{{15}}[A-Z0-5]{{3}}')
),
best AS (
    SELECT written, level, CASE WHEN count(DISTINCT customer_id) = 1 THEN min(customer_id) END AS customer_id
    FROM candidates GROUP BY written, level
    QUALIFY row_number() OVER (PARTITION BY written ORDER BY level) = 1
),
-- a bare number whose row's address names one customer, a different one from the number's: an
-- app's own user number (34) beside the e-mail of customer C0112 is no customer's id (the same
-- letters and digits, 'c-0008' for 'C-8', still name theirs)
contradicted AS (
    SELECT DISTINCT x.customer_id AS written, e.customer_id AS by_email
    FROM (SELECT customer_id, email FROM responses WHERE email IS NOT NULL
          UNION SELECT customer_id, email FROM tickets WHERE email IS NOT NULL) x
    JOIN (SELECT email, min(customer_id) AS customer_id FROM customers WHERE email IS NOT NULL
          GROUP BY email HAVING count(*) = 1) e ON e.email = x.email
    WHERE x.customer_id IN (SELECT written FROM written)
)
SELECT written, CASE WHEN best.level = 1 OR NOT EXISTS (SELECT 1 FROM contradicted k WHERE k.written = best.written
                                      AND k.by_email <> best.customer_id) THEN best.customer_id END
FROM written LEFT JOIN best USING (written)
"""

# Mailbox providers: an address there names a person, never a company's account (any country's
# domain of the big ones: hotmail.de, yahoo.co.jp).
FREE_MAIL = ("gmail.com", "googlemail.com", "icloud.com", "me.com", "mac.com", "msn.com", "comcast.net",
             "verizon.net", "att.net", "sbcglobal.net", "cox.net", "charter.net", "earthlink.net", "btinternet.com",
             "sky.com", "virginmedia.com", "ntlworld.com", "talktalk.net", "shaw.ca", "rogers.com", "sympatico.ca",
             "bigpond.com", "optusnet.com.au", "web.de", "t-online.de", "freenet.de", "arcor.de", "mail.ru",
             "inbox.ru", "list.ru", "bk.ru", "rambler.ru", "proton.me", "protonmail.com", "pm.me", "tutanota.com",
             "fastmail.com", "hey.com", "zoho.com", "qq.com", "163.com", "126.com", "sina.com", "naver.com",
             "daum.net", "hanmail.net", "rediffmail.com", "orange.fr", "free.fr", "sfr.fr", "laposte.net",
             "wanadoo.fr", "libero.it", "virgilio.it", "alice.it", "tiscali.it", "uol.com.br", "bol.com.br",
             "terra.com.br", "ig.com.br", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "seznam.cz", "centrum.cz",
             "telenet.be", "skynet.be", "ziggo.nl", "kpnmail.nl", "home.nl", "bluewin.ch", "mail.com", "email.com")
_FREE = "[" + ", ".join(f"'{domain}'" for domain in FREE_MAIL) + "]"
# The big providers under any country's domain: hotmail.de, yahoo.co.uk, outlook.fr, gmx.at.
_FREE_NAMES = r"'^(hotmail|outlook|live|yahoo|ymail|rocketmail|aol|gmx|yandex|protonmail|icloud)\.'"
# The domain's first label holds the name's first word, or the name (letters and digits) the label.
_LABEL = "regexp_replace(split_part(domain, '.', 1), '[^a-z0-9]', '', 'g')"
_FIRST_WORD = "regexp_extract(lower(name), '[a-z0-9]{3,}')"
_NAMED = (f"({_FIRST_WORD} <> '' AND contains({_LABEL}, {_FIRST_WORD}) "
          f"OR {_LABEL} <> '' AND contains(regexp_replace(lower(name), '[^a-z0-9]', '', 'g'), {_LABEL}))")

EMAIL_LINKS = f"""
WITH wanted AS (
    SELECT email FROM responses WHERE email IS NOT NULL
        AND (customer_id IS NULL OR customer_id IN (SELECT written FROM id_links))
    UNION SELECT email FROM tickets WHERE email IS NOT NULL
        AND (customer_id IS NULL OR customer_id IN (SELECT written FROM id_links))
),
exact AS (
    SELECT email, min(customer_id) AS customer_id FROM customers
    WHERE email IN (SELECT email FROM wanted) GROUP BY email HAVING count(*) = 1
),
listed AS (
    SELECT customer_id, name, split_part(email, '@', 2) AS domain,
           list_contains({_FREE}, split_part(email, '@', 2)) OR regexp_matches(split_part(email, '@', 2), {_FREE_NAMES})
               AS free
    FROM customers WHERE email LIKE '%_@_%'
),
-- A company's own domain, when the account's name says so ('Acme Inc.' at acme.com, 'Kiwi Labs'
-- at kiwi0.co.nz): a small business writing from a provider no list names links no stranger.
domains AS (
    SELECT domain, min(customer_id) AS customer_id FROM listed
    WHERE NOT free AND (name IS NULL OR {_NAMED})
    GROUP BY domain HAVING count(DISTINCT customer_id) = 1
)
SELECT * FROM exact
UNION ALL
SELECT w.email, d.customer_id FROM wanted w JOIN domains d ON d.domain = split_part(w.email, '@', 2)
WHERE w.email NOT IN (SELECT email FROM customers WHERE email IS NOT NULL)
  AND (SELECT count_if(NOT free) >= 0.8 * count(*) FROM listed)
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
    con.execute(f"DELETE FROM id_links; INSERT INTO id_links {ID_LINKS}")
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
