"""Per-text memo caches, registered so a benchmark can measure without them.

Cells recur: an executor is named down a whole table, a deadline repeats, a region's orders
share their wording from year to year.  A field parser whose answer depends on the cell's
text only may remember it with :func:`text_cache` (bounded, per process).  Caches of single
words (lemmas, readings) stay plain ``functools.lru_cache``: every Russian text repeats its
words, so they are not what a benchmark must discount.

:func:`clear_text_caches` empties every per-text cache; the benchmarks
(``benchmarks/profile_docx.py --cold``, ``benchmarks/speed.py --cold``) call it before each
document, so the figure they print counts only what a document reuses of itself — the
synthetic corpus draws its cells from a pool of a few hundred gold rows, and caches kept
across its documents would flatter it.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_REGISTRY: list[Any] = []


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
