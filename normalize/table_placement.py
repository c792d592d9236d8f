"""Table assembly, placement: merged cells giving their text to the rows they span (also
across a page cut), runs of rows, and a body row's cells placed by field."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.model import Table
from normalize.records import Issue, RawRow
from normalize.table_rows import classify_row, item_number
from normalize.table_view import spans_width

if TYPE_CHECKING:
    from normalize.tables import AssembledTable, _Piece

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


@dataclass(frozen=True, slots=True)
class Placement:
    """Where each field of a row is read, for one piece's fields (made once per piece): the
    column of each role and of each ``extra`` label; where a field repeats the last column
    holds it, and extras keep the order of their first column (as :func:`_cells_by_field`)."""

    item_no: int | None
    activity: int | None
    period_raw: int | None
    executors_raw: int | None
    indicator: int | None
    task: int | None
    extras: tuple[tuple[str, int], ...]


def placement(fields: list[str]) -> Placement:
    """The :class:`Placement` of a piece's ``fields``."""
    last: dict[str, int] = {}
    for col, f in enumerate(fields):
        if f != "skip":
            last[f] = col
    extras = tuple((f[len("extra:"):], col) for f, col in last.items() if f.startswith("extra:"))
    return Placement(last.get("item_no"), last.get("activity"), last.get("period_raw"),
                     last.get("executors_raw"), last.get("indicator"), last.get("task"), extras)


def _raw_row(texts: list[str], fields: list[str], section: str | None, page: int) -> RawRow:
    """A body row's cells placed by field; an unnumbered row is kept and flagged."""
    return placed_row(texts, placement(fields), section, page)


def placed_row(texts: list[str], plan: Placement, section: str | None, page: int) -> RawRow:
    """:func:`_raw_row` with the piece's :class:`Placement` made once."""
    item_text = texts[plan.item_no] if plan.item_no is not None else ""
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
        activity=texts[plan.activity] if plan.activity is not None else "",
        period_raw=(texts[plan.period_raw] or None) if plan.period_raw is not None else None,
        executors_raw=((texts[plan.executors_raw] or None) if plan.executors_raw is not None
                       else None),
        indicator=(texts[plan.indicator] or None) if plan.indicator is not None else None,
        task=(texts[plan.task] or None) if plan.task is not None else None,
        extra={key: (texts[col] or None) for key, col in plan.extras},
        page=page,
        issues=issues,
    )
