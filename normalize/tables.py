"""Table assembly: from a document's table pieces to placed activity rows.

A chain of small steps, each testable alone:

``find_header``       the header rows of a piece and the label of each column
``map_columns``       header labels → row fields (synonyms in ``data/headers.toml``)
``select_tables``     roadmap pieces (header maps an activity column) and their
                      continuations (header-less pieces of the same width that follow)
``classify_row``      data / section heading / repeated header / column-number row / empty
``assemble``          stitches the pieces, drops repeated headers and column-number rows,
                      merges a row broken across a piece boundary, tracks sections, and
                      returns :class:`AssembledTable`.

Nothing here knows which format a table came from.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extract.model import Document, Table
from normalize.ocr_flags import low_confidence_issues
from normalize.records import Issue, RawRow
from normalize.text import clean_text, fold

ROLES = ("item_no", "activity", "period_raw", "executors_raw", "indicator")
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


def _row_texts(table: Table) -> list[list[str]]:
    """Rows × cols of cleaned text, covered positions empty."""
    return [[clean_text(t) for t in row] for row in table.text_grid()]


def _header_labels(table: Table, first: int, n: int) -> tuple[str, ...]:
    """Join the distinct cells covering each column over ``n`` header rows."""
    covering = table.covering()
    labels = []
    for col in range(table.n_cols):
        seen: list[int] = []
        parts: list[str] = []
        for r in range(first, first + n):
            cell = covering[r][col]
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
    return "activity" in roles and len(others) >= vocabulary.min_other_roles


def find_header(table: Table, vocabulary: HeaderVocabulary | None = None) -> Header | None:
    """The header of a piece: the first rows whose labels map a roadmap's columns.

    Tries each start row (a title row may sit above) and 1..max_header_rows rows; keeps the
    reading that maps the most roles, preferring fewer rows.  None if no reading maps an
    activity column plus another roadmap column.
    """
    vocabulary = vocabulary or header_vocabulary()
    texts = _row_texts(table)
    best: tuple[int, int, int] | None = None  # (-n roles, n rows, first)
    for first in range(min(vocabulary.max_rows_before_header + 1, table.n_rows)):
        if _looks_like_data(texts[first]):
            break
        for n in range(1, vocabulary.max_header_rows + 1):
            if first + n > table.n_rows:
                break
            if n > 1 and (_looks_like_data(texts[first + n - 1])
                          or is_column_number_row(texts[first + n - 1])):
                break
            roles = _mapped_roles(_header_labels(table, first, n), vocabulary)
            if not _is_roadmap_header(roles, vocabulary):
                continue
            candidate = (-len(roles), n, first)
            if best is None or candidate < best:
                best = candidate
    if best is None:
        return None
    _, n, first = best
    n = _extend_header(table, texts, first, n, vocabulary)
    return Header(first, n, _header_labels(table, first, n))


_HEADER_CELL_MAX = 40  # a header continuation row holds short words, not activity text


def _extend_header(table: Table, texts: list[list[str]], first: int, n: int,
                   vocabulary: HeaderVocabulary) -> int:
    """Grow the header over rows its cells span and over short word-continuation rows
    ("Сроки" / "реализации"), stopping at data, column numbers or a section heading."""
    n = max(n, max((c.row_span for c in table.cells if c.row == first), default=1))
    while first + n < table.n_rows and n < vocabulary.max_header_rows:
        row = texts[first + n]
        values = [t for t in row if t]
        if (not values or _looks_like_data(row) or is_column_number_row(row)
                or any(len(t) > _HEADER_CELL_MAX for t in values)
                or classify_row(row, _spans_all(table, first + n), (), None) == "section"):
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
    return fields, issues


# --- rows -----------------------------------------------------------------------------

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
    if len(values) < 2 or not all(t.rstrip(".").isdigit() for t in values):
        return False
    numbers = [int(t.rstrip(".")) for t in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 1


def _looks_like_data(texts: list[str]) -> bool:
    """A body row: its first non-empty cell is an item number and another cell has text."""
    values = [t for t in texts if t]
    return len(values) >= 2 and item_number(values[0]) is not None and not is_column_number_row(texts)


def section_title(text: str) -> str:
    """A section heading without its numeral ("II. Работа с …" → "Работа с …")."""
    return _SECTION_NUMERAL.sub("", text, count=1).strip()


ROW_KINDS = ("empty", "column_numbers", "header", "section", "data")


def classify_row(texts: list[str], spans_all: bool, header_labels: tuple[str, ...],
                 item_col: int | None, heading_cols: frozenset[int] = frozenset({0, 1})) -> str:
    """What a body row is: one of :data:`ROW_KINDS`.

    A section heading is one text in a cell spanning the table, or, where spans are not
    known, one lone text in a column a heading can stand in (``heading_cols``: the № and
    activity columns) — a lone text under «Сроки» or «Результат» is not a heading."""
    values = [t for t in texts if t]
    if not values:
        return "empty"
    if is_column_number_row(texts):
        return "column_numbers"
    if [fold(t) for t in texts] == [fold(h) for h in header_labels] or (
            len(values) >= 2 and all(fold(t) in {fold(h) for h in header_labels} for t in values)):
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


# --- assembly -------------------------------------------------------------------------


@dataclass(slots=True)
class AssembledTable:
    """The activity rows of a document and how its columns were read."""

    rows: list[RawRow] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (printed header, field)
    pieces: int = 0  # table pieces stitched together
    issues: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class _Piece:
    table: Table
    header: Header | None
    fields: list[str]
    labels: tuple[str, ...]


def select_tables(doc: Document,
                  vocabulary: HeaderVocabulary | None = None) -> tuple[list[_Piece], list[Issue]]:
    """Roadmap pieces in reading order: ones with a roadmap header and their continuations."""
    vocabulary = vocabulary or header_vocabulary()
    pieces: list[_Piece] = []
    issues: list[Issue] = []
    previous: _Piece | None = None
    for table in sorted(doc.tables, key=lambda t: t.order):
        header = find_header(table, vocabulary)
        if (header is not None and previous is not None
                and table.n_cols == previous.table.n_cols and header.labels != previous.labels
                and len(_mapped_roles(header.labels, vocabulary))
                < len(_mapped_roles(previous.labels, vocabulary))):
            header = None  # a continuation whose first row merely reads like a weaker header
        if header is not None:
            fields, col_issues = map_columns(header.labels, vocabulary)
            if previous is None or header.labels != previous.labels:
                issues.extend(col_issues)
            previous = _Piece(table, header, fields, header.labels)
            pieces.append(previous)
        elif previous is not None and table.n_cols == previous.table.n_cols:
            pieces.append(_Piece(table, None, previous.fields, previous.labels))
        else:
            if any(c.text.strip() for c in table.cells):
                issues.append(Issue("table_ignored",
                                    f"table on page {table.page} ({table.n_rows}×{table.n_cols}) "
                                    f"has no roadmap header; not read as activities"))
    return pieces, issues


def _spans_all(table: Table, row: int) -> bool:
    return any(c.row == row and c.col_span >= max(2, table.n_cols - 1) for c in table.cells)


def assemble(doc: Document, vocabulary: HeaderVocabulary | None = None) -> AssembledTable:
    """Stitch the roadmap pieces of ``doc`` and place every body row."""
    vocabulary = vocabulary or header_vocabulary()
    pieces, issues = select_tables(doc, vocabulary)
    out = AssembledTable(pieces=len(pieces), issues=issues)
    if not pieces:
        return out
    first = pieces[0]
    out.columns = [(label, f) for label, f in zip(first.labels, first.fields) if f != "skip"]
    section: str | None = None
    for piece in pieces:
        table = piece.table
        texts = _row_texts(table)
        pages = table.row_pages()
        start = piece.header.first_row + piece.header.n_rows if piece.header else 0
        item_col = piece.fields.index("item_no") if "item_no" in piece.fields else None
        heading_cols = frozenset(i for i, f in enumerate(piece.fields)
                                 if f in ("item_no", "activity"))
        first_body_row = True
        for r in range(start, table.n_rows):
            spans_all = _spans_all(table, r)
            kind = classify_row(texts[r], spans_all, piece.labels, item_col, heading_cols)
            if kind in ("empty", "column_numbers", "header"):
                continue
            item = texts[r][item_col] if item_col is not None else ""
            # A piece that starts with an unnumbered row continues the row broken at the cut.
            continues = (item_col is not None and not item and first_body_row and out.rows
                         and piece is not pieces[0] and not spans_all)
            if kind == "section" and not continues:
                section = section_title(next(t for t in texts[r] if t))
                first_body_row = False
                continue
            if continues:
                _continue_row(out.rows[-1], texts[r], piece.fields)
                out.rows[-1].issues.extend(low_confidence_issues(table, r))
                out.rows[-1].issues.append(Issue(
                    "row_continued", f"row continued across a page or table break "
                                     f"(page {pages[r]}) merged into row {out.rows[-1].item_no}"))
                first_body_row = False
                continue
            first_body_row = False
            out.rows.append(_raw_row(texts[r], piece.fields, section, pages[r]))
            out.rows[-1].issues.extend(low_confidence_issues(table, r))
    return out


def _cells_by_field(texts: list[str], fields: list[str]) -> dict[str, str]:
    return {f: t for f, t in zip(fields, texts) if f != "skip"}


def _raw_row(texts: list[str], fields: list[str], section: str | None, page: int) -> RawRow:
    """A body row's cells placed by field; an unnumbered row is kept and flagged."""
    cells = _cells_by_field(texts, fields)
    item_text = cells.get("item_no", "")
    item = item_number(item_text)
    issues: list[Issue] = []
    if item is None:
        item = item_text
        issues.append(Issue("item_no_unusual",
                            f"row number cell «{item_text}» is not a plain number" if item_text
                            else "row has no number"))
    return RawRow(
        section=section,
        item_no=item,
        activity=cells.get("activity", ""),
        period_raw=cells.get("period_raw") or None,
        executors_raw=cells.get("executors_raw") or None,
        indicator=cells.get("indicator") or None,
        extra={f[len("extra:"):]: (t or None) for f, t in cells.items() if f.startswith("extra:")},
        page=page,
        issues=issues,
    )


def _continue_row(row: RawRow, texts: list[str], fields: list[str]) -> None:
    """Append the cells of a continuation row to the row it continues."""
    for f, t in _cells_by_field(texts, fields).items():
        if not t or f == "item_no":
            continue
        if f.startswith("extra:"):
            key = f[len("extra:"):]
            row.extra[key] = _join(row.extra.get(key), t)
        else:
            setattr(row, f, _join(getattr(row, f), t))


def _join(before: str | None, after: str) -> str:
    return clean_text(f"{before} {after}") if before else after
