"""Column boundaries of a borderless table: from the page's gaps, then fitted to the table.

The first column model comes from the gaps open down many lines of the page
(``column_rivers``), and puts a flush-left column's boundary just left of its text.  Once a
table's lines are known, a heading centred over such a column shows starting left of that
text, inside the blank gap before it: the boundary moves left within the gap to where fewer
heading lines print across it (``settle_boundaries``).  A column whose text fills few lines
(a cell spanning many rows, printed once) reads as part of the gap before it; it stays a
column where the table's header shows its heading apart (``header_boundaries``) or the page
before had it (``known_boundaries``).
"""
from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from .pdf_settings import PdfSettings
from .pdf_text import Segment


def column_rivers(seg_lines: Sequence[Sequence[Segment]], sizes: Sequence[float], settings: PdfSettings) -> list[tuple[float, float]]:
    """x-intervals left blank between segments in many lines and crossed by few: column gaps.

    Gaps are counted in the multi-segment lines; every line given counts when it prints
    across an interval (pass single-segment lines only where they are known table lines).
    """
    multi = [segs for segs in seg_lines if len(segs) >= 2]
    if len(multi) < settings.river_min_lines:
        return []
    need = max(settings.river_min_lines, settings.river_min_share * len(multi))
    points = sorted({x for segs in multi for s in segs for x in (s.x0, s.x1)})
    mids = [(a + b) / 2 for a, b in zip(points, points[1:])]
    covers, gaps = _river_counts(seg_lines, mids)
    open_runs: list[tuple[float, float]] = []
    for i, (a, b) in enumerate(zip(points, points[1:])):
        allowed = max(settings.river_crossing_lines, settings.river_crossing_share * gaps[i])
        if gaps[i] >= need and covers[i] <= allowed:
            if open_runs and open_runs[-1][1] == a:
                open_runs[-1] = (open_runs[-1][0], b)
            else:
                open_runs.append((a, b))
    min_width = settings.river_min_width_ratio * (statistics.median(sizes) if sizes else 10.0)
    return [r for r in open_runs if r[1] - r[0] >= min_width]


def _river_counts(seg_lines: Sequence[Sequence[Segment]], mids: Sequence[float]) -> tuple[list[int], list[int]]:
    """Per midpoint: lines with a segment across it, and multi-segment lines with it blank
    between their first and last segment (difference arrays over the sorted midpoints)."""
    cover_diff = [0] * (len(mids) + 1)
    gap_diff = [0] * (len(mids) + 1)
    for segs in seg_lines:
        spans = sorted(
            (bisect_right(mids, s.x0), bisect_left(mids, s.x1)) for s in segs
        )
        covered: list[list[int]] = []  # merged index ranges [lo, hi) strictly inside a segment
        for lo, hi in spans:
            if lo >= hi:
                continue
            if covered and lo <= covered[-1][1]:
                covered[-1][1] = max(covered[-1][1], hi)
            else:
                covered.append([lo, hi])
        for lo, hi in covered:
            cover_diff[lo] += 1
            cover_diff[hi] -= 1
        if len(segs) < 2:
            continue
        g_lo, g_hi = bisect_right(mids, segs[0].x1), bisect_left(mids, segs[-1].x0)
        for lo, hi in covered:  # the gap range minus the covered ranges
            if hi <= g_lo or lo >= g_hi:
                continue
            if lo > g_lo:
                gap_diff[g_lo] += 1
                gap_diff[lo] -= 1
            g_lo = max(g_lo, hi)
        if g_lo < g_hi:
            gap_diff[g_lo] += 1
            gap_diff[g_hi] -= 1
    return _running_sum(cover_diff), _running_sum(gap_diff)


def _running_sum(diff: Sequence[int]) -> list[int]:
    """Prefix sums of a difference array, one per midpoint."""
    out, total = [], 0
    for d in diff[:-1]:
        total += d
        out.append(total)
    return out


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


def apart_headings(header: Sequence[Segment], boundaries: Sequence[float], min_gap: float
                   ) -> dict[int, list[tuple[float, float]]]:
    """Per column holding two or more headings ``min_gap`` or more apart: the x-extents of its
    headings, overlapping ones (the lines of one heading cell) merged, left to right."""
    groups: dict[int, list[list[float]]] = {}
    for seg in sorted(header, key=lambda s: s.x0):
        col = _column(boundaries, seg)
        if col is None:
            continue
        extents = groups.setdefault(col, [])
        if extents and seg.x0 <= extents[-1][1]:
            extents[-1][1] = max(extents[-1][1], seg.x1)
        else:
            extents.append([seg.x0, seg.x1])
    return {col: [(a, b) for a, b in extents] for col, extents in groups.items()
            if any(b[0] - a[1] >= min_gap for a, b in zip(extents, extents[1:]))}


def header_boundaries(header: Sequence[Segment], body: Sequence[Segment], boundaries: Sequence[float],
                      min_gap: float) -> list[float]:
    """Boundaries the table's header shows and its body's gaps missed.

    Within one column, two headings ``min_gap`` or more apart, body text starting right of
    the first and left of the second's end, the leftmost such start printed across by no
    segment and with body text left of it: a column of its own whose few lines (a cell
    spanning many rows, printed once) were read as part of the gap before it.  The new
    boundary sits just left of that text, as ``river_boundaries`` puts one.
    """
    split = apart_headings(header, boundaries, min_gap)
    if not split:
        return []
    every = [*header, *body]
    added: list[float] = []
    for col, groups in sorted(split.items()):
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


def known_boundaries(known: Sequence[float], segments: Sequence[Segment], boundaries: Sequence[float],
                     tolerance: float) -> list[float]:
    """The table's known column boundaries (from the page before) that this page's gaps
    missed and its text allows: none of ``boundaries`` within ``tolerance``, no segment
    printed across it, and text on both sides of it in the column it falls in (a column
    whose text fills few lines of this page, read as part of the gap before it)."""
    added: list[float] = []
    for x in known:
        if any(abs(x - b) <= tolerance for b in boundaries) or any(s.x0 < x < s.x1 for s in segments):
            continue
        col = bisect_right(boundaries, x)
        in_col = [s for s in segments if _column(boundaries, s) == col]
        if any(s.x1 <= x for s in in_col) and any(s.x0 >= x for s in in_col):
            added.append(x)
    return added
