"""What the table assembly reads of one table piece, derived once per piece.

``tables`` asks the same questions of a piece many times (its cleaned cell texts, which cell
covers a position, whether a row holds a cell spanning the width, the cells of a row); a
:class:`TableView` answers them from grids built once instead of rescanning the cells.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Cell, Table
from normalize.text import clean_text


@dataclass(frozen=True, slots=True)
class TableView:
    """A table piece with its derived grids."""

    table: Table
    texts: list[list[str]]  # rows × cols of cleaned text, covered positions ""
    spanning_rows: frozenset[int]  # rows with a cell spanning (nearly) the table's width
    has_ocr: bool  # some cell was read by OCR (only then can a row carry OCR warnings)
    grid: list[list[Cell | None]] = field(default_factory=list)  # Table.grid(), made once
    _covering: dict[int, list[Cell | None]] = field(default_factory=dict)

    def covering(self, row: int) -> list[Cell | None]:
        """Row ``row`` of ``Table.covering()``: the cell covering each column (built when
        first asked: the assembly reads only the header rows and the last)."""
        found = self._covering.get(row)
        if found is None:
            found = self._covering[row] = covering_row(self.table, row)
        return found


def covering_row(table: Table, row: int) -> list[Cell | None]:
    """The cell covering each column of ``row`` (``Table.covering()[row]``)."""
    out: list[Cell | None] = [None] * table.n_cols
    for cell in table.cells:
        if cell.row <= row < cell.row + cell.row_span:
            for c in range(cell.col, min(cell.col + cell.col_span, table.n_cols)):
                out[c] = cell
    return out


def row_texts(table: Table, grid: list[list[Cell | None]] | None = None) -> list[list[str]]:
    """Rows × cols of cleaned text, covered positions empty (``grid``: ``table.grid()``)."""
    return [[clean_text(c.text, c.full_lines) if c else "" for c in row]
            for row in (grid if grid is not None else table.grid())]


def row_tails(row: list[Cell | None]) -> list[str]:
    """One row of ``stitching.cell_tails``: each cell's last line as read ("" if none)."""
    return [c.text.rsplit("\n", 1)[-1] if c and c.text else "" for c in row]


def spans_width(table: Table, cell: Cell) -> bool:
    """The cell spans the table's width, or all of it but one column (a section heading)."""
    return cell.col_span >= max(2, table.n_cols - 1)


def view_of(table: Table) -> TableView:
    """The derived grids of ``table``."""
    grid = table.grid()
    wide = max(2, table.n_cols - 1)  # spans_width's bound, worked out once
    cells = table.cells
    return TableView(
        table=table,
        texts=row_texts(table, grid),
        spanning_rows=frozenset(c.row for c in cells if c.col_span >= wide),
        has_ocr=any(c.ocr_confidence is not None for c in cells),
        grid=grid,
    )
