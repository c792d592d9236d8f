"""Borderless tables of a PDF page from word positions (whitespace-aligned columns).

    lines → segments (words split at wide gaps)
          → column_rivers (gaps that stay open down many lines) → boundaries
          → classify_line (fits the columns / prints across them / one segment)
          → table_regions (runs of lines that fit) → split_rows
          → stream_table (cells, a heading row printed across columns as one spanning cell)
"""
from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .pdf_ruling import FoundTable, GridCell
from .pdf_settings import PdfSettings
from .pdf_stream_columns import (aligned_boundaries, apart_headings, column_rivers, header_boundaries,
                                 known_boundaries, river_boundaries, settle_boundaries, split_at_boundaries)
from .pdf_text import Line, Segment, Word, cell_text, line_segments, lines_text, reaching_edge, words_to_lines

FIT, CROSS, SINGLE = "fit", "cross", "single"
START_JITTER = 0.2  # share of a character height a segment may start left of its column's boundary
_FIGURE = re.compile(r"[-–—+(]?[$€£]?\d[\d\s,.'’]*%?\)?")  # a number as tables print it


# --------------------------------------------------------------------------- borderless tables

def column_of(boundaries: Sequence[float], x: float) -> int:
    """The column index of an x position given the inner column boundaries."""
    return bisect_right(boundaries, x)


def segment_columns(segment: Segment, boundaries: Sequence[float], overhang: float = 0.0) -> tuple[int, int]:
    """First and last column a segment's ink falls in; a figure reaching past a boundary by
    at most an ``overhang`` share of its width and one character height (a wide figure in a
    right-aligned column) does not reach over it; a segment starting a sliver of a character
    height left of a boundary (a scanned line's jitter) starts in the column right of it."""
    give = 0.0
    if _FIGURE.fullmatch(segment.text):
        give = min(overhang * (segment.x1 - segment.x0), max(w.size for w in segment.words))
    lead = max(give, START_JITTER * max(w.size for w in segment.words))
    return column_of(boundaries, segment.x0 + lead), column_of(boundaries, segment.x1 - 0.01 - give)


def classify_line(segments: Sequence[Segment], boundaries: Sequence[float], overhang: float = 0.0) -> str:
    """FIT (segments in ≥ 2 columns, none across a boundary), CROSS (printed across one), or SINGLE."""
    spans = [segment_columns(s, boundaries, overhang) for s in segments]
    if any(a != b for a, b in spans):
        return CROSS
    return FIT if len({a for a, _ in spans}) >= 2 else SINGLE


@dataclass(frozen=True, slots=True)
class TableLine:
    """A page line with its segments and its class against a column model."""

    index: int  # position among the page's lines
    line: Line
    segments: tuple[Segment, ...]
    kind: str
    boundaries: tuple[float, ...] = ()  # the column boundaries it was classed against


def table_regions(lines: Sequence[TableLine], settings: PdfSettings, continued: bool = False) -> list[tuple[int, int]]:
    """Runs ``[start, end)`` of lines forming a borderless table: start and end on fitting lines.

    A run is broken by a vertical gap ≥ ``region_gap_ratio`` × line height or by more than
    ``max_heading_lines`` consecutive lines printed across the columns (running text); lines
    printed across columns between fitting lines stay in (section headings); single-segment
    lines after the last fitting line stay while they fit inside one column, and so do those
    opening the page when ``continued`` (a table going on from the previous page: the tail
    of a row broken across the page end); single-segment lines right above the first
    fitting line, touching it, are taken in (a vertically centred header cell).
    """
    regions: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i].kind != FIT:
            i += 1
            continue
        start, end, last_fit, crossing = i, i + 1, i, 0
        j = i + 1
        while j < n:
            prev, cur = lines[j - 1].line, lines[j].line
            height = max(prev.bottom - prev.top, 1.0)
            if cur.top - prev.bottom >= settings.region_gap_ratio * height:
                break
            if lines[j].kind == CROSS:
                crossing += 1
                if crossing > settings.max_heading_lines:
                    break
            else:
                crossing = 0
            if lines[j].kind == FIT:
                last_fit = j
            j += 1
        end = last_fit + 1
        while end < j and lines[end].kind == SINGLE:  # a last row's tail in one column
            end += 1
        if continued and not regions and all(t.kind == SINGLE for t in lines[:start]):
            start = 0
        start = header_start(lines, start, regions[-1][1] if regions else 0, settings)
        fits = sum(1 for t in lines[start:end] if t.kind == FIT)
        if fits >= settings.min_table_rows:
            regions.append((start, end))
        i = max(end, i + 1)
    return regions


def header_start(lines: Sequence[TableLine], start: int, floor: int, settings: PdfSettings) -> int:
    """Where a table starting at ``start`` really starts: header lines above it taken in.

    Going up (not past ``floor``): a single-segment line touching the one below (a header
    cell set higher than its neighbours, vertically centred; above a heading line only clear
    of the leading column, where a caption would stand), and — at most
    ``max_header_lines`` of them — a line of headings over groups of columns ("Actual |
    Projected") within ``header_gap_ratio`` × line height of the line below; a single
    heading right above a numbered row is that row's section heading, not a header.
    """
    boundaries = boundaries_of(lines)
    number = re.compile(settings.row_number_pattern)
    lifted = 0
    while start > floor:
        above, below = lines[start - 1], lines[start].line
        if above.kind == SINGLE and _tight(above.line, below, settings) and not (lifted and _leading_start(above, boundaries) is not None):
            start -= 1
        elif (lifted < settings.max_header_lines and _spanning_header(above, boundaries)
              and not (len(above.segments) == 1 and _starts_numbered(lines[start], boundaries, number))
              and below.top - above.line.bottom <= settings.header_gap_ratio * (below.bottom - below.top)):
            start, lifted = start - 1, lifted + 1
        else:
            break
    return start


def boundaries_of(lines: Sequence[TableLine]) -> tuple[float, ...]:
    """The column boundaries the lines were classed against (kept on each line)."""
    return lines[0].boundaries if lines else ()


def _spanning_header(tline: TableLine, boundaries: Sequence[float]) -> bool:
    """A line of headings each printed over a group of columns (at most half of them): two or
    more, or one clear of the leading column ("Projected" over the years)."""
    if tline.kind != CROSS:
        return False
    widest = max(2, (len(boundaries) + 1) // 2)
    spans = [segment_columns(seg, boundaries) for seg in tline.segments]
    if len(spans) == 1 and spans[0][0] == 0:
        return False
    return all(b - a + 1 <= widest for a, b in spans)


def _tight(upper: Line, lower: Line, settings: PdfSettings) -> bool:
    """The two lines touch or overlap vertically, as lines of neighbouring cells of one row do."""
    return lower.top - upper.bottom <= settings.tight_gap_ratio * (upper.bottom - upper.top)


def _starts_numbered(tline: TableLine, boundaries: Sequence[float], number: re.Pattern[str]) -> bool:
    """The line opens with a row number standing alone in the first column."""
    first = tline.segments[0]
    return segment_columns(first, boundaries) == (0, 0) and number.fullmatch(first.text.strip()) is not None


def _column_numbers(tline: TableLine, number: re.Pattern[str]) -> bool:
    """A line of lone numbers, one per segment, in two or more segments ("1 | 2 | 3 | 4")."""
    return len(tline.segments) >= 2 and all(number.fullmatch(s.text.strip()) for s in tline.segments)


def _dense(tline: TableLine, boundaries: Sequence[float], settings: PdfSettings) -> bool:
    """The line fills the leading column and most others: a row of its own in a table of
    single-line rows (a statistics table), not the wrapped tail of a row above."""
    cols = {segment_columns(s, boundaries, settings.boundary_overhang_share)[0] for s in tline.segments}
    n_cols = len(boundaries) + 1
    need = max(min(settings.dense_min_columns, n_cols), settings.dense_share * n_cols)
    return tline.kind == FIT and 0 in cols and len(cols) >= need


def _heads_data(tline: TableLine, following: Sequence[TableLine], boundaries: Sequence[float],
                settings: PdfSettings) -> bool:
    """A single heading right above a data line (one filling the leading column and most
    others): a section heading over the rows below, not a header over a group of columns."""
    return len(tline.segments) == 1 and bool(following) and _dense(following[0], boundaries, settings)


def _leading_start(tline: TableLine, boundaries: Sequence[float]) -> float | None:
    """Left edge of the line's segment in the leading column, if it has one."""
    first = tline.segments[0]
    return first.x0 if segment_columns(first, boundaries)[0] == 0 else None


def _outdented(tline: TableLine, row: Sequence[TableLine], boundaries: Sequence[float], settings: PdfSettings) -> bool:
    """The line starts in the leading column left of where the row's leading cell starts: a
    wrapped cell's lines keep its left edge (or hang indented), so it opens a row of its own."""
    here = _leading_start(tline, boundaries)
    opening = next((x for x in (_leading_start(t, boundaries) for t in row) if x is not None), None)
    if here is None or opening is None:
        return False
    return opening - here >= settings.outdent_ratio * tline.line.size


def is_numbered(lines: Sequence[TableLine], boundaries: Sequence[float], settings: PdfSettings, was_numbered: bool = False) -> bool:
    """Rows open with a number in the first column: ≥ ``min_numbered_rows`` such lines, or one
    when the table was numbered on the previous page."""
    number = re.compile(settings.row_number_pattern)
    count = sum(1 for t in lines if _starts_numbered(t, boundaries, number) and not _number_only(t, number))
    return count >= settings.min_numbered_rows or (was_numbered and count >= 1)


def _number_only(tline: TableLine, number: re.Pattern[str]) -> bool:
    """A line of numbers alone: a row of column numbers ("1 | 2 | 3 | 4") or a lone number
    (a page number), no row of the table's own."""
    return len(tline.segments) == 1 or _column_numbers(tline, number)


def split_rows(lines: Sequence[TableLine], boundaries: Sequence[float], settings: PdfSettings,
               header: frozenset[str] = frozenset(), numbered: bool | None = None) -> list[list[TableLine]]:
    """Lines of a table region grouped into rows.

    With a numbered first column (≥ ``min_numbered_rows`` lines open with a number there) a
    row starts at each numbered line, and — in a row not opened by a number (the header, or
    the tail of a row broken across the page end) — at a vertical gap clearly wider than the
    gaps between the lines of a cell.  Without one, rows start at such gaps only.  A run of
    lines printed across columns is a row of its own (a section heading), so is a line of
    column numbers, and everything above the first row start; after the lines of a known
    ``header`` (repeated from the previous page) opening the table the first other line
    starts a row.
    """
    number = re.compile(settings.row_number_pattern)
    if numbered is None:
        numbered = is_numbered(lines, boundaries, settings)
    gaps = [b.line.top - a.line.bottom for a, b in zip(lines, lines[1:])]
    heights = [t.line.bottom - t.line.top for t in lines]
    gap_limit = (statistics.median(gaps) if gaps else 0) + settings.row_gap_ratio * statistics.median(heights) / 2

    header_run = next((k for k, t in enumerate(lines) if t.line.text not in header), 0) if header else 0
    rows: list[list[TableLine]] = []
    for k, tline in enumerate(lines):
        prev = lines[k - 1] if k else None
        wide_gap = prev is not None and tline.line.top - prev.line.bottom > gap_limit
        if prev is None:
            new_row = True
        elif (tline.kind == CROSS and not _dense(prev, boundaries, settings) and _spanning_header(tline, boundaries)
              and not _heads_data(tline, lines[k + 1:k + 2], boundaries, settings)):
            new_row = not _tight(prev.line, tline.line, settings)  # header lines over column groups: rows unless touching
        elif tline.kind == CROSS:  # a heading's lines stay together
            new_row = prev.kind != CROSS
        elif prev.kind == CROSS or _column_numbers(prev, number):
            new_row = True
        elif k == header_run:  # the first line under the repeated header at the top
            new_row = True
        elif numbered:
            new_row = _starts_numbered(tline, boundaries, number) or (
                wide_gap and not _starts_numbered(rows[-1][0], boundaries, number))
        else:
            new_row = wide_gap or (_dense(tline, boundaries, settings) and not _stub_header_line(rows[-1], boundaries)
                                   ) or _outdented(tline, rows[-1], boundaries, settings)
        if new_row:
            rows.append([tline])
        else:
            rows[-1].append(tline)
    return rows


def _stub_header_line(row: Sequence[TableLine], boundaries: Sequence[float]) -> bool:
    """The row so far is two or more lines of headings with the leading column empty: a
    header whose leading-column heading sits on its bottom line (the next line ends it)."""
    return len(row) >= 2 and all(t.kind == FIT and _leading_start(t, boundaries) is None for t in row)


def centred_anchor(segment: Segment, after: float, boundaries: Sequence[float], right: float) -> int:
    """The first column under a heading centred over a group of columns: the group ends at the
    column boundary past the middle of the gap to the next heading (``after``: its left edge,
    or the table's right edge), and starts as far left of the heading's centre."""
    xs = [*boundaries, right]
    end = xs[min(column_of(boundaries, (segment.x1 + after) / 2), len(xs) - 1)] if after < right else right
    centre = (segment.x0 + segment.x1) / 2
    return min(column_of(boundaries, 2 * centre - end + 1.0), column_of(boundaries, segment.x0))


def stream_table(rows: Sequence[Sequence[TableLine]], boundaries: Sequence[float], y_tolerance: float,
                 overhang: float = 0.0, full_ratio: float = 1.0) -> FoundTable:
    """A borderless table from its rows: each segment goes to the column its left edge is in.

    A row made only of lines printed across columns is one cell spanning every column.  A
    cell's ``full_lines`` measure its lines against its column's text edge: the right end of
    the column's widest line (of the table's, for a cell across every column).
    """
    all_lines = [t.line for row in rows for t in row]
    left = min(line.x0 for line in all_lines)
    right = max(line.x1 for line in all_lines)
    xs = [left, *boundaries, right]
    n_cols = len(boundaries) + 1
    row_tops = [min(t.line.top for t in row) for row in rows]
    ys = [*row_tops, max(line.bottom for line in all_lines)]

    filled: list[tuple[GridCell, list[Line]]] = []
    for r, row in enumerate(rows):
        top, bottom = ys[r], ys[r + 1]
        if all(t.kind == CROSS and not _spanning_header(t, boundaries) for t in row):
            lines = [t.line for t in row]
            filled.append((GridCell(r, 0, 1, n_cols, (left, top, right, bottom), lines_text(lines)), lines))
            continue
        per_col: list[list[Word]] = [[] for _ in range(n_cols)]
        for tline in row:
            spanning = _spanning_header(tline, boundaries)
            for k, seg in enumerate(tline.segments):
                if spanning:
                    after = tline.segments[k + 1].x0 if k + 1 < len(tline.segments) else right
                    col = centred_anchor(seg, after, boundaries, right)
                else:
                    col = segment_columns(seg, boundaries, overhang)[0]
                per_col[col].extend(seg.words)
        for c in range(n_cols):
            lines = words_to_lines(per_col[c], y_tolerance)
            filled.append((GridCell(r, c, 1, 1, (xs[c], top, xs[c + 1], bottom), cell_text(lines)), lines))
    edges = [max((line.x1 for cell, lines in filled if cell.col == c and cell.col_span == 1 for line in lines),
                 default=xs[c + 1]) for c in range(n_cols)]
    for cell, lines in filled:
        if lines:
            edge = right if cell.col_span == n_cols else edges[cell.col]
            cell.full_lines = reaching_edge(lines, edge, full_ratio)
    cells = [cell for cell, _ in filled]
    return FoundTable(cells, len(rows), n_cols, (left, ys[0], right, ys[-1]), "stream", xs, ys)


def classify(lines: Sequence[Line], boundaries: Sequence[float], settings: PdfSettings) -> list[TableLine]:
    """Every line split into segments and classed against the column boundaries.

    A line printed across a boundary is cut at the word gaps on the boundaries when that
    makes it fit the columns."""
    out = []
    slack = settings.boundary_overhang_share
    for i, line in enumerate(lines):
        segs = tuple(line_segments(line, settings.segment_gap_ratio))
        kind = classify_line(segs, boundaries, slack)
        if kind == CROSS and boundaries:
            cut = tuple(split_at_boundaries(segs, boundaries, settings.boundary_gap_ratio * line.size, slack))
            if len(cut) > len(segs) and (cut_kind := classify_line(cut, boundaries, slack)) != CROSS:
                segs, kind = cut, cut_kind
        out.append(TableLine(i, line, segs, kind, tuple(boundaries)))
    return out


def boundaries_for(lines: Sequence[Line], settings: PdfSettings, multi_only: bool = True) -> list[float]:
    """Column boundaries of the borderless table on these lines (empty if none shows).

    ``multi_only``: only lines of several segments count (for a whole page, where
    single-segment lines may be running text printed across the columns).
    """
    seg_lines = [line_segments(line, settings.segment_gap_ratio) for line in lines]
    if multi_only:
        seg_lines = [segs for segs in seg_lines if len(segs) >= 2]
    rivers = column_rivers(seg_lines, [line.size for line in lines], settings)
    return aligned_boundaries(rivers, [s for segs in seg_lines for s in segs])


@dataclass(frozen=True, slots=True)
class StreamContext:
    """What a page's borderless table hands to the next page: its columns and header lines."""

    boundaries: tuple[float, ...] = ()
    header: frozenset[str] = frozenset()  # texts of the lines of its header row
    numbered: bool = False  # its rows open with a number in the first column


def header_texts(rows: Sequence[Sequence[TableLine]], boundaries: Sequence[float], settings: PdfSettings,
                 numbered: bool = False) -> frozenset[str]:
    """Line texts of a table's first row when that row is a header (not opened by a row number);
    in a ``numbered`` table, of its rows above the first numbered one (a caption line across
    the columns above them skipped, a heading across them below them ends the header)."""
    number = re.compile(settings.row_number_pattern)
    if not numbered:
        if not rows or _starts_numbered(rows[0][0], boundaries, number) or rows[0][0].kind == CROSS:
            return frozenset()
        return frozenset(t.line.text for t in rows[0])
    texts: set[str] = set()
    for row in rows:
        if _starts_numbered(row[0], boundaries, number) or (row[0].kind == CROSS and texts):
            break
        if row[0].kind != CROSS:
            texts.update(t.line.text for t in row)
    return frozenset(texts)


def find_stream_tables(lines: Sequence[Line], settings: PdfSettings, prior: StreamContext = StreamContext()
                       ) -> tuple[list[FoundTable], list[list[int]], StreamContext]:
    """Borderless tables among a page's lines (top to bottom).

    Returns the tables, for each the indices of the lines it took, and the context for the
    next page.  Columns come from this page's lines; a page with too few table lines of its
    own (a table's last rows) tries the previous page's columns.  A repeated header (the
    previous page's header lines again) is a row of its own.
    """
    enough = min(settings.min_columns, 2 if settings.two_column_min_rows else settings.min_columns) - 1
    continued = bool(prior.boundaries)
    own = boundaries_for(lines, settings)
    candidates = [(b, b is own) for b in (own, list(prior.boundaries)) if len(b) >= enough]
    # The previous page's columns win when they cut no more lines of this page than its own
    # (a short last page shows too few lines to find every column gap by itself), unless
    # this page's own columns are more and fit nearly as many lines (90 %).
    classed_by = [classify(lines, b, settings) for b, _ in candidates]
    crossings = [sum(1 for t in c if t.kind == CROSS) for c in classed_by]
    fits = [sum(1 for t in c if t.kind == FIT) for c in classed_by]
    order = sorted(range(len(candidates)), key=lambda i: (crossings[i], -len(candidates[i][0])))
    if len(order) == 2 and candidates[0][1] and len(candidates[0][0]) > len(candidates[1][0]) and fits[0] >= 0.9 * fits[1]:
        order = [0, 1]  # a new table with more columns
    for i in order:
        boundaries, measured_here = candidates[i]
        classed = classed_by[i]
        regions = table_regions(classed, settings, continued)
        if not regions:
            continue
        refined = boundaries
        if measured_here:  # second pass: columns measured on the table's own lines only
            inside = [classed[k].line for a, b in regions for k in range(_first_fit(classed, a, b), b)
                      if classed[k].kind != CROSS]
            refined = boundaries_for(inside, settings, multi_only=False)
            refined = refined if len(refined) >= enough else boundaries
            classed = classify(lines, refined, settings)
            regions = table_regions(classed, settings, continued) or regions
            refined, classed, regions = _fitted_columns(lines, refined, classed, regions, settings, continued)
        refined, classed, regions = _header_columns(lines, refined, classed, regions, settings, continued, prior)
        refined, classed, regions = _known_columns(lines, refined, classed, regions, settings, continued, prior)
        if len(refined) < settings.min_columns - 1:  # two columns: only when aligned over enough rows
            regions = [(a, b) for a, b in regions if aligned_columns(classed[a:b], refined, settings.two_column_min_rows)]
            if not regions:
                continue
        tables, taken, header, numbered = [], [], prior.header, prior.numbered
        for a, b in regions:
            region = classed[a:b]
            numbered = is_numbered(region, refined, settings, numbered)
            rows = split_rows(region, refined, settings, header, numbered)
            header = header or header_texts(rows, refined, settings, numbered)
            tables.append(stream_table(rows, refined, settings.y_tolerance, settings.boundary_overhang_share,
                                       settings.full_line_ratio))
            taken.append([t.index for t in region])
        return tables, taken, StreamContext(tuple(refined), header, numbered)
    return [], [], StreamContext()


def _fitted_columns(lines: Sequence[Line], boundaries: list[float], classed: list[TableLine],
                    regions: list[tuple[int, int]], settings: PdfSettings, continued: bool
                    ) -> tuple[list[float], list[TableLine], list[tuple[int, int]]]:
    """The columns settled on the found tables' own lines (header included): a boundary
    moved left inside its gap so headings centred over a flush-left column fit; kept only
    when the tables still show."""
    taken = [classed[k] for a, b in regions for k in range(a, b)]
    moved = settle_boundaries([t.segments for t in taken], [t.segments for t in taken if t.kind == FIT], boundaries)
    if moved == boundaries:
        return boundaries, classed, regions
    reclassed = classify(lines, moved, settings)
    found = table_regions(reclassed, settings, continued)
    return (moved, reclassed, found) if found else (boundaries, classed, regions)


def _header_columns(lines: Sequence[Line], boundaries: list[float], classed: list[TableLine],
                   regions: list[tuple[int, int]], settings: PdfSettings, continued: bool, prior: StreamContext
                   ) -> tuple[list[float], list[TableLine], list[tuple[int, int]]]:
    """The columns completed from the tables' headers (``header_boundaries``): a column
    whose heading stands apart in the header but whose text fills few lines of the body
    stays a column; kept only when the tables still show.  A header is the previous page's
    header repeated, or the lines above the first numbered line of a numbered table; a
    table of fewer columns than ``min_columns`` (taken only when aligned) is left as it is."""
    if len(boundaries) < settings.min_columns - 1:
        return boundaries, classed, regions
    added: list[float] = []
    min_gap = settings.river_min_width_ratio * (statistics.median(line.size for line in lines) if lines else 10.0)
    for a, b in regions:
        region = [t for t in classed[a:b] if t.kind != CROSS]
        texts = prior.header or _lines_above_numbers(classed[a:b], boundaries, settings)
        head = [s for t in region if t.line.text in texts for s in t.segments]
        if not apart_headings(head, boundaries, min_gap):
            continue  # the usual case: no column with two headings (checked before the rest)
        if not prior.header and not is_numbered(classed[a:b], boundaries, settings, prior.numbered):
            continue
        body = [s for t in region if t.line.text not in texts for s in t.segments]
        added += header_boundaries(head, body, boundaries, min_gap)
    return _with_boundaries(lines, boundaries, classed, regions, added, settings, continued)


def _lines_above_numbers(region: Sequence[TableLine], boundaries: Sequence[float], settings: PdfSettings
                         ) -> frozenset[str]:
    """Texts of a numbered table's lines above its first numbered line (a caption across the
    columns above them skipped, a line across them below them ends them): its header."""
    number = re.compile(settings.row_number_pattern)
    texts: set[str] = set()
    for tline in region:
        if _starts_numbered(tline, boundaries, number) or (tline.kind == CROSS and texts):
            break
        if tline.kind != CROSS:
            texts.add(tline.line.text)
    return frozenset(texts)


def _known_columns(lines: Sequence[Line], boundaries: list[float], classed: list[TableLine],
                   regions: list[tuple[int, int]], settings: PdfSettings, continued: bool, prior: StreamContext
                   ) -> tuple[list[float], list[TableLine], list[tuple[int, int]]]:
    """A table going on from the page before keeps that page's columns (``known_boundaries``)
    where this page's text allows, though its own gaps missed one (kept only when the
    tables still show)."""
    if len(boundaries) < settings.min_columns - 1 or not prior.boundaries:
        return boundaries, classed, regions
    segments = [s for a, b in regions for t in classed[a:b] if t.kind != CROSS for s in t.segments]
    added = known_boundaries(prior.boundaries, segments, boundaries, settings.grid_tolerance)
    return _with_boundaries(lines, boundaries, classed, regions, added, settings, continued)


def _with_boundaries(lines: Sequence[Line], boundaries: list[float], classed: list[TableLine],
                     regions: list[tuple[int, int]], added: Sequence[float], settings: PdfSettings,
                     continued: bool) -> tuple[list[float], list[TableLine], list[tuple[int, int]]]:
    """The lines classed again with boundaries ``added``, when the tables still show."""
    if not added:
        return boundaries, classed, regions
    moved = sorted({*boundaries, *added})
    reclassed = classify(lines, moved, settings)
    found = table_regions(reclassed, settings, continued)
    return (moved, reclassed, found) if found else (boundaries, classed, regions)


def aligned_columns(lines: Sequence[TableLine], boundaries: Sequence[float], min_rows: int, tolerance: float = 2.0) -> bool:
    """Every column after the first starts (flush left) or ends (flush right) at one x, within
    ``tolerance``, on at least ``min_rows`` fitting lines and most of them."""
    fitting = [t for t in lines if t.kind == FIT]
    if len(fitting) < min_rows:
        return False
    for col in range(1, len(boundaries) + 1):
        segs = [seg for t in fitting for seg in t.segments if segment_columns(seg, boundaries)[0] == col]
        if len(segs) < min_rows:
            return False
        lefts, rights = sorted(s.x0 for s in segs), sorted(s.x1 for s in segs)
        mid_left, mid_right = lefts[len(lefts) // 2], rights[len(rights) // 2]
        flush = max(sum(abs(x - mid_left) <= tolerance for x in lefts), sum(abs(x - mid_right) <= tolerance for x in rights))
        if flush < max(min_rows, 0.6 * len(segs)):
            return False
    return True


def _first_fit(classed: Sequence[TableLine], start: int, end: int) -> int:
    """Index of the first fitting line in ``classed[start:end]`` (header lines above it skipped)."""
    return next((k for k in range(start, end) if classed[k].kind == FIT), start)


def trailing_heading(tail: Sequence[Line], above: Line, boundaries: Sequence[float], settings: PdfSettings) -> bool:
    """Lines under a borderless table's last line that read as a section heading row: a few,
    close below it, each printed across the columns."""
    if not 1 <= len(tail) <= settings.max_heading_lines:
        return False
    if tail[0].top - above.bottom >= settings.region_gap_ratio * max(above.bottom - above.top, 1.0):
        return False
    return all(t.kind == CROSS for t in classify(tail, boundaries, settings))


def append_heading_row(table: FoundTable, lines: Sequence[Line]) -> None:
    """Add ``lines`` to a table as a last row: one cell across every column."""
    top, bottom = min(l.top for l in lines), max(l.bottom for l in lines)
    x0, y0, x1, _ = table.bbox
    table.cells.append(GridCell(table.n_rows, 0, 1, table.n_cols, (x0, top, x1, bottom), lines_text(lines)))
    table.n_rows += 1
    table.row_lines = [*table.row_lines[:-1], top, bottom]
    table.bbox = (x0, y0, x1, bottom)
