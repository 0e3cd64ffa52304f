"""A Slice: the period and the customer attributes a figure is computed for.

Every metric and every quote takes the same Slice, and both build their WHERE clause with
`customer_filter` and `period_filter` below, so a quote can never come from outside the figure's
population. Attribute names from uploads are only ever passed as parameters (JSON paths).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta

from analytics.ingest import PLAUSIBLE_FROM
from analytics.sql import Params, json_path

COLUMN_ATTRIBUTES = ("segment", "plan", "region")
ATTRIBUTE_LABELS = {"segment": "Segment", "plan": "Plan", "region": "Region"}


@dataclass(frozen=True)
class Slice:
    """Period [start, end) — None means open — and attribute filters (attribute, allowed values)."""

    start: date | None = None
    end: date | None = None
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def where(self, attribute: str, *values: str) -> "Slice":
        kept = tuple(f for f in self.filters if f[0] != attribute)
        return replace(self, filters=kept + ((attribute, tuple(values)),) if values else kept)

    def period(self, start: date | None, end: date | None) -> "Slice":
        return replace(self, start=start, end=end)

    @property
    def months(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    def previous(self) -> "Slice | None":
        """The period of the same length just before this one (None for an open period)."""
        months = self.months
        if not months:
            return None
        return self.period(add_months(self.start, -months), self.start)

    def describe(self) -> str:
        parts = [period_label(self.start, self.end)]
        for attribute, values in self.filters:
            parts.append(f"{ATTRIBUTE_LABELS.get(attribute, attribute)}: {', '.join(values)}")
        return " · ".join(parts)

    def as_dict(self) -> dict:
        data: dict = {"from": self.start.isoformat() if self.start else None,
                      "to": self.end.isoformat() if self.end else None}
        data.update({attribute: list(values) for attribute, values in self.filters})
        return data


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_label(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "All time"
    if start and end:
        months = (end.year - start.year) * 12 + end.month - start.month
        if months == 1 and start.day == 1:
            return start.strftime("%b %Y")
        if months == 3 and start.day == 1 and start.month % 3 == 1:
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        last = add_months(end, -1) if end.day == 1 else end
        return f"{start.strftime('%b %Y')} – {last.strftime('%b %Y')}"
    return f"from {start:%b %Y}" if start else f"until {end:%b %Y}"


def customer_filter(slice_: Slice, p: Params, alias: str = "c", unit: str | None = None) -> str:
    """SQL condition for the slice's attribute filters. Segment, plan and region are columns of the
    customers table (alias `alias`). A kept column may come from any upload: a response or ticket
    row (alias `unit`, when the population counts those) reads its own value, else its customer's;
    a customer reads its own value, else the value its answers or tickets carry."""
    conditions = []
    for attribute, values in slice_.filters:
        allowed = f"{p(list(values))}::VARCHAR[]"
        if attribute in COLUMN_ATTRIBUTES:
            conditions.append(f'list_contains({allowed}, {alias}."{attribute}")')  # a fixed whitelist
            continue
        path = p(json_path(attribute))
        own = f"json_extract_string({alias}.extra, {path})"
        if unit:
            conditions.append(f"list_contains({allowed}, coalesce(json_extract_string({unit}.extra, {path}), {own}))")
        else:
            said = " UNION ALL ".join(f"SELECT customer_id FROM {table} WHERE customer_id IS NOT NULL AND "
                                      f"list_contains({allowed}, json_extract_string(extra, {path}))"
                                      for table in ("responses_linked", "tickets_linked"))
            conditions.append(f"(list_contains({allowed}, {own}) OR {own} IS NULL AND "
                              f"{alias}.customer_id IN ({said}))")
    return " AND ".join(conditions) or "true"


def period_filter(slice_: Slice, column: str, p: Params) -> str:
    """SQL condition keeping `column` (a timestamp or date) inside [start, end)."""
    conditions = []
    if slice_.start:
        conditions.append(f"{column} >= {p(slice_.start)}::TIMESTAMP")
    if slice_.end:
        conditions.append(f"{column} < {p(slice_.end)}::TIMESTAMP")
    return " AND ".join(conditions) or "true"


MAX_VALUES = 60  # an attribute with more different values is an identifier or free text, not a filter
# Kept columns of every upload (customers, responses, tickets), read from a fixed sample of rows
# (their keys are counted here, in Python, so that every engine answers the same small query).
ATTRIBUTE_SAMPLE = """
WITH units AS (
    SELECT extra FROM customers WHERE extra IS NOT NULL
    UNION ALL SELECT extra FROM responses WHERE extra IS NOT NULL
    UNION ALL SELECT extra FROM tickets WHERE extra IS NOT NULL
)
SELECT extra FROM units USING SAMPLE reservoir(20000 ROWS) REPEATABLE (7)
"""


def attribute_names(con) -> dict[str, int]:
    """Every attribute a slice may name → how many different values a sample of rows shows:
    segment, plan and region (when present) and every kept column of any upload."""
    present = {a: con.execute(f'SELECT count(DISTINCT "{a}") FROM customers').fetchone()[0]
               for a in COLUMN_ATTRIBUTES}  # whitelisted names
    seen: dict[str, set] = {}
    for (extra,) in con.execute(ATTRIBUTE_SAMPLE).fetchall():
        for key, value in json.loads(extra).items():
            if value is not None:
                seen.setdefault(key, set()).add(json.dumps(value))
    kept = {key: len(values) for key, values in sorted(seen.items())}
    return {name: count for name, count in {**present, **kept}.items() if count}


def attributes(con) -> list[str]:
    """Attributes to slice by: those with at most MAX_VALUES different values."""
    return [name for name, count in attribute_names(con).items() if count <= MAX_VALUES]


def attribute_values(con, attribute: str, limit: int = 200) -> list[str]:
    """The values of an attribute, most common first up to `limit`, in alphabetical order."""
    p = Params()
    if attribute in COLUMN_ATTRIBUTES:
        source = f'SELECT "{attribute}" AS v FROM customers'
    else:
        path = p(json_path(attribute))
        source = " UNION ALL ".join(f"SELECT json_extract_string(extra, {path}) AS v FROM {table}"
                                    for table in ("customers", "responses", "tickets"))
    rows = con.execute(f"SELECT v, count(*) FROM ({source}) WHERE v IS NOT NULL "
                       f"GROUP BY v ORDER BY count(*) DESC, v LIMIT {int(limit)}", p.values).fetchall()
    return sorted(str(row[0]) for row in rows)


# Dates a system writes when it has none (1970-01-01, 1900-01-01) or a typo puts in another
# century are kept and shown (the import flags them), but never decide the period pages open on.
DATED = """
SELECT responded_at AS moment FROM responses
UNION ALL SELECT CAST(churn_date AS TIMESTAMP) FROM customers
UNION ALL SELECT created_at FROM tickets
"""
DATA_SPAN = f"SELECT min(moment), max(moment) FROM ({DATED}) WHERE moment >= $early AND moment <= $late"


def data_span(con) -> tuple[date | None, date | None]:
    """First and last plausible dates that any dated row carries (None when nothing is dated):
    from 1990 to a year from today."""
    low, high = con.execute(DATA_SPAN, {"early": PLAUSIBLE_FROM,
                                        "late": date.today() + timedelta(days=366)}).fetchone()
    return (low.date() if low else None, high.date() if high else None)


def default_slice(con) -> Slice:
    """The latest complete quarter with data; the latest quarter itself when it is (nearly) over, or
    when it already holds more than twice the dated rows of the one before (an export pulled
    mid-quarter, most of its rows in it); all time when nothing is dated. Never a quarter after
    today's: a subscription cancelled to end next year (a churn date ahead) is not what happened."""
    low, high = data_span(con)
    if high is None or low > date.today():  # nothing dated has happened yet
        return Slice()
    high = min(high, date.today())
    start = quarter_start(high)
    end = add_months(start, 3)
    before = add_months(start, -3)
    if (end - high).days > 7 and before >= quarter_start(low) \
            and _dated_rows(con, start, end) <= 2 * _dated_rows(con, before, start):
        start, end = before, start
    return Slice(start, end)


def _dated_rows(con, start: date, end: date) -> int:
    return con.execute(f"SELECT count(*) FROM ({DATED}) WHERE moment >= $start AND moment < $end",
                       {"start": start, "end": end}).fetchone()[0]
