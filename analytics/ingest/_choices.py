"""A user's choices on top of a proposal: another kind, other columns, one date format, scales.

Everything chosen is checked against the file and the kind (an unknown field, column, format or a
scale for a field nothing feeds is refused with the valid choices), then the dates, scales and
reasons are read again for what changed. The proposal's warnings stay while they still apply: not
for a column no longer mapped, not the ambiguous-dates one once a format is chosen, not the
"this is not NPS" one once the column is mapped to NPS.
"""

from __future__ import annotations

from analytics.errors import InputError
from analytics.ingest._dates import reading_for
from analytics.ingest._fields import SPECS, Mapping
from analytics.ingest._propose import propose_mapping
from analytics.ingest._notices import proposal_notices
from analytics.ingest._reading import AMBIGUOUS_DATES, NOT_DATES, NOT_NPS, fill_formats


def choose(preview, kind: str | None = None, columns: dict[str, str] | None = None,
           date_format: str | None = None, scales: dict[str, tuple[int, int]] | None = None) -> Mapping:
    """The preview's proposal with the user's choices applied (see the module docstring): fields
    mapped to other columns ("" unmaps one), one date format for every date field, scales for
    score fields. Raises InputError naming the valid choices."""
    proposed = preview.mapping
    if kind and kind != proposed.kind:
        proposed = propose_mapping(preview.shape, kind, preview.profiles)
    spec = SPECS[proposed.kind]
    mapping = Mapping(proposed.kind, dict(proposed.columns), dict(proposed.date_formats), dict(proposed.scales),
                      dict(proposed.scale_changes), proposed.remembered, scale_columns=dict(proposed.scale_columns))
    for key, column in (columns or {}).items():
        _check_field(spec, key)
        if column and column not in preview.shape.names:
            raise InputError(f"The file has no column {column!r}; its columns are {', '.join(preview.shape.names)}.")
        for other in [k for k, c in mapping.columns.items() if c == column or k == key]:
            del mapping.columns[other]
            for chosen in (mapping.date_formats, mapping.scales, mapping.scale_changes, mapping.scale_columns):
                chosen.pop(other, None)
        if column:
            mapping.columns[key] = column
    if date_format:
        try:
            reading = reading_for(date_format)
        except ValueError as err:
            raise InputError(str(err)) from None
        for key in mapping.columns:
            if spec.field(key).type == "date":
                mapping.date_formats[key] = reading.as_text()
    for key, scale in (scales or {}).items():
        _check_field(spec, key)
        if spec.field(key).type != "score" or key not in mapping.columns:
            raise InputError(f"{key!r} has no column to set a scale for: map one to it first "
                             f"(--map {key}=COLUMN, or the field's selector on the Data page).")
        mapping.scales[key] = tuple(scale)
        mapping.scale_changes.pop(key, None)
        mapping.scale_columns.pop(key, None)
    mapping.warnings = [w for w in proposed.warnings if _still_applies(w, mapping, preview.shape.names, date_format)]
    fill_formats(mapping, preview.shape, preview.profiles)
    # what the columns chosen by hand warn of (amounts in two currencies…), as a proposal would
    mapping.warnings += [note for note in proposal_notices(mapping, preview.shape, preview.profiles)
                      if note not in mapping.warnings]
    return mapping


def _check_field(spec, key: str) -> None:
    if key not in {f.key for f in spec.fields}:
        names = ", ".join(f.key for f in spec.fields)
        raise InputError(f"{key!r} is not a field of a {spec.kind} file; its fields are {names}.")


def _still_applies(warning: str, mapping: Mapping, names: list[str], date_format: str | None) -> bool:
    if (AMBIGUOUS_DATES in warning or NOT_DATES in warning) and date_format:
        return False
    if NOT_NPS in warning and "nps" in mapping.columns:
        return False
    mapped = set(mapping.columns.values())
    about = [name for name in names if warning.startswith(name)]
    return not about or any(name in mapped for name in about)
