"""What a proposal warns of that no single column's reading says: two columns of one name, amounts
in several currencies, a revenue history laid out one column per month, identifiers a spreadsheet
rewrote as rounded numbers, a date column whose values did not read as dates (or some of them not
in its format), times counted back from a scrape ('3 months ago'), a CRM's deals read as customers,
a list of customers who all left (`_leavers`)."""

from __future__ import annotations

import re
from functools import lru_cache

from analytics.ingest._dates import clean, counted_back, describe_format, looks_like_date, reads
from analytics.ingest._fields import SPECS, Mapping
from analytics.ingest._leavers import only_leavers
from analytics.ingest._profile import Profile
from analytics.ingest._sniff import Shape
from analytics.ingest._words import COUNTS, CURRENCY_CODES, EMPTY_WORDS, normalise, says_summary, unqualified


def proposal_notices(mapping: Mapping, shape: Shape, profiles: dict[str, Profile]) -> list[str]:
    return (_same_names(mapping, shape) + _currencies(mapping, shape) + _months_as_columns(shape)
            + _rounded_identifiers(shape) + _unread_dates(mapping, shape) + _dates_off_format(mapping, shape)
            + _deals(mapping, shape) + only_leavers(mapping, shape) + _unread_scales(mapping, shape, profiles))


def _unread_scales(mapping: Mapping, shape: Shape, profiles: dict[str, Profile]) -> list[str]:
    """A note naming a survey file's kept columns of whole-number answers (or words of a scale) on
    a survey's scale (1–5, 1–7, 0–10), three values or more, not named for a count: questions whose
    header said nothing Heartbeat reads, so no figure counts them unless the user chooses their field."""
    if mapping.kind != "responses":
        return []
    read = set(mapping.columns.values()) | set(mapping.more_comments)
    found = []
    for column in shape.columns:
        prof = profiles.get(column.name) if column.name not in read else None
        scored = prof is not None and prof.filled >= 20 and prof.is_score and prof.integers == prof.filled
        if scored and (prof.low >= 1 and prof.high in (5, 7, 10) or (prof.low, prof.high) == (0, 10)) \
                and prof.distinct >= 3 and not COUNTS.search(normalise(column.name)):
            found.append(f"'{column.name}' ({prof.low:g}–{prof.high:g})")
    if not found:
        return []
    shown = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
    holds, header, it = ("holds", "its header says", "it") if len(found) == 1 else ("hold", "their headers say", "one")
    return [f"{shown} {holds} answers on a survey's scale, but {header} nothing Heartbeat reads, so no figure counts "
            f"them: if {it} is CSAT, a rating or effort, choose that field for it (on the Data page, or --map "
            "csat=COLUMN)."]


def _dates_off_format(mapping: Mapping, shape: Shape) -> list[str]:
    """A warning for each mapped date column some of whose sampled dates its format does not read
    (a format chosen by hand, a layout that changed): how many, and one, since each such row would
    be rejected."""
    notes = []
    for key, how in mapping.date_formats.items():
        column = next((c for c in shape.columns if c.name == mapping.columns.get(key)), None)
        if column is None or "%" not in how:
            continue
        dates = tuple(v.strip() for v in shape.values(column)  # a report's 'Total' is no date of it
                      if v.strip() and v.strip().lower() not in EMPTY_WORDS and not says_summary(v))
        off = _not_read(how, dates)
        if off:
            notes.append(f"{len(off):,} of the {len(dates):,} dates read in '{column.name}' are not written "
                         f"{describe_format(how)} (such as '{off[0][:40]}'): their rows would be rejected. "
                         "Check the date format (Date format on the Data page, --date-format on the command line).")
    return notes


@lru_cache(maxsize=32)
def _not_read(how: str, dates: tuple[str, ...]) -> list[str]:
    """The dates the format does not read: once per column and format, not on each page rerun that
    applies the user's choices (`_choices`)."""
    return [v for v in dates if not reads(clean(v), how)]


_WON = re.compile(r"^(?:closed[ _-]?)?won$")  # HubSpot's 'Closed Won' ('closedwon'), Pipedrive's 'won'
_LOST = re.compile(r"^(?:closed[ _-]?)?lost$")


def _deals(mapping: Mapping, shape: Shape) -> list[str]:
    """A warning when a customer list is a CRM's deals: a column of pipeline stages, some won, some
    lost, most still open. Each row is a deal (a company can have several), not a customer."""
    if mapping.kind != "customers":
        return []
    for column in shape.columns:
        cells = [v.strip() for v in shape.values(column) if v.strip()]
        won, lost = (sum(bool(stage.match(c.lower())) for c in cells) for stage in (_WON, _LOST))
        if won and lost and len(set(cells)) >= 4 and won + lost < 0.9 * len(cells):
            return [f"'{column.name}' holds a sales pipeline's stages ({', '.join(sorted(set(cells))[:4])}…): each row "
                    "looks like a deal, not a customer, so counts and churn would be of deals. Import the CRM's "
                    "companies or customers export instead, or only the won deals."]
    return []


_WHEN = {"responses": "responded_at", "tickets": "created_at"}


def _unread_dates(mapping: Mapping, shape: Shape) -> list[str]:
    """A warning when answers or tickets get no date although a column is named for it (its values
    did not read as dates) or holds times counted back from when the file was saved: without a
    date every row counts over all time and in no month."""
    key = _WHEN.get(mapping.kind)
    if key is None or key in mapping.columns:
        return []
    spec_field = SPECS[mapping.kind].field(key)
    names = {normalise(synonym) for synonym in spec_field.synonyms}
    for column in shape.columns:
        if column.name in mapping.columns.values():
            continue
        values = shape.values(column)
        if counted_back(values):
            example = next(v.strip() for v in values if v.strip())
            return [f"'{column.name}' counts back from when the file was saved (values like '{example[:40]}'), "
                    "which gives no date: every row is imported without one, counted over all time and in no "
                    "month. An export that writes the dates themselves gives the trend."]
        if normalise(unqualified(column.name)) in names:
            example = next((v.strip() for v in shape.values(column) if v.strip()), "")
            return [f"'{column.name}' is named like the {spec_field.label.lower()}, but its values do not read "
                    f"as dates (values like '{example[:40]}'): every row would be imported without a date, "
                    "counted over all time and in no month. Map it and choose its date format (Date format on "
                    "the Data page, --date-format on the command line)."]
    return []


_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?E\+\d+$", re.IGNORECASE)


def _rounded_identifiers(shape: Shape) -> list[str]:
    """A warning for each column of numbers written like '1.23457E+11': long identifiers a
    spreadsheet opened and saved again, rounded to six digits. Many customers now share one,
    so the column cannot key them; only the source system still has them."""
    notes = []
    for column in shape.columns:
        cells = [v.strip() for v in shape.values(column) if v.strip()]
        if cells and sum(bool(_SCIENTIFIC.match(c)) for c in cells) >= 0.5 * len(cells):
            notes.append(f"'{column.name}' holds numbers like '{cells[0]}': a spreadsheet rounded these long "
                         "identifiers when the file was saved again, and rows no longer have one of their own. "
                         "Export the file again from its source system (or open it with that column as text) "
                         "to keep them.")
    return notes


def _same_names(mapping: Mapping, shape: Shape) -> list[str]:
    """A warning for each mapped column whose name another column shares: which of two
    'MonthlyCharges' holds the amount, no rule can tell, so the user is asked to check."""
    notes = []
    for key, name in mapping.columns.items():
        column = next(c for c in shape.columns if c.name == name)
        written = shape.header[column.index] if column.index < len(shape.header) else ""
        twins = [c.name for c in shape.columns if c is not column and c.index < len(shape.header)
                 and shape.header[c.index] == written and written and c.name not in mapping.more_comments]
        if twins:  # a second comment joined to the first is read, not kept (_open_answers)
            notes.append(f"{len(twins) + 1} columns are named '{written}': '{name}' is read as "
                         f"{SPECS[mapping.kind].field(key).label}, and {', '.join(repr(t) for t in twins)} "
                         "is kept as an attribute. Check the preview, or map the other one.")
    return notes


def _months_as_columns(shape: Shape) -> list[str]:
    """A warning when three columns or more are named for months ('Jan-2024', '2024-02'): a revenue
    history laid out wide, one column per month, which Heartbeat reads one row per month."""
    months = [column.name for column in shape.columns if looks_like_date(column.name)]
    if len(months) < 3:
        return []
    return [f"{len(months)} columns are named for months ({months[0]} … {months[-1]}): this looks like a "
            "revenue history with one column per month. Heartbeat reads one row per customer and month "
            "(customer, month, MRR): reshape it so (unpivot it in the spreadsheet) and import it as a revenue "
            "history. Until then these columns are kept as attributes."]


_CURRENCIES = frozenset(CURRENCY_CODES)


def _currencies(mapping: Mapping, shape: Shape) -> list[str]:
    """A warning when the amounts are in several currencies (a column of currency codes beside
    them): MRR and every sum of it would add dollars to euros."""
    if "mrr" not in mapping.columns:
        return []
    for column in shape.columns:
        codes = [v.strip().upper() for v in shape.values(column) if v.strip()]
        found = sorted(set(codes) & _CURRENCIES)
        if codes and len(found) > 1 and sum(c in _CURRENCIES for c in codes) >= 0.9 * len(codes):
            return [f"The amounts are in {len(found)} currencies ({', '.join(found)}, in '{column.name}'): MRR "
                    f"and revenue figures would add them as one. Convert them to one currency before importing, "
                    f"or slice by '{column.name}'."]
    return []
