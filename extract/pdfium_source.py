"""Page geometry from PDFium (pypdfium2): characters and drawn edges, shaped as pdfplumber's.

The table finder (:func:`extract.pdf._page_pass`) reads a page-like object: ``page_number``,
``width``, ``height``, ``images``, ``chars`` and ``edges`` (see ``plan/INTERFACES.md``).
This module builds that object from PDFium, which reads a page about ten times faster than
pdfminer:

* characters from the text page: text, PDFium's *loose* box (the font's advance width ×
  descent … ascent) with its ascent side cut to ``descent + size`` — the box pdfminer
  reports — font size and name, and the character's matrix;
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

Matrix = tuple[float, float, float, float, float, float]

_STRAIGHT = 0.5  # points: a segment whose ends differ by less than this across is straight
_PASSWORD_ERROR = raw.FPDF_ERR_PASSWORD
_HYPHEN_MARKS = "\ufffe\x02"
_INK_GAP = 0.1  # points between a hyphen's ink and its advance that tell the two apart


class PdfiumRefused(Exception):
    """PDFium could not open the file (the caller may try pdfplumber)."""


class PdfiumPassword(PdfiumRefused):
    """The file is encrypted with a password PDFium does not have."""


# --------------------------------------------------------------------------- matrices

def mult(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention, as pdfminer's ``mult_matrix``)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """A point through a matrix."""
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def display_matrix(rotation: int, mediabox: tuple[float, float, float, float]) -> Matrix:
    """User space → displayed page (y up, origin 0, 0), as pdfminer's page interpreter sets its CTM."""
    x0, y0, x1, y1 = mediabox
    if rotation == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotation == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotation == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def _fs_matrix(m: Any) -> Matrix:
    """An FS_MATRIX as a tuple."""
    return (m.a, m.b, m.c, m.d, m.e, m.f)


# --------------------------------------------------------------------------- characters

# FPDFText_GetTextObject returning the object's address as an int (a cheap cache key).
_TEXT_OBJECT_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)


@dataclass(frozen=True, slots=True)
class _Run:
    """What every character of one text object shares."""

    matrix: Matrix  # the text object's matrix on the displayed page (e, f: its origin)
    size: float  # font size × the matrix's vertical scale (pdfminer's char size)
    fontname: str
    descent: float  # baseline to the glyph box's bottom, in points (≤ 0)
    upright: bool
    quarter: int  # quarter turns of the writing direction (extract.pdf_geometry.char_quarter)


def _run(textpage: Any, index: int, to_display: Matrix, textobj: int,
         fonts: dict[int, tuple[str, float]]) -> _Run:
    """The shared properties of the text object character ``index`` belongs to (``fonts``:
    the page's fonts read so far, by address)."""
    fsm = raw.FS_MATRIX()
    ok = raw.FPDFText_GetMatrix(textpage, index, fsm)
    matrix = mult(_fs_matrix(fsm) if ok else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), to_display)
    scale = (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5
    size = max(raw.FPDFText_GetFontSize(textpage, index), 0.0) * scale
    name, descent = ("", 0.0)
    if textobj:
        font = _FONT_OF(textobj) or 0
        known = fonts.get(font)
        if known is None:
            known = fonts[font] = _font_info(font)
        name, descent = known
    a, b, c, d = matrix[:4]
    dx, dy = a, -b  # the text direction in top-down page coordinates
    quarter = (0 if dx > 0 else 2) if abs(dx) >= abs(dy) else (1 if dy > 0 else 3)
    return _Run(matrix, size, name, descent * size, 0 < a * d and b * c <= 0, quarter)


def _font_info(font: int) -> tuple[str, float]:
    """A font's base name ('' when PDFium has none) and descent per unit of size (≤ 0)."""
    if not font:
        return "", 0.0
    font = ctypes.cast(font, raw.FPDF_FONT)
    buffer = ctypes.create_string_buffer(256)
    n = raw.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    name = buffer.raw[: max(n - 1, 0)].decode("utf-8", "replace") if n else ""
    descent = ctypes.c_float()
    if not raw.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), descent):
        return name, 0.0
    return name, min(max(descent.value / 1000.0, -1.0), 0.0)


def _page_text(textpage: Any, count: int) -> str:
    """All characters of a text page in one call (one UTF-16 unit per character index)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    n = raw.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: max(n - 1, 0) * 2].decode("utf-16-le", "replace")
    if len(text) == count:
        return text
    return "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))


def _cfunc(function: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function taking plain addresses (no per-call pointer conversion)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_FONT_OF = _cfunc(raw.FPDFTextObj_GetFont, ctypes.c_void_p, ctypes.c_void_p)
_LOOSE_BOX = _cfunc(raw.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
_MAP_ERROR = _cfunc(raw.FPDFText_HasUnicodeMapError, ctypes.c_int, ctypes.c_void_p, ctypes.c_int)


def _level_band(run: _Run, height: float) -> tuple[float, float] | None:
    """``top`` and ``bottom`` every glyph of a run written along x shares on an unturned
    page (:func:`_glyph_box`'s band across the line, top-down); None for other runs."""
    size = run.size
    a, b, c, d, ex, fy = run.matrix
    if size <= 0 or abs(a) < abs(b):
        return None
    low = fy + run.descent if d >= 0 else fy - run.descent - size
    return height - (low + size), height - low


CharRow = tuple[str, float, float, float, float, float, _Run, bool]  # text, x0, top, x1, bottom, size, run, generated


def char_dict(row: CharRow) -> dict[str, Any]:
    """One character row as the pdfplumber-style dict (the keys plan/INTERFACES.md names and
    ``doctop``, pdfplumber's word grouping; ``generated`` only on PDFium's own spaces)."""
    text, x0, top, x1, bottom, size, run, generated = row
    char = {"text": text, "fontname": run.fontname, "size": size, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "matrix": run.matrix, "upright": run.upright}
    if generated:
        char["generated"] = True
    return char


def read_chars(textpage: Any, to_display: Matrix, height: float, page_number: int) -> list[dict[str, Any]]:
    """The page's characters as pdfplumber-style dicts (generated line breaks left out)."""
    return [char_dict(row) for row in read_char_rows(textpage, to_display, height)]


def read_char_rows(textpage: Any, to_display: Matrix, height: float) -> list[CharRow]:
    """The page's characters as :data:`CharRow` tuples (generated line breaks left out).

    PDFium's spaces between words are kept (as pdfminer keeps printed spaces); the matrix,
    size and font of a character are its text object's, read once per object.  On an
    unturned page a line's characters share their ``top`` and ``bottom`` (the run's band),
    so only their ``x0``/``x1`` are read per character.
    """
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    if count <= 0:
        return []
    text = _page_text(handle, count)
    address = ctypes.cast(handle, ctypes.c_void_p).value
    rect = raw.FS_RECTF()
    rect_address = ctypes.addressof(rect)
    get_box, map_error, object_of = _LOOSE_BOX, _MAP_ERROR, _TEXT_OBJECT_ADDRESS
    runs: dict[int, tuple[_Run, tuple[float, float] | None]] = {}
    fonts: dict[int, tuple[str, float]] = {}
    _, _, _, _, shift_x, shift_y = to_display
    turned = to_display[:4] != (1, 0, 0, 1)
    last_key, run, band = -1, None, None
    rows: list[CharRow] = []
    append = rows.append
    for i, ch in enumerate(text):
        if ch in _HYPHEN_MARKS:  # PDFium's mark for a hyphen printed at a line end
            ch = "-"
        elif ch in "\r\n\x00\uffff":
            continue
        if not get_box(address, i, rect_address):
            continue
        generated = ch == " " and raw.FPDFText_IsGenerated(handle, i) == 1  # no glyph: PDFium's
        if map_error(address, i) == 1:  # a font without a Unicode map: the raw glyph code
            ch = "\ufffd"  # is no character; say so (the OCR step decides on these)
        key = object_of(address, i) or 0
        if key != last_key:
            known = runs.get(key)
            if known is None:
                new_run = _run(handle, i, to_display, key, fonts)
                known = runs[key] = (new_run, None if turned else _level_band(new_run, height))
            run, band = known
            size = run.size
            if band is not None:
                top, bottom = band
            last_key = key
        if band is not None:
            left, right = rect.left, rect.right
            x1 = right + shift_x
            append((ch, left + shift_x, top, x1, bottom, size, run, generated))
            if text[i] in _HYPHEN_MARKS and _space_after_hyphen(handle, i, rect):  # kept, as pdfminer does
                append((" ", x1, top, 2 * right - left + shift_x, bottom, size, run, generated))
            continue
        if turned:
            x0, y0, x1, y1 = _display_box(rect, to_display)
        else:
            x0, y0, x1, y1 = rect.left + shift_x, rect.bottom + shift_y, rect.right + shift_x, rect.top + shift_y
        x0, y0, x1, y1 = _glyph_box((x0, y0, x1, y1), run)
        glyph_size = size or (y1 - y0)
        append((ch, x0, height - y1, x1, height - y0, glyph_size, run, generated))
        if text[i] in _HYPHEN_MARKS and _space_after_hyphen(handle, i, rect):  # kept, as pdfminer does
            space = raw.FS_RECTF(rect.right, rect.top, 2 * rect.right - rect.left, rect.bottom)
            box = _display_box(space, to_display) if turned else (
                space.left + shift_x, space.bottom + shift_y, space.right + shift_x, space.top + shift_y)
            x0, y0, x1, y1 = _glyph_box(box, run)
            append((" ", x0, height - y1, x1, height - y0, glyph_size, run, generated))
    return rows


def _space_after_hyphen(handle: Any, index: int, loose: Any) -> bool:
    """Whether a space glyph was printed after a line-end hyphen PDFium marked (its text page
    drops that space): the hyphen's text object then reaches the hyphen's advance (the
    space's origin), past the hyphen's own ink.  Only for text set along the x axis."""
    fsm = raw.FS_MATRIX()
    if not raw.FPDFText_GetMatrix(handle, index, fsm) or abs(fsm.b) > 1e-6 or abs(fsm.c) > 1e-6 or fsm.a <= 0:
        return False
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    bounds = [ctypes.c_float() for _ in range(4)]
    textobj = raw.FPDFText_GetTextObject(handle, index)
    if not textobj or not raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top) \
            or not raw.FPDFPageObj_GetBounds(textobj, *bounds):
        return False
    reach = bounds[2].value
    return loose.right - right.value > _INK_GAP and abs(reach - loose.right) < _INK_GAP / 2


def _display_box(rect: Any, to_display: Matrix) -> tuple[float, float, float, float]:
    """A user-space rectangle on the displayed page (y up)."""
    xa, ya = apply(to_display, rect.left, rect.bottom)
    xb, yb = apply(to_display, rect.right, rect.top)
    return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def _glyph_box(loose: tuple[float, float, float, float], run: _Run) -> tuple[float, float, float, float]:
    """The box pdfminer gives a glyph: PDFium's loose box along the writing direction, and
    baseline + descent … baseline + descent + size across it (displayed page, y up).

    The baseline is the text object's origin (one show-text operation prints one line)."""
    size = run.size
    if size <= 0:
        return loose
    x0, y0, x1, y1 = loose
    a, b, c, d, ex, fy = run.matrix
    if abs(a) >= abs(b):  # written along x: the glyph's height runs along y
        low = fy + run.descent if d >= 0 else fy - run.descent - size
        return x0, low, x1, low + size
    low = ex + run.descent if c >= 0 else ex - run.descent - size
    return low, y0, low + size, y1


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
    """One page's geometry in the shape the table finder reads (see the module docstring);
    its characters kept as :data:`CharRow` tuples, ``chars`` made from them when asked for."""

    page_number: int
    width: float
    height: float
    rotation: int
    rows: list[CharRow]
    edges: list[dict[str, Any]]
    images: list[dict[str, Any]]
    _chars: list[dict[str, Any]] | None = None

    @property
    def chars(self) -> list[dict[str, Any]]:
        """The characters as pdfplumber-style dicts (made once, on first use)."""
        if self._chars is None:
            self._chars = [char_dict(row) for row in self.rows]
        return self._chars

    @property
    def texts(self) -> list[str]:
        """Each character's text, in order (without making the dicts)."""
        return [row[0] for row in self.rows]


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
            rows = read_char_rows(textpage, to_display, height)
        finally:
            textpage.close()
        drawn = _Drawn()
        n = raw.FPDFPage_CountObjects(page)
        _walk((raw.FPDFPage_GetObject(page, i) for i in range(max(n, 0))), to_display, drawn, 0)
        edges = [e for p in drawn.paths for e in segment_edges(p.segments, height, index + 1, p)]
        return PdfiumPage(index + 1, width, height, rotation, rows, edges, drawn.images)
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
