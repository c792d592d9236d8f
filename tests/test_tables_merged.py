"""Cells merged over several rows, and task / activity columns side by side."""
from __future__ import annotations

from normalize.tables import assemble, map_columns
from tests.test_tables import HEADER, doc, table


def test_vertically_merged_cells_give_their_text_to_every_row_they_span():
    t = table([HEADER,
               ["1.", "Первое", "Март 2022", "Отдел образования", "Отчёт"],
               ["2.", "Второе", "", "", "Приказ"],
               ["3.", "Третье", "", "Школы", "Справка"]],
              spans={(1, 2): (3, 1), (1, 3): (2, 1)})
    rows = assemble(doc(t)).rows
    assert [(r.item_no, r.period_raw, r.executors_raw) for r in rows] == [
        ("1", "Март 2022", "Отдел образования"), ("2", "Март 2022", "Отдел образования"),
        ("3", "Март 2022", "Школы")]
    assert [r.merged_from for r in rows] == [[], ["period_raw", "executors_raw"], ["period_raw"]]


def test_merged_header_cells_and_section_rows_are_not_inherited():
    t = table([["№", "Мероприятие", "Сроки", "Исполнители"], ["", "", "", ""],
               ["I. Организация", "", "", ""],
               ["1.", "Первое", "Март", "ДО"], ["2.", "Второе", "Май", "ОО"]],
              spans={(0, 0): (2, 1), (0, 1): (2, 1), (0, 3): (2, 1), (2, 0): (1, 4)})
    rows = assemble(doc(t)).rows
    assert [(r.section, r.item_no, r.executors_raw, r.merged_from) for r in rows] == [
        ("Организация", "1", "ДО", []), ("Организация", "2", "ОО", [])]


def test_task_column_beside_an_activity_column_fills_task_carried_down():
    t = table([["№", "Задача", "Мероприятие", "Сроки", "Ответственные"],
               ["1.", "Повысить качество", "Семинар", "Март", "ИМЦ"],
               ["2.", "", "Вебинар", "Май", "ИМЦ"],
               ["3.", "Поддержать учителей", "Курсы", "Июнь", "ИРО"]],
              spans={(1, 1): (2, 1)})
    result = assemble(doc(t))
    assert [(r.activity, r.task, r.merged_from) for r in result.rows] == [
        ("Семинар", "Повысить качество", []), ("Вебинар", "Повысить качество", ["task"]),
        ("Курсы", "Поддержать учителей", [])]
    assert ("Задача", "task") in result.columns and ("Мероприятие", "activity") in result.columns


def test_a_task_column_alone_is_the_activity():
    fields, _ = map_columns(("№", "Задачи", "Сроки", "Исполнители"))
    assert fields == ["item_no", "activity", "period_raw", "executors_raw"]
    fields, _ = map_columns(("№", "Цель", "Содержание мероприятия", "Срок"))
    assert fields == ["item_no", "task", "activity", "period_raw"]


def test_merged_cell_cut_by_a_page_end_goes_on_at_the_top_of_the_next_piece():
    page1 = table([HEADER, ["1.", "Первое", "Март 2022", "ДО", "Отчёт"],
                   ["2.", "Второе", "Апрель 2022", "ОО", "Приказ"]], spans={(2, 3): (1, 1)})
    # the rest of the merged executor cell: empty, spanning the first two rows of page 2
    page2 = table([HEADER, ["3.", "Третье", "Май 2022", "", "Справка"],
                   ["4.", "Четвёртое", "Июнь 2022", "", "План"],
                   ["5.", "Пятое", "Июль 2022", "ИРО", "Итог"]],
                  order=1, page=2, spans={(1, 3): (2, 1)})
    rows = assemble(doc(page1, page2)).rows
    assert [(r.item_no, r.executors_raw) for r in rows] == [
        ("1", "ДО"), ("2", "ОО"), ("3", "ОО"), ("4", "ОО"), ("5", "ИРО")]
    assert rows[2].merged_from == ["executors_raw"] and rows[4].merged_from == []


def test_an_empty_cell_at_a_page_top_with_no_sign_of_a_merge_stays_empty():
    page1 = table([HEADER, ["1.", "Первое", "Март 2022", "ДО", "Отчёт"]])
    page2 = table([HEADER, ["2.", "Второе", "Май 2022", "", "Справка"]], order=1, page=2)
    rows = assemble(doc(page1, page2)).rows
    assert rows[1].executors_raw is None and rows[1].merged_from == []


def test_merged_cell_starting_on_a_broken_row_gives_its_whole_text_below():
    page1 = table([HEADER, ["1.", "Первое", "Март 2022", "ДО МАУ", "Отчёт"]])
    page2 = table([HEADER, ["", "", "", "ИМЦ", ""], ["2.", "Второе", "Май 2022", "", "Справка"]],
                  order=1, page=2, spans={(1, 3): (2, 1)})
    rows = assemble(doc(page1, page2)).rows
    assert [(r.item_no, r.executors_raw) for r in rows] == [("1", "ДО МАУ ИМЦ"), ("2", "ДО МАУ ИМЦ")]
