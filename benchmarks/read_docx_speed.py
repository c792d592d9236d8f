"""The DOCX reader's own cost: sniff_format and read_docx per file, bytes already in memory.

    python benchmarks/read_docx_speed.py [FILES or FOLDERS …] [--repeat 3] [--profile] [--root DIR]

Default files: the synthetic corpus's DOCX (``synthetic_corpus.py``) if built, else the
samples.  Each round reads every file once (sniff, then read, the way the pipeline does);
prints CPU ms (process time: a loaded machine inflates it less than wall time) per
document of each stage, the median round of ``--repeat``.  ``--root`` times
the reader of another checkout (e.g. main, with its own venv's python), for a side-by-side.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_root = sys.argv[sys.argv.index("--root") + 1] if "--root" in sys.argv else str(ROOT)
sys.path.insert(0, _root)

from extract.docx import read_docx  # noqa: E402
from extract.sniff import sniff_format  # noqa: E402


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(path.rglob("*.docx")) if path.is_dir() else [path])
    return out


def one_round(blobs: list[tuple[Path, bytes]]) -> tuple[float, float]:
    """Seconds spent in sniff_format and in read_docx over every file."""
    sniff = read = 0.0
    for path, data in blobs:
        t0 = time.process_time()
        sniff_format(path, data)
        t1 = time.process_time()
        read_docx(path, data)
        t2 = time.process_time()
        sniff += t1 - t0
        read += t2 - t1
    return sniff, read


def main() -> int:
    """Time (or profile) the reader over the files."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=Path, nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose reader is timed")
    args = parser.parse_args()
    files = _files(args.paths or [ROOT / "samples"])
    blobs = [(path, path.read_bytes()) for path in files]
    one_round(blobs[:3])  # imports, first-call costs
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(one_round, blobs)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        return 0
    rounds = [one_round(blobs) for _ in range(args.repeat)]
    n = len(blobs)
    sniff = statistics.median(r[0] for r in rounds) * 1000 / n
    read = statistics.median(r[1] for r in rounds) * 1000 / n
    best = min(rounds, key=sum)
    print(f"{args.root}: {n} DOCX, median of {args.repeat} rounds: sniff_format {sniff:.2f} ms/doc, "
          f"read_docx {read:.2f} ms/doc, together {sniff + read:.2f} ms/doc; fastest round "
          f"{best[0] * 1000 / n:.2f} + {best[1] * 1000 / n:.2f} ms/doc")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
