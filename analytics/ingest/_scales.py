"""The scale of a score column, from its question text, its header and the bulk of its values.

Stray answers outside the scale are rejected with a reason when the file is imported: they never
widen it (one `8` among a thousand 1–5 answers is a typo, not a 1–10 scale). A survey that moved
from one scale to another part-way (1–5 stars, then 1–10) is found from the dates: each answer
keeps the scale it was given on.
"""

from __future__ import annotations

import re
from datetime import datetime

from analytics.ingest._fields import Mapping
from analytics.ingest._profile import Profile, score_of
from analytics.ingest._sniff import Shape
from analytics.ingest._words import NOT_RECOMMENDS, RECOMMENDS

SCALES = ((1, 5), (0, 5), (1, 7), (1, 10), (0, 10))
BULK = 0.98  # share of the answers a scale must hold
_HINT = re.compile(r"(?<![\d.])(0|1)\s*(?:-|–|—|to|a|à|bis|até|hasta|al)\s*(5|7|10)(?![\d.])", re.I)
_OUT_OF = re.compile(r"(?:out of|/|de|sur|von)\s*(5|7|10)\b", re.I)


def hinted(text: str) -> tuple[int, int] | None:
    """A scale written in a header or question ('on a scale of 1 to 5', '(0-10)', 'out of 10')."""
    match = _HINT.search(text or "")
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _OUT_OF.search(text or "")
    return (1, int(match.group(1))) if match else None


def bulk_scale(counts: dict[int, int], default: tuple[int, int]) -> tuple[int, int]:
    """The first of `default` and SCALES holding all whole-number answers but a few strays: 2% of
    them, and at least one once there are four answers (a lone 6 among four CSAT answers is a typo)."""
    total = sum(counts.values())
    if not total:
        return default
    strays = max(int((1 - BULK) * total), 1 if total >= 4 else 0)
    for low, high in (default, *SCALES):
        inside = sum(n for value, n in counts.items() if low <= value <= high)
        if inside >= total - strays:
            return _bottom(counts, low, high), high
    low, high = max((default, *SCALES), key=lambda s: sum(n for v, n in counts.items() if s[0] <= v <= s[1]))
    return _bottom(counts, low, high), high


def _bottom(counts: dict[int, int], low: int, high: int) -> int:
    """1, not 0, when nobody answered 0 but at least three answered 1: unhappy answers pile up at
    the bottom of a scale, so a 0–10 question whose 1s outnumber its 0s three to none is more
    likely a 1–10 question (the proposal says so and offers NPS back). And 0, not 1, on a scale
    up to 10 whose zeros are more than a typo: one among fewer than 200 answers, two among fewer
    than 400, three beyond (an NPS survey of 240 answers may well hold only two)."""
    if low == 0 and not counts.get(0) and counts.get(1, 0) >= 3:
        return 1
    if low == 1 and high == 10 and counts.get(0, 0) >= min(3, 1 + sum(counts.values()) // 200):
        return 0
    return low


def describe_values(counts: dict[int, int], low: float | None, high: float | None,
                    decimals: bool = False) -> str:
    """'whole numbers 1–10' / 'numbers 0–4.1' / 'numbers 1–10, some with decimals' for a reason."""
    if low is None:
        return "no numbers"
    if decimals:
        return f"numbers {low:g}–{high:g}, some with decimals"
    whole = "whole numbers" if counts and sum(counts.values()) else "numbers"
    return f"{whole} {low:g}–{high:g}"


def scale_change(pairs: list[tuple[datetime, float]], old: tuple[int, int], new: tuple[int, int],
                 minimum: int = 20) -> datetime | None:
    """The first day of `new` when answers (time, score) were on `old` until then and on `new`
    from then on: at least `minimum` answers before it, none of them above old's top, and a
    fifth of those after it above old's top. None when the answers do not split that way."""
    pairs = sorted(p for p in pairs if p[0] is not None)
    above = [i for i, (_, score) in enumerate(pairs) if score > old[1]]
    if not above or above[0] < minimum:
        return None
    first = above[0]
    later = [score for _, score in pairs[first:]]
    if sum(score > old[1] for score in later) < 0.2 * len(later) or max(later) > new[1]:
        return None
    return pairs[first][0]


def recommended_among_stars(mapping: Mapping, shape: Shape) -> str | None:
    """The rating column of a review export whose cells are stars but where a review site gives a
    recommendation instead ('Recommended'): read as the recommendation there, when no other column is."""
    column = next((c for c in shape.columns if c.name == mapping.columns.get("rating")), None)
    if column is None or "recommend" in mapping.columns:
        return None
    words = {v.strip().lower() for v in shape.values(column) if v.strip() and score_of(v) is None}
    return column.name if words and words <= set(RECOMMENDS + NOT_RECOMMENDS) else None


def bubbles(prof: Profile) -> bool:
    """A review site's ratings written as tens ('10' … '50': Tripadvisor's bubbles): whole numbers,
    every one a multiple of five from 10 to 50, three of the tens among them. A rating of 1–5 ×10."""
    return bool(prof.counts) and prof.integers == prof.scores and set(prof.counts) <= set(range(10, 51, 5)) \
        and len(set(prof.counts) & {10, 20, 30, 40, 50}) >= 3
