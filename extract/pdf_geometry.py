"""Page geometry for the PDF backend: the reading frame of a page and the drawn strokes that may rule a table.

A page whose text runs down or up the sheet is turned so it reads left to right; every
coordinate downstream is in that frame, in points, ``top`` growing downwards.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
_NO_SIZE = object()  # a character without a font size (its height stands in)


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
    last_matrix, quarter = None, 0
    for char in chars:
        if char["text"].strip():
            matrix = char["matrix"]
            if matrix is not last_matrix:  # a run's characters share one matrix object
                last_matrix, quarter = matrix, char_quarter(char)
            votes[quarter] += 1
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
    return [{"text": t, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
             "width": x1 - x0, "height": bottom - top, "size": size, "upright": upright,
             **({} if glyph else {"generated": True})}
            for t, x0, top, x1, bottom, size, upright, glyph in reading_tuples(chars, quarter, width, height)]


def reading_tuples(chars: Iterable[dict[str, Any]], quarter: int, width: float,
                   height: float) -> list[tuple[str, float, float, float, float, float, bool, bool]]:
    """:func:`reading_chars` as ``(text, x0, top, x1, bottom, size, upright, glyph)`` tuples
    (what :func:`extract.pdf_words.group_words` reads; ``glyph``: a printed character, not
    a space PDFium generated nor an OCR blank)."""
    out = []
    append = out.append
    last_matrix, upright = None, True
    for char in chars:
        x0, top, x1, bottom = char["x0"], char["top"], char["x1"], char["bottom"]
        if quarter:
            x0, top, x1, bottom = to_reading((x0, top, x1, bottom), quarter, width, height)
        matrix = char["matrix"]
        if matrix is not last_matrix:  # a run's characters share one matrix object
            last_matrix, upright = matrix, char_quarter(char) == quarter
        size = char.get("size", _NO_SIZE)
        glyph = "generated" not in char and "ocr_conf" not in char  # PDFium's own spaces, OCR's blanks: no glyph
        append((char["text"], x0, top, x1, bottom, bottom - top if size is _NO_SIZE else size, upright, glyph))
    return out


def _filled_area(edge: dict[str, Any], thin_max: float) -> bool:
    """The edge outlines a filled, unstroked rectangle thicker than a line (a cell's shading)."""
    if edge.get("object_type") != "rect_edge" or not edge.get("fill") or edge.get("stroke"):
        return False
    pts = edge.get("pts") or []
    if len(pts) < 2:
        return False
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(max(xs) - min(xs), max(ys) - min(ys)) > thin_max


def ruling_edges(edges: Iterable[dict[str, Any]], axis_tolerance: float, thin_max: float) -> list[dict[str, Any]]:
    """The drawn edges that may rule a table: horizontal and vertical strokes and the sides of
    thin rectangles.  Slanted segments and curves (a coat of arms, a logo, a chart) and the
    outlines of filled areas (a shaded cell is a background, not a border) are left out; the
    orientation is taken from the geometry, not from the producer's label."""
    out = []
    for edge in edges:
        x0, x1, top, bottom = float(edge["x0"]), float(edge["x1"]), float(edge["top"]), float(edge["bottom"])
        if bottom - top <= axis_tolerance:
            orientation, mid = "h", (top + bottom) / 2
            top = bottom = mid
        elif x1 - x0 <= axis_tolerance:
            orientation, mid = "v", (x0 + x1) / 2
            x0 = x1 = mid
        else:
            continue
        if _filled_area(edge, thin_max):
            continue
        out.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
                    "height": bottom - top, "orientation": orientation, "object_type": "edge"})
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
