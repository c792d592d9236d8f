"""Is an activity row marked as completed?  ``is_done(*cells)``.

A mark is one of the words in ``data/completion.toml`` standing on its own: in parentheses
("(выполнено)"), as the whole cell ("Выполнено."), or as a segment of its own after a
sentence boundary (". Выполнено", "— исполнено"), optionally followed by a qualifier
("в полном объеме").  A mark word inside a sentence is a predicate, not a mark: "100%
мероприятий дорожной карты исполнено (на дату мониторинга …)" is not done, and neither
is "не выполнено" or "выполнено частично".
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "completion.toml"


def _alternation(words: list[str]) -> str:
    """Phrases as a regex alternation, longest first, spaces matching any whitespace."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def mark_pattern() -> re.Pattern[str]:
    """The completion-mark regex built from data/completion.toml."""
    with _DATA.open("rb") as f:
        d = tomllib.load(f)
    marks = [w.lower().replace("ё", "е") for w in d["marks"]]
    quals = [w.lower().replace("ё", "е") for w in d["qualifiers"]]
    before = r"(?:^|[.;:!?(\[]|(?:^|\s)[-\u2010-\u2015])"  # start, sentence end, "(", a dash
    after = r"(?=$|[.;:!?)\]]|\()"  # end, sentence end, ")", or a note in parentheses
    return re.compile(
        rf"{before}\s*(?:{_alternation(marks)})(?:\s+(?:{_alternation(quals)}))?\s*{after}"
    )


@lru_cache(maxsize=1)
def mark_words() -> tuple[str, ...]:
    """Words one of which every match of :func:`mark_pattern` holds: the first word of each
    mark, less those that hold another one ("выполнено" holds "выполнен").  Most cells hold
    none, and a few substring tests cost far less than the regex's search, which tries its
    sentence-boundary alternatives at every character."""
    with _DATA.open("rb") as f:
        firsts = {w.lower().replace("ё", "е").split()[0] for w in tomllib.load(f)["marks"]}
    return tuple(sorted(w for w in firsts if not any(o != w and o in w for o in firsts)))


def has_mark(cell: str | None) -> bool:
    """Does this one cell carry a completion mark of its own?"""
    if not cell:
        return False
    low = cell.lower().replace("ё", "е")
    if not any(map(low.__contains__, mark_words())):
        return False  # no mark word: the regex cannot match
    return mark_pattern().search(low.strip()) is not None


def reference_has_mark(cell: str | None) -> bool:
    """:func:`has_mark` by the regex alone (the reference tests/test_fast10_rows.py compares with)."""
    return bool(cell) and mark_pattern().search(cell.lower().replace("ё", "е").strip()) is not None


def is_done(*cells: str | None) -> bool:
    """The row is marked as completed in any of its cells."""
    present = [c for c in cells if c]
    if not present:
        return False
    # One test for the whole row first: a mark word holds no line break, so it is in the
    # joined text only when it is in one of the cells (most rows hold none).
    low = "\n".join(present).lower().replace("ё", "е")
    if not any(map(low.__contains__, mark_words())):
        return False
    return any(has_mark(c) for c in present)


def reference_is_done(*cells: str | None) -> bool:
    """:func:`is_done` by the regex alone, cell by cell (the tests' reference)."""
    return any(reference_has_mark(c) for c in cells)
