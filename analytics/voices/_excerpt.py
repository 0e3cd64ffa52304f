"""How a quote reads on a card or a slide: without an export's lead ("Customer said:", "Per Dana:",
"Comment:") and, when long, as its most relevant sentences.

`without_lead(text)` drops a short label before a colon that opens the text: at most three words,
no digits (a time like "10:30" stays), followed by the words it introduces.
`excerpt(text, limit, terms)` returns the text, its spaces and line breaks made single but its
paragraphs kept (a blank line between them), when it fits in `limit` characters; otherwise the
sentences that carry one of `terms` (a theme's words, matched case-insensitively) first, then
the opening ones, kept in their original order, joined by " … ", with a "…" where text was left
out. `gist(text)` is what a quote says, for telling repeats apart (letters only, lead dropped);
`pick_unseen(texts, seen, limit)` chooses the quotes a screen or a deck has not shown yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LEAD = re.compile(r"\A\s*[^\W\d_][^\W\d_'’.-]*(?:[ \t]+[^\W\d_][^\W\d_'’.-]*){0,2}[ \t]*:[ \t]+(?=\S)")
_SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+[\"'”’)]*|\n+|$)")
ELLIPSIS = "…"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


def without_lead(text: str) -> str:
    """The text without a short opening label such as "Customer said:"."""
    return _LEAD.sub("", text, count=1) if text else text


def gist(text: str) -> str:
    """What a quote says, for skipping repeats: its letters, lower-cased, lead dropped."""
    return re.sub(r"[^\w]+|[\d_]+", "", without_lead(text).lower())[:80]


def pick_unseen(texts: list[str], seen: set[str], limit: int, fill: bool = False) -> list[int]:
    """Positions of the first `limit` texts whose gist is not in `seen`, in ranking order; their
    gists join `seen`. When fewer are new, `fill` makes up the number with repeats; without it one
    repeat stands in only when nothing is new (a figure always keeps a voice)."""
    fresh = [i for i, text in enumerate(texts) if gist(text) not in seen]
    if fill:
        picked = (fresh + [i for i in range(len(texts)) if i not in fresh])[:limit]
    else:
        picked = fresh[:limit] or list(range(min(1, len(texts), limit)))
    seen.update(gist(texts[i]) for i in picked)
    return picked


def _sentences(text: str) -> tuple[list[str], list[bool]]:
    """The text's sentences, and for each whether a paragraph ends with it."""
    found = [s for s in _SENTENCE.findall(text) if s.strip()]
    return [s.strip() for s in found], [s.rstrip(" ").endswith("\n") for s in found]


def excerpt(text: str, limit: int, terms: Iterable[str] = ()) -> tuple[str, bool]:
    """(what to show, whether text was left out) for a quote shown in at most `limit` characters."""
    paragraphs = _PARAGRAPH_BREAK.split(without_lead(text))  # a survey's answers to two open questions
    text = "\n\n".join(" ".join(part.split()) for part in paragraphs if part.strip())
    if len(text) <= limit:
        return text, False
    sentences, ends_paragraph = _sentences(text)
    words = [t.lower() for t in terms if t and t.strip()]
    carries = [i for i, s in enumerate(sentences) if any(w in s.lower() for w in words)]
    order = carries + [i for i in range(len(sentences)) if i not in carries]
    chosen, used = [], 0
    for i in order:
        cost = len(sentences[i]) + (3 if chosen else 0)
        if used + cost > limit:
            continue
        chosen.append(i)
        used += cost
    if not chosen:  # one sentence longer than the limit: its start, cut at a word
        cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
        return cut + ELLIPSIS, True
    chosen.sort()
    shown, previous = "", -1
    for i in chosen:
        if shown:  # the next sentence: after a gap, a paragraph's end, or a space
            shown += f" {ELLIPSIS} " if i != previous + 1 else "\n\n" if ends_paragraph[previous] else " "
        shown += sentences[i]
        previous = i
    if chosen[0] > 0:
        shown = f"{ELLIPSIS} {shown}"
    if chosen[-1] < len(sentences) - 1:
        shown = f"{shown} {ELLIPSIS}"
    return shown, True
