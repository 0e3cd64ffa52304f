"""Billing exports whose rows add up: subscriptions (one row per subscription, several per customer:
Stripe's or Chargebee's subscriptions, a CRM's contracts) and invoices or payments (several per
customer and month: Stripe's invoices, Recurly's transactions).

Such a file is recognised by a column keying every row with an ID of its own ('sub_…', 'in_…')
beside a Customer ID that repeats. A customer's subscriptions make one customer: live if any
subscription is, churned when every one has ended (on the latest end date); MRR the sum of the live
subscriptions' (of all of them once all have ended: what the customer took with them); signed up
at the first start; name, plan and the rest from their largest live subscription. A quantity column
(seats, licences) multiplies an amount per unit. A customer's payments in a month add up to that
month's revenue: a payment not collected ('void', 'declined', 'failed') is rejected with its status,
and a refund is taken off. MRR movements (ChartMogul's new business, expansion, contraction, churn)
add up too: their running sum per customer is each month's MRR, carried to the file's last month.
An amount per billing period is read beside the column naming each row's period (month, year…) and
the one counting how many of them it covers (12 'months').
"""

from __future__ import annotations

import re

from analytics.ingest._convert import number_value
from analytics.ingest._date_fallback import when_read
from analytics.ingest._fields import SPECS, Mapping
from analytics.ingest._profile import Profile
from analytics.ingest._sniff import Shape
from analytics.ingest._words import PERIOD_MONTHS, normalise, qualified, unqualified
from analytics.workspace import revenue_key

QUANTITY_NAMES = frozenset({"quantity", "qty", "seats", "seat count", "number of seats", "licenses", "licences",
                            "license count", "units", "unit count", "users", "user count", "menge", "anzahl",
                            "cantidad", "quantidade", "quantité", "quantita", "aantal", "antal"})

# An amount for one unit of what a line sold (a sales log's 'UnitPrice', 'Price', 'Preço unitário')
UNIT_PRICES = frozenset({"price", "unit price", "unitprice", "price each", "unit amount", "unit cost", "sales price",
                         "selling price", "item price", "preço", "preço unitário", "precio", "precio unitario",
                         "prix", "prix unitaire", "preis", "einzelpreis", "stückpreis", "prezzo", "prezzo unitario"})

UNCOLLECTED = frozenset({"void", "voided", "uncollectible", "declined", "failed", "failure", "error", "refused",
                         "canceled", "cancelled", "expired", "pending", "draft", "abandoned", "open", "unpaid",
                         "overdue", "past_due", "deleted", "submitted",  # Xero's: awaiting approval
                         # a direct debit's (GoCardless'): not yet taken, refused by the customer, taken back
                         "pending_submission", "pending_customer_approval", "customer_approval_denied",
                         "charged_back",
                         # an invoice issued, not yet paid (Paddle's, FreshBooks')
                         "billed", "sent", "viewed", "disputed",
                         # the same in the languages invoicing tools are written in (es, fr, de, pt, it, nl)
                         "anulada", "anulado", "cancelada", "cancelado", "pendiente", "vencida", "impagada", "borrador",
                         "emitida", "enviada", "annulée", "annulé", "impayée", "en retard", "brouillon", "envoyée",
                         "en attente", "storniert", "offen", "überfällig", "entwurf", "versendet", "ausstehend",
                         "pendente", "rascunho", "annullata", "scaduta", "bozza", "inviata", "non pagata",
                         "geannuleerd", "openstaand", "vervallen", "verzonden"})
COLLECTED = frozenset({"paid", "success", "successful", "succeeded", "settled", "complete", "completed",
                       "captured", "approved", "collected", "authorised", "authorized",  # Xero's approved invoice
                       "posted",  # Zuora's issued invoice, paid or not: it keeps that status once paid
                       "confirmed", "paid_out", "paid out",  # a direct debit collected, then paid to the merchant
                       "partial", "partially paid", "partially_paid",  # its paid part is revenue
                       "partially refunded", "partially_refunded",  # what was not given back is
                       "pagada", "pagado", "cobrada", "cobrado", "payée", "payé", "réglée", "encaissée", "bezahlt",
                       "beglichen", "paga", "pago", "recebido", "pagata", "pagato", "incassata", "betaald", "voldaan"})
REFUNDS = frozenset({"refund", "refunded", "credit", "credit note", "chargeback", "reversal"})
MOVEMENTS = frozenset({"new_biz", "new business", "new", "expansion", "contraction", "churn", "reactivation",
                       "upgrade", "downgrade", "cancellation", "new_business", "churned", "reactivated",
                       "churn_voluntary", "churn_delinquent", "voluntary churn", "delinquent churn",  # ProfitWell
                       "voluntary_churn", "delinquent_churn", "delinquency", "involuntary churn"})
_ROW_KEY_NAMES = frozenset({"subscription id", "subscription", "contract id", "contract number", "invoice id",
                            "invoice number", "invoice", "transaction id", "payment id", "charge id"})
_STATUS_NAMES = frozenset({"status", "state", "payment status", "invoice status", "transaction status", "result",
                           "estado", "statut", "stato", "situação", "situacao", "situación", "zahlungsstatus"})
_TYPE_NAMES = frozenset({"type", "transaction type", "kind", "payment type", "category"})
_REFUNDED_NAMES = frozenset({"amount refunded", "refunded amount", "refund amount", "amount refunded usd"})
_AMOUNT = re.compile(r"^-?[\d.,]+$")
# What a line sold ('StockCode', 'SKU', 'Product ID'): each product sells again, so it keys no row
_GOODS = re.compile(r"\b(?:stock ?code|sku|product|item|article|artikel|produto|producto|produit)s?\b")
_NEARLY_UNIQUE = 0.99  # at most one row in a hundred repeats another's key


def row_key_column(mapping: Mapping, shape: Shape, profiles: dict[str, Profile]) -> str | None:
    """The column keying each row of a customer file whose customers have several rows, or of a
    revenue file (where a customer has rows every month), or None."""
    column = mapping.columns.get("customer_id")
    if mapping.kind not in ("customers", "revenue") or column is None:
        return None
    ids = [v.strip() for v in shape.values(next(c for c in shape.columns if c.name == column)) if v.strip()]
    # Repeats in the sample, else a column named or prefixed for what it keys: a file sorted by
    # date may show each customer once in its first rows
    repeated = len(set(ids)) < len(ids)
    for candidate in shape.columns:
        prof = profiles[candidate.name]
        # named for what it keys ('subscriptions.id' too: a base62 key may hold no digit at all)
        named = _ROW_KEY_NAMES & {normalise(unqualified(candidate.name)), normalise(qualified(candidate.name) or "")}
        keyed = prof.is_identifier or named and prof.share(prof.tokens) >= 0.95
        if candidate.name in mapping.columns.values() or not keyed or prof.is_date or prof.filled < prof.rows \
                or _GOODS.search(normalise(candidate.name)):
            continue
        says_so = named or _prefixed_rows(shape.values(candidate))
        # A key named for what it keys may repeat on a few rows (a line exported twice, a clash):
        # those are rejected as repeats, not a reason to read every subscription as a customer.
        if prof.unique == 1.0 and (repeated or says_so) or says_so and prof.unique >= _NEARLY_UNIQUE:
            return candidate.name
    return None


def rows_keyed(mapping: Mapping) -> str:
    """What a file keyed row by row is read as, for the proposal's warnings."""
    if mapping.kind == "customers":
        return (f"Each row is a subscription, keyed by '{mapping.row_key}': a customer's subscriptions make one "
                "customer, whose MRR is the sum of the live ones'; a customer churned when all of theirs ended.")
    return (f"Each row is a payment, keyed by '{mapping.row_key}': a customer's payments in a month add up to that "
            "month's revenue"
            + (f"; those whose '{mapping.payment_status}' says they were not collected or were given back "
               "(void, declined, refunded…) are left out" if mapping.payment_status else "")
            + (f"; refunds ('{mapping.refund_type}') are taken off" if mapping.refund_type else "")
            + (f"; what '{mapping.refunded}' says was given back is taken off" if mapping.refunded else "") + ".")


def repeated_months(mapping: Mapping, shape: Shape) -> tuple[str, tuple[str, str], tuple[str, str]] | None:
    """A revenue file without a key of its own whose rows repeat a customer's month with another
    amount, or with an amount not named MRR on another day (an invoice's lines, a credit note after
    its invoice, as SAP lists write them; a plan paid every 30 days, twice in a month): the first
    such customer and its two (date as written, amount), for the proposal to say; None when the
    rows are one a month, as a revenue history writes them (two rows of one date and amount do not
    make it a list of lines)."""
    if mapping.kind != "revenue" or mapping.row_key or mapping.movement_type \
            or not {"customer_id", "month", "mrr"} <= mapping.columns.keys():
        return None
    by_name = {column.name: column for column in shape.columns}
    how = mapping.date_formats.get("month")
    paid = not named_as_mrr(mapping.columns["mrr"])  # two days' MRR in a month are two readings of it, not lines
    seen: dict[tuple[str, object], tuple[str, str]] = {}
    for row in shape.rows:
        customer, written, amount = (row[by_name[mapping.columns[key]].index].strip()
                                     if by_name[mapping.columns[key]].index < len(row) else ""
                                     for key in ("customer_id", "month", "mrr"))
        moment = when_read(written, how) if how else None
        month = (moment.year, moment.month) if moment else written
        before = seen.setdefault((customer, month), (written, amount))
        if customer and written and (before[1] != amount or before[0] != written and paid):
            return customer, before, (written, amount)
    return None


# Billing tools' keys of a subscription, an invoice, a charge or a payment ('sub_…', 'in_…'), as
# opposed to a customer's ('cus_…')
_ROW_PREFIX = re.compile(r"^(?:sub|si|in|inv|ch|py|pi|txn)_[A-Za-z0-9]+$")


def _prefixed_rows(values: list[str]) -> bool:
    cells = [v.strip() for v in values if v.strip()]
    return bool(cells) and all(_ROW_PREFIX.match(c) for c in cells)


_UNIT = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")
_RECURRING = re.compile(r"\b(?:mrr|arr|acv)\b")  # a customer's recurring revenue, by its usual initials
_PER = re.compile(r"\bper\b")


def named_as_mrr(column: str) -> bool:
    """Whether a column's name says it holds a month's revenue already ('MRR', 'Monthly charges',
    'mrr_amount', 'Current ARR'), not an amount per billing period or per unit ('MRR per seat')."""
    names = {normalise(name) for name in SPECS["customers"].field("mrr").synonyms}
    bare = _UNIT.sub("", column)  # 'Contract value (annual)': a total, whatever its unit
    words = normalise(column)
    if _RECURRING.search(words) and not _PER.search(words):
        return True
    return any(normalise(name) in names for name in (column, unqualified(column), bare))  # 'RatePlanCharge.MRR'


def quantity_column(mapping: Mapping, shape: Shape) -> str | None:
    """The unmapped column of whole numbers counting the units an amount per unit is for, when MRR
    is read from such an amount (not from a column named as MRR itself); in a revenue file (an
    order's lines: Online Retail's Quantity × Price) only beside an amount named as a unit's price,
    since an invoice line's amount is its total already. A negative quantity (a cancelled line)
    takes its amount off."""
    amount = mapping.columns.get("mrr")
    if amount is None or named_as_mrr(amount) or mapping.kind not in ("customers", "revenue") \
            or mapping.kind == "revenue" and normalise(_UNIT.sub("", unqualified(amount))) not in UNIT_PRICES:
        return None
    for column in shape.columns:
        if column.name in mapping.columns.values() or normalise(unqualified(column.name)) not in QUANTITY_NAMES:
            continue
        cells = [v.strip().lstrip("-") for v in shape.values(column) if v.strip()]
        if cells and all(c.isdigit() for c in cells):  # a negative quantity: a credit, still a count
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
            fields.append(f"bool_and({ended}) AS f_churned")  # cancelled but still running: not ended
        elif key == "churn_date":
            fields.append(f"CASE WHEN bool_and({ended}) THEN max(f_churn_date) END AS f_churn_date")
        else:
            fields.append(f"arg_max(f_{key}, {largest}) AS f_{key}")
    return (f"SELECT f_customer_id AS hb_key, f_customer_id, {', '.join(fields + [f'arg_max(extra, {largest}) AS extra'])} "
            f"FROM ({good}) GROUP BY f_customer_id")


def says_collected(cells: set[str]) -> bool:
    """Whether a column's distinct cells (lower case) are a payment's outcomes, one of them collected."""
    return bool(cells & COLLECTED) and cells <= COLLECTED | UNCOLLECTED | REFUNDS


def payment_columns(mapping: Mapping, shape: Shape) -> tuple[str | None, str | None, str | None]:
    """A revenue file's column of payment statuses (some collected, some not), of transaction types
    naming refunds, and of amounts refunded, each unmapped and named so; None where there is none."""
    status = refund = refunded = None
    for column in shape.columns:
        name = normalise(unqualified(column.name))
        cells = {v.strip().lower() for v in shape.values(column) if v.strip()}
        if column.name in mapping.columns.values() or not cells:
            continue
        if name in _STATUS_NAMES and says_collected(cells):
            status = status or column.name
        elif name in _TYPE_NAMES and cells & REFUNDS:
            refund = refund or column.name
        elif name in _REFUNDED_NAMES and all(_AMOUNT.match(c) for c in cells):
            refunded = refunded or column.name
    return status, refund, refunded


def movement_column(mapping: Mapping, shape: Shape) -> str | None:
    """The unmapped column whose values (nine in ten) name MRR movements, or None."""
    for column in shape.columns:
        cells = [v.strip().lower().replace("-", "_") for v in shape.values(column) if v.strip()]
        if column.name not in mapping.columns.values() and cells \
                and sum(c in MOVEMENTS or c.replace("_", " ") in MOVEMENTS for c in cells) >= 0.9 * len(cells):
            return column.name
    return None


def levels(good: str) -> str:
    """SQL: the MRR movements of the `good` rows as each customer's MRR in every month from their
    first movement to the file's last month (hb_key, f_customer_id, f_month, f_mrr)."""
    return f"""
        WITH moved AS (SELECT f_customer_id, date_trunc('month', f_month) AS month, sum(f_mrr) AS delta
                       FROM ({good}) GROUP BY ALL),
             months AS (SELECT f_customer_id, unnest(generate_series(min(month), (SELECT max(month) FROM moved),
                                                                     INTERVAL 1 MONTH)) AS month
                        FROM moved GROUP BY f_customer_id)
        SELECT {revenue_key('f_customer_id', 'month')} AS hb_key, f_customer_id, month AS f_month,
               sum(coalesce(delta, 0)) OVER (PARTITION BY f_customer_id ORDER BY month) AS f_mrr
        FROM months LEFT JOIN moved USING (f_customer_id, month)"""


def uncollected_problem(mapping: Mapping, staged: dict[str, str], p) -> str | None:
    """SQL: why a payment row is not revenue (its status says it was not collected, or was given
    back: Stripe's `Refunded` charge), or NULL."""
    if not mapping.payment_status:
        return None
    cell = f"lower(trim({staged[mapping.payment_status]}))"
    return (f"CASE WHEN list_contains({p(sorted(UNCOLLECTED))}::VARCHAR[], {cell}) THEN "
            f"{p('is a payment that was not collected (')} || {cell} || {p('): not revenue')} "
            f"WHEN list_contains({p(sorted(REFUNDS))}::VARCHAR[], {cell}) THEN "
            f"{p('is a payment given back (')} || {cell} || {p('): not revenue')} END")


def payments(mapping: Mapping, good: str) -> str:
    """SQL: the `good` rows of a payments file, a refund's amount taken off (the refund column's JSON
    path in `$refund_path`) and the part of a payment given back (`$refunded_path`: Stripe's Amount
    Refunded); each keeps its own ID as its key, and a customer's month is their sum."""
    if mapping.refund_type:
        good = (f"SELECT * REPLACE (CASE WHEN list_contains({list(sorted(REFUNDS))}::VARCHAR[], "
                "lower(trim(json_extract_string(extra, $refund_path)))) THEN -abs(f_mrr) ELSE f_mrr END AS f_mrr) "
                f"FROM ({good})")
    if mapping.refunded:
        given_back = number_value("json_extract_string(extra, $refunded_path)", decimal_comma=False)
        good = f"SELECT * REPLACE (f_mrr - coalesce(abs({given_back}), 0) AS f_mrr) FROM ({good})"
    return good


def refund_path(mapping: Mapping) -> dict[str, str]:
    """The `$refund_path` and `$refunded_path` parameters `payments` reads (each only with its column)."""
    columns = {"refund_path": mapping.refund_type, "refunded_path": mapping.refunded}
    return {key: '$."' + name.replace("\\", "\\\\").replace('"', '\\"') + '"' for key, name in columns.items() if name}


_PERIOD_NAMES = frozenset({"interval", "billing interval", "billing period", "billing period unit", "billing cycle",
                           "plan interval", "interval unit", "plan interval unit", "frequency", "billing frequency",
                           "periodicity", "recurrence", "period", "cycle", "payment frequency", "term"})


def period_column(mapping: Mapping, shape: Shape) -> str | None:
    """The unmapped column naming each row's billing period (named like 'Interval' or 'Billing
    period', or so after a table's name, 'subscriptions.billing_period_unit'; nine in ten of its
    values a period: month, year, quarter, week…), for an MRR read from an amount per period.
    None when there is none, or MRR's column is named monthly itself."""
    amount = mapping.columns.get("mrr")
    if amount is None or named_as_mrr(amount):
        return None
    spoken_for = {name for key, name in mapping.columns.items() if SPECS["customers"].field(key).type != "category"}
    for column in shape.columns:  # a plan or segment column may say the period too ('Monthly', 'Annual')
        bare = _bare(column.name)
        if column.name in spoken_for or not (bare in _PERIOD_NAMES or _PERIOD_WORD.search(bare)):
            continue
        cells = [v.strip().lower() for v in shape.values(column) if v.strip()]
        if cells and sum(c in PERIOD_MONTHS for c in cells) >= 0.9 * len(cells):
            return column.name
    return None


def period_length_column(mapping: Mapping, shape: Shape, period: str) -> str | None:
    """The unmapped column saying how many of its periods each amount covers: Recurly's
    plan_interval_length 12 beside 'months', Stripe's interval count, Chargebee's billing_period
    beside billing_period_unit, an 'order_interval_frequency' beside 'order_interval_unit'. Whole
    numbers from 1, named as the period column without 'unit' (with or without a word of length
    after it: that one first, where a file has two), or with a word of length and one of period."""
    unit = _bare(period)
    stem = unit[:-5] if unit.endswith(" unit") else None
    found = []
    for column in shape.columns:
        name = _bare(column.name)
        if column.name in mapping.columns.values() or column.name == period:
            continue
        beside = stem is not None and (name == stem or name.startswith(stem + " ") and _LENGTH.search(name))
        counted = beside or _LENGTH.search(name) and _PERIOD_WORD.search(name)
        cells = [v.strip() for v in shape.values(column) if v.strip()]
        if counted and cells and all(c.isdigit() and int(c) >= 1 for c in cells):
            found.append((not beside, column.name))
    return min(found, key=lambda f: f[0])[1] if found else None  # the first, in the file's order


_LENGTH = re.compile(r"\b(?:length|count|number|frequency)\b")
_PERIOD_WORD = re.compile(r"\b(?:interval|period|billing|cycle|term)\b")


def _bare(name: str) -> str:
    """A header without the table it came from ('subscriptions.billing_period_unit'), normalised."""
    return normalise(unqualified(name))


_TAX = re.compile(r"\b(?:tax|taxes|vat|iva|tva|mwst|ust|gst|hst|impuesto|impostos?|imposta|btw|moms)\b")


def net_of_tax(mapping: Mapping, shape: Shape) -> str | None:
    """The column of amounts before tax when MRR's column is a total: on nearly every sampled row it
    is another unmapped amount plus one named for tax (Lago's `total_amount_cents` = fees + taxes),
    some tax being charged. None otherwise: revenue is counted before tax, as billing tools report MRR."""
    total = mapping.columns.get("mrr")
    if mapping.kind not in ("customers", "revenue") or total is None:
        return None
    totals = _cells(shape, total)
    spoken_for = set(mapping.columns.values())
    for tax in (c for c in shape.columns if c.name != total and _TAX.search(normalise(c.name))):
        taxes = _cells(shape, tax.name)
        for other in (c for c in shape.columns if c.name not in spoken_for | {tax.name}):
            rows = [(t, x, n) for t, x, n in zip(totals, taxes, _cells(shape, other.name)) if None not in (t, x, n)]
            adds_up = sum(abs(t - x - n) <= 0.005 * max(abs(t), 1) for t, x, n in rows)
            if len(rows) >= 5 and adds_up >= 0.95 * len(rows) and any(x for _, x, _ in rows):
                return other.name
    return None


def _cells(shape: Shape, name: str) -> list[float | None]:
    column = next(c for c in shape.columns if c.name == name)
    return [_plain_amount(v) for v in shape.values(column)]


def _plain_amount(cell: str) -> float | None:
    """'31680', '1,200.50' or '1.200,50' as a number; None for anything else."""
    cell = cell.strip().replace(" ", "")
    for written in (cell.replace(",", ""), cell.replace(".", "").replace(",", ".")):
        try:
            return float(written)
        except ValueError:
            continue
    return None
