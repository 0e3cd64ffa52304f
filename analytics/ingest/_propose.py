"""Propose what a file holds and which column feeds each field; remember confirmed mappings.

`recognise_kind` picks the kind whose distinctive fields best match the columns; `propose_mapping`
matches column names and survey question texts against each field's synonyms, then reads date
formats and score scales from the sample rows. A mapping the user confirmed is remembered for the
next file with the same columns (`remember_mapping`).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from analytics.ingest._fields import DATE_FORMATS, KINDS, SPECS, Field, KindSpec, Mapping
from analytics.ingest._sniff import Column, Shape


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


