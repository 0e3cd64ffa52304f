"""Import one file as one atomic batch, keep every rejected row, and undo a batch.

The pipeline: `files.open_as_text` (what is it, which encoding) → `sniff.sniff` (delimiter, layout,
header rows, columns) → a mapping (remembered, proposed or confirmed by the user) → DuckDB reads the
whole file as text into a staging table, storing rows it cannot split → `convert` types each mapped
cell and names what is wrong with it → good rows land in the canonical tables, rejected rows in
`rejects`, all inside one transaction. Re-imports never double-count: the same bytes are refused
(sha256) and overlapping rows are recognised by their natural keys.
"""

from __future__ import annotations

import csv
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analytics import workspace
from analytics.convert import DEFAULT_SCALES, Params, convert, long_score_problem
from analytics.errors import DuplicateFile, InputError, MissingColumns
from analytics.files import TextFile, excel_sheets, is_excel, open_as_text
from analytics.mapping import (SPECS, Mapping, describe_missing, fill_formats, propose_mapping,
                               recognise_kind, remember_mapping, remembered_mapping)
from analytics.sniff import DELIMITER_NAMES, LAYOUT_NAMES, Shape, sniff

Progress = Callable[[float, str], None]
SCORE_KINDS = ("nps", "csat", "ces", "rating")
TEXT_FIELDS = ("name", "churn_reason", "comment", "subject", "body")

_PARSE_REASONS = {
    "TOO MANY COLUMNS": "has more values than the header has columns",
    "MISSING COLUMNS": "has fewer values than the header has columns",
    "UNQUOTED VALUE": "has a quote character in the middle of a value",
    "INVALID ENCODING": "contains bytes that are not valid text",
    "INVALID UNICODE": "contains bytes that are not valid text",
    "LINE SIZE OVER MAXIMUM": "is longer than the 8 MB a single row may hold",
}


@dataclass
class Preview:
    """What Heartbeat understood of a file before importing it."""

    file_name: str
    text: TextFile
    shape: Shape
    kind: str
    mapping: Mapping
    sheets: list[str] = field(default_factory=list)

    def discard(self) -> None:
        self.text.discard()


@dataclass
class ImportResult:
    batch_id: int
    file_name: str
    kind: str
    layout: str
    encoding: str
    delimiter: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_duplicate: int
    kept_columns: list[str]
    warnings: list[str]
    seconds: float

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def preview_file(con: duckdb.DuckDBPyConnection, path: Path, *, file_name: str | None = None,
                 kind: str | None = None, sheet: str | None = None,
                 max_bytes: int | None = None) -> Preview:
    """Sniff `path` and propose kind and mapping; the caller must `discard()` the preview."""
    path = Path(path)
    sheets = excel_sheets(path) if is_excel(path) else []
    text = open_as_text(path, sheet=sheet, max_bytes=max_bytes)
    try:
        shape = sniff(text.path)
        chosen = kind or _remembered_kind(con, shape) or recognise_kind(shape)
        mapping = remembered_mapping(con, chosen, shape) or propose_mapping(shape, chosen)
    except BaseException:
        text.discard()
        raise
    return Preview(file_name or path.name, text, shape, chosen, mapping, sheets)


def _remembered_kind(con: duckdb.DuckDBPyConnection, shape: Shape) -> str | None:
    for kind in SPECS:
        if remembered_mapping(con, kind, shape):
            return kind
    return None


def import_file(con: duckdb.DuckDBPyConnection, path: Path, *, file_name: str | None = None,
                kind: str | None = None, mapping: Mapping | None = None,
                sheet: str | None = None, max_bytes: int | None = None,
                on_progress: Progress | None = None) -> ImportResult:
    """Import `path` as one batch; raises an InputError (and changes nothing) when it can't."""
    progress = on_progress or (lambda fraction, message: None)
    progress(0.02, "Reading the file")
    preview = preview_file(con, path, file_name=file_name, kind=kind, sheet=sheet,
                           max_bytes=max_bytes)
    try:
        with workspace.WRITE_LOCK:
            return _load(con, Path(path), preview, mapping or preview.mapping, progress)
    finally:
        preview.discard()


def _load(con, original: Path, preview: Preview, mapping: Mapping, progress: Progress) -> ImportResult:
    started = time.perf_counter()
    shape = preview.shape
    fill_formats(mapping, shape)
    _check_mapping(mapping, shape)
    digest = _Sha256(original)
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = con.execute("SELECT nextval('batch_ids')").fetchone()[0]
        progress(0.05, "Reading and checking rows")
        try:
            _read_typed(con, preview.text.path, shape, mapping)
        except duckdb.Error as err:  # the reader gave up on the file as a whole
            detail = str(err).splitlines()[0].split(": ", 1)[-1]
            raise InputError(f"Heartbeat could not read this file as a table ({detail}). Check that "
                             "it is a CSV export and try saving it again from the source system.") from err
        progress(0.6, "Saving")
        repeats = _find_repeats(con)
        loaded, duplicate = _insert(con, batch_id, mapping, GOOD_UNREPEATED if repeats else GOOD_ROWS)
        rejected = _save_rejects(con, batch_id, shape, preview.text.path, repeats)
        rows_read = con.execute("SELECT count(*) FROM hb_typed").fetchone()[0] + _parse_reject_count(con)
        kept = [name for name in shape.names if name not in mapping.columns.values()]
        warnings = _warnings(con, mapping, kept)
        progress(0.9, "Finishing")
        # One workbook holds several tables: the sheet is part of what makes a file the same.
        fingerprint = digest.result() + (f":{preview.text.converted_from}" if preview.text.converted_from else "")
        _refuse_duplicate(con, fingerprint, preview.file_name)
        con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, NULL)",
            [batch_id, preview.file_name, fingerprint, mapping.kind, shape.layout,
             preview.text.encoding, shape.delimiter, mapping.to_json(), json.dumps(kept),
             rows_read, loaded, rejected, duplicate],
        )
        if mapping.kind == "customers":
            workspace.rebuild_customers(con, batch_id)
        remember_mapping(con, mapping, shape)
        if workspace.get_meta(con, "origin") in (None, "empty", "demo"):
            workspace.set_meta(con, "origin", "uploads")
        workspace.bump_version(con)
        _drop_staging(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        _drop_staging(con)
        raise
    progress(1.0, "Done")
    return ImportResult(batch_id, preview.file_name, mapping.kind, LAYOUT_NAMES[shape.layout],
                        preview.text.encoding, DELIMITER_NAMES[shape.delimiter], rows_read,
                        loaded, rejected, duplicate, kept, warnings,
                        round(time.perf_counter() - started, 3))


class _Sha256:
    """sha256 of a file, computed in a thread while DuckDB reads the same file."""

    def __init__(self, path: Path):
        self._hash = hashlib.sha256()
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        with open(path, "rb") as handle:
            while chunk := handle.read(8 << 20):
                self._hash.update(chunk)

    def result(self) -> str:
        self._thread.join()
        return self._hash.hexdigest()


def _check_mapping(mapping: Mapping, shape: Shape) -> None:
    if mapping.missing_required():
        raise MissingColumns(describe_missing(mapping))
    unknown = [name for name in mapping.columns.values() if name not in shape.names]
    if unknown:
        raise InputError(f"The mapping names columns this file does not have: {', '.join(unknown)}.")


def _refuse_duplicate(con, sha256: str, file_name: str) -> None:
    row = con.execute(
        "SELECT batch_id, file_name, strftime(imported_at, '%Y-%m-%d %H:%M') FROM imports "
        "WHERE sha256 = ? AND undone_at IS NULL", [sha256]).fetchone()
    if row:
        raise DuplicateFile(
            f"'{file_name}' was already imported (batch {row[0]}, '{row[1]}', {row[2]}): nothing "
            "was changed. Undo that batch first to import it again.", row[0])


_READ_CSV = ("read_csv({path}, auto_detect = false, header = false, skip = {skip}, delim = {delim}, quote = '\"', "
             "escape = '\"', columns = {columns}, store_rejects = true, "
             "rejects_table = '{rejects}', rejects_scan = '{rejects}_scans', max_line_size = 8388608)")


def _read_csv(text_path: Path, shape: Shape, p: Params, rejects: str) -> str:
    """DuckDB's reader for the file: every column as text, by position (c0, c1, ...); rows it
    cannot split go to the temp table `rejects` with their line and raw text."""
    return _READ_CSV.format(path=p(str(text_path)), skip=p(shape.skip_rows), delim=p(shape.delimiter),
                            columns=p({column.key: "VARCHAR" for column in shape.columns}),
                            rejects=rejects)


def _drop_staging(con) -> None:
    for table in ("hb_stage", "hb_typed", "hb_repeats", "hb_bad", "hb_lines", "hb_reject_errors", "hb_reject_errors_scans",
                  "hb_stage_errors", "hb_stage_errors_scans"):
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")  # fixed names, never uploaded text


def _read_typed(con, text_path: Path, shape: Shape, mapping: Mapping) -> None:
    """hb_typed, in one pass over the file: per row (in file order: rowid) the typed fields f_*,
    unmapped columns as JSON, its natural key, `problem` (why it cannot be imported, or NULL) and,
    for problem rows only, the row as it stood in the file."""
    _drop_staging(con)
    p = Params()
    by_name = {column.name: column for column in shape.columns}
    values, problems = [], []
    for key, name in mapping.columns.items():
        converted = convert(SPECS[mapping.kind].field(key), by_name[name].key, mapping,
                            shape.decimal_comma, p)
        values.append(f"{converted.value} AS f_{key}")
        if converted.problem:
            problems.append(converted.problem)
    if "score" in mapping.columns and "survey" in mapping.columns:
        raw_score = by_name[mapping.columns["score"]].key
        problems.append(long_score_problem("f_score", "f_survey", raw_score, mapping, p))
    problems.extend(_required_problems(mapping, p))
    kept = [column for column in shape.columns if column.name not in mapping.columns.values()]
    extra = ("json_object(" + ", ".join(f"{p(c.name)}, {c.key}" for c in kept) + ")") if kept else "NULL::JSON"
    problem = f"NULLIF(concat_ws('; ', {', '.join(problems)}), '')" if problems else "NULL::VARCHAR"
    fields = ", ".join(f"f_{key}" for key in mapping.columns)
    key, by_content = _key_expression(mapping)
    cells = f"SELECT *, {', '.join(values)} FROM {_read_csv(text_path, shape, p, 'hb_reject_errors')}"
    checked = f"SELECT *, {problem} AS problem, {key} AS hb_key FROM ({cells})"
    con.execute(
        f"CREATE TEMP TABLE hb_typed AS SELECT {fields}, {extra} AS extra, problem, hb_key, "
        f"CASE WHEN problem IS NOT NULL THEN {_raw_line(shape, p)} END AS raw FROM ({checked})",
        p.values)
    if by_content and con.execute("SELECT count(*) FROM hb_typed WHERE starts_with(hb_key, 'h:')").fetchone()[0]:
        # Rows without an ID are keyed by content plus occurrence, so identical rows in one file
        # stay distinct while the same rows in a re-export match.
        con.execute("CREATE TEMP TABLE hb_keyed AS SELECT * REPLACE (CASE WHEN starts_with(hb_key, 'h:') "
                    "THEN hb_key || ':' || row_number() OVER (PARTITION BY hb_key ORDER BY rowid) "
                    "ELSE hb_key END AS hb_key) FROM hb_typed ORDER BY rowid")
        con.execute("DROP TABLE temp.hb_typed")
        con.execute("ALTER TABLE hb_keyed RENAME TO hb_typed")


def _raw_line(shape: Shape, p: Params) -> str:
    """SQL rebuilding a row as it stood in the file (cells quoted where needed)."""
    delimiter = p(shape.delimiter)
    cells = [f"CASE WHEN {c.key} IS NULL THEN '' WHEN contains({c.key}, {delimiter}) "
             f"OR contains({c.key}, '\"') OR contains({c.key}, chr(10)) "
             f"THEN '\"' || replace({c.key}, '\"', '\"\"') || '\"' ELSE {c.key} END"
             for c in shape.columns]
    return f" || {delimiter} || ".join(cells)


def _required_problems(mapping: Mapping, p: Params) -> list[str]:
    """Row-level checks: each required group needs a non-empty value in at least one field."""
    problems = []
    spec = SPECS[mapping.kind]
    for group in spec.required:
        mapped = [key for key in group if key in mapping.columns]
        condition = " AND ".join(f"f_{key} IS NULL" for key in mapped)
        labels = " or ".join(spec.field(key).label for key in mapped)
        problems.append(f"CASE WHEN {condition} THEN {p('no ' + labels)} END")
    return problems


def _insert(con, batch_id: int, mapping: Mapping, good: str) -> tuple[int, int]:
    """Insert the `good` rows; returns (rows loaded, rows already in the workspace)."""
    if mapping.kind == "customers":
        churned = ("f_churned" if "churned" in mapping.columns else
                   "f_churn_date IS NOT NULL" if "churn_date" in mapping.columns else "NULL")
        loaded = con.execute(
            "INSERT INTO customer_versions SELECT $batch, hb_key, "
            f"{_col(mapping, 'name')}, {_col(mapping, 'email')}, {_col(mapping, 'segment')}, "
            f"{_col(mapping, 'plan')}, {_col(mapping, 'region')}, "
            f"CAST({_col(mapping, 'signup_date')} AS DATE), {_col(mapping, 'mrr')}, {churned}, "
            f"CAST({_col(mapping, 'churn_date')} AS DATE), {_col(mapping, 'churn_reason')}, extra "
            f"FROM ({good})", {"batch": batch_id}).fetchone()[0]
        existing = con.execute(
            "SELECT count(*) FROM customer_versions v WHERE v.batch_id = $batch AND v.customer_id IN "
            "(SELECT customer_id FROM customers)", {"batch": batch_id}).fetchone()[0]
        return loaded, existing
    if mapping.kind == "responses":
        source = _response_rows(mapping, good)
        _record_overlaps(con, batch_id, "responses", f"SELECT response_id FROM ({source})")
        loaded = con.execute(
            "INSERT INTO responses SELECT $batch, response_id, customer_id, email, responded_at, kind, "
            "score, scale_min, scale_max, comment, extra FROM (" + source + ") r "
            + _not_already(con, "response_id", "responses"), {"batch": batch_id}).fetchone()[0]
        offered = con.execute("SELECT count(*) FROM (" + source + ")").fetchone()[0]
    elif mapping.kind == "tickets":
        _record_overlaps(con, batch_id, "tickets", f"SELECT hb_key FROM ({good})")
        loaded = con.execute(
            f"INSERT INTO tickets SELECT $batch, hb_key, {_col(mapping, 'customer_id')}, "
            f"{_col(mapping, 'email')}, {_col(mapping, 'created_at')}, {_col(mapping, 'subject')}, "
            f"{_col(mapping, 'body')}, {_col(mapping, 'satisfaction')}, {_col(mapping, 'status')}, "
            f"{_col(mapping, 'channel')}, extra FROM ({good}) "
            + _not_already(con, "hb_key", "tickets", "ticket_id"), {"batch": batch_id}).fetchone()[0]
        offered = con.execute(f"SELECT count(*) FROM ({good})").fetchone()[0]
    else:
        _record_overlaps(con, batch_id, "revenue", f"SELECT hb_key FROM ({good})")
        loaded = con.execute(
            "INSERT INTO revenue SELECT $batch, f_customer_id, CAST(date_trunc('month', f_month) AS DATE), "
            f"f_mrr FROM ({good}) g WHERE NOT EXISTS (SELECT 1 FROM revenue r WHERE "
            "r.customer_id = g.f_customer_id AND r.month = CAST(date_trunc('month', g.f_month) AS DATE))",
            {"batch": batch_id}).fetchone()[0]
        offered = con.execute(f"SELECT count(*) FROM ({good})").fetchone()[0]
    return loaded, offered - loaded


ROW_KEYS = {"responses": "{t}response_id", "tickets": "{t}ticket_id",
            "revenue": "{t}customer_id || '|' || CAST({t}month AS VARCHAR)"}


def _row_key(kind: str, alias: str = "") -> str:
    return ROW_KEYS[kind].format(t=f"{alias}." if alias else "")


def _record_overlaps(con, batch_id: int, kind: str, offered_keys: str) -> None:
    """Remember which offered keys an earlier live batch already holds (see `shared_rows`)."""
    con.execute(f"INSERT INTO shared_rows SELECT $batch, $kind, k FROM ({offered_keys}) o(k) "
                f"WHERE k IN (SELECT {_row_key(kind)} FROM {kind})", {"batch": batch_id, "kind": kind})


def _not_already(con, column: str, table: str, table_column: str | None = None) -> str:
    """WHERE clause skipping rows whose key the (fixed-name) table already holds; none when empty."""
    if not con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
        return ""
    return f" WHERE {column} NOT IN (SELECT {table_column or column} FROM {table})"


def _col(mapping: Mapping, key: str) -> str:
    return f"f_{key}" if key in mapping.columns else "NULL"


def _key_expression(mapping: Mapping) -> tuple[str, bool]:
    """SQL for a row's natural key, and whether it is a content hash (no ID column mapped)."""
    if mapping.kind == "customers":
        return f"coalesce({_col(mapping, 'customer_id')}, {_col(mapping, 'email')})", False
    if mapping.kind == "revenue":
        return "f_customer_id || '|' || CAST(date_trunc('month', f_month) AS VARCHAR)", False
    id_key = "ticket_id" if mapping.kind == "tickets" else "response_id"
    content = ", ".join(f"CAST(f_{key} AS VARCHAR)" for key in mapping.columns)
    hashed = f"'h:' || md5(concat_ws('|', {content}))"
    if id_key in mapping.columns:  # rows with an empty ID fall back to their content
        return f"coalesce(f_{id_key}, {hashed})", True
    return hashed, True


GOOD_ROWS = "SELECT * FROM hb_typed WHERE problem IS NULL"
GOOD_UNREPEATED = GOOD_ROWS + " AND rowid NOT IN (SELECT row_id FROM hb_repeats)"


def _find_repeats(con) -> bool:
    """hb_repeats: good rows whose natural key an earlier row of the file already had.
    The window only runs when a cheap distinct count shows repeats exist."""
    repeats = con.execute("SELECT count(*) - count(DISTINCT hb_key) FROM hb_typed "
                          "WHERE problem IS NULL").fetchone()[0]
    con.execute("CREATE TEMP TABLE hb_repeats AS SELECT rowid AS row_id FROM hb_typed WHERE problem IS NULL "
                + ("QUALIFY row_number() OVER (PARTITION BY hb_key ORDER BY rowid) > 1" if repeats else "AND false"))
    return repeats > 0


def _response_rows(mapping: Mapping, good: str) -> str:
    """Canonical response rows from the `good` rows query: one per survey kind answered."""
    response_id = "hb_key"
    common = (f"{_col(mapping, 'customer_id')} AS customer_id, {_col(mapping, 'email')} AS email, "
              f"{_col(mapping, 'responded_at')} AS responded_at")
    if "score" in mapping.columns and "survey" in mapping.columns:
        scales = {**DEFAULT_SCALES, **{k: v for k, v in mapping.scales.items() if k in DEFAULT_SCALES}}
        low = " ".join(f"WHEN '{kind}' THEN {int(lo)}" for kind, (lo, hi) in scales.items())
        high = " ".join(f"WHEN '{kind}' THEN {int(hi)}" for kind, (lo, hi) in scales.items())
        return (f"SELECT {response_id} AS response_id, {common}, f_survey AS kind, f_score AS score, "
                f"CASE f_survey {low} END AS scale_min, CASE f_survey {high} END AS scale_max, "
                f"{_col(mapping, 'comment')} AS comment, extra FROM ({good})")
    kinds = [kind for kind in SCORE_KINDS if kind in mapping.columns]
    if not kinds:  # a survey with open questions only: the comments are the responses
        return (f"SELECT {response_id} AS response_id, {common}, 'comment' AS kind, NULL AS score, "
                f"NULL AS scale_min, NULL AS scale_max, f_comment AS comment, extra FROM ({good})")
    parts = []
    for position, kind in enumerate(kinds):
        low, high = mapping.scales.get(kind, DEFAULT_SCALES[kind])
        suffix = f" || ':{kind}'" if len(kinds) > 1 else ""
        comment = _col(mapping, "comment") if position == 0 else "NULL"
        keep = f"f_{kind} IS NOT NULL" + (f" OR {comment} IS NOT NULL" if comment != "NULL" else "")
        parts.append(f"SELECT {response_id}{suffix} AS response_id, {common}, '{kind}' AS kind, "
                     f"f_{kind} AS score, {low} AS scale_min, {high} AS scale_max, {comment} AS comment, "
                     f"extra FROM ({good}) WHERE {keep}")
    return " UNION ALL ".join(parts)


def _parse_reject_count(con) -> int:  # rows DuckDB could not split
    return con.execute("SELECT count(DISTINCT line) FROM hb_reject_errors").fetchone()[0]


def _save_rejects(con, batch_id: int, shape: Shape, text_path: Path, repeats: bool) -> int:
    """Store rows DuckDB could not split and rows with unusable values; returns how many."""
    cases = " ".join(f"WHEN error_type = '{k}' THEN '{v}'" for k, v in _PARSE_REASONS.items())
    con.execute(
        "INSERT INTO rejects SELECT $batch, line, trim(any_value(csv_line), chr(13) || chr(10)), "
        f"any_value(CASE {cases} ELSE lower(error_message) END) "
        "|| ' (the header has ' || $width || ' columns)' "
        "FROM hb_reject_errors GROUP BY line", {"batch": batch_id, "width": len(shape.columns)})
    bad = "SELECT rowid AS row_id, problem, raw FROM hb_typed WHERE problem IS NOT NULL"
    if repeats:  # rare: read the file again for the raw text of rows that repeat a key
        p = Params()
        con.execute(f"CREATE TEMP TABLE hb_stage AS SELECT {_raw_line(shape, p)} AS raw "
                    f"FROM {_read_csv(text_path, shape, p, 'hb_stage_errors')}", p.values)
        bad += (" UNION ALL SELECT r.row_id, 'repeats the key of an earlier row in this file (the "
                "first was kept)', s.raw FROM hb_repeats r JOIN hb_stage s ON s.rowid - "
                "(SELECT min(rowid) FROM hb_stage) = r.row_id - (SELECT min(rowid) FROM hb_typed)")
    con.execute(f"CREATE TEMP TABLE hb_bad AS SELECT row_id - (SELECT min(rowid) FROM hb_typed) + 1 "
                f"AS position, problem, raw FROM ({bad})")
    positions = [row[0] for row in con.execute("SELECT position FROM hb_bad ORDER BY position").fetchall()]
    if positions:
        parse_lines = {row[0] for row in con.execute("SELECT DISTINCT line FROM hb_reject_errors").fetchall()}
        lines = _lines_of(text_path, shape, parse_lines, positions)
        con.execute("CREATE TEMP TABLE hb_lines AS SELECT unnest($p) AS position, unnest($l) AS line",
                    {"p": positions, "l": lines})
        con.execute("INSERT INTO rejects SELECT $batch, l.line, b.raw, b.problem FROM hb_bad b "
                    "JOIN hb_lines l USING (position)", {"batch": batch_id})
    return con.execute("SELECT count(*) FROM rejects WHERE batch_id = ?", [batch_id]).fetchone()[0]


def _lines_of(text_path: Path, shape: Shape, parse_lines: set[int], positions: list[int]) -> list[int]:
    """Line numbers, counted as DuckDB counts them (one per record, blank lines included), of the
    data rows at the given 1-based positions among the rows DuckDB read. Reads the file only up
    to the last position asked for, and only when some row was rejected."""
    wanted = iter(positions)
    target = next(wanted)
    found, position = [], 0
    with open(text_path, encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=shape.delimiter, quotechar='"', doublequote=True)
        for line, record in enumerate(reader, start=1):
            if line <= shape.skip_rows or not record or line in parse_lines:
                continue
            position += 1
            while position == target:
                found.append(line)
                target = next(wanted, None)
            if target is None:
                break
    return found + [None] * (len(positions) - len(found))


def _warnings(con, mapping: Mapping, kept: list[str]) -> list[str]:
    """Things the user should know about rows that did import."""
    notes = []
    texts = [f"f_{key}" for key in TEXT_FIELDS if key in mapping.columns]
    if kept:  # kept columns are exported too: a JSON string value starting like a formula
        texts.append("CAST(extra AS VARCHAR)")
    if texts:
        formulas = con.execute(
            "SELECT count(*) FROM hb_typed WHERE problem IS NULL AND ("
            + " OR ".join(f"regexp_matches({t}, '^([=+@\\t\\r]|-[^0-9. ])')" if t.startswith("f_") else
                          f"regexp_matches({t}, '\":\"([=+@]|-[^0-9. ])')" for t in texts) + ")").fetchone()[0]
        html = con.execute(
            "SELECT count(*) FROM hb_typed WHERE problem IS NULL AND ("
            + " OR ".join(f"regexp_matches({t}, '<\\s*/?\\s*[a-zA-Z][^>]*>')" for t in texts) + ")").fetchone()[0]
        if formulas:
            notes.append(f"{formulas:,} rows have text starting with =, +, - or @, which a spreadsheet "
                         "could run as a formula. They are stored as plain text, and exports put an "
                         "apostrophe in front so Excel shows them as text.")
        if html:
            notes.append(f"{html:,} rows have text containing HTML tags (such as <script>). They are "
                         "stored as typed and always shown as plain text, never run as a web page.")
    if kept:
        shown = ", ".join(kept[:8]) + (f" and {len(kept) - 8} more" if len(kept) > 8 else "")
        notes.append(f"{len(kept)} columns are not mapped to a Heartbeat field and were kept as "
                     f"extra attributes: {shown}.")
    return notes


def undo_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Remove a batch's rows and mark it undone, atomically; its history line stays."""
    with workspace.WRITE_LOCK:
        _undo(con, batch_id)


def _undo(con, batch_id: int) -> None:
    row = con.execute("SELECT kind, undone_at FROM imports WHERE batch_id = ?", [batch_id]).fetchone()
    if row is None:
        raise InputError(f"There is no import batch {batch_id}.")
    if row[1] is not None:
        raise InputError(f"Batch {batch_id} was already undone.")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("UPDATE imports SET undone_at = current_timestamp WHERE batch_id = ?", [batch_id])
        if row[0] == "customers":  # while its versions still say which customers it touched
            workspace.rebuild_customers(con, batch_id)
        if row[0] in ROW_KEYS:  # rows a later live batch also offered pass to that batch
            key = _row_key(row[0])  # fixed expressions over fixed tables
            con.execute(
                f"UPDATE {row[0]} SET batch_id = heir.batch_id FROM (SELECT row_key, min(o.batch_id) "
                "AS batch_id FROM shared_rows o JOIN imports i ON i.batch_id = o.batch_id AND "
                "i.undone_at IS NULL WHERE o.kind = $kind GROUP BY row_key) heir "
                f"WHERE {row[0]}.batch_id = $batch AND {key} = heir.row_key",
                {"batch": batch_id, "kind": row[0]})
            con.execute("DELETE FROM shared_rows o WHERE o.kind = $kind AND (o.batch_id = $batch OR "
                        f"EXISTS (SELECT 1 FROM {row[0]} t WHERE t.batch_id = o.batch_id "
                        f"AND {_row_key(row[0], 't')} = o.row_key))",
                        {"batch": batch_id, "kind": row[0]})
        table = {"customers": "customer_versions", "responses": "responses",
                 "tickets": "tickets", "revenue": "revenue"}[row[0]]
        con.execute(f'DELETE FROM "{table}" WHERE batch_id = ?', [batch_id])  # table from a fixed map
        workspace.bump_version(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


HISTORY = """
SELECT batch_id AS "Batch", strftime(imported_at, '%Y-%m-%d %H:%M') AS "Imported",
       file_name AS "File",
       CASE kind WHEN 'customers' THEN 'Customers' WHEN 'responses' THEN 'Survey responses'
                 WHEN 'tickets' THEN 'Support tickets' ELSE 'Monthly revenue' END AS "Holds",
       CASE layout WHEN 'qualtrics' THEN 'Qualtrics' WHEN 'qualtrics_legacy' THEN 'Qualtrics (legacy)'
                   WHEN 'surveymonkey' THEN 'SurveyMonkey' WHEN 'remap' THEN 'Mapped later'
                   ELSE 'CSV' END AS "Layout",
       encoding AS "Encoding", rows_read AS "Rows read",
       rows_loaded AS "Loaded", rows_duplicate AS "Already there", rows_rejected AS "Rejected",
       CASE WHEN undone_at IS NULL THEN '' ELSE 'undone ' || strftime(undone_at, '%Y-%m-%d %H:%M') END AS "Undone"
FROM imports ORDER BY batch_id DESC
"""


def history(con: duckdb.DuckDBPyConnection):
    """Import history as a DataFrame, newest first."""
    return con.execute(HISTORY).df()


def rejects_for(con: duckdb.DuckDBPyConnection, batch_id: int):
    """Rejected rows of a batch: line number, the row as it was in the file, and why."""
    return con.execute(
        'SELECT line AS "Line", reason AS "Why it was not imported", raw AS "Row as in the file" '
        "FROM rejects WHERE batch_id = ? ORDER BY line", [batch_id]).df()
