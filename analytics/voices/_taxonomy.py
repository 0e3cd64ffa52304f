"""The workspace's taxonomy: read it, save it, and move it as JSON.

The taxonomy lives in the table `themes` (created by the workspace migration); until the analyst
saves one, `DEFAULT_TAXONOMY` applies. Saving bumps the taxonomy version, which tells enrichment
that every voice must be re-tagged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from analytics.voices._matching import compile_themes
from analytics.voices._theme import DEFAULT_TAXONOMY, Theme
from analytics.workspace import get_meta, record, require, set_meta, transaction

_SELECT = "SELECT theme_id, name, keywords, rules, examples FROM themes ORDER BY position, theme_id"
_INSERT = "INSERT INTO themes VALUES (?, ?, ?, ?, ?, ?, ?)"
SAVED_KEY = "taxonomy_saved"        # meta: "1" once the analyst saved a taxonomy
VERSION_KEY = "taxonomy_version"    # meta: bumped by every save; voice_themes records the one it used


def taxonomy_version(con) -> int:
    return int(get_meta(con, VERSION_KEY) or 0)


def load_taxonomy(con) -> list[Theme]:
    """The saved taxonomy in its order, or DEFAULT_TAXONOMY if none was ever saved. Read-only."""
    if get_meta(con, SAVED_KEY) != "1":
        return list(DEFAULT_TAXONOMY)
    return [Theme(row[0], row[1], tuple(row[2] or ()), tuple(row[3] or ()), tuple(row[4] or ()))
            for row in con.execute(_SELECT).fetchall()]


def theme_keywords(con, theme_id: str) -> tuple[str, ...]:
    """The saved theme's keywords (none for an unknown id): the words a quote about it carries."""
    return next((t.keywords for t in load_taxonomy(con) if t.theme_id == theme_id), ())


def is_default(con) -> bool:
    """True while the workspace uses DEFAULT_TAXONOMY (nothing saved yet)."""
    return get_meta(con, SAVED_KEY) != "1"


def store_taxonomy(con, themes: Iterable[Theme], action: str = "theme edit") -> list[Theme]:
    """Replace the saved taxonomy with `themes` (in this order) in one transaction and bump the
    taxonomy version (so the tags are stale until re-tagged). Raises ValueError on duplicate ids
    or an invalid rule, before anything is written."""
    require("analyst", "edit themes")
    themes = list(themes)
    ids = [t.theme_id for t in themes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate theme ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    compile_themes(themes)  # invalid rules fail here, before anything is written
    now = datetime.now().replace(microsecond=0)
    with transaction(con, bump=False):  # re-tagging bumps the workspace version
        con.execute("DELETE FROM themes")
        if themes:
            con.executemany(_INSERT, [
                [t.theme_id, position, t.name.strip(), list(t.keywords), list(t.rules),
                 list(t.examples), now] for position, t in enumerate(themes)])
        set_meta(con, SAVED_KEY, "1")
        set_meta(con, VERSION_KEY, str(taxonomy_version(con) + 1))
        record(con, action, themes=[t.name for t in themes])
    return themes


def to_json(themes: Iterable[Theme]) -> str:
    """The taxonomy as JSON (for export or a fixture)."""
    return json.dumps([{"theme_id": t.theme_id, "name": t.name, "keywords": list(t.keywords),
                        "rules": list(t.rules), "examples": list(t.examples)} for t in themes],
                      ensure_ascii=False, indent=1)


def from_json(text: str) -> list[Theme]:
    return [Theme(d["theme_id"], d["name"], tuple(d.get("keywords", ())), tuple(d.get("rules", ())),
                  tuple(d.get("examples", ()))) for d in json.loads(text)]
