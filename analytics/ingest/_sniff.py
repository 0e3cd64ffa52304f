"""Read the shape of a delimited text file from its first megabyte (more when its first rows are longer).

Finds the delimiter, the survey-tool layout and its header rows (Qualtrics: 3 rows, or 2 in the
legacy export; SurveyMonkey: 2), the column names, whether numbers use a decimal comma, and a
sample of data rows for the mapping preview: the first rows, and rows spread over the rest of the
file. Exports are often sorted (by status: every customer who left first; by date: a question added
in March is empty in January's rows), so the first rows alone can say a column is empty, or that
every customer left. Only the sample is read; DuckDB reads the rest.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import EmptyFile, NotTabular
from analytics.ingest._profile import CURRENCY

SAMPLE_CHARS = 1 << 20
MAX_SAMPLE_CHARS = 32 << 20  # a first row this long (thousands of columns, a pasted document) still reads
SAMPLE_ROWS = 1000  # rows whose values the proposal reads (scales, date formats, kinds of value)
SPREAD_ROWS = 1000  # and as many more from the rest of the file, read at evenly spaced places
_SPREAD_PLACES = 100  # ten rows at each: a block of rows a hundredth of the file long is seen
_SPREAD_READ = 1 << 16  # bytes read at each place: whole lines after its first line break
_IN_STEP = 5  # rows of the header's width in a row: a place's reading is not inside a cell
_READ_WHOLE = 4 << 20  # bytes after the first rows read whole rather than at places
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

LAYOUT_NAMES = {
    "generic": "CSV with one header row",
    "qualtrics": "Qualtrics export (3 header rows)",
    "qualtrics_legacy": "Qualtrics legacy export (2 header rows)",
    "surveymonkey": "SurveyMonkey export (2 header rows)",
}

_SURVEYMONKEY_META = {"respondent id", "collector id", "start date", "end date", "ip address"}
# Numbers that can only be read one way. "1.500" and "1,500" are not here: a thousands
# separator or a decimal, nobody can tell.
_DECIMAL_COMMA = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$|^[-+]?\d+,(\d{1,2}|\d{4,})$|^[-+]?0,\d+$")
_DECIMAL_POINT = re.compile(r"^[-+]?\d{1,3}(,\d{3})+\.\d+$|^[-+]?\d+\.(\d{1,2}|\d{4,})$|^[-+]?0\.\d+$")
_THOUSANDS_DOT = re.compile(r"^[-+]?[1-9]\d{0,2}(\.\d{3})+$")  # '12.000' euros: a dot groups thousands
_THOUSANDS_COMMA = re.compile(r"^[-+]?[1-9]\d{0,2}(,\d{3})+$")  # '¥7,425': a comma groups them
_MONEY_MARKS = re.compile(rf"^(?:{CURRENCY})\s*|\s*(?:{CURRENCY})$|[\s\u00a0\u202f\u2009'’]")


@dataclass(frozen=True)
class Column:
    """One column of the file: its position, its header name, and a label from a second header row."""

    index: int
    name: str
    label: str = ""

    @property
    def key(self) -> str:
        """Staging column name in SQL: positional, so no uploaded text ever becomes an identifier."""
        return f"c{self.index}"


@dataclass(frozen=True)
class Shape:
    delimiter: str
    layout: str
    skip_rows: int  # records before the first data row (header rows and any title lines)
    columns: tuple[Column, ...]
    sample: tuple[tuple[str, ...], ...]  # first data rows, padded or cut to the column count
    decimal_comma: bool
    header: tuple[str, ...] = ()  # the header row's cells as written (a data row equal to it is refused)
    spread: tuple[tuple[str, ...], ...] = ()  # rows from the rest of the file, in file order

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def rows(self) -> tuple[tuple[str, ...], ...]:
        """The rows the proposal reads: the first ones, then those spread over the rest of the file."""
        return self.sample + self.spread

    def values(self, column: Column) -> list[str]:
        return [row[column.index] for row in self.rows]

    def first_values(self, column: Column) -> list[str]:
        """The column's values in the first rows, one after the other as in the file."""
        return [row[column.index] for row in self.sample]

    def kept(self, mapped: set[str]) -> list[Column]:
        """The columns no field takes, in name order, but for those without a header that are empty
        in the sample (the columns a spreadsheet adds after its table) or count its rows (the index
        pandas writes first): kept as attributes."""
        return sorted((column for column in self.columns if column.name not in mapped
                       and (column.index >= len(self.header) or self.header[column.index]
                            or any(v.strip() for v in self.values(column))
                            and not counts_rows(self.first_values(column)))), key=lambda column: column.name)


def counts_rows(values: list[str]) -> bool:
    """1, 2, 3, … in file order: a row number, which names no one (the next export renumbers)."""
    cells = [v.strip() for v in values if v.strip()]
    if not cells or not all(c.isdigit() for c in cells):
        return False
    first = int(cells[0])
    return all(int(c) == first + i for i, c in enumerate(cells))


def read_sample(path: Path) -> str:
    """The first megabyte of text, read on while it holds fewer than three whole lines (a very long
    header or first row), up to MAX_SAMPLE_CHARS; a line cut at the end is dropped."""
    return _read_head(path)[0]


def _read_head(path: Path) -> tuple[str, bool]:
    """(read_sample's text, whether it is the whole file)."""
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        text = handle.read(SAMPLE_CHARS)
        while len(text) < MAX_SAMPLE_CHARS and text.count("\n") < 3 and (more := handle.read(len(text))):
            text += more
        whole = not handle.read(1)
    if not whole:  # drop the last, probably cut, line
        text = text[: max(text.rfind("\n"), 0)]
    return text.lstrip("\ufeff"), whole


def sniff(path: Path) -> Shape:
    """Shape of the UTF-8 text file at `path`; raises EmptyFile or NotTabular."""
    text, whole = _read_head(path)
    if not text.strip():
        raise EmptyFile("The file has no text in it. Export it again from the source system.")
    delimiter, records = _best_delimiter(text)
    widths = Counter(len(record) for record in records if any(cell.strip() for cell in record))
    width = widths.most_common(1)[0][0]
    if width < 2:
        raise NotTabular(
            "This file has only one column: it does not look like a table. Check that it is a CSV "
            "export separated by commas, semicolons or tabs."
        )
    layout, header_at, skip, columns = _layout(records, width)
    header = tuple(cell.strip() for cell in (records[header_at] + [""] * width)[:width])
    data = [record for record in records[skip:] if any(cell.strip() for cell in record)
            and tuple(cell.strip() for cell in record[:width]) != header]  # two exports joined: header again
    if not data:
        raise EmptyFile(
            f"The file has a header row ({len(columns)} columns) but no data rows under it."
        )
    regular = [record for record in data if len(record) == width]
    if len(regular) >= len(data) / 2:  # a row cut or split by a stray delimiter is rejected at import:
        data = regular                 # its shifted values say nothing of what the columns hold
    sample = tuple(tuple((record + [""] * len(columns))[: len(columns)]) for record in data[:SAMPLE_ROWS])
    spread = () if whole and len(records) < SAMPLE_ROWS + 20 else \
        _spread(path, delimiter, header, _bytes_of(text, delimiter, len(records)))
    return Shape(
        delimiter=delimiter,
        layout=layout,
        skip_rows=skip,
        columns=tuple(columns),
        sample=sample,
        decimal_comma=delimiter != "," and _uses_decimal_comma(sample + spread),
        header=header,
        spread=spread,
    )


def _spread(path: Path, delimiter: str, header: tuple[str, ...], start: int) -> tuple[tuple[str, ...], ...]:
    """Up to SPREAD_ROWS rows from after the byte `start` (the end of the first rows), never from the
    file's last lines (a report's footer): taken evenly from all of them when the rest is short
    (_READ_WHOLE), else read at evenly spaced places, as many at each, never past the next place
    (no row is read twice). A place opens inside a row, perhaps inside a cell written over several
    lines (a comment's second paragraph): its rows are read from the first line on from which
    _IN_STEP rows in a row have the header's width."""
    size = path.stat().st_size

    def row(record: list[str]) -> bool:
        return len(record) == len(header) and tuple(cell.strip() for cell in record) != header

    if size - start <= _READ_WHOLE:  # the rest is read row after row, and rows taken evenly from it
        with open(path, "rb") as handle:
            handle.seek(start)
            records = [record for record in _parse(handle.read().decode("utf-8", errors="replace"), delimiter,
                                                   limit=size)[:-3] if row(record)]
        return tuple(tuple(record) for record in records[::max(1, -(-len(records) // SPREAD_ROWS))])
    places = [start + (size - start) * place // _SPREAD_PLACES for place in range(_SPREAD_PLACES)] + [size]
    per_place = -(-SPREAD_ROWS // _SPREAD_PLACES)
    rows: list[tuple[str, ...]] = []
    with open(path, "rb") as handle:
        for here, there in zip(places, places[1:]):
            handle.seek(here)
            lines = handle.read(min(_SPREAD_READ, there - here)).decode("utf-8", errors="replace")
            records = _in_step(lines.splitlines(keepends=True)[1:], delimiter, len(header))
            records = records[:-3] if there == size else records
            rows += [tuple(record) for record in records if row(record)][:per_place]
    return tuple(rows)


def _in_step(lines: list[str], delimiter: str, width: int) -> list[list[str]]:
    """The records read from the first of the lines that opens _IN_STEP records of `width` cells
    in a row, the last one (perhaps cut off) aside; none when no line does."""
    for first in range(min(len(lines), 100)):
        text = "".join(lines[first:])
        opening = _parse(text, delimiter, limit=_IN_STEP + 1)
        if len(opening) > _IN_STEP and all(len(record) == width for record in opening[:_IN_STEP]):
            return _parse(text, delimiter, limit=min(len(lines), 4 * _IN_STEP + SPREAD_ROWS // _SPREAD_PLACES))[:-1]
    return []


def _bytes_of(text: str, delimiter: str, count: int) -> int:
    """How many bytes of UTF-8 the text's first `count` records take."""
    taken = 0
    lines = io.StringIO(text, newline="")

    def counted():
        nonlocal taken
        for line in lines:
            taken += len(line.encode("utf-8"))
            yield line

    for _ in zip(range(count), csv.reader(counted(), delimiter=delimiter)):
        pass
    return taken


# Python's csv module refuses cells over 128 KB by default; a pasted document in one cell is data.
csv.field_size_limit(MAX_SAMPLE_CHARS)


def _parse(text: str, delimiter: str, limit: int = SAMPLE_ROWS + 20) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    records = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= limit:
                break
    except csv.Error:
        pass
    return records


def _best_delimiter(text: str) -> tuple[str, list[list[str]]]:
    """The delimiter under which most rows have the same number (> 1) of fields."""
    best = None
    for delimiter in DELIMITERS:
        records = _parse(text, delimiter)
        widths = Counter(len(record) for record in records if record)
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        score = (count / sum(widths.values()), width) if width > 1 else (0.0, width)
        if best is None or score > best[0]:
            best = (score, delimiter, records)
    if best is None:
        raise EmptyFile("The file has no rows.")
    return best[1], best[2]


def _layout(records: list[list[str]], width: int) -> tuple[str, int, int, list[Column]]:
    """(layout, header row index, rows to skip, columns) for the records of the sample."""
    first = [cell.strip() for cell in records[0]]
    second = [cell.strip() for cell in records[1]] if len(records) > 1 else []
    third = [cell.strip() for cell in records[2]] if len(records) > 2 else []
    if sum(cell.startswith('{"ImportId"') for cell in third) >= max(1, len(third) // 2):
        return "qualtrics", 0, 3, _columns(first, second, width)
    if (
        re.fullmatch(r"V\d+", first[0] if first else "")
        and any(cell.lower() == "responseid" for cell in second)
    ):
        return "qualtrics_legacy", 1, 2, _columns(second, first, width)
    if _SURVEYMONKEY_META <= {cell.lower() for cell in first} and any(
        cell in ("Response", "Open-Ended Response") for cell in second
    ):
        return "surveymonkey", 0, 2, _surveymonkey_columns(first, second, width)
    header_at = _first_full_row(records, width)
    return "generic", header_at, header_at + 1, _columns(records[header_at], [], width)


def _first_full_row(records: list[list[str]], width: int) -> int:
    """Index of the header: the first row as wide as the table (skips title lines above it, and a
    row naming groups of columns: `_groups_columns`; a blank one above numbers is a header without
    names: `_blank_header`), or the row just above it when that row is
    one name short and every data row ends with an empty cell: data rows that end with a
    delimiter the header row lacks."""
    for index, record in enumerate(records):
        if _blank_header(record, records[index + 1] if index + 1 < len(records) else [], width):
            return index
        if len(record) == width and sum(bool(cell.strip()) for cell in record) >= width / 2:
            if _groups_columns(record, records[index + 1] if index + 1 < len(records) else []):
                continue
            above = records[index - 1] if index else []
            if (len(above) == width - 1 and all(cell.strip() for cell in above)
                    and all(not row[-1].strip() for row in records[index:] if len(row) == width)):
                return index - 1
            return index
    return 0


_NUMBER = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$")


def _blank_header(record: list[str], below: list[str], width: int) -> bool:
    """A header row whose names were all blanked (',,,,' above rows of numbers): the columns have
    no names, and the row below is the first row of data, not the header."""
    numbers = sum(bool(_NUMBER.match(cell)) for cell in below)
    return (len(record) == width and not any(cell.strip() for cell in record)
            and len(below) == width and numbers > width / 2)


def _groups_columns(record: list[str], below: list[str]) -> bool:
    """A row that names groups of columns above the header ('Customer' over five columns,
    'Services' over ten: merged cells a workbook repeats in each): its names repeat, so fewer
    than half are different, while the row below names every column differently."""
    names = [cell.strip() for cell in record if cell.strip()]
    named = [cell.strip() for cell in below if cell.strip()]
    return (len(set(names)) < len(names) / 2 and len(below) == len(record)
            and len(named) >= len(below) / 2 and len(set(named)) == len(named))


def _columns(names: list[str], labels: list[str], width: int) -> list[Column]:
    given = [(names[index].strip() if index < len(names) else "") or f"Column {index + 1}"
             for index in range(width)]
    taken: set[str] = set()
    columns = []
    for index, name in enumerate(given):
        if name in taken:  # a repeated name gets the first free " (n)" suffix
            name = next(f"{name} ({n})" for n in range(2, width + 2)
                        if f"{name} ({n})" not in taken and f"{name} ({n})" not in given)
        taken.add(name)
        label = labels[index].strip() if index < len(labels) else ""
        columns.append(Column(index, name, "" if label == given[index] else label))
    return columns


def _surveymonkey_columns(first: list[str], second: list[str], width: int) -> list[Column]:
    """Forward-fill question headers across their sub-columns and add the sub-label."""
    names, question = [], ""
    for index in range(width):
        head = first[index] if index < len(first) else ""
        sub = second[index] if index < len(second) else ""
        question = head or question
        if head and sub in ("", "Response", "Open-Ended Response"):
            names.append(head)
        else:
            names.append(f"{question} | {sub}" if sub else question)
    return _columns(names, [], width)


def decimal_comma_in(shape: Shape, column: Column) -> bool:
    """Whether the column's numbers are written with a decimal comma: the whole file's ("1.234,50"
    in a semicolon file), or, in a comma-separated file, this column's own when its amounts are
    quoted so ("1.864,00", "19,65") and none is written with a decimal point."""
    if shape.decimal_comma:
        return True
    if shape.delimiter != ",":
        return False
    cells = [_bare_number(cell) for cell in shape.values(column) if cell.strip()]
    return any(_DECIMAL_COMMA.match(cell) for cell in cells) and not any(_DECIMAL_POINT.match(cell) for cell in cells)


def _uses_decimal_comma(sample: tuple[tuple[str, ...], ...]) -> bool:
    """True when more sample numbers read only with a decimal comma ("1.234,50", "99,90", "12.000"
    whole euros) than with a decimal point ("1,234.50", "8.5", "¥7,425"), their currency aside
    ("1.408,37 EUR", "€ 1.111,71"). Ties go to the comma: a file that is not comma-separated
    most often comes from a decimal-comma locale; a file with no such number at all has none."""
    cells = [_bare_number(cell) for row in sample for cell in row if cell.strip()]
    comma = sum(bool(_DECIMAL_COMMA.match(cell) or _THOUSANDS_DOT.match(cell)) for cell in cells)
    point = sum(bool(_DECIMAL_POINT.match(cell) or _THOUSANDS_COMMA.match(cell)) for cell in cells)
    return comma > 0 and comma >= point


def _bare_number(cell: str) -> str:
    """A cell without its currency and spaces: '1.408,37 EUR' → '1.408,37'."""
    return _MONEY_MARKS.sub("", cell.strip())
