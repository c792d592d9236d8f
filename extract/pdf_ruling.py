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
    behind its labels) stays whole in the cell holding its centre.
    """
    covers = [covering_map(t) for t in tables]
    per_cell: dict[int, list[Word]] = {}
    rest = []
    for word in words:
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        cell = None
        for table, cover in zip(tables, covers):
            x0, top, x1, bottom = table.bbox
            if x0 <= x < x1 and top <= y < bottom:
                cell = cell_at(table, cover, x, y)
                break
        if cell is None:
            rest.append(word)
        else:
            per_cell.setdefault(id(cell), []).append(word)
    for table in tables:
        filled: list[tuple[GridCell, list[Line]]] = []
        for cell in table.cells:
            for part, part_words in split_unruled_span(table, cell, per_cell.get(id(cell), [])):
                lines = words_to_lines(part_words, settings.y_tolerance)
                part.text = cell_text(lines)
                filled.append((part, lines))
        mark_full_lines(filled, settings.full_line_ratio)
        table.cells = [cell for cell, _ in filled]
    return rest


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
