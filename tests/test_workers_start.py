"""How workers start: forked from a preloaded fork server (models shared, no threads at fork
time), or spawned as the fallback; either way the same output and the same guarantees."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from roadmap500.batch import BatchOptions, run_batch
from roadmap500.limits import Limits
from tests.hostile.make_corpus import _rows, roadmap_docx

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TABLES = ("activities.parquet", "documents.parquet")

_PROBE = """
import json, os, time
from roadmap500.workers import worker_context, fork_server_pid, ready_fork_server

def models_loaded():
    from normalize import nlp
    return [f.cache_info().currsize for f in (nlp.morph_vocab, nlp.morph_tagger, nlp.ner_tagger)]

if __name__ == "__main__":
    ready_fork_server("forkserver", nlp=True)
    server = fork_server_pid()
    threads = len(os.listdir(f"/proc/{server}/task"))
    context = worker_context("forkserver", nlp=True)
    queue = context.SimpleQueue()
    started = time.monotonic()
    p = context.Process(target=__import__("tests.test_workers_start", fromlist=["x"]).report_models,
                        args=(queue,))
    p.start()
    loaded = queue.get()
    p.join()
    print(json.dumps({"threads": threads, "loaded": loaded, "seconds": time.monotonic() - started,
                      "parent": loaded.pop(), "server": server, "main": os.getpid()}))
"""


def report_models(queue) -> None:
    """(In a worker) which models are loaded before the worker loads any, and its parent."""
    from normalize import nlp

    queue.put([f.cache_info().currsize for f in (nlp.morph_vocab, nlp.morph_tagger, nlp.ner_tagger)]
              + [os.getppid()])


def test_forked_workers_start_with_the_models_loaded_from_a_single_threaded_server():
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["threads"] == 1  # nothing else runs in the server when it forks
    assert found["loaded"] == [1, 1, 1]  # the worker found every model loaded
    assert found["parent"] == found["server"] != found["main"]
    assert found["seconds"] < 30  # a fork, not imports and models (those take seconds)


@pytest.fixture(scope="module")
def small_inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("start_small")
    for p in sorted(SAMPLES.glob("*.docx"))[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    for i in range(5):
        (folder / f"order_{i}.docx").write_bytes(roadmap_docx(f"номер {i}", _rows(f"о{i}", 2 + i)))
    (folder / "zero.pdf").write_bytes(b"")
    return folder


def _run(inputs: Path, out: Path, **options):
    report = run_batch([inputs], out, BatchOptions(timings=False, **options))
    return report, {name: (out / name).read_bytes() for name in TABLES}


@pytest.mark.parametrize("nlp", [False, True])
def test_forkserver_and_spawn_and_in_process_give_the_same_bytes(small_inputs, tmp_path, nlp):
    forked, forked_bytes = _run(small_inputs, tmp_path / "fork", workers=2, nlp=nlp,
                                start_method="forkserver")
    spawned, spawned_bytes = _run(small_inputs, tmp_path / "spawn", workers=2, nlp=nlp,
                                  start_method="spawn")
    _, one_bytes = _run(small_inputs, tmp_path / "one", workers=1, nlp=nlp)
    _, here_bytes = _run(small_inputs, tmp_path / "here", workers=0, nlp=nlp)
    assert forked.pool.start_method == "forkserver" and spawned.pool.start_method == "spawn"
    assert forked_bytes == spawned_bytes == one_bytes == here_bytes
    assert forked.statuses["ok"] == 7 and forked.statuses["failed"] == 1


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_recycled_workers_are_replaced_and_output_is_unchanged(small_inputs, tmp_path, method):
    report, got = _run(small_inputs, tmp_path / "r", workers=2, nlp=False, start_method=method,
                       limits=Limits(recycle_after=2))
    _, ref = _run(small_inputs, tmp_path / "ref", workers=0, nlp=False)
    assert got == ref
    assert report.pool.jobs == 8 and report.pool.starts >= 4  # 8 files, at most 2 per worker


def test_the_fallback_is_spawn_when_asked_through_the_environment(small_inputs, tmp_path):
    env = {**os.environ, "ROADMAP500_START_METHOD": "spawn"}
    proc = subprocess.Popen([sys.executable, "-m", "roadmap500.cli", "convert", str(small_inputs), "-o",
                             str(tmp_path / "out"), "-w", "2", "--no-nlp", "-q"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: set[bytes] = set()
    while proc.poll() is None:
        try:
            kids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        except OSError:
            kids = []
        for kid in kids:
            try:
                seen.add(Path(f"/proc/{kid}/cmdline").read_bytes())
            except OSError:
                pass
        time.sleep(0.02)
    assert proc.returncode == 1, proc.stderr.read()
    assert any(b"spawn_main" in c for c in seen) and not any(b"forkserver" in c for c in seen)
    docs = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert sum(d["status"] == "ok" for d in docs) == 7


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_a_killed_worker_costs_only_its_file(small_inputs, tmp_path, method, monkeypatch):
    """A worker killed mid-file (SIGKILL from outside): that file's row says so, the rest are converted."""
    from roadmap500 import workers

    killed: list[int] = []

    def kill_first(pool_run):
        def run(self, jobs, on_outcome, on_wait=None):
            def waited(busy):
                if not killed and self.slots and self.slots[0].job is not None \
                        and self.slots[0].started is not None:
                    killed.append(self.slots[0].process.pid)
                    os.kill(self.slots[0].process.pid, signal.SIGKILL)
                if on_wait:
                    on_wait(busy)
            return pool_run(self, jobs, on_outcome, waited)
        return run

    monkeypatch.setattr(workers.WorkerPool, "run", kill_first(workers.WorkerPool.run))
    _run(small_inputs, tmp_path / "k", workers=2, nlp=False, start_method=method)
    docs = pq.read_table(tmp_path / "k" / "documents.parquet").to_pylist()
    assert killed and len(docs) == 8
    dead = [d for d in docs if d["error"] and "SIGKILL" in d["error"]]
    assert len(dead) == 1 and dead[0]["status"] == "failed"
    assert sum(d["status"] == "ok" for d in docs) == 6
