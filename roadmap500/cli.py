"""The command line: ``roadmap500 convert`` and ``roadmap500 inspect``."""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from roadmap500 import __version__


def _progress(results, total: int):
    from tqdm import tqdm

    bar = tqdm(results, total=total, unit="file", desc="converting", file=sys.stderr,
               disable=total == 0 or None)
    for result in bar:
        doc = result.document
        bar.set_postfix_str(f"{Path(doc['source_file']).name}: {doc['status']}", refresh=False)
        yield result


def _summary(documents, out=None) -> int:
    """Print one line per file and the totals; return the exit code."""
    out = out or sys.stdout
    rows = documents.to_pylist()
    width = max((len(r["source_file"]) for r in rows), default=10)
    print(f"{'file':<{width}}  {'status':<9} {'rows':>5} {'warn':>5}  note", file=out)
    for r in rows:
        note = r["error"] or ", ".join(f"{r[k]}" for k in ("region", "order_type", "order_number")
                                       if r[k])
        print(f"{r['source_file']:<{width}}  {r['status']:<9} {r['n_activities']:>5} "
              f"{r['n_warnings']:>5}  {note}", file=out)
    statuses = Counter(r["status"] for r in rows)
    total_rows = sum(r["n_activities"] for r in rows)
    print(f"\n{len(rows)} files: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
          + f"; {total_rows} activities", file=out)
    return 0 if rows and statuses.get("ok", 0) == len(rows) else 1


def cmd_convert(args: argparse.Namespace) -> int:
    from roadmap500.pipeline import convert_to_dir, discover

    files = discover(args.paths)
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"roadmap500: {p}: no such file or folder", file=sys.stderr)
    if not files:
        print("roadmap500: no input files found", file=sys.stderr)
        return 2
    _, documents = convert_to_dir(files, args.output, workers=args.workers, nlp=not args.no_nlp,
                                  ocr=not args.no_ocr,
                                  progress=None if args.quiet else _progress)
    code = _summary(documents)
    print(f"wrote {Path(args.output) / 'activities.parquet'} and "
          f"{Path(args.output) / 'documents.parquet'}")
    return 2 if missing else code


def cmd_inspect(args: argparse.Namespace) -> int:
    from roadmap500.inspect import inspect_file

    return inspect_file(Path(args.file), png_dir=Path(args.png) if args.png else None,
                        max_rows=args.rows)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="roadmap500",
        description="Turn «500+» roadmap orders (DOCX, PDF) into a normalized Parquet dataset.")
    parser.add_argument("--version", action="version", version=f"roadmap500 {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    convert = sub.add_parser("convert", help="convert files and folders (recursively)")
    convert.add_argument("paths", nargs="+", help="files or folders of orders")
    convert.add_argument("-o", "--output", required=True, help="output folder")
    convert.add_argument("-w", "--workers", type=int, default=min(4, os.cpu_count() or 1),
                         help="worker processes (default: min(4, cores))")
    convert.add_argument("--no-nlp", action="store_true",
                         help="skip risk directions and schools (the natasha step)")
    convert.add_argument("--no-ocr", action="store_true",
                         help="do not OCR scanned pages (a scan stays needs_ocr)")
    convert.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    convert.set_defaults(func=cmd_convert)

    inspect = sub.add_parser("inspect", help="show the tables found, the header mapping and rows")
    inspect.add_argument("file")
    inspect.add_argument("--png", metavar="DIR", help="for a PDF: draw the cells found per page")
    inspect.add_argument("--rows", type=int, default=0, help="rows to print (0 = all)")
    inspect.set_defaults(func=cmd_inspect)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
