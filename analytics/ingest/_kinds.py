"""Which kind of file an upload is (customers, survey responses, tickets, monthly revenue): the
kind whose fields its columns fill best (`_propose.assign`), weighed by how much each field says
of a kind, by the share of rows the reading keeps, and by a few words a kind's files are named
with; and the reason shown for it."""

from __future__ import annotations

import re

from analytics.ingest._billing import says_collected
from analytics.ingest._fields import KIND_LABELS, KINDS, SCORE_FIELDS, SPECS, KindSpec, Mapping
from analytics.ingest._profile import Profile
from analytics.ingest._propose import ABOUT_THE_RATING, assign, name_score
from analytics.ingest._reading import profiles_of
from analytics.ingest._sniff import Shape
from analytics.ingest._verbal import NO_ANSWER, label
from analytics.ingest._words import normalise

# How much each assigned field says that a file is of a kind.
SIGNALS = {
    "customers": {"churned": 3.0, "mrr": 2.0, "churn_date": 1.5, "churn_reason": 1.0, "signup_date": 1.0,
                  "customer_id": 1.0, "segment": 0.5, "plan": 0.5, "region": 0.3},
    "responses": {"nps": 3.0, "csat": 3.0, "ces": 3.0, "rating": 3.0, "recommend": 2.0, "comment": 2.5,
                  "responded_at": 0.5, "response_id": 0.5, "score": 1.0},
    "tickets": {"body": 2.5, "subject": 1.5, "ticket_id": 1.5, "channel": 1.0, "topic": 1.5, "status": 0.5,
                "created_at": 0.5, "satisfaction": 0.5},
    "revenue": {"month": 1.5, "mrr": 1.5, "customer_id": 1.0},
}
_TICKET_WORDS = re.compile(r"\b(ticket|case|complaint|incident|priority|agent|resolution|issue|"
                           r"escalat\w*|sla|assignee|helpdesk|zendesk|freshdesk)\b", re.I)
_MOVEMENT_NAME = re.compile(r"\bmrr (?:movement|change)s?\b")
_PAYMENT_WORDS = re.compile(r"\b(?:invoice|invoiced|transaction|payment|paid|billed|amount due|charge id)\b|^amount$")
# A column keying each row as an answer ('Rating ID', 'Response ID'): a helpdesk's satisfaction
# export rates tickets (it names them) but each of its rows is an answer.
_ANSWER_KEY = re.compile(r"^(?:survey )?(?:response|respondent|review|rating|feedback|submission)s? ?id$")


def kind_strength(kind: str, shape: Shape, profiles: dict[str, Profile]) -> float:
    spec = SPECS[kind]
    assigned = assign(spec, shape, profiles)
    if any(not any(key in assigned for key in group) for group in spec.required):
        return -10.0
    strength = sum(SIGNALS[kind].get(key, 0.0) * min(score * 1.25, 1.0) for key, (_, score) in assigned.items())
    strength *= _kept(spec, shape, assigned)
    # A column named for a field whose values do not fit yet (a 'rating' column of typos) still says
    # something about the kind of file.
    free = [c for c in shape.columns if c.name not in {name for name, _ in assigned.values()}]
    strength += sum(0.3 * SIGNALS[kind].get(f.key, 0.0) for f in spec.fields
                    if f.key not in assigned and any(name_score(f, c) >= 0.8 for c in free))
    if kind == "revenue":
        strength = _revenue_strength(strength, shape)
    if kind == "tickets":
        strength += min(3, sum(bool(_TICKET_WORDS.search(c.name)) for c in shape.columns))
        body = assigned.get("body", ("", 0))[0]
        rare = body and profiles[body].filled < 0.5 * profiles[body].rows  # every ticket has its request
        dated = assigned.get("created_at", ("", 0))[0]
        surveyed = bool(dated) and name_score(SPECS["responses"].field("responded_at"), _column(shape, dated)) \
            > name_score(spec.field("created_at"), _column(shape, dated))  # 'Survey date', 'Rated at'
        filed = {"subject", "topic"} & assigned.keys()  # a request's subject, or the topic it was filed under
        if not filed and (not body or rare or surveyed or ABOUT_THE_RATING.search(normalise(body))):
            strength -= 3.0 if surveyed else 1.5  # no request, only its rating and words on it: a ratings export
    if kind == "responses" and any(_ANSWER_KEY.match(normalise(c.name)) for c in shape.columns):
        strength += 1.5
    if kind == "responses" and any(_nps_groups(shape.values(c)) for c in shape.columns):
        strength += 2.0  # promoters, passives, detractors: an NPS survey's answers, whatever else it holds
    if kind == "customers" and any(p.is_free_text and p.mean_words >= 8 for p in profiles.values()):
        strength -= 2.0  # long free text is what people wrote: a review or a ticket, not an account list
    return strength


def _column(shape: Shape, name: str):
    return next(column for column in shape.columns if column.name == name)


def _nps_groups(cells: list[str]) -> bool:
    said = {cell.strip().lower().rstrip("s") for cell in cells if cell.strip()}
    return len(said) >= 2 and said <= {"promoter", "passive", "detractor", "neutral"}


def _revenue_strength(strength: float, shape: Shape) -> float:
    if any(_MOVEMENT_NAME.search(normalise(c.name)) for c in shape.columns):
        return strength + 3  # MRR movements (new business, expansion, churn): a revenue history told as changes
    payments = sum(bool(_PAYMENT_WORDS.search(normalise(c.name))) for c in shape.columns)
    # a column of payment outcomes (paid, failed, charged back) says so whatever its name
    payments += 2 * any(says_collected({v.strip().lower() for v in shape.values(c) if v.strip()})
                        for c in shape.columns)
    if payments >= 2:
        return strength + min(3, payments)  # invoices or payments: wide, but what was billed each month
    return strength * 0.3 if len(shape.columns) > 6 else strength  # a revenue history is long and narrow


def _kept(spec: KindSpec, shape: Shape, assigned: dict[str, tuple[str, float]]) -> float:
    """The share of the sample's rows that a reading keeps: those holding something in each group
    of fields it requires. A reading that must reject a third of the rows (ratings without a
    comment read as tickets without a description) is a third less likely what the file is."""
    if not shape.rows:
        return 1.0
    by_name = {column.name: column for column in shape.columns}
    groups = [[by_name[assigned[key][0]].index for key in group if key in assigned] for group in spec.required]

    def said(cell: str) -> bool:
        return bool(cell.strip()) and label(cell) not in NO_ANSWER

    return sum(all(any(said(row[i]) for i in group if i < len(row)) for group in groups)
               for row in shape.rows) / len(shape.rows)


def recognise_kind(shape: Shape, profiles: dict[str, Profile] | None = None) -> str:
    """The kind whose fields best fit the columns. A survey tool's export layout always holds
    survey responses."""
    if shape.layout != "generic":
        return "responses"
    profiles = profiles or profiles_of(shape)
    return max(KINDS, key=lambda kind: (kind_strength(kind, shape, profiles), -KINDS.index(kind)))


def kind_reason(mapping: Mapping) -> str:
    fields = set(mapping.columns)
    if mapping.kind == "responses":
        scores = [SPECS["responses"].field(k).label.split(" (")[0] for k in (*SCORE_FIELDS, "recommend")
                  if k in fields]
        text = "free text" if "comment" in fields else ""
        what = " and ".join(filter(None, [", ".join(scores), text]))
        return f"{KIND_LABELS['responses']}: {what or 'answers'} per row (a survey or review export)"
    if mapping.kind == "tickets" and not {"subject", "body"} & fields:
        filed = "filed under its topic, " if "topic" in fields else ""
        return f"{KIND_LABELS['tickets']}: a ticket or a call per row, {filed}with its date, rating or status"
    if mapping.kind == "tickets":
        return f"{KIND_LABELS['tickets']}: a description per row, with its subject, date or channel"
    if mapping.kind == "customers":
        marks = [SPECS["customers"].field(k).label for k in ("churned", "mrr", "customer_id") if k in fields]
        rows = "one row per subscription, several per customer" if mapping.row_key else "one row per customer"
        return f"{KIND_LABELS['customers']}: {rows} ({', '.join(marks) or 'attributes'})"
    if mapping.movement_type:
        return f"{KIND_LABELS['revenue']}: an MRR movement per row (new business, expansion, churn…)"
    if mapping.row_key:
        return f"{KIND_LABELS['revenue']}: a payment or invoice per row, added up by customer and month"
    if mapping.quantities:
        return f"{KIND_LABELS['revenue']}: an order's line per row (quantity × price), added up by customer and month"
    return f"{KIND_LABELS['revenue']}: customer, month and MRR per row"
