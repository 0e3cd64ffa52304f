"""Subscription exports: one row per subscription, several per customer (Stripe's or Chargebee's
subscriptions, a CRM's contracts).

Such a file is recognised by a Customer ID that repeats beside a column keying every row with an ID
of its own ('sub_…'). Each customer's rows then make one customer: live if any subscription is,
churned when every one has ended (on the latest end date); MRR the sum of the live subscriptions'
(of all of them once all have ended: what the customer took with them); signed up at the first
start; name, plan and the rest from their largest live subscription. A quantity column (seats,
licences) multiplies an amount per unit.
"""

from __future__ import annotations

from analytics.ingest._fields import SPECS, Mapping
from analytics.ingest._profile import Profile
from analytics.ingest._sniff import Shape
from analytics.ingest._words import normalise, unqualified

QUANTITY_NAMES = frozenset({"quantity", "qty", "seats", "seat count", "number of seats", "licenses", "licences",
                            "license count", "units", "unit count", "users", "user count", "menge", "anzahl",
                            "cantidad", "quantidade", "quantité", "quantita", "aantal", "antal"})


def row_key_column(mapping: Mapping, shape: Shape, profiles: dict[str, Profile]) -> str | None:
    """The column keying each row of a customer file whose customers have several rows, or None."""
    column = mapping.columns.get("customer_id")
    if mapping.kind != "customers" or column is None:
        return None
    ids = [v.strip() for v in shape.values(next(c for c in shape.columns if c.name == column)) if v.strip()]
    if len(set(ids)) == len(ids):
        return None
    for candidate in shape.columns:
        prof = profiles[candidate.name]
        if candidate.name not in mapping.columns.values() and prof.is_identifier and not prof.is_date \
                and prof.filled == prof.rows and prof.unique == 1.0:
            return candidate.name
    return None


def quantity_column(mapping: Mapping, shape: Shape, profiles: dict[str, Profile]) -> str | None:
    """The unmapped column of whole numbers counting the units an amount per unit is for, when MRR
    is read from such an amount (not from a column named as MRR itself)."""
    amount = mapping.columns.get("mrr")
    if mapping.kind != "customers" or amount is None \
            or normalise(amount) in {normalise(s) for s in SPECS["customers"].field("mrr").synonyms}:
        return None
    for column in shape.columns:
        if column.name in mapping.columns.values() or normalise(unqualified(column.name)) not in QUANTITY_NAMES:
            continue
        cells = [v.strip() for v in shape.values(column) if v.strip()]
        if cells and all(c.isdigit() for c in cells):
            return column.name
    return None


def per_customer(mapping: Mapping, good: str, churned: str) -> str:
    """SQL: the `good` rows of a subscriptions file as one row per customer (hb_key, the f_ fields
    customers are inserted from, extra); `churned` says whether a row's subscription ended."""
    ended = f"coalesce({churned}, false)"
    largest = f"(CASE WHEN {ended} THEN 0 ELSE 1 END, coalesce({'f_mrr' if 'mrr' in mapping.columns else '0'}, 0))"
    fields = []
    for key in mapping.columns:
        if key == "customer_id":
            continue
        if key == "signup_date":
            fields.append("min(f_signup_date) AS f_signup_date")
        elif key == "mrr":
            fields.append(f"CASE WHEN bool_and({ended}) THEN sum(f_mrr) ELSE sum(f_mrr) FILTER (WHERE NOT {ended}) END "
                          "AS f_mrr")
        elif key == "churned":
            fields.append("bool_and(f_churned) AS f_churned")
        elif key == "churn_date":
            fields.append(f"CASE WHEN bool_and({ended}) THEN max(f_churn_date) END AS f_churn_date")
        else:
            fields.append(f"arg_max(f_{key}, {largest}) AS f_{key}")
    return (f"SELECT f_customer_id AS hb_key, f_customer_id, {', '.join(fields + [f'arg_max(extra, {largest}) AS extra'])} "
            f"FROM ({good}) GROUP BY f_customer_id")
