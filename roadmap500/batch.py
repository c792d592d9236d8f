"""One batch run: check the output, walk the inputs, convert under limits, publish.

Order of work: the output folder is checked before anything else; inputs are walked and
hashed in the main process (so duplicates are known before any conversion, in input
order, and ``doc_id`` stays a key of documents.parquet); files already staged by a killed
run (or, with ``incremental``, already in the published output with the same content) are
not converted again; the rest go to the worker pool, the largest files first (so the run
does not end with one worker on a big file while the others idle); the staged results are
streamed, in input order whatever the dispatch order, into a fresh generation folder that
replaces the old dataset in one rename.  Workers stage each file's activity rows as a
ready Arrow table, so the main process only joins tables and writes them.  The main
process holds one small record per input file, never every row.
"""
from __future__ import annotations

import hashlib
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap500.discover import Discovery, InputFile, discover_inputs
from roadmap500.limits import Limits
from roadmap500.heap import frozen_heap
from roadmap500.pipeline import FileResult, convert_file, failed_result, file_id, path_id, warm_up
from roadmap500.staging import OutputError, Staging, check_output, new_generation, publish
from roadmap500.workers import (Job, Outcome, PoolStats, WorkerConfig, WorkerPool, fork_server_cpu,
                                fork_server_pid, largest_first, process_cpu, start_fork_server,
                                worker_context)
from schemas.arrow import SCHEMA_VERSION


class NoInputs(Exception):
    """Nothing to convert (the old output is kept)."""


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a batch runs."""

    workers: int = 1  # 0: in this process, without time/memory limits (debugging)
    nlp: bool = True
    ocr: bool = True  # OCR pages without a usable text layer (False: a scan stays needs_ocr)
    limits: Limits = field(default_factory=Limits)
    incremental: bool = False
    timings: bool = True
    dask: bool = False  # a LocalCluster of ``workers`` processes
    scheduler: str | None = None  # a Dask scheduler address (tcp://HOST:8786)
    partitioned: bool = False  # also dataset/ partitioned by year and region (on with Dask)
    start_method: str = "auto"  # workers: "forkserver" (preloaded), "spawn", auto: the first available

    @property
    def on_dask(self) -> bool:
        return self.dask or bool(self.scheduler)


@dataclass(slots=True)
class BatchReport:
    """What a finished run did."""

    outdir: Path
    files: int = 0
    statuses: Counter = field(default_factory=Counter)
    activities: int = 0
    warnings: int = 0
    files_with_warnings: int = 0
    converted: int = 0  # files converted in this run (the rest came from staging/old output)
    hidden: int = 0
    other: int = 0
    seconds: float = 0.0
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (source, status, error)
    phases: dict[str, dict[str, float]] = field(default_factory=dict)  # this process: wall, cpu, children_cpu
    writing: float = 0.0  # CPU seconds of this process reading staged results and writing Parquet
    pool: PoolStats | None = None


class _Clock:
    """Wall and CPU seconds of this process (and of its children: reaped ones, and the fork
    server with the workers it reaped) per phase of a run."""

    def __init__(self, phases: dict[str, dict[str, float]]) -> None:
        self.phases = phases
        self.last = self._now()

    @staticmethod
    def _now() -> tuple[float, float, float]:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.monotonic(), time.process_time(), kids.ru_utime + kids.ru_stime + fork_server_cpu()

    def lap(self, name: str) -> None:
        now = self._now()
        self.phases[name] = {k: b - a for k, a, b in zip(("wall", "cpu", "children_cpu"), self.last, now)}
        self.last = now


class _InOrder:
    """Staged results written to Parquet in input order, each as soon as all before it are staged."""

    def __init__(self, entries: list[_Entry], staging: Staging, writer: Any, report: BatchReport) -> None:
        self.entries, self.staging, self.writer, self.report = entries, staging, writer, report
        self.ready = [e.job is None for e in entries]  # staged before any conversion
        self.next = 0

    def staged(self, index: int) -> None:
        """The result of entry ``index`` is staged; write what can be written."""
        self.ready[index] = True
        self.write_ready()

    def write_rest(self) -> None:
        """Write every result not written yet (all are staged once the conversions are over)."""
        self.ready = [True] * len(self.entries)
        self.write_ready()

    def write_ready(self) -> None:
        """Write, in input order, the staged results not yet written up to the first not staged."""
        cpu = time.process_time()
        while self.next < len(self.entries) and self.ready[self.next]:
            result = self.staging.get(self.entries[self.next].key)
            self.writer.add(result.document, result.activities)
            _count(self.report, result.document)
            self.next += 1
        self.report.writing += time.process_time() - cpu


def _count(report: BatchReport, doc: dict[str, Any]) -> None:
    """Add one written document to the report's totals."""
    report.statuses[doc["status"]] += 1
    report.activities += doc["n_activities"]
    report.warnings += doc["n_warnings"]
    report.files_with_warnings += doc["n_warnings"] > 0
    if doc["status"] != "ok":
        report.notes.append((doc["source_file"], doc["status"], doc["error"] or ""))


@dataclass(slots=True)
class _Entry:
    """One input file in the run: its staging key and job, if it needs converting."""

    key: str
    job: Job | None = None


def _key(source: str, doc_id: str) -> str:
    return hashlib.sha256(f"{source}\0{doc_id}".encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _fingerprint(options: BatchOptions) -> dict[str, Any]:
    from roadmap500 import __version__

    limits = options.limits.as_dict()
    return {"schema": SCHEMA_VERSION, "version": __version__, "nlp": options.nlp,
            "timings": options.timings,
            "limits": {k: limits[k] for k in ("seconds", "memory_mb", "pages", "decompressed_mb")}}


def _plan(found: Discovery, staging: Staging) -> tuple[list[_Entry], int]:
    """Hash every input, stage what needs no worker (unreadable, duplicates); the rest get
    jobs.  ``doc_id`` stays a key: the n-th copy of a content gets ``<hash>~n``, a path that
    cannot be read ``path-<hash of the path>``.  Returns the entries and how many were staged
    already (by a killed run)."""
    entries: list[_Entry] = []
    copies: dict[str, list[Any]] = {}  # content hash → [first source, copies seen]
    already = 0
    for index, f in enumerate(found.files):
        content, problem = "", f.problem
        if problem is None:
            try:
                content = file_id(f.path)
            except OSError as exc:
                problem = f"cannot read the file: {exc.strerror or exc}"
        first = copies.setdefault(content, [f.source, 0]) if content else None
        if first is not None:
            first[1] += 1
        doc_id = path_id(f.source) if not content else (
            content if first[1] == 1 else f"{content}~{first[1]}")
        key = _key(f.source, doc_id)
        entries.append(_Entry(key))
        if staging.has(key):
            already += 1
        elif problem is not None:
            staging.put(key, failed_result(f.source, doc_id, "failed", problem,
                                           non_utf8_name=f.non_utf8_name))
        elif first[1] > 1:
            staging.put(key, failed_result(
                f.source, doc_id, "duplicate", f"the same content as {first[0]}",
                non_utf8_name=f.non_utf8_name, duplicate_of=first[0]))
        else:
            entries[-1].job = Job(index, str(f.path), f.source, doc_id, key, f.non_utf8_name,
                                  _size(f.path))
    return entries, already


def _size(path: Path) -> int:
    """Bytes of a file (0 if it cannot be asked): the dispatch order's estimate of its work."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _seed_from_output(outdir: Path, entries: list[_Entry], staging: Staging) -> int:
    """``--incremental``: stage files whose content the published output already holds;
    returns how many."""
    import pyarrow.parquet as pq

    documents_path, activities_path = outdir / "documents.parquet", outdir / "activities.parquet"
    if not (documents_path.exists() and activities_path.exists()):
        return 0
    jobs = {e.job.doc_id: e for e in entries if e.job is not None}
    old: dict[str, dict[str, Any]] = {}
    for batch in pq.ParquetFile(documents_path).iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            if row["status"] != "duplicate" and row["doc_id"] in jobs:
                old.setdefault(row["doc_id"], row)
    rows: dict[str, list[dict[str, Any]]] = {d: [] for d in old}
    for batch in pq.ParquetFile(activities_path).iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            if row["doc_id"] in rows:
                rows[row["doc_id"]].append(row)
        for doc_id in [d for d, r in rows.items() if len(r) == old[d]["n_activities"]]:
            _stage_reused(jobs[doc_id], old.pop(doc_id), rows.pop(doc_id), staging)
    for doc_id in [d for d, r in rows.items() if len(r) == old[d]["n_activities"]]:
        _stage_reused(jobs[doc_id], old.pop(doc_id), rows.pop(doc_id), staging)
    return sum(1 for e in jobs.values() if e.job is None)


def _stage_reused(entry: _Entry, document: dict[str, Any], rows: list[dict[str, Any]],
                  staging: Staging) -> None:
    source = entry.job.source
    document = {**document, "source_file": source}
    for row in rows:
        row["source_file"] = source
    staging.put(entry.key, FileResult(document, rows))
    entry.job = None


def _run_in_process(jobs: list[Job], options: BatchOptions, staging: Staging,
                    on_outcome: Callable[[Outcome], None]) -> None:
    warm_up(options.nlp)
    with frozen_heap():
        for job in jobs:
            result = convert_file(job.path, nlp=options.nlp, ocr=options.ocr, limits=options.limits,
                                  source=job.source,
                                  doc_id=job.doc_id, timings=options.timings,
                                  non_utf8_name=job.non_utf8_name)
            staging.put(job.key, result)
            on_outcome(Outcome(job, result.status))


class _MemoryStaging(Staging):
    """Staging held in memory (the in-process Python API, which returns whole tables anyway)."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}

    def has(self, key: str) -> bool:
        return key in self.results

    def put(self, key: str, result: Any) -> None:
        self.results[key] = result

    def get(self, key: str) -> Any:
        return self.results.pop(key)


def in_process_results(found: Discovery, *, nlp: bool, limits: Limits,
                       ocr: bool = True) -> Iterator[FileResult]:
    """Every input's result in input order, converted in this process (duplicates marked)."""
    staging = _MemoryStaging()
    entries, _ = _plan(found, staging)
    warm_up(nlp)
    with frozen_heap():
        for entry in entries:
            job = entry.job
            if job is not None:
                yield convert_file(job.path, nlp=nlp, ocr=ocr, limits=limits, source=job.source,
                                   doc_id=job.doc_id, non_utf8_name=job.non_utf8_name)
            else:
                yield staging.get(entry.key)


def _ready_arrow() -> None:
    """Pay pyarrow's one-off lazy set-up now: its first ``pa.array`` of Python values
    imports pandas (≈0.4 CPU s), which would otherwise fall on the final write."""
    import pyarrow as pa

    pa.array([], type=pa.string())


def run_batch(paths: list[Any], outdir: Path, options: BatchOptions,
              progress: Callable[..., Any] | None = None) -> BatchReport:
    """Convert ``paths`` into ``outdir``; raises OutputError / NoInputs / CacheScopeError before
    any work."""
    from normalize.memo import cache_scope
    from schemas.writer import DatasetWriter

    cache_scope()  # a mistyped ROADMAP500_TEXT_CACHE is named before any work
    started = time.monotonic()
    clock = _Clock({})
    check_output(outdir)
    server_cpu = process_cpu(fork_server_pid())  # a fork server started by an earlier run
    if options.workers > 0 and not options.on_dask:  # its start overlaps the walking and hashing
        start_fork_server(worker_context(options.start_method, options.nlp))
    _ready_arrow()  # while the fork server loads: not after the last file
    found = discover_inputs(paths)
    if not found.files:
        raise NoInputs("no input files found" + (
            f" ({', '.join(found.missing)}: no such file or folder)" if found.missing else ""))
    report = BatchReport(outdir, files=len(found.files), hidden=found.hidden, other=found.other,
                         phases=clock.phases)
    staging = Staging(outdir, _fingerprint(options))
    entries, already = _plan(found, staging)
    if options.incremental:
        already += _seed_from_output(outdir, entries, staging)
    jobs = [e.job for e in entries if e.job is not None]
    report.converted = len(jobs)
    tick = progress(len(jobs), 0) if progress else None
    if progress and already:
        print(f"roadmap500: {already} files kept from an earlier run", file=sys.stderr)

    gen = new_generation(outdir)
    clock.lap("plan")  # walking and hashing the inputs, staging what needs no worker
    with DatasetWriter(gen) as writer:
        in_order = _InOrder(entries, staging, writer, report)

        def on_outcome(outcome: Outcome) -> None:
            if outcome.error is not None:  # the main process makes the row of a dead / killed worker
                job = outcome.job
                staging.put(job.key, failed_result(job.source, job.doc_id, outcome.status, outcome.error,
                                                   fmt=outcome.format, pages=outcome.pages,
                                                   non_utf8_name=job.non_utf8_name))
            in_order.staged(outcome.job.index)
            if tick:
                tick(outcome.job.source, outcome.status)

        in_order.write_ready()
        if options.on_dask and jobs:
            from roadmap500.dask_runner import run_on_dask

            run_on_dask(largest_first(jobs), nlp=options.nlp, ocr=options.ocr, limits=options.limits, timings=options.timings,
                        scheduler=options.scheduler, workers=options.workers,
                        stage=lambda job, result: staging.put(job.key, result), on_outcome=on_outcome)
        elif options.workers <= 0:
            _run_in_process(jobs, options, staging, on_outcome)
        elif jobs:
            config = WorkerConfig(options.limits, options.nlp, str(staging.dir), options.timings,
                                  options.ocr)
            heartbeat = getattr(tick, "waiting", None)
            pool = WorkerPool(min(options.workers, len(jobs)), config, start_method=options.start_method)
            pool.run(largest_first(jobs), on_outcome, heartbeat)  # output order stays input order
            report.pool = pool.stats
            if pool.stats.start_method == "forkserver":
                pool.stats.server_cpu = process_cpu(fork_server_pid()) - server_cpu
        clock.lap("convert")  # includes the writing done meanwhile (report.writing)
        in_order.write_rest()
    clock.lap("write")  # what was left to write after the last conversion, and closing the files
    if options.partitioned or options.on_dask:
        from roadmap500.dask_runner import write_partitioned

        write_partitioned(gen)
    publish(outdir, gen)
    staging.remove()
    clock.lap("publish")
    report.seconds = time.monotonic() - started
    return report


__all__ = ["BatchOptions", "BatchReport", "NoInputs", "OutputError", "run_batch"]
