"""The native RTF reader against LibreOffice's RTF import, on the .rtf twins of the samples.

    python benchmarks/rtf_native.py [--twins DIR] [--repeat 5]

For every ``.rtf`` twin (built into ``--twins`` with ``samples/make_twins.py``'s
``legacy_twins`` when missing) it prints the median seconds, wall and CPU of this process
plus its children, over ``--repeat`` runs of

* ``native``: ``extract.rtf.read_rtf`` on the bytes (what ``extract.legacy`` now does);
* ``LibreOffice``: the long-lived listener converting to DOCX plus ``read_docx`` on the
  result (the fallback path; the listener is started and warmed first, as in a worker);
* ``DOCX``: ``read_docx`` on the sample DOCX the twin was made from (the baseline);

and whether ``convert_file`` gives exactly the DOCX's rows (every field) from the twin read
natively and read through LibreOffice.

``--matrix`` instead converts every DOCX of ``samples/matrix`` (the layout variants: merged
cells, split tables, rotated headers …) to RTF and lists each file whose native document
differs from its DOCX's (text blocks, and tables cell by cell with spans and pages).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from extract import legacy  # noqa: E402
from extract.docx import read_docx  # noqa: E402
from extract.rtf import read_rtf  # noqa: E402
from samples.make_twins import legacy_twins, sample_stems  # noqa: E402
from proc_cpu import group_cpu  # noqa: E402

SAMPLES = HERE.parent / "samples"


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (the listener's are not)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _office_cpu() -> float:
    """CPU seconds of the running LibreOffice listener's process group (0 without one)."""
    return group_cpu(legacy._LISTENER.office.pid) if legacy._LISTENER is not None else 0.0


def timed(run, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``run()``."""
    walls, cpus = [], []
    for _ in range(repeat):
        c0, o0, t0 = _cpu(), _office_cpu(), time.perf_counter()
        run()
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0 + _office_cpu() - o0)
    return statistics.median(walls), statistics.median(cpus)


def through_libreoffice(path: Path) -> None:
    """The fallback path: the listener converts to DOCX, the DOCX backend reads it."""
    converted = legacy.convert_to_docx(path.read_bytes(), "rtf", legacy.TIMEOUT, legacy.find_soffice())
    read_docx(path.with_suffix(".docx"), converted)


def rows(path: Path) -> list[tuple]:
    """Every field of every activity row ``convert_file`` gives, in order."""
    from roadmap500.pipeline import convert_file

    result = convert_file(path, nlp=False)
    keep = [{k: v for k, v in r.items() if k not in ("doc_id", "source_file")} for r in result.activities]
    return [tuple(sorted((k, str(v)) for k, v in r.items())) for r in sorted(keep, key=lambda r: r["row_index"])]


def _layout(doc) -> tuple[list, list]:
    """A document's blocks and tables as comparable tuples (column lines left out: RTF keeps
    them in whole twips, DOCX in its own grid widths)."""
    blocks = [(b.text, b.page, b.order) for b in doc.blocks]
    tables = [((t.n_rows, t.n_cols, t.order, t.page),
               [(c.text, c.row, c.col, c.row_span, c.col_span, c.page) for c in t.cells]) for t in doc.tables]
    return blocks, tables


def matrix(folder: Path) -> int:
    """Compare native RTF documents with their DOCX on every layout variant; 1 if any differs."""
    from extract.rtf_tokens import RtfError

    folder.mkdir(parents=True, exist_ok=True)
    soffice, differ, files = legacy.find_soffice(), 0, sorted((SAMPLES / "matrix").glob("*/*.docx"))
    for docx in files:
        twin = folder / f"{docx.parent.name}__{docx.stem}.rtf"
        if not twin.exists():
            twin.write_bytes(legacy.convert_with_soffice(docx.read_bytes(), "docx", "rtf", soffice=soffice)
                             if legacy._LISTENER is None and not legacy.listener_available() else
                             _listener(soffice).convert(docx.read_bytes(), "docx", "rtf", legacy.TIMEOUT))
        try:
            native = _layout(read_rtf(twin.read_bytes(), str(twin)))
        except RtfError as exc:
            print(f"{twin.name}: refused ({exc})")
            differ += 1
            continue
        expected = _layout(read_docx(docx))
        if native != expected:
            differ += 1
            what = [name for name, a, b in zip(("blocks", "tables"), native, expected) if a != b]
            first = next(((a, b) for a, b in zip(native[0], expected[0]) if a != b), None)
            converted = _listener(soffice).convert(twin.read_bytes(), "rtf", "docx", legacy.TIMEOUT)
            office = _layout(read_docx(twin.with_suffix(".docx"), converted))
            print(f"{twin.name}: {' and '.join(what)} differ" + (f"; first block {first[0]!r} against the DOCX's "
                                                                  f"{first[1]!r}" if first else "")
                  + f"; LibreOffice reads this RTF {'the same' if office == native else 'otherwise'}")
    print(f"{len(files) - differ} of {len(files)} layout variants give the DOCX's document natively")
    return 1 if differ else 0


def _listener(soffice: str):
    """This process's LibreOffice listener, started when needed."""
    if legacy._LISTENER is None:
        legacy.convert_to_docx((SAMPLES / f"{sample_stems()[0]}.docx").read_bytes(), "docx", legacy.TIMEOUT, soffice)
    return legacy._LISTENER


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--twins", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500_rtf_twins")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--matrix", action="store_true", help="compare documents on samples/matrix instead")
    args = parser.parse_args()
    if args.matrix:
        return matrix(args.twins / "matrix")
    stems = sample_stems()
    for stem in stems:
        if not (args.twins / f"{stem}.rtf").exists():
            legacy_twins(SAMPLES / f"{stem}.docx", args.twins, ("rtf",))
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores, median of {args.repeat} runs")
    through_libreoffice(args.twins / f"{stems[0]}.rtf")  # start and warm the listener
    print("| twin | KiB | native s (CPU) | LibreOffice s (CPU) | DOCX s (CPU) | native rows = DOCX | "
          "LibreOffice rows = DOCX |\n|---|---|---|---|---|---|---|")
    all_equal = True
    for stem in stems:
        twin, docx = args.twins / f"{stem}.rtf", SAMPLES / f"{stem}.docx"
        data = twin.read_bytes()
        native = timed(lambda: read_rtf(data, str(twin)), args.repeat)
        office = timed(lambda: through_libreoffice(twin), args.repeat)
        base = timed(lambda: read_docx(docx), args.repeat)
        expected = rows(docx)
        native_equal = rows(twin) == expected
        original = legacy._read_rtf_natively
        legacy._read_rtf_natively = lambda path, data: (None, None)  # the LibreOffice path
        try:
            office_equal = rows(twin) == expected
        finally:
            legacy._read_rtf_natively = original
        all_equal &= native_equal and office_equal and bool(expected)
        print(f"| {stem[:3]} | {len(data) // 1024} | {native[0]:.3f} ({native[1]:.3f}) | {office[0]:.3f} "
              f"({office[1]:.3f}) | {base[0]:.3f} ({base[1]:.3f}) | {native_equal} ({len(expected)} rows) | "
              f"{office_equal} |", flush=True)
    return 0 if all_equal else 1


if __name__ == "__main__":
    sys.exit(main())
