"""The converting process's heap once the models are loaded: kept out of the cyclic collector.

The NLP models, vocabularies and grammar tables are ≈ 140,000 Python objects that live as long
as the process.  Every full collection of CPython's cyclic garbage collector walks all of them
again, although none can ever become garbage: measured on 50 synthetic DOCX converted in
process, collections cost ≈ 7 ms of each document's ≈ 50 ms, ≈ 3 ms once those objects are
frozen (``gc.freeze``: moved to a permanent generation the collector skips).  In a fork server
freezing before the fork also keeps the collector from writing to (and so copying) the pages the
workers share with it, as the ``gc.freeze`` documentation recommends.

Processes the pipeline owns (the fork server, its workers) freeze for good; a conversion in
the caller's own process freezes for the length of the run and thaws after, so the caller's
objects are collected as before.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_loaded() -> None:
    """Collect what is garbage now, then move every object still alive (modules, data tables,
    models) to the collector's permanent generation."""
    gc.collect()
    gc.freeze()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Freeze the objects alive at the start of a run in the caller's process for the run's
    length; thaw them after, unless they were frozen already when it began."""
    thawed = gc.get_freeze_count() == 0
    freeze_loaded()
    try:
        yield
    finally:
        if thawed:
            gc.unfreeze()
