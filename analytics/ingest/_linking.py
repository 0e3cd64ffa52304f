"""What an import says about linking: how many of its answers, tickets or revenue rows name no
customer of the workspace (by id, written any way the linked views accept, or by e-mail), with
examples, so that a file whose ids follow another system's numbering is noticed before its
segments read empty."""

from __future__ import annotations

from analytics.ingest._fields import Mapping

# Per kind: the word for its rows, a row's id, what counts one row of the file (a review row gives
# a rating and a recommendation, which share a respondent_id), and what the row names its customer by.
_UNITS = {"responses": ("answers", "response_id", "coalesce(l.respondent_id, l.response_id)",
                        "coalesce(t.customer_id, t.email)"),
          "tickets": ("tickets", "ticket_id", "l.ticket_id", "coalesce(t.customer_id, t.email)"),
          "revenue": ("revenue rows", "natural_key", "l.natural_key", "t.customer_id")}


def unlinked_note(con, batch_id: int, mapping: Mapping) -> list[str]:
    """A note when some of the batch's rows name no customer (none when the workspace has no
    customers yet, or the file names none: they link when the list arrives); after a customer list,
    one per kind of row already there that names a customer the list does not have."""
    if mapping.kind == "customers":
        return _left_unlinked(con)
    if mapping.kind not in _UNITS or not {"customer_id", "email"} & set(mapping.columns):
        return []
    if not con.execute("SELECT count(*) > 0 FROM customers").fetchone()[0]:
        return []
    noun, row_id, unit, named = _UNITS[mapping.kind]
    shared = ("t.email IN (SELECT email FROM customers WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1)"
              if mapping.kind != "revenue" else "false")
    total, unlinked, examples, both, addresses = con.execute(
        f"SELECT count(DISTINCT {unit}), count(DISTINCT {unit}) FILTER (WHERE c.customer_id IS NULL), "
        f"list(DISTINCT {named}) FILTER (WHERE c.customer_id IS NULL AND NOT {shared}), "
        f"count(DISTINCT {unit}) FILTER (WHERE c.customer_id IS NULL AND {shared}), "
        f"list(DISTINCT t.{'customer_id' if mapping.kind == 'revenue' else 'email'}) "
        f"FILTER (WHERE c.customer_id IS NULL AND {shared}) "
        f"FROM {mapping.kind}_linked l JOIN {mapping.kind} t ON t.{row_id} = l.{row_id} "
        f"LEFT JOIN customers c ON c.customer_id = l.customer_id WHERE l.batch_id = $batch AND t.batch_id = $batch",
        {"batch": batch_id}).fetchone()
    if not unlinked:
        return []
    note = f"{unlinked:,} of {total:,} {noun} name no customer of your customer list. {_COUNTED}."
    if unlinked > both:
        shown = _examples(examples)
        note += (f" {_rows(unlinked - both, noun)} "
                 + (f"a customer ID or e-mail the list does not have (for example {shown})" if shown
                    else "no customer ID or e-mail")
                 + ": check that this file and the customer list use the same customer IDs or e-mails.")
    if both:
        shown = _examples(addresses)
        note += (f" {_rows(both, noun)} an e-mail that two or more customers of the list share (for example {shown}), "
                 "which names none of them: map a customer ID column if the file has one.")
    return [note]


def _left_unlinked(con) -> list[str]:
    notes = []
    for kind, (noun, row_id, unit, named) in _UNITS.items():  # fixed names
        total, unlinked, examples = con.execute(
            f"SELECT count(DISTINCT {unit}) FILTER (WHERE {named} IS NOT NULL), count(DISTINCT {unit}) FILTER "
            f"(WHERE {named} IS NOT NULL AND c.customer_id IS NULL), list(DISTINCT {named}) FILTER (WHERE "
            f"c.customer_id IS NULL) FROM {kind}_linked l JOIN {kind} t ON t.{row_id} = l.{row_id} "
            "LEFT JOIN customers c ON c.customer_id = l.customer_id").fetchone()
        if unlinked:
            verb = "names" if unlinked == 1 else "name"
            notes.append(f"{unlinked:,} of the {total:,} {noun} already in the workspace {verb} a customer this list "
                         f"does not have (for example {_examples(examples)}). {_COUNTED}: check that the files use "
                         "the same customer IDs or e-mails.")
    return notes


_COUNTED = "They count in the overall figures but in no segment, plan or churn figure"


def _examples(values: list) -> str:
    return ", ".join(f"'{value}'" for value in sorted(v for v in values if v is not None)[:3])


def _rows(count: int, noun: str) -> str:
    return f"1 of the {noun} carries" if count == 1 else f"{count:,} carry"
