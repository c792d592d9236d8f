"""The tokenizer of ``normalize.definitions`` (re-exported there), shared with
``normalize.executors``: words, numbers, quotes, parentheses and punctuation with their
character offsets."""
from __future__ import annotations

import re
from typing import NamedTuple

from normalize.memo import text_cache


class Token(NamedTuple):
    """One token of a text: kind, text and character offsets."""

    kind: str  # word, num, no, oq, cq, dq, op, cp, comma, semi, nl, tab, punct
    text: str
    start: int
    end: int


# No alternative matches other whitespace, so the scan skips it (nothing to filter out).
_TOKEN = re.compile(
    r"(?P<nl>\n)|(?P<tab>\t)"
    r"|(?P<word>[A-Za-zА-Яа-яЁё]+(?:[-‑][A-Za-zА-Яа-яЁё0-9]+)*)"
    r"|(?P<num>\d+(?:[.,/]\d+)*\+?)"
    r"|(?P<no>№)|(?P<oq>[«„“])|(?P<cq>[»”])|(?P<dq>\")|(?P<op>\()|(?P<cp>\))"
    r"|(?P<comma>,)|(?P<semi>;)|(?P<punct>\S)"
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words, numbers, quotes, parentheses and punctuation (whitespace dropped) of
    ``text[start:end]``, offsets in ``text`` (the pattern has no anchors or lookarounds, so
    this is tokenizing the slice and shifting the offsets)."""
    if start == 0 and end is None and len(text) <= _CACHED_LENGTH:
        return list(_cell_tokens(text))
    return _scan(text, start, len(text) if end is None else end)


_CACHED_LENGTH = 2000  # cells and names recur; a whole document's text is read once
_new_tuple = tuple.__new__  # builds a NamedTuple without its Python-level __new__


# _TOKEN's tokens by findall (tuples of strings, no match objects: about 1.6 times cheaper),
# each with the whitespace _TOKEN's scan skips before it, so the offsets can be counted: a
# word, a number, or one other character whose kind _SINGLE names (else "punct").
_SPACED_TOKEN = re.compile(
    r"([^\S\n\t]*)(?:([A-Za-zА-Яа-яЁё]+(?:[-‑][A-Za-zА-Яа-яЁё0-9]+)*)|(\d+(?:[.,/]\d+)*\+?)|(\S|\n|\t))")
_SINGLE = {"\n": "nl", "\t": "tab", "№": "no", "«": "oq", "„": "oq", "“": "oq", "»": "cq", "”": "cq",
           '"': "dq", "(": "op", ")": "cp", ",": "comma", ";": "semi"}


def _scan(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]``, offsets in ``text`` (what _TOKEN's match objects give:
    tests/test_fast10_rows.py)."""
    tokens: list[Token] = []
    append, kind_of, new = tokens.append, _SINGLE.get, _new_tuple
    pos = start
    for space, word, num, other in _SPACED_TOKEN.findall(text, start, end):
        first = pos + len(space)
        if word:
            pos = first + len(word)
            append(new(Token, ("word", word, first, pos)))
        elif num:
            pos = first + len(num)
            append(new(Token, ("num", num, first, pos)))
        else:
            pos = first + 1
            append(new(Token, (kind_of(other, "punct"), other, first, pos)))
    return tokens


@text_cache(maxsize=16384)
def _cell_tokens(text: str) -> tuple[Token, ...]:
    """:func:`tokenize` of a whole short text (cached; callers get a fresh list)."""
    return tuple(_scan(text, 0, len(text)))
