"""Same output before and after a speed change: dump, check and time ``read_document``.

    python benchmarks/finder_equivalence.py dump  OUT.json   # the reference, before a change
    python benchmarks/finder_equivalence.py check OUT.json   # after it: byte-identical or exit 1
    python benchmarks/finder_equivalence.py time [--repeat 3]  # CPU seconds per format

Files: ``samples/*.pdf``, ``samples/matrix/*/*.pdf`` and ``samples/*.docx``.  The dump is the
whole :class:`~extract.model.Document` of each file (blocks, tables with every cell's text,
row, col, spans, page, bbox, full lines, warnings, furniture) as sorted-key JSON.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract import read_document  # noqa: E402


def sample_files() -> list[Path]:
    """The sample and layout-matrix PDFs, then the sample DOCX files, in a fixed order."""
    samples = ROOT / "samples"
    return (
        sorted(samples.glob("*.pdf"))
        + sorted(samples.glob("matrix/*/*.pdf"))
        + sorted(samples.glob("*.docx"))
    )


def document_dump(path: Path) -> dict:
    """One file's Document as plain data, its source made relative to the repository."""
    doc = dataclasses.asdict(read_document(path, ocr=False))
    doc["source"] = str(path.relative_to(ROOT))
    return doc


def dump_text(files: list[Path]) -> str:
    """Every file's dump as one canonical JSON text."""
    return json.dumps(
        {str(p.relative_to(ROOT)): document_dump(p) for p in files},
        ensure_ascii=False, sort_keys=True, indent=1,
    )


def time_files(files: list[Path], repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` process CPU seconds to read all files of each suffix."""
    best: dict[str, float] = {}
    for suffix in sorted({p.suffix for p in files}):
        group = [p for p in files if p.suffix == suffix]
        for _ in range(repeat):
            start = time.process_time()
            for p in group:
                read_document(p, ocr=False)
            spent = time.process_time() - start
            best[suffix] = min(best.get(suffix, spent), spent)
        print(f"{suffix}: {len(group)} files, best CPU {best[suffix]:.3f} s, "
              f"{len(group) / best[suffix]:.1f} files/s")
    return best


def main(argv: list[str] | None = None) -> int:
    """Dump, check or time; exit 1 when ``check`` finds a difference."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["dump", "check", "time"])
    ap.add_argument("out", nargs="?", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = sample_files()
    if args.mode == "time":
        read_document(files[0], ocr=False)  # imports and lazy tables outside the timing
        time_files(files, args.repeat)
        return 0
    if args.out is None:
        ap.error("dump/check need an output file")
    text = dump_text(files)
    if args.mode == "dump":
        args.out.write_text(text, encoding="utf-8")
        print(f"dumped {len(files)} files to {args.out}")
        return 0
    reference = args.out.read_text(encoding="utf-8")
    if text == reference:
        print(f"identical: {len(files)} files")
        return 0
    old, new = json.loads(reference), json.loads(text)
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            print(f"DIFFERS: {name}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
