"""Edits of the taxonomy: rename, merge, split, add a rule or a theme, delete. Each saves the whole
taxonomy and, unless `retag=False`, re-tags every voice so tags always match what is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from analytics.voices._enrich import retag as retag_all
from analytics.voices._matching import rule_pattern
from analytics.voices._taxonomy import load_taxonomy, store_taxonomy
from analytics.voices._theme import Theme, slug, unique_id


def save_taxonomy(con, themes: Iterable[Theme], retag: bool = True, action: str = "theme edit") -> list[Theme]:
    """Replace the saved taxonomy with `themes` (in this order), then re-tag every voice so tags
    match it. With retag=False the tags are only marked stale; the next enrichment re-tags.
    Raises ValueError on duplicate ids or an invalid rule."""
    saved = store_taxonomy(con, themes, action)
    if retag:
        retag_all(con)
    return saved


def _find(themes: list[Theme], theme_id: str) -> int:
    for index, theme in enumerate(themes):
        if theme.theme_id == theme_id:
            return index
    raise KeyError(f"no theme {theme_id!r} in the taxonomy")


def rename(con, theme_id: str, name: str, retag: bool = True) -> Theme:
    """Give a theme a new name (its id, and so its tags, stay)."""
    if not name or not name.strip():
        raise ValueError("a theme needs a name")
    themes = load_taxonomy(con)
    index = _find(themes, theme_id)
    themes[index] = replace(themes[index], name=name.strip())
    save_taxonomy(con, themes, retag=retag)
    return themes[index]


def merge(con, ids: Sequence[str], new_name: str, retag: bool = True) -> Theme:
    """Replace the themes `ids` with one theme named `new_name` holding all their keywords and
    rules (examples: the first three of theirs), at the place of the first of them."""
    if len(ids) < 2:
        raise ValueError("merge needs at least two themes")
    themes = load_taxonomy(con)
    indexes = sorted(_find(themes, i) for i in ids)
    parts = [themes[i] for i in indexes]
    others = [t.theme_id for i, t in enumerate(themes) if i not in indexes]
    merged = Theme(unique_id(slug(new_name), others), new_name.strip(),
                   tuple(dict.fromkeys(k for t in parts for k in t.keywords)),
                   tuple(dict.fromkeys(r for t in parts for r in t.rules)),
                   tuple(dict.fromkeys(e for t in parts for e in t.examples))[:3])
    themes = [t for i, t in enumerate(themes) if i not in indexes[1:]]
    themes[indexes[0]] = merged
    save_taxonomy(con, themes, retag=retag)
    return merged


def split(con, theme_id: str, keyword_groups: Mapping[str, Sequence[str]] | Sequence[Sequence[str]],
          retag: bool = True) -> list[Theme]:
    """Replace a theme by one theme per keyword group, in its place. `keyword_groups` maps each new
    name to its keywords (or is a list of keyword lists, named after their first two keywords).
    The original's rules stay with the first new theme."""
    groups = list(keyword_groups.items()) if isinstance(keyword_groups, Mapping) else [
        (" & ".join(list(g)[:2]).capitalize(), g) for g in keyword_groups]
    if len(groups) < 2 or any(not list(g) for _, g in groups):
        raise ValueError("split needs at least two non-empty keyword groups")
    themes = load_taxonomy(con)
    index = _find(themes, theme_id)
    original = themes[index]
    taken = [t.theme_id for t in themes if t.theme_id != theme_id]
    parts = []
    for position, (name, keywords) in enumerate(groups):
        new_id = unique_id(slug(name), taken)
        taken.append(new_id)
        parts.append(Theme(new_id, name, tuple(keywords), original.rules if position == 0 else ()))
    themes[index:index + 1] = parts
    save_taxonomy(con, themes, retag=retag)
    return parts


def add_rule(con, theme_id: str, phrase: str, retag: bool = True) -> Theme:
    """Add a phrase (or `re:` regular expression) rule to a theme."""
    if not phrase or not phrase.strip():
        raise ValueError("a rule needs a phrase")
    rule_pattern(phrase)  # ValueError if invalid
    themes = load_taxonomy(con)
    index = _find(themes, theme_id)
    theme = themes[index]
    if phrase.strip() not in theme.rules:
        themes[index] = replace(theme, rules=theme.rules + (phrase.strip(),))
    save_taxonomy(con, themes, retag=retag)
    return themes[index]


def add_theme(con, name: str, keywords: Sequence[str] = (), rules: Sequence[str] = (),
              retag: bool = True) -> Theme:
    """Append a new theme to the taxonomy."""
    themes = load_taxonomy(con)
    theme = Theme(unique_id(slug(name), [t.theme_id for t in themes]), name.strip(), tuple(keywords),
                  tuple(rules))
    save_taxonomy(con, themes + [theme], retag=retag)
    return theme


def delete(con, theme_id: str, retag: bool = True) -> None:
    """Remove a theme from the taxonomy (and, by re-tagging, its tags)."""
    themes = load_taxonomy(con)
    del themes[_find(themes, theme_id)]
    save_taxonomy(con, themes, retag=retag)


