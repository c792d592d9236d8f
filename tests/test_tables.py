"""Table assembly on hand-made documents: header mapping, stitching, sections, broken rows."""
from __future__ import annotations

from extract.model import Cell, Document, Table
from normalize.tables import (
    assemble,
    classify_row,
    find_header,
    is_column_number_row,
    item_number,
    map_columns,
    role_of,
    section_title,
)


def table(rows: list[list[str]], *, order: int = 0, page: int = 1,
          spans: dict[tuple[int, int], tuple[int, int]] | None = None) -> Table:
    """A table from text rows; ``spans`` maps (row, col) → (row_span, col_span)."""
    spans = spans or {}
    covered = set()
    for (r, c), (rs, cs) in spans.items():
        covered |= {(rr, cc) for rr in range(r, r + rs) for cc in range(c, c + cs)} - {(r, c)}
    cells = [Cell(text=t, row=r, col=c, row_span=spans.get((r, c), (1, 1))[0],
                  col_span=spans.get((r, c), (1, 1))[1], page=page)
             for r, row in enumerate(rows) for c, t in enumerate(row) if (r, c) not in covered]
    return Table(cells=cells, n_rows=len(rows), n_cols=max(len(r) for r in rows), order=order,
                 page=page)


HEADER = ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный исполнитель",
          "Ожидаемый результат"]


def doc(*tables: Table) -> Document:
    return Document(source="x.docx", format="docx", pages=1, tables=list(tables))


def test_header_synonyms_map_to_roles():
    cases = {
        "Мероприятие": "activity", "Описание действий": "activity", "Задачи": "task",
        "Содержание деятельности": "activity", "Наименование мероприятия": "activity",
        "Сроки": "period_raw", "Срок исполнения": "period_raw", "Дата реализации": "period_raw",
        "Сроки проведения": "period_raw", "Ответственные": "executors_raw",
        "Исполнители": "executors_raw", "Ответственный исполнитель": "executors_raw",
        "Показатель реализации": "indicator", "Результат": "indicator",
        "Ожидаемый результат": "indicator", "Планируемый результат": "indicator",
        "Показатель реализации мероприятия": "indicator",  # head noun first
        "№п/п": "item_no", "№ пп": "item_no",
        "Информационное сопровождение проекта": None, "Примечание": None,
    }
    assert {h: role_of(h) for h in cases} == cases


def test_unknown_column_goes_to_extra_with_a_warning():
    fields, issues = map_columns(("№", "Мероприятие", "Сроки", "Примечание"))
    assert fields == ["item_no", "activity", "period_raw", "extra:Примечание"]
    assert [i.code for i in issues] == ["column_unmapped"]


def test_two_row_header_is_read_as_one():
    t = table([["№", "Задачи", "Сроки", "Показатель", "Информационное"],
               ["", "", "реализации", "реализации", "сопровождение проекта"],
               ["1.", "Дело", "Март 2022", "Отчёт", "Сайт"]],
              spans={(0, 0): (2, 1), (0, 1): (2, 1)})
    header = find_header(t)
    assert header is not None and (header.first_row, header.n_rows) == (0, 2)
    assert header.labels == ("№", "Задачи", "Сроки реализации", "Показатель реализации",
                             "Информационное сопровождение проекта")


def test_title_row_above_header_is_skipped():
    t = table([["План-график мероприятий", "", "", "", ""], HEADER,
               ["1", "Дело", "Март 2022", "ДО", "Отчёт"]], spans={(0, 0): (1, 5)})
    header = find_header(t)
    assert header is not None and header.first_row == 1


def test_signature_table_is_not_a_roadmap():
    sig = table([["Начальник департамента", "И.Б. Грабцевич"]])
    people = table([["ФИО", "Должность"], ["Иванов И.И.", "директор"]])
    assert find_header(sig) is None and find_header(people) is None
    result = assemble(doc(sig, people))
    assert result.rows == [] and {i.code for i in result.issues} == {"table_ignored",
                                                                      "table_not_roadmap"}


def test_column_number_row_and_repeated_headers_are_dropped():
    t1 = table([HEADER, ["1", "2", "3", "4", "5"], ["1.", "Первое", "Март 2022", "ДО", "Есть"]])
    t2 = table([HEADER, ["1", "2", "3", "4", "5"], ["2.", "Второе", "Апрель 2022", "ОО", "Нет"]],
               order=1, page=2)
    rows = assemble(doc(t1, t2)).rows
    assert [(r.item_no, r.activity, r.page) for r in rows] == [("1", "Первое", 1), ("2", "Второе", 2)]


def test_sections_set_for_rows_below_and_numbering_restarts():
    t = table([HEADER,
               ["I. Организационная деятельность", "", "", "", ""],
               ["1.", "А", "Март", "ДО", "x"], ["2.", "Б", "Март", "ДО", "x"],
               ["Раздел 2. Работа с кураторами", "", "", "", ""],
               ["1.", "В", "Май", "ДО", "x"], ["1.1.", "Г", "Май", "ДО", "x"]],
              spans={(1, 0): (1, 5), (4, 0): (1, 5)})
    rows = assemble(doc(t)).rows
    assert [(r.section, r.item_no) for r in rows] == [
        ("Организационная деятельность", "1"), ("Организационная деятельность", "2"),
        ("Работа с кураторами", "1"), ("Работа с кураторами", "1.1")]


def test_row_broken_across_a_cut_is_merged_and_flagged():
    t1 = table([HEADER, ["1.", "Первое", "Март 2022", "ДО", "Есть"],
                ["2.", "Начало второго", "Апрель", "ОО", "Первая половина"]])
    t2 = table([["", "мероприятия", "2022", "", "показателя"],
                ["3.", "Третье", "Май 2022", "ДО", "Есть"]], order=1, page=2)
    rows = assemble(doc(t1, t2)).rows
    assert [r.item_no for r in rows] == ["1", "2", "3"]
    second = rows[1]
    assert (second.activity, second.period_raw, second.indicator) == (
        "Начало второго мероприятия", "Апрель 2022", "Первая половина показателя")
    assert [i.code for i in second.issues] == ["row_continued"]


def test_piece_of_another_width_is_not_stitched():
    t1 = table([HEADER, ["1.", "Первое", "Март 2022", "ДО", "Есть"]])
    other = table([["Согласовано", "Подпись"]], order=1)
    result = assemble(doc(t1, other))
    assert len(result.rows) == 1 and "table_ignored" in {i.code for i in result.issues}


def test_no_table_gives_no_rows():
    result = assemble(Document(source="x.pdf", format="pdf", pages=1))
    assert result.rows == [] and result.columns == []


def test_empty_cells_are_null_and_extra_keeps_its_header():
    t = table([["№", "Мероприятие", "Сроки", "Информационное сопровождение"],
               ["1", "Дело", "", ""]])
    row = assemble(doc(t)).rows[0]
    assert row.period_raw is None and row.extra == {"Информационное сопровождение": None}


def test_unnumbered_row_in_the_middle_is_kept_and_flagged():
    t = table([HEADER, ["1.", "А", "Март", "ДО", "x"], ["", "Без номера", "Май", "ДО", "y"]])
    rows = assemble(doc(t)).rows
    assert [r.activity for r in rows] == ["А", "Без номера"]
    assert rows[1].issues[0].code == "item_no_unusual"


def test_small_pieces():
    assert item_number("12.") == "12" and item_number("1.2.") == "1.2" and item_number("12а") is None
    assert is_column_number_row(["1", "2", "3", "4"]) and not is_column_number_row(["1.", "Дело"])
    assert section_title("IV. Анализ и эффективность") == "Анализ и эффективность"
    assert section_title("Организационная работа") == "Организационная работа"
    assert classify_row(["II. Работа", "", ""], True, ("№", "М", "С"), 0) == "section"
    assert classify_row(["3.", "Дело", "Март"], False, ("№", "М", "С"), 0) == "data"


def test_lone_fragment_under_a_result_column_at_a_page_top_is_a_continuation_not_a_section():
    t1 = table([HEADER, ["1.", "Первое", "Март 2022", "ДО", "Начало"]])
    t2 = table([["", "", "", "", "окончание показателя"],
                ["2.", "Второе", "Май 2022", "ОО", "Есть"]], order=1, page=2)
    rows = assemble(doc(t1, t2)).rows
    assert [(r.section, r.item_no, r.indicator) for r in rows] == [
        (None, "1", "Начало окончание показателя"), (None, "2", "Есть")]


def test_lone_text_under_a_result_column_mid_table_is_not_a_section():
    assert classify_row(["", "", "", "", "x" * 20], False, tuple(HEADER), 0,
                        frozenset({0, 1})) == "data"


def test_a_row_of_digits_int_refuses_is_no_column_number_row():
    """«¹ | ²» under a header are digits to ``str.isdigit`` but no numbers to ``int``: not a
    column-number row (they raised ValueError out of the document before); «1 | 2 | 3» is."""
    from normalize.table_rows import is_column_number_row

    assert is_column_number_row(["1", "2", "3"])
    assert not is_column_number_row(["¹", "²", "³"])
    assert not is_column_number_row(["1", "²"])
