"""Imported once by the fork server of the worker pool: the pipeline's modules, so every
worker forked from it starts ready and shares those pages copy-on-write (the NLP models:
``roadmap500.worker_models``).

A fork server must hold no thread but its own when it forks (a child gets only the forking
thread, and a lock another thread held stays locked in it): before anything is imported,
OpenBLAS (numpy, under the models) is told to use the calling thread only and Arrow's
jemalloc not to start its background purging thread.  Each worker converts one file at a
time on one core, so neither thread would help it.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("JE_ARROW_MALLOC_CONF", "background_thread:false")

import roadmap500.pipeline  # noqa: E402,F401
from roadmap500.workers import worker_main  # noqa: E402,F401  (the function each worker runs)
