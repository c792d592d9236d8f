"""The PDF backend's output with PDFium geometry against pdfplumber geometry, file by file.

    python benchmarks/geometry_compare.py samples/*.pdf /work/shared/tables-bench/pdfs/*.pdf [--show N]

For each PDF: tables (shape, cell text) and text blocks read both ways, and whether they
are the same; differing cells are listed (``--show`` of them per file).
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.errors import ExtractError  # noqa: E402
from extract.pdf import read_pdf  # noqa: E402
from extract.pdf_settings import PdfSettings  # noqa: E402


def fold(text: str) -> str:
    """Whitespace folded."""
    return re.sub(r"\s+", " ", text).strip()


def reading(path: Path, geometry: str) -> tuple[object, float]:
    """The document (or the error) and the seconds it took."""
    start = time.perf_counter()
    try:
        doc = read_pdf(path, PdfSettings(geometry=geometry))
    except ExtractError as exc:
        doc = f"{type(exc).__name__}: {exc}"
    return doc, time.perf_counter() - start


def summary(doc: object) -> tuple[list[tuple[int, int, int]], list[list[list[str]]], list[str]]:
    """Table shapes, folded grids and folded block texts."""
    if isinstance(doc, str):
        return [], [], [doc]
    shapes = [(t.page, t.n_rows, t.n_cols) for t in doc.tables]
    grids = [[[fold(c) for c in row] for row in t.text_grid()] for t in doc.tables]
    return shapes, grids, [fold(b.text) for b in doc.blocks]


def main() -> None:
    """Compare every file given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=3)
    args = parser.parse_args()
    same_files = 0
    totals = {"pdfium": 0.0, "pdfplumber": 0.0}
    cells = same_cells = 0
    for path in args.pdfs:
        docs = {}
        for geometry in ("pdfplumber", "pdfium"):
            docs[geometry], seconds = reading(path, geometry)
            totals[geometry] += seconds
        (sa, ga, ba), (sb, gb, bb) = summary(docs["pdfplumber"]), summary(docs["pdfium"])
        flat_a = [c for g in ga for row in g for c in row]
        flat_b = [c for g in gb for row in g for c in row]
        cells += len(flat_a)
        if sa == sb:
            same_cells += sum(x == y for x, y in zip(flat_a, flat_b))
        words_a, words_b = " ".join(ba).split(), " ".join(bb).split()
        same = sa == sb and ga == gb and ba == bb
        same_files += same
        status = "same" if same else "DIFF"
        print(f"{status} {path.name}: tables {len(sa)} vs {len(sb)}, cells {len(flat_a)} vs {len(flat_b)}, "
              f"block words {len(words_a)} vs {len(words_b)}")
        if same:
            continue
        if sa != sb:
            print(f"    shapes pdfplumber {sa}\n    shapes pdfium     {sb}")
        else:
            diffs = [(x, y) for x, y in zip(flat_a, flat_b) if x != y]
            for x, y in diffs[: args.show]:
                start = next((k for k, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
                lo = max(start - 30, 0)
                print(f"    cell pdfplumber …{x[lo:start + 50]!r}\n         pdfium     …{y[lo:start + 50]!r}")
        if ba != bb:
            extra_a = sorted(set(ba) - set(bb))[: args.show]
            extra_b = sorted(set(bb) - set(ba))[: args.show]
            for x, y in zip(extra_a, extra_b):
                start = next((k for k, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
                lo = max(start - 30, 0)
                print(f"    block pdfplumber …{x[lo:start + 50]!r}\n          pdfium     …{y[lo:start + 50]!r}")
    print(f"\n{same_files}/{len(args.pdfs)} files read identically; cells equal where shapes agree: "
          f"{same_cells}/{cells}; seconds pdfplumber {totals['pdfplumber']:.1f}, pdfium {totals['pdfium']:.1f}")


if __name__ == "__main__":
    main()
