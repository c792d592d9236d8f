"""Text conservation: every word the PDF backend reads on a page ends in exactly one place — a
table cell, a running-text block, or page furniture left out on purpose (listed in
``Document.furniture``) — compared per page as multisets after whitespace folding."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from extract.model import Document
from extract.pdf import _document, layout_pages, page_words
from extract.pdf_settings import PdfSettings

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "tables-bench").is_dir()), ROOT.parent / "shared")
BENCH_PDFS = sorted((SHARED / "tables-bench" / "pdfs").glob("*.pdf"))
SAMPLE_PDFS = sorted((ROOT / "samples").glob("*.pdf"))
FIXTURE_PDFS = sorted(p for p in (ROOT / "tests" / "fixtures").glob("*.pdf") if p.stem not in {"encrypted", "image_only"})


def tokens(text: str) -> list[str]:
    """Whitespace-folded words of a text."""
    return text.split()


def words_out(doc: Document) -> dict[int, Counter[str]]:
    """Per page, the words placed in cells, blocks and furniture."""
    out: dict[int, Counter[str]] = {}
    for block in [*doc.blocks, *doc.furniture]:
        out.setdefault(block.page, Counter()).update(tokens(block.text))
    for table in doc.tables:
        for cell in table.cells:
            out.setdefault(cell.page, Counter()).update(tokens(cell.text))
    return out


def conservation_misses(path: Path, settings: PdfSettings = PdfSettings()) -> list[str]:
    """Per page, the words read but placed nowhere and the words placed more often than read."""
    with pdfplumber.open(path) as pdf:
        words_in = {page.page_number: Counter(t for w in page_words(page, settings) for t in tokens(w)) for page in pdf.pages}
        doc = _document(str(path), layout_pages(pdf, settings), settings)
    placed = words_out(doc)
    misses = []
    for page in sorted(set(words_in) | set(placed)):
        got, want = placed.get(page, Counter()), words_in.get(page, Counter())
        lost, extra = want - got, got - want
        if lost or extra:
            misses.append(f"page {page}: lost {sorted(lost.elements())[:12]} extra {sorted(extra.elements())[:12]}")
    return misses


@pytest.mark.parametrize("path", SAMPLE_PDFS + FIXTURE_PDFS, ids=lambda p: p.name)
def test_every_word_of_a_sample_lands_once(path):
    assert conservation_misses(path) == []


@pytest.mark.skipif(not BENCH_PDFS, reason=f"no tables-bench PDFs under {SHARED} (CI has ../shared)")
@pytest.mark.parametrize("path", BENCH_PDFS, ids=lambda p: p.name)
def test_every_word_of_a_tables_bench_pdf_lands_once(path):
    assert conservation_misses(path) == []


def test_furniture_is_listed_not_dropped():
    doc = _read(ROOT / "tests" / "fixtures" / "ruled.pdf")
    assert doc.furniture, "the ruled fixture has page numbers and a repeated footer"
    assert all(b.text.strip() and b.page >= 1 for b in doc.furniture)
    body = {b.text for b in doc.blocks}
    assert not body & {b.text for b in doc.furniture}


def _read(path: Path) -> Document:
    """The backend's Document for a file."""
    from extract.pdf import read_pdf

    return read_pdf(path)


def test_inspect_lists_the_furniture_left_out():
    import io

    from roadmap500.inspect import inspect_file

    out = io.StringIO()
    inspect_file(ROOT / "tests" / "fixtures" / "ruled.pdf", out=out)
    text = out.getvalue()
    doc = _read(ROOT / "tests" / "fixtures" / "ruled.pdf")
    assert f"== page furniture left out ({len(doc.furniture)} line(s))" in text
    assert f"p{doc.furniture[0].page} {doc.furniture[0].text!r}" in text
