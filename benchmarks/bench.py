"""Performance of the whole pipeline: throughput, peak memory, the PDF backend against bare
pdfplumber, and the cost of the NLP step (risk directions and schools).

    python benchmarks/bench.py                                  # samples/, 1 worker
    python benchmarks/bench.py --copies 5 --workers 2 --repeat 3 --json bench.json

Every measured configuration runs in a fresh Python subprocess (this script calling itself
with ``--_child``), so one configuration's peak memory never shows in another's.  Peaks are
``getrusage(RUSAGE_SELF).ru_maxrss`` of that process and ``RUSAGE_CHILDREN`` of its pool
workers (the largest single worker, as Linux reports it), plus the sum of the RSS of the
process and its workers sampled at 20 Hz (shared pages are counted in each process).

The configurations:

* ``pipeline``: ``convert_tables`` on every file (``--copies`` copies of ``samples/``) with
  ``--workers``, NLP on, cold and end to end as the CLI runs it: the timed call includes
  loading the natasha models once per process (the load alone is reported under NLP).
* ``pipeline-pdf``: ``convert_tables`` on the PDFs only, 1 worker, NLP on, models loaded
  and one file converted before timing; median of ``--repeat`` runs.
* ``pdfplumber``: bare ``page.extract_tables()`` on every page of the same PDFs, one file
  opened before timing; median of ``--repeat`` runs.  Their pages/s ratio is the PDF
  backend's cost over the table finder it is built on.
* ``nlp``: the same files with ``nlp=False`` and ``nlp=True`` in one process, ``--nlp-workers``
  workers (1 by default), models loaded (timed separately) and both modes run once before
  timing; then ``--repeat`` rounds, each running both modes in alternating order.  The
  overhead is median(on) / median(off) − 1, from wall time and from CPU time (CPU time
  shrugs off most of the other load on the machine; wall time does not).  The step is
  small beside PDF extraction, so run-to-run noise of the whole pipeline is of its size;
  as a steadier cross-check the same process then times it on its own: each file
  extracted once, normalised ``--repeat`` times with and without NLP, the extra CPU
  seconds over extraction + NLP-free normalisation (``split_costs``).

Copies are byte-identical, so they share a ``doc_id``; that does not matter for timing.
What does: the field modules memoise per word and per text (``lru_cache``), and every
sample order comes twice (DOCX and PDF), so repeated content is nearly free the second
time.  ``--caches`` sets how the PDF and NLP comparisons treat those caches: ``file``
(default) empties them before every file, so each file costs what a first, unseen order
costs once models and data files are loaded; ``run`` empties them before every timed run;
``keep`` leaves them warm.  Load-once caches (no-argument or single-slot: data files,
grammars, models) are never emptied.  The ``pipeline`` run keeps them, as the CLI does.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import inspect
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SUFFIXES = (".pdf", ".docx")
NLP_LIMIT = 0.30  # acceptance: the NLP step may add at most 30 % time


# ---------------------------------------------------------------- measuring (child side)

def _rss_kib(pid: int) -> int:
    """Current resident set size of one process in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, IndexError, ValueError):
        return 0


def _descendants(root: int) -> list[int]:
    """Process ids below ``root`` (from every ``/proc/<pid>/stat``'s parent id)."""
    parent: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                stat = fh.read()
            parent[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = [], [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        found.extend(kids)
        frontier.extend(kids)
    return found


class TreeRss:
    """Samples the summed RSS of this process and its descendants; keeps the peak."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.peak_kib = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            total = _rss_kib(me) + sum(_rss_kib(p) for p in _descendants(me))
            self.peak_kib = max(self.peak_kib, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its reaped children."""
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """``fn()``'s result, wall seconds and CPU seconds (workers included)."""
    w0, c0 = time.perf_counter(), _cpu_seconds()
    out = fn()
    return out, time.perf_counter() - w0, _cpu_seconds() - c0


def _peaks() -> dict[str, float]:
    """ru_maxrss of this process and of its largest reaped child, in MiB."""
    return {"rss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_child_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


CACHED_PACKAGES = ("extract", "normalize", "schemas", "roadmap500")


def _result_caches() -> list[Any]:
    """The pipeline's memo caches: every ``lru_cache`` in its modules except load-once ones.

    A cache is load-once (kept: data files, grammars, models) when its function takes no
    argument or it has a single slot; the others memoise per word or per text.
    """
    found = []
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in CACHED_PACKAGES:
            continue
        for obj in list(vars(module).values()):
            if not (callable(obj) and hasattr(obj, "cache_clear")
                    and hasattr(obj, "cache_parameters")
                    and getattr(obj, "__module__", None) == name):
                continue
            try:
                params = inspect.signature(obj.__wrapped__).parameters
            except (TypeError, ValueError, AttributeError):
                continue
            if params and obj.cache_parameters()["maxsize"] != 1:
                found.append(obj)
    return found


def clear_result_caches() -> int:
    """Empty the per-word and per-text caches, as for a process that never saw these files."""
    caches = _result_caches()
    for c in caches:
        c.cache_clear()
    return len(caches)


def _clear_per_file(results: Iterable[Any], _total: int) -> Iterator[Any]:
    """``progress`` hook of ``convert_tables``: clear the caches before each file (1 worker)."""
    it = iter(results)
    while True:
        clear_result_caches()
        try:
            item = next(it)
        except StopIteration:
            return
        yield item


def _convert(files: Sequence[str], workers: int, nlp: bool,
             caches: str = "keep") -> dict[str, Any]:
    """Run the pipeline on ``files``; files, pages, statuses and activity rows.

    ``caches``: ``keep`` (as the CLI), ``run`` (cleared before the run) or ``file`` (cleared
    before every file; with several workers only the parent's, before the run).
    """
    from roadmap500.pipeline import convert_tables

    if caches in ("run", "file"):
        clear_result_caches()
    hook = _clear_per_file if caches == "file" and workers <= 1 else None
    activities, documents = convert_tables(files, workers=workers, nlp=nlp, progress=hook)
    docs = documents.to_pylist()
    statuses: dict[str, int] = {}
    for d in docs:
        statuses[d["status"]] = statuses.get(d["status"], 0) + 1
    return {"files": len(docs), "pages": sum(d["pages"] or 0 for d in docs),
            "activities": activities.num_rows, "statuses": statuses}


def _import_pipeline() -> float:
    """Import the pipeline and every field module; wall seconds."""
    t0 = time.perf_counter()
    import normalize.document  # noqa: F401  (pulls in the field modules)
    import roadmap500.pipeline  # noqa: F401
    return time.perf_counter() - t0


def _load_models() -> tuple[float, float]:
    """Load the natasha models now; wall seconds and RSS growth in MiB."""
    from normalize.nlp import warm_up

    before = _rss_kib(os.getpid())
    t0 = time.perf_counter()
    warm_up()
    return time.perf_counter() - t0, (_rss_kib(os.getpid()) - before) / 1024


def child_pipeline(spec: dict[str, Any]) -> dict[str, Any]:
    """Cold end-to-end pipeline on every file: models loaded inside the timed call."""
    import_s = _import_pipeline()
    with TreeRss() as tree:
        out, wall, cpu = _timed(lambda: _convert(spec["files"], spec["workers"], True))
    return {**out, "import_s": import_s, "wall_s": wall, "cpu_s": cpu,
            "tree_rss_mib": tree.peak_kib / 1024, **_peaks()}


def child_pipeline_pdf(spec: dict[str, Any]) -> dict[str, Any]:
    """Warm pipeline on the PDFs, 1 worker; median of ``repeat`` runs."""
    import_s = _import_pipeline()
    load_s, _ = _load_models()
    _convert(spec["files"][:1], 1, True)
    runs = []
    with TreeRss() as tree:
        for _ in range(spec["repeat"]):
            out, wall, cpu = _timed(lambda: _convert(spec["files"], 1, True, spec["caches"]))
            runs.append((wall, cpu))
    return {**out, "import_s": import_s, "model_load_s": load_s,
            "wall_runs": [w for w, _ in runs], "cpu_runs": [c for _, c in runs],
            "wall_s": statistics.median(w for w, _ in runs),
            "cpu_s": statistics.median(c for _, c in runs),
            "tree_rss_mib": tree.peak_kib / 1024, **_peaks()}


def _plumb(files: Sequence[str]) -> dict[str, Any]:
    """Bare pdfplumber: open every PDF and ``extract_tables()`` on every page."""
    import pdfplumber

    pages = tables = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                tables += len(page.extract_tables())
                pages += 1
                page.close()
    return {"files": len(files), "pages": pages, "tables": tables}


def child_pdfplumber(spec: dict[str, Any]) -> dict[str, Any]:
    """Bare pdfplumber on the PDFs; median of ``repeat`` runs."""
    t0 = time.perf_counter()
    import pdfplumber  # noqa: F401
    import_s = time.perf_counter() - t0
    _plumb(spec["files"][:1])
    runs = []
    with TreeRss() as tree:
        for _ in range(spec["repeat"]):
            out, wall, cpu = _timed(lambda: _plumb(spec["files"]))
            runs.append((wall, cpu))
    return {**out, "import_s": import_s,
            "wall_runs": [w for w, _ in runs], "cpu_runs": [c for _, c in runs],
            "wall_s": statistics.median(w for w, _ in runs),
            "cpu_s": statistics.median(c for _, c in runs),
            "tree_rss_mib": tree.peak_kib / 1024, **_peaks()}


def split_costs(files: Sequence[str], repeat: int, caches: str) -> dict[str, float]:
    """The NLP step timed on its own: each file extracted once, then normalised with
    ``nlp=False`` and ``nlp=True`` ``repeat`` times, alternating; CPU seconds summed over the
    files from each file's median.  Extraction and the NLP-free fields are the base the
    step's cost is measured against (hashing and row building, a few ms, are left out)."""
    from extract import read_document
    from normalize.document import normalize_document

    extract_s = off_s = on_s = 0.0
    for f in files:
        if caches in ("file", "run"):
            clear_result_caches()
        t0 = time.process_time()
        doc = read_document(Path(f))
        extract_s += time.process_time() - t0
        times: dict[bool, list[float]] = {False: [], True: []}
        for r in range(repeat):
            for nlp in ((False, True) if r % 2 == 0 else (True, False)):
                if caches == "file":
                    clear_result_caches()
                t0 = time.process_time()
                normalize_document(doc, nlp=nlp)
                times[nlp].append(time.process_time() - t0)
        off_s += statistics.median(times[False])
        on_s += statistics.median(times[True])
    return {"extract_cpu_s": extract_s, "normalize_off_cpu_s": off_s,
            "normalize_on_cpu_s": on_s, "nlp_cpu_s": on_s - off_s,
            "overhead_split": (on_s - off_s) / (extract_s + off_s)}


def child_nlp(spec: dict[str, Any]) -> dict[str, Any]:
    """``nlp=False`` against ``nlp=True``: warmed up, rounds in alternating order."""
    import_s = _import_pipeline()
    load_s, load_mib = _load_models()
    workers, files = spec["workers"], spec["files"]
    for nlp in (False, True):  # warm-up: lazy imports, grammars, first-call caches
        _convert(spec["warmup_files"], workers, nlp)
    wall: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    out: dict[str, Any] = {}
    for r in range(spec["repeat"]):
        for nlp in ((False, True) if r % 2 == 0 else (True, False)):
            out, w, c = _timed(lambda: _convert(files, workers, nlp, spec["caches"]))
            wall[nlp].append(w)
            cpu[nlp].append(c)
    med = {k: {m: statistics.median(v[m]) for m in (False, True)}
           for k, v in (("wall", wall), ("cpu", cpu))}
    return {**out, "workers": workers, "import_s": import_s,
            "model_load_s": load_s, "model_rss_mib": load_mib,
            "wall_off_runs": wall[False], "wall_on_runs": wall[True],
            "cpu_off_runs": cpu[False], "cpu_on_runs": cpu[True],
            "wall_off_s": med["wall"][False], "wall_on_s": med["wall"][True],
            "cpu_off_s": med["cpu"][False], "cpu_on_s": med["cpu"][True],
            "overhead_wall": med["wall"][True] / med["wall"][False] - 1,
            "overhead_cpu": med["cpu"][True] / med["cpu"][False] - 1,
            "overhead_cpu_min": min(cpu[True]) / min(cpu[False]) - 1,
            "overhead_wall_min": min(wall[True]) / min(wall[False]) - 1,
            "caches_cleared": len(_result_caches()),
            **split_costs(files, spec["repeat"], spec["caches"]), **_peaks()}


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "pipeline": child_pipeline, "pipeline-pdf": child_pipeline_pdf,
    "pdfplumber": child_pdfplumber, "nlp": child_nlp,
}


def run_child(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run one configuration in a fresh interpreter; its result dict."""
    with tempfile.NamedTemporaryFile("w+", suffix=".json", delete=False) as fh:
        json.dump({"kind": kind, **spec}, fh)
        spec_path = fh.name
    try:
        proc = subprocess.run([sys.executable, "-W", "ignore", str(Path(__file__).resolve()),
                               "--_child", spec_path], cwd=ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{kind} run failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        os.unlink(spec_path)


def _child_main(spec_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    spec = json.loads(Path(spec_path).read_text())
    print(json.dumps(CHILDREN[spec["kind"]](spec)))


# ---------------------------------------------------------------- orchestration (parent side)

def _git_commit() -> str | None:
    """The checked-out commit, with "+changes" when tracked files differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+changes" if dirty.strip() else "")


def machine() -> dict[str, Any]:
    """What this ran on: CPU, cores, RAM, Python, load."""
    cpu = platform.processor()
    if not cpu:
        try:
            cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo")
                        if ln.startswith("model name")), "")
        except OSError:
            cpu = ""
    ram_gib = None
    try:
        for ln in open("/proc/meminfo"):
            if ln.startswith("MemTotal:"):
                ram_gib = int(ln.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"processor": cpu or platform.machine(), "cpu_count": os.cpu_count(),
            "commit": _git_commit(),
            "ram_gib": ram_gib, "python": platform.python_version(),
            "platform": platform.platform(), "loadavg_start": os.getloadavg(),
            "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds")}


def stage_copies(src: Path, dest: Path, copies: int) -> list[Path]:
    """``copies`` copies of ``src``'s samples, one sub-folder each; the files in order."""
    originals = sorted(p for p in src.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    staged = []
    for i in range(copies):
        folder = dest / f"copy{i:03d}"
        folder.mkdir(parents=True)
        for p in originals:
            staged.append(Path(shutil.copy2(p, folder / p.name)))
    return staged


@dataclass
class Row:
    """One line of the printed table."""

    name: str
    files: int
    pages: int
    wall_s: float
    cpu_s: float
    rss_self_mib: float
    rss_child_mib: float | None = None
    tree_rss_mib: float | None = None
    note: str = ""
    pages_per_s: float = field(init=False)
    docs_per_s: float = field(init=False)

    def __post_init__(self) -> None:
        self.pages_per_s = self.pages / self.wall_s if self.wall_s else float("nan")
        self.docs_per_s = self.files / self.wall_s if self.wall_s else float("nan")


def _mib(x: float | None) -> str:
    return "-" if not x else f"{x:.0f}"


def render(rows: Sequence[Row]) -> str:
    """The rows as a fixed-width text table."""
    head = ("configuration", "files", "pages", "wall s", "cpu s", "pages/s", "docs/s",
            "RSS MiB", "worker MiB", "tree MiB", "")
    lines = [head]
    for r in rows:
        lines.append((r.name, str(r.files), str(r.pages), f"{r.wall_s:.2f}", f"{r.cpu_s:.2f}",
                      f"{r.pages_per_s:.2f}", f"{r.docs_per_s:.2f}", _mib(r.rss_self_mib),
                      _mib(r.rss_child_mib), _mib(r.tree_rss_mib), r.note))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    fmt = lambda line: "  ".join(c.ljust(w) if i in (0, 10) else c.rjust(w)  # noqa: E731
                                 for i, (c, w) in enumerate(zip(line, widths))).rstrip()
    return "\n".join([fmt(lines[0]), "  ".join("-" * w for w in widths).rstrip(),
                      *map(fmt, lines[1:])])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=1, help="copies of samples/ to convert")
    ap.add_argument("--workers", type=int, default=1, help="workers of the pipeline run")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs (median) for the "
                    "PDF and NLP comparisons")
    ap.add_argument("--nlp-workers", type=int, default=1, help="workers of the NLP comparison")
    ap.add_argument("--caches", choices=("file", "run", "keep"), default="file",
                    help="the pipeline's per-word/per-text caches in the PDF and NLP "
                    "comparisons: cleared before every file (default), before every run, "
                    "or kept warm")
    ap.add_argument("--samples", type=Path, default=SAMPLES, help="folder of sample files")
    ap.add_argument("--skip", action="append", default=[], choices=sorted(CHILDREN),
                    help="leave a configuration out (repeatable)")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._child:
        _child_main(args._child)
        return 0
    if args.copies < 1 or args.workers < 1 or args.repeat < 1 or args.nlp_workers < 1:
        ap.error("--copies, --workers, --repeat and --nlp-workers must be at least 1")

    info = machine()
    report: dict[str, Any] = {"machine": info, "args": {
        "copies": args.copies, "workers": args.workers, "repeat": args.repeat,
        "nlp_workers": args.nlp_workers, "caches": args.caches,
        "samples": str(args.samples)}, "runs": {}}
    runs = report["runs"]
    with tempfile.TemporaryDirectory(prefix="roadmap500-bench-") as tmp:
        files = stage_copies(args.samples, Path(tmp), args.copies)
        if not files:
            ap.error(f"no .pdf/.docx files in {args.samples}")
        all_files = [str(f) for f in files]
        pdfs = [str(f) for f in files if f.suffix.lower() == ".pdf"]
        first_copy = [str(f) for f in files if f.parent.name == "copy000"]
        plan: list[tuple[str, dict[str, Any]]] = [
            ("pipeline", {"files": all_files, "workers": args.workers}),
            ("pipeline-pdf", {"files": pdfs, "repeat": args.repeat, "caches": args.caches}),
            ("pdfplumber", {"files": pdfs, "repeat": args.repeat}),
            ("nlp", {"files": all_files, "warmup_files": first_copy,
                     "workers": args.nlp_workers, "repeat": args.repeat,
                     "caches": args.caches}),
        ]
        for kind, spec in plan:
            if kind in args.skip or (kind in ("pipeline-pdf", "pdfplumber") and not pdfs):
                continue
            print(f"… {kind}", file=sys.stderr, flush=True)
            runs[kind] = run_child(kind, spec)
    info["loadavg_end"] = os.getloadavg()

    rows: list[Row] = []
    if "pipeline" in runs:
        r = runs["pipeline"]
        rows.append(Row(f"pipeline, all files, {args.workers} worker(s)", r["files"], r["pages"],
                        r["wall_s"], r["cpu_s"], r["rss_self_mib"], r["rss_child_mib"],
                        r["tree_rss_mib"], "cold: models loaded in the timed call"))
    if "pipeline-pdf" in runs:
        r = runs["pipeline-pdf"]
        rows.append(Row("pipeline, PDFs only, 1 worker", r["files"], r["pages"], r["wall_s"],
                        r["cpu_s"], r["rss_self_mib"], None, r["tree_rss_mib"],
                        f"warm, caches={args.caches}, median of {args.repeat}"))
    if "pdfplumber" in runs:
        r = runs["pdfplumber"]
        rows.append(Row("bare pdfplumber extract_tables", r["files"], r["pages"], r["wall_s"],
                        r["cpu_s"], r["rss_self_mib"], None, r["tree_rss_mib"],
                        f"median of {args.repeat}"))
    if "nlp" in runs:
        r = runs["nlp"]
        w = r["workers"]
        for on in (False, True):
            rows.append(Row(f"pipeline nlp={on}, {w} worker(s)", r["files"], r["pages"],
                            r[f"wall_{'on' if on else 'off'}_s"],
                            r[f"cpu_{'on' if on else 'off'}_s"], r["rss_self_mib"],
                            r["rss_child_mib"] if w > 1 else None, None,
                            f"warm, caches={args.caches}, median of {args.repeat}"))

    print(f"machine: {info['processor']}, {info['cpu_count']} cores, "
          f"{info['ram_gib']:.1f} GiB RAM, Python {info['python']}, {info['platform']}")
    print(f"date: {info['date']}; code: {info['commit']}; load average at start {info['loadavg_start'][0]:.2f}, "
          f"at end {info['loadavg_end'][0]:.2f}")
    print(f"files: {args.copies} cop{'y' if args.copies == 1 else 'ies'} of {args.samples}")
    print()
    print(render(rows))
    print()
    if "pipeline" in runs:
        r = runs["pipeline"]
        print(f"pipeline statuses: {r['statuses']}; {r['activities']} activity rows; "
              f"import {r['import_s']:.2f} s")
    if "pipeline-pdf" in runs and "pdfplumber" in runs:
        a, b = runs["pipeline-pdf"], runs["pdfplumber"]
        ratio_wall = (a["pages"] / a["wall_s"]) / (b["pages"] / b["wall_s"])
        ratio_cpu = (a["pages"] / a["cpu_s"]) / (b["pages"] / b["cpu_s"])
        report["pdf_ratio"] = {"wall": ratio_wall, "cpu": ratio_cpu}
        print(f"PDF: pipeline pages/s ÷ bare pdfplumber pages/s = {ratio_wall:.2f} "
              f"(by CPU time {ratio_cpu:.2f}); pdfplumber found {b['tables']} tables")
    if "nlp" in runs:
        r = runs["nlp"]
        report["nlp_overhead"] = {"wall": r["overhead_wall"], "cpu": r["overhead_cpu"],
                                  "split": r["overhead_split"],
                                  "wall_min": r["overhead_wall_min"],
                                  "cpu_min": r["overhead_cpu_min"], "limit": NLP_LIMIT}
        ok = lambda x: "within" if x <= NLP_LIMIT else "OVER"  # noqa: E731
        print(f"NLP: {r['overhead_wall']:+.0%} time for risk directions and schools "
              f"(median wall {r['wall_off_s']:.2f} → {r['wall_on_s']:.2f} s, "
              f"{ok(r['overhead_wall'])} the {NLP_LIMIT:.0%} limit)")
        print(f"NLP: by CPU time {r['overhead_cpu']:+.0%} (median {r['cpu_off_s']:.2f} → "
              f"{r['cpu_on_s']:.2f} s, {ok(r['overhead_cpu'])}); fastest runs: wall "
              f"{r['overhead_wall_min']:+.0%}, CPU {r['overhead_cpu_min']:+.0%}")
        print(f"NLP: timed on its own {r['overhead_split']:+.0%} ({r['nlp_cpu_s']:.2f} s CPU "
              f"over extraction {r['extract_cpu_s']:.2f} s + NLP-free fields "
              f"{r['normalize_off_cpu_s']:.2f} s; {ok(r['overhead_split'])})")
        print(f"NLP: runs wall off {_fmt(r['wall_off_runs'])}, on {_fmt(r['wall_on_runs'])}; "
              f"CPU off {_fmt(r['cpu_off_runs'])}, on {_fmt(r['cpu_on_runs'])}")
        print(f"NLP: one-off model load {r['model_load_s']:.2f} s, +{r['model_rss_mib']:.0f} MiB "
              f"RSS (once per worker process); caches={args.caches} "
              f"({r['caches_cleared']} per-word/per-text caches)")
    if max(info["loadavg_start"][0], info["loadavg_end"][0]) > (os.cpu_count() or 1):
        print("note: the machine was busy with other work (load average above the core count):"
              " wall times are disturbed, CPU times much less so")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"wrote {args.json}")
    return 0


def _fmt(values: Sequence[float]) -> str:
    return "[" + ", ".join(f"{v:.2f}" for v in values) + "]"


if __name__ == "__main__":
    sys.exit(main())
