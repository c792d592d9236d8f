"""The PDF table finder against camelot and bare pdfplumber on the public tables-bench set.

Reads ``../shared/tables-bench/cases.json`` (never copied into the repo), runs every engine
over every case page in one run and scores each case as the set's README defines:

* cell text folded (NFKC, whitespace runs to one space, stripped); fully empty rows and
  columns dropped from both grids;
* every table an engine reports on the case's page is scored, the best kept (highest
  lenient, then exact@shift);
* **exact**: share of the expected grid's positions whose text equals the extracted grid's
  at the same position; **exact@shift**: the same at the best row/column offset within ±3;
  **lenient**: share of the expected non-empty cells whose text is some cell of the table;
  **same shape**: same number of rows and columns; **found**: lenient ≥ 0.5.  A crash or no
  table scores 0.

Printed: per group (source × ruling kind) and engine: cases, found, same shape, exact %,
exact@shift %, lenient %, crashes; then the seconds each engine took over all case pages.

    python benchmarks/tables_bench.py                       # all engines
    python benchmarks/tables_bench.py --engines roadmap500  # ours only (fast)
    python benchmarks/tables_bench.py --cases --engines roadmap500   # per-case lines too
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH = next((p / "shared" / "tables-bench" for p in ROOT.parents if (p / "shared" / "tables-bench").is_dir()),
             ROOT.parent / "shared" / "tables-bench")  # ../shared, or further up from a worktree

Grid = list[list[str]]
PageTables = dict[int, list[Grid]]  # page (1-based) → tables of that page
SHIFT = 3


def fold(text: str | None) -> str:
    """NFKC, whitespace runs to one space, stripped."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def clean(grid: Sequence[Sequence[str | None]]) -> Grid:
    """Folded cells, rows padded to one width, fully empty rows and columns dropped."""
    rows = [[fold(c) for c in row] for row in grid]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows if any(r)]
    keep = [j for j in range(width) if any(r[j] for r in rows)]
    return [[r[j] for j in keep] for r in rows]


def _exact_at(expected: Grid, got: Grid, dr: int, dc: int) -> float:
    """Share of expected positions (i, j) equal to got (i + dr, j + dc); outside got is ""."""
    total = same = 0
    for i, row in enumerate(expected):
        for j, text in enumerate(row):
            total += 1
            gi, gj = i + dr, j + dc
            other = got[gi][gj] if 0 <= gi < len(got) and 0 <= gj < len(got[gi]) else ""
            same += text == other
    return same / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Score:
    """One case's figures for one engine (the best table of the page)."""

    exact: float = 0.0
    shifted: float = 0.0
    lenient: float = 0.0
    shape: bool = False
    crashed: bool = False

    @property
    def found(self) -> bool:
        """Lenient ≥ 0.5."""
        return self.lenient >= 0.5


def score_table(expected: Grid, got: Grid) -> Score:
    """The README's figures for one extracted table against the expected grid."""
    exact = _exact_at(expected, got, 0, 0)
    shifted = max(_exact_at(expected, got, dr, dc) for dr in range(-SHIFT, SHIFT + 1) for dc in range(-SHIFT, SHIFT + 1))
    cells = {c for row in got for c in row}
    wanted = [c for row in expected for c in row if c]
    lenient = sum(c in cells for c in wanted) / len(wanted) if wanted else 0.0
    shape = len(got) == len(expected) and bool(got) and len(got[0]) == len(expected[0])
    return Score(exact, shifted, lenient, shape)


def score_case(expected: Grid, tables: Sequence[Grid]) -> Score:
    """The best of the page's tables (highest lenient, then exact@shift)."""
    scores = [score_table(expected, clean(t)) for t in tables]
    return max(scores, key=lambda s: (s.lenient, s.shifted), default=Score())


# --------------------------------------------------------------------------- engines

def ours(path: Path, pages: Sequence[int]) -> PageTables:
    """roadmap500's ``read_pdf`` (reads the whole file: furniture is found over all pages)."""
    from extract.pdf import read_pdf

    out: PageTables = {}
    for table in read_pdf(path).tables:
        out.setdefault(table.page, []).append(table.text_grid())
    return out


def plumber(path: Path, pages: Sequence[int]) -> PageTables:
    """Bare pdfplumber ``page.extract_tables()``, default settings."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return {p: pdf.pages[p - 1].extract_tables() for p in pages}


def camelot_flavor(flavor: str) -> Callable[[Path, Sequence[int]], PageTables]:
    """camelot ``read_pdf`` with one flavor, default settings."""

    def run(path: Path, pages: Sequence[int]) -> PageTables:
        import camelot

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(str(path), pages=",".join(map(str, pages)), flavor=flavor, suppress_stdout=True)
        out: PageTables = {}
        for t in tables:
            out.setdefault(int(t.page), []).append(t.df.values.tolist())
        return out

    return run


ENGINES: dict[str, Callable[[Path, Sequence[int]], PageTables]] = {
    "roadmap500": ours,
    "camelot-lattice": camelot_flavor("lattice"),
    "camelot-stream": camelot_flavor("stream"),
    "pdfplumber": plumber,
}


def group_of(case: dict) -> str:
    """The README's reporting group of a case."""
    if case["source"] == "icdar2013":
        return "ICDAR ruled (grid)" if case["ruling"] == "grid" else "ICDAR h-rules or none"
    return f"camelot {case['fixture_kind']} fixtures"


@dataclass
class EngineRun:
    """One engine's scores per case and its time."""

    scores: dict[str, Score] = field(default_factory=dict)
    seconds: float = 0.0
    errors: dict[str, str] = field(default_factory=dict)  # pdf → error


def run_engine(run: Callable[[Path, Sequence[int]], PageTables], cases: Sequence[dict], bench: Path) -> EngineRun:
    """Every case scored for one engine; each PDF read once for all its case pages."""
    result = EngineRun()
    by_pdf: dict[str, list[dict]] = {}
    for case in cases:
        by_pdf.setdefault(case["pdf"], []).append(case)
    for pdf, pdf_cases in by_pdf.items():
        pages = sorted({c["page"] for c in pdf_cases})
        start = time.perf_counter()
        try:
            tables: PageTables | None = run(bench / pdf, pages)
        except Exception as exc:  # a crash scores 0; the benchmark goes on
            tables = None
            result.errors[pdf] = f"{type(exc).__name__}: {exc}"[:200]
        result.seconds += time.perf_counter() - start
        for case in pdf_cases:
            expected = clean(json.loads((bench / case["expected"]).read_text(encoding="utf-8")))
            if tables is None:
                result.scores[case["id"]] = Score(crashed=True)
            else:
                result.scores[case["id"]] = score_case(expected, tables.get(case["page"], []))
    return result


def _pct(values: Sequence[float]) -> str:
    """Mean as a whole percentage."""
    return f"{100 * sum(values) / len(values):.0f}" if values else "-"


def report(cases: Sequence[dict], runs: dict[str, EngineRun], per_case: bool) -> str:
    """The per-group table and the time per engine."""
    groups: dict[str, list[dict]] = {}
    for case in cases:
        groups.setdefault(group_of(case), []).append(case)
    lines = [f"{'group':28} {'engine':16} {'cases':>5} {'found':>5} {'shape':>5} {'exact%':>6} {'@shift%':>7} {'lenient%':>8} {'crash':>5}"]
    for name, members in groups.items():
        for engine, run in runs.items():
            s = [run.scores[c["id"]] for c in members]
            lines.append(f"{name:28} {engine:16} {len(s):5} {sum(x.found for x in s):5} {sum(x.shape for x in s):5} "
                         f"{_pct([x.exact for x in s]):>6} {_pct([x.shifted for x in s]):>7} {_pct([x.lenient for x in s]):>8} "
                         f"{sum(x.crashed for x in s):5}")
    lines.append("")
    pdfs = len({c['pdf'] for c in cases})
    for engine, run in runs.items():
        lines.append(f"{engine:16} {run.seconds:8.1f} s over {pdfs} PDFs; PDFs that raised: {len(run.errors)}")
        for pdf, err in run.errors.items():
            lines.append(f"    {pdf}: {err}")
    if per_case:
        lines.append("")
        for case in cases:
            cells = "  ".join(f"{e}: {r.scores[case['id']].lenient:.2f}/{r.scores[case['id']].exact:.2f}"
                              f"{'=' if r.scores[case['id']].shape else ' '}" for e, r in runs.items())
            lines.append(f"{case['id']:32} {group_of(case):24} {cells}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the engines over the cases and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=BENCH, help="the tables-bench folder")
    ap.add_argument("--engines", nargs="+", choices=list(ENGINES), default=list(ENGINES))
    ap.add_argument("--only", default="", help="run only cases whose id contains this")
    ap.add_argument("--cases", action="store_true", help="print per-case lenient/exact (= same shape)")
    args = ap.parse_args(argv)
    if not (args.bench / "cases.json").exists():
        print(f"no tables-bench at {args.bench}", file=sys.stderr)
        return 2
    cases = [c for c in json.loads((args.bench / "cases.json").read_text(encoding="utf-8")) if args.only in c["id"]]
    runs = {name: run_engine(ENGINES[name], cases, args.bench) for name in args.engines}
    print(report(cases, runs, args.cases))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
