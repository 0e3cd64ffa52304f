"""Files people download: CSV and Excel with formula-like cells neutralised, so a spreadsheet
shows, never runs, them (OWASP CSV injection)."""

from __future__ import annotations

import math
from datetime import date, datetime
from io import BytesIO

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix an apostrophe to text a spreadsheet would read as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 (with BOM, so Excel picks the encoding) CSV of `frame`, every text cell neutralised."""
    cleaned = frame.copy()
    for column in cleaned.columns:
        if cleaned[column].dtype == object or pd.api.types.is_string_dtype(cleaned[column]):
            cleaned[column] = cleaned[column].map(neutralise)
    cleaned.columns = [neutralise(str(name)) for name in cleaned.columns]
    return cleaned.to_csv(index=False).encode("utf-8-sig")


def _xlsx_value(value: object) -> object:
    """A cell value openpyxl writes as data: text neutralised and stripped of characters XML
    forbids, missing values empty, timestamps naive, anything else as its text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (int, float, date)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _xlsx_value(value.item())
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def safe_xlsx(frame: pd.DataFrame, sheet: str = "Data") -> bytes:
    """An .xlsx of `frame` (header row + one row per record). Every text cell is neutralised and
    stored as a string cell (never a formula), numbers and dates as themselves."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    table = book.active
    table.title = sheet[:31] or "Data"
    rows = [[str(name) for name in frame.columns]]
    rows.extend(frame.itertuples(index=False, name=None))
    for r, row in enumerate(rows, 1):
        for c, raw in enumerate(row, 1):
            value = _xlsx_value(raw)
            cell = table.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # a string cell, whatever the text looks like
            if r == 1:
                cell.font = Font(bold=True)
    table.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
