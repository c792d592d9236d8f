"""Memory of a batch against its number of files: the main process and each worker stay flat.

    python benchmarks/batch_memory.py --files 100 400 [--workers 2] [--nlp]

For each count, that many distinct small orders (made-up DOCX, varied content, so nothing is a
duplicate and caches do not flatter) are converted by ``roadmap500 convert`` under
``tests/hostile/peak_memory.py``, which prints the peak RSS of the whole process tree, of the
largest single process (a worker) and of the main process.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.make_corpus import roadmap_docx  # noqa: E402


def make_orders(folder: Path, count: int) -> None:
    """``count`` distinct orders of 5–30 rows."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        rows = [[str(k), f"Провести совещание {i}-{k} по плану школы № {k + i % 40}",
                 f"до {1 + k % 28:02d}.{1 + i % 12:02d}.2025", f"Отдел образования района {i % 17}"]
                for k in range(1, 5 + i % 26)]
        (folder / f"order_{i:05d}.docx").write_bytes(roadmap_docx(f"приказ {i}", rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--nlp", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.files:
            folder, out = Path(tmp) / f"in{count}", Path(tmp) / f"out{count}"
            make_orders(folder, count)
            command = [sys.executable, "-m", "tests.hostile.peak_memory", "--", sys.executable, "-m",
                       "roadmap500.cli", "convert", str(folder), "-o", str(out), "-q",
                       "-w", str(args.workers), *([] if args.nlp else ["--no-nlp"])]
            print(f"{count} files, {args.workers} workers, nlp {'on' if args.nlp else 'off'}:",
                  flush=True)
            subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
