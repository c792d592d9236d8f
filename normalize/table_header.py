"""Table assembly, header: the header vocabulary (``data/headers.toml``), the header rows
of a piece with each column's label, and labels → row fields."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.model import Table
from normalize.records import Issue
from normalize.table_rows import (_looks_like_data, _starts_with_number, classify_row,
                                  is_column_number_row)
from normalize.table_view import TableView, view_of
from normalize.text import clean_text, fold

ROLES = ("item_no", "activity", "task", "period_raw", "executors_raw", "indicator")
_DATA = Path(__file__).parent / "data" / "headers.toml"


@dataclass(frozen=True, slots=True)
class HeaderVocabulary:
    """Header patterns per role and the table-selection thresholds."""

    patterns: dict[str, tuple[re.Pattern, ...]]
    min_other_roles: int
    max_header_rows: int
    max_rows_before_header: int


@lru_cache(maxsize=1)
def header_vocabulary(path: Path = _DATA) -> HeaderVocabulary:
    """Load ``data/headers.toml`` once."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    patterns = {
        role: tuple(re.compile(r"(?:^|(?<=\s))" + p) for p in spec["patterns"])
        for role, spec in data["roles"].items()
    }
    unknown = set(patterns) - set(ROLES)
    if unknown:
        raise ValueError(f"{path}: unknown roles {sorted(unknown)}")
    t = data["table"]
    return HeaderVocabulary(patterns, t["min_other_roles"], t["max_header_rows"],
                            t["max_rows_before_header"])


# --- header ---------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w№\s]+")


def header_key(label: str) -> str:
    """A header label reduced for matching: lower case, ё→е, punctuation as spaces."""
    text = clean_text(label).lower().replace("ё", "е")
    return fold(_PUNCT.sub(" ", text))


def role_of(label: str, vocabulary: HeaderVocabulary | None = None) -> str | None:
    """The field a header label fills, or None (the column then goes to ``extra``)."""
    vocabulary = vocabulary or header_vocabulary()
    if vocabulary is header_vocabulary():
        return _default_role(label)
    return _role_of(label, vocabulary)


@lru_cache(maxsize=4096)
def _default_role(label: str) -> str | None:
    """:func:`role_of` with the shipped vocabulary (cached: a label is read many times)."""
    return _role_of(label, header_vocabulary())


def _role_of(label: str, vocabulary: HeaderVocabulary) -> str | None:
    key = header_key(label)
    if not key:
        return None
    best: tuple[int, int, str] | None = None  # (match start, role priority, role)
    for priority, (role, patterns) in enumerate(vocabulary.patterns.items()):
        for pattern in patterns:
            m = pattern.search(key)
            if m and (best is None or (m.start(), priority) < best[:2]):
                best = (m.start(), priority, role)
    return best[2] if best else None


@dataclass(frozen=True, slots=True)
class Header:
    """Where a piece's header is and what each column is called."""

    first_row: int  # index of the first header row
    n_rows: int  # how many rows the header takes
    labels: tuple[str, ...]  # one printed label per column ("" for none)


def _header_labels(table: Table, first: int, n: int,
                   view: TableView | None = None) -> tuple[str, ...]:
    """Join the distinct cells covering each column over ``n`` header rows."""
    covering = (view or view_of(table)).covering
    labels = []
    for col in range(table.n_cols):
        seen: list[int] = []
        parts: list[str] = []
        for r in range(first, first + n):
            cell = covering(r)[col]
            if cell is None or id(cell) in seen:
                continue
            seen.append(id(cell))
            text = clean_text(cell.text)
            if text:
                parts.append(text)
        labels.append(" ".join(parts))
    return tuple(labels)


def _mapped_roles(labels: tuple[str, ...], vocabulary: HeaderVocabulary) -> set[str]:
    return {r for r in (role_of(label, vocabulary) for label in labels) if r}


def _is_roadmap_header(roles: set[str], vocabulary: HeaderVocabulary) -> bool:
    others = roles & {"period_raw", "executors_raw", "indicator"}
    return bool(roles & {"activity", "task"}) and len(others) >= vocabulary.min_other_roles


def find_header(table: Table, vocabulary: HeaderVocabulary | None = None,
                view: TableView | None = None) -> Header | None:
    """The header of a piece: the first rows whose labels map a roadmap's columns.

    Tries each start row (a title row may sit above) and 1..max_header_rows rows; keeps the
    reading that maps the most roles, preferring fewer rows.  None if no reading maps an
    activity column plus another roadmap column.
    """
    vocabulary = vocabulary or header_vocabulary()
    view = view if view is not None else view_of(table)
    texts = view.texts
    best: tuple[int, int, int] | None = None  # (-n roles, n rows, first)
    for first in range(min(vocabulary.max_rows_before_header + 1, table.n_rows)):
        if _looks_like_data(texts[first]):
            break
        for n in range(1, vocabulary.max_header_rows + 1):
            if first + n > table.n_rows:
                break
            last = first + n - 1
            if n > 1 and (_looks_like_data(texts[last]) or is_column_number_row(texts[last])
                          or _starts_with_number(texts[last])
                          or classify_row(texts[last], last in view.spanning_rows, (), None)
                          == "section"):
                break
            roles = _mapped_roles(_header_labels(table, first, n, view), vocabulary)
            if not _is_roadmap_header(roles, vocabulary):
                continue
            candidate = (-len(roles), n, first)
            if best is None or candidate < best:
                best = candidate
    if best is None:
        return None
    _, n, first = best
    n = _extend_header(view, first, n, vocabulary)
    return Header(first, n, _header_labels(table, first, n, view))


_HEADER_CELL_MAX = 40  # a header continuation row holds short words, not activity text


def _extend_header(view: TableView, first: int, n: int, vocabulary: HeaderVocabulary) -> int:
    """Grow the header over rows its cells span and over short word-continuation rows
    ("Сроки" / "реализации"), stopping at data, column numbers or a section heading."""
    table, texts = view.table, view.texts
    n = max(n, max((c.row_span for c in table.cells if c.row == first), default=1))
    while first + n < table.n_rows and n < vocabulary.max_header_rows:
        row = texts[first + n]
        values = [t for t in row if t]
        if (not values or _looks_like_data(row) or is_column_number_row(row)
                or _starts_with_number(row)
                or any(len(t) > _HEADER_CELL_MAX for t in values)
                or classify_row(row, first + n in view.spanning_rows, (), None) == "section"):
            break
        n += 1
    return min(n, table.n_rows - first)


def map_columns(labels: tuple[str, ...],
                vocabulary: HeaderVocabulary | None = None) -> tuple[list[str], list[Issue]]:
    """Each column's field: a role, ``extra:<label>``, or ``skip`` for an unlabelled column."""
    vocabulary = vocabulary or header_vocabulary()
    fields: list[str] = []
    issues: list[Issue] = []
    taken: set[str] = set()
    for col, label in enumerate(labels):
        role = role_of(label, vocabulary)
        if role and role not in taken:
            fields.append(role)
            taken.add(role)
        elif label:
            fields.append(f"extra:{label}")
            if role:
                issues.append(Issue("column_role_duplicate",
                                    f"column {col + 1} «{label}» reads as {role}, which an "
                                    f"earlier column already fills; kept in extra"))
            else:
                issues.append(Issue("column_unmapped",
                                    f"column {col + 1} «{label}» matches no known field; "
                                    f"kept in extra"))
        else:
            fields.append("skip")
    if "task" in taken and "activity" not in taken:  # a task column alone is the activity
        fields = ["activity" if f == "task" else f for f in fields]
        tasks = [col for col, label in enumerate(labels) if role_of(label, vocabulary) == "task"]
        if len(tasks) > 1:  # «Цель | Задачи»: the last is what is done, the first its task
            fields[tasks[0]], fields[tasks[-1]] = "task", "activity"

    return fields, issues
