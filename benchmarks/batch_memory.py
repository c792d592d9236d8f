"""Memory of a batch against its number of files: the main process and each worker stay flat.

    python benchmarks/batch_memory.py --files 100 2000 [--workers 2] [--pdf-every 10] [--nlp]

For each count, that many distinct small orders are converted by ``roadmap500 convert`` under
``tests/hostile/peak_memory.py``, which prints the peak RSS of the whole process tree, of the
largest single process (a worker) and of the main process.  The orders are made-up DOCX of
5–30 rows with varied text (made from a few python-docx templates by rewriting their text,
so 2,000 files take seconds to make, and no two share a content hash); every
``--pdf-every``-th file is a sample PDF with a distinct comment after its end marker (a new
content hash, the whole PDF path run).  Under a load average of ~14 on 2 cores, making the
2,000 files took 211 s and converting 100 took 86 s (2,000 not timed: run it on an idle machine).
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.make_corpus import replace_in_part, roadmap_docx  # noqa: E402

_ROW_COUNTS = (5, 12, 21, 30)
_MARK = "Ж7Ж"  # stands for the file number in a template's text


def _templates() -> list[bytes]:
    """One DOCX per row count, with ``_MARK`` where each file's number goes."""
    out = []
    for n in _ROW_COUNTS:
        rows = [[str(k), f"Провести совещание {_MARK}-{k} по плану школы № {k}",
                 f"до {1 + k % 28:02d}.{1 + k % 12:02d}.2025", f"Отдел образования района {_MARK}"]
                for k in range(1, n + 1)]
        out.append(roadmap_docx(f"приказ {_MARK}", rows))
    return out


def _vary(template: bytes, i: int) -> bytes:
    """The template with the file number written into its text."""
    return replace_in_part(template, "word/document.xml", _MARK.encode(), str(i).encode())


def make_orders(folder: Path, count: int, pdf_every: int = 0) -> None:
    """``count`` distinct orders: DOCX of 5–30 rows, every ``pdf_every``-th a sample PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    templates = _templates()
    pdfs = [p.read_bytes() for p in sorted((ROOT / "samples").glob("*.pdf"))]
    for i in range(count):
        if pdf_every and i % pdf_every == pdf_every - 1:
            pdf = pdfs[i % len(pdfs)]
            (folder / f"order_{i:05d}.pdf").write_bytes(pdf + f"\n% copy {i}\n".encode())
        else:
            (folder / f"order_{i:05d}.docx").write_bytes(_vary(templates[i % len(templates)], i))


_PEAK = re.compile(r"peak RSS of the process tree (\d+) MiB, largest single process (\d+) MiB, main process (\d+) MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdf-every", type=int, default=10, help="every N-th file a PDF (0: DOCX only)")
    parser.add_argument("--nlp", action="store_true")
    args = parser.parse_args()
    peaks = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.files:
            folder, out = Path(tmp) / f"in{count}", Path(tmp) / f"out{count}"
            started = time.monotonic()
            make_orders(folder, count, args.pdf_every)
            made = time.monotonic() - started
            command = [sys.executable, "-m", "tests.hostile.peak_memory", "--", sys.executable, "-m",
                       "roadmap500.cli", "convert", str(folder), "-o", str(out), "-q",
                       "-w", str(args.workers), *([] if args.nlp else ["--no-nlp"])]
            print(f"{count} files ({count // args.pdf_every if args.pdf_every else 0} PDFs, made in {made:.1f} s), "
                  f"{args.workers} workers, nlp {'on' if args.nlp else 'off'}:", flush=True)
            done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            said = [line for line in done.stderr.splitlines() if line.startswith("peak_memory:")]
            print("  " + (said[-1] if said else done.stderr.strip()[-500:]), flush=True)
            found = _PEAK.search(said[-1]) if said else None
            if found:
                peaks[count] = tuple(int(g) for g in found.groups())
    if len(peaks) >= 2:
        (small, a), (large, b) = min(peaks.items()), max(peaks.items())
        print(f"from {small} to {large} files: process tree {a[0]} -> {b[0]} MiB, largest single process "
              f"{a[1]} -> {b[1]} MiB, main process {a[2]} -> {b[2]} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
