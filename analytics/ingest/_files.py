"""Turn an uploaded file into UTF-8 delimited text that DuckDB can read.

Recognises what a file is from its first bytes (not its name), refuses what is not a table with a
message saying what it looks like, converts Excel workbooks to CSV and re-encodes text in another
encoding (`_encoding` says which) to UTF-8. Line endings are
made one kind and byte-order marks inside the file dropped when the sample shows a mix (or when
DuckDB's reader gives up on the file); stray NUL bytes a damaged copy leaves are removed, with a
note saying how many.
Everything streams in chunks: a file is never held in memory whole.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from analytics.errors import EmptyFile, FileTooLarge, InputError, NotTabular
from analytics.ingest._encoding import (CHUNK_BYTES, ENCODING_NAMES, MIXED, SAMPLE_BYTES, Repairs, Scan, decoder,
                                        detect_encoding, scan_utf8_file)


# First bytes of formats people rename to .csv by mistake, and what to call them.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls (or other Office 97) file"),
    (b"SQLite format 3", "a SQLite database"),
)

DAMAGED_EXCEL = ("This Excel file is damaged or incomplete (it could not be opened as a workbook). "
                 "Save it again from Excel, or export it as CSV.")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# A ZIP entry's local header (signature, 26 bytes of sizes and dates) naming a workbook part
_EXCEL_PART = re.compile(rb"PK\x03\x04.{26}xl/", re.DOTALL)


@dataclass(frozen=True)
class TextFile:
    """A UTF-8 text file ready for sniffing, and how it was obtained."""

    path: Path
    encoding: str  # encoding of the original file, as a person would name it
    converted_from: str | None = None  # "Excel sheet 'Sheet1'" when the original was a workbook
    temporary: bool = False  # True when `path` is a converted copy to delete afterwards
    notes: tuple[str, ...] = ()  # what a user should know about the conversion (merged cells, NULs)
    normalised: bool = False  # line endings made one kind, inner byte-order marks dropped

    def discard(self) -> None:
        if self.temporary:
            self.path.unlink(missing_ok=True)


def human_size(n_bytes: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n_bytes < 1024 or unit == "GB":
            return f"{n_bytes:,.0f} {unit}" if unit == "bytes" else f"{n_bytes:,.1f} {unit}"
        n_bytes /= 1024
    raise AssertionError("unreachable")


def check_size(path: Path, max_bytes: int | None) -> None:
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile("The file is empty (0 bytes). Export it again from the source system.")
    if max_bytes is not None and size > max_bytes:
        raise FileTooLarge(
            f"The file is {human_size(size)}; the upload limit is {human_size(max_bytes)}. "
            "Split the export by date range, or import it with the command line, which has no limit."
        )


def describe_binary(head: bytes) -> str | None:
    """What a non-text file looks like, from its first bytes; None when it may be text."""
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive"
    return None


def is_excel(path: Path) -> bool:
    with open(path, "rb") as handle:
        if handle.read(4) != b"PK\x03\x04":
            return False
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def excel_sheets(path: Path) -> list[str]:
    """Sheet names of an .xlsx workbook, in workbook order."""
    with _open_workbook(path) as workbook:
        return list(workbook.sheetnames)


def main_sheet(path: Path, looked_at: int = 200) -> str:
    """The sheet a workbook keeps its table on: the first, unless another holds more than twice
    its filled cells in their first rows (a summary or a cover sheet before the data)."""
    with _open_workbook(path) as workbook:
        filled = {name: sum(value not in (None, "") for row in workbook[name].iter_rows(max_row=looked_at,
                                                                                      values_only=True)
                            for value in row) for name in workbook.sheetnames}
    first = next(iter(filled))
    best = max(filled, key=filled.get)
    return best if filled[best] > 2 * filled[first] else first


@contextmanager
def _open_workbook(path: Path):
    """A read-only openpyxl workbook of `path`, values only. Opened from a file handle: openpyxl
    refuses a file *name* not ending in .xlsx, and uploads are often saved under another name."""
    from openpyxl import load_workbook

    with open(path, "rb") as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception as err:  # openpyxl raises many kinds on a damaged workbook
            raise NotTabular(DAMAGED_EXCEL) from err
        try:
            yield workbook
        finally:
            workbook.close()


def _meant_as_excel(path: Path, head: bytes) -> bool:
    """True for a ZIP that `is_excel` could not open as a workbook but that was one: named .xlsx or
    .xlsm, or naming workbook parts (xl/...) in the entry headers of its first bytes. A copy cut
    short loses the ZIP's directory, which sits at the end, so only these say what it was. (Not the
    first entry being [Content_Types].xml: Word and PowerPoint files start so too.)"""
    return head.startswith(b"PK\x03\x04") and (
        path.suffix.lower() in _EXCEL_SUFFIXES or bool(_EXCEL_PART.search(head)))


def open_as_text(path: Path, *, sheet: str | None = None, max_bytes: int | None = None) -> TextFile:
    """Return a UTF-8 (BOM-free) delimited text version of `path`, or raise an InputError."""
    path = Path(path)
    check_size(path, max_bytes)
    if is_excel(path):
        return _excel_to_csv(path, sheet)
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if _meant_as_excel(path, sample):
        raise NotTabular(DAMAGED_EXCEL)
    binary = describe_binary(sample)
    if binary:
        raise NotTabular(
            f"This file looks like {binary}, not a table. Upload a CSV, TSV or Excel (.xlsx) export."
        )
    encoding = detect_encoding(sample)
    scan = scan_utf8_file(path) if encoding == "utf-8" else Scan()
    if not scan.utf8:  # accents further down: Windows-1252 alone, or beside the sample's UTF-8 ones
        encoding = "cp1252" if sample.isascii() else MIXED
    text_sample = decoder(encoding).decode(sample)
    if _looks_binary(text_sample):
        raise NotTabular(
            "This file holds binary data, not text. Upload a CSV, TSV or Excel (.xlsx) export."
        )
    normalise = _needs_normalising(text_sample)
    if encoding == "utf-8" and not normalise and "\x00" not in text_sample and not scan.nul:
        return TextFile(path, ENCODING_NAMES[encoding])
    copy, repairs = _transcode(path, encoding, normalise=normalise)
    return TextFile(copy, ENCODING_NAMES[encoding], temporary=True, notes=repairs.notes(),
                    normalised=normalise)


def _looks_binary(text: str) -> bool:
    """True when the decoded sample is binary data rather than text: NULs in more than 1 in 1,000
    characters, not counting a run of them padding the end (a copy cut short, a writer that
    crashed), or other control characters than tabs and line ends in more than 1 in 100. Fewer
    NULs are damage to a text file, removed by `_transcode`. Only the sample is judged: a file whose
    first megabyte is text is read however many NULs follow (all removed, and counted in a note)."""
    body = text.rstrip("\x00")
    return 1000 * body.count("\x00") > len(body) or _control_share(body.replace("\x00", "")) > 0.01


def _needs_normalising(text: str) -> bool:
    """True when the sample mixes line endings (CRLF and LF, or old Mac CR) or holds a byte-order
    mark after its start: DuckDB's reader expects one kind of row end throughout."""
    crlf = text.count("\r\n")
    bare_lf, bare_cr = text.count("\n") - crlf, text.count("\r") - crlf
    return "\ufeff" in text[1:] or bool(bare_cr) or bool(crlf and bare_lf)


def normalised_copy(text: TextFile) -> TextFile:
    """A copy of an already UTF-8 `text` with one kind of line ending and no inner byte-order marks."""
    copy, _ = _transcode(text.path, "utf-8", normalise=True)
    return TextFile(copy, text.encoding, text.converted_from, True, text.notes, True)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\r\n\t")
    return controls / min(len(text), 100_000)


def _temp_csv() -> Path:
    handle, name = tempfile.mkstemp(prefix="heartbeat-", suffix=".csv")
    os.close(handle)
    return Path(name)


YEN_AT_BACKSLASH = ("cp932", "shift_jis", "euc_jp")
_YEN = re.compile(r"\\(?=[\d,.]*\d)")  # '\2,462' is ¥2,462; a path's '\' before a letter stays


def _transcode(path: Path, encoding: str, *, normalise: bool = False) -> tuple[Path, Repairs]:
    """Stream `path` into a new UTF-8 file, chunk by chunk, without NUL characters (never text in
    a table, and left behind by damaged copies); with `normalise`, every line ending becomes LF
    (also inside quoted text, where it changes nothing a reader sees) and byte-order marks are
    dropped. Returns the copy and what was mended in it."""
    target = _temp_csv()
    reader, repairs = decoder(encoding), Repairs()
    pending_cr = False
    with open(path, "rb") as source, open(target, "w", encoding="utf-8", newline="") as sink:
        while True:
            chunk = source.read(CHUNK_BYTES)
            text = repairs.drop_nuls(reader.decode(chunk, final=not chunk))
            if encoding == MIXED:
                text = repairs.read_escaped(text)
            if encoding in YEN_AT_BACKSLASH:  # Shift-JIS writes the yen sign where ASCII has '\'
                text = _YEN.sub("¥", text)
            if normalise:
                text = ("\r" if pending_cr else "") + text
                pending_cr = text.endswith("\r") and bool(chunk)
                text = text[:-1] if pending_cr else text
                text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
            sink.write(text)
            if not chunk:
                break
    return target, repairs


def _excel_to_csv(path: Path, sheet: str | None) -> TextFile:
    with _open_workbook(path) as workbook:
        names = workbook.sheetnames
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise InputError(f"The workbook has no sheet named {chosen!r}; its sheets are {', '.join(names)}.")
        worksheet = workbook[chosen]
        merged = _merged_ranges(path, worksheet._worksheet_path)
        target = _temp_csv()
        try:
            with open(target, "w", encoding="utf-8", newline="") as sink:
                writer = csv.writer(sink, lineterminator="\n")
                width, spans = 0, {}
                for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                    cells = ["" if value is None else _excel_cell(value) for value in row]
                    width = width or len(cells)  # read-only rows stop at their last filled cell
                    cells += [""] * (width - len(cells))
                    _fill_merged(cells, number, merged, spans)
                    writer.writerow(cells)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    notes = (f"The sheet has {len(merged):,} merged cell ranges: each merged cell's value was copied "
             "into every row and column it covers. Check the preview.",) if merged else ()
    return TextFile(target, "Excel workbook", converted_from=f"Excel sheet '{chosen}'", temporary=True,
                    notes=notes)


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"')


def _merged_ranges(path: Path, member: str) -> list[tuple[int, int, int, int]]:
    """(first column, first row, last column, last row) of each merged range of a sheet, 1-based.
    Read-only openpyxl does not report them, so the sheet's XML is scanned in chunks (the list
    sits after the cell data)."""
    from openpyxl.utils.cell import range_boundaries

    refs, tail = [], b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
        while chunk := handle.read(CHUNK_BYTES):
            block = tail + chunk  # a tag cut by the chunk boundary is whole in the next block
            refs += _MERGE_REF.findall(block)
            tail = block[-200:]
    return [range_boundaries(ref.decode()) for ref in dict.fromkeys(refs)]  # found twice in a tail


def _fill_merged(cells: list[str], number: int, merged: list[tuple[int, int, int, int]],
                 spans: dict[int, str]) -> None:
    """Copy the top-left value of every merged range covering row `number` into the cells it covers."""
    for index, (first_col, first_row, last_col, last_row) in enumerate(merged):
        if not first_row <= number <= last_row:
            continue
        if number == first_row:
            spans[index] = cells[first_col - 1] if first_col <= len(cells) else ""
        for column in range(first_col, min(last_col, len(cells)) + 1):
            cells[column - 1] = spans[index]


def _excel_cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):  # a date, or a time of day without a date
        return value.isoformat()
    return str(value)
