"""The PDF backend against camelot (and bare pdfplumber) on the sample PDFs.

For every sample PDF with a gold file, each engine's tables are scored by how many gold
rows they recover: a gold row counts when all its non-null text fields (whitespace folded,
a line break after a hyphen joined) are cells of one table row, or of two consecutive rows
(the last row of one piece and the first of the next, past a repeated header) when the row
breaks across a page end.  With ``--no-space`` whitespace is removed instead of folded: a PDF cannot tell a
line break inside a word ("школами -\nучастницами", a URL wrapped at "/") from a space,
and joining those is normalize's job, not the table finder's.  Printed side by side: tables found, rows × cols per table, gold rows recovered,
seconds.  Also counted: gold text cells equal to some table cell anywhere (partial credit
for an engine that finds cells but splits rows).

    python benchmarks/camelot_compare.py                       # samples/*.pdf
    python benchmarks/camelot_compare.py FILE.pdf --gold G.jsonl
    python benchmarks/camelot_compare.py --speed               # pages/s vs bare pdfplumber

camelot is an extra: ``pip install -c requirements.lock -e ".[camelot]"``.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Grid = list[list[str]]  # one table piece: rows × cells of text
TEXT_FIELDS = ("item_no", "activity", "period_raw", "executors_raw", "indicator")


def fold(text: str | None) -> str:
    """Whitespace folded to single spaces."""
    return re.sub(r"\s+", " ", text or "").strip()


def squeeze(text: str | None) -> str:
    """Whitespace removed."""
    return re.sub(r"\s+", "", text or "")


def cell_keys(text: str, strict: bool) -> set[str]:
    """Keys a table cell may match: folded, and folded with line breaks after "-" or "/" joined.

    A PDF cannot tell "школами -⏎участницами" (a space) from "школы-⏎500+" (none), so
    both readings of such a break count.  ``strict=False``: whitespace removed altogether.
    """
    if not text:
        return set()
    if not strict:
        return {squeeze(text), squeeze(text).rstrip(".")}
    keys = {fold(text), fold(re.sub(r"(?<=[-/])[ \t]*\n\s*", "", text))}
    return keys | {k.rstrip(".") for k in keys}  # "1." is the gold's "1"


def gold_cells(row: dict, strict: bool) -> set[str]:
    """A gold row's non-null text fields (extra columns included) as match keys."""
    values = [row.get(k) for k in TEXT_FIELDS] + list((row.get("extra") or {}).values())
    return {fold(v) if strict else squeeze(v) for v in values if v}


def row_keys(cells: Sequence[str], strict: bool) -> set[str]:
    """All keys of a table row's cells."""
    return set().union(*(cell_keys(c, strict) for c in cells)) if cells else set()


def candidate_rows(pieces: Sequence[Grid], strict: bool, lookahead: int = 3) -> list[set[str]]:
    """Every table row, plus each piece's last row joined with one of the next piece's first
    rows (a repeated header and a column-number row may stand between the two halves)."""
    out = [row_keys(row, strict) for piece in pieces for row in piece]
    for a, b in zip(pieces, pieces[1:]):
        if not a:
            continue
        for first in b[:lookahead]:
            last = a[-1]
            width = max(len(last), len(first))
            last, first = last + [""] * (width - len(last)), first + [""] * (width - len(first))
            out.append(row_keys([f"{x}\n{y}".strip() for x, y in zip(last, first)], strict))
    return out


def gold_recovery(pieces: Sequence[Grid], gold: Sequence[dict], strict: bool = True) -> tuple[int, list[str]]:
    """How many gold rows some candidate row holds entirely; the item numbers missed."""
    candidates = candidate_rows(pieces, strict)
    missed = [row["item_no"] for row in gold if not any(gold_cells(row, strict) <= c for c in candidates)]
    return len(gold) - len(missed), missed


def cell_recovery(pieces: Sequence[Grid], gold: Sequence[dict]) -> tuple[int, int]:
    """Gold text cells (folded) equal to some table cell anywhere, and the number of gold cells."""
    found = set().union(*(cell_keys(c, True) for piece in pieces for row in piece for c in row)) if pieces else set()
    cells = [c for row in gold for c in gold_cells(row, True)]
    return sum(1 for c in cells if c in found), len(cells)


# --------------------------------------------------------------------------- engines

def ours(path: Path) -> list[Grid]:
    """roadmap500's PDF backend."""
    from extract.pdf import read_pdf

    return [t.text_grid() for t in read_pdf(path).tables]


def plumber(path: Path) -> list[Grid]:
    """Bare pdfplumber ``page.extract_tables()`` with its default settings."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [[[c or "" for c in row] for row in t] for page in pdf.pages for t in page.extract_tables()]


def camelot_flavor(flavor: str) -> Callable[[Path], list[Grid]]:
    """camelot ``read_pdf`` over all pages with one flavor."""
    def run(path: Path) -> list[Grid]:
        from extract.camelot_tables import require_camelot  # camelot is the [camelot] extra

        camelot = require_camelot()

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(str(path), pages="all", flavor=flavor, suppress_stdout=True)
        return [t.df.astype(str).values.tolist() for t in tables]
    run.__name__ = f"camelot-{flavor}"
    return run


ENGINES: dict[str, Callable[[Path], list[Grid]]] = {
    "roadmap500": ours,
    "pdfplumber": plumber,
    "camelot-lattice": camelot_flavor("lattice"),
    "camelot-stream": camelot_flavor("stream"),
    "camelot-network": camelot_flavor("network"),
}


@dataclass
class Result:
    """One engine on one file."""

    engine: str
    shapes: list[tuple[int, int]] = field(default_factory=list)
    hits: int = 0  # gold rows recovered, whitespace folded
    loose: int = 0  # gold rows recovered, whitespace removed
    total: int = 0
    cells: int = 0  # gold cells equal to some table cell (folded)
    cells_total: int = 0
    missed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""


def run_engine(name: str, path: Path, gold: Sequence[dict]) -> Result:
    """Time one engine on one file and score it."""
    started = time.perf_counter()
    try:
        pieces = ENGINES[name](path)
    except Exception as exc:  # an engine failing is a result to report, not a crash
        return Result(name, total=len(gold), seconds=time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    hits, missed = gold_recovery(pieces, gold, strict=True)
    loose, _ = gold_recovery(pieces, gold, strict=False)
    cells, cells_total = cell_recovery(pieces, gold)
    shapes = [(len(p), max((len(r) for r in p), default=0)) for p in pieces]
    return Result(name, shapes, hits, loose, len(gold), cells, cells_total, missed, seconds)


def gold_for(pdf: Path) -> Path | None:
    """The gold file of a sample: same stem under samples/source/gold."""
    candidate = ROOT / "samples" / "source" / "gold" / f"{pdf.stem}.jsonl"
    return candidate if candidate.exists() else None


def ruled(path: Path) -> bool:
    """Whether the PDF draws ruling lines (decides camelot's natural flavor)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return any(len(p.edges) > 8 for p in pdf.pages)


def _frac(a: float, b: float) -> str:
    """"12/34  35%" in a fixed width."""
    share = f"{a / b:5.0%}" if b else "    -"
    return f"{int(a):5d}/{int(b):<4d}{share}"


def speed(pdfs: Sequence[Path], repeat: int = 3) -> None:
    """Pages per second of ``read_pdf`` and of bare pdfplumber ``extract_tables`` (best of ``repeat``)."""
    import pdfplumber

    from extract.pdf import read_pdf

    def bare(path: Path) -> int:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
            return len(pdf.pages)

    def ours_pages(path: Path) -> int:
        return read_pdf(path).pages

    print(f"\n{'file':32} {'pages':>5} {'read_pdf p/s':>13} {'pdfplumber p/s':>15}")
    sums = [0, 0.0, 0.0]
    for pdf in pdfs:
        best = []
        for fn in (ours_pages, bare):
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                pages = fn(pdf)
                times.append(time.perf_counter() - started)
            best.append(min(times))
        sums[0] += pages
        sums[1] += best[0]
        sums[2] += best[1]
        print(f"{pdf.name:32} {pages:5d} {pages / best[0]:13.1f} {pages / best[1]:15.1f}")
    print(f"{'all':32} {sums[0]:5d} {sums[0] / sums[1]:13.1f} {sums[0] / sums[2]:15.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the comparison table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--gold", type=Path, help="gold .jsonl (with one PDF)")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: " + ", ".join(ENGINES))
    ap.add_argument("--shapes", action="store_true", help="print rows × cols of every table")
    ap.add_argument("--missed", action="store_true", help="print the item numbers of missed gold rows (folded)")
    ap.add_argument("--speed", action="store_true", help="only measure pages/s: read_pdf vs pdfplumber extract_tables")
    args = ap.parse_args(argv)
    pdfs = args.pdfs or sorted((ROOT / "samples").glob("*.pdf"))
    if args.speed:
        speed(pdfs)
        return 0
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    totals: dict[str, list[float]] = {e: [0, 0, 0, 0, 0, 0.0] for e in engines}
    header = f"  {'engine':16} {'tables':>6} {'rows folded':>15} {'rows no-space':>15} {'cells':>15} {'seconds':>8}"
    for pdf in pdfs:
        gold_path = args.gold or gold_for(pdf)
        gold = [json.loads(l) for l in gold_path.read_text(encoding="utf-8").splitlines() if l.strip()] if gold_path else []
        kind = "ruled" if ruled(pdf) else "borderless"
        print(f"\n{pdf.name}  ({kind}, {len(gold)} gold rows)\n{header}")
        for name in engines:
            r = run_engine(name, pdf, gold)
            line = (f"  {name:16} {len(r.shapes):6d} {_frac(r.hits, r.total)} {_frac(r.loose, r.total)}"
                    f" {_frac(r.cells, r.cells_total)} {r.seconds:8.2f}")
            print(line + (f"  ERROR {r.error}" if r.error else ""))
            if args.shapes and r.shapes:
                print("      shapes: " + " ".join(f"{a}×{b}" for a, b in r.shapes))
            if args.missed and r.missed:
                print("      missed: " + " ".join(r.missed))
            for k, v in enumerate((r.hits, r.loose, r.total, r.cells, r.cells_total, r.seconds)):
                totals[name][k] += v
    print(f"\nall files\n{header}")
    for name, (hits, loose, total, cells, cells_total, seconds) in totals.items():
        print(f"  {name:16} {'':6} {_frac(hits, total)} {_frac(loose, total)} {_frac(cells, cells_total)} {seconds:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
