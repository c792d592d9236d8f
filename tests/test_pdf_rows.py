"""PDFium's character rows read without dicts give what the dict path gives.

The table finder reads a PDFium page's characters as tuples (:func:`extract.pdf._reading_input`):
same reading quarter, same "has text", same de-duplicated reading-frame characters as
``text_quarter``/``_dedupe``/``reading_tuples`` over the page's character dicts; the OCR
decision on the texts alone is the one on the dicts.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extract.ocr import _unusable, BAD_TEXT_SHARE, text_layer_unusable, texts_unusable
from extract.pdf import _dedupe, _reading_input
from extract.pdf_geometry import reading_tuples, text_quarter
from extract.pdfium_source import read_page

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "samples" / "000_24337ae1fe6dfe42.pdf",
         *sorted((ROOT / "samples" / "matrix" / "rotate90").glob("00[01]*.pdf")),
         *sorted((ROOT / "samples" / "matrix" / "combo_rotated_merged").glob("00[01]*.pdf")),
         *sorted((ROOT / "samples" / "matrix" / "hyphenation").glob("00[01]*.pdf")),
         *sorted((ROOT / "samples" / "matrix" / "landscape").glob("000*.pdf"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rows_read_as_the_dicts(path: Path) -> None:
    pdf = pdfium.PdfDocument(str(path))
    quarters = set()
    try:
        for index in range(len(pdf)):
            page = read_page(pdf, index)
            chars = page.chars
            quarter = text_quarter(chars)
            expected = (quarter, any(c["text"].strip() for c in chars),
                        reading_tuples(_dedupe(chars), quarter, page.width, page.height))
            assert _reading_input(page, page.width, page.height) == expected
            assert page.texts == [c["text"] for c in chars]
            assert texts_unusable(page.texts) == text_layer_unusable(chars)
            quarters.add(quarter)
    finally:
        pdf.close()
    assert quarters


def test_texts_unusable_settles_as_the_count() -> None:
    cases = [[], [" ", "\n"], ["(cid:12)"] * 8 + ["1"] * 2, ["\ue012"] * 5 + ["а"] * 3, ["\ufffd"] * 5,
             ["П", "р", "и"], ["(cid:3)"] + ["а"] * 9, ["\x07", "а"], ["\x85"] * 3 + ["б"], ["\U000f0001", "в"],
             ["\t", "г"], ["\x1f", "д", "е"]]
    for texts in cases:
        visible = [t for t in texts if t.strip()]
        counted = not visible or sum(map(_unusable, visible)) >= BAD_TEXT_SHARE * len(visible)
        assert texts_unusable(texts) == counted, texts


def test_repeated_characters_and_half_tenths_as_the_dicts() -> None:
    """Fake bold (a character printed twice at one spot to a tenth of a point), coordinates
    on a half tenth, and different letters at one spot: the array keys keep what the dict
    path keeps, in its order."""
    from extract.pdfium_source import PdfiumPage, _Run

    upright = _Run((1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 10.0, "F", -2.0, True, 0)
    turned = _Run((0.0, 1.0, -1.0, 0.0, 0.0, 0.0), 10.0, "F", -2.0, False, 3)
    rows = [("А", 10.01, 20.0, 16.0, 30.0, 10.0, upright, False),
            ("А", 10.04, 20.0, 16.0, 30.0, 10.0, upright, False),  # the same tenth: dropped
            ("Б", 10.04, 20.0, 16.0, 30.0, 10.0, upright, False),  # another letter: kept
            ("В", 10.05, 20.0, 16.0, 30.0, 10.0, upright, False),  # a half tenth: round() decides
            ("В", 10.1, 20.0, 16.0, 30.0, 10.0, upright, False),
            (" ", 16.0, 20.0, 18.0, 30.0, 10.0, upright, True),
            ("Г", 0.15, 20.25, 6.0, 30.0, 10.0, turned, False),
            ("Г", 0.15, 20.25, 6.0, 30.0, 10.0, turned, False),
            ("А", 10.01, 40.0, 16.0, 50.0, 10.0, upright, False)]  # another line: kept
    page = PdfiumPage(1, 600.0, 800.0, 0, rows, [], [])
    chars = page.chars
    quarter = text_quarter(chars)
    expected = (quarter, True, reading_tuples(_dedupe(chars), quarter, page.width, page.height))
    got = _reading_input(page, page.width, page.height)
    assert got == expected
    assert len(got[2]) == len(rows) - 2 - (round(10.05, 1) == round(10.1, 1))
