"""Ruled tables of a PDF page: drawn edges → cell boxes → grid with spans → cell text.

    drawn edges → ruled_cell_boxes (pdfplumber: merge → intersections → cells → tables)
                → boxes_to_grid (rows × cols, spans) → chars assigned by centre → cell text
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pdfplumber import table as plumber_table
from pdfplumber import utils as plumber_utils

from .pdf_settings import PdfSettings
from .pdf_text import Line, Word, cell_text, reaching_edge, words_to_lines

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


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
    edges = edges + open_side_edges(edges, settings.snap_tolerance)
    intersections = plumber_table.edges_to_intersections(
        edges, settings.intersection_tolerance, settings.intersection_tolerance
    )
    cells = intersections_to_cells(intersections)
    return [t for t in plumber_table.cells_to_tables(cells) if len(t) >= settings.min_ruled_cells]


def intersections_to_cells(intersections: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells``, same cells in the same order, without its
    quadratic scans: each point's edges made a set of boxes once (pdfplumber makes them at
    every test), the points below a point taken from its run of equal x in the sorted list,
    the points to its right from its run of equal y."""
    points = sorted(intersections)
    if any(x != x or y != y for x, y in points):  # nan: the sorted runs below do not hold
        return plumber_table.intersections_to_cells(intersections)
    vertical = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in found["v"]} for p, found in intersections.items()}
    horizontal = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in found["h"]} for p, found in intersections.items()}

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        return ((p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]))
                or (p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])))

    by_y: dict[float, list[int]] = {}  # the sorted positions of the points of each y
    for i, point in enumerate(points):
        by_y.setdefault(point[1], []).append(i)
    cells: list[BBox] = []
    x_end = 0
    for i, point in enumerate(points):
        if x_end <= i:  # the run of points sharing this x ends before x_end
            x_end = i + 1
            while x_end < len(points) and points[x_end][0] == point[0]:
                x_end += 1
        row = by_y[point[1]]
        right = [points[k] for k in row[bisect_right(row, i):]]
        cell = _smallest_cell(point, points[i + 1:x_end], right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(point: tuple[float, float], below: list[tuple[float, float]], right: list[tuple[float, float]],
                   intersections: dict[tuple[float, float], Any], connects: Any) -> BBox | None:
    """pdfplumber's ``find_smallest_cell`` on the points below and to the right of ``point``."""
    for below_pt in below:
        if not connects(point, below_pt):
            continue
        for right_pt in right:
            if not connects(point, right_pt):
                continue
            bottom_right = (right_pt[0], below_pt[1])
            if bottom_right in intersections and connects(bottom_right, right_pt) and connects(bottom_right, below_pt):
                return (point[0], point[1], bottom_right[0], bottom_right[1])
    return None


def _spans(edge: dict[str, Any], top: float, bottom: float, tolerance: float) -> bool:
    """A vertical edge runs from ``top`` to ``bottom`` (within ``tolerance``)."""
    return edge["top"] <= top + tolerance and edge["bottom"] >= bottom - tolerance


def open_side_edges(edges: Sequence[dict[str, Any]], tolerance: float) -> list[dict[str, Any]]:
    """The missing outer sides of a grid drawn open at the left or right: where two rules, with
    no rule between them reaching that far, end at one x beyond the last vertical, and a drawn
    vertical between those ends runs from one rule to the other, the band between them is
    closed at that x (one edge per band)."""
    horizontals = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: e["top"])
    verticals = [e for e in edges if e["orientation"] == "v"]
    out = []
    for side in ("x0", "x1"):
        for group in plumber_utils.cluster_objects(horizontals, side, tolerance):
            group = sorted(group, key=lambda e: e["top"])
            x = sum(e[side] for e in group) / len(group)
            for upper, lower in zip(group, group[1:]):
                top, bottom = upper["top"], lower["top"]
                if bottom - top <= tolerance:
                    continue
                if any(top < e["top"] < bottom and e["x0"] - tolerance <= x <= e["x1"] + tolerance for e in horizontals):
                    continue  # a rule between them runs on past x: no open side here
                left, right = max(upper["x0"], lower["x0"]), min(upper["x1"], lower["x1"])
                crossing = [e for e in verticals if left - tolerance <= e["x0"] <= right + tolerance
                            and _spans(e, top, bottom, tolerance)]
                if crossing and not any(abs(e["x0"] - x) <= tolerance for e in crossing):
                    out.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0,
                                "height": bottom - top, "orientation": "v", "object_type": "edge"})
    return out


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
    full_lines: tuple[bool, ...] | None = None  # per line of ``text``: reaches the text's right edge


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
    merges_visible: bool = True  # False: no rules between the rows (see extract.model.Table)


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


def fill_ruled_text(tables: Sequence[FoundTable], words: Sequence[Word], settings: PdfSettings) -> list[Word]:
    """Give each ruled cell the text of the words centred in it; return the words left over
    (outside every table, or inside a table's frame where no cell is drawn).

    Words, not characters, are placed: a word a drawn line runs through (a chart's grid
    behind its labels) stays whole in the cell holding its centre.  A table drawn inside a
    cell of another keeps its own words and is reported as a table of its own.  A grid with a cell that
    hides columns (:func:`hides_columns`) is no table: its cells stay empty and its words are
    returned with the rest.
    """
    def area(table: FoundTable) -> float:
        return (table.bbox[2] - table.bbox[0]) * (table.bbox[3] - table.bbox[1])

    inner_first = sorted(tables, key=area)  # a table drawn inside another's cell takes its own words
    covers = [covering_map(t) for t in inner_first]
    per_cell: dict[int, list[Word]] = {}
    rest = []
    for word in words:
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        cell = None
        for table, cover in zip(inner_first, covers):
            x0, top, x1, bottom = table.bbox
            if x0 <= x < x1 and top <= y < bottom:
                cell = cell_at(table, cover, x, y)
                if cell is not None:
                    break
        if cell is None:
            rest.append(word)
        else:
            per_cell.setdefault(id(cell), []).append(word)
    for table in tables:
        if any(hides_columns(table, cell, per_cell.get(id(cell), []), settings) for cell in table.cells):
            rest.extend(w for cell in table.cells for w in per_cell.get(id(cell), []))
            continue  # no table: its cells stay empty, its words go on as running text
        per_cell.update(split_unruled_rows(table, per_cell, settings))
        filled: list[tuple[GridCell, list[Line]]] = []
        for cell in table.cells:
            for part, part_words in split_unruled_span(table, cell, per_cell.get(id(cell), [])):
                lines = words_to_lines(part_words, settings.y_tolerance)
                part.text = cell_text(lines)
                filled.append((part, lines))
        mark_full_lines(filled, settings.full_line_ratio)
        table.cells = [cell for cell, _ in filled]
    return rest


# --------------------------------------------------------------------------- grids that are no tables

def hides_columns(table: FoundTable, cell: GridCell, words: Sequence[Word], settings: PdfSettings) -> bool:
    """A cell's lines are set in columns its grid does not have: a blank gap of at least
    ``hidden_column_gap_ratio`` × the font size runs down the whole cell, away from the
    grid's own column lines, with words on both sides of it in ``hidden_column_lines`` lines
    or more (rules drawn around a borderless table, not a ruled table)."""
    if len(words) < 2 * settings.hidden_column_lines:
        return False
    lines = words_to_lines(words, settings.y_tolerance)
    if sum(len(line.words) >= 2 for line in lines) < settings.hidden_column_lines:
        return False
    size = sorted(w.size for w in words)[len(words) // 2]
    inner = table.col_lines[cell.col + 1:cell.col + cell.col_span]
    spans = sorted((w.x0, w.x1) for w in words)
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= settings.hidden_column_gap_ratio * size and not any(reach <= x <= x0 for x in inner):
            if sum(line.x0 < reach and line.x1 > x0 for line in lines) >= settings.hidden_column_lines:
                return True
        reach = max(reach, x1)
    return False


# --------------------------------------------------------------------------- rows ruled only around

def _broken_on_purpose(lines: Sequence[Line]) -> bool:
    """Every line of a cell was ended on purpose: the next line starts afresh (not in lower
    case) after a line not ending in a hyphen or a comma."""
    return not any(after.text[0].islower() or line.text[-1] in "-‐,;"
                   for line, after in zip(lines, lines[1:]))


def _blocks_at_gaps(lines: Sequence[Line], gap_ratio: float) -> list[float]:
    """Cuts where a blank gap of ``gap_ratio`` × the line height runs across the whole row."""
    spans = sorted((line.top, line.bottom) for line in lines)
    height = sorted(b - t for t, b in spans)[len(spans) // 2]
    cuts, reach = [], spans[0][1]
    for top, bottom in spans[1:]:
        if top - reach >= gap_ratio * height:
            cuts.append((top + reach) / 2)
        reach = max(reach, bottom)
    return cuts


def _bands(lines: Sequence[Line], tolerance: float) -> list[float]:
    """Cuts between the text lines of a row, lines of all its cells banded by their middles."""
    mids = sorted(((l.top + l.bottom) / 2, l.top, l.bottom) for l in lines)
    bands: list[list[tuple[float, float, float]]] = []
    for mid in mids:
        if bands and mid[0] - bands[-1][-1][0] <= tolerance:
            bands[-1].append(mid)
        else:
            bands.append([mid])
    return [(max(b for _, _, b in upper) + min(t for _, t, _ in lower)) / 2 for upper, lower in zip(bands, bands[1:])]


def _part(y: float, cuts: Sequence[float]) -> int:
    """Index of the part between ``cuts`` holding ``y``."""
    return bisect_right(list(cuts), y)


def _parts_valid(cells: Sequence[tuple[GridCell, list[Line]]], cuts: Sequence[float]) -> bool:
    """Cuts make sub-rows when the row's first cell has text in every part and at least two
    parts hold text in two or more cells."""
    if not cuts:
        return False
    lead = cells[0][1]
    parts_of = [{_part((l.top + l.bottom) / 2, cuts) for l in lines} for _, lines in cells]
    if set(range(len(cuts) + 1)) - parts_of[0] or not lead:
        return False
    shared = sum(1 for k in range(len(cuts) + 1) if sum(k in parts for parts in parts_of) >= 2)
    return shared >= 2


def row_cuts(cells: Sequence[tuple[GridCell, list[Line]]], settings: PdfSettings) -> list[float]:
    """Where a ruled row holds several rows no rule parts (a body ruled only around): cut at
    blank gaps across the whole row, or else at every line when every cell's lines were broken
    on purpose and two cells or more hold several lines.  No cut otherwise."""
    lines = [line for _, ls in cells for line in ls]
    if len(lines) < 2:
        return []
    cuts = _blocks_at_gaps(lines, settings.ruled_row_gap_ratio)
    if _parts_valid(cells, cuts):
        return cuts
    stacked = [ls for _, ls in cells if len(ls) >= 2]
    if len(stacked) < 2:
        return []
    if not all(_broken_on_purpose(ls) for _, ls in cells):
        return []
    cuts = _bands(lines, settings.y_tolerance)
    return cuts if _parts_valid(cells, cuts) else []


def split_unruled_rows(table: FoundTable, per_cell: dict[int, list[Word]], settings: PdfSettings) -> dict[int, list[Word]]:
    """Rows below the first whose cells hold several rows no rule parts become those rows
    (see :func:`row_cuts`); ``table`` is changed in place, the new cells' words are returned."""
    spanned = {r for c in table.cells if c.row_span > 1 for r in range(c.row, c.row + c.row_span)}
    lines_of = {id(c): words_to_lines(per_cell.get(id(c), []), settings.y_tolerance) for c in table.cells}
    cuts_of: dict[int, list[float]] = {}
    for row in range(1, table.n_rows):
        if row not in spanned:
            cells = sorted((c for c in table.cells if c.row == row), key=lambda c: c.col)
            cuts = row_cuts([(c, lines_of[id(c)]) for c in cells], settings)
            if cuts:
                cuts_of[row] = cuts
    if not cuts_of:
        return {}
    shift = [0] * (table.n_rows + 1)
    for row in range(table.n_rows):
        shift[row + 1] = shift[row] + len(cuts_of.get(row, []))
    new_words: dict[int, list[Word]] = {}
    cells: list[GridCell] = []
    for cell in table.cells:
        cuts = cuts_of.get(cell.row)
        if not cuts:
            end = cell.row + cell.row_span
            cells.append(GridCell(cell.row + shift[cell.row], cell.col, end + shift[end] - cell.row - shift[cell.row],
                                  cell.col_span, cell.bbox))
            new_words[id(cells[-1])] = per_cell.get(id(cell), [])
            continue
        x0, top, x1, bottom = cell.bbox
        edges = [top, *cuts, bottom]
        for k in range(len(edges) - 1):
            part = GridCell(cell.row + shift[cell.row] + k, cell.col, 1, cell.col_span, (x0, edges[k], x1, edges[k + 1]))
            cells.append(part)
            new_words[id(part)] = [w for w in per_cell.get(id(cell), []) if _part((w.top + w.bottom) / 2, cuts) == k]
    row_lines = []
    for row, y in enumerate(table.row_lines):
        row_lines.append(y)
        row_lines.extend(cuts_of.get(row, []))
    table.cells = sorted(cells, key=lambda c: (c.row, c.col))
    table.row_lines = row_lines
    table.n_rows = len(row_lines) - 1
    return new_words


def mark_full_lines(filled: Sequence[tuple[GridCell, Sequence[Line]]], ratio: float) -> None:
    """Set each ruled cell's ``full_lines`` from its lines: the text's right edge is the cell's
    right side less its column's left padding (the least gap from a cell's left side to its
    text down that column: cells are padded alike on both sides)."""
    pads: dict[int, float] = {}
    for cell, lines in filled:
        if lines and cell.col_span == 1:
            pad = min(line.x0 for line in lines) - cell.bbox[0]
            pads[cell.col] = min(pads.get(cell.col, pad), pad)
    for cell, lines in filled:
        if lines:
            pad = pads.get(cell.col, min(line.x0 for line in lines) - cell.bbox[0])
            cell.full_lines = reaching_edge(lines, cell.bbox[2] - max(pad, 0.0), ratio)


def split_unruled_span(table: FoundTable, cell: GridCell, words: Sequence[Word]) -> list[tuple[GridCell, list[Word]]]:
    """A cell spanning columns whose words sit in two or more of them, none across a column
    line and parted at each by at least a character height, is that row's cells with the
    column rules left out (a body ruled only across): one cell per column.  Otherwise the
    cell as it is."""
    whole = [(cell, list(words))]
    if cell.col_span < 2 or len(words) < 2:
        return whole
    inner = table.col_lines[cell.col + 1:cell.col + cell.col_span]
    cols = []
    for word in words:
        first, last = bisect_right(inner, word.x0 + 0.5), bisect_right(inner, word.x1 - 0.5)
        if first != last:
            return whole
        cols.append(first)
    if len(set(cols)) < 2:
        return whole
    for x in inner:
        left = [w for w in words if w.x1 <= x]
        right = [w for w in words if w.x0 >= x]
        if left and right and min(w.x0 for w in right) - max(w.x1 for w in left) < max(w.size for w in words):
            return whole
    x0, top, x1, bottom = cell.bbox
    edges = [x0, *inner, x1]
    return [(GridCell(cell.row, cell.col + k, cell.row_span, 1, (edges[k], top, edges[k + 1], bottom)),
             [w for w, c in zip(words, cols) if c == k]) for k in range(cell.col_span)]


def find_ruled_tables(edges: list[dict[str, Any]], settings: PdfSettings) -> list[FoundTable]:
    """Ruled tables of a page (reading frame), cells without text yet."""
    grids = [boxes_to_grid(boxes, settings.grid_tolerance) for boxes in ruled_cell_boxes(edges, settings)]
    return [g for g in grids if g.n_cols >= settings.min_ruled_cols]  # a framed box is no table
