"""Cold cost of the row parsers (executors, indicator targets, periods, definitions, completion) per DOCX document.

    python benchmarks/profile_rows.py [--n 50] [--passes 3] [--profile] [--top 40] [--root DIR] [--cpu]

The synthetic corpus of ``profile_docx.py`` is read once (extraction is not timed); then,
pass after pass, every document is normalized (``nlp=False``) with the per-text caches
(``normalize.memo``) emptied before it, and the wall time spent inside
``split_executors``, ``parse_targets``, ``parse_period``, ``find_definitions`` and ``is_done`` is summed per document (the
date cells' scan, ``periods._scan``, is emptied too: older commits kept it in a plain
``lru_cache`` that ``clear_text_caches`` did not reach).  Prints
the median over the passes, in ms/doc.  ``--profile`` runs one more pass with cProfile
switched on only inside those calls and prints its top functions by own time.
``--root`` imports the pipeline from another checkout (compare a branch with main back to
back with the same harness).  ``--cpu`` times with ``time.process_time`` (CPU time of the
process: the figure to compare on a shared machine) instead of ``time.perf_counter``.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = (("executors", "split_executors"), ("indicators", "parse_targets"), ("periods", "parse_period"),
          ("definitions", "find_definitions"), ("completion", "is_done"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--save", type=Path, default=None, help="write the profile's stats here")
    parser.add_argument("--root", type=Path, default=HERE.parent)
    parser.add_argument("--cpu", action="store_true", help="CPU time (time.process_time), not wall time")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500-corpus")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(HERE))
    from synthetic_corpus import build_corpus

    import normalize.document as document
    import normalize.periods as periods
    from extract import read_document
    from normalize.memo import clear_text_caches
    from normalize.nlp import warm_up

    files, _ = build_corpus(2 * args.n + 5, args.corpus / f"docx{2 * args.n + 5}-s0", pdf=False)
    docs = [read_document(f) for f in files[5:5 + args.n]]
    warm_up()
    for f in files[:5]:
        document.normalize_document(read_document(f), nlp=False)

    clock = time.process_time if args.cpu else time.perf_counter
    spent = dict.fromkeys((name for _, name in STAGES), 0.0)
    profile = cProfile.Profile()
    profiling = [False]

    def timed(fn, name):
        def wrapper(*a, **kw):
            if profiling[0]:
                profile.enable()
            t = clock()
            try:
                return fn(*a, **kw)
            finally:
                spent[name] += clock() - t
                if profiling[0]:
                    profile.disable()
        return wrapper

    for module, name in STAGES:
        mod = getattr(document, module)
        if hasattr(mod, name):  # an older checkout may lack a stage
            setattr(mod, name, timed(getattr(mod, name), name))

    def one_pass() -> dict[str, float]:
        for k in spent:
            spent[k] = 0.0
        start = clock()
        for doc in docs:
            clear_text_caches()
            periods._scan.cache_clear()  # a text cache since 0d91be3; before, a plain lru_cache
            document.normalize_document(doc, nlp=False)
        total = clock() - start
        return {**{k: 1000 * v / len(docs) for k, v in spent.items()},
                "normalize_document(nlp=False)": 1000 * total / len(docs)}

    runs = [one_pass() for _ in range(args.passes)]
    print(f"{args.root.resolve()}: {len(docs)} DOCX, per-text caches emptied before each, "
          f"median of {args.passes} passes (ms/doc; all passes)")
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"  {key:32s} {statistics.median(values):7.2f}   ({' '.join(f'{v:.2f}' for v in values)})")
    print(f"  {'the stages together':32s} {statistics.median(sum(r[n] for _, n in STAGES) for r in runs):7.2f}")
    if args.profile:
        profiling[0] = True
        one_pass()
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(args.top)
        print("stage (cumulative, under the profiler)        ms/doc")
        for (filename, _, name), (_, _, _, cumulative, _) in sorted(stats.stats.items()):
            for module, function in STAGES:
                if name == function and filename.endswith(f"normalize/{module}.py") \
                        or name == function and filename.endswith(f"normalize/{module}/__init__.py"):
                    print(f"  {function:32s} {1000 * cumulative / len(docs):7.2f}")
        if args.save:
            profile.dump_stats(args.save)


if __name__ == "__main__":
    main()
