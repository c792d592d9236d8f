"""Characters → words on arrays, for the common page: PDFium's characters, one character per
text.

:func:`array_words` does in one pass what :func:`extract.pdf._reading_input` (fake bold
dropped, the reading frame), :func:`extract.pdf_words.group_words` (pdfplumber's word grouping) and its
``_merge_plain`` do one character tuple at a time: same words, same boxes, same order — the
same float operations on the same values, the sorts stable as Python's.  Where an array
could part from Python's semantics it does not guess, it answers None and the caller takes
the tuple route:

* a lone surrogate (no UTF-32 key), a ligature (pdfplumber expands them);
* a coordinate or size that is not a finite number, or is exactly zero (``min``/``max``
  of ``0.0`` and ``-0.0`` keep the first in Python, not in NumPy);
* a coordinate too large for the tenths key.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from pdfplumber.utils.text import LIGATURES

from .pdf_words import _SPACE_MAX, WordTuple

_LIGATURE_CODES = np.array(sorted(ord(c) for c in LIGATURES), dtype=np.uint32)
_TABLE_END = 0x3001  # every code point str.isspace() holds for lies below (U+3000 the last)
_BLANK_TABLE = np.array([chr(c).isspace() for c in range(_TABLE_END)] + [False], dtype=bool)


def blank_codes(codes: np.ndarray) -> np.ndarray:
    """``str.isspace`` of each code point: a table below U+3001, ``isspace`` itself above."""
    blank = _BLANK_TABLE[np.minimum(codes, _TABLE_END)]
    high = np.flatnonzero(codes > _TABLE_END - 1)
    if len(high):
        blank[high] = [chr(c).isspace() for c in codes[high].tolist()]
    return blank


def tenths_keys(values: np.ndarray) -> np.ndarray | None:
    """``extract.pdf._tenths`` of each value as int64 (None when a value is not finite or
    too large): the floor of 10 x plus one past a half, ``round`` itself within 1e-7 of it."""
    y = values * 10.0
    if not np.all(np.abs(y) < 1e9):  # nan, inf, huge
        return None
    n = np.floor(y)
    f = y - n - 0.5
    key = np.where(f > 1e-7, n + 1, n).astype(np.int64)
    for i in np.flatnonzero(np.abs(f) <= 1e-7).tolist():  # round() itself decides, as _tenths does
        key[i] = round(round(float(values[i]), 1) * 10)
    return key


def first_of_each_spot(codes: np.ndarray, x0: np.ndarray, top: np.ndarray) -> np.ndarray | None:
    """Which characters to keep: the first of each (character, x0, top) to a tenth of a
    point — a character printed twice at one spot (fake bold) is kept once.  None when a
    key cannot be made on arrays."""
    keys = [codes.astype(np.int64)]
    for values in (x0, top):
        key = tenths_keys(values)
        if key is None:
            return None
        keys.append(key)
    order = np.lexsort(keys[::-1])  # stable: equal keys keep their reading order
    grid = np.stack(keys)[:, order]
    repeat = np.all(grid[:, 1:] == grid[:, :-1], axis=0)
    keep = np.ones(len(codes), dtype=bool)
    keep[order[1:][repeat]] = False  # a key seen before: printed twice at one spot
    return keep


def array_words(joined: str, columns: Any, quarter: int, width: float, height: float, x_tolerance: float,
                y_tolerance: float) -> list[WordTuple] | None:
    """The words of a PDFium page read at ``quarter`` (``columns``: its
    :class:`~extract.pdf_chars.CharColumns`, ``joined``: its texts, one character each,
    joined; ``width``, ``height``: the displayed page), in the reading frame, as
    ``group_words`` gives them on ``extract.pdf._reading_input``'s characters; None where
    the arrays cannot promise that (see the module docstring)."""
    try:
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        return None
    if ((codes >= _LIGATURE_CODES[0]) & (codes <= _LIGATURE_CODES[-1])).any() and np.isin(codes, _LIGATURE_CODES).any():
        return None
    x0 = np.array(columns.x0, dtype=np.float64)
    top = np.array(columns.top, dtype=np.float64)
    keep = first_of_each_spot(codes, x0, top)
    if keep is None:
        return None
    x1 = np.array(columns.x1, dtype=np.float64)[keep]
    bottom = np.array(columns.bottom, dtype=np.float64)[keep]
    size = np.array(columns.size, dtype=np.float64)[keep]
    x0, top, codes = x0[keep], top[keep], codes[keep]
    x0, top, x1, bottom = _reading_boxes(x0, top, x1, bottom, quarter, width, height)
    for values in (x0, top, x1, bottom, size):
        if not np.all(np.isfinite(values)) or np.any(values == 0):
            return None
    upright = (np.array(columns.quarters, dtype=np.int64) == quarter)[keep]
    glyph = ~np.array(columns.generated, dtype=bool)[keep]
    blank = blank_codes(codes)
    out: list[WordTuple] = []
    bounds = np.flatnonzero(upright[1:] != upright[:-1]) + 1  # runs of equally upright characters
    for start, end in zip([0, *bounds.tolist()], [*bounds.tolist(), len(codes)]):
        part = slice(start, end)
        _run_words(codes[part], x0[part], top[part], x1[part], bottom[part], size[part], blank[part],
                   glyph[part], bool(upright[start]), x_tolerance, y_tolerance, out)
    return out


def _reading_boxes(x0: np.ndarray, top: np.ndarray, x1: np.ndarray, bottom: np.ndarray, quarter: int,
                   width: float, height: float) -> tuple[np.ndarray, ...]:
    """:func:`extract.pdf_geometry.to_reading` on arrays."""
    if quarter == 1:
        return top, width - x1, bottom, width - x0
    if quarter == 2:
        return width - x1, height - bottom, width - x0, height - top
    if quarter == 3:
        return height - bottom, x0, height - top, x1
    return x0, top, x1, bottom


def _line_numbers(values: np.ndarray, tolerance: float) -> np.ndarray:
    """Each value's cluster number (``extract.pdf_words._cluster_index``): the distinct
    values sorted, chained while each is within ``tolerance`` of the one before."""
    distinct, where = np.unique(values, return_inverse=True)
    breaks = np.concatenate(([False], ~(distinct[1:] <= distinct[:-1] + tolerance)))
    return np.cumsum(breaks)[where.reshape(-1)]


def _run_words(codes: np.ndarray, x0: np.ndarray, top: np.ndarray, x1: np.ndarray, bottom: np.ndarray,
               size: np.ndarray, blank: np.ndarray, glyph: np.ndarray, upright: bool,
               x_tolerance: float, y_tolerance: float, out: list[WordTuple]) -> None:
    """One run's words appended to ``out`` (``extract.pdf_words._lines`` then
    ``_line_words`` with ``_merge_plain``)."""
    if upright:
        line = _line_numbers(top, y_tolerance)
        order = np.lexsort((x0, line))
        start, end, across, gap, drift = x0, x1, top, x_tolerance, y_tolerance
    else:
        line = _line_numbers(x0, x_tolerance)
        order = np.lexsort((bottom, top, line))
        start, end, across, gap, drift = top, bottom, x0, y_tolerance, x_tolerance
    line, blank = line[order], blank[order]
    x0, top, x1, bottom, size, glyph = x0[order], top[order], x1[order], bottom[order], size[order], glyph[order]
    start, end, across = start[order], end[order], across[order]
    same_line = line[1:] == line[:-1]
    # a character joins the word before it when both are on one line, neither is blank and
    # it neither steps back, nor leaves a gap, nor drifts across (pdfplumber's test)
    joins = (same_line & ~blank[1:] & ~blank[:-1]
             & ~((start[1:] < start[:-1]) | (start[1:] > end[:-1] + gap) | (np.abs(across[1:] - across[:-1]) > drift)))
    inside = ~blank
    begins = inside.copy()
    begins[1:] &= ~joins
    first = np.flatnonzero(begins)
    ends = np.flatnonzero(inside & np.concatenate((~joins, [True])))  # the last character of each word
    spaced = np.zeros(len(first), dtype=bool)
    if upright:  # a printed space right after the word's last character, on its line
        after = ends + 1
        has_next = after < len(line)
        nxt = np.where(has_next, after, ends)
        spaced = (has_next & blank[nxt] & np.concatenate((same_line, [False]))[ends] & glyph[nxt]
                  & (x1[nxt] - x0[nxt] <= _SPACE_MAX * (bottom[nxt] - top[nxt]))
                  & (np.abs(top[nxt] - top[ends]) <= y_tolerance)
                  & (-x_tolerance <= x0[nxt] - x1[ends]) & (x0[nxt] - x1[ends] <= x_tolerance))
    if not len(first):
        return
    # words partition the characters that are not blank: reduce over those alone
    solid = np.flatnonzero(inside)
    starts = (np.cumsum(inside) - 1)[first]
    text = codes[order[solid]].tobytes().decode("utf-32-le")
    words = [text[a:b] for a, b in zip(starts.tolist(), [*starts[1:].tolist(), len(solid)])]
    out.extend(zip(words, np.minimum.reduceat(x0[solid], starts).tolist(),
                   np.minimum.reduceat(top[solid], starts).tolist(), np.maximum.reduceat(x1[solid], starts).tolist(),
                   np.maximum.reduceat(bottom[solid], starts).tolist(), np.maximum.reduceat(size[solid], starts).tolist(),
                   spaced.tolist()))
