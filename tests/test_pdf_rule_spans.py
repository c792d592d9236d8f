"""Merged cells of a PDF table ruled only across: a column its rules skip between two rows is
one cell over both (made-up tables)."""
from __future__ import annotations

from extract.pdf_rule_spans import add_rule_spans, horizontal_rules, unruled_boundaries
from extract.pdf_ruling import FoundTable, GridCell

XS = [0.0, 30.0, 200.0, 300.0, 400.0]
YS = [100.0, 130.0, 160.0, 190.0, 220.0]  # four rows, 30 pt each


def table(texts: list[list[str]]) -> FoundTable:
    """A 4-column table read from word positions, one cell per row and column."""
    cells = [GridCell(r, c, 1, 1, (XS[c], YS[r], XS[c + 1], YS[r + 1]), t,
                      tuple(True for _ in t.split("\n")) if t else None)
             for r, row in enumerate(texts) for c, t in enumerate(row)]
    return FoundTable(cells, len(texts), 4, (XS[0], YS[0], XS[-1], YS[-1]), "stream", list(XS), list(YS))


ROWS = [["1.", "Семинар", "март", "Отдел"],
        ["2.", "Совещание", "", "Центр"],
        ["3.", "Отчёт", "май", ""],
        ["4.", "Итоги", "июнь", "Отдел"]]


def rule(y: float, x0: float = -2.0, x1: float = 402.0) -> tuple[float, float, float]:
    return (y, x0, x1)


def full_rules() -> list[tuple[float, float, float]]:
    """Rules above, below and between every row, across the whole table."""
    return [rule(y - 3) for y in YS[:-1]] + [rule(YS[-1] + 2)]


def test_a_column_left_unruled_between_two_rows_is_one_cell_over_both():
    # between rows 0 and 1 the rule skips column 2; between rows 2 and 3 it skips column 3
    rules = [r for r in full_rules() if r[0] not in (YS[1] - 3, YS[3] - 3)]
    rules += [rule(YS[1] - 3, -2, 200), rule(YS[1] - 3, 300, 402), rule(YS[3] - 3, -2, 300)]
    assert unruled_boundaries(table(ROWS), rules) == {1: {2}, 3: {3}}
    spanned = add_rule_spans(table(ROWS), rules)
    merged = {(c.row, c.col): (c.row_span, c.text) for c in spanned.cells if c.row_span > 1}
    assert merged == {(0, 2): (2, "март"), (2, 3): (2, "Отдел")}  # text set low in the cell
    assert not any(c.row == 1 and c.col == 2 for c in spanned.cells)
    assert sum(c.row_span for c in spanned.cells if c.col == 2) == 4  # every row covered once


def test_text_flowing_past_the_first_row_joins_the_merged_cell():
    rows = [list(r) for r in ROWS]
    rows[0][3], rows[1][3] = "Отдел образования", "и центр"
    rules = [r for r in full_rules() if r[0] != YS[1] - 3] + [rule(YS[1] - 3, -2, 300)]
    [cell] = [c for c in add_rule_spans(table(rows), rules).cells if c.row == 0 and c.col == 3]
    assert (cell.row_span, cell.text, cell.full_lines) == (2, "Отдел образования\nи центр", (True, True))


def test_a_fully_ruled_table_is_left_as_it_is():
    t = table(ROWS)
    assert add_rule_spans(t, full_rules()) is t
    assert t.merges_visible


def test_a_table_without_rules_between_its_rows_cannot_show_a_merge():
    t = table(ROWS)
    for rules in ([], [rule(YS[0] - 3), rule(YS[-1] + 2)]):  # none; top and bottom rules only
        unruled = add_rule_spans(t, rules)
        assert unruled.cells == t.cells and not unruled.merges_visible
    one_rule = [rule(YS[0] - 3), rule(YS[2] - 3), rule(YS[-1] + 2)]  # one of three boundaries
    assert not add_rule_spans(t, one_rule).merges_visible
    assert add_rule_spans(table(ROWS[:1]), []).merges_visible  # one row: nothing to merge


def test_horizontal_rules_keep_only_horizontal_edges():
    edges = [{"orientation": "h", "top": 10.0, "x0": 0.0, "x1": 50.0},
             {"orientation": "v", "top": 0.0, "x0": 5.0, "x1": 5.0},
             {"orientation": "h", "top": 20.0, "x0": 0.0, "x1": 1.0}]
    assert horizontal_rules(edges, 3.0) == [(10.0, 0.0, 50.0)]
