"""The neutral document model every backend produces.

A :class:`Document` is the text blocks of a file in reading order plus its tables as grids
of :class:`Cell` with spans.  A merged cell appears once, at its top-left position, with
``row_span`` / ``col_span`` > 1; the positions it covers hold no cell of their own.
``order`` numbers blocks and tables together, so a consumer can walk the file in reading
order (e.g. to find the heading above a table).
"""
from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, page coordinates


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph or line of running text outside tables."""

    text: str
    page: int  # 1-based; DOCX has no real pages, it reports 1 (or the section break count)
    order: int
    bbox: BBox | None = None
    ocr_confidence: float | None = None  # mean OCR word confidence (0–100); None: not OCR'd


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table grid, at its top-left grid position."""

    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    page: int = 1
    bbox: BBox | None = None
    # Per line of ``text``: does it reach the cell's right edge (PDF geometry)?  None when
    # unknown.  It tells a word broken at the edge from a line ended on purpose.
    full_lines: tuple[bool, ...] | None = None
    ocr_confidence: float | None = None  # mean OCR word confidence (0–100); None: not OCR'd
    # what OCR clean-up rules changed in the cell's words, ``code: message`` each
    ocr_notes: tuple[str, ...] = ()


# Cell's and TextBlock's slots without the frozen guard: a reader fills one of these by plain
# attribute stores and then makes it the frozen class (``__class__`` may change between two
# classes of the same slots).  The frozen dataclass's __init__ sets each field through
# object.__setattr__, a slot descriptor's __set__ called from Python costs as much: ten of
# either made a cell cost ~5 us, plain stores and one class change ~1 us.
class _OpenCell:
    __slots__ = Cell.__slots__


class _OpenTextBlock:
    __slots__ = TextBlock.__slots__


def new_cell(text: str, row: int, col: int, row_span: int, col_span: int, page: int) -> Cell:
    """``Cell(text, row, col, row_span, col_span, page)``, the other fields at their defaults,
    built by plain attribute stores (:class:`_OpenCell`; a reader makes thousands of cells)."""
    cell = _OpenCell()
    cell.text = text
    cell.row = row
    cell.col = col
    cell.row_span = row_span
    cell.col_span = col_span
    cell.page = page
    cell.bbox = None
    cell.full_lines = None
    cell.ocr_confidence = None
    cell.ocr_notes = ()
    cell.__class__ = Cell
    return cell


def new_text_block(text: str, page: int, order: int) -> TextBlock:
    """``TextBlock(text, page, order)``, the other fields at their defaults, built the way
    :func:`new_cell` builds a cell (a reader makes hundreds of blocks)."""
    block = _OpenTextBlock()
    block.text = text
    block.page = page
    block.order = order
    block.bbox = None
    block.ocr_confidence = None
    block.__class__ = TextBlock
    return block


@dataclass(slots=True)
class Table:
    """A table as the file presents it (one piece: stitching is normalize's job)."""

    cells: list[Cell]
    n_rows: int
    n_cols: int
    order: int
    page: int = 1  # page of the first row
    bbox: BBox | None = None
    method: str = ""  # how it was found: "docx", "ruled", "stream", ...
    # x of every column boundary, outer edges included (n_cols + 1 values, points), where
    # the format states it (DOCX: the grid widths from the table's left edge); else None
    # and a reader takes the cells' boxes.
    col_lines: tuple[float, ...] | None = None
    # Can a cell merged over rows be seen?  True where the format states its merges (DOCX,
    # RTF, ODT) or rules part the rows (a merge is a rule left out); False for a PDF table
    # drawn without rules between its rows, whose merged cell prints only in its first row.
    merges_visible: bool = True

    def grid(self) -> list[list[Cell | None]]:
        """Rows × cols with each cell at its anchor; covered positions are ``None``."""
        rows: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row][cell.col] = cell
        return rows

    def text_grid(self) -> list[list[str]]:
        """Rows × cols of text, a spanned cell's text repeated over nothing (covered = "")."""
        return [[c.text if c else "" for c in row] for row in self.grid()]

    def covering(self) -> list[list[Cell | None]]:
        """Rows × cols where every position points at the cell that covers it."""
        rows: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.row_span, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.col_span, self.n_cols)):
                    rows[r][c] = cell
        return rows

    def row_pages(self) -> list[int]:
        """The page each row starts on (the smallest page of the cells anchored in it)."""
        pages = [self.page] * self.n_rows
        seen = [False] * self.n_rows
        for cell in self.cells:
            if not seen[cell.row] or cell.page < pages[cell.row]:
                pages[cell.row] = cell.page
                seen[cell.row] = True
        for r in range(1, self.n_rows):  # rows with no anchored cell take the page above
            if not seen[r]:
                pages[r] = pages[r - 1]
        return pages


@dataclass(slots=True)
class Document:
    """One input file as text blocks and tables, format-blind."""

    source: str
    format: str  # "docx" | "pdf" | "doc" | "rtf" | "odt"
    pages: int
    blocks: list[TextBlock] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Page furniture left out of blocks and tables on purpose (running headers and footers,
    # page numbers; a DOCX's reviewers' comments), kept so that every word of the file is
    # accounted for.
    furniture: list[TextBlock] = field(default_factory=list)

    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR (1-based)
    ocr_confidence: float | None = None  # mean word confidence over those pages (0–100)

    def text(self) -> str:
        """All running text in reading order, one block a line."""
        return "\n".join(b.text for b in self.blocks)
