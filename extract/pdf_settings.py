"""Every tolerance of the PDF backend in one settings object.

Distances are PDF points unless the name ends in ``_ratio`` (a multiple of the font size of
the line in question) or ``_share`` (a fraction).  Unknown keys are refused, as pdfplumber's
``TableSettings`` does, so a typo in a caller's override fails loudly instead of being
ignored.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Tolerances for reading text, ruled tables, borderless tables and page furniture."""

    # Where characters and drawn edges come from: "pdfium" (fast; pdfplumber when PDFium
    # refuses the file) or "pdfplumber" (pdfminer).
    geometry: str = "pdfium"

    # Characters → words → lines.
    x_tolerance: float = 1.5  # a gap wider than this between two characters starts a new word
    y_tolerance: float = 3.0  # characters whose tops differ by more than this are on different lines

    # Ruled tables: drawn edges → cells (pdfplumber's chain).
    edge_min_length: float = 3.0  # shorter drawn edges are ignored
    axis_tolerance: float = 0.5  # a stroke rules a table only when this close to horizontal or vertical
    thin_rect_max: float = 2.0  # a filled, unstroked rectangle this thin is a drawn line; thicker is shading
    snap_tolerance: float = 3.0  # parallel edges this close are moved onto one line
    join_tolerance: float = 3.0  # collinear edges with a gap this small are joined
    intersection_tolerance: float = 3.0  # an edge reaching this close to another crosses it
    min_ruled_cells: int = 2  # fewer cells than this are a frame or a rule, not a table
    min_ruled_cols: int = 2  # a ruled grid of one column is a frame (a letterhead, a boxed note)
    grid_tolerance: float = 2.0  # cell edges this close are one grid line
    ruled_row_gap_ratio: float = 0.8  # a blank gap this × line height across a whole ruled row parts rows no rule parts
    hidden_column_gap_ratio: float = 1.0  # a blank gap this × font size down a whole ruled cell…
    hidden_column_lines: int = 3  # …between words in this many of its lines: the grid misses columns, no table
    full_line_ratio: float = 1.5  # a cell's line ending this × its average character width short of the text's right edge (or closer) reaches it

    # Borderless tables: word positions → columns and rows.
    find_borderless: bool = True
    segment_gap_ratio: float = 0.6  # a gap ≥ this × font size splits a line into segments
    river_min_width_ratio: float = 0.5  # a column gap narrower than this × font size is no gap
    river_min_lines: int = 3  # a column gap must be open in at least this many lines…
    river_min_share: float = 0.15  # …and in this share of the multi-segment lines considered
    river_crossing_share: float = 0.15  # share of those lines allowed to print across the gap…
    river_crossing_lines: int = 2  # …or this many, whichever is more (a date line above the table)
    boundary_overhang_share: float = 0.25  # a segment reaching this share of its width past a column boundary does not cross it
    boundary_gap_ratio: float = 0.35  # a line across columns is cut at word gaps ≥ this × font size on a boundary
    min_columns: int = 3  # fewer columns are a signature or a two-sided line, not a table…
    two_column_min_rows: int = 3  # …unless the second column is set flush over this many lines (0: never two)
    min_table_rows: int = 3  # a borderless table needs this many lines that fit its columns
    max_heading_lines: int = 2  # lines in a row printed across columns (a section heading)
    max_header_lines: int = 4  # lines of headings over column groups taken in above a borderless table…
    header_gap_ratio: float = 1.5  # …each within this × line height of the line below
    tight_gap_ratio: float = 0.3  # lines this close (× line height) may be lines of one row
    region_gap_ratio: float = 4.0  # a vertical gap ≥ this × line height ends a borderless table
    row_gap_ratio: float = 1.0  # with no numbered first column, a gap ≥ this × line height starts a row
    row_number_pattern: str = r"(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLCivxlc]{1,6}\.?)"
    outdent_ratio: float = 0.4  # without row numbers, a line starting this × font size left of its row's leading cell starts a row
    dense_min_columns: int = 3  # without row numbers, a line filling the leading column and at least this many…
    dense_share: float = 0.6  # …and this share of the columns starts a row when its row's first line does too
    min_numbered_rows: int = 2  # the first column numbers rows when this many lines start with a number

    # Page furniture: running headers, footers, page numbers.
    margin_share: float = 0.12  # top / bottom share of the page where furniture may sit
    furniture_lines: int = 3  # lines from the top and from the bottom examined as furniture
    repeat_share: float = 0.5  # a margin line on at least this share of pages (and ≥ 2) repeats
    page_number_pattern: str = r"[-–—]?\s*\d{1,4}\s*[-–—]?"

    # Running text.
    paragraph_gap_ratio: float = 0.45  # a vertical gap ≥ this × line height ends a paragraph
    indent_min: float = 6.0  # a line starting this much right of the previous one opens a paragraph

    # Debug images.
    resolution: int = 100

    @classmethod
    def from_dict(cls, values: Mapping[str, Any] | None = None) -> PdfSettings:
        """Settings with ``values`` over the defaults; an unknown key raises ``ValueError``."""
        return cls().updated(values or {})

    def updated(self, values: Mapping[str, Any]) -> PdfSettings:
        """A copy with ``values`` changed; an unknown key raises ``ValueError``."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown PDF setting(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return replace(self, **dict(values))
