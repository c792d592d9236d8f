"""The command line: ``roadmap500 convert``, ``roadmap500 inspect`` and ``roadmap500 report``."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from roadmap500 import __version__


EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_QUIET_STATUSES = ("ok", "duplicate")
_LINE_EVERY_FILES, _LINE_EVERY_SECONDS = 50, 10.0


def _progress_factory(quiet: bool, out=None):
    """A progress callback: a bar on a terminal, a line every N files or seconds otherwise."""
    out = out or sys.stderr

    def start(total: int, already: int):
        if quiet:
            return None
        if out.isatty():
            from tqdm import tqdm

            bar = tqdm(total=total, initial=already, unit="file", desc="converting", file=out)

            def tick(source: str, status: str) -> None:
                bar.set_postfix_str(f"{Path(source).name}: {status}", refresh=False)
                bar.update()
                if bar.n >= total:
                    bar.close()
            return tick
        state = {"done": already, "failed": 0, "last": time.monotonic(), "since": 0,
                 "started": time.monotonic()}
        print(f"roadmap500: converting {total} files"
              + (f" ({already} already done, resumed)" if already else ""), file=out, flush=True)

        def tick(source: str, status: str) -> None:
            state["done"] += 1
            state["since"] += 1
            state["failed"] += status not in ("ok", "duplicate", "no_table")
            now = time.monotonic()
            if (state["since"] >= _LINE_EVERY_FILES or now - state["last"] >= _LINE_EVERY_SECONDS
                    or state["done"] == total):
                print(f"roadmap500: {state['done']}/{total} files, {state['failed']} not "
                      f"converted, {now - state['started']:.0f} s", file=out, flush=True)
                state["last"], state["since"] = now, 0

        def waiting(busy: list[str]) -> None:
            now = time.monotonic()
            if now - state["last"] >= _LINE_EVERY_SECONDS:
                print(f"roadmap500: {state['done']}/{total} files, {state['failed']} not "
                      f"converted, {now - state['started']:.0f} s; working on "
                      + ", ".join(Path(b).name for b in busy), file=out, flush=True)
                state["last"], state["since"] = now, 0
        tick.waiting = waiting  # type: ignore[attr-defined]
        return tick
    return start


def _summary(report, out=None) -> int:
    """Print the files that did not convert and the totals; return the exit code."""
    out = out or sys.stdout
    notes = report.notes
    if notes:
        width = min(max(len(s) for s, _, _ in notes), 80)
        print(f"{'file':<{width}}  {'status':<9}  note", file=out)
        for source, status, error in notes:
            print(f"{source:<{width}}  {status:<9}  {error}", file=out)
        print(file=out)
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(report.statuses.items()))
    skipped = []
    if report.hidden:
        skipped.append(f"{report.hidden} hidden")
    if report.other:
        skipped.append(f"{report.other} of other types")
    print(f"{report.files} files: {statuses}; {report.activities} activities; "
          f"{report.converted} converted in this run, {report.seconds:.1f} s"
          + (f"; skipped inside folders: {', '.join(skipped)}" if skipped else ""), file=out)
    outdir = report.outdir
    print(f"wrote {outdir / 'activities.parquet'} and {outdir / 'documents.parquet'}", file=out)
    print(f"{report.warnings} warnings on {report.files_with_warnings} files: see the `warnings` "
          f"and `warning_counts` columns of {outdir / 'documents.parquet'}, the `warnings` column "
          f"of {outdir / 'activities.parquet'}, or `roadmap500 inspect FILE`", file=out)
    bad = sum(n for s, n in report.statuses.items() if s not in _QUIET_STATUSES)
    return EXIT_SOME_FAILED if bad else EXIT_OK


def _limits(args: argparse.Namespace):
    from roadmap500.limits import Limits

    return Limits(seconds=args.max_seconds, memory_mb=args.max_memory, pages=args.max_pages,
                  decompressed_mb=args.max_decompressed, recycle_after=args.recycle_after)


def cmd_convert(args: argparse.Namespace) -> int:
    from roadmap500.staging import OutputError, check_output

    if args.tables != "roadmap500":  # the PDF table engine, seen by every worker process
        from extract.camelot_tables import TABLE_ENGINE_ENV, require_camelot
        try:
            require_camelot()
        except ImportError as exc:
            print(f"roadmap500: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        os.environ[TABLE_ENGINE_ENV] = args.tables

    outdir = Path(args.output)
    try:
        check_output(outdir)
    except OutputError as exc:
        print(f"roadmap500: error: output {exc}", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for p in args.paths if not os.path.lexists(p)]
    for p in missing:
        print(f"roadmap500: error: {p}: no such file or folder", file=sys.stderr)
    if missing:
        print("roadmap500: nothing converted, the output is left as it was", file=sys.stderr)
        return EXIT_USAGE
    from normalize.memo import CacheScopeError
    from roadmap500.batch import BatchOptions, NoInputs, run_batch

    options = BatchOptions(workers=args.workers, nlp=not args.no_nlp, ocr=not args.no_ocr,
                           limits=_limits(args),
                           incremental=args.incremental, timings=not args.no_timings,
                           dask=args.dask, scheduler=args.scheduler, partitioned=args.partitioned)
    try:
        report = run_batch(args.paths, outdir, options,
                           progress=_progress_factory(args.quiet))
    except (NoInputs, OutputError, CacheScopeError) as exc:
        print(f"roadmap500: error: {exc}; nothing written, the output is left as it was",
              file=sys.stderr)
        return EXIT_USAGE
    return _summary(report)


def cmd_inspect(args: argparse.Namespace) -> int:
    from roadmap500.inspect import inspect_file

    return inspect_file(Path(args.file), png_dir=Path(args.png) if args.png else None,
                        max_rows=args.rows)


def cmd_report(args: argparse.Namespace) -> int:
    from roadmap500.report_html import write_report

    if not (Path(args.outdir) / "documents.parquet").exists():
        print(f"roadmap500: {args.outdir}: no documents.parquet (run convert first)", file=sys.stderr)
        return 2
    path = write_report(args.outdir, args.output)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


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
    convert.add_argument("--tables", choices=("roadmap500", "camelot"), default="roadmap500",
                         help="PDF table engine: ours (default) or camelot lattice for ruled "
                              "tables (pip install 'roadmap500[camelot]')")
    convert.add_argument("--no-ocr", action="store_true",
                         help="do not OCR scanned pages (a scan stays needs_ocr)")
    convert.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    convert.add_argument("--incremental", action="store_true",
                         help="keep what the existing output holds for files whose content is "
                              "unchanged; convert only new content; drop files that are gone")
    convert.add_argument("--no-timings", action="store_true",
                         help="leave `seconds` empty, so the same input gives byte-identical files")
    convert.add_argument("--partitioned", action="store_true",
                         help="also write OUTDIR/dataset/{activities,documents}/year=…/region=…/ "
                              "(always with Dask)")
    cluster = convert.add_argument_group("on a Dask cluster (pip install roadmap500[dask])")
    cluster.add_argument("--scheduler", metavar="ADDRESS",
                         help="run the conversions on this Dask scheduler (tcp://HOST:8786)")
    cluster.add_argument("--dask", action="store_true",
                         help="run on a local Dask cluster of --workers processes")
    limits = convert.add_argument_group("per-file limits (0 switches one off)")
    limits.add_argument("--max-seconds", type=float, default=300.0, metavar="S",
                        help="wall time per file (default 300): status timeout")
    limits.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                        help="memory of the worker holding a file (default 2048): too_large")
    limits.add_argument("--max-pages", type=int, default=1000, metavar="N",
                        help="pages per file (default 1000): too_large")
    limits.add_argument("--max-decompressed", type=int, default=512, metavar="MB",
                        help="a DOCX package inflated (default 512): too_large")
    limits.add_argument("--recycle-after", type=int, default=500, metavar="N",
                        help="replace a worker after N files (default 500)")
    convert.set_defaults(func=cmd_convert)

    inspect = sub.add_parser("inspect", help="show the tables found, the header mapping and rows")
    inspect.add_argument("file")
    inspect.add_argument("--png", metavar="DIR", help="for a PDF: draw the cells found per page")
    inspect.add_argument("--rows", type=int, default=0, help="rows to print (0 = all)")
    inspect.set_defaults(func=cmd_inspect)

    report = sub.add_parser("report", help="one self-contained HTML report of an output folder")
    report.add_argument("outdir", help="folder written by roadmap500 convert")
    report.add_argument("-o", "--output", default="report.html", help="HTML file to write")
    report.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; exit codes 0 all converted, 1 some files not, 2 usage, 3 internal."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("roadmap500: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    except Exception:
        import traceback

        traceback.print_exc()
        print("roadmap500: internal error (a bug, please report it with the trace above)",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
