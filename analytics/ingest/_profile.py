"""What a column's values look like, read from the sample rows: how many are numbers (and which),
yes/no answers, dates, free text, e-mail addresses or identifiers. The proposal reads these
profiles together with the column names, so a column is never proposed for a field its values
cannot fill (an empty column is never a score, a yes/no column is never NPS)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from analytics.ingest._dates import looks_like_date
from analytics.ingest._verbal import NO_ANSWER, VerbalScale, label, scale_of
from analytics.ingest._words import CURRENCY_CODES, EMPTY_WORDS, FALSE_WORDS, PLACEHOLDER, TRUE_WORDS

# One number, optionally followed by a label the survey tool wrote after it ("10 - Extremely
# likely", "5 (Very satisfied)") or the top of its scale ("9/10", "4 / 5"); or, after a few words,
# with the top of its scale (a review site's "Rated 4 out of 5 stars", "Note : 4 sur 5"). Exponents,
# ranges, other fractions and hex are not numbers here.
SCORE_CELL = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(?:$|/\s*(?:5|7|10)\s*$|(?:[-–—:(]\s*|\s+)[^\W\d_].*$)"
                        r"|^\s*(?:[^\W\d_]+[\s:]+){1,3}([+-]?\d+(?:[.,]\d+)?)\s*(?:/|out of|of|de|sur|von|su|van|av|z)"
                        r"\s*(?:5|7|10)(?:$|[^\d.,].*$)", re.S | re.I)
PLAIN_NUMBER = re.compile(r"^\s*[+-]?(?:\d{1,3}(?:[,.\s]\d{3})+|\d+)(?:[.,]\d+)?\s*$")
# an amount with its currency before or after it: a sign, a common ISO code, or the Nordic 'kr' (zł, Kč, R$)
CURRENCY_SIGNS = "$€£¥￥₹₩₺₽₪"
CURRENCY = rf"[{CURRENCY_SIGNS}]|" + "|".join(CURRENCY_CODES) + r"|R\$|kr\.?|zł|Kč|TL|руб\.?|円"
# an amount with its currency, its thousands grouped by spaces or apostrophes (1'234.50), its minus
# in brackets or after it ((250.00), 283.18-)
MONEY = re.compile(rf"^\s*\(?\s*(?:{CURRENCY})?\s*[+-]?\d[\d.,\s'’]*-?\s*(?:{CURRENCY})?\s*\)?\s*$")
# an address, bare or as a mail program or a CRM wrote it ('mailto:a@b.com', 'Ana Ruiz <a@b.com>',
# HubSpot's 'Ana Ruiz (a@b.com)')
EMAIL = re.compile(r"^(?:[^@<>()]*<\s*|[^@<>()]*\(\s*)?(?:mailto:)?[^@\s<>()]+@[^@\s<>()]+\.[^@\s<>()]+"
                   r"(?:\s*>|\s*\))?$", re.IGNORECASE)
# an identifier: one token (base64 too: 'Q3hFqda1+uM1=', though not a phone number's leading '+'),
# or a short prefix and a number ('ACCT 1155'), or a number a spreadsheet grouped in thousands ('1,155')
ID_LIKE = re.compile(r"^(?:[\w.:/#-][\w.:/#+=-]{0,63}|[A-Za-z]{1,8} \d{1,20}|\d{1,3}(?:,\d{3})+)$")
# A billing tool's key: a short prefix naming the object and a random token ('cus_jq361m4vPixNVb',
# 'sub_AzqZLTbKwMhE'), which may hold no digit
PREFIXED_ID = re.compile(r"^[a-z]{2,8}_[A-Za-z0-9]{8,}$")
LETTER = re.compile(r"[^\W\d_]")
# A postal address ('244 Oak Ave, Austin, TX 78701', 'Hauptstraße 5, 10115 Berlin', '10 Downing
# Street, London SW1A 2AA'): a house number beside a word, a comma, a postcode, no question or
# exclamation (a year is not a postcode). A column of them is where a customer lives, never words a customer wrote.
ADDRESS = re.compile(r"^(?=[^!?]*$)(?=.*,)(?:\d{1,6}[a-zA-Z]?\s+\S|[^,]*\S\s+\d{1,5}[a-zA-Z]?\s*,).*\b(?:(?!(?:19|20)\d\d\b)\d{4,6}"
                     r"|\d{3}-\d{4}|\d{2}-\d{3}|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b")
# Chinese and Japanese are written without spaces between words: two such characters make about
# one word (Korean puts spaces between its words, so Hangul counts as any letter).
UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class Profile:
    """Counts over the non-empty sample cells of one column (`filled` of `rows`)."""

    rows: int
    filled: int
    distinct: int
    scores: int  # cells that read as one number (a label after it allowed)
    integers: int  # ... of which whole numbers
    on_scale: int  # ... of which between 0 and 10
    numbers: int  # cells that read as a plain number or an amount of money
    flags: int  # yes/no answers (yes, no, true, false, 1, 0, sim, não, oui, ja, …)
    dates: int
    emails: int
    ids: int  # one token without spaces, up to 64 characters, holding a digit (or PREFIXED_ID)
    tokens: int  # one token without spaces, up to 64 characters ("acme", "C-001")
    mean_words: float  # tokens between spaces that hold a letter ('R_2YPOQ602' is one word)
    addresses: int = 0  # postal addresses (ADDRESS)
    low: float | None = None
    high: float | None = None
    counts: dict = field(default_factory=dict, compare=False)  # whole-number score → cells
    examples: tuple[str, ...] = ()
    verbal: VerbalScale | None = None  # scores written as words on this scale (_verbal)

    def share(self, count: int) -> float:
        return count / self.filled if self.filled else 0.0

    @property
    def empty(self) -> bool:
        return self.filled == 0

    @property
    def unique(self) -> float:
        """Distinct values ÷ filled cells (1.0: every value different)."""
        return self.distinct / self.filled if self.filled else 0.0

    @property
    def is_score(self) -> bool:
        return self.filled > 0 and self.share(self.scores) >= 0.9 and self.share(self.integers) >= 0.8 \
            and self.low is not None and self.low >= 0 and self.high is not None and self.high <= 10

    @property
    def is_flag(self) -> bool:
        return self.filled > 0 and self.share(self.flags) >= 0.95 and self.distinct <= 4

    @property
    def is_date(self) -> bool:
        return self.filled > 0 and self.share(self.dates) >= 0.8

    @property
    def is_number(self) -> bool:
        return self.filled > 0 and self.share(self.numbers) >= 0.9

    @property
    def is_free_text(self) -> bool:
        """Sentences people wrote: several words on average, mostly different from each other."""
        return (self.filled > 0 and self.mean_words >= 4 and self.unique >= 0.5
                and self.share(self.numbers) < 0.2 and self.share(self.addresses) < 0.8)

    @property
    def is_short_text(self) -> bool:
        return self.filled > 0 and self.share(self.numbers) < 0.5 and not self.is_date and not self.is_flag

    @property
    def is_category(self) -> bool:
        """A few values repeated (a segment, a plan, a country; or a dozen codes of any kind)."""
        return self.filled > 0 and self.distinct <= 60 and (self.unique <= 0.5 or self.filled < 20) and (
            self.is_short_text or self.distinct <= 12)

    @property
    def is_thumbs(self) -> bool:
        """Only 1 and −1: a thumb up or down (Steam's review_score), both given."""
        return self.filled > 0 and self.integers == self.filled and set(self.counts) == {1, -1}

    @property
    def is_identifier(self) -> bool:
        return self.filled > 0 and self.share(self.ids) >= 0.95 and self.mean_words <= 1.2

    @property
    def is_email(self) -> bool:
        return self.filled > 0 and self.share(self.emails) >= 0.8


def score_of(cell: str) -> float | None:
    """The number a score cell holds ('10 - Extremely likely' → 10.0, '4,5' → 4.5, '★★★★☆' → 4.0),
    else None."""
    match = SCORE_CELL.match(cell)
    if match:
        return float((match.group(1) or match.group(2)).replace(",", "."))
    return float(sum(mark in FILLED_STARS for mark in cell)) if STARS.match(cell) else None


# Stars drawn as characters (a review site's '★★★★☆'): the filled ones are the score
FILLED_STARS = "★⭐"
STARS = re.compile(r"^\s*[★⭐☆✩]+\s*$")


def _words(token: str) -> int:
    """Words in one token between spaces: one when it holds a letter ('R_2YPOQ602' is one word),
    about one per two characters of Chinese or Japanese ('サポートが遅い' is three)."""
    unspaced = len(UNSPACED.findall(token))
    return max(1, unspaced // 2) if unspaced else int(bool(LETTER.search(token)))


def _as_written(cell: str) -> str:
    """The cell without invisible marks: zero-width spaces, byte-order marks, and what a
    spreadsheet is told to keep a number as text with: an apostrophe before it ('7205883080955,
    '02134) or a formula of the text alone (="00123")."""
    cell = cell.replace("\u200b", "").replace("\ufeff", "").strip()
    if cell.startswith('="') and cell.endswith('"') and len(cell) > 3:
        return cell[2:-1]
    return cell[1:] if cell[:1] == "'" and cell[1:2].isdigit() else cell


def profile(values: list[str]) -> Profile:
    """The profile of one column from its sample cells (as text)."""
    cells = [c for c in (_as_written(v) for v in values if v)  # 'N/A', '-', 'No Rating Found': nothing written
             if c and c.lower() not in EMPTY_WORDS and not PLACEHOLDER.fullmatch(c)]
    verbal = scale_of(cells)
    if verbal is not None:  # answers as words: a no-answer word is an empty cell
        cells = [c for c in cells if label(c) not in NO_ANSWER]
    if not cells:
        return Profile(len(values), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0)
    points = {said: float(point) for said, point in verbal.labels().items()} if verbal is not None else {}
    scores, counts = [], Counter()
    for cell in cells:
        number = points.get(label(cell), score_of(cell)) if verbal is not None else score_of(cell)
        if number is not None:
            scores.append(number)
            if number.is_integer():
                counts[int(number)] += 1
    flags = sum(cell.lower() in TRUE_WORDS or cell.lower() in FALSE_WORDS for cell in cells)
    words = [sum(_words(token) for token in cell.split()) for cell in cells]
    return Profile(
        rows=len(values), filled=len(cells), distinct=len(set(cells)), scores=len(scores),
        integers=sum(counts.values()), on_scale=sum(0 <= score <= 10 for score in scores),
        numbers=sum(bool(PLAIN_NUMBER.match(c) or MONEY.match(c) and any(ch.isdigit() for ch in c))
                    for c in cells),
        flags=flags, dates=sum(looks_like_date(c) for c in cells[:300]) * len(cells) // min(len(cells), 300),
        emails=sum(bool(EMAIL.match(c)) for c in cells),
        ids=sum(bool(ID_LIKE.match(c)) and (any(ch.isdigit() for ch in c) or bool(PREFIXED_ID.match(c)))
                for c in cells),
        tokens=sum(bool(ID_LIKE.match(c)) for c in cells),
        mean_words=sum(words) / len(words), addresses=sum(bool(ADDRESS.match(c)) for c in cells),
        low=min(scores) if scores else None, high=max(scores) if scores else None,
        counts=dict(counts), examples=tuple(dict.fromkeys(cells))[:3], verbal=verbal)
