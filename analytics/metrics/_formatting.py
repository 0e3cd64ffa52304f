"""How figures read on screen and in the deck: one place for units, intervals and changes."""

from __future__ import annotations

import string

from analytics.metrics._registry import REGISTRY, Result
from analytics.metrics._stats import Change


def count(n: int | float | None) -> str:
    """'1,234', or '–' without a number."""
    return "–" if n is None else f"{n:,.0f}"


def percent(share: float | None, digits: int = 1) -> str:
    """'12.3%' for a share 0.123, or '–' without one."""
    return "–" if share is None else f"{share * 100:.{digits}f}%"


def value(metric: str, number: float | None, digits: int | None = None) -> str:
    if number is None:
        return "–"
    unit = REGISTRY[metric].unit
    if unit == "nps":
        return f"{number:+.0f}" if digits is None else f"{number:+.{digits}f}"
    if unit == "percent":
        return f"{number * 100:.{1 if digits is None else digits}f}%"
    if unit == "currency":
        return money(number)
    return f"{number:.{2 if digits is None else digits}f}"


def money(number: float | None) -> str:
    """'$150k', '$12.3k', '$1.2M', '$950', '−$45.0k': an amount of the workspace's currency."""
    if number is None:
        return "–"
    sign = "\u2212" if number < 0 else ""
    amount = abs(number)
    for threshold, unit, suffix in ((999_500_000, 1e9, "B"), (999_500, 1e6, "M"), (1e4, 1e3, "k")):
        if amount >= threshold:
            scaled = amount / unit
            return f"{sign}${scaled:,.{1 if scaled < 100 else 0}f}{suffix}"
    return f"{sign}${amount:,.0f}"


def interval(result: Result) -> str:
    if result.ci_low is None:
        return ""
    return f"95% CI {value(result.metric, result.ci_low)} to {value(result.metric, result.ci_high)}"


def sample(result: Result) -> str:
    """'n = 1,309 responses'."""
    counts = REGISTRY[result.metric].counts
    return f"n = {result.n:,} {counts if result.n != 1 else counts[:-1]}"


def points(metric: str, difference: float) -> str:
    """'+2.1 pts', '−0.04' on a mean's scale; a change that rounds to nothing has no sign ('0.0 pts')."""
    unit = REGISTRY[metric].unit
    if unit == "currency":
        return money(difference)
    scale, digits, suffix = {"nps": (1, 1, " pts"), "percent": (100, 1, " pts")}.get(unit, (1, 2, ""))
    shown = difference * scale
    if round(shown, digits) == 0:
        return f"{0:.{digits}f}{suffix}"
    return f"{shown:+.{digits}f}{suffix}"


def p_text(p_value: float) -> str:
    """'p < 0.01' / 'p = 0.23': only for a p that was computed (for tooltips and the appendix)."""
    return "p < 0.01" if p_value < 0.01 else f"p = {p_value:.2f}"


def change_text(metric: str, change: Change, before_label: str) -> str:
    """The change against the previous period in plain words: '+2.1 pts vs Q2 2026, more than
    chance would explain', 'no clear change vs Q2 2026 (+0.2 pts is within chance)', or why it
    was not tested."""
    if change.difference is None:
        return ""
    amount = points(metric, change.difference)
    if change.too_few:
        return f"{amount} vs {before_label}: too few answers in one of the periods to test the change"
    if change.p_value is None:
        return f"{amount} vs {before_label}: no spread in the answers to test the change"
    if change.significant:
        return f"{amount} vs {before_label}, more than chance would explain"
    return f"no clear change vs {before_label} ({amount} is within chance)"


def is_good(metric: str, difference: float) -> bool:
    return (difference > 0) == REGISTRY[metric].higher_is_better


def significance(change: Change) -> str:
    """'A clear change: more than chance would explain', 'No clear change: within chance', or why
    the change was not tested ('' without a previous figure)."""
    if change.difference is None:
        return ""
    if change.too_few:
        return "Too few answers in one of the periods to test the change"
    if change.p_value is None:
        return "No spread in the answers to test the change"
    return ("A clear change: more than chance would explain" if change.significant
            else "No clear change: within chance")


def detail(result: Result) -> str:
    """The line under a figure on pages and slides ('412 promoters · 120 passives · 301
    detractors'), from its metric's `detail` template ('' without a figure)."""
    return _fill(result, REGISTRY[result.metric].detail)


def tile_detail(result: Result) -> str:
    """The short line under a headline tile ('1.2%/month, 13.4%/year'), from its metric's `tile`
    template ('' for a figure without one)."""
    return _fill(result, REGISTRY[result.metric].tile)


class _Reading(string.Formatter):
    """str.format, plus the spec `money` ('$12.3k')."""

    def format_field(self, value, format_spec):
        return money(value) if format_spec == "money" else super().format_field(value, format_spec)


_READING = _Reading()


def _fill(result: Result, segments: tuple[str, ...]) -> str:
    """The template's segments filled from the Result's parts, n and the phrases below, joined
    with ' · '; a segment naming a value the Result lacks (or holds None) is left out."""
    if result.value is None:
        return ""
    values = {**result.parts, "n": result.n, **_phrases(result)}
    filled = []
    for segment in segments:
        names = [name for _, name, _, _ in _READING.parse(segment) if name]
        if all(values.get(name) is not None for name in names):
            filled.append(_READING.format(segment, **values))
    return " · ".join(filled)


def _phrases(result: Result) -> dict:
    """Words a template may name that no single part holds: a scale's top box ('give 4–5 of 5'),
    and that answers on other scales were placed on the figure's (None, so left out, when none were)."""
    parts = result.parts
    return {"top_box": top_box(result) if "scale_max" in parts else None,
            "other_scales": "answers on other scales placed on this one" if parts.get("mixed_scales") else None}


def top_box(result: Result) -> str:
    """'give 4–5 of 5': the top box of a rating's scale, in words."""
    high = result.parts["scale_max"]
    return f"give {high - 1:.0f}–{high:.0f} of {high:.0f}"
