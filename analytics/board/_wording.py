"""How figures read in sentences, written once for the app, the deck and the brief: ROI and
payback, the change against the previous period, a slide's headline.
"""

from __future__ import annotations

from analytics.board._views import MetricView
from analytics.metrics import REGISTRY, Result, change, formatting, period_label, stats

NOT_COMPARED = "Not compared across periods: a sum over today's accounts, not a sample."
NO_PREVIOUS = "Not compared: an open-ended period has no previous one."


def change_sentence(con, key: str, result: Result, enough: bool
            ) -> tuple[str, str, stats.Change | None, str]:
    """(sentence, tone, change, previous period's label) against the previous period."""
    if not REGISTRY[key].compared:
        return NOT_COMPARED, "neutral", None, ""
    if not enough:
        return "", "neutral", None, ""
    before, found = change(con, key, result)
    if before is None:
        return NO_PREVIOUS, "neutral", None, ""
    label = period_label(before.slice.start, before.slice.end)
    if found.difference is None:
        return f"Not compared: no figure for {label}.", "neutral", None, label
    text = formatting.change_text(key, found, label)
    if not found.significant:
        return text, "neutral", found, label
    return text, "good" if formatting.is_good(key, found.difference) else "bad", found, label


def short_change(view: MetricView) -> str:
    """'+2.1 pts, significant' / '+0.2 pts, no significant change' for the glance table."""
    if not REGISTRY[view.key].compared:
        return "not compared (a sum, not a sample)"
    if view.change is None or view.change.difference is None:
        return "–"
    amount = formatting.points(view.key, view.change.difference)
    return f"{amount}, {'significant' if view.change.significant else 'no significant change'}"


def headline(view: MetricView) -> str:
    """The slide's title: the figure and what changed, e.g. 'NPS +30, no significant change vs Q2 2026'."""
    if not view.enough:
        return f"{view.label}: too few {REGISTRY[view.key].counts} for a reliable figure"
    if view.change is None or view.change.difference is None:
        return f"{view.label}: {view.value_text}"
    if not view.change.significant:
        return f"{view.label}: {view.value_text}, no clear change vs {view.before_label}"
    direction = "up" if view.change.difference > 0 else "down"
    amount = formatting.points(view.key, abs(view.change.difference)).lstrip("+")
    return f"{view.label}: {view.value_text}, {direction} {amount} vs {view.before_label}"


def verdict(view: MetricView) -> tuple[str, str]:
    """('No clear change', 'vs Q2 2026: +0.2 pts, within chance') for the figure's side panel."""
    change = view.change
    if change is None or change.difference is None:
        head, _, rest = view.change_text.partition(": ")
        return head, rest.rstrip(".")
    amount = formatting.points(view.key, change.difference)
    if change.p_value is None:
        return "Not tested", f"vs {view.before_label}: {amount}; " + formatting.significance(change).lower()
    if not change.significant:
        return "No clear change", f"vs {view.before_label}: {amount}, within chance"
    word = "Better" if view.tone == "good" else "Worse"
    return f"{word}: {amount}", f"vs {view.before_label}, more than chance would explain"
