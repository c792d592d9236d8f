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

from extract.model import Document, Table, TextBlock
from normalize.ocr_flags import low_confidence_issues
from normalize.records import Issue, RawRow
from normalize.stitching import (cell_tails, columns_align, continue_row, is_continuation_marker,
                                 non_roadmap_reason, split_foreign_tail)
from normalize.table_view import TableView, spans_width, view_of
from normalize.text import clean_text, fold
from normalize.unruled_merges import carry_into_blank_cells

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
    if is_column_number_row(texts):
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
    view: TableView


def select_tables(doc: Document,
                  vocabulary: HeaderVocabulary | None = None) -> tuple[list[_Piece], list[Issue]]:
    """Roadmap pieces in reading order: ones with a roadmap header and their continuations.

    A piece without a roadmap header continues the roadmap when it has the same columns
    (boundaries within tolerance where the geometry is known, or a «Продолжение таблицы»
    line before it), is not an approval sheet / distribution list (``stitching``), and its
    first row reads as data, a column-number row, a marker or a broken row's fragment.  Such
    a sheet appended to a table's own grid (its header row below the first) is cut off first."""
    vocabulary = vocabulary or header_vocabulary()
    pieces: list[_Piece] = []
    issues: list[Issue] = []
    previous: _Piece | None = None
    tables = [piece for t in sorted(doc.tables, key=lambda t: t.order) for piece in split_foreign_tail(t)]
    blocks = [b for b in sorted(doc.blocks, key=lambda b: b.order) if b.text.strip()]
    for index, table in enumerate(tables):
        above = _text_above(blocks, tables, index)
        view = view_of(table)
        header = find_header(table, vocabulary, view)
        if header is not None and previous is not None and table.n_cols == previous.table.n_cols:
            header = _repeated_header(view, header, previous.labels)
        if (header is not None and previous is not None
                and table.n_cols == previous.table.n_cols and header.labels != previous.labels
                and len(_mapped_roles(header.labels, vocabulary))
                < len(_mapped_roles(previous.labels, vocabulary))):
            header = None  # a continuation whose first row merely reads like a weaker header
        if header is not None:
            fields, col_issues = map_columns(header.labels, vocabulary)
            if previous is None or header.labels != previous.labels:
                issues.extend(col_issues)
            previous = _Piece(table, header, fields, header.labels, view)
            pieces.append(previous)
            continue
        if not any(c.text.strip() for c in table.cells):
            continue
        reason = non_roadmap_reason(table, above[-1] if above else "")
        if reason:
            issues.append(Issue("table_not_roadmap",
                                f"table on page {table.page} ({table.n_rows}×{table.n_cols}) is "
                                f"an approval sheet, signature block or list ({reason}); "
                                f"not read as activities"))
            previous = None  # nothing after it continues the roadmap
            continue
        why_not = None if previous is None else _continuation_refused(view, previous, above)
        if previous is not None and why_not is None:
            pieces.append(_Piece(table, None, previous.fields, previous.labels, view))
            continue
        issues.append(Issue("table_ignored",
                            f"table on page {table.page} ({table.n_rows}×{table.n_cols}) "
                            f"has no roadmap header{'; ' + why_not if why_not else ''}; "
                            f"not read as activities"))
    return pieces, issues


def _text_above(blocks: list[TextBlock], tables: list[Table], index: int) -> list[str]:
    """The texts of ``blocks`` (non-blank, in order) between the previous table and table
    ``index``."""
    low = tables[index - 1].order if index else -1
    high = tables[index].order
    return [b.text for b in blocks if low < b.order < high]


def _repeated_header(view: TableView, header: Header, labels: tuple[str, ...]) -> Header:
    """The previous piece's header repeated at the top of ``table``: only as many rows as
    give the same labels, so a broken row's fragment under it stays body text."""
    if header.labels == labels:
        return header
    wanted = [header_key(label) for label in labels]
    for n in range(1, header.n_rows):
        candidate = _header_labels(view.table, header.first_row, n, view)
        if [header_key(label) for label in candidate] == wanted:
            return Header(header.first_row, n, labels)
    return header


def _continuation_refused(view: TableView, previous: _Piece, above: list[str]) -> str | None:
    """Why a header-less piece does not continue ``previous``; None when it does."""
    table = view.table
    if table.n_cols != previous.table.n_cols:
        return f"{table.n_cols} columns, the roadmap has {previous.table.n_cols}"
    marked = any(is_continuation_marker(text) for text in above)
    if not marked and columns_align(table, previous.table) is False:
        return "its columns do not line up with the roadmap's"
    texts = view.texts
    item_col = previous.fields.index("item_no") if "item_no" in previous.fields else None
    first = next((row for row in texts if any(row)), None)
    if first is None or marked or item_col is None:
        return None
    values = [t for t in first if t]
    if (not first[item_col] or item_number(first[item_col]) is not None
            or is_column_number_row(first) or is_continuation_marker(values[0])
            or [header_key(t) for t in first] == [header_key(t) for t in previous.labels]):
        return None
    return f"its first row «{' | '.join(values)[:80]}» reads as neither data nor a fragment"


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
    tail_merged: set[int] = set()  # columns whose last row the previous piece merged
    tails: dict[str, str] = {}  # the last line (as read) of each field of the last row
    hidden_merges: list[int] = []  # rows read from tables that cannot show a merged cell
    for piece in pieces:
        table, view = piece.table, piece.view
        first_new = len(out.rows)
        texts = view.texts
        ends = cell_tails(table)
        pages = table.row_pages()
        start = piece.header.first_row + piece.header.n_rows if piece.header else 0
        merged, inherited = inherit_merged(table, texts, start)
        if out.rows:
            _carry_across_cut(table, texts, start, piece, out.rows[-1], tail_merged,
                              merged, inherited)
        tail_merged = {c for c, cell in enumerate(view.covering(table.n_rows - 1))
                       if cell is not None and cell.row_span > 1}
        item_col = piece.fields.index("item_no") if "item_no" in piece.fields else None
        heading_cols = frozenset(i for i, f in enumerate(piece.fields)
                                 if f in ("item_no", "activity"))
        first_body_row = True
        for r in range(start, table.n_rows):
            spans_all = r in view.spanning_rows
            kind = classify_row(texts[r], spans_all, piece.labels, item_col, heading_cols)
            if kind in ("empty", "column_numbers", "marker", "header"):
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
                continue_row(out.rows[-1], texts[r], piece.fields, tails)  # own cells only
                tails.update((f, ends[r][c]) for c, f in enumerate(piece.fields) if texts[r][c])
                _inherit_continued(table, r, piece.fields, out.rows[-1], merged, inherited)
                if view.has_ocr:
                    out.rows[-1].issues.extend(low_confidence_issues(table, r))
                out.rows[-1].issues.append(Issue(
                    "row_continued", f"row continued across a page or table break "
                                     f"(page {pages[r]}) merged into row {out.rows[-1].item_no}"))
                first_body_row = False
                continue
            first_body_row = False
            row = _raw_row(merged[r], piece.fields, section, pages[r])
            row.merged_from = [piece.fields[c] for c in sorted(inherited[r])
                               if piece.fields[c] != "skip" and merged[r][c]]
            if view.has_ocr:
                row.issues.extend(low_confidence_issues(table, r))
            out.rows.append(row)
            tails = {f: ends[r][c] for c, f in enumerate(piece.fields)}
        if not table.merges_visible:
            hidden_merges.extend(range(first_new, len(out.rows)))
    for run in _runs(hidden_merges):
        carry_into_blank_cells([out.rows[i] for i in run])
    _refuse_empty_table(out)
    return out


def _runs(indices: list[int]) -> list[range]:
    """Ascending indices as runs of consecutive ones."""
    runs: list[range] = []
    for i in indices:
        if runs and runs[-1].stop == i:
            runs[-1] = range(runs[-1].start, i + 1)
        else:
            runs.append(range(i, i + 1))
    return runs


def _refuse_empty_table(out: AssembledTable) -> None:
    """A roadmap whose rows hold nothing but their numbers (text lost in the file, a form
    left blank) gives no activities: the rows are dropped with a warning that says so."""
    if not out.rows or any(
            r.activity or r.period_raw or r.executors_raw or r.indicator or r.task
            or any(r.extra.values()) for r in out.rows):
        return
    numbers = ", ".join(r.item_no for r in out.rows[:12] if r.item_no)
    more = "…" if len(out.rows) > 12 else ""
    out.issues.append(Issue("roadmap_cells_empty",
                            f"the roadmap table has {len(out.rows)} rows with nothing but their "
                            f"numbers ({numbers}{more}); no activities written"))
    out.rows = []


def _inherit_continued(table: Table, r: int, fields: list[str], row: RawRow,
                       merged: list[list[str]], inherited: list[set[int]]) -> None:
    """A merged cell whose first row continues a row cut at a page end holds only the
    rest of its text: the rows below it inherit the whole, as joined on that row."""
    for cell in table.cells:
        if cell.row != r or cell.row_span < 2 or fields[cell.col] in ("item_no", "skip"):
            continue
        field = fields[cell.col]
        text = (row.extra.get(field[len("extra:"):]) if field.startswith("extra:")
                else getattr(row, field))
        for below in range(r + 1, min(r + cell.row_span, table.n_rows)):
            if cell.col in inherited[below] and text:
                merged[below][cell.col] = text


def _carry_across_cut(table: Table, texts: list[list[str]], start: int, piece: _Piece,
                      last: RawRow, tail_merged: set[int], merged: list[list[str]],
                      inherited: list[set[int]]) -> None:
    """A merged cell cut by a page end goes on, empty, at the top of the next piece: its
    rows take the text of the row above the cut.  Evidence that the empty cell is such a
    remainder: it spans several rows itself, or the cell above the cut did."""
    skip = ("empty", "column_numbers", "marker", "header")
    first = next((r for r in range(start, table.n_rows)
                  if classify_row(texts[r], False, piece.labels, None) not in skip), None)
    if first is None:
        return
    for cell in table.cells:
        field = piece.fields[cell.col] if cell.col < len(piece.fields) else "skip"
        if (cell.row != first or texts[first][cell.col] or field in ("item_no", "skip")
                or spans_width(table, cell)
                or not (cell.row_span > 1 or cell.col in tail_merged)):
            continue
        text = (last.extra.get(field[len("extra:"):]) if field.startswith("extra:")
                else getattr(last, field))
        if not text:
            continue
        for r in range(first, min(first + cell.row_span, table.n_rows)):
            merged[r][cell.col] = text
            inherited[r].add(cell.col)


def inherit_merged(table: Table, texts: list[list[str]],
                   start: int) -> tuple[list[list[str]], list[set[int]]]:
    """Rows × cols where a body cell merged over several rows gives its text to every row it
    spans, and per row the columns that inherited (a cell spanning the table's width — a
    section heading — gives nothing)."""
    merged = [list(row) for row in texts]
    inherited: list[set[int]] = [set() for _ in texts]
    for cell in table.cells:
        if cell.row_span < 2 or cell.row < start or spans_width(table, cell):
            continue
        text = texts[cell.row][cell.col]
        for r in range(cell.row + 1, min(cell.row + cell.row_span, table.n_rows)):
            if text and not merged[r][cell.col]:
                merged[r][cell.col] = text
                inherited[r].add(cell.col)
    return merged, inherited


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
        task=cells.get("task") or None,
        extra={f[len("extra:"):]: (t or None) for f, t in cells.items() if f.startswith("extra:")},
        page=page,
        issues=issues,
    )
