"""Imported once by the fork server of the worker pool: the pipeline's modules, so every
worker forked from it starts ready and shares those pages copy-on-write (the NLP models:
``roadmap500.worker_models``).

A fork server must hold no thread but its own when it forks (a child gets only the forking
thread, and a lock another thread held stays locked in it): before anything is imported,
OpenBLAS (numpy, under the models) is told to use the calling thread only and Arrow's
jemalloc not to start its background purging thread.  Each worker converts one file at a
time on one core, so neither thread would help it.

The format backends and the field modules are imported here too, not on a worker's first
file: each worker would otherwise import (and, under ``PYTHONDONTWRITEBYTECODE``, compile)
them again — ≈0.5 CPU s per worker, paid once per worker, so twice with two.  The tables
those modules build lazily from the data files (cached functions without arguments) are
filled here as well.  None of them starts a thread.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("JE_ARROW_MALLOC_CONF", "background_thread:false")

import importlib  # noqa: E402
import inspect  # noqa: E402
import sys  # noqa: E402

import roadmap500.pipeline  # noqa: E402,F401
from roadmap500.heap import freeze_loaded  # noqa: E402

# what a worker's first file would import (modules the pipeline imports inside functions)
BACKENDS = ("extract.docx", "extract.pdf", "extract.ocr", "extract.camelot_tables", "extract.legacy",
            "normalize.document", "normalize.risks", "normalize.risk_topics", "normalize.milestones",
            "normalize.schools.mentions", "normalize.schools.resolve", "yargy.pipelines",
            "yargy.interpretation", "schemas.writer")
TABLE_PACKAGES = ("normalize.", "extract.")  # whose lazily built tables are filled here
MODEL_MODULES = ("normalize.nlp",)  # models: loaded by warm_up when the run uses NLP, not here


def lazy_tables() -> list[object]:
    """The module-level cached functions of the pipeline's packages that take no argument:
    the tables each builds once from the data files (vocabularies, taxonomies, grammars)."""
    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith(TABLE_PACKAGES) or name in MODEL_MODULES:
            continue
        for obj in list(vars(module).values()):
            wrapped = getattr(obj, "__wrapped__", None)
            if getattr(obj, "__module__", None) != name or wrapped is None or not hasattr(obj, "cache_info"):
                continue
            try:
                parameters = inspect.signature(wrapped).parameters.values()
            except (TypeError, ValueError):
                continue
            if all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters):
                found.append(obj)
    return found


for _name in BACKENDS:
    importlib.import_module(_name)
for _table in lazy_tables():
    _table()
freeze_loaded()  # before any fork: workers share these pages, and the collector skips them
from roadmap500.workers import worker_main  # noqa: E402,F401  (the function each worker runs)
