"""Milliseconds per DOCX of the risk, topic and milestone readers alone.

    python benchmarks/risks_bench.py [--n 50] [--cold] [--repeat 5] [--checkout DIR] [--calls FILE] [--split]
                                     [--against DIR]

The arguments ``find_risk_directions``, ``infer_risk_topics`` and ``align_activity`` get while
the pipeline converts the synthetic corpus of ``2 n + 5`` DOCX (``synthetic_corpus.py``, as
``profile_docx.py`` builds it) are recorded in a first process; a fresh process then replays
the calls of the first ``n + 5`` documents (warm word caches, as in a batch) and times those of
the last ``n`` in CPU time (``--cold``: the per-text caches of ``normalize.memo`` emptied
before each document, as ``profile_docx.py --cold`` does).  Prints ms/doc per reader and a
digest of the answers, to compare two checkouts (``--checkout``: import the pipeline from that
working tree; ``--calls``: keep the recorded calls in FILE and reuse them if it exists).
``--against DIR``: time this tree's four modules against DIR's (loaded under other names in the
same process, sharing ``normalize.nlp``), document by document in alternating order, each
document cold for each: on a shared, busy machine a paired comparison within one process is
steadier than two processes' totals.  Prints both and their ratio (median of ``--repeat``).
"""
from __future__ import annotations

import argparse
import hashlib
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _record(files: list[Path], out: Path) -> None:
    """Convert ``files`` one by one; save each document's calls, in the pipeline's order."""
    import normalize.milestones as milestones
    import normalize.risk_topics as risk_topics
    import normalize.risks as risks
    from normalize.nlp import warm_up
    from roadmap500.pipeline import convert_to_dir

    calls: list[tuple] = []
    find, infer, align = risks.find_risk_directions, risk_topics.infer_risk_topics, milestones.align_activity

    def finding(texts, *, section=None, shared=None):
        calls.append(("find", tuple(texts), section, shared))
        return find(texts, section=section, shared=shared)

    def inferring(activity, *, indicator=None, explicit=()):
        calls.append(("infer", activity, indicator, tuple(explicit)))
        return infer(activity, indicator=indicator, explicit=explicit)

    def aligning(activity):
        calls.append(("align", activity))
        return align(activity)

    risks.find_risk_directions = finding
    risk_topics.infer_risk_topics = inferring
    milestones.align_activity = aligning
    warm_up()
    documents = []
    with tempfile.TemporaryDirectory(prefix="risks_bench_") as tmp:
        for path in files:
            calls.clear()
            convert_to_dir([path], tmp, workers=0, timings=False)
            documents.append(list(calls))
    out.write_bytes(pickle.dumps(documents))


def _replay(documents: list[list[tuple]], cold: bool, digest=None, split: bool = False) -> dict[str, float]:
    """CPU seconds over ``documents``: in all, or per reader (``split``: a clock read around
    every call, which costs about a microsecond a call)."""
    from normalize.memo import clear_text_caches
    from normalize.milestones import align_activity
    from normalize.risk_topics import infer_risk_topics
    from normalize.risks import find_risk_directions

    find = _finder(find_risk_directions)
    spent = {"find": 0.0, "infer": 0.0, "align": 0.0}
    clock = time.process_time
    total = 0.0
    for calls in documents:
        if cold:
            clear_text_caches()
        start = clock()
        for call in calls:
            kind = call[0]
            t0 = clock() if split else 0.0
            if kind == "find":
                got = find(call[1], call[2], call[3] if len(call) > 3 else None)
            elif kind == "infer":
                got = infer_risk_topics(call[1], indicator=call[2], explicit=call[3])
            else:
                got = align_activity(call[1])
            if split:
                spent[kind] += clock() - t0
            if digest is not None:
                digest.update(repr(got).encode())
        total += clock() - start
    spent["total"] = total
    return spent


_MODULES = ("risk_vocabulary", "risk_topics", "risks", "milestones")


def _load_reference(checkout: Path) -> dict[str, types.ModuleType]:
    """``checkout``'s risk and milestone modules, as modules named ``_reference_*``."""
    out = {}
    for name in _MODULES:
        path = checkout / "normalize" / f"{name}.py"
        source = path.read_text(encoding="utf-8")
        for other in _MODULES:
            source = source.replace(f"from normalize.{other} import", f"from _reference_{other} import")
        module = types.ModuleType(f"_reference_{name}")
        module.__file__ = str(path)
        sys.modules[module.__name__] = module
        exec(compile(source, str(path), "exec"), module.__dict__)
        out[name] = module
    return out


def _readers(modules: dict) -> tuple:
    return (_finder(modules["risks"].find_risk_directions), modules["risk_topics"].infer_risk_topics,
            modules["milestones"].align_activity)


def _finder(find):
    """``find(texts, section, shared)``: ``find_risk_directions`` given the recorded ``shared``
    cell where it takes one (a checkout before round 12 does not)."""
    import inspect

    if "shared" in inspect.signature(find).parameters:
        return lambda texts, section, shared: find(texts, section=section, shared=shared)
    return lambda texts, section, shared: find(texts, section=section)


def _paired(documents: list[list[tuple]], n: int, repeat: int, against: Path) -> None:
    """CPU time of this tree's readers and ``against``'s, document by document."""
    import normalize.milestones
    import normalize.risk_topics
    import normalize.risks
    from normalize.memo import clear_text_caches
    from normalize.nlp import warm_up

    warm_up()
    mine = _readers({"risks": normalize.risks, "risk_topics": normalize.risk_topics,
                     "milestones": normalize.milestones})
    theirs = _readers(_load_reference(against))

    def run(readers: tuple, calls: list[tuple]) -> tuple[float, list]:
        find, infer, align = readers
        clear_text_caches()
        out = []
        start = time.process_time()
        for call in calls:
            if call[0] == "find":
                out.append(find(call[1], call[2], call[3] if len(call) > 3 else None))
            elif call[0] == "infer":
                out.append(infer(call[1], indicator=call[2], explicit=call[3]))
            else:
                out.append(align(call[1]))
        return time.process_time() - start, out

    for calls in documents[:-n]:
        run(mine, calls), run(theirs, calls)
    totals = []
    for r in range(repeat):
        a = b = 0.0
        for k, calls in enumerate(documents[-n:]):
            first, second = (mine, theirs) if (k + r) % 2 == 0 else (theirs, mine)
            t1, out1 = run(first, calls)
            t2, out2 = run(second, calls)
            if r == 0:
                assert repr(out1) == repr(out2), "the two trees answer differently"
            a, b = (a + t1, b + t2) if first is mine else (a + t2, b + t1)
        totals.append((a, b))
    mine_ms = 1000 * statistics.median(a for a, _ in totals) / n
    theirs_ms = 1000 * statistics.median(b for _, b in totals) / n
    ratio = statistics.median(b / a for a, b in totals)
    print(f"paired, cold, CPU, {n} unseen DOCX, median of {repeat}: this tree {mine_ms:.3f} ms/doc, "
          f"{against} {theirs_ms:.3f} ms/doc: {ratio:.2f}x; answers identical")


def _measure(documents: list[list[tuple]], n: int, cold: bool, repeat: int, split: bool) -> None:
    from normalize.nlp import warm_up

    warm_up()
    _replay(documents[:-n], cold)
    digest = hashlib.sha256()
    _replay(documents[-n:], cold, digest)  # the answers, untimed
    runs = [_replay(documents[-n:], cold, split=split) for _ in range(repeat)]
    med = {k: 1000 * statistics.median(run[k] for run in runs) / n for k in runs[0]}
    mode = "CPU" + (", cold" if cold else "")
    parts = f"find {med['find']:.3f}, infer {med['infer']:.3f}, align {med['align']:.3f}; " if split else ""
    print(f"risks+topics+milestones: {med['total']:.3f} ms/doc {mode} over {n} unseen DOCX "
          f"({parts}median of {repeat}); digest {digest.hexdigest()[:16]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500-corpus")
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--calls", type=Path, default=None)
    parser.add_argument("--cold", action="store_true", help="per-text caches emptied before each document")
    parser.add_argument("--split", action="store_true", help="time each reader apart")
    parser.add_argument("--against", type=Path, default=None, help="another checkout to time against, paired")
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(args.checkout.resolve()))
    sys.path.insert(1, str(ROOT / "benchmarks"))
    from synthetic_corpus import build_corpus

    files, _ = build_corpus(2 * args.n + 5, args.corpus / f"docx{2 * args.n + 5}-s0", pdf=False)
    if args.record:
        _record(files, args.record)
        return
    with tempfile.TemporaryDirectory(prefix="risks_bench_") as tmp:
        recorded = args.calls or Path(tmp) / "calls.pickle"
        if not recorded.exists():
            subprocess.run([sys.executable, __file__, "--n", str(args.n), "--corpus", str(args.corpus),
                            "--checkout", str(args.checkout), "--record", str(recorded)], check=True)
        documents = pickle.loads(recorded.read_bytes())
    if args.against:
        _paired(documents, args.n, args.repeat, args.against)
    else:
        _measure(documents, args.n, args.cold, args.repeat, args.split)


if __name__ == "__main__":
    main()
