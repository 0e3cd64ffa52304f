"""Turn an uploaded file into UTF-8 delimited text that DuckDB can read.

Recognises what a file is from its first bytes (not its name), refuses what is not a table with a
message saying what it looks like, converts Excel workbooks to CSV and re-encodes UTF-16 and
Windows-1252 text to UTF-8. Everything streams in chunks: a file is never held in memory whole.
"""

from __future__ import annotations

import codecs
import csv
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import EmptyFile, FileTooLarge, InputError, NotTabular

SAMPLE_BYTES = 1 << 20
CHUNK_BYTES = 8 << 20

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


@dataclass(frozen=True)
class TextFile:
    """A UTF-8 text file ready for sniffing, and how it was obtained."""

    path: Path
    encoding: str  # encoding of the original file, as a person would name it
    converted_from: str | None = None  # "Excel sheet 'Sheet1'" when the original was a workbook
    temporary: bool = False  # True when `path` is a converted copy to delete afterwards

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
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def detect_encoding(sample: bytes) -> str:
    """Python codec name for the sample: BOMs first, then strict UTF-8, then Windows-1252."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample[1:200:2].count(0) > 50 and sample[0:200:2].count(0) == 0:
        return "utf-16-le"
    if sample[0:200:2].count(0) > 50 and sample[1:200:2].count(0) == 0:
        return "utf-16-be"
    try:
        # A multi-byte character may be cut at the sample's end; ignore only that tail.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
    "cp1252": "Windows-1252 (Western European)",
    "latin-1": "Latin-1",
}


def open_as_text(path: Path, *, sheet: str | None = None, max_bytes: int | None = None) -> TextFile:
    """Return a UTF-8 (BOM-free) delimited text version of `path`, or raise an InputError."""
    path = Path(path)
    check_size(path, max_bytes)
    if is_excel(path):
        return _excel_to_csv(path, sheet)
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    binary = describe_binary(sample)
    if binary:
        raise NotTabular(
            f"This file looks like {binary}, not a table. Upload a CSV, TSV or Excel (.xlsx) export."
        )
    encoding = detect_encoding(sample)
    text_sample = sample.decode(encoding, errors="replace")
    if "\x00" in text_sample or _control_share(text_sample) > 0.01:
        raise NotTabular(
            "This file holds binary data, not text. Upload a CSV, TSV or Excel (.xlsx) export."
        )
    if encoding == "utf-8":
        return TextFile(path, ENCODING_NAMES[encoding])
    return TextFile(_transcode(path, encoding), ENCODING_NAMES[encoding], temporary=True)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\r\n\t")
    return controls / min(len(text), 100_000)


def _temp_csv() -> Path:
    handle, name = tempfile.mkstemp(prefix="heartbeat-", suffix=".csv")
    os.close(handle)
    return Path(name)


def _transcode(path: Path, encoding: str) -> Path:
    """Stream `path` into a new UTF-8 file, chunk by chunk."""
    target = _temp_csv()
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with open(path, "rb") as source, open(target, "w", encoding="utf-8", newline="") as sink:
        while chunk := source.read(CHUNK_BYTES):
            sink.write(decoder.decode(chunk))
        sink.write(decoder.decode(b"", final=True))
    return target


def _excel_to_csv(path: Path, sheet: str | None) -> TextFile:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        names = workbook.sheetnames
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise InputError(f"The workbook has no sheet named {chosen!r}; its sheets are {', '.join(names)}.")
        target = _temp_csv()
        with open(target, "w", encoding="utf-8", newline="") as sink:
            writer = csv.writer(sink, lineterminator="\n")
            width = 0
            for row in workbook[chosen].iter_rows(values_only=True):
                cells = ["" if value is None else _excel_cell(value) for value in row]
                width = width or len(cells)  # read-only rows stop at their last filled cell
                writer.writerow(cells + [""] * (width - len(cells)))
    finally:
        workbook.close()
    return TextFile(target, "Excel workbook", converted_from=f"Excel sheet '{chosen}'", temporary=True)


def _excel_cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value)
