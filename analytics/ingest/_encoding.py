"""Which encoding a text upload is in, and how to read it as Unicode: byte-order marks, UTF-8,
UTF-16 without a BOM, the older Japanese, Korean and Chinese encodings, UTF-8 with some lines in
Windows-1252 (a file two programs wrote to), Windows-1252, Mac Roman and the Windows code pages
of Central Europe, Cyrillic, Turkish and Greek; with what reading it
mended (`Repairs`: Windows-1252 lines, NUL bytes) counted for the user's notes."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SAMPLE_BYTES = 1 << 20
CHUNK_BYTES = 8 << 20


def detect_encoding(sample: bytes) -> str:
    """Python codec name for the sample (or MIXED): BOMs first, then strict UTF-8, then an older
    East Asian encoding when the text reads as one, then UTF-8 with some lines in Windows-1252,
    else the older one-byte code page that reads it best (`_single_byte`)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(sample[:200])
    if utf16:
        return utf16
    if _is_utf8(sample):
        return "utf-8"
    return _east_asian(sample) or (MIXED if _mixes_utf8_and_1252(sample) else _single_byte(sample))


MIXED = "utf-8+cp1252"  # not a Python codec: see `decoder`


def _mixes_utf8_and_1252(sample: bytes) -> bool:
    """True when the sample holds valid multi-byte UTF-8 characters and also bytes that are not
    UTF-8: a UTF-8 export with lines another program added in Windows-1252. Text wholly in
    Windows-1252 or Mac Roman makes a valid UTF-8 pair by chance ("Gruß“" is DF 93, Mac "l’été"
    D5 8E), which reads as a letter of another script glued to Latin ones ("Gruߓ", "lՎtŽ"), so
    the UTF-8 characters must be at least a quarter as many as the bytes that are not, and nine in
    ten of them not such letters. A file failing either keeps its single-encoding reading (as does
    one mostly in Windows-1252 with a few UTF-8 lines, whose accents then read as "Ã©")."""
    text = decoder(MIXED).decode(sample)
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


def _single_byte(sample: bytes) -> str:
    """The older one-byte code page whose reading of the sample is least odd (`_oddness`):
    Windows-1252 unless another reads clearly better (under half its oddness, by 3 or more), or
    Windows-1252 leaves one of its bytes undefined. So Western text stays Windows-1252, and
    Russian, Polish, Czech, Turkish or Greek exports Excel saved "as CSV" on a Windows set to that
    language are read in its code page rather than as accented Latin gibberish."""
    head = sample[:SINGLE_BYTE_BYTES]
    readings = {}
    for encoding in SINGLE_BYTE:
        try:
            readings[encoding] = head.decode(encoding)
        except UnicodeDecodeError:
            continue
    odd = {encoding: _oddness(text) for encoding, text in readings.items()}
    best = min(odd, key=lambda encoding: (odd[encoding], SINGLE_BYTE.index(encoding)))
    if "cp1252" in odd and not (odd["cp1252"] - odd[best] >= 3 and 2 * odd[best] < odd["cp1252"]):
        return "cp1252"
    return best


SINGLE_BYTE_BYTES = 64 << 10
# Windows-1252 first (the default of Western Windows and of most exports), then the code pages of
# Windows set to Cyrillic, Turkish, Central European and Greek, and Mac Roman (older Mac exports).
# Turkish text reads as well in Central European (ğ ş ı as đ ţ ý), so Turkish goes first; Polish,
# Czech, Slovak, Croatian and Romanian text does not read as Turkish (ł ż ś ş as ³ ¿ œ º, or ž ť
# undefined there), Hungarian alone reads alike (ő ű as õ û, as Windows-1252 reads them).
# Latin-9 (ISO-8859-15: Windows-1252's letters, but € Š Ž Œ where 1252 has ¤ ¦ ´ ¼) reads Western
# text alike, so it wins only where those bytes are, and only over Windows-1252's oddness.
SINGLE_BYTE = ("cp1252", "iso8859_15", "cp1251", "cp1254", "cp1250", "cp1253", "mac_roman")


def _oddness(text: str) -> int:
    """How many characters beyond ASCII read oddly for written text in any language:
    - a sign inside a word ("Wa³êsa", Polish read as Windows-1252);
    - a capital right after a small letter ("donÕt", "cafŽ");
    - a letter beside one of another script ("йtй": French read as Cyrillic);
    - the accented letters of a word that no one alphabet holds together ("Pøíliš", Czech read
      as Windows-1252; "Ñåâåðñòàëü", Russian);
    - Icelandic's ð and þ where Icelandic's á, í and ú are fewer than a quarter of them (Turkish
      ğ and ş read as Windows-1252: "Aðaoðlu");
    - a character nobody writes: the general currency sign "¤" and the C1 controls."""
    odd = 0
    for found in _BEYOND_ASCII_WORD.finditer(text):
        word = found.group()
        odd += sum(1 for i, char in enumerate(word) if not char.isascii() and (
            (_symbol(char) and 0 < i < len(word) - 1 and word[i - 1].isalpha() and word[i + 1].isalpha())
            or (char.isupper() and i > 0 and word[i - 1].islower())
            or (i > 0 and char.isalpha() and word[i - 1].isalpha() and _script(char) != _script(word[i - 1]))))
        for letters in _LETTER_RUN.findall(word.lower()):  # "Nuñez-Ødegård": two names, two alphabets
            accented = {char for char in letters if not char.isascii() and _script(char) == "latin"}
            if accented and not any(accented <= alphabet for alphabet in _ALPHABETS):
                odd += len(accented)
    odd += len(_NEVER_WRITTEN.findall(text))
    icelandic = len(_ICELANDIC_CONSONANTS.findall(text))
    if icelandic and len(_ICELANDIC_VOWELS.findall(text)) < icelandic / 4:
        odd += icelandic
    return odd


_BEYOND_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# The general currency sign nobody types (Latin-9's € read as Windows-1252 or 1250) and the C1
# control characters (Windows-1252's quotes and dashes read as Latin-9)
_NEVER_WRITTEN = re.compile("[\u00a4\u0080-\u009f]")
_ICELANDIC_CONSONANTS = re.compile("[ðþÐÞ]")
_ICELANDIC_VOWELS = re.compile("[áíúÁÍÚ]")
# The letters beyond ASCII of the languages written in these code pages, one set per alphabet
_ALPHABETS = [set(letters) for letters in (
    "àâæçéèêëîïôœùûüÿ",  # French
    "äöüß",  # German
    "áéíñóúü",  # Spanish
    "áâãàçéêíóôõúü",  # Portuguese
    "àèéìíîòóùú",  # Italian
    "àçéèíïòóúü",  # Catalan
    "åäæöøéáíóú",  # Danish, Norwegian, Swedish, Finnish
    "áðéíóúýþæö",  # Icelandic
    "éëïóöüèá",  # Dutch
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "čćđšž",  # Croatian, Slovenian, Bosnian, Serbian in Latin letters
    "ăâîșşțţ",  # Romanian
    "çğıöşüâîû",  # Turkish
    "äõöüšž",  # Estonian
)]


def _symbol(char: str) -> bool:
    """A sign or a number ("³", "¹", "≥"), or a punctuation mark that never stands inside a word
    ("¿", "¡"); not an apostrophe ("don’t") or a middle dot ("col·lecció")."""
    return not char.isalpha() and (unicodedata.category(char)[0] in "SN" or char in "¿¡")


def _script(char: str) -> str:
    """'cyrillic', 'greek' or 'latin' (any other letter or an ASCII one)."""
    point = ord(char)
    return "cyrillic" if 0x400 <= point < 0x530 else "greek" if 0x370 <= point < 0x400 else "latin"


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
class Scan:
    """What a pass over a file whose first sample is UTF-8 found in the whole of it."""

    utf8: bool = True  # every byte part of a valid UTF-8 character
    nul: bool = False  # some byte is NUL


def scan_utf8_file(path: Path) -> Scan:
    """One pass over a file larger than the sample, in chunks, for bytes that are not UTF-8 and for
    NUL bytes: Windows-1252 accents (alone after a plain-ASCII first megabyte, or on lines another
    program appended) and a damaged copy's NULs can sit anywhere, and a UTF-8 file is handed to
    DuckDB unconverted, which would store them (a byte that is not UTF-8 as U+FFFD). Whole, not
    spot-checked: 33 windows of 64 KB missed all ten Windows-1252 lines of an 8 MB review export,
    and the pass runs at disk speed (0.1 s for 200 MB, a fifth of DuckDB merely counting its
    rows; a chunk of plain ASCII is not decoded at all). A character cut at the very end, as an
    export cut short has, counts as UTF-8. Stops once it has found both."""
    if path.stat().st_size <= SAMPLE_BYTES:
        return Scan()
    utf8, nul = True, False
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        while (utf8 or not nul) and (chunk := handle.read(CHUNK_BYTES)):
            nul = nul or b"\x00" in chunk
            plain = chunk.isascii() and not decoder.getstate()[0]  # nothing to decode, none pending
            utf8 = utf8 and (plain or _is_utf8(chunk, decoder))
    return Scan(utf8, nul)


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
    "cp1252": "Windows-1252 (Western European)",
    "iso8859_15": "ISO-8859-15 (Latin-9, Western European with €)",
    "mac_roman": "Mac Roman (older Mac exports)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    MIXED: "UTF-8, with some lines in Windows-1252",
    **EAST_ASIAN,
}


def decoder(encoding: str) -> codecs.IncrementalDecoder:
    """An incremental decoder for `encoding`, a byte it cannot read becoming U+FFFD. For MIXED,
    UTF-8 with each byte that is not UTF-8 kept as an escape (a lone surrogate) for
    `Repairs.read_escaped` to read as Windows-1252 and count."""
    if encoding == MIXED:
        return codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    return codecs.getincrementaldecoder(encoding)(errors="replace")


_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")


@dataclass
class Repairs:
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
