"""Characters → words → lines → segments, page furniture and running-text paragraphs (PDF backend).

All in the page's reading frame (see :mod:`extract.pdf_geometry`).
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .pdf_settings import PdfSettings
from .pdf_words import char_tuples, group_words

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


# --------------------------------------------------------------------------- words and lines

# Word, Line and Segment are never assigned to once made (Line and Segment fill their caches
# only), but are not ``frozen=True``: a frozen dataclass's ``__init__`` sets every field
# through ``object.__setattr__``, which costs several times a plain one.  ``unsafe_hash``
# keeps the hash a frozen one has (of the compared fields).

@dataclass(slots=True, unsafe_hash=True)
class Word:
    """A word in the reading frame."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    spaced: bool = False  # a printed space glyph follows the word on its line


def _cache() -> Any:
    """A cache field of a :class:`_WordRun`: None until first asked for; not in ``__init__``,
    ``==``, ``hash`` or ``repr``."""
    return field(default=None, init=False, repr=False, compare=False)


class _WordRun:
    """What a run of words (a line, or one cell's share of it) tells of itself: its left and
    right edges and its text.  The subclasses are dataclasses with a ``words`` field and the
    cache fields ``_x1`` and ``_text`` (the finders ask a line for them many times over)."""

    __slots__ = ()
    words: tuple[Word, ...]
    _x1: float | None
    _text: str | None

    @property
    def x0(self) -> float:
        """Left edge."""
        return self.words[0].x0

    @property
    def x1(self) -> float:
        """Right edge."""
        value = self._x1
        if value is None:
            value = self._x1 = max(w.x1 for w in self.words)
        return value

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        value = self._text
        if value is None:
            value = self._text = " ".join(w.text for w in self.words)
        return value


@dataclass(slots=True, unsafe_hash=True)
class Line(_WordRun):
    """Words sharing a baseline, left to right."""

    words: tuple[Word, ...]
    _x1: float | None = _cache()
    _text: str | None = _cache()
    _top: float | None = _cache()
    _bottom: float | None = _cache()
    _size: float | None = _cache()
    _segments: tuple[Any, ...] | None = _cache()  # (line_segments' ratios, its segments)

    @property
    def top(self) -> float:
        """Top edge."""
        value = self._top
        if value is None:
            value = self._top = min(w.top for w in self.words)
        return value

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        value = self._bottom
        if value is None:
            value = self._bottom = max(w.bottom for w in self.words)
        return value

    @property
    def size(self) -> float:
        """The font size most of the line is set in."""
        value = self._size
        if value is None:
            value = self._size = statistics.median(w.size for w in self.words)
        return value

    @property
    def bbox(self) -> BBox:
        """The line's box."""
        return (self.x0, self.top, self.x1, self.bottom)


def chars_to_words(chars: list[dict[str, Any]], settings: PdfSettings) -> list[Word]:
    """pdfplumber's word grouping on reading-frame characters (:func:`extract.pdf_words.group_words`)."""
    return [Word(*w) for w in group_words(char_tuples(chars), settings.x_tolerance, settings.y_tolerance)]


def words_to_lines(words: Iterable[Word], y_tolerance: float) -> list[Line]:
    """Words grouped into lines by their vertical middles, lines top to bottom."""
    ordered = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    groups: list[list[Word]] = []
    last_mid = None
    for word in ordered:
        mid = (word.top + word.bottom) / 2
        if groups and last_mid is not None and mid - last_mid <= y_tolerance:
            groups[-1].append(word)
        else:
            groups.append([word])
        last_mid = mid
    return [Line(tuple(sorted(g, key=lambda w: w.x0))) for g in groups]


def lines_text(lines: Iterable[Line]) -> str:
    """Lines of text joined with newlines."""
    return "\n".join(line.text for line in lines)


def cell_text(lines: Iterable[Line]) -> str:
    """A cell's lines joined with newlines; a line whose last word is followed by a printed
    space keeps one trailing space, so a later join knows the source had a space there
    ("Сентябрь- " + "октябрь" is no compound broken at its hyphen)."""
    return "\n".join(line.text + (" " if line.words[-1].spaced else "") for line in lines)


def words_text(words: Iterable[Word], y_tolerance: float) -> str:
    """A cell's words in reading order: words of a line by spaces, lines by newlines."""
    return lines_text(words_to_lines(words, y_tolerance))


def char_width(lines: Iterable[Line]) -> float:
    """The average width of a character over the lines' words (0 for no characters)."""
    words = [w for line in lines for w in line.words]
    chars = sum(len(w.text) for w in words)
    return sum(w.x1 - w.x0 for w in words) / chars if chars else 0.0


def reaching_edge(lines: Sequence[Line], edge: float, ratio: float = 1.0) -> tuple[bool, ...]:
    """Per line of a cell: does it end within ``ratio`` × the cell's average character width
    of ``edge`` (the right edge of the cell's text area)?  A line that does may end in a
    word broken for want of room; one that does not was ended on purpose."""
    tolerance = ratio * char_width(lines)
    return tuple(edge - line.x1 <= tolerance for line in lines)


# --------------------------------------------------------------------------- segments

@dataclass(slots=True, unsafe_hash=True)
class Segment(_WordRun):
    """Words of a line with no wide gap between them: one cell's share of a line."""

    words: tuple[Word, ...]
    _x1: float | None = _cache()
    _text: str | None = _cache()


def line_segments(line: Line, gap_ratio: float, space_ratio: float = 2.0, stretch_ratio: float = 2.0) -> list[Segment]:
    """A line split at its column gaps (:func:`_split_line`), worked out once per line and
    ratios: the finders ask for a line's segments several times."""
    ratios = (gap_ratio, space_ratio, stretch_ratio)
    cached = line._segments
    if cached is None or cached[0] != ratios:
        cached = line._segments = (ratios, tuple(_split_line(line, gap_ratio, space_ratio, stretch_ratio)))
    return list(cached[1])


def _split_line(line: Line, gap_ratio: float, space_ratio: float, stretch_ratio: float) -> list[Segment]:
    """A line split at its column gaps.

    A gap splits when it is ≥ ``gap_ratio`` × the font size and ≥ ``space_ratio`` × the
    line's ordinary word space (the median of its narrower gaps).  A justified line stretches
    every space alike, so its gaps never split it: when no gap is ordinary and all are
    equal within 25% and under ``stretch_ratio`` × the font size, the line is one segment.
    """
    limit = gap_ratio * line.size
    gaps = [b.x0 - a.x1 for a, b in zip(line.words, line.words[1:])]
    ordinary = [g for g in gaps if g < limit]
    if ordinary:
        limit = max(limit, space_ratio * statistics.median(ordinary))
    elif len(gaps) >= 2 and max(gaps) <= 1.25 * min(gaps) and max(gaps) < stretch_ratio * line.size:
        return [Segment(line.words)]
    groups: list[list[Word]] = [[line.words[0]]]
    for word in line.words[1:]:
        if word.x0 - max(w.x1 for w in groups[-1]) >= limit:
            groups.append([word])
        else:
            groups[-1].append(word)
    return [Segment(tuple(g)) for g in groups]


# --------------------------------------------------------------------------- page furniture

def _furniture_key(text: str) -> str:
    """A margin line's text with digits masked, so "стр. 2" and "стр. 3" compare equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text)).strip()


def _touching(a: Line, b: Line) -> bool:
    """The two lines overlap vertically, as lines of neighbouring table cells do; a running
    header or footer stands clear of the body."""
    return a.top < b.bottom and b.top < a.bottom


def furniture_lines(pages: Sequence[tuple[Sequence[Line], float]], settings: PdfSettings) -> list[set[int]]:
    """Per page, indices of running header / footer lines and page numbers.

    ``pages`` holds each page's lines (top to bottom, tables left out) and its height.  A
    line is furniture when it sits in the top or bottom margin zone, is reached from the
    page edge through furniture only, and is a lone page number or a single-segment line
    repeated (digits masked) on ≥ ``repeat_share`` of the pages (and at least two), unless
    it overlaps the body line next to it vertically.
    """
    page_number = re.compile(settings.page_number_pattern)

    def edge_candidates(lines: Sequence[Line], height: float) -> list[int]:
        top_zone, bottom_zone = settings.margin_share * height, (1 - settings.margin_share) * height
        head = [i for i in range(min(settings.furniture_lines, len(lines))) if lines[i].bottom <= top_zone]
        tail = [i for i in range(len(lines) - 1, max(len(lines) - 1 - settings.furniture_lines, -1), -1)
                if lines[i].top >= bottom_zone]
        return head + tail

    def single_segment(line: Line) -> bool:
        return len(line_segments(line, settings.segment_gap_ratio)) == 1

    seen: dict[str, set[int]] = {}
    for p, (lines, height) in enumerate(pages):
        for i in edge_candidates(lines, height):
            if single_segment(lines[i]):
                seen.setdefault(_furniture_key(lines[i].text), set()).add(p)
    need = max(2, settings.repeat_share * len(pages))
    repeated = {key for key, on in seen.items() if len(on) >= need}

    result: list[set[int]] = []
    for lines, height in pages:
        candidates = set(edge_candidates(lines, height))

        def is_furniture(i: int) -> bool:
            line = lines[i]
            return i in candidates and (page_number.fullmatch(line.text.strip()) is not None
                                        or (_furniture_key(line.text) in repeated and single_segment(line)))

        marked: set[int] = set()
        for step, order in ((1, range(len(lines))), (-1, range(len(lines) - 1, -1, -1))):
            run = []
            for i in order:  # from the page edge inwards, stopping at the first body line
                if not is_furniture(i):
                    break
                run.append(i)
            while run and 0 <= run[-1] + step < len(lines) and _touching(lines[run[-1]], lines[run[-1] + step]):
                run.pop()  # set against the body (a repeated table header's first line): body
            marked.update(run)
        result.append(marked)
    return result


# --------------------------------------------------------------------------- running text

def paragraphs(lines: Sequence[Line], settings: PdfSettings) -> list[list[Line]]:
    """Consecutive lines grouped into paragraphs.

    A paragraph ends at a vertical gap ≥ ``paragraph_gap_ratio`` × line height, before a line
    indented against the one above (a first-line indent), before a line in another font size,
    or after a line ending well short of the text's right edge (a paragraph's last line).
    """
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    groups: list[list[Line]] = [[lines[0]]]
    for prev, cur in zip(lines, lines[1:]):
        height = max(prev.bottom - prev.top, 1.0)
        gap = cur.top - prev.bottom
        short = right - prev.x1 > 4 * prev.size
        indented = cur.x0 - prev.x0 >= settings.indent_min
        resized = abs(cur.size - prev.size) > 1.0
        if gap >= settings.paragraph_gap_ratio * height or short or indented or resized or gap < -height / 2:
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups
