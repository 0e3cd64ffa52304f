"""The analyst's corrections of theme tags, which every later tagging respects.

`_enrich.correct_tags(con, voice_id, theme_ids)` says which themes a voice carries. What differs
from the taxonomy's own tags for its text is kept in `tag_corrections` (one row per voice and theme:
carry it or not, who said so, when), and the voice's tags are rewritten at once. Enrichment and
re-tagging (a taxonomy edit) compute the model's tags and then apply the corrections
(`apply_corrections`), so a correction outlives both. A tag added by hand has no matched words: it
shows as "by hand".
"""

from __future__ import annotations

_REMOVE = """
DELETE FROM voice_themes t USING tag_corrections c
WHERE t.voice_id = c.voice_id AND t.theme_id = c.theme_id AND NOT c.carries AND {scope}
"""
_ADD = """
INSERT INTO voice_themes
SELECT c.voice_id, c.theme_id, NULL FROM tag_corrections c
WHERE c.carries AND {scope} AND c.voice_id IN (SELECT voice_id FROM voice_enrichment)
  AND NOT EXISTS (SELECT 1 FROM voice_themes t WHERE t.voice_id = c.voice_id AND t.theme_id = c.theme_id)
"""


def apply_corrections(con, scope: str = "true", params: list | None = None) -> None:
    """Make voice_themes follow the corrections of the voices `scope` (SQL on c.voice_id, with
    `params`) keeps; call it inside the transaction that wrote their tags."""
    con.execute(_REMOVE.format(scope=scope), params or [])
    con.execute(_ADD.format(scope=scope), params or [])
