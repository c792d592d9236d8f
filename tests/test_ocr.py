"""OCR of scanned pages: the decision per page, image steps, the page source, the twins."""
from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from extract.model import Cell, Table
from extract.ocr import _unusable, ocr_image, render_gray, tessdata_dir, text_layer_unusable
from extract.ocr_numbering import FIXED_NOTE, UNSURE_NOTE, fits, follows, numbering_cells, parse, renumber
from extract.ocr_words import (
    CAPITALS_NOTE,
    LETTERS_NOTE,
    OcrWord,
    digits_as_letters,
    drop_specks,
    number_dots,
    range_dashes,
    restore_capitals,
    undouble,
)
from extract.ocr_image import ruling, skew_angle, turn_quarters
from extract.pdf import read_pdf
from normalize.ocr_flags import LOW_CONFIDENCE, low_confidence_issues

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _has_tesseract() -> bool:
    try:
        tessdata_dir()
    except RuntimeError:
        return False
    return True


needs_tesseract = pytest.mark.skipif(not _has_tesseract(),
                                     reason="apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-osd")


def char(text: str) -> dict:
    return {"text": text}


# --------------------------------------------------------------------------- deciding per page

def test_text_layer_unusable():
    assert text_layer_unusable([])
    assert text_layer_unusable([char(" "), char("\n")])
    assert text_layer_unusable([char("(cid:12)")] * 8 + [char("1")] * 2)
    assert text_layer_unusable([char("\ue012")] * 5 + [char("а")] * 3)
    assert text_layer_unusable([char("\ufffd")] * 5)
    assert not text_layer_unusable([char("П"), char("р"), char("и")])
    assert not text_layer_unusable([char("(cid:3)")] + [char("а")] * 9)  # a stray unmapped glyph


# --------------------------------------------------------------------------- image steps

def _text_image(angle: float) -> np.ndarray:
    """A page of dark text bars turned by ``angle`` degrees (OpenCV's sense)."""
    img = np.full((1100, 850), 255, np.uint8)
    for y in range(100, 1000, 28):
        for x in range(80, 760, 90):
            cv2.rectangle(img, (x, y), (x + 70, y + 12), 0, -1)
    matrix = cv2.getRotationMatrix2D((425, 550), angle, 1.0)
    return cv2.warpAffine(img, matrix, (850, 1100), borderValue=255)


@pytest.mark.parametrize("angle", [-2.4, -1.0, 0.0, 1.3, 2.8])
def test_skew_angle_levels_the_lines(angle):
    assert skew_angle(_text_image(angle)) == pytest.approx(-angle, abs=0.1)


def test_ruling_finds_the_grid_and_ignores_text():
    img = np.full((600, 800), 255, np.uint8)
    for y in (100, 200, 300, 400):
        cv2.line(img, (50, y), (750, y), 0, 2)
    for x in (50, 300, 750):
        cv2.line(img, (x, 100), (x, 400), 0, 2)
    cv2.putText(img, "Text 12 34", (60, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    img[np.random.default_rng(1).random(img.shape) < 0.002] = 255  # specks breaking the lines
    segments, mask = ruling(img, 60)
    horizontal = sorted(round(s.top) for s in segments if s.orientation == "h")
    vertical = sorted(round(s.x0) for s in segments if s.orientation == "v")
    assert horizontal == pytest.approx([100, 200, 300, 400], abs=2)
    assert vertical == pytest.approx([50, 300, 750], abs=2)
    assert all(s.x1 - s.x0 > 650 for s in segments if s.orientation == "h")
    assert mask[160, 60:200].sum() == 0  # the text is no line


def test_turn_quarters_turns_clockwise():
    img = np.zeros((2, 3), np.uint8)
    img[0, 2] = 1  # top right
    assert turn_quarters(img, 1)[2, 1] == 1  # bottom right after a clockwise turn


# --------------------------------------------------------------------------- word clean-up

def word(text: str, x0: int, conf: float = 90.0, line: int = 0) -> OcrWord:
    return OcrWord(text, x0, x0 + 10, 0, 10, 0, 10, conf, line)


def test_range_dashes_and_specks():
    words = [word("11.02.2022", 0), word("—", 20), word("14.02.2022", 30), word("Центр", 50, line=1),
             word("—", 60, line=1), word("1", 70, line=1)]
    assert [w.text for w in range_dashes(words)] == ["11.02.2022", "–", "14.02.2022", "Центр", "—", "1"]
    noisy = [word("‚", 0, conf=20), word("_", 5, conf=30), word("-", 9, conf=95), word("а", 20, conf=10)]
    assert [w.text for w in drop_specks(noisy)] == ["-", "а"]


def test_number_dots_at_line_start_only():
    words = [word("9:", 0), word("Участие", 20), word("в", 40), word("12:", 60), word("12;", 0, line=1),
             word("9:00", 0, line=2)]
    assert [w.text for w in number_dots(words)] == ["9.", "Участие", "в", "12:", "12.", "9:00"]


def test_restore_capitals_by_height_above_the_baseline():
    def at(text: str, rise: int) -> OcrWord:
        return OcrWord(text, 0, 10, 100 - rise, 100, 80, 104, 90.0, 0, baseline=100)

    words = [at("МАУ", 14), at("ТОИПКРО", 14), at("ОО", 14), at("сон", 10), at("вам", 10), at("нас", 10),
             at("до", 14), at("до", 10), at("в", 14)]
    assert [w.text for w in restore_capitals(words)] == ["МАУ", "ТОИПКРО", "ОО", "сон", "вам", "нас", "ДО", "до", "в"]


def test_restore_capitals_of_a_title_case_abbreviation_by_its_last_letter():
    def at(text: str, rise: int, tail: int | None = None) -> OcrWord:
        return OcrWord(text, 0, 10, 100 - rise, 100, 80, 104, 90.0, 0, baseline=100,
                       tail_top=None if tail is None else 100 - tail)

    page = [at("МАУ", 14), at("ТОИПКРО", 14), at("Организация", 14), at("сон", 10), at("вам", 10), at("нас", 10)]
    words = restore_capitals(page + [at("До", 14, tail=14), at("До", 14, tail=10), at("До", 14)])
    assert [w.text for w in words[-3:]] == ["ДО", "До", "До"]
    assert words[-3].note.startswith(f"{CAPITALS_NOTE}: OCR read «До»") and words[-3].conf == 90.0
    assert restore_capitals([at("педагогических", 14)] + page)[0].text == "педагогических"  # no abbreviation


def test_digits_as_letters_by_context():
    def at(text: str, x0: int, line: int) -> OcrWord:
        return OcrWord(text, x0, x0 + 10, 0, 10, 0, 10, 90.0, line)

    words = [at("МОУО", 0, 0), at("00", 0, 1), at("кураторы", 0, 2), at("00,", 15, 2), at("1", 0, 3),
             at("000", 15, 3), at("МА0У", 0, 4), at("3ОО", 0, 5), at("2022", 0, 6), at("00", 200, 6),
             at("9:00", 0, 7), at("0", 0, 8)]
    out = digits_as_letters(words)
    assert [w.text for w in out] == ["МОУО", "ОО", "кураторы", "ОО,", "1", "000", "МАОУ", "3ОО", "2022", "ОО",
                                     "9:00", "0"]
    assert out[1].note.startswith(f"{LETTERS_NOTE}: OCR read «00»") and out[1].conf == 90.0
    assert out[0].note == "" and out[5].note == ""


def test_undouble_one_letter_words():
    words = [word(t, 10 * i) for i, t in enumerate(["ии", "вВ", "вв.", "ВВ", "оо", "кк", "Проект", "в"])]
    out = undouble(words)
    assert [w.text for w in out] == ["и", "в", "вв.", "ВВ", "оо", "к", "Проект", "в"]
    assert out[0].note.startswith("ocr_doubled_letter: OCR read «ии»") and out[6].note == ""


def test_numbering_sequence():
    assert parse("12.") == (12,) and parse("2.3") == (2, 3) and parse("В.") is None and parse("") is None
    assert follows((3,), (4,)) and follows((3,), (3, 1)) and follows((3, 2), (4,)) and not follows((3,), (5,))
    assert fits((11,), (10,), None) and fits((3,), None, (4,)) and not fits((28,), (22,), (24,))
    assert numbering_cells(["№ п/п", "1", "", "10", "и", "12"]) and not numbering_cells(["Этап", "1", "Срок", "Итог"])


def _cell_word(text: str, row: int, conf: float = 90.0) -> OcrWord:
    return OcrWord(text, 0, 10, 100 * row, 100 * row + 10, 100 * row, 100 * row + 12, conf, row)


def test_renumber_rereads_a_cell_that_breaks_the_numbering():
    texts = ["№п/п", "1", "", "10", "и", "12", "В.", "28", "14"]
    words = [_cell_word(t, r, 60.0 if r == 4 else 90.0) for r, t in enumerate(texts) if t]
    column = [((0, 100 * r, 10, 100 * r + 10), [i for i, w in enumerate(words) if w.line == r]) for r in range(len(texts))]
    again = {400: [("11", 86.0)], 600: [("8.", 40.0), ("13.", 80.0)], 700: [("28", 90.0)], 0: [("1", 70.0)]}
    asked: list[int] = []

    def read(boxes):
        asked.extend(b[1] for b in boxes)
        return [again.get(b[1], [("", 0.0)]) for b in boxes]

    out = renumber(words, [column], read)
    by_row = {w.top // 100: w for w in out}
    assert [by_row[r].text for r in (1, 3, 4, 5, 6, 7, 8)] == ["1", "10", "11", "12", "13.", "28", "14"]
    assert by_row[4].note.startswith(f"{FIXED_NOTE}: OCR read «и», read again as «11»")
    assert by_row[4].conf == 60.0  # the page reading's confidence stays
    assert by_row[6].note.startswith(f"{FIXED_NOTE}: OCR read «В.», read again as «13.»")
    assert by_row[7].note == ""  # a number read the same again stays, unflagged
    assert by_row[0].text == "№п/п" and by_row[0].note == ""  # the heading is never read as a number
    assert 0 not in asked and 500 not in asked  # a heading and a fitting number are not read again
    unsure = renumber([_cell_word("1", 1), _cell_word("2", 2), _cell_word("и", 3), _cell_word("4", 4)],
                      [[((0, 100 * r, 10, 100 * r + 10), [r - 1]) for r in (1, 2, 3, 4)]],
                      lambda boxes: [[("7", 50.0)] for _ in boxes])
    assert [w.text for w in unsure] == ["1", "2", "и", "4"]  # the raw reading stays, flagged
    assert unsure[2].note.startswith(f"{UNSURE_NOTE}: OCR read «и»") and "«7»" in unsure[2].note


def test_low_confidence_cells_are_flagged():
    table = Table([Cell("1", 0, 0, ocr_confidence=95.0), Cell("Плохо", 0, 1, ocr_confidence=LOW_CONFIDENCE - 20),
                   Cell("без OCR", 0, 2)], 1, 3, 0)
    issues = low_confidence_issues(table, 0)
    assert [i.code for i in issues] == ["ocr_low_confidence"]
    assert "«Плохо»" in issues[0].message
    assert low_confidence_issues(table, 1) == []
    fixed = Table([Cell("11", 0, 0, ocr_confidence=68.0, ocr_notes=(f"{FIXED_NOTE}: OCR read «и», read again as «11»",))],
                  1, 1, 0)
    [issue] = low_confidence_issues(fixed, 0)
    assert issue.code == FIXED_NOTE and "«и»" in issue.message and "68/100" in issue.message


# --------------------------------------------------------------------------- pages read by OCR

def _cells(doc) -> list[str]:
    return [" ".join(c.text.split()) for t in doc.tables for c in t.cells]


def _similar(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, "\n".join(a), "\n".join(b), autojunk=False).ratio()


@pytest.fixture(scope="module")
def no_unicode_map_pdf(tmp_path_factory) -> Path:
    """ruled.pdf with its fonts' /ToUnicode maps blanked out (same length, so the xref holds):
    the text layer reads as raw glyph codes (``(cid:N)`` from pdfminer, control codes from PDFium)."""
    data = (FIXTURES / "ruled.pdf").read_bytes()
    stripped, n = re.subn(rb"/ToUnicode\s+\d+\s+\d+\s+R", lambda m: b" " * len(m.group(0)), data)
    assert n >= 1
    path = tmp_path_factory.mktemp("cid") / "no_unicode_map.pdf"
    path.write_bytes(stripped)
    return path


def test_a_font_without_unicode_map_reads_as_glyph_codes_without_ocr(no_unicode_map_pdf):
    doc = read_pdf(no_unicode_map_pdf, ocr=False)
    words = (" ".join(_cells(doc)) + " " + doc.text()).split()
    assert words and sum(map(_unusable, words)) >= 0.5 * len(words)


@needs_tesseract
def test_a_font_without_unicode_map_is_ocrd(no_unicode_map_pdf):
    doc = read_pdf(no_unicode_map_pdf)
    reference = read_pdf(FIXTURES / "ruled.pdf")
    assert doc.ocr_pages == list(range(1, reference.pages + 1)) and reference.ocr_pages == []
    assert not any(map(_unusable, (" ".join(_cells(doc)) + " " + doc.text()).split()))
    assert [(t.n_rows, t.n_cols) for t in doc.tables] == [(t.n_rows, t.n_cols) for t in reference.tables]
    assert _similar(_cells(doc), _cells(reference)) >= 0.95
    assert all(c.ocr_confidence is not None for t in doc.tables for c in t.cells if c.text)
    assert 0 < doc.ocr_confidence <= 100


@needs_tesseract
def test_decided_per_page_scan_then_text(tmp_path):
    """A scanned first page followed by a text page: only the first is OCR'd."""
    from samples.make_twins import scanned_twin

    scan = tmp_path / "scan.pdf"
    scanned_twin(FIXTURES / "ruled.pdf", scan)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(scan)), [0])
    mixed.import_pages(pdfium.PdfDocument(str(FIXTURES / "ruled.pdf")), [0])
    buffer = io.BytesIO()
    mixed.save(buffer)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(buffer.getvalue())
    doc = read_pdf(path)
    assert doc.ocr_pages == [1]
    first = [" ".join(c.text.split()) for t in doc.tables if t.page == 1 for c in t.cells]
    second = [" ".join(c.text.split()) for t in doc.tables if t.page == 2 for c in t.cells]
    # the same table read twice (0.90 measured: its Latin URLs are read by the Russian model)
    assert _similar(first, second) >= 0.85
    assert all(c.ocr_confidence is None for t in doc.tables if t.page == 2 for c in t.cells)


@needs_tesseract
def test_a_page_on_its_side_is_turned_upright():
    pdf = pdfium.PdfDocument(str(FIXTURES / "ruled.pdf"))
    upright = render_gray(pdf, 0, 200)
    page = ocr_image(turn_quarters(upright, 1), 1, 200)  # scanned lying on its side
    assert page.turned == 3
    assert page.width < page.height  # the portrait page stands again
    reference = ocr_image(upright, 1, 200)
    assert ocr_image(upright, 1, 200).words == reference.words  # the engine's settings never leak between readings
    a = " ".join(c["text"] for c in page.words)
    b = " ".join(c["text"] for c in reference.words)
    assert difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.95


# --------------------------------------------------------------------------- the scanned twins

@pytest.fixture(scope="module")
def scanned_twins(tmp_path_factory) -> Path:
    from samples.make_twins import sample_stems, scanned_twin

    folder = tmp_path_factory.mktemp("scanned")
    for stem in sample_stems():
        scanned_twin(SAMPLES / f"{stem}.pdf", folder / f"{stem}.pdf")
    return folder


def test_scanned_twins_are_rebuilt_byte_for_byte(scanned_twins, tmp_path):
    from samples.make_twins import scanned_twin

    built = min(scanned_twins.glob("*.pdf"), key=lambda p: p.stat().st_size)
    scanned_twin(SAMPLES / built.name, tmp_path / built.name)
    assert (tmp_path / built.name).read_bytes() == built.read_bytes()


# Floors at or a little under the figures benchmarks/ocr_bench.py measured for each twin (the
# issue's targets are recall/item_no/text ≥ 0.97, period_raw ≥ 0.90; every twin meets them):
# a drop fails here.
TWIN_FLOORS = {
    "000": {"recall": 0.97, "item_no": 0.97, "period_raw": 0.95, "text": 0.97},
    "001": {"recall": 0.97, "item_no": 0.97, "period_raw": 0.90, "text": 0.97},
    "002": {"recall": 0.97, "item_no": 0.97, "period_raw": 0.97, "text": 0.97},
    "003": {"recall": 0.97, "item_no": 0.97, "period_raw": 0.90, "text": 0.97},
    "004": {"recall": 0.97, "item_no": 0.97, "period_raw": 0.97, "text": 0.97},
}


@needs_tesseract
@pytest.mark.parametrize("key", sorted(TWIN_FLOORS))
def test_scanned_twin_against_gold(scanned_twins, key):
    from benchmarks.ocr_bench import convert_one, score_scan

    path = next(scanned_twins.glob(f"{key}_*.pdf"))
    rows, document, _, cpu = convert_one(path)
    score = score_scan(path, rows, document)
    floors = TWIN_FLOORS[key]
    assert document["status"] == "ok" and document["ocr_pages"] == document["pages"]
    assert score.recall >= floors["recall"]
    assert score.item_no >= floors["item_no"]
    assert score.period_raw >= floors["period_raw"]
    assert min(score.text.values()) >= floors["text"], score.text
