"""Mask personal data in customer text for presentation: emails, phone numbers, card numbers, names.

`mask(text, names)` returns the text with
- e-mail addresses → "[email]";
- card-like numbers (13–19 digits, optionally grouped by spaces or dashes, Luhn-valid) → "[card]";
- phone numbers → "[phone]": international (+CC …, 00CC …), North American ((415) 555-0142,
  1-800-799-0808, 303.938.2837) and European national numbers with a trunk 0 (020 7946 0958,
  06 12 34 56 78). Years, dates, times, IP and version numbers, amounts ($1,240) and bare digit
  runs are left alone;
- person names → "[name]": the names given (e.g. customers.name) and names found in the text.
  Words are compared in their capitalised form. A given first name, and any first name of
  `FIRST_NAMES`, is masked wherever it is written with a capital; a given surname wherever it is
  unlike any English word (O'Brien, Müller, Ó Briain), otherwise next to the first name or after
  a cue ("Mr Green"); a capitalised word after a strong cue ("Hi Xiomara,", "spoke to …",
  "my name is …", a sign-off line under "Thanks,") is masked even if unknown. The capitalised
  word after a name is taken as its surname ("Kenji Tanaka" → one "[name]"). Ordinary
  capitalised words (`NOT_NAMES`: days, months, departments, product words, tools) are never
  masked, and first names that are also ordinary words, months or colours (`AMBIGUOUS_NAMES`:
  Will, May, Olive, Heather, …) only after a cue ("asked Will", "Thanks, May").

The function is pure and uses precompiled patterns; masking is for display only (raw rows are
never modified). Pass names through `prepare_names` once when masking many texts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analytics.voices._names import AMBIGUOUS_NAMES, FIRST_NAMES, NOT_NAMES, ORDINARY_WORDS, SURNAMES

EMAIL, PHONE, CARD, NAME = "[email]", "[phone]", "[card]", "[name]"

_PARTICLES = frozenset("de da di del della der den van von la le du dos das do bin al el mac ter".split())
_TITLES = frozenset("Mr Mrs Ms Miss Mx Dr Prof Sr Sra Herr Frau Mme Mlle".split())
_SUFFIXES = frozenset("MD DDS DVM PHD JR SR II III IV ESQ CPA RN MBA".split())

# --- e-mail, card and phone patterns ------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+%-])[\w.+%-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])")
# Not inside a word, number, amount, path or version; not followed by more digits.
_NUM_BEFORE = r"(?<![\w$€£¥+.,/:#-])"
_NUM_AFTER = r"(?![\w%$€£]|[.,/:-]\d)"
_CARD = re.compile(_NUM_BEFORE + r"\d(?:[ -]?\d){12,18}" + _NUM_AFTER)
_SEP = r"(?:[ .]|[ ]?-[ ]?)"
_PHONE_NANP = re.compile(
    _NUM_BEFORE + r"(?:\+?1" + _SEP + r"?)?(?:\(\d{3}\)[ ]?|\d{3}" + _SEP + r")\d{3}" + _SEP + r"\d{4}"
    + _NUM_AFTER)
_PHONE_INTL = re.compile(
    r"(?<![\w$€£¥.,/:#-])(?:\+\d{1,3}|\b00\d{1,3}(?=[ .-]))(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,6}){1,6}"
    + _NUM_AFTER)
_PHONE_TRUNK = re.compile(
    _NUM_BEFORE + r"(?:\(0\d{1,4}\)|0\d{1,4})(?:[ .-]\d{2,8}){1,4}" + _NUM_AFTER)
_DATE_LIKE = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{2,4}")
_DIGIT = re.compile(r"\d")


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card(match: re.Match) -> str:
    found = match[0]
    digits = "".join(_DIGIT.findall(found))
    groups = re.split(r"[ -]", found)
    if 13 <= len(digits) <= 19 and _luhn(digits) and (len(groups) == 1 or min(map(len, groups)) >= 3):
        return CARD
    return found


def _international(match: re.Match) -> str:
    return PHONE if 8 <= len(_DIGIT.findall(match[0])) <= 15 else match[0]


def _national(match: re.Match) -> str:
    found = match[0]
    if _DATE_LIKE.match(found) or not 9 <= len(_DIGIT.findall(found)) <= 12:
        return found
    return PHONE


# --- names ----------------------------------------------------------------------------------------

# A word: letters, with inner apostrophes or hyphens (O'Brien, Hyun-woo, Sarah's).
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_CONTRACTION = re.compile(r"['’](?:m|ve|ll|d|t|re|s)$", re.IGNORECASE)
# Cues after which any capitalised word (not in NOT_NAMES) is a name.
_STRONG_CUE = re.compile(
    r"\b(?:spoke (?:to|with)|speaking (?:to|with)|talked (?:to|with)|chatted with|"
    r"raised (?:it|this|that) with|my name is|her name is|his name is|name's|cc|attn|"
    r"mr|mrs|ms|mx|dr)\.?,?[ \t]+$", re.IGNORECASE)
# A greeting: the word after it is a name when the greeting line goes on with punctuation.
_GREETING = re.compile(r"\b(?:hi|hiya|hello|hey|dear)[ \t]*,?[ \t]+$", re.IGNORECASE)
_AFTER_GREETING = re.compile(r"[ \t]*(?:[,!:\n]|$)")
# Cues after which a listed first name (also an ambiguous one) or a given surname is a name.
_WEAK_CUE = re.compile(
    r"(?:\b(?:thanks|thank you|cheers|per|agent|rep|csm|manager|colleague|i am|i'm|this is|"
    r"called|emailed|told|asked|ask for|asked for|contacted)[,:]?[ \t]+)$", re.IGNORECASE)
_DASH_PREFIX = re.compile(r"[ \t]*(?:--?|—|~)[ \t]*")  # a line starting "-- " (a sign-off or a list)
_WEAK_CUE_AFTER = re.compile(
    r"(?:[ \t]+(?:called|said|says|wrote|mentioned|told|promised|replied|answered|explained|"
    r"from (?:support|sales|billing|your team)|in support|at support)\b|,[ \t]+(?:our|your)\b)",
    re.IGNORECASE)
_CLOSING_LINE = re.compile(
    r"[ \t]*(?:thanks|thank you|many thanks|thx|cheers|best|best regards|kind regards|regards|"
    r"warm regards|warmly|sincerely|yours|yours truly|all the best|ta)"
    r"(?:[ \t]*[,.!]?|\b.{0,50},)[ \t]*", re.IGNORECASE)
# A name right after a place prefix ("St. Louis", "North Carolina", "Hurricane Irma") or right
# before a place or business noun ("Catalina Island", "Thomas College", "Comfort Suites") names a
# place or a business, not a person.
_PLACE_BEFORE = re.compile(
    r"\b(?:st|saint|san|santa|sao|são|fort|ft|mount|mt|lake|port|cape|north|south|east|west|new|"
    r"upper|lower|hurricane|storm|typhoon)\.?[ \t]+$", re.IGNORECASE)
_PLACE_AFTER = re.compile(
    r"(?:['’]s)?[ \t]+(?:island|islands|beach|bay|park|street|st|road|avenue|ave|boulevard|square|"
    r"hotel|hotels|inn|suites|resort|lodge|church|cathedral|college|university|school|airport|station|"
    r"express|lake|river|valley|hills|mountain|center|centre|mall|restaurant|cafe|café|bank|county|city|"
    r"tree|bridge|harbor|harbour|terminal|terminals|pier|plaza|market)\b", re.IGNORECASE)
_SIGNATURE_LINE = re.compile(
    r"[ \t]*(?:--?|—|~)?[ \t]*[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,3}[ \t]*[.,!]?[ \t]*")


@dataclass(frozen=True)
class Names:
    """Given names, prepared once. `tokens` are masked wherever they are capitalised: first names,
    and surnames no English word looks like (O'Brien, Müller, McKay). `cued` (other surnames, and
    first names that are ordinary words) are masked next to another part of a name or after a cue."""

    tokens: frozenset[str] = frozenset()
    cued: frozenset[str] = frozenset()
    joined: frozenset[str] = frozenset()  # ordinary words ("Good", "Day") masked only inside a name


NO_NAMES = Names()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _distinctive(token: str) -> bool:
    """A surname that is no ordinary word: an apostrophe, a non-ASCII letter or an inner capital."""
    return not token.isascii() or "'" in token or "’" in token or any(c.isupper() for c in token[1:])


def prepare_names(names: Iterable[str] | Names | None) -> Names:
    """Split full names ("Zoë O'Brien") into the tokens to mask; ignores missing values. Tuples
    are remembered (the UI masks quote after quote with the same names)."""
    if isinstance(names, Names):
        return names
    if isinstance(names, tuple):
        try:
            return _prepared(names)
        except TypeError:  # unhashable members
            pass
    return _prepare(names)


@functools.lru_cache(maxsize=64)
def _prepared(names: tuple) -> Names:
    return _prepare(names)


def _prepare(names: Iterable[str] | None) -> Names:
    tokens, cued, joined = set(), set(), set()
    for name in (() if names is None else names):
        if not isinstance(name, str):
            continue
        parts = [p for p in _WORD.findall(_nfc(name)) if p not in _TITLES and p.upper() not in _SUFFIXES]
        for position, token in enumerate(parts):
            if len(token) < 2 or token.lower() in _PARTICLES:
                continue
            token = token[0].upper() + token[1:]
            if token in NOT_NAMES:
                joined.add(token)
                continue
            if position == 0:
                anywhere = token not in ORDINARY_WORDS
            else:  # a surname: anywhere only if no word looks like it ("O'Brien", "Ó Briain")
                prefix = parts[position - 1]
                anywhere = _distinctive(token) or len(prefix) == 1 or prefix.lower() in _PARTICLES
            (tokens if anywhere else cued).add(token)
    return Names(frozenset(tokens), frozenset(cued), frozenset(joined))


def _capitalised(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or not word.isupper())


def _candidate(word: str) -> bool:
    """Could be a name: capitalised, not an ordinary capitalised word, not a contraction (I've)."""
    return _capitalised(word) and word not in NOT_NAMES and not _CONTRACTION.search(word)


def _signature_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines that are a sign-off: a short line of capitalised words right after a closing
    line ("Thanks," / "Best regards,"), blank lines in between allowed."""
    spans, previous, offset = [], "", 0
    for line in text.split("\n"):
        if line.strip():
            if (len(line) <= 48 and _CLOSING_LINE.fullmatch(previous) and _SIGNATURE_LINE.fullmatch(line)
                    and all(_capitalised(w) or w.upper() in _SUFFIXES for w in _WORD.findall(line))):
                spans.append((offset, offset + len(line)))
            previous = line
        offset += len(line) + 1
    return spans


def _is_name(text: str, match: re.Match, word: str, names: Names, signatures) -> bool:
    if not _capitalised(word) or _CONTRACTION.search(word):
        return False
    key = _nfc(word)
    given = key in names.tokens or key in names.cued
    if not given and (_PLACE_BEFORE.search(text, max(0, match.start() - 12), match.start())
                      or _PLACE_AFTER.match(text, match.end())):
        return False
    listed = key in FIRST_NAMES or key in SURNAMES or key in names.cued or key in names.tokens
    ordinary = key in NOT_NAMES  # "May", "Jan": a name only after a cue, and only if listed
    if ordinary and not listed:
        return False
    if not ordinary and (key in names.tokens or (key in FIRST_NAMES and key not in AMBIGUOUS_NAMES)):
        return True
    before = text[max(0, match.start() - 40):match.start()]
    dashed = bool(_DASH_PREFIX.fullmatch(text, text.rfind("\n", 0, match.start()) + 1, match.start()))
    if listed and (dashed or _WEAK_CUE.search(before) or _WEAK_CUE_AFTER.match(text, match.end())):
        return True  # "Thanks Will", "Will called", "- Will"
    if len(word) > 1 and (
            _STRONG_CUE.search(before)
            or (_GREETING.search(before) and _AFTER_GREETING.match(text, match.end()))
            or (dashed and not text[match.end():].strip(" \t\n.!"))):
        return True  # "spoke to …", "Hi …,", "-- …" closing the text
    return any(a <= match.start() < b for a, b in signatures)


def _mask_names(text: str, names: Names) -> str:
    words = list(_WORD.finditer(text))
    if not words:
        return text
    signatures = _signature_lines(text) if "\n" in text else ()
    flagged = [False] * len(words)
    for i, match in enumerate(words):
        word = _POSSESSIVE.sub("", match[0])
        flagged[i] = _is_name(text, match, word, names, signatures)
    _extend(text, words, flagged, names)
    return _replace_runs(text, words, flagged)


def _joined(text: str, left: re.Match, right: re.Match) -> bool:
    return text[left.end():right.start()] in (" ", "\u00a0")


def _extend(text: str, words: list[re.Match], flagged: list[bool], names: Names) -> None:
    """A capitalised word right after a name (or after particles: "van der Rohe") is its surname;
    a title or a one-letter prefix right before it ("Dr", "Ó Briain") belongs to it too."""
    for i in range(len(words)):
        if not flagged[i]:
            continue
        j = i + 1
        while j < len(words) and _joined(text, words[j - 1], words[j]):
            k = j
            while k < len(words) - 1 and words[k][0] in _PARTICLES and _joined(text, words[k], words[k + 1]):
                k += 1
            word = _POSSESSIVE.sub("", words[k][0])
            if _capitalised(word) and (word in names.joined or word in names.cued or word in names.tokens):
                pass  # part of a given name, even if it is an ordinary word ("Jeremy Good")
            elif word.upper() in _SUFFIXES and word[0].isupper():
                pass  # "Stephanie Nelson DVM", "Brendan Lang II"
            elif not (_candidate(word) and len(word) > 1):
                break
            for m in range(j, k + 1):
                flagged[m] = True
            j = k + 1
        k = i - 1
        while k >= 0 and not flagged[k] and _joined(text, words[k], words[k + 1]):
            word = words[k][0]
            if word in _TITLES or (len(word) == 1 and word.isupper() and not word.isascii()):
                flagged[k] = True
                k -= 1
            else:
                break


def _replace_runs(text: str, words: list[re.Match], flagged: list[bool]) -> str:
    out, cursor, i = [], 0, 0
    while i < len(words):
        if not flagged[i]:
            i += 1
            continue
        start, j = words[i].start(), i
        while j + 1 < len(words) and flagged[j + 1] and _joined(text, words[j], words[j + 1]):
            j += 1
        end = words[j].end()
        possessive = _POSSESSIVE.search(words[j][0])
        if possessive:
            end -= len(possessive[0])
        out.append(text[cursor:start])
        out.append(NAME)
        cursor, i = end, j + 1
    out.append(text[cursor:])
    return "".join(out)


def mask(text: str | None, names: Iterable[str] | Names | None = ()) -> str | None:
    """The text with e-mails, card numbers, phone numbers and person names replaced by
    "[email]", "[card]", "[phone]" and "[name]". `names`: full names known to the workspace (e.g.
    customers.name), as strings or prepared with `prepare_names`. None and "" come back unchanged."""
    if not text or not isinstance(text, str):
        return text
    if not unicodedata.is_normalized("NFC", text):  # "Zoë" typed as "Zoe" + combining diaeresis
        text = _nfc(text)
    if "@" in text:
        text = _EMAIL.sub(EMAIL, text)
    if _DIGIT.search(text):
        text = _CARD.sub(_card, text)
        text = _PHONE_INTL.sub(_international, text)
        text = _PHONE_NANP.sub(PHONE, text)
        text = _PHONE_TRUNK.sub(_national, text)
    return _mask_names(text, prepare_names(names))


def mask_frame(df: pd.DataFrame, columns: Iterable[str], names: Iterable[str] | Names | None = (),
               name_column: str | None = None) -> pd.DataFrame:
    """A copy of `df` with `columns` masked. `names` applies to every row; `name_column` (optional)
    holds each row's own person name (e.g. the customer's), masked in that row as well."""
    out = df.copy()
    shared = prepare_names(names)
    for column in columns:
        if name_column is None:
            out[column] = [mask(value, shared) for value in df[column]]
        else:
            out[column] = [
                mask(value, _with(shared, own)) for value, own in zip(df[column], df[name_column])]
    return out


def _with(shared: Names, own) -> Names:
    if not isinstance(own, str) or not own:
        return shared
    extra = prepare_names((own,))
    return Names(shared.tokens | extra.tokens, shared.cued | extra.cued, shared.joined | extra.joined)
