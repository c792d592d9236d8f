"""Same dataset before and after a speed change: convert, then compare the Parquet files byte for byte.

    python benchmarks/output_equivalence.py dump  REF_DIR [PATHS …]   # the reference, before a change
    python benchmarks/output_equivalence.py check REF_DIR [PATHS …]   # after it: identical or exit 1

PATHS default to ``samples/`` (the sample orders as DOCX and PDF and the layout matrix).
Both runs use ``timings=False`` (the CLI's ``--no-timings``), so the same input gives the
same bytes; ``check`` converts into a temporary folder and compares ``activities.parquet``
and ``documents.parquet`` with REF_DIR's, naming the first differing rows when they differ.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from roadmap500.pipeline import convert_to_dir  # noqa: E402

OUTPUTS = ("activities.parquet", "documents.parquet")


def convert(paths: list[Path], outdir: Path, workers: int) -> None:
    """The dataset of ``paths`` in ``outdir``, without timings."""
    convert_to_dir(paths, outdir, workers=workers, timings=False)


def differences(ref: Path, new: Path) -> list[str]:
    """What differs between two output folders (empty when byte-identical)."""
    import pyarrow.parquet as pq

    found = []
    for name in OUTPUTS:
        if (ref / name).read_bytes() == (new / name).read_bytes():
            continue
        a, b = pq.read_table(ref / name).to_pylist(), pq.read_table(new / name).to_pylist()
        rows = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        found.append(f"{name}: {len(a)} vs {len(b)} rows; differing rows {rows[:10]}")
        for i in rows[:3]:
            cols = [k for k in a[i] if a[i][k] != b[i].get(k)]
            found.append(f"  row {i} columns {cols}: {[(a[i][k], b[i][k]) for k in cols[:3]]}")
    return found


def main() -> int:
    """Dump or check; exit 1 when the outputs differ."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("dump", "check"))
    parser.add_argument("ref", type=Path)
    parser.add_argument("paths", type=Path, nargs="*")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    paths = args.paths or [ROOT / "samples"]
    if args.mode == "dump":
        convert(paths, args.ref, args.workers)
        print(f"reference written to {args.ref}")
        return 0
    with tempfile.TemporaryDirectory(prefix="equivalence_") as tmp:
        convert(paths, Path(tmp), args.workers)
        found = differences(args.ref, Path(tmp))
    print("\n".join(found) if found else f"identical: {', '.join(OUTPUTS)}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
