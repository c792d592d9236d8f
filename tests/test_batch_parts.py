"""The batch writes staged results in input order as they come, and says where its time went."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from roadmap500.batch import BatchOptions, BatchReport, _Entry, _InOrder, run_batch
from roadmap500.pipeline import FileResult
from roadmap500.workers import Job

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


class _Staging:
    def __init__(self) -> None:
        self.results: dict[str, FileResult] = {}

    def get(self, key: str) -> FileResult:
        return self.results[key]


class _Writer:
    def __init__(self) -> None:
        self.written: list[str] = []

    def add(self, document: dict[str, Any], activities: list[dict[str, Any]]) -> None:
        self.written.append(document["source_file"])


def _document(name: str) -> dict[str, Any]:
    return {"source_file": name, "status": "ok", "n_activities": 2, "n_warnings": 0, "error": None}


def test_results_are_written_in_input_order_as_soon_as_all_before_them_are_staged() -> None:
    names = ["a", "b", "c", "d"]
    entries = [_Entry(n, Job(i, n, n, n, n)) for i, n in enumerate(names)]
    entries[1].job = None  # staged before the run (a duplicate, or kept from a killed run)
    staging, writer = _Staging(), _Writer()
    staging.results["b"] = FileResult(_document("b"), [])
    report = BatchReport(Path("."))
    in_order = _InOrder(entries, staging, writer, report)
    in_order.write_ready()
    assert writer.written == []  # "a" is not staged yet
    for index in (2, 0, 3):
        staging.results[names[index]] = FileResult(_document(names[index]), [])
        in_order.staged(index)
        if index == 2:
            assert writer.written == []
        if index == 0:
            assert writer.written == ["a", "b", "c"]
    assert writer.written == names
    assert report.statuses["ok"] == 4 and report.activities == 8


def test_the_report_says_where_the_time_went(tmp_path: Path) -> None:
    files = sorted(SAMPLES.glob("*.docx"))[:3]
    spawned = run_batch(files, tmp_path / "spawned", BatchOptions(workers=2, nlp=False, start_method="spawn"))
    report = run_batch(files, tmp_path / "out", BatchOptions(workers=2, nlp=False, start_method="forkserver"))
    assert report.statuses["ok"] == 3
    assert set(report.phases) == {"plan", "convert", "write", "publish"}
    assert report.pool is not None and report.pool.starts == 2 and report.pool.jobs == 3
    assert spawned.pool.startup_cpu > 0.1  # imports in each spawned worker
    assert report.pool.startup_cpu < spawned.pool.startup_cpu  # forked ready-made
    for run in (spawned, report):  # the workers' CPU is counted, reaped by this process or the fork server
        assert run.phases["convert"]["children_cpu"] > run.pool.startup_cpu
    assert report.writing > 0
