"""Where an answer's or a ticket's date is empty, the date beside it that stands in for it.

Survey tools leave the completion date empty for a response never submitted ('Completed at',
LimeSurvey's 'submitdate'), while the same row says when the respondent last acted ('First
interaction at', 'datestamp'). Without a date such an answer counts over all time and in no month,
so every trend loses it. Another date column stands in when it is filled on nearly every row the
mapped one leaves empty and, where both are filled, lies within a day of it (so it dates the same
moment); of several, the closest. A signup or renewal date, months away, never stands in.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import median

from analytics.ingest._dates import clean, read_dates, written_ways
from analytics.ingest._fields import Mapping
from analytics.ingest._sniff import Shape
from analytics.ingest._words import EMPTY_WORDS

FALLBACK_FIELDS = ("responded_at", "created_at")
_FILLED_SHARE = 0.9  # of the rows the mapped date leaves empty
_SAME_MOMENT = timedelta(days=1)  # the median distance where both are filled


def fallback_date(mapping: Mapping, shape: Shape, key: str, day_first: bool) -> tuple[str, str] | None:
    """(column, its reading) of the date that stands in where the mapped `key` is empty, or None."""
    how = mapping.date_formats.get(key)
    if key not in FALLBACK_FIELDS or key not in mapping.columns or how in (None, "parser"):
        return None
    by_name = {column.name: column for column in shape.columns}
    mine = [when_read(v, how) for v in shape.values(by_name[mapping.columns[key]])]
    empty = [i for i, value in enumerate(shape.values(by_name[mapping.columns[key]])) if _blank(value)]
    if not empty:
        return None
    best, closest = None, _SAME_MOMENT
    for column in shape.columns:
        if column.name in mapping.columns.values():
            continue
        values = shape.values(column)
        reading = read_dates([v for v in values if not _blank(v)], day_first=day_first, numbers_are_dates=True)
        if reading is None or reading.mode == "parser":
            continue
        theirs = [when_read(v, reading.as_text()) for v in values]
        if sum(theirs[i] is not None for i in empty) < _FILLED_SHARE * len(empty):
            continue
        gaps = [abs(a - b) for a, b in zip(mine, theirs) if a is not None and b is not None]
        if gaps and median(gaps) <= closest:
            best, closest = (column.name, reading.as_text()), median(gaps)
    return best


def describe(mapping: Mapping, shape: Shape, key: str) -> str:
    """The reason's clause for a stand-in date: which column, and on how many sample rows."""
    column, _ = mapping.date_fallbacks[key]
    mapped = next(c for c in shape.columns if c.name == mapping.columns[key])
    empty = sum(_blank(v) for v in shape.values(mapped))
    return (f"; where it is empty ({empty:,} of {len(shape.rows):,} rows read: answers never submitted), "
            f"the date in '{column}', the closest date beside it")


def _blank(value: str) -> bool:
    return value.strip().lower() in EMPTY_WORDS or not value.strip()


def when_read(value: str, how: str) -> datetime | None:
    """The value as a naive UTC datetime, read as the import reads it, or None."""
    if _blank(value):
        return None
    text = clean(value)
    try:
        if how == "excel":
            return datetime(1899, 12, 30) + timedelta(days=float(text))
        if how in ("unix", "unix_ms"):
            return datetime(1970, 1, 1) + timedelta(seconds=float(text) / (1 if how == "unix" else 1000))
    except (ValueError, OverflowError):
        return None
    for fmt in written_ways(how):
        try:
            when = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return (when - when.utcoffset()).replace(tzinfo=None) if when.tzinfo else when
    return None

