"""The tables-bench cases scored with the backend's two geometry readers (PDFium, pdfplumber).

    python benchmarks/tables_bench_geometry.py [/work/shared/tables-bench]

Scoring as the bench's README defines it (cell text NFKC-folded, empty rows and columns
dropped; per case the best table on its page by lenient, then exact@shift; found:
lenient ≥ 0.5; a raised error or no table scores 0).  Prints found / same shape / exact %
/ lenient % per group and reader, and the seconds each reader took.
"""
from __future__ import annotations

import json
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.errors import ExtractError  # noqa: E402
from extract.pdf import read_pdf  # noqa: E402
from extract.pdf_settings import PdfSettings  # noqa: E402

Grid = list[list[str]]


def fold(text: str) -> str:
    """NFKC, whitespace runs to one space, stripped."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def clean(grid: Grid) -> Grid:
    """Folded, fully empty rows and columns dropped."""
    rows = [[fold(c) for c in row] for row in grid]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    keep = [j for j in range(width) if any(r[j] for r in rows)]
    return [[r[j] for j in keep] for r in rows]


def exact(expected: Grid, got: Grid, di: int = 0, dj: int = 0) -> float:
    """Share of expected positions equal in ``got`` shifted by (di, dj)."""
    total = sum(len(r) for r in expected)
    hits = sum(1 for i, row in enumerate(expected) for j, text in enumerate(row)
               if 0 <= i + di < len(got) and 0 <= j + dj < len(got[i + di]) and got[i + di][j + dj] == text)
    return hits / total if total else 0.0


def score(expected: Grid, got: Grid) -> tuple[float, float, float, bool]:
    """exact, exact@shift, lenient, same shape."""
    cells = {c for row in got for c in row}
    wanted = [c for row in expected for c in row if c]
    lenient = sum(c in cells for c in wanted) / len(wanted) if wanted else 0.0
    shifted = max(exact(expected, got, di, dj) for di in range(-3, 4) for dj in range(-3, 4))
    same = len(expected) == len(got) and bool(got) and len(expected[0]) == len(got[0])
    return exact(expected, got), shifted, lenient, same


def main() -> None:
    """Score both readers on every case."""
    bench = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/tables-bench")
    cases = json.loads((bench / "cases.json").read_text())
    docs: dict[tuple[str, str], object] = {}
    seconds: dict[str, float] = defaultdict(float)
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0, 0])
    for case in cases:
        group = f"{case['source']} {case.get('ruling') or case.get('fixture_kind')}"
        expected = clean(json.loads((bench / case["expected"]).read_text()))
        for geometry in ("pdfplumber", "pdfium"):
            key = (case["pdf"], geometry)
            if key not in docs:
                start = time.perf_counter()
                try:
                    docs[key] = read_pdf(bench / case["pdf"], PdfSettings(geometry=geometry))
                except ExtractError as exc:
                    docs[key] = exc
                seconds[geometry] += time.perf_counter() - start
            doc = docs[key]
            best = (0.0, 0.0, 0.0, False)
            if not isinstance(doc, Exception):
                for table in doc.tables:
                    if table.page == case["page"]:
                        s = score(expected, clean(table.text_grid()))
                        best = max(best, s, key=lambda t: (t[2], t[1]))
            row = totals[(group, geometry)]
            row[0] += best[2] >= 0.5
            row[1] += best[3]
            row[2] += best[0]
            row[3] += best[2]
            row[4] += 1
    print(f"{'cases':28} {'reader':11} {'found':>5} {'shape':>5} {'exact%':>6} {'lenient%':>8}")
    for (group, geometry), (found, shape, ex, le, n) in sorted(totals.items()):
        print(f"{group + f', {n}':28} {geometry:11} {found:5d} {shape:5d} {100 * ex / n:6.0f} {100 * le / n:8.0f}")
    failed = {g: sum(isinstance(d, Exception) for (p, gg), d in docs.items() if gg == g) for g in seconds}
    for geometry, secs in seconds.items():
        print(f"{geometry}: {secs:.1f} s for {len(docs) // 2} PDFs, {failed[geometry]} raised")


if __name__ == "__main__":
    main()
