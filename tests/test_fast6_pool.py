"""The pool's fast paths against the plain ones: largest-first dispatch keeps the output order,
activity rows staged by workers as Arrow tables give the same Parquet as rows converted by the
main process, and a batch that crashes while writing leaves the published output whole."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import roadmap500.batch as batch
from roadmap500.batch import BatchOptions, run_batch
from roadmap500.pipeline import FileResult, convert_file
from roadmap500.staging import Staging
from roadmap500.workers import Job, arrow_result, largest_first
from schemas.arrow import ACTIVITIES
from schemas.writer import (DatasetWriter, join_pieces, plain_table, table_bytes, table_from_bytes,
                            to_table)
from tests.hostile.make_corpus import _rows, roadmap_docx

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TABLES = ("activities.parquet", "documents.parquet")


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLES}


@pytest.fixture(scope="module")
def uneven_inputs(tmp_path_factory) -> Path:
    """Orders of very different sizes, in an input order that is not their size order."""
    folder = tmp_path_factory.mktemp("uneven")
    for i, rows in enumerate([2, 30, 5, 60, 1, 12, 40, 3]):
        (folder / f"order_{i}.docx").write_bytes(roadmap_docx(f"номер {i}", _rows(f"о{i}", rows)))
    shutil.copy(sorted(SAMPLES.glob("*.docx"))[0], folder / "order_9.docx")
    return folder


@pytest.fixture(scope="module")
def sample_results() -> list[FileResult]:
    """Real results: the sample DOCX orders (varied rows, nested fields, dictionary columns)."""
    return [convert_file(p, nlp=False, source=p.name, doc_id=p.stem, timings=False)
            for p in sorted(SAMPLES.glob("*.docx"))]


def _job(index: int, size: int) -> Job:
    return Job(index, f"f{index}", f"f{index}", f"d{index}", f"k{index}", size=size)


def test_largest_first_orders_by_size_and_keeps_input_order_among_equals() -> None:
    rng = random.Random(7)
    for _ in range(200):
        jobs = [_job(i, rng.choice([0, 10, 10, 500, 2_000, 2_000, 90_000])) for i in range(rng.randint(0, 30))]
        order = largest_first(jobs)
        assert sorted(order, key=lambda j: j.index) == jobs  # the same jobs, none lost or doubled
        for a, b in zip(order, order[1:]):
            assert a.size > b.size or (a.size == b.size and a.index < b.index)
    assert largest_first(reversed(jobs)) == order  # whatever order they came in


def test_the_pool_gets_the_largest_first_and_the_output_keeps_input_order(uneven_inputs, tmp_path,
                                                                         monkeypatch) -> None:
    dispatched: list[Job] = []
    real_run = batch.WorkerPool.run

    def recording_run(self, jobs, *args, **kwargs):
        dispatched.extend(jobs)
        return real_run(self, dispatched, *args, **kwargs)

    monkeypatch.setattr(batch.WorkerPool, "run", recording_run)
    options = dict(nlp=False, timings=False)
    report = run_batch([uneven_inputs], tmp_path / "pool", BatchOptions(workers=2, **options))
    assert report.statuses["ok"] == 9
    sizes = [Path(j.path).stat().st_size for j in dispatched]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) > 5
    assert [j.index for j in dispatched] != sorted(j.index for j in dispatched)  # the test means something
    names = pq.read_table(tmp_path / "pool" / "documents.parquet").column("source_file").to_pylist()
    assert names == sorted(names)  # input order (the walk sorts by name), not dispatch order
    rows = pq.read_table(tmp_path / "pool" / "activities.parquet").column("source_file").to_pylist()
    assert rows == sorted(rows) and len(rows) > 150
    # the main process's own conversion of row dicts (no pool, no Arrow staging): the same bytes
    run_batch([uneven_inputs], tmp_path / "inproc", BatchOptions(workers=0, **options))
    assert _bytes(tmp_path / "pool") == _bytes(tmp_path / "inproc")


def test_joined_pieces_equal_the_table_of_all_rows(sample_results) -> None:
    rng = random.Random(11)
    results = [*sample_results, FileResult({"status": "failed"}, [])]
    for trial in range(60):
        chosen = [rng.choice(results) for _ in range(rng.randint(1, 8))]
        pieces = [plain_table(r.activities, ACTIVITIES) if rng.random() < 0.5 else r.activities
                  for r in chosen]
        if trial % 3 == 0:  # through the staged form
            pieces = [table_from_bytes(table_bytes(p)) if isinstance(p, pa.Table) else p for p in pieces]
        expected = to_table([row for r in chosen for row in r.activities], ACTIVITIES)
        joined = join_pieces(pieces, ACTIVITIES)
        assert joined.schema.equals(ACTIVITIES, check_metadata=True)
        assert joined.equals(expected)
        assert all(c.num_chunks == 1 for c in joined.columns)
    assert join_pieces([], ACTIVITIES).num_rows == 0


def test_a_piece_of_another_shape_is_refused(sample_results) -> None:
    piece = plain_table(sample_results[0].activities, ACTIVITIES)
    with pytest.raises(ValueError):
        join_pieces([piece.drop_columns(["page"])], ACTIVITIES)


@pytest.mark.parametrize("per_group", [1, 2, 3, 256])
def test_streamed_writer_writes_what_the_row_dicts_give(sample_results, tmp_path, monkeypatch,
                                                         per_group) -> None:
    monkeypatch.setattr(DatasetWriter, "FILES_PER_ROW_GROUP", per_group)
    results = sample_results * 2
    for name, as_tables in (("dicts", False), ("tables", True)):
        (tmp_path / name).mkdir()
        with DatasetWriter(tmp_path / name) as writer:
            for r in results:
                rows = table_from_bytes(arrow_result(r).activities) if as_tables else r.activities
                writer.add(r.document, rows)
    assert _bytes(tmp_path / "dicts") == _bytes(tmp_path / "tables")
    table = pq.read_table(tmp_path / "tables" / "activities.parquet")
    assert table.num_rows == 2 * sum(len(r.activities) for r in sample_results)
    assert pq.ParquetFile(tmp_path / "tables" / "activities.parquet").metadata.num_row_groups == \
        -(-len(results) // per_group)


def test_rows_that_do_not_fit_stay_dicts_in_the_staged_result(sample_results) -> None:
    good = arrow_result(sample_results[0])
    assert isinstance(good.activities, bytes)
    assert table_from_bytes(good.activities).equals(plain_table(sample_results[0].activities, ACTIVITIES))
    bad_rows = [{**sample_results[0].activities[0], "row_index": "not a number"}]
    bad = arrow_result(FileResult(sample_results[0].document, bad_rows))
    assert bad.activities == bad_rows


def test_staging_gives_back_the_table_a_worker_staged(sample_results, tmp_path) -> None:
    staging = Staging(tmp_path, {"x": 1})
    staging.put("a", arrow_result(sample_results[1]))
    staging.put("b", sample_results[1])  # staged by the main process: row dicts
    a, b = staging.get("a"), staging.get("b")
    assert a.document == b.document
    assert a.activities.equals(plain_table(b.activities, ACTIVITIES))


def test_a_crash_while_writing_leaves_the_published_output_whole(uneven_inputs, tmp_path,
                                                                 monkeypatch) -> None:
    out = tmp_path / "out"
    options = BatchOptions(workers=2, nlp=False, timings=False)
    run_batch([uneven_inputs], out, options)
    published = _bytes(out)
    extra = tmp_path / "more"
    shutil.copytree(uneven_inputs, extra)
    (extra / "order_5.docx").write_bytes(roadmap_docx("другой", _rows("x", 7)))
    real_add, calls = DatasetWriter.add, []

    def add_then_crash(self, document, activities):
        calls.append(type(activities))
        if len(calls) == 4:
            raise RuntimeError("crash mid-batch")
        real_add(self, document, activities)

    monkeypatch.setattr(DatasetWriter, "add", add_then_crash)
    monkeypatch.setattr(DatasetWriter, "FILES_PER_ROW_GROUP", 2)  # row groups already on disk
    with pytest.raises(RuntimeError):
        run_batch([extra], out, options)
    assert pa.Table in calls  # the writer had worker-made tables
    assert _bytes(out) == published  # the old dataset, whole
    for name in TABLES:
        pq.read_table(out / name)
    monkeypatch.setattr(DatasetWriter, "add", real_add)
    run_batch([extra], out, options)  # resumes from staging
    run_batch([extra], tmp_path / "fresh", options)
    assert _bytes(out) == _bytes(tmp_path / "fresh") != published


def test_the_fork_server_preload_leaves_a_worker_nothing_generic_to_import_or_build(tmp_path) -> None:
    """After the preload (what the fork server runs), converting a DOCX and a PDF imports no
    module of the pipeline's packages and builds no data table; no thread was started."""
    import subprocess
    import sys

    script = f"""
import os, sys
import roadmap500.worker_preload as preload
threads = len(os.listdir('/proc/self/task'))
before = set(sys.modules)
tables = preload.lazy_tables()
assert tables and all(t.cache_info().currsize == 1 for t in tables)
from roadmap500.pipeline import convert_file
for path in {[str(p) for p in sorted(SAMPLES.glob('00[01]*.*'))]!r}:
    assert convert_file(path, nlp=False, source=path, doc_id='x').status == 'ok'
late = sorted(m for m in set(sys.modules) - before if m.startswith(('extract', 'normalize', 'schemas', 'roadmap500')))
fresh = [t for t in preload.lazy_tables() if t not in tables]
print(threads, late, fresh)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600,
                          cwd=SAMPLES.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "1 [] []"
