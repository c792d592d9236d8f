"""Table inference for PDF pages, as a chain of small pure steps (the public names in one place).

The steps live in small modules, all in the page's *reading frame* (the page turned so its
text runs left to right, points, ``top`` growing downwards):

* :mod:`extract.pdf_geometry` — reading frame, and which drawn strokes may rule a table;
* :mod:`extract.pdf_text` — characters → words → lines → segments, furniture, paragraphs;
* :mod:`extract.pdf_ruling` — ruled tables: drawn edges → cell boxes → grid → cell text;
* :mod:`extract.pdf_stream` — borderless tables from word positions.
"""
from __future__ import annotations

from .pdf_geometry import (  # noqa: F401
    char_quarter,
    frame_size,
    reading_chars,
    reading_edges,
    reading_tuples,
    ruling_edges,
    text_quarter,
    to_display,
    to_reading,
)
from .pdf_ruling import (  # noqa: F401
    FoundTable,
    GridCell,
    boxes_to_grid,
    cell_at,
    covering_map,
    fill_ruled_text,
    find_ruled_tables,
    grid_lines,
    mark_full_lines,
    ruled_cell_boxes,
)
from .pdf_stream import (  # noqa: F401
    CROSS,
    FIT,
    SINGLE,
    StreamContext,
    TableLine,
    append_heading_row,
    boundaries_for,
    classify,
    classify_line,
    column_of,
    column_rivers,
    find_stream_tables,
    header_texts,
    is_numbered,
    river_boundaries,
    segment_columns,
    split_rows,
    stream_table,
    table_regions,
    trailing_heading,
)
from .pdf_text import (  # noqa: F401
    Line,
    Segment,
    Word,
    char_width,
    chars_to_words,
    furniture_lines,
    line_segments,
    lines_text,
    paragraphs,
    reaching_edge,
    words_text,
    words_to_lines,
)

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
