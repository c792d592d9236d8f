"""Which pieces continue the roadmap: geometry, markers, approval sheets, fragments under a
repeated header, a roadmap with nothing but numbers."""
from __future__ import annotations

from dataclasses import replace

from extract.model import Document, Table, TextBlock
from normalize.stitching import (column_lines, columns_align, foreign_header_row, is_continuation_marker,
                                 non_roadmap_reason, split_at_row, split_foreign_tail)
from normalize.tables import assemble
from tests.test_tables import HEADER, table

LINES = (0.0, 30.0, 200.0, 280.0, 380.0, 470.0)


def with_lines(t: Table, lines=LINES) -> Table:
    t.col_lines = tuple(lines)
    return t


def doc(*items: Table | TextBlock) -> Document:
    return Document(source="x.docx", format="docx", pages=3,
                    blocks=[i for i in items if isinstance(i, TextBlock)],
                    tables=[i for i in items if isinstance(i, Table)])


def roadmap() -> Table:
    return with_lines(table([HEADER, ["1.", "Первое", "Март 2022", "ДО", "Есть"]]))


def test_approval_sheet_with_the_roadmaps_width_is_kept_out():
    sheet = with_lines(table([["Должность", "ФИО", "Подпись", "Дата", "Замечания"],
                              ["Заместитель министра", "А.А. Иванов", "", "", ""]], order=2))
    result = assemble(doc(roadmap(), sheet))
    assert [r.item_no for r in result.rows] == ["1"]
    assert "table_not_roadmap" in {i.code for i in result.issues}


def test_distribution_list_titled_above_it_is_kept_out():
    listing = with_lines(table([["1.", "Отдел образования", "1", "", ""]], order=2))
    result = assemble(doc(roadmap(), TextBlock("Лист рассылки", page=2, order=1), listing))
    assert len(result.rows) == 1 and "table_not_roadmap" in {i.code for i in result.issues}


def test_continuation_needs_columns_that_line_up():
    aligned = with_lines(table([["2.", "Второе", "Май", "ОО", "Нет"]], order=1),
                         (1.0, 31.0, 203.0, 279.0, 382.0, 471.0))
    other = with_lines(table([["2.", "Второе", "Май", "ОО", "Нет"]], order=1),
                       (0.0, 90.0, 150.0, 300.0, 400.0, 470.0))
    assert [r.item_no for r in assemble(doc(roadmap(), aligned)).rows] == ["1", "2"]
    result = assemble(doc(roadmap(), other))
    assert [r.item_no for r in result.rows] == ["1"]
    assert any("do not line up" in i.message for i in result.issues)


def test_borderless_continuation_whose_last_column_holds_shorter_lines_continues():
    # Found from text positions, a piece's outer edges are where its text ends: on the next
    # page the last column holds only short lines and ends 60 pt left of the roadmap's.
    first = replace(roadmap(), method="stream")
    shorter = with_lines(replace(table([["2.", "Второе", "Май", "ОО", "Нет"]], order=1, page=2),
                                 method="stream"), (3.0, 30.0, 200.0, 280.0, 380.0, 410.0))
    result = assemble(doc(first, shorter))
    assert [r.item_no for r in result.rows] == ["1", "2"]
    assert columns_align(shorter, first) is True
    # Against a stated edge (a ruled roadmap) the text may stop short but not run past it.
    ruled = replace(roadmap(), method="ruled")
    wider = with_lines(replace(shorter, col_lines=None), (3.0, 30.0, 200.0, 280.0, 380.0, 530.0))
    assert columns_align(shorter, ruled) is True and columns_align(wider, ruled) is False


def test_continuation_marker_overrides_geometry_and_its_row_is_no_section():
    shifted = with_lines(table([["Продолжение таблицы", "", "", "", ""],
                                ["2.", "Второе", "Май", "ОО", "Нет"]],
                               order=2, spans={(0, 0): (1, 5)}),
                         (0.0, 90.0, 150.0, 300.0, 400.0, 470.0))
    result = assemble(doc(roadmap(), TextBlock("Окончание таблицы 1", page=2, order=1), shifted))
    assert [(r.section, r.item_no) for r in result.rows] == [(None, "1"), (None, "2")]
    assert is_continuation_marker("Продолжение таблицы 2") and not is_continuation_marker("Продолжить работу")


def test_first_row_that_is_neither_data_nor_fragment_refuses_the_piece():
    schools = with_lines(table([["Школа", "Адрес", "Телефон", "Директор", "Сайт"],
                                ["МБОУ СОШ № 1", "ул. Лесная, 1", "", "", ""]], order=1))
    result = assemble(doc(roadmap(), schools))
    assert len(result.rows) == 1 and "table_ignored" in {i.code for i in result.issues}


def test_fragment_under_a_repeated_header_continues_the_broken_row():
    first = roadmap()
    first = with_lines(table([HEADER, ["1.", "Первое", "Март 2022", "ДО", "Начало"],
                              ["2.", "Второе", "Май", "ОО", "Первая половина"]]))
    second = with_lines(table([HEADER, ["", "", "", "", "вторая половина"],
                               ["3.", "Третье", "Июнь", "ОО", "Есть"]], order=1, page=2))
    rows = assemble(doc(first, second)).rows
    assert [(r.item_no, r.indicator) for r in rows] == [
        ("1", "Начало"), ("2", "Первая половина вторая половина"), ("3", "Есть")]
    assert [i.code for i in rows[1].issues] == ["row_continued"]


def test_roadmap_with_nothing_but_numbers_gives_no_activities_and_says_so():
    empty = table([HEADER, *[[f"{n}.", "", "", "", ""] for n in range(1, 6)]])
    result = assemble(doc(empty))
    assert result.rows == []
    issue = next(i for i in result.issues if i.code == "roadmap_cells_empty")
    assert "5 rows" in issue.message and "1, 2, 3, 4, 5" in issue.message


def test_geometry_helpers():
    t = table([["a", "b"]])
    assert column_lines(t) is None and columns_align(t, t) is None
    boxed = replace(t, cells=[replace(c, bbox=(10.0 + 50 * c.col, 0.0, 60.0 + 50 * c.col, 9.0))
                              for c in t.cells])
    assert column_lines(boxed) == (10.0, 60.0, 110.0)
    assert non_roadmap_reason(table([["Начальник отдела", "И.И. Иванов"]])) is None
    assert non_roadmap_reason(table([["ЛИСТ СОГЛАСОВАНИЯ", ""]])) is not None


def test_approval_sheet_appended_to_the_roadmaps_own_grid_is_cut_off():
    grid = with_lines(table([HEADER, ["1.", "Первое", "Март 2022", "ДО", "Есть"],
                             ["2.", "Второе", "Май 2022", "ОО", "Нет"],
                             ["Должность", "ФИО", "Подпись", "Дата", ""],
                             ["Заместитель министра", "А.А. Иванов", "", "", ""]]))
    assert foreign_header_row(grid) == 3
    top, sheet = split_at_row(grid, 3)
    assert (top.n_rows, sheet.n_rows) == (3, 2) and sheet.text_grid()[1][1] == "А.А. Иванов"
    result = assemble(doc(grid))
    assert [r.item_no for r in result.rows] == ["1", "2"]
    assert [(r.activity, r.executors_raw) for r in result.rows] == [("Первое", "ДО"), ("Второе", "ОО")]
    assert "table_not_roadmap" in {i.code for i in result.issues}


def test_a_numbered_row_or_one_header_like_cell_cuts_nothing():
    grid = with_lines(table([HEADER, ["1.", "Подпись", "Дата", "ДО", "Есть"],
                             ["", "Дата", "Май 2022", "ОО", "Нет"]]))
    assert foreign_header_row(grid) is None
    assert split_foreign_tail(grid) == [grid]
