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
``--replay`` times the stages apart, in CPU time: each document's stage calls (its date cells'
scan, as the year vote makes it; the definitions of its text; every row's period, executors
cell — each distinct one once —, indicator and completion) are collected first, then replayed
pass after pass with the per-text caches emptied before each document, one clock reading per
stage and document (no wrapper around every call).
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
    parser.add_argument("--replay", action="store_true", help="each stage's calls replayed apart, CPU time")
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

    if args.replay:
        replay(docs, args.passes, args.root)
        return
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


def replay(docs, passes: int, root: Path) -> None:
    """``--replay``: CPU time of each stage's calls per document, cold (see the docstring)."""
    from normalize import completion, definitions, executors, indicators, metadata, periods, tables
    from normalize.document import _row_cells
    from normalize.memo import clear_text_caches
    from normalize.text import clean_text

    calls = []
    for doc in docs:
        table = tables.assemble(doc)
        lines = [clean_text(b.text) for b in doc.blocks if b.text.strip()]
        texts = [t for tb in sorted(doc.tables, key=lambda tb: tb.order) for t in (clean_text(c.text) for c in tb.cells) if t]
        meta = metadata.extract_metadata(lines, table_texts=texts, date_cells=[r.period_raw for r in table.rows])
        calls.append(("\n".join([*lines, *texts]), meta.year,
                      [(r.period_raw, r.activity, r.executors_raw, r.indicator, _row_cells(r)) for r in table.rows]))
    clock = time.process_time
    names = ("scan", "definitions", "periods", "executors", "indicators", "completion")

    def one_pass() -> dict[str, float]:
        spent = dict.fromkeys(names, 0.0)
        for full_text, year, rows in calls:
            clear_text_caches()
            getattr(periods._scan, "cache_clear", lambda: None)()
            t0 = clock()
            for raw, *_ in rows:
                if raw and raw.strip():
                    periods.scan(periods.prepare(raw).text)
            t1 = clock()
            defined = definitions.find_definitions(full_text)
            t2 = clock()
            for raw, activity, *_ in rows:
                periods.parse_period(raw, year=year, activity=activity)
            t3 = clock()
            split = {}
            for _, _, cell, _, _ in rows:
                if cell not in split:
                    split[cell] = executors.split_executors(cell, definitions=defined)
            t4 = clock()
            for _, _, _, indicator, _ in rows:
                indicators.parse_targets(indicator)
            t5 = clock()
            for *_, cells in rows:
                completion.is_done(*cells)
            t6 = clock()
            for name, value in zip(names, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
                spent[name] += value
        return {k: 1000 * v / len(calls) for k, v in spent.items()}

    one_pass()  # the per-word caches, as a run that has read a few orders has them
    runs = [one_pass() for _ in range(passes)]
    print(f"{root.resolve()}: {len(calls)} DOCX replayed, cold, CPU ms/doc, median of {passes} passes (all passes)")
    for name in names:
        values = [r[name] for r in runs]
        print(f"  {name:12s} {statistics.median(values):7.3f}   ({' '.join(f'{v:.3f}' for v in values)})")
    print(f"  {'together':12s} {statistics.median(sum(r.values()) for r in runs):7.3f}")


if __name__ == "__main__":
    main()
