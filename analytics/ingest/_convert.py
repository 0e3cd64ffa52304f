"""SQL that turns staged text cells into typed values, and says in plain words why a cell can't be.

Staged columns are named c0, c1, ... by position (see `Column.key`), so no uploaded text is ever
spliced into SQL as an identifier; every value, message and format is a named parameter.

What reads as what:
- a number is one plain number, with thousands separators and a currency sign allowed
  ("$1,200.50", "1.200,50" in a decimal-comma file); "1e3", "7-8", "0x10" and "12 apples" are not;
- a score is one number, optionally followed by the label a survey tool writes after it
  ("10 - Extremely likely"), or the label alone when the mapping says its answers are written as
  words ("Somewhat agree", `_verbal`); it must lie on the field's scale (or, after a scale change,
  on the scale of the row's date);
- a date is read as the mapping says (`_dates`): a strptime format, Excel serial days, Unix time,
  or the general reader's table of each distinct value;
- an identifier is trimmed and its runs of spaces (tabs, no-break and zero-width spaces) made
  one, so " C-001" and "C-001 " are one customer.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.ingest._dates import (ABBREVIATED_SQL, MODE_NAMES, ORDINAL_SQL, describe_format,
                                     written_ways)
from analytics.ingest._fields import Field, Mapping
from analytics.ingest._profile import CURRENCY, CURRENCY_SIGNS, FILLED_STARS
from analytics.ingest._verbal import CODED_SQL, NO_ANSWER, WITH_COMMENT, by_name
from analytics.ingest._words import (CHURNED, EMPTY_WORDS, FALSE_WORDS, NO, NO_COMMENT, NOT_CUSTOMERS, NOT_PAYING_YET,
                                     NOT_RECOMMENDS, PERIOD_MONTHS, PLACEHOLDER_SQL, RECOMMENDS, STAYED, SURVEY_TOP_SQL,
                                     SURVEY_WORDS, THUMB_DOWN, TRUE_WORDS, YES, says_staying)
from analytics.scores import placed_sql
from analytics.sql import Params

DEFAULT_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "rating": (1, 5)}
SCORE_PATTERN = r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(?:$|/\s*(?:5|7|10)\s*$|(?:[-–—:(]\s*|\s+)\p{L}.*$)"  # as SCORE_CELL
SCORE_AFTER_WORDS = (r"^\s*(?:\p{L}+[\s:]+){1,3}([+-]?\d+(?:[.,]\d+)?)\s*(?:/|out of|of|de|sur|von|su|van|av|z)"
                     r"\s*(?:5|7|10)(?:$|[^\d.,].*$)")  # 'Rated 4 out of 5 stars', as SCORE_CELL
# one number: thousands grouped by threes, or the Indian way (lakhs, crores: 1,04,293.01)
NUMBER_PATTERN = r"^[+-]?(?:\d{1,3}(?:[,.]\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+)(?:[.,]\d+)?$"
PARSED_TABLE = "hb_dates_{key}"  # the general reader's readings of one date field (fixed name)
# No-break, narrow no-break (French Windows' thousands) and thin spaces, which RE2's \s leaves out
_WIDE_SPACE_POINTS = (0xA0, 0x202F, 0x2009)
_WIDE_SPACES = "".join(f"\\x{{{point:04x}}}" for point in _WIDE_SPACE_POINTS)  # RE2's escapes


def _quoted_value(key: str) -> str:
    return f"left(trim({key}), 80)"


def id_value(key: str) -> str:
    """Trimmed; only a value holding other spaces (no-break, zero-width, tabs, doubles) pays for the
    regex. The apostrophe a spreadsheet puts before a long number to keep it text ('7205883080955,
    Shopify's export), or the formula ="00123" that does the same, is not part of the ID: the same
    customer in another file has none."""
    marks = [f"chr({point})" for point in (*_WIDE_SPACE_POINTS, 0x200B, 0xFEFF, 9, 10, 13)] + ["'  '"]
    odd = " OR ".join(f"contains({key}, {mark})" for mark in marks)
    spaced = f"regexp_replace({key}, '[\\s{_WIDE_SPACES}\\x{{200b}}\\x{{feff}}]+', ' ', 'g')"
    trimmed = f"NULLIF(trim(CASE WHEN {odd} THEN {spaced} ELSE {key} END), '')"
    trimmed = (f"CASE WHEN starts_with({trimmed}, '=') THEN regexp_replace({trimmed}, '^=\"(.+)\"$', '\\1') "
               f"ELSE {trimmed} END")  # ="00123": Excel told to keep it text
    return (f"CASE WHEN starts_with({trimmed}, chr(39)) AND regexp_matches({trimmed}, '^''[0-9+]') "
            f"THEN substr({trimmed}, 2) ELSE {trimmed} END")


NOT_A_CUSTOMER = "is a lead or prospect, not a customer yet"  # a CRM's pipeline: left out, not an error


def email_value(key: str, p: Params) -> str:
    """Lower case, and the address alone where a mail program wrapped it: 'mailto:a@b.com' and
    'Ana Ruiz <a@b.com>' are the customer whose list says a@b.com. A value without an address
    stays as written (trimmed, lower case), but for a word saying there is none ('N/A',
    'anonymous'): nobody's address, which would make every such row one person."""
    address = f"regexp_extract(lower({key}), '[^\\s<>()\\[\\]:;,\"]+@[^\\s<>()\\[\\]:;,\"]+')"
    said = f"lower(trim({key}))"
    written = f"CASE WHEN NOT list_contains({p(sorted(EMPTY_WORDS))}::VARCHAR[], {said}) THEN {said} END"
    return f"coalesce(NULLIF({address}, ''), NULLIF({written}, ''))"


def number_value(key: str, decimal_comma: bool) -> str:
    codes = CURRENCY.replace(f"[{CURRENCY_SIGNS}]|", "")  # the signs go with the spaces below
    # currency signs, spaces and the Swiss apostrophe grouping thousands (1'234.50) go anywhere
    cleaned = (f"regexp_replace(trim({key}), '^({codes})\\s*|\\s*({codes})$|[\\s{CURRENCY_SIGNS}''’{_WIDE_SPACES}]', "
               "'', 'g')")
    # an accountant's negative in brackets, '(250.00)' or '($1,250.00)', and SAP's trailing minus,
    # '283.18-', are '-250.00' and '-283.18'
    cleaned = f"regexp_replace({cleaned}, '^\\((\\d[\\d.,]*)\\)$|^(\\d[\\d.,]*)-$', '-\\1\\2')"
    plain = f"CASE WHEN regexp_full_match({cleaned}, '{NUMBER_PATTERN}') THEN {cleaned} END"
    if decimal_comma:
        plain = f"replace(replace({plain}, '.', ''), ',', '.')"
    else:
        plain = f"CASE WHEN regexp_full_match({plain}, '^[+-]?\\d+,\\d{{1,2}}$') THEN replace({plain}, ',', '.') " \
                f"ELSE replace({plain}, ',', '') END"
    return f"TRY_CAST(NULLIF({plain}, '') AS DOUBLE)"


def score_value(key: str) -> str:
    """A score: plain digits take a fast path (most cells); anything else is read by SCORE_PATTERN."""
    number = f"coalesce(nullif(regexp_extract({key}, '(?s){SCORE_PATTERN}', 1), ''), " \
             f"regexp_extract({key}, '(?si){SCORE_AFTER_WORDS}', 1))"
    digits = f"trim({key}) <> '' AND ltrim(trim({key}), '0123456789') = ''"
    stars = f"regexp_full_match(trim({key}), '[{FILLED_STARS}☆✩]+')"  # '★★★★☆': the filled ones
    return (f"CASE WHEN {digits} THEN CAST(trim({key}) AS DOUBLE) "
            f"WHEN {stars} THEN CAST(length(regexp_replace(trim({key}), '[^{FILLED_STARS}]', '', 'g')) AS DOUBLE) "
            f"ELSE TRY_CAST(NULLIF(replace({number}, ',', '.'), '') AS DOUBLE) END")


def verbal_value(key: str, scale: str, p: Params, typed: str, present: str) -> tuple[str, str]:
    """A score written as a label of `scale` ("agreement:7"): (its point, else the number written;
    the SQL saying a `present` cell holds neither, a no-answer word being an empty cell)."""
    name, top = scale.split(":")
    labels = by_name(name, int(top)).labels()
    uncoded = f"regexp_replace(trim({key}), {p(CODED_SQL)}, '\\1')"  # '2 - Satisfied': its words
    said = (f"regexp_replace(lower(regexp_replace(trim(replace(replace({uncoded}, chr(8217), chr(39)), '_', ' ')), "
            f"'\\s+', ' ', 'g')), {p(WITH_COMMENT.pattern)}, '')")
    unanswered = f"list_contains({p(sorted(NO_ANSWER))}::VARCHAR[], {said})"  # '0 - Unknown': no 0
    value = (f"CASE WHEN NOT {unanswered} THEN coalesce(map_extract_value(MAP({p(list(labels))}::VARCHAR[], "
             f"{p([float(point) for point in labels.values()])}::DOUBLE[]), {said}), {score_value(key)}) END")
    answered = f"{present} AND NOT {unanswered}"
    return value, f"{answered} AND {typed} IS NULL"


def date_value(key: str, how: str, p: Params, field_key: str) -> str:
    raw = f"trim({key})"
    if how == "excel":
        # Excel keeps times to the millisecond; rounding there turns 13:21:59.999996 back into 13:22.
        return (f"CAST(DATE '1899-12-30' AS TIMESTAMP) + to_microseconds(1000 * CAST(round("
                f"TRY_CAST({raw} AS DOUBLE) * 86400000) AS BIGINT))")
    if how in ("unix", "unix_ms"):
        factor = 1_000_000 if how == "unix" else 1_000
        return f"make_timestamp(CAST(TRY_CAST({raw} AS DOUBLE) * {factor} AS BIGINT))"
    if how == "parser":
        table = PARSED_TABLE.format(key=field_key)
        return f"(SELECT parsed FROM {table} WHERE raw = {raw})"
    cleaned = f"regexp_replace({raw}, {p(ORDINAL_SQL)}, '\\1', 'gi')"
    cleaned = f"regexp_replace({cleaned}, {p(ABBREVIATED_SQL)}, '\\1', 'g')"  # 'Sept. 13' → 'Sep 13'
    formats = p(written_ways(how))
    # As written first; only values that do not read so pay for dropping ordinals and extra spaces.
    parsed = (f"coalesce(try_strptime({raw}, {formats}::VARCHAR[]), "
              f"try_strptime(regexp_replace({cleaned}, '\\s+', ' ', 'g'), {formats}::VARCHAR[]))")
    return f"CAST(timezone('UTC', {parsed}) AS TIMESTAMP)" if "%z" in how else parsed


def flag_value(key: str, p: Params, words: tuple[frozenset, frozenset]) -> str:
    word = f"lower(trim({key}))"
    true, false = words
    return (f"CASE WHEN list_contains({p(sorted(true))}::VARCHAR[], {word}) THEN true "
            f"WHEN list_contains({p(sorted(false))}::VARCHAR[], {word}) THEN false END")


def survey_value(key: str, p: Params) -> str:
    return (f"map_extract_value(MAP({p(list(SURVEY_WORDS))}::VARCHAR[], {p(list(SURVEY_WORDS.values()))}"
            f"::VARCHAR[]), regexp_replace(lower(trim({key})), {p(SURVEY_TOP_SQL)}, ''))")


def _problem(condition: str, label: str, key: str, complaint: str, p: Params) -> str:
    """SQL giving "<label> '<value>' <complaint>" when `condition` holds, else NULL."""
    return (f"CASE WHEN {condition} THEN {p(label + ' ')} || '''' || {_quoted_value(key)} || '''' "
            f"|| {p(' ' + complaint)} END")


@dataclass(frozen=True)
class Converted:
    value: str  # SQL expression of the typed value
    problem: str | None  # SQL expression: message when the cell is unusable, else NULL


def scale_sql(key: str, mapping: Mapping, p: Params, staged: dict[str, str] | None = None) -> tuple[str, str]:
    """SQL of a score field's (scale_min, scale_max) per row: its scale; or the top each row's scale
    column gives (`staged`: column name → staged column); or after a scale change the new one from
    the change's first day (by the row's date, typed as f_<date field>)."""
    low, high = mapping.scales.get(key, DEFAULT_SCALES.get(key, (1, 5)))
    if key in mapping.scale_columns and staged:
        return str(int(low)), f"TRY_CAST(trim({staged[mapping.scale_columns[key]]}) AS INTEGER)"
    change = mapping.scale_changes.get(key)
    date_key = "f_responded_at" if mapping.kind == "responses" else "f_created_at"
    if not change:
        return str(int(low)), str(int(high))
    since, new_low, new_high = change
    # from the first answer above the old top in the whole file (read_typed's hb_since_<key>), which
    # the sample's first, a day `since`, may follow by days
    after = f"{date_key} >= coalesce(hb_since_{key}, {p(since)}::TIMESTAMP)"
    return (f"CASE WHEN {after} THEN {int(new_low)} ELSE {int(low)} END",
            f"CASE WHEN {after} THEN {int(new_high)} ELSE {int(high)} END")


def convert(spec_field: Field, key: str, mapping: Mapping, decimal_comma: bool, p: Params,
            staged: dict[str, str] | None = None) -> Converted:
    """Typed value of one mapped column, and the problem message for its cell. The problem SQL
    refers to the typed value by its column name `f_<field>`, so each cell is parsed once.
    `staged` (column name → staged column) reaches a row's scale column."""
    present = f"trim({key}) <> ''"
    if spec_field.type in ("date", "number", "score"):  # 'N/A', '-': an empty value (_words.EMPTY_WORDS)
        present += f" AND NOT list_contains({p(sorted(EMPTY_WORDS))}::VARCHAR[], lower(trim({key})))"
    if spec_field.type == "score":  # 'No Rating Found': a review without stars, its words kept
        present += f" AND NOT regexp_full_match(trim({key}), {p(PLACEHOLDER_SQL)})"
    label = spec_field.label
    typed = f"f_{spec_field.key}"
    missing = f"{present} AND {typed} IS NULL"
    if spec_field.type == "date":
        how = mapping.date_formats.get(spec_field.key, "%Y-%m-%d")
        complaint = (f"is not a date in the format {describe_format(how)}" if "%" in how
                     else f"is not a date ({MODE_NAMES[how]})")
        value = date_value(key, how, p, spec_field.key)
        if spec_field.key in mapping.date_fallbacks and staged:  # a response never submitted (_date_fallback)
            other, other_how = mapping.date_fallbacks[spec_field.key]
            value = f"CASE WHEN {present} THEN {value} ELSE {date_value(staged[other], other_how, p, '')} END"
        return Converted(value, _problem(missing, label, key, complaint, p))
    if spec_field.type == "number":
        divisor = f" / {float(mapping.divisors[spec_field.key])}" if spec_field.key in mapping.divisors else ""
        if spec_field.key in mapping.quantities and staged:  # an amount per unit, times the units (seats)
            divisor += f" * coalesce(TRY_CAST(trim({staged[mapping.quantities[spec_field.key]]}) AS DOUBLE), 1)"
        problem = _problem(missing, label, key, "is not a number (a plain number is expected: no words, ranges "
                           "or exponents)", p)
        if spec_field.key in mapping.per_period and staged:  # an amount per billing period (_reading)
            period = f"lower(trim({staged[mapping.per_period[spec_field.key]]}))"
            months = (f"map_extract_value(MAP({p(list(PERIOD_MONTHS))}::VARCHAR[], "
                      f"{p(list(PERIOD_MONTHS.values()))}::DOUBLE[]), {period})")
            if spec_field.key in mapping.period_lengths:  # 12 'months': a year's amount
                months = (f"({months} * coalesce(TRY_CAST(trim({staged[mapping.period_lengths[spec_field.key]]}) "
                          "AS DOUBLE), 1))")
            unknown = (f"CASE WHEN trim({key}) <> '' AND {months} IS NULL "
                       f"THEN {p(label + ' is per a billing period that is not one')} "
                       f"|| {p(' (month, year, quarter, week or day): ')} || {period} END")
            return Converted(_paying(f"{number_value(key, decimal_comma)} / {months}{divisor}", mapping, p, staged),
                             f"coalesce({unknown}, {problem})")
        return Converted(_paying(f"{number_value(key, decimal_comma)}{divisor}", mapping, p, staged), problem)
    if spec_field.type == "score":
        value, complaint = score_value(key), ("is not a number on its own (ranges, exponents and words "
                                              "before the number are not read)")
        if spec_field.key in mapping.verbal:  # answers written as words (_verbal)
            value, missing = verbal_value(key, mapping.verbal[spec_field.key], p, typed, present)
            complaint = "is not one of the answers of its scale"
        if spec_field.key in mapping.divisors:  # bubbles 10–50 are a rating of 1–5 (_scales.bubbles)
            value = f"({value}) / {float(mapping.divisors[spec_field.key])}"
        if mapping.stars_recommend() and mapping.columns["recommend"] == mapping.columns[spec_field.key]:
            missing += f" AND NOT list_contains({p(list(RECOMMENDS + NOT_RECOMMENDS))}::VARCHAR[], lower(trim({key})))"
        not_number = _problem(missing, label, key, complaint, p)
        if spec_field.key == "score":  # long format: the range depends on the survey column
            return Converted(value, not_number)
        low, high = scale_sql(spec_field.key, mapping, p, staged)
        no_scale = p(label + " has no scale on this row (its scale column is empty or not a number)")
        outside = (f"CASE WHEN {typed} IS NOT NULL AND {high} IS NULL THEN {no_scale} "
                   f"WHEN {typed} NOT BETWEEN {low} AND {high} THEN {p(label + ' ')} || '''' || "
                   f"{_quoted_value(key)} || ''' is outside the scale ' || {low} || '–' || {high} END")
        return Converted(value, f"coalesce({not_number}, {outside})")
    if spec_field.type == "flag":
        recommend = spec_field.key == "recommend"
        words = ((frozenset(YES + RECOMMENDS), frozenset(NO + NOT_RECOMMENDS + THUMB_DOWN)) if recommend
                 else (TRUE_WORDS, FALSE_WORDS))
        if recommend and mapping.stars_recommend():
            words = (frozenset(RECOMMENDS), frozenset(NOT_RECOMMENDS))  # among stars: '1' is one star, not yes
            missing += f" AND {score_value(key)} IS NULL"
        if spec_field.key == "churned" and says_staying(mapping.columns.get("churned", "")):
            words = (frozenset(NO + CHURNED), frozenset(YES + STAYED))  # 'Active': yes is a customer who stayed
        expected = "Yes, No, True, False, 1, 0 or −1" if recommend else "Yes, No, Churned, Stayed, Active, 1 or 0"
        problem = _problem(missing, label, key, f"is not a yes/no value (expected {expected})", p)
        if spec_field.key == "churned":  # a lead is no customer: left out, and said so
            lead = f"list_contains({p(list(NOT_CUSTOMERS))}::VARCHAR[], lower(trim({key})))"
            said = _problem("true", label, key, NOT_A_CUSTOMER, p)
            problem = f"CASE WHEN {lead} THEN {said} ELSE {problem} END"
        return Converted(flag_value(key, p, words), problem)
    if spec_field.type == "kind":
        return Converted(survey_value(key, p), _problem(missing, label, key, "is not nps, csat, ces or rating", p))
    if spec_field.type == "email":
        return Converted(email_value(key, p), None)
    if spec_field.type == "id":
        return Converted(id_value(key), None)
    blank = f"regexp_full_match({key}, '[\\s{_WIDE_SPACES}]*')"  # an emptied text box: ' '
    text = key
    if spec_field.type == "comment":  # 'N/A', 'No comment', 'No Review Text': nothing said, no voice
        blank += (f" OR list_contains({p(sorted(NO_COMMENT))}::VARCHAR[], lower(trim({key})))"
                  f" OR regexp_full_match(trim({key}), {p(PLACEHOLDER_SQL)})")
        text = f"regexp_replace({key}, '<br\\s*/?>', chr(10), 'gi')"  # a web form's line breaks ('<br />')
    if spec_field.type == "category":  # 'NULL', 'nan', 'N/A' as a database or pandas wrote nothing: no region
        blank += f" OR list_contains({p(sorted(EMPTY_WORDS))}::VARCHAR[], lower(trim({key})))"
    return Converted(f"CASE WHEN NOT ({blank}) THEN {text} END", None)


def _paying(amount: str, mapping: Mapping, p: Params, staged: dict[str, str] | None) -> str:
    """A customer's MRR, 0 while their status says they do not pay yet or now (Stripe's 'trialing',
    'paused'): still a customer, but no revenue to lose, as billing tools count MRR."""
    status = mapping.columns.get("churned") if mapping.kind == "customers" else None
    if not status or not staged:
        return amount
    return (f"CASE WHEN list_contains({p(list(NOT_PAYING_YET))}::VARCHAR[], lower(trim({staged[status]}))) "
            f"THEN 0 ELSE {amount} END")


def long_score_problem(score: str, survey: str, raw_key: str, mapping: Mapping, p: Params) -> str:
    """Range check for long-format responses, where the scale depends on the survey column."""
    checks = []
    for kind, (low, high) in DEFAULT_SCALES.items():
        low, high = mapping.scales.get(kind, (low, high))
        checks.append(
            f"WHEN {survey} = {p(kind)} AND {score} NOT BETWEEN {p(low)} AND {p(high)} "
            f"THEN {p(kind.upper() + ' score ')} || {_quoted_value(raw_key)} || {p(f' is outside the scale {low}–{high}')}"
        )
    return "CASE " + " ".join(checks) + " END"


def rated_points(mapping: Mapping) -> tuple[tuple[float, str], ...]:
    """A ticket file's ratings as tickets store them (on 1–5, `on_five`) and as its tool shows
    them: Zendesk's Good/Bad ((1.0, 'Bad'), (5.0, 'Good')), a 1–10 score's ((1.0, '1/10'), …);
    () for a score on 1–5 already, or no rating."""
    low, high = mapping.scales.get("satisfaction", (1, 5))
    verbal = mapping.verbal.get("satisfaction")
    if "satisfaction" not in mapping.columns or high <= low or (low, high) == (1, 5) and not verbal:
        return ()

    def placed(point: float) -> float:
        return round(1 + 4 * (point - low) / (high - low), 6)
    if verbal:
        name, top = verbal.split(":")
        return tuple((placed(point), labels[0].capitalize()) for point, labels in by_name(name, int(top)).points)
    return tuple((placed(point), f"{point}/{int(high)}") for point in range(int(low), int(high) + 1))


def on_five(mapping: Mapping) -> str:
    """A ticket's satisfaction placed on the 1–5 scale tickets are read on (voices, their labels
    and sentiment): Zendesk's Good/Bad is 5/1, Help Scout's Great/Okay/Not Good 5/3/1."""
    low, high = mapping.scales.get("satisfaction", (1, 5))
    if "satisfaction" not in mapping.columns or (low, high) == (1, 5) or high <= low:
        return "f_satisfaction" if "satisfaction" in mapping.columns else "NULL"
    return placed_sql(1, 5, "f_satisfaction", str(float(low)), str(float(high)))
