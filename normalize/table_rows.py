"""Table assembly, rows: what a body row is (data, section heading, repeated header,
column numbers, continuation marker, empty) and its printed row number."""
from __future__ import annotations

import re
from functools import lru_cache

from normalize.stitching import is_continuation_marker
from normalize.text import fold

_ITEM_NO = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\.?\s*$")
_SECTION_NUMERAL = re.compile(
    r"^\s*(?:(?:раздел|блок|этап|часть)\s+)?(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*)[.)]?\s+",
    re.IGNORECASE)


def item_number(text: str) -> str | None:
    """The printed row number without its trailing dot ("1." → "1", "1.2." → "1.2")."""
    m = _ITEM_NO.match(text)
    return m.group(1) if m else None


def is_column_number_row(texts: list[str]) -> bool:
    """A row of column numbers under the header: "1 | 2 | 3 | 4 | 5"."""
    values = [t for t in texts if t]
    if len(values) < 2 or not all(t.rstrip(".").isdecimal() for t in values):
        return False
    numbers = [int(t.rstrip(".")) for t in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 1


def _looks_like_data(texts: list[str]) -> bool:
    """A body row: its first non-empty cell is an item number and another cell has text."""
    values = [t for t in texts if t]
    return len(values) >= 2 and item_number(values[0]) is not None and not is_column_number_row(texts)


def _starts_with_number(texts: list[str]) -> bool:
    """The row's first text is a row number ("1.", even with nothing else in the row)."""
    values = [t for t in texts if t]
    return bool(values) and item_number(values[0]) is not None


def section_title(text: str) -> str:
    """A section heading without its numeral ("II. Работа с …" → "Работа с …")."""
    return _SECTION_NUMERAL.sub("", text, count=1).strip()


ROW_KINDS = ("empty", "column_numbers", "marker", "header", "section", "data")


def classify_row(texts: list[str], spans_all: bool, header_labels: tuple[str, ...],
                 item_col: int | None, heading_cols: frozenset[int] = frozenset({0, 1})) -> str:
    """What a body row is: one of :data:`ROW_KINDS`.

    A section heading is one text in a cell spanning the table, or, where spans are not
    known, one lone text in a column a heading can stand in (``heading_cols``: the № and
    activity columns) — a lone text under «Сроки» or «Результат» is not a heading."""
    values = [t for t in texts if t]
    if not values:
        return "empty"
    # column numbers: two values or more, each a number (most rows fail at their second)
    if len(values) > 1 and values[1].rstrip(".").isdecimal() and is_column_number_row(texts):
        return "column_numbers"
    if len(set(values)) == 1 and is_continuation_marker(values[0]):
        return "marker"
    if header_labels and _repeats_header(texts, header_labels):
        return "header"
    distinct = set(values)
    lone_in_heading_col = len(values) == 1 and any(
        texts[c] for c in heading_cols if c < len(texts))
    if len(distinct) == 1 and (spans_all or lone_in_heading_col):
        only = values[0]
        numbered_item = item_col is not None and item_number(texts[item_col] or "") is not None
        if not numbered_item and len(only) > 3:
            return "section"
    return "data"


_fold = lru_cache(maxsize=16384)(fold)  # a row's cells are compared with the header often


@lru_cache(maxsize=256)
def _folded_labels(header_labels: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    folded = tuple(_fold(h) for h in header_labels)
    return folded, frozenset(folded)


def _repeats_header(texts: list[str], header_labels: tuple[str, ...]) -> bool:
    """The row repeats the header: the same labels column by column, or (two texts or more)
    every text one of the labels."""
    labels, label_set = _folded_labels(header_labels)
    for t in texts:  # either way every text is a label: most rows fail at their first text
        if t and _fold(t) not in label_set:
            return False
    folded = tuple(_fold(t) for t in texts)
    return folded == labels or sum(1 for t in texts if t) >= 2
