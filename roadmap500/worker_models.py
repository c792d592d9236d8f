"""Imported once by the fork server when the run uses NLP: the pipeline and the models, loaded
once and shared copy-on-write by every worker forked from it."""
import roadmap500.worker_preload  # noqa: F401  (first: it keeps the fork server single-threaded)
from roadmap500.heap import freeze_loaded
from roadmap500.pipeline import warm_up

warm_up(True)
freeze_loaded()  # the models too, before any fork
