"""Table inference for PDF pages as a chain of small pure steps.

Everything here works in the page's *reading frame*: the page turned so that its text runs
left to right (see :func:`text_quarter`), coordinates in points with ``top`` growing
downwards, as pdfplumber reports them.

Ruled tables::

    drawn edges → ruled_cell_boxes (pdfplumber: merge → intersections → cells → tables)
                → boxes_to_grid (rows × cols, spans) → chars assigned by centre → cell text

Borderless tables (whitespace-aligned columns)::

    chars → words → lines → segments (words split at wide gaps)
          → column_rivers (gaps that stay open down many lines) → boundaries
          → classify_line (fits the columns / prints across them / one segment)
          → table_regions (runs of lines that fit) → split_rows (numbered first column)
          → stream_table (cells, a heading row printed across columns as one spanning cell)
"""
from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pdfplumber import table as plumber_table
from pdfplumber import utils as plumber_utils

from .pdf_settings import PdfSettings

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

FIT, CROSS, SINGLE = "fit", "cross", "single"


# --------------------------------------------------------------------------- orientation

def char_quarter(char: dict[str, Any]) -> int:
    """Quarter turns (clockwise, as displayed) of one character's writing direction."""
    a, b = char["matrix"][0], char["matrix"][1]
    dx, dy = a, -b  # the text direction in top-down page coordinates
    if abs(dx) >= abs(dy):
        return 0 if dx > 0 else 2
    return 1 if dy > 0 else 3


def text_quarter(chars: Iterable[dict[str, Any]]) -> int:
    """The quarter turn most of a page's text is written at: 0 for text read left to right."""
    votes = [0, 0, 0, 0]
    for char in chars:
        if char["text"].strip():
            votes[char_quarter(char)] += 1
    return max(range(4), key=lambda q: (votes[q], q == 0))


def frame_size(quarter: int, width: float, height: float) -> tuple[float, float]:
    """Width and height of the reading frame of a page displayed ``width`` × ``height``."""
    return (height, width) if quarter % 2 else (width, height)


def to_reading(bbox: BBox, quarter: int, width: float, height: float) -> BBox:
    """A displayed-page box in the reading frame (``width``/``height``: the displayed page)."""
    x0, top, x1, bottom = bbox
    if quarter == 1:
        return (top, width - x1, bottom, width - x0)
    if quarter == 2:
        return (width - x1, height - bottom, width - x0, height - top)
    if quarter == 3:
        return (height - bottom, x0, height - top, x1)
    return bbox


def to_display(bbox: BBox, quarter: int, width: float, height: float) -> BBox:
    """A reading-frame box back on the displayed page (the inverse of :func:`to_reading`)."""
    x0, top, x1, bottom = bbox
    if quarter == 1:
        return (width - bottom, x0, width - top, x1)
    if quarter == 2:
        return (width - x1, height - bottom, width - x0, height - top)
    if quarter == 3:
        return (top, height - x1, bottom, height - x0)
    return bbox


def reading_chars(chars: Iterable[dict[str, Any]], quarter: int, width: float, height: float) -> list[dict[str, Any]]:
    """Characters moved into the reading frame; those written at another angle stay "not upright"."""
    out = []
    for char in chars:
        x0, top, x1, bottom = to_reading((char["x0"], char["top"], char["x1"], char["bottom"]), quarter, width, height)
        out.append({
            "text": char["text"], "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "size": char.get("size", bottom - top),
            "upright": char_quarter(char) == quarter,
        })
    return out


def reading_edges(edges: Iterable[dict[str, Any]], quarter: int, width: float, height: float) -> list[dict[str, Any]]:
    """Drawn edges moved into the reading frame (a vertical edge turns horizontal on odd quarters)."""
    out = []
    for edge in edges:
        x0, top, x1, bottom = to_reading((edge["x0"], edge["top"], edge["x1"], edge["bottom"]), quarter, width, height)
        orientation = edge["orientation"]
        if quarter % 2:
            orientation = "h" if orientation == "v" else "v"
        out.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
                    "height": bottom - top, "orientation": orientation, "object_type": "edge"})
    return out


# --------------------------------------------------------------------------- words and lines

@dataclass(frozen=True, slots=True)
class Word:
    """A word in the reading frame."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(frozen=True, slots=True)
class Line:
    """Words sharing a baseline, left to right."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        """Left edge."""
        return self.words[0].x0

    @property
    def x1(self) -> float:
        """Right edge."""
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        """Top edge."""
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        """The font size most of the line is set in."""
        return statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        """The line's box."""
        return (self.x0, self.top, self.x1, self.bottom)


def chars_to_words(chars: list[dict[str, Any]], settings: PdfSettings) -> list[Word]:
    """pdfplumber's word grouping on reading-frame characters."""
    if not chars:
        return []
    words = plumber_utils.extract_words(
        chars, x_tolerance=settings.x_tolerance, y_tolerance=settings.y_tolerance, return_chars=True
    )
    return [
        Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], max(c["size"] for c in w["chars"]))
        for w in words
    ]


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


def words_text(words: Iterable[Word], y_tolerance: float) -> str:
    """A cell's words in reading order: words of a line by spaces, lines by newlines."""
    return lines_text(words_to_lines(words, y_tolerance))


# --------------------------------------------------------------------------- page furniture

def _furniture_key(text: str) -> str:
    """A margin line's text with digits masked, so "стр. 2" and "стр. 3" compare equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text)).strip()


def furniture_lines(pages: Sequence[tuple[Sequence[Line], float]], settings: PdfSettings) -> list[set[int]]:
    """Per page, indices of running header / footer lines and page numbers.

    ``pages`` holds each page's lines (top to bottom, tables left out) and its height.  A
    line is furniture when it sits in the top or bottom margin zone, is reached from the
    page edge through furniture only, and is a lone page number or a single-segment line
    repeated (digits masked) on ≥ ``repeat_share`` of the pages (and at least two).
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
        for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
            for i in order:  # from the page edge inwards, stopping at the first body line
                if not is_furniture(i):
                    break
                marked.add(i)
        result.append(marked)
    return result


# --------------------------------------------------------------------------- ruled tables

def ruled_cell_boxes(edges: list[dict[str, Any]], settings: PdfSettings) -> list[list[BBox]]:
    """Cell boxes of each ruled table, from drawn edges (pdfplumber's finder chain)."""
    edges = plumber_utils.filter_edges(edges, min_length=settings.edge_min_length)
    if not edges:
        return []
    edges = plumber_table.merge_edges(
        edges, snap_x_tolerance=settings.snap_tolerance, snap_y_tolerance=settings.snap_tolerance,
        join_x_tolerance=settings.join_tolerance, join_y_tolerance=settings.join_tolerance,
    )
    edges = plumber_utils.filter_edges(edges, min_length=settings.edge_min_length)
    intersections = plumber_table.edges_to_intersections(
        edges, settings.intersection_tolerance, settings.intersection_tolerance
    )
    cells = plumber_table.intersections_to_cells(intersections)
    return [t for t in plumber_table.cells_to_tables(cells) if len(t) >= settings.min_ruled_cells]


def grid_lines(values: Iterable[float], tolerance: float) -> list[float]:
    """Positions closer than ``tolerance`` clustered into one grid line each (their mean)."""
    return [sum(g) / len(g) for g in plumber_utils.cluster_list(list(values), tolerance)]


def _nearest(lines: Sequence[float], value: float) -> int:
    """Index of the grid line nearest to ``value``."""
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))


@dataclass(slots=True)
class GridCell:
    """A cell placed on a table grid, in the reading frame."""

    row: int
    col: int
    row_span: int
    col_span: int
    bbox: BBox
    text: str = ""


@dataclass(slots=True)
class FoundTable:
    """One table piece found on a page, in the reading frame."""

    cells: list[GridCell]
    n_rows: int
    n_cols: int
    bbox: BBox
    method: str
    col_lines: list[float] = field(default_factory=list)  # x of every column boundary, edges included
    row_lines: list[float] = field(default_factory=list)  # y of every row boundary, edges included


def boxes_to_grid(boxes: Sequence[BBox], tolerance: float) -> FoundTable:
    """Cell boxes as a grid: distinct cell edges make the grid lines, a box over several is a span."""
    xs = grid_lines([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = grid_lines([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    taken: dict[tuple[int, int], GridCell] = {}
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        col, row = _nearest(xs, box[0]), _nearest(ys, box[1])
        col_span = max(1, _nearest(xs, box[2]) - col)
        row_span = max(1, _nearest(ys, box[3]) - row)
        if (row, col) not in taken:
            taken[(row, col)] = GridCell(row, col, row_span, col_span, box)
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    cells = sorted(taken.values(), key=lambda c: (c.row, c.col))
    return FoundTable(cells, len(ys) - 1, len(xs) - 1, bbox, "ruled", xs, ys)


def covering_map(table: FoundTable) -> dict[tuple[int, int], GridCell]:
    """Every grid position of a table mapped to the cell covering it."""
    cover: dict[tuple[int, int], GridCell] = {}
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.col, cell.col + cell.col_span):
                cover[(r, c)] = cell
    return cover


def cell_at(table: FoundTable, cover: dict[tuple[int, int], GridCell], x: float, y: float) -> GridCell | None:
    """The cell covering a point, if a cell covers it (``cover``: the table's covering map)."""
    col, row = bisect_right(table.col_lines, x) - 1, bisect_right(table.row_lines, y) - 1
    return cover.get((row, col))


def fill_ruled_text(tables: Sequence[FoundTable], chars: list[dict[str, Any]], settings: PdfSettings) -> list[dict[str, Any]]:
    """Give each ruled cell the text of the characters centred in it; return the chars left
    over (outside every table, or inside a table's frame where no cell is drawn)."""
    covers = [covering_map(t) for t in tables]
    per_cell: dict[int, list[dict[str, Any]]] = {}
    rest = []
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        cell = None
        for table, cover in zip(tables, covers):
            x0, top, x1, bottom = table.bbox
            if x0 <= x < x1 and top <= y < bottom:
                cell = cell_at(table, cover, x, y)
                break
        if cell is None:
            rest.append(char)
        else:
            per_cell.setdefault(id(cell), []).append(char)
    for table in tables:
        for cell in table.cells:
            cell.text = words_text(chars_to_words(per_cell.get(id(cell), []), settings), settings.y_tolerance)
    return rest


def find_ruled_tables(edges: list[dict[str, Any]], settings: PdfSettings) -> list[FoundTable]:
    """Ruled tables of a page (reading frame), cells without text yet."""
    grids = [boxes_to_grid(boxes, settings.grid_tolerance) for boxes in ruled_cell_boxes(edges, settings)]
    return [g for g in grids if g.n_cols >= settings.min_ruled_cols]  # a framed box is no table


# --------------------------------------------------------------------------- borderless tables

@dataclass(frozen=True, slots=True)
class Segment:
    """Words of a line with no wide gap between them: one cell's share of a line."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        """Left edge."""
        return self.words[0].x0

    @property
    def x1(self) -> float:
        """Right edge."""
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(w.text for w in self.words)


def line_segments(line: Line, gap_ratio: float, space_ratio: float = 2.0, stretch_ratio: float = 2.0) -> list[Segment]:
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
    open_runs: list[tuple[float, float]] = []
    for a, b in zip(points, points[1:]):
        mid = (a + b) / 2
        gaps = covers = 0
        for segs in seg_lines:
            if any(s.x0 < mid < s.x1 for s in segs):
                covers += 1
            elif len(segs) >= 2 and segs[0].x1 < mid < segs[-1].x0:
                gaps += 1
        allowed = max(settings.river_crossing_lines, settings.river_crossing_share * gaps)
        if gaps >= need and covers <= allowed:
            if open_runs and open_runs[-1][1] == a:
                open_runs[-1] = (open_runs[-1][0], b)
            else:
                open_runs.append((a, b))
    min_width = settings.river_min_width_ratio * (statistics.median(sizes) if sizes else 10.0)
    return [r for r in open_runs if r[1] - r[0] >= min_width]


def river_boundaries(rivers: Iterable[tuple[float, float]]) -> list[float]:
    """One column boundary per river, just left of its right edge (where the next column's text starts)."""
    return [max(a, b - 1.0) for a, b in rivers]


def column_of(boundaries: Sequence[float], x: float) -> int:
    """The column index of an x position given the inner column boundaries."""
    return bisect_right(boundaries, x)


def segment_columns(segment: Segment, boundaries: Sequence[float]) -> tuple[int, int]:
    """First and last column a segment's ink falls in."""
    return column_of(boundaries, segment.x0), column_of(boundaries, segment.x1 - 0.01)


def classify_line(segments: Sequence[Segment], boundaries: Sequence[float]) -> str:
    """FIT (segments in ≥ 2 columns, none across a boundary), CROSS (printed across one), or SINGLE."""
    spans = [segment_columns(s, boundaries) for s in segments]
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
        floor = regions[-1][1] if regions else 0
        while start > floor and lines[start - 1].kind == SINGLE and _tight(lines[start - 1].line, lines[start].line, settings):
            start -= 1  # a header cell set higher than its neighbours (vertically centred)
        fits = sum(1 for t in lines[start:end] if t.kind == FIT)
        if fits >= settings.min_table_rows:
            regions.append((start, end))
        i = max(end, i + 1)
    return regions


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


def is_numbered(lines: Sequence[TableLine], boundaries: Sequence[float], settings: PdfSettings, was_numbered: bool = False) -> bool:
    """Rows open with a number in the first column: ≥ ``min_numbered_rows`` such lines, or one
    when the table was numbered on the previous page."""
    number = re.compile(settings.row_number_pattern)
    count = sum(1 for t in lines if _starts_numbered(t, boundaries, number))
    return count >= settings.min_numbered_rows or (was_numbered and count >= 1)


def split_rows(lines: Sequence[TableLine], boundaries: Sequence[float], settings: PdfSettings,
               header: frozenset[str] = frozenset(), numbered: bool | None = None) -> list[list[TableLine]]:
    """Lines of a table region grouped into rows.

    With a numbered first column (≥ ``min_numbered_rows`` lines open with a number there) a
    row starts at each numbered line, and — in a row not opened by a number (the header, or
    the tail of a row broken across the page end) — at a vertical gap clearly wider than the
    gaps between the lines of a cell.  Without one, rows start at such gaps only.  A run of
    lines printed across columns is a row of its own (a section heading), so is a line of
    column numbers, and everything above the first row start; after lines of a known
    ``header`` (repeated from the previous page) the first other line starts a row.
    """
    number = re.compile(settings.row_number_pattern)
    if numbered is None:
        numbered = is_numbered(lines, boundaries, settings)
    gaps = [b.line.top - a.line.bottom for a, b in zip(lines, lines[1:])]
    heights = [t.line.bottom - t.line.top for t in lines]
    gap_limit = (statistics.median(gaps) if gaps else 0) + settings.row_gap_ratio * statistics.median(heights) / 2

    rows: list[list[TableLine]] = []
    for k, tline in enumerate(lines):
        prev = lines[k - 1] if k else None
        wide_gap = prev is not None and tline.line.top - prev.line.bottom > gap_limit
        if prev is None:
            new_row = True
        elif tline.kind == CROSS:
            new_row = prev.kind != CROSS
        elif prev.kind == CROSS or _column_numbers(prev, number):
            new_row = True
        elif prev.line.text in header and tline.line.text not in header:
            new_row = True
        elif numbered:
            new_row = _starts_numbered(tline, boundaries, number) or (
                wide_gap and not _starts_numbered(rows[-1][0], boundaries, number))
        else:
            new_row = wide_gap
        if new_row:
            rows.append([tline])
        else:
            rows[-1].append(tline)
    return rows


def stream_table(rows: Sequence[Sequence[TableLine]], boundaries: Sequence[float], y_tolerance: float) -> FoundTable:
    """A borderless table from its rows: each segment goes to the column its left edge is in.

    A row made only of lines printed across columns is one cell spanning every column.
    """
    all_lines = [t.line for row in rows for t in row]
    left = min(line.x0 for line in all_lines)
    right = max(line.x1 for line in all_lines)
    xs = [left, *boundaries, right]
    n_cols = len(boundaries) + 1
    row_tops = [min(t.line.top for t in row) for row in rows]
    ys = [*row_tops, max(line.bottom for line in all_lines)]

    cells: list[GridCell] = []
    for r, row in enumerate(rows):
        top, bottom = ys[r], ys[r + 1]
        if all(t.kind == CROSS for t in row):
            text = lines_text(t.line for t in row)
            cells.append(GridCell(r, 0, 1, n_cols, (left, top, right, bottom), text))
            continue
        per_col: list[list[Word]] = [[] for _ in range(n_cols)]
        for tline in row:
            for seg in tline.segments:
                per_col[column_of(boundaries, seg.x0)].extend(seg.words)
        for c in range(n_cols):
            cells.append(GridCell(r, c, 1, 1, (xs[c], top, xs[c + 1], bottom), words_text(per_col[c], y_tolerance)))
    return FoundTable(cells, len(rows), n_cols, (left, ys[0], right, ys[-1]), "stream", xs, ys)


def classify(lines: Sequence[Line], boundaries: Sequence[float], settings: PdfSettings) -> list[TableLine]:
    """Every line split into segments and classed against the column boundaries."""
    out = []
    for i, line in enumerate(lines):
        segs = tuple(line_segments(line, settings.segment_gap_ratio))
        out.append(TableLine(i, line, segs, classify_line(segs, boundaries)))
    return out


def boundaries_for(lines: Sequence[Line], settings: PdfSettings, multi_only: bool = True) -> list[float]:
    """Column boundaries of the borderless table on these lines (empty if none shows).

    ``multi_only``: only lines of several segments count (for a whole page, where
    single-segment lines may be running text printed across the columns).
    """
    seg_lines = [line_segments(line, settings.segment_gap_ratio) for line in lines]
    if multi_only:
        seg_lines = [segs for segs in seg_lines if len(segs) >= 2]
    return river_boundaries(column_rivers(seg_lines, [line.size for line in lines], settings))


@dataclass(frozen=True, slots=True)
class StreamContext:
    """What a page's borderless table hands to the next page: its columns and header lines."""

    boundaries: tuple[float, ...] = ()
    header: frozenset[str] = frozenset()  # texts of the lines of its header row
    numbered: bool = False  # its rows open with a number in the first column


def header_texts(rows: Sequence[Sequence[TableLine]], boundaries: Sequence[float], settings: PdfSettings) -> frozenset[str]:
    """Line texts of a table's first row when that row is a header (not opened by a row number)."""
    number = re.compile(settings.row_number_pattern)
    if not rows or _starts_numbered(rows[0][0], boundaries, number) or rows[0][0].kind == CROSS:
        return frozenset()
    return frozenset(t.line.text for t in rows[0])


def find_stream_tables(lines: Sequence[Line], settings: PdfSettings, prior: StreamContext = StreamContext()
                       ) -> tuple[list[FoundTable], list[list[int]], StreamContext]:
    """Borderless tables among a page's lines (top to bottom).

    Returns the tables, for each the indices of the lines it took, and the context for the
    next page.  Columns come from this page's lines; a page with too few table lines of its
    own (a table's last rows) tries the previous page's columns.  A repeated header (the
    previous page's header lines again) is a row of its own.
    """
    enough = settings.min_columns - 1
    continued = bool(prior.boundaries)
    own = boundaries_for(lines, settings)
    candidates = [(b, b is own) for b in (own, list(prior.boundaries)) if len(b) >= enough]
    # The previous page's columns win when they cut no more lines of this page than its own
    # (a short last page shows too few lines to find every column gap by itself).
    classed_by = [classify(lines, b, settings) for b, _ in candidates]
    crossings = [sum(1 for t in c if t.kind == CROSS) for c in classed_by]
    order = sorted(range(len(candidates)), key=lambda i: (crossings[i], -len(candidates[i][0])))
    for i in order:
        boundaries, measured_here = candidates[i]
        classed = classed_by[i]
        regions = table_regions(classed, settings, continued)
        if not regions:
            continue
        refined = boundaries
        if measured_here:  # second pass: columns measured on the table's own lines only
            inside = [classed[k].line for a, b in regions for k in range(a, b) if classed[k].kind != CROSS]
            refined = boundaries_for(inside, settings, multi_only=False)
            refined = refined if len(refined) >= enough else boundaries
            classed = classify(lines, refined, settings)
            regions = table_regions(classed, settings, continued) or regions
        tables, taken, header, numbered = [], [], prior.header, prior.numbered
        for a, b in regions:
            region = classed[a:b]
            numbered = is_numbered(region, refined, settings, numbered)
            rows = split_rows(region, refined, settings, header, numbered)
            header = header or header_texts(rows, refined, settings)
            tables.append(stream_table(rows, refined, settings.y_tolerance))
            taken.append([t.index for t in region])
        return tables, taken, StreamContext(tuple(refined), header, numbered)
    return [], [], StreamContext()


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
