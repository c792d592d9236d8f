"""Instructions a cold DOCX conversion costs, per document: a figure this machine's drift does not move.

    python benchmarks/instructions.py [--n 40] [--checkout DIR …]

CPU time on this machine drifts by a third from hour to hour and by ±15 % from run to run, so a
change of a few per cent cannot be seen in seconds.  Valgrind's instruction count (``cachegrind
--cache-sim=no``) is steady to ≈ 0.5 %.  For each checkout (default: this one) the script runs,
under valgrind with ``PYTHONHASHSEED=0``, the same process twice: once loading the models and
converting 5 warm-up files of the synthetic corpus (``synthetic_corpus.py``), once doing that and
then converting ``n`` unseen files of it in process with the per-text caches emptied before each
(``ROADMAP500_TEXT_CACHE=document``, as ``profile_docx.py --cold``).  The difference divided by
``n`` is the steady cost of a document: reading, every field, NLP and the Parquet rows.  The runs of
all checkouts go two at a time (valgrind is single-threaded; the count does not depend on load).
Needs ``valgrind`` (Debian package ``valgrind``); a few minutes for two checkouts.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WARM = 5

# what the process under valgrind runs: the checkout comes first on sys.path, the corpus builder
# from beside this file (the same files for every checkout)
_CHILD = """
import os, sys, tempfile
from pathlib import Path
checkout, bench, corpus, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, checkout); sys.path.append(bench)
from synthetic_corpus import build_corpus
files, _ = build_corpus(WARM + N_MAX, Path(corpus), pdf=False)
from normalize.nlp import warm_up
warm_up()
from roadmap500.pipeline import convert_to_dir
with tempfile.TemporaryDirectory() as out:
    convert_to_dir(files[:WARM], out, workers=0, timings=False)
if n:
    with tempfile.TemporaryDirectory() as out:
        convert_to_dir(files[WARM:WARM + n], out, workers=0, timings=False)
"""


def _instructions(checkout: Path, n: int, corpus: Path, scratch: Path) -> int:
    """Instructions of the whole child process converting the warm-up files and then ``n``."""
    script = scratch / "child.py"
    out = scratch / f"cachegrind.{checkout.name}.{n}.out"
    env = {**os.environ, "PYTHONHASHSEED": "0", "ROADMAP500_TEXT_CACHE": "document",
           "PYTHONPATH": str(checkout)}
    run = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}",
         sys.executable, str(script), str(checkout), str(ROOT / "benchmarks"), str(corpus), str(n)],
        cwd=checkout, env=env, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if run.returncode != 0 or not found:
        raise SystemExit(f"{checkout} n={n}: valgrind exit {run.returncode}\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="unseen documents counted")
    parser.add_argument("--checkout", type=Path, nargs="*", default=[ROOT],
                        help="trees to count (each its own code on PYTHONPATH)")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500-corpus")
    args = parser.parse_args()
    n_max = max(args.n, 100)  # at least the corpus of profile_docx.py's default size, built once
    corpus = args.corpus / f"docx{WARM + n_max}-s0"
    with tempfile.TemporaryDirectory(prefix="instructions_") as tmp:
        scratch = Path(tmp)
        (scratch / "child.py").write_text(_CHILD.replace("WARM", str(WARM)).replace("N_MAX", str(n_max)))
        jobs = [(checkout.resolve(), n) for checkout in args.checkout for n in (0, args.n)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            counts = list(pool.map(lambda job: _instructions(job[0], job[1], corpus, scratch), jobs))
    by_checkout = {}
    for (checkout, n), count in zip(jobs, counts):
        by_checkout.setdefault(checkout, {})[n] = count
    first = None
    print(f"| checkout | commit | instructions, warm-up only | with {args.n} cold documents | per document | vs the first |")
    print("|---|---|---|---|---|---|")
    for checkout, runs in by_checkout.items():
        per_doc = (runs[args.n] - runs[0]) / args.n
        first = first or per_doc
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=checkout,
                                capture_output=True, text=True).stdout.strip()
        print(f"| {checkout} | {commit} | {runs[0] / 1e6:,.0f} M | {runs[args.n] / 1e6:,.0f} M "
              f"| {per_doc / 1e6:.2f} M | {per_doc / first:.3f} |")


if __name__ == "__main__":
    main()
