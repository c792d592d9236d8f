"""Page geometry from PDFium (pypdfium2): characters and drawn edges, shaped as pdfplumber's.

The table finder (:func:`extract.pdf._page_pass`) reads a page-like object: ``page_number``,
``width``, ``height``, ``images``, ``chars`` and ``edges`` (see ``plan/INTERFACES.md``).
This module builds that object from PDFium, which reads a page about ten times faster than
pdfminer:

* characters from the text page (:mod:`extract.pdf_chars`): text, PDFium's *loose* box
  (the font's advance width × descent … ascent) with its ascent side cut to
  ``descent + size`` — the box pdfminer reports — font size and name, and the character's
  matrix;
* edges from path objects (Form XObjects descended, every matrix applied): each straight
  segment (a ``lineto`` or a ``closepath``) that runs horizontally or vertically becomes a
  pdfplumber-style edge; slanted segments and Bézier curves draw no ruling and are left out;
* everything in the *displayed* page (``/Rotate`` applied, the MediaBox origin moved to
  0, 0), ``top`` growing downwards, as pdfplumber reports it.

:func:`open_pdf` opens a file with PDFium and falls back to pdfplumber when PDFium refuses
it (``settings.geometry == "pdfplumber"`` asks for pdfplumber outright).
"""
from __future__ import annotations

import ctypes
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extract.pdf_chars import (  # noqa: F401  (re-exported: the page reader's public names)
    CharColumns,
    CharRow,
    Matrix,
    _Run,
    _fs_matrix,
    apply,
    char_dict,
    display_matrix,
    mult,
    read_char_columns,
)

_STRAIGHT = 0.5  # points: a segment whose ends differ by less than this across is straight
_PASSWORD_ERROR = raw.FPDF_ERR_PASSWORD


class PdfiumRefused(Exception):
    """PDFium could not open the file (the caller may try pdfplumber)."""


class PdfiumPassword(PdfiumRefused):
    """The file is encrypted with a password PDFium does not have."""


# --------------------------------------------------------------------------- edges and images

Segment = tuple[float, float, float, float]  # xa, ya, xb, yb on the displayed page, y up


@dataclass(slots=True)
class DrawnPath:
    """One painted path: its straight segments and what pdfplumber would call it."""

    segments: list[Segment]
    fill: bool = False
    stroke: bool = True
    kind: str = "line"  # "rect" (one closed axis-aligned quadrilateral), "line" (one segment), "curve"
    pts: list[tuple[float, float]] = field(default_factory=list)  # its points, displayed, y up


@dataclass(slots=True)
class _Drawn:
    """What the page's objects draw: painted paths and images."""

    paths: list[DrawnPath] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)


def _walk(objects: Iterator[Any], parent: Matrix, drawn: _Drawn, depth: int) -> None:
    """Collect paths and images from page objects, descending into forms."""
    fsm = raw.FS_MATRIX()
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_IMAGE):
            continue
        matrix = mult(_fs_matrix(fsm), parent) if raw.FPDFPageObj_GetMatrix(obj, fsm) else parent
        if kind == raw.FPDF_PAGEOBJ_PATH:
            path = read_path(obj, matrix)
            if path is not None:
                drawn.paths.append(path)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            drawn.images.append({"object_type": "image", "matrix": matrix})
        elif depth < 15:
            n = raw.FPDFFormObj_CountObjects(obj)
            _walk((raw.FPDFFormObj_GetObject(obj, i) for i in range(max(n, 0))), matrix, drawn, depth + 1)


def read_path(path: Any, matrix: Matrix) -> DrawnPath | None:
    """The straight segments of a painted path through ``matrix`` (None: the path paints nothing)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if raw.FPDFPath_GetDrawMode(path, fill, stroke) and not fill.value and not stroke.value:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    segments: list[Segment] = []
    pts: list[tuple[float, float]] = []
    start = current = None
    moves = curves = 0
    for i in range(raw.FPDFPath_CountSegments(path)):
        seg = raw.FPDFPath_GetPathSegment(path, i)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = apply(matrix, x.value, y.value)
        pts.append(point)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = current = point
            moves += 1
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and current is not None:
            segments.append((*current, *point))
        else:
            curves += 1
        current = point
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            if current != start:
                segments.append((*current, *start))
            current = start
    return DrawnPath(segments, bool(fill.value), bool(stroke.value), _path_kind(segments, moves, curves), pts)


def _straight(segment: Segment) -> bool:
    """The segment runs horizontally or vertically."""
    xa, ya, xb, yb = segment
    return abs(ya - yb) < _STRAIGHT or abs(xa - xb) < _STRAIGHT


def _path_kind(segments: list[Segment], moves: int, curves: int) -> str:
    """rect, line or curve, as pdfminer sorts painted paths."""
    if moves == 1 and not curves and len(segments) == 1:
        return "line"
    closed = bool(segments) and segments[0][:2] == segments[-1][2:]
    if moves == 1 and not curves and len(segments) == 4 and closed and all(map(_straight, segments)):
        return "rect"
    return "curve"


def segment_edges(segments: Sequence[Segment], height: float, page_number: int,
                  path: DrawnPath | None = None) -> list[dict[str, Any]]:
    """Horizontal and vertical segments (displayed, y up) as pdfplumber-style edges; slanted
    ones are left out.  With ``path``: its kind (``rect_edge``, ``line``, ``curve_edge``),
    ``fill``, ``stroke`` and points (top-down) ride along, as on pdfplumber's edges."""
    extra: dict[str, Any] = {"object_type": "line_edge"}
    if path is not None:
        extra = {"object_type": "line" if path.kind == "line" else f"{path.kind}_edge", "fill": path.fill, "stroke": path.stroke,
                 "pts": [(px, height - py) for px, py in path.pts]}
    edges = []
    for xa, ya, xb, yb in segments:
        x0, x1 = min(xa, xb), max(xa, xb)
        y0, y1 = min(ya, yb), max(ya, yb)
        if y1 - y0 < _STRAIGHT:
            orientation = "h"
        elif x1 - x0 < _STRAIGHT:
            orientation = "v"
        else:
            continue
        edges.append({
            **extra, "page_number": page_number, "orientation": orientation,
            "x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0,
            "width": x1 - x0, "height": y1 - y0,
        })
    return edges


# --------------------------------------------------------------------------- pages

@dataclass(slots=True)
class PdfiumPage:
    """One page's geometry in the shape the table finder reads (see the module docstring):
    its characters as :class:`CharColumns` (read by :func:`read_page`) or as :data:`CharRow`
    tuples (``char_rows``, given), each form made from the other when asked for, and
    ``chars`` made from them when asked for."""

    page_number: int
    width: float
    height: float
    rotation: int
    char_rows: list[CharRow] | None
    edges: list[dict[str, Any]]
    images: list[dict[str, Any]]
    _chars: list[dict[str, Any]] | None = None
    _columns: CharColumns | None = None

    @property
    def columns(self) -> CharColumns:
        """The characters column by column (made once, on first use)."""
        if self._columns is None:
            self._columns = CharColumns.from_rows(self.char_rows or [])
        return self._columns

    @property
    def rows(self) -> list[CharRow]:
        """The characters as :data:`CharRow` tuples (made once, on first use)."""
        if self.char_rows is None:
            self.char_rows = self.columns.rows()
        return self.char_rows

    @property
    def chars(self) -> list[dict[str, Any]]:
        """The characters as pdfplumber-style dicts (made once, on first use)."""
        if self._chars is None:
            self._chars = [char_dict(row) for row in self.rows]
        return self._chars

    @property
    def texts(self) -> list[str]:
        """Each character's text, in order (without making the dicts)."""
        return list(self.columns.texts)


def read_page(pdf: pdfium.PdfDocument, index: int) -> PdfiumPage:
    """Characters, edges and images of page ``index`` (0-based)."""
    page = pdf[index]
    try:
        rotation = page.get_rotation() % 360
        box = page.get_mediabox()
        to_display = display_matrix(rotation, box)
        width, height = box[2] - box[0], box[3] - box[1]
        if rotation in (90, 270):
            width, height = height, width
        textpage = page.get_textpage()
        try:
            columns = read_char_columns(textpage, to_display, height)
        finally:
            textpage.close()
        drawn = _Drawn()
        n = raw.FPDFPage_CountObjects(page)
        _walk((raw.FPDFPage_GetObject(page, i) for i in range(max(n, 0))), to_display, drawn, 0)
        edges = [e for p in drawn.paths for e in segment_edges(p.segments, height, index + 1, p)]
        return PdfiumPage(index + 1, width, height, rotation, None, edges, drawn.images, _columns=columns)
    finally:
        page.close()


class PdfiumPages(Sequence[PdfiumPage]):
    """A document's pages, each read when asked for (nothing of a page is kept)."""

    def __init__(self, pdf: pdfium.PdfDocument) -> None:
        self._pdf = pdf

    def __len__(self) -> int:
        return len(self._pdf)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return read_page(self._pdf, index)


@dataclass(slots=True)
class PdfiumPdf:
    """An open PDF whose ``pages`` the table finder iterates."""

    pages: PdfiumPages
    engine: str = "pdfium"


def open_pdfium(data: bytes) -> pdfium.PdfDocument:
    """A PDFium document; :class:`PdfiumPassword` or :class:`PdfiumRefused` when it cannot be opened."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise PdfiumPassword(str(exc)) from exc
        raise PdfiumRefused(str(exc)) from exc


@contextmanager
def open_pdf(data: bytes, geometry: str = "pdfium", document: pdfium.PdfDocument | None = None) -> Iterator[Any]:
    """The PDF's pages from PDFium, or from pdfplumber when asked or when PDFium refuses the file.

    A password-protected file is not retried with pdfplumber when PDFium says so: it raises
    :class:`PdfiumPassword`.  ``document``: ``data`` already open in PDFium (the caller closes it).
    """
    if geometry == "pdfium" and document is not None:
        yield PdfiumPdf(PdfiumPages(document))
        return
    if geometry == "pdfium":
        try:
            doc = open_pdfium(data)
        except PdfiumPassword:
            raise
        except PdfiumRefused:
            doc = None
        if doc is not None:
            try:
                yield PdfiumPdf(PdfiumPages(doc))
            finally:
                doc.close()
            return
    elif geometry != "pdfplumber":
        raise ValueError(f"unknown PDF geometry reader {geometry!r}: pdfium or pdfplumber")
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        yield pdf
