"""SQL that turns staged text cells into typed values, and says in plain words why a cell can't be.

Staged columns are named c0, c1, ... by position (see `sniff.Column.key`), so no uploaded text is
ever spliced into SQL as an identifier; every value, message and format is a named parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.ingest._fields import DATE_FORMAT_NAMES, Field, Mapping
from analytics.sql import Params

TRUE_WORDS = ("yes", "y", "true", "t", "1", "churned", "exited", "cancelled", "canceled",
              "lost", "inactive", "closed", "left", "terminated")
FALSE_WORDS = ("no", "n", "false", "f", "0", "active", "stayed", "joined", "retained",
               "current", "open", "live", "customer")
SURVEY_WORDS = {"nps": "nps", "net promoter": "nps", "net promoter score": "nps", "csat": "csat",
                "satisfaction": "csat", "ces": "ces", "effort": "ces", "customer effort": "ces",
                "rating": "rating"}
DEFAULT_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "rating": (1, 5)}


def _raw(key: str) -> str:
    return f"trim({key})"


def _quoted_value(key: str) -> str:
    return f"left(trim({key}), 80)"


def text_value(key: str) -> str:
    return f"NULLIF(trim({key}), '')"


def number_value(key: str, decimal_comma: bool) -> str:
    cleaned = f"regexp_replace(trim({key}), '[\\s$€£¥]|^(USD|EUR|GBP)', '', 'g')"  # currency, spaces
    if decimal_comma:
        cleaned = f"replace(replace({cleaned}, '.', ''), ',', '.')"
    else:
        cleaned = f"replace({cleaned}, ',', '')"
    return f"TRY_CAST(NULLIF({cleaned}, '') AS DOUBLE)"


def score_value(key: str) -> str:
    number = f"regexp_extract({key}, '^\\s*(-?[0-9]+(?:[.,][0-9]+)?)', 1)"
    return f"TRY_CAST(NULLIF(replace({number}, ',', '.'), '') AS DOUBLE)"


def date_value(key: str, fmt: str, p: Params) -> str:
    return f"coalesce(try_strptime({_raw(key)}, {p(fmt)}), TRY_CAST(NULLIF({_raw(key)}, '') AS TIMESTAMP))"


def flag_value(key: str, p: Params) -> str:
    word = f"lower(trim({key}))"
    return (f"CASE WHEN list_contains({p(list(TRUE_WORDS))}::VARCHAR[], {word}) THEN true "
            f"WHEN list_contains({p(list(FALSE_WORDS))}::VARCHAR[], {word}) THEN false END")


def survey_value(key: str, p: Params) -> str:
    return f"map_extract_value({p(SURVEY_WORDS)}::MAP(VARCHAR, VARCHAR), lower(trim({key})))"


def _problem(condition: str, label: str, key: str, complaint: str, p: Params) -> str:
    """SQL giving "<label> '<value>' <complaint>" when `condition` holds, else NULL."""
    return f"CASE WHEN {condition} THEN {p(label + ' ')} || '''' || {_quoted_value(key)} || '''' || {p(' ' + complaint)} END"


@dataclass(frozen=True)
class Converted:
    value: str  # SQL expression of the typed value
    problem: str | None  # SQL expression: message when the cell is unusable, else NULL


def convert(spec_field: Field, key: str, mapping: Mapping, decimal_comma: bool, p: Params) -> Converted:
    """Typed value of one mapped column, and the problem message for its cell. The problem SQL
    refers to the typed value by its column name `f_<field>`, so each cell is parsed once."""
    present = f"trim({key}) <> ''"
    label = spec_field.label
    typed = f"f_{spec_field.key}"
    if spec_field.type == "date":
        fmt = mapping.date_formats.get(spec_field.key, "%Y-%m-%d")
        shown = DATE_FORMAT_NAMES.get(fmt, fmt)
        return Converted(date_value(key, fmt, p), _problem(
            f"{present} AND {typed} IS NULL", label, key, f"is not a date in the format {shown}", p))
    if spec_field.type == "number":
        return Converted(number_value(key, decimal_comma), _problem(
            f"{present} AND {typed} IS NULL", label, key, "is not a number", p))
    if spec_field.type == "score":
        not_number = _problem(f"{present} AND {typed} IS NULL", label, key, "is not a number", p)
        if spec_field.key == "score":  # long format: the range depends on the survey column
            return Converted(score_value(key), not_number)
        low, high = mapping.scales.get(spec_field.key, spec_field.scale or (1, 5))
        outside = _problem(f"{typed} NOT BETWEEN {p(low)} AND {p(high)}", label, key,
                           f"is outside the scale {low}–{high}", p)
        return Converted(score_value(key), f"coalesce({not_number}, {outside})")
    if spec_field.type == "flag":
        return Converted(flag_value(key, p), _problem(
            f"{present} AND {typed} IS NULL", label, key,
            "is not a yes/no value (expected Yes, No, Churned, Stayed, Active, 1 or 0)", p))
    if spec_field.type == "kind":
        return Converted(survey_value(key, p), _problem(
            f"{present} AND {typed} IS NULL", label, key, "is not nps, csat, ces or rating", p))
    if spec_field.key == "email":
        return Converted(f"NULLIF(lower(trim({key})), '')", None)
    if spec_field.type == "id":
        return Converted(text_value(key), None)
    return Converted(f"NULLIF({key}, '')", None)


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

