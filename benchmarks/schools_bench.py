"""Milliseconds per DOCX of the school finder alone (``normalize.schools.find_mentions``).

    python benchmarks/schools_bench.py [--n 50] [--profile] [--cold] [--resolve] [--checkout DIR] [--texts FILE]

The texts ``find_mentions`` is given while the pipeline converts the synthetic corpus of
``2 n + 5`` DOCX (``synthetic_corpus.py``, as ``profile_docx.py`` builds it) are recorded in
a first process; a fresh process then feeds it the texts of the first ``n + 5`` documents
(warm caches, as in a batch) and times those of the last ``n`` (never seen, so no cache
flatters), in CPU time (``--profile``: under cProfile, as ``profile_docx.py`` measures
stages).  Prints ms/doc and a digest of the mentions found, to compare two checkouts
(``--checkout``: import the pipeline from that working tree, e.g. main's, with its venv's python;
``--texts``: keep the recorded texts in FILE and reuse them if it exists, for repeated runs;
``--resolve``: time ``resolve_mentions(find_mentions(text))``, as the pipeline's school step
does for the document's text and each row, instead of ``find_mentions`` alone).
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def _record(files: list[Path], out: Path) -> None:
    """Convert ``files`` one by one; save the texts each gave ``find_mentions``."""
    import normalize.schools as schools
    import normalize.schools.resolve as resolve
    from normalize.nlp import warm_up
    from roadmap500.pipeline import convert_to_dir

    calls: list[str] = []
    plain = schools.find_mentions

    def recording(text: str) -> list:
        calls.append(text)
        return plain(text)

    schools.find_mentions = resolve.find_mentions = recording
    warm_up()
    documents = []
    with tempfile.TemporaryDirectory(prefix="schools_bench_") as tmp:
        for path in files:
            calls.clear()
            convert_to_dir([path], tmp, workers=0, timings=False)
            documents.append(list(calls))
    out.write_bytes(pickle.dumps(documents))


def _measure(documents: list[list[str]], n: int, profile: bool, cold: bool = False,
             resolve: bool = False) -> None:
    """Warm on all but the last ``n`` documents, then time the last ``n`` (``cold``: the
    per-text caches of ``normalize.memo`` emptied before each document)."""
    from normalize.memo import clear_text_caches
    from normalize.nlp import warm_up
    from normalize.schools import find_mentions, resolve_mentions

    def step(text: str) -> object:
        return resolve_mentions(find_mentions(text)) if resolve else find_mentions(text)

    warm_up()
    for texts in documents[:-n]:
        for text in texts:
            step(text)
    digest = hashlib.sha256()
    profiler = cProfile.Profile() if profile else None
    clock = time.perf_counter if profile else time.process_time
    if profiler:
        profiler.enable()
    start = clock()
    for texts in documents[-n:]:
        if cold:
            clear_text_caches()
        for text in texts:
            digest.update(repr(step(text)).encode())
    elapsed = clock() - start
    if profiler:
        profiler.disable()
    mode = ("under cProfile (wall)" if profile else "CPU") + (", cold" if cold else "")
    print(f"{'resolve_mentions(find_mentions)' if resolve else 'find_mentions'}: {1000 * elapsed / n:.2f} ms/doc {mode} over {n} unseen DOCX; "
          f"mentions digest {digest.hexdigest()[:16]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500-corpus")
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--texts", type=Path, default=None)
    parser.add_argument("--cold", action="store_true", help="per-text caches emptied before each document")
    parser.add_argument("--resolve", action="store_true", help="time resolve_mentions(find_mentions(text))")
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(args.checkout.resolve()))
    from synthetic_corpus import build_corpus

    files, _ = build_corpus(2 * args.n + 5, args.corpus / f"docx{2 * args.n + 5}-s0", pdf=False)
    if args.record:
        _record(files, args.record)
        return
    with tempfile.TemporaryDirectory(prefix="schools_bench_") as tmp:
        recorded = args.texts or Path(tmp) / "texts.pickle"
        if not recorded.exists():
            subprocess.run([sys.executable, __file__, "--n", str(args.n), "--corpus", str(args.corpus),
                            "--checkout", str(args.checkout), "--record", str(recorded)], check=True)
        documents = pickle.loads(recorded.read_bytes())
    _measure(documents, args.n, args.profile, args.cold, args.resolve)


if __name__ == "__main__":
    main()
