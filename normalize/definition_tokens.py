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
    """The tokens of ``text[start:end]``, offsets in ``text`` (what :func:`_scan_regex` gives:
    tests/test_fast13_meta.py), read chunk by chunk: a text is split at whitespace (``str.split``,
    which splits where ``\\s`` matches) and each chunk's tokens taken from
    :func:`_chunk_tokens`, the offsets counted from the chunks' lengths where every gap
    between two chunks of a line is one character (a cleaned text's single spaces); a line
    break between lines is its own token.  A text with a tab or a wider gap is scanned
    whole (:func:`_scan_regex`)."""
    seg = text[start:end]
    if "\t" in seg:
        return _scan_regex(text, start, end)
    tokens: list[Token] = []
    append, new, whole, parts = tokens.append, _new_tuple, _WHOLE_CHUNKS, _CHUNK_PARTS
    pos = start
    lines = seg.split("\n")
    last = len(lines) - 1
    for n, line in enumerate(lines):
        chunks = line.split()
        if chunks:
            if len(line.strip()) != sum(map(len, chunks)) + len(chunks) - 1:
                return _scan_regex(text, start, end)  # some gap is wider than one character
            at = pos + len(line) - len(line.lstrip())
            for chunk in chunks:
                stop = at + len(chunk)
                kind = whole.get(chunk)
                if kind is not None:  # most chunks: one word, one number, one mark
                    append(new(Token, (kind, chunk, at, stop)))
                else:
                    for kind, word, a, b in parts.get(chunk) or _chunk_tokens(chunk):
                        append(new(Token, (kind, word, at + a, at + b)))
                at = stop + 1
        pos += len(line)
        if n < last:
            append(new(Token, ("nl", "\n", pos, pos + 1)))
            pos += 1
    return tokens


# The tokens of each whitespace-free chunk met (a word with its punctuation, a number): the
# scan never reads past a chunk's end and skips the whitespace before it, so a chunk's tokens
# are the same wherever it stands.  Chunks recur as words do; kept up to a bound, as the
# per-word caches are (not per text: see normalize.memo).  A chunk that is one token is kept
# as its kind (_WHOLE_CHUNKS), any other as its tokens' (kind, text, start, end) within it.
_WHOLE_CHUNKS: dict[str, str] = {}
_CHUNK_PARTS: dict[str, tuple[tuple[str, str, int, int], ...]] = {}
_CHUNK_LIMIT = 1 << 16


def _chunk_tokens(chunk: str) -> tuple[tuple[str, str, int, int], ...]:
    """(kind, text, start, end) of each token of ``chunk`` (:func:`_scan_regex`), kept.  A
    chunk of the word letters only is one word, of decimal digits only one number (``\\d``
    is what ``str.isdecimal`` accepts): most new chunks, told without the regex scan."""
    if not chunk.strip(_WORD_LETTERS):
        kind = "word"
    elif chunk.isdecimal():
        kind = "num"
    else:
        found = tuple(tuple(token) for token in _scan_regex(chunk, 0, len(chunk)))
        kind = found[0][0] if len(found) == 1 and found[0][1] == chunk else None
        if kind is None:
            if len(_WHOLE_CHUNKS) + len(_CHUNK_PARTS) < _CHUNK_LIMIT:
                _CHUNK_PARTS[chunk] = found
            return found
    if len(_WHOLE_CHUNKS) + len(_CHUNK_PARTS) < _CHUNK_LIMIT:
        _WHOLE_CHUNKS[chunk] = kind
    return ((kind, chunk, 0, len(chunk)),)


# The letters of _SPACED_TOKEN's words ([A-Za-zА-Яа-яЁё]: А-я is U+0410-U+044F).
_WORD_LETTERS = "".join(map(chr, [*range(65, 91), *range(97, 123), *range(0x410, 0x450)])) + "Ёё"


def _scan_regex(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]``, offsets in ``text``, by one regex scan (what _TOKEN's
    match objects give: tests/test_fast10_rows.py)."""
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
