"""Tagging: which themes a text carries, and the words that matched ("matched: 'invoices'").

Deterministic and explainable: each theme's keywords and rules compile into one case-insensitive
pattern (see `_theme` for the syntax); a text carries the theme when the pattern occurs in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analytics.voices._theme import Theme

_WILDCARD = r"[\w'’-]*"


def _phrase_pattern(phrase: str) -> str:
    """Regex for one keyword or phrase rule (see module docstring); boundaries added by caller."""
    phrase = phrase.strip()
    prefix = phrase.endswith("*")
    words = re.split(r"[\s-]+", phrase.rstrip("*").strip())
    body = r"[\s-]+".join(re.escape(w) for w in words if w)
    if not body:
        raise ValueError(f"empty keyword: {phrase!r}")
    if prefix:
        return body + _WILDCARD
    return body + (r"(?:s|es)?" if words[-1][-1:].isalpha() else "")


def rule_pattern(rule: str) -> str:
    rule = rule.strip()
    if rule.startswith("re:"):
        pattern = rule[3:].strip()
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(f"rule {rule!r} is not a valid regular expression: {err}") from None
        return f"(?:{pattern})"
    return r"(?<!\w)" + _phrase_pattern(rule) + r"(?!\w)"


@dataclass(frozen=True)
class _Matcher:
    theme_id: str
    pattern: re.Pattern


def _matcher(theme: Theme) -> _Matcher | None:
    terms = sorted({k.strip() for k in theme.keywords if k.strip()}, key=len, reverse=True)
    parts = [r"(?<!\w)(?:" + "|".join(_phrase_pattern(k) for k in terms) + r")(?!\w)"] if terms else []
    parts += [rule_pattern(r) for r in theme.rules if r.strip()]
    if not parts:
        return None
    return _Matcher(theme.theme_id, re.compile("|".join(parts), re.IGNORECASE))


def compile_themes(themes: Iterable[Theme]) -> tuple[_Matcher, ...]:
    """Compile each theme's keywords and rules into one case-insensitive pattern."""
    return tuple(m for m in (_matcher(t) for t in themes) if m is not None)


def explain(texts: Iterable[str | None], themes: Iterable[Theme] | Sequence[_Matcher]
            ) -> list[list[tuple[str, str]]]:
    """For each text, the (theme_id, matched text) of every theme it carries, in taxonomy order;
    the matched text is the first keyword or rule occurrence, e.g. ("billing-invoices", "invoices")."""
    matchers = _as_matchers(themes)
    out = []
    for text in texts:
        found = []
        if isinstance(text, str) and text:
            for matcher in matchers:
                hit = matcher.pattern.search(text)
                if hit:
                    found.append((matcher.theme_id, hit[0]))
        out.append(found)
    return out


def tag(texts: Iterable[str | None], themes: Iterable[Theme] | Sequence[_Matcher]) -> list[list[str]]:
    """For each text, the ids of the themes whose keywords or rules occur in it."""
    return [[theme_id for theme_id, _ in found] for found in explain(texts, themes)]


def _as_matchers(themes) -> tuple[_Matcher, ...]:
    themes = tuple(themes)
    if themes and isinstance(themes[0], _Matcher):
        return themes
    return compile_themes(themes)


