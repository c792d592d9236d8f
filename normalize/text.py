"""Cell-text cleaning: the only rewriting the pipeline does to what an order prints.

Lines are joined, a word hyphenated across a line end is joined again, runs of whitespace
fold to one space, conversion debris (HTML tags, a stray ``|``) is removed.  Nothing else
changes: typos, odd dashes and quotes stay as printed.
"""
from __future__ import annotations

import re
from functools import lru_cache

_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_HTML_ENTITY = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
# A hyphen at a line end before a lower-case letter: "школ-\nучастниц", "образова-\nния".
_HYPHEN_BREAK = re.compile(r"(\w+)-[ \t]*\n\s*(?=[а-яёa-z])(\w+)")
# A compound with a number wrapped after its hyphen: "школы-\n500+".
_HYPHEN_DIGIT_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=\d)")
# A URL wrapped after "/" (or inside a path): "…/kppio/\nUstanochnyj…".
_URL_BREAK = re.compile(r"((?:https?://|www\.)\S*[/_.=?&-])[ \t]*\n\s*(?=\S)")
_STRAY_PIPE = re.compile(r"(?:^|\s)\|(?=\s|$)")
_WS = re.compile(r"\s+")


def _join_hyphenated(m: re.Match) -> str:
    """Join a word broken at a line-end hyphen: drop the hyphen only when that makes a
    dictionary word and the hyphenated form is not one ("образова-ния" → "образования",
    but "школ-участниц" stays)."""
    left, right = m.group(1), m.group(2)
    from normalize.nlp import is_known_word

    if is_known_word(left + right) and not is_known_word(f"{left}-{right}"):
        return left + right
    return f"{left}-{right}"


def clean_text(text: str | None) -> str:
    """Fold a cell's text into one clean line (see the module docstring)."""
    if not text:
        return ""
    return _clean_text(text)


@lru_cache(maxsize=16384)
def _clean_text(text: str) -> str:
    """:func:`clean_text` of a non-empty text (cached: tables, metadata and the document
    each clean the same cells)."""
    text = text.replace("\u00ad", "")  # soft hyphens are invisible in print
    text = _HTML_TAG.sub(" ", text)
    for entity, char in _HTML_ENTITY.items():
        text = text.replace(entity, char)
    while True:  # a long URL may wrap more than once
        joined = _URL_BREAK.sub(r"\1", text)
        if joined == text:
            break
        text = joined
    text = _HYPHEN_DIGIT_BREAK.sub("-", text)
    text = _HYPHEN_BREAK.sub(_join_hyphenated, text)
    text = _STRAY_PIPE.sub(" ", text)
    return _WS.sub(" ", text).strip()


def fold(text: str | None) -> str:
    """Whitespace folded, nothing else: the comparison key for "equal after folding"."""
    return _WS.sub(" ", text or "").strip()
