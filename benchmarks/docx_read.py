"""The reading stage of a DOCX alone: ``sniff_format`` and ``read_docx`` per document.

    python benchmarks/docx_read.py [--root TREE] [--docx FILES …] [--repeat 5] [--profile] [--forget]

Files: the DOCX ``--docx`` names, else the synthetic corpus ``profile_docx.py`` builds
(``docx105-s0`` in the temporary folder).  Each file's bytes are read first, then every file
is sniffed and read as the pipeline does (the same bytes object to both); the best of
``--repeat`` rounds is printed in CPU ms/doc for each stage (CPU time: the machine is shared),
then (``--profile``) the same under cProfile, as ``profile_docx.py`` counts them.  ``--root`` runs another checkout's code (e.g. main,
with its own venv's python) for a side-by-side comparison.  ``--forget`` drops what the
reader remembers of the packages before each document (``extract.docx.forget_templates``):
every package read as if its template were new.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--docx", type=Path, nargs="*", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--forget", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    from extract.docx import read_docx
    from extract.sniff import sniff_format

    import extract.docx

    # a checkout without it remembers nothing across documents
    forget = getattr(extract.docx, "forget_templates", None) if args.forget else None

    files = args.docx or sorted((Path(tempfile.gettempdir()) / "roadmap500-corpus" / "docx105-s0"
                                 / "docx").glob("*.docx"))
    inputs = [(path, path.read_bytes()) for path in files]

    def round_trip() -> tuple[float, float]:
        sniff = read = 0.0
        for path, data in inputs:
            if forget is not None:
                forget()
            start = time.process_time()
            sniff_format(path, data)
            middle = time.process_time()
            read_docx(path, data)
            read += time.process_time() - middle
            sniff += middle - start
        return sniff, read

    round_trip()  # first calls: imports, caches
    rounds = [round_trip() for _ in range(args.repeat)]
    sniff, read = min(r[0] for r in rounds), min(r[1] for r in rounds)
    n = len(inputs)
    print(f"{args.root}: {n} DOCX, best of {args.repeat}: sniff_format {1000 * sniff / n:.2f} "
          f"+ read_docx {1000 * read / n:.2f} = {1000 * (sniff + read) / n:.2f} ms/doc")
    if args.profile:
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        round_trip()
        profile.disable()
        stats = pstats.Stats(profile).stats
        for (filename, _, name), (_, _, _, cumulative, _) in sorted(stats.items()):
            if (filename.endswith("extract/sniff.py") and name == "sniff_format") \
                    or (filename.endswith("extract/docx.py") and name == "read_docx"):
                print(f"  under cProfile: {name:13s} {1000 * cumulative / n:6.2f} ms/doc")


if __name__ == "__main__":
    main()
