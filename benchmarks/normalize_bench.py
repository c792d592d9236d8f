"""CPU time of the per-document work after reading: ``normalize_document`` and the writer's rows.

    python benchmarks/normalize_bench.py [--n 50] [--repeat 7] [--stage all|assemble|metadata|milestones|rows]

The DOCX files of the synthetic corpus (``synthetic_corpus.py``, the one ``profile_docx.py``
uses) are read once (the reader is not timed); then each repeat converts every read document
cold, as ``profile_docx.py --cold`` does (``memo.document_started`` before each, its time
counted), and prints the CPU time per document of the stage asked for:

``all``         ``document_started`` + ``normalize_document`` + ``activity_rows``
``assemble``    ``tables.assemble``
``metadata``    ``tables.assemble``, the lines and cells cleaned, ``metadata.extract_metadata``
``milestones``  ``milestones.align_activity`` of every assembled row's activity
``rows``        ``activity_rows`` of the documents normalized before the timing

Run it against two checkouts in turns (``PYTHONPATH=<checkout> python <checkout>/benchmarks/…``)
to compare them: the reader's time, which it leaves out, hides a small change in the rest.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# the checkout under test comes from PYTHONPATH (or the installed one): only the corpus
# builder is taken from beside this file
sys.path.append(str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--stage", default="all", choices=("all", "assemble", "metadata", "milestones", "rows"))
    parser.add_argument("--profile", type=int, default=0, help="cProfile one more pass: the top N by own time")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500-corpus")
    args = parser.parse_args()
    from synthetic_corpus import build_corpus

    from extract import read_document
    from normalize.memo import SCOPE_VARIABLE, document_started
    from normalize.nlp import warm_up

    os.environ[SCOPE_VARIABLE] = "document"
    files, _ = build_corpus(2 * args.n + 5, args.corpus / f"docx{2 * args.n + 5}-s0", pdf=False)
    docs = [read_document(f) for f in files[5:5 + args.n]]
    warm_up()
    from normalize.document import normalize_document
    from normalize.milestones import align_activity
    from normalize.tables import assemble
    from normalize.metadata import extract_metadata
    from normalize.text import clean_text
    from schemas.writer import activity_rows

    for f in files[:5]:
        normalize_document(read_document(f))
    normalized = [normalize_document(d) for d in docs] if args.stage == "rows" else []
    activities = [[r.activity for r in assemble(d).rows] for d in docs] if args.stage == "milestones" else []

    def one(i: int) -> None:
        doc = docs[i]
        if args.stage == "all":
            document_started()
            result = normalize_document(doc)
            activity_rows(result.records, doc_id="d", source_file="f", meta=result.meta)
        elif args.stage == "assemble":
            document_started()
            assemble(doc)
        elif args.stage == "metadata":
            document_started()
            table = assemble(doc)
            lines = [clean_text(b.text) for b in doc.blocks if b.text.strip()]
            cells = [text for t in sorted(doc.tables, key=lambda t: t.order)
                     for text in (clean_text(c.text) for c in t.cells) if text]
            extract_metadata(lines, table_texts=cells, date_cells=[row.period_raw for row in table.rows])
        elif args.stage == "milestones":
            document_started()
            for activity in activities[i]:
                align_activity(activity)
        else:
            result = normalized[i]
            activity_rows(result.records, doc_id="d", source_file="f", meta=result.meta)

    from roadmap500.heap import frozen_heap

    with frozen_heap():  # as a conversion runs: the models out of the collector's way
        per_doc = _timed(one, len(docs), args.repeat)
        if args.profile:
            _profiled(one, len(docs), args.profile)
    if not per_doc:
        return
    print(f"{args.stage}: CPU ms/doc median {statistics.median(per_doc):.3f}, best {min(per_doc):.3f} "
          f"({', '.join(f'{t:.2f}' for t in per_doc)})")


def _timed(one, n: int, repeat: int) -> list[float]:
    """CPU ms per document of each of ``repeat`` passes over the ``n`` documents."""
    per_doc: list[float] = []
    for _ in range(repeat):
        start = time.process_time()
        for i in range(n):
            one(i)
        per_doc.append(1000 * (time.process_time() - start) / n)
    return per_doc


def _profiled(one, n: int, top: int) -> None:
    """One more pass under cProfile: the ``top`` functions by own time."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for i in range(n):
        one(i)
    profile.disable()
    pstats.Stats(profile).sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    main()
