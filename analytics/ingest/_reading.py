"""How the mapped columns are read, from the sample rows: each date field's format (or Excel,
Unix or written-out dates), each score's scale (from the question, the header and the bulk of the
answers; a move from 1–5 to 1–10 found from the dates), and a reason for every field, with the
warnings a user should read before importing."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from analytics.ingest import _scales
from analytics.ingest._day_order import day_first_currency, day_first_named
from analytics.ingest._dates import clean, describe_format, label_of, parses, read_dates
from analytics.ingest._date_fallback import describe as describe_fallback, fallback_date
from analytics.ingest._fields import SPECS, Field, Mapping
from analytics.ingest._leavers import written_by_leavers
from analytics.ingest._profile import Profile, profile, score_of
from analytics.ingest._sniff import Column, Shape
from analytics.ingest._open_answers import further_comments, words_field
from analytics.ingest._status import customer_rows, excluded_warning, excluding_column
from analytics.ingest._billing import (movement_column, payment_columns, period_column,
                                      period_length_column, quantity_column, repeated_months, row_key_column,
                                      rows_keyed)
from analytics.ingest._words import (EMPTY_WORDS, FALSE_WORDS, NO, NOT_CUSTOMERS, NOT_RECOMMENDS, RECOMMENDS,
                                     THUMB_DOWN, TRUE_WORDS, YES, normalise, says_staying, says_summary)

# Phrases of two warnings that a user's choice can make moot (see `_choices`).
AMBIGUOUS_DATES = "every date reads both day-first and month-first"
NOT_NPS = "NPS needs a 0–10 question"


def profiles_of(shape: Shape) -> dict[str, Profile]:
    """Each column's profile from the sample rows, a report's summary lines ('Total', 'Average') aside."""
    rows = [row for row in shape.rows if not (row and says_summary(row[0]))]
    return {column.name: profile([row[column.index] for row in rows]) for column in shape.columns}


def fill_formats(mapping: Mapping, shape: Shape, profiles: dict[str, Profile] | None = None) -> None:
    """Date formats, score scales and reasons for the mapped columns, read from the sample rows."""
    profiles = profiles or profiles_of(shape)
    spec = SPECS[mapping.kind]
    by_name = {column.name: column for column in shape.columns}
    european = (shape.decimal_comma or shape.delimiter == ";"
                or day_first_currency(shape.values(column) for column in shape.columns))
    dates_first = sorted(mapping.columns.items(), key=lambda item: spec.field(item[0]).type != "date")
    period = period_column(mapping, shape) if mapping.kind == "customers" else None
    mapping.period_lengths.pop("mrr", None)
    mapping.divisors.pop("mrr", None)
    mapping.divisors.pop("rating", None)
    mapping.quantities.pop("mrr", None)
    quantity = quantity_column(mapping, shape)
    if quantity:
        mapping.quantities["mrr"] = quantity
    mapping.row_key = row_key_column(mapping, shape, profiles)
    mapping.payment_status, mapping.refund_type, mapping.refunded = (
        payment_columns(mapping, shape) if mapping.kind == "revenue" else (None, None, None))
    mapping.movement_type = movement_column(mapping, shape) if mapping.kind == "revenue" else None
    mapping.excluding = excluding_column(mapping, shape)
    mapping.more_comments = further_comments(mapping, shape, profiles)
    if (left_out := excluded_warning(mapping, shape)) is not None:
        _warn(mapping, left_out)
    if mapping.movement_type:
        _warn(mapping, f"The amounts are MRR movements ('{mapping.movement_type}': new business, expansion, "
                       "churn…): each customer's MRR in a month is the sum of their movements so far, carried to "
                       "the file's last month. Import the whole history each time, not only the new movements.")
    if mapping.row_key:
        _warn(mapping, rows_keyed(mapping))
    if period is None:
        mapping.per_period.pop("mrr", None)
    mapping.date_fallbacks.clear()
    counted = customer_rows(mapping, shape)  # a prospect's row is rejected for that, whatever it says
    for key, name in dates_first:  # a scale change is found from the dates
        column = by_name.get(name)
        if column is None:
            continue
        spec_field, prof, values = spec.field(key), profiles[name], shape.values(column)
        if spec_field.type == "date":
            _read_date_field(mapping, key, column, values, european)
            if stand_in := fallback_date(mapping, shape, key, european):
                mapping.date_fallbacks[key] = stand_in
                mapping.reasons[key] += describe_fallback(mapping, shape, key)
        elif spec_field.type == "score" and key != "score":
            _read_scale(mapping, key, column, profiles, shape)
        elif key == "mrr" and period:
            mapping.per_period[key] = period
            length = period_length_column(mapping, shape, period)
            if length:
                mapping.period_lengths[key] = length
            periods = f"'{length}' of the billing periods" if length else "the billing period"
            mapping.reasons[key] = (f"{name}: {_describe(spec_field, prof)}, each per {periods} its row's "
                                    f"'{period}' names → MRR (a year's amount ÷ 12, a quarter's ÷ 3)"
                                    + _divided(mapping, key, name, annual=False) + _times(mapping, key))
        elif key == "recommend" and mapping.stars_recommend():
            mapping.reasons[key] = (f"{name}: where a review recommends instead of giving stars ('Recommended', "
                                    f"'Not Recommended') → {spec_field.label}")
        else:
            mapping.reasons[key] = (f"{name}: {_describe(spec_field, prof)} → {spec_field.label}"
                                    + (_divided(mapping, key, name) + _times(mapping, key) if key == "mrr" else "")
                                    + (", read the other way round (yes: still a customer)"
                                       if key == "churned" and says_staying(name) else "")
                                    + (_joined(mapping) if key == words_field(mapping) else "")
                                    + (", written only beside customers who left" if key == "churn_reason"
                                       and written_by_leavers(mapping, shape, name) else ""))
            if spec_field.type == "flag":
                _unread_flags(mapping, key, name, [value for value, kept in zip(values, counted) if kept])
    repeated = repeated_months(mapping, shape)  # after the dates: a month is read in its format
    mapping.line_items = repeated is not None
    if repeated:
        customer, (first_on, first), (then_on, then) = repeated
        _warn(mapping, f"Rows repeat a customer's month ({customer}: {first} on {first_on}, {then} on {then_on}): each "
                       "row is read as a line (an invoice, a payment, a credit note), and a customer's lines in a "
                       "month add up to that month's revenue.")


def _unread_flags(mapping: Mapping, key: str, name: str, values: list[str]) -> None:
    """Say before the import which sample values of a yes/no column will not read as yes or no."""
    known = TRUE_WORDS | FALSE_WORDS | set(NOT_CUSTOMERS)
    if key == "recommend":
        known |= set(RECOMMENDS + NOT_RECOMMENDS + THUMB_DOWN)
    odd = Counter(v.strip() for v in values if v.strip() and v.strip().lower() not in known)
    said = {v.strip().lower() for v in values} & (TRUE_WORDS | FALSE_WORDS)
    if key == "churned" and (blank := sum(not v.strip() for v in values)) and said & TRUE_WORDS and said & FALSE_WORDS:
        _warn(mapping, f"{name}: {blank} of {len(values)} sample rows are empty. The others say both yes and no, "
                       "so those customers are kept but left out of churn figures: neither stayed nor left.")
    if odd:
        examples = ", ".join(f"'{value}'" for value, _ in odd.most_common(3))
        _warn(mapping, f"{name}: {sum(odd.values())} of {sum(bool(v.strip()) for v in values)} sample values are "
                       f"not a yes or no ({examples}); those rows will be rejected with the reason.")


def _joined(mapping: Mapping) -> str:
    further = mapping.more_comments
    if not further:
        return ""
    names = ", ".join(f"'{name}'" for name in further)
    questions = ("the satisfaction survey's comment" if mapping.kind == "tickets" else
                 "another open question or the title" if len(further) == 1 else "other open questions or the title")
    return f", with the words of {names} ({questions}), a paragraph each in the file's order"


def _times(mapping: Mapping, key: str) -> str:
    return f", times its row's '{mapping.quantities[key]}'" if key in mapping.quantities else ""


NOT_DATES = "does not read as dates"  # a warning a date format chosen by hand answers
_CENTS = re.compile(r"\bcents?\b")
_ANNUAL = re.compile(r"\b(?:arr|acv|annual|annually|yearly|per year|a year)\b")


def _divided(mapping: Mapping, key: str, name: str, annual: bool = True) -> str:
    """The amount's unit, when its header says it is not dollars a month: cents ('Price in Cents'
    ÷ 100), a year ('ARR', 'Annual contract value' ÷ 12; not when a billing period column already
    says each row's period). Kept in `mapping.divisors`; the words for the reason."""
    words = normalise(name)
    cents, yearly = bool(_CENTS.search(words)), annual and bool(_ANNUAL.search(words))
    if not (cents or yearly):
        return ""
    mapping.divisors[key] = (100 if cents else 1) * (12 if yearly else 1)
    return ", " + " and ".join(part for part, said in (("in cents ÷ 100", cents), ("a year's ÷ 12", yearly)) if said)


def _warn(mapping: Mapping, text: str) -> None:
    """Add a warning once (formats are read again when the user changes the mapping)."""
    if text not in mapping.warnings:
        mapping.warnings.append(text)


def _describe(spec_field: Field, prof: Profile) -> str:
    if spec_field.type == "comment":
        return f"free text, {prof.mean_words:.0f} words on average"
    if spec_field.type == "flag" and prof.is_thumbs:
        return "a thumb up (1) or down (−1)"
    if spec_field.type == "flag":  # 'Cancelled', 'Active' are statuses, not answers
        said = [e for e in prof.examples if e.lower() not in YES + NO]
        return f"statuses ({', '.join(prof.examples)})" if said else "yes/no answers"
    if spec_field.type == "id":
        return "a different identifier on every row" if prof.unique >= 0.95 else "identifiers"
    if spec_field.type == "category":
        return f"{prof.distinct} different values" if prof.distinct > 1 else f"one value on every row ('{prof.examples[0]}')"
    if spec_field.type == "number":
        return f"amounts like '{prof.examples[0]}'" if prof.examples else "amounts"  # '24,000.00' as written
    return f"text like '{prof.examples[0][:30]}'" if prof.examples else "text"


def check_remembered_dates(mapping: Mapping, shape: Shape) -> None:
    """A remembered mapping's date formats, tried on this file's dates: a format that reads fewer
    than nine in ten of them (last month's MM/DD/YYYY, this month's ISO export) is dropped, to be
    read anew from the values, and said; one that reads them though the values read the other way
    too (no day above 12) is kept, and said, since last month's order may no longer hold."""
    by_name = {column.name: column for column in shape.columns}
    for key, how in list(mapping.date_formats.items()):
        if "%" not in how or key not in mapping.columns or mapping.columns[key] not in by_name:
            continue
        name = mapping.columns[key]
        values = [clean(v) for v in shape.values(by_name[name]) if v.strip() and v.strip().lower() not in EMPTY_WORDS]
        if not values:
            continue
        read = sum(parses(value, how) for value in values[:400]) / len(values[:400])
        if read < 0.9:
            del mapping.date_formats[key]
            mapping.reasons.pop(key, None)
            _warn(mapping, f"{name}: the date format remembered from an earlier import of these columns "
                           f"({label_of(how)}) does not read this file's dates (values like '{values[0][:30]}'): "
                           "they are read anew from the values. Check the dates in the preview.")
        elif (reading := read_dates(values)) is not None and reading.ambiguous:
            _warn(mapping, f"{name}: {AMBIGUOUS_DATES} (no day above 12): read as {label_of(how)}, as remembered "
                           "from an earlier import. If this export is written the other way, choose the other "
                           "order.")


def _read_date_field(mapping: Mapping, key: str, column: Column, values: list[str], european: bool) -> None:
    values = [v for v in values if v.strip().lower() not in EMPTY_WORDS]  # 'N/A' for no date yet
    given = mapping.date_formats.get(key)
    named = day_first_named(f"{column.name} {column.label}")  # 'Timestamp (dd/mm/yyyy)'
    reading = read_dates(values, day_first=european if named is None else named, numbers_are_dates=True)
    label = SPECS[mapping.kind].field(key).label
    example = next((v.strip() for v in values if v.strip()), "")
    if given:
        mapping.reasons.setdefault(key, f"{column.name}: dates read as {label_of(given)} → {label}")
        return
    if reading is None:
        _warn(mapping, f"{column.name} {NOT_DATES} (values like '{example[:30]}'): choose its "
                       "date format, or map another column.")
        return
    mapping.date_formats[key] = reading.as_text()
    mapping.reasons[key] = f"{column.name}: dates like '{example[:30]}' ({reading.label}) → {label}"
    if reading.ambiguous and named is not None:
        mapping.reasons[key] += ", day and month in the order its name gives"
    elif reading.ambiguous:
        _warn(mapping, f"{column.name}: {AMBIGUOUS_DATES} (no day above 12): read as {reading.label}. If the "
                       f"file is written the other way, choose {describe_format(reading.alternative)}.")


def _read_scale(mapping: Mapping, key: str, column: Column, profiles: dict[str, Profile], shape: Shape) -> None:
    spec_field, prof = SPECS[mapping.kind].field(key), profiles[column.name]
    mapping.verbal.pop(key, None)
    if prof.verbal is not None:
        if key == "nps":  # a recommend question answered in words ("Very likely"): no 0–10 number
            words = (prof.verbal.low, prof.verbal.high)
            _nps_on_another_scale(mapping, column, words, "answers written as words")
            key = "rating"
        if key == "rating" and mapping.kind == "responses" and prof.verbal.high - prof.verbal.low < 3 \
                and "csat" not in mapping.columns:  # good or bad has no mean: its figure is the share of good
            del mapping.columns["rating"]
            mapping.scales.pop("rating", None)
            mapping.columns[key := "csat"] = column.name
        _read_words(mapping, key, column, prof.verbal)
        return
    if key == "rating" and _scales.bubbles(prof):
        mapping.scales[key], mapping.divisors[key] = (1, 5), 10
        mapping.reasons[key] = f"{column.name}: bubbles 10–50 (a review site's tens), ÷ 10 → Rating 1–5"
        return
    half = key == "rating" and _half_stars(prof, shape.values(column))
    values = "half stars 0.5–5" if half else _scales.describe_values(prof.counts, prof.low, prof.high,
                                                                     prof.integers < prof.scores)
    hint = _scales.hinted(f"{column.name} {column.label}")
    inferred = key not in mapping.scales
    if inferred and key != "nps" and (tops := _scale_column(mapping, shape, profiles, prof.filled)):
        mapping.scale_columns[key] = tops
        mapping.scales[key] = (0 if prof.low == 0 else 1, max(profiles[tops].counts))
    if key in mapping.scale_columns:
        shown = ", ".join(f"{mapping.scales[key][0]}–{top}" for top in sorted(profiles[mapping.scale_columns[key]].counts))
        mapping.reasons[key] = (f"{column.name}: {values}, each on the scale its row's "
                                f"'{mapping.scale_columns[key]}' gives ({shown}) → {spec_field.label.split(' (')[0]}")
        return
    if inferred and half and not hint:
        mapping.scales[key] = (0, 5)  # G2's stars: a half star is the least a reviewer can give
    elif inferred:
        mapping.scales[key] = hint or _scales.bulk_scale(prof.counts, spec_field.scale or (1, 5))
        if not hint and key == "ces" and prof.filled >= 20 and mapping.scales[key] == (1, 7) and prof.high <= 5:
            mapping.scales[key] = (1, 5)  # twenty answers and none above 5: an effort question on 1–5
        if not hint and mapping.scales[key] in ((1, 5), (1, 10)) and (prof.high or 0) > 5:
            _maybe_scale_change(mapping, key, column, shape)
    low, high = mapping.scales[key]
    if key == "nps" and (low, high) != (0, 10):
        if inferred:
            _nps_on_another_scale(mapping, column, (low, high), values)
        else:  # the user chose to report it as NPS: say the rule
            mapping.reasons[key] = f"{column.name}: {values} → NPS, {nps_rule(low, high)}"
        return
    label = "Rating" if key == "rating" else spec_field.label.split(" (")[0].replace(" score", "")
    if key in mapping.scale_changes:
        since, new_low, new_high = mapping.scale_changes[key]
        mapping.reasons[key] = (f"{column.name}: answers {low}–{high} until {since}, then {new_low}–{new_high} "
                                f"→ {label}, each answer on its own scale")
        return
    mapping.reasons[key] = f"{column.name}: {values} → {label} {low}–{high}"
    outside = sum(n for v, n in prof.counts.items() if not low <= v <= high)
    if outside:
        _warn(mapping, f"{column.name}: {outside} of {prof.filled} sample answers are outside {low}–{high}; "
                       "those rows will be rejected with the reason.")


def _half_stars(prof: Profile, cells: list[str]) -> bool:
    """Stars given in halves from half a star up to five: 0.5 is an answer, so the scale is 0–5
    (top box 4–5 as on 1–5; the mean is the stars' own)."""
    stars = [score_of(c) for c in cells if c.strip()]
    return prof.low == 0.5 and prof.high <= 5 and all(s is not None and (2 * s).is_integer() for s in stars)


def _read_words(mapping: Mapping, key: str, column: Column, scale) -> None:
    """A score whose answers are labels of a scale (_verbal): each label is its point."""
    mapping.verbal[key] = f"{scale.name}:{scale.high}"
    mapping.scales[key] = (scale.low, scale.high)
    worst, best = scale.points[0][1][0], scale.points[-1][1][0]
    label = "Rating" if key == "rating" else SPECS[mapping.kind].field(key).label.split(" (")[0].replace(" score", "")
    mapping.reasons[key] = (f"{column.name}: answers written as words on a {scale.high}-point {scale.name} "
                            f"scale ('{worst}' = {scale.low} … '{best}' = {scale.high}) → {label} "
                            f"{scale.low}–{scale.high}")


_SCALE_NAME = re.compile(r"(?i)\b(scale|out of|max|maximum)\b")


def _scale_column(mapping: Mapping, shape: Shape, profiles: dict[str, Profile], answered: int) -> str | None:
    """An unmapped column named like a scale ('Scale', 'Out of', 'scale_max': a short name, not a
    question that mentions a scale), filled wherever the score is (`answered` cells), whose values
    are a few tops of scales (5, 7, 10): each row's answer is on the scale that row gives."""
    for column in shape.columns:
        name = column.name.replace("_", " ")
        if column.name in mapping.columns.values() or len(name.split()) > 4 or not _SCALE_NAME.search(name):
            continue
        prof = profiles[column.name]
        tops = set(prof.counts)
        if (prof.filled >= 0.9 * answered and prof.share(prof.integers) >= 0.95 and len(tops) >= 2
                and tops <= {3, 4, 5, 7, 10}):
            return column.name
    return None


def nps_rule(low: int, high: int) -> str:
    """How answers on another scale are scored as NPS (the rule `_rows` applies)."""
    if high == 10:
        return f"answers {low}–10 banded as on 0–10: 9–10 promoters, 7–8 passives, {low}–6 detractors"
    return (f"answers {low}–{high} rescaled to 0–10 as (answer − {low}) × 10 ÷ {high - low}, then 9–10 "
            "promoters, 7–8 passives, 0–6 detractors")


def _nps_on_another_scale(mapping: Mapping, column: Column, scale: tuple[int, int], values: str) -> None:
    """NPS is a 0–10 question: a likelihood-to-recommend column on 1–10 (or 1–5) becomes the
    Rating (the survey's headline question wins over another rating), unless the user chooses to
    score it as NPS with the rule said."""
    del mapping.columns["nps"]
    low, high = scale
    displaced = mapping.columns.get("rating")
    mapping.columns["rating"] = column.name
    mapping.scales["rating"] = scale
    mapping.scales.pop("nps", None)
    mapping.reasons["rating"] = (f"{column.name}: {values} → Rating {low}–{high} (a likelihood-to-recommend "
                                 f"question on {low}–{high}, not NPS's 0–10)")
    _warn(mapping, f"{column.name} asks how likely people are to recommend, but its answers are on "
                   f"{low}–{high}: {NOT_NPS}, so it is read as a Rating {low}–{high}. To report it as NPS anyway, "
                   f"map it to NPS and set its scale to {low}–{high}: {nps_rule(low, high)}.")
    if displaced and displaced != column.name:
        _warn(mapping, f"{displaced} was kept as a column instead of the Rating; map it to Rating if it is "
                       "the question you report.")


def _maybe_scale_change(mapping: Mapping, key: str, column: Column, shape: Shape) -> None:
    """Answers that were all 1–5 until a day and partly above 5 from then on: a survey that moved
    to 1–10 part-way, found from the rows' dates. Each answer keeps the scale it was given on."""
    date_key = "responded_at" if mapping.kind == "responses" else "created_at"
    date_column, fmt = mapping.columns.get(date_key), mapping.date_formats.get(date_key)
    if not date_column or not fmt or fmt in ("excel", "unix", "unix_ms", "parser"):
        return
    by_name = {c.name: c for c in shape.columns}
    pairs = []
    for when, score in zip(shape.values(by_name[date_column]), shape.values(column)):
        number = score_of(score) if score.strip() else None
        try:
            stamp = datetime.strptime(clean(when), fmt)
        except ValueError:
            continue
        if number is not None:
            pairs.append((stamp, number))
    start = _scales.scale_change(pairs, (1, 5), (1, 10))
    if start is not None:
        mapping.scales[key] = (1, 5)
        mapping.scale_changes[key] = (start.date().isoformat(), 1, 10)
