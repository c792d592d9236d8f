"""The fast word grouping gives exactly pdfplumber's ``extract_words`` words, boxes and order."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfplumber import utils as plumber_utils

from extract.pdf_geometry import reading_chars, text_quarter
from extract.pdf_words import char_tuples, group_words
from extract.pdfium_source import read_page

ROOT = Path(__file__).resolve().parent.parent
FILES = [p for p in sorted((ROOT / "tests" / "fixtures").glob("*.pdf")) if p.name != "encrypted.pdf"] + [
    ROOT / "samples" / "000_24337ae1fe6dfe42.pdf",
    *sorted((ROOT / "samples" / "matrix").glob("*rotat*/*.pdf")),
]


def _plumber(chars, x_tolerance, y_tolerance):
    """pdfplumber's words as the tuples :func:`group_words` returns."""
    words = plumber_utils.extract_words(chars, x_tolerance=x_tolerance, y_tolerance=y_tolerance, return_chars=True)
    return [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], max(c["size"] for c in w["chars"])) for w in words]


def _page_chars(path):
    """Every page's reading-frame characters, as the backend builds them, and the same
    characters left as displayed (sideways text stays "not upright")."""
    pdf = pdfium.PdfDocument(path.read_bytes())
    for index in range(len(pdf)):
        page = read_page(pdf, index)
        yield reading_chars(page.chars, text_quarter(page.chars), page.width, page.height)
        yield reading_chars(page.chars, 0, page.width, page.height)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_words_as_pdfplumber(path):
    for chars in _page_chars(path):
        for x_tol, y_tol in ((1.5, 3.0), (3.0, 1.0)):
            assert [w[:6] for w in group_words(char_tuples(chars), x_tol, y_tol)] == _plumber(chars, x_tol, y_tol)


def test_the_files_hold_words_sideways_included():
    chars = [c for path in FILES for page in _page_chars(path) for c in page]
    assert len(group_words(char_tuples(chars), 1.5, 3.0)) > 1000
    assert any(not c["upright"] for c in chars)


def test_blank_and_empty_and_sideways_characters():
    def char(text, x0, top, upright=True, size=10.0):
        return {"text": text, "x0": x0, "x1": x0 + 5, "top": top, "bottom": top + 10, "doctop": top,
                "size": size, "upright": upright, "width": 5, "height": 10}

    chars = [char("a", 0, 0), char("b", 5, 0.5, size=12), char(" ", 10, 0), char("c", 15, 0), char("", 20, 0),
             char("d", 25, 0), char("ﬁ", 30, 40), char("x", 100, 0, upright=False), char("y", 100, 10, upright=False),
             char("z", 130, 0, upright=False), char("e", 35, 0.2)]
    ours = group_words(char_tuples(chars), 1.5, 3.0)
    assert [w[:6] for w in ours] == _plumber(chars, 1.5, 3.0)
    assert [w[0] for w in ours] == ["ab", "c", "", "d", "fi", "xy", "z", "e"]
    assert ours[0][5] == 12
    assert [w[6] for w in ours] == [True] + [False] * 7  # the space glyph printed right after "ab"
