"""The tail of a borderless table's last row alone at the top of the next page joins the
table as a one-row fragment in its columns (made-up pages)."""
from __future__ import annotations

from extract.pdf_settings import PdfSettings
from extract.pdf_stream import StreamContext, find_stream_tables
from extract.pdf_fragment import fragment_table, leading_fragment
from extract.pdf_text import Line, Word

SETTINGS = PdfSettings()
CHAR = 5.0  # width of a character in these made-up lines


def line(*spec: tuple[str, float], top: float, size: float = 9.0) -> Line:
    """A line of segments given as (text, x0); words CHAR wide per character, one space apart."""
    words = []
    for text, x0 in spec:
        for w in text.split():
            words.append(Word(w, x0, top, x0 + CHAR * len(w), top + size, size))
            x0 += CHAR * (len(w) + 1)
    return Line(tuple(words))


def previous_page(last_activity: list[str]) -> tuple[list[Line], object]:
    """A numbered 3-column table whose last row's activity is ``last_activity`` (lines)."""
    spec = []
    for n in (1, 2, 3):
        spec.append([(f"{n}.", 10), ("провести совещание с", 40), ("март", 200)])
        spec.append([("директорами школ", 40)])
    spec.append([("4.", 10), (last_activity[0], 40), ("май", 200)])
    spec += [[(text, 40)] for text in last_activity[1:]]
    lines = [line(*s, top=100 + 11 * i) for i, s in enumerate(spec)]
    tables, _, _ = find_stream_tables(lines, SETTINGS, StreamContext())
    return lines, tables[-1]


def test_a_wrapped_last_row_goes_on_at_the_top_of_the_next_page():
    lines, table = previous_page(["провести совещание с", "руководителями"])
    top = [line(("образовательных", 40), top=60), line(("организаций", 40), top=71),
           line(("Начальник отдела И.И. Иванов", 10), top=120)]
    assert leading_fragment(top, table, lines, SETTINGS) == 2
    fragment = fragment_table(top[:2], table, SETTINGS)
    assert fragment.n_rows == 1 and fragment.col_lines == table.col_lines
    assert [c.text for c in fragment.cells] == ["", "образовательных\nорганизаций", ""]


def test_a_row_ended_short_is_not_continued():
    # «школ» ends well short of the column's edge: the next word would have fitted after it
    lines, table = previous_page(["провести совещание с", "школ"])
    assert leading_fragment([line(("организаций", 40), top=60)], table, lines, SETTINGS) == 0


def test_running_text_across_the_columns_is_not_a_fragment():
    lines, table = previous_page(["провести совещание с", "руководителями"])
    text = line(("Контроль за исполнением настоящего приказа оставляю за собой", 10), top=60)
    assert leading_fragment([text], table, lines, SETTINGS) == 0
