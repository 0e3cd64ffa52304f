"""Preview a file, then import it as one atomic batch that keeps every rejected row.

The pipeline: `open_as_text` (what is it, which encoding) → `sniff` (delimiter, layout, header
rows, columns) → a mapping (remembered, proposed or confirmed by the user) → DuckDB reads the whole
file as text, typing and checking each mapped cell in one pass (`_rows`) → good rows land in the
canonical tables, rejected rows in `rejects`, all inside one `transaction`. Re-imports never
double-count: the same bytes are refused (sha256) and overlapping rows are recognised by their
natural keys.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import json
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analytics.errors import DuplicateFile, InputError, MissingColumns
from analytics.ingest._convert import NOT_A_CUSTOMER
from analytics.ingest._customers import rebuild_customers
from analytics.ingest._fields import SPECS, Mapping, describe_missing
from analytics.ingest._files import TextFile, excel_sheets, is_excel, main_sheet, normalised_copy, open_as_text
from analytics.ingest._profile import Profile
from analytics.ingest._kinds import kind_reason, recognise_kind
from analytics.ingest._linking import unlinked_note
from analytics.ingest._long import long_layout, one_row_per_response
from analytics.ingest._one_per_choice import choice_groups, one_column_per_question
from analytics.ingest._memory import adopt_filled, remember_mapping, remembered_mapping
from analytics.ingest._not_data import reordered_header
from analytics.ingest._propose import propose_mapping
from analytics.ingest._reading import check_remembered_dates, fill_formats, profiles_of
from analytics.ingest._rejects import (cut_off, import_warnings, lines_of, missing_customers, parse_reject_count, refusal,
                                       save_rejects)
from analytics.ingest._rows import (GOOD_ROWS, GOOD_UNREPEATED, find_repeats, insert,
                                    read_parsed_dates, read_typed)
from analytics.ingest._sniff import DELIMITER_NAMES, LAYOUT_NAMES, Shape, sniff
from analytics.ingest._staging import drop_staging
from analytics.ingest._status import COMPANY_SENT
from analytics.ingest._versions import supersede
from analytics.workspace import get_meta, record, require, set_meta, transaction, unusable

Progress = Callable[[float, str], None]
MOST = 0.5  # more than this share of the rows rejected: the file is refused, nothing imported


class _ReaderGaveUp(Exception):
    """DuckDB's reader could not read the file as a table at all."""


@dataclass
class Preview:
    """What Heartbeat understood of a file before importing it."""

    file_name: str
    text: TextFile
    shape: Shape
    kind: str
    mapping: Mapping
    sheets: list[str] = field(default_factory=list)
    profiles: dict[str, Profile] = field(default_factory=dict)
    sheet: str | None = None  # the workbook's sheet read (its first unless one was chosen)

    @property
    def kind_reason(self) -> str:
        return kind_reason(self.mapping)

    @property
    def layout(self) -> str:
        """How the file is laid out, in words: 'CSV with one header row', "Excel sheet 'Responses'"."""
        if self.sheet is None:
            return LAYOUT_NAMES[self.shape.layout]
        named = f" ({LAYOUT_NAMES[self.shape.layout]})" if self.shape.layout != "generic" else ""
        return f"Excel sheet '{self.sheet}'{named}"

    @property
    def delimiter(self) -> str:
        """The CSV's delimiter, or 'cells' for a workbook (read cell by cell, no delimiter)."""
        return "cells" if self.sheet is not None else DELIMITER_NAMES[self.shape.delimiter]

    def missing(self, mapping: Mapping) -> str | None:
        """Why `mapping` cannot import this file before a row is read (a required field without a
        column, naming the workbook's other sheets), or None."""
        if not mapping.missing_required():
            return None
        others = [name for name in self.sheets if name != self.sheet]
        where = (f" This workbook has other sheets ({', '.join(others)}): the data may be on one of them; "
                 "choose it (Sheet on the Data page, --sheet on the command line)." if others else "")
        return describe_missing(mapping) + where

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
    path = _existing_file(path)
    try:
        sheets = excel_sheets(path) if is_excel(path) else []
        chosen_sheet = sheet is not None
        sheet = sheet or (main_sheet(path) if len(sheets) > 1 else None)
        text = open_as_text(path, sheet=sheet, max_bytes=max_bytes)
    except OSError as err:  # reading the upload, or writing its converted copy
        if err.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            raise unusable(err, Path(tempfile.gettempdir()) / "heartbeat") from None
        raise InputError(f"Heartbeat cannot read this file ({err.strerror or err}).") from None
    try:
        shape = sniff(text.path)
        if (long := long_layout(shape)) and (wide := one_row_per_response(text, shape, long)):
            text, shape = wide, sniff(wide.path)
        if (groups := choice_groups(shape)) and (merged := one_column_per_question(text, shape, groups)):
            text, shape = merged, sniff(merged.path)
        profiles = profiles_of(shape)
        chosen = kind or _remembered_kind(con, shape) or recognise_kind(shape, profiles)
        mapping = remembered_mapping(con, chosen, shape) or propose_mapping(shape, chosen, profiles)
        if mapping.remembered:
            adopt_filled(mapping, shape, profiles)
            check_remembered_dates(mapping, shape)
            fill_formats(mapping, shape, profiles)
    except BaseException:
        text.discard()
        raise
    if text.notes:
        mapping.warnings[:0] = list(text.notes)
    if sheet is not None and sheet != sheets[0] and not chosen_sheet:
        mapping.warnings.insert(0, f"This workbook has {len(sheets)} sheets: '{sheet}' was read, as it holds the "
                                   f"table ('{sheets[0]}', its first, holds far less). Choose another sheet (Sheet on "
                                   "the Data page, --sheet on the command line) if the data is elsewhere.")
    return Preview(file_name or path.name, text, shape, chosen, mapping, sheets, profiles,
                   sheet or (sheets[0] if sheets else None))


def _remembered_kind(con: duckdb.DuckDBPyConnection, shape: Shape) -> str | None:
    for kind in SPECS:
        if remembered_mapping(con, kind, shape):
            return kind
    return None


def import_file(con: duckdb.DuckDBPyConnection, path: Path, *, file_name: str | None = None,
                kind: str | None = None, mapping: Mapping | None = None,
                sheet: str | None = None, max_bytes: int | None = None,
                on_progress: Progress | None = None, preview: Preview | None = None) -> ImportResult:
    """Import `path` as one batch; raises an InputError (and changes nothing) when it can't: the
    file's own problems, and the workspace's (a full disk, a read-only folder) in one line. A
    `preview` of the same file (from `preview_file`) is used instead of reading it again, and
    discarded."""
    require("analyst", "import files")
    path = _existing_file(path)
    try:
        return _import(con, path, file_name, kind, mapping, sheet, max_bytes,
                       on_progress or (lambda fraction, message: None), preview)
    except (OSError, duckdb.IOException, duckdb.TransactionException) as err:  # a full disk fails the COMMIT
        raise unusable(err, _workspace_file(con)) from None


def _existing_file(path) -> Path:
    path = Path(path)
    if path.is_dir():
        raise InputError("this is a folder: give the export file inside it.")
    if not path.exists():
        raise InputError("no such file: check its name and folder.")
    return path


def _workspace_file(con) -> Path:
    found = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return Path(found[0]) if found and found[0] else Path("workspace")


def _import(con, path: Path, file_name, kind, mapping, sheet, max_bytes, progress: Progress,
            preview: Preview | None) -> ImportResult:
    progress(0.02, "Reading the file")
    preview = preview or preview_file(con, path, file_name=file_name, kind=kind, sheet=sheet,
                                      max_bytes=max_bytes)
    try:
        chosen = mapping or preview.mapping
        try:
            return _load(con, Path(path), preview, chosen, progress)
        except _ReaderGaveUp as err:
            if preview.text.normalised:
                raise InputError(str(err)) from None
        # Mixed line endings or byte-order marks inside the file: read a cleaned copy once more.
        progress(0.03, "Reading the file again with its line endings made one kind")
        cleaned = normalised_copy(preview.text)
        preview.discard()
        preview.text = cleaned
        preview.shape = sniff(cleaned.path)
        try:
            return _load(con, Path(path), preview, chosen, progress)
        except _ReaderGaveUp as err:
            raise InputError(str(err)) from None
    finally:
        preview.discard()


def _load(con, original: Path, preview: Preview, mapping: Mapping, progress: Progress) -> ImportResult:
    started = time.perf_counter()
    shape = preview.shape
    fill_formats(mapping, shape, preview.profiles or None)
    _check_mapping(mapping, shape, preview)
    digest = _Sha256(original)
    try:
        drop_staging(con)
        progress(0.05, "Reading and checking rows")
        try:
            read_parsed_dates(con, preview.text.path, shape, mapping, shape.decimal_comma or shape.delimiter == ";")
        except ValueError as err:
            raise InputError(f"{err}: choose the date format (for example DD/MM/YYYY) and import again.") from None
        with transaction(con):
            batch_id = con.execute("SELECT nextval('batch_ids')").fetchone()[0]
            try:
                read_typed(con, preview.text.path, shape, mapping)
            except duckdb.Error as err:  # the reader gave up on the file as a whole
                detail = str(err).splitlines()[0].split(": ", 1)[-1]
                raise _ReaderGaveUp(
                    f"Heartbeat could not read this file as a table ({detail}). Check that it is a CSV "
                    "export and try saving it again from the source system.") from err
            _refuse_reordered_header(con, preview)
            progress(0.6, "Saving")
            repeats = find_repeats(con)
            good = GOOD_UNREPEATED if repeats else GOOD_ROWS
            loaded, duplicate = insert(con, batch_id, mapping, good)
            changed = supersede(con, batch_id, mapping, good)
            rejected = save_rejects(con, batch_id, shape, preview.text.path, repeats)
            rows_read = con.execute("SELECT count(*) FROM hb_typed").fetchone()[0] + parse_reject_count(con)
            if rows_read and rejected - _left_out(con, batch_id) > MOST * rows_read:
                raise refusal(con, batch_id, rows_read, rejected, mapping)
            unmapped = {column.name for column in shape.kept(mapping.read_columns())}
            kept = [column.name for column in shape.columns if column.name in unmapped]
            warnings = (mapping.warnings + import_warnings(con, mapping, kept)
                        + cut_off(con, batch_id, preview.text.path) + ([changed] if changed else [])
                        + (missing_customers(con, batch_id) if mapping.kind == "customers" else []))
            progress(0.9, "Finishing")
            # One workbook holds several tables: the sheet is part of what makes a file the same.
            fingerprint = digest.result() + (f":{preview.text.converted_from}"
                                             if preview.text.converted_from else "")
            _refuse_duplicate(con, fingerprint, preview.file_name)
            con.execute(
                "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, NULL)",
                [batch_id, preview.file_name, fingerprint, mapping.kind, shape.layout,
                 preview.text.encoding, shape.delimiter, mapping.to_json(), json.dumps(kept),
                 rows_read, loaded, rejected, duplicate],
            )
            if mapping.kind == "customers":
                rebuild_customers(con, batch_id)
            remember_mapping(con, mapping, shape)
            record(con, "import", file=preview.file_name, sha256=fingerprint, batch=batch_id, kind=mapping.kind,
                   rows_loaded=loaded, rows_rejected=rejected)
            if get_meta(con, "origin") in (None, "empty", "demo"):
                set_meta(con, "origin", "uploads")
            drop_staging(con)
    finally:
        drop_staging(con)
    warnings += unlinked_note(con, batch_id, mapping)  # the links are facts, rebuilt by the commit
    progress(1.0, "Done")
    return ImportResult(batch_id, preview.file_name, mapping.kind, preview.layout,
                        preview.text.encoding, preview.delimiter, rows_read,
                        loaded, rejected, duplicate, kept, warnings,
                        round(time.perf_counter() - started, 3))


def _left_out(con, batch_id: int) -> int:
    """Rows rejected by design, no sign of a wrong choice: a pipeline's leads, the company's own
    replies in a conversations export."""
    return con.execute("SELECT count(*) FROM rejects WHERE batch_id = ? "
                       "AND (contains(reason, ?) OR contains(reason, ?))",
                       [batch_id, NOT_A_CUSTOMER, COMPANY_SENT]).fetchone()[0]


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


def _check_mapping(mapping: Mapping, shape: Shape, preview: Preview) -> None:
    if (missing := preview.missing(mapping)) is not None:
        raise MissingColumns(missing)
    unknown = [name for name in mapping.columns.values() if name not in shape.names]
    if unknown:
        raise InputError(f"The mapping names columns this file does not have: {', '.join(unknown)}.")


def _refuse_reordered_header(con, preview: Preview) -> None:
    """Two exports pasted into one file whose columns are in different orders: every row after
    the second header would be read into the wrong fields (a total where the monthly amount was),
    so nothing is imported and the user is told where the second export starts."""
    found = reordered_header(con)
    if found is None:
        return
    position, raw = found
    shape = preview.shape
    line = lines_of(preview.text.path, shape, set(), [position])[0]
    cells = next(csv.reader([raw], delimiter=shape.delimiter))
    moved = next(((cell, name) for cell, name in zip(cells, shape.header) if name and cell != name), None)
    where = f" ('{moved[0]}' stands where '{moved[1]}' was)" if moved else ""
    raise InputError(
        f"This file holds two exports pasted together whose columns are in different orders: line {line} "
        f"repeats the header with its columns moved{where}. The rows after it would be read into the "
        "wrong fields, so nothing was imported. Import each export as its own file.")


def _refuse_duplicate(con, sha256: str, file_name: str) -> None:
    row = con.execute(
        "SELECT batch_id, file_name, strftime(imported_at, '%Y-%m-%d %H:%M') FROM imports "
        "WHERE sha256 = ? AND undone_at IS NULL", [sha256]).fetchone()
    if row:
        raise DuplicateFile(
            f"'{file_name}' was already imported (batch {row[0]}, '{row[1]}', {row[2]}): nothing "
            "was changed. Undo that batch first to import it again.", row[0])
