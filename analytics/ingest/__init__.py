"""Ingest: turn an uploaded export into one atomic batch of canonical rows, keeping every reject.

Public surface: `preview_file` (what Heartbeat understood: encoding, layout, kind, mapping, and
why), `choose` (a user's changes to that proposal: another kind, column, date format or scale),
`import_file` (one batch, one transaction), `undo_batch`, `history`, `rejects_for`, and
`map_kept_column` (a kept column becomes a field later, as an undoable batch). The field
declarations (`SPECS`, `KINDS`, `Mapping`) say what each kind of file can hold;
`date_format_label` shows a stored date reading; `rated_points` how a ticket file's tool wrote
the ratings tickets store on 1–5 (Good, Bad); dates before `PLAUSIBLE_FROM` (or over a year
ahead) are flagged.

Inside: `_files` (bytes → UTF-8 text), `_sniff` (delimiter, layout, header rows), `_profile`
(what a column's values look like), `_fields`, `_words` and `_propose` (which column feeds which
field; `_open_answers`: further open questions joining the comment; `_leavers`: the words only
customers who left wrote; `_memory`: mappings remembered), `_reading`, `_dates` and
`_scales` (how its dates and scores read), `_choices` (the user's changes), `_convert` (typed SQL
with plain-word problems), `_staging`, `_rows` (`_not_data`: a header again, a report's total),
`_rejects`, `_keys` (natural keys), `_versions` (a later export's changed values), `_customers`
(current customers), `_load` (the pipeline), `_undo`, `_remap`.
"""

from analytics.ingest._fields import KIND_LABELS, KINDS, SPECS, Field, Mapping, describe_missing
from analytics.ingest._dates import PLAUSIBLE_FROM
from analytics.ingest._dates import label_of as date_format_label
from analytics.ingest._choices import choose
from analytics.ingest._convert import rated_points
from analytics.ingest._load import ImportResult, Preview, import_file, preview_file
from analytics.ingest._kinds import kind_reason
from analytics.ingest._remap import LATER_FIELDS, kept_columns, map_kept_column
from analytics.ingest._sniff import DELIMITER_NAMES, LAYOUT_NAMES
from analytics.ingest._undo import history, rejects_for, undo_batch

__all__ = ["DELIMITER_NAMES", "KINDS", "KIND_LABELS", "LATER_FIELDS", "LAYOUT_NAMES", "PLAUSIBLE_FROM", "SPECS", "Field",
           "ImportResult", "Mapping", "Preview", "choose", "date_format_label", "describe_missing", "history",
           "import_file", "kept_columns", "kind_reason", "map_kept_column", "preview_file", "rated_points", "rejects_for",
           "undo_batch"]
