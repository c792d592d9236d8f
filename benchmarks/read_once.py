"""Bytes read from disk and PDF opens per file by the pipeline, and its CPU time per file.

    python benchmarks/read_once.py [--repeat 5] [--files FILE ...]

For every file (default: ``samples/*.docx`` and ``samples/*.pdf``) it runs
``convert_file(path, nlp=False)`` in this process and reports, per file:

* ``read ×``: bytes the process read through ``read``-family calls (``rchar`` of
  ``/proc/self/io``, the median run) divided by the file's size: how many times the file is
  read (the batch's main process hashes each file once more, outside this figure);
* ``opens``: how many PDFium documents were opened (``pypdfium2.PdfDocument``);
* ``CPU ms``: the median CPU time of ``--repeat`` runs (the first, warming caches, is dropped).

Run it on two commits side by side to see what reading each file once saves.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rchar() -> int:
    """Bytes this process has read through read-family system calls."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    return 0


class OpenCounter:
    """Counts ``pypdfium2.PdfDocument`` constructions while installed."""

    def __init__(self) -> None:
        import pypdfium2 as pdfium

        self.count = 0
        self.original = pdfium.PdfDocument.__init__
        counter = self

        def counting_init(doc, *args, **kwargs):
            counter.count += 1
            return counter.original(doc, *args, **kwargs)

        pdfium.PdfDocument.__init__ = counting_init


def measure(path: Path, repeat: int, opens: OpenCounter) -> tuple[float, int, float, str]:
    """Read factor, PDFium opens, median CPU seconds and status of one file."""
    from roadmap500.pipeline import convert_file

    convert_file(path, nlp=False)  # warm
    runs = []
    for _ in range(repeat):
        opens.count = 0
        read0, cpu0 = rchar(), time.process_time()
        result = convert_file(path, nlp=False)
        runs.append((time.process_time() - cpu0, rchar() - read0, opens.count))
    runs.sort()
    cpu, read, n_opens = runs[len(runs) // 2]
    return read / path.stat().st_size, n_opens, cpu, result.status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=Path, nargs="*")
    args = parser.parse_args()
    files = args.files or sorted([*(ROOT / "samples").glob("*.docx"), *(ROOT / "samples").glob("*.pdf")])
    opens = OpenCounter()
    print("| file | KiB | read × | PDFium opens | CPU ms (median) | status |\n|---|---|---|---|---|---|")
    cpus = []
    for path in files:
        factor, n_opens, cpu, status = measure(path, args.repeat, opens)
        cpus.append(cpu)
        print(f"| {path.name} | {path.stat().st_size / 1024:.0f} | {factor:.2f} | {n_opens} | {cpu * 1000:.1f} | {status} |",
              flush=True)
    print(f"total CPU ms (sum of medians): {sum(cpus) * 1000:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
