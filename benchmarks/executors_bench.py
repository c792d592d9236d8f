"""Milliseconds per executors cell: ``split_executors`` over the sample gold cells and the
real cells of ``tests/data/real_executors.toml`` (when present).

    python benchmarks/executors_bench.py [--repeat R] [--gold-only]

Prints the cold pass (empty morphology caches, models loaded) and the median warm pass,
in ms per cell, with the git commit the figures were taken on.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cells(gold_only: bool = False) -> list[str]:
    """Every non-empty executors cell of the sample gold, then the real cells."""
    cells = []
    for path in sorted((ROOT / "samples" / "source" / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw = json.loads(line)["executors_raw"]
                if raw:
                    cells.append(raw)
    real = ROOT / "tests" / "data" / "real_executors.toml"
    if real.exists() and not gold_only:
        cells.extend(c["raw"] for c in tomllib.loads(real.read_text(encoding="utf-8"))["cell"])
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gold-only", action="store_true",
                        help="only the sample gold cells (to compare with commits before the real cells)")
    args = parser.parse_args()
    from normalize.executors import split_executors
    from normalize.nlp import morph_vocab
    morph_vocab()  # model load is not the parser's cost
    cells = _cells(args.gold_only)
    start = time.perf_counter()
    for cell in cells:
        split_executors(cell)
    cold = (time.perf_counter() - start) * 1000 / len(cells)
    warm = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for cell in cells:
            split_executors(cell)
        warm.append((time.perf_counter() - start) * 1000 / len(cells))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    print(f"commit {commit}: {len(cells)} cells; cold {cold:.2f} ms/cell; "
          f"warm median {statistics.median(warm):.3f} ms/cell over {args.repeat} passes")


if __name__ == "__main__":
    main()
