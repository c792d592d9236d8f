"""Characters → words: pdfplumber's word grouping (``extract_words``), rewritten for speed.

Same words, same boxes, same order as ``pdfplumber.utils.extract_words`` with the backend's
arguments (``x_tolerance``, ``y_tolerance``; blank characters split words, no punctuation
split, ligatures expanded, lines top to bottom and characters left to right for upright
text, columns left to right and characters top to bottom for the rest), without its
per-character generators, dict copies and word dicts: each word is
``(text, x0, top, x1, bottom, size, spaced)``, ``size`` the largest of its characters',
``spaced`` whether a printed space glyph follows it on its line (even at the line's end:
the source had a space there).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from pdfplumber.utils.text import LIGATURES

WordTuple = tuple[str, float, float, float, float, float, bool]  # text, x0, top, x1, bottom, size, spaced

CharTuple = tuple[str, float, float, float, float, float, bool, bool]  # …, size, upright, glyph

_TEXT, _X0, _TOP, _X1, _BOTTOM, _SIZE, _UP, _GLYPH = range(8)
_SPACE_MAX = 0.6  # a printed space is about a quarter to a third of the line's height wide


def char_tuples(chars: Iterable[dict[str, Any]]) -> list[CharTuple]:
    """Reading-frame character dicts as the tuples :func:`group_words` reads."""
    return [(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], c["size"], c["upright"],
             "generated" not in c and "ocr_conf" not in c) for c in chars]


def _cluster_index(values: set[float], tolerance: float) -> dict[float, int]:
    """Each value's cluster number: sorted values chained while each is within ``tolerance``
    of the one before (pdfplumber's ``make_cluster_dict``)."""
    index: dict[float, int] = {}
    number = -1
    last = None
    for value in sorted(values):
        if last is None or not value <= last + tolerance:
            number += 1
        index[value] = number
        last = value
    return index


_ALONG_X = itemgetter(_X0)  # sort key of upright text along its line
_ALONG_Y = itemgetter(_TOP, _BOTTOM)  # sort key of sideways text down its column
_UPRIGHT = itemgetter(_UP)
_CHAR_TEXT = itemgetter(_TEXT)


def _lines(chars: list[CharTuple], upright: bool, x_tolerance: float, y_tolerance: float) -> list[list[CharTuple]]:
    """The characters of one run split into lines (columns for text that is not upright),
    each sorted along its writing direction (pdfplumber's ``iter_chars_to_lines``)."""
    line_key, tolerance = (_TOP, y_tolerance) if upright else (_X0, x_tolerance)
    index = _cluster_index({c[line_key] for c in chars}, tolerance)
    buckets: dict[int, list[CharTuple]] = {}
    for c in chars:
        number = index[c[line_key]]
        bucket = buckets.get(number)
        if bucket is None:
            buckets[number] = [c]
        else:
            bucket.append(c)
    along = _ALONG_X if upright else _ALONG_Y
    return [sorted(buckets[number], key=along) for number in sorted(buckets)]


def _merge(word: list[CharTuple], spaced: bool = False) -> WordTuple:
    """One word's text (ligatures expanded), box, largest font size and ``spaced``."""
    first = word[0]
    if len(word) == 1:
        text = first[_TEXT]
        return (LIGATURES.get(text, text or ""), first[_X0], first[_TOP], first[_X1], first[_BOTTOM], first[_SIZE],
                spaced)
    return (
        "".join([LIGATURES.get(c[_TEXT], c[_TEXT] or "") for c in word]),
        min([c[_X0] for c in word]), min([c[_TOP] for c in word]),
        max([c[_X1] for c in word]), max([c[_BOTTOM] for c in word]),
        max([c[_SIZE] for c in word]), spaced,
    )


def _merge_plain(word: list[CharTuple], spaced: bool = False) -> WordTuple:
    """:func:`_merge` for a page without ligatures: the texts joined as they are."""
    if len(word) == 1:
        first = word[0]
        return (first[_TEXT] or "", first[_X0], first[_TOP], first[_X1], first[_BOTTOM], first[_SIZE], spaced)
    texts, x0s, tops, x1s, bottoms, sizes, _, _ = zip(*word)
    return "".join(texts), min(x0s), min(tops), max(x1s), max(bottoms), max(sizes), spaced


def _printed_space(space: CharTuple, last: CharTuple, x_tolerance: float, y_tolerance: float) -> bool:
    """Whether ``space`` is a space glyph printed right after ``last`` on its line (not a
    space PDFium generated nor an OCR blank, nor a blank wider than a space is set)."""
    return (space[_GLYPH] and space[_X1] - space[_X0] <= _SPACE_MAX * (space[_BOTTOM] - space[_TOP])
            and abs(space[_TOP] - last[_TOP]) <= y_tolerance
            and -x_tolerance <= space[_X0] - last[_X1] <= x_tolerance)


def _line_words(line: list[CharTuple], upright: bool, x_tolerance: float, y_tolerance: float,
                out: list[WordTuple], merge: Any = _merge) -> None:
    """Split one sorted line into words and append them to ``out`` (pdfplumber's
    ``iter_chars_to_words`` and ``char_begins_new_word``; ``merge``: :func:`_merge` or,
    on a page without ligatures, :func:`_merge_plain`)."""
    if upright:
        start, end, across, gap, drift = _X0, _X1, _TOP, x_tolerance, y_tolerance
    else:
        start, end, across, gap, drift = _TOP, _BOTTOM, _X0, y_tolerance, x_tolerance
    word: list[CharTuple] = []
    for c in line:
        text = c[_TEXT]
        if text.isspace():
            if word:
                out.append(merge(word, upright and _printed_space(c, word[-1], x_tolerance, y_tolerance)))
                word = []
        elif not text:  # pdfplumber: '' is "in" its empty punctuation string: a word alone
            if word:
                out.append(merge(word))
            out.append(merge([c]))
            word = []
        elif word:
            prev = word[-1]
            cx = c[start]
            if cx < prev[start] or cx > prev[end] + gap or abs(c[across] - prev[across]) > drift:
                out.append(merge(word))
                word = [c]
            else:
                word.append(c)
        else:
            word = [c]
    if word:
        out.append(merge(word))


def group_words(chars: Sequence[CharTuple], x_tolerance: float, y_tolerance: float) -> list[WordTuple]:
    """Words of reading-frame characters (:data:`CharTuple`), in pdfplumber's order: runs of
    equally upright characters as they come, lines within a run, words within a line."""
    out: list[WordTuple] = []
    merge = _merge_plain if LIGATURES.keys().isdisjoint(map(_CHAR_TEXT, chars)) else _merge
    for upright, run in groupby(chars, _UPRIGHT):
        for line in _lines(list(run), upright, x_tolerance, y_tolerance):
            _line_words(line, upright, x_tolerance, y_tolerance, out, merge)
    return out
