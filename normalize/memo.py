"""Per-text memo caches, registered so a benchmark can measure without them.

Cells recur: an executor is named down a whole table, a deadline repeats, a region's orders
share their wording from year to year.  A field parser whose answer depends on the cell's
text only may remember it with :func:`text_cache` (bounded, per process).  Caches of single
words (lemmas, readings) stay plain ``functools.lru_cache``: every Russian text repeats its
words, so they are not what a benchmark must discount.

:func:`clear_text_caches` empties every per-text cache.  The environment variable
``ROADMAP500_TEXT_CACHE`` sets their scope in every process started after it is set (a pool's
workers included): unset or ``kept``, a cache lives as long as its process (the default);
``document``, every per-text cache is emptied as a document's conversion starts
(:func:`document_started`), so a document reuses only its own cells — and the pipeline then
also drops the DOCX reader's remembered template parts (``extract.docx.forget_templates``:
styles, numbering, relationships parsed once per distinct bytes), content of other files too.  The benchmarks use
``document`` (``benchmarks/profile_docx.py --cold``, ``benchmarks/speed.py --scaling``): the
synthetic corpus draws its cells from a pool of a few hundred gold rows, so a cache kept across
its documents flatters it — and flatters one worker, whose cache has seen every file, against
two whose caches have each seen half.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_REGISTRY: list[Any] = []
SCOPE_VARIABLE = "ROADMAP500_TEXT_CACHE"
SCOPES = ("kept", "document")


def text_cache(maxsize: int = 4096) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)`` for a function of a text, registered for :func:`clear_text_caches`."""
    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)
        _REGISTRY.append(cached)
        return cached  # type: ignore[return-value]
    return wrap


def clear_text_caches() -> int:
    """Empty every per-text cache; returns how many there are."""
    for cached in _REGISTRY:
        cached.cache_clear()
    return len(_REGISTRY)


def text_cache_info() -> dict[str, tuple[int, int]]:
    """Hits and misses of each per-text cache, by the function's qualified name."""
    return {f"{c.__module__}.{c.__qualname__}": (c.cache_info().hits, c.cache_info().misses) for c in _REGISTRY}


class CacheScopeError(ValueError):
    """``ROADMAP500_TEXT_CACHE`` holds something else than a scope."""


def cache_scope() -> str:
    """``kept`` or ``document`` (``ROADMAP500_TEXT_CACHE``); anything else is an error, named."""
    scope = os.environ.get(SCOPE_VARIABLE, "") or "kept"
    if scope not in SCOPES:
        raise CacheScopeError(f"{SCOPE_VARIABLE}={scope!r}: expected one of {', '.join(SCOPES)}")
    return scope


def document_started() -> bool:
    """Called as each document's conversion starts: empties the per-text caches when their
    scope is ``document``, and says whether it did (the caller then drops what other layers
    remember by content too: the DOCX reader's template parts)."""
    if os.environ.get(SCOPE_VARIABLE) == "document":
        clear_text_caches()
        return True
    return False
