"""Turn an uploaded file into UTF-8 delimited text that DuckDB can read.

Recognises what a file is from its first bytes (not its name), refuses what is not a table with a
message saying what it looks like, converts Excel workbooks to CSV and re-encodes UTF-16,
Windows-1252, Mac Roman and the older Japanese, Chinese and Korean encodings to UTF-8 (and UTF-8
with some lines in Windows-1252, which a file appended to by two programs has). Line endings are
made one kind and byte-order marks inside the file dropped when the sample shows a mix (or when
DuckDB's reader gives up on the file); stray NUL bytes a damaged copy leaves are removed, with a
note saying how many.
Everything streams in chunks: a file is never held in memory whole.
"""

from __future__ import annotations

import codecs
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


def detect_encoding(sample: bytes) -> str:
    """Python codec name for the sample (or MIXED): BOMs first, then strict UTF-8, then an older
    East Asian encoding when the text reads as one, then UTF-8 with some lines in Windows-1252,
    else the older Western encodings (Windows-1252, else Mac Roman)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(sample[:200])
    if utf16:
        return utf16
    if _is_utf8(sample):
        return "utf-8"
    return _east_asian(sample) or (MIXED if _mixes_utf8_and_1252(sample) else _western(sample))


MIXED = "utf-8+cp1252"  # not a Python codec: see `_decoder`


def _mixes_utf8_and_1252(sample: bytes) -> bool:
    """True when the sample holds valid multi-byte UTF-8 characters and also bytes that are not
    UTF-8: a UTF-8 export with lines another program added in Windows-1252. Text wholly in
    Windows-1252 or Mac Roman makes a valid UTF-8 pair by chance ("Gruß“" is DF 93, Mac "l’été"
    D5 8E), which reads as a letter of another script glued to Latin ones ("Gruߓ", "lՎtŽ"), so
    the UTF-8 characters must be at least a quarter as many as the bytes that are not, and nine in
    ten of them not such letters. A file failing either keeps its single-encoding reading (as does
    one mostly in Windows-1252 with a few UTF-8 lines, whose accents then read as "Ã©")."""
    text = _decoder(MIXED).decode(sample)
    escaped = sum(len(run) for run in _ESCAPED_RUN.findall(text))
    multibyte = sum(not char.isascii() for char in text) - escaped
    stray = sum(found.group().isalpha() for found in _OTHER_SCRIPT_BESIDE_LATIN.finditer(text))
    return escaped > 0 and 4 * multibyte >= escaped and 10 * stray <= multibyte


# A character from the blocks a chance UTF-8 pair of Western text lands in (IPA, Greek, Cyrillic,
# Armenian, Hebrew, Arabic, NKo, Indic...) right beside an ASCII letter
_OTHER_SCRIPT_BESIDE_LATIN = re.compile("(?<=[A-Za-z])[\u0250-\u1fff]|[\u0250-\u1fff](?=[A-Za-z])")


def _east_asian(sample: bytes) -> str | None:
    """An older Japanese, Korean or Chinese encoding, when the sample's strict reading in it is
    text of that language: nearly every character beyond ASCII an ideograph, kana or Hangul that
    stands beside another (Western text read so leaves lone characters between ASCII letters,
    "crème" → "cr" + one ideograph, or does not decode at all), and
    - Japanese (Shift-JIS, EUC-JP): a tenth of them or more kana, which Japanese prose always has;
    - Korean (EUC-KR): nine in ten of them Hangul, as modern Korean is written (Chinese read as
      Korean gives a third or more ideographs among its Hangul);
    - Chinese (GB18030, Big5): whichever charset-normalizer, which weighs how plausible the text
      is in each, names."""
    head = sample[:EAST_ASIAN_BYTES]
    japanese = _reading(head, "cp932") or _reading(head, "euc_jp")
    if japanese and len(_KANA.findall(japanese[1])) >= 0.1 * len(_CJK.findall(japanese[1])):
        return japanese[0]
    korean = _reading(head, "cp949")
    if korean and len(_HANGUL.findall(korean[1])) >= 0.9 * len(_CJK.findall(korean[1])):
        return "cp949"
    import charset_normalizer  # only for files that are neither UTF-8 nor Japanese or Korean

    found = charset_normalizer.from_bytes(head).best()
    if found is not None and found.encoding in _CHINESE and _reading(head, found.encoding):
        return found.encoding
    return None


def _reading(head: bytes, encoding: str) -> tuple[str, str] | None:
    """(encoding, text) when `head` decodes strictly in it (a character cut at the end allowed)
    into text whose characters beyond ASCII are CJK or Hangul standing in words; else None."""
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    beyond = sum(not char.isascii() for char in text)
    written = len(_CJK.findall(text))
    in_words = sum(len(run) for run in _CJK_RUN.findall(text))
    return (encoding, text) if beyond and written >= 0.95 * beyond and in_words >= 0.8 * written else None


EAST_ASIAN_BYTES = 64 << 10
EAST_ASIAN = {"cp932": "Shift-JIS (Japanese)", "shift_jis": "Shift-JIS (Japanese)", "euc_jp": "EUC-JP (Japanese)",
              "gb18030": "GB18030 (Simplified Chinese)", "gbk": "GBK (Simplified Chinese)",
              "gb2312": "GB2312 (Simplified Chinese)", "big5": "Big5 (Traditional Chinese)",
              "cp950": "Big5 (Traditional Chinese)", "big5hkscs": "Big5-HKSCS (Traditional Chinese)",
              "cp949": "EUC-KR (Korean)", "euc_kr": "EUC-KR (Korean)"}
# Ideographs, kana, Hangul, and the full-width punctuation and forms such text uses
_CJK_CHARS = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff01-\uff5e"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")
_CHINESE = ("gb18030", "gbk", "gb2312", "big5", "cp950", "big5hkscs")
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]{{2,}}")


def _western(sample: bytes) -> str:
    """Windows-1252 unless the bytes say Mac Roman: five bytes Windows-1252 leaves undefined (Latin-1
    would read them as invisible control characters), or many more capitals glued after a small
    letter ("donÕt", "cafŽ") when read as Windows-1252 than when read as Mac Roman."""
    try:
        windows = sample.decode("cp1252")
    except UnicodeDecodeError:
        return "mac_roman"
    windows_odd = _glued_capitals(windows)
    return "mac_roman" if windows_odd >= 3 and windows_odd > 2 * _glued_capitals(sample.decode("mac_roman")) else "cp1252"


def _glued_capitals(text: str) -> int:
    return sum(1 for before, char in zip(text, text[1:])
               if not char.isascii() and char.isupper() and before.islower())


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when every other byte is zero (mostly-ASCII UTF-16 text), else None.
    A ratio, not a count, so that a file of a few short lines is recognised too."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    high_odd, high_even = head[1 : 2 * pairs : 2].count(0), head[0 : 2 * pairs : 2].count(0)
    if high_odd >= 0.4 * pairs and high_even == 0:
        return "utf-16-le"
    if high_even >= 0.4 * pairs and high_odd == 0:
        return "utf-16-be"
    return None


def _is_utf8(chunk: bytes, decoder: codecs.IncrementalDecoder | None = None) -> bool:
    """True when `chunk` is valid UTF-8 (going on from what `decoder` read before), allowing a
    character cut at its end."""
    try:
        (decoder or codecs.getincrementaldecoder("utf-8")()).decode(chunk, final=False)
        return True
    except UnicodeDecodeError:
        return False


@dataclass(frozen=True)
class _Scan:
    """What a pass over a file whose first sample is UTF-8 found in the whole of it."""

    utf8: bool = True  # every byte part of a valid UTF-8 character
    nul: bool = False  # some byte is NUL


def _scan_utf8_file(path: Path) -> _Scan:
    """One pass over a file larger than the sample, in chunks, for bytes that are not UTF-8 and for
    NUL bytes: Windows-1252 accents (alone after a plain-ASCII first megabyte, or on lines another
    program appended) and a damaged copy's NULs can sit anywhere, and a UTF-8 file is handed to
    DuckDB unconverted, which would store them (a byte that is not UTF-8 as U+FFFD). Whole, not
    spot-checked: 33 windows of 64 KB missed all ten Windows-1252 lines of an 8 MB review export,
    and the pass runs at disk speed (0.1 s for 200 MB, a fifth of DuckDB merely counting its
    rows). A character cut at the very end, as an export cut short has, counts as UTF-8. Stops
    once it has found both."""
    if path.stat().st_size <= SAMPLE_BYTES:
        return _Scan()
    utf8, nul = True, False
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        while (utf8 or not nul) and (chunk := handle.read(CHUNK_BYTES)):
            nul = nul or b"\x00" in chunk
            utf8 = utf8 and _is_utf8(chunk, decoder)
    return _Scan(utf8, nul)


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
    "cp1252": "Windows-1252 (Western European)",
    "mac_roman": "Mac Roman (older Mac exports)",
    MIXED: "UTF-8, with some lines in Windows-1252",
    **EAST_ASIAN,
}


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
    scan = _scan_utf8_file(path) if encoding == "utf-8" else _Scan()
    if not scan.utf8:  # accents further down: Windows-1252 alone, or beside the sample's UTF-8 ones
        encoding = "cp1252" if sample.isascii() else MIXED
    text_sample = _decoder(encoding).decode(sample)
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


def _decoder(encoding: str) -> codecs.IncrementalDecoder:
    """An incremental decoder for `encoding`, a byte it cannot read becoming U+FFFD. For MIXED,
    UTF-8 with each byte that is not UTF-8 kept as an escape (a lone surrogate) for
    `_Repairs.read_escaped` to read as Windows-1252 and count."""
    if encoding == MIXED:
        return codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    return codecs.getincrementaldecoder(encoding)(errors="replace")


_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")


@dataclass
class _Repairs:
    """What `_transcode` mended besides the encoding, counted over the whole file for the notes."""

    windows_1252_chars: int = 0
    windows_1252_lines: int = 0
    nuls: int = 0
    _line: int = 0  # line number at the start of the next text read
    _counted_line: int = -1  # the last line counted in windows_1252_lines

    def read_escaped(self, text: str) -> str:
        """`text` with each byte the UTF-8 decoder escaped read as Windows-1252 (one undefined
        there, such as 0x81, becomes U+FFFD), counting those characters and their lines."""
        line, seen = self._line, 0
        for run in _ESCAPED_RUN.finditer(text):
            line += text.count("\n", seen, run.start())
            seen = run.start()
            self.windows_1252_chars += len(run.group())
            if line != self._counted_line:
                self.windows_1252_lines, self._counted_line = self.windows_1252_lines + 1, line
        self._line = line + text.count("\n", seen)
        return _ESCAPED_RUN.sub(_as_windows_1252, text)

    def drop_nuls(self, text: str) -> str:
        nuls = text.count("\x00")
        self.nuls += nuls
        return text.replace("\x00", "") if nuls else text

    def notes(self) -> tuple[str, ...]:
        notes = []
        if self.windows_1252_chars:
            lines = _number_of(self.windows_1252_lines, "line")
            chars = _number_of(self.windows_1252_chars, "accented letter or symbol",
                               "accented letters and symbols")
            notes.append(f"This file is UTF-8 except for {lines} in Windows-1252 (probably added "
                         f"by another program): {chars} on them were read as Windows-1252. Check "
                         "a few of those rows in the preview.")
        if self.nuls:
            nuls = _number_of(self.nuls, "NUL character")
            notes.append(f"Removed {nuls} (empty bytes that a damaged copy or export leaves) "
                         "from the file.")
        return tuple(notes)


def _number_of(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def _as_windows_1252(run: re.Match) -> str:
    return run.group().encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")


def _transcode(path: Path, encoding: str, *, normalise: bool = False) -> tuple[Path, _Repairs]:
    """Stream `path` into a new UTF-8 file, chunk by chunk, without NUL characters (never text in
    a table, and left behind by damaged copies); with `normalise`, every line ending becomes LF
    (also inside quoted text, where it changes nothing a reader sees) and byte-order marks are
    dropped. Returns the copy and what was mended in it."""
    target = _temp_csv()
    decoder, repairs = _decoder(encoding), _Repairs()
    pending_cr = False
    with open(path, "rb") as source, open(target, "w", encoding="utf-8", newline="") as sink:
        while True:
            chunk = source.read(CHUNK_BYTES)
            text = repairs.drop_nuls(decoder.decode(chunk, final=not chunk))
            if encoding == MIXED:
                text = repairs.read_escaped(text)
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
