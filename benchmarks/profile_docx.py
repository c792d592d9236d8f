"""Where the steady per-document time of a DOCX batch goes: cProfile of an in-process run.

    python benchmarks/profile_docx.py [--docx FILES …] [--n 50] [--top 40] [--sort tottime|cumulative] [--cold] [--repeat 5]

Files: a synthetic corpus of ``2 n + 5`` DOCX orders (``synthetic_corpus.py``, built on first
use in the temporary folder), or the files ``--docx`` names.  The models are loaded and five
other files converted first; then ``n`` files are timed without the profiler and ``n`` more
(never seen before, so no cache flatters) under it: the steady cost per document
(``speed.py``'s ``pipeline-docx-inproc`` also holds the first calls' one-off costs).  Prints the
wall time per document, the profile and the cumulative time of each pipeline stage.
``--cold`` empties the per-text caches (``normalize.memo``) before every document: the corpus
draws its cells from a pool of a few hundred gold rows, so caches kept across its documents
flatter it; cold, a document reuses only its own cells.  The loaded models are frozen out of the
garbage collector's way once before timing, as a worker process does at its start.  ``--repeat K`` times the same files K
times and prints the best and the median: this machine's speed itself varies by ±15 % from run
to run, so one run is not a figure.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# the stages of one document, by the function that runs each (file, function name)
STAGES = (
    ("extract/sniff.py", "sniff_format"),
    ("extract/docx.py", "read_docx"),
    ("normalize/tables.py", "assemble"),
    ("normalize/metadata.py", "extract_metadata"),
    ("normalize/definitions.py", "find_definitions"),
    ("normalize/document.py", "_normalize_row"),
    ("normalize/executors/__init__.py", "split_executors"),
    ("normalize/indicators.py", "parse_targets"),
    ("normalize/periods.py", "parse_period"),
    ("normalize/risks.py", "infer_risk_topics"),
    ("normalize/risks.py", "find_risk_directions"),
    ("normalize/schools/mentions.py", "find_mentions"),
    ("normalize/document.py", "_align_milestones"),
    ("schemas/writer.py", "activity_rows"),
    ("schemas/writer.py", "to_table"),
    ("roadmap500/pipeline.py", "convert_file"),
)


def cold_caches() -> None:
    """Empty the per-text caches as each document starts (``normalize.memo``'s ``document`` scope)."""
    from normalize.memo import SCOPE_VARIABLE

    os.environ[SCOPE_VARIABLE] = "document"


def _convert(files: list[Path]) -> None:
    from roadmap500.pipeline import convert_to_dir

    with tempfile.TemporaryDirectory(prefix="profile_docx_") as out:
        convert_to_dir(files, out, workers=0, timings=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx", type=Path, nargs="*", default=None)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--cold", action="store_true", help="per-text caches emptied before each document")
    parser.add_argument("--repeat", type=int, default=1,
                        help="timed runs over the same files (the machine is noisy: the best and the median are printed)")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500-corpus")
    args = parser.parse_args()
    if args.docx:
        files = list(args.docx)
        warm, timed, profiled = files[:5], files, files
    else:
        from synthetic_corpus import build_corpus
        files, _ = build_corpus(2 * args.n + 5, args.corpus / f"docx{2 * args.n + 5}-s0", pdf=False)
        warm, timed, profiled = files[:5], files[5:5 + args.n], files[5 + args.n:]
    from normalize.nlp import warm_up
    from roadmap500.heap import freeze_loaded

    warm_up()
    # as a worker process starts (roadmap500/workers.py): the loaded models frozen once, out of
    # the collector's way; without it each timed batch began with a full collection over them
    # (≈ 0.17 s per 50 documents, ≈ 3 ms/doc), which no worker pays per file
    freeze_loaded()
    if args.cold:
        cold_caches()
    _convert(warm)
    runs: list[tuple[float, float]] = []
    for _ in range(max(args.repeat, 1)):
        start, start_cpu = time.perf_counter(), time.process_time()
        _convert(timed)
        plain, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        runs.append((plain, cpu))
        print(f"{len(timed)} DOCX{' (per-text caches emptied before each)' if args.cold else ''}, {plain:.2f} s without the profiler: {1000 * plain / len(timed):.1f} ms/doc, "
              f"{len(timed) / plain:.1f} docs/s (CPU {1000 * cpu / len(timed):.1f} ms/doc)", flush=True)
    if len(runs) > 1:
        walls = sorted(1000 * wall / len(timed) for wall, _ in runs)
        cpus = sorted(1000 * cpu / len(timed) for _, cpu in runs)
        print(f"{len(runs)} runs: best {walls[0]:.1f} ms/doc ({1000 / walls[0]:.1f} docs/s), median {statistics.median(walls):.1f} "
              f"ms/doc ({1000 / statistics.median(walls):.1f} docs/s); CPU best {cpus[0]:.1f}, median {statistics.median(cpus):.1f} ms/doc; "
              f"load average {os.getloadavg()[0]:.2f}")
    profile = cProfile.Profile()
    profile.enable()
    _convert(profiled)
    profile.disable()
    files = profiled
    stats = pstats.Stats(profile)
    stats.sort_stats(args.sort).print_stats(args.top)
    print("stage (cumulative, under the profiler)        ms/doc")
    for (filename, _, name), (_, _, _, cumulative, _) in sorted(stats.stats.items()):
        for suffix, function in STAGES:
            if filename.endswith(suffix) and name == function:
                print(f"{suffix + ':' + function:45s} {1000 * cumulative / len(files):7.2f}")


if __name__ == "__main__":
    main()
