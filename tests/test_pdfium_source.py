"""The PDFium geometry reader: the same characters and rulings as pdfplumber, the same
Document from the backend, and pdfplumber when PDFium refuses a file."""
from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pdfplumber import utils as plumber_utils

from extract import pdfium_source
from extract.errors import EncryptedFileError
from extract.pdf import read_pdf
from extract.pdf_settings import PdfSettings
from extract.pdfium_source import PdfiumRefused, display_matrix, mult, open_pdf, read_page, segment_edges

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _words(chars):
    """pdfplumber's words from a character list, as (text, x0, top) rounded to whole points."""
    return [(w["text"], round(w["x0"]), round(w["top"]))
            for w in plumber_utils.extract_words(chars, x_tolerance=1.5, y_tolerance=3)]


def _rulings(edges):
    """Edges ≥ 3 pt after pdfplumber's merging, as rounded boxes."""
    from pdfplumber import table as plumber_table
    edges = plumber_utils.filter_edges(edges, min_length=3)
    merged = plumber_table.merge_edges(edges, 3, 3, 3, 3)
    return sorted((e["orientation"], round(e["x0"]), round(e["top"]), round(e["x1"]), round(e["bottom"]))
                  for e in plumber_utils.filter_edges(merged, min_length=3))


@pytest.mark.parametrize("name", ["ruled.pdf", "rotated.pdf", "landscape.pdf", "borderless.pdf"])
def test_words_and_rulings_match_pdfplumber(name):
    data = (FIXTURES / name).read_bytes()
    doc = pdfium.PdfDocument(data)
    with pdfplumber.open(FIXTURES / name) as pdf:
        for index, page in enumerate(pdf.pages):
            ours = read_page(doc, index)
            assert (round(ours.width, 1), round(ours.height, 1)) == (round(page.width, 1), round(page.height, 1))
            theirs_words, our_words = _words(page.chars), _words(ours.chars)
            assert [w[0] for w in our_words] == [w[0] for w in theirs_words]
            # shifted across the line by at most the font's descent (PDFium reads it from the font)
            assert all(abs(a[1] - b[1]) <= 4 and abs(a[2] - b[2]) <= 4 for a, b in zip(our_words, theirs_words))
            assert _rulings(ours.edges) == _rulings(page.edges)


def test_rotated_page_chars_run_down_the_displayed_page():
    doc = pdfium.PdfDocument((FIXTURES / "rotated.pdf").read_bytes())
    page = read_page(doc, 0)
    assert page.rotation == 90 and page.width < page.height
    letters = [c for c in page.chars if c["text"].strip()]
    a, b = letters[0]["matrix"][:2]
    assert abs(a) < abs(b)  # written along y on the displayed page: not upright
    assert not any(c["upright"] for c in letters)


@pytest.mark.parametrize("name", ["ruled.pdf", "borderless_sections.pdf", "spans.pdf", "rotated.pdf"])
def test_backend_reads_the_same_document_either_way(name):
    ours = read_pdf(FIXTURES / name)
    theirs = read_pdf(FIXTURES / name, PdfSettings(geometry="pdfplumber"))
    assert [t.text_grid() for t in ours.tables] == [t.text_grid() for t in theirs.tables]
    assert [b.text for b in ours.blocks] == [b.text for b in theirs.blocks]
    assert ours.warnings == theirs.warnings


def test_hyphen_at_a_line_end_is_kept():
    doc = read_pdf(ROOT / "samples" / "003_96c74c96be8d8184.pdf")
    cells = [c.text for t in doc.tables for c in t.cells]
    assert any("Февраль-\nдекабрь" in c or "Февраль- декабрь" in c for c in cells)
    assert not any("\ufffe" in c or "\x02" in c for c in cells)


def test_pdfplumber_reads_a_file_pdfium_refuses(monkeypatch):
    def refuse(data):
        raise PdfiumRefused("no")

    monkeypatch.setattr(pdfium_source, "open_pdfium", refuse)
    with open_pdf((FIXTURES / "ruled.pdf").read_bytes()) as pdf:
        assert isinstance(pdf, pdfplumber.PDF)
    assert read_pdf(FIXTURES / "ruled.pdf").tables


def test_password_protected_file_is_refused_not_retried():
    with pytest.raises(EncryptedFileError):
        read_pdf(FIXTURES / "encrypted.pdf")


def test_unknown_geometry_is_refused():
    with pytest.raises(ValueError, match="geometry"):
        with open_pdf(b"%PDF-1.4", "mupdf"):
            pass


def _drawn_pdf() -> bytes:
    """A page with a filled shaded box, a stroked thin rectangle, a line and a slanted line."""
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(300, 200)
    for x, y, w, h, fill, stroke in ((20, 20, 100, 40, 1, 0), (20, 100, 200, 0.5, 0, 1)):
        rect = raw.FPDFPageObj_CreateNewRect(x, y, w, h)
        raw.FPDFPath_SetDrawMode(rect, fill, stroke)
        raw.FPDFPage_InsertObject(page.raw, rect)
    for (xa, ya), (xb, yb) in (((20, 150), (250, 150)), ((20, 160), (120, 190))):
        path = raw.FPDFPageObj_CreateNewPath(xa, ya)
        raw.FPDFPath_LineTo(path, xb, yb)
        raw.FPDFPath_SetDrawMode(path, 0, 1)
        raw.FPDFPage_InsertObject(page.raw, path)
    raw.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_drawn_paths_read_like_pdfplumber_edges():
    data = _drawn_pdf()
    ours = read_page(pdfium.PdfDocument(data), 0).edges
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        # pdfplumber labels the slanted line "v" with its bounding box; we leave it out
        theirs = [e for e in pdf.pages[0].edges if e["width"] < 0.5 or e["height"] < 0.5]
    key = lambda e: (e["object_type"], bool(e.get("fill")), bool(e.get("stroke")), e["orientation"],
                     round(e["x0"]), round(e["top"]), round(e["x1"]), round(e["bottom"]))
    assert sorted(map(key, ours)) == sorted(map(key, theirs))
    shaded = [e for e in ours if e["fill"]]
    assert len(shaded) == 4 and all(e["object_type"] == "rect_edge" for e in shaded)
    assert sorted({round(p[1]) for p in shaded[0]["pts"]}) == [140, 180]  # top-down points


def test_slanted_and_straight_segments():
    edges = segment_edges([(0, 10, 100, 10.2), (50, 0, 50.1, 80), (0, 0, 40, 40)], height=100, page_number=1)
    assert [(e["orientation"], e["top"], e["bottom"]) for e in edges] == [("h", 89.8, 90), ("v", 20, 100)]


def test_display_matrix_turns_user_space_like_pdfminer():
    # a page 100 wide, 200 high, shown turned 90° clockwise: displayed 200 × 100
    turned = display_matrix(90, (0, 0, 100, 200))
    assert pdfium_source.apply(turned, 0, 0) == (0, 100)  # user origin → displayed top-left, y up
    assert pdfium_source.apply(turned, 100, 200) == (200, 0)
    assert mult((1, 0, 0, 1, 5, 5), (2, 0, 0, 2, 0, 0)) == (2, 0, 0, 2, 10, 10)
