"""Column boundaries of a found borderless table fitted to all of its lines, header included.

The first column model comes from the gaps open down many lines of the page, and puts a
flush-left column's boundary just left of its text.  Once a table's lines are known, a
heading centred over such a column shows starting left of that text, inside the blank gap
before it: the boundary moves left within the gap to where fewer heading lines print
across it (``settle_boundaries``).
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from .pdf_text import Segment


def _inked(segments: Sequence[Segment], x: float) -> int:
    """How many segments print across ``x``."""
    return sum(1 for s in segments if s.x0 < x < s.x1)


def settle_boundaries(seg_lines: Sequence[Sequence[Segment]], fitting: Sequence[Sequence[Segment]],
                      boundaries: Sequence[float]) -> list[float]:
    """Each boundary just left of a flush-left column's text moved left, inside the blank gap
    before that text (no segment of a ``fitting`` line ends there), to the nearest place
    fewer heading lines (lines of several segments; a lone one may be a title) print across;
    the places tried are just left of a segment's start."""
    all_segs = [s for segs in seg_lines if len(segs) >= 2 for s in segs]
    fit_segs = [s for segs in fitting for s in segs]
    out: list[float] = []
    for k, bound in enumerate(boundaries):
        if not any(bound <= s.x0 <= bound + 1.5 for s in fit_segs):
            out.append(bound)  # not at a flush-left column's text (mid-gap already): stays
            continue
        floor = max([s.x1 for s in fit_segs if s.x1 <= bound] + [out[-1] if out else float("-inf")])
        best, best_count = bound, _inked(all_segs, bound)
        for x in sorted({s.x0 - 0.5 for s in all_segs if floor < s.x0 - 0.5 < bound}, reverse=True):
            count = _inked(all_segs, x)
            if count < best_count:
                best, best_count = x, count
        out.append(best)
    return out


def river_boundaries(rivers: Iterable[tuple[float, float]]) -> list[float]:
    """One column boundary per river, just left of its right edge (where the next column's text starts)."""
    return [max(a, b - 1.0) for a, b in rivers]


def split_at_boundaries(segments: Sequence[Segment], boundaries: Sequence[float], min_gap: float,
                        overhang: float) -> list[Segment]:
    """Segments cut at every word gap ≥ ``min_gap`` that holds a column boundary, or is
    followed by a word overhanging one (columns set closer than the segment gap, e.g. bold
    figures)."""
    out: list[Segment] = []
    for seg in segments:
        group = [seg.words[0]]
        for word in seg.words[1:]:
            gap_from, gap_to = group[-1].x1, word.x0
            reach = word.x0 + overhang * (word.x1 - word.x0)
            if gap_to - gap_from >= min_gap and any(gap_from < b <= reach for b in boundaries):
                out.append(Segment(tuple(group)))
                group = []
            group.append(word)
        out.append(Segment(tuple(group)))
    return out


def _spread(values: Sequence[float]) -> float:
    """Range of the middle 80 % of the values."""
    ordered = sorted(values)
    cut = len(ordered) // 10
    kept = ordered[cut:len(ordered) - cut] or ordered
    return kept[-1] - kept[0]


def aligned_boundaries(rivers: Sequence[tuple[float, float]], segments: Sequence[Segment]) -> list[float]:
    """One boundary per river: just left of the next column's text when that column is set
    flush left, mid-river when it is set flush right (figures: a wider header or figure
    starts further left, the river's right edge would cut it)."""
    bounds = river_boundaries(rivers)
    out = []
    for k, (a, b) in enumerate(rivers):
        end = rivers[k + 1][0] if k + 1 < len(rivers) else float("inf")
        column = [s for s in segments if b - 1.0 <= s.x0 and s.x1 <= end + 1.0]
        flush_right = len(column) >= 3 and _spread([s.x1 for s in column]) < 0.5 * _spread([s.x0 for s in column])
        out.append(min((a + b) / 2, bounds[k]) if flush_right else bounds[k])
    return out


def _column(boundaries: Sequence[float], segment: Segment) -> int | None:
    """The column a segment lies in whole, or None when it prints across a boundary."""
    first, last = bisect_right(boundaries, segment.x0), bisect_right(boundaries, segment.x1)
    return first if first == last else None


def _heading_groups(header: Sequence[Segment], boundaries: Sequence[float], col: int) -> list[tuple[float, float]]:
    """x-extents of the header's headings in one column, overlapping ones (the lines of one
    heading cell) merged, left to right."""
    groups: list[list[float]] = []
    for seg in sorted((s for s in header if _column(boundaries, s) == col), key=lambda s: s.x0):
        if groups and seg.x0 <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], seg.x1)
        else:
            groups.append([seg.x0, seg.x1])
    return [(a, b) for a, b in groups]


def header_boundaries(header: Sequence[Segment], body: Sequence[Segment], boundaries: Sequence[float],
                      min_gap: float) -> list[float]:
    """Boundaries the table's header shows and its body's gaps missed.

    Within one column, two headings ``min_gap`` or more apart, body text starting right of
    the first and left of the second's end, the leftmost such start printed across by no
    segment and with body text left of it: a column of its own whose few lines (a cell
    spanning many rows, printed once) were read as part of the gap before it.  The new
    boundary sits just left of that text, as ``river_boundaries`` puts one.
    """
    every = [*header, *body]
    added: list[float] = []
    for col in range(len(boundaries) + 1):
        groups = _heading_groups(header, boundaries, col)
        in_col = [s for s in body if _column(boundaries, s) == col]
        for (_a, left_end), (right_start, right_end) in zip(groups, groups[1:]):
            if right_start - left_end < min_gap:
                continue
            starts = [s.x0 for s in in_col if left_end < s.x0 < right_end]
            if not starts:
                continue
            x = max(min(starts) - 1.0, left_end)
            crossed = any(s.x0 < x < s.x1 for s in every)
            if not crossed and any(s.x1 <= x for s in in_col):
                added.append(x)
    return sorted(added)
