"""Cell-text cleaning: the only rewriting the pipeline does to what an order prints.

Lines are joined, a word hyphenated across a line end is joined again, runs of whitespace
fold to one space, conversion debris (HTML tags, a stray ``|``) is removed.  Nothing else
changes: typos, odd dashes and quotes stay as printed.
"""
from __future__ import annotations

import re

_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_HTML_ENTITY = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
# "образова-\nния" → "образования": a hyphen at a line end between two lower-case letters.
_SOFT_HYPHEN_BREAK = re.compile(r"(?<=[а-яёa-z])[-\u00ad]\s*\n\s*(?=[а-яёa-z])")
_STRAY_PIPE = re.compile(r"(?:^|\s)\|(?=\s|$)")
_WS = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """Fold a cell's text into one clean line (see the module docstring)."""
    if not text:
        return ""
    text = text.replace("\u00ad", "")  # soft hyphens are invisible in print
    text = _HTML_TAG.sub(" ", text)
    for entity, char in _HTML_ENTITY.items():
        text = text.replace(entity, char)
    text = _SOFT_HYPHEN_BREAK.sub("", text)
    text = _STRAY_PIPE.sub(" ", text)
    return _WS.sub(" ", text).strip()


def fold(text: str | None) -> str:
    """Whitespace folded, nothing else: the comparison key for "equal after folding"."""
    return _WS.sub(" ", text or "").strip()
