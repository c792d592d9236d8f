"""Round 10 fast paths of the text-PDF backend give what the code they replaced gave.

* :func:`extract.pdf_chars.read_char_columns` (PDFium's calls gathered per page with
  ``map``, the boxes worked out on arrays) reads the characters the row-by-row loop read —
  :func:`reference_char_rows` below, that loop as it stood — on every page of the sample
  and layout-matrix PDFs (upright, turned, hyphenated, fake bold, no Unicode map…).
"""
from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from extract.pdf_chars import (
    _HYPHEN_MARKS,
    _LOOSE_BOX,
    _MAP_ERROR,
    CharColumns,
    CharRow,
    Matrix,
    _display_box,
    _glyph_box,
    _level_band,
    _page_text,
    _FONT_OF,
    _Run,
    _font_info,
    mult,
    _space_after_hyphen,
    display_matrix,
    read_char_columns,
)

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted(ROOT.glob("samples/*.pdf")) + sorted(ROOT.glob("samples/matrix/*/*.pdf"))

_OBJECT_OF = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)


def reference_run(textpage: Any, index: int, to_display: Matrix, textobj: int,
                  fonts: dict[int, tuple[str, float]]) -> _Run:
    """Round 9's ``_run``: one text object's shared properties, read one call at a time."""
    fsm = raw.FS_MATRIX()
    ok = raw.FPDFText_GetMatrix(textpage, index, fsm)
    matrix = mult((fsm.a, fsm.b, fsm.c, fsm.d, fsm.e, fsm.f) if ok else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), to_display)
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
    dx, dy = a, -b
    quarter = (0 if dx > 0 else 2) if abs(dx) >= abs(dy) else (1 if dy > 0 else 3)
    return _Run(matrix, size, name, descent * size, 0 < a * d and b * c <= 0, quarter)


def reference_char_rows(textpage: Any, to_display: Matrix, height: float) -> list[CharRow]:
    """The row-by-row reader :func:`read_char_columns` replaced (round 9's
    ``pdfium_source.read_char_rows``), kept as the reference."""
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    if count <= 0:
        return []
    text = _page_text(handle, count)
    address = ctypes.cast(handle, ctypes.c_void_p).value
    rect = raw.FS_RECTF()
    rect_address = ctypes.addressof(rect)
    get_box, map_error, object_of = _LOOSE_BOX, _MAP_ERROR, _OBJECT_OF
    runs: dict[int, Any] = {}
    fonts: dict[int, tuple[str, float]] = {}
    _, _, _, _, shift_x, shift_y = to_display
    turned = to_display[:4] != (1, 0, 0, 1)
    last_key, run, band = -1, None, None
    rows: list[CharRow] = []
    append = rows.append
    for i, ch in enumerate(text):
        if ch in _HYPHEN_MARKS:
            ch = "-"
        elif ch in "\r\n\x00\uffff":
            continue
        if not get_box(address, i, rect_address):
            continue
        generated = ch == " " and raw.FPDFText_IsGenerated(handle, i) == 1
        if map_error(address, i) == 1:
            ch = "\ufffd"
        key = object_of(address, i) or 0
        if key != last_key:
            known = runs.get(key)
            if known is None:
                new_run = reference_run(handle, i, to_display, key, fonts)
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
            if text[i] in _HYPHEN_MARKS and _space_after_hyphen(handle, i, rect):
                append((" ", x1, top, 2 * right - left + shift_x, bottom, size, run, generated))
            continue
        if turned:
            x0, y0, x1, y1 = _display_box(rect, to_display)
        else:
            x0, y0, x1, y1 = rect.left + shift_x, rect.bottom + shift_y, rect.right + shift_x, rect.top + shift_y
        x0, y0, x1, y1 = _glyph_box((x0, y0, x1, y1), run)
        glyph_size = size or (y1 - y0)
        append((ch, x0, height - y1, x1, height - y0, glyph_size, run, generated))
        if text[i] in _HYPHEN_MARKS and _space_after_hyphen(handle, i, rect):
            space = raw.FS_RECTF(rect.right, rect.top, 2 * rect.right - rect.left, rect.bottom)
            box = _display_box(space, to_display) if turned else (
                space.left + shift_x, space.bottom + shift_y, space.right + shift_x, space.top + shift_y)
            x0, y0, x1, y1 = _glyph_box(box, run)
            append((" ", x0, height - y1, x1, height - y0, glyph_size, run, generated))
    return rows


def _page_inputs(page: Any) -> tuple[Matrix, float]:
    box = page.get_mediabox()
    rotation = page.get_rotation() % 360
    height = box[2] - box[0] if rotation in (90, 270) else box[3] - box[1]
    return display_matrix(rotation, box), height


def _exact(rows: list[CharRow]) -> list[tuple[Any, ...]]:
    """Rows with their floats as exact bit patterns (``-0.0`` and ``0.0`` told apart) and
    each run's identity replaced by its content."""
    return [tuple(v.hex() if isinstance(v, float) else v for v in row) for row in rows]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: str(p.relative_to(ROOT)))
def test_columns_read_as_the_row_loop(path: Path) -> None:
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            to_display, height = _page_inputs(page)
            textpage = page.get_textpage()
            try:
                expected = reference_char_rows(textpage, to_display, height)
                columns = read_char_columns(textpage, to_display, height)
            finally:
                textpage.close()
                page.close()
            got = columns.rows()
            assert _exact(got) == _exact(expected), (path.name, index)
            assert columns.quarters == [row[6].quarter for row in expected]
            # one run object per text object, shared by its characters, as the loop shares it
            assert len({id(row[6]) for row in got}) == len({id(row[6]) for row in expected})
            assert CharColumns.from_rows(got) == columns
    finally:
        pdf.close()


# --------------------------------------------------------------------------- words on arrays

from extract.pdf import _pdfium_quarter, _reading_input  # noqa: E402
from extract.pdf_word_arrays import array_words  # noqa: E402
from extract.pdf_words import group_words  # noqa: E402
from extract.pdfium_source import PdfiumPage, read_page  # noqa: E402

_UPRIGHT_RUN = _Run((1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 10.0, "F", -2.0, True, 0)
_TURNED_RUN = _Run((0.0, 1.0, -1.0, 0.0, 0.0, 0.0), 10.0, "F", -2.0, False, 3)
_DOWN_RUN = _Run((0.0, -1.0, 1.0, 0.0, 0.0, 0.0), 10.0, "F", -2.0, False, 1)
_UPSIDE_RUN = _Run((-1.0, 0.0, 0.0, -1.0, 0.0, 0.0), 10.0, "F", -2.0, True, 2)


def _tuple_words(page: PdfiumPage, x_tolerance: float, y_tolerance: float) -> list[tuple[Any, ...]]:
    """The words the tuple route gives (de-duplicated characters, then ``group_words``)."""
    return group_words(_reading_input(page, page.width, page.height)[2], x_tolerance, y_tolerance)


def _array_words(page: PdfiumPage, x_tolerance: float, y_tolerance: float) -> list[tuple[Any, ...]] | None:
    chars = page.columns
    quarter, _, joined = _pdfium_quarter(chars)
    assert len(joined) == len(chars.texts)
    return array_words(joined, chars, quarter, page.width, page.height, x_tolerance, y_tolerance)


def _random_rows(rng: Any, n_lines: int, turned: float) -> list[CharRow]:
    """Lines of characters with jittered tops, gaps that sometimes step back or open wide,
    printed and generated spaces, fake bold (a character printed twice), runs written down
    the page (a ``turned`` share of the lines), and coordinates on half tenths."""
    rows: list[CharRow] = []
    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяABC0123456789.,;-()«»"
    for line in range(n_lines):
        top = 40.0 + 14.0 * line + rng.choice([0.0, 0.5, 1.5, 2.9, 3.0, 3.1, -2.0, 0.05])
        x = 30.0 + rng.random() * 5
        run = rng.choice([_TURNED_RUN, _DOWN_RUN, _UPSIDE_RUN]) if rng.random() < turned else _UPRIGHT_RUN
        for _ in range(rng.randrange(1, 30)):
            size = rng.choice([9.0, 10.0, 10.5, 12.0])
            width = rng.choice([2.5, 4.0, 5.5, 6.25])
            if rng.random() < 0.18:
                text, generated = " ", rng.random() < 0.3
                width = rng.choice([2.0, 2.5, 9.0])
            else:
                text, generated = rng.choice(letters), False
            x += rng.choice([0.0, 0.0, 0.2, 1.0, 3.0, 3.5, 8.0, -1.0, -6.0])
            x0 = round(x, 2) if rng.random() < 0.7 else x + 0.05
            t = top + rng.choice([0.0, 0.0, 0.0, 0.4, -3.5, 3.05])
            row = (text, x0, t, x0 + width, t + size, size, run, generated)
            rows.append(row)
            if rng.random() < 0.05:  # fake bold: the same character again at (nearly) one spot
                rows.append((text, x0 + rng.choice([0.0, 0.01, 0.04]), t, x0 + width, t + size, size, run, generated))
            x = x0 + width
    return rows


@pytest.mark.parametrize("seed", range(60))
def test_array_words_as_the_tuple_route_random(seed: int) -> None:
    import random

    rng = random.Random(seed)
    rows = _random_rows(rng, rng.randrange(1, 40), 0.08 if seed % 3 else 0.85)
    page = PdfiumPage(1, 600.0, 800.0, 0, rows, [], [])
    for x_tolerance, y_tolerance in ((3.0, 3.0), (1.5, 3.0), (3.0, 0.5)):
        got = _array_words(page, x_tolerance, y_tolerance)
        assert got is not None
        assert _exact(got) == _exact(_tuple_words(page, x_tolerance, y_tolerance))


def test_array_words_decline_what_arrays_cannot_promise() -> None:
    base = [("А", 10.0, 20.0, 16.0, 30.0, 10.0, _UPRIGHT_RUN, False),
            ("Б", 16.0, 20.0, 22.0, 30.0, 10.0, _UPRIGHT_RUN, False)]
    assert _array_words(PdfiumPage(1, 600.0, 800.0, 0, base, [], []), 3.0, 3.0) is not None
    for bad in (("ﬁ", 22.0, 20.0, 28.0, 30.0, 10.0),  # a ligature: pdfplumber expands it
                ("В", 0.0, 20.0, 6.0, 30.0, 10.0),  # zero: min(0.0, -0.0) keeps the first in Python
                ("В", 22.0, 20.0, float("nan"), 30.0, 10.0),
                ("В", 22.0, 20.0, 28.0, 30.0, float("inf")),
                ("В", 1e12, 20.0, 28.0, 30.0, 10.0)):
        rows = base + [(*bad, _UPRIGHT_RUN, False)]
        page = PdfiumPage(1, 600.0, 800.0, 0, rows, [], [])
        assert _array_words(page, 3.0, 3.0) is None, bad


@pytest.mark.parametrize("path", PDFS, ids=lambda p: str(p.relative_to(ROOT)))
def test_array_words_as_the_tuple_route_on_samples(path: Path) -> None:
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = read_page(pdf, index)
            chars = page.columns
            if not chars.texts:
                continue
            got = _array_words(page, 3.0, 3.0)
            assert got is not None, index
            assert _exact(got) == _exact(_tuple_words(page, 3.0, 3.0)), index
    finally:
        pdf.close()


# --------------------------------------------------------------------------- ruled cells

from pdfplumber import table as plumber_table  # noqa: E402

from extract import pdf_ruling  # noqa: E402


def _captured_intersections(monkeypatch: Any) -> list[dict[Any, Any]]:
    """The intersections the ruled finder works on, over every sample and matrix PDF."""
    from extract import read_document

    seen: list[dict[Any, Any]] = []
    original = plumber_table.edges_to_intersections

    def record(*args: Any, **kwargs: Any) -> Any:
        found = original(*args, **kwargs)
        seen.append(found)
        return found

    monkeypatch.setattr(plumber_table, "edges_to_intersections", record)
    for path in PDFS:
        read_document(path, ocr=False)
    return seen


def _random_intersections(rng: Any) -> dict[Any, Any]:
    """A ruled grid with some rules cut short or missing (merged cells), some points nudged
    off the grid, edges shared between points as pdfplumber shares them."""
    xs = sorted({round(rng.uniform(0, 500), rng.choice([0, 1, 2])) for _ in range(rng.randrange(2, 8))})
    ys = sorted({round(rng.uniform(0, 700), rng.choice([0, 1, 2])) for _ in range(rng.randrange(2, 10))})
    h = [{"x0": xs[0], "x1": xs[-1] if rng.random() < 0.8 else rng.choice(xs), "top": y, "bottom": y} for y in ys]
    v = [{"x0": x, "x1": x, "top": ys[0] if rng.random() < 0.8 else rng.choice(ys), "bottom": ys[-1]} for x in xs]
    out: dict[Any, Any] = {}
    for x in xs:
        for y in ys:
            if rng.random() < 0.1:
                continue
            vs = [e for e in v if e["x0"] == x and e["top"] <= y <= e["bottom"] and rng.random() < 0.95]
            hs = [e for e in h if e["top"] == y and e["x0"] <= x <= e["x1"] and rng.random() < 0.95]
            if vs or hs:
                point = (x + rng.choice([0.0, 0.0, 0.0, 0.5]), y)
                out.setdefault(point, {"v": [], "h": []})
                out[point]["v"].extend(vs)
                out[point]["h"].extend(hs)
    return out


def test_cells_as_pdfplumber_on_samples(monkeypatch: Any) -> None:
    captured = _captured_intersections(monkeypatch)
    assert sum(len(found) for found in captured) > 1000
    for found in captured:
        assert pdf_ruling.intersections_to_cells(found) == plumber_table.intersections_to_cells(found)


@pytest.mark.parametrize("seed", range(300))
def test_cells_as_pdfplumber_random(seed: int) -> None:
    import random

    found = _random_intersections(random.Random(seed))
    assert pdf_ruling.intersections_to_cells(found) == plumber_table.intersections_to_cells(found)


# --------------------------------------------------------------------------- line caches

import statistics  # noqa: E402

from extract.pdf_text import Line, Segment, Word, _split_line, line_segments  # noqa: E402


def _sample_lines() -> list[Line]:
    from extract.pdf import layout_pages
    from extract.pdf_settings import PdfSettings
    from extract.pdfium_source import open_pdf

    lines: list[Line] = []
    for path in PDFS[::4]:
        with open_pdf(path.read_bytes()) as pdf:
            for layout in layout_pages(pdf, PdfSettings()):
                lines.extend(layout.lines)
    return lines


def test_line_caches_as_computed() -> None:
    lines = _sample_lines()
    assert len(lines) > 500
    for line in lines:
        fresh = Line(line.words)
        for _ in range(2):  # the second time from the caches
            assert fresh.x1 == max(w.x1 for w in line.words)
            assert fresh.text == " ".join(w.text for w in line.words)
            assert fresh.top == min(w.top for w in line.words)
            assert fresh.bottom == max(w.bottom for w in line.words)
            assert fresh.size == statistics.median(w.size for w in line.words)
            assert fresh.bbox == (line.words[0].x0, fresh.top, fresh.x1, fresh.bottom)
        for ratios in ((0.8, 2.0, 2.0), (1.5, 2.0, 2.0), (0.8, 3.0, 1.0), (0.8, 2.0, 2.0)):
            assert line_segments(fresh, *ratios) == _split_line(Line(line.words), *ratios)
        assert fresh == Line(line.words) and hash(fresh) == hash(Line(line.words))


def test_words_lines_segments_compare_and_hash_by_their_fields() -> None:
    a = Word("а", 1.0, 2.0, 3.0, 4.0, 10.0)
    b = Word("а", 1.0, 2.0, 3.0, 4.0, 10.0)
    assert a == b and hash(a) == hash(b) and a != Word("а", 1.0, 2.0, 3.0, 4.0, 10.0, True)
    line = Line((a,))
    assert line.x1 == 3.0 and line.text == "а"  # caches filled: still equal to a fresh line
    assert line == Line((b,)) and hash(line) == hash(Line((b,))) and repr(line) == repr(Line((b,)))
    assert Segment((a,)) == Segment((b,)) and hash(Segment((a,))) == hash(Segment((b,)))
    assert {line, Line((b,))} == {line}


def test_blank_codes_as_isspace() -> None:
    import numpy as np

    from extract.pdf_word_arrays import blank_codes

    codes = np.arange(0x110000, dtype=np.uint32)
    codes = codes[(codes < 0xD800) | (codes > 0xDFFF)]
    expected = np.array([chr(c).isspace() for c in codes.tolist()], dtype=bool)
    assert np.array_equal(blank_codes(codes), expected)
    assert np.array_equal(blank_codes(codes[::-7]), expected[::-7])


def test_pdfium_quarter_as_text_quarter() -> None:
    from extract.pdf_geometry import text_quarter

    for texts in (["а", "\u3000", "б"], ["\ud800", " ", "в"], [" ", "\u3000", "\t"], ["г", "д"]):
        for turned in (0, 1, 2, 3):
            rows = [(t, 10.0 * k + 1, 20.0, 10.0 * k + 6, 30.0, 10.0, _TURNED_RUN if k < turned else _UPRIGHT_RUN,
                     False) for k, t in enumerate(texts)]
            page = PdfiumPage(1, 600.0, 800.0, 0, rows, [], [])
            quarter, visible, joined = _pdfium_quarter(page.columns)
            assert quarter == text_quarter(page.chars), (texts, turned)
            assert visible == any(t.strip() for t in texts) and joined == "".join(texts)
