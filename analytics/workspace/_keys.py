"""Natural keys of answers, tickets and revenue: how a row is recognised again in a later export.

An answer with an ID is its ID and its kind ('R_12:nps'); a ticket with one, its ID. Without an ID
(a Google Form, a review site) a row is what it says, whatever the file's layout: an answer by its
customer, email, time, comment, kind and score; a ticket by its customer, email, time, subject,
body and channel (not its status or rating, which change between exports). Identical rows are told
apart by occurrence ('#3f9a1c2b7d4e-2'), so a re-export with a question added, a column renamed,
dropped or moved gives the same keys, and the import counts its old rows as already there. A
month of revenue is its customer and month ('C042|2024-03-01'), or, in an invoices or payments
export, the invoice's or payment's own ID (a late invoice for a month already there adds to it).
`ingest` keys new rows with these expressions; `fill_keys` keys stored rows that have none (a
workspace written before natural keys, a snapshot restored from then).
"""

from __future__ import annotations

# The values that identify a row, each with the type it is compared in (an import's typed fields
# and the stored columns then give the same text).
_ANSWER = (("customer_id", "VARCHAR"), ("email", "VARCHAR"), ("responded_at", "TIMESTAMP"),
           ("comment", "VARCHAR"), ("kind", "VARCHAR"), ("score", "DOUBLE"))
_TICKET = (("customer_id", "VARCHAR"), ("email", "VARCHAR"), ("created_at", "TIMESTAMP"),
           ("subject", "VARCHAR"), ("body", "VARCHAR"), ("channel", "VARCHAR"))


# An ID of digits is a number however a spreadsheet wrote it: '00123', '123' and '123.0' are one
_NUMBER_ID = r"[0-9]+(\.0+)?"


def id_key(value: str) -> str:
    """SQL: a response's or ticket's ID `value` as its key (see _NUMBER_ID); any other ID as written."""
    return (f"CASE WHEN regexp_full_match({value}, '{_NUMBER_ID}') THEN coalesce(NULLIF(ltrim(regexp_replace("
            f"{value}, '[.]0+$', ''), '0'), ''), '0') ELSE {value} END")


def rekey_number_ids(con) -> None:
    """Key the stored answers and tickets (and the rows batches shared) by `id_key`, as imports since
    schema 13 do: a re-export whose spreadsheet dropped the leading zeros finds them."""
    answer = f"regexp_full_match(natural_key, '{_NUMBER_ID}:[a-z_]+')"
    before = "regexp_extract(natural_key, '^(.*):[a-z_]+$', 1)"
    con.execute(f"UPDATE responses SET natural_key = {id_key(before)} || ':' || kind WHERE {answer}")
    con.execute(f"UPDATE tickets SET natural_key = {id_key('natural_key')} "
                f"WHERE regexp_full_match(natural_key, '{_NUMBER_ID}')")
    shared = "regexp_extract(row_key, '^(.*)(:[a-z_]+)$', 1)"
    con.execute(f"UPDATE shared_rows SET row_key = {id_key(shared)} || regexp_extract(row_key, '(:[a-z_]+)$', 1) "
                f"WHERE kind = 'responses' AND regexp_full_match(row_key, '{_NUMBER_ID}:[a-z_]+')")
    con.execute(f"UPDATE shared_rows SET row_key = {id_key('row_key')} "
                f"WHERE kind = 'tickets' AND regexp_full_match(row_key, '{_NUMBER_ID}')")


def revenue_key(customer: str, month: str) -> str:
    """SQL of a month of revenue's key: its customer and month (a DATE, written YYYY-MM-DD)."""
    return f"{customer} || '|' || CAST(CAST(date_trunc('month', {month}) AS DATE) AS VARCHAR)"


def _identity(parts: tuple[tuple[str, str], ...], columns: dict[str, str]) -> str:
    """SQL: 12 hex digits of an md5 of the row's identifying values, given each one's expression."""
    cells = [f"coalesce(CAST(CAST({columns[name]} AS {kind}) AS VARCHAR), '')" for name, kind in parts]
    return f"left(md5(concat_ws('|', {', '.join(cells)})), 12)"


def answer_identity(columns: dict[str, str]) -> str:
    """SQL of an answer's content identity; `columns` gives the expression of customer_id, email,
    responded_at, comment (the whole row's comment, whichever answer carries it), kind and score."""
    return _identity(_ANSWER, columns)


def ticket_identity(columns: dict[str, str]) -> str:
    """SQL of a ticket's content identity (customer_id, email, created_at, subject, body, channel)."""
    return _identity(_TICKET, columns)


def occurrence(identity: str, order: str) -> str:
    """SQL: '#', the identity and its occurrence among rows of the same identity in `order`."""
    return f"'#' || {identity} || '-' || row_number() OVER (PARTITION BY {identity} ORDER BY {order})"


def fill_keys(con, legacy_shared: bool) -> None:
    """Key the stored answers and tickets that have no natural key yet, as an import keys them
    (the occurrence counted over every batch, in import order). With `legacy_shared`, the rows a
    batch shared with an earlier one (`shared_rows`), remembered by response or ticket ID, are
    remembered by natural key instead."""
    # the comment of a row giving several answers is stored on one of them: the others borrow it
    comment = ("CASE WHEN respondent_id IS NULL THEN comment "
               "ELSE coalesce(comment, max(comment) OVER (PARTITION BY batch_id, respondent_id)) END")
    answer = answer_identity({"customer_id": "customer_id", "email": "email", "responded_at": "responded_at",
                              "comment": comment, "kind": "kind", "score": "score"})
    ticket = ticket_identity({name: name for name in ("customer_id", "email", "created_at", "subject", "body",
                                                      "channel")})
    for table, row_id, own, identity in (
            ("responses", "response_id",
             "CASE WHEN respondent_id IS NOT NULL THEN response_id ELSE response_id || ':' || kind END", answer),
            ("tickets", "ticket_id", "ticket_id", ticket)):
        # fixed table and column names; an ID starting with '#' is the content key of an older import
        con.execute(
            f"UPDATE {table} SET natural_key = k.natural_key FROM ("
            f"SELECT hb_row, CASE WHEN starts_with({row_id}, '#') THEN {occurrence('hb_identity', 'batch_id, hb_row')} "
            f"ELSE {own} END AS natural_key FROM (SELECT *, rowid AS hb_row, {identity} AS hb_identity "
            f"FROM {table} WHERE natural_key IS NULL)) k WHERE {table}.rowid = k.hb_row")
        if legacy_shared:
            con.execute(
                f"UPDATE shared_rows SET row_key = t.natural_key FROM {table} t "
                f"WHERE shared_rows.kind = '{table}' AND shared_rows.row_key = t.{row_id}")
    con.execute(f"UPDATE revenue SET natural_key = {revenue_key('customer_id', 'month')} WHERE natural_key IS NULL")
    if legacy_shared:  # remembered with the month's time of day, which no stored key has
        con.execute("UPDATE shared_rows SET row_key = regexp_replace(row_key, ' 00:00:00$', '') "
                    "WHERE kind = 'revenue'")
