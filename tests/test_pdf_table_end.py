"""Where a borderless PDF table ends: an approval sheet, signature block or list set right
under it, in the same columns, is cut off as a table of its own (made-up tables)."""
from __future__ import annotations

from extract.pdf_settings import PdfSettings
from extract.pdf_stream import StreamContext, find_stream_tables
from extract.pdf_table_end import cut_before_foreign, find_in_parts, opens_foreign_table
from extract.pdf_text import Line, Word

SETTINGS = PdfSettings()


def words(*spec: tuple[str, float, float], top: float, size: float = 9.0) -> Line:
    """A line of words given as (text, x0, x1)."""
    return Line(tuple(Word(t, x0, top, x1, top + size, size) for t, x0, x1 in spec))


def roadmap_then(extra: list[list[tuple[str, float, float]]], gap: float = 4.0) -> list[Line]:
    """A numbered 4-column borderless table (two lines per row), then ``extra`` lines in the
    same columns right under it."""
    spec: list[list[tuple[str, float, float]]] = []
    for n in range(1, 5):
        spec.append([(f"{n}.", 10, 20), ("Провести", 60, 110), ("март", 200, 225), ("Отдел", 300, 330)])
        spec.append([("совещание", 60, 115), ("школ", 300, 325)])
    lines = [words(*s, top=100 + 11 * i) for i, s in enumerate(spec)]
    top = lines[-1].bottom + gap
    return lines + [words(*s, top=top + 11 * i) for i, s in enumerate(extra)]


APPROVAL = [[("Дол", 10, 25), ("ФИО", 60, 80), ("Подпись", 200, 240), ("Дата", 300, 325)],
            [("жность", 10, 40)],
            [("Зам", 10, 25), ("А.А. Иванова", 60, 120)],
            [("Нач", 10, 25), ("Б.Б. Петров", 60, 120)]]


def test_approval_header_line_opens_a_foreign_table():
    assert opens_foreign_table(words(*APPROVAL[0], top=0), SETTINGS)
    assert opens_foreign_table(words(("ЛИСТ", 200, 230), ("СОГЛАСОВАНИЯ", 233, 300), top=0), SETTINGS)


def test_a_numbered_row_or_one_header_like_cell_opens_nothing():
    line = words(("5.", 10, 20), ("Подпись", 60, 100), ("Дата", 200, 225), ("Отдел", 300, 330), top=0)
    assert not opens_foreign_table(line, SETTINGS)  # a row of the table, opened by its number
    assert not opens_foreign_table(words(("Дата", 200, 225), ("отчета", 300, 330), top=0), SETTINGS)


def test_approval_sheet_in_the_same_columns_becomes_a_table_of_its_own():
    lines = roadmap_then(APPROVAL)
    glued, _, _ = find_stream_tables(lines, SETTINGS, StreamContext())
    assert "Подпись" in glued[-1].cells[-2].text  # the finder alone glues it to the last row
    assert cut_before_foreign(lines, SETTINGS) == [0, 8]
    tables, taken, _ = find_in_parts(lines, SETTINGS, StreamContext(), find_stream_tables)
    roadmap = tables[0]
    assert roadmap.n_rows == 4
    assert [c.text for c in roadmap.cells if c.row == 3] == ["4.", "Провести\nсовещание", "март", "Отдел\nшкол"]
    words_out = sorted(w for t in tables for c in t.cells for w in c.text.split())
    assert "ФИО" in words_out and "Б.Б." in words_out
    assert sorted(k for ks in taken for k in ks) == list(range(len(lines)))  # every line in a table


def test_no_foreign_line_leaves_the_finder_as_it_is():
    lines = roadmap_then([[("5.", 10, 20), ("Итоги", 60, 90), ("май", 200, 220), ("Отдел", 300, 330)]])
    assert find_in_parts(lines, SETTINGS, StreamContext(), find_stream_tables) == \
        find_stream_tables(lines, SETTINGS, StreamContext())
