"""Which comes first in a date column, the day or the month, when its values cannot say (no day
above 12): the order its name writes ('Timestamp (dd/mm/yyyy)'), or its file's currency's country's
(Xero's 'NZD')."""

from __future__ import annotations

import re
from collections.abc import Iterable

from analytics.ingest._words import CURRENCY_CODES


# Currencies of countries that write the day before the month (all the common ones but the US,
# Canadian dollars; Japan, China and Korea write the year first).
_DAY_FIRST_CURRENCIES = frozenset(CURRENCY_CODES) - {"USD", "CAD", "JPY", "CNY", "KRW"}


def day_first_currency(columns: Iterable[list[str]]) -> bool:
    """Whether a column (its cells) holds one currency code, of a country that writes dates
    day-first (Xero's 'NZD'): a tie between day and month (no day above 12: invoices dated the
    1st) is then read day-first."""
    for values in columns:
        cells = [v.strip().upper() for v in values if v.strip()]
        if cells and len(set(cells)) == 1 and cells[0] in _DAY_FIRST_CURRENCIES:
            return True
    return False


def day_first_named(header: str) -> bool | None:
    """Whether a column's name writes its date format day before month ('Timestamp (dd/mm/yyyy)',
    'Date (JJ/MM/AAAA)', 'Datum (TT.MM.JJJJ)', 'Data (gg/mm/aaaa)') or month before day
    ('mm/dd/yy'); None when the name writes no such format. Three runs of one letter: 'mm' is the
    month; the year is the run of four, or of y, a, å, r (year in English, the Romance languages,
    Swedish, Polish); the day is the third run."""
    match = _NAMED_FORMAT.search(header)
    if not match:
        return None
    runs = [run.lower() for run in re.split(r"[-/. ]", match.group(0))]
    if runs.count("mm") != 1:
        return None
    others = [n for n, run in enumerate(runs) if run != "mm"]
    years = [n for n in others if len(runs[n]) == 4] or [n for n in others if runs[n][0] in "yaår"] \
        or [n for n in others if runs[n][0] not in "dtg"]  # TT.MM.JJ: the J of Jahr
    if len(years) != 1:
        return None
    day = next(n for n in others if n != years[0])
    return day < runs.index("mm")


_NAMED_FORMAT = re.compile(r"(?<![^\W\d_])([^\W\d_])\1{1,3}([-/. ])([^\W\d_])\3{1,3}\2([^\W\d_])\4{1,3}(?![^\W\d_])")
