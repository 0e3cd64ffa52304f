"""Customers who left, and the words only they wrote.

A billing tool's cancellations export (RavenStack's churn events, a cancel flow's answers) lists
customers who left, each with a code and often a line in their own words ('feedback_text',
'Comments'); a customer list may carry a text column filled in only where the customer left. Such
a column is why they left, whatever its name: it becomes the churn reason when no column is named
so, the one with more words of several (the customer's sentence over the tool's reason code). A
column of a few words must be named for a reason or for words ('reason_code', 'Feedback'): a name
filled in only for leavers ('Cancelled by') is not why they left.

A file in which every sampled row is a customer who left gives, alone, a churn of 100%: the
proposal says so, and that its dates and reasons join the customers of a full list imported
beside it.

A row is a leaver's when its churn flag says so (read the other way round for a column named for
staying, 'Active'), or, without a flag, when its churn date is filled.
"""

from __future__ import annotations

import re

from analytics.ingest._fields import Mapping
from analytics.ingest._profile import Profile
from analytics.ingest._sniff import Shape
from analytics.ingest._words import EMPTY_WORDS, FALSE_WORDS, TRUE_WORDS, normalise, says_staying

# A short text is the reason only when named for words or a reason ('reason_code', 'Feedback'):
# a name or a team filled in only for leavers ('Cancelled by') is not why they left
_SAYS_WHY = re.compile(r"\b(?:reasons?|feedback|comments?|notes?|why|cause|remarks?|motivo|grund|raison|motif)\b")
MIN_WORDS = 5  # leavers' texts in the sample, fewer say nothing of who writes in the column


def leaver_rows(mapping: Mapping, shape: Shape) -> list[bool] | None:
    """Whether each sample row is a customer who left; None when the file says nothing of leaving."""
    if mapping.kind != "customers" or not {"churned", "churn_date"} & mapping.columns.keys():
        return None
    index = {column.name: column.index for column in shape.columns}

    def cell(row: list[str], key: str) -> str:
        at = index.get(mapping.columns.get(key, ""), len(row))
        return row[at].strip().lower() if at < len(row) else ""

    left = FALSE_WORDS if says_staying(mapping.columns.get("churned", "")) else TRUE_WORDS
    if "churned" in mapping.columns:  # the flag says who left; a date beside it may end a term ('End Date')
        return [cell(row, "churned") in left for row in shape.rows]
    return [cell(row, "churn_date") not in EMPTY_WORDS | {""} for row in shape.rows]


def leavers_words(mapping: Mapping, shape: Shape, profiles: dict[str, Profile]) -> dict[str, str]:
    """{'churn_reason': column} for the unmapped text column written only beside customers who
    left, or {} (see the module docstring)."""
    leavers = leaver_rows(mapping, shape)
    if leavers is None or "churn_reason" in mapping.columns:
        return {}
    found = []
    for column in shape.columns:
        prof = profiles[column.name]
        if column.name in mapping.columns.values() or prof.is_identifier or prof.is_number or prof.is_date \
                or prof.is_flag or prof.is_email or not (prof.is_free_text or prof.is_short_text
                                                          and _SAYS_WHY.search(normalise(column.name))):
            continue
        if _by_leavers(leavers, shape.values(column)):
            found.append((prof.mean_words, -column.index, column.name))
    return {"churn_reason": max(found)[2]} if found else {}


def written_by_leavers(mapping: Mapping, shape: Shape, name: str) -> bool:
    """Whether the column is filled in only beside customers who left, for the reason shown."""
    leavers = leaver_rows(mapping, shape)
    return leavers is not None and _by_leavers(leavers, shape.values(next(c for c in shape.columns if c.name == name)))


def _by_leavers(leavers: list[bool], values: list[str]) -> bool:
    written = [left for left, value in zip(leavers, values) if value.strip()]
    return len(written) >= MIN_WORDS and sum(written) >= 0.95 * len(written)


def only_leavers(mapping: Mapping, shape: Shape) -> list[str]:
    """The proposal's note for a file whose sampled rows are all customers who left."""
    leavers = leaver_rows(mapping, shape)
    if not leavers or not all(leavers) or len(leavers) < MIN_WORDS:
        return []
    return ["Every row of this file is a customer who left: on its own it gives a churn rate of 100%. Import the "
            "full customer list too (before or after this file): these churn dates and reasons then join those "
            "customers, and churn is counted over all of them."]
