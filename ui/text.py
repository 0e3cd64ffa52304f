"""Customer and uploaded text, shown safely: never as markdown, HTML or a link; masked on request."""

from __future__ import annotations

import re

import pandas as pd

from analytics import board
from analytics.voices import mask, mask_frame
from ui.session import masking

_AUTOLINK = re.compile(r"(?i)\\?:\\?/\\?/|www\\?\.|@")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


def plain(text: str) -> str:
    """Text made inert for st.markdown: every markdown/HTML character escaped, so a verbatim (or a
    file name, a column name, an attribute value) is always shown as typed, never as formatting,
    link or HTML; invisible characters that would reorder or hide it show as their code ("[U+202E]")."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", board.reveal(str(text)))
    # Markdown still turns bare web and mail addresses into links: a zero-width space breaks them.
    escaped = _AUTOLINK.sub(lambda m: "\u200b" + m.group(0) if "/" in m.group(0)
                            else m.group(0)[0] + "\u200b" + m.group(0)[1:], escaped)
    return escaped.replace("\n", "  \n")


def masked(text: str, names: tuple[str, ...] = ()) -> str:
    """The text as it may be shown: personal data masked while the sidebar switch is on."""
    return mask(text, names=names) if masking() else text


def masked_frame(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Uploaded cells (`columns`, default all) as they may be shown: personal data masked while
    the sidebar switch is on."""
    if not masking():
        return frame
    columns = list(frame.columns) if columns is None else columns
    return mask_frame(frame.astype({c: object for c in columns}), columns)
