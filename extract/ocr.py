"""OCR source for the PDF backend: a scanned page read as words with boxes and ruling lines.

A page with no text layer, or an unusable one (mostly ``(cid:…)``, private-use or U+FFFD
characters: a font without a Unicode map), is rendered with PDFium and read here:

1. orientation (0/90/180/270°) from Tesseract's OSD, skew up to ±3° from projection
   profiles (``ocr_image``); the page is turned upright and levelled;
2. ruling lines are found with OpenCV and erased before recognition;
3. Tesseract 5 (Russian, in-process through ``tesserocr``) reads the words;
4. clean-up rules put right what it is known to misread (``ocr_words``: confusable digits and
   capitals, doubled one-letter words; ``ocr_numbering``: the row-number column), leaving a
   note on every word whose meaning they changed.

The result is an :class:`OcrPage` with the attributes ``extract.pdf._page_pass`` reads
(``page_number``, ``width``, ``height``, ``images``, ``chars``, ``edges``; see
``plan/INTERFACES.md``): one "char" per recognised word, with ``ocr_conf``, and one edge per
ruling line, in points of the levelled page.  So the same table finder serves scans and text
PDFs.  :func:`mark_confidence` then gives every cell and text block on an OCR'd page its
mean word confidence.
"""
from __future__ import annotations

import os
import re
import statistics
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from extract.errors import NeedsOCRError
from extract.model import Document
from extract.ocr_image import MAX_SKEW, erase, ink_mask, rotate, ruling, skew_angle, turn_quarters
from extract.ocr_numbering import renumber
from extract.ocr_words import (OcrWord, digits_as_letters, drop_specks, measure_tails, number_dots,
                               range_dashes, restore_capitals, undouble)

DPI = 200  # rendering resolution for recognition
LANG = "rus"
MIN_RULE_POINTS = 20.0  # a ruling line is at least this long (points)
OSD_MIN_CONFIDENCE = 2.0  # Tesseract's orientation confidence needed to turn a page
WEAK_WORDS = 20  # a reading with fewer words …
WEAK_CONFIDENCE = 70.0  # … or a lower mean confidence tries the other orientations
CELL_INSET = 3  # pixels kept off a cell's lines when it is read on its own
CELL_MIN_INK = 12  # ink pixels that make an empty cell worth reading again
REREAD_CONFIDENCE = 80.0  # a ruled cell whose words' mean confidence is lower is read again
BLOB_JOIN = (15, 5)  # ink closer than this (pixels, across × down) is read as one blob
BLOB_MIN_HEIGHT = 8  # pixels: lower ink is a dot or a speck
BLOB_MIN_CONFIDENCE = 60.0  # a word read from uncovered ink is kept from this confidence on
CELL_PAD = 10  # pixels of paper framed around a cell read on its own
DIGITS = "0123456789."  # what a row number is written with
# how a row number's cell is read again: (binarised?, times enlarged).  Measured on the twins'
# misread numbers: Otsu-binarised ×2 reads «11», «3.», «23.» (grey ×1–×4 reads «23.» as «28»);
# grey ×3 is the second opinion.
DIGIT_READINGS = ((True, 2), (False, 3))
BAD_TEXT_SHARE = 0.5  # a text layer with this share of unusable characters is no text layer
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")
PACKAGES = "tesseract-ocr tesseract-ocr-rus tesseract-ocr-osd"


class OcrUnavailableError(RuntimeError):
    """Tesseract, its Russian model or tesserocr is missing."""


# --------------------------------------------------------------------------- deciding

def _unreadable_char(ch: str) -> bool:
    """A replacement character, private use, or a control code (PDFium gives a font without a
    Unicode map as its raw glyph codes, pdfminer as ``(cid:N)``)."""
    code = ord(ch)
    return (ch == "\ufffd" or 0xE000 <= code <= 0xF8FF or code >= 0xF0000
            or (code < 0x20 and ch not in "\t\n\r") or 0x7F <= code <= 0x9F)


def _unusable(text: str) -> bool:
    """A character a reader cannot use: an unmapped glyph id, private-use or a replacement."""
    if text.startswith("(cid:"):
        return True
    return any(map(_unreadable_char, text))


def text_layer_unusable(chars: list[dict[str, Any]]) -> bool:
    """No visible character, or mostly characters nobody can read."""
    return texts_unusable([c["text"] for c in chars])


_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def texts_unusable(texts: list[str]) -> bool:
    """:func:`text_layer_unusable` on the characters' texts (a page whose texts hold no
    unreadable character at all is settled by one search)."""
    visible = [t for t in texts if t.strip()]
    if not visible:
        return True
    joined = "".join(visible)
    if "(cid:" not in joined and not _UNREADABLE.search(joined):
        return False
    return sum(map(_unusable, visible)) >= BAD_TEXT_SHARE * len(visible)


# --------------------------------------------------------------------------- engine

def tessdata_dir() -> str:
    """The folder holding ``rus.traineddata`` (``TESSDATA_PREFIX`` first)."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_DIRS]
    for folder in candidates:
        if folder and (Path(folder) / f"{LANG}.traineddata").exists():
            return str(Path(folder))
    raise OcrUnavailableError(f"Tesseract's Russian model ({LANG}.traineddata) is not installed: "
                              f"apt-get install {PACKAGES}")


@dataclass(slots=True)
class _Engines:
    """One Tesseract instance for words and one for orientation, per process (thread-local)."""

    words: Any
    osd: Any | None


_LOCAL = threading.local()


def _engines() -> _Engines:
    """This thread's Tesseract instances, made on first use."""
    engines = getattr(_LOCAL, "engines", None)
    if engines is None:
        try:
            from tesserocr import OEM, PSM, PyTessBaseAPI
        except ImportError as exc:  # pragma: no cover - the dependency is pinned
            raise OcrUnavailableError(f"tesserocr is not installed ({exc})") from exc
        path = tessdata_dir()
        words = PyTessBaseAPI(path=path, lang=LANG, psm=PSM.AUTO, oem=OEM.LSTM_ONLY)
        words.SetVariable("tessedit_do_invert", "0")  # no search for white-on-black text: ~30 % faster
        osd = None
        if (Path(path) / "osd.traineddata").exists():
            osd = PyTessBaseAPI(path=path, lang="osd", psm=PSM.OSD_ONLY)
        engines = _LOCAL.engines = _Engines(words, osd)
    return engines


def orientation(gray: np.ndarray) -> int:
    """Clockwise quarter turns that bring the page's text upright (0 when OSD is unsure)."""
    from PIL import Image

    osd = _engines().osd
    if osd is None:
        return 0
    osd.SetImage(Image.fromarray(gray))
    try:
        found = osd.DetectOrientationScript()
    except RuntimeError:
        return 0
    if not found or found.get("orient_conf", 0) < OSD_MIN_CONFIDENCE:
        return 0
    return -(found["orient_deg"] // 90) % 4  # OSD gives how far the page is turned clockwise


def _words(api: Any, line_base: int) -> list[OcrWord]:
    """The words of the last recognition, text lines numbered from ``line_base``."""
    from tesserocr import RIL, iterate_level

    words: list[OcrWord] = []
    line = line_base - 1
    for item in iterate_level(api.GetIterator(), RIL.WORD):
        if item.IsAtBeginningOf(RIL.TEXTLINE):
            line += 1
        try:
            text = (item.GetUTF8Text(RIL.WORD) or "").strip()
        except RuntimeError:  # "No text returned": an empty word
            continue
        box = item.BoundingBox(RIL.WORD)
        if not text or box is None:
            continue
        line_box = item.BoundingBox(RIL.TEXTLINE) or box
        base = item.Baseline(RIL.WORD)
        baseline = round((base[0][1] + base[1][1]) / 2) if base else None
        words.append(OcrWord(text, box[0], box[2], box[1], box[3], line_box[1], line_box[3],
                             float(item.Confidence(RIL.WORD)), max(line, line_base), baseline))
    return words


def recognise(gray: np.ndarray, dpi: int) -> list[OcrWord]:
    """Tesseract's words on a levelled, ruling-free page image."""
    from PIL import Image
    from tesserocr import PSM

    api = _engines().words
    api.SetPageSegMode(PSM.SINGLE_BLOCK)  # measured: the automatic layout drops lone row numbers
    api.SetImage(Image.fromarray(gray))
    api.SetSourceResolution(dpi)
    api.Recognize()
    words = _words(api, 0)
    api.Clear()
    return words


def _crop(gray: np.ndarray, box: tuple[int, int, int, int], enlarge: int = 1) -> np.ndarray:
    """The box (pixels ``x0, top, x1, bottom``) cut out, enlarged and framed with paper."""
    x0, top, x1, bottom = box
    crop = gray[top:bottom, x0:x1]
    if enlarge > 1:
        crop = cv2.resize(crop, None, fx=enlarge, fy=enlarge, interpolation=cv2.INTER_CUBIC)
    pad = CELL_PAD * enlarge
    return cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)


def recognise_cells(gray: np.ndarray, dpi: int, boxes: list[tuple[int, int, int, int]],
                    line_base: int, one_line_too: bool = False) -> list[list[OcrWord]]:
    """Each box (pixels ``x0, top, x1, bottom``) read on its own as one block of text: cut
    out and framed with paper (Tesseract reads a lone short word far better so), the word
    boxes mapped back; one list of words per box.  With ``one_line_too`` a box the block
    reading finds nothing in is read again as one line (the block layout drops a lone dash
    that fills a ruled cell alone; not for loose ink, where a line reading invents letters)."""
    from PIL import Image
    from tesserocr import PSM

    api = _engines().words
    out: list[list[OcrWord]] = []
    pad = CELL_PAD
    line = line_base
    for x0, top, x1, bottom in boxes:
        api.SetImage(Image.fromarray(_crop(gray, (x0, top, x1, bottom))))
        api.SetSourceResolution(dpi)
        found: list[OcrWord] = []
        for mode in (PSM.SINGLE_BLOCK, PSM.SINGLE_LINE) if one_line_too else (PSM.SINGLE_BLOCK,):
            api.SetPageSegMode(mode)
            api.Recognize()
            found = _words(api, line)
            if found:
                break

        def back(v: float, origin: int) -> int:
            return round(v - pad + origin)

        words = [OcrWord(w.text, back(w.x0, x0), back(w.x1, x0), back(w.top, top), back(w.bottom, top),
                         back(w.line_top, top), back(w.line_bottom, top), w.conf, w.line,
                         None if w.baseline is None else back(w.baseline, top))
                 for w in found]
        line = (words[-1].line + 1) if words else line
        out.append(words)
    api.SetPageSegMode(PSM.SINGLE_BLOCK)
    api.Clear()
    return out


def read_digit_lines(gray: np.ndarray, dpi: int, boxes: list[tuple[int, int, int, int]]) -> list[list[tuple[str, float]]]:
    """Each box read on its own as one line of digits and dots, in each of the
    ``DIGIT_READINGS`` (a row number is a few small glyphs, and no one preparation of the
    crop reads every such number); per box, the text and mean confidence of each reading."""
    from PIL import Image
    from tesserocr import PSM

    api = _engines().words
    api.SetPageSegMode(PSM.SINGLE_LINE)
    api.SetVariable("tessedit_char_whitelist", DIGITS)
    out = []
    try:
        for box in boxes:
            cut = gray[box[1]:box[3], box[0]:box[2]]
            readings = []
            for binary, enlarge in DIGIT_READINGS:
                crop = cv2.threshold(cut, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1] if binary else cut
                api.SetImage(Image.fromarray(_crop(crop, (0, 0, crop.shape[1], crop.shape[0]), enlarge)))
                api.SetSourceResolution(dpi * enlarge)
                text = "".join(api.GetUTF8Text().split())
                readings.append((text, float(api.MeanTextConf()) if text else 0.0))
            out.append(readings)
    finally:
        api.SetVariable("tessedit_char_whitelist", "")
        api.SetPageSegMode(PSM.SINGLE_BLOCK)
        api.Clear()
    return out


# --------------------------------------------------------------------------- the page source

_MATRIX = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(slots=True)
class OcrPage:
    """A scanned page as the PDF table finder reads a page (points, top-down, upright)."""

    page_number: int
    width: float
    height: float
    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    images: list[Any] = field(default_factory=lambda: [True])
    turned: int = 0  # clockwise quarter turns applied to make it upright
    skew: float = 0.0  # degrees the page was levelled by
    words: list[dict[str, Any]] = field(default_factory=list)  # the word "chars" (blanks left out)

    @property
    def confidence(self) -> float | None:
        """Mean word confidence on the page (0–100), None without words."""
        return statistics.fmean(w["ocr_conf"] for w in self.words) if self.words else None


def _word_chars(words: list[OcrWord], scale: float) -> list[dict[str, Any]]:
    """pdfplumber-style chars: one per word (``ocr_conf`` kept), a blank between words of a line.

    A word takes its line's top and bottom, so the words of a line share a middle and a size.
    """
    chars: list[dict[str, Any]] = []
    previous: OcrWord | None = None
    for word in words:
        top, bottom = word.line_top * scale, word.line_bottom * scale
        if previous is not None and previous.line == word.line and previous.x1 <= word.x0:
            chars.append(_char(" ", previous.x1 * scale, word.x0 * scale, top, bottom, None))
        chars.append(_char(word.text, word.x0 * scale, word.x1 * scale, top, bottom, word.conf, word.note))
        previous = word
    return chars


def _char(text: str, x0: float, x1: float, top: float, bottom: float, conf: float | None,
          note: str = "") -> dict[str, Any]:
    """One pdfplumber-style char dict (``ocr_note``: what a clean-up rule changed)."""
    size = bottom - top
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size,
            "fontname": "OCR", "upright": True, "matrix": _MATRIX, "ocr_conf": conf, "ocr_note": note,
            "width": x1 - x0, "height": size, "doctop": top}


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    """One pdfplumber-style edge dict."""
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation, "object_type": "edge"}


Box = tuple[int, int, int, int]  # pixels: x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class RuledCell:
    """A ruled table's cell on the levelled image: grid place and its inside (pixels)."""

    table: int
    row: int
    col: int
    col_span: int
    box: Box


def ruled_cells(edges: list[dict[str, Any]], scale: float) -> list[RuledCell]:
    """The cells of the ruled tables the ruling draws, each kept ``CELL_INSET`` off its lines."""
    from extract.pdf_settings import PdfSettings
    from extract.pdf_tables import find_ruled_tables

    found = []
    for n, table in enumerate(find_ruled_tables(edges, PdfSettings())):
        for cell in table.cells:
            x0, top, x1, bottom = (round(v / scale) for v in cell.bbox)
            box = (x0 + CELL_INSET, top + CELL_INSET, x1 - CELL_INSET, bottom - CELL_INSET)
            if box[2] - box[0] >= 4 and box[3] - box[1] >= 4:
                found.append(RuledCell(n, cell.row, cell.col, cell.col_span, box))
    return found


def _inside(words: list[OcrWord], box: Box) -> list[int]:
    """Indices of the words centred in ``box``."""
    x0, top, x1, bottom = box
    return [i for i, w in enumerate(words) if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]


def _ink_box(mask: np.ndarray, box: Box) -> Box | None:
    """The box of the ink inside ``box`` (Tesseract reads a tight crop best), None with too little."""
    x0, top, x1, bottom = box
    ys, xs = np.nonzero(mask[top:bottom, x0:x1])
    if len(ys) < CELL_MIN_INK:
        return None
    return x0 + int(xs.min()), top + int(ys.min()), x0 + int(xs.max()) + 1, top + int(ys.max()) + 1


def _cells_to_reread(mask: np.ndarray, cells: list[RuledCell], words: list[OcrWord]) -> list[tuple[Box, list[int]]]:
    """Ruled cells the page reading served badly: ink but no word, or words of a low mean
    confidence.  Each as the box of its ink (pixels) and the indices of the words in it.

    Tesseract's page reading drops or garbles short isolated text (a row number, a lone
    dash); such a cell is read again on its own.
    """
    found = []
    for cell in cells:
        inside = _inside(words, cell.box)
        if inside and statistics.fmean(words[i].conf for i in inside) >= REREAD_CONFIDENCE:
            continue
        ink = _ink_box(mask, cell.box)
        if ink is not None:
            found.append((ink, inside))
    return found


def _first_columns(mask: np.ndarray, cells: list[RuledCell], words: list[OcrWord]) -> list[list[tuple[Box, list[int]]]]:
    """Per ruled table, its first column's cells top to bottom: ink box and words inside."""
    columns: dict[int, list[RuledCell]] = {}
    for cell in cells:
        if cell.col == 0 and cell.col_span == 1:
            columns.setdefault(cell.table, []).append(cell)
    return [[(_ink_box(mask, c.box) or c.box, _inside(words, c.box)) for c in sorted(column, key=lambda c: c.row)]
            for column in columns.values()]


def _uncovered_ink(gray: np.ndarray, words: list[OcrWord]) -> list[tuple[int, int, int, int]]:
    """Boxes (pixels) of ink that no recognised word covers, big enough to be a character.

    Tesseract's page reading drops short isolated text — the row numbers of a borderless
    table, a lone dash — which the table finder needs; each such blob is read again.
    """
    mask = ink_mask(gray)
    for w in words:
        mask[max(0, w.top - 2):w.bottom + 3, max(0, w.x0 - 2):w.x1 + 3] = 0
    grouped = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, BLOB_JOIN))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(grouped, connectivity=8)
    height, width = gray.shape
    boxes = []
    for i in range(1, count):
        x, y, w, h, _area = stats[i]
        if h < BLOB_MIN_HEIGHT or h > height // 8 or w > width // 2:
            continue
        ink = np.count_nonzero(mask[y:y + h, x:x + w])
        if ink >= CELL_MIN_INK:
            boxes.append((int(x), int(y), int(x + w), int(y + h)))
    return boxes


def _add_uncovered(gray: np.ndarray, dpi: int, words: list[OcrWord]) -> list[OcrWord]:
    """``words`` plus the sure words read from ink no word covers."""
    boxes = _uncovered_ink(gray, words)
    if not boxes:
        return words
    line = (words[-1].line + 1) if words else 0
    found = [w for again in recognise_cells(gray, dpi, boxes, line) for w in again
             if w.conf >= BLOB_MIN_CONFIDENCE]
    return words + found


def _reread_cells(gray: np.ndarray, dpi: int, words: list[OcrWord], cells: list[RuledCell]) -> list[OcrWord]:
    """``words`` with the badly served cells read again; a cell keeps the surer reading."""
    found = _cells_to_reread(ink_mask(gray), cells, words)
    if not found:
        return words
    dropped: set[int] = set()
    added: list[OcrWord] = []
    line = (words[-1].line + 1) if words else 0
    for (box, inside), again in zip(found, recognise_cells(gray, dpi, [box for box, _ in found], line, True)):
        before = statistics.fmean(words[i].conf for i in inside) if inside else -1.0
        if again and statistics.fmean(w.conf for w in again) > before:
            dropped.update(inside)
            added.extend(again)
    return [w for i, w in enumerate(words) if i not in dropped] + added


def _read_level(gray: np.ndarray, page_number: int, dpi: int, quarters: int) -> OcrPage:
    """Level, find the ruling, erase it and recognise the words of an upright image."""
    skew = skew_angle(gray, MAX_SKEW)
    gray = rotate(gray, skew)
    scale = 72.0 / dpi
    segments, lines = ruling(gray, max(10, round(MIN_RULE_POINTS / scale)))
    clean = cv2.medianBlur(erase(gray, lines), 3)  # speckles off for Tesseract
    edges = [_edge(s.orientation, s.x0 * scale, s.top * scale, s.x1 * scale, s.bottom * scale) for s in segments]
    cells = ruled_cells(edges, scale)
    words = _reread_cells(clean, dpi, recognise(clean, dpi), cells)
    words = number_dots(drop_specks(_add_uncovered(clean, dpi, words)))
    mask = ink_mask(clean)
    words = renumber(words, _first_columns(mask, cells, words), lambda boxes: read_digit_lines(clean, dpi, boxes))
    words = undouble(digits_as_letters(restore_capitals(measure_tails(words, mask))))
    words = range_dashes(words)
    chars = _word_chars(words, scale)
    height, width = gray.shape
    return OcrPage(page_number, width * scale, height * scale, chars, edges, turned=quarters, skew=skew,
                   words=[c for c in chars if c["ocr_conf"] is not None])


def _weak(page: OcrPage) -> bool:
    """Few words or a low mean confidence: perhaps the page lies on its side."""
    return len(page.words) < WEAK_WORDS or (page.confidence or 0.0) < WEAK_CONFIDENCE


def _sure_letters(page: OcrPage) -> int:
    """Letters and digits in the words read with a good confidence (garbage read from a page on
    its side is many short unsure words)."""
    return sum(sum(ch.isalnum() for ch in w["text"]) for w in page.words if w["ocr_conf"] >= WEAK_CONFIDENCE)


def ocr_image(gray: np.ndarray, page_number: int, dpi: int) -> OcrPage:
    """Read one rendered page image (grey, ``dpi``) into an :class:`OcrPage`.

    Orientation detection costs about a second, so it runs only when the upright reading
    is weak; the better of the two readings is kept.
    """
    page = _read_level(gray, page_number, dpi, 0)
    if _weak(page):
        quarters = orientation(gray)
        if quarters:
            turned = _read_level(turn_quarters(gray, quarters), page_number, dpi, quarters)
            if _sure_letters(turned) > _sure_letters(page):
                page = turned
    return page


def render_gray(pdf: Any, index: int, dpi: int = DPI) -> np.ndarray:
    """Page ``index`` of a pypdfium2 document rendered grey at ``dpi``."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        return np.array(bitmap.to_numpy()).reshape(bitmap.height, bitmap.width)
    finally:
        page.close()


class OcrReader:
    """Per-page choice between a PDF page's own text layer and OCR, for one file."""

    def __init__(self, data: bytes, source: str, dpi: int = DPI):
        self.data = data
        self.source = source
        self.dpi = dpi
        self.pages: dict[int, OcrPage] = {}  # page number → OCR result
        self._pdf: Any = None

    def page_source(self, page: Any) -> Any:
        """``page`` itself when its text layer is usable, else its OCR reading."""
        texts = getattr(page, "texts", None)  # PDFium's pages give them without character dicts
        if not (text_layer_unusable(page.chars) if texts is None else texts_unusable(texts)):
            return page
        try:
            tessdata_dir()
        except OcrUnavailableError as exc:
            raise NeedsOCRError(self.source, f"page {page.page_number} needs OCR: {exc}") from exc
        if self._pdf is None:
            import pypdfium2 as pdfium

            self._pdf = pdfium.PdfDocument(self.data)
        ocr_page = ocr_image(render_gray(self._pdf, page.page_number - 1, self.dpi), page.page_number, self.dpi)
        self.pages[page.page_number] = ocr_page
        return ocr_page

    def close(self) -> None:
        """Release the PDFium document."""
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


# --------------------------------------------------------------------------- confidence

def _centred_in(words: list[dict[str, Any]], bbox: tuple[float, float, float, float] | None) -> list[dict[str, Any]]:
    """The word chars centred in ``bbox``."""
    if bbox is None:
        return []
    x0, top, x1, bottom = bbox
    return [w for w in words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]


def _mean_in(words: list[dict[str, Any]], bbox: tuple[float, float, float, float] | None) -> float | None:
    """Mean confidence of the words centred in ``bbox``."""
    confs = [w["ocr_conf"] for w in _centred_in(words, bbox)]
    return round(statistics.fmean(confs), 1) if confs else None


def _notes_in(words: list[dict[str, Any]], bbox: tuple[float, float, float, float] | None) -> tuple[str, ...]:
    """The clean-up notes of the words centred in ``bbox`` (``code: message`` each)."""
    return tuple(note for w in _centred_in(words, bbox) for note in w.get("ocr_note", "").split("; ") if note)


def mark_confidence(doc: Document, pages: dict[int, OcrPage]) -> Document:
    """Give cells and blocks on OCR'd pages their mean word confidence; count the pages."""
    if not pages:
        return doc
    for table in doc.tables:
        table.cells = [replace(c, ocr_confidence=_mean_in(pages[c.page].words, c.bbox),
                               ocr_notes=_notes_in(pages[c.page].words, c.bbox))
                       if c.page in pages and c.text else c for c in table.cells]
    doc.blocks = [replace(b, ocr_confidence=_mean_in(pages[b.page].words, b.bbox)) if b.page in pages else b
                  for b in doc.blocks]
    doc.ocr_pages = sorted(pages)
    confs = [p.confidence for p in pages.values() if p.confidence is not None]
    doc.ocr_confidence = round(statistics.fmean(confs), 1) if confs else None
    for number in sorted(pages):
        page = pages[number]
        turn = f", turned {90 * page.turned}°" if page.turned else ""
        doc.warnings.append(f"page {number}: read by OCR (levelled {page.skew:+.2f}°{turn})")
    return doc
