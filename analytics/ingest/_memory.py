"""A mapping the user confirmed, remembered for the next file with the same columns (the kind and
the exact column names), and what that file's own proposal adds to it: a column that said next
to nothing when the mapping was saved (empty, or a help desk's 'Unoffered' on all but a rating or
two in its first month) and holds values now."""

from __future__ import annotations

import hashlib

from analytics.ingest._fields import SPECS, Mapping
from analytics.ingest._profile import Profile
from analytics.ingest._propose import propose_mapping
from analytics.ingest._sniff import Shape
from analytics.ingest._verbal import NO_ANSWER

# Fewer values than this in a column's sample rows, beside empty cells and words for no answer,
# say too little to tell what the column holds
_SAYS_SOMETHING = 5


def signature(kind: str, shape: Shape) -> str:
    """Key under which a confirmed mapping is remembered: the kind and the exact column names."""
    return hashlib.sha1("\x1f".join([kind, *shape.names]).encode()).hexdigest()


def remembered_mapping(con, kind: str, shape: Shape) -> Mapping | None:
    row = con.execute("SELECT mapping FROM mappings WHERE signature = ?", [signature(kind, shape)]).fetchone()
    return Mapping.from_json(row[0], remembered=True) if row else None


def adopt_filled(mapping: Mapping, shape: Shape, profiles: dict[str, Profile]) -> None:
    """A remembered `mapping` takes the fields this file's own proposal reads from columns that
    said next to nothing when it was confirmed and hold values now, saying so: last month's export
    had no churn date yet, this one has twelve. (Proposed only when such a column is there.)"""
    filled = {column.name for column in shape.columns if column.name in mapping.blank
              and not _says_little(shape.values(column))} - mapping.read_columns()
    if not filled:
        return
    proposed = propose_mapping(shape, mapping.kind, profiles)
    for key, column in proposed.columns.items():
        if column in filled and key not in mapping.columns:
            mapping.columns[key] = column
            mapping.date_formats.update({k: v for k, v in proposed.date_formats.items() if k == key})
            mapping.scales.update({k: v for k, v in proposed.scales.items() if k == key})
            label = SPECS[mapping.kind].field(key).label.lower()
            mapping.warnings.append(f"'{column}' was empty or nearly when this layout's mapping was saved and "
                                    f"holds values now: it is read as the {label}.")


def remember_mapping(con, mapping: Mapping, shape: Shape) -> None:
    mapping.blank = [column.name for column in shape.columns if _says_little(shape.values(column))]
    con.execute("INSERT OR REPLACE INTO mappings (signature, kind, mapping, saved_at) "
                "VALUES (?, ?, ?, current_timestamp)",
                [signature(mapping.kind, shape), mapping.kind, mapping.to_json()])


def _says_little(values: list[str]) -> bool:
    return sum(bool(v.strip()) and v.strip().lower() not in NO_ANSWER for v in values) < _SAYS_SOMETHING
