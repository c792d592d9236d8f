"""A pool of worker processes the main process manages itself, one file at a time each.

Why not ``concurrent.futures.ProcessPoolExecutor``: one worker killed (OOM killer, a
segfault in a native library) breaks the whole executor (``BrokenProcessPool``) and loses
every pending result; it cannot kill one task that overruns its time, nor replace one worker
that holds too much memory.  Here each worker is a ``multiprocessing`` process with its own
pipe, forked from a fork server that imported the pipeline and loaded the NLP models once
(``roadmap500.worker_preload``, ``worker_models``), so a worker (and each replacement) starts in milliseconds and
shares the model pages copy-on-write; where no fork server is available (or with
``ROADMAP500_START_METHOD=spawn``) it is spawned and loads them itself.  Either way it holds
nothing of the main process. the main process waits on the
pipes and the process sentinels together, so it sees at once a result, a death (the file is
``failed`` with the signal named) or an overrun (the worker is killed: ``timeout``, or
``too_large`` above the memory limit), and starts a fresh worker in its place.  Workers are
also replaced after ``recycle_after`` files or when they hold more than ``recycle_rss_mb``
after a file, so memory is returned between files.  Workers write their results straight
into the staging area (activity rows as an Arrow table: :func:`arrow_result`); only a short
summary goes through the pipe.  Jobs are handed out largest first (:func:`largest_first`).  A worker asks the kernel
to kill it when its parent dies (``PR_SET_PDEATHSIG``): the main process, or the fork server,
which exits as soon as the main process is gone.
"""
from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from roadmap500.limits import Limits, memory_message, rss_mb, timeout_message

_PR_SET_PDEATHSIG = 1
_PRELOAD = ["roadmap500.worker_preload"]  # a fork server's imports before it forks
_PRELOAD_NLP = ["roadmap500.worker_models"]  # the same and the NLP models
_POLL_SECONDS = 0.2
_DEATH_HINTS = {
    "SIGKILL": "killed: out of memory (the kernel's OOM killer) or by hand",
    "SIGSEGV": "a crash in a native library",
    "SIGABRT": "aborted by a native library (out of memory?)",
    "SIGBUS": "a crash in a native library",
}


@dataclass(frozen=True, slots=True)
class Job:
    """One file for a worker: where it is, what the output calls it, its staging key."""

    index: int
    path: str
    source: str
    doc_id: str
    key: str
    non_utf8_name: bool = False
    size: int = 0  # bytes of the file: the dispatch order's estimate of its work


def largest_first(jobs: Iterable[Job]) -> list[Job]:
    """Jobs in dispatch order: the largest files first (longest-processing-time first, so
    the run does not end with one worker on a big file while the others idle); equal sizes
    in input order.  The output keeps input order whatever the dispatch order."""
    return sorted(jobs, key=lambda job: (-job.size, job.index))


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """Everything a worker needs, fixed for the run."""

    limits: Limits
    nlp: bool
    staging_dir: str
    timings: bool
    ocr: bool = True


@dataclass(slots=True)
class Outcome:
    """What the main process learns of one finished job."""

    job: Job
    status: str
    error: str | None = None  # set when the main process made the row (death, overrun)
    format: str | None = None
    pages: int | None = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _die_with_parent(main: int) -> None:
    """Ask the kernel to kill this worker when its parent (the main process or the fork
    server) dies; exit now if the parent or the main process is already gone."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    _release_fork_server()
    if os.getppid() != parent or not _alive(main):  # a parent died before the request took effect
        os._exit(1)


def _release_fork_server() -> None:
    """Close this worker's copy of the fork server's keep-alive pipe.  CPython hands every
    process the fork server starts a copy (so that it may start processes of its own), and
    the server stays up while any copy is open: a worker holding one would keep its parent,
    the server — whose death is what kills the worker — alive after the main process is gone,
    until the worker's file is done.  Workers start no processes through the server."""
    from multiprocessing import forkserver

    server = forkserver._forkserver
    fd = getattr(server, "_forkserver_alive_fd", None)
    if fd is None:
        return
    try:
        os.close(fd)
    except OSError:
        pass
    server._forkserver_alive_fd = None


def _send_or_die(conn: Connection, message: tuple[Any, ...]) -> None:
    """Send to the main process; if it is gone, end now (a forked worker outlives it for a
    moment, until its fork server exits): a failure it caused must never be staged."""
    try:
        conn.send(message)
    except OSError:
        os._exit(1)


def _take_environment(environment: dict[str, str] | None) -> None:
    """The main process's environment as it is now (a fork server keeps the one it started
    with; a spawned worker already has it): PATH for the converters it calls, and so on."""
    if environment is not None and environment != dict(os.environ):
        os.environ.clear()
        os.environ.update(environment)


def worker_main(conn: Connection, config: WorkerConfig, main: int,
                environment: dict[str, str] | None = None) -> None:
    """A worker's life: take jobs from the pipe until told to stop; stage each result."""
    from roadmap500.heap import freeze_loaded
    from roadmap500.limits import cap_address_space
    from roadmap500.pipeline import convert_file, warm_up
    from roadmap500.staging import _write_atomic

    import pickle

    _die_with_parent(main)
    _take_environment(environment)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    cap_address_space(config.limits)
    warm_up(config.nlp)
    freeze_loaded()  # the models and tables never become garbage: the collector skips them
    conn.send(("ready", time.process_time()))  # CPU seconds of start-up: imports and models
    while True:
        asked = time.monotonic()
        job: Job | None = conn.recv()
        if job is None:
            return
        # the wall-time clock starts now, not at warm-up; how long the worker waited for the job
        conn.send(("start", job.index, time.monotonic() - asked))

        def on_format(fmt: str | None, pages: int | None, job: Job = job) -> None:
            _send_or_die(conn, ("format", job.index, fmt, pages))

        result = convert_file(job.path, nlp=config.nlp, ocr=config.ocr, limits=config.limits,
                              source=job.source, doc_id=job.doc_id, timings=config.timings,
                              non_utf8_name=job.non_utf8_name, on_format=on_format)
        _write_atomic(Path(config.staging_dir) / f"{job.key}.pkl",
                      pickle.dumps(arrow_result(result), protocol=pickle.HIGHEST_PROTOCOL))
        conn.send(("done", job.index, result.status, rss_mb(os.getpid())))
        del result


def arrow_result(result: Any) -> Any:
    """A FileResult with its activity rows as a plain Arrow table (``schemas.writer.plain_table``)
    in Arrow IPC bytes, built here in the worker so the main process only reads and joins
    tables (``Staging.get``); rows that do not fit the schema stay dicts (the main process
    then raises on them as it would have)."""
    import pyarrow as pa

    from roadmap500.pipeline import FileResult
    from schemas.arrow import ACTIVITIES
    from schemas.writer import plain_table, table_bytes

    try:
        return FileResult(result.document, table_bytes(plain_table(result.activities, ACTIVITIES)))
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return result


def worker_context(method: str = "auto", nlp: bool = True) -> Any:
    """The multiprocessing context workers start from: ``forkserver`` (preloaded with the
    pipeline, and the models when ``nlp``) where available, else ``spawn``; ``auto`` reads
    ``ROADMAP500_START_METHOD``."""
    if method == "auto":
        method = os.environ.get("ROADMAP500_START_METHOD", "auto")
    if method not in ("forkserver", "spawn"):
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    context = mp.get_context(method)
    if method == "forkserver":  # takes effect when the fork server starts (once per process)
        context.set_forkserver_preload(_PRELOAD_NLP if nlp else _PRELOAD)
    return context


def start_fork_server(context: Any) -> None:
    """Start the fork server now (it imports and loads the models while the caller goes on)."""
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def ready_fork_server(method: str = "auto", nlp: bool = True) -> float:
    """Start the fork server and wait until it serves (imports and models done); its CPU
    seconds so far (0 when workers are spawned)."""
    context = worker_context(method, nlp)
    if context.get_start_method() != "forkserver":
        return 0.0
    probe = context.Process(target=os.getpid, daemon=True)
    probe.start()
    probe.join()
    return process_cpu(fork_server_pid())


def fork_server_pid() -> int | None:
    """The pid of this process's fork server, if one runs."""
    from multiprocessing import forkserver

    return getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)


def process_cpu(pid: int | None, with_children: bool = False) -> float:
    """CPU seconds (user + system) process ``pid`` has used itself, and with
    ``with_children`` those of the children it reaped (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    ticks = sum(int(f) for f in fields[11:15 if with_children else 13])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def fork_server_cpu() -> float:
    """CPU seconds of the fork server and of the workers it has reaped (0 without one)."""
    pid = fork_server_pid()
    return process_cpu(pid, with_children=True) if pid else 0.0


@dataclass(slots=True)
class _Slot:
    """A running worker and the job it holds."""

    process: Any
    conn: Connection
    files: int = 0
    job: Job | None = None
    started: float | None = None  # when the worker began the job (None: still warming up)
    format: str | None = None
    pages: int | None = None
    retire: bool = False


def death_message(exitcode: int | None) -> str:
    """Why a worker ended, from its exit code."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = _DEATH_HINTS.get(name, "")
        return f"the worker converting this file died of signal {name}" + (f" ({hint})" if hint else "")
    return f"the worker converting this file exited unexpectedly (exit code {exitcode})"


@dataclass(slots=True)
class PoolStats:
    """Where a pool's time went: worker starts, their start-up CPU, their waits for a job."""

    starts: int = 0
    startup_cpu: float = 0.0  # CPU seconds of the workers before their first job (imports, models)
    start_method: str = ""  # "forkserver" or "spawn"
    server_cpu: float = 0.0  # CPU seconds of the fork server itself (its imports and models, once)
    idle: float = 0.0  # wall seconds workers spent waiting for their next job (after the first)
    jobs: int = 0


@dataclass
class WorkerPool:
    """``workers`` processes converting jobs; see the module docstring."""

    workers: int
    config: WorkerConfig
    slots: list[_Slot] = field(default_factory=list)
    stats: PoolStats = field(default_factory=PoolStats)

    start_method: str = "auto"

    def __post_init__(self) -> None:
        self.context = worker_context(self.start_method, self.config.nlp)
        self.stats.start_method = self.context.get_start_method()

    def _start(self) -> _Slot:
        mine, theirs = self.context.Pipe()
        environment = dict(os.environ) if self.stats.start_method == "forkserver" else None
        process = self.context.Process(target=worker_main,
                                       args=(theirs, self.config, os.getpid(), environment),
                                       daemon=True, name="roadmap500-worker")
        process.start()
        theirs.close()
        self.stats.starts += 1
        slot = _Slot(process, mine)
        self.slots.append(slot)
        return slot

    def _stop(self, slot: _Slot, kill: bool) -> None:
        if kill:
            slot.process.kill()
        else:
            try:
                slot.conn.send(None)
            except (BrokenPipeError, OSError):
                slot.process.kill()
        slot.process.join(5 if not kill else None)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        slot.conn.close()
        self.slots.remove(slot)

    def close(self) -> None:
        """Stop every worker (killing any still busy)."""
        for slot in list(self.slots):
            self._stop(slot, kill=slot.job is not None)

    def busy(self) -> list[str]:
        """The files being converted now."""
        return [s.job.source for s in self.slots if s.job is not None]

    def run(self, jobs: Iterable[Job], on_outcome: Callable[[Outcome], None],
            on_wait: Callable[[list[str]], None] | None = None) -> None:
        """Convert every job; ``on_outcome`` gets each as it finishes, ``on_wait`` the files
        in work after each wait."""
        pending = deque(jobs)
        try:
            while pending or any(s.job for s in self.slots):
                self._dispatch(pending)
                ready = wait([s.conn for s in self.slots] + [s.process.sentinel for s in self.slots],
                             timeout=_POLL_SECONDS)
                finished: list[Outcome] = []
                for slot in list(self.slots):
                    self._collect(slot, ready, finished.append)
                for slot in list(self.slots):
                    self._police(slot, finished.append)
                self._dispatch(pending)  # free workers get their next file before the results are handled
                for outcome in finished:
                    on_outcome(outcome)
                if on_wait:
                    on_wait(self.busy())
        finally:
            self.close()

    def _dispatch(self, pending: deque[Job]) -> None:
        while pending and len(self.slots) < self.workers:
            self._start()
        for slot in self.slots:
            if slot.job is None and pending:
                slot.job, slot.started, slot.format, slot.pages = pending.popleft(), None, None, None
                slot.conn.send(slot.job)

    def _finish(self, slot: _Slot, outcome: Outcome, on_outcome: Callable[[Outcome], None]) -> None:
        slot.job = None
        slot.files += 1
        on_outcome(outcome)

    def _collect(self, slot: _Slot, ready: list[Any], on_outcome: Callable[[Outcome], None]) -> None:
        limits = self.config.limits
        if slot.conn in ready:
            try:
                while slot.conn.poll():
                    message = slot.conn.recv()
                    if message[0] == "ready":
                        self.stats.startup_cpu += message[1]
                    elif message[0] == "start":
                        slot.started = time.monotonic()
                        self.stats.jobs += 1
                        if slot.files:  # a fresh worker's first wait is its start-up
                            self.stats.idle += message[2]
                    elif message[0] == "format":
                        slot.format, slot.pages = message[2], message[3]
                    elif message[0] == "done" and slot.job is not None:
                        job = slot.job
                        self._finish(slot, Outcome(job, message[2]), on_outcome)
                        if (limits.recycle_after and slot.files >= limits.recycle_after) or \
                                (limits.recycle_rss_mb and message[3] > limits.recycle_rss_mb):
                            slot.retire = True
            except (EOFError, OSError):
                pass
        if slot.retire and slot.job is None:
            self._stop(slot, kill=False)
            return
        if slot.process.sentinel in ready or not slot.process.is_alive():
            slot.process.join(1)
            if slot.process.is_alive():
                return
            job = slot.job
            error = death_message(slot.process.exitcode)
            self._stop(slot, kill=True)
            if job is not None:
                on_outcome(Outcome(job, "failed", error, slot.format, slot.pages))

    def _police(self, slot: _Slot, on_outcome: Callable[[Outcome], None]) -> None:
        if slot.job is None or slot not in self.slots:
            return
        limits = self.config.limits
        status = error = None
        if limits.seconds and slot.started is not None and \
                time.monotonic() - slot.started > limits.seconds:
            status, error = "timeout", timeout_message(limits)
        elif limits.memory_mb and rss_mb(slot.process.pid) > limits.memory_mb:
            status, error = "too_large", memory_message(limits)
        if status:
            job = slot.job
            self._stop(slot, kill=True)
            on_outcome(Outcome(job, status, error, slot.format, slot.pages))
