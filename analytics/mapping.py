"""The canonical fields of each kind of file, and how uploaded columns map onto them.

A kind is what a file holds: customers, survey responses, support tickets or monthly revenue.
Fields are declared as data (name, type, synonyms); `propose_mapping` matches column names and
survey question texts against the synonyms, and a mapping the user confirmed is remembered for
the next file with the same columns.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from analytics.sniff import Column, Shape

KINDS = ("customers", "responses", "tickets", "revenue")
KIND_LABELS = {
    "customers": "Customers / accounts",
    "responses": "Survey responses",
    "tickets": "Support tickets",
    "revenue": "Monthly revenue",
}


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str  # id | text | date | number | score | flag | kind
    synonyms: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()  # phrases that identify the field inside a longer question text
    scale: tuple[int, int] | None = None  # default scale of a score


@dataclass(frozen=True)
class KindSpec:
    kind: str
    fields: tuple[Field, ...]
    required: tuple[tuple[str, ...], ...]  # each inner tuple: at least one of these fields
    signals: tuple[str, ...]  # fields that tell this kind apart from the others

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


_CUSTOMER_ID = Field(
    "customer_id", "Customer ID", "id",
    ("customer id", "customerid", "account id", "accountid", "client id",
     "cust id", "customer number", "account number", "user id", "externalreference",
     "external reference", "externaldatareference", "company id"),
)
_EMAIL = Field(
    "email", "Email", "text",
    ("email", "e mail", "email address", "customer email", "contact email", "recipientemail",
     "recipient email", "emailaddress", "user email"),
)

SPECS = {
    "customers": KindSpec(
        "customers",
        (
            _CUSTOMER_ID,
            Field("name", "Name", "text", ("name", "customer name", "account name", "company",
                                           "company name", "full name", "client name", "surname")),
            _EMAIL,
            Field("segment", "Segment", "text", ("segment", "customer segment", "company size",
                                                 "size", "tier", "customer tier")),
            Field("plan", "Plan", "text", ("plan", "subscription", "plan name", "package", "edition",
                                           "product", "contract", "subscription plan")),
            Field("region", "Region", "text", ("region", "geography", "country", "market",
                                               "territory", "state")),
            Field("signup_date", "Signup date", "date",
                  ("signup date", "sign up date", "created at", "start date", "customer since",
                   "join date", "joined", "acquisition date", "signup", "created")),
            Field("mrr", "MRR (monthly revenue)", "number",
                  ("mrr", "monthly charges", "monthly charge", "monthly revenue",
                   "monthly recurring revenue", "monthly fee", "revenue")),
            Field("churned", "Churned?", "flag",
                  ("churn", "churned", "churn label", "churn value", "exited", "customer status",
                   "status", "is churned", "churn flag", "cancelled", "canceled")),
            Field("churn_date", "Churn date", "date",
                  ("churn date", "churned at", "cancellation date", "cancel date", "cancelled at",
                   "end date", "termination date")),
            Field("churn_reason", "Churn reason", "text",
                  ("churn reason", "cancellation reason", "reason", "exit reason", "cancel reason",
                   "reason for leaving")),
        ),
        required=(("customer_id", "email"),),
        signals=("churned", "mrr", "signup_date", "segment", "plan", "churn_reason", "churn_date"),
    ),
    "responses": KindSpec(
        "responses",
        (
            Field("response_id", "Response ID", "id",
                  ("response id", "responseid", "respondent id", "recordid", "record id",
                   "survey response id")),
            _CUSTOMER_ID,
            _EMAIL,
            Field("responded_at", "Response date", "date",
                  ("responded at", "response date", "date", "submitted at", "submitted",
                   "recorded date", "recordeddate", "end date", "enddate", "timestamp",
                   "completed at", "created at", "survey date", "date submitted")),
            Field("nps", "NPS score (0–10)", "score",
                  ("nps", "nps score", "likelihood to recommend", "ltr", "recommend",
                   "net promoter score"),
                  contains=("likely are you to recommend", "likely is it that you would recommend",
                            "likely would you be to recommend", "recommend us", "nps"),
                  scale=(0, 10)),
            Field("csat", "CSAT score", "score",
                  ("csat", "csat score", "satisfaction", "satisfaction score",
                   "customer satisfaction", "customer satisfaction rating"),
                  contains=("how satisfied", "satisfaction"), scale=(1, 5)),
            Field("ces", "Effort score (CES)", "score",
                  ("ces", "ces score", "effort", "customer effort", "customer effort score",
                   "effort score"),
                  contains=("easy was it", "how easy", "effort"), scale=(1, 7)),
            Field("rating", "Rating", "score", ("rating", "stars", "star rating", "review rating"),
                  scale=(1, 5)),
            Field("score", "Score (with a survey-type column)", "score", ("score", "value")),
            Field("survey", "Survey type (nps / csat / ces)", "kind",
                  ("survey", "survey type", "kind", "metric", "question type")),
            Field("comment", "Comment", "text",
                  ("comment", "comments", "feedback", "verbatim", "review text", "review",
                   "text", "open ended response", "why", "reason", "remarks", "customer remarks",
                   "free text"),
                  contains=("why", "tell us", "comment", "free text", "what could we",
                            "what is the primary reason", "anything else", "feedback")),
        ),
        required=(("nps", "csat", "ces", "rating", "score", "comment"),),
        signals=("nps", "csat", "ces", "rating", "comment", "response_id", "responded_at"),
    ),
    "tickets": KindSpec(
        "tickets",
        (
            Field("ticket_id", "Ticket ID", "id",
                  ("ticket id", "ticket", "ticket number", "case id", "case number", "issue id",
                   "request id", "conversation id")),
            _CUSTOMER_ID,
            _EMAIL,
            Field("created_at", "Created", "date",
                  ("created at", "created", "opened at", "date created", "created date",
                   "submitted at", "date", "opened")),
            Field("subject", "Subject", "text", ("subject", "ticket subject", "title", "summary",
                                                 "topic")),
            Field("body", "Description", "text",
                  ("body", "description", "ticket description", "message", "details", "text",
                   "comment", "content")),
            Field("satisfaction", "Ticket satisfaction", "score",
                  ("satisfaction", "csat", "satisfaction rating", "customer satisfaction rating",
                   "rating", "satisfaction score"), scale=(1, 5)),
            Field("status", "Ticket status", "text", ("status", "ticket status", "state")),
            Field("channel", "Channel", "text", ("channel", "ticket channel", "source", "via")),
        ),
        required=(("subject", "body"),),
        signals=("ticket_id", "subject", "body", "channel"),
    ),
    "revenue": KindSpec(
        "revenue",
        (
            _CUSTOMER_ID,
            Field("month", "Month", "date", ("month", "period", "date", "billing month",
                                             "invoice month")),
            Field("mrr", "MRR", "number", ("mrr", "revenue", "amount", "monthly revenue",
                                           "recurring revenue", "monthly charges")),
        ),
        required=(("customer_id",), ("month",), ("mrr",)),
        signals=("month", "mrr"),
    ),
}

DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%d %H:%M:%S.%f", "%d/%m/%Y", "%m/%d/%Y", "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p", "%d.%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d-%m-%Y",
    "%Y/%m/%d", "%Y-%m", "%b %Y", "%B %Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y",
    "%Y%m%d",
)
DATE_FORMAT_NAMES = {
    "%Y-%m-%d": "YYYY-MM-DD", "%d/%m/%Y": "DD/MM/YYYY", "%m/%d/%Y": "MM/DD/YYYY",
    "%d.%m.%Y": "DD.MM.YYYY", "%Y-%m": "YYYY-MM", "%d-%m-%Y": "DD-MM-YYYY", "%Y/%m/%d": "YYYY/MM/DD",
}


@dataclass
class Mapping:
    """Which column feeds each canonical field, plus how to read dates and scores."""

    kind: str
    columns: dict[str, str] = field(default_factory=dict)  # field key -> column name
    date_formats: dict[str, str] = field(default_factory=dict)  # field key -> strptime format
    scales: dict[str, tuple[int, int]] = field(default_factory=dict)  # score field -> (min, max)
    remembered: bool = False  # True when taken from an earlier confirmed mapping

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "columns": self.columns,
                           "date_formats": self.date_formats,
                           "scales": {k: list(v) for k, v in self.scales.items()}})

    @classmethod
    def from_json(cls, text: str, remembered: bool = False) -> "Mapping":
        data = json.loads(text)
        return cls(data["kind"], dict(data["columns"]), dict(data.get("date_formats", {})),
                   {k: tuple(v) for k, v in data.get("scales", {}).items()}, remembered)

    def missing_required(self) -> list[tuple[str, ...]]:
        return [group for group in SPECS[self.kind].required
                if not any(key in self.columns for key in group)]


def normalise(text: str) -> str:
    """'Customer_ID ' -> 'customer id'; 'customerID' -> 'customer id'."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


# Words that say too little on their own to map a longer column name ("Customer Name", "Date of
# Purchase"); they still map a column named exactly so.
_TOO_VAGUE = {"customer", "account", "date", "name", "id", "status", "text", "value", "score",
              "reason", "revenue", "product", "created", "review", "kind", "ticket", "rating",
              "size", "state", "source", "via", "why", "month", "period", "amount", "title"}


def _match_score(spec_field: Field, column: Column) -> float:
    names = [normalise(column.name), normalise(column.label)]
    synonyms = {normalise(s) for s in spec_field.synonyms} | {normalise(spec_field.key)}
    best = 0.0
    for rank, name in enumerate(names):
        if not name:
            continue
        weight = 1.0 if rank == 0 else 0.9
        if name in synonyms or name.replace(" ", "") in {s.replace(" ", "") for s in synonyms}:
            best = max(best, 1.0 * weight)
        elif any(phrase in name for phrase in spec_field.contains):
            best = max(best, 0.8 * weight)
        elif any(s not in _TOO_VAGUE and re.search(rf"\b{re.escape(s)}\b", name) for s in synonyms):
            best = max(best, 0.5 * weight)
    return best


def _assign(spec: KindSpec, columns: tuple[Column, ...]) -> dict[str, tuple[str, float]]:
    """Greedy one-to-one assignment of columns to fields, best matches first."""
    candidates = sorted(
        ((score, -position, spec_field.key, column.name)
         for position, spec_field in enumerate(spec.fields)
         for column in columns
         if (score := _match_score(spec_field, column)) > 0),
        reverse=True,
    )
    taken_fields, taken_columns, result = set(), set(), {}
    for score, _, key, name in candidates:
        if key in taken_fields or name in taken_columns:
            continue
        taken_fields.add(key)
        taken_columns.add(name)
        result[key] = (name, score)
    return result


def recognise_kind(shape: Shape) -> str:
    """The kind whose distinctive fields best match the columns (ties: customers first).
    A survey tool's own export layout always holds survey responses."""
    if shape.layout != "generic":
        return "responses"
    def strength(kind: str) -> float:
        spec = SPECS[kind]
        assigned = _assign(spec, shape.columns)
        covered = all(any(key in assigned for key in group) for group in spec.required)
        signal = sum(score for key, (_, score) in assigned.items() if key in spec.signals)
        if kind == "revenue" and len(shape.columns) > 6:
            signal *= 0.3  # a revenue history is long and narrow
        return signal + (1.0 if covered else -5.0)

    return max(KINDS, key=strength)


def signature(kind: str, shape: Shape) -> str:
    """Key under which a confirmed mapping is remembered: the kind and the exact column names."""
    return hashlib.sha1("\x1f".join([kind, *shape.names]).encode()).hexdigest()


def propose_mapping(shape: Shape, kind: str) -> Mapping:
    """Best-guess mapping of the file's columns onto the kind's fields."""
    spec = SPECS[kind]
    assigned = _assign(spec, shape.columns)
    mapping = Mapping(kind, {key: name for key, (name, _) in assigned.items()})
    fill_formats(mapping, shape)
    return mapping


def fill_formats(mapping: Mapping, shape: Shape) -> None:
    """Detect date formats and score scales for the mapped columns from the sample rows."""
    spec = SPECS[mapping.kind]
    by_name = {column.name: column for column in shape.columns}
    for key, name in mapping.columns.items():
        spec_field = spec.field(key)
        column = by_name.get(name)
        if column is None:
            continue
        values = [v.strip() for v in shape.values(column) if v.strip()]
        if spec_field.type == "date" and key not in mapping.date_formats:
            european = shape.decimal_comma or shape.delimiter == ";"
            mapping.date_formats[key] = detect_date_format(values, european)
        if spec_field.type == "score" and key != "score" and key not in mapping.scales:
            mapping.scales[key] = detect_scale(spec_field, values)


def detect_date_format(values: list[str], european: bool = False) -> str:
    """The first format that reads every sample value. When every value reads both day-first and
    month-first (no day above 12 in the sample), day-first wins in European files (semicolons or
    decimal commas) and month-first elsewhere."""
    fitting = [fmt for fmt in DATE_FORMATS if values and all(_parses(v, fmt) for v in values)]
    if not fitting:
        return "%Y-%m-%d"
    first = fitting[0]
    swapped = _swap_day_month(first)
    if swapped in fitting:
        day_first, month_first = (first, swapped) if first.startswith("%d") else (swapped, first)
        return day_first if european else month_first
    return first


def _swap_day_month(fmt: str) -> str:
    """'%d/%m/%Y %H:%M' <-> '%m/%d/%Y %H:%M'; other formats unchanged."""
    for day_first, month_first in (("%d/%m/", "%m/%d/"),):
        if fmt.startswith(day_first):
            return month_first + fmt[len(day_first):]
        if fmt.startswith(month_first):
            return day_first + fmt[len(month_first):]
    return fmt


def _parses(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
        return True
    except ValueError:
        return False


def leading_number(value: str) -> float | None:
    """'10 - Extremely likely' -> 10.0; '4,5' -> 4.5; 'n/a' -> None."""
    match = re.match(r"\s*(-?\d+(?:[.,]\d+)?)", value)
    return float(match.group(1).replace(",", ".")) if match else None


def detect_scale(spec_field: Field, values: list[str]) -> tuple[int, int]:
    """Scale of a score column: the field's default, widened when the sample shows the top of a
    wider one (7 for a 7-point scale, above 7 for a 10-point one). A stray 6 on a 1-5 scale is
    an error to reject, not a sign of a 1-6 scale."""
    low, high = spec_field.scale or (1, 5)
    numbers = [n for v in values if (n := leading_number(v)) is not None]
    if not numbers or spec_field.key == "nps":
        return (low, high)
    top = max(numbers)
    if top > high and top >= 7:
        high = 7 if top <= 7 else 10
    elif spec_field.key == "ces" and top <= 5:
        high = 5
    if min(numbers) < low:
        low = 0
    return (low, high)


def remembered_mapping(con, kind: str, shape: Shape) -> Mapping | None:
    row = con.execute("SELECT mapping FROM mappings WHERE signature = ?",
                      [signature(kind, shape)]).fetchone()
    return Mapping.from_json(row[0], remembered=True) if row else None


def remember_mapping(con, mapping: Mapping, shape: Shape) -> None:
    con.execute(
        "INSERT OR REPLACE INTO mappings (signature, kind, mapping, saved_at) "
        "VALUES (?, ?, ?, current_timestamp)",
        [signature(mapping.kind, shape), mapping.kind, mapping.to_json()],
    )


def describe_missing(mapping: Mapping) -> str:
    """Plain message naming each missing required field and the column names looked for."""
    spec = SPECS[mapping.kind]
    parts = []
    for group in mapping.missing_required():
        labels = " or ".join(spec.field(key).label for key in group)
        looked = sorted({s for key in group for s in spec.field(key).synonyms[:6]})
        parts.append(f"{labels} (looked for columns named like: {', '.join(looked)})")
    return (f"This {KIND_LABELS[mapping.kind].lower()} file needs a column for "
            + "; and ".join(parts) + ". Pick the column in the mapping, or rename it in the file.")
