"""The converting process's heap once the models are loaded: kept out of the cyclic collector.

The NLP models, vocabularies and grammar tables are ≈ 140,000 Python objects that live as long
as the process.  Every full collection of CPython's cyclic garbage collector walks all of them
again, although none can ever become garbage: measured on 50 synthetic DOCX converted in
process, collections cost ≈ 7 ms of each document's ≈ 50 ms, ≈ 3 ms once those objects are
frozen (``gc.freeze``: moved to a permanent generation the collector skips).  In a fork server
freezing before the fork also keeps the collector from writing to (and so copying) the pages the
workers share with it, as the ``gc.freeze`` documentation recommends.

A conversion also makes many short-lived containers, and with CPython's default threshold
(a young collection every 700 net allocations) the collector runs ≈ 20 times per document;
every 10,000 instead, its time falls from ≈ 3.6 to ≈ 2.0 ms a document (same harness), for a
few hundred kilobytes more held between collections.

Processes the pipeline owns (the fork server, its workers) keep both for good; a conversion in
the caller's own process has them for the length of the run and gets the caller's settings back
after, so the caller's objects are collected as before.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


YOUNG_THRESHOLD = 10_000  # net container allocations between young collections (CPython: 700)


def freeze_loaded() -> None:
    """Collect what is garbage now, move every object still alive (modules, data tables,
    models) to the collector's permanent generation, and collect the young one less often."""
    gc.collect()
    gc.freeze()
    young, older, oldest = gc.get_threshold()
    gc.set_threshold(max(YOUNG_THRESHOLD, young), older, oldest)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Freeze the objects alive at the start of a run in the caller's process for the run's
    length; thaw them after, unless they were frozen already when it began, and give the
    collector its thresholds back."""
    thawed, threshold = gc.get_freeze_count() == 0, gc.get_threshold()
    freeze_loaded()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if thawed:
            gc.unfreeze()
