"""The layout matrix against the gold: per layout, rows and text cells equal after folding.

    python -m tests.layout_matrix [--misses] [--only VARIANT]

Converts every file under ``samples/matrix/<variant>/`` (built by ``samples/matrix.py``)
and compares it with ``samples/source/gold`` (= ../shared/gold) by file stem: row count,
``section``, ``item_no`` and every text cell (activity, period_raw, executors_raw,
indicator, extra).  NLP is off: the matrix is about layout, not about risk directions.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from roadmap500.pipeline import convert_to_dir
from tests.gold_compare import GOLD, Report, compare_dir

MATRIX = Path(__file__).resolve().parent.parent / "samples" / "matrix"
CELL_FIELDS = ("section", "item_no", "activity", "period_raw", "executors_raw", "indicator",
               "extra")


def matrix_files(only: list[str] | None = None) -> list[Path]:
    """Every DOCX and PDF of the matrix, by variant then name."""
    return sorted(p for p in MATRIX.glob("*/*") if p.suffix in (".docx", ".pdf")
                  and (not only or p.parent.name in only))


@dataclass(slots=True)
class LayoutScore:
    """One layout (variant × format): files exact, rows and cells equal to gold, misses."""

    files: int = 0
    exact_files: int = 0
    rows: int = 0
    gold_rows: int = 0
    cells: int = 0
    gold_cells: int = 0
    misses: list[str] = field(default_factory=list)


def file_misses(report: Report) -> list[str]:
    """Why a file is not exact: its row count and every differing cell."""
    out = [] if report.n_rows == report.n_gold else [
        f"rows: got {report.n_rows}, gold {report.n_gold}"]
    for name in CELL_FIELDS:
        out += [f"{name}: {m}" for m in report.fields[name].misses]
    return out


def score_layouts(reports: list[Report]) -> dict[str, LayoutScore]:
    """Reports grouped by layout ("variant/pdf")."""
    layouts: dict[str, LayoutScore] = {}
    for r in reports:
        path = Path(r.source)
        s = layouts.setdefault(f"{path.parent.name}/{path.suffix[1:]}", LayoutScore())
        misses = file_misses(r)
        s.files += 1
        s.exact_files += not misses
        s.rows += min(r.n_rows, r.n_gold)
        s.gold_rows += r.n_gold
        s.cells += sum(r.fields[n].equal for n in CELL_FIELDS)
        s.gold_cells += sum(r.fields[n].total for n in CELL_FIELDS)
        s.misses += [f"{path.name}: {m}" for m in misses]
    return layouts


_GOT_GOLD = re.compile(r"^(.*?): got (.*), gold (.*)$", re.S)


def compact(miss: str) -> str:
    """A miss with long texts shown as the words that differ (- got, + gold)."""
    m = _GOT_GOLD.match(miss)
    if not m or len(miss) < 200:
        return miss
    got, gold = m.group(2).split(), m.group(3).split()
    diff = [d[0] + d[2:] for d in difflib.ndiff(got, gold) if d[0] in "+-"]
    return f"{m.group(1)}: {' '.join(diff)[:300]}"


def run(files: list[Path], workers: int = 2) -> list[Report]:
    """Convert ``files`` and compare each with its gold."""
    with tempfile.TemporaryDirectory(prefix="layout_matrix_") as tmp:
        convert_to_dir(files, tmp, workers=workers, nlp=False)
        return compare_dir(Path(tmp), GOLD)


def print_layouts(layouts: dict[str, LayoutScore], misses: bool, out=sys.stdout) -> None:
    print(f"{'layout':38} files exact   rows        cells", file=out)
    for name, s in sorted(layouts.items()):
        print(f"{name:38} {s.files:>5} {s.exact_files:>5}   {s.rows:>4}/{s.gold_rows:<5}"
              f"  {s.cells:>5}/{s.gold_cells:<5}", file=out)
        if misses:
            for m in s.misses:
                print(f"    {compact(m)}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--only", action="append", metavar="VARIANT")
    args = parser.parse_args(argv)
    layouts = score_layouts(run(matrix_files(args.only)))
    print_layouts(layouts, args.misses)
    return 0 if all(s.exact_files == s.files for s in layouts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
