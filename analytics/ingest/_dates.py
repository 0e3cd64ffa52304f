"""How a date column is written, read from many of its values.

A column is read in one of these ways (`DateReading.mode`):
- "format": one strptime format that DuckDB applies to every row, after ordinal suffixes are
  dropped ("3rd March 2021" → "3 March 2021"). The format is the one that reads the most sample
  values; when day and month could be swapped (no day above 12 anywhere), European files
  (semicolons, decimal commas) read day-first, others month-first, and the reading says it was
  a guess (`ambiguous`) with the other order as the `alternative` to offer;
- "excel": Excel serial day numbers (days since 1899-12-30, with the time as a fraction);
- "unix" / "unix_ms": seconds or milliseconds since 1970;
- "parser": anything else a person writes (month names in French, German, Portuguese, …,
  mixed layouts): each distinct value is read once by dateparser, a well-kept parser that knows
  ordinals and month names in 200+ locales, and the readings are looked up row by row.

The user can always choose the way (`reading_for`: a format written "DD/MM/YYYY", "excel", …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta


ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th|er|e|º|ª)\b\.?", re.IGNORECASE)
ORDINAL_SQL = r"(\d)(st|nd|rd|th|er|e|º|ª)\b\.?"
_SPACES = re.compile(r"\s+")
_TIME = re.compile(r"^(?P<date>.+?)(?:(?P<sep>,? |T| (?:at|às|à|a las|alle|um|om|kl\.|klo) )"
                   r"(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                   r"(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?))?$")
_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")
_MONTH_DOT_YEAR = re.compile(r"^(?:0[1-9]|1[0-2])\.(?:19|20)\d\d$")  # '01.2024' (DATEV): a month, not a number
# A time counted back from when the file was saved: no date ('3 months ago', 'an hour ago').
_AGO = re.compile(r"(?i)(?:an?|\d+)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago")
# The first letters of month names in English, French, German, Spanish, Portuguese, Italian and
# Dutch: a value holding one of these and a number may be a date written out.
_MONTH_WORD = re.compile(
    r"(?i)(?<![^\W\d_])(jan|feb|f[eé]v|mar|m[aä]r|apr|avr|abr|may|mai|mei|mag|jun|jui|giu|jul|lug|aug|"
    r"ao[uû]|ago|sep|set|oct|okt|out|ott|nov|dec|d[eé]c|dez|dic|ene|gen|lut|maa)[^\W\d_]*")

DATE_PARTS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y-%m", "%m.%Y", "%m/%Y", "%m-%Y",
    "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%m-%d-%Y", "%d.%m.%Y", "%m.%d.%Y",
    "%d/%m/%y", "%m/%d/%y", "%d-%m-%y", "%m-%d-%y", "%d.%m.%y",
    "%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%d %b %y", "%d. %B %Y", "%d. %b %Y",
    "%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y", "%b %Y", "%B %Y", "%b-%y", "%a, %d %b %Y",
    "%Y年%m月%d日", "%Y년 %m월 %d일",  # Japanese and Chinese, Korean
)
# Whole formats with the time inside the date: Twitter's API and C's ctime ('Tue Oct 31 22:10:47 +0000 2017').
WHOLE_FORMATS = ("%a %b %d %H:%M:%S %z %Y", "%a %b %d %H:%M:%S %Y")
TIME_PARTS = ("%H:%M", "%H:%M:%S", "%H:%M:%S.%f", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%I:%M:%S%p",
              "%H:%M:%SZ", "%H:%M:%S.%fZ", "%H:%M:%S%z", "%H:%M:%S.%f%z", "%H:%MZ", "%H:%M:%S UTC",
              "%H:%M:%S %z", "%H:%M %z")  # an offset after a space: '2024-05-01 08:00:00 -0700' (Delighted, Rails)
# How people write a format, token by token ("DD/MM/YYYY hh:mm"), and the strptime code of each.
# Case matters: MM is the month, mm the minutes. Longer tokens are read first.
_TOKENS = (("YYYY", "%Y"), ("Month", "%B"), ("AM/PM", "%p"), ("±hh:mm", "%z"), ("ffffff", "%f"),
           ("Mon", "%b"), ("Ddd", "%a"), ("YY", "%y"), ("MM", "%m"), ("DD", "%d"), ("hh", "%H"),
           ("mm", "%M"), ("ss", "%S"))
MODE_NAMES = {"excel": "Excel serial days", "unix": "Unix seconds", "unix_ms": "Unix milliseconds",
              "parser": "dates written out, read one by one"}
PLAUSIBLE_FROM = date(1990, 1, 1)
EITHER = " or "  # two formats of one column, each read where it reads: '%Y-%m-%d or %d/%m/%Y'

EXCEL_EPOCH = date(1899, 12, 30)
MAX_PARSED = 50_000  # distinct values the general reader reads; more need a format


@dataclass(frozen=True)
class DateReading:
    mode: str  # format | excel | unix | unix_ms | parser
    format: str | None = None  # strptime format, for mode "format"
    share: float = 1.0  # of the sample values it reads
    ambiguous: bool = False  # day and month could be swapped and nothing decided it
    alternative: str | None = None  # the swapped format

    @property
    def label(self) -> str:
        """How a person names it: 'DD/MM/YYYY', 'Mon DD, YYYY hh:mm AM/PM', 'Excel serial days'."""
        if self.mode != "format":
            return MODE_NAMES[self.mode]
        return describe_format(self.format)

    def as_text(self) -> str:
        """What the mapping stores: the strptime format, or the mode."""
        return self.format if self.mode == "format" else self.mode


def describe_format(fmt: str) -> str:
    """'%d/%m/%Y %H:%M' → 'DD/MM/YYYY hh:mm': the way people write a format."""
    text = fmt
    for token, code in _TOKENS:
        text = text.replace(code, token)
    return text.replace("%I", "hh")


def label_of(stored: str) -> str:
    """How a mapping's stored reading (a strptime format or a mode) is shown to a person."""
    return describe_format(stored) if "%" in stored else MODE_NAMES.get(stored, stored)


def strptime_of(written: str) -> str:
    """'DD.MM.YYYY hh:mm' → '%d.%m.%Y %H:%M' (12-hour when AM/PM is written)."""
    text = written
    for token, code in _TOKENS:
        text = text.replace(token, code)
    return text.replace("%H", "%I") if "%p" in text else text


def reading_for(text: str) -> DateReading:
    """The reading a user asked for: a written format ('DD/MM/YYYY', 'D Month YYYY' is
    'DD Month YYYY', 'YYYY-MM-DD hh:mm:ss'), a strptime format ('%d.%m.%Y %H:%M'), or 'excel',
    'unix', 'unix-ms', 'written-out' (the general reader). Raises ValueError with the choices."""
    choice = text.strip()
    lowered = choice.lower().replace("-", "_")
    if lowered in ("excel", "unix", "unix_ms", "parser", "written_out"):
        return DateReading("parser" if lowered == "written_out" else lowered)
    fmt = choice if "%" in choice else strptime_of(choice)
    if "%" not in fmt or not any(code in fmt for code in ("%d", "%m", "%b", "%B", "%Y", "%y")):
        raise ValueError(f"{choice!r} is not a date format: write it like DD/MM/YYYY, MM/DD/YY hh:mm, "
                         "DD Month YYYY or YYYY-MM-DD, or choose excel, unix, unix-ms or written-out")
    try:
        datetime.now().strftime(fmt)
    except ValueError as err:
        raise ValueError(f"{choice!r} is not a date format ({err})") from None
    return DateReading("format", fmt)


def clean(value: str) -> str:
    """The value as the formats read it: trimmed, single spaces, ordinal suffixes dropped, a month
    abbreviated with a dot as the three letters %b reads ('Sept. 13' → 'Sep 13'), and a time zone's
    name after its offset left out (JavaScript's 'GMT+0100 (CET)': the offset says it)."""
    return _SPACES.sub(" ", ABBREVIATED.sub(r"\1", ORDINAL.sub("", _ZONE_NAME.sub("", value.strip()))))


# AP style's 'Sept.', 'Dec.', 'Aug.' (a dot after the abbreviation, a 't' after 'Sep')
ABBREVIATED = re.compile(r"\b(jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)t?\.", re.IGNORECASE)
ABBREVIATED_SQL = r"\b((?i:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))[tT]?\."


_ZONE_NAME = re.compile(r"(?<=\d)\s*\([A-Za-z][A-Za-z .'-]*\)$")


def parses(value: str, fmt: str) -> bool:
    if EITHER in fmt:
        return any(parses(value, part) for part in fmt.split(EITHER))
    try:
        datetime.strptime(value, fmt)
        return True
    except ValueError:
        return False


def written_ways(fmt: str) -> list[str]:
    """The format, the same with the fraction of a second dropped or added (a tool writes '.000'
    only when it is not zero: Google's review times), and its date alone: a tool, or a scrape,
    leaves out a time of midnight or one it does not know ('22/02/2023' beside '04/03/2023 às
    21:21'). A time with its zone keeps it: a date alone would be of no zone."""
    if EITHER in fmt:
        return [way for part in fmt.split(EITHER) for way in written_ways(part)]
    ways = [fmt, fmt.replace("%S.%f", "%S")] if "%S.%f" in fmt else \
        [fmt, fmt.replace("%S", "%S.%f")] if "%S" in fmt else [fmt]
    clock = _CLOCK_AFTER.search(fmt)
    if clock and not any(mark in fmt[clock.start():] for mark in ("%z", "Z", "UTC", "%Y", "%y")):  # ctime's year
        ways.append(fmt[:clock.start()])
    return ways


# Where a format's time begins: its separator from the date, then the hour
_CLOCK_AFTER = re.compile(r"(?:,? |T|" + "|".join(f" {word} " for word in ("at", "às", "à", "a las", "alle", "um",
                                                                        "om", "kl.", "klo")) + r")%[HI]")


def reads(value: str, fmt: str) -> bool:
    """The value reads in the format, with or without a fraction of a second (as imported)."""
    return any(parses(value, way) for way in written_ways(fmt))


def _reading_half(formats: tuple[str, ...], values: list[str]) -> list[str]:
    """The formats that read at least half the values; each is tried on 20 values first, so the
    many that read none cost 20 attempts, not hundreds."""
    probe = values[:20]
    return [f for f in formats if sum(reads(v, f) for v in probe) >= 0.5 * len(probe)
            and sum(reads(v, f) for v in values) >= 0.5 * len(values)]


def _formats_for(values: list[str]) -> list[str]:
    """Candidate full formats: date parts that read the date part of most values, joined to the
    time part (if any) that reads their time part."""
    splits = [m for m in (_TIME.match(v) for v in values) if m]
    if len(splits) < len(values) * 0.5:
        return []
    date_values = [m["date"].strip() for m in splits]
    times = [(m["sep"], m["time"]) for m in splits if m["time"]]
    dates = _reading_half(DATE_PARTS, date_values)
    if not times:
        return dates
    seps = {sep for sep, _ in times}
    clocks = _reading_half(TIME_PARTS, [v for _, v in times])
    return [f"{d}{sep}{t}" for d in dates for sep in seps for t in clocks] + dates


def _serial(values: list[str]) -> str | None:
    numbers = [float(v) for v in values if _DIGITS.match(v)]
    if not values or len(numbers) < 0.95 * len(values):
        return None
    low, high = min(numbers), max(numbers)
    soon = (date.today() + timedelta(days=366))
    if (PLAUSIBLE_FROM - EXCEL_EPOCH).days <= low and high <= (soon - EXCEL_EPOCH).days:
        return "excel"
    seconds = (datetime(soon.year, soon.month, soon.day) - datetime(1970, 1, 1)).total_seconds()
    if 631_152_000 <= low and high <= seconds:
        return "unix"
    if 631_152_000_000 <= low and high <= seconds * 1000:
        return "unix_ms"
    return None


def _compact(values: list[str]) -> bool:
    """Dates written as one number, year first ('20120831'), as databases and data warehouses
    export them: every value eight digits reading as a date since 1900."""
    soon = date.today().year + 1
    return all(len(v) == 8 and v.isdigit() and 1900 <= int(v[:4]) <= soon and reads(v, "%Y%m%d") for v in values)


_PLAIN_WORD = re.compile(r"[^\W\d_]+[.:]?")


def _said_before(values: list[str]) -> str:
    """Words a scrape writes before each date ('Reviewed ', 'Date of stay: '): up to four, none a
    month's or a day's name, the same on nine in ten values; '' when there are none."""
    words = []
    for word in (values[0].split(" ") if values else []):
        if not _PLAIN_WORD.fullmatch(word) or _MONTH_WORD.search(word) or _WEEKDAY.search(word):
            break
        words.append(word)
    said = " ".join(words) + " " if 0 < len(words) <= 4 else ""
    return said if said and sum(v.startswith(said) for v in values) >= 0.9 * len(values) else ""


_WEEKDAY = re.compile(r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")


def _swap(fmt: str) -> str | None:
    """The same format with day and month swapped ('%d/%m/%Y' ↔ '%m/%d/%Y'), or None. Year first
    is ISO's order, year-month-day: no export writes year-day-month, so it is never in doubt."""
    if "%d" in fmt and "%m" in fmt and not fmt.startswith("%Y"):
        return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    return None


def read_dates(values: list[str], day_first: bool = False, numbers_are_dates: bool = False
               ) -> DateReading | None:
    """How the column's values are written, or None when they do not read as dates.
    `day_first` breaks a day/month tie (a European file); `numbers_are_dates` lets plain numbers
    read as Excel serial days or Unix time (the column's name says it holds dates)."""
    distinct = list(dict.fromkeys(clean(v) for v in values if v and v.strip()))
    cleaned = distinct[::max(1, -(-len(distinct) // 400))]  # 400 at most, from all through the sample
    if not cleaned:
        return None
    if numbers_are_dates and (mode := _serial(cleaned)):
        return DateReading(mode)
    if numbers_are_dates and _compact(cleaned):
        return DateReading("format", "%Y%m%d")
    if (said := _said_before(cleaned)) and (reading := read_dates(
            [v[len(said):] for v in cleaned if v.startswith(said)], day_first)):
        if reading.mode != "format":  # AP style's 'Reviewed June 24' beside 'Reviewed Sept. 13': read one by one
            return reading if reading.mode == "parser" else None
        written = said.replace("%", "%%")  # 'Reviewed 13/09/2023': the words are part of the format
        return replace(reading, format=written + reading.format,
                       alternative=reading.alternative and written + reading.alternative)
    if sum(bool(_DIGITS.match(v)) and not _MONTH_DOT_YEAR.match(v) for v in cleaned) > 0.5 * len(cleaned):
        return None
    best, best_share = None, 0.0
    for fmt in _formats_for(cleaned) + _reading_half(WHOLE_FORMATS, cleaned):
        share = sum(reads(v, fmt) for v in cleaned) / len(cleaned)
        if share > best_share:
            best, best_share = fmt, share
    if best is not None and best_share < 0.9 and (two := _second_layout(cleaned, best, day_first)):
        return two
    if best is not None and best_share >= 0.9:
        swapped = _swap(best)
        if swapped and sum(reads(v, swapped) for v in cleaned) / len(cleaned) >= best_share:
            first = best if best.index("%d") < best.index("%m") else swapped
            second = swapped if first == best else best
            chosen, other = (first, second) if day_first else (second, first)
            return DateReading("format", chosen, best_share, ambiguous=True, alternative=other)
        return DateReading("format", best, best_share)
    written_out = sum(bool(_MONTH_WORD.search(v)) for v in cleaned) >= 0.5 * len(cleaned)
    if written_out and sum(looks_like_date(v) for v in cleaned) >= 0.8 * len(cleaned):
        share = _parser_share(cleaned[:60], day_first)
        if share >= 0.9:
            return DateReading("parser", None, share)
    # Numbers only (the general reader would swap day and month silently), or a column of mixed
    # layouts: the format that reads most values; the others are rejected with their reason.
    return DateReading("format", best, best_share) if best is not None and best_share >= 0.5 else None


def _second_layout(values: list[str], best: str, day_first: bool) -> DateReading | None:
    """Both formats, when a second one reads the values `best` does not, together nine in ten: an
    export whose layout changed part-way (ISO, then DD/MM/YYYY hh:mm). One of the two writes the
    year first, so no value reads two ways; a time zone is never mixed with none. The other's day
    and month, when they could be swapped, are ordered as read_dates orders them, and said."""
    rest = [v for v in values if not reads(v, best)]
    for other in _formats_for(rest):
        iso, second = sorted((best, other), key=lambda fmt: not fmt.startswith("%Y"))
        share = sum(reads(v, iso) or reads(v, second) for v in values) / len(values)
        if not iso.startswith("%Y") or second.startswith("%Y") or "%z" in iso + second or share < 0.9:
            continue
        swapped = _swap(second)
        if swapped and all(reads(v, swapped) for v in values if reads(v, second) and not reads(v, iso)):
            first, then = sorted((second, swapped), key=lambda fmt: fmt.index("%d") > fmt.index("%m"))
            chosen, alternative = (first, then) if day_first else (then, first)
            return DateReading("format", f"{iso}{EITHER}{chosen}", share, ambiguous=True,
                               alternative=f"{iso}{EITHER}{alternative}")
        return DateReading("format", f"{iso}{EITHER}{second}", share)
    return None


def looks_like_date(value: str) -> bool:
    """A quick check for profiling: digits in a date-like shape, or a month name with a number
    (not '3 months ago', whose 'ago' is August's short name in Italian, Spanish and Portuguese)."""
    value = _ZONE_NAME.sub("", value.strip())
    if len(value) < 6 or len(value) > 40 or _DIGITS.match(value) and not _MONTH_DOT_YEAR.match(value):
        return False
    if _AGO.fullmatch(value):
        return False
    if "@" in value:  # an address: 'shopper16@mail.com' holds "mai" (May) and a number, and no date
        return False
    if re.match(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", value) or re.match(r"^(?:\d{4}-\d{2}|\d{1,2}[-/.]\d{4})$", value):
        return True
    if re.match(r"^\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]", value):
        return True
    if said := _said_before([value]):  # 'Reviewed 13/09/2023'
        return looks_like_date(value[len(said):])
    return bool(len(value.split()) <= 6 and re.search(r"\d", value) and _MONTH_WORD.search(value))


def _settings(day_first: bool) -> dict:
    return {"DATE_ORDER": "DMY" if day_first else "MDY", "PREFER_DAY_OF_MONTH": "first",
            # every parser but 'relative-time': '3 months ago' would be dated back from today
            "PARSERS": ["timestamp", "custom-formats", "absolute-time", "no-spaces-time"],
            "RETURN_AS_TIMEZONE_AWARE": False, "TO_TIMEZONE": "UTC", "STRICT_PARSING": False,
            "REQUIRE_PARTS": ["day", "month", "year"]}


def _parser_share(values: list[str], day_first: bool) -> float:
    import dateparser

    if not values:
        return 0.0
    settings = _settings(day_first)
    return sum(dateparser.parse(v, settings=settings) is not None for v in values) / len(values)


def counted_back(values: list[str]) -> bool:
    """Whether nearly every filled value is a time counted back from when the file was saved
    ('3 months ago', 'an hour ago')."""
    filled = [v for v in values if v.strip()]
    return bool(filled) and sum(bool(_AGO.fullmatch(v.strip())) for v in filled) >= 0.8 * len(filled)


def parse_all(values: list[str], day_first: bool) -> dict[str, datetime]:
    """Each distinct value read once by dateparser: value (as in the file, trimmed) → timestamp
    (UTC, naive). Values it cannot read are left out. Raises ValueError past MAX_PARSED values."""
    import dateparser

    distinct = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if len(distinct) > MAX_PARSED:
        raise ValueError(f"{len(distinct):,} different date values are too many to read one by one")
    settings = _settings(day_first)
    found = {}
    for value in distinct:
        parsed = dateparser.parse(clean(value), settings=settings)
        if parsed is None and (said := _said_before([clean(value)])):  # 'Reviewed June 24, 2010'
            parsed = dateparser.parse(clean(value)[len(said):], settings=settings)
        if parsed is not None:
            found[value] = parsed.replace(tzinfo=None)
    return found
