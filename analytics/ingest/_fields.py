"""The canonical fields of each kind of file, declared as data, and a file's Mapping onto them.

A kind is what a file holds: customers, survey responses, support tickets or monthly revenue.
Each field has a type (id, text, date, number, score, flag, kind), synonyms in column names,
phrases that identify it inside a longer question text, and the default scale of a score.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

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
