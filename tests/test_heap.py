"""The converting process keeps its long-lived objects (models, tables) out of the cyclic
collector (roadmap500/heap.py), and a run in the caller's process gives them back after."""
from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import roadmap500.batch as batch
from roadmap500.heap import YOUNG_THRESHOLD, frozen_heap
from roadmap500.pipeline import convert_to_dir

ROOT = Path(__file__).resolve().parents[1]


def test_frozen_heap_freezes_for_the_run_and_thaws_after():
    assert gc.get_freeze_count() == 0
    threshold = gc.get_threshold()
    kept = [[]]  # an object alive at the start: frozen during the run
    with frozen_heap():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD > threshold[0]
        assert gc.get_freeze_count() > 0
        frozen = gc.get_freeze_count()
        fresh = [[]]  # made during the run: not frozen
        assert gc.get_freeze_count() == frozen
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold
    del kept, fresh


def test_frozen_heap_leaves_an_earlier_freeze_alone():
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with frozen_heap():
            pass
        assert gc.get_freeze_count() >= before > 0
    finally:
        gc.unfreeze()


def test_an_in_process_batch_converts_with_the_heap_frozen_and_thaws_it(tmp_path, monkeypatch):
    seen: list[int] = []
    convert = batch.convert_file

    def recording(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return convert(*args, **kwargs)

    monkeypatch.setattr(batch, "convert_file", recording)
    docx = sorted((ROOT / "samples").glob("*.docx"))[:2]
    activities, documents = convert_to_dir(docx, tmp_path, workers=0, nlp=False, timings=False)
    assert len(seen) == len(docx) and all(count > 1000 for count in seen)
    assert documents.num_rows == len(docx) and activities.num_rows > 0
    assert gc.get_freeze_count() == 0


def test_the_fork_servers_preload_freezes_what_it_loaded():
    code = ("import gc, roadmap500.worker_preload; "
            "print(gc.get_freeze_count(), gc.get_threshold()[0])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=300)
    frozen, young = map(int, out.stdout.split()[-2:])
    assert frozen > 10_000 and young == YOUNG_THRESHOLD
