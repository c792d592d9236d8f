"""The tail of a borderless table's last row carried over alone to the top of the next page.

When a row breaks across a page end and nothing else of the table follows, the next page
opens with a few lines of that row's cells — too few for the borderless finder to see
columns of their own, so they would stay running text.  They are the table's continuation
when the previous page's table ran to the foot of its page, every line sits inside one of
its columns, they are set as a cell's lines are (no wide gap), and in every column they
write into the row above was cut mid-text: its last line reaches the column's edge.
They become a one-row table in the previous table's columns (normalize joins it to the
broken row as it does any fragment under a page break).
"""
from __future__ import annotations

from collections.abc import Sequence

from .pdf_ruling import FoundTable, GridCell
from .pdf_settings import PdfSettings
from .pdf_stream import SINGLE, FIT, classify, segment_columns, stream_table
from .pdf_text import Line, Segment


def _column_ends(table_lines: Sequence[Line], boundaries: Sequence[float], settings: PdfSettings
                 ) -> tuple[dict[int, float], dict[int, Segment]]:
    """Per column of a table: its text edge (the right end of its widest line) and its
    lowest segment."""
    edges: dict[int, float] = {}
    lowest: dict[int, Segment] = {}
    for tline in classify(table_lines, boundaries, settings):
        for seg in tline.segments:
            a, b = segment_columns(seg, boundaries, settings.boundary_overhang_share)
            if a == b:
                edges[a] = max(edges.get(a, seg.x1), seg.x1)
                lowest[a] = seg
    return edges, lowest


def _wrapped(last: Segment, edge: float, first: Segment) -> bool:
    """A cell's line ending at ``last`` was wrapped, not ended: the first word of the next
    line (``first``'s) would not have fitted after it, by the column's text edge."""
    word = first.words[0]
    space = 0.25 * word.size
    return last.x1 + space + (word.x1 - word.x0) > edge + space


def leading_fragment(lines: Sequence[Line], previous: FoundTable, previous_lines: Sequence[Line],
                     settings: PdfSettings) -> int:
    """How many of a page's first lines continue ``previous`` (the last table of the page
    before, which ran to its foot; ``previous_lines``: its lines): 0 when they do not."""
    boundaries = previous.col_lines[1:-1]
    if len(boundaries) + 1 != previous.n_cols or not lines or not previous_lines:
        return 0
    edges, lowest = _column_ends(previous_lines, boundaries, settings)
    last_row_top = previous.row_lines[-2] if len(previous.row_lines) >= 2 else previous.bbox[1]
    left, right = previous.col_lines[0], previous.col_lines[-1]
    seen: set[int] = set()
    count = 0
    for k, tline in enumerate(classify(lines, boundaries, settings)):
        line = tline.line
        if k:
            above = lines[k - 1]
            if line.top - above.bottom >= settings.paragraph_gap_ratio * (above.bottom - above.top):
                break  # a cell's lines are set close; a paragraph gap ends the fragment
        if tline.kind not in (SINGLE, FIT) or line.x0 < left - 1.0 or line.x1 > right + 1.0:
            break
        for seg in tline.segments:
            col = segment_columns(seg, boundaries, settings.boundary_overhang_share)[0]
            if col in seen:
                continue
            last = lowest.get(col)
            if last is None or last.words[0].bottom < last_row_top or not _wrapped(last, edges[col], seg):
                return count
            seen.add(col)
        count += 1
    return count


def fragment_table(lines: Sequence[Line], previous: FoundTable, settings: PdfSettings) -> FoundTable:
    """``lines`` as one row in ``previous``'s columns (its column lines, edges included)."""
    boundaries = previous.col_lines[1:-1]
    classed = classify(lines, boundaries, settings)
    found = stream_table([classed], boundaries, settings.y_tolerance, settings.boundary_overhang_share,
                         settings.full_line_ratio)
    xs = list(previous.col_lines)
    cells = [GridCell(c.row, c.col, c.row_span, c.col_span,
                      (xs[c.col], c.bbox[1], xs[c.col + c.col_span], c.bbox[3]), c.text, c.full_lines)
             for c in found.cells]
    _, top, _, bottom = found.bbox
    return FoundTable(cells, found.n_rows, found.n_cols, (xs[0], top, xs[-1], bottom), found.method,
                      xs, list(found.row_lines))
