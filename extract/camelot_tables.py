"""A second table engine for PDFs: camelot's lattice parser (``pip install roadmap500[camelot]``).

``roadmap500 convert --tables camelot`` reads PDFs with :func:`read_pdf_camelot`: the
backend's own reading (running text, borderless tables) with, on every page where camelot's
lattice parser finds a ruled table, camelot's tables in place of the backend's ruled ones.
Merged cells become spans (a cell with no drawn line on its right joins its neighbour).
Words of a replaced table that no camelot cell holds are kept as a text block and named in
a warning, so nothing is dropped.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from extract.errors import ExtractError
from extract.model import Cell, Document, Table, TextBlock
from extract.pdf import read_pdf
from extract.pdf_settings import PdfSettings

TABLE_ENGINE_ENV = "ROADMAP500_TABLES"  # the CLI's --tables, seen by every worker process
ENGINES = ("roadmap500", "camelot")
INSTALL_HINT = "camelot is not installed: pip install 'roadmap500[camelot]'"


def table_engine() -> str:
    """The PDF table engine chosen for this process (``roadmap500`` unless set)."""
    engine = os.environ.get(TABLE_ENGINE_ENV, "roadmap500") or "roadmap500"
    if engine not in ENGINES:
        raise ValueError(f"unknown table engine {engine!r}: one of {', '.join(ENGINES)}")
    return engine


def require_camelot() -> Any:
    """The camelot module, or an ImportError that says how to install it."""
    try:
        import camelot
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    return camelot


# --------------------------------------------------------------------------- grids

def _spans(cells: list[list[Any]]) -> list[tuple[int, int, int, int]]:
    """(row, col, row_span, col_span) of each merged cell, from the lines camelot saw drawn."""
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    covered = [[False] * n_cols for _ in range(n_rows)]
    out = []
    for r in range(n_rows):
        for c in range(n_cols):
            if covered[r][c]:
                continue
            width = 1
            while c + width < n_cols and not cells[r][c + width - 1].right and not cells[r][c + width].left:
                width += 1
            height = 1
            while r + height < n_rows and not cells[r + height - 1][c].bottom and not cells[r + height][c].top:
                height += 1
            for rr in range(r, r + height):
                for cc in range(c, c + width):
                    covered[rr][cc] = True
            out.append((r, c, height, width))
    return out


def camelot_table(found: Any, page: int, page_height: float) -> Table:
    """A camelot lattice table as the neutral model's Table (top-down page coordinates)."""
    grid = found.cells
    cells = []
    for r, c, height, width in _spans(grid):
        parts = [grid[rr][cc].text for rr in range(r, r + height) for cc in range(c, c + width)]
        first, last = grid[r][c], grid[r + height - 1][c + width - 1]
        bbox = (first.x1, page_height - first.y2, last.x2, page_height - last.y1)
        cells.append(Cell("\n".join(p for p in parts if p).strip(), r, c, height, width, page, bbox))
    x1, y1, x2, y2 = found._bbox
    return Table(cells, len(grid), len(grid[0]) if grid else 0, 0, page,
                 (x1, page_height - y2, x2, page_height - y1), "camelot-lattice")


# --------------------------------------------------------------------------- document

def _words(text: str) -> Counter[str]:
    """Words of a text, counted."""
    return Counter(re.findall(r"\w+", text))


def _replace_page(doc: Document, page: int, found: list[Table]) -> None:
    """Swap the backend's ruled tables on ``page`` for camelot's, keeping words camelot missed."""
    ours = [t for t in doc.tables if t.page == page and t.method == "ruled"]
    kept = _words(" ".join(c.text for t in found for c in t.cells))
    missed = _words(" ".join(c.text for t in ours for c in t.cells)) - kept
    doc.tables = [t for t in doc.tables if all(t is not o for o in ours)] + found
    if missed:
        words = " ".join(sorted(missed.elements()))
        top = min((t.bbox[1] for t in ours if t.bbox), default=0.0)
        doc.blocks.append(TextBlock(words, page, 0, (0.0, top, 0.0, top)))
        doc.warnings.append(f"page {page}: {sum(missed.values())} word(s) of the ruled table(s) are in no "
                            f"camelot cell, kept as a text block")


def _renumber(doc: Document) -> None:
    """Blocks and tables numbered again in reading order (page, then top)."""
    items: list[Any] = [*doc.blocks, *doc.tables]
    items.sort(key=lambda it: (it.page, it.bbox[1] if it.bbox else 0.0, isinstance(it, Table), it.order))
    blocks, tables = [], []
    for order, item in enumerate(items):
        if isinstance(item, Table):
            item.order = order
            tables.append(item)
        else:
            blocks.append(TextBlock(item.text, item.page, order, item.bbox))
    doc.blocks, doc.tables = blocks, tables


def read_pdf_camelot(path: str | Path, settings: PdfSettings | None = None) -> Document:
    """:func:`extract.pdf.read_pdf` with camelot lattice tables in place of the ruled ones."""
    camelot = require_camelot()
    doc = read_pdf(path, settings)
    try:
        found = camelot.read_pdf(str(path), pages="all", flavor="lattice", suppress_stdout=True)
    except ExtractError:
        raise
    except Exception as exc:  # camelot fails in many ways on odd files: keep our reading
        doc.warnings.append(f"camelot could not read the file ({type(exc).__name__}: {exc}); "
                            f"the backend's own tables are kept")
        return doc
    by_page: dict[int, list[Table]] = {}
    for table in found:
        page = int(table.page)
        height = float(table.pdf_size[1]) if getattr(table, "pdf_size", None) else 842.0
        if table.cells and table.cells[0]:
            by_page.setdefault(page, []).append(camelot_table(table, page, height))
    for page, tables in sorted(by_page.items()):
        _replace_page(doc, page, tables)
    _renumber(doc)
    return doc
