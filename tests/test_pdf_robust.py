"""No file lost to geometry: which strokes rule a table, a failing page finder, and every
public tables-bench PDF and sample PDF read without an exception."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import extract.pdf as pdf_backend
from extract.pdf import _document, _page_pass, read_pdf
from extract.pdf_geometry import ruling_edges
from extract.pdf_settings import PdfSettings

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "tables-bench").is_dir()), ROOT.parent / "shared")
BENCH_PDFS = sorted((SHARED / "tables-bench" / "pdfs").glob("*.pdf"))
SAMPLE_PDFS = sorted((ROOT / "samples").glob("*.pdf"))


# --------------------------------------------------------------------------- a page-like object

def char(text: str, x0: float, top: float, size: float = 10.0) -> dict[str, Any]:
    """One upright character as pdfplumber reports it."""
    return {"text": text, "x0": x0, "x1": x0 + 0.6 * size, "top": top, "bottom": top + size, "size": size,
            "fontname": "F", "upright": True, "matrix": (1, 0, 0, 1, x0, 0)}


def word_chars(word: str, x0: float, top: float) -> list[dict[str, Any]]:
    """The characters of a word set from ``x0``."""
    return [char(ch, x0 + 6.0 * i, top) for i, ch in enumerate(word)]


def h(x0: float, x1: float, y: float, **extra: Any) -> dict[str, Any]:
    """A horizontal edge."""
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "orientation": "h", **extra}


def v(x: float, top: float, bottom: float, **extra: Any) -> dict[str, Any]:
    """A vertical edge."""
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0, "height": bottom - top, "orientation": "v", **extra}


def rect_edges(x0: float, top: float, x1: float, bottom: float, fill: bool, stroke: bool) -> list[dict[str, Any]]:
    """The four sides of a rectangle as pdfplumber's rect edges (the rectangle's ``pts`` kept)."""
    extra = {"object_type": "rect_edge", "fill": fill, "stroke": stroke, "pts": [(x0, top), (x1, top), (x1, bottom), (x0, bottom)]}
    return [h(x0, x1, top, **extra), h(x0, x1, bottom, **extra), v(x0, top, bottom, **extra), v(x1, top, bottom, **extra)]


@dataclass
class FakePage:
    """The attributes ``_page_pass`` reads (the page-like contract in plan/INTERFACES.md)."""

    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    page_number: int = 1
    width: float = 600.0
    height: float = 800.0
    images: list[Any] = field(default_factory=list)


def grid_page(extra_edges: list[dict[str, Any]]) -> FakePage:
    """A 2 × 2 ruled grid (x 100–300–500, y 100–130–160) with a word in each cell, plus ``extra_edges``."""
    edges = [h(100, 500, y) for y in (100, 130, 160)] + [v(x, 100, 160) for x in (100, 300, 500)]
    chars = (word_chars("alpha", 110, 110) + word_chars("beta", 310, 110)
             + word_chars("gamma", 110, 140) + word_chars("delta", 310, 140) + word_chars("after", 110, 300))
    return FakePage(chars, edges + extra_edges)


SLANTED = [
    {"x0": 50, "x1": 80, "top": 20, "bottom": 60, "width": 30, "height": 40, "orientation": None, "object_type": "curve_edge"},
    # pdfplumber labels any line with top != bottom "v", even a slanted one
    {"x0": 40, "x1": 90, "top": 10, "bottom": 70, "width": 50, "height": 60, "orientation": "v", "object_type": "line"},
]


# --------------------------------------------------------------------------- which strokes rule

def test_slanted_segments_never_rule():
    kept = ruling_edges(SLANTED + [h(0, 100, 5), v(5, 0, 100)], 0.5, 2.0)
    assert [(e["orientation"], e["x0"], e["top"]) for e in kept] == [("h", 0, 5), ("v", 5, 0)]


def test_nearly_straight_stroke_is_straightened():
    kept = ruling_edges([{"x0": 0, "x1": 200, "top": 10.0, "bottom": 10.3, "orientation": None}], 0.5, 2.0)
    assert [(e["orientation"], e["top"], e["bottom"]) for e in kept] == [("h", 10.15, 10.15)]


def test_shading_is_no_border_but_thin_and_stroked_rectangles_are():
    shading = rect_edges(100, 100, 300, 130, fill=True, stroke=False)
    thin_rule = rect_edges(100, 200, 300, 200.8, fill=True, stroke=False)
    framed = rect_edges(100, 300, 300, 330, fill=True, stroke=True)
    kept = ruling_edges(shading + thin_rule + framed, 0.5, 2.0)
    assert {e["top"] for e in kept if e["orientation"] == "h"} == {200, 200.8, 300, 330}


def test_shaded_header_row_adds_no_grid_line():
    shading = rect_edges(100, 100, 500, 125, fill=True, stroke=False)  # ends 5 pt above a rule
    layout = _page_pass(grid_page(shading), PdfSettings())
    assert [(t.n_rows, t.n_cols) for t in layout.tables] == [(2, 2)]


def test_coat_of_arms_does_not_stop_the_table():
    layout = _page_pass(grid_page(SLANTED), PdfSettings())
    assert [[c.text for c in t.cells] for t in layout.tables] == [["alpha", "beta", "gamma", "delta"]]
    assert [line.text for line in layout.lines] == ["after"]
    assert not layout.warnings


def test_failing_ruled_finder_keeps_the_page_as_text(monkeypatch):
    def broken(*_args: Any) -> list[Any]:
        raise KeyError(None)

    monkeypatch.setattr(pdf_backend, "find_ruled_tables", broken)
    page = grid_page([])
    layout = _page_pass(page, PdfSettings())
    assert layout.tables == []
    assert [line.text for line in layout.lines] == ["alpha beta", "gamma delta", "after"]
    doc = _document("x.pdf", [layout], PdfSettings())
    assert "alpha beta" in doc.text() and "after" in doc.text()
    assert any("page 1: ruled-table finder failed (KeyError" in w for w in doc.warnings)


def test_failing_borderless_finder_keeps_the_page_as_text(monkeypatch):
    def broken(*_args: Any) -> Any:
        raise ValueError("boom")

    monkeypatch.setattr(pdf_backend, "find_stream_tables", broken)
    layouts = pdf_backend.layout_pages(type("P", (), {"pages": [grid_page([])]})(), PdfSettings())
    doc = _document("x.pdf", layouts, PdfSettings())
    assert "after" in doc.text() and len(doc.tables) == 1
    assert any("borderless-table finder failed (ValueError: boom)" in w for w in doc.warnings)


# --------------------------------------------------------------------------- the property, over corpora

@pytest.mark.skipif(not BENCH_PDFS, reason=f"no tables-bench PDFs under {SHARED} (CI has ../shared)")
@pytest.mark.parametrize("path", BENCH_PDFS, ids=lambda p: p.name)
def test_every_tables_bench_pdf_reads(path):
    doc = read_pdf(path)
    assert doc.pages >= 1 and (doc.blocks or doc.tables)


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: p.name)
def test_every_sample_pdf_reads_without_warnings_of_failure(path):
    doc = read_pdf(path)
    assert doc.tables and not [w for w in doc.warnings if "failed" in w or "could not be read" in w]
