"""Output safety, isolation and resume: bad -o, no inputs, worker and main-process kills,
kill-and-resume at random points, byte-identical reruns, --incremental."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from roadmap500.discover import discover_inputs
from tests.hostile.make_corpus import _rows, roadmap_docx, table_pages, pdf_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CLI = [sys.executable, "-m", "roadmap500.cli", "convert"]
TABLES = ("activities.parquet", "documents.parquet")


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLES}


@pytest.fixture(scope="module")
def small_inputs(tmp_path_factory) -> Path:
    """Quick files: sample DOCX, made-up orders, a failure and a duplicate."""
    folder = tmp_path_factory.mktemp("small")
    for p in sorted(SAMPLES.glob("*.docx"))[:1]:
        shutil.copy(p, folder / p.name)
    for i in range(5):
        (folder / f"order_{i}.docx").write_bytes(roadmap_docx(f"номер {i}", _rows(f"о{i}", 2 + i)))
    (folder / "zero.pdf").write_bytes(b"")
    shutil.copy(folder / "order_1.docx", folder / "order_1_copy.docx")
    return folder


@pytest.fixture(scope="module")
def reference(small_inputs, tmp_path_factory) -> tuple[Path, float]:
    out = tmp_path_factory.mktemp("ref") / "out"
    started = time.monotonic()
    done = _cli(str(small_inputs), "-o", str(out), "-w", "2", "--no-nlp", "--no-timings", "-q")
    assert done.returncode == 1, done.stderr  # zero.pdf failed
    return out, time.monotonic() - started


@pytest.mark.parametrize("case", ["a file", "table is a folder", "under a file"])
def test_bad_output_fails_fast_with_a_clear_message(tmp_path, case):
    (tmp_path / "file").write_text("x")
    out = {"a file": tmp_path / "file", "under a file": tmp_path / "file" / "out",
           "table is a folder": tmp_path / "o"}[case]
    if case == "table is a folder":
        (out / "activities.parquet").mkdir(parents=True)
    started = time.monotonic()
    done = _cli(str(SAMPLES), "-o", str(out))
    assert time.monotonic() - started < 1.0
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and str(out) in done.stderr


def test_no_inputs_or_missing_paths_keep_the_old_output(reference, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reference[0], out, symlinks=True)
    before = _bytes(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in ([str(empty)], [str(tmp_path / "sampels")], [str(empty), str(tmp_path / "nope")]):
        done = _cli(*args, "-o", str(out), "-q")
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert _bytes(out) == before
    fresh = tmp_path / "never"
    assert _cli(str(empty), "-o", str(fresh)).returncode == 2 and not fresh.exists()


def test_two_runs_byte_identical(small_inputs, reference, tmp_path):
    done = _cli(str(small_inputs), "-o", str(tmp_path / "again"), "-w", "1", "--no-nlp",
                "--no-timings", "-q")
    assert done.returncode == 1
    assert _bytes(tmp_path / "again") == _bytes(reference[0])


def test_runs_with_timings_differ_only_in_seconds(small_inputs, reference, tmp_path):
    assert _cli(str(small_inputs), "-o", str(tmp_path / "t"), "--no-nlp", "-q").returncode == 1
    for name in TABLES:
        got, ref = pq.read_table(tmp_path / "t" / name), pq.read_table(reference[0] / name)
        if "seconds" in got.column_names:
            assert got.column("seconds").null_count < got.num_rows
            got, ref = got.drop_columns(["seconds"]), ref.drop_columns(["seconds"])
        assert got.equals(ref)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _workers(pid: int) -> list[int]:
    """The worker processes of main process ``pid``: spawned children, or children of its
    fork server."""
    found = []
    for child in _children(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmd:
            found.append(child)
        elif b"forkserver" in cmd:
            found.extend(_children(child))
    return found


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _bytes_read(pid: int) -> int:
    """Bytes process ``pid`` has read through read-family calls (0 when it is gone)."""
    try:
        return int(next(line.split()[1] for line in Path(f"/proc/{pid}/io").read_text().splitlines()
                        if line.startswith("rchar:")))
    except (OSError, StopIteration, ValueError):
        return 0


def _reads_at_once(pid: int, size: int):
    """A predicate: true once process ``pid`` has read ``size`` bytes since it was last asked
    (a file read whole in one call; start-up imports read small files), or had already read
    that much when first asked (a worker forked ready-made may read its file at once)."""
    seen = [0]

    def jumped() -> bool:
        now = _bytes_read(pid)
        before, seen[0] = seen[0], now
        return now - before >= size

    return jumped


def _wait_for(predicate, timeout: float = 60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


@pytest.fixture(scope="module")
def slow_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("slow") / "a_slow_table.pdf"
    path.write_bytes(pdf_file(table_pages(20000)))
    return path


def test_worker_killed_mid_file_costs_only_that_file(slow_pdf, tmp_path):
    good = sorted(SAMPLES.glob("*.docx"))[0]
    proc = subprocess.Popen([*CLI, str(slow_pdf), str(good), "-o", str(tmp_path / "out"), "-w", "1",
                             "--no-nlp", "-q"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    worker = _wait_for(lambda: _workers(proc.pid))[0]
    # the worker has started on the slow PDF: it read the whole file in one call (however long
    # its start-up took on a loaded machine), then it opens it and tells the main process its format
    _wait_for(_reads_at_once(worker, slow_pdf.stat().st_size), timeout=120)
    time.sleep(2.0)
    os.kill(worker, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err
    docs = {Path(d["source_file"]).name: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert docs[slow_pdf.name]["status"] == "failed"
    assert "SIGKILL" in docs[slow_pdf.name]["error"]
    assert docs[slow_pdf.name]["format"] == "pdf"
    assert docs[good.name]["status"] == "ok" and docs[good.name]["n_activities"] > 0


def test_killing_the_main_process_kills_its_workers(slow_pdf, tmp_path):
    proc = subprocess.Popen([*CLI, str(slow_pdf), "-o", str(tmp_path / "out"), "-w", "1",
                             "--no-nlp", "-q"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers = _wait_for(lambda: _workers(proc.pid))
    # killed while the worker is deep in its file (it has read it and told its format), not
    # while it starts: a busy worker must not outlive the main process until the file is done
    _wait_for(_reads_at_once(workers[0], slow_pdf.stat().st_size), timeout=120)
    time.sleep(1.0)
    proc.kill()
    proc.wait()
    _wait_for(lambda: not any(_alive(w) for w in workers), timeout=5)
    assert not (tmp_path / "out" / "activities.parquet").exists()


def test_killed_at_random_points_and_resumed_equals_an_uninterrupted_run(small_inputs, reference,
                                                                         tmp_path):
    ref, duration = reference
    rnd = random.Random(9)
    for attempt in range(10):
        out = tmp_path / f"try{attempt}"
        if attempt % 3 == 2:  # also over an older output
            shutil.copytree(ref, out, symlinks=True)
        args = [*CLI, str(small_inputs), "-o", str(out), "-w", "2", "--no-nlp", "--no-timings", "-q"]
        proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.3, duration))
        proc.kill()
        proc.wait()
        if (out / "documents.parquet").exists():  # what a reader sees is a whole dataset
            assert pq.read_table(out / "documents.parquet").num_rows == 8
        done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 1, done.stderr
        assert _bytes(out) == _bytes(ref), f"attempt {attempt}"
        assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == "staging"]


def test_incremental_converts_only_new_content_and_drops_gone_files(small_inputs, reference,
                                                                    tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(small_inputs, folder)
    out = tmp_path / "out"
    assert _cli(str(folder), "-o", str(out), "--no-nlp", "--no-timings", "-q").returncode == 1
    (folder / "order_0.docx").unlink()
    (folder / "order_9.docx").write_bytes(roadmap_docx("новый", _rows("новый", 4)))
    done = _cli(str(folder), "-o", str(out), "--no-nlp", "--no-timings", "--incremental")
    assert done.returncode == 1, done.stderr
    assert "1 converted in this run" in done.stdout
    fresh = tmp_path / "fresh"
    assert _cli(str(folder), "-o", str(fresh), "--no-nlp", "--no-timings", "-q").returncode == 1
    assert _bytes(out) == _bytes(fresh)
    names = {Path(d["source_file"]).name for d in pq.read_table(out / "documents.parquet").to_pylist()}
    assert "order_0.docx" not in names and "order_9.docx" in names


def test_progress_lines_without_a_terminal(small_inputs, tmp_path):
    done = _cli(str(small_inputs), "-o", str(tmp_path / "o"), "--no-nlp")
    assert "roadmap500: converting 7 files" in done.stderr  # 8 inputs, one a duplicate
    assert "roadmap500: 7/7 files, 1 not converted" in done.stderr
    assert "warnings" in done.stdout.splitlines()[-1] and "documents.parquet" in done.stdout


def test_walking_rules(tmp_path):
    hidden_parent = tmp_path / ".cache" / "orders"
    (hidden_parent / "sub").mkdir(parents=True)
    (hidden_parent / "a.docx").write_bytes(b"x")
    (hidden_parent / "sub" / ".b.docx").write_bytes(b"x")
    (hidden_parent / "notes.txt").write_text("x")
    os.symlink("..", hidden_parent / "sub" / "up")
    os.symlink("missing.pdf", hidden_parent / "gone.pdf")
    found = discover_inputs([hidden_parent / "sub" / ".."])
    names = {Path(f.source).name: f.problem for f in found.files}
    assert names["a.docx"] is None
    assert "dangling" in names["gone.pdf"]
    assert "loop" in names["up"]
    assert found.hidden == 1 and found.other == 1
    named_loop = tmp_path / "self.pdf"
    os.symlink("self.pdf", named_loop)
    assert "loop" in discover_inputs([named_loop]).files[0].problem


def test_a_crash_of_the_tool_itself_exits_3(monkeypatch, tmp_path, capsys):
    import roadmap500.batch
    from roadmap500.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(roadmap500.batch, "run_batch", broken)
    assert main(["convert", str(SAMPLES), "-o", str(tmp_path / "o")]) == 3
    assert "internal error" in capsys.readouterr().err
    assert main(["convert", "--no-such-flag"]) == 2
