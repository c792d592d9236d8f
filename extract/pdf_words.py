"""Characters → words: pdfplumber's word grouping (``extract_words``), rewritten for speed.

Same words, same boxes, same order as ``pdfplumber.utils.extract_words`` with the backend's
arguments (``x_tolerance``, ``y_tolerance``; blank characters split words, no punctuation
split, ligatures expanded, lines top to bottom and characters left to right for upright
text, columns left to right and characters top to bottom for the rest), without its
per-character generators, dict copies and word dicts: each word is
``(text, x0, top, x1, bottom, size)``, ``size`` the largest of its characters'.
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from pdfplumber.utils.text import LIGATURES

WordTuple = tuple[str, float, float, float, float, float]  # text, x0, top, x1, bottom, size

_UPRIGHT = itemgetter("upright")


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


def _lines(chars: list[dict[str, Any]], upright: bool, x_tolerance: float, y_tolerance: float) -> list[list[dict[str, Any]]]:
    """The characters of one run split into lines (columns for text that is not upright),
    each sorted along its writing direction (pdfplumber's ``iter_chars_to_lines``)."""
    line_key, tolerance = ("top", y_tolerance) if upright else ("x0", x_tolerance)
    index = _cluster_index({c[line_key] for c in chars}, tolerance)
    buckets: dict[int, list[dict[str, Any]]] = {}
    for c in chars:
        number = index[c[line_key]]
        bucket = buckets.get(number)
        if bucket is None:
            buckets[number] = [c]
        else:
            bucket.append(c)
    along = (lambda c: c["x0"]) if upright else (lambda c: (c["top"], c["bottom"]))
    return [sorted(buckets[number], key=along) for number in sorted(buckets)]


def _merge(word: list[dict[str, Any]]) -> WordTuple:
    """One word's text (ligatures expanded), box and largest font size."""
    first = word[0]
    if len(word) == 1:
        text = first["text"]
        return (LIGATURES.get(text, text or ""), first["x0"], first["top"], first["x1"], first["bottom"], first["size"])
    return (
        "".join([LIGATURES.get(c["text"], c["text"] or "") for c in word]),
        min([c["x0"] for c in word]), min([c["top"] for c in word]),
        max([c["x1"] for c in word]), max([c["bottom"] for c in word]),
        max([c["size"] for c in word]),
    )


def _line_words(line: list[dict[str, Any]], upright: bool, x_tolerance: float, y_tolerance: float,
                out: list[WordTuple]) -> None:
    """Split one sorted line into words and append them to ``out`` (pdfplumber's
    ``iter_chars_to_words`` and ``char_begins_new_word``)."""
    if upright:
        start, end, across, gap, drift = "x0", "x1", "top", x_tolerance, y_tolerance
    else:
        start, end, across, gap, drift = "top", "bottom", "x0", y_tolerance, x_tolerance
    word: list[dict[str, Any]] = []
    for c in line:
        text = c["text"]
        if text.isspace():
            if word:
                out.append(_merge(word))
                word = []
        elif not text:  # pdfplumber: '' is "in" its empty punctuation string: a word alone
            if word:
                out.append(_merge(word))
            out.append(_merge([c]))
            word = []
        elif word:
            prev = word[-1]
            cx = c[start]
            if cx < prev[start] or cx > prev[end] + gap or abs(c[across] - prev[across]) > drift:
                out.append(_merge(word))
                word = [c]
            else:
                word.append(c)
        else:
            word = [c]
    if word:
        out.append(_merge(word))


def group_words(chars: Sequence[dict[str, Any]], x_tolerance: float, y_tolerance: float) -> list[WordTuple]:
    """Words of reading-frame characters (keys ``text``, ``x0``, ``top``, ``x1``, ``bottom``,
    ``size``, ``upright``), in pdfplumber's order: runs of equally upright characters as
    they come, lines within a run, words within a line."""
    out: list[WordTuple] = []
    for upright, run in groupby(chars, _UPRIGHT):
        for line in _lines(list(run), upright, x_tolerance, y_tolerance):
            _line_words(line, upright, x_tolerance, y_tolerance, out)
    return out
