"""Vertically merged cells of a PDF table ruled only across (horizontal rules, no verticals).

Without vertical rules pdfplumber's chain finds no cells, so such a table is read from word
positions (:mod:`extract.pdf_stream`) and its cells never span rows.  Its rules still show
the merges: between two rows the rule runs under every column but those whose cell goes on
into the next row.  A column left unruled at a boundary that is ruled under other columns
is one cell over both rows — its text (often set only in the first row, or flowing past the
first row's band) becomes that one cell with a row span, as a merged cell of a ruled grid.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .pdf_ruling import FoundTable, GridCell

HRule = tuple[float, float, float]  # y, x0, x1 in the reading frame

RULE_SNAP = 2.0  # rules this close in y are one rule line
COVER_SHARE = 0.5  # a rule line covers a column when it runs under this share of its width
RULED_SHARE = 0.6  # the table is ruled across when this share of its row boundaries is ruled…
RULED_MIN = 2  # …and at least this many


def horizontal_rules(edges: Sequence[dict], min_length: float) -> list[HRule]:
    """The horizontal drawn edges of a page (reading frame) as (y, x0, x1)."""
    return [(float(e["top"]), float(e["x0"]), float(e["x1"])) for e in edges
            if e.get("orientation") == "h" and float(e["x1"]) - float(e["x0"]) >= min_length]


def _rule_line(rules: Sequence[HRule], low: float, high: float) -> list[HRule]:
    """The lowest rule line (rules within ``RULE_SNAP`` of one y) with ``low < y <= high``."""
    inside = [r for r in rules if low < r[0] <= high]
    if not inside:
        return []
    y = max(r[0] for r in inside)
    return [r for r in inside if y - r[0] <= RULE_SNAP]


def _covers(line: Sequence[HRule], x0: float, x1: float) -> bool:
    """The rule line runs under at least ``COVER_SHARE`` of ``[x0, x1]``."""
    under = sum(max(0.0, min(b, x1) - max(a, x0)) for _, a, b in line)
    return x1 > x0 and under >= COVER_SHARE * (x1 - x0)


def ruled_boundaries(table: FoundTable, rules: Sequence[HRule]) -> dict[int, set[int]] | None:
    """Per inner row boundary ``b`` (between rows b-1 and b) ruled under some columns, the
    columns it leaves unruled; None when the table is not ruled across (no rules part its rows)."""
    xs, ys = table.col_lines, table.row_lines
    if len(ys) != table.n_rows + 1 or len(xs) != table.n_cols + 1 or table.n_rows < 2:
        return None
    x0, x1 = xs[0], xs[-1]
    rules = [r for r in rules if r[2] > x0 and r[1] < x1]
    ruled: dict[int, set[int]] = {}
    for b in range(1, table.n_rows):
        line = _rule_line(rules, ys[b - 1] + RULE_SNAP, ys[b] + RULE_SNAP)
        covered = [_covers(line, xs[c], xs[c + 1]) for c in range(table.n_cols)]
        if any(covered):
            ruled[b] = {c for c, ok in enumerate(covered) if not ok}
    if len(ruled) < max(RULED_MIN, RULED_SHARE * (table.n_rows - 1)):
        return None
    return ruled


def unruled_boundaries(table: FoundTable, rules: Sequence[HRule]) -> dict[int, set[int]]:
    """Per inner row boundary ruled under some columns, the columns it leaves unruled; empty
    when the table is not ruled across."""
    ruled = ruled_boundaries(table, rules)
    return {b: cols for b, cols in (ruled or {}).items() if cols}


def _joined(cells: Sequence[GridCell]) -> GridCell:
    """One cell over the rows of ``cells`` (one column, top to bottom), their text in order."""
    first, last = cells[0], cells[-1]
    filled = [c for c in cells if c.text]
    full: tuple[bool, ...] | None = ()
    for c in filled:
        full = None if full is None or c.full_lines is None else full + c.full_lines
    bbox = (first.bbox[0], first.bbox[1], first.bbox[2], last.bbox[3])
    return GridCell(first.row, first.col, last.row + last.row_span - first.row, 1, bbox,
                    "\n".join(c.text for c in filled), full if filled else None)


def add_rule_spans(table: FoundTable, rules: Sequence[HRule]) -> FoundTable:
    """A table read from word positions, with the cells its rules leave unruled between rows
    joined into cells spanning those rows.  A table without rules between its rows is returned
    with ``merges_visible`` off: a cell merged over its rows cannot be seen."""
    ruled = ruled_boundaries(table, rules)
    if ruled is None:
        return replace(table, merges_visible=False) if table.n_rows > 1 else table
    gaps = {b: cols for b, cols in ruled.items() if cols}
    if not gaps:
        return table
    single = {(c.row, c.col): c for c in table.cells if c.col_span == 1 and c.row_span == 1}
    joined: list[GridCell] = []
    used: set[tuple[int, int]] = set()
    for col in range(table.n_cols):
        run: list[GridCell] = []
        for row in range(table.n_rows + 1):
            cell = single.get((row, col))
            if run and cell is not None and col in gaps.get(row, ()):
                run.append(cell)
                continue
            if len(run) > 1:
                joined.append(_joined(run))
                used.update((c.row, c.col) for c in run)
            run = [cell] if cell is not None else []
    if not joined:
        return table
    cells = sorted([c for c in table.cells if (c.row, c.col) not in used] + joined, key=lambda c: (c.row, c.col))
    return FoundTable(cells, table.n_rows, table.n_cols, table.bbox, table.method,
                      list(table.col_lines), list(table.row_lines))
