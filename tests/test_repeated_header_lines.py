"""A table header repeated on the next page, read as a header there: not taken for a running
header, and learned on the first page even under a caption, so the tail of a row broken at
the page end, set right under the repeated header, stays a row of its own.

The texts are made up."""
from __future__ import annotations

from extract.pdf_settings import PdfSettings
from extract.pdf_stream import header_texts
from extract.pdf_tables import CROSS, FIT, SINGLE, Line, Word, classify, furniture_lines, split_rows

BOUNDARIES = [39.0, 199.0]


def words(*spec: tuple[str, float, float], top: float = 100.0, size: float = 10.0) -> Line:
    """A line of words given as (text, x0, x1)."""
    return Line(tuple(Word(t, x0, top, x1, top + size, size) for t, x0, x1 in spec))


def test_a_repeated_line_set_against_the_body_is_no_running_header():
    settings = PdfSettings()

    def page(first_top: float) -> list[Line]:
        return [words(("Брюкозябры", 300, 360), top=20),  # repeated on every page, top margin
                words(("№", 0, 10), ("Дело", 40, 120), ("Срок", 200, 230), top=first_top),
                words(("1.", 0, 10), ("Квакотрябилка", 40, 120), ("Май", 200, 230), top=200)]

    # clear of the line below it: a running header
    assert furniture_lines([(page(60), 800.0), (page(60), 800.0)], settings) == [{0}, {0}]
    # overlapping the line below it, as the first line of a table's header cell does: body
    assert furniture_lines([(page(26), 800.0), (page(26), 800.0)], settings) == [set(), set()]


def test_a_numbered_tables_header_is_learned_under_its_caption():
    settings = PdfSettings()
    first_page = [
        words(("Брюкозябры", 0, 60), ("на", 63, 75), ("2030", 78, 110), ("год", 113, 240), top=0),
        words(("№", 0, 10), ("Дело", 40, 120), ("Срок", 200, 230), top=14),
        words(("исполнения", 200, 250), top=20),
        words(("1.", 0, 10), ("Первое", 40, 120), ("Март", 200, 230), top=36),
        words(("2.", 0, 10), ("Второе", 40, 120), ("Май", 200, 230), top=50),
    ]
    classed = classify(first_page, BOUNDARIES, settings)
    assert [t.kind for t in classed] == [CROSS, FIT, SINGLE, FIT, FIT]
    rows = split_rows(classed, BOUNDARIES, settings, numbered=True)
    header = header_texts(rows, BOUNDARIES, settings, numbered=True)
    assert header == {"№ Дело Срок", "исполнения"}
    assert header_texts(rows, BOUNDARIES, settings) == frozenset()  # unnumbered: first row only

    next_page = [
        words(("№", 0, 10), ("Дело", 40, 120), ("Срок", 200, 230), top=0),
        words(("исполнения", 200, 250), top=6),
        words(("квакотрябилки.", 200, 260), top=17),  # the broken row's tail, set close
        words(("3.", 0, 10), ("Третье", 40, 120), ("Июнь", 200, 230), top=30),
    ]
    rows = split_rows(classify(next_page, BOUNDARIES, settings), BOUNDARIES, settings, header, True)
    # the repeated header is one row, the tail another, the next numbered row a third
    assert [[t.index for t in row] for row in rows] == [[0, 1], [2], [3]]


def test_a_body_line_reading_like_a_header_line_does_not_start_a_row():
    settings = PdfSettings()
    header = frozenset({"№ Дело Срок", "исполнения"})
    lines = [
        words(("3.", 0, 10), ("Третье", 40, 120), ("Июнь", 200, 230), top=0),
        words(("исполнения", 40, 100), top=12),  # a cell's line that happens to read as one
        words(("брюкозябры", 40, 100), top=24),
        words(("4.", 0, 10), ("Четвёртое", 40, 120), ("Июль", 200, 230), top=36),
    ]
    rows = split_rows(classify(lines, BOUNDARIES, settings), BOUNDARIES, settings, header, True)
    assert [[t.index for t in row] for row in rows] == [[0, 1, 2], [3]]
