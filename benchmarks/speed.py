"""Throughput of the whole pipeline against bare PDF readers, on one set of files, in one run.

    python benchmarks/speed.py [--n 50] [--workers 1 2] [--skip camelot] [--json FILE]
    python benchmarks/speed.py --n 0 --pdf samples/*.pdf samples/matrix/*/*.pdf --workers 1 \
        --skip pipeline-pdf-cold     # the issue's Done-when corpus: samples + layout matrix
    python benchmarks/speed.py --scaling [--n 40] [--workers 1 2] [--repeat 3]
    python benchmarks/speed.py --scaling --n 0 --docx-n 400 --pdf samples/*.pdf samples/matrix/*/*.pdf \
        --repeat 3     # 400 DOCX: the start-up subtracted is then small beside the work

``--scaling`` measures only how the pipeline scales with workers: documents/s of the DOCX and
of the PDFs for each worker count on the same files in one run, the start-up (a run of one
file per worker: process start, imports, models) subtracted, the ratio to 1 worker, and the
load average before and after (figures are only worth keeping when the machine was idle).

Files: a synthetic corpus of ``--n`` orders (``synthetic_corpus.py``: the five sample
layouts with varied text, PDFs made with LibreOffice) plus ``samples/*.pdf``; or the files
given with ``--pdf``/``--docx``.  Every configuration runs in a fresh Python subprocess
(this script calling itself), so memory figures never mix:

| configuration | what runs |
|---|---|
| ``pdfium-chars`` | pypdfium2: every page's text page, every character's box and text (the floor for reading the geometry) |
| ``pdfplumber`` | bare pdfplumber: ``page.extract_tables()`` on every page |
| ``camelot`` | camelot lattice on all pages (the ``[camelot]`` extra; skipped with a note when missing) |
| ``pipeline-pdf`` | ``convert_to_dir`` on the PDFs (extraction, assembly, every field, NLP, Parquet), per worker count; models loaded inside the timed run (cold), and for 1 worker also loaded first (warm) |
| ``pipeline-docx`` | the same on the DOCX files, 1 worker, warm |
| ``pipeline-docx-inproc`` | the DOCX files converted in this process (``workers=0``) after the models are loaded: the steady cost per document, without a worker's start and model load |

Per-text caches (``normalize.memo``): ``--text-cache document`` (the default) empties them as
each document starts, in every process and worker, so a document reuses only its own cells —
the synthetic corpus and the layout matrix repeat a few hundred gold rows, and a cache kept
across their documents flatters the pipeline, and one worker (whose cache saw every file)
against two (each cache saw half); ``--text-cache kept`` measures the default behaviour.

Figures: wall and CPU seconds (the process and its reaped workers: the machine is shared,
so CPU time is the steadier figure), pages/s and documents/s from both, and peak RSS
(``ru_maxrss``) of the process and of its largest worker.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normalize.memo import SCOPE_VARIABLE, cache_scope  # noqa: E402  (the project, from ROOT)


# --------------------------------------------------------------------------- the measured runs

def _pdfium_chars(files: list[str]) -> int:
    """Every character's box and text with pypdfium2; returns the characters read."""
    import pypdfium2 as pdfium

    n = 0
    for path in files:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            text = page.get_textpage()
            for i in range(text.count_chars()):
                text.get_charbox(i, loose=True)
                n += 1
            text.get_text_range()
            text.close()
            page.close()
        pdf.close()
    return n


def _pdfplumber(files: list[str]) -> int:
    """Bare pdfplumber ``extract_tables`` on every page; returns the tables found."""
    import pdfplumber

    n = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                n += len(page.extract_tables())
                page.close()
    return n


def _camelot(files: list[str]) -> int:
    """camelot lattice on all pages; returns the tables found."""
    import warnings

    from extract.camelot_tables import require_camelot

    camelot = require_camelot()
    n = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            n += len(camelot.read_pdf(path, pages="all", flavor="lattice", suppress_stdout=True))
    return n


def _pipeline(files: list[str], workers: int, warm: bool) -> int:
    """The whole pipeline to Parquet; returns the activity rows written."""
    from roadmap500.pipeline import convert_to_dir

    with tempfile.TemporaryDirectory(prefix="speed_out_") as out:
        activities, _ = convert_to_dir(files, out, workers=workers)
    return activities.num_rows


def _batch(files: list[str], workers: int) -> tuple[int, dict[str, Any]]:
    """The whole pipeline through ``run_batch``; the activity rows and where the time went."""
    from roadmap500.batch import BatchOptions, run_batch

    with tempfile.TemporaryDirectory(prefix="speed_out_") as out:
        report = run_batch(list(files), Path(out), BatchOptions(workers=workers))
    pool = report.pool
    return report.activities, {
        "phases": report.phases, "writing_cpu": report.writing,
        "pool": None if pool is None else {"starts": pool.starts, "startup_cpu": pool.startup_cpu,
                                           "idle": pool.idle, "jobs": pool.jobs,
                                           "start_method": pool.start_method, "server_cpu": pool.server_cpu}}


def _children_cpu() -> float:
    """CPU seconds of this process's live children, with their own reaped children: the
    fork server of the worker pool (it reaps the workers it forks, so their CPU is counted
    there and never reaches this process until the server ends)."""
    from roadmap500.workers import process_cpu

    total = 0.0
    for task in Path("/proc/self/task").iterdir():
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for pid in children:
            total += process_cpu(int(pid), with_children=True)
    return total


def _cpu() -> float:
    """CPU seconds of this process, its reaped children and its live children (and theirs)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + _children_cpu()


def run_config(config: str, files: list[str], workers: int) -> dict[str, Any]:
    """Run one configuration here and now (in the subprocess)."""
    warm = config.endswith("-warm")
    startup_cpu = None
    if warm and workers > 0:  # the workers' fork server imported and loaded the models first
        from roadmap500.workers import ready_fork_server

        cpu_before = _cpu()
        ready_fork_server()
        startup_cpu = _cpu() - cpu_before
    if warm:
        from normalize.nlp import warm_up
        warm_up()
    if config == "camelot":
        try:
            from extract.camelot_tables import require_camelot
            require_camelot()
        except ImportError as exc:
            return {"skipped": str(exc)}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    parts = None
    cpu0, wall0 = _cpu(), time.perf_counter()
    if config == "pdfium-chars":
        count = _pdfium_chars(files)
    elif config == "pdfplumber":
        count = _pdfplumber(files)
    elif config == "camelot":
        count = _camelot(files)
    elif config.startswith("batch-"):
        count, parts = _batch(files, workers)
    else:
        count = _pipeline(files, workers, warm)
    wall, cpu = time.perf_counter() - wall0, _cpu() - cpu0
    return {
        "wall": wall, "cpu": cpu, "count": count, "rss_before_mib": rss_before,
        "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if workers > 1 else None,
        "startup_cpu": startup_cpu,
        "text_cache": cache_scope(),  # the scope this run had
        **({"parts": parts} if parts else {}),
    }


# --------------------------------------------------------------------------- the driver

def page_count(path: Path) -> int:
    """Pages of a PDF (PDFium), of a DOCX: 1 (documents/s is the DOCX figure)."""
    if path.suffix.lower() != ".pdf":
        return 1
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def measure(config: str, files: list[Path], workers: int = 1) -> dict[str, Any]:
    """One configuration in a fresh interpreter; its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump([str(f) for f in files], fh)
    try:
        cmd = [sys.executable, __file__, "--_run", config, "--_files", fh.name, "--workers", str(workers)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    finally:
        os.unlink(fh.name)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict[str, Any]:
    """What the figures were taken on."""
    cpu = platform.processor()
    try:
        cpu = cpu or next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                          if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "load": os.getloadavg(),
            "commit": commit, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def _row(name: str, r: dict[str, Any], files: int, pages: int) -> str:
    """One printed line of figures."""
    if "skipped" in r or "error" in r:
        return f"| {name} | {files} | {pages} | {r.get('skipped') or r.get('error')} |||||||"
    worker = f"{r['worker_rss_mib']:.0f}" if r.get("worker_rss_mib") else ""
    return (f"| {name} | {files} | {pages} | {r['wall']:.2f} | {r['cpu']:.2f} | {pages / r['wall']:.1f} | "
            f"{pages / r['cpu']:.1f} | {files / r['wall']:.2f} | {files / r['cpu']:.2f} | {r['rss_mib']:.0f} | {worker} |")


def _parts_row(kind: str, w: int, r: dict[str, Any]) -> str:
    """One run's time by part: this process's phases, the workers' CPU, starts, waits."""
    phases, pool = r["parts"]["phases"], r["parts"]["pool"] or {}
    convert = phases.get("convert", {})
    own = sum(p["cpu"] for p in phases.values())
    return (f"| {kind} | {w} | {r['wall']:.2f} | {r['cpu']:.2f} | {own:.2f} | {phases['plan']['cpu']:.2f} "
            f"| {r['parts']['writing_cpu']:.2f} | {phases['write']['wall']:.2f} | {convert.get('children_cpu', 0):.2f} "
            f"| {pool.get('start_method', '')} {pool.get('starts', 0)} | {pool.get('startup_cpu', 0):.2f} "
            f"| {pool.get('server_cpu', 0):.2f} | {pool.get('idle', 0):.2f} | {convert.get('wall', 0):.2f} "
            f"| {(r['cpu'] - pool.get('startup_cpu', 0) - pool.get('server_cpu', 0)):.2f} |")


def _scaling_run(kind: str, files: list[Path], w: int) -> dict[str, Any] | str:
    """One worker count on one kind of file: the full run and the start-up run (one file per
    worker); documents/s with the start-up subtracted."""
    full = measure(f"batch-{kind}", files, w)
    start = measure(f"batch-{kind}", files[:w], w)
    if "wall" not in full or "wall" not in start:
        return str(full.get("error") or start.get("error"))
    if full["wall"] <= start["wall"]:
        return f"the full run ({full['wall']:.2f} s) no longer than its start-up ({start['wall']:.2f} s): too few files"
    rate = (len(files) - w) / (full["wall"] - start["wall"])
    return {"full": full, "startup": start, "docs_per_s": rate}


def scaling(docx_files: list[Path], pdf_files: list[Path], workers: list[int], repeat: int = 1) -> dict[str, Any]:
    """Documents/s per worker count, start-up subtracted, and the ratios to the first count,
    ``repeat`` times with the worker counts in alternating order (this machine's own speed
    drifts by ±15 %: the ratio of each back-to-back set, then the median over the sets); then
    where each run's time went (CPU seconds by part), steady even on a loaded machine."""
    before = os.getloadavg()
    print(f"load average before: {before[0]:.2f} {before[1]:.2f} {before[2]:.2f} on {os.cpu_count()} cores"
          + ("  (LOADED: figures not comparable)" if before[0] > 0.5 else ""))
    print("\n| files | set | workers | documents | wall s | start-up wall s (1 file/worker) "
          "| documents/s (start-up subtracted) | ratio to 1st in the set |\n|---|---|---|---|---|---|---|---|")
    out: dict[str, Any] = {}
    for kind, files in (("docx", docx_files), ("pdf", pdf_files)):
        counts = [w for w in workers if len(files) > w]
        for r in range(repeat):
            runs: dict[int, Any] = {}
            for w in (counts if r % 2 == 0 else counts[::-1]):
                runs[w] = _scaling_run(kind, files, w)
            first = runs[counts[0]]["docs_per_s"] if counts and isinstance(runs[counts[0]], dict) else None
            for w in counts:
                run = runs[w]
                if isinstance(run, str):
                    print(f"| {kind} | {r + 1} | {w} | {len(files)} | {run} ||||")
                    continue
                run["ratio"] = run["docs_per_s"] / first if first else None
                out.setdefault(f"{kind}-w{w}", []).append(run)
                ratio = f"{run['ratio']:.2f}x" if run["ratio"] else ""
                print(f"| {kind} | {r + 1} | {w} | {len(files)} | {run['full']['wall']:.2f} | {run['startup']['wall']:.2f} "
                      f"| {run['docs_per_s']:.2f} | {ratio} |", flush=True)
    after = os.getloadavg()
    print(f"\nload average after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}")
    for kind in ("docx", "pdf"):
        for w in workers[1:]:
            ratios = [run["ratio"] for run in out.get(f"{kind}-w{w}", []) if run.get("ratio")]
            if ratios:
                print(f"{kind}: {w} workers {statistics.median(ratios):.2f}x the documents/s of {workers[0]} worker(s)"
                      + (f" (median of {len(ratios)} sets: " + ", ".join(f"{x:.2f}" for x in ratios) + ")"
                         if len(ratios) > 1 else ""))
    print("\nWhere the time went (the full runs; seconds; 'main' is the parent process):\n"
          "| files | workers | wall | CPU all | CPU main | main: hashing/plan | main: reading staged + "
          "Parquet (during + after) | wall after the last file | CPU workers | worker starts "
          "| CPU of worker start-ups | CPU of the fork server (imports, models) "
          "| wall workers waited for a job | wall converting | CPU all minus start-ups |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key, runs in out.items():
        kind, w = key.split("-w")
        for run in runs:
            print(_parts_row(kind, int(w), run["full"]))
    return {"load_before": before, "load_after": after, "results": out}


def main() -> None:
    """Build or take the files, run every configuration, print the table and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=50, help="synthetic orders (0: none)")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500-corpus")
    parser.add_argument("--pdf", type=Path, nargs="*", default=None, help="PDFs instead of the corpus + samples")
    parser.add_argument("--docx", type=Path, nargs="*", default=None, help="DOCX files instead of the corpus's")
    parser.add_argument("--docx-n", type=int, default=0,
                        help="DOCX files instead of the corpus's: a DOCX-only synthetic corpus of this many orders")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip", action="append", default=[], help="configuration to leave out")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--scaling", action="store_true", help="only documents/s per worker count and their ratio")
    parser.add_argument("--repeat", type=int, default=1,
                        help="--scaling: sets of back-to-back runs, worker counts in alternating order; the median ratio")
    parser.add_argument("--text-cache", choices=("document", "kept"), default="document",
                        help="per-text caches emptied as each document starts (default), or kept for the process")
    parser.add_argument("--_run", help=argparse.SUPPRESS)
    parser.add_argument("--_files", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._run:  # the scope comes in the environment of the driver below
        files = json.loads(Path(args._files).read_text())
        print(json.dumps(run_config(args._run, files, args.workers[0])))
        return
    os.environ[SCOPE_VARIABLE] = args.text_cache  # inherited by every measured subprocess

    from synthetic_corpus import build_corpus

    docx_files, pdf_files = [], []
    if args.n:
        docx_files, pdf_files = build_corpus(args.n, args.corpus / f"n{args.n}-s0")
    if args.pdf is not None:
        pdf_files = list(args.pdf)
    else:
        pdf_files = [*pdf_files, *sorted((ROOT / "samples").glob("*.pdf"))]
    if args.docx is not None:
        docx_files = list(args.docx)
    elif args.docx_n:
        docx_files, _ = build_corpus(args.docx_n, args.corpus / f"docx{args.docx_n}-s0", pdf=False)
    pages = sum(page_count(p) for p in pdf_files)
    info = machine()
    info["text_cache"] = args.text_cache
    print(f"{len(pdf_files)} PDFs ({pages} pages), {len(docx_files)} DOCX; {info}")
    if args.scaling:
        figures = scaling(docx_files, pdf_files, args.workers, args.repeat)
        if args.json:
            args.json.write_text(json.dumps({"machine": info, "scaling": figures}, indent=1, default=str))
        return

    configs: list[tuple[str, str, list[Path], int]] = [
        ("pdfium-chars", "PDFium bare character reading", pdf_files, 1),
        ("pdfplumber", "bare pdfplumber extract_tables", pdf_files, 1),
        ("camelot", "camelot lattice", pdf_files, 1),
        ("pipeline-pdf-warm", "pipeline, PDFs, 1 worker, warm", pdf_files, 1),
    ]
    if "pipeline-pdf-cold" not in args.skip:  # --skip pipeline-pdf-cold: the warm run alone
        configs += [("pipeline-pdf", f"pipeline, PDFs, {w} worker(s), cold", pdf_files, w) for w in args.workers]
    if docx_files:
        configs.append(("pipeline-docx-warm", "pipeline, DOCX, 1 worker, warm", docx_files, 1))
        configs.append(("pipeline-docx-inproc-warm", "pipeline, DOCX, in process, warm", docx_files, 0))
    results: dict[str, dict[str, Any]] = {}
    print("\n| configuration | files | pages | wall s | CPU s | pages/s wall | pages/s CPU | docs/s wall "
          "| docs/s CPU | peak RSS MiB | largest worker MiB |\n|---|---|---|---|---|---|---|---|---|---|---|")
    for config, label, files, workers in configs:
        if config in args.skip or config.removesuffix("-warm") in args.skip:
            continue
        key = f"{config}-w{workers}" if config == "pipeline-pdf" else config
        results[key] = measure(config, files, workers)
        n_pages = pages if files is pdf_files else len(files)
        print(_row(label, results[key], len(files), n_pages), flush=True)

    def rate(key: str, on: str) -> float | None:
        r = results.get(key, {})
        return pages / r[on] if on in r else None

    print()
    base = "pipeline-pdf-warm"
    for on in ("cpu", "wall"):
        ours = rate(base, on)
        for other, label in (("pdfplumber", "bare pdfplumber extract_tables"), ("camelot", "camelot lattice"),
                             ("pdfium-chars", "PDFium bare character reading")):
            theirs = rate(other, on)
            if ours and theirs:
                print(f"pages/s by {on}: pipeline (1 worker, warm) / {label} = {ours / theirs:.2f}")
    one, two = results.get("pipeline-pdf-w1", {}), results.get("pipeline-pdf-w2", {})
    if "wall" in one and "wall" in two:
        print(f"2 workers / 1 worker (cold, wall): {one['wall'] / two['wall']:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "pdfs": len(pdf_files), "pages": pages,
                                         "docx": len(docx_files), "results": results}, indent=1))


if __name__ == "__main__":
    main()
