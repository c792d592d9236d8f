"""Table assembly: from a document's table pieces to placed activity rows.

A chain of small steps, each testable alone (header reading in ``table_header``, row
kinds in ``table_rows``, merged cells and raw rows in ``table_placement``; their names
stay importable from here):

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

from dataclasses import dataclass, field

from extract.model import Cell, Document, Table, TextBlock
from normalize.ocr_flags import low_confidence_issues
from normalize.records import Issue, RawRow
from normalize.stitching import (columns_align, continue_row, is_continuation_marker,
                                 non_roadmap_reason, split_foreign_tail)
from normalize.table_header import (ROLES, Header, HeaderVocabulary, _header_labels,  # noqa: F401
                                    _mapped_roles, find_header, header_key, header_vocabulary,
                                    map_columns, role_of)
from normalize.table_placement import (_carry_across_cut, _inherit_continued,  # noqa: F401
                                       _raw_row, _refuse_empty_table, _runs, inherit_merged,
                                       placed_row, placement)
from normalize.table_rows import (ROW_KINDS, _repeats_header, classify_row,  # noqa: F401
                                  is_column_number_row, item_number, section_title)
from normalize.table_view import TableView, row_tails, view_of
from normalize.unruled_merges import carry_into_blank_cells


# --- assembly -------------------------------------------------------------------------


@dataclass(slots=True)
class AssembledTable:
    """The activity rows of a document and how its columns were read."""

    rows: list[RawRow] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (printed header, field)
    pieces: int = 0  # table pieces stitched together
    issues: list[Issue] = field(default_factory=list)
    # every table piece's view (roadmap or not), in reading order: its cleaned cell texts
    # spare the document's reader cleaning the cells again
    views: list[TableView] = field(default_factory=list)


@dataclass(slots=True)
class _Piece:
    table: Table
    header: Header | None
    fields: list[str]
    labels: tuple[str, ...]
    view: TableView


def select_tables(doc: Document, vocabulary: HeaderVocabulary | None = None,
                  views: list[TableView] | None = None) -> tuple[list[_Piece], list[Issue]]:
    """Roadmap pieces in reading order: ones with a roadmap header and their continuations.

    A piece without a roadmap header continues the roadmap when it has the same columns
    (boundaries within tolerance where the geometry is known, or a «Продолжение таблицы»
    line before it), is not an approval sheet / distribution list (``stitching``), and its
    first row reads as data, a column-number row, a marker or a broken row's fragment.  Such
    a sheet appended to a table's own grid (its header row below the first) is cut off first.
    ``views``: given, every piece's view is appended to it."""
    vocabulary = vocabulary or header_vocabulary()
    pieces: list[_Piece] = []
    issues: list[Issue] = []
    previous: _Piece | None = None
    tables = [piece for t in sorted(doc.tables, key=lambda t: t.order) for piece in split_foreign_tail(t)]
    blocks = [b for b in sorted(doc.blocks, key=lambda b: b.order) if b.text.strip()]
    for index, table in enumerate(tables):
        above = _text_above(blocks, tables, index)
        view = view_of(table)
        if views is not None:
            views.append(view)
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
    views: list[TableView] = []
    pieces, issues = select_tables(doc, vocabulary, views)
    out = AssembledTable(pieces=len(pieces), issues=issues, views=views)
    if not pieces:
        return out
    first = pieces[0]
    out.columns = [(label, f) for label, f in zip(first.labels, first.fields) if f != "skip"]
    section: str | None = None
    tail_merged: set[int] = set()  # columns whose last row the previous piece merged
    tails: dict[str, str] | None = {}  # the last line (as read) of each field of the last row
    tails_of: tuple[list[Cell | None], list[str]] = ([], [])  # (grid row, fields) giving
    # ``tails`` while it is None: made only when a continuation needs it
    hidden_merges: list[int] = []  # rows read from tables that cannot show a merged cell
    for piece in pieces:
        table, view = piece.table, piece.view
        first_new = len(out.rows)
        texts = view.texts
        pages = table.row_pages()
        start = piece.header.first_row + piece.header.n_rows if piece.header else 0
        merged, inherited = inherit_merged(table, texts, start)
        if out.rows:
            _carry_across_cut(table, texts, start, piece, out.rows[-1], tail_merged,
                              merged, inherited)
        tail_merged = {c for c, cell in enumerate(view.covering(table.n_rows - 1))
                       if cell is not None and cell.row_span > 1}
        item_col = piece.fields.index("item_no") if "item_no" in piece.fields else None
        plan = placement(piece.fields) if len(piece.fields) <= table.n_cols else None
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
                if tails is None:
                    tails = dict(zip(tails_of[1], row_tails(tails_of[0])))
                continue_row(out.rows[-1], texts[r], piece.fields, tails)  # own cells only
                ends = row_tails(view.grid[r])
                tails.update((f, ends[c]) for c, f in enumerate(piece.fields) if texts[r][c])
                _inherit_continued(table, r, piece.fields, out.rows[-1], merged, inherited)
                if view.has_ocr:
                    out.rows[-1].issues.extend(low_confidence_issues(table, r))
                out.rows[-1].issues.append(Issue(
                    "row_continued", f"row continued across a page or table break "
                                     f"(page {pages[r]}) merged into row {out.rows[-1].item_no}"))
                first_body_row = False
                continue
            first_body_row = False
            row = (placed_row(merged[r], plan, section, pages[r]) if plan is not None
                   else _raw_row(merged[r], piece.fields, section, pages[r]))
            row.merged_from = [piece.fields[c] for c in sorted(inherited[r])
                               if piece.fields[c] != "skip" and merged[r][c]]
            if view.has_ocr:
                row.issues.extend(low_confidence_issues(table, r))
            out.rows.append(row)
            tails, tails_of = None, (view.grid[r], piece.fields)
        if not table.merges_visible:
            hidden_merges.extend(range(first_new, len(out.rows)))
    for run in _runs(hidden_merges):
        carry_into_blank_cells([out.rows[i] for i in run])
    _refuse_empty_table(out)
    return out
