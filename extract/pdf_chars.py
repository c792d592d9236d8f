"""PDFium's characters, read column by column: text, box, size, run (font and matrix), generated.

:func:`read_char_columns` reads a text page with as few calls per character as PDFium
allows — its loose box, its Unicode-map error and its text object, each gathered for the
whole page with ``map`` over the character indices (no per-character Python statements),
the boxes written straight into one array — and works the page's coordinates out on arrays:

* a character's box is PDFium's *loose* box (the font's advance width × descent … ascent)
  with its ascent side cut to ``descent + size`` — the box pdfminer reports — in the
  *displayed* page (``/Rotate`` applied, the MediaBox origin moved to 0, 0), ``top``
  growing downwards, as pdfplumber reports it;
* its matrix, size and font are its text object's (:class:`_Run`), read once per object;
* on an unturned page a line's characters share their ``top`` and ``bottom`` (the run's
  band); other characters (turned pages, text written down the page) take the per-character
  route, :func:`_loose_glyph`.

The row-by-row loop this replaced is kept in ``tests/test_fast10_pdf.py`` as the reference.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import pypdfium2.raw as raw

Matrix = tuple[float, float, float, float, float, float]

_HYPHEN_MARKS = "\ufffe\x02"
_INK_GAP = 0.1  # points between a hyphen's ink and its advance that tell the two apart

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

@dataclass(frozen=True, slots=True)
class _Run:
    """What every character of one text object shares."""

    matrix: Matrix  # the text object's matrix on the displayed page (e, f: its origin)
    size: float  # font size × the matrix's vertical scale (pdfminer's char size)
    fontname: str
    descent: float  # baseline to the glyph box's bottom, in points (≤ 0)
    upright: bool
    quarter: int  # quarter turns of the writing direction (extract.pdf_geometry.char_quarter)


def _runs(address: int, firsts: list[int], objects: list[int], to_display: Matrix) -> list[_Run]:
    """The shared properties of each text object (``objects``: their addresses, 0 for
    none), read at its first character (``firsts``): its matrix and font size read for all
    objects with ``map`` (matrices straight into one array), each font's name and descent
    once per font."""
    n = len(firsts)
    matrices = np.zeros((n, 6), dtype=np.float32)  # FS_MATRIX per object
    slots = range(matrices.ctypes.data, matrices.ctypes.data + n * _MATRIX_BYTES, _MATRIX_BYTES)
    read = list(map(_GET_MATRIX, repeat(address, n), firsts, slots))
    sizes = list(map(_FONT_SIZE, repeat(address, n), firsts))
    fonts: dict[int, tuple[str, float]] = {}
    runs = []
    for ok, fsm, raw_size, textobj in zip(read, matrices.tolist(), sizes, objects):
        matrix = mult(tuple(fsm) if ok else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), to_display)
        scale = (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5
        size = max(raw_size, 0.0) * scale
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
        runs.append(_Run(matrix, size, name, descent * size, 0 < a * d and b * c <= 0, quarter))
    return runs


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
_IS_GENERATED = _cfunc(raw.FPDFText_IsGenerated, ctypes.c_int, ctypes.c_void_p, ctypes.c_int)
# FPDFText_GetTextObject returning the object's address as an int (0: none; a cheap cache key).
_TEXT_OBJECT_ADDRESS = _cfunc(raw.FPDFText_GetTextObject, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_int)
_GET_MATRIX = _cfunc(raw.FPDFText_GetMatrix, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
_FONT_SIZE = _cfunc(raw.FPDFText_GetFontSize, ctypes.c_double, ctypes.c_void_p, ctypes.c_int)
_MATRIX_BYTES = ctypes.sizeof(raw.FS_MATRIX)  # a, b, c, d, e, f as float32


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

@dataclass(slots=True)
class CharColumns:
    """A page's characters column by column, in PDFium's order (generated line breaks left
    out); ``quarters`` is each character's run's :attr:`_Run.quarter`."""

    texts: list[str]
    x0: list[float]
    top: list[float]
    x1: list[float]
    bottom: list[float]
    size: list[float]
    runs: list[_Run]
    generated: list[bool]
    quarters: list[int]

    @classmethod
    def from_rows(cls, rows: list[CharRow]) -> CharColumns:
        """The columns of :data:`CharRow` tuples."""
        if not rows:
            return cls([], [], [], [], [], [], [], [], [])
        texts, x0, top, x1, bottom, size, runs, generated = map(list, zip(*rows))
        return cls(texts, x0, top, x1, bottom, size, runs, generated, [run.quarter for run in runs])

    def rows(self) -> list[CharRow]:
        """The characters as :data:`CharRow` tuples."""
        return list(zip(self.texts, self.x0, self.top, self.x1, self.bottom, self.size, self.runs, self.generated))


_SKIPPED = np.array([ord(c) for c in "\r\n\x00\uffff"], dtype=np.uint32)  # line breaks, no character
_HYPHEN_CODES = np.array([ord(c) for c in _HYPHEN_MARKS], dtype=np.uint32)
_BOX_BYTES = ctypes.sizeof(raw.FS_RECTF)  # left, top, right, bottom as float32


def read_char_columns(textpage: Any, to_display: Matrix, height: float) -> CharColumns:
    """The page's characters (see the module docstring).

    PDFium's spaces between words are kept (as pdfminer keeps printed spaces) and marked
    ``generated`` when PDFium made them up; a hyphen PDFium marked at a line end reads "-"
    (followed by a space when one was printed after it, as pdfminer keeps it); a character
    of a font without a Unicode map reads U+FFFD (the OCR step decides on these).
    """
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    if count <= 0:
        return CharColumns.from_rows([])
    codes = np.frombuffer(_page_text(handle, count).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    address = ctypes.cast(handle, ctypes.c_void_p).value
    boxes = np.zeros((count, 4), dtype=np.float32)  # FS_RECTF per character index
    wanted = np.flatnonzero(~np.isin(codes, _SKIPPED))
    n = len(wanted)
    found = np.fromiter(map(_LOOSE_BOX, repeat(address, n), wanted.tolist(),
                            (wanted * _BOX_BYTES + boxes.ctypes.data).tolist()), dtype=np.bool_, count=n)
    kept = wanted[found]
    indices = kept.tolist()
    n = len(indices)
    if not n:
        return CharColumns.from_rows([])
    unmapped = np.fromiter(map(_MAP_ERROR, repeat(address, n), indices), dtype=np.int64, count=n) == 1
    objects = np.fromiter(map(_TEXT_OBJECT_ADDRESS, repeat(address, n), indices), dtype=np.uint64, count=n)
    keys, first, run_of = np.unique(objects, return_index=True, return_inverse=True)
    run_of = run_of.reshape(-1)
    runs = _runs(address, kept[first].tolist(), keys.tolist(), to_display)
    turned = to_display[:4] != (1, 0, 0, 1)
    bands = [None if turned else _level_band(run, height) for run in runs]

    original = codes[kept]
    hyphens = np.isin(original, _HYPHEN_CODES)
    shown = np.where(unmapped, 0xFFFD, np.where(hyphens, ord("-"), original)).astype(np.uint32)
    texts = list(shown.tobytes().decode("utf-32-le", "surrogatepass"))
    generated = [False] * n
    for j in np.flatnonzero(original == ord(" ")).tolist():  # no glyph: PDFium's own space
        generated[j] = _IS_GENERATED(address, indices[j]) == 1

    _, _, _, _, shift_x, shift_y = to_display
    box = boxes[kept].astype(np.float64)
    x0 = box[:, 0] + shift_x
    x1 = box[:, 2] + shift_x
    banded = np.array([band is not None for band in bands])[run_of]
    top = np.array([band[0] if band else 0.0 for band in bands])[run_of]
    bottom = np.array([band[1] if band else 0.0 for band in bands])[run_of]
    size = np.array([run.size for run in runs], dtype=np.float64)[run_of]
    loose = np.flatnonzero(~banded)
    if len(loose):
        x0[loose], top[loose], x1[loose], bottom[loose], size[loose] = _loose_glyphs(
            box[loose], run_of[loose], runs, to_display, height)
    run_list = [runs[r] for r in run_of.tolist()]
    columns = CharColumns(texts, x0.tolist(), top.tolist(), x1.tolist(), bottom.tolist(), size.tolist(),
                          run_list, generated, [run.quarter for run in run_list])
    marked = np.flatnonzero(hyphens).tolist()
    for j in reversed(marked):  # from the end: each insertion leaves the earlier rows' places
        rect = raw.FS_RECTF(*boxes[indices[j]].tolist())
        if _space_after_hyphen(handle, indices[j], rect):
            _insert_space(columns, j, rect, banded[j], to_display, height)
    return columns


def _loose_glyph(rect: tuple[float, float, float, float], run: _Run, to_display: Matrix,
                 height: float) -> tuple[float, float, float, float, float]:
    """``x0, top, x1, bottom, size`` of a character outside a run's band: its loose box
    (left, top, right, bottom in user space) displayed, cut to the glyph's height."""
    left, up, right, down = rect
    if to_display[:4] != (1, 0, 0, 1):
        x0, y0, x1, y1 = _display_box(raw.FS_RECTF(left, up, right, down), to_display)
    else:
        _, _, _, _, shift_x, shift_y = to_display
        x0, y0, x1, y1 = left + shift_x, down + shift_y, right + shift_x, up + shift_y
    x0, y0, x1, y1 = _glyph_box((x0, y0, x1, y1), run)
    return x0, height - y1, x1, height - y0, run.size or (y1 - y0)


def _loose_glyphs(box: np.ndarray, run_of: np.ndarray, runs: list[_Run], to_display: Matrix,
                  height: float) -> tuple[np.ndarray, ...]:
    """:func:`_loose_glyph` on arrays: ``box`` the characters' loose boxes (left, top,
    right, bottom in user space, float64), ``run_of`` their runs' places in ``runs``.  The
    same float operations in the same order as the scalar route, ``min``/``max`` spelt as
    Python's (the first of equals)."""
    left, up, right, down = box.T
    if to_display[:4] != (1, 0, 0, 1):  # _display_box
        a, b, c, d, e, f = to_display
        xa, ya = a * left + c * down + e, b * left + d * down + f
        xb, yb = a * right + c * up + e, b * right + d * up + f
        x0, y0 = np.where(xb < xa, xb, xa), np.where(yb < ya, yb, ya)
        x1, y1 = np.where(xb > xa, xb, xa), np.where(yb > ya, yb, ya)
    else:
        _, _, _, _, shift_x, shift_y = to_display
        x0, y0, x1, y1 = left + shift_x, down + shift_y, right + shift_x, up + shift_y
    used = np.unique(run_of)
    place = np.zeros(len(runs), dtype=np.int64)
    place[used] = np.arange(len(used))
    bands = [_glyph_band(runs[r]) for r in used.tolist()]
    which = place[run_of]
    mode = np.array([m for m, _, _ in bands], dtype=np.int8)[which]
    low = np.array([lo for _, lo, _ in bands], dtype=np.float64)[which]
    high = np.array([hi for _, _, hi in bands], dtype=np.float64)[which]
    along_x, along_y = mode == 1, mode == 2
    y0, y1 = np.where(along_x, low, y0), np.where(along_x, high, y1)
    x0, x1 = np.where(along_y, low, x0), np.where(along_y, high, x1)
    size = np.array([runs[r].size for r in used.tolist()], dtype=np.float64)[which]
    return x0, height - y1, x1, height - y0, np.where(size != 0, size, y1 - y0)


def _glyph_band(run: _Run) -> tuple[int, float, float]:
    """What :func:`_glyph_box` does to a run's glyphs: 0 (keeps the loose box), 1 (sets
    y to ``low … high``) or 2 (sets x to ``low … high``), with ``low`` and ``high``."""
    size = run.size
    if size <= 0:
        return 0, 0.0, 0.0
    a, b, c, d, ex, fy = run.matrix
    if abs(a) >= abs(b):
        low = fy + run.descent if d >= 0 else fy - run.descent - size
        return 1, low, low + size
    low = ex + run.descent if c >= 0 else ex - run.descent - size
    return 2, low, low + size


def _insert_space(columns: CharColumns, j: int, rect: Any, banded: bool, to_display: Matrix, height: float) -> None:
    """Put the space printed after the line-end hyphen at row ``j`` right after it: one
    advance of the hyphen wide, in the hyphen's run."""
    run = columns.runs[j]
    if banded:
        shift_x = to_display[4]
        row = (" ", columns.x1[j], columns.top[j], 2 * rect.right - rect.left + shift_x, columns.bottom[j],
               columns.size[j])
    else:
        space = raw.FS_RECTF(rect.right, rect.top, 2 * rect.right - rect.left, rect.bottom)
        x0, top, x1, bottom, _ = _loose_glyph((space.left, space.top, space.right, space.bottom), run, to_display,
                                              height)
        row = (" ", x0, top, x1, bottom, columns.size[j])
    for values, value in zip((columns.texts, columns.x0, columns.top, columns.x1, columns.bottom, columns.size,
                              columns.runs, columns.generated, columns.quarters),
                             (*row, run, columns.generated[j], run.quarter)):
        values.insert(j + 1, value)

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

