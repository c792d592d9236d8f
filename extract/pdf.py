"""PDF backend: pdfplumber reads the text layer and the ruling, ``pdf_tables`` finds tables.

Per page (the file is opened once):

1. Characters and drawn edges are turned into the page's *reading frame* — a page whose
   text runs down or up the sheet (``/Rotate``, or content drawn sideways) is turned so it
   reads left to right; every bbox in the Document is in that frame, in points, ``top``
   growing downwards.
2. Ruled tables come from the drawn edges that can rule (horizontal and vertical strokes,
   thin rectangles; slanted segments, curves and shaded areas are ignored) through
   pdfplumber's edges → intersections → cells chain; merged cells become spans.  Words are
   assigned to cells by their centres.  A failure here costs the page its ruled tables,
   never its text: the page gets a warning and its words stay running text.
3. The words left are grouped into lines.  Running headers, footers and page numbers
   (margin lines repeated on many pages, a lone number at the page's top or bottom) are
   found over the whole file and left out of the text, listed in ``Document.furniture``.
4. Borderless tables are inferred from word positions (column gaps that persist down the
   page; rows from the numbered first column, vertical gaps, or lines that fill the
   leading column and most others).
5. What remains is running text, grouped into paragraphs.

A table continued on the next page is reported as a separate :class:`Table` per page.
"""
from __future__ import annotations

import io
import math
from itertools import compress
from operator import not_
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from extract.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    ExtractError,
    NeedsOCRError,
    UnsupportedFormatError,
)
from extract.model import Cell, Document, Table, TextBlock
from extract.pdf_settings import PdfSettings
from extract.pdfium_source import CharColumns, CharRow, PdfiumPage, PdfiumPassword, open_pdf
from extract.pdf_word_arrays import array_words, blank_codes
from extract.pdf_fragment import fragment_table, leading_fragment
from extract.pdf_rule_spans import HRule, add_rule_spans, horizontal_rules
from extract.pdf_table_end import find_in_parts
from extract.pdf_tables import (
    FoundTable,
    Line,
    StreamContext,
    append_heading_row,
    fill_ruled_text,
    find_ruled_tables,
    find_stream_tables,
    frame_size,
    furniture_lines,
    lines_text,
    paragraphs,
    reading_tuples,
    reading_edges,
    ruling_edges,
    text_quarter,
    to_display,
    to_reading,
    trailing_heading,
    words_to_lines,
)
from extract.pdf_text import Word
from extract.pdf_words import CharTuple, WordTuple, group_words
from extract.sniff import describe_bytes

_EOF_WINDOW = 2048  # the spec wants %%EOF in the last 1024 bytes; readers accept some slack


@dataclass(slots=True)
class PageLayout:
    """What the finder made of one page, in the page's reading frame."""

    number: int  # 1-based
    quarter: int  # clockwise quarter turns of the text as displayed (0: upright)
    width: float  # displayed page size
    height: float
    tables: list[FoundTable] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # lines outside tables, furniture included
    furniture: set[int] = field(default_factory=set)  # indices into ``lines``
    has_text: bool = False
    has_images: bool = False
    hrules: list[HRule] = field(default_factory=list)  # horizontal drawn rules (reading frame)
    warnings: list[str] = field(default_factory=list)  # what went wrong on this page, and what was kept
    unread: Exception | None = None  # why the page could not be read at all

    @property
    def frame(self) -> tuple[float, float]:
        """Width and height of the reading frame."""
        return frame_size(self.quarter, self.width, self.height)

    def display_bbox(self, bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A reading-frame box on the displayed page (for drawing)."""
        return to_display(bbox, self.quarter, self.width, self.height)

    def body_lines(self) -> list[Line]:
        """Lines outside tables and furniture, top to bottom."""
        return [line for i, line in enumerate(self.lines) if i not in self.furniture]


# --------------------------------------------------------------------------- opening

def pdf_bytes(path: Path, data: bytes | None = None) -> bytes:
    """The file's bytes (``data`` when read already), refused early when they cannot be a readable PDF."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CorruptFileError(str(path), f"cannot read the file: {exc}") from exc
    if not data.strip():
        raise EmptyFileError(str(path), "a zero-byte file" if not data else "a file holding only whitespace")
    if b"%PDF-" not in data[:1024]:
        raise UnsupportedFormatError(str(path), f"not a PDF: {describe_bytes(data, path.suffix)}")
    if b"%%EOF" not in data[-_EOF_WINDOW:] and data.rfind(b"%%EOF") < 0:  # junk after it is fine
        raise CorruptFileError(str(path), "a truncated PDF: the %%EOF end marker is missing")
    return data


def _pdfminer_error(path: Path, exc: BaseException) -> ExtractError:
    """The typed error for an exception pdfminer raised while reading."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedFileError(str(path), "a password-protected PDF")
    return CorruptFileError(str(path), f"a broken PDF ({type(cause).__name__}: {cause})")


# --------------------------------------------------------------------------- per page

def _page_pass(page: Any, settings: PdfSettings) -> PageLayout:
    """Reading frame, ruled tables and the lines outside them for one page.

    A failure inside the ruled-table finder costs the page its ruled tables, not its text:
    the page's characters are kept as running text and the page says so in ``warnings``.
    """
    width, height = float(page.width), float(page.height)
    quarter, has_text, word_tuples = _page_words(page, width, height, settings)
    layout = PageLayout(page.page_number, quarter, width, height, has_text=has_text, has_images=bool(page.images))
    words = [Word(*w) for w in word_tuples]
    try:
        edges = ruling_edges(page.edges, settings.axis_tolerance, settings.thin_rect_max)
        edges = reading_edges(edges, quarter, width, height)
        layout.hrules = horizontal_rules(edges, settings.edge_min_length)
        tables = find_ruled_tables(edges, settings)
        rest = fill_ruled_text(tables, words, settings)
    except Exception as exc:  # noqa: BLE001 — one page's drawing must not sink the file
        layout.warnings.append(f"page {layout.number}: ruled-table finder failed ({type(exc).__name__}: {exc}); "
                               "the page's text is kept as running text")
        tables, rest = [], words
    layout.tables = [t for t in tables if any(c.text for c in t.cells)]
    layout.lines = words_to_lines(rest, settings.y_tolerance)
    return layout


def _unread_page(page: Any, exc: Exception) -> PageLayout:
    """A page whose characters or drawing could not be read at all: empty, with a warning."""
    number = int(getattr(page, "page_number", 0))
    layout = PageLayout(number, 0, float(page.width), float(page.height), unread=exc)
    layout.warnings.append(f"page {number}: could not be read ({type(exc).__name__}: {exc}); its content is missing")
    return layout


def _safe_page_pass(page: Any, settings: PdfSettings) -> PageLayout:
    """:func:`_page_pass`, or an empty page with a warning when reading the page itself fails."""
    try:
        return _page_pass(page, settings)
    except Exception as exc:  # noqa: BLE001 — pdfminer reports a broken page with many types
        return _unread_page(page, exc)


def page_words(page: Any, settings: PdfSettings) -> list[str]:
    """The words the backend sees on a page before any table finding (for conservation checks)."""
    _, _, rchars = _reading_input(page, float(page.width), float(page.height))
    return [w[0] for w in group_words(rchars, settings.x_tolerance, settings.y_tolerance)]


def _reading_input(page: Any, width: float, height: float) -> tuple[int, bool, list[CharTuple]]:
    """A page's reading quarter, whether it has any visible character, and its characters,
    de-duplicated, in the reading frame (PDFium's character rows read directly, without dicts)."""
    if not isinstance(page, PdfiumPage):
        chars = page.chars
        quarter = text_quarter(chars)
        return (quarter, any(c["text"].strip() for c in chars),
                reading_tuples(_dedupe(chars), quarter, width, height))
    chars = page.columns
    if not chars.texts:
        return 0, False, []
    quarter, visible, joined = _pdfium_quarter(chars)
    columns = (chars.texts, chars.x0, chars.top, chars.x1, chars.bottom, chars.size, chars.runs, chars.generated)
    fast = None if quarter or len(joined) != len(chars.texts) else _upright_unique_rows(columns, joined, chars.quarters)
    return quarter, visible, _dedupe_rows(page.rows, quarter, width, height) if fast is None else fast


def _pdfium_quarter(chars: CharColumns) -> tuple[int, bool, str]:
    """A PDFium page's reading quarter (as :func:`text_quarter`: the writing direction of
    most visible characters, upright on a tie), whether any character is visible, and the
    characters' texts joined."""
    texts, quarters = chars.texts, chars.quarters
    joined = "".join(texts)
    if len(joined) == len(texts):  # one character each: blank is isspace()
        try:
            blank = blank_codes(np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32))
        except UnicodeEncodeError:  # a lone surrogate
            blank = np.fromiter(map(str.isspace, texts), dtype=bool, count=len(texts))
        votes = np.bincount(np.array(quarters, dtype=np.int64)[~blank], minlength=4).tolist()
    else:
        votes = [0, 0, 0, 0]
        for text, q in zip(texts, quarters):
            if text.strip():
                votes[q] += 1
    return max(range(4), key=lambda q: (votes[q], q == 0)), any(votes), joined


def _page_words(page: Any, width: float, height: float, settings: PdfSettings) -> tuple[int, bool, list[WordTuple]]:
    """A page's reading quarter, whether it has any visible character, and its words in the
    reading frame: on arrays for a PDFium page (:func:`array_words`), else through
    :func:`_reading_input` and :func:`group_words`."""
    if isinstance(page, PdfiumPage) and page.columns.texts:
        chars = page.columns
        quarter, visible, joined = _pdfium_quarter(chars)
        if len(joined) == len(chars.texts):
            words = array_words(joined, chars, quarter, width, height, settings.x_tolerance, settings.y_tolerance)
            if words is not None:
                return quarter, visible, words
    quarter, visible, rchars = _reading_input(page, width, height)
    return quarter, visible, group_words(rchars, settings.x_tolerance, settings.y_tolerance)


def _upright_unique_rows(columns: tuple[list[Any], ...], joined: str, quarters: list[int]) -> list[CharTuple] | None:
    """:func:`_dedupe_rows` for a page read at quarter 0 whose texts are one character each
    (``joined``), the keys worked out on arrays (None when a text is a lone surrogate or a
    coordinate is not a plain finite number: the caller then takes the plain loop)."""
    texts, x0s, tops, x1s, bottoms, sizes, _, generated = columns
    try:
        points = joined.encode("utf-32-le")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    keys = [np.frombuffer(points, dtype=np.uint32).astype(np.int64)]
    for values in (x0s, tops):
        y = np.array(values, dtype=np.float64) * 10.0
        if not np.all(np.abs(y) < 1e9):  # nan, inf, huge: the plain loop
            return None
        n = np.floor(y)
        f = y - n - 0.5
        key = np.where(f > 1e-7, n + 1, n).astype(np.int64)
        for i in np.flatnonzero(np.abs(f) <= 1e-7).tolist():  # round() itself decides, as _tenths does
            key[i] = _tenths(values[i])
        keys.append(key)
    order = np.lexsort(keys[::-1])  # stable: equal keys keep their reading order
    grid = np.stack(keys)[:, order]
    repeat = np.all(grid[:, 1:] == grid[:, :-1], axis=0)
    uprights = list(map((0).__eq__, quarters))
    glyphs = list(map(not_, generated))
    rows = zip(texts, x0s, tops, x1s, bottoms, sizes, uprights, glyphs)
    if not repeat.any():
        return list(rows)
    keep = np.ones(len(texts), dtype=bool)
    keep[order[1:][repeat]] = False  # a key seen before: printed twice at one spot
    return list(compress(rows, keep.tolist()))


def _dedupe_rows(rows: list[CharRow], quarter: int, width: float, height: float) -> list[CharTuple]:
    """:func:`_dedupe` then :func:`reading_tuples` in one pass over PDFium's character rows."""
    seen: set[tuple[Any, ...]] = set()
    out: list[CharTuple] = []
    append = out.append
    last_top, top_key, last_run, upright = None, None, None, True
    floor = math.floor
    for text, x0, top, x1, bottom, size, run, generated in rows:
        if top != last_top:  # a line's characters share their top
            last_top, top_key = top, _tenths(top)
        y = x0 * 10.0
        if -1e9 < y < 1e9:  # _tenths(x0), inlined
            n = floor(y)
            f = y - n - 0.5
            x_key = n + 1 if f > 1e-7 else n if f < -1e-7 else _tenths(x0)
        else:
            x_key = _tenths(x0)
        key = (text, x_key, top_key)
        if key in seen:
            continue
        seen.add(key)
        if run is not last_run:
            last_run, upright = run, run.quarter == quarter
        if quarter:
            x0, top, x1, bottom = to_reading((x0, top, x1, bottom), quarter, width, height)
        append((text, x0, top, x1, bottom, size, upright, not generated))
    return out


def _tenths(x: float) -> Any:
    """What ``round(x, 1)`` tells apart, cheaply: the integer number of tenths ``x`` rounds
    to (``round`` itself only where ``10 x`` lies within 1e-7 of a half, or is not finite)."""
    y = x * 10.0
    try:
        n = math.floor(y)
    except (ValueError, OverflowError):  # nan, inf: never equal to a number
        return round(x, 1)
    f = y - n - 0.5
    if f > 1e-7:
        return n + 1
    if f < -1e-7:
        return n
    return round(round(x, 1) * 10)


def _dedupe(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Characters printed twice at one spot (fake bold) kept once: same text, same ``x0``
    and ``top`` to a tenth of a point (``round(…, 1)``)."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    last_top, top_key = None, None
    for c in chars:  # the dict path (pdfplumber's geometry); PDFium's rows go through _dedupe_rows
        top = c["top"]
        if top != last_top:  # a line's characters share their top
            last_top, top_key = top, _tenths(top)
        key = (c["text"], _tenths(c["x0"]), top_key)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _read_page(page: Any, settings: PdfSettings, ocr: Any = None) -> PageLayout:
    """One page through :func:`_safe_page_pass`, from its OCR source when ``ocr`` says its
    text layer is unusable (a reading that fails becomes an empty page with a warning)."""
    if ocr is not None:
        try:
            page = ocr.page_source(page)
        except ExtractError:
            raise
        except Exception as exc:  # noqa: BLE001 — one unreadable page must not sink the file
            return _unread_page(page, exc)
    return _safe_page_pass(page, settings)


def layout_pages(pdf: Any, settings: PdfSettings, ocr: Any = None) -> list[PageLayout]:
    """Every page's tables and text lines, furniture marked (the backend's whole analysis).

    With an ``ocr`` reader (``extract.ocr.OcrReader``), a page without a usable text layer is
    read from its OCR source instead."""
    layouts = [_read_page(page, settings, ocr) for page in pdf.pages]
    if layouts and all(p.unread for p in layouts):
        raise layouts[0].unread  # no page readable: the file is broken
    marks = furniture_lines([(p.lines, p.frame[1]) for p in layouts], settings)
    for layout, marked in zip(layouts, marks):
        layout.furniture = marked
    if settings.find_borderless:
        _borderless(layouts, settings)
        for layout in layouts:  # a table ruled only across: its merged cells from the rules
            layout.tables = [add_rule_spans(t, layout.hrules) if t.method == "stream" else t
                             for t in layout.tables]
    return layouts


@dataclass(slots=True)
class _StreamFind:
    """Borderless tables found on one page, with the page-line indices each took."""

    body: list[int]  # indices into the page's lines, furniture left out
    tables: list[FoundTable]
    taken: list[list[int]]
    context: StreamContext


def _borderless(layouts: list[PageLayout], settings: PdfSettings) -> None:
    """Find borderless tables page by page and move their lines out of the running text."""
    finds: list[_StreamFind] = []
    prior = StreamContext()
    for layout in layouts:
        body = [i for i in range(len(layout.lines)) if i not in layout.furniture]
        try:
            tables, taken, context = find_in_parts([layout.lines[i] for i in body], settings, prior,
                                                   find_stream_tables)
        except Exception as exc:  # noqa: BLE001 — the page keeps its lines as running text
            layout.warnings.append(f"page {layout.number}: borderless-table finder failed "
                                   f"({type(exc).__name__}: {exc}); the page's text is kept as running text")
            tables, taken, context = [], [], StreamContext()
        prior = context
        finds.append(_StreamFind(body, tables, [[body[k] for k in ks] for ks in taken], prior))
    for layout, find, after in zip(layouts, finds, finds[1:]):
        _keep_foot_heading(layout, find, after, settings)
    for page_before, before, layout, find in zip(layouts, finds, layouts[1:], finds[1:]):
        _take_leading_fragment(page_before, before, layout, find, settings)
    for layout, find in zip(layouts, finds):
        if not find.tables:
            continue
        layout.tables.extend(find.tables)
        used = {i for ks in find.taken for i in ks}
        kept = [i for i in range(len(layout.lines)) if i not in used]
        layout.furniture = {kept.index(i) for i in layout.furniture}
        layout.lines = [layout.lines[i] for i in kept]


def _keep_foot_heading(layout: PageLayout, find: _StreamFind, after: _StreamFind, settings: PdfSettings) -> None:
    """A section heading left at the foot of a page, under a borderless table that goes on at
    the top of the next page, becomes the table's last row."""
    if not find.tables or not after.tables or not after.body or after.taken[0][0] != after.body[0]:
        return
    last = max(find.taken[-1])
    tail = [i for i in find.body if i > last]
    lines = [layout.lines[i] for i in tail]
    if tail and trailing_heading(lines, layout.lines[last], find.context.boundaries, settings):
        append_heading_row(find.tables[-1], lines)
        find.taken[-1].extend(tail)


def _take_leading_fragment(page_before: PageLayout, before: _StreamFind, layout: PageLayout, find: _StreamFind,
                           settings: PdfSettings) -> None:
    """The lines opening a page that carry on the last row of the table ending the page
    before (and that no table of this page took) become a one-row table of their own."""
    if not before.tables or not before.body or max(before.taken[-1]) != before.body[-1] or not find.body:
        return
    first_taken = min((ks[0] for ks in find.taken if ks), default=None)
    free = [i for i in find.body if first_taken is None or i < first_taken]
    n = leading_fragment([layout.lines[i] for i in free], before.tables[-1],
                         [page_before.lines[i] for i in before.taken[-1]], settings)
    if n:
        find.tables.insert(0, fragment_table([layout.lines[i] for i in free[:n]], before.tables[-1], settings))
        find.taken.insert(0, free[:n])


# --------------------------------------------------------------------------- model

def _table(found: FoundTable, page: int, order: int) -> Table:
    """A found table as the neutral model's Table."""
    cells = [Cell(c.text, c.row, c.col, c.row_span, c.col_span, page, c.bbox, c.full_lines) for c in found.cells]
    col_lines = tuple(found.col_lines) if len(found.col_lines) == found.n_cols + 1 else None
    return Table(cells, found.n_rows, found.n_cols, order, page, found.bbox, found.method, col_lines,
                 found.merges_visible)


def _document(source: str, layouts: list[PageLayout], settings: PdfSettings) -> Document:
    """Blocks and tables of all pages, numbered in reading order."""
    doc = Document(source=source, format="pdf", pages=len(layouts))
    order = 0
    for layout in layouts:
        items: list[tuple[float, int, Any]] = [(t.bbox[1], 1, t) for t in layout.tables]
        items += [(group[0].top, 0, group) for group in paragraphs(layout.body_lines(), settings)]
        for _, kind, item in sorted(items, key=lambda it: (it[0], it[1])):
            if kind:
                doc.tables.append(_table(item, layout.number, order))
            else:
                bbox = (min(l.x0 for l in item), item[0].top, max(l.x1 for l in item), item[-1].bottom)
                doc.blocks.append(TextBlock(lines_text(item), layout.number, order, bbox))
            order += 1
        doc.warnings.extend(layout.warnings)
        for i in sorted(layout.furniture):
            line = layout.lines[i]
            doc.furniture.append(TextBlock(line.text, layout.number, len(doc.furniture), line.bbox))
        if not layout.has_text:
            what = "an image only (a scanned page?)" if layout.has_images else "nothing"
            doc.warnings.append(f"page {layout.number}: no text layer, it holds {what}")
        if layout.quarter:
            doc.warnings.append(f"page {layout.number}: text turned {90 * layout.quarter}° clockwise, read upright")
    return doc


def read_pdf(path: str | Path, settings: PdfSettings | None = None, ocr: bool = True, *,
             data: bytes | None = None, document: Any = None) -> Document:
    """Read a PDF's running text and tables into a :class:`Document`.

    Raises :class:`EmptyFileError`, :class:`CorruptFileError`, :class:`EncryptedFileError`,
    :class:`UnsupportedFormatError` or, for a PDF with no text layer at all,
    :class:`NeedsOCRError` (with ``ocr=False``: pages without a usable text layer are OCR'd).
    ``data`` (the file's bytes) and ``document`` (those bytes already open in PDFium, left
    open here) spare reading and parsing the file again.
    """
    from extract.ocr import OcrReader, mark_confidence

    path = Path(path)
    settings = settings or PdfSettings()
    data = pdf_bytes(path, data)
    reader = OcrReader(data, str(path)) if ocr else None
    try:
        with open_pdf(data, settings.geometry, document) as pdf:
            if not pdf.pages:
                raise EmptyFileError(str(path), "a PDF with no pages")
            layouts = layout_pages(pdf, settings, reader)
    except ExtractError:
        raise
    except PdfiumPassword as exc:
        raise EncryptedFileError(str(path), "a password-protected PDF") from exc
    except Exception as exc:  # pdfminer reports broken files with many exception types
        raise _pdfminer_error(path, exc) from exc
    finally:
        if reader:
            reader.close()
    if not any(p.has_text for p in layouts):
        raise NeedsOCRError(str(path), f"no text layer on any of its {len(layouts)} page(s): a scan, needs OCR")
    return mark_confidence(_document(str(path), layouts, settings), reader.pages if reader else {})
